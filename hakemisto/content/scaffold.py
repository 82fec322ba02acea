"""`build.py new`: a commented starting file for a new organisation or network."""
from __future__ import annotations

import json
from pathlib import Path

from .slug import slugify

ORGANIZATION_HINTS = """\
# --- Täydennä järjestön tiedot: poista #-merkki rivin alusta ja kirjoita tieto. ---
# --- Fill in: remove the # at the start of a line and write the value. ---
# summary: Yksi selkeä virke siitä, miten järjestö tukee perheitä (enintään 200 merkkiä).
# description: |
#   Mitä järjestö tekee perheiden hyväksi. Markdown sallittu.
# website: https://
# email: info@
# phone: "09 123 4567"
# themes: []            # content/themes.yaml, esim. [mielenterveys, vapaa-aika]
# areas: []             # content/areas.yaml, esim. [helsinki] tai [uusimaa] tai [national]
# target_groups: []     # content/target-groups.yaml, esim. [parents, whole-family]
# languages: []         # content/languages.yaml, esim. [fi, sv, en]
# referral:             # Näin perhekeskuksen työntekijä ohjaa perheen teille
#   self_referral: true #   true = perhe voi ottaa yhteyttä itse
#   how: Mitä tehdä, mitä kertoa perheelle, maksaako, jonotusaika.
# contacts:             # Yhteyshenkilöt
#   - name: Etunimi Sukunimi
#     title: Tehtävänimike
#     responsibilities: Missä asioissa tähän henkilöön otetaan yhteyttä.
#     email: etunimi.sukunimi@
#     phone: "040 123 4567"
# reviewed: VVVV-KK-PP  # päivä, jona tiedot on tarkistettu; vaihda samalla status: active
"""

NETWORK_HINTS = """\
# --- Täydennä verkoston tiedot: poista #-merkki rivin alusta ja kirjoita tieto. ---
# --- Fill in: remove the # at the start of a line and write the value. ---
# parent: verkoston-tunniste     # jos toimii toisen verkoston alla
# summary: Yksi selkeä virke verkostosta (enintään 200 merkkiä).
# areas: []                      # content/areas.yaml
# themes: []                     # content/themes.yaml
# goals:                         # Tavoitteet (julkiset)
#   - Ensimmäinen tavoite.
# tasks:                         # Tehtävät
#   - Ensimmäinen tehtävä.
# how_to_join: Kuka voi liittyä ja miten.
# meeting_rhythm: Kaksi kertaa vuodessa
# coordinators: []               # koordinoivien järjestöjen tunnisteet
# contact:
#   name: Etunimi Sukunimi
#   email: etunimi.sukunimi@
# members:                       # Jäsenet
#   - organization: jarjeston-tunniste
#     person: Etunimi Sukunimi
#     role: member               # content/member-roles.yaml
#     responsibilities: Vastuut tässä verkostossa.
#     represents: Viiteryhmä, jota jäsen edustaa.
# meetings:                      # Kokoukset
#   - id: kokous-2027-kevat      # pysyvä tunniste
#     date: 2027-03-15
#     start: "13:00"
#     end: "15:00"
#     title: Kevään kokous
#     kind: meeting              # content/meeting-kinds.yaml
#     agenda: Esityslista ennen kokousta.
# reviewed: VVVV-KK-PP           # vaihda samalla status: active
"""


def _quoted(name: str) -> str:
    """The name as a YAML scalar, quoted when it contains characters YAML reads specially."""
    if any(c in name for c in ":#&*!|>'\"%@`{}[],") or name != name.strip():
        return json.dumps(name, ensure_ascii=False)
    return name


def organization_file(name: str) -> str:
    """The text of a new organisation file: name, status listed, and commented hints."""
    return ("# yaml-language-server: $schema=../../schemas/organization.schema.json\n"
            f"name: {_quoted(name)}\nstatus: listed\n\n" + ORGANIZATION_HINTS)


def network_file(name: str) -> str:
    """The text of a new network file: name, kind, status proposed, and commented hints."""
    return ("# yaml-language-server: $schema=../../schemas/network.schema.json\n"
            f"name: {_quoted(name)}\nkind: network   # content/network-kinds.yaml\nstatus: proposed\n\n"
            + NETWORK_HINTS)


class AlreadyExists(Exception):
    """The file for this name is already there; it is never overwritten."""


def create(content: Path, kind: str, name: str) -> Path:
    """Write the new file for `name` and return its path; refuse to overwrite."""
    slug = slugify(name)
    if not slug:
        raise ValueError(name)
    folder = content / ("organizations" if kind == "organization" else "networks")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    text = organization_file(name) if kind == "organization" else network_file(name)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError as err:
        raise AlreadyExists(str(path)) from err
    return path
