"""The web app on the command line: demo (the embedded base) and serve."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from partnerships.services.knowledge_base import KnowledgeBase

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    _kb,
    _kb_checked,
    _status,
    app,
    say,
)

# the letters and data bundled with the package (in a checkout, examples/ points here too)
EXAMPLES = Path(__file__).resolve().parents[1] / "demo_data" / "letters"


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
    forwarding = {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or None,
                  "timeout_keep_alive": kb.settings.keep_alive_seconds}  # fmt: skip
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
        app = create_app(kb, warm_up=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", **forwarding)  # type: ignore[arg-type]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (one per core).")] = 1,
) -> None:
    """Serve the web app and the REST API (/api/v1) on an existing knowledge base."""
    kb = _kb_checked()
    _serve(kb, host, port, workers)
