"""The command line: check, build and serve."""
from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .content.check import check
from .content.tree import Content
from .content.messages import render_message
from .content.problems import display_path, plain_output, report

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    """The command line: a subcommand for each thing the tool does, with the options they share."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, default=ROOT / "content", help="content folder (default: content/)")
    common.add_argument("--lang", choices=("fi", "en"), default=os.environ.get("HAKEMISTO_LANG", "fi"),
                        help="language of messages (default: fi)")
    common.add_argument("-v", "--verbose", action="store_true", help="say more about what happens")
    parser = argparse.ArgumentParser(prog="build.py", description="Check and build the directory site.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _content_commands(sub, common)
    _source_commands(sub, common)
    _site_commands(sub, common)
    return parser


def _content_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """check, new, report and form: the commands that read or start content files."""
    sub.add_parser("check", parents=[common], help="check every content file and report all problems")
    new = sub.add_parser("new", parents=[common], help="start a new organisation or network file")
    new.add_argument("kind", choices=("organization", "network"), help="organization or network")
    new.add_argument("name", help='the name in Finnish, e.g. "Esimerkkiyhdistys ry"')
    rep = sub.add_parser("report", parents=[common], help="completeness and freshness of every profile")
    rep.add_argument("--format", choices=("markdown", "json", "csv"), default="markdown")
    rep.add_argument("--outreach", action="store_true",
                     help="every organisation's missing fields and its own fill-in link (markdown or csv)")
    rep.add_argument("--stale-only", action="store_true", help="only profiles needing a review")
    rep.add_argument("--out", type=Path, help="write to this file instead of the screen")
    rep.add_argument("--today", type=date.fromisoformat, default=None, help="the day to count from")
    form = sub.add_parser("form", parents=[common], help="write the organisations' issue form from the vocabularies")
    form.add_argument("--check", action="store_true", help="only say whether the form in .github/ is current")


def _source_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """from-issue, register and web-check: the ways facts come in, and their re-check."""
    intake = sub.add_parser("from-issue", parents=[common],
                            help="turn a submitted issue form into a change of one organisation's file")
    intake.add_argument("--body-file", type=Path, required=True, help="the issue body, as GitHub wrote it")
    intake.add_argument("--result", type=Path, help="write what was done as JSON to this file (for the workflow)")
    intake.add_argument("--today", type=date.fromisoformat, default=None, help="the date the organisation confirmed")
    intake.add_argument("--sender", default="", help="the GitHub login of the issue's author, named in the pull request")
    intake.add_argument("--issue", type=int, default=0, help="the issue's number, named in the pull request")
    reg = sub.add_parser("register", parents=[common], help="fetch facts from a public register (YTJ) into the files")
    reg.add_argument("source", choices=("ytj",), help="the register: ytj")
    reg.add_argument("--only", nargs="+", metavar="ID", help="only these organisations (file ids)")
    reg.add_argument("--report", type=Path, help="also write the summary (Markdown) to this file")
    reg.add_argument("--today", type=date.fromisoformat, default=None, help="the date recorded as fetched")
    web = sub.add_parser("web-check", parents=[common],
                         help="read again every page a web fact names; list pages gone and facts no longer shown")
    web.add_argument("--report", type=Path, help="also write the report (Markdown) to this file")
    web.add_argument("--today", type=date.fromisoformat, default=None, help="the date of the report")


def _site_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """build and serve."""
    for name, text in (("build", "check, then build the site (the default command)"),
                       ("serve", "build, serve on 127.0.0.1:8000 and rebuild on every change")):
        cmd = sub.add_parser(name, parents=[common], help=text)
        cmd.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
        cmd.add_argument("--base-url", help="publish under this path or address, e.g. /hakemisto/")
        cmd.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
        cmd.add_argument("--jobs", type=int, default=None, help="processes for rendering (default: one per core)")
        if name == "build":
            cmd.add_argument("--today", type=date.fromisoformat, default=None,
                             help="the day that decides upcoming meetings and stale reviews (default: today)")
        if name == "serve":
            cmd.add_argument("--host", default="127.0.0.1")
            cmd.add_argument("--port", type=int, default=8000)


def _checked(args: argparse.Namespace) -> Content | None:
    """The checked content, or None after printing every problem (the command then exits 1)."""
    content, problems = check(args.content)
    if problems or content is None:
        print(report(problems, args.lang), file=sys.stderr)
        return None
    return content


def cmd_check(args: argparse.Namespace) -> int:
    """Report every problem and exit 1, or print a one-line summary and exit 0."""
    content = _checked(args)
    if content is None:
        return 1
    print(render_message("summary-ok", {"organizations": len(content.organizations),
                                        "networks": len(content.networks)}, args.lang))
    return 0


def _bad_base_url(args: argparse.Namespace) -> bool:
    """Say so and return True when --base-url is not a path or an http(s) address of a host."""
    from .site.urls import valid_base_url

    if args.base_url is not None and not valid_base_url(args.base_url):
        print(f"--base-url {args.base_url!r}: write a path such as /hakemisto/ or an address such as "
              "https://example.github.io/hakemisto/", file=sys.stderr)
        return True
    return False


def cmd_build(args: argparse.Namespace) -> int:
    """Check, then render and write the site; nothing is written when a check fails."""
    # A build makes millions of objects that live until it ends and hardly any reference cycles, so
    # the garbage collector's passes would walk them again and again and free nothing. Python's
    # advice for a process that forks workers (gc.freeze): disable the collector early in the
    # parent, freeze before forking, enable it in the workers (render_all does those two steps).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(args)
    finally:
        if collecting:
            gc.enable()


def _build(args: argparse.Namespace) -> int:
    """cmd_build's steps: check, then build; 1 on a problem, with its message printed."""
    if _bad_base_url(args):
        return 1
    content = _checked(args)
    if content is None:
        return 1
    from .site.output import OutputError
    from .site.render import BuildError
    from .data.search import SearchIndexError
    from .runner import build_site

    try:
        stats = build_site(content, args.out, base_url=args.base_url, today=args.today, search=not args.no_search,
                           jobs=args.jobs)
    except (BuildError, SearchIndexError, OutputError) as err:
        print(err, file=sys.stderr)
        return 1
    for note in stats.notes:
        print(note, file=sys.stderr)
    print(f"{stats.pages} pages written to {args.out} in {stats.seconds:.2f} s")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Write a commented starting file; never overwrite one that exists."""
    from .content.scaffold import AlreadyExists, create

    fi = args.lang == "fi"
    try:
        path = create(args.content, args.kind, args.name)
    except AlreadyExists as err:
        print((f"{err} on jo olemassa; sitä ei korvattu. Muokkaa olemassa olevaa tiedostoa."
               if fi else f"{err} already exists and was not overwritten. Edit the existing file."), file=sys.stderr)
        return 1
    except ValueError:
        print("Nimestä ei saa tunnistetta; käytä kirjaimia." if fi else "The name gives no id; use letters.",
              file=sys.stderr)
        return 1
    shown = display_path(path)
    if fi:
        print(f"Luotu: {shown}\nSeuraavaksi: täydennä tiedot tiedoston ohjeiden mukaan ja aja `make check`.")
    else:
        print(f"Created: {shown}\nNext: fill in the details as the comments in the file say, then run `make check`.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Print or write the completeness and freshness report."""
    from .sources.report import as_json, as_markdown, rows

    content = _checked(args)
    if content is None:
        return 1
    today = args.today or date.today()
    if args.outreach:
        from .sources.report import outreach, outreach_csv, outreach_markdown

        found = outreach(content, today)
        text = outreach_csv(found) if args.format == "csv" else outreach_markdown(found, today)
    else:
        items = rows(content, today)
        if args.stale_only:
            items = [r for r in items if r.stale and r.status != "ended"]
        text = as_json(items, today) if args.format == "json" else as_markdown(items, today, content.site["stale_after_months"])
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, serve and rebuild on changes."""
    if _bad_base_url(args):
        return 1
    from .serve import serve

    return serve(args.content, args.out, args.base_url, args.host, args.port, args.lang, search=not args.no_search)


def cmd_form(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) the issue form made from the vocabularies."""
    from .content.form import FORM_FILE, form_text

    content = _checked(args)
    if content is None:
        return 1
    target = ROOT / ".github" / "ISSUE_TEMPLATE" / FORM_FILE
    text = form_text(content)
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(f"{display_path(target)} is not current: run `build.py form` and commit it", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"Written: {display_path(target)}")
    return 0


