"""Facts from the public register (YTJ), tested without the network: responses in the shape the
API gives (recorded-shape fixtures of fictional entities), an error status, a timeout, and a real
HTTP exchange with a server on this machine for the retries."""
from __future__ import annotations

import copy
import json
import shutil
import tempfile
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from hakemisto.content.check import check
from hakemisto.cli import main
from hakemisto.sources.register import Client, RegisterError, facts, normalise_name, run, summary
from sitebuild import build, page, render_organisation, text
from test_hardening import TRICKY
from test_property import JSONISH, _paths, _replace

YTJ = FIXTURES / "ytj"
TODAY = date(2026, 12, 1)


class Response:
    def __init__(self, status: int, body: object) -> None:
        self.status_code, self._body = status, body

    def json(self) -> object:
        if isinstance(self._body, Exception):
            raise self._body
        return self._body


class Session:
    """Answers as the API does, from fixture files, by the query's business ID or name."""

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers, self.asked = answers, []

    def get(self, url: str, params: dict[str, str], timeout: object, headers: dict[str, str]) -> Response:
        assert url.endswith("/companies") and timeout and "hakemisto" in headers["User-Agent"]
        key = params.get("businessId") or params.get("name")
        self.asked.append(key)
        answer = self.answers.get(key, "empty.json")
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, int):
            return Response(answer, {})
        if isinstance(answer, Response):
            return answer
        if not isinstance(answer, str):  # a body given as data
            return Response(200, answer)
        return Response(200, json.loads((YTJ / str(answer)).read_text(encoding="utf-8")))


def client(answers: dict[str, object]) -> Client:
    return Client(session=Session(answers), sleep=lambda seconds: None)


@pytest.fixture
def tree(content: Path) -> Path:
    (content / "organizations" / "kuvitteellinen-lastensaatio.yaml").write_text(
        "# yaml-language-server: $schema=../../../../schemas/organization.schema.json\n"
        "# Fictional foundation, added for the register tests.\nname: Kuvitteellinen Lastensäätiö\nstatus: listed\n",
        encoding="utf-8")
    return content


ANSWERS = {"1234567-1": "association.json", "Kuvitteellinen Lastensäätiö": "foundation.json",
           "Odottava Yhdistys": "several.json", "Zeta-säätiö": "ended.json", "Åaltoilevat Perheet ry": "empty.json"}


def test_exact_matches_fill_the_block_and_the_business_id(tree: Path) -> None:
    own_before = yaml.safe_load((tree / "organizations" / "kuvitteellinen-perheyhdistys.yaml").read_text(encoding="utf-8"))
    results = {r.slug: r for r in run(tree, client(ANSWERS), TODAY)}
    assert results["kuvitteellinen-perheyhdistys"].outcome == "updated"
    assert results["kuvitteellinen-lastensaatio"].outcome == "updated"
    association = yaml.safe_load((tree / "organizations" / "kuvitteellinen-perheyhdistys.yaml").read_text(encoding="utf-8"))
    assert association["register"] == {
        "source": "ytj", "fetched": "2026-12-01", "business_id": "1234567-1", "name": "Kuvitteellinen Perheyhdistys ry",
        "other_names": ["Fiktiva Familjeföreningen rf"],
        "form": {"fi": "Aatteellinen yhdistys", "sv": "Ideell förening", "en": "Non-profit association"},
        "website": "https://www.kuvitteellinen-perheyhdistys.example",
        "addresses": [{"street": "Esimerkkikatu 5 B 12", "postal_code": "00100", "city": "HELSINKI"},
                      {"street": "PL 123", "postal_code": "00101", "city": "HELSINKI"}],
        "status": "active"}
    assert association["website"] == own_before["website"]  # the organisation's own website is never replaced
    assert {k: v for k, v in association.items() if k != "register"} == own_before
    foundation_text = (tree / "organizations" / "kuvitteellinen-lastensaatio.yaml").read_text(encoding="utf-8")
    foundation = yaml.safe_load(foundation_text)
    assert foundation["business_id"] == "7654321-2" and "website" not in foundation["register"]
    assert foundation["register"]["form"]["en"] == "Foundation" and foundation["status"] == "listed"
    assert "# Fictional foundation, added for the register tests." in foundation_text
    assert check(tree)[1] == []


