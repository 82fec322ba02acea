"""Content a pull request could write, tried as an attacker would: each case is refused by `check`
with a clear message, or rendered harmlessly; and whatever `check` accepts, `build` renders."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID
from hakemisto.content.check import check
from hakemisto.content.problems import report
from hakemisto.content.schema import fast_validator, pattern_matches, validator
from hakemisto.runner import render_site
from sitebuild import build

ORG = "organizations/odottava-yhdistys.yaml"
NET = "networks/kuvitteellinen-verkosto.yaml"


def codes(content: Path) -> list[str]:
    return [p.code for p in check(content)[1]]


def write_org(content: Path, body: str) -> None:
    (content / ORG).write_text("# yaml-language-server: $schema=../../../../schemas/organization.schema.json\n" + body,
                               encoding="utf-8")


def test_json_ld_cannot_swallow_the_page(content: Path, tmp_path: Path) -> None:
    write_org(content, 'name: "Kerho <!--<script> ja </script> & muut"\nstatus: listed\n')
    site = build(content, tmp_path / "site")
    html = (site / "jarjestot" / "odottava-yhdistys" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
    assert json.loads(block)["name"] == "Kerho <!--<script> ja </script> & muut"
    assert html.rstrip().endswith("</html>") and 'class="page-meta"' in html


@pytest.mark.parametrize("body,code", [
    ("name: |\n  Kerho\nstatus: listed\n", "text-newline"),
    ('name: "Kerho\\e[31m"\nstatus: listed\n', "text-control"),
    ('name: "Kerho\\uFFFE"\nstatus: listed\n', "text-control"),
    ('name: "Kerho\\u202Eyr"\nstatus: listed\n', "text-bidi"),
    ('name: "Ker\\u200Bho"\nstatus: listed\n', "text-invisible"),
    ('name: "' + "x" * 5000 + '"\nstatus: listed\n', "text-too-long"),
    ('name: Kerho\nstatus: listed\nemail: "a?bcc=all@example.org"\n', "bad-email"),
    ('name: Kerho\nstatus: listed\nemail: "a%0d%0abcc@example.org"\n', "bad-email"),
])
def test_text_that_would_break_a_page_or_a_feed_is_refused(content: Path, body: str, code: str) -> None:
    write_org(content, body)
    found = check(content)[1]
    assert any(p.code.startswith(code) for p in found), [p.text() for p in found]
    assert all("Traceback" not in p.text() for p in found)


def test_newline_at_the_end_of_an_id_or_key_is_refused(content: Path) -> None:
    net = content / NET
    net.write_text(net.read_text(encoding="utf-8").replace("id: johto-2026-kevat", 'id: "johto-2026-kevat\\n"'),
                   encoding="utf-8")
    themes = content / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8") + '"uusi\\n": {fi: Uusi, sv: Ny, en: New}\n', encoding="utf-8")
    found = [p.text("en") for p in check(content)[1]]
    assert any("networks/kuvitteellinen-verkosto.yaml" in t and "johto-2026-kevat" in t for t in found), found
    assert any("themes.yaml" in t and "one line" in t for t in found), found


def test_long_texts_may_have_lines_but_no_control_characters(content: Path) -> None:
    write_org(content, "name: Kerho\nstatus: listed\ndescription: |\n  Rivi yksi.\n\n  Rivi kaksi.\n")
    assert codes(content) == []
    write_org(content, 'name: Kerho\nstatus: listed\ndescription: "Rivi\\x07"\n')
    assert codes(content) == ["text-control"]


@pytest.mark.parametrize("name", ["Kuvitteellinen Perheyhdistys ry",  # the same
                                  "Kuvitteellinen Perhe\u200Byhdistys ry",  # a zero-width space (also refused itself)
                                  "Kuvitteellinen Perheyhdistys ry".replace("e", "\u0435"),  # Cyrillic е
                                  "KUVITTEELLINEN  perheyhdistys RY"])
def test_look_alike_names_are_the_same_name(content: Path, name: str) -> None:
    write_org(content, f'name: "{name}"\nstatus: listed\n')
    assert "same-name" in codes(content)


def test_decomposed_letters_are_the_same_name(content: Path) -> None:
    (content / "organizations" / "aiti-ry.yaml").write_text('name: "\u00c4iti ry"\nstatus: listed\n', encoding="utf-8")
    write_org(content, 'name: "A\u0308iti ry"\nstatus: listed\n')
    assert "same-name" in codes(content)


def test_symlinks_in_the_content_tree_are_refused_unread(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("name: Salaisuus\nstatus: listed\n", encoding="utf-8")
    (content / "organizations" / "linkki.yaml").symlink_to(outside)
    (content / "organizations" / "nolla.yaml").symlink_to("/dev/zero")
    (content / "organizations" / "syote.yaml").symlink_to("/dev/stdin")
    found = check(content)[1]
    assert sorted((Path(p.path).name, p.code) for p in found) == [
        ("linkki.yaml", "file-not-regular"), ("nolla.yaml", "file-not-regular"), ("syote.yaml", "file-not-regular")]
    assert "ordinary .yaml files" in found[0].message("en")


def test_a_linked_folder_is_refused(content: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "muualla"
    shutil.move(str(content / "networks"), elsewhere)
    (content / "networks").symlink_to(elsewhere)
    assert "folder-not-regular" in codes(content)


@pytest.mark.parametrize("line", ['base_url: "//evil.example/"', 'base_url: "/a\\"b/"', "base_url: /x y/",
                                  "branch: ../../other/repo", "branch: main/../x"])
def test_site_settings_that_would_send_links_elsewhere_are_refused(content: Path, line: str) -> None:
    settings_file = content / "site.yaml"
    key = line.split(":")[0]
    text = re.sub(rf"(?m)^{key}:.*$", line, settings_file.read_text(encoding="utf-8"))
    if f"\n{key}:" not in "\n" + text:
        text += line + "\n"
    settings_file.write_text(text, encoding="utf-8")
    assert codes(content), line


def test_spreadsheet_formulas_are_neutralised(content: Path, tmp_path: Path) -> None:
    write_org(content, 'name: "=HYPERLINK(\\"http://x\\")"\nstatus: listed\n')
    target = content / "organizations" / "kuvitteellinen-perheyhdistys.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("name: Maija Meikäläinen", "name: \"@SUM(1+1)\""),
                      encoding="utf-8")
    site = build(content, tmp_path / "site")
    for name in ("organizations.csv", "contacts.csv", "network-members.csv"):
        for row in csv.reader(io.StringIO((site / "data" / name).read_text(encoding="utf-8-sig"))):
            assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row), (name, row)
    text = (site / "data" / "organizations.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text


@pytest.mark.parametrize("phone", ["https://evil.example/ 09 123 4567", "@someone 09 123 4567", "09 123 4567 <b>x</b>"])
def test_a_phone_with_leading_or_trailing_junk_is_refused(content: Path, phone: str) -> None:
    write_org(content, f'name: Kerho\nstatus: listed\nphone: "{phone}"\n')
    assert "bad-phone" in codes(content), phone


def test_every_page_and_export_shows_the_normalised_number(content: Path, tmp_path: Path) -> None:
    write_org(content, 'name: Kerho\nstatus: listed\nphone: "(09)  123-4567 x12"\n'
                       'contacts:\n  - name: Maija Esimerkki\n    phone: "040 123 4567"\n')
    site = build(content, tmp_path / "site")
    html = (site / "jarjestot" / "odottava-yhdistys" / "index.html").read_text(encoding="utf-8")
    assert ">09 1234567 ext. 12</a>" in html and ">040 1234567</a>" in html and "(09)" not in html
    api = json.loads((site / "api" / "organizations.json").read_text(encoding="utf-8"))
    org = next(o for o in api["organizations"] if o["id"] == "odottava-yhdistys")
    assert org["phone"] == "09 1234567 ext. 12" and org["contacts"][0]["phone"] == "040 1234567"
    orgs = list(csv.DictReader(io.StringIO((site / "data" / "organizations.csv").read_text(encoding="utf-8-sig"))))
    assert next(r for r in orgs if r["id"] == "odottava-yhdistys")["phone"] == "09 1234567 ext. 12"
    people = list(csv.DictReader(io.StringIO((site / "data" / "contacts.csv").read_text(encoding="utf-8-sig"))))
    assert next(r for r in people if r["name"] == "Maija Esimerkki")["phone"] == "040 1234567"


def test_plain_output_never_starts_a_workflow_command(content: Path) -> None:
    net = content / NET
    net.write_text(net.read_text(encoding="utf-8").replace("role: chair", 'role: "x\\n::set-env name=A::b"'),
                   encoding="utf-8")
    text = report(check(content)[1], "en", github=False)
    assert "::set-env" in text and not any(line.startswith("::") for line in text.splitlines())


def test_freshness_report_names_are_inert_markdown(content: Path) -> None:
    from hakemisto.sources.report import as_markdown, rows

    write_org(content, 'name: "@octocat [klikkaa](https://evil.example) <img src=x> ![k](y)"\nstatus: listed\n')
    loaded, _ = check(content)
    text = as_markdown(rows(loaded, date(2026, 11, 30)), date(2026, 11, 30), 12)
    line = next(l for l in text.splitlines() if "odottava-yhdistys" in l)
    assert "@\u200boctocat" in line and "\\]\\(" in line and "\\<img" in line and "https:\u200b//" in line
    assert "https://" not in line and "@octocat" not in line


def test_both_validators_read_every_pattern_alike() -> None:
    """Each pattern in the schemas, on values with and without a final newline, in both validators."""
    from hakemisto.content.schema import schema_files

    patterns = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema_files())
    assert patterns
    import jsonschema_rs

    for pattern in patterns:
        compiled = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
        for value in ("a", "ab-cd", "main", "/", "/hakemisto/", "https://example.org/", "1234567-1", "00100",
                      "a\n", "/\n", "main\n", "00100\n", "1234567-1\n", ""):
            assert pattern_matches(pattern, value) == compiled.is_valid(value), (pattern, value)


def test_both_validators_agree_on_a_trailing_newline_in_an_id() -> None:
    doc = {"name": "x", "kind": "network", "status": "proposed",
           "meetings": [{"id": "m1\n", "date": "2026-01-01", "title": "t"}]}
    assert not fast_validator("network").is_valid(doc)
    assert list(validator("network").iter_errors(doc))


# ----------------------------------------------------------------------------- accepted means renderable

TRICKY = ["<!--<script>", "</script>", "]]>", "&amp;", '"', "'", "=1+1", "@x", "+358", "-", "\u00e4\u00f6\u00e5",
          "A\u0308", "\u0430", "x\ty", "x\ny", "\x1b", "\ufffe", "\u202e", "\u200b", "javascript:", "{{ 1 }}", "%s",
          "::error::x", "..", "/", "\\", "#", "*", "_", "`", "|", "$", "ä" * 300]
TEXT = st.one_of(st.sampled_from(TRICKY),
                 st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF,
                                                exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=40),
                 st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x7E), min_size=1, max_size=30))
ACCEPTED: list[int] = []


@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXT, summary=TEXT, description=st.one_of(TEXT, st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp"), include_characters="\n"), max_size=200)), contact=TEXT, meeting_title=TEXT,
       meeting_id=st.one_of(st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z"),
                            st.sampled_from(["m1\n", "../x", "a/b", "A", "x\x00"])))
def test_whatever_check_accepts_build_renders(name: str, summary: str, description: str, contact: str,
                                              meeting_title: str, meeting_id: str) -> None:
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(VALID, root)
        org = {"name": name, "status": "listed", "summary": summary, "description": description,
               "contacts": [{"name": contact, "title": summary}]}
        (root / ORG).write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
        net_path = root / NET
        net = yaml.safe_load(net_path.read_text(encoding="utf-8"))
        net["name"] = {"fi": name or "x", "sv": summary or "y"}
        net["meetings"][0]["title"] = meeting_title
        net["meetings"][0]["id"] = meeting_id
        net_path.write_text(yaml.safe_dump(net, allow_unicode=True), encoding="utf-8")
        content, problems = check(root)
        if problems:
            return
        ACCEPTED.append(1)
        files = render_site(content, base_url="https://example.org/", today=date(2026, 11, 27))
    for path, data in files.items():
        if path.endswith((".xml",)):
            ET.fromstring(data)
        elif path.endswith(".json"):
            json.loads(data)
        elif path.endswith(".ics"):
            from icalendar import Calendar

            Calendar.from_ical(data)
        elif path.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), path
    assert not any("\n" in p or "\r" in p for p in files)
    assert os.sep not in meeting_id or not any(meeting_id in p for p in files)


def test_the_property_test_saw_accepted_documents() -> None:
    """The property above is only worth something if many of its documents passed the check."""
    if ACCEPTED:  # run after it in the same session
        assert len(ACCEPTED) >= 20, len(ACCEPTED)
