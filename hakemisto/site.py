"""Rendering the site: pages in every language, sitemap, robots.txt; written atomically."""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime
from functools import cached_property, lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urlencode

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.nodes import Getattr, Template as TemplateNode
from jinja2.runtime import Context
from markupsafe import Markup, escape

try:
    from markupsafe import _escape_inner  # the C function behind markupsafe.escape, returning str
except ImportError:  # another MarkupSafe release: the same text, a little slower
    def _escape_inner(text: str) -> str:
        return str(escape(text))

from . import i18n
from .content import Content
from .exports import FileData, Pieces, all_exports, joined
from .exports import escape as xml_escape
from .heap import frozen_heap, paused_collector
from .loader import Record
from .markup import render_markdown
from .model import HELSINKI, Directory, Meeting, build_directory, coordinators, make_config, wrap
from .schema import normalise_phone
from .search import FACETS, page_facets, run_pagefind

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
LANG_LABELS = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
MENU = (
    ("organizations", "jarjestot/"), ("themes", "teemat/"), ("areas", "alueet/"), ("networks", "verkostot/"),
    ("contacts", "yhteyshenkilot/"), ("calendar", "kalenteri/"), ("contribute", "osallistu/"),
)


class BuildError(Exception):
    """A problem that stops the build (e.g. two pages writing one file)."""


@dataclass(frozen=True)
class Page:
    """One page in every language: its path below the language prefix, template and data."""

    path: str
    template: str
    kind: str
    section: str = ""
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    lastmod: str = ""
    deps: frozenset[str] | None = field(default=None, hash=False, compare=False)
    """The organisations and networks (`o:slug`, `n:slug`) whose data the page shows; None: all."""


PAGE_SIZE = 100


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a list split into pages of PAGE_SIZE entries."""

    number: int
    count: int
    first: str

    def path(self, number: int) -> str:
        """The path of page `number` (the first keeps the list's own address)."""
        return self.first if number == 1 else f"{self.first}sivu/{number}/"

    def shown(self) -> list[int | None]:
        """Page numbers to link: the first, the last and two either side of this one; None is a gap."""
        wanted = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for n in wanted:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


@dataclass
class Stats:
    """What a build did and how long each phase took."""

    pages: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)


def _json_ld(data: Any) -> Markup:
    """JSON-LD safe to put inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    return Markup(text.replace("</", "<\\/"))


class Site:
    """Everything shared by the pages of one build: settings, derived data, records."""

    def __init__(self, directory: Directory) -> None:
        self.d = directory
        self.config = directory.config
        self.records = {s: wrap(doc.data) for s, doc in directory.content.organizations.items()}
        self.net_records = {s: wrap(doc.data) for s, doc in directory.content.networks.items()}
        self._facets: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._keys: dict[str, dict[str, tuple[str, str, str]]] = {}
        self._ranks: dict[str, dict[str, int]] = {}
        self._same_order: dict[str, str] = {}
        self.contact_memo: dict[str, tuple[Any, list[Record]]] = {}

    def inherit(self, old: Site, touched: set[str]) -> None:
        """Reuse what a build with the same settings and vocabularies derived for the organisations
        and networks that did not change (`touched` holds `o:slug` and `n:slug` keys)."""
        self.d._coverage = old.d._coverage
        for lang, keys in old._keys.items():
            self._keys[lang] = {s: key for s, key in keys.items() if f"o:{s}" not in touched and s in self.records}
        self.contact_memo = old.contact_memo
        prefix = {"organization": "o:", "network": "n:"}
        self._facets = {key: found for key, found in old._facets.items() if prefix[key[0]] + key[1] not in touched}

    def _rank(self, lang: str) -> dict[str, int]:
        """Each organisation's place in the alphabetical order of names in `lang`."""
        rank = self._ranks.get(lang)
        if rank is None:
            keys = self._keys.setdefault(lang, {})
            for slug in self.records:
                if slug not in keys:
                    name = self.org_name(slug, lang)
                    keys[slug] = (i18n.sort_key(name), slug, i18n.initial(name))  # the slug decides ties
            ordered = sorted(self.records, key=keys.__getitem__)
            rank = self._ranks[lang] = {slug: i for i, slug in enumerate(ordered)}
        return rank

    def forget_facets(self) -> None:
        """Drop the search filters kept per page (they are computed again when needed)."""
        self._facets.clear()

    def same_order(self, lang: str) -> str:
        """The first language whose alphabetical order of organisations is that of `lang` (often
        all are the same: most names are written in one language only)."""
        found = self._same_order.get(lang)
        if found is None:
            rank = self._rank(lang)
            found = self._same_order[lang] = next(
                other for other in self.config.languages if other == lang or self._rank(other) == rank)
        return found

    def initial(self, slug: str, lang: str) -> str:
        """The letter an organisation is listed under in the A–Ö list in `lang`."""
        self._rank(lang)
        return self._keys[lang][slug][2]

    def sorted_orgs(self, slugs: Iterable[str], lang: str) -> list[str]:
        """Organisations in Finnish/Swedish alphabetical order of their name in `lang`."""
        return sorted(slugs, key=self._rank(lang).__getitem__)

    @cached_property
    def asset_versions(self) -> dict[str, str]:
        """A short content hash per static file, for cache-busting URLs."""
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:10] for p in sorted(STATIC.iterdir()) if p.is_file()}

    def prefix(self, lang: str) -> str:
        return "" if lang == self.config.languages[0] else f"{lang}/"

    def url(self, path: str, lang: str) -> str:
        """Root-relative URL of a page in a language, under the base path."""
        return f"{self.config.base_path}{self.prefix(lang)}{path}"

    def absolute(self, path: str, lang: str) -> str:
        """Absolute URL when the base URL has a host; else root-relative."""
        return f"{self.config.origin}{self.url(path, lang)}"

    def facets(self, kind: str, slug: str) -> list[tuple[str, str]]:
        """The (facet, id) pairs of a page, computed once for all languages."""
        key = (kind, slug)
        if key not in self._facets:
            self._facets[key] = page_facets(self.d, kind, slug)
        return self._facets[key]

    @cached_property
    def used_facets(self) -> dict[str, set[str]]:
        """The values each search facet has on some page (the same in every language)."""
        used: dict[str, set[str]] = {key: set() for key, _vocab in FACETS}
        for kind, pool in (("organization", self.d.current_orgs()), ("network", list(self.d.content.networks))):
            for slug in pool:
                for facet, key in self.facets(kind, slug):
                    used[facet].add(key)
        return used

    def org_name(self, slug: str, lang: str) -> str:
        return i18n.text(self.records[slug].name, lang)

    def net_name(self, slug: str, lang: str) -> str:
        return i18n.text(self.net_records[slug].name, lang)

    def edit_links(self, folder: str, slug: str, name: str, lang: str) -> tuple[str, str]:
        """GitHub web-editor link for a content file and a pre-filled issue link, or empty strings."""
        repo = self.config.repository
        if not repo:
            return "", ""
        edit = f"{repo}/edit/{self.config.branch}/content/{folder}/{slug}.yaml"
        query = urlencode({"template": "paivita-tiedot.yml", "title": f"Päivitys: {name}",
                           "sivu": self.absolute(f"{'jarjestot' if folder == 'organizations' else 'verkostot'}/{slug}/", lang)})
        return edit, f"{repo}/issues/new?{query}"


