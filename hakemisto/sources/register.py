"""Facts from the public register: the Finnish Business Information System (YTJ) open data API v3
of the Finnish Patent and Registration Office (PRH), licensed CC BY 4.0.

`build.py register ytj` fetches each organisation by its business ID, or (without one) searches by
its exact name and accepts only an unambiguous match. It writes only the `register` block (and
`business_id` when a name match is certain), keeping everything else in the file; the block says
where the facts come from and when they were fetched, and pages show them apart from what the
organisation itself wrote. Responses are untrusted: each value is checked, and the file is written
only when the whole content still passes the check. Nothing is guessed: ambiguous and not-found
organisations are listed for a person to decide.

Fields relied on, from the API's responses (see README, "Facts from the public register"):
`companies[].businessId.value`, `names[]` (`name`, `type` "1" = registered name, `endDate`),
`companyForms[]` (`descriptions[]` with `languageCode` "1" fi / "2" sv / "3" en, `endDate`),
`website.url`, `addresses[]` (`street`, `buildingNumber`, `entrance`, `apartmentNumber`, `postCode`,
`postOffices[]` with `city` and `languageCode`, `postOfficeBox`, `co`), `endDate`, `totalResults`.
Every one of them is checked for its type (`SHAPE`) before any is read: an answer of another shape
is an error for that organisation, and the others go on.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

from ..content import yamledit
from ..content.check import change_file, check
from ..content.tree import Content
from ..site.i18n import text
from .report import inert_markdown
from ..content.schema import is_business_id, is_http_url

API = "https://avoindata.prh.fi/opendata-ytj-api/v3"
SOURCE = "ytj"
USER_AGENT = "hakemisto (directory of child and family NGOs in Uusimaa; register facts for its profiles)"
LANGUAGE_CODES = {"1": "fi", "2": "sv", "3": "en"}
MIN_INTERVAL = 0.25
"""Seconds between two requests: at most 240 a minute, under the about 300 that older documentation of the API asked for."""
MAX_TEXT = 300


class RegisterError(Exception):
    """The register could not be asked (network, timeout, an error status), or its answer was not JSON
    of the documented shape."""


_CODE = (str, int)
COMPANY: dict[str, Any] = {
    "businessId": {"value": str},
    "names": [{"name": str, "type": _CODE, "endDate": str}],
    "companyForms": [{"descriptions": [{"languageCode": _CODE, "description": str}], "endDate": str}],
    "website": {"url": str},
    "addresses": [{"street": str, "buildingNumber": str, "entrance": str, "apartmentNumber": str, "postCode": str,
                   "postOfficeBox": str, "co": str, "endDate": str,
                   "postOffices": [{"city": str, "languageCode": _CODE}]}],
    "endDate": str,
}
SHAPE: dict[str, Any] = {"totalResults": int, "companies": [COMPANY]}
"""The fields this module reads from an answer and the type of each (a mapping, a list of items of a
shape, or the types a value may have); a field may be missing or null."""


def shape_error(value: Any, shape: Any, at: str = "") -> str:
    """Where a value is not of the shape: the path of the first field of another type, '' when none."""
    if value is None:
        return ""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return at or "the answer"
        return next((found for key, sub in shape.items()
                     if (found := shape_error(value.get(key), sub, f"{at}.{key}" if at else key))), "")
    if isinstance(shape, list):
        if not isinstance(value, list):
            return at or "the answer"
        return next((found for i, item in enumerate(value) if (found := shape_error(item, shape[0], f"{at}[{i}]"))), "")
    return "" if isinstance(value, shape) and not isinstance(value, bool) else at


# ----------------------------------------------------------------------------- the client


class Client:
    """Asks the YTJ API with timeouts, retries on transient errors, and requests spaced out."""

    def __init__(self, base: str = API, session: Any = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base = base.rstrip("/")
        self.session = session or _session()
        self._clock, self._sleep, self._last = clock, sleep, -MIN_INTERVAL

    def companies(self, **query: str) -> list[dict[str, Any]]:
        """The companies matching a query (`businessId=…` or `name=…`)."""
        import requests

        wait = self._last + MIN_INTERVAL - self._clock()
        if wait > 0:
            self._sleep(wait)
        self._last = self._clock()
        try:
            response = self.session.get(f"{self.base}/companies", params=query, timeout=(5, 30),
                                        headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        except requests.RequestException as err:
            raise RegisterError(f"the register did not answer ({type(err).__name__})") from err
        if response.status_code == 404:
            return []
        if response.status_code != 200:
            raise RegisterError(f"the register answered with status {response.status_code}")
        try:
            data = response.json()
        except ValueError as err:
            raise RegisterError("the register's answer was not JSON") from err
        except RecursionError as err:
            raise RegisterError("the register's answer was nested too deeply") from err
        wrong = shape_error(data, SHAPE) if data is not None else "the answer"
        if wrong:
            raise RegisterError(f"the register's answer had a value of the wrong type at {wrong}")
        return list(data.get("companies") or [])


def _session(backoff: float = 1.0) -> Any:
    """A requests session that retries connection errors, 429 and 5xx, honouring Retry-After;
    the waits between tries grow exponentially (`backoff` is urllib3's backoff_factor)."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    session = requests.Session()
    retry = Retry(total=3, backoff_factor=backoff, status_forcelist=(429, 500, 502, 503, 504),
                  allowed_methods=("GET",), respect_retry_after_header=True)
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


# ----------------------------------------------------------------------------- reading a company


def _clean(value: Any) -> str:
    """A text value from the register: a string without control characters, trimmed, not too long."""
    if not isinstance(value, str):
        return ""
    value = re.sub(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", " ", value)
    return " ".join(value.split())[:MAX_TEXT]


def _current(entries: Any) -> list[dict[str, Any]]:
    return [e for e in entries if isinstance(e, dict) and not e.get("endDate")] if isinstance(entries, list) else []


def business_id(company: dict[str, Any]) -> str:
    """The business ID of a register answer, cleaned ('' when it has none)."""
    found = company.get("businessId")
    value = _clean(found.get("value") if isinstance(found, dict) else found)
    return value if is_business_id(value) else ""


def names(company: dict[str, Any]) -> tuple[str, list[str]]:
    """(the registered name, the other current names: parallel and auxiliary ones)."""
    current = _current(company.get("names"))
    registered = next((_clean(n.get("name")) for n in current if str(n.get("type")) == "1"), "")
    others = [_clean(n.get("name")) for n in current if str(n.get("type")) != "1" and _clean(n.get("name"))]
    return registered, list(dict.fromkeys(o for o in others if o != registered))


def company_form(company: dict[str, Any]) -> dict[str, str]:
    """The current legal form, by language (fi, sv, en)."""
    current = _current(company.get("companyForms"))
    if not current:
        return {}
    out = {}
    for item in current[0].get("descriptions") or []:
        lang = LANGUAGE_CODES.get(str(item.get("languageCode"))) if isinstance(item, dict) else None
        if lang and _clean(item.get("description")):
            out[lang] = _clean(item["description"])
    return out if "fi" in out else {}


def website(company: dict[str, Any]) -> str:
    """The website as an https address ('' when there is none, or it is not a web address)."""
    found = company.get("website")
    url = _clean(found.get("url") if isinstance(found, dict) else found)
    if url and "://" not in url:
        url = "https://" + url
    return url if url and is_http_url(url) else ""


def addresses(company: dict[str, Any]) -> list[dict[str, str]]:
    """Each current address as street, postal code and city (Finnish name of the post office)."""
    out = []
    for item in _current(company.get("addresses")):
        street = " ".join(p for p in (_clean(item.get(k)) for k in ("street", "buildingNumber", "entrance")) if p)
        if _clean(item.get("apartmentNumber")):
            street += f" {_clean(item['apartmentNumber'])}"
        if not street and _clean(item.get("postOfficeBox")):
            street = f"PL {_clean(item['postOfficeBox'])}"
        offices = [o for o in item.get("postOffices") or [] if isinstance(o, dict)]
        city = next((_clean(o.get("city")) for o in offices if str(o.get("languageCode")) == "1"), "") or \
            next((_clean(o.get("city")) for o in offices), "")
        entry = {k: v for k, v in (("street", street), ("postal_code", _clean(item.get("postCode"))), ("city", city)) if v}
        if entry and entry not in out:
            out.append(entry)
    return out


def ended(company: dict[str, Any]) -> str:
    """The date the entity ceased ('' while it is active)."""
    value = _clean(company.get("endDate"))
    return value[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value) else ""


def facts(company: dict[str, Any], fetched: date) -> dict[str, Any]:
    """The `register` block for one company."""
    registered, other_names = names(company)
    block: dict[str, Any] = {"source": SOURCE, "fetched": fetched.isoformat(), "business_id": business_id(company),
                             "name": registered}
    if other_names:
        block["other_names"] = other_names
    for key, value in (("form", company_form(company)), ("website", website(company)), ("addresses", addresses(company))):
        if value:
            block[key] = value
    block["status"] = "ended" if ended(company) else "active"
    if ended(company):
        block["ended"] = ended(company)
    return block


# ----------------------------------------------------------------------------- matching by name


_ENDINGS = re.compile(r"\s+(ry|rf|r\.y\.|r\.f\.|sr|sr\.|ry\.|rf\.)$")


def normalise_name(name: str) -> str:
    """A name for comparison: case, hyphens and dashes, spacing, and the ending ry/rf/sr ignored."""
    value = " ".join(re.sub(r"[-‐‑–—]", " ", name.casefold()).split())
    return _ENDINGS.sub("", value).strip()


def _matches(company: dict[str, Any], wanted: str) -> bool:
    registered, others = names(company)
    return any(normalise_name(n) == wanted for n in [registered, *others] if n)


# ----------------------------------------------------------------------------- the run


@dataclass
class Result:
    """What was done for one organisation."""

    slug: str
    name: str
    outcome: str  # updated, unchanged, ambiguous, not-found, ended, error, refused
    detail: str = ""
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (name, business id)


def _lookup(client: Client, name: str, known_id: str) -> tuple[dict[str, Any] | None, Result | None]:
    """The one company for an organisation, or the reason there is none to take."""
    if known_id:
        found = [c for c in client.companies(businessId=known_id) if business_id(c) == known_id]
        return (found[0], None) if found else (None, Result("", name, "not-found", f"business ID {known_id}"))
    wanted = normalise_name(name)
    same = [c for c in client.companies(name=name) if _matches(c, wanted)]
    active = [c for c in same if not ended(c)]
    if len(active) == 1:
        return active[0], None
    if not same:
        return None, Result("", name, "not-found")
    return None, Result("", name, "ambiguous", candidates=[(names(c)[0], business_id(c)) for c in same])


def updated_text(raw: bytes, block: dict[str, Any], set_business_id: str) -> str | None:
    """A file's text with the register block (and the business ID) written in and everything else
    kept; None when the facts are the ones already there (the file is then left as it is)."""
    data = yamledit.load(raw)
    old = data.get("register")
    if old is not None and {k: v for k, v in _plain(old).items() if k != "fetched"} == \
            {k: v for k, v in block.items() if k != "fetched"} and (not set_business_id or data.get("business_id")):
        return None
    data["register"] = yamledit.plain(block)
    if set_business_id and not data.get("business_id"):
        data["business_id"] = set_business_id
    return yamledit.dump(data)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def run(content_dir: Path, client: Client, today: date, only: list[str] | None = None) -> list[Result]:
    """Ask the register about every organisation (or those in `only`) and update their files."""
    return list(each(content_dir, client, today, only))


def each(content_dir: Path, client: Client, today: date, only: list[str] | None = None) -> Iterator[Result]:
    """What was done for each organisation, as it is done (so a report can say how far a run got)."""
    content, problems = check(content_dir)
    if content is None or problems:
        yield Result("", "", "error", "the content has problems; run `make check` first")
        return
    for slug, doc in sorted(content.organizations.items()):
        if not only or slug in only:
            yield _one(content, content_dir, client, today, slug, doc.data)


def _one(content: Content, content_dir: Path, client: Client, today: date, slug: str, data: dict[str, Any]) -> Result:
    name = text(data["name"], "fi")
    try:
        company, reason = _lookup(client, name, data.get("business_id", ""))
    except RegisterError as err:
        return Result(slug, name, "error", str(err))
    if company is None:
        assert reason is not None
        reason.slug = slug
        return reason
    block = facts(company, today)
    if not block["business_id"] or not block["name"]:
        return Result(slug, name, "refused", "the register's answer had no business ID or name")
    path = content_dir / "organizations" / f"{slug}.yaml"
    was_active = (data.get("register") or {}).get("status", "active") == "active"
    new_text = updated_text(path.read_bytes(), block, "" if data.get("business_id") else block["business_id"])
    if new_text is None:
        return Result(slug, name, "unchanged")
    problems = change_file(content_dir, path, new_text)
    if problems:
        return Result(slug, name, "refused", "; ".join(p.message("en") for p in problems[:3]))
    if block["status"] == "ended":
        return Result(slug, name, "ended", f"ended {block['ended']}" + ("" if was_active else " (known before)"))
    return Result(slug, name, "updated", block["business_id"])


def summary(results: list[Result]) -> str:
    """What the run did, in Markdown: for the terminal and the pull request's description."""
    titles = {"updated": "Päivitetty (updated)", "ended": "Lakannut rekisterin mukaan (ended in the register)",
              "ambiguous": "Useita osumia: päätä käsin (several matches: decide by hand)",
              "not-found": "Ei löytynyt (not found)", "refused": "Hylätty (refused)", "error": "Virhe (error)",
              "unchanged": "Ennallaan (unchanged)"}
    lines = ["# YTJ-rekisteritiedot (register facts from YTJ)", ""]
    for outcome, title in titles.items():
        found = [r for r in results if r.outcome == outcome]
        if not found:
            continue
        lines.append(f"## {title}: {len(found)}")
        lines.append("")
        for r in found:
            detail = f" – {inert_markdown(r.detail)}" if r.detail else ""
            lines.append(f"- `{r.slug}` {inert_markdown(r.name)}{detail}" if r.slug else f"- {inert_markdown(r.detail)}")
            lines += [f"  - {inert_markdown(n)} ({inert_markdown(b)})" for n, b in r.candidates]
        lines.append("")
    return "\n".join(lines)
