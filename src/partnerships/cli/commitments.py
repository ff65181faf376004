"""Commitments (toezeggingen) and the motions cited in the letters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    _kb_checked,
    _kb_upgraded,
    _local_user,
    _said,
    app,
    say,
)


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
        from partnerships.web.api_models import GevolgdeToezegging

        typer.echo(json.dumps(GevolgdeToezegging.listed(rows), ensure_ascii=False))
        return
    for r in rows:
        letter = (r.letter.kenmerk if r.letter else None) or say("manual")
        due = r.due.isoformat() if r.due else "—"
        typer.echo(f"{r.key:<26} {r.status:<13} {due:<10} [{letter}] {r.text[:70]}")
        for p in r.proposals:
            typer.echo(say("    suggestion: letter %(id)s (%(kenmerk)s): %(reasons)s",
                           id=p.letter.id, kenmerk=p.letter.kenmerk,
                           reasons="; ".join(p.reasons)))  # fmt: skip


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
    by = item.fulfilled_by.kenmerk if item.fulfilled_by else None
    typer.echo(f"{key}: {item.status}" + (say(" (fulfilled by %(by)s)", by=by) if by else ""))


@app.command()
def motions(
    page: Annotated[int, typer.Option("--pagina", min=1, help="Page of the cited motions.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Motions cited in the letters, per member and dossier, with the letters on them."""
    from partnerships.services.commitments import MOTIONS_PAGE
    from partnerships.services.commitments import motions as motion_list
    from partnerships.web.api_models import Motie, MotieInBasis

    kb = _kb_checked()
    listed = motion_list(kb, _local_user(), 1, page)
    found = listed.cited
    if as_json:
        typer.echo(json.dumps({
            "totaal": found.total, "pagina": page, "paginaGrootte": MOTIONS_PAGE,
            "moties": [Motie.of(m).model_dump(mode="json") for m in found.items],
            "perLid": found.per_member, "perDossier": found.per_dossier,
            "inBasis": [MotieInBasis.of(m).model_dump(mode="json") for m in listed.in_base],
            "inBasisTotaal": listed.in_base_total,
        }, ensure_ascii=False))  # fmt: skip
        return
    for m in found.items:
        letters = ", ".join(f"{d.kenmerk or d.id} ({d.day.isoformat() if d.day else None})"
                            for d in m.letters)  # fmt: skip
        more = m.letters_total - len(m.letters)
        extra = say(" and %(n)s more", n=more) if more > 0 else ""
        typer.echo(f"{m.text:<40} {m.dossier or '—':<12} {letters}{extra}")
    if found.pages > 1:
        typer.echo(say("Page %(page)s of %(pages)s", page=found.page, pages=found.pages))
