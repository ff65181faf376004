"""The ``partnerships`` command. Thin: parses arguments, calls services, prints."""

from __future__ import annotations

import html
import inspect
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from partnerships import __version__
from partnerships.domain import Letter
from partnerships.domain.context import UserContext
from partnerships.ingest.service import extract_many, options_from
from partnerships.services.knowledge_base import KnowledgeBase, SchemaOutOfDate
from partnerships.settings import Settings, get_settings

if TYPE_CHECKING:
    from partnerships.services.indicators import ImportResult

DataClassification = Annotated[
    str,
    typer.Option(
        help="Classification of what is imported: openbaar, intern or vertrouwelijk (a "
        "dataset has one level for all its releases)."
    ),
]


class _Said(typer.core.TyperGroup):
    """The command tree with every help text in the language of the setting ``language``.

    Why here: Typer builds the click commands from the functions (docstrings, ``help=``)
    each time the command runs; the root group is built last, so its constructor sees the
    whole tree and looks each text up in the catalogues once (``scripts/extract_messages.py``
    extracts the docstrings of commands and every ``help=`` of this module).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        import typer.rich_utils as panels

        _say_help(self)
        # the help screen's own headings
        panels.ARGUMENTS_PANEL_TITLE = say("Arguments")
        panels.OPTIONS_PANEL_TITLE = say("Options")
        panels.COMMANDS_PANEL_TITLE = say("Commands")
        panels.REQUIRED_LONG_STRING = say("[required]")
        panels.DEFAULT_STRING = say("[default: {}]")


def _say_help(command: Any) -> None:
    """``command`` and its parameters, and every command under it (Typer's own click)."""
    if command.help:
        command.help = say(inspect.cleandoc(command.help))
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = say(text)
    for sub in getattr(command, "commands", {}).values():
        _say_help(sub)
    made = command.get_help_option  # click makes the --help option when asked for it

    def help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None:
            option.help = say("Show this message and exit.")
        return option

    command.get_help_option = help_option


app = typer.Typer(
    name="partnerships",
    help="Migration Partnerships Monitor: read letters to parliament into cited records.",
    no_args_is_help=True,
    add_completion=False,
    cls=_Said,
)

_LABELS = {
    "nl": {
        "kenmerk": "kenmerk",
        "date": "datum",
        "subject": "onderwerp",
        "addressee": "aan",
        "sender": "afzender",
        "signatories": "ondertekend",
        "attachments": "bijlagen",
        "body": "tekst",
        "chars": "tekens",
        "paragraphs": "alinea's",
        "footnotes": "voetnoten",
        "references": "verwijzingen",
        "countries": "landen",
        "organisations": "organisaties",
        "programmes": "programma's",
        "regions": "regio's",
        "amounts": "bedragen",
        "quantities": "aantallen",
        "percentages": "percentages",
        "commitments": "toezeggingen",
        "none": "—",
        "due": "uiterlijk",
        "warnings": "let op",
        "failed": "mislukt",
        "files": "bestanden",
        "ok": "gelezen",
    },
    "en": {
        "kenmerk": "reference",
        "date": "date",
        "subject": "subject",
        "addressee": "to",
        "sender": "sender",
        "signatories": "signed by",
        "attachments": "attachments",
        "body": "text",
        "chars": "characters",
        "paragraphs": "paragraphs",
        "footnotes": "footnotes",
        "references": "references",
        "countries": "countries",
        "organisations": "organisations",
        "programmes": "programmes",
        "regions": "regions",
        "amounts": "amounts",
        "quantities": "quantities",
        "percentages": "percentages",
        "commitments": "commitments",
        "none": "—",
        "due": "due",
        "warnings": "warnings",
        "failed": "failed",
        "files": "files",
        "ok": "read",
    },
}


def _fmt_money(value: float, currency: str) -> str:
    for scale, word in ((1e9, "mld"), (1e6, "mln")):
        if value >= scale:
            return f"{currency} {value / scale:g} {word}"
    return f"{currency} {value:,.0f}".replace(",", ".")


def _summary(letter: Letter, lang: str) -> str:
    t = _LABELS[lang]
    none = t["none"]
    refs = letter.references
    kinds = {
        k: sum(1 for r in refs if r.kind == k) for k in ("kamerstuk", "motion", "eu_act", "url")
    }

    def codes(kind: str) -> str:
        seen = sorted(
            {e.code if kind == "country" else e.name for e in letter.entities if e.kind == kind}
        )
        return ", ".join(seen) or none

    sender = ", ".join(x for x in (letter.sender.ministry, letter.sender.unit) if x) or none
    signed = (
        "; ".join(f"{s.name} ({s.function})" if s.function else s.name for s in letter.signatories)
        or none
    )
    paragraphs = len([p for p in letter.body.split("\n\n") if p.strip()])
    rows = [
        (t["kenmerk"], letter.kenmerk or none),
        (t["date"], letter.date or none),
        (t["subject"], letter.subject or none),
        (t["addressee"], letter.addressee or none),
        (t["sender"], sender),
        (t["signatories"], signed),
        (t["attachments"], str(letter.attachments) if letter.attachments is not None else none),
        (
            t["body"],
            f"{len(letter.body)} {t['chars']}, {paragraphs} {t['paragraphs']}, "
            f"{len(letter.footnotes)} {t['footnotes']}",
        ),
        (
            t["references"],
            f"Kamerstukken {kinds['kamerstuk']}, moties {kinds['motion']}, "
            f"EU {kinds['eu_act']}, URL {kinds['url']}",
        ),
        (t["countries"], codes("country")),
        (t["regions"], codes("region")),
        (t["organisations"], codes("organisation")),
        (t["programmes"], codes("programme")),
        (t["amounts"], ", ".join(_fmt_money(a.value, a.currency) for a in letter.amounts) or none),
        (t["quantities"], str(len(letter.quantities))),
        (t["percentages"], str(len(letter.percentages))),
        (t["commitments"], str(len(letter.commitments))),
    ]
    width = max(len(k) for k, _ in rows)
    out = [f"{letter.source}  [{letter.format}]"]
    out += [f"  {k.ljust(width)}  {v}" for k, v in rows]
    for c in letter.commitments:
        due = f" ({t['due']} {c.due_date})" if c.due_date else ""
        text = c.text if len(c.text) <= 110 else c.text[:107] + "..."
        out.append(f"    - {text}{due}")
    for w in letter.warnings:
        out.append(f"  {t['warnings']}: {w}")
    return "\n".join(out)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Letters (.pdf .txt .md .html) or folders.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file (JSON Lines).")
    ] = False,
    workers: Annotated[
        int | None, typer.Option(help="Processes to use (default: setting 'workers').")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(help="Language of the summary: nl or en (default: setting 'language')."),
    ] = None,
) -> None:
    """Extract metadata, clean text, footnotes, references, entities, figures and commitments."""
    settings = get_settings()
    lang = lang or settings.language
    if lang not in _LABELS:
        raise typer.BadParameter(say("choose nl or en"), param_hint="--lang")
    failed = 0
    done = 0
    for result in extract_many(paths, options_from(settings), workers or settings.workers):
        if result.letter is None:
            failed += 1
            typer.echo(_said(result.error) if result.error else "", err=True)
            continue
        done += 1
        if as_json:
            sys.stdout.write(json.dumps(result.letter.to_dict(), ensure_ascii=False) + "\n")
        else:
            typer.echo(_summary(result.letter, lang))
            typer.echo("")
    if not as_json:
        t = _LABELS[lang]
        typer.echo(
            f"{done + failed} {t['files']}: {done} {t['ok']}, {failed} {t['failed']}", err=True
        )
    if failed:
        raise typer.Exit(code=1)


db_app = typer.Typer(help="Manage the knowledge base.", no_args_is_help=True)
app.add_typer(db_app, name="db")
audit_app = typer.Typer(
    help="The audit trail: verify the hash chain, list entries.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")
criteria_app = typer.Typer(
    help="Prioritisation criteria: export, import, history.", no_args_is_help=True
)
app.add_typer(criteria_app, name="criteria")


def say(message: str, /, **values: object) -> str:
    """A line of the command's output in the language of the setting ``language``
    (``PARTNERSHIPS_LANGUAGE``: Dutch unless English is asked for), from the same
    catalogues as the web app; ``message`` is the English message id."""
    from partnerships.web.i18n import Language

    language = Language(get_settings().language)
    text = language.gettext(message)
    if not values:
        return text
    # a value that is itself a refusal (a reader's or importer's reason) in the same language
    said = {k: language.said(v) if isinstance(v, BaseException) else v for k, v in values.items()}
    return text % said


def _said(exc: BaseException) -> str:
    """A service's refusal in the command's language; any other error as it says itself."""
    from partnerships.web.i18n import Language

    return Language(get_settings().language).said(exc)