def test_ambiguous_and_not_found_are_reported_and_leave_files_byte_identical(tree: Path) -> None:
    files = {p.name: p.read_bytes() for p in (tree / "organizations").glob("*.yaml")}
    results = {r.slug: r for r in run(tree, client(ANSWERS), TODAY)}
    assert results["odottava-yhdistys"].outcome == "ambiguous"
    assert sorted(results["odottava-yhdistys"].candidates) == [("Odottava Yhdistys ry", "2222222-9"),
                                                               ("Odottava yhdistys r.y.", "3333333-8")]
    assert results["aaltoilevat-perheet"].outcome == "not-found"
    for name in ("odottava-yhdistys.yaml", "aaltoilevat-perheet.yaml"):
        assert (tree / "organizations" / name).read_bytes() == files[name]
    report = summary(list(results.values()))
    assert "Useita osumia" in report and "3333333-8" in report and "Ei löytynyt" in report


def test_dissolved_entity_is_flagged_in_the_report_and_on_its_profile(tree: Path, tmp_path: Path) -> None:
    zeta = tree / "organizations" / "zeta-saatio.yaml"
    zeta.write_text(zeta.read_text(encoding="utf-8") + 'business_id: "5555555-6"\n', encoding="utf-8")
    results = {r.slug: r for r in run(tree, client({**ANSWERS, "5555555-6": "ended.json"}), TODAY)}
    assert results["zeta-saatio"].outcome == "ended" and "2024-05-31" in results["zeta-saatio"].detail
    assert "Lakannut rekisterin mukaan" in summary(list(results.values()))
    site = build(tree, tmp_path / "site")
    box = page(site, "en/jarjestot/zeta-saatio/").select_one(".register")
    assert "ceased" in text(box) and "31 May 2024" in text(box)


def test_rerunning_with_the_same_answers_changes_nothing(tree: Path) -> None:
    run(tree, client(ANSWERS), TODAY)
    files = {p.name: p.read_bytes() for p in (tree / "organizations").glob("*.yaml")}
    again = run(tree, client(ANSWERS), date(2027, 1, 15))
    assert {r.slug: r.outcome for r in again}["kuvitteellinen-perheyhdistys"] == "unchanged"
    assert {p.name: p.read_bytes() for p in (tree / "organizations").glob("*.yaml")} == files


def test_an_error_status_and_a_timeout_are_reported_and_the_rest_goes_on(tree: Path) -> None:
    answers = {**ANSWERS, "1234567-1": 500, "Kuvitteellinen Lastensäätiö": requests.Timeout("slow")}
    files = {p.name: p.read_bytes() for p in (tree / "organizations").glob("*.yaml")}
    results = {r.slug: r for r in run(tree, client(answers), TODAY)}
    assert results["kuvitteellinen-perheyhdistys"].outcome == "error" and "500" in results["kuvitteellinen-perheyhdistys"].detail
    assert results["kuvitteellinen-lastensaatio"].outcome == "error" and "Timeout" in results["kuvitteellinen-lastensaatio"].detail
    assert results["odottava-yhdistys"].outcome == "ambiguous"
    assert {p.name: p.read_bytes() for p in (tree / "organizations").glob("*.yaml")} == files


def test_only_the_named_organisations_are_asked(tree: Path) -> None:
    session = Session(ANSWERS)
    run(tree, Client(session=session, sleep=lambda s: None), TODAY, only=["aaltoilevat-perheet"])
    assert session.asked == ["Åaltoilevat Perheet ry"]


