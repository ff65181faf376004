"""Programmes, their pillars and objectives, and the budget against its ceilings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    _eur,
    _kb_checked,
    _kb_upgraded,
    _local_user,
    _said,
    app,
    say,
)


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
    from partnerships.web.api_models import ProgrammaSamenvatting

    kb = _kb_checked()
    rows = list_programmes(kb, _local_user(), country, pillar, objective, flagged, unclassified)
    if as_json:
        listed = [ProgrammaSamenvatting.of(v).model_dump(mode="json") for v in rows]
        typer.echo(json.dumps(listed, ensure_ascii=False))
        return
    typer.echo(say("%(count)s programmes (amounts in EUR million)", count=len(rows)))
    for r in rows:
        p = r.programme
        lands = ",".join(c.iso3 for c in p.countries) or "—"
        pillars = ",".join(map(str, r.pillars)) or say(
            "%(count)s suggestion(s)", count=r.open_suggestions)  # fmt: skip
        word_pillar, word_spent = say("pillar"), say("spent")
        typer.echo(
            f"{p.id:>5} {p.title[:48]:<48} {lands[:15]:<15} {word_pillar} {pillars:<14} "
            f"{word_spent} {_eur(r.spent):>7}{'  ⚑' if p.flag else ''}"
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
                   title=detail.programme.title, pillars=detail.pillars,
                   objectives=detail.objectives))  # fmt: skip


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
    from partnerships.web.api_models import Begroting

    kb = _kb_checked()
    try:
        data = Begroting.of(budget_view(kb, _local_user(), by, year_from, year_to)).model_dump()
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
