"""The cache never serves stale output, and parallel rendering changes nothing."""
from __future__ import annotations

import hashlib
from pathlib import Path

from hakemisto.cache import Cache, code_version
from hakemisto.check import check
from hakemisto.site import build_site
from sitebuild import TODAY, page


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def built(content: Path, out: Path, cache: Cache | None, jobs: int = 1) -> Path:
    loaded, problems = check(content, cache)
    assert problems == []
    build_site(loaded, out, today=TODAY, search=False, jobs=jobs)
    return out


def test_same_output_with_and_without_cache_and_in_parallel(content: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    plain = digest(built(content, tmp_path / "plain", None))
    cold = digest(built(content, tmp_path / "cold", cache))
    warm = digest(built(content, tmp_path / "warm", cache))
    parallel = digest(built(content, tmp_path / "parallel", cache, jobs=2))
    three = digest(built(content, tmp_path / "three", None, jobs=3))  # this process and two workers share the pages
    assert plain == cold == warm == parallel == three
    assert cache.store(content).is_file()


def test_unchanged_files_come_from_the_store_and_edited_ones_are_read_again(content: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    loaded, _ = check(content, cache)
    entries = cache.read(content)
    assert set(entries) == {p.relative_to(content).as_posix() for p in content.rglob("*.yaml")}
    name = "organizations/aaltoilevat-perheet.yaml"
    key, data = entries[name]
    assert data == loaded.org("aaltoilevat-perheet")
    cache.write(content, {**entries, name: (key, {**data, "short_name": "FROM-THE-STORE"})})
    assert check(content, cache)[0].org("aaltoilevat-perheet")["short_name"] == "FROM-THE-STORE"
    org = content / name
    org.write_text(org.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new bytes, same data
    reread, problems = check(content, cache)
    assert problems == [] and reread.org("aaltoilevat-perheet") == data
    assert cache.read(content)[name] != (key, data)
    (content / "organizations" / "odottava-yhdistys.yaml").unlink()
    check(content, cache)
    assert "organizations/odottava-yhdistys.yaml" not in cache.read(content)


def test_unreadable_store_is_read_again_from_the_files(content: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.store(content).write_bytes(b"not a pickle")
    loaded, problems = check(content, cache)
    assert problems == [] and loaded is not None
    assert len(cache.read(content)) == len(list(content.rglob("*.yaml")))


def test_edited_content_is_never_served_from_cache(content: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    built(content, tmp_path / "a", cache)
    org = content / "organizations" / "aaltoilevat-perheet.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("Harrastustoimintaa", "Liikuntaa"), encoding="utf-8")
    themes = content / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("Vapaa-aika, sv:", "Vapaa aika ja harrastukset, sv:"),
                      encoding="utf-8")
    network = content / "networks" / "kuvitteellinen-verkosto.yaml"
    network.write_text(network.read_text(encoding="utf-8").replace("Verkosto on **kuvitteellinen**.",
                                                                   "Verkosto on **keksitty**."), encoding="utf-8")
    out = built(content, tmp_path / "b", cache)
    profile = page(out, "jarjestot/aaltoilevat-perheet/")
    assert profile.select_one("p.lead").get_text() == "Liikuntaa koko perheelle Itä-Uudellamaalla."
    assert "Vapaa aika ja harrastukset" in profile.select_one("dl.facts").get_text()
    assert "keksitty" in page(out, "verkostot/kuvitteellinen-verkosto/").get_text()
    assert digest(out) == digest(built(content, tmp_path / "c", None))


def test_invalid_file_is_not_cached_as_valid(content: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    org = content / "organizations" / "odottava-yhdistys.yaml"
    good = org.read_text(encoding="utf-8")
    org.write_text(good + "themse: [kulttuuri]\n", encoding="utf-8")
    assert [p.code for p in check(content, cache)[1]] == ["unknown-field"]
    assert [p.code for p in check(content, cache)[1]] == ["unknown-field"]
    org.write_text(good, encoding="utf-8")
    assert check(content, cache)[1] == []


def test_new_code_version_starts_a_fresh_cache(content: Path, tmp_path: Path) -> None:
    old = Cache(tmp_path / "cache", version="old-version")
    check(content, old)
    assert (tmp_path / "cache" / "old-version").is_dir()
    new = Cache(tmp_path / "cache", version="new-version")
    check(content, new)
    assert not (tmp_path / "cache" / "old-version").exists()
    assert new.store(content).is_file() and new.store(content).parent.name == "new-version"
    assert len(code_version()) == 16 and code_version() == code_version()


def test_edited_template_takes_effect_with_the_cache_in_use(content: Path, tmp_path: Path, monkeypatch) -> None:
    """The cache keeps checked YAML only: a template edit shows on the next build with it."""
    import shutil

    import hakemisto.site as site_module

    templates = tmp_path / "templates"
    shutil.copytree(site_module.TEMPLATES, templates)
    monkeypatch.setattr(site_module, "TEMPLATES", templates)
    cache = Cache(tmp_path / "cache")
    profile = templates / "organization.html"
    original = profile.read_text(encoding="utf-8")
    try:
        for marker in ("ensimmainen", "toinen"):
            marked = original.replace('<article class="profile"', f'<article data-marker="{marker}" class="profile"', 1)
            profile.write_text(marked, encoding="utf-8")
            site_module.environment.cache_clear()
            article = page(built(content, tmp_path / marker, cache), "jarjestot/aaltoilevat-perheet/").find("article")
            assert article["data-marker"] == marker
    finally:
        site_module.environment.cache_clear()


def test_a_parallel_build_that_fails_keeps_the_site_and_leaves_nothing(content: Path, tmp_path: Path,
                                                                      monkeypatch) -> None:
    """A failure in the main process while the worker forked for the open data runs: the error
    comes out, the worker stops, and the site built before stays as it was."""
    import pytest

    from hakemisto import site as site_module

    out = built(content, tmp_path / "site", None, jobs=2)
    before = digest(out)
    loaded, _ = check(content)

    def broken(*_args: object) -> bytes:
        raise RuntimeError("sitemap failed")

    monkeypatch.setattr(site_module, "sitemap", broken)
    with pytest.raises(RuntimeError, match="sitemap failed"):
        build_site(loaded, out, today=TODAY, search=False, jobs=2)
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]  # no temporary folder left
