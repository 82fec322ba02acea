"""The way in for organisations: a GitHub issue form, made from the vocabularies, and the command
that turns a submitted form into a change of one organisation's YAML file.

The form is the same for every organisation; the link on a profile fills in the organisation's id
and name. A submitted issue body (untrusted text, as GitHub renders the form: `### Label`, the
value, `_No response_` for an empty field, `- [X]` for a ticked box) is read field by field, each
value is checked with a message the sender can act on, and only then is the organisation's file
written: fields the form covers are set, everything else in the file (comments too) is kept, and
the whole content is checked as `make check` does. Nothing else is ever written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml

from . import yamledit
from .check import change_file, check
from .content import VOCABULARIES, Content
from .schema import is_email, is_http_url, normalise_phone
from .slug import SLUG, slugify
from .textrules import skeleton

FORM_FILE = "jarjeston-tiedot.yml"
LABEL = "jarjeston-tiedot"
LANGS = ("fi", "sv", "en")
NO_RESPONSE = "_No response_"
MAX_FIELD = 5000
"""The longest value any one field of the form may hold (characters)."""
MAX_BODY = 65_536
"""The longest issue body read (characters): as long as GitHub lets an issue be."""
NAME_LIMIT = 200
"""The longest name the form takes (characters)."""
CONFIRMATION_ONLY = "vain vahvistus: tiedot ennallaan (confirmation only: no details changed)"
LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")
"""A GitHub login, as the workflow passes the issue's author."""


@dataclass(frozen=True)
class Field:
    """One field of the form: its id (also the URL parameter that fills it in), kind, and labels."""

    id: str
    kind: str  # input, textarea, dropdown, checkboxes
    label: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    vocabulary: str = ""
    options: tuple[dict[str, str], ...] = ()
    required: bool = False

    def title(self) -> str:
        """The label GitHub shows and writes above the value: Finnish, then Swedish and English."""
        return f"{self.label['fi']} ({self.label['sv']} / {self.label['en']})"


