"""What the checker says, in English and Finnish, in words an NGO editor can act on."""
from __future__ import annotations

from typing import Any

LANGS = ("en", "fi")

TYPE_NAMES = {
    "en": {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
           "array": "a list", "object": "a group of fields (lines of `name: value`)", "null": "empty"},
    "fi": {"string": "tekstiä", "integer": "kokonaisluku", "number": "luku", "boolean": "true tai false",
           "array": "lista", "object": "ryhmä kenttiä (rivejä `nimi: arvo`)", "null": "tyhjä"},
}

MESSAGES: dict[str, dict[str, str]] = {
    # Files and folders
    "file-missing": {
        "en": "this file is missing; the site needs it",
        "fi": "tiedosto puuttuu; sivusto tarvitsee sen"},
    "folder-missing": {
        "en": "this folder is missing; create it (it may be empty)",
        "fi": "kansio puuttuu; luo se (se voi olla tyhjä)"},
    "file-too-large": {
        "en": "the file is {size} bytes; files may be at most {limit} bytes — is something pasted twice?",
        "fi": "tiedosto on {size} tavua; enintään {limit} tavua on sallittu — onko jotain liitetty kahdesti?"},
    "file-not-utf8": {
        "en": "the file is not saved as UTF-8 (the text encoding is wrong here); save it as UTF-8",
        "fi": "tiedostoa ei ole tallennettu UTF-8-muodossa (merkistö on väärä tässä kohdassa); tallenna se UTF-8-muodossa"},
    "file-empty": {
        "en": "the file is empty; write at least `name:` and `status:`",
        "fi": "tiedosto on tyhjä; kirjoita vähintään `name:` ja `status:`"},
    "file-not-mapping": {
        "en": "the file should be a list of fields (`name: value` lines starting at the left edge), not a single value or list",
        "fi": "tiedoston pitää koostua kentistä (rivejä `nimi: arvo` rivin alusta alkaen), ei yksittäisestä arvosta tai listasta"},
    "file-wrong-extension": {
        "en": "only files ending in .yaml are read; rename this file to `{suggestion}`",
        "fi": "vain .yaml-päätteiset tiedostot luetaan; nimeä tiedosto uudelleen: `{suggestion}`"},
    "file-not-yaml": {
        "en": "this folder may only hold .yaml files; move or delete this file",
        "fi": "tässä kansiossa saa olla vain .yaml-tiedostoja; siirrä tai poista tämä tiedosto"},
    "file-bad-name": {
        "en": "the file name may only have lower-case letters a–z, digits and hyphens; rename it to `{suggestion}`",
        "fi": "tiedoston nimessä saa olla vain pieniä kirjaimia a–z, numeroita ja väliviivoja; nimeä se: `{suggestion}`"},
    "file-not-regular": {
        "en": "this is not a plain file (a link, a device or a folder); only ordinary .yaml files inside the content folder are read — replace it with a copy of the file",
        "fi": "tämä ei ole tavallinen tiedosto (linkki, laite tai kansio); vain sisältökansion tavallisia .yaml-tiedostoja luetaan — korvaa se tiedoston kopiolla"},
    "folder-not-regular": {
        "en": "this folder is a link to somewhere else; content must be inside the content folder — replace the link with a real folder",
        "fi": "tämä kansio on linkki muualle; sisällön pitää olla sisältökansiossa — korvaa linkki oikealla kansiolla"},
    # Text in any field
    "text-newline": {
        "en": "{field} must be on one line; remove the line break (only long texts, such as descriptions, may have several lines)",
        "fi": "{field} pitää kirjoittaa yhdelle riville; poista rivinvaihto (vain pitkissä teksteissä, kuten kuvauksissa, saa olla useita rivejä)"},
    "text-control": {
        "en": "{field} contains an invisible control character ({char}); delete it (it often comes with text pasted from another program)",
        "fi": "{field} sisältää näkymättömän ohjausmerkin ({char}); poista se (se tulee usein toisesta ohjelmasta liitetyn tekstin mukana)"},
    "text-bidi": {
        "en": "{field} contains a character that reverses the direction of text ({char}); delete it",
        "fi": "{field} sisältää merkin, joka kääntää tekstin suunnan ({char}); poista se"},
    "text-invisible": {
        "en": "{field} contains an invisible character ({char}); delete it, so the text reads as it looks",
        "fi": "{field} sisältää näkymättömän merkin ({char}); poista se, jotta teksti on sitä miltä näyttää"},
    "text-too-long": {
        "en": "{field} is {size} characters long; at most {limit} are allowed — shorten it",
        "fi": "{field} on {size} merkkiä pitkä; enintään {limit} on sallittu — lyhennä sitä"},
    # YAML syntax
    "yaml-two-documents": {
        "en": "a second document starts here (`---`); one file holds one organisation or network — remove the `---` line",
        "fi": "tästä alkaa toinen dokumentti (`---`); yhdessä tiedostossa on yksi organisaatio tai verkosto — poista `---`-rivi"},
    "yaml-alias": {
        "en": "`*{name}` refers to another part of the file; write the value out in full instead",
        "fi": "`*{name}` viittaa toiseen kohtaan tiedostossa; kirjoita arvo tähän kokonaan"},
    "yaml-anchor": {
        "en": "`&{name}` marks (anchors) are not used here; remove `&{name}`",
        "fi": "`&{name}`-merkintöjä (ankkureita) ei käytetä; poista `&{name}`"},
    "yaml-tag": {
        "en": "the `{tag}` marking is not used here; remove it (put text in quotes instead)",
        "fi": "`{tag}`-merkintää ei käytetä; poista se (laita teksti lainausmerkkeihin)"},
    "yaml-complex-key": {
        "en": "a field name must be a single word before a colon, like `name:`",
        "fi": "kentän nimen pitää olla yksi sana ennen kaksoispistettä, kuten `name:`"},
    "yaml-key-not-text": {
        "en": "`{key}` is not a field name; field names are words like `name` or `themes`",
        "fi": "`{key}` ei ole kentän nimi; kenttien nimet ovat sanoja, kuten `name` tai `themes`"},
    "yaml-duplicate-key": {
        "en": "`{key}` appears twice (first on line {first_line}); keep only one of them",
        "fi": "`{key}` on kahdesti (ensin rivillä {first_line}); jätä vain toinen"},
    "yaml-too-deep": {
        "en": "the text is indented more than {limit} levels deep; check the indentation",
        "fi": "sisennyksiä on yli {limit} tasoa; tarkista sisennykset"},
    "yaml-tab": {
        "en": "there is a tab character here; indent with spaces only",
        "fi": "tässä on sarkainmerkki (tab); sisennä vain välilyönneillä"},
    "yaml-bad-start": {
        "en": "a value cannot start with `{char}`; put the whole value in double quotes, like \"{char}…\"",
        "fi": "arvo ei voi alkaa merkillä `{char}`; laita koko arvo lainausmerkkeihin, esim. \"{char}…\""},
    "yaml-colon-in-value": {
        "en": "there is a colon followed by a space inside a value, or the indentation is off; if the text has a colon, put the whole text in double quotes",
        "fi": "arvon sisällä on kaksoispiste ja välilyönti, tai sisennys on pielessä; jos tekstissä on kaksoispiste, laita koko teksti lainausmerkkeihin"},
    "yaml-missing-colon": {
        "en": "this line has no colon after the field name (write `name: value`), or a quoted text continues on the next line",
        "fi": "riviltä puuttuu kaksoispiste kentän nimen jälkeen (kirjoita `nimi: arvo`), tai lainausmerkeissä oleva teksti jatkuu seuraavalle riville"},
    "yaml-unclosed-quote": {
        "en": "a quotation mark opened here is never closed; add the closing quote",
        "fi": "tässä alkavaa lainausmerkkiä ei ole suljettu; lisää loppulainausmerkki"},
    "yaml-escape": {
        "en": "a backslash `\\` inside double quotes starts a special code; use single quotes or write `\\\\`",
        "fi": "kenoviiva `\\` lainausmerkeissä aloittaa erikoiskoodin; käytä heittomerkkejä tai kirjoita `\\\\`"},
    "yaml-list-indent": {
        "en": "the list items here are not lined up; start each item with `- ` at the same indentation",
        "fi": "listan kohdat eivät ole samassa linjassa; aloita jokainen kohta `- `-merkillä samalla sisennyksellä"},
    "yaml-indent": {
        "en": "the indentation here does not match the lines above; line up fields at the same level with the same number of spaces",
        "fi": "sisennys ei täsmää yllä oleviin riveihin; saman tason kentät alkavat samalla määrällä välilyöntejä"},
    "yaml-missing-value": {
        "en": "a value is missing here; write a value after the colon or the `- `",
        "fi": "arvo puuttuu; kirjoita arvo kaksoispisteen tai `- `-merkin jälkeen"},
    "yaml-control-character": {
        "en": "the file has an invisible control character ({code_point}); delete it (it often comes with copy-paste)",
        "fi": "tiedostossa on näkymätön ohjausmerkki ({code_point}); poista se (se tulee usein kopioinnin mukana)"},
    "yaml-syntax": {
        "en": "the file's structure is broken here ({detail}); check the indentation, colons and quotes",
        "fi": "tiedoston rakenne on rikki tässä ({detail}); tarkista sisennykset, kaksoispisteet ja lainausmerkit"},
    # Shape (schema)
    "unknown-field": {
        "en": "{field} is not a field here — did you mean `{suggestion}`?",
        "fi": "{field} ei ole kenttä tässä — tarkoititko `{suggestion}`?"},
    "unknown-field-no-suggestion": {
        "en": "{field} is not a field here; the fields are: {allowed}",
        "fi": "{field} ei ole kenttä tässä; kentät ovat: {allowed}"},
    "unknown-field-no-value": {
        "en": "`{key}` looks like a piece of text, not a field; a comma inside {{ }} starts a new field — put the whole text in double quotes",
        "fi": "`{key}` näyttää tekstin palalta eikä kentältä; pilkku {{ }}-sulkeissa aloittaa uuden kentän — laita koko teksti lainausmerkkeihin"},
    "missing-field": {
        "en": "{field} is missing; add it",
        "fi": "{field} puuttuu; lisää se"},
    "several-required-when-active": {
        "en": "these fields are missing: {fields}; an `active` profile needs them (or keep `status: listed` until they are filled in)",
        "fi": "nämä kentät puuttuvat: {fields}; `active`-profiili tarvitsee ne (tai pidä `status: listed`, kunnes ne on täytetty)"},
    "required-when-active": {
        "en": "{field} is missing; it is needed when status is `active`",
        "fi": "{field} puuttuu; se tarvitaan, kun status on `active`"},
    "empty-value": {
        "en": "{field} is empty; write a value or delete the line",
        "fi": "{field} on tyhjä; kirjoita arvo tai poista rivi"},
    "number-not-text": {
        "en": "{field} should be text; put it in quotes: \"{value}\"",
        "fi": "{field} pitää kirjoittaa tekstinä; laita se lainausmerkkeihin: \"{value}\""},
    "not-boolean": {
        "en": "{field} should be `true` or `false`, not `{value}`",
        "fi": "{field} pitää olla `true` (kyllä) tai `false` (ei), ei `{value}`"},
    "wrong-type-list": {
        "en": "{field} should be a list: put each item on its own line starting with `- `, or write [a, b]; here it is {found}",
        "fi": "{field} pitää olla lista: kukin kohta omalle rivilleen alkaen `- `, tai [a, b]; tässä on {found}"},
    "surrounding-space": {
        "en": "{field} has a space at the start or the end; write it as \"{value}\"",
        "fi": "{field} alussa tai lopussa on välilyönti; kirjoita \"{value}\""},
    "two-items-in-one": {
        "en": "`{value}` reads as one value, not two: put each `- ` item on its own line at the same indentation",
        "fi": "`{value}` luetaan yhdeksi arvoksi: aloita jokainen `- `-kohta omalta riviltään samalla sisennyksellä"},
    "wrong-type-text": {
        "en": "{field} should be text (or a text for each language under `fi:`, `sv:`, `en:`), but here it is {found}",
        "fi": "{field} pitää olla tekstiä (tai teksti kullekin kielelle `fi:`, `sv:`, `en:` alle), mutta tässä on {found}"},
    "wrong-type": {
        "en": "{field} should be {expected}, but here it is {found}",
        "fi": "{field} pitää olla {expected}, mutta tässä on {found}"},
    "not-in-list": {
        "en": "`{value}` is not allowed for {field} — did you mean `{suggestion}`? Use one of: {allowed}",
        "fi": "`{value}` ei käy kenttään {field} — tarkoititko `{suggestion}`? Käytä jotakin näistä: {allowed}"},
    "not-in-list-no-suggestion": {
        "en": "`{value}` is not allowed for {field}; use one of: {allowed}",
        "fi": "`{value}` ei käy kenttään {field}; käytä jotakin näistä: {allowed}"},
    "bad-email": {
        "en": "`{value}` is not an e-mail address; write it like name@example.org",
        "fi": "`{value}` ei ole sähköpostiosoite; kirjoita muodossa nimi@esimerkki.fi"},
    "bad-http-url": {
        "en": "`{value}` is not a web address; write the full address starting with https://",
        "fi": "`{value}` ei ole verkko-osoite; kirjoita koko osoite alkaen https://"},
    "bad-phone": {
        "en": "`{value}` is not a valid phone number; write only the number, like \"09 123 4567\" or \"+358 40 123 4567\" "
              "(digits, spaces, + ( ) - and an extension such as \"ext. 12\")",
        "fi": "`{value}` ei ole kelvollinen puhelinnumero; kirjoita vain numero, esim. \"09 123 4567\" tai \"+358 40 123 4567\" "
              "(numerot, välilyönnit, + ( ) - ja alanumero kuten \"ext. 12\")"},
    "bad-y-tunnus": {
        "en": "`{value}` is not a valid business id (Y-tunnus): write it as 1234567-8 and check the digits against the trade register",
        "fi": "`{value}` ei ole kelvollinen Y-tunnus: kirjoita muodossa 1234567-8 ja tarkista numerot kaupparekisteristä"},
    "bad-date": {
        "en": "`{value}` is not a real date; write it as YYYY-MM-DD, e.g. 2026-03-31",
        "fi": "`{value}` ei ole oikea päivämäärä; kirjoita muodossa VVVV-KK-PP, esim. 2026-03-31"},
    "finnish-date": {
        "en": "write the date `{value}` as YYYY-MM-DD: `{suggestion}`",
        "fi": "kirjoita päivämäärä `{value}` muodossa VVVV-KK-PP: `{suggestion}`"},
    "bad-time": {
        "en": "`{value}` is not a time; write it as HH:MM, e.g. \"09:30\"",
        "fi": "`{value}` ei ole kellonaika; kirjoita muodossa TT:MM, esim. \"09:30\""},
    "bad-slug": {
        "en": "`{value}` is not a valid id; use lower-case letters a–z, digits and hyphens, like `{suggestion}`",
        "fi": "`{value}` ei ole kelvollinen tunniste; käytä pieniä kirjaimia a–z, numeroita ja väliviivoja, esim. `{suggestion}`"},
    "bad-postal-code": {
        "en": "`{value}` is not a postal code; write five digits in quotes, e.g. \"00100\"",
        "fi": "`{value}` ei ole postinumero; kirjoita viisi numeroa lainausmerkeissä, esim. \"00100\""},
    "bad-pattern": {
        "en": "`{value}` is not in the right form for {field}",
        "fi": "`{value}` ei ole oikeassa muodossa kenttään {field}"},
    "too-long": {
        "en": "{field} is {length} characters long; keep it to at most {limit}",
        "fi": "{field} on {length} merkkiä pitkä; enintään {limit} merkkiä on sallittu"},
    "too-few-items": {
        "en": "{field} needs at least {limit} item(s)",
        "fi": "{field} tarvitsee vähintään {limit} kohtaa"},
    "duplicate-item": {
        "en": "`{value}` is listed twice in {field}; keep it once",
        "fi": "`{value}` on kahdesti kentässä {field}; jätä se yhteen kertaan"},
    "too-small": {
        "en": "{field} is {value}; it must be at least {limit}",
        "fi": "{field} on {value}; sen pitää olla vähintään {limit}"},
    "too-large": {
        "en": "{field} is {value}; it must be at most {limit}",
        "fi": "{field} on {value}; se saa olla enintään {limit}"},
    "must-be": {
        "en": "{field} must be `{value}`",
        "fi": "{field} pitää olla `{value}`"},
    "schema-other": {
        "en": "{field}: {detail}",
        "fi": "{field}: {detail}"},
    # Across files
    "unknown-id": {
        "en": "`{value}` is not one of the {vocab} — did you mean `{suggestion}`? Use one of {allowed}",
        "fi": "`{value}` ei ole sanastossa {vocab} — tarkoititko `{suggestion}`? Käytä {allowed}"},
    "unknown-id-no-suggestion": {
        "en": "`{value}` is not one of the {vocab}; use one of {allowed}",
        "fi": "`{value}` ei ole sanastossa {vocab}; käytä {allowed}"},
    "unknown-organization": {
        "en": "there is no organisation `{value}` (no file content/organizations/{value}.yaml) — did you mean `{suggestion}`?",
        "fi": "organisaatiota `{value}` ei ole (tiedostoa content/organizations/{value}.yaml ei ole) — tarkoititko `{suggestion}`?"},
    "unknown-organization-no-suggestion": {
        "en": "there is no organisation `{value}` (no file content/organizations/{value}.yaml); use the file name without .yaml",
        "fi": "organisaatiota `{value}` ei ole (tiedostoa content/organizations/{value}.yaml ei ole); käytä tiedoston nimeä ilman .yaml-päätettä"},
    "unknown-network": {
        "en": "there is no network `{value}` (no file content/networks/{value}.yaml) — did you mean `{suggestion}`?",
        "fi": "verkostoa `{value}` ei ole (tiedostoa content/networks/{value}.yaml ei ole) — tarkoititko `{suggestion}`?"},
    "unknown-network-no-suggestion": {
        "en": "there is no network `{value}` (no file content/networks/{value}.yaml); use the file name without .yaml",
        "fi": "verkostoa `{value}` ei ole (tiedostoa content/networks/{value}.yaml ei ole); käytä tiedoston nimeä ilman .yaml-päätettä"},
    "ages-reversed": {
        "en": "the highest age ({high}) is lower than the lowest age ({low}); swap them",
        "fi": "ylin ikä ({high}) on pienempi kuin alin ikä ({low}); vaihda ne päittäin"},
    "web-facts-when-unsure": {
        "en": "this page is recorded with facts, but `result` is `{result}`: when the pages are not found or the identity is unsure, record only `url` and `read` (and say why in `note`), or set `result: found`",
        "fi": "sivulle on kirjattu tietoja, vaikka `result` on `{result}`: kun sivuja ei löytynyt tai järjestön henkilöllisyys on epävarma, kirjaa vain `url` ja `read` (ja syy kohtaan `note`), tai aseta `result: found`"},
    "web-found-without-facts": {
        "en": "`result: found` but no page gives a fact; add what a page says (website, phones, emails, …) or set `result: not-found` with a `note`",
        "fi": "`result: found`, mutta millään sivulla ei ole tietoja; kirjaa, mitä sivu kertoo (website, phones, emails, …), tai aseta `result: not-found` ja `note`"},
    "web-fact-twice": {
        "en": "`{kind}` is already given on page {first}; keep one (if the pages disagree, leave it out and say so in `note`)",
        "fi": "`{kind}` on jo annettu sivulla {first}; pidä yksi (jos sivut ovat eri mieltä, jätä tieto pois ja kerro siitä kohdassa `note`)"},
    "web-page-elsewhere": {
        "en": "`{value}` is not on the organisation's own site ({site}); facts may come only from its own pages: remove this page, or set `result: unsure` with a `note` if you cannot tell which site is its own",
        "fi": "`{value}` ei ole järjestön omalla sivustolla ({site}); tiedot saa ottaa vain sen omilta sivuilta: poista sivu, tai aseta `result: unsure` ja `note`, jos et voi tietää, mikä sivusto on sen oma"},
    "web-email-personal": {
        "en": "`{value}` looks like a person's own address; record only general addresses (e.g. info@, toimisto@), never staff's",
        "fi": "`{value}` näyttää henkilön omalta osoitteelta; kirjaa vain yleisiä osoitteita (esim. info@, toimisto@), ei työntekijöiden"},
    "parent-self": {
        "en": "a network cannot be its own `parent`; name the network this one works under, or delete the line",
        "fi": "verkosto ei voi olla oma `parent`; kirjoita verkosto, jonka alla tämä toimii, tai poista rivi"},
    "item-key-twice": {
        "en": "this is the same as item {first} of `{list}` (`{value}`); give one of them its own `id:` (e.g. `id: {value}-2`) so the open data can tell them apart",
        "fi": "tämä on sama kuin listan `{list}` kohta {first} (`{value}`); anna toiselle oma `id:` (esim. `id: {value}-2`), jotta avoin data erottaa ne"},
    "proposed-by-self": {
        "en": "a network cannot recommend itself in `proposed_by`; name the network that recommends this one, or delete the line",
        "fi": "verkosto ei voi suositella itseään (`proposed_by`); kirjoita verkosto, joka suosittelee tätä, tai poista rivi"},
    "network-unconfirmed": {
        "en": "an active network needs `reviewed:` (the date a coordinator confirmed the details) or, until then, `source:` (where the text comes from)",
        "fi": "toiminnassa olevalla verkostolla pitää olla `reviewed:` (päivä, jona koordinaattori vahvisti tiedot) tai sitä ennen `source:` (mistä tekstit ovat peräisin)"},
    "parent-cycle": {
        "en": "the `parent` links go round in a circle ({chain}); one of these networks must have no parent or another one",
        "fi": "`parent`-linkit kiertävät kehää ({chain}); jollakin näistä ei saa olla tätä parentia"},
    "contact-not-in-organization": {
        "en": "`{value}` is not one of the contact persons of `{organization}` ({allowed}); check the spelling",
        "fi": "`{value}` ei ole organisaation `{organization}` yhteyshenkilö ({allowed}); tarkista kirjoitusasu"},
    "member-org-or-body": {
        "en": "a member needs either `organization` (a file id) or `body` (a name of a member outside the directory), not both and not neither",
        "fi": "jäsenellä pitää olla joko `organization` (tiedoston tunniste) tai `body` (hakemiston ulkopuolisen jäsenen nimi), ei molempia eikä kumpaakaan puuttumaan"},
    "member-twice": {
        "en": "`{value}` is already a member (member {first}); list each organisation and person once",
        "fi": "`{value}` on jo jäsen (jäsen {first}); merkitse kukin organisaatio ja henkilö kerran"},
    "until-before-since": {
        "en": "`until` ({until}) is before `since` ({since})",
        "fi": "`until` ({until}) on ennen `since`-päivää ({since})"},
    "meeting-id-twice": {
        "en": "the meeting id `{value}` is already used by meeting {first}; give each meeting its own id",
        "fi": "kokouksen tunniste `{value}` on jo kokouksella {first}; anna jokaiselle kokoukselle oma tunniste"},
    "end-before-start": {
        "en": "the meeting ends ({end}) before it starts ({start}); check the times",
        "fi": "kokous päättyy ({end}) ennen kuin alkaa ({start}); tarkista kellonajat"},
    "end-without-start": {
        "en": "the meeting has an `end` but no `start`; add the start time",
        "fi": "kokouksella on `end` mutta ei `start`-aikaa; lisää alkamisaika"},
    "same-name": {
        "en": "another file, {other}, already has the name \"{value}\"; one organisation has one file",
        "fi": "toisella tiedostolla, {other}, on jo nimi \"{value}\"; yhdellä organisaatiolla on yksi tiedosto"},
    "area-kind-missing": {
        "en": "area `{value}` has no `kind` (region, national, online, service-area or municipality)",
        "fi": "alueelta `{value}` puuttuu `kind` (region, national, online, service-area tai municipality)"},
    "area-unknown-municipality": {
        "en": "service area `{area}` lists `{value}`, which is not a municipality in this file",
        "fi": "alue `{area}` mainitsee kunnan `{value}`, jota ei ole tässä tiedostossa kuntana"},
    # Summaries
    "summary-problems": {
        "en": "{count} problem(s) found; nothing was built. Fix them and run the check again.",
        "fi": "{count} ongelma(a) löytyi; mitään ei rakennettu. Korjaa ne ja aja tarkistus uudelleen."},
    "summary-ok": {
        "en": "All good: {organizations} organisations and {networks} networks checked, no problems.",
        "fi": "Kaikki kunnossa: {organizations} organisaatiota ja {networks} verkostoa tarkistettu, ei ongelmia."},
}