class Helpers:
    """Functions templates call as `h.…`, bound to one language."""

    def __init__(self, site: Site, lang: str) -> None:
        self.site, self.lang, self.d = site, lang, site.d
        self.blank = Record()
        self._ = i18n.translations(lang).gettext
        self._cards: dict[tuple[str, str], Markup] = {}
        self._rows: dict[int, tuple[Record, Markup]] = {}
        self._chrome: dict[tuple[str, ...], Markup] = {}
        self._facet_labels: dict[tuple[str, str], str] = {}
        self._facet_spans: dict[tuple[str, str], str] = {}

    def url(self, path: str) -> str:
        return self.site.url(path, self.lang)

    def url_in(self, path: str, lang: str) -> str:
        return self.site.url(path, lang)

    def asset(self, name: str) -> str:
        return f"{self.site.config.base_path}assets/{name}?v={self.site.asset_versions[name]}"

    def t(self, value: Any) -> str:
        return i18n.text(value, self.lang)

    def m(self, value: Any) -> Markup:
        return i18n.marked(value, self.lang)

    def md(self, value: Any, top: int = 3) -> Markup:
        """Localised Markdown as safe HTML, marked lang="fi" when it falls back."""
        content, actual = i18n.pick(value, self.lang)
        html = render_markdown(content, top)
        if actual != self.lang:
            return Markup('<div lang="{}">{}</div>').format(actual, html)
        return html

    def label(self, vocab: str, key: str) -> str:
        entry = self.d.vocab[vocab].get(key)
        return entry.get(self.lang) or entry["fi"] if entry else key

    def labels(self, vocab: str, keys: Iterable[str]) -> str:
        return ", ".join(self.label(vocab, k) for k in keys)

    def date(self, value: str | None) -> str:
        return i18n.long_date(value, self.lang)

    def org(self, slug: str) -> Record:
        return self.site.records[slug]

    def net(self, slug: str) -> Record:
        return self.site.net_records[slug]

    def org_url(self, slug: str) -> str:
        return self.url(f"jarjestot/{slug}/")

    def net_url(self, slug: str) -> str:
        return self.url(f"verkostot/{slug}/")

    def tel(self, phone: str) -> str:
        return normalise_phone(phone) or phone.replace(" ", "")

    def display_url(self, url: str) -> str:
        return url.split("://", 1)[-1].rstrip("/")

    def ages(self, ages: Record) -> str:
        low, high = ages.get("min"), ages.get("max")
        years = {"fi": "v", "sv": "år", "en": "years"}[self.lang]
        if low is not None and high is not None:
            return f"{low}–{high} {years}"
        if low is not None:
            return f"{low}+ {years}"
        return f"0–{high} {years}"

    def vocab_ids(self, vocab: str) -> list[str]:
        return list(self.d.vocab[vocab])

    def theme_count(self, theme: str) -> int:
        return len(self.d.orgs_with_theme(theme))

    def area_groups(self) -> list[dict[str, Any]]:
        return [{"area": a, "municipalities": v.get("municipalities", [])}
                for a, v in self.d.vocab["areas"].items() if v.get("kind") == "service-area"]

    def wide_areas(self) -> list[str]:
        return [a for a, v in self.d.vocab["areas"].items() if v.get("kind") in ("region", "national", "online")]

    def children(self, slug: str) -> list[str]:
        return self.sorted_nets(self.d.children.get(slug, []))

    def sorted_orgs(self, slugs: Iterable[str]) -> list[str]:
        """Organisations in Finnish/Swedish alphabetical order of their name in this language."""
        return self.site.sorted_orgs(slugs, self.lang)

    def page_url(self, pager: Pager, number: int) -> str:
        return self.url(pager.path(number))

    def page_suffix(self, pager: Pager | None) -> str:
        """` (page 2/7)` in the title of every page of a long list but the first."""
        if pager is None or pager.number == 1:
            return ""
        return " " + self._("(page %(number)s/%(count)s)") % {"number": pager.number, "count": pager.count}

    def _once(self, kept: dict[Any, Markup], key: Any, template: str, **context: Any) -> Markup:
        """A partial template rendered once for `key` and kept in `kept` for the pages that follow."""
        found = kept.get(key)
        if found is None:
            found = kept[key] = Markup(environment(self.lang).get_template(template).render(h=self, **context))
        return found

    def card(self, slug: str, heading: str) -> Markup:
        """An organisation's list entry, rendered once per language; for another heading level
        than h3 the title's tags are renamed (the card has no other heading, and its text is
        escaped, so no other `<h3` can occur)."""
        found = self._cards.get((slug, heading))
        if found is None:
            if heading == "h3":
                found = self._once(self._cards, (slug, heading), "partials/card.html", slug=slug, heading=heading)
            else:
                html = str(self.card(slug, "h3"))
                html = html.replace('<h3 class="card-title">', f'<{heading} class="card-title">', 1)
                found = self._cards[(slug, heading)] = Markup(html.replace("</h3>", f"</{heading}>", 1))
        return found

    def cards(self, slugs: Iterable[str], heading: str) -> Markup:
        """The list entries of these organisations, one after the other."""
        return Markup("".join([self.card(slug, heading) for slug in slugs]))

    def site_nav(self, section: str, page_kind: str) -> Markup:
        """The header's search form and main menu, the same on every page of a section and kind."""
        return self._once(self._chrome, ("nav", section, page_kind), "partials/site-nav.html",
                          section=section, page_kind=page_kind)

    def site_footer(self) -> Markup:
        """The footer, the same on every page of a language."""
        return self._once(self._chrome, ("footer",), "partials/site-footer.html", config=self.site.config)

    def facet_spans(self, kind: str, slug: str) -> Markup:
        """The page's search filters as empty elements Pagefind reads (`data-pagefind-filter`)."""
        spans = self._facet_spans
        out = []
        for pair in self.site.facets(kind, slug):
            span = spans.get(pair)
            if span is None:
                facet, key = pair
                label = self.facet_label(facet, key)
                span = spans[pair] = f'<span data-pagefind-filter="{escape(facet)}:{escape(label)}"></span>'
            out.append(span)
        return Markup("".join(out))

    def contact_row(self, row: Record) -> Markup:
        """A row of the contact-person table, rendered once per language (a person is listed
        under each theme of the organisation). The row is kept with it, so its id stays its own."""
        found = self._rows.get(id(row))
        if found is None or found[0] is not row:
            html = environment(self.lang).get_template("partials/contact-row.html").render(h=self, r=row)
            found = self._rows[id(row)] = (row, Markup(html))
        return found[1]

    def contact_rows(self, rows: Iterable[Record]) -> Markup:
        """Rows of the contact-person table, one after the other."""
        return Markup("".join([self.contact_row(row) for row in rows]))

    def sorted_members(self, members: Iterable[Record]) -> list[Record]:
        """Members in alphabetical order of name in this language (Å, Ä, Ö after Z): organisations,
        then other bodies, then past members."""
        def key(member: Record) -> tuple[Any, ...]:
            name = self.t(self.org(member.organization).name) if member.organization else self.t(member.body)
            return (member.past, member.organization is None, i18n.sort_key(name), member.organization or "")
        return sorted(members, key=key)

    def sorted_nets(self, slugs: Iterable[str]) -> list[str]:
        return sorted(slugs, key=lambda s: (i18n.sort_key(self.site.net_name(s, self.lang)), s))

    def network_status(self, status: str) -> str:
        _ = self._
        return {"proposed": _("Recommended"), "active": _("Active"), "ended": _("Ended")}[status]

    def facet_titles(self) -> dict[str, str]:
        """The heading of each search facet in this language."""
        _ = self._
        return {
            "theme": _("Theme"), "municipality": _("Municipality"), "area": _("Wellbeing services county or wider area"),
            "language": _("Language of service"), "target": _("For whom"), "format": _("Activity format"),
            "free": _("Free of charge"), "selfref": _("Self-referral"), "type": _("Page type"),
        }

    def facet_label(self, facet: str, key: str) -> str:
        """The label a facet value is indexed and shown under in this language."""
        found = self._facet_labels.get((facet, key))
        if found is None:
            found = self._facet_labels[(facet, key)] = self._facet_label(facet, key)
        return found

    def _facet_label(self, facet: str, key: str) -> str:
        _ = self._
        fixed = {
            ("type", "organization"): _("Organisation"), ("type", "network"): _("Network"),
            ("free", "yes"): _("Has free activities"), ("selfref", "yes"): _("The family can contact them directly"),
        }
        if (facet, key) in fixed:
            return fixed[(facet, key)]
        vocab = dict(FACETS)[facet]
        return self.label(vocab, key).replace(",", "")

    def facets(self, kind: str, slug: str) -> list[tuple[str, str]]:
        """(facet, label) pairs for the Pagefind filters of one page."""
        return [(facet, self.facet_label(facet, key)) for facet, key in self.site.facets(kind, slug)]

    def search_facets(self) -> list[dict[str, Any]]:
        """Every facet with its possible values (id, label), for the search page's filter form."""
        titles = self.facet_titles()
        used = self.site.used_facets
        out = []
        for facet, vocab in FACETS:
            order = list(self.d.vocab[vocab]) if vocab else ["organization", "network", "yes"]
            keys = sorted(used[facet], key=lambda k: (order.index(k) if k in order else len(order), k))
            if keys:
                out.append({"key": facet, "title": titles[facet],
                            "values": [{"id": k, "label": self.facet_label(facet, k)} for k in keys]})
        return out

    def search_config(self) -> Markup:
        """JSON for the search script: where the index is, URL parameters and UI strings."""
        _ = self._
        config = {
            "bundle": f"{self.site.config.base_path}pagefind/",
            "base": self.site.config.base_path,
            "strings": {
                "results": _("%(count)s results"), "one": _("1 result"), "none": _("No results. Try other words or fewer filters."),
                "loading": _("Searching…"), "failed": _("Search is not available right now. Browse the directory instead."),
                "prompt": _("Type search words or choose filters."),
            },
        }
        return _json_ld(config)

    def subscribe(self, ics_path: str) -> dict[str, str]:
        """Links to a calendar file: `webcal:` for subscribing (when the host is known) and https."""
        href = self.site.absolute(ics_path, self.site.config.languages[0])
        webcal = "webcal://" + href.split("://", 1)[1] if "://" in href else ""
        return {"href": href, "webcal": webcal}

    def menu(self) -> list[dict[str, str]]:
        _ = self._
        labels = {
            "organizations": _("Organisations A–Z"), "themes": _("Themes"), "areas": _("Areas"),
            "networks": _("Networks"), "contacts": _("Contact persons"), "calendar": _("Calendar"),
            "contribute": _("Contribute"),
        }
        return [{"key": key, "href": self.url(path), "label": labels[key]} for key, path in MENU]


