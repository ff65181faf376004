"""HTML reader (letters published as web pages, e.g. on officielebekendmakingen.nl).

Block elements become lines with a paragraph gap before them, ``<br>`` splits lines,
headings stay headings, ``<sup>`` numbers are footnote markers, and footnote lists
(``class``/``id`` containing 'footnote' or 'noot') become footnotes. Scripts, styles and
navigation are not text of the letter.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.layout import Line, Marker, RawDocument, Role

_BLOCKS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "pre",
    "dd", "dt", "address", "section", "article", "header", "footer", "tr", "caption",
}  # fmt: skip
_SKIP = {"script", "style", "nav", "noscript", "template", "head", "button", "form", "svg"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_FOOTNOTE_HINT = re.compile(r"foot-?note|voetnoot|\bnoot\b|endnote", re.I)
_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
_DIGITS = re.compile(r"^\s*\[?(\d{1,3})\]?\s*$")


class _Collector:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._markers: list[Marker] = []
        self._heading = False
        self._gap = True

    def flush(self, gap_after: bool = True) -> None:
        text = "".join(self._parts)
        stripped = text.strip()
        if stripped:
            lead = len(text) - len(text.lstrip())
            markers = [Marker(m.start - lead, m.end - lead, m.number) for m in self._markers]
            self.lines.append(
                Line(
                    text=re.sub(r"[ \t\r\n]+", " ", stripped)
                    if not markers
                    else stripped.replace("\n", " "),
                    gap_before=self._gap,
                    soft=not self._gap,
                    heading=self._heading,
                    markers=markers,
                )
            )
            self._gap = False
        self._parts = []
        self._markers = []
        if gap_after:
            self._gap = True

    def text(self, value: str | None) -> None:
        if value:
            self._parts.append(re.sub(r"\s+", " ", value))

    def marker(self, number: int) -> None:
        pos = len("".join(self._parts))
        digits = str(number)
        self._parts.append(digits)
        self._markers.append(Marker(pos, pos + len(digits), number))

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or not tag:
            if tag and el.tail:
                self.text(el.tail)
            return
        if tag == "br":
            self.flush(gap_after=False)
            self.text(el.tail)
            return
        is_block = tag in _BLOCKS
        if is_block:
            self.flush()
            self._heading = tag in _HEADINGS
        if tag == "sup":
            content = "".join(str(t) for t in el.itertext())
            m = _DIGITS.match(content)
            if m:
                self.marker(int(m.group(1)))
                self.text(el.tail)
                return
        self.text(el.text)
        for child in el:
            self.walk(child)
        if is_block:
            self.flush()
            self._heading = False
        self.text(el.tail)


def read_html(source: str, text: str, fmt: str = "html") -> RawDocument:
    if not text.strip():
        raise ExtractionError(source, "the HTML document is empty")
    try:
        # bytes with an explicit encoding: a str carrying an XML/meta encoding declaration
        # would be refused by lxml
        root = etree.fromstring(text.encode("utf-8"), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError(source, "not readable as HTML: %(reason)s", reason=str(exc)) from exc
    if root is None:
        raise ExtractionError(source, "not readable as HTML: no document element")
    footnote_lines: list[Line] = []
    areas = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and el.tag.lower() in ("ol", "ul", "section", "div", "aside")
        and _FOOTNOTE_HINT.search(f"{el.get('class', '')} {el.get('id', '')}")
    ]
    # outermost areas only: a footnote <section> holding an <ol class="footnotes"> is one area
    areas = [
        el for el in areas if not any(a is not el and el in a.iterdescendants() for a in areas)
    ]
    for el in areas:
        items = el.findall(".//li") or [el]
        for number, item in enumerate(items, start=1):
            content = re.sub(r"\s+", " ", "".join(str(t) for t in item.itertext())).strip()
            m = re.match(r"^\[?(\d{1,3})\]?[.)]?\s+(.*)$", content)
            if m:
                number, content = int(m.group(1)), m.group(2)
            content = re.sub(r"\s*[↩︎]+\s*$", "", content)
            if content:
                footnote_lines.append(
                    Line(text=content, role=Role.FOOTNOTE, footnote_number=number, gap_before=True)
                )
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    body = root.find("body")
    collector = _Collector()
    collector.walk(body if body is not None else root)
    collector.flush()
    return RawDocument(source=source, format=fmt, lines=collector.lines + footnote_lines)
