"""Harvesting parliament's and the publication office's sources, coverage and watches."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    _kb,
    _kb_checked,
    _kb_upgraded,
    _local_user,
    _progress,
    _said,
    app,
    harvest_app,
    say,
    watches_app,
)


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


@watches_app.command("list")
def watches_list() -> None:
    """Every watch in the base: owner, what it follows, whether it has a digest address."""
    from partnerships.services.watches import every

    for w in every(_kb_checked()):
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