class _Context(Context):
    """Jinja's template context, calling plain Python functions and methods directly.

    Jinja's `call` looks on every callable for markers that ask for the context to be passed in
    (`pass_context` and the like), at a cost of two failed attribute lookups; a profile makes about
    a hundred calls to `h.…` and `_()`. A function or method without such a marker is called here
    straight away, with the same result; anything else goes the usual way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        kind = __obj.__class__
        function = __obj.__func__ if kind is MethodType else __obj if kind is FunctionType else None
        if function is None or "jinja_pass_arg" in function.__dict__:
            return Context.call(__self, __obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


def output_escape(value: Any) -> str:
    """What `{{ value }}` writes with autoescape: `markupsafe.escape(value)` as a plain string.

    Jinja joins the pieces of a page into one string, so wrapping each piece in `Markup` (a
    Python-level constructor, about a thousand times a page) buys nothing."""
    if value.__class__ is str:
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape_inner(str(value))


def record_field(environment: Environment, obj: Any, name: str) -> Any:
    """`obj.name` in a template, for a name that is not an attribute of dicts: a content record's
    field straight from the dict (None when not written), anything else as Jinja reads it."""
    if obj.__class__ is Record:
        return obj.get(name)
    return environment.getattr(obj, name)


class _CodeGenerator(CodeGenerator):
    """Jinja's compiler, writing `{{ value }}` with `output_escape` instead of `escape`, and
    `obj.name` with `record_field` when `name` is not an attribute of dicts (about 160 a profile),
    and collecting the output of the root and of each block in a list, as Jinja does in macros:
    one string a block instead of one generator step per piece through every template above it."""

    def visit_Template(self, node: TemplateNode, frame: Any = None) -> None:  # noqa: N802 - Jinja's name
        self.writeline(f"from {__name__} import output_escape, record_field")
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Getattr(self, node: Getattr, frame: Any) -> None:  # noqa: N802 - Jinja's name
        if node.attr in _DICT_NAMES or node.attr[:2] == "__" or self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        self.write("record_field(environment, ")
        self.visit(node.node, frame)
        self.write(f", {node.attr!r})")

    def blockvisit(self, nodes: Iterable[Any], frame: Any) -> None:
        if frame.buffer is not None or not (frame.rootlevel or frame.block_frame) or self.environment.is_async:
            super().blockvisit(nodes, frame)
            return
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = []")
        super().blockvisit(nodes, frame)
        self.writeline(f"yield concat({frame.buffer})")
        frame.buffer = None

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None:
            self.write("output_escape(")
        else:
            super()._output_child_pre(node, frame, finalize)


_DICT_NAMES = frozenset(dir(Record))


class _Environment(Environment):
    """Jinja's environment, with a template's globals in one dict."""

    def make_globals(self, d: dict[str, Any] | None) -> dict[str, Any]:
        """A template's globals as one dict (Jinja's ChainMap is copied key by key into every
        context). Our globals are all set before the first template is loaded."""
        return {**self.globals, **(d or {})}


class _SharedCode(BytecodeCache):
    """Compiled templates, shared by the environments of all languages: their code is the same
    (only the globals, such as `_`, differ), so each template is compiled once, not once a language."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_SHARED_CODE = _SharedCode()


