"""Reports to parliament in the form of a Kamerbrief."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    _kb_checked,
    _local_user,
    _said,
    app,
    say,
)


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
