"""A document that *is* a motion, as parliament and the publication office publish it.

Its shape (e.g. zoek.officielebekendmakingen.nl/kst-19637-1662, or tweedekamer.nl with the
lines wrapped inside clauses)::

    19 637 Vreemdelingenbeleid
    Nr. 1662 MOTIE VAN HET LID FRITSMA          ('Nr. 829' and 'MOTIE VAN …' may be two lines)
    Voorgesteld 22 mei 2013
    De Kamer,
    gehoord de beraadslaging,
    constaterende dat …;
    overwegende dat …;
    verzoekt de regering, …,
    en gaat over tot de orde van de dag.
    Fritsma
    Naar boven

A motion is recognised by its content — the 'MOTIE VAN …' heading *and* the body that opens
with 'De Kamer,' and closes with 'en gaat over tot de orde van de dag' — never by a title
that merely names motions ('Stemmingen moties …'). Its record is a letter of kind
``motion``: the dossier title, its own Kamerstuk number, the date it was moved, its movers as
signatories (the names under it, else those of the heading) and its clauses as paragraphs.
A motion promises nothing on the government's behalf, so no commitments are read from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from partnerships.domain import KamerstukId, Signatory
from partnerships.ingest.dates import parse_full_date
from partnerships.ingest.layout import RawDocument
from partnerships.ingest.publication import DOSSIER_LINE_RE, dossier_of_line

_NR_RE = re.compile(r"^Nr\.\s*(\d{1,5}[a-z]?|[A-Z]{1,3})(?:\s+(.*))?$")
_HEAD_RE = re.compile(
    r"^(?:GEWIJZIGDE\s+|NADER\s+GEWIJZIGDE\s+)?MOTIE\s+VAN\s+(HET\s+LID|DE\s+LEDEN)\s+(.+)$"
)
_PROPOSED_RE = re.compile(r"^Voorgesteld(?:\s+\([^)]*\))?\s+(.+)$", re.I)
_OPENING_RE = re.compile(r"^De\s+Kamer,?$")
_CLOSING_RE = re.compile(r"\ben\s+gaat\s+over\s+tot\s+de\s+orde\s+van\s+de\s+(?:dag|nacht)\b", re.I)
#: the words a motion's clauses open with: a clause after a comma starts a new paragraph
#: only when it opens with one of them (a wrapped line after 'verzoekt de regering,' does not)
_CLAUSE_RE = re.compile(
    r"^(?:gehoord|constaterende|overwegende|van\s+mening|van\s+oordeel|is\s+van\s+mening|"
    r"verzoekt|roept|spreekt|draagt|besluit|wijst|erkennende|(?:mede\s+)?gelet|en\s+gaat\s+over|"
    r"tevens|voorts|onderschrijvende|betreurt|concluderende|vaststellende|benadrukkende|"
    r"verwijzende|zich\s+ervan\s+bewust|van\s+het\s+oordeel)\b",
    re.I,
)
_END_RE = re.compile(
    r"^(?:Naar\s+boven|Ondertekenaars|Eerste\s+ondertekenaar|Mede\s+ondertekenaar)"
)
_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "het", "in", "'t", "’t", "te"})
_MOVER_RE = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,4}$")


@dataclass(slots=True)
class Motion:
    """What the motion says about itself; ``body`` holds its clauses as paragraphs."""

    dossiers: list[tuple[str, str]]
    number: str
    heading: str
    date: date | None
    movers: list[Signatory]
    body: str
    chrome: list[str]

    @property
    def kamerstuk(self) -> KamerstukId | None:
        return KamerstukId(self.dossiers[0][0], self.number) if self.dossiers else None

    @property
    def subject(self) -> str:
        title = f" — {self.dossiers[0][1]}" if self.dossiers else ""
        return f"{self.heading}{title}"


def _header(texts: list[str]) -> tuple[int, int, int, str, re.Match[str]] | None:
    """(first dossier line, 'Nr.' line, heading line, number, heading match) among the
    first lines."""
    for i, text in enumerate(texts[:60]):
        nr = _NR_RE.match(text)
        if not nr:
            continue
        rest = nr.group(2) or ""
        at = i if rest else i + 1
        head = _HEAD_RE.match(rest or (texts[at] if at < len(texts) else ""))
        if head is None:
            continue
        first = i
        while first > 0 and DOSSIER_LINE_RE.match(texts[first - 1]):
            first -= 1
        return first, i, at, nr.group(1), head
    return None


def _name_case(upper: str) -> str:
    """'JASPER VAN DIJK' -> 'Jasper van Dijk', 'VAN NIEUWENHUIZEN-WIJBENGA' ->
    'Van Nieuwenhuizen-Wijbenga' (a particle is capitalised only at the start)."""
    words = upper.split()
    out = []
    for k, word in enumerate(words):
        low = word.lower()
        if k and low in _PARTICLES:
            out.append(low)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(out)


def _heading_movers(names: str) -> list[str]:
    names = re.sub(r"\s+C\.\s?S\.?\s*$", "", names.strip())
    return [_name_case(n) for n in re.split(r"\s*,\s*|\s+EN\s+", names) if n.strip()]


def _clauses(texts: list[str]) -> list[str]:
    """Lines into clauses: a clause ends with ';' or '.', or with ',' when the next line
    opens a clause of its own. Wrapped lines and page breaks inside a clause are joined."""
    out: list[str] = []
    for text in texts:
        if not out:
            out.append(text)
            continue
        prev = out[-1]
        if prev.endswith((";", ".", ":")) or (prev.endswith(",") and _CLAUSE_RE.match(text)):
            out.append(text)
        else:
            out[-1] = f"{prev} {text}"
    return out


def read_motion(raw: RawDocument) -> Motion | None:
    """The motion in ``raw``, or None when ``raw`` is not one."""
    texts = [" ".join(ln.text.split()) for ln in raw.lines if ln.text.strip()]
    found = _header(texts)
    if found is None:
        return None
    first, nr_at, after, number, head = found
    opening = next((j for j in range(after + 1, min(len(texts), after + 8))
                    if _OPENING_RE.match(texts[j])), None)  # fmt: skip
    if opening is None:
        return None
    closing = next((j for j in range(opening, len(texts)) if _CLOSING_RE.search(texts[j])), None)
    if closing is None:
        return None
    when = None
    for j in range(after + 1, opening):
        if m := _PROPOSED_RE.match(texts[j]):
            when = parse_full_date(m.group(1))
    movers: list[Signatory] = []
    end = closing + 1
    while end < len(texts) and not _END_RE.match(texts[end]) and _MOVER_RE.match(texts[end]):
        movers.append(Signatory(name=texts[end]))
        end += 1
    if not movers:
        movers = [Signatory(name=n) for n in _heading_movers(head.group(2))]
    names = [m.name for m in movers]
    if re.search(r"\bC\.\s?S\.?\s*$", head.group(2)):
        names = [f"{names[0]} c.s."]
    named = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
    heading = f"Motie van {head.group(1).lower()} {named}"
    return Motion(
        dossiers=[dossier_of_line(t) for t in texts[first:nr_at]],
        number=number,
        heading=heading,
        date=when,
        movers=movers,
        body="\n\n".join(_clauses(texts[opening : closing + 1])),
        chrome=texts[:first] + texts[end:],
    )
