"""Letters in the browser: upload with a preview, corrections, reading again, the
letter page with its facts highlighted, classification, topics, and search."""

from __future__ import annotations

import html
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from partnerships.domain.queries import DocumentFilter
from partnerships.ingest.analyst_table import template_csv
from partnerships.services import (
    queries,
)
from partnerships.services.letter_views import SearchResults
from partnerships.web.api_models import DocumentDetail, Zoekresultaat
from partnerships.web.page_support import (
    KB,
    PAGE,
    Lang,
    User,
    cached,
    form_text,
    render,
)
from partnerships.web.problems import Refused, status_of

router = APIRouter(include_in_schema=False)


@router.get("/documenten/nieuw", response_class=HTMLResponse)
def upload_page(request: Request, user: User, lang: Lang) -> Response:
    """Analysts add letters in the browser (one or many files)."""
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts and administrators add letters."))
    return render(request, lang, "upload.html", results=[], levels=user.levels())


@router.post("/documenten/nieuw", response_class=HTMLResponse)
async def upload(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    """Read each uploaded file and show what the extraction found before anything is
    stored (``direct``: store at once, as before); a file the extractor cannot read gets
    its message."""
    from starlette.datastructures import UploadFile as Upload

    from partnerships.services.documents import UploadError, add_letter, stage_letter

    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts and administrators add letters."))
    form = await request.form()
    level = form_text(form, "rubricering") or "openbaar"
    direct = form_text(form, "direct") == "1"
    results: list[dict[str, Any]] = []
    staged: list[dict[str, Any]] = []
    limit = kb.settings.max_file_mb * 1024 * 1024
    for item in form.getlist("bestanden"):
        if not isinstance(item, Upload):
            continue
        name = item.filename or "brief"
        data = await item.read(limit + 1)
        if len(data) > limit:
            too_large = UploadError(f"{name}: over {kb.settings.max_file_mb} MiB")
            results.append({"bestand": name, "fout": lang.said(too_large)})
            continue
        try:
            if not direct:
                one = stage_letter(kb, user, name, data)
                staged.append({"token": one.token, "bestand": one.name, "doc": one.view,
                               "alinea": highlight(one.view), "bekend": one.known,
                               "waarschuwingen": list(one.warnings)})  # fmt: skip
                continue
            added = add_letter(kb, user, name, data, level)
        except (UploadError, PermissionError) as exc:
            results.append({"bestand": name, "fout": lang.said(exc)})
            continue
        results.append(_upload_result(lang, name, added))
    if staged:
        return render(request, lang, "upload_preview.html", staged=staged, errors=results,
                      levels=user.levels(), level=level)  # fmt: skip
    status = 200 if all("fout" not in r for r in results) and results else 400
    return render(request, lang, "upload.html", results=results, levels=user.levels(),
                  status_code=status)  # fmt: skip


def _upload_result(lang: Lang, name: str, added: Any) -> dict[str, Any]:
    said = {
        "new": lang.gettext("stored"),
        "updated": lang.gettext("updated"),
        "unchanged": lang.gettext("already in the base"),
    }
    return {"bestand": name, "id": added.document_id, "uitkomst": said[added.outcome],
            "waarschuwingen": list(added.warnings)}  # fmt: skip


@router.post("/documenten/nieuw/opslaan", response_class=HTMLResponse)
async def store_upload(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    """Store a file seen in the preview, with the corrections made there (kept as
    audited overrides, as on the letter page)."""
    from partnerships.services.documents import CORRECTIONS, UploadError, store_staged

    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts and administrators add letters."))
    form = await request.form()
    name = form_text(form, "bestand") or "brief"
    fields = {k: form_text(form, k).strip() for k in CORRECTIONS}
    extracted = {k: form_text(form, f"gelezen-{k}").strip() for k in CORRECTIONS}
    changes = {k: v for k, v in fields.items() if v and v != extracted[k]}
    try:
        level = form_text(form, "rubricering") or "openbaar"
        added = store_staged(kb, user, form_text(form, "token"), level, dict(changes))
        result = _upload_result(lang, name, added)
        status = 200
    except (UploadError, PermissionError) as exc:
        result, status = {"bestand": name, "fout": lang.said(exc)}, 400
    return render(request, lang, "upload.html", results=[result], levels=user.levels(),
                  status_code=status)  # fmt: skip


@router.post("/documenten/{doc_id}/correctie")
async def correct(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> Response:
    """Analysts correct fields the extraction read wrong; a field left as it was is not
    recorded as a correction."""
    from fastapi.responses import RedirectResponse

    from partnerships.services.documents import CORRECTIONS, UploadError, correct_letter

    form = await request.form()
    shown = queries.get_summary(kb, user, doc_id) if 0 < doc_id < 2**31 else None
    if shown is None:
        raise HTTPException(404, lang.gettext("This letter does not exist."))
    was = {"onderwerp": shown.subject, "datum": shown.day.isoformat() if shown.day else None,
           "kenmerk": shown.kenmerk, "geadresseerde": shown.addressee,
           "afzenderMinisterie": shown.sender_ministry,
           "afzenderEenheid": shown.sender_unit}  # fmt: skip
    changes = {k: form_text(form, k).strip() for k in CORRECTIONS if k in form}
    changes = {k: v for k, v in changes.items() if v and v != (was.get(k) or "")}
    if changes:
        try:
            correct_letter(kb, user, doc_id, dict(changes))
        except PermissionError as exc:
            raise Refused(403, exc) from None
        except UploadError as exc:
            raise Refused(400, exc) from None
    return RedirectResponse(f"/documenten/{doc_id}", status_code=303)


@router.post("/documenten/{doc_id}/opnieuw-lezen")
def read_again(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> Response:
    """Analysts read a letter again from its kept original with the current extractor;
    corrections and verdicts stay."""
    from fastapi.responses import RedirectResponse

    from partnerships.services import documents

    if not 0 < doc_id < 2**31:
        raise HTTPException(404, lang.gettext("This letter does not exist."))
    try:
        documents.read_again(kb, user, doc_id)
    except (PermissionError, documents.UploadError) as exc:
        raise Refused(status_of(exc), exc) from None
    return RedirectResponse(f"/documenten/{doc_id}?opnieuw=1", status_code=303)


@router.get("/documenten/{doc_id}", response_class=HTMLResponse)
def letter(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    found = queries.get_document(kb, user, doc_id) if 0 < doc_id < 2**31 else None
    if found is None:
        raise HTTPException(404, lang.gettext("This letter does not exist."))
    from partnerships.services.documents import renditions

    doc = DocumentDetail.of(found).model_dump(by_alias=True)
    paragraphs = highlight(doc)
    notes = {n["nummer"]: n for n in doc["voetnoten"]}
    return render(
        request,
        lang,
        "letter.html",
        cache_key=key,
        doc=doc,
        renditions=renditions(kb, doc_id),
        read_again=request.query_params.get("opnieuw") == "1",
        paragraphs=paragraphs,
        notes=notes,
        footnote_items=_footnote_items(doc),
        can_edit=user.may_edit,
        levels=user.levels(),
    )


@router.post("/documenten/{doc_id}/rubricering")
async def reclassify(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> Response:
    """Analysts change a letter's classification (audited); never beyond their clearance."""
    from fastapi.responses import RedirectResponse

    from partnerships.services.documents import set_classification

    form = await request.form()
    try:
        set_classification(kb, user, doc_id, form_text(form, "rubricering"))
    except PermissionError as exc:
        raise Refused(403, exc) from None
    except ValueError as exc:
        raise Refused(status_of(exc), exc) from None
    target = f"/documenten/{doc_id}"
    visible = queries.get_summary(kb, user, doc_id) is not None
    return RedirectResponse(target if visible else "/", status_code=303)


@router.post("/documenten/{doc_id}/onderwerpen")
async def judge_topic(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> Response:
    """Analysts confirm or reject a letter's topic, or withdraw their verdict (audited)."""
    from fastapi.responses import RedirectResponse

    from partnerships.services.topics import TopicError, set_topic

    form = await request.form()
    choice, code = form_text(form, "oordeel"), form_text(form, "code")
    verdict = None if choice == "" else choice == "ja"
    if choice not in ("ja", "nee", "") or not code.isdigit():
        raise HTTPException(400, lang.gettext("Choose yes, no or the suggestion."))
    try:
        set_topic(kb, user, doc_id, form_text(form, "schema"), int(code),
                  verdict, form_text(form, "toelichting"))  # fmt: skip
    except PermissionError as exc:
        raise Refused(403, exc) from None
    except TopicError as exc:
        raise Refused(status_of(exc), exc) from None
    return RedirectResponse(f"/documenten/{doc_id}#onderwerpen-kop", status_code=303)


@router.get("/zoeken", response_class=HTMLResponse)
def search_page(
    request: Request,
    kb: KB,
    user: User,
    lang: Lang,
    q: Annotated[str, Query(max_length=500)] = "",
    jaar: Annotated[int | None, Query(ge=1800, le=2200)] = None,
    aan: Annotated[str | None, Query(max_length=32)] = None,
    afzender: Annotated[str | None, Query(max_length=200)] = None,
    land: Annotated[str | None, Query(max_length=3)] = None,
    organisatie: Annotated[str | None, Query(max_length=64)] = None,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    flt = DocumentFilter(
        date_from=date(jaar, 1, 1) if jaar else None,
        date_to=date(jaar, 12, 31) if jaar else None,
        addressee=aan or None,
        sender=afzender or None,
        country=land.upper() if land else None,
        organisation=organisatie or None,
    )
    found = SearchResults(0, [])
    if q.strip():
        found = queries.search_with_facets(kb, user, q, flt, (pagina - 1) * PAGE, PAGE)
    total = found.total
    active = {k: v for k, v in (("jaar", jaar), ("aan", aan), ("afzender", afzender),
                                 ("land", land), ("organisatie", organisatie)) if v}  # fmt: skip

    def url(**changes: Any) -> str:
        params: dict[str, Any] = {"q": q, **active, **changes}
        return "/zoeken?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    pages = max(1, -(-total // PAGE))
    return render(
        request,
        lang,
        "search.html",
        cache_key=key,
        q=q,
        total=total,
        results=[Zoekresultaat.of(h).model_dump() for h in found.hits],
        facets=found.facets,
        ranked_within=found.ranked_within,
        facet_sample=queries.FACET_SAMPLE,
        active=active,
        url=url,
        page=pagina,
        pages=pages,
        fragment=lambda f: Markup(f),
    )  # fragments are escaped by the service


@router.get("/sjablonen/indicatoren.csv")
def indicator_template() -> Response:
    """The analyst table template (Dutch Excel reads the semicolons)."""
    return Response(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="indicatoren-sjabloon.csv"'},
    )


# -- letter text with its facts highlighted -------------------------------------------------

_KIND_CLASS = {
    "country": "ent-land", "region": "ent-regio", "organisation": "ent-org",
    "programme": "ent-prog", "amount": "fact-bedrag", "quantity": "fact-aantal",
    "percentage": "fact-pct", "reference": "ref", "commitment": "toezegging",
}  # fmt: skip


def _marks(doc: dict[str, Any]) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, css class, link, title) for body spans; longer spans win overlaps."""
    marks: list[tuple[int, int, str, str | None, str]] = []
    for e in doc["entiteiten"]:
        if e["voetnoot"] is None:
            link = f"/landen/{e['code']}" if e["soort"] == "country" else None
            marks.append((e["start"], e["eind"], _KIND_CLASS[e["soort"]], link, e["naam"]))
    for f in doc["feiten"]:
        if f["voetnoot"] is None:
            marks.append((f["start"], f["eind"], _KIND_CLASS[f["soort"]], None, str(f["waarde"])))
    for r in doc["verwijzingen"]:
        if r["voetnoot"] is None:
            link = f"/documenten/{r['document']['id']}" if r["document"] else r.get("url")
            marks.append((r["start"], r["eind"], "ref", link, r["soort"]))
    chosen: list[tuple[int, int, str, str | None, str]] = []
    for m in sorted(marks, key=lambda m: (-(m[1] - m[0]), m[0])):
        if all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
            chosen.append(m)
    return sorted(chosen)


def highlight(doc: dict[str, Any]) -> list[Markup]:
    """The clean body as HTML paragraphs: facts marked and linked, footnote markers placed,
    commitments underlined. Everything from the letter is escaped."""
    body: str = doc["tekst"]
    marks = _marks(doc)
    markers = sorted((n["markeringPositie"], n["nummer"]) for n in doc["voetnoten"]
                     if n["markeringPositie"] is not None)  # fmt: skip
    commits = [(c["start"], c["eind"]) for c in doc["toezeggingen"] if c["voetnoot"] is None]
    events: list[tuple[int, int, str]] = []  # (position, order, html)
    for s, e, cls, link, title in marks:
        t = html.escape(title, quote=True)
        if link:
            events.append(
                (
                    s,
                    2,
                    f'<a id="pos-{s}" class="{cls}" '
                    f'href="{html.escape(link, quote=True)}" title="{t}">',
                )
            )
            events.append((e, 0, "</a>"))
        else:
            events.append((s, 2, f'<mark id="pos-{s}" class="{cls}" title="{t}">'))
            events.append((e, 0, "</mark>"))
    for s, e in commits:
        events.append((s, 1, '<span class="toezegging">'))
        events.append((e, 1, "</span>"))
    for pos, number in markers:
        events.append(
            (
                pos,
                3,
                f'<sup class="noot"><a href="#noot-{number}" id="ref-{number}">{number}</a></sup>',
            )
        )
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out: list[str] = []
    pos = 0
    for at, _order, tag in events:
        if at > pos:
            out.append(html.escape(body[pos:at]))
            pos = at
        out.append(tag)
    out.append(html.escape(body[pos:]))
    text = "".join(out)
    return [Markup(p) for p in text.split("\n\n") if p.strip()]


def _footnote_items(doc: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    items: dict[int, list[dict[str, Any]]] = {}
    for r in doc["verwijzingen"]:
        if r["voetnoot"] is not None:
            items.setdefault(r["voetnoot"], []).append(r)
    return items
