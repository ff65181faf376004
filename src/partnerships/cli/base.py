"""The command's root: the app and its groups, the language of its output, the
knowledge base as the commands open it, and the helpers every command module shares."""

from __future__ import annotations

import inspect
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from partnerships.domain.context import UserContext
from partnerships.services.knowledge_base import KnowledgeBase, SchemaOutOfDate
from partnerships.settings import get_settings

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


harvest_app = typer.Typer(help="Harvest letters and motions from official sources.",
                          no_args_is_help=True)  # fmt: skip
app.add_typer(harvest_app, name="harvest")


watches_app = typer.Typer(help="Watches (saved searches, countries, dossiers, due "
                          "commitments) and their digests.", no_args_is_help=True)  # fmt: skip
app.add_typer(watches_app, name="watches")


import_app = typer.Typer(help="Import statistics into the knowledge base.", no_args_is_help=True)
app.add_typer(import_app, name="import")


topics_app = typer.Typer(help="What letters are about: IMA pillars and GCM objectives.",
                         no_args_is_help=True)  # fmt: skip
app.add_typer(topics_app, name="topics")


user_app = typer.Typer(
    help="Accounts: add, list, change roles and clearance, unlock.", no_args_is_help=True
)
app.add_typer(user_app, name="user")
token_app = typer.Typer(
    help="API tokens for machine clients: create, list, revoke.", no_args_is_help=True
)
app.add_typer(token_app, name="token")


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


def _unknown_country(country: str) -> typer.BadParameter:
    """The refusal of a COUNTRY argument that names no country (code or English name)."""
    return typer.BadParameter(
        say("unknown country %(country)r", country=country), param_hint="COUNTRY"
    )


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


def _local_user() -> UserContext:
    from partnerships.services.identity import local_user

    return local_user()


def _eur(v: float | None) -> str:
    return "—" if v is None else f"{v / 1e6:,.1f}".replace(",", " ").replace(".", ",")


def _refusing(call: Callable[[], Any]) -> Any:
    """Run a service call; a refusal (bad value, unknown record, not allowed) is printed as
    an error with exit code 1. AccountError is a ValueError."""
    try:
        return call()
    except (ValueError, PermissionError) as exc:
        typer.echo(say("Error: %(problem)s", problem=_said(exc)), err=True)
        raise typer.Exit(code=1) from None
