"""Render a report: HTML (also the app's view), PDF (WeasyPrint, with real page footnotes)
and DOCX (python-docx, with real Word footnotes). One content model, three outputs."""

from __future__ import annotations

import base64
import contextlib
import copy
import io
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from partnerships.domain.letterhead import LetterForm, NotFinal, Unwritten, final_problems
from partnerships.reporting.dates import dutch_date
from partnerships.reporting.model import (
    Block,
    Cite,
    Figure,
    Narrative,
    Paragraph,
    Report,
    Run,
    Section,
    Table,
)
from partnerships.reporting.profile import load_profile

#: what a draft shows where the letter still lacks something
TODO = "[Tekst nog in te vullen]"
DRAFT = "CONCEPT — niet verzenden"


def unwritten(report: Report) -> Unwritten:
    """What the report still lacks: sections whose text nobody wrote, sources that do not
    resolve, sources that hold example values."""

    def blocks(sec: Section) -> list[Block]:
        return [*sec.blocks, *(b for sub in sec.subsections for b in blocks(sub))]

    empty = tuple(b.title for sec in report.sections for b in blocks(sec)
                  if isinstance(b, Narrative) and not b.text.strip())  # fmt: skip
    return Unwritten(empty, tuple(s.label for s in report.unresolved),
                     tuple(s.label for s in report.sources if s.example))  # fmt: skip


def default_form() -> LetterForm:
    """A draft from the bundled example profile (tests, previews)."""
    return LetterForm(load_profile(None))


def check_final(report: Report, form: LetterForm) -> None:
    """Raise NotFinal, naming every reason, when a final report is not ready."""
    if form.final:
        problems = final_problems(form, unwritten(report))
        if problems:
            raise NotFinal(problems)


def _letter(report: Report, form: LetterForm) -> dict[str, Any]:
    """The placeholders of the letter form, the same for HTML, PDF and the Word template
    (docs/reports.md lists them)."""
    p = form.profile
    attachments = list(form.attachments)
    return {
        "ministerie": p.ministry, "directie": p.directorate, "afdeling": p.department,
        "bezoekadres": list(p.visiting_address), "postadres": list(p.postal_address),
        "website": p.website, "retouradres": p.return_address,
        "geadresseerde": list(p.addressee), "antwoordnotitie": p.reply_note,
        "datum": dutch_date(report.generated_at.date()), "betreft": report.subject,
        "titel": report.title,
        "kenmerk": form.kenmerk.strip() or ("" if form.final else "[kenmerk]"),
        "bijlagen": str(len(attachments)) if attachments else "—",
        "bijlagenlijst": attachments,
        "concept": "" if form.final else DRAFT,
        "ondertekenaars": [{"functie": s.function, "naam": s.name or "[naam]"}
                           for s in p.signatories],
        "definitief": form.final,
    }  # fmt: skip


_env = Environment(loader=PackageLoader("partnerships.reporting", "templates"),
                   autoescape=select_autoescape(["html"]), trim_blocks=True,
                   lstrip_blocks=True)  # fmt: skip


def _css() -> str:
    return (
        resources.files("partnerships.reporting")
        .joinpath("templates/report.css")
        .read_text("utf-8")
    )


