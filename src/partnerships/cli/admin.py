"""Running the base: schema, backup and restore, the audit trail, classifications,
settings and version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from partnerships import __version__
from partnerships.settings import Settings, get_settings

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    _kb,
    _kb_checked,
    _kb_upgraded,
    _local_user,
    _refusing,
    app,
    audit_app,
    db_app,
    say,
)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the knowledge base schema (Alembic) and load the country table."""
    kb = _kb()
    revision = kb.upgrade()
    typer.echo(say("%(base)s: schema at revision %(revision)s", base=kb.url, revision=revision))


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
        typer.echo(f"{e.id:>6} {e.at[:19]} {e.actor:<16} {e.action:<18} {e.target} {e.detail}")


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
