"""Write the bundled Word template of reports to parliament (Kamerbrief form).

    python scripts/make_report_template.py [OUT]   (default: the package's template)

The template is an ordinary .docx with docxtpl placeholders ({{ kenmerk }} …, listed in
docs/reports.md); a ministry replaces it with its own house-style template
(PARTNERSHIPS_REPORT_TEMPLATE). It is made by this script so that it can be reviewed and
rebuilt, not edited by hand in a binary.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "src/partnerships/reporting/templates/kamerbrief.docx"
BLUE = RGBColor(0x15, 0x42, 0x73)


def _field(paragraph: object, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)  # type: ignore[attr-defined]


def _small(paragraph: object, text: str, bold: bool = False, italic: bool = False) -> None:
    run = paragraph.add_run(text)  # type: ignore[attr-defined]
    run.font.size = Pt(7.5)
    run.bold, run.italic = bold or None, italic or None


def _no_borders(table: object) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def build(out: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    section.different_first_page_header_footer = True
    normal = doc.styles["Normal"]
    normal.font.name = "Verdana"
    normal.font.size = Pt(9.5)
    for name, size in (("Heading 1", 12), ("Heading 2", 10.5), ("Heading 3", 9.5)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.color.rgb = "Verdana", Pt(size), BLUE

    # the wordmark on the first page; the sidebar's essentials on every following page
    first = section.first_page_header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark = first.add_run("{{ ministerie }}")
    mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(11), BLUE
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(head, "{{ directie }}", bold=True)
    _small(head, " · Datum {{ datum }} · Ons kenmerk {{ kenmerk }}")
    for footer in (section.first_page_footer, section.footer):
        foot = footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _small(foot, "{{ concept }}", bold=True)
        _small(foot, "  Pagina ")
        _field(foot, "PAGE")
        _small(foot, " van ")
        _field(foot, "NUMPAGES")

    top = doc.add_table(rows=1, cols=2)
    top.alignment = WD_TABLE_ALIGNMENT.LEFT
    _no_borders(top)
    left, right = top.rows[0].cells
    left.width, right.width = Mm(115), Mm(50)
    p = left.paragraphs[0]
    _small(p, "> Retouradres {{ retouradres }}")
    left.add_paragraph()
    left.add_paragraph("{%p for regel in geadresseerde %}")
    left.add_paragraph("{{ regel }}")
    left.add_paragraph("{%p endfor %}")
    _small(right.paragraphs[0], "{{ directie }}", bold=True)
    _small(right.add_paragraph(), "{{ afdeling }}")
    right.add_paragraph("{%p for regel in bezoekadres %}")
    _small(right.add_paragraph(), "{{ regel }}")
    right.add_paragraph("{%p endfor %}")
    right.add_paragraph("{%p for regel in postadres %}")
    _small(right.add_paragraph(), "{{ regel }}")
    right.add_paragraph("{%p endfor %}")
    _small(right.add_paragraph(), "{{ website }}")
    right.add_paragraph()
    _small(right.add_paragraph(), "Ons kenmerk", bold=True)
    _small(right.add_paragraph(), "{{ kenmerk }}")
    _small(right.add_paragraph(), "Bijlage(n)", bold=True)
    _small(right.add_paragraph(), "{{ bijlagen }}")
    right.add_paragraph()
    _small(right.add_paragraph(), "{{ antwoordnotitie }}", italic=True)

    meta = doc.add_table(rows=2, cols=2)
    _no_borders(meta)
    meta.cell(0, 0).text, meta.cell(0, 1).text = "Datum", "{{ datum }}"
    meta.cell(1, 0).text, meta.cell(1, 1).text = "Betreft", "{{ betreft }}"
    warn = doc.add_paragraph()
    alarm = warn.add_run("{{ concept }}")
    alarm.bold, alarm.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x20)
    doc.add_paragraph("{{ inhoud }}")
    doc.add_paragraph("{%p for o in ondertekenaars %}")
    doc.add_paragraph()
    doc.add_paragraph("{{ o.functie }},")
    doc.add_paragraph()
    doc.add_paragraph()
    doc.add_paragraph("{{ o.naam }}")
    doc.add_paragraph("{%p endfor %}")
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    build(target)
    print(target)
