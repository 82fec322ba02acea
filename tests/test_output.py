"""The output folder: a site in place at every instant, nothing deleted that this tool did not
make, leftovers of killed builds cleaned up, and clear messages instead of tracebacks."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from hakemisto.site.output import MARKER, OutputError, build_into
from sitebuild import build, tree


def run_build(content: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
                           "--no-search", "--lang", "en"], capture_output=True, text=True, check=False)


def test_out_refuses_a_folder_this_tool_did_not_make(content: Path, tmp_path: Path) -> None:
    precious = tmp_path / "work"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = run_build(content, precious)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "did not write" in result.stderr and "--out" in result.stderr
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".work.")) == []


def test_out_accepts_an_empty_folder_and_its_own_builds(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    assert run_build(content, out).returncode == 0
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    assert run_build(content, out).returncode == 0


def test_site_is_whole_at_every_instant_of_a_rebuild(content: Path, tmp_path: Path) -> None:
    out = build(content, tmp_path / "site")
    before = tree(out)
    seen_during: list[dict[str, bytes]] = []

    def fill(folder: Path) -> None:
        seen_during.append(tree(out))  # while the new site is written, the old one is still served
        (folder / "index.html").write_text("new", encoding="utf-8")

    build_into(out, fill)
    assert seen_during == [before]
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert out.is_symlink()


def test_previous_build_is_removed_after_the_swap(content: Path, tmp_path: Path) -> None:
    out = build(content, tmp_path / "site")
    first = out.resolve()
    build(content, out)
    assert out.resolve() != first
    deadline = time.monotonic() + 20
    while first.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not first.exists()


def test_leftovers_of_killed_builds_are_removed(content: Path, tmp_path: Path) -> None:
    out = build(content, tmp_path / "site")
    killed = tmp_path / ".site.killed123.build"
    (killed / "jarjestot").mkdir(parents=True)
    (killed / MARKER).write_bytes(b"")
    unrelated = tmp_path / ".site.notes.build"
    unrelated.mkdir()
    (unrelated / "keep.txt").write_text("not ours", encoding="utf-8")
    build(content, out)
    assert not killed.exists()
    assert (unrelated / "keep.txt").is_file()


def test_failed_fill_keeps_the_previous_site_and_leaves_no_folder(content: Path, tmp_path: Path) -> None:
    out = build(content, tmp_path / "site")
    before = tree(out)

    def fill(folder: Path) -> None:
        (folder / "half.html").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left on device"):
        build_into(out, fill)
    assert tree(out) == before
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".site.")] == [out.resolve()]


def test_read_only_output_gives_a_message(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("hakemisto.site.output.tempfile.mkdtemp", refuse)  # as a read-only folder does, even for root
    with pytest.raises(OutputError, match="cannot write beside .*Permission denied"):
        build_into(tmp_path / "site", lambda folder: None)
    assert not (tmp_path / "site").exists()


def test_out_that_is_a_file_is_refused(content: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("a file", encoding="utf-8")
    result = run_build(content, target)
    assert result.returncode == 1 and "is a file" in result.stderr and "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "a file"
