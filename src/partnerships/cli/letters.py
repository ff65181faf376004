"""Letters in and out of the base: extract, ingest, reextract, search, topics."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from partnerships.domain import Letter
from partnerships.ingest.service import extract_many, options_from
from partnerships.settings import get_settings

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    _kb_checked,
    _kb_upgraded,
    _progress,
    _said,
    app,
    say,
    topics_app,
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
    from partnerships.domain.queries import DocumentFilter
    from partnerships.services.queries import search as run_search

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
    found = run_search(kb, LOCAL_USER, query, flt, 0, limit or get_settings().page_size)
    if as_json:
        from partnerships.web.api_models import Zoekresultaat

        hits = [Zoekresultaat.of(h).model_dump(mode="json") for h in found.hits]
        out: dict[str, Any] = {"totaal": found.total, "resultaten": hits}
        if found.ranked_within is not None:
            out["gerangschiktBinnen"] = found.ranked_within
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    typer.echo(say("%(total)s documents", total=found.total))
    if found.ranked_within is not None:
        typer.echo(
            say(
                "The newest %(n)s hits are ranked by relevance; the older ones follow, "
                "newest first.",
                n=found.ranked_within,
            )
        )
    for hit in found.hits:
        r = hit.letter
        day = r.day.isoformat() if r.day else "—"
        typer.echo(f"[{r.id}] {day}  {r.kenmerk or '—'}  {r.subject or r.source_name}")
        plain = re.sub(r"</?mark>", "*", html.unescape(hit.fragment))
        typer.echo(f"      {plain}")


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