_VOCAB_NAMES = {
    "en": {"themes": "themes", "areas": "areas", "target-groups": "target groups", "languages": "languages",
           "activity-formats": "activity formats", "member-roles": "member roles",
           "meeting-kinds": "meeting kinds", "network-kinds": "network kinds"},
    "fi": {"themes": "teemat", "areas": "alueet", "target-groups": "kohderyhmät", "languages": "kielet",
           "activity-formats": "toimintamuodot", "member-roles": "jäsenroolit",
           "meeting-kinds": "kokouslajit", "network-kinds": "verkostolajit"},
}
_SEE_FILE = {"en": "the ids in content/{vocab}.yaml", "fi": "jotakin tiedoston content/{vocab}.yaml tunnistetta"}
_LISTED = {"en": "these: {allowed}", "fi": "jotakin näistä: {allowed}"}


def describe_field(path: tuple[Any, ...], lang: str) -> str:
    """A field's place in words: "`email` (contacts, item 2)"; "the file" for the top level."""
    if not path:
        return "tiedosto" if lang == "fi" else "the file"
    item = "kohta" if lang == "fi" else "item"
    words = [f"{item} {p + 1}" if isinstance(p, int) else str(p) for p in path]
    last, context = words[-1], words[:-1]
    if isinstance(path[-1], int):
        return f"{item} {path[-1] + 1} ({', '.join(context)})" if context else last
    head = f"`{last}`"
    return f"{head} ({', '.join(context)})" if context else head


def render_message(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """Fill a message template in `lang`, picking the variant without a suggestion when none."""
    lang = lang if lang in LANGS else "en"
    if params.get("suggestion") == "" and f"{code}-no-suggestion" in MESSAGES:
        code = f"{code}-no-suggestion"
    values = dict(params)
    if "field" in values:
        values["field"] = describe_field(tuple(values["field"]), lang)
    if "expected" in values:
        joiner = " tai " if lang == "fi" else " or "
        values["expected"] = joiner.join(TYPE_NAMES[lang].get(t, t) for t in values["expected"])
    if "found" in values:
        values["found"] = TYPE_NAMES[lang].get(values["found"], values["found"])
    if "vocab" in values:
        template = _LISTED if values.get("allowed") else _SEE_FILE
        values["allowed"] = template[lang].format(**values)
        values["vocab"] = _VOCAB_NAMES[lang].get(values["vocab"], values["vocab"])
    template = MESSAGES[code][lang]
    return template.format(**values)
