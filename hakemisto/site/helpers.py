"""What templates call as `h.…`: links, localised text, labels and lookups, bound to one language."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable

from markupsafe import Markup, escape

from . import i18n, urls
from ..content import webfacts
from ..content.loader import Record
from .markup import render_markdown
from .searchtext import distinct_words
from ..content.schema import normalise_phone, phone_text
from ..model.facets import FACETS, UNKNOWN, activity_values
from .templating import environment

if TYPE_CHECKING:
    from .pages import Pager
    from .context import Site

MENU = ("organizations", "themes", "areas", "networks", "contacts", "calendar", "contribute")


def script_json(data: Any) -> Markup:
    """JSON safe inside a <script> element: `<`, `>` and `&` are written as \\u escapes, so no
    content can close the element or open a comment in it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Helpers:
    """Functions templates call as `h.…`, bound to one site and one language."""

    def __init__(self, site: Site, lang: str) -> None:
        self.site, self.lang, self.d = site, lang, site.d
        self.blank = Record()
        self._ = i18n.translations(lang).gettext
        self._rendered: dict[tuple[str, Any], Markup] = {}
        self._facet_labels: dict[tuple[str, str], str] = {}
        self._facet_spans: dict[tuple[str, str], str] = {}

    def once(self, template: str, key: Any, **context: Any) -> Markup:
        """A partial template rendered once per language for the same `key`, and reused: an
        organisation's card is on many list pages, the menu and footer on every page."""
        found = self._rendered.get((template, key))
        if found is None:
            found = Markup(environment(self.lang).get_template(template).render(h=self, config=self.site.config, **context))
            self._rendered[(template, key)] = found
        return found

    def cards(self, slugs: Iterable[str], heading: str) -> Markup:
        """The cards of a list's organisations: each card's title (`partials/card.html`, once per
        heading level) and the rest (`partials/card-body.html`, once per organisation), made once
        per language and reused on every list page the organisation is on."""
        parts = []
        for slug in slugs:
            parts.append(self.once("partials/card.html", (slug, heading), slug=slug, heading=heading))
            parts.append(self.once("partials/card-body.html", slug, slug=slug))
        return Markup("".join(parts))  # every part is Markup already: Markup.join would escape each again

    def contact_rows(self, rows: Iterable[Record]) -> Markup:
        """The rows of the contact persons table (`partials/contact-row.html`), each made once per
        language (a person is listed under each theme of the organisation)."""
        return Markup("".join([self.once("partials/contact-row.html", row.key, r=row) for row in rows]))

    # ---------------------------------------------------------------- links

    def url(self, kind: str, key: str = "") -> str:
        """The link to a page kind in this language, e.g. h.url("area", "espoo")."""
        return self.site.urls.link(urls.page(kind, key), self.lang)

    def url_in(self, kind: str, lang: str) -> str:
        """The link to a page kind in another language."""
        return self.site.urls.link(urls.page(kind), lang)

    def file_url(self, kind: str, key: str = "") -> str:
        """The link to a file that is not a page (open data, calendars, the feed of this language)."""
        return self.site.urls.link(urls.file(kind, key), self.lang if kind == "feed" else None)

    def org_url(self, slug: str) -> str:
        return self.url("organization", slug)

    def net_url(self, slug: str) -> str:
        return self.url("network", slug)

    def page_url(self, pager: Pager, number: int) -> str:
        return self.site.urls.link(urls.list_page(pager.first, number), self.lang)

    def meeting_anchor(self, meeting_id: str, network: str = "") -> str:
        return urls.meeting_anchor(meeting_id, network)

    def asset(self, name: str) -> str:
        return f"{self.site.urls.link(urls.file('asset', name))}?v={self.site.asset_versions[name]}"

    def subscribe(self, kind: str, key: str = "") -> dict[str, str]:
        """Links to a calendar file: `webcal:` for subscribing (when the host is known) and https."""
        href = self.site.urls.absolute(urls.file(kind, key))
        webcal = "webcal://" + href.split("://", 1)[1] if "://" in href else ""
        return {"href": href, "webcal": webcal}

    def menu(self) -> list[dict[str, str]]:
        """The main menu's links in this language."""
        _ = self._
        labels = {
            "organizations": _("Organisations A–Z"), "themes": _("Themes"), "areas": _("Areas"),
            "networks": _("Networks"), "contacts": _("Contact persons"), "calendar": _("Calendar"),
            "contribute": _("Contribute"),
        }
        return [{"key": key, "href": self.url(key), "label": labels[key]} for key in MENU]

    # ---------------------------------------------------------------- text

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
        """A vocabulary entry's label in this language (Finnish when it has none)."""
        entry = self.d.vocab[vocab].get(key)
        return entry.get(self.lang) or entry["fi"] if entry else key

    def labels(self, vocab: str, keys: Iterable[str]) -> str:
        return ", ".join(self.label(vocab, k) for k in keys)

    def date(self, value: str | None) -> str:
        return i18n.long_date(value, self.lang)

    def says_the_same(self, value: Any, label: str) -> bool:
        """True when a localised text only repeats a label ("Maksuton" after "Maksuton"), so it is shown once."""
        def plain(text: str) -> str:
            return " ".join(text.casefold().strip(" .!").split())
        return bool(label) and plain(self.t(value)) == plain(str(label))

    def tel(self, phone: str) -> str:
        return normalise_phone(phone) or ""

    def phone(self, value: str) -> str:
        """A phone number as pages show it: the normalised number, never the text as written."""
        return phone_text(value)

    def display_url(self, url: str) -> str:
        return url.split("://", 1)[-1].rstrip("/")

    def ages(self, ages: Record) -> str:
        """An age range in words, e.g. `0–6 v`, `13+ years`."""
        low, high = ages.get("min"), ages.get("max")
        years = {"fi": "v", "sv": "år", "en": "years"}[self.lang]
        if low is not None and high is not None:
            return f"{low}–{high} {years}"
        if low is not None:
            return f"{low}+ {years}"
        return f"0–{high} {years}"

    def page_suffix(self, pager: Pager | None) -> str:
        """` (page 2/7)` in the title of every page of a long list but the first."""
        if pager is None or pager.number == 1:
            return ""
        return " " + self._("(page %(number)s/%(count)s)") % {"number": pager.number, "count": pager.count}

    def network_status(self, status: str) -> str:
        """A network's status in words."""
        _ = self._
        return {"proposed": _("Recommended"), "active": _("Active"), "ended": _("Ended")}[status]

    # ---------------------------------------------------------------- content

    def org(self, slug: str) -> Record:
        return self.site.records[slug]

    def net(self, slug: str) -> Record:
        return self.site.net_records[slug]

    def reach(self, slug: str) -> webfacts.Reach:
        """An organisation's website, phone and e-mail: its own, else the register's, else its pages'."""
        return self.site.reach(slug)

    def summary(self, slug: str) -> Any:
        """An organisation's own summary, else the one written from its web pages."""
        return webfacts.summary(self.d.org(slug))

    def lists(self, slug: str, kind: str) -> list[str]:
        """An organisation's themes, areas, target groups or languages: its own, else its pages'."""
        return webfacts.effective_list(self.d.org(slug), kind)

    def from_web(self, slug: str) -> bool:
        """True when something a card shows (summary, phone, website, themes, areas) comes from web pages."""
        return self.site.from_web(slug)

    def host(self, url: str) -> str:
        """A web address's host without `www.`, as a short link text."""
        return webfacts.host(url)

    def language_names(self) -> list[tuple[str, str]]:
        """Each language of the site with its name in itself (Suomi, Svenska, English)."""
        names = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
        return [(lang, names.get(lang, lang)) for lang in self.site.config.languages]

    def handout_strings(self) -> Markup:
        """The family's list's handout words in every language of the site, as JSON: the family's
        language may differ from the page's."""
        def _(message: str) -> str:  # marks a message for `make messages`; translated below per language
            return message
        words = {"contact": _("How to get in touch"), "page": _("More on the directory"),
                 "self": _("The family can contact the organisation directly."),
                 "referral": _("A referral from a professional is needed."),
                 "web": _("From the organisation's website; not yet confirmed by the organisation."),
                 "source": _("Source: %(page)s, read %(date)s.")}
        return script_json({lang: {key: i18n.translations(lang).gettext(text) for key, text in words.items()}
                            for lang in self.site.config.languages})

    def vocab_ids(self, vocab: str) -> list[str]:
        return list(self.d.vocab[vocab])

    def theme_count(self, theme: str) -> int:
        return len(self.d.orgs_with_theme(theme))

    def area_groups(self) -> list[dict[str, Any]]:
        """The service areas with their municipalities, for the areas page."""
        return [{"area": a, "municipalities": v.get("municipalities", [])}
                for a, v in self.d.vocab["areas"].items() if v.get("kind") == "service-area"]

    def wide_areas(self) -> list[str]:
        return [a for a, v in self.d.vocab["areas"].items() if v.get("kind") in ("region", "national", "online")]

    def children(self, slug: str) -> list[str]:
        return self.sorted_nets(self.d.children.get(slug, []))

    def sorted_orgs(self, slugs: Iterable[str]) -> list[str]:
        """Organisations in Finnish/Swedish alphabetical order of their name in this language."""
        return self.site.sorted_orgs(slugs, self.lang)

    def sorted_nets(self, slugs: Iterable[str]) -> list[str]:
        return sorted(slugs, key=lambda s: (i18n.sort_key(self.t(self.net(s).name)), s))

    def sorted_members(self, members: Iterable[Record]) -> list[Record]:
        """Members in alphabetical order of name in this language (Å, Ä, Ö after Z): organisations,
        then other bodies, then past members."""
        def key(member: Record) -> tuple[Any, ...]:
            """Past members last, organisations before other bodies, then by name."""
            name = self.t(self.org(member.organization).name) if member.organization else self.t(member.body)
            return (member.past, member.organization is None, i18n.sort_key(name), member.organization or "")
        return sorted(members, key=key)

    # ---------------------------------------------------------------- search

    def search_words(self, kind: str, slug: str) -> str:
        """The everyday words for the needs a page is about (its themes, target groups and activity
        formats, from the vocabularies' `search` lists), in this language, for the search index only.
        A network gets only the base forms of its name and summary: its themes' words would make it
        match every need ahead of the organisations and theme pages."""
        if kind == "theme":
            pairs = [("themes", slug)]
        elif kind == "network":
            data, pairs = self.d.net(slug), []
        else:
            data = self.d.org(slug)
            pairs = [("themes", t) for t in webfacts.effective_list(data, "themes")]
            pairs += [("target-groups", t) for t in activity_values(data, "target_groups")]
            pairs += [("activity-formats", a["format"]) for a in data.get("activities", []) if a.get("format")]
        words: list[str] = []
        for vocab, key in pairs:
            entry = self.d.vocab[vocab].get(key) or {}
            words += [entry.get(self.lang) or entry.get("fi", "")] + list((entry.get("search") or {}).get(self.lang, []))
        if kind != "theme" and self.lang == "fi":  # Finnish base forms only in the Finnish pages' index
            words += self.site.base_forms[(kind, slug)]
        return " · ".join({w.casefold(): w for w in words if w}.values())  # each once, case aside

    def own_words(self, *values: Any, indexed: Iterable[Any] = ()) -> str:
        """The distinct words of a profile's longer texts in this language that `indexed` texts do not
        already give, for the search index only (see `searchtext`)."""
        return distinct_words(values, self.lang, indexed)

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
            ("municipality", UNKNOWN): _("Not told yet"), ("area", UNKNOWN): _("Not told yet"),
            ("language", UNKNOWN): _("Not told yet"),
        }
        if (facet, key) in fixed:
            return fixed[(facet, key)]
        return self.label(dict(FACETS)[facet], key).replace(",", "")

    def facet_spans(self, kind: str, slug: str) -> Markup:
        """The page's search filters as empty elements Pagefind reads (`data-pagefind-filter`)."""
        return Markup("".join([self._facet_span(facet, key) for facet, key in self.site.facets(kind, slug)]))

    def _facet_span(self, facet: str, key: str) -> str:
        """One filter's element, made once per language (many pages share each)."""
        found = self._facet_spans.get((facet, key))
        if found is None:
            found = f'<span data-pagefind-filter="{escape(facet)}:{escape(self.facet_label(facet, key))}"></span>'
            self._facet_spans[(facet, key)] = found
        return found

    def search_facets(self) -> list[dict[str, Any]]:
        """Every facet with its possible values (id, label), for the search page's filter form."""
        titles = self.facet_titles()
        used = self.site.used_facets()
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
        return script_json({
            "unknown": {facet: self.facet_label(facet, UNKNOWN) for facet in ("municipality", "area", "language")},
            "bundle": self.site.urls.link(urls.file("search_bundle")),
            "base": self.site.urls.base_path,
            "strings": {
                "results": _("%(count)s results"), "one": _("1 result"), "none": _("No results. Try other words or fewer filters."),
                "loading": _("Searching…"), "failed": _("Search is not available right now. Browse the directory instead."),
                "prompt": _("Type search words or choose filters."),
                "untold": _("%(count)s more have not told their area or languages yet."),
                "include": _("Include them"),
            },
        })