@lru_cache(maxsize=None)
def environment(lang: str) -> Environment:
    """A Jinja environment for one language: autoescape, StrictUndefined, i18n."""
    env = _Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_SHARED_CODE,
    )
    env.globals["_"] = env.globals["gettext"] = _gettext(lang)
    env.context_class = _Context
    env.code_generator_class = _CodeGenerator
    return env


def compile_templates(langs: Iterable[str]) -> None:
    """Compile every template for these languages now, e.g. once before forking workers that
    would each compile their own copies."""
    for lang in langs:
        env = environment(lang)
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)


def _gettext(lang: str) -> Callable[..., Markup]:
    """`_()` for templates: Jinja's new-style gettext (escaped, %-formatted) with the translated,
    escaped messages kept, as it is called dozens of times on every page."""
    translate = i18n.translations(lang).gettext
    plain: dict[str, Markup] = {}
    templates: dict[str, Markup] = {}

    def gettext(message: str, **variables: Any) -> Markup:
        if variables:
            found = templates.get(message)
            if found is None:
                found = templates[message] = Markup(translate(message))
            return found % variables
        found = plain.get(message)
        if found is None:
            found = plain[message] = Markup(translate(message)) % {}
        return found

    return gettext


# ----------------------------------------------------------------------------- pages


def _org_page(site: Site, slug: str) -> Page:
    d = site.d
    data = d.org(slug)
    memberships = sorted(d.memberships.get(slug, []), key=lambda m: (m.until != "" and m.until < d.config.today.isoformat(), m.network))
    return Page(f"jarjestot/{slug}/", "organization.html", "organization", "organizations", {
        "slug": slug, "o": site.records[slug], "memberships": memberships,
        "stale": d.is_stale(data.get("reviewed")),
    }, lastmod=data.get("reviewed", ""), deps=frozenset([f"o:{slug}", *(f"n:{m.network}" for m in memberships)]))


def _network_contact(site: Site, data: dict[str, Any]) -> Record | None:
    """The network's contact, filled in from the organisation's contact person it names."""
    contact = data.get("contact")
    if not contact:
        return None
    merged: dict[str, Any] = {}
    org = contact.get("organization")
    if org and contact.get("name"):
        for person in site.d.org(org).get("contacts", []):
            if person.get("name") == contact["name"]:
                merged.update(person)
    merged.update({k: v for k, v in contact.items() if k != "organization"})
    return wrap(merged) if merged.get("name") else None


def _network_page(site: Site, slug: str) -> Page:
    d = site.d
    data = d.net(slug)
    today = d.config.today.isoformat()
    members = [wrap({**m, "past": bool(m.get("until")) and m["until"] < today}) for m in data.get("members", [])]
    ancestors: list[str] = []
    parent = data.get("parent")
    while parent and parent not in ancestors:
        ancestors.insert(0, parent)
        parent = d.net(parent).get("parent")
    meetings = [m for m in d.meetings if m.network == slug]
    return Page(f"verkostot/{slug}/", "network.html", "network", "networks", {
        "slug": slug, "n": site.net_records[slug], "members": members, "ancestors": ancestors,
        "parent": data.get("parent"), "children": d.children.get(slug, []),
        "proposals": d.proposals.get(slug, []), "coordinators": list(coordinators(data).items()),
        "contact": _network_contact(site, data),
        "upcoming": [m for m in meetings if m.upcoming], "past": [m for m in reversed(meetings) if not m.upcoming],
        "stale": d.is_stale(data.get("reviewed")),
    }, lastmod=data.get("reviewed", ""), deps=frozenset([
        f"n:{slug}", *(f"n:{n}" for n in ancestors + d.children.get(slug, [])),
        *(f"o:{m['organization']}" for m in data.get("members", []) if m.get("organization")),
        *(f"o:{o}" for o in coordinators(data)), *(f"n:{n}" for n in d.proposals.get(slug, [])),
        *([f"n:{data['proposed_by']}"] if data.get("proposed_by") else []),
        *([f"o:{data['contact']['organization']}"] if (data.get("contact") or {}).get("organization") else []),
    ]))


