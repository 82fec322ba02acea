"""`build.py serve`: serves the site, rebuilds on changes, shows content errors on the page and in
the terminal while the last good build keeps being served."""
from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def raw_get(port: int, path: str) -> tuple[int, str]:
    """GET a path exactly as written (no client-side normalising of `..`)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_for(predicate, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_serve_rebuilds_and_reports_errors(content: Path, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--out", str(tmp_path / "site"),
         "--port", str(port), "--no-search", "--lang", "en", "--base-url", "/hakemisto/"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: get(base + "/__build")[0] == 200)
        status, home = get(base + "/hakemisto/")
        assert status == 200 and "Lapsi- ja perhejärjestöt Uudellamaalla" in home and "/__reload.js" in home
        assert "/__build" in get(base + "/__reload.js")[1]
        assert get(base + "/hakemisto/jarjestot")[0] == 200
        assert get(base + "/hakemisto/ei-ole/")[0] == 404
        secret = tmp_path / "secret.html"
        secret.write_text("not part of the site", encoding="utf-8")
        for escape in ("/hakemisto/../secret.html", "/hakemisto/../../secret.html", "/hakemisto/%2e%2e/secret.html",
                       "/hakemisto/..%2f..%2fsecret.html"):
            status, body = raw_get(port, escape)
            assert "not part of the site" not in body, escape
        first = get(base + "/__build")[1]

        org = content / "organizations" / "aaltoilevat-perheet.yaml"
        good = org.read_text(encoding="utf-8")
        org.write_text(good.replace("Harrastustoimintaa", "Liikuntaa"), encoding="utf-8")
        wait_for(lambda: get(base + "/__build")[1] != first)
        assert "Liikuntaa koko perheelle" in get(base + "/hakemisto/jarjestot/aaltoilevat-perheet/")[1]

        org.write_text(good.replace("status: active", "status: aktiivinen"), encoding="utf-8")
        wait_for(lambda: 'role="alert"' in get(base + "/hakemisto/jarjestot/aaltoilevat-perheet/")[1])
        status, page = get(base + "/hakemisto/jarjestot/aaltoilevat-perheet/")
        assert status == 200 and 'role="alert"' in page and "aktiivinen" in page
        assert "Liikuntaa koko perheelle" in page

        org.write_text(good, encoding="utf-8")  # back to the text of the first clean check
        wait_for(lambda: 'role="alert"' not in get(base + "/hakemisto/jarjestot/aaltoilevat-perheet/")[1])
        assert "Harrastustoimintaa" in get(base + "/hakemisto/jarjestot/aaltoilevat-perheet/")[1]
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    assert "`aktiivinen` is not allowed for `status`" in err
    assert "Traceback" not in err


def _request(port: int, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """serve's handler on a free port, for a site with links to a secret file and a folder outside it."""
    import threading
    from functools import partial
    from http.server import ThreadingHTTPServer

    from hakemisto.serve import Handler, State

    root = tmp_path_factory.mktemp("serve")
    site = root / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>t</title><body>koti</body>", encoding="utf-8")
    (site / "style.css").write_text("body{}", encoding="utf-8")
    (site / "404.html").write_text("<!doctype html><title>404</title><body>ei ole</body>", encoding="utf-8")
    secret = root / "secret.txt"
    secret.write_text("s" * SECRET_SIZE, encoding="utf-8")
    (site / "link.txt").symlink_to(secret)
    (site / "sub" / "outside").symlink_to(root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site), state=State(), base_path="/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


SECRET_SIZE = 12345


def test_every_method_gets_the_same_containment_check(served: int) -> None:
    """HEAD went to the standard handler unchecked: through a link in the site it told the size of
    any file on the machine. Only GET and HEAD are answered, both by one check."""
    port = served
    for path in ("/link.txt", "/sub/outside/secret.txt", "/../secret.txt", "/%2e%2e/secret.txt"):
        for method in ("GET", "HEAD"):
            status, headers, body = _request(port, method, path)
            assert status == 404 and headers.get("Content-Length") != str(SECRET_SIZE), (method, path)
            assert b"sss" not in body
    status, headers, body = _request(port, "HEAD", "/style.css")
    assert status == 200 and headers["Content-Length"] == "6" and body == b""
    status, headers, body = _request(port, "HEAD", "/")
    assert status == 200 and int(headers["Content-Length"]) > 0 and body == b""
    assert _request(port, "GET", "/style.css")[2] == b"body{}"
    for method in ("POST", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND"):
        status, _headers, body = _request(port, method, "/link.txt")
        assert status in (405, 501) and b"sss" not in body, method


PARTS = st.one_of(st.sampled_from(["..", ".", "%2e%2e", "%2E%2e", "..%2f..", "%2f", "%5c", "link.txt", "sub", "outside",
                                   "secret.txt", "index.html", "style.css", "", "%00", "\\", "~", "?x=1", "#x", "%",
                                   "%c0%ae%c0%ae", "__build", "__reload.js", "%C3%A4", "%e4", "x" * 300]),
                  st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=8))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(method=st.sampled_from(["GET", "HEAD"]), parts=st.lists(PARTS, max_size=6))
def test_no_request_reaches_a_file_outside_the_site(served: int, method: str, parts: list[str]) -> None:
    status, headers, body = _request(served, method, "/" + "/".join(parts))
    assert status in (200, 301, 404), status
    assert headers.get("Content-Length") != str(SECRET_SIZE) and b"sssss" not in body
