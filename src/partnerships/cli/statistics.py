"""Indicators, the ranking of candidate countries, Article 25a and the criteria."""

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
    _unknown_country,
    app,
    criteria_app,
    say,
)


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
    from partnerships.domain.countries import country_code
    from partnerships.services.indicators import country_indicators

    kb = _kb_checked()
    area = "auto" if geo.lower() == "auto" else (country_code(geo) or geo)
    data = country_indicators(kb, _local_user(), country, area)
    if data is None:
        raise _unknown_country(country)
    if as_json:
        from partnerships.web.api_models import LandIndicatoren

        typer.echo(json.dumps(LandIndicatoren.of(data).model_dump(mode="json"),
                              ensure_ascii=False))  # fmt: skip
        return
    typer.echo(say("%(country)s (reporting: %(reporting)s)", country=data.country,
                   reporting=data.area))  # fmt: skip
    head = (say("year"), say("order to leave"), say("returned"), say("effective %"))
    typer.echo(f"{head[0]:>6} {head[1]:>18} {head[2]:>13} {head[3]:>12}")
    for row in data.series:

        def n(v: float | None) -> str:
            return "—" if v is None else f"{v:,.0f}".replace(",", ".")

        rate = "—" if row.rate is None else f"{row.rate:.1f}"
        typer.echo(f"{row.year:>6} {n(row.orders):>18} {n(row.returned):>13} {rate:>12}")
    typer.echo(data.caveat)
    for a in data.analysts:
        amount = "—" if a.value is None else f"{a.value:g}"
        shown = a.category or (f"{amount} {a.unit or ''}".strip())
        typer.echo(f"  {a.name} ({a.period}): {shown}  [{a.source or a.file_name}]")
    if data.routes:
        last = max(r.year for r in data.routes)
        typer.echo(say("Frontex detections %(year)s per route:", year=last))
        for r in data.routes:
            if r.year == last:
                share = "—" if r.share is None else f"{r.share:.1f}"
                typer.echo(f"  {r.name_nl:<40} {r.detections:>8}  {share:>5} %")


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
        raise _unknown_country(country)
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
