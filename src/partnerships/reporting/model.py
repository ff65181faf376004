"""The content model every report is built in and every renderer reads.

A report is sections of blocks; text is a list of runs, and a run may cite a source. The
sources are numbered in order of first citation, so the footnote numbers are the same in
HTML, PDF and DOCX. A source that cannot be resolved to a record in the base is not dropped:
it is listed at the end of the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure, quote or claim comes from: ``ref`` names the record in the base
    (``document:12``, ``dataset:migr_eiord:2016``, ``programme:XM-DAC-7-…``,
    ``decision:MAR:3``, ``risk:<key>``, ``analyst:<release>:MAR:<indicator>:<period>``),
    ``label`` is the footnote text."""

    ref: str
    label: str
    #: the value is an example or fictitious (analyst table): flagged, refused when final
    example: bool = False


@dataclass(frozen=True, slots=True)
class Cite:
    number: int  # 1-based footnote number


Run = str | Cite


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = ""  # "" | quote | note


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[list[Run]]]  # row → cell → runs
    numeric: set[int] = field(default_factory=set)  # right-aligned columns


@dataclass
class Figure:
    png: bytes
    alt: str
    caption: list[Run]


@dataclass
class Narrative:
    """An editable text saved with the report (versioned in the base)."""

    key: str
    title: str
    text: str
    version: int | None = None
    author: str = ""


Block = Paragraph | Table | Figure | Narrative


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Report:
    kind: str  # pillars | gcm | country | commitments
    title: str
    subject: str  # "Betreft" line
    period: tuple[date, date] | None
    generated_at: datetime
    sections: list[Section] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    unresolved: list[Source] = field(default_factory=list)
    empty: bool = False

    def cite(self, source: Source) -> Cite:
        """The footnote for a source, numbered on first use and reused after."""
        for n, have in enumerate(self.sources, start=1):
            if have.ref == source.ref:
                return Cite(n)
        self.sources.append(source)
        return Cite(len(self.sources))