def _t(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


FIELDS = (
    Field("kieli", "dropdown", _t("Vastausten kieli", "Språk för svaren", "Language for replies"),
          options=(_t("suomi", "suomi", "suomi"), _t("svenska", "svenska", "svenska"), _t("English", "English", "English"))),
    Field("tunniste", "input", _t("Järjestön tunniste hakemistossa", "Organisationens id i katalogen", "The organisation's id in the directory"),
          _t("Täyttyy itsestään, kun avaat lomakkeen järjestön sivulta. Jätä tyhjäksi, jos järjestö on uusi hakemistossa.",
             "Fylls i automatiskt från organisationens sida. Lämna tomt för en ny organisation.",
             "Filled in when you open the form from the organisation's page. Leave empty for a new organisation.")),
    Field("nimi", "input", _t("Järjestön nimi", "Organisationens namn", "Name of the organisation"),
          _t("Virallinen nimi suomeksi.", "Det officiella namnet på finska.", "The official name in Finnish."), required=True),
    Field("yhteenveto", "input", _t("Yksi virke: miten järjestö tukee perheitä", "En mening: hur organisationen stöder familjer",
                                    "One sentence: how the organisation supports families"),
          _t("Enintään 200 merkkiä. Näkyy listoissa ja hakutuloksissa.", "Högst 200 tecken. Visas i listor och sökresultat.",
             "At most 200 characters. Shown in lists and search results.")),
    Field("kuvaus", "textarea", _t("Mitä järjestö tarjoaa perheille", "Vad organisationen erbjuder familjer", "What the organisation offers families"),
          _t("Toiminta, ryhmät, neuvonta, tapahtumat.", "Verksamhet, grupper, rådgivning, evenemang.", "Activities, groups, counselling, events.")),
    Field("teemat", "checkboxes", _t("Teemat", "Teman", "Themes"), vocabulary="themes"),
    Field("alueet", "checkboxes", _t("Missä järjestö toimii", "Var organisationen verkar", "Where the organisation works"),
          _t("Valitse kunnat, hyvinvointialue tai koko Uusimaa.", "Välj kommuner, välfärdsområde eller hela Nyland.",
             "Choose municipalities, a wellbeing services county or all of Uusimaa."), vocabulary="areas"),
    Field("kielet", "checkboxes", _t("Kielet, joilla perheitä palvellaan", "Språk som familjer betjänas på", "Languages families are served in"),
          vocabulary="languages"),
    Field("kohderyhmat", "checkboxes", _t("Kenelle", "För vem", "For whom"), vocabulary="target-groups"),
    Field("iat", "input", _t("Lasten ikä vuosina", "Barnens ålder i år", "Children's ages in years"),
          _t("Esimerkiksi 0–6 tai 13–17. Jätä tyhjäksi, jos ikä ei rajaa.", "Till exempel 0–6 eller 13–17.", "For example 0–6 or 13–17.")),
    Field("ohjaus", "dropdown", _t("Miten perhe pääsee mukaan", "Hur familjen kommer med", "How a family gets in"),
          options=(_t("Perhe voi ottaa yhteyttä itse", "Familjen kan ta kontakt själv", "The family can contact us directly"),
                   _t("Tarvitaan ammattilaisen ohjaus", "Det behövs en hänvisning från en yrkesperson", "A referral from a professional is needed"))),
    Field("ohjeet", "textarea", _t("Näin perhekeskuksen työntekijä ohjaa perheen teille", "Så hänvisar familjecentrets personal en familj till er",
                                   "How a family centre worker refers a family to you"),
          _t("Mitä tehdä, mitä kertoa perheelle, maksaako toiminta, jonotusaika.", "Vad man gör, vad man berättar för familjen, kostnad, väntetid.",
             "What to do, what to tell the family, what it costs, waiting times.")),
    Field("puhelin", "input", _t("Puhelin", "Telefon", "Phone"), _t("Esimerkiksi 09 123 4567.", "Till exempel 09 123 4567.", "For example 09 123 4567.")),
    Field("sahkoposti", "input", _t("Sähköposti", "E-post", "E-mail")),
    Field("verkkosivu", "input", _t("Verkkosivu", "Webbplats", "Website"), _t("Alkaa https://", "Börjar med https://", "Starts with https://")),
    Field("henkilo", "input", _t("Yhteyshenkilön nimi", "Kontaktpersonens namn", "Contact person's name"),
          _t("Vain henkilö, joka on antanut luvan julkaista tietonsa.", "Endast en person som har gett lov att publicera sina uppgifter.",
             "Only a person who has agreed to have their details published.")),
    Field("henkilo_tehtava", "input", _t("Yhteyshenkilön tehtävänimike", "Kontaktpersonens befattning", "Contact person's job title")),
    Field("henkilo_vastuut", "textarea", _t("Missä asioissa yhteyshenkilöön otetaan yhteyttä", "I vilka frågor man kontaktar kontaktpersonen",
                                            "What to contact this person about")),
    Field("henkilo_sahkoposti", "input", _t("Yhteyshenkilön sähköposti", "Kontaktpersonens e-post", "Contact person's e-mail")),
    Field("henkilo_puhelin", "input", _t("Yhteyshenkilön puhelin", "Kontaktpersonens telefon", "Contact person's phone")),
    Field("vahvistus", "checkboxes", _t("Vahvistus", "Bekräftelse", "Confirmation"), required=True,
          options=(_t("Edustan järjestöä, ja tiedot saa julkaista hakemistossa.", "Jag representerar organisationen, och uppgifterna får publiceras i katalogen.",
                      "I represent the organisation, and these details may be published in the directory."),)),
)
BY_ID = {f.id: f for f in FIELDS}

INTRO = _t(
    "Näillä tiedoilla perhekeskusten työntekijät löytävät järjestönne ja osaavat ohjata perheitä teille. "
    "Lomakkeesta tehdään muutosehdotus, jonka verkoston koordinaattorit tarkistavat ennen julkaisua. "
    "Täytä, mitä tiedät; tyhjät kentät eivät muuta olemassa olevia tietoja.",
    "Med de här uppgifterna hittar familjecentrens personal er organisation och kan hänvisa familjer till er. "
    "Formuläret blir ett ändringsförslag som nätverkets koordinatorer granskar innan det publiceras. Tomma fält ändrar inget.",
    "With these details family centre workers find your organisation and can refer families to you. The form "
    "becomes a proposed change that the network's coordinators review before it is published. Empty fields change nothing.")


# ----------------------------------------------------------------------------- the form


def option_label(entry: dict[str, Any]) -> str:
    """A vocabulary entry as a checkbox: the Finnish label, then the Swedish and English ones."""
    others = [entry.get(lang) for lang in ("sv", "en") if entry.get(lang) and entry.get(lang) != entry["fi"]]
    return f"{entry['fi']} ({' / '.join(others)})" if others else entry["fi"]


def choices(content: Content, item: Field) -> list[tuple[str, str]]:
    """(value, label) of each option of a dropdown or checkbox field."""
    if item.vocabulary:
        return [(key, option_label(entry)) for key, entry in content.vocab[item.vocabulary].items()]
    return [(str(i), option["fi"] if option["fi"] == option["en"] else f"{option['fi']} ({option['sv']} / {option['en']})")
            for i, option in enumerate(item.options)]


def issue_form(content: Content) -> dict[str, Any]:
    """The GitHub issue form, its checkbox labels taken from the vocabularies."""
    intro = "\n\n".join([INTRO["fi"], *(f"*{INTRO[lang]}*" for lang in ("sv", "en"))])
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": intro}}]
    for item in FIELDS:
        attributes: dict[str, Any] = {"label": item.title()}
        if item.help:
            attributes["description"] = f"{item.help['fi']} — {item.help['sv']} — {item.help['en']}"
        if item.kind == "dropdown":
            attributes["options"] = [label for _value, label in choices(content, item)]
            if item.id == "kieli":
                attributes["default"] = 0
        if item.kind == "checkboxes":
            attributes["options"] = [{"label": label, **({"required": True} if item.required else {})}
                                     for _value, label in choices(content, item)]
        entry: dict[str, Any] = {"type": item.kind, "id": item.id, "attributes": attributes}
        if item.required and item.kind != "checkboxes":
            entry["validations"] = {"required": True}
        body.append(entry)
    return {
        "name": "Järjestön tiedot (Organisationens uppgifter / Organisation details)",
        "description": "Täydennä tai päivitä järjestön tiedot hakemistoon. — Fyll i eller uppdatera. — Fill in or update your organisation's details.",
        "title": "Järjestön tiedot: ",
        "labels": [LABEL],
        "body": body,
    }


def form_text(content: Content) -> str:
    """The form as YAML, as written to .github/ISSUE_TEMPLATE/."""
    header = ("# Generated by `build.py form` from the vocabularies in content/: do not edit by hand.\n"
              "# Tehty sanastoista komennolla `build.py form`: älä muokkaa käsin.\n")
    return header + yaml.safe_dump(issue_form(content), allow_unicode=True, sort_keys=False, width=100)


def fill_in_link(repository: str, slug: str = "", name: str = "") -> str:
    """The address that opens the form with an organisation's id and name filled in."""
    query = {"template": FORM_FILE, "labels": LABEL, "title": f"Järjestön tiedot: {name}".strip()}
    if slug:
        query["tunniste"] = slug
    if name:
        query["nimi"] = name
    return f"{repository}/issues/new?{urlencode(query)}"


def mail_link(address: str, slug: str = "", name: str = "") -> str:
    """A `mailto:` link to the coordinators with the form's questions as a plain-text template."""
    lines = [f"{BY_ID['nimi'].title()}: {name}"] + ([f"{BY_ID['tunniste'].title()}: {slug}"] if slug else [])
    lines += [f"{item.title()}: " for item in FIELDS if item.id not in ("kieli", "tunniste", "nimi", "vahvistus")]
    lines.append(BY_ID["vahvistus"].options[0]["fi"])
    subject = f"Järjestön tiedot: {name}".strip()
    return f"mailto:{address}?{urlencode({'subject': subject, 'body': chr(10).join(lines)}, quote_via=quote)}"


# ----------------------------------------------------------------------------- reading a submitted form


def parse_body(body: str, titles: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """The sections of an issue form body by heading (`### Label` followed by the value), and the
    headings that came twice or out of order. Only the form's own headings, in the form's order, open
    a section: any other line, one starting with `### ` too, belongs to the value above it."""
    order = {title: i for i, title in enumerate(titles)}
    sections: dict[str, list[str]] = {}
    misplaced: list[str] = []
    current: list[str] | None = None
    last = -1
    for line in body.replace("\r\n", "\n").split("\n"):
        title = line[4:].strip() if line.startswith("### ") else None
        if title in order:
            if title in sections or order[title] < last:
                misplaced.append(title)
                current = None
                continue
            last = order[title]
            current = sections.setdefault(title, [])
        elif current is not None:
            current.append(line)
    return {label: "\n".join(lines).strip() for label, lines in sections.items()}, misplaced


def _value(sections: dict[str, str], item: Field) -> str:
    text = sections.get(item.title(), "")
    return "" if text == NO_RESPONSE else text


def _ticked(text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^- \[[xX]\] (.+)$", text, re.M)]


@dataclass
class Submission:
    """What the sender wrote, field by field, and the problems found in it."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (field id, message per language)
    lang: str = "fi"

    def problem(self, field_id: str, fi: str, sv: str, en: str) -> None:
        self.problems.append((field_id, _t(fi, sv, en)))


def _one_line(value: str) -> bool:
    return "\n" not in value and "\r" not in value


def read_submission(content: Content, body: str) -> Submission:
    """Every field of a submitted form as the values for the YAML file, with a problem for each
    value that cannot be used (all of them, not the first)."""
    sections, misplaced = parse_body(body, tuple(item.title() for item in FIELDS))
    out = Submission()
    language = _value(sections, BY_ID["kieli"])
    out.lang = {"svenska": "sv", "English": "en"}.get(language, "fi")
    for title in dict.fromkeys(misplaced):
        out.problem("", f"Lomakkeen kohta `{_shown(title)}` on tekstissä kahdesti tai väärässä kohdassa; poista teksteistä "
                        f"rivi, joka alkaa `### {_shown(title)}`.",
                    f"Formulärets rubrik `{_shown(title)}` finns två gånger eller på fel ställe; ta bort raden "
                    f"som börjar med `### {_shown(title)}` ur texterna.",
                    f"The form's heading `{_shown(title)}` comes twice or out of order; remove the line starting "
                    f"`### {_shown(title)}` from your texts.")
    for item in FIELDS:
        raw = _value(sections, item)
        if len(raw) > MAX_FIELD:
            out.problem(item.id, f"{item.label['fi']}: teksti on liian pitkä (enintään {MAX_FIELD} merkkiä).",
                        f"{item.label['sv']}: texten är för lång (högst {MAX_FIELD} tecken).",
                        f"{item.label['en']}: the text is too long (at most {MAX_FIELD} characters).")
            continue
        if item.kind == "checkboxes":
            wanted = _ticked(raw)
            known = {label: value for value, label in choices(content, item)}
            out.values[item.id] = [known[label] for label in wanted if label in known]
            for label in wanted:
                if label not in known:
                    out.problem(item.id, f"{item.label['fi']}: vaihtoehtoa `{_shown(label)}` ei ole; valitse lomakkeen vaihtoehdoista.",
                                f"{item.label['sv']}: alternativet `{_shown(label)}` finns inte.", f"{item.label['en']}: `{_shown(label)}` is not one of the options.")
        elif item.kind == "dropdown":
            known = {label: value for value, label in choices(content, item)}
            out.values[item.id] = known.get(raw, "")
        else:
            out.values[item.id] = raw
    _check_values(content, out)
    return out


def _check_values(content: Content, out: Submission) -> None:
    """Plain-words problems for values that the YAML file could not take."""
    v = out.values
    slug = v.get("tunniste", "")
    if slug and (not SLUG.fullmatch(slug) or slug not in content.organizations):
        out.problem("tunniste", f"Tunniste: `{_shown(slug)}` ei ole hakemiston järjestö; avaa lomake järjestön sivulta tai jätä kenttä tyhjäksi.",
                    f"Id: `{_shown(slug)}` är inte en organisation i katalogen.", f"Id: `{_shown(slug)}` is not an organisation in the directory; "
                    "open the form from the organisation's page, or leave the field empty for a new organisation.")
    if not v.get("nimi") or not _one_line(v["nimi"]):
        out.problem("nimi", "Nimi: kirjoita järjestön nimi yhdelle riville.", "Namn: skriv organisationens namn på en rad.",
                    "Name: write the organisation's name on one line.")
    elif len(v["nimi"]) > NAME_LIMIT:
        out.problem("nimi", f"Nimi: enintään {NAME_LIMIT} merkkiä (nyt {len(v['nimi'])}).",
                    f"Namn: högst {NAME_LIMIT} tecken (nu {len(v['nimi'])}).",
                    f"Name: at most {NAME_LIMIT} characters (now {len(v['nimi'])}).")
    elif slug in content.organizations and skeleton(v["nimi"]) != skeleton(_finnish_name(content, slug)):
        given, own = _shown(v["nimi"]), _shown(_finnish_name(content, slug))
        out.problem("nimi", f"Nimi: `{given}` ei ole järjestön `{slug}` nimi (`{own}`). Avaa lomake oman järjestösi sivulta; "
                            "nimen muutoksesta kerro koordinaattoreille.",
                    f"Namn: `{given}` är inte namnet på organisationen med id `{slug}` (`{own}`). Öppna formuläret från er "
                    "organisations sida; berätta om ett namnbyte för koordinatorerna.",
                    f"Name: `{given}` is not the name of the organisation with the id `{slug}` (`{own}`). Open the form from "
                    "your own organisation's page; to change the name, write to the coordinators.")
    elif not slug and slugify(v["nimi"]) in content.organizations:
        out.problem("nimi", f"Nimi: järjestö `{_shown(v['nimi'])}` on jo hakemistossa; avaa lomake sen sivulta, niin tiedot päivittyvät sinne.",
                    f"Namn: `{_shown(v['nimi'])}` finns redan i katalogen; öppna formuläret från dess sida.",
                    f"Name: `{_shown(v['nimi'])}` is already in the directory; open the form from its page to update it.")
    elif not slugify(v["nimi"]):
        out.problem("nimi", "Nimi: nimessä pitää olla kirjaimia.", "Namn: namnet måste ha bokstäver.", "Name: the name needs letters.")
    summary = v.get("yhteenveto", "")
    if summary and (len(summary) > 200 or not _one_line(summary)):
        out.problem("yhteenveto", f"Yksi virke: enintään 200 merkkiä yhdellä rivillä (nyt {len(summary)}).",
                    f"En mening: högst 200 tecken på en rad (nu {len(summary)}).", f"One sentence: at most 200 characters on one line (now {len(summary)}).")
    for key, label in (("puhelin", BY_ID["puhelin"].label), ("henkilo_puhelin", BY_ID["henkilo_puhelin"].label)):
        if v.get(key) and normalise_phone(v[key]) is None:
            out.problem(key, f"{label['fi']}: `{_shown(v[key])}` ei ole puhelinnumero; kirjoita esim. 09 123 4567.",
                        f"{label['sv']}: `{_shown(v[key])}` är inte ett telefonnummer; skriv t.ex. 09 123 4567.",
                        f"{label['en']}: `{_shown(v[key])}` is not a phone number; write e.g. 09 123 4567.")
    for key in ("sahkoposti", "henkilo_sahkoposti"):
        label = BY_ID[key].label
        if v.get(key) and not (is_email(v[key]) and _one_line(v[key])):
            out.problem(key, f"{label['fi']}: `{_shown(v[key])}` ei ole sähköpostiosoite; kirjoita esim. info@yhdistys.fi.",
                        f"{label['sv']}: `{_shown(v[key])}` är inte en e-postadress.", f"{label['en']}: `{_shown(v[key])}` is not an e-mail address; write e.g. info@example.fi.")
    if v.get("verkkosivu") and not is_http_url(v["verkkosivu"]):
        out.problem("verkkosivu", f"Verkkosivu: `{_shown(v['verkkosivu'])}` ei ole verkko-osoite; kirjoita koko osoite, esim. https://yhdistys.fi.",
                    f"Webbplats: `{_shown(v['verkkosivu'])}` är ingen webbadress; skriv t.ex. https://forening.fi.",
                    f"Website: `{_shown(v['verkkosivu'])}` is not a web address; write the whole address, e.g. https://example.fi.")
    if v.get("iat") and _ages(v["iat"]) is None:
        out.problem("iat", f"Lasten ikä: `{_shown(v['iat'])}` ei ole ikähaarukka; kirjoita esim. 0–6 tai 13–17.",
                    f"Barnens ålder: skriv t.ex. 0–6 (nu `{_shown(v['iat'])}`).", f"Children's ages: `{_shown(v['iat'])}` is not a range of ages; write e.g. 0–6.")
    person_details = [k for k in ("henkilo_tehtava", "henkilo_vastuut", "henkilo_sahkoposti", "henkilo_puhelin") if v.get(k)]
    if person_details and not v.get("henkilo"):
        out.problem("henkilo", "Yhteyshenkilön nimi: kirjoita nimi, kun annat yhteyshenkilön tietoja.",
                    "Kontaktpersonens namn: skriv namnet när du ger uppgifter om kontaktpersonen.",
                    "Contact person's name: write the name when you give the contact person's details.")
    if v.get("henkilo") and not _one_line(v["henkilo"]):
        out.problem("henkilo", "Yhteyshenkilön nimi: yksi rivi.", "Kontaktpersonens namn: en rad.", "Contact person's name: one line.")
    if not v.get("vahvistus"):
        out.problem("vahvistus", "Vahvistus: rastita, että edustat järjestöä ja tiedot saa julkaista.",
                    "Bekräftelse: kryssa i att du representerar organisationen.", "Confirmation: tick that you represent the organisation.")


def _finnish_name(content: Content, slug: str) -> str:
    """An organisation's name in Finnish, as its file gives it."""
    name = content.org(slug)["name"]
    return str(name.get("fi", "")) if isinstance(name, dict) else str(name)


def _shown(value: str) -> str:
    """A sender's value quoted back in a comment: one line, short, with nothing that could close the
    code quote or mention someone."""
    value = " ".join(value.split()).replace("`", "'")
    value = value if len(value) <= 80 else value[:77] + "..."
    return value.replace("@", "@\u200b")


def _ages(text: str) -> tuple[int, int] | None:
    found = re.fullmatch(r"\s*(\d{1,2})\s*[–—-]\s*(\d{1,2})\s*(v|vuotta|år|years)?\s*", text)
    if not found or int(found.group(1)) > int(found.group(2)):
        return None
    return int(found.group(1)), int(found.group(2))


# ----------------------------------------------------------------------------- writing the file


def apply(data: Any, values: dict[str, Any], today: date, new: bool) -> None:
    """Set the fields the form covers in a round-trip YAML mapping; empty form fields change nothing."""
    values = {key: yamledit.scalar(value) if isinstance(value, str) else value for key, value in values.items()}
    if new:
        data["name"] = values["nimi"]
    for key, target in (("yhteenveto", "summary"), ("kuvaus", "description"), ("verkkosivu", "website"),
                        ("sahkoposti", "email"), ("puhelin", "phone")):
        if values.get(key):
            data[target] = values[key]
    for key, target in (("teemat", "themes"), ("alueet", "areas"), ("kielet", "languages"), ("kohderyhmat", "target_groups")):
        if values.get(key):
            data[target] = list(values[key])
    if values.get("iat"):
        low, high = _ages(values["iat"]) or (0, 0)
        data["ages"] = {"min": low, "max": high}
    referral = dict(data.get("referral") or {})
    if values.get("ohjaus"):
        referral["self_referral"] = str(values["ohjaus"]) == "0"
    if values.get("ohjeet"):
        referral["how"] = values["ohjeet"]
    if referral:
        data["referral"] = referral
    if values.get("henkilo"):
        person = {"name": values["henkilo"]}
        for key, target in (("henkilo_tehtava", "title"), ("henkilo_vastuut", "responsibilities"),
                            ("henkilo_sahkoposti", "email"), ("henkilo_puhelin", "phone")):
            if values.get(key):
                person[target] = values[key]
        contacts = list(data.get("contacts") or [])
        same = next((i for i, c in enumerate(contacts) if isinstance(c, dict) and c.get("name") == person["name"]), None)
        if same is None:
            contacts.append(person)
        else:
            contacts[same] = {**contacts[same], **person}
        data["contacts"] = contacts
    complete = all(data.get(key) for key in ("summary", "themes", "areas"))
    if complete and data.get("status") != "ended":
        data["status"] = "active"
        data["reviewed"] = today.isoformat()  # the organisation itself confirmed them, in this form


@dataclass
class Outcome:
    """What `from-issue` did: the file it wrote (or would have), the comment for the issue, and the
    pull request's title and description (which fields changed, who sent them)."""

    ok: bool
    slug: str
    path: str
    lang: str
    comment: str
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    confirmation_only: bool = False
    title: str = ""
    pr_body: str = ""


MISSING_FOR_ACTIVE = {"summary": "yhteenveto", "themes": "teemat", "areas": "alueet"}


def from_issue(content_dir: Path, body: str, today: date, sender: str = "", issue: int = 0) -> Outcome:
    """Turn a submitted issue form into a change of one organisation's file, checked as `make check`
    does; on any problem nothing is written and the comment lists every problem by field."""
    content, problems = check(content_dir)
    if content is None or problems:
        return Outcome(False, "", "", "fi", "Hakemiston sisällössä on jo virheitä; koordinaattorit korjaavat ne ensin.\n")
    if len(body) > MAX_BODY:
        return Outcome(False, "", "", "fi", f"Lomake on liian pitkä (enintään {MAX_BODY} merkkiä). — The form is too long "
                                            f"(at most {MAX_BODY} characters).\n")
    submission = read_submission(content, body)
    slug = submission.values.get("tunniste") or slugify(submission.values.get("nimi") or "")
    path = content_dir / "organizations" / f"{slug}.yaml" if slug else content_dir
    if submission.problems:
        return Outcome(False, slug, "", submission.lang, _problems_comment(submission))
    new = not submission.values.get("tunniste")
    original = None if new else path.read_bytes()
    if original is None:
        from ruamel.yaml.comments import CommentedMap

        data = CommentedMap(name=submission.values["nimi"], status="listed")
    else:
        data = yamledit.load(original)
    apply(data, submission.values, today, new)
    text = yamledit.dump(data, yamledit.HEADER if new else "")
    changed = _changed_fields(original, text)
    if not changed:
        return Outcome(True, slug, "", submission.lang, _unchanged_comment(submission.lang))
    problems = change_file(content_dir, path, text)
    if problems:
        for item in problems:
            submission.problem("", item.message("fi"), item.message("en"), item.message("en"))
        return Outcome(False, slug, "", submission.lang, _problems_comment(submission))
    missing = [key for key in MISSING_FOR_ACTIVE if not data.get(key)]
    confirmation_only = not new and set(changed) <= {"reviewed", "status"}
    return Outcome(True, slug, f"content/organizations/{slug}.yaml", submission.lang,
                   _ready_comment(submission, slug, missing), missing, changed, confirmation_only,
                   f"Järjestön tiedot: {slug}" + (f" – {CONFIRMATION_ONLY}" if confirmation_only else ""),
                   _pull_request_body(changed, confirmation_only, new, sender, issue, today))


def _changed_fields(original: bytes | None, text: str) -> list[str]:
    """The top-level fields whose values differ between the file as it was and the new text."""
    before = yaml.safe_load(original) if original is not None else {}
    after = yaml.safe_load(text)
    return sorted(key for key in {**before, **after} if before.get(key) != after.get(key))


def _pull_request_body(changed: list[str], confirmation_only: bool, new: bool, sender: str, issue: int, today: date) -> str:
    """The pull request's description: where it comes from, who sent it and what it changes, so the
    coordinator knows what to verify."""
    who = f"@{sender}" if LOGIN.fullmatch(sender) else "(tuntematon / unknown)"
    source = f"#{issue}" if issue > 0 else "(issue)"
    lines = [f"Lomakkeelta / from the form: {source}, lähettäjä / sent by {who}.", ""]
    if confirmation_only:
        lines += [f"**{CONFIRMATION_ONLY[0].upper()}{CONFIRMATION_ONLY[1:]}.** Lähettäjä vahvistaa, että profiilin tiedot "
                  f"pitävät yhä paikkansa; yhdistäminen merkitsee ne tarkistetuiksi {today.isoformat()} (`reviewed`). "
                  "Tarkista ensin, että lähettäjä edustaa järjestöä ja että tiedot ovat ajan tasalla. — The sender "
                  f"confirms that the profile is still right; merging marks it reviewed on {today.isoformat()}. First "
                  "check that the sender represents the organisation and that the details are current.", ""]
    elif new:
        lines += ["Uusi järjestö / a new organisation.", ""]
    lines += ["Muuttuneet kentät / changed fields: " + ", ".join(f"`{key}`" for key in changed) + ".", "",
              "Koordinaattori tarkistaa ennen yhdistämistä. / A coordinator reviews this before merging."]
    if issue > 0:
        lines.append(f"Closes #{issue}")
    return "\n".join(lines) + "\n"


def _unchanged_comment(lang: str) -> str:
    """The comment when the directory already has every detail the form gives."""
    return {"fi": "Kiitos! Hakemistossa on jo nämä tiedot, joten muutettavaa ei ollut.",
            "sv": "Tack! Katalogen har redan de här uppgifterna, så inget behövde ändras.",
            "en": "Thank you! The directory already has these details, so nothing needed changing."}[lang] + "\n"


def _problems_comment(submission: Submission) -> str:
    lang = submission.lang
    head = {"fi": "Kiitos! Lomakkeessa on kohtia, jotka pitää korjata ennen kuin muutosehdotus voidaan tehdä. "
                  "Muokkaa tätä issueta (⋯ → Edit), niin ehdotus tehdään uudelleen:",
            "sv": "Tack! Några fält behöver rättas innan ändringsförslaget kan göras. Redigera det här ärendet (⋯ → Edit):",
            "en": "Thank you! Some fields need fixing before the change can be proposed. Edit this issue (⋯ → Edit) "
                  "and it will be read again:"}[lang]
    lines = [head, ""] + [f"- {messages[lang]}" for _field, messages in submission.problems]
    return "\n".join(lines) + "\n"


def _ready_comment(submission: Submission, slug: str, missing: list[str]) -> str:
    lang = submission.lang
    text = {"fi": f"Kiitos! Muutosehdotus järjestön tiedostoon `content/organizations/{slug}.yaml` on valmis, ja verkoston "
                  "koordinaattorit tarkistavat sen ennen julkaisua.",
            "sv": f"Tack! Ändringsförslaget till `content/organizations/{slug}.yaml` är klart, och nätverkets koordinatorer "
                  "granskar det före publiceringen.",
            "en": f"Thank you! A pull request for `content/organizations/{slug}.yaml` is ready for the coordinators, who "
                  "review it before it is published."}[lang]
    if missing:
        names = ", ".join(BY_ID[MISSING_FOR_ACTIVE[key]].label[lang] for key in missing)
        text += {"fi": f"\n\nProfiili näkyy täydellisenä, kun myös nämä on täytetty: {names}.",
                 "sv": f"\n\nProfilen visas som fullständig när också dessa är ifyllda: {names}.",
                 "en": f"\n\nThe profile shows as complete once these are filled in too: {names}."}[lang]
    return text + "\n"


def vocabularies_used() -> tuple[str, ...]:
    """The vocabulary files the form is made from (a change to any means `build.py form` again)."""
    return tuple(v for v in VOCABULARIES if any(f.vocabulary == v for f in FIELDS))