def html(report: Report, mode: str = "html", form: LetterForm | None = None) -> str:
    """``mode`` html: numbered references to a source list; pdf: the first reference to a
    source carries the footnote text (WeasyPrint floats it to the page foot)."""
    form = form or default_form()
    check_final(report, form)
    seen: set[int] = set()
    held: list[int] = []  # footnotes first cited inside a table, placed right after it

    def cite(c: Cite, in_table: bool = False) -> Markup:
        n = c.number
        if mode == "pdf":
            if n not in seen:
                seen.add(n)
                if in_table:  # WeasyPrint cannot float a footnote out of a table cell
                    held.append(n)
                    return Markup('<sup class="ref">{}</sup>').format(n)
                return Markup('<span class="fn">{}</span>').format(report.sources[n - 1].label)
            return Markup('<sup class="ref">{}</sup>').format(n)
        first = n not in seen
        seen.add(n)
        anchor = f' id="fnref-{n}"' if first else ""
        return Markup(f'<sup class="ref"><a href="#fn-{n}"{anchor}>{n}</a></sup>')

    def png(fig: Figure) -> str:
        return base64.b64encode(fig.png).decode("ascii")

    def release() -> Markup:
        """The footnotes held back by the table just rendered (their calls are in the cells)."""
        out = Markup("").join(
            Markup('<span class="fn quiet">{}</span>').format(report.sources[n - 1].label)
            for n in held
        )
        held.clear()
        return Markup('<p class="fnholder">{}</p>').format(out) if out else Markup("")

    return _env.get_template("report.html").render(
        r=report, mode=mode, css=Markup(_css()), cite=cite, png=png, release=release,
        generated=dutch_date(report.generated_at.date()), letter=_letter(report, form),
        todo=TODO,
    )  # fmt: skip


def pdf(report: Report, form: LetterForm | None = None) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    data: bytes = HTML(string=html(report, "pdf", form)).write_pdf()
    return data


# ---------------------------------------------------------------- DOCX

_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _footnotes_xml(labels: list[str]) -> bytes:
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>",
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>",
    ]
    for n, label in enumerate(labels, start=1):
        parts.append(
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(label)}</w:t></w:r></w:p></w:footnote>'
        )
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def _add_runs(paragraph: Any, runs: list[Run], italic: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    previous: Run | None = None
    for item in runs:
        if isinstance(item, str):
            run = paragraph.add_run(item)
            run.italic = italic or None
            previous = item
            continue
        if previous is not None and not isinstance(previous, str):
            # two footnote calls in a row: '¹,²', never '¹²' (read as twelve)
            comma = paragraph.add_run(",")
            comma.font.superscript = True
        previous = item
        run = paragraph.add_run()
        rpr = run._r.get_or_add_rPr()
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(item.number))
        run._r.append(ref)


def _body(doc: Any, report: Report, final: bool) -> None:
    """The report's sections, appended to ``doc`` (then moved to the template's
    {{ inhoud }}); a style the house template lacks falls back to plain paragraphs."""
    _heading(doc, report.title, 1)
    for sec in report.sections:
        _heading(doc, sec.title, 2)
        blocks = list(sec.blocks) + [b for sub in sec.subsections for b in sub.blocks]
        for b in blocks:
            if isinstance(b, Paragraph):
                _add_runs(doc.add_paragraph(), b.runs, italic=b.style in ("quote", "note"))
            elif isinstance(b, Narrative):
                _narrative(doc, b, final)
            elif isinstance(b, Table):
                _table(doc, b)
            elif isinstance(b, Figure):
                _figure(doc, b)
    _heading(doc, "Herleidbaarheid van de bronnen", 2)
    if report.unresolved:
        doc.add_paragraph("De volgende bronnen zijn niet (meer) te herleiden tot een record in "
                          "de kennisbank:")  # fmt: skip
        for s in report.unresolved:
            doc.add_paragraph(f"– {s.label} ({s.ref})")
    else:
        doc.add_paragraph(f"Alle {len(report.sources)} bronnen in deze rapportage zijn herleid "
                          "tot een record in de kennisbank.")  # fmt: skip


def _heading(doc: Any, text: str, level: int) -> None:
    try:
        doc.add_heading(text, level=level)
    except KeyError:  # the template has no 'Heading n' style
        doc.add_paragraph().add_run(text).bold = True


def _narrative(doc: Any, b: Narrative, final: bool) -> None:
    """An analyst's text under its heading; in a draft, a marked gap where it is missing."""
    _heading(doc, b.title, 3)
    if b.text:
        for para in b.text.split("\n\n"):
            doc.add_paragraph(para)
    elif not final:
        doc.add_paragraph().add_run(TODO).italic = True