def _status(status: str) -> str:
    """An import's outcome ('imported', 'unchanged') in the command's language."""
    names = {"imported": say("imported"), "unchanged": say("unchanged")}
    return names.get(status, status)


def _kb() -> KnowledgeBase:
    return KnowledgeBase(get_settings())


def _kb_checked() -> KnowledgeBase:
    """The knowledge base for a command that reads: an out-of-date schema is an error."""
    kb = _kb()
    kb.check_schema()
    return kb


def _kb_upgraded() -> KnowledgeBase:
    """The knowledge base for a command that writes: an out-of-date schema is upgraded first."""
    kb = _kb()
    try:
        kb.check_schema()
    except SchemaOutOfDate:
        kb.upgrade()
    return kb


def _run_imports(paths: list[Path], run: Callable[[Path], ImportResult]) -> None:
    """Import each file on its own (all or nothing per file); exit 1 if any file was refused."""
    from partnerships.domain.provenance import release_text
    from partnerships.ingest.errors import ImportProblem

    failed = 0
    for path in paths:
        try:
            result = run(path)
        except ImportProblem as exc:
            failed += 1
            typer.echo(_said(exc), err=True)
            continue
        language = get_settings().language
        typer.echo(say("%(file)s: %(dataset)s, %(release)s: %(rows)s rows %(status)s",
                       file=path, dataset=result.dataset,
                       release=release_text(result.release, result.release_stated, language),
                       rows=result.rows, status=_status(result.status)))  # fmt: skip
    if failed:
        raise typer.Exit(code=1)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the knowledge base schema (Alembic) and load the country table."""
    kb = _kb()
    revision = kb.upgrade()
    typer.echo(say("%(base)s: schema at revision %(revision)s", base=kb.url, revision=revision))


@contextmanager
def _progress(description: str, unit: str) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on stderr (when it is a terminal) with rate and ETA; yields the
    callback the long-running service reports (done, total or None) to."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=False, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(description, total=None, rate="")
        started = time.perf_counter()

        def progress(done: int, total: int | None) -> None:
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f} {unit}/s")

        yield progress


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Letters or folders (recursive).")],
    workers: Annotated[int | None, typer.Option(help="Processes for extraction.")] = None,
    classification: Annotated[
        str, typer.Option(help="Classification of new letters: openbaar, intern or vertrouwelijk.")
    ] = "openbaar",
) -> None:
    """Extract and store letters in the knowledge base (idempotent, one transaction per file)."""
    kb = _kb_upgraded()
    with _progress("ingest", "files") as progress:
        try:
            report = kb.ingest(
                paths, progress=progress, workers=workers, classification=classification
            )
        except ValueError as exc:
            typer.echo(say("Error: %(problem)s", problem=_said(exc)), err=True)
            raise typer.Exit(code=1) from None
    typer.echo(say("%(total)s files: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
                   "%(failed)s failed", total=report.total, new=len(report.new),
                   updated=len(report.updated), unchanged=len(report.unchanged),
                   failed=len(report.failed)), err=True)  # fmt: skip
    for _path, reason in report.failed:
        typer.echo(say("  failed: %(reason)s", reason=reason), err=True)
    if report.failed:
        raise typer.Exit(code=1)


@app.command()
def reextract(
    workers: Annotated[int | None, typer.Option(help="Processes for extraction.")] = None,
) -> None:
    """Read every kept original again with the current extractor (after an upgrade); what
    people decided (classification, commitment tracking, topic verdicts) stays."""
    kb = _kb_upgraded()
    with _progress("reextract", "files") as progress:
        report = kb.reextract(progress=progress, workers=workers)
    typer.echo(say("%(total)s letters: %(again)s read again, %(failed)s failed",
                   total=report.total, again=len(report.updated),
                   failed=len(report.failed)), err=True)  # fmt: skip
    for _path, reason in report.failed:
        typer.echo(say("  failed: %(reason)s", reason=reason), err=True)
    if report.failed:
        raise typer.Exit(code=1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases" and prefixes (migr*).')],
    date_from: Annotated[str | None, typer.Option("--van", help="From date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--tot", help="Up to date (YYYY-MM-DD).")] = None,
    addressee: Annotated[
        str | None, typer.Option("--aan", help="Tweede Kamer or Eerste Kamer.")
    ] = None,
    sender: Annotated[
        str | None, typer.Option("--afzender", help="Ministry or unit (part).")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--land", help="Mentions this country (ISO).")
    ] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisatie", help="Mentions this organisation (gazetteer id).")
    ] = None,
    commitments: Annotated[
        bool | None,
        typer.Option("--met-toezeggingen/--zonder-toezeggingen", help="Has commitments or not."),
    ] = None,
    dossier: Annotated[
        str | None, typer.Option("--citeert-dossier", help="Cites this Kamerstuk dossier.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Number of results.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Dutch full-text search in the knowledge base."""
    from datetime import date as _date

    from partnerships.domain.context import LOCAL_USER
    from partnerships.services.queries import search as run_search
    from partnerships.store.repository import DocumentFilter

    def parse(value: str | None, name: str) -> _date | None:
        if value is None:
            return None
        try:
            return _date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(say("expected YYYY-MM-DD"), param_hint=name) from None

    flt = DocumentFilter(
        date_from=parse(date_from, "--van"),
        date_to=parse(date_to, "--tot"),
        addressee=addressee,
        sender=sender,
        country=country.upper() if country else None,
        organisation=organisation,
        has_commitments=commitments,
        cites_dossier=dossier,
    )
    kb = _kb_checked()
    total, results = run_search(kb, LOCAL_USER, query, flt, 0, limit or get_settings().page_size)
    if as_json:
        typer.echo(json.dumps({"totaal": total, "resultaten": results}, ensure_ascii=False))
        return
    typer.echo(say("%(total)s documents", total=total))
    for r in results:
        typer.echo(
            f"[{r['id']}] {r['datum'] or '—'}  {r['kenmerk'] or '—'}  {r['onderwerp'] or r['bron']}"
        )
        plain = re.sub(r"</?mark>", "*", html.unescape(r["fragment"]))
        typer.echo(f"      {plain}")


# the letters and data bundled with the package (in a checkout, examples/ points here too)
EXAMPLES = Path(__file__).resolve().parent / "demo_data" / "letters"


def _demo_harvest(kb: KnowledgeBase) -> None:
    """Replay the recorded harvest (a real motion; constructed outcome and register
    entries, see demo_data/harvest/README.md) through the real harvester."""
    from partnerships.ingest.recorded import transport
    from partnerships.ingest.tk_odata import Client
    from partnerships.services.harvest import harvest_tk
    from partnerships.services.register import harvest_register

    folder = EXAMPLES.parent / "harvest"
    if not (folder / "index.json").exists():
        return
    recorded = transport(folder)
    with Client(0.0, 10.0, 0, transport=recorded) as client:
        tk = harvest_tk(kb, dossiers=["19637"], kinds=["Motie"], client=client)
        register = harvest_register(kb, client=client)
    typer.echo(say("recorded harvest: %(new)s new, %(unchanged)s unchanged documents; "
                   "%(entries)s new, %(same)s unchanged register entries", new=len(tk.new),
                   unchanged=len(tk.unchanged), entries=len(register.new),
                   same=len(register.unchanged)))  # fmt: skip
    for name, reason in tk.failed + register.failed:
        typer.echo(say("  failed: %(name)s: %(reason)s", name=name, reason=reason), err=True)
    from partnerships.services import watches
    from partnerships.services.identity import local_user

    me = local_user()
    if not watches.mine(kb, me):  # a watch, so the feed and the overview show something
        watch, token = watches.create(kb, me, "Terugkeer", "search", "terugkeer")
        feed = f"{kb.settings.public_url.rstrip('/')}/volglijsten/feed/{token}.atom"
        typer.echo(say("watch '%(name)s': feed %(feed)s", name=watch.name, feed=feed))


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    letters: Annotated[Path, typer.Option(help="Letters to load.")] = EXAMPLES,
    data: Annotated[
        Path, typer.Option(help="Statistics to load (eurostat/, frontex/, tables/).")
    ] = (EXAMPLES.parent / "data"),
    serve_it: Annotated[bool, typer.Option("--serve/--no-serve", help="Start the web app.")] = True,
) -> None:
    """Create or refresh the embedded base from the bundled letters, then serve it."""
    kb = _kb()
    kb.upgrade()
    report = kb.ingest([letters])
    typer.echo(say("%(base)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
                   "%(failed)s failed", base=kb.url, new=len(report.new),
                   updated=len(report.updated), unchanged=len(report.unchanged),
                   failed=len(report.failed)))  # fmt: skip
    for _path, reason in report.failed:
        typer.echo(say("  failed: %(reason)s", reason=reason), err=True)
    from partnerships.ingest.errors import ImportProblem
    from partnerships.services.indicators import import_eurostat, import_frontex, import_table
    from partnerships.services.programmes import import_iati

    importers = (
        ("eurostat", "*.csv", import_eurostat),
        ("frontex", "*.xlsx", import_frontex),
        ("tables", "*.*", import_table),
    )
    for folder, pattern, importer in importers:
        for path in sorted((data / folder).glob(pattern)):
            try:
                result = importer(kb, path)
                typer.echo(say("%(file)s: %(rows)s rows %(status)s", file=path.name,
                               rows=result.rows, status=_status(result.status)))  # fmt: skip
            except ImportProblem as exc:
                typer.echo(say("  failed: %(reason)s", reason=exc), err=True)
    for path in sorted((data / "iati").glob("*.xml")):
        try:
            r = import_iati(kb, path)
            typer.echo(say("%(file)s: %(new)s new, %(updated)s updated programmes (%(status)s)",
                           file=path.name, new=r.new, updated=r.updated,
                           status=_status(r.status)))  # fmt: skip
        except ImportProblem as exc:
            typer.echo(say("  failed: %(reason)s", reason=exc), err=True)
    _demo_harvest(kb)
    if serve_it:
        from partnerships.services.identity import is_loopback

        if is_loopback(host):  # a personal demo: the visitor is the analyst at this machine
            os.environ["PARTNERSHIPS_LOCAL_ANALYST"] = "true"
            kb.settings = kb.settings.model_copy(update={"local_analyst": True})
        _serve(kb, host, port)