def cmd_from_issue(args: argparse.Namespace) -> int:
    """Exit 0 when the organisation's file was written and passes the check; 1 with a comment listing
    every problem otherwise. The result (slug, path, comment) goes to --result as JSON."""
    import json

    from .sources.intake import from_issue

    try:
        body = args.body_file.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        print(f"{args.body_file}: {err.strerror}", file=sys.stderr)
        return 1
    outcome = from_issue(args.content, body, args.today or date.today(), args.sender, args.issue)
    result = {"ok": outcome.ok, "slug": outcome.slug, "path": outcome.path, "lang": outcome.lang,
              "comment": outcome.comment, "missing": outcome.missing, "changed": outcome.changed,
              "confirmation_only": outcome.confirmation_only, "title": outcome.title, "pr_body": outcome.pr_body}
    if args.result:
        args.result.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(plain_output(outcome.comment))
    return 0 if outcome.ok else 1


def cmd_register(args: argparse.Namespace) -> int:
    """Update the `register` block of every organisation from YTJ; list what needs a person. Exit 0
    when every organisation was asked, 1 when some could not be, 2 when the run stopped; the report is
    written whatever happened."""
    from .sources import register

    results: list[register.Result] = []
    stopped = False
    try:
        for result in register.each(args.content, register.Client(), args.today or date.today(), args.only):
            results.append(result)
    except Exception as err:  # noqa: BLE001 - whatever stops the run is reported, with what was done until then
        stopped = True
        results.append(register.Result("", "", "error", f"the run stopped: {type(err).__name__}: {err}"))
    text = register.summary(results)
    if args.report:
        try:
            args.report.write_text(text, encoding="utf-8")
        except OSError as err:
            print(f"{args.report}: {err.strerror}", file=sys.stderr)
            stopped = True
    print(plain_output(text))
    return 2 if stopped else 1 if any(r.outcome == "error" for r in results) else 0


def cmd_web_check(args: argparse.Namespace) -> int:
    """Re-read the evidence pages of the web facts and report what changed (never edits content)."""
    from .sources.webcheck import as_markdown, check

    content = _checked(args)
    if content is None:
        return 1
    text = as_markdown(check(content), args.today or date.today())
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    print(plain_output(text))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one command; problems in content are reported, never raised."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s")
    try:
        commands = {"check": cmd_check, "build": cmd_build, "serve": cmd_serve, "new": cmd_new, "report": cmd_report,
                    "form": cmd_form, "from-issue": cmd_from_issue, "register": cmd_register,
                    "web-check": cmd_web_check}
        return commands[args.command](args)
    except KeyboardInterrupt:
        return 130
