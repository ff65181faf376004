"""The common shape every reader produces: lines of text with what is known about them.

Readers know different things. A PDF reader knows positions and font sizes, so it can say
that a line sits in the sidebar or is a footnote; a markdown or OCR reader only has the
text, and the letter assembler (``structure.py``) decides by content. A line's ``role``
is therefore either set by the reader or left ``None`` for the assembler to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    BODY = "body"
    SIDEBAR = "sidebar"
    FOOTER = "footer"
    FOOTNOTE = "footnote"
    LETTERHEAD = "letterhead"
    SIGNATURE = "signature"
    NOISE = "noise"


@dataclass(slots=True)
class Marker:
    """A footnote marker inside a line: ``text[start:end]`` is the marker itself."""

    start: int
    end: int
    number: int


@dataclass(slots=True)
class Line:
    text: str
    page: int = 1
    role: Role | None = None
    #: a paragraph boundary is likely before this line (blank line, vertical gap, new block)
    gap_before: bool = False
    #: the first line after a page break
    page_start: bool = False
    #: the reader knows this line is a heading (markdown '#', bold-only line)
    heading: bool = False
    #: the reader knows this line continues the previous one inside the same paragraph
    #: (markdown soft break, PDF line without gap)
    soft: bool = False
    markers: list[Marker] = field(default_factory=list)
    #: set on the first line of a footnote: its number (text holds the footnote text)
    footnote_number: int | None = None
    font_size: float | None = None
    x0: float | None = None
    #: right edge of the line (PDF), to tell a line that stops short from a full one
    x1: float | None = None
    #: the raw line as read, before markup removal, for error messages
    source_line: int | None = None


@dataclass(slots=True)
class RawDocument:
    source: str
    format: str
    lines: list[Line]
    pages: int | None = None
    #: True when the reader already assigned sidebar/footer/footnote roles from geometry
    geometric: bool = False
    warnings: list[str] = field(default_factory=list)
    #: what the file itself states beyond its text (publication XML: 'date', ISO 8601)
    metadata: dict[str, str] = field(default_factory=dict)