def _serve(kb: KnowledgeBase, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from partnerships.services.identity import is_loopback
    from partnerships.web.app import create_app

    if kb.settings.local_analyst and not is_loopback(host):
        typer.echo(say("error: PARTNERSHIPS_LOCAL_ANALYST serves everyone as the analyst; it "
                       "is only allowed on a loopback address, not on %(host)s", host=host),
                   err=True)  # fmt: skip
        raise typer.Exit(code=2)

    site = f"http://{host}:{port}/"
    typer.echo(say("Open %(site)s  (API: %(api)s)", site=site, api=site + "api/v1/documenten"))
    # forwarding headers only from the proxies the operator names (uvicorn would otherwise
    # believe X-Forwarded-For from loopback: a rotating header dodged the login rate limit)
    proxies = [p.strip() for p in kb.settings.trusted_proxies.split(",") if p.strip()]
    forwarding = {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or None}
    if workers > 1:
        # each process opens the base from the same settings (environment)
        uvicorn.run(
            "partnerships.web.app:create_app_from_settings",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            **forwarding,  # type: ignore[arg-type]
        )
    else:
        uvicorn.run(create_app(kb), host=host, port=port, log_level="warning", **forwarding)  # type: ignore[arg-type]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (one per core).")] = 1,
) -> None:
    """Serve the web app and the REST API (/api/v1) on an existing knowledge base."""
    kb = _kb_checked()
    _serve(kb, host, port, workers)


harvest_app = typer.Typer(help="Harvest letters and motions from official sources.",
                          no_args_is_help=True)  # fmt: skip
app.add_typer(harvest_app, name="harvest")


@harvest_app.command("tk")
def harvest_tk_cmd(
    since: Annotated[str | None, typer.Option(
        help="Only documents changed on or after this date (YYYY-MM-DD); default: where the "
        "last harvest stopped.")] = None,
    dossier: Annotated[list[str] | None, typer.Option(
        help="A Kamerstuk dossier (repeat); default: the setting harvest_dossiers.")] = None,
    soort: Annotated[list[str] | None, typer.Option(
        help="A document kind, e.g. 'Brief regering' (repeat); default: harvest_kinds.")] = None,
    watch: Annotated[str | None, typer.Option(
        help="Harvest again every INTERVAL (e.g. 15m, 1h, 900s) until stopped; for a server "
        "(or use the systemd timer in docs/harvest.md).")] = None,
    sync: Annotated[bool, typer.Option("--sync", help="Follow the SyncFeed (Atom, skiptoken) "
        "for what changed instead of querying OData by change time.")] = False,
) -> None:  # fmt: skip
    """Harvest parliament's open data (Tweede Kamer, OData v4): incremental and resumable;
    ends with new / updated / unchanged / withdrawn / failed and the reason per failure."""

    if since is not None:
        from datetime import date

        try:
            date.fromisoformat(since)
        except ValueError:
            typer.echo(say("Error: --since %(value)r is not a date (YYYY-MM-DD)", value=since),
                       err=True)  # fmt: skip
            raise typer.Exit(code=2) from None
    from partnerships.services.harvest import interval_seconds

    every = None
    if watch is not None:
        every = interval_seconds(watch)
        if every is None:
            typer.echo(say("Error: --watch %(value)r is not an interval (15m, 1h, 900s)",
                           value=watch), err=True)  # fmt: skip
            raise typer.Exit(code=2)
    if sync and since is not None:
        typer.echo(say("Error: --since does not apply to --sync (the feed resumes at its "
                       "cursor)"), err=True)  # fmt: skip
        raise typer.Exit(code=2)
    while True:
        failed = _harvest_once(since, dossier, soort, sync)
        if every is None:
            if failed:
                raise typer.Exit(code=1)
            return
        since = None  # the cursor knows where the last round stopped; failures were listed
        time.sleep(every)


def _harvest_once(since: str | None, dossier: list[str] | None, soort: list[str] | None,
                  sync: bool = False) -> int:  # fmt: skip
    """One harvest with its progress and summary; returns how many items failed."""
    from partnerships.ingest.tk_odata import HarvestError
    from partnerships.services.harvest import harvest_tk, sync_tk

    kb = _kb_upgraded()
    with _progress("harvest tk", "documents") as progress:
        try:
            if sync:
                report = sync_tk(kb, dossier or None, soort or None, progress)
            else:
                report = harvest_tk(kb, since, dossier or None, soort or None, progress)
        except HarvestError as exc:  # the source is down: said, and (with --watch) tried later
            typer.echo(say("Error: %(problem)s", problem=exc), err=True)
            return 1
    typer.echo(say("%(total)s documents: %(new)s new, %(updated)s updated, %(unchanged)s "
                   "unchanged, %(deleted)s withdrawn, %(failed)s failed (%(requests)s requests)",
                   total=report.total, new=len(report.new), updated=len(report.updated),
                   unchanged=len(report.unchanged), deleted=len(report.deleted),
                   failed=len(report.failed), requests=report.requests), err=True)  # fmt: skip
    for name, reason in report.failed:
        typer.echo(say("  failed: %(name)s: %(reason)s", name=name, reason=reason), err=True)
    return len(report.failed)


@harvest_app.command("register")
def harvest_register_cmd(
    since: Annotated[
        str | None,
        typer.Option(
            help="Only entries changed on or after this date (YYYY-MM-DD); default: where the "
            "last run stopped."
        ),
    ] = None,
) -> None:
    """Harvest parliament's register of commitments (Toezegging): incremental, resumable;
    shown beside the commitments found in letters on /toezeggingen/register."""
    from partnerships.ingest.tk_odata import HarvestError
    from partnerships.services.register import harvest_register

    kb = _kb_upgraded()
    try:
        with _progress("harvest register", "entries") as progress:
            report = harvest_register(kb, since, progress)
    except HarvestError as exc:
        typer.echo(say("error: %(problem)s", problem=exc), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(say("%(total)s register entries: %(new)s new, %(updated)s updated, "
                   "%(unchanged)s unchanged, %(deleted)s withdrawn, %(failed)s failed "
                   "(%(requests)s requests)", total=report.total, new=len(report.new),
                   updated=len(report.updated), unchanged=len(report.unchanged),
                   deleted=len(report.deleted), failed=len(report.failed),
                   requests=report.requests), err=True)  # fmt: skip
    for name, reason in report.failed:
        typer.echo(say("  failed: %(name)s: %(reason)s", name=name, reason=reason), err=True)
    if report.failed:
        raise typer.Exit(code=1)


@harvest_app.command("ob")
def harvest_ob_cmd(
    kamerstuk: Annotated[
        list[str] | None,
        typer.Option(
            help="A Kamerstuk to fetch from the publication office, e.g. 19637-2302 (repeat)."
        ),
    ] = None,
    dossier: Annotated[
        list[str] | None,
        typer.Option(
            help="Search the publication office for this dossier's Kamerstukken "
            "and fetch them (repeat; default with --search: the harvest scope)."
        ),
    ] = None,
    search: Annotated[
        bool, typer.Option("--search", help="Search the scope's dossiers (SRU).")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            help="With --dossier/--search: published on or after (YYYY-MM-DD); "
            "default: where the last search stopped."
        ),
    ] = None,
) -> None:
    """Fetch Kamerstukken from officielebekendmakingen.nl (metadata.xml, then the first
    rendition that reads: XML, HTML or PDF; the PDF kept beside it) into the base — e.g.
    those `partnerships coverage` lists as cited but missing, or (--dossier, --search)
    every Kamerstuk of a dossier the publication office's search finds."""
    from datetime import date as _date

    from partnerships.services.harvest import harvest_ob, harvest_ob_search

    if not kamerstuk and not dossier and not search:
        typer.echo(say("error: name --kamerstuk, --dossier or --search"), err=True)
        raise typer.Exit(code=2)
    try:
        after = _date.fromisoformat(since) if since else None
    except ValueError:
        typer.echo(say("error: --since %(value)r is not a date (YYYY-MM-DD)", value=since),
                   err=True)  # fmt: skip
        raise typer.Exit(code=2) from None
    kb = _kb_upgraded()
    if kamerstuk:
        report = harvest_ob(kb, kamerstuk)
    else:
        report = harvest_ob_search(kb, dossier or None, after)
    typer.echo(say("%(total)s Kamerstukken: %(new)s new, %(updated)s updated, %(unchanged)s "
                   "unchanged, %(failed)s failed", total=report.total, new=len(report.new),
                   updated=len(report.updated), unchanged=len(report.unchanged),
                   failed=len(report.failed)), err=True)  # fmt: skip
    for name, reason in report.failed:
        typer.echo(say("  failed: %(name)s: %(reason)s", name=name, reason=reason), err=True)
    for name, note in report.notes:
        typer.echo(say("  note: %(name)s: %(note)s", name=name, note=note), err=True)
    if report.failed:
        raise typer.Exit(code=1)