def _contact_rows(site: Site) -> list[tuple[str, Record]]:
    """Contact persons by theme (from organisations), then network role holders, as (group, row)."""
    d = site.d
    per_org: dict[str, list[Record]] = {}
    for slug in d.current_orgs():
        data = d.org(slug)
        known = site.contact_memo.get(slug)
        if known is not None and known[0] is data:
            if known[1]:
                per_org[slug] = known[1]
            continue
        rows = [Record(name=c["name"], org=slug, title=c.get("title"), about=c.get("responsibilities"),
                       email=c.get("email"), phone=c.get("phone")) for c in data.get("contacts", [])]
        referral = (data.get("referral") or {}).get("contact") or {}
        if referral.get("name") and referral["name"] not in {r["name"] for r in rows}:
            rows.append(Record(name=referral["name"], org=slug, title=referral.get("title"), about=None,
                               email=referral.get("email"), phone=referral.get("phone")))
        site.contact_memo[slug] = (data, rows)
        if rows:
            per_org[slug] = rows
    entries: list[tuple[str, Record]] = []
    for theme in d.vocab["themes"]:
        entries += [(theme, r) for slug in d.orgs_with_theme(theme) for r in per_org.get(slug, [])]
    for slug in sorted(d.content.networks):
        data = d.net(slug)
        contact = _network_contact(site, data)
        if contact:
            entries.append(("", Record(name=contact["name"], org=(data.get("contact") or {}).get("organization"),
                                       network=slug, title=contact.get("title"), about=None,
                                       email=contact.get("email"), phone=contact.get("phone"))))
        for member in data.get("members", []):
            if member.get("person"):
                org = member.get("organization")
                person = next((c for c in (d.org(org).get("contacts", []) if org else [])
                               if c.get("name") == member["person"]), {})
                entries.append(("", Record(name=member["person"], org=org, body=member.get("body"), network=slug,
                                           role=member.get("role", "member"), title=None,
                                           about=member.get("responsibilities"),
                                           email=person.get("email"), phone=person.get("phone"))))
    return entries