def test_hostile_answers_are_cleaned_or_refused() -> None:
    company = json.loads((YTJ / "association.json").read_text(encoding="utf-8"))["companies"][0]
    company["names"][0]["name"] = "Nimi\u202e\x1b[31m ry" + "x" * 1000
    company["website"] = {"url": "javascript:alert(1)"}
    company["businessId"] = {"value": "1234567-2"}  # wrong check digit
    block = facts(company, TODAY)
    assert "\u202e" not in block["name"] and "\x1b" not in block["name"] and len(block["name"]) <= 300
    assert "website" not in block and block["business_id"] == ""


def test_name_normalising() -> None:
    assert normalise_name("Odottava-Yhdistys ry") == normalise_name("odottava yhdistys") == "odottava yhdistys"
    assert normalise_name("Fiktiva Föreningen rf") == "fiktiva föreningen"
    assert normalise_name("Kuvitteellinen Säätiö sr") == "kuvitteellinen säätiö"
    assert normalise_name("Ryhmä ry") == "ryhmä"


def test_requests_are_spaced_out() -> None:
    now = [0.0]
    waits: list[float] = []
    session = Session({})
    c = Client(session=session, clock=lambda: now[0], sleep=lambda s: (waits.append(s), now.__setitem__(0, now[0] + s)))
    for _ in range(3):
        c.companies(name="x")
    assert waits == [pytest.approx(0.25), pytest.approx(0.25)]


def test_the_real_client_retries_transient_errors_over_http() -> None:
    """requests with urllib3's Retry against a server on this machine: two 503s, then the answer."""
    calls: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            calls.append(self.path)
            if len(calls) < 3:
                self.send_response(503)
                self.send_header("Retry-After", "0")
                self.end_headers()
                return
            body = (YTJ / "foundation.json").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/opendata-ytj-api/v3"
        from hakemisto.sources.register import _session

        session = _session(backoff=0.01)  # the real retries, without waiting seconds between them
        from requests.adapters import HTTPAdapter

        session.mount("http://", session.get_adapter("https://"))
        found = Client(base, session=session).companies(businessId="7654321-2")
        assert [c["businessId"]["value"] for c in found] == ["7654321-2"] and len(calls) == 3
        assert isinstance(session.get_adapter("https://"), HTTPAdapter)
        with pytest.raises(RegisterError):
            Client("http://127.0.0.1:9/none", session=session).companies(name="x")
    finally:
        server.shutdown()


def _association(**changes: object) -> dict:
    """The association's answer with some fields replaced."""
    company = json.loads((YTJ / "association.json").read_text(encoding="utf-8"))["companies"][0]
    return {"totalResults": 1, "companies": [{**company, **changes}]}


def _with_address(**changes: object) -> dict:
    answer = _association()
    answer["companies"][0]["addresses"][0].update(changes)
    return answer


class Deep(Response):
    """An answer nested deeper than the JSON reader recurses."""

    def __init__(self) -> None:
        super().__init__(200, None)

    def json(self) -> object:
        return json.loads("[" * 200_000 + "]" * 200_000)


@pytest.mark.parametrize("answer,where", [
    (_association(companyForms=[{"type": "5", "descriptions": 5}]), "companies[0].companyForms[0].descriptions"),
    (_with_address(postOffices=5), "companies[0].addresses[0].postOffices"),
    (_with_address(postCode=100), "companies[0].addresses[0].postCode"),
    (_association(names="Kuvitteellinen"), "companies[0].names"),
    (_association(businessId={"value": 1234567}), "companies[0].businessId.value"),
    (_association(website=["https://example.org"]), "companies[0].website"),
    (_association(endDate=True), "companies[0].endDate"),
    ({"totalResults": 1, "companies": 7}, "companies"),
    ({"totalResults": 1, "companies": ["x"]}, "companies[0]"),
    ([1, 2], "the answer"),
    (Response(200, None), "the answer"),
    (Deep(), "nested too deeply"),
])
def test_an_answer_of_the_wrong_shape_is_reported_for_its_organisation_and_the_others_go_on(
        tree: Path, answer: object, where: str) -> None:
    files = {p.name: p.read_bytes() for p in (tree / "organizations").glob("*.yaml")}
    results = {r.slug: r for r in run(tree, client({**ANSWERS, "1234567-1": answer}), TODAY)}
    assert results["kuvitteellinen-perheyhdistys"].outcome == "error", results["kuvitteellinen-perheyhdistys"]
    assert where in results["kuvitteellinen-perheyhdistys"].detail
    assert results["kuvitteellinen-lastensaatio"].outcome == "updated"
    assert (tree / "organizations" / "kuvitteellinen-perheyhdistys.yaml").read_bytes() == files["kuvitteellinen-perheyhdistys.yaml"]
    assert where.replace("[", "\\[").replace("]", "\\]") in summary(list(results.values()))