@app.command()
def coverage(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """What the base holds per source, dossier and year; when each source was last
    harvested; the Kamerstukken letters cite that the base lacks."""
    from partnerships.services.coverage import coverage as coverage_of

    data = coverage_of(_kb(), _local_user())
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    sources = ", ".join(f"{r['bron']} {r['documenten']}" for r in data["perBron"])
    typer.echo(say("Per source: %(sources)s", sources=sources))
    for r in data["geoogst"]:
        typer.echo(say("Last harvested: %(source)s (%(scope)s) %(when)s", source=r["bron"],
                       scope=r["reikwijdte"], when=r["laatst"]))  # fmt: skip
    typer.echo(say("Per dossier and year:"))
    for r in data["perDossierEnJaar"][:40]:
        typer.echo(f"  {r['dossier']:<14} {r['jaar']}  {r['documenten']}")
    typer.echo(say("Cited but not in the base:"))
    for r in data["geciteerdOntbrekend"][:40]:
        typer.echo(f"  {r['dossier']} nr. {r['nummer']} ({r['keerGeciteerd']}×) {r['publicatie']}")


watches_app = typer.Typer(help="Watches (saved searches, countries, dossiers, due "
                          "commitments) and their digests.", no_args_is_help=True)  # fmt: skip
app.add_typer(watches_app, name="watches")


@watches_app.command("list")
def watches_list() -> None:
    """Every watch in the base: owner, what it follows, whether it has a digest address."""
    from partnerships.store.watches import WatchRepository

    kb = _kb_checked()
    with kb.session() as s:
        for w in WatchRepository(s).all():
            mail = f" → {w.email}" if w.email else ""
            typer.echo(f"{w.id:>4}  {w.owner:<16} {w.kind:<8} {w.query:<30} {w.name}{mail}")


@watches_app.command("mail")
def watches_mail() -> None:
    """Send each address one e-mail with what is new in its watches since the last digest
    (PARTNERSHIPS_SMTP_HOST …); run daily, e.g. from a systemd timer."""
    from partnerships.services.watches import WatchError, send_digests

    try:
        done = send_digests(_kb_checked())
    except WatchError as exc:
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(say("%(sent)s digests sent, %(skipped)s watches without news, %(failed)s failed",
                   sent=len(done.sent), skipped=done.skipped,
                   failed=len(done.failed)))  # fmt: skip
    for address, reason in done.failed:
        typer.echo(f"  {address}: {reason}", err=True)
    if done.failed:
        raise typer.Exit(code=1)


import_app = typer.Typer(help="Import statistics into the knowledge base.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("eurostat")
def import_eurostat_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="Eurostat files: export CSV, SDMX-CSV or TSV.")
    ],
    dataset: Annotated[
        str | None, typer.Option(help="Dataset code when the file does not say it (migr_eiord, …).")
    ] = None,
    release: Annotated[
        str | None, typer.Option(help="Release label (default: the file's date).")
    ] = None,
    classification: DataClassification = "openbaar",
) -> None:
    """Import Eurostat return and asylum statistics (validated first; all or nothing per file)."""
    from partnerships.services.indicators import import_eurostat

    kb = _kb_upgraded()
    _run_imports(files, lambda path: import_eurostat(kb, path, dataset, release, classification))


@import_app.command("frontex")
def import_frontex_cmd(
    file: Annotated[Path, typer.Argument(help="Frontex 'Monthly detections of IBC' workbook.")],
    classification: DataClassification = "openbaar",
) -> None:
    """Import Frontex detections of illegal border crossings (routes × nationality × month)."""
    from partnerships.services.indicators import import_frontex

    kb = _kb_upgraded()
    _run_imports([file], lambda path: import_frontex(kb, path, classification))


@import_app.command("table")
def import_table_cmd(
    file: Annotated[Path | None, typer.Argument(help="Analyst table (CSV or XLSX).")] = None,
    template: Annotated[Path | None, typer.Option(help="Write the empty template here.")] = None,
    release: Annotated[
        str | None, typer.Option(help="Release label (default: the file's date).")
    ] = None,
    classification: DataClassification = "openbaar",
) -> None:
    """Import an analyst table of indicators no open source has (or write its template)."""
    from partnerships.ingest.analyst_table import template_csv
    from partnerships.services.indicators import import_table

    if template is not None:
        template.write_text(template_csv(), "utf-8")
        typer.echo(say("template written to %(file)s", file=template))
        if file is None:
            return
    if file is None:
        raise typer.BadParameter(say("give a table, or --template PATH"), param_hint="FILE")
    kb = _kb_upgraded()
    _run_imports([file], lambda path: import_table(kb, path, release, classification))


@import_app.command("iati")
def import_iati_cmd(
    files: Annotated[list[Path], typer.Argument(help="IATI 2.0x activity XML files.")],
    reporting_org: Annotated[
        str | None,
        typer.Option(
            help="Publisher to keep (default: PARTNERSHIPS_IATI_REPORTING_ORG; '' keeps all)."
        ),
    ] = None,
    classification: DataClassification = "openbaar",
) -> None:
    """Import programmes from IATI activity files (validated, all or nothing per file)."""
    from partnerships.ingest.errors import ImportProblem
    from partnerships.services.programmes import import_iati

    kb = _kb_upgraded()
    failed = 0
    for path in files:
        try:
            r = import_iati(kb, path, reporting_org, classification=classification)
        except ImportProblem as exc:
            failed += 1
            typer.echo(_said(exc), err=True)
            continue
        typer.echo(say("%(file)s: %(status)s: %(new)s new, %(updated)s updated programmes; "
                       "%(others)s activities of other publishers skipped", file=path,
                       status=_status(r.status), new=r.new, updated=r.updated,
                       others=r.other_publishers))  # fmt: skip
    if failed:
        raise typer.Exit(code=1)