def _contact_index(contacts: list[tuple[str, Record]]) -> list[tuple[str, int]]:
    """(theme, page number where its contact persons start); "" stands for the network roles."""
    index: list[tuple[str, int]] = []
    for position, (group, _row) in enumerate(contacts):
        if not index or index[-1][0] != group:
            index.append((group, position // PAGE_SIZE + 1))
    return index


def _grouped(entries: list[tuple[Any, Any]]) -> list[tuple[Any, list[Any]]]:
    """Consecutive entries of one group together: [(group, [item, …]), …]."""
    return [(group, [item for _group, item in items]) for group, items in groupby(entries, key=itemgetter(0))]


def _chunk_deps(chunks: Iterable[list[tuple[Any, Any]]]) -> frozenset[str]:
    """The `o:`/`n:` keys of what pieces of a list show: organisations (slugs) or contact rows."""
    slugs: set[str] = set()
    networks: set[str] = set()
    for chunk in chunks:
        if not chunk or isinstance(chunk[0][1], str):
            slugs.update([item for _group, item in chunk])
        else:
            slugs.update([row["org"] for _group, row in chunk if row.get("org")])
            networks.update([row["network"] for _group, row in chunk if row.get("network")])
    return frozenset(["o:" + slug for slug in slugs] + ["n:" + slug for slug in networks])


def _list_pages(site: Site, path: str, template: str, kind: str, section: str, context: dict[str, Any],
                entries: dict[str, list[tuple[Any, Any]]], deps: Iterable[str] = ()) -> list[Page]:
    """A list split into pages of PAGE_SIZE entries, each language in its own order; extras on page 1.
    Languages with equal lists share its pages' groups."""
    langs = site.config.languages
    own = {lang: next(l for l in langs if entries[l] is entries[lang] or entries[l] == entries[lang]) for lang in langs}
    chunks = {lang: [entries[lang][i:i + PAGE_SIZE] for i in range(0, len(entries[lang]), PAGE_SIZE)] or [[]]
              for lang in set(own.values())}
    count = len(chunks[langs[0]])
    pages = []
    for index in range(count):
        pager = Pager(index + 1, count, path)
        grouped = {lang: _grouped(found[index]) for lang, found in chunks.items()}
        page_deps = _chunk_deps(found[index] for found in chunks.values())
        pages.append(Page(pager.path(index + 1), template, kind, section, {
            **context, "pager": pager, "groups": {lang: grouped[own[lang]] for lang in langs},
            "total": len(entries[langs[0]]),
        }, deps=page_deps | frozenset(deps) if index == 0 else page_deps))
    return pages


def _same(entries: list[tuple[Any, Any]], site: Site) -> dict[str, list[tuple[Any, Any]]]:
    return {lang: entries for lang in site.config.languages}


def _sorted_entries(site: Site, sections: list[tuple[str, list[str]]]) -> dict[str, list[tuple[str, str]]]:
    """(section, organisation) entries with each section in the language's alphabetical order;
    languages with the same order share one list."""
    out: dict[str, list[tuple[str, str]]] = {}
    for lang in site.config.languages:
        same = site.same_order(lang)
        out[lang] = out[same] if same != lang else [
            (key, slug) for key, slugs in sections for slug in site.sorted_orgs(slugs, lang)]
    return out


def _organization_pages(site: Site) -> list[Page]:
    """Organisations A–Ö, grouped by initial letter in each language, with a letter index to every page."""
    entries: dict[str, list[tuple[Any, str]]] = {}
    letters: dict[str, list[tuple[str, int]]] = {}
    for lang in site.config.languages:
        ordered = site.sorted_orgs(site.records, lang)
        found: list[tuple[str, int]] = []
        entries[lang] = []
        for position, slug in enumerate(ordered):
            letter = site.initial(slug, lang)
            if not found or found[-1][0] != letter:
                found.append((letter, position // PAGE_SIZE + 1))
            entries[lang].append(((len(found), letter), slug))
        letters[lang] = found
    return _list_pages(site, "jarjestot/", "organizations.html", "organizations", "organizations",
                       {"letters": letters, "card_heading": "h3"}, entries)


def _area_pages(site: Site) -> list[Page]:
    d = site.d
    pages = []
    areas = d.vocab["areas"]
    for area_id, area in areas.items():
        whole, part = d.orgs_in_area(area_id)
        parent = next((a for a, v in areas.items() if area_id in v.get("municipalities", [])), "")
        sections = [("whole", whole)] if area.get("kind") == "municipality" else [("whole", whole), ("part", part)]
        pages += _list_pages(site, f"alueet/{area_id}/", "area.html", "area", "areas", {
            "area": area_id, "kind": area.get("kind"), "parent_area": parent,
            "municipalities": area.get("municipalities", []),
            "card_heading": "h2" if area.get("kind") == "municipality" else "h3",
        }, _sorted_entries(site, sections))
    return pages


def _guide() -> Markup:
    if not CONTRIBUTING.is_file():
        return Markup("")
    return render_markdown(CONTRIBUTING.read_text(encoding="utf-8"), 2)


def _event(site: Site, m: Meeting, lang: str) -> dict[str, Any]:
    """schema.org Event for one meeting."""
    data = m.data
    start = data.get("start")
    start_at = (datetime.combine(m.day, dtime.fromisoformat(start), HELSINKI).isoformat() if start
                else m.day.isoformat())
    event: dict[str, Any] = {
        "@type": "Event", "name": i18n.text(data["title"], lang), "startDate": start_at,
        "url": site.absolute(f"verkostot/{m.network}/", lang) + f"#kokous-{data['id']}",
        "organizer": {"@type": "Organization", "name": site.net_name(m.network, lang)},
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode" if data.get("online") and not data.get("location")
        else "https://schema.org/OfflineEventAttendanceMode",
    }
    if data.get("end") and start:
        event["endDate"] = datetime.combine(m.day, dtime.fromisoformat(data["end"]), HELSINKI).isoformat()
    locations = []
    if data.get("location"):
        locations.append({"@type": "Place", "name": i18n.text(data["location"], lang)})
    if data.get("online"):
        locations.append({"@type": "VirtualLocation", **({"url": data["online_url"]} if data.get("online_url") else {})})
    if locations:
        event["location"] = locations[0] if len(locations) == 1 else locations
    return event


def _org_json_ld(site: Site, slug: str, lang: str) -> Markup:
    """schema.org NGO with its contact points and memberships."""
    data = site.d.org(slug)
    node: dict[str, Any] = {"@context": "https://schema.org", "@type": "NGO", "name": site.org_name(slug, lang),
                            "url": site.absolute(f"jarjestot/{slug}/", lang)}
    if data.get("summary"):
        node["description"] = i18n.text(data["summary"], lang)
    for key, target in (("website", "sameAs"), ("email", "email"), ("short_name", "alternateName")):
        if data.get(key):
            node[target] = data[key]
    if data.get("phone"):
        node["telephone"] = normalise_phone(data["phone"]) or data["phone"]
    if data.get("business_id"):
        node["taxID"] = data["business_id"]
    points = []
    for person in data.get("contacts", []):
        point = {"@type": "ContactPoint", "name": person["name"]}
        if person.get("title"):
            point["contactType"] = i18n.text(person["title"], lang)
        if person.get("email"):
            point["email"] = person["email"]
        if person.get("phone"):
            point["telephone"] = normalise_phone(person["phone"]) or person["phone"]
        if person.get("languages"):
            point["availableLanguage"] = person["languages"]
        points.append(point)
    if points:
        node["contactPoint"] = points
    member_of = [{"@type": "Organization", "name": site.net_name(m.network, lang),
                  "url": site.absolute(f"verkostot/{m.network}/", lang)}
                 for m in site.d.memberships.get(slug, [])]
    if member_of:
        node["memberOf"] = member_of
    if data.get("areas"):
        node["areaServed"] = [site.d.vocab["areas"].get(a, {}).get(lang, a) for a in data["areas"]]
    if data.get("languages"):
        node["knowsLanguage"] = data["languages"]
    for place in data.get("locations", []):
        node.setdefault("address", []).append({"@type": "PostalAddress", "streetAddress": place["street"],
                                               "postalCode": place.get("postal_code", ""),
                                               "addressLocality": place["city"], "addressCountry": "FI"})
    return _json_ld(node)


def _own_pages(site: Site) -> list[Page]:
    """The organisations' and networks' own pages: the end of the page list."""
    return ([_org_page(site, s) for s in site.d.content.organizations] +
            [_network_page(site, s) for s in site.d.content.networks])


def collect_pages(site: Site) -> list[Page]:
    """Every page of the site, language-independent."""
    d = site.d
    today = d.config.today
    upcoming = [m for m in d.meetings if m.upcoming]
    past = [m for m in reversed(d.meetings) if not m.upcoming]
    reviewed = [s for s in d.current_orgs() if d.org(s).get("reviewed")]
    recent = sorted(reviewed, key=lambda s: (d.org(s)["reviewed"], s), reverse=True)[:8]
    roots = [s for s in d.content.networks if not d.net(s).get("parent") or d.net(s)["parent"] not in d.content.networks]
    pages = [
        Page("", "home.html", "home", "", {"upcoming": upcoming[:5], "recent": recent,
                                            "org_count": len(d.content.organizations),
                                            "network_count": len(d.content.networks)}),
        Page("teemat/", "themes.html", "themes", "themes"),
        Page("alueet/", "areas.html", "areas", "areas"),
        Page("verkostot/", "networks.html", "networks", "networks", {"roots": sorted(roots)}),
        Page("kalenteri/", "calendar.html", "calendar", "calendar", {"upcoming": upcoming, "past": past}),
        Page("osallistu/", "contribute.html", "contribute", "contribute", {"guide": _guide()}),
        Page("haku/", "search.html", "search", ""),
        Page("data/", "data.html", "data", ""),
    ]
    pages += _organization_pages(site)
    contacts = _contact_rows(site)
    pages += _list_pages(site, "yhteyshenkilot/", "contacts.html", "contacts", "contacts",
                         {"theme_index": _contact_index(contacts)}, _same(contacts, site))
    for theme in d.vocab["themes"]:
        nets = [s for s in sorted(d.content.networks) if theme in d.net(s).get("themes", [])]
        pages += _list_pages(site, f"teemat/{theme}/", "theme.html", "theme", "themes",
                             {"theme": theme, "networks": nets, "card_heading": "h2"}, _sorted_entries(site, [("", d.orgs_with_theme(theme))]),
                             deps=[f"n:{n}" for n in nets])
    pages += _area_pages(site)
    pages += _own_pages(site)
    log.debug("%d pages per language (today %s)", len(pages), today)
    return pages


def _language_context(site: Site, page: Page, lang: str) -> dict[str, Any]:
    """The per-language extras of a page: alternates, JSON-LD, edit links, letter groups."""
    extra: dict[str, Any] = {}
    if page.kind == "organization":
        slug = page.context["slug"]
        extra["jsonld"] = _org_json_ld(site, slug, lang)
        names = site.records[slug].name
        extra["other_names"] = [(l, names[l]) for l in ("fi", "sv", "en")
                                if isinstance(names, dict) and l != lang and names.get(l) and names[l] != i18n.text(names, lang)]
        extra["edit_url"], extra["report_url"] = site.edit_links("organizations", slug, site.org_name(slug, "fi"), lang)
    elif page.kind == "network":
        slug = page.context["slug"]
        events = [_event(site, m, lang) for m in site.d.meetings if m.network == slug]
        extra["jsonld"] = _json_ld({"@context": "https://schema.org", "@graph": events}) if events else ""
        extra["edit_url"], extra["report_url"] = site.edit_links("networks", slug, site.net_name(slug, "fi"), lang)
    elif page.kind == "calendar":
        events = [_event(site, m, lang) for m in site.d.meetings]
        extra["jsonld"] = _json_ld({"@context": "https://schema.org", "@graph": events}) if events else ""
    if "groups" in page.context:
        extra["groups"] = page.context["groups"][lang]
    if "letters" in page.context:
        extra["letters"] = page.context["letters"][lang]
    return extra


class Renderer:
    """Renders pages of one site; one per process, keeping per-language helpers and caches."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.helpers = {lang: Helpers(site, lang) for lang in site.config.languages}

    def inherit(self, old: Renderer, touched: set[str]) -> None:
        """Keep the organisation cards and contact rows an earlier renderer made, but for the
        organisations that changed (rows of network roles are made anew on every update)."""
        for lang, helpers in self.helpers.items():
            if lang in old.helpers:
                helpers._cards = {k: v for k, v in old.helpers[lang]._cards.items() if f"o:{k[0]}" not in touched}
                helpers._rows = {k: v for k, v in old.helpers[lang]._rows.items()
                                 if v[0].network is None and f"o:{v[0].org}" not in touched}
                helpers._facet_labels = dict(old.helpers[lang]._facet_labels)
                helpers._facet_spans = dict(old.helpers[lang]._facet_spans)

    def forget_lists(self) -> None:
        """Drop the organisation cards and contact rows kept for list pages (they are made again
        when needed)."""
        for helpers in self.helpers.values():
            helpers._cards.clear()
            helpers._rows.clear()

    def page(self, page: Page, lang: str) -> bytes:
        """One page in one language as UTF-8 HTML."""
        site, config = self.site, self.site.config
        alternates = [{"lang": l, "href": site.url(page.path, l), "label": LANG_LABELS[l]} for l in config.languages]
        context = {
            "pager": None, **page.context, **_language_context(site, page, lang), "lang": lang, "h": self.helpers[lang],
            "config": config, "page_kind": page.kind, "section": page.section, "alternates": alternates,
        }
        return environment(lang).get_template(page.template).render(context).encode("utf-8")

    def not_found(self) -> bytes:
        """The 404 page, in the default language with links to the others."""
        lang = self.site.config.languages[0]
        context = {"lang": lang, "h": self.helpers[lang], "config": self.site.config, "page_kind": "404",
                   "section": "", "alternates": []}
        return environment(lang).get_template("404.html").render(context).encode("utf-8")


def page_paths(site: Site, pages: list[Page]) -> list[list[str]]:
    """The output file of every page in every language; refuses two pages writing one path."""
    seen: set[str] = {"404.html"}
    out = []
    for page in pages:
        paths = [f"{site.prefix(lang)}{page.path}index.html" for lang in site.config.languages]
        for path in paths:
            if path in seen:
                raise BuildError(f"two pages would be written to {path}")
            seen.add(path)
        out.append(paths)
    return out


def render_pages(site: Site, pages: list[Page]) -> dict[str, bytes]:
    """Every page in every language as file path → bytes, in one process."""
    renderer = Renderer(site)
    files: dict[str, bytes] = {}
    for page, paths in zip(pages, page_paths(site, pages)):
        for lang, path in zip(site.config.languages, paths):
            files[path] = renderer.page(page, lang)
    files["404.html"] = renderer.not_found()
    return files


_WORK: tuple[Site, list[Page] | None, list[list[str]] | None, Path, Any] | None = None
_CHUNK = 50


def _render_pulling(from_end: bool = False) -> None:
    """Render the pages of `_WORK` (see `_pull`)."""
    assert _WORK is not None
    site, pages, paths, folder, bounds = _WORK
    assert pages is not None and paths is not None
    _pull(site, pages, paths, folder, bounds, from_end)


def _data_then_profiles() -> None:
    """In a worker forked before the pages were collected: write the open data meanwhile, then
    render the organisations' and networks' own pages (the end of the page list, which it makes
    itself) from the back, while the main process renders from the front."""
    assert _WORK is not None
    site, _pages, _paths, folder, bounds = _WORK
    _write_files(folder, _data_files(site))
    with paused_collector(freeze=True):
        own = _own_pages(site)
    paths = page_paths(site, own)
    while bounds[2] < 0:  # the main process sets the number of pages once it has collected them
        time.sleep(0.005)
    _pull(site, own, paths, folder, bounds, True, bounds[2] - len(own))


def _set_total(bounds: Any, count: int) -> None:
    """Make `count` pages available (the back bound and the total), unless done already."""
    with bounds.get_lock():
        if bounds[2] < 0:
            bounds[1] = bounds[2] = count


def _pull(site: Site, pages: list[Page], paths: list[list[str]], folder: Path, bounds: Any, from_end: bool,
          first: int = 0) -> None:
    """Render chunks of pages (all languages) straight into the output folder until none are
    left. The processes of one build take chunks from one shared pair of bounds, so all stay busy
    to the end: some from the front (the list pages first, which share organisation cards), one
    from the back (profiles). `pages` are the build's pages from index `first` on."""
    renderer = Renderer(site)
    langs = site.config.languages
    while True:
        with bounds.get_lock():
            front, back = bounds[0], bounds[1]
            if front >= back or back <= first:
                return
            if from_end:
                start, stop = max(front, back - _CHUNK, first), back
                bounds[1] = start
            else:
                start, stop = front, min(back, front + _CHUNK)
                bounds[0] = stop
        if not any("groups" in pages[index - first].context for index in range(start, stop)):
            renderer.forget_lists()  # past the list pages: their cards and rows are not needed again
        for index in range(start, stop):
            for lang, path in zip(langs, paths[index - first]):
                _write_page(folder / path, renderer.page(pages[index - first], lang))
        site.forget_facets()  # these pages are done in every language


def _write_page(target: Path, data: bytes) -> None:
    """Write a page, making its folder the first time (each page has a folder of its own)."""
    try:
        target.write_bytes(data)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _write_files(folder: Path, files: Iterable[tuple[str, FileData]]) -> None:
    for relative, data in files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            handle.write(data) if isinstance(data, bytes) else handle.writelines(data)


def render_into(site: Site, pages: list[Page] | None, folder: Path, jobs: int | None = None,
                pieces: Pieces | None = None) -> list[Page]:
    """Render every page into `folder` with `jobs` processes (default: `default_jobs`), this one and
    jobs - 1 forked workers, and write the other files (open data, sitemap, assets); returns the
    pages. `pages` None: they are collected here, while one worker, forked before, writes the open
    data; it then renders the profiles from the back, this process the list pages from the front.
    The content and pages are out of the collector's reach meanwhile (see heap.py)."""
    with frozen_heap():
        return _render_into(site, pages, folder, jobs, pieces)


def _render_into(site: Site, pages: list[Page] | None, folder: Path, jobs: int | None,
                 pieces: Pieces | None) -> list[Page]:
    global _WORK
    langs = site.config.languages
    if jobs is None:
        known = len(pages) if pages is not None else len(site.d.content.organizations)  # a page each, at least
        jobs = default_jobs(known * len(langs) + 1)
    context = multiprocessing.get_context("fork")
    bounds = context.Array("q", [0, -1, -1])  # front and back of the pages not yet taken, and their number
    try:
        with ExitStack() as stack:
            early = None
            if pages is None and pieces is None and jobs > 1:
                _WORK = (site, None, None, folder, bounds)
                early = stack.enter_context(ProcessPoolExecutor(1, mp_context=context)).submit(_data_then_profiles)
            if pages is None:
                with paused_collector(freeze=True):
                    pages = collect_pages(site)
            _set_total(bounds, len(pages))
            paths = page_paths(site, pages)
            (folder / "404.html").write_bytes(Renderer(site).not_found())
            others = other_files(site, pages, pieces) if early is None else [("sitemap.xml", sitemap(site, pages))]
            _WORK = (site, pages, paths, folder, bounds)
            futures = [] if early is None else [early]
            if jobs > 1:
                compile_templates(langs)
                more = jobs - 1 - len(futures)
                if more:
                    pool = stack.enter_context(ProcessPoolExecutor(more, mp_context=context))
                    futures += [pool.submit(_render_pulling) for _ in range(more)]
            _write_files(folder, others)
            _render_pulling(from_end=early is None)
            for future in futures:
                future.result()
            return pages
    except BaseException:
        with bounds.get_lock():  # workers stop at their next chunk, or do not start
            bounds[0], bounds[2] = 1 << 62, max(bounds[2], 0)
        raise
    finally:
        _WORK = None


def sitemap(site: Site, pages: list[Page]) -> bytes:
    """sitemap.xml with every page in every language and hreflang alternates."""
    langs = site.config.languages
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in pages:
        for lang in langs:
            lines.append(f"<url><loc>{xml_escape(site.absolute(page.path, lang))}</loc>")
            if page.lastmod:
                lines.append(f"<lastmod>{page.lastmod}</lastmod>")
            for alt in langs:
                lines.append(f'<xhtml:link rel="alternate" hreflang="{alt}" href="{xml_escape(site.absolute(page.path, alt))}"/>')
            lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    """robots.txt allowing everything and naming the sitemap."""
    lines = ["User-agent: *", "Allow: /"]
    lines.append(f"Sitemap: {site.absolute('sitemap.xml', site.config.languages[0])}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def static_files() -> dict[str, bytes]:
    return {f"assets/{p.name}": p.read_bytes() for p in sorted(STATIC.iterdir()) if p.is_file()}


def write_atomically(files: dict[str, bytes], out: Path,
                     finish: Callable[[Path], None] | None = None) -> None:
    """Write into a temporary sibling folder, run `finish` on it, then swap it in place of `out`."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    try:
        tmp.chmod(0o755)
        _write_files(tmp, files.items())
        if finish is not None:
            finish(tmp)
        if out.exists():
            old = tmp.with_suffix(".old")
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _site(content: Content, base_url: str | None, today: date | None) -> Site:
    """The site of checked content: settings and everything derived from the content."""
    config = make_config(content.site, today or date.today(), base_url)
    with paused_collector():
        return Site(build_directory(content, config))


def _prepare(content: Content, base_url: str | None, today: date | None) -> tuple[Site, list[Page]]:
    site = _site(content, base_url, today)
    with paused_collector():
        return site, collect_pages(site)


def _data_files(site: Site, pieces: Pieces | None = None) -> Iterator[tuple[str, FileData]]:
    """The open data, robots.txt and assets: what does not depend on the pages."""
    yield from all_exports(site.d, site.absolute, pieces)
    yield "robots.txt", robots(site)
    yield from static_files().items()


def other_files(site: Site, pages: list[Page], pieces: Pieces | None = None) -> Iterator[tuple[str, FileData]]:
    """Everything but the HTML pages, one file at a time: open data, sitemap, robots.txt, assets."""
    yield from _data_files(site, pieces)
    yield "sitemap.xml", sitemap(site, pages)


def render_site(content: Content, base_url: str | None = None, today: date | None = None,
                stats: Stats | None = None) -> dict[str, bytes]:
    """Every output file of the site as path → bytes, in one process (nothing written)."""
    stats = stats if stats is not None else Stats()
    started = time.perf_counter()
    site, pages = _prepare(content, base_url, today)
    files = render_pages(site, pages)
    files.update((path, joined(data)) for path, data in other_files(site, pages))
    stats.pages = len(pages) * len(site.config.languages) + 1
    stats.phases["render"] = time.perf_counter() - started
    return files


def default_jobs(pages: int) -> int:
    """Worker processes for rendering: one per core, but one for small sites."""
    return 1 if pages < 600 else max(1, min(os.cpu_count() or 1, 8))


def build_site(content: Content, out: Path, base_url: str | None = None, today: date | None = None,
               search: bool = True, jobs: int | None = None) -> Stats:
    """Render every page (in parallel), index it for search, and swap it in place of `out` atomically."""
    started = time.perf_counter()
    stats = build_prepared(_site(content, base_url, today), None, out, search, jobs)
    stats.seconds = time.perf_counter() - started
    return stats


def build_prepared(site: Site, pages: list[Page] | None, out: Path, search: bool = True, jobs: int | None = None,
                   pieces: Pieces | None = None) -> Stats:
    """Write a site into a fresh folder, index it, and swap it in place of `out`; `pages` None: they
    are collected meanwhile; `pieces` keeps each organisation's part of the open data for later
    builds (in `serve`)."""
    stats = Stats()
    started = time.perf_counter()

    def fill(folder: Path) -> None:
        begun = time.perf_counter()
        rendered = render_into(site, pages, folder, jobs, pieces)
        stats.pages = len(rendered) * len(site.config.languages) + 1
        stats.phases["render + write"] = time.perf_counter() - begun
        if search:
            begun = time.perf_counter()
            run_pagefind(folder)
            stats.phases["search index"] = time.perf_counter() - begun

    write_atomically({}, out, fill)
    stats.seconds = time.perf_counter() - started
    return stats
