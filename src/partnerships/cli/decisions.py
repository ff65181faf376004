"""Decisions per country and the do-no-harm risk register."""

from __future__ import annotations

import json
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
    _unknown_country,
    app,
    say,
)


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
                   country=stored.record.country, version=stored.shown,
                   status=stored.record.status))  # fmt: skip


@app.command()
def decisions(
    country: Annotated[str, typer.Argument(help="Country (ISO code or English name).")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """A country's decision history, newest first."""
    from partnerships.services.decisions import decision_history
    from partnerships.web.api_models import Besluit

    kb = _kb_checked()
    history = decision_history(kb, _local_user(), country)
    if history is None:
        raise _unknown_country(country)
    if as_json:  # the decisions of GET /api/v1/landen/{code}/besluiten
        listed = [Besluit.of(v).model_dump(mode="json") for v in history]
        typer.echo(json.dumps(listed, ensure_ascii=False))
        return
    if not history:
        typer.echo(say("no decisions recorded"))
    for v in history:
        d = v.record
        instruments = ", ".join(d.instruments) or "—"
        when = d.created_at.isoformat()[:19] if d.created_at else ""
        typer.echo(
            f"v{v.shown} {when} {d.author} [{d.status}, {d.classification}] {d.title}  "
            f"({instruments})"
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
    r = stored.risk
    typer.echo(say("%(country)s: risk %(key)s version %(version)s recorded (%(level)s, review "
                   "%(review)s)", country=r.country, key=r.key, version=stored.shown,
                   level=r.level, review=r.review_date.isoformat()))  # fmt: skip


@app.command()
def risks(
    country: Annotated[str, typer.Argument(help="Country (ISO code or English name).")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """A country's do-no-harm assessment: its state and the current risk entries."""
    from partnerships.services.risks import country_risks
    from partnerships.web.api_models import Risicos

    kb = _kb_checked()
    register = country_risks(kb, _local_user(), country)
    if register is None:
        raise _unknown_country(country)
    if as_json:  # the same document as GET /api/v1/landen/{code}/risicos
        typer.echo(json.dumps(Risicos.of(register).model_dump(mode="json"), ensure_ascii=False))
        return
    state = register.state
    typer.echo(say("%(country)s: do-no-harm check %(status)s (%(note)s)",
                   country=register.country, status=state.state,
                   note=state.reason))  # fmt: skip
    for entry in register.entries:
        v, r = entry.current, entry.current.risk
        typer.echo(
            f"  [{r.level:>6} {r.score:>2}] {v.category_name}: {r.description}"
            + say(
                " — %(status)s, review %(review)s, %(owner)s",
                status=r.status,
                review=r.review_date.isoformat(),
                owner=r.owner,
            )
            + f" (v{v.shown}, {r.key})"
        )