@app.command()
def indicators(
    country: Annotated[
        str, typer.Argument(help="Country of citizenship (ISO code or English name).")
    ],
    geo: Annotated[
        str,
        typer.Option(
            help="Reporting area: auto (the newest EU aggregate in the data), EU27_2020, EU28 or "
            "an ISO code."
        ),
    ] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Return statistics for one citizenship: ordered to leave, returned, effective return rate."""
    from partnerships.ingest.eurostat import country_code
    from partnerships.services.indicators import country_indicators

    kb = _kb_checked()
    area = "auto" if geo.lower() == "auto" else (country_code(geo) or geo)
    data = country_indicators(kb, _local_user(), country, area)
    if data is None:
        raise typer.BadParameter(
            say("unknown country %(country)r", country=country), param_hint="COUNTRY"
        )
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    typer.echo(say("%(country)s (reporting: %(reporting)s)", country=data["land"],
                   reporting=data["rapporterend"]))  # fmt: skip
    head = (say("year"), say("order to leave"), say("returned"), say("effective %"))
    typer.echo(f"{head[0]:>6} {head[1]:>18} {head[2]:>13} {head[3]:>12}")
    for row in data["reeks"]:

        def n(v: float | None) -> str:
            return "—" if v is None else f"{v:,.0f}".replace(",", ".")

        rate = (
            "—"
            if row["effectiefTerugkeerpercentage"] is None
            else f"{row['effectiefTerugkeerpercentage']:.1f}"
        )
        typer.echo(
            f"{row['jaar']:>6} {n(row['uitzettingsbevelen']):>18} "
            f"{n(row['teruggekeerd']):>13} {rate:>12}"
        )
    typer.echo(data["kanttekening"])
    for a in data["analisten"]:
        shown = a["categorie"] or (f"{a['waarde']:g} {a['eenheid'] or ''}".strip())
        typer.echo(f"  {a['naam']} ({a['periode']}): {shown}  [{a['bron'] or a['bestand']}]")
    if data["routes"]:
        last = max(r["jaar"] for r in data["routes"])
        typer.echo(say("Frontex detections %(year)s per route:", year=last))
        for r in data["routes"]:
            if r["jaar"] == last:
                typer.echo(f"  {r['naam']:<40} {r['detecties']:>8}  {r['aandeel']:>5.1f} %")


def _local_user() -> UserContext:
    from partnerships.services.identity import local_user

    return local_user()


def _weights(pairs: list[str]) -> dict[str, float]:
    out = {}
    for pair in pairs:
        code, sep, value = pair.partition("=")
        try:
            out[code.strip()] = float(value.replace(",", "."))
        except ValueError:
            sep = ""
        if not sep:
            raise typer.BadParameter(
                say("expected CODE=NUMBER, found %(pair)r", pair=pair), param_hint="--weight"
            )
    return out


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f} %"


@app.command()
def rank(
    weight: Annotated[
        list[str] | None,
        typer.Option("--weight", "-w", help="What-if weight CODE=NUMBER (repeatable)."),
    ] = None,
    top: Annotated[int, typer.Option(help="Show this many countries (0 = all).")] = 25,
    samples: Annotated[
        int | None, typer.Option(help="SMAA samples (default: the criteria file's).")
    ] = None,
    robustness: Annotated[
        bool, typer.Option("--robustness/--no-robustness", help="Run SMAA-2.")
    ] = True,
    criteria_file: Annotated[
        Path | None, typer.Option("--criteria", help="Use this criteria TOML, not the stored one.")
    ] = None,
    lang: Annotated[str, typer.Option(help="Country names in nl or en.")] = "nl",
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Rank candidate focus countries (value model, TOPSIS) with SMAA-2 robustness."""
    from partnerships.analysis.criteria import parse_criteria
    from partnerships.domain.decisions import CriteriaError
    from partnerships.services.prioritisation import rank as rank_countries

    kb = _kb_checked()
    try:
        cs = None
        if criteria_file is not None:
            cs = parse_criteria(criteria_file.read_text("utf-8"), str(criteria_file))
        result = rank_countries(
            kb, _local_user(), _weights(weight or []), cs, lang, robustness, samples
        )
    except (CriteriaError, OSError) as exc:
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    rows = result["landen"][: top or None]
    shown = ", ".join(f"{c['code']}={c['weight']:g}" for c in result["criteria"])
    version = result["criteriaVersie"] or say("default")
    typer.echo(say("%(count)s countries; criteria version %(version)s; weights: %(weights)s",
                   count=result["aantal"], version=version, weights=shown))  # fmt: skip
    head = (say("rank"), say("country"), "score", "TOPSIS", say("rank 1"), "top 5",
            say("conf."), say("miss."))  # fmt: skip
    typer.echo("{:>4} {:<28} {:>6} {:>6} {:>7} {:>6} {:>6} {:>6}".format(*head))
    for r in rows:
        acc = r.get("acceptatie") or []
        move = f" ({r['verschuiving']:+d})" if r.get("verschuiving") else ""
        typer.echo(
            f"{r['rang']:>4} {r['naam'][:28]:<28} {r['score']:>6.3f} {r['topsisRang']:>6} "
            f"{_pct(acc[0] if acc else None):>7} {_pct(sum(acc[:5]) if acc else None):>6} "
            f"{_pct(r.get('vertrouwen')):>6} {r['ontbrekend']:>6}{move}"
        )


@app.command()
def assess(
    country: Annotated[str, typer.Argument(help="Country (ISO code or English name).")],
    year: Annotated[str | None, typer.Option(help="Year (default: latest with data).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Article 25a return-cooperation assessment of one country, with measure options."""
    from partnerships.services.return_cooperation import assessment

    kb = _kb_checked()
    data = assessment(kb, _local_user(), country, year)
    if data is None:
        raise typer.BadParameter(
            say("unknown country %(country)r", country=country), param_hint="COUNTRY"
        )
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    if data["jaar"] is None:
        typer.echo(f"{data['land']}: {data['toelichting']}")
        return
    trend = f", trend: {data['trend']}" if data.get("trend") else ""
    typer.echo(f"{data['land']} {data['jaar']}: {data['oordeel']}{trend}")
    for reason in data["redenen"]:
        typer.echo(f"  - {reason}")
    for gap in data["lacunes"]:
        typer.echo(say("  missing: %(gap)s", gap=gap))
    typer.echo(say("Options (suggestions, not a decision):"))
    for o in data["opties"]:
        if o["optie"]:
            typer.echo(f"  + {o['naam']} [{o['niveau']}, {o['richting']}] — {o['reden']}")
            typer.echo(say("      limits: %(limits)s", limits=o["grenzen"]))
    typer.echo(data["kanttekening"])


@criteria_app.command("export")
def criteria_export(
    output: Annotated[Path | None, typer.Option("-o", help="Write here (default: stdout).")] = None,
    version: Annotated[
        int | None, typer.Option(help="A stored version (default: current).")
    ] = None,
) -> None:
    """Write the criteria in force (or an older version) as TOML."""
    from partnerships.domain.decisions import CriteriaError
    from partnerships.services.prioritisation import criteria_text

    kb = _kb_checked()
    try:
        text = criteria_text(kb, version)
    except CriteriaError as exc:
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, "utf-8")
        typer.echo(say("criteria written to %(file)s", file=output))


@criteria_app.command("import")
def criteria_import(
    file: Annotated[Path, typer.Argument(help="Criteria TOML file.")],
    note: Annotated[str, typer.Option(help="Why the criteria change.")] = "",
) -> None:
    """Check a criteria TOML and store it as the new version in force."""
    from partnerships.domain.decisions import CriteriaError
    from partnerships.services.prioritisation import save_criteria

    kb = _kb_upgraded()
    try:
        version = save_criteria(kb, _local_user(), file.read_text("utf-8"), note)
    except (CriteriaError, OSError) as exc:
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(say("%(file)s: stored as criteria version %(version)s", file=file, version=version))


@criteria_app.command("history")
def criteria_history_cmd() -> None:
    """List the stored criteria versions, newest first."""
    from partnerships.services.prioritisation import criteria_history

    kb = _kb_checked()
    for v in criteria_history(kb):
        typer.echo(f"{v['versie']:>4}  {v['tijdstip'][:19]}  {v['auteur']:<16} {v['toelichting']}")


@app.command()
def decide(
    country: Annotated[str, typer.Argument(help="Country (ISO code or English name).")],
    title: Annotated[str, typer.Option(help="The decision in one line.")],
    rationale: Annotated[str, typer.Option(help="Why.")],
    weighed: Annotated[str, typer.Option(help="The interests weighed against each other.")],
    instrument: Annotated[
        list[str] | None, typer.Option(help="Instrument code (repeatable; see assess).")
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(help="Evidence 'kind:ref label', e.g. 'document:3 Kamerbrief' (repeatable)."),
    ] = None,
    status: Annotated[str, typer.Option(help="concept | actief | ingetrokken.")] = "concept",
    classification: Annotated[
        str, typer.Option(help="openbaar | intern | vertrouwelijk.")
    ] = "intern",
    note: Annotated[str, typer.Option(help="What changed since the previous version.")] = "",
) -> None:
    """Record a new version of a country's decision (instruments, reasons, evidence)."""
    from partnerships.domain.decisions import DecisionError, DecisionRecord
    from partnerships.services.decisions import parse_evidence, record_decision

    kb = _kb_upgraded()
    try:
        record = DecisionRecord(
            country=country,
            title=title,
            instruments=tuple(instrument or ()),
            rationale=rationale,
            weighed=weighed,
            evidence=parse_evidence("\n".join(evidence or ())),
            status=status,
            classification=classification,
            note=note,
        )
        stored = record_decision(kb, _local_user(), record)
    except (DecisionError, PermissionError) as exc:
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(say("%(country)s: decision version %(version)s recorded (%(status)s)",
                   country=stored["land"], version=stored["versie"],
                   status=stored["status"]))  # fmt: skip


@app.command()
def decisions(
    country: Annotated[str, typer.Argument(help="Country (ISO code or English name).")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """A country's decision history, newest first."""
    from partnerships.services.decisions import decision_history

    kb = _kb_checked()
    history = decision_history(kb, _local_user(), country)
    if history is None:
        raise typer.BadParameter(
            say("unknown country %(country)r", country=country), param_hint="COUNTRY"
        )
    if as_json:
        typer.echo(json.dumps(history, ensure_ascii=False))
        return
    if not history:
        typer.echo(say("no decisions recorded"))
    for d in history:
        instruments = ", ".join(i["code"] for i in d["instrumenten"]) or "—"
        typer.echo(
            f"v{d['versie']} {d['tijdstip'][:19]} {d['auteur']} [{d['status']}, "
            f"{d['rubricering']}] {d['titel']}  ({instruments})"
        )


@app.command()
def risk(
    country: Annotated[str, typer.Argument(help="Country (ISO code or English name).")],
    category: Annotated[
        str,
        typer.Option(
            help="refoulement | detentie | uitbuiting | "
            "mensenhandel | discriminatie | "
            "maatschappelijke_ruimte | overig."
        ),
    ],
    description: Annotated[str, typer.Option(help="What could happen to whom.")],
    likelihood: Annotated[int, typer.Option(help="1 (rare) … 5 (almost certain).")],
    impact: Annotated[int, typer.Option(help="1 (minor) … 5 (severe).")],
    mitigation: Annotated[str, typer.Option(help="What is done to prevent or limit it.")],
    owner: Annotated[str, typer.Option(help="Who watches it.")],
    review: Annotated[str, typer.Option(help="Review date YYYY-MM-DD.")],
    intended: Annotated[str, typer.Option(help="Intended effects of the partnership.")] = "",
    unintended: Annotated[str, typer.Option(help="Unintended effects seen or feared.")] = "",
    programme: Annotated[str, typer.Option(help="Narrow to a programme (IATI id).")] = "",
    instrument: Annotated[str, typer.Option(help="Narrow to an instrument code.")] = "",
    status: Annotated[str, typer.Option(help="open | gesloten.")] = "open",
    classification: Annotated[
        str, typer.Option(help="openbaar | intern | vertrouwelijk.")
    ] = "intern",
    key: Annotated[str, typer.Option(help="Key of an entry to revise (new version).")] = "",
    note: Annotated[str, typer.Option(help="What changed.")] = "",
) -> None:
    """Record a do-no-harm risk for a partnership (or a new version of one with --key)."""
    from datetime import date as _d

    from partnerships.domain.risks import Risk
    from partnerships.services.risks import record_risk

    kb = _kb_upgraded()
    try:
        entry = Risk(
            country=country,
            category=category,
            description=description,
            likelihood=likelihood,
            impact=impact,
            mitigation=mitigation,
            owner=owner,
            review_date=_d.fromisoformat(review),
            intended_effects=intended,
            unintended_effects=unintended,
            programme=programme,
            instrument=instrument,
            status=status,
            classification=classification,
            key=key,
            note=note,
        )
        stored = record_risk(kb, _local_user(), entry)
    except (ValueError, PermissionError) as exc:  # RiskError, a malformed date, a reader
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(say("%(country)s: risk %(key)s version %(version)s recorded (%(level)s, review "
                   "%(review)s)", country=stored["land"], key=stored["sleutel"],
                   version=stored["versie"], level=stored["niveau"],
                   review=stored["herbeoordeling"]))  # fmt: skip


@app.command()
def risks(
    country: Annotated[str, typer.Argument(help="Country (ISO code or English name).")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """A country's do-no-harm assessment: its state and the current risk entries."""
    from partnerships.services.risks import country_risks

    kb = _kb_checked()
    data = country_risks(kb, _local_user(), country)
    if data is None:
        raise typer.BadParameter(
            say("unknown country %(country)r", country=country), param_hint="COUNTRY"
        )
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    typer.echo(say("%(country)s: do-no-harm check %(status)s (%(note)s)", country=data["land"],
                   status=data["toets"]["status"], note=data["toets"]["toelichting"]))  # fmt: skip
    for r in data["risicos"]:
        typer.echo(
            f"  [{r['niveau']:>6} {r['score']:>2}] {r['categorieNaam']}: {r['omschrijving']}"
            + say(
                " — %(status)s, review %(review)s, %(owner)s",
                status=r["status"],
                review=r["herbeoordeling"],
                owner=r["eigenaar"],
            )
            + f" (v{r['versie']}, {r['sleutel']})"
        )


def _eur(v: float | None) -> str:
    return "—" if v is None else f"{v / 1e6:,.1f}".replace(",", " ").replace(".", ",")


@app.command()
def programmes(
    country: Annotated[str | None, typer.Option(help="Recipient country.")] = None,
    pillar: Annotated[int | None, typer.Option(help="Confirmed IMA pillar 1–6.")] = None,
    objective: Annotated[int | None, typer.Option(help="Confirmed GCM objective 1–23.")] = None,
    flagged: Annotated[bool, typer.Option(help="Only flagged or evaluation overdue.")] = False,
    unclassified: Annotated[bool, typer.Option(help="Only without a confirmed pillar.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List programmes with their confirmed pillars, objectives and money (mln EUR)."""
    from partnerships.services.programmes import list_programmes

    kb = _kb_checked()
    rows = list_programmes(kb, _local_user(), country, pillar, objective, flagged, unclassified)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    typer.echo(say("%(count)s programmes (amounts in EUR million)", count=len(rows)))
    for r in rows:
        lands = ",".join(c["code"] for c in r["landen"]) or "—"
        pillars = ",".join(map(str, r["pijlers"])) or say(
            "%(count)s suggestion(s)", count=r["voorstellen"])  # fmt: skip
        word_pillar, word_spent = say("pillar"), say("spent")
        typer.echo(
            f"{r['id']:>5} {r['titel'][:48]:<48} {lands[:15]:<15} {word_pillar} {pillars:<14} "
            f"{word_spent} {_eur(r['uitgegeven']):>7}{'  ⚑' if r['signaal'] else ''}"
        )


@app.command()
def classify(
    programme_id: Annotated[int, typer.Argument(help="Programme number (see programmes).")],
    ima: Annotated[int | None, typer.Option(help="IMA pillar 1–6.")] = None,
    gcm: Annotated[int | None, typer.Option(help="GCM objective 1–23.")] = None,
    reject: Annotated[bool, typer.Option("--reject", help="Reject instead of confirm.")] = False,
) -> None:
    """Confirm (or reject) a programme's link to an IMA pillar or a GCM objective."""
    from partnerships.services.programmes import ProgrammeError
    from partnerships.services.programmes import classify as set_class

    if (ima is None) == (gcm is None):
        raise typer.BadParameter(say("give --ima N or --gcm N"), param_hint="--ima/--gcm")
    scheme, code = ("ima", ima) if ima is not None else ("gcm", gcm)
    assert code is not None
    kb = _kb_upgraded()
    try:
        detail = set_class(
            kb, _local_user(), programme_id, scheme, code, "afgewezen" if reject else "bevestigd"
        )
    except (ProgrammeError, PermissionError) as exc:
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(say("%(title)s: pillars %(pillars)s, GCM objectives %(objectives)s",
                   title=detail["titel"], pillars=detail["pijlers"],
                   objectives=detail["doelen"]))  # fmt: skip


@app.command()
def budget(
    by: Annotated[str, typer.Option(help="country | pillar | partner.")] = "country",
    year_from: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Programme money per year (mln EUR) against the yearly ceiling, split by country,
    IMA pillar or partner."""
    from partnerships.services.programmes import ProgrammeError
    from partnerships.services.programmes import budget as budget_view

    kb = _kb_checked()
    try:
        data = budget_view(kb, _local_user(), by, year_from, year_to)
    except ProgrammeError as exc:
        raise typer.BadParameter(_said(exc), param_hint="--by") from None
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    head = (say("year"), say("budget"), say("committed"), say("spending"), "ODA", say("non-ODA"),
            say("ceiling"), say("room"))  # fmt: skip
    typer.echo("{:>4} {:>10} {:>10} {:>10} {:>8} {:>9} {:>8} {:>8}".format(*head))
    for t in data["totalen"]:
        typer.echo(
            f"{t['jaar']:>4} {_eur(t['begroting']):>10} {_eur(t['verplichtingen']):>10} "
            f"{_eur(t['uitgaven']):>10} {_eur(t['oda']):>8} {_eur(t['nietOda']):>9} "
            f"{_eur(t['plafond']):>8} {_eur(t['ruimte']):>8}"
        )
    typer.echo(say("Spending per %(grouping)s:", grouping=by))
    for g in data["groepen"][:25]:
        spent = sum(v.get("uitgaven", 0.0) for v in g["perJaar"].values())
        typer.echo(f"  {g['sleutel'][:40]:<40} {_eur(spent):>8}")


@app.command("commitments")
def commitments_cmd(
    status: Annotated[
        str | None, typer.Option(help="open | 'te laat' | vervuld | 'deels vervuld' | vervallen.")
    ] = None,
    responsible: Annotated[str | None, typer.Option(help="Part of the ministry's name.")] = None,
    country: Annotated[str | None, typer.Option(help="Letters mentioning this country.")] = None,
    export: Annotated[
        Path | None, typer.Option(help="Write the list to a .csv or .xlsx file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """The commitments tracker: status, due date, responsible ministry, proposed fulfilments."""
    from datetime import date as _d

    from partnerships.services.commitments import export as export_rows
    from partnerships.services.commitments import tracker

    kb = _kb_checked()
    rows = tracker(kb, _local_user(), _d.today(), status, responsible, country)
    if export is not None:
        fmt = export.suffix.lower().lstrip(".")
        if fmt not in ("csv", "xlsx"):
            raise typer.BadParameter(say("use a .csv or .xlsx file"), param_hint="--export")
        export.write_bytes(export_rows(rows, fmt))
        typer.echo(say("%(count)s commitments written to %(file)s", count=len(rows), file=export))
        return
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        letter = (r["document"] or {}).get("kenmerk") or say("manual")
        typer.echo(
            f"{r['sleutel']:<26} {r['status']:<13} {r['uiterlijk'] or '—':<10} "
            f"[{letter}] {r['tekst'][:70]}"
        )
        for p in r["voorstellen"]:
            typer.echo(say("    suggestion: letter %(id)s (%(kenmerk)s): %(reasons)s",
                           id=p["document"]["id"], kenmerk=p["document"]["kenmerk"],
                           reasons="; ".join(p["redenen"])))  # fmt: skip


@app.command()
def commitment(
    key: Annotated[str, typer.Argument(help="Commitment key (see commitments).")],
    status: Annotated[
        str | None, typer.Option(help="open | vervuld | 'deels vervuld' | vervallen.")
    ] = None,
    fulfilled_by: Annotated[int | None, typer.Option(help="Letter number that fulfils it.")] = None,
    reject: Annotated[int | None, typer.Option(help="Reject a proposed letter (number).")] = None,
    responsible: Annotated[str | None, typer.Option(help="Responsible ministry.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date YYYY-MM-DD.")] = None,
    note: Annotated[str | None, typer.Option(help="Note.")] = None,
) -> None:
    """Update one commitment: status, fulfilling letter, responsible ministry, due date."""
    from datetime import date as _d

    from partnerships.services.commitments import reject_proposal, update

    kb = _kb_upgraded()
    try:
        if reject is not None:
            reject_proposal(kb, _local_user(), key, reject)
        item = update(
            kb,
            _local_user(),
            key,
            status,
            responsible,
            _d.fromisoformat(due) if due else None,
            fulfilled_by,
            note,
        )
    except (ValueError, PermissionError) as exc:
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    by = (item["vervuldDoor"] or {}).get("kenmerk")
    typer.echo(f"{key}: {item['status']}" + (say(" (fulfilled by %(by)s)", by=by) if by else ""))


topics_app = typer.Typer(help="What letters are about: IMA pillars and GCM objectives.",
                         no_args_is_help=True)  # fmt: skip
app.add_typer(topics_app, name="topics")


@topics_app.command("suggest")
def topics_suggest(
    min_confidence: Annotated[
        float | None,
        typer.Option(
            help="Store a suggestion from this probability on (default: setting "
            "'topic_model_min_confidence')."
        ),
    ] = None,
) -> None:
    """Train the pillar classifier on the letters organised per pillar and suggest pillars
    for the paragraphs of migration letters without such headings (analysts confirm or
    reject them on the letter page). Run after ingest, harvest or reextract."""
    from partnerships.services.topic_model import NotEnoughExamples, suggest_pillars

    kb = _kb_upgraded()
    threshold = kb.settings.topic_model_min_confidence if min_confidence is None else min_confidence
    try:
        with _progress("topics suggest", "letters") as progress:
            report = suggest_pillars(kb, threshold, progress)
    except NotEnoughExamples as exc:
        typer.echo(say("error: %(problem)s", problem=exc), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(say("trained on %(examples)s paragraphs of %(letters)s letters organised per "
                   "pillar (pillars %(pillars)s)", examples=report.examples,
                   letters=report.letters,
                   pillars=", ".join(map(str, report.pillars))))  # fmt: skip
    accuracy = report.evaluation.accuracy
    if accuracy is None:
        typer.echo(say("held-out accuracy: not measurable (it needs two letters per pillar)"))
    else:
        typer.echo(say("held-out accuracy (each letter predicted by the others): %(share)s of "
                       "%(paragraphs)s paragraphs", share=format(accuracy, ".0%"),
                       paragraphs=report.evaluation.paragraphs))  # fmt: skip
    typer.echo(say("%(letters)s letters read, %(changed)s changed; %(suggested)s paragraph "
                   "suggestions from %(threshold)s", letters=report.considered,
                   changed=report.changed, suggested=report.suggested,
                   threshold=threshold))  # fmt: skip


@app.command()
def motions(as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """Motions cited in the letters, per member and dossier, with the letters on them."""
    from partnerships.services.commitments import motions as motion_list

    kb = _kb_checked()
    data = motion_list(kb, _local_user())
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    for m in data["moties"]:
        letters = ", ".join(f"{d['kenmerk'] or d['id']} ({d['datum']})" for d in m["brieven"])
        typer.echo(f"{m['tekst']:<40} {m['dossier'] or '—':<12} {letters}")


@app.command()
def report(
    kind: Annotated[str, typer.Argument(help="pillars | gcm | country | commitments.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="docx | pdf | html.")] = "docx",
    period: Annotated[
        str | None,
        typer.Option(help="JJJJ, JJJJ:JJJJ or JJJJ-MM-DD:JJJJ-MM-DD (default: last year)."),
    ] = None,
    country: Annotated[str | None, typer.Option(help="Country for a country fiche.")] = None,
    kenmerk: Annotated[str, typer.Option(help="The letter's kenmerk from your registry.")] = "",
    final: Annotated[
        bool,
        typer.Option("--final", help="Refuse, naming every reason, unless ready to send."),
    ] = False,
    attachment: Annotated[
        list[str] | None, typer.Option("--bijlage", help="An attachment the letter names.")
    ] = None,
) -> None:
    """Write a report to parliament in the form of a Kamerbrief (sender profile from
    PARTNERSHIPS_SENDER_PROFILE), every figure citing its source; a draft unless --final."""
    from partnerships.services.reports import make

    kb = _kb_checked()
    try:
        data, _media, made = make(kb, _local_user(), kind, fmt, period, country, kenmerk, final,
                                  tuple(attachment or ()))  # fmt: skip
    except ValueError as exc:
        typer.echo(say("error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
    output.write_bytes(data)
    note = say("empty period") if made.empty else say("%(count)s sources", count=len(made.sources))
    typer.echo(say("%(file)s: %(title)s (%(note)s; %(unresolved)s unresolved)", file=output,
                   title=made.title, note=note, unresolved=len(made.unresolved)))  # fmt: skip
    if made.unresolved:
        for s in made.unresolved:
            typer.echo(say("  unresolved: %(ref)s: %(label)s", ref=s.ref, label=s.label),
                       err=True)  # fmt: skip


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(help="Backup file to write.")],
) -> None:
    """Back up the whole base (SQLite online backup, or pg_dump for PostgreSQL), with a
    manifest beside it (`<file>.manifest.json`: version, schema, counts, audit head)."""
    from partnerships.store.backup import BackupError, manifest_path

    kb = _kb()
    try:
        made = kb.backup(target)
    except (BackupError, OSError) as exc:
        typer.echo(say("error: %(problem)s", problem=exc), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(say("%(base)s backed up to %(file)s (%(size)s bytes, schema %(schema)s, "
                   "%(entries)s audit entries); manifest %(manifest)s",
                   base=kb.url.split("@")[-1], file=target, size=format(made.size, ","),
                   schema=made.schema, entries=format(made.audit_entries, ","),
                   manifest=manifest_path(target)))  # fmt: skip


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="Backup file made by `partnerships backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Replace the base without asking.")] = False,
) -> None:
    """Replace the whole base with a backup of this application (checked first: schema,
    audit chain, manifest), then upgrade it to this version's schema. Refused while a server
    uses the base."""
    from partnerships.store.backup import BackupError, manifest_path
    from partnerships.store.in_use import BaseInUse

    kb = _kb()
    if not yes and not typer.confirm(f"Replace {kb.url.split('@')[-1]} with {source}?"):
        raise typer.Exit(code=1)
    try:
        restored = kb.restore(source)
    except (BackupError, BaseInUse, OSError) as exc:
        typer.echo(say("error: %(problem)s", problem=exc), err=True)
        raise typer.Exit(code=1) from None
    if not restored.sha256:
        typer.echo(say("note: no manifest beside the backup (%(manifest)s); it was checked by "
                       "its contents only", manifest=manifest_path(source).name),
                   err=True)  # fmt: skip
    kb.upgrade()  # a backup made by an earlier version is brought up to date
    from partnerships.services import audit

    audit.record(kb, _local_user(), "restore", source.name)
    typer.echo(say("%(file)s restored into %(base)s", file=source, base=kb.url.split("@")[-1]))


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit trail's hash chain; exit 1 when an entry was changed or removed."""
    from partnerships.services.audit import verify

    kb = _kb_checked()
    report = verify(kb)
    for problem in report.problems:
        typer.echo(say("BROKEN: %(problem)s", problem=problem), err=True)
    typer.echo(say("%(entries)s entries, head %(head)s…: %(state)s", entries=report.entries,
                   head=report.head[:16],
                   state=say("intact") if report.intact else say("NOT intact")))  # fmt: skip
    if not report.intact:
        raise typer.Exit(code=1)


@audit_app.command("list")
def audit_list(
    action: Annotated[str | None, typer.Option(help="Only this action.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this actor.")] = None,
    limit: Annotated[int, typer.Option(help="Newest N entries.")] = 50,
) -> None:
    """The newest audit entries."""
    from partnerships.services.audit import entries

    kb = _kb_checked()
    for e in entries(kb, _local_user(), action, actor, limit):
        typer.echo(
            f"{e['id']:>6} {e['tijdstip'][:19]} {e['actor']:<16} {e['actie']:<18} "
            f"{e['doel']} {e['details']}"
        )


user_app = typer.Typer(
    help="Accounts: add, list, change roles and clearance, unlock.", no_args_is_help=True
)
app.add_typer(user_app, name="user")
token_app = typer.Typer(
    help="API tokens for machine clients: create, list, revoke.", no_args_is_help=True
)
app.add_typer(token_app, name="token")
Role = Annotated[str, typer.Option(help="reader, analyst or admin.")]
Clearance = Annotated[str, typer.Option(help="openbaar, intern or vertrouwelijk.")]


def _refusing(call: Callable[[], Any]) -> Any:
    """Run a service call; a refusal (bad value, unknown record, not allowed) is printed as
    an error with exit code 1. AccountError is a ValueError."""
    try:
        return call()
    except (ValueError, PermissionError) as exc:
        typer.echo(say("Error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None


def _password(ask: bool) -> str | None:
    if not ask:
        return None
    from_env = os.environ.get("PARTNERSHIPS_NEW_PASSWORD")
    if from_env:
        return from_env
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Role = "reader",
    clearance: Clearance = "openbaar",
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password: Annotated[
        bool,
        typer.Option(
            help="Ask for a password (or read "
            "PARTNERSHIPS_NEW_PASSWORD); --no-password: "
            "OIDC login only."
        ),
    ] = True,
) -> None:
    """Create an account (recorded in the audit trail as a permission change)."""
    from partnerships.services.accounts import create_user

    kb = _kb_upgraded()
    secret = _password(password)
    made = _refusing(
        lambda: create_user(
            kb, _local_user(), username, role, clearance, secret, name, operator=True
        )
    )
    typer.echo(say("created %(user)s: %(roles)s, clearance %(level)s",
                   user=made["gebruikersnaam"], roles=",".join(made["rollen"]),
                   level=made["rubricering"]))  # fmt: skip


@user_app.command("set")
def user_set(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str | None, typer.Option(help="New role: reader, analyst or admin.")] = None,
    clearance: Annotated[str | None, typer.Option(help="New clearance.")] = None,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="Allow or stop logging in.")
    ] = None,
    password: Annotated[bool, typer.Option(help="Ask for a new password.")] = False,
) -> None:
    """Change roles, clearance, activity or password; ends the person's sessions."""
    from partnerships.services.accounts import update_user

    kb = _kb_upgraded()
    secret = _password(password)
    made = _refusing(
        lambda: update_user(
            kb,
            _local_user(),
            username,
            roles=role,
            clearance=clearance,
            active=active,
            password=secret,
            operator=True,
        )
    )
    typer.echo(say("%(user)s: %(roles)s, clearance %(level)s, %(state)s",
                   user=made["gebruikersnaam"], roles=",".join(made["rollen"]),
                   level=made["rubricering"],
                   state=say("active") if made["actief"] else say("inactive")))  # fmt: skip


@user_app.command("unlock")
def user_unlock(username: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Lift a lockout after too many wrong passwords."""
    from partnerships.services.accounts import update_user

    kb = _kb_upgraded()
    _refusing(lambda: update_user(kb, _local_user(), username, unlock=True))
    typer.echo(say("%(user)s unlocked", user=username))


@user_app.command("list")
def user_list() -> None:
    """Every account with roles, clearance and state."""
    from partnerships.services.accounts import list_users

    kb = _kb_checked()
    for u in _refusing(lambda: list_users(kb, _local_user())):
        state = say("active") if u["actief"] else say("inactive")
        if u["geblokkeerd_tot"]:
            state += say(", locked until %(time)s", time=u["geblokkeerd_tot"].strftime("%H:%M"))
        typer.echo(
            f"{u['gebruikersnaam']:<24} {','.join(u['rollen']):<16} {u['rubricering']:<14} {state}"
        )


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="The account the token acts for.")],
    name: Annotated[str, typer.Option(help="What uses the token.")],
    scope: Annotated[str, typer.Option(help="lezen, or lezen,schrijven.")] = "lezen",
    days: Annotated[int, typer.Option(min=1, max=366, help="Valid for this many days.")] = 90,
) -> None:
    """Make an API token; the secret is printed once and stored only as a digest."""
    from partnerships.services.accounts import context_of_name, create_token

    kb = _kb_upgraded()
    owner = _refusing(lambda: context_of_name(kb, username))
    secret, made = _refusing(lambda: create_token(kb, owner, name, scope, days))
    typer.echo(say("token %(id)s for %(user)s (%(scope)s), expires %(date)s:", id=made["id"],
                   user=username, scope=scope,
                   date=made["verloopt"].strftime("%Y-%m-%d")))  # fmt: skip
    typer.echo(secret)


@token_app.command("list")
def token_list() -> None:
    """Every token with owner, scopes and state."""
    from partnerships.services.accounts import list_tokens

    kb = _kb_checked()
    for t in _refusing(lambda: list_tokens(kb, _local_user(), everyone=True)):
        state = say("revoked") if t["ingetrokken"] else say("active")
        typer.echo(
            f"{t['id']:>4} {t['eigenaar']:<20} {t['naam']:<24} {','.join(t['scopes']):<16} {state}"
        )


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="Token number.")]) -> None:
    """Revoke a token at once."""
    from partnerships.services.accounts import revoke_token

    kb = _kb_upgraded()
    _refusing(lambda: revoke_token(kb, _local_user(), token_id))
    typer.echo(say("token %(id)s revoked", id=token_id))


@app.command("classification")
def document_classification(
    target: Annotated[
        str,
        typer.Argument(
            help="A document number, dataset:CODE (every release of a statistics dataset or "
            "analyst table, e.g. dataset:analyst_table) or programme:IDENTIFIER."
        ),
    ],
    level: Annotated[str, typer.Argument(help="openbaar, intern or vertrouwelijk.")],
) -> None:
    """Set the classification of a letter, a dataset or a programme (audited)."""
    from partnerships.services.documents import set_classification
    from partnerships.services.indicators import classify_dataset
    from partnerships.services.programmes import set_programme_classification

    kb = _kb_upgraded()
    kind, sep, ref = target.partition(":")
    user = _local_user()
    if not sep and target.isdigit():
        old = _refusing(lambda: set_classification(kb, user, int(target), level))
        target = f"document {target}"
    elif kind == "dataset" and ref:
        old = _refusing(lambda: classify_dataset(kb, user, ref, level))
    elif kind == "programme" and ref:
        old = _refusing(lambda: set_programme_classification(kb, user, ref, level))
    else:
        raise typer.BadParameter(
            say("give a document number, dataset:CODE or programme:IDENTIFIER"), param_hint="TARGET"
        )
    typer.echo(f"{target}: {old} → {level}")


@app.command("settings")
def show_settings() -> None:
    """List every setting with its environment variable, current value and meaning."""
    current = get_settings()
    for name, field in Settings.model_fields.items():
        env = f"PARTNERSHIPS_{name.upper()}"
        typer.echo(f"{env}={getattr(current, name)}")
        typer.echo(f"    {say(field.description or '')}")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


if __name__ == "__main__":  # pragma: no cover
    app()
