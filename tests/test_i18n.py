"""UI catalogues: every string in the templates and code is translated to Finnish and Swedish."""
from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT
from hakemisto.site.i18n import LOCALE_DIR, initial, sort_key, translations

METHODS = [("hakemisto/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _source_ids() -> set[str]:
    found = extract_from_dir(str(ROOT), method_map=METHODS, options_map=OPTIONS, keywords={"_": None})
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def test_catalogues_cover_every_ui_string() -> None:
    ids = _source_ids()
    assert len(ids) > 100
    for lang in ("fi", "sv", "en"):
        catalog = read_po((LOCALE_DIR / f"{lang}.po").open("rb"))
        known = {m.id: m.string for m in catalog if m.id}
        assert ids - set(known) == set(), lang
        if lang != "en":
            assert [i for i in ids if not known[i]] == [], lang


def test_compiled_catalogue_translates() -> None:
    assert translations("fi").gettext("How to refer a family") == "Näin ohjaat perheen"
    assert translations("sv").gettext("How to refer a family") == "Så hänvisar du en familj"
    assert translations("en").gettext("How to refer a family") == "How to refer a family"


def test_nordic_alphabetical_order() -> None:
    names = ["Öljy", "Zeta", "Ääni", "Åbo", "Aalto", "Émile", "Vesi", "Wilma"]
    assert sorted(names, key=sort_key) == ["Aalto", "Émile", "Vesi", "Wilma", "Zeta", "Åbo", "Ääni", "Öljy"]
    assert [initial(n) for n in ("Åbo", "émile", "“Lainaus”", "123")] == ["Å", "E", "L", "#"]
