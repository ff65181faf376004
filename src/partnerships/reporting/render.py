"""Render a report: HTML (also the app's view), PDF (WeasyPrint, with real page footnotes)
and DOCX (python-docx, with real Word footnotes). One content model, three outputs."""

from __future__ import annotations

import base64
import copy
import io
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from partnerships.reporting.model import Cite, Figure, Narrative, Paragraph, Report, Run, Table
from partnerships.reporting.sources import dutch_date

_env = Environment(loader=PackageLoader("partnerships.reporting", "templates"),
                   autoescape=select_autoescape(["html"]), trim_blocks=True,
                   lstrip_blocks=True)  # fmt: skip


def _css() -> str:
    return (
        resources.files("partnerships.reporting")
        .joinpath("templates/report.css")
        .read_text("utf-8")
    )


def html(report: Report, mode: str = "html") -> str:
    """``mode`` html: numbered references to a source list; pdf: the first reference to a
    source carries the footnote text (WeasyPrint floats it to the page foot)."""
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
        generated=dutch_date(report.generated_at.date()),
    )  # fmt: skip


def pdf(report: Report) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    data: bytes = HTML(string=html(report, "pdf")).write_pdf()
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


def docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    style = doc.styles["Normal"]
    style.font.name = "Verdana"
    style.font.size = Pt(9.5)
    head = doc.add_paragraph()
    mark = head.add_run("Migration Partnerships Monitor · concept")
    mark.bold = True
    mark.font.color.rgb = RGBColor(0x15, 0x42, 0x73)
    doc.add_paragraph("> Retouradres Postbus 20301 2500 EH Den Haag").runs[0].font.size = Pt(7)
    doc.add_paragraph("Aan de Voorzitter van de Tweede Kamer\nder Staten-Generaal\nPostbus 20018\n"
                      "2500 EA Den Haag")  # fmt: skip
    meta = doc.add_table(rows=2, cols=2)
    meta.cell(0, 0).text, meta.cell(0, 1).text = "Datum", dutch_date(report.generated_at.date())
    meta.cell(1, 0).text, meta.cell(1, 1).text = "Betreft", report.subject
    doc.add_heading(report.title, level=1)
    for sec in report.sections:
        doc.add_heading(sec.title, level=2)
        blocks = list(sec.blocks) + [b for sub in sec.subsections for b in sub.blocks]
        for b in blocks:
            if isinstance(b, Paragraph):
                _add_runs(doc.add_paragraph(), b.runs, italic=b.style in ("quote", "note"))
            elif isinstance(b, Narrative):
                doc.add_heading(b.title, level=3)
                if b.text:
                    for para in b.text.split("\n\n"):
                        doc.add_paragraph(para)
                else:
                    doc.add_paragraph().add_run("[Tekst nog in te vullen]").italic = True
            elif isinstance(b, Table):
                doc.add_paragraph().add_run(b.caption).bold = True
                table = doc.add_table(rows=1, cols=len(b.columns))
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
            elif isinstance(b, Figure):
                doc.add_picture(io.BytesIO(b.png), width=Mm(140))
                pic = doc.paragraphs[-1]._p
                for docpr in pic.iter(
                    "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
                ):
                    docpr.set("descr", b.alt)  # the image's alternative text
                _add_runs(doc.add_paragraph(), b.caption, italic=True)
    doc.add_heading("Herleidbaarheid van de bronnen", level=2)
    if report.unresolved:
        doc.add_paragraph("De volgende bronnen zijn niet (meer) te herleiden tot een record in "
                          "de kennisbank:")  # fmt: skip
        for s in report.unresolved:
            doc.add_paragraph(f"{s.label} ({s.ref})", style="List Bullet")
    else:
        doc.add_paragraph(f"Alle {len(report.sources)} bronnen in deze rapportage zijn herleid "
                          "tot een record in de kennisbank.")  # fmt: skip
    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT,
                _footnotes_xml([s.label for s in report.sources]), doc.part.package)  # fmt: skip
    doc.part.relate_to(part, RT.FOOTNOTES)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render(report: Report, fmt: str) -> tuple[bytes, str]:
    """Bytes and media type of a report in ``fmt`` (html, pdf, docx)."""
    if fmt == "html":
        return html(copy.copy(report)).encode("utf-8"), "text/html; charset=utf-8"
    if fmt == "pdf":
        return pdf(report), "application/pdf"
    if fmt == "docx":
        return docx(
            report
        ), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raise ValueError(f"format must be html, pdf or docx, not {fmt!r}")