def _table(doc: Any, b: Table) -> None:
    """A captioned table, numbers aligned right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_paragraph().add_run(b.caption).bold = True
    table = doc.add_table(rows=1, cols=len(b.columns))
    with contextlib.suppress(KeyError, ValueError):  # not in the house template
        table.style = "Table Grid"
    for i, name in enumerate(b.columns):
        table.rows[0].cells[i].text = name
    for row in b.rows:
        cells = table.add_row().cells
        for i, cell in enumerate(row):
            para = cells[i].paragraphs[0]
            _add_runs(para, cell)
            if i in b.numeric:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _figure(doc: Any, b: Figure) -> None:
    """A chart with its alternative text and caption."""
    from docx.shared import Mm

    doc.add_picture(io.BytesIO(b.png), width=Mm(140))
    pic = doc.paragraphs[-1]._p
    for docpr in pic.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    ):
        docpr.set("descr", b.alt)  # the image's alternative text
    _add_runs(doc.add_paragraph(), b.caption, italic=True)


_BODY_MARK = "[[INHOUD]]"


def _template(path: Any | None) -> Any:
    """The house-style template (docxtpl), a .dotx read as a document."""
    from docxtpl import DocxTemplate

    if path is None:
        return DocxTemplate(resources.files("partnerships.reporting")
                            .joinpath("templates/kamerbrief.docx").open("rb"))  # fmt: skip
    raw = Path(path).read_bytes()
    if str(path).lower().endswith(".dotx"):  # a Word template: same parts, another type
        raw = _dotx_as_docx(raw)
    return DocxTemplate(io.BytesIO(raw))


def _dotx_as_docx(raw: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.template.main+xml",
                                    b"wordprocessingml.document.main+xml")  # fmt: skip
            dst.writestr(item, data)
    return out.getvalue()


class TemplateError(ValueError):
    """A house-style template that cannot take the report: what is wrong with it."""


def docx(report: Report, form: LetterForm | None = None, template: Any | None = None) -> bytes:
    """The report in the form of a Kamerbrief, from the Word template (the bundled one or
    the ministry's own, ``template``): docxtpl fills the letter's placeholders, then the
    body is put where {{ inhoud }} stands, with real Word footnotes."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from jinja2 import TemplateError as JinjaError

    form = form or default_form()
    check_final(report, form)
    where = str(template) if template is not None else "the bundled template"
    try:
        tpl = _template(template)
        if "inhoud" not in tpl.get_undeclared_template_variables():
            raise TemplateError(f"{where}: no {{{{ inhoud }}}} placeholder for the report's body")
        tpl.render({**_letter(report, form), "inhoud": _BODY_MARK})
    except (JinjaError, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError(f"{where}: cannot be filled in: {exc}") from None
    filled = io.BytesIO()
    tpl.save(filled)
    doc = Document(io.BytesIO(filled.getvalue()))
    mark = next((p for p in doc.paragraphs if p.text.strip() == _BODY_MARK), None)
    if mark is None:
        raise TemplateError(f"{where}: {{{{ inhoud }}}} must stand alone in its paragraph")
    body = doc.element.body
    kept = len(body) - 1  # python-docx adds before the final sectPr
    _body(doc, report, form.final)
    for el in list(body)[kept : len(body) - 1]:
        mark._p.addprevious(el)
    parent = mark._p.getparent()
    if parent is not None:
        parent.remove(mark._p)
    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT,
                _footnotes_xml([s.label for s in report.sources]), doc.part.package)  # fmt: skip
    doc.part.relate_to(part, RT.FOOTNOTES)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render(
    report: Report, fmt: str, form: LetterForm | None = None, template: Any | None = None
) -> tuple[bytes, str]:
    """Bytes and media type of a report in ``fmt`` (html, pdf, docx), in the form of a
    Kamerbrief; a final one raises NotFinal while anything is missing."""
    if fmt == "html":
        return html(copy.copy(report), "html", form).encode("utf-8"), "text/html; charset=utf-8"
    if fmt == "pdf":
        return pdf(report, form), "application/pdf"
    if fmt == "docx":
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return docx(report, form, template), media
    raise ValueError(f"format must be html, pdf or docx, not {fmt!r}")
