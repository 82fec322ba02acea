"""Finnish base forms for the search index: the base form of a word and of its compound parts, one
sensible reading per word, never a derivation's root (pyvoikko, from PyPI alone)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hakemisto.data import baseforms

# Real words from the content (names, network texts) and from the need vocabulary, with the forms
# the index must get. Each line was checked by a Finnish reader: no verb for a noun ("liitto" is not
# "liittää", "tuki" not "tukkia"), no derivation roots ("kehitys", not "kehittää").
TABLE = {
    "autismiliitto": {"autismiliitto", "autismi", "liitto"},
    "pienperheyhdistys": {"pienperheyhdistys", "pien", "perhe", "yhdistys"},
    "kehitysvammaliitto": {"kehitysvammaliitto", "kehitys", "vamma", "liitto"},
    "tuki": {"tuki"},
    "tukea": {"tuki"},
    "toimijoiden": {"toimija"},
    "kumppanuustapaamiset": {"kumppanuus"},
    "mieli": {"mieli"},
    "synnytysmasennuksesta": {"synnytysmasennus", "synnytys", "masennus"},
    "liitto": {"liitto"},
    "äidit": {"äiti"},
    "avioero": {"avioero", "avio", "ero"},
    "erosta": {"ero"},
    "yksinhuoltajille": {"yksinhuoltaja", "yksin", "huoltaja"},
    "monikkoperheet": {"monikkoperhe", "monikko", "perhe"},
    "kaksoset": {"kaksonen"},
    "vertaistukea": {"vertaistuki", "vertais", "tuki"},
    "lapsiperheille": {"lapsiperhe", "lapsi", "perhe"},
    "ensikoti": {"ensikoti", "ensi", "koti"},
    "turvakoti": {"turvakoti", "turva", "koti"},
    "mielenterveysseura": {"mielenterveysseura", "mieli", "terveys", "seura"},
    "näkövammaisten": {"näkövammainen", "näkö", "vammainen"},
    "kuurojen": {"kuuro"},
    "päihteet": {"päihde"},
    "väkivalta": {"väkivalta", "väki", "valta"},
    "maahanmuuttajille": {"maahanmuuttaja"},
    "pakolaisapu": {"pakolaisapu", "pakolainen", "apu"},
    "lastensuojelun": {"lastensuojelu", "lapsi", "suojelu"},
    "keskusliitto": {"keskusliitto", "keskus", "liitto"},
    "vanhemmuus": {"vanhemmuus"},
    "elatusvelvollisten": {"elatusvelvollinen", "elatus", "velvollinen"},
    "invalidiliitto": {"invalidiliitto", "invalidi", "liitto"},
    "sydänliitto": {"sydänliitto", "sydän", "liitto"},
    "väestöliitto": {"väestöliitto", "väestö", "liitto"},
    "parisuhdekeskus": {"parisuhdekeskus", "pari", "suhde", "keskus"},
    "nuorisoseurat": {"nuorisoseura", "nuoriso", "seura"},
    "urheilijat": {"urheilija"},
    "taidekeskuksen": {"taidekeskus", "taide", "keskus"},
    "perheiden": {"perhe"},
    "vammaisten": {"vammainen"},
    "lasten": {"lapsi"},
    "imetyksen": {"imetys"},
    "leijonaemot": {"leijonaemo", "leijona", "emo"},
    "perhekeskusten": {"perhekeskus", "perhe", "keskus"},
    "järjestöjen": {"järjestö"},
    "helsingin": {"helsinki"},
    "uudenmaan": {"uusimaa"},
    "astmayhdistys": {"astmayhdistys", "astma", "yhdistys"},
    "lapset": {"lapsi"},
    "tapaamiset": set(),
}


@pytest.mark.parametrize("word", sorted(TABLE))
def test_base_forms_of_real_words(word: str) -> None:
    assert set(baseforms.analyse_word(word)) == TABLE[word]


def test_the_table_has_at_least_forty_words() -> None:
    assert len(TABLE) >= 40


def test_words_are_read_in_lower_case() -> None:
    assert set(baseforms.analyse_word("Autismiliitto")) == TABLE["autismiliitto"]


def test_base_forms_leave_out_what_the_text_already_holds() -> None:
    forms = baseforms.base_forms("Äidit irti synnytysmasennuksesta Äimä", baseforms.Forms(Path("/nonexistent/x.json")))
    assert {"äiti", "synnytysmasennus", "synnytys", "masennus"} <= set(forms)
    assert "irti" not in forms and "äidit" not in forms


def test_forms_are_kept_as_json_keyed_by_the_analyser_version(tmp_path: Path) -> None:
    cache = tmp_path / "baseforms.json"
    forms = baseforms.Forms(cache)
    forms.of("lapsiperheille")
    forms.save()
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["version"] == baseforms.analyser_version() and data["forms"]["lapsiperheille"] == ["lapsiperhe", "lapsi", "perhe"]
    # a cache of another analyser version is not trusted
    cache.write_text(json.dumps({"version": "0.0-other", "forms": {"lapsiperheille": ["wrong"]}}), encoding="utf-8")
    assert baseforms.Forms(cache).of("lapsiperheille") == ["lapsiperhe", "lapsi", "perhe"]
    # a cache of this version is read as it is, without the analyser
    cache.write_text(json.dumps({"version": baseforms.analyser_version(), "forms": {"sana": ["merkki"]}}), encoding="utf-8")
    assert baseforms.Forms(cache).of("sana") == ["merkki"]


def test_a_broken_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "baseforms.json"
    cache.write_text("{not json", encoding="utf-8")
    assert baseforms.Forms(cache).of("lasten") == ["lapsi"]