def test_the_command_writes_its_report_and_a_message_whatever_happens(
        tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A failure no check foresaw stops the run: the report says what was done until then, the exit
    code says it failed, and there is no traceback."""
    import hakemisto.sources.register

    answers = {**ANSWERS, "Odottava Yhdistys": RuntimeError("the connection pool broke")}
    monkeypatch.setattr(hakemisto.sources.register, "Client", lambda: client(answers))
    report = tmp_path / "register.md"
    code = main(["register", "ytj", "--content", str(tree), "--report", str(report), "--today", TODAY.isoformat()])
    assert code == 2
    text = report.read_text(encoding="utf-8")
    assert "kuvitteellinen-lastensaatio" in text and "Päivitetty" in text  # done before the failure
    assert "the run stopped" in text and "RuntimeError" in text and "the connection pool broke" in text
    assert "Traceback" not in capsys.readouterr().err


def test_the_command_exits_1_when_an_organisation_had_an_error(tree: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import hakemisto.sources.register

    monkeypatch.setattr(hakemisto.sources.register, "Client", lambda: client({**ANSWERS, "1234567-1": {"companies": 7}}))
    report = tmp_path / "register.md"
    assert main(["register", "ytj", "--content", str(tree), "--report", str(report), "--today", TODAY.isoformat()]) == 1
    assert "Virhe (error)" in report.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- any answer

ASSOCIATION = json.loads((YTJ / "association.json").read_text(encoding="utf-8"))
ANSWER_PATHS = _paths(ASSOCIATION)
CHANGED: list[str] = []


@st.composite
def answers(draw: st.DrawFn) -> object:
    """The association's answer with a few values replaced by anything (or anything at all)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(JSONISH)
    answer = copy.deepcopy(ASSOCIATION)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.sampled_from(ANSWER_PATHS))
        try:
            answer = _replace(answer, at, draw(st.one_of(JSONISH, st.sampled_from(TRICKY))))
        except (KeyError, IndexError, TypeError):  # an earlier replacement took this path away
            pass
    return answer


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(answers())
def test_any_answer_gives_a_result_and_changes_at_most_the_organisations_register_facts(answer: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(FIXTURES / "valid", root)
        target = root / "organizations" / "kuvitteellinen-perheyhdistys.yaml"
        before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        [result] = run(root, client({"1234567-1": Response(200, answer)}), TODAY, only=["kuvitteellinen-perheyhdistys"])
        after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        assert result.outcome in ("updated", "unchanged", "not-found", "ended", "error", "refused"), result
        summary([result])
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        if result.outcome not in ("updated", "ended"):
            assert changed == set(), result
            return
        assert changed == {target}
        old, new = yaml.safe_load(before[target]), yaml.safe_load(after[target])
        assert {k: v for k, v in new.items() if k != "register"} == {k: v for k, v in old.items() if k != "register"}
        loaded, problems = check(root)
        assert problems == [], [p.text() for p in problems]
        render_organisation(loaded, "kuvitteellinen-perheyhdistys")
        CHANGED.append(result.outcome)


def test_the_property_test_saw_answers_that_changed_the_file() -> None:
    if CHANGED:  # run after it in the same session
        assert len(CHANGED) >= 5, CHANGED
