"""The way in for organisations: the command that turns a submitted GitHub issue form (`content.form`,
made from the vocabularies) into a change of one organisation's YAML file.

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

import yaml

from ..content import yamledit
from ..content.check import change_file, check
from ..content.form import BY_ID, FIELDS, Field, choices, texts
from ..content.tree import VOCABULARIES, Content
from ..content.schema import is_email, is_http_url, normalise_phone
from ..content.slug import SLUG, slugify
from ..content.textrules import skeleton

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
        self.problems.append((field_id, texts(fi, sv, en)))


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
    _check_identity(content, out)
    _check_details(out)
    _check_person(out)


def _check_identity(content: Content, out: Submission) -> None:
    """The id must name an organisation of the directory, and the name must be its name (or, for a
    new organisation, a name not yet in the directory)."""
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


def _check_details(out: Submission) -> None:
    """The summary, phones, e-mail addresses, website and ages must be what their fields say."""
    v = out.values
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


def _check_person(out: Submission) -> None:
    """A contact person's details need the person's name; the sender must confirm."""
    v = out.values
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
