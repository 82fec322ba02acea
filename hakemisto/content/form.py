"""The organisations' issue form: its fields with their labels in fi/sv/en, written from the
vocabularies (`build.py form`), and the links that open it (or a `mailto:` with its questions) for one
organisation. The intake (`sources.intake`) reads what a submitted form says."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import yaml

from .tree import Content

FORM_FILE = "jarjeston-tiedot.yml"
LABEL = "jarjeston-tiedot"
LANGS = ("fi", "sv", "en")


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


def texts(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


FIELDS = (
    Field("kieli", "dropdown", texts("Vastausten kieli", "Språk för svaren", "Language for replies"),
          options=(texts("suomi", "suomi", "suomi"), texts("svenska", "svenska", "svenska"), texts("English", "English", "English"))),
    Field("tunniste", "input", texts("Järjestön tunniste hakemistossa", "Organisationens id i katalogen", "The organisation's id in the directory"),
          texts("Täyttyy itsestään, kun avaat lomakkeen järjestön sivulta. Jätä tyhjäksi, jos järjestö on uusi hakemistossa.",
             "Fylls i automatiskt från organisationens sida. Lämna tomt för en ny organisation.",
             "Filled in when you open the form from the organisation's page. Leave empty for a new organisation.")),
    Field("nimi", "input", texts("Järjestön nimi", "Organisationens namn", "Name of the organisation"),
          texts("Virallinen nimi suomeksi.", "Det officiella namnet på finska.", "The official name in Finnish."), required=True),
    Field("yhteenveto", "input", texts("Yksi virke: miten järjestö tukee perheitä", "En mening: hur organisationen stöder familjer",
                                    "One sentence: how the organisation supports families"),
          texts("Enintään 200 merkkiä. Näkyy listoissa ja hakutuloksissa.", "Högst 200 tecken. Visas i listor och sökresultat.",
             "At most 200 characters. Shown in lists and search results.")),
    Field("kuvaus", "textarea", texts("Mitä järjestö tarjoaa perheille", "Vad organisationen erbjuder familjer", "What the organisation offers families"),
          texts("Toiminta, ryhmät, neuvonta, tapahtumat.", "Verksamhet, grupper, rådgivning, evenemang.", "Activities, groups, counselling, events.")),
    Field("teemat", "checkboxes", texts("Teemat", "Teman", "Themes"), vocabulary="themes"),
    Field("alueet", "checkboxes", texts("Missä järjestö toimii", "Var organisationen verkar", "Where the organisation works"),
          texts("Valitse kunnat, hyvinvointialue tai koko Uusimaa.", "Välj kommuner, välfärdsområde eller hela Nyland.",
             "Choose municipalities, a wellbeing services county or all of Uusimaa."), vocabulary="areas"),
    Field("kielet", "checkboxes", texts("Kielet, joilla perheitä palvellaan", "Språk som familjer betjänas på", "Languages families are served in"),
          vocabulary="languages"),
    Field("kohderyhmat", "checkboxes", texts("Kenelle", "För vem", "For whom"), vocabulary="target-groups"),
    Field("iat", "input", texts("Lasten ikä vuosina", "Barnens ålder i år", "Children's ages in years"),
          texts("Esimerkiksi 0–6 tai 13–17. Jätä tyhjäksi, jos ikä ei rajaa.", "Till exempel 0–6 eller 13–17.", "For example 0–6 or 13–17.")),
    Field("ohjaus", "dropdown", texts("Miten perhe pääsee mukaan", "Hur familjen kommer med", "How a family gets in"),
          options=(texts("Perhe voi ottaa yhteyttä itse", "Familjen kan ta kontakt själv", "The family can contact us directly"),
                   texts("Tarvitaan ammattilaisen ohjaus", "Det behövs en hänvisning från en yrkesperson", "A referral from a professional is needed"))),
    Field("ohjeet", "textarea", texts("Näin perhekeskuksen työntekijä ohjaa perheen teille", "Så hänvisar familjecentrets personal en familj till er",
                                   "How a family centre worker refers a family to you"),
          texts("Mitä tehdä, mitä kertoa perheelle, maksaako toiminta, jonotusaika.", "Vad man gör, vad man berättar för familjen, kostnad, väntetid.",
             "What to do, what to tell the family, what it costs, waiting times.")),
    Field("puhelin", "input", texts("Puhelin", "Telefon", "Phone"), texts("Esimerkiksi 09 123 4567.", "Till exempel 09 123 4567.", "For example 09 123 4567.")),
    Field("sahkoposti", "input", texts("Sähköposti", "E-post", "E-mail")),
    Field("verkkosivu", "input", texts("Verkkosivu", "Webbplats", "Website"), texts("Alkaa https://", "Börjar med https://", "Starts with https://")),
    Field("henkilo", "input", texts("Yhteyshenkilön nimi", "Kontaktpersonens namn", "Contact person's name"),
          texts("Vain henkilö, joka on antanut luvan julkaista tietonsa.", "Endast en person som har gett lov att publicera sina uppgifter.",
             "Only a person who has agreed to have their details published.")),
    Field("henkilo_tehtava", "input", texts("Yhteyshenkilön tehtävänimike", "Kontaktpersonens befattning", "Contact person's job title")),
    Field("henkilo_vastuut", "textarea", texts("Missä asioissa yhteyshenkilöön otetaan yhteyttä", "I vilka frågor man kontaktar kontaktpersonen",
                                            "What to contact this person about")),
    Field("henkilo_sahkoposti", "input", texts("Yhteyshenkilön sähköposti", "Kontaktpersonens e-post", "Contact person's e-mail")),
    Field("henkilo_puhelin", "input", texts("Yhteyshenkilön puhelin", "Kontaktpersonens telefon", "Contact person's phone")),
    Field("vahvistus", "checkboxes", texts("Vahvistus", "Bekräftelse", "Confirmation"), required=True,
          options=(texts("Edustan järjestöä, ja tiedot saa julkaista hakemistossa.", "Jag representerar organisationen, och uppgifterna får publiceras i katalogen.",
                      "I represent the organisation, and these details may be published in the directory."),)),
)
BY_ID = {f.id: f for f in FIELDS}

INTRO = texts(
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
