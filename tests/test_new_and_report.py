"""`build.py new` and `build.py report`."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from hakemisto.content.check import check
from hakemisto.content.slug import slugify


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("name,slug", [
    ("Nimi ry", "nimi-ry"), ("Äitien Ystävät ry", "aitien-ystavat-ry"), ("Åbo Öppna Dörrar", "abo-oppna-dorrar"),
    ("MLL:n Uudenmaan piiri", "mll-n-uudenmaan-piiri"), ("Hope – Yhdessä & Yhteisesti", "hope-yhdessa-yhteisesti"),
    ("  Café Crème!  ", "cafe-creme"),
])
def test_slug_rules(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_new_organization_writes_a_file_that_passes_check(content: Path) -> None:
    result = run("new", "organization", "Äitien Ystävät: Åbo ry", "--content", str(content), "--lang", "en")
    assert result.returncode == 0
    path = content / "organizations" / "aitien-ystavat-abo-ry.yaml"
    assert "Created: organizations/aitien-ystavat-abo-ry.yaml" in result.stdout and "make check" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/organization.schema.json\n")
    assert check(content)[1] == []
    filled = (text.replace("status: listed", "status: active")
              .replace("# summary: Yksi", "summary: Yksi")
              .replace("# themes: []", "themes: [mielenterveys]")
              .replace("# areas: []", "areas: [espoo]")
              .replace("# reviewed: VVVV-KK-PP", "reviewed: 2026-11-01"))
    path.write_text(filled, encoding="utf-8")
    assert [p.text() for p in check(content)[1]] == []


def test_new_refuses_to_overwrite(content: Path) -> None:
    path = content / "organizations" / "odottava-yhdistys.yaml"
    before = path.read_bytes()
    result = run("new", "organization", "Odottava Yhdistys", "--content", str(content), "--lang", "fi")
    assert result.returncode == 1 and "ei korvattu" in result.stderr
    assert path.read_bytes() == before


def test_new_network(content: Path) -> None:
    result = run("new", "network", "Uusi työryhmä", "--content", str(content), "--lang", "fi")
    assert result.returncode == 0 and "Luotu:" in result.stdout
    assert (content / "networks" / "uusi-tyoryhma.yaml").is_file()
    assert check(content)[1] == []


def test_report_markdown_and_json(content: Path) -> None:
    md = run("report", "--content", str(content), "--today", "2026-11-27")
    assert md.returncode == 0
    lines = md.stdout.splitlines()
    assert lines[0] == "# Tietojen ajantasaisuus 2026-11-27"
    rows = [l for l in lines if l.startswith("| järjestö") or l.startswith("| verkosto")]
    assert len(rows) == 6
    stale = next(l for l in rows if "`aaltoilevat-perheet`" in l)
    assert "2024-05-15 ⚠ | 926 |" in stale and "referral, contacts" in stale
    fresh = next(l for l in rows if "`kuvitteellinen-perheyhdistys`" in l)
    assert fresh.endswith("| 2026-10-01 | 57 | – |")
    js = json.loads(run("report", "--content", str(content), "--format", "json", "--stale-only",
                        "--today", "2026-11-27").stdout)
    assert js["date"] == "2026-11-27"
    assert [i["id"] for i in js["items"]] == ["aaltoilevat-perheet", "odottava-yhdistys", "teemaryhma"]
    assert js["items"][1] == {"kind": "organization", "id": "odottava-yhdistys", "name": "Odottava Yhdistys",
                              "status": "listed", "missing": ["summary", "description", "website", "email", "phone",
                                                              "themes", "areas", "target_groups", "languages",
                                                              "referral", "contacts", "reviewed"],
                              "reviewed": "", "days_since_review": None, "stale": True}


def test_report_to_file(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert run("report", "--content", str(content), "--out", str(out)).returncode == 0
    assert re.search(r"^\| järjestö \| `zeta-saatio` \|", out.read_text(encoding="utf-8"), re.M)
