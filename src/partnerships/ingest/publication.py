"""The official publication of a letter: the Kamerstuk as officielebekendmakingen.nl,
tweedekamer.nl or a monitoring site renders it, as text or HTML.

Most letters reach users in this form, not in the ministry's layout with letterhead and
sidebar. Its shape (e.g. zoek.officielebekendmakingen.nl/kst-19637-2302)::

    19 637 Vreemdelingenbeleid
    Nr. 2302 BRIEF VAN DE STAATSSECRETARIS VAN VEILIGHEID EN JUSTITIE
    Aan de Voorzitter van de Tweede Kamer der Staten-Generaal
    Den Haag, 22 februari 2017
    …body, with footnote markers glued to words ('uw Kamer1 door')…
    De Staatssecretaris van Veiligheid en Justitie, K.H.D.M. Dijkhoff
    X Noot
    1
    Kamerstuk 19 637, nr. 2301.
    Naar boven

Found on real renditions: read by the ministry-layout assembler, date, addressee and
signatories were found in none, and the heading, addressee, date, signature, footnote
block and 'Naar boven' all stayed in the body. This reader recognises the shape by its
content (a dossier line followed by 'Nr. … BRIEF VAN …'), takes everything before that
header as site chrome (the publication's metadata table, tweedekamer.nl's 'Brief regering'
heading, a monitoring site's menu and 'Directe link naar document'), everything from
'Naar boven' on as chrome too, and reads the parts into the same record as the ministry
layout. Anything it does not recognise is left to the ministry-layout assembler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from partnerships.domain import KamerstukId, Sender, Signatory
from partnerships.ingest.dates import parse_full_date
from partnerships.ingest.layout import Line, RawDocument, Role
from partnerships.ingest.metadata import ministry_of_function
from partnerships.ingest.structure import Assembled

#: a dossier line: '19 637 Vreemdelingenbeleid', '35 925 V Vaststelling …', '36 600-VI …'
DOSSIER_LINE_RE = re.compile(
    r"^(\d{2}\s?\d{3})(?:[\s-]+([A-Z]{1,3}|[IVXLC]{1,6})(?=\s))?\s+(\S.*)$"
)
#: 'Nr. 2302 BRIEF VAN DE STAATSSECRETARIS VAN …' (also Eerste Kamer letters: 'Nr. C')
_NUMBER_RE = re.compile(r"^Nr\.\s*(\d{1,5}[a-z]?|[A-Z]{1,3})\s+BRIEF\s+VAN\s+(?:DE|HET)\s+(.+)$")
_ADDRESSEE_RE = re.compile(
    r"^Aan\s+de\s+(?:Voorzitter|Voorzitters)\s+van\s+de\s+(Tweede|Eerste)\s+Kamer\b", re.I
)
_DATE_LINE_RE = re.compile(r"^(?:Den\s+Haag|'s-Gravenhage),?\s+(.+)$", re.I)
_TOP_RE = re.compile(r"^\s*Naar\s+boven\s*$", re.I)
_NOTE_RE = re.compile(r"^\s*X?\s*Noot(?:en)?\s*$", re.I)
_NUMBER_ONLY_RE = re.compile(r"^\s*(\d{1,3})\s*$")
_SIGNATURE_RE = re.compile(
    r"^(?:De|Het)\s+(?:Minister-President|Minister|Ministers|Staatssecretaris|"
    r"Staatssecretarissen|Informateur|Formateur)\b"
)
_TITLES = r"(?:(?:drs|mr|dr|ir|ing|prof|ds|jhr|bc)\.\s*)*"
_NAME_RE = re.compile(rf"^{_TITLES}(?:[A-Z][a-z]{{0,2}}\.\s*){{1,6}}\s*[A-Z][\w'’ -]+$")


@dataclass(slots=True)
class Publication:
    """What the publication says about the letter, and the letter assembled."""

    assembled: Assembled
    dossiers: list[tuple[str, str]]
    number: str
    addressee: str | None
    date: date | None
    sender: Sender
    signatories: list[Signatory] = field(default_factory=list)

    @property
    def kamerstuk(self) -> KamerstukId | None:
        if not self.dossiers:
            return None
        return KamerstukId(self.dossiers[0][0], self.number)


def _header(texts: list[str]) -> tuple[int, int] | None:
    """(first dossier line, 'Nr.' line) of the publication's header, if there is one."""
    for i, text in enumerate(texts[:200]):
        if not _NUMBER_RE.match(text):
            continue
        first = i
        while first > 0 and DOSSIER_LINE_RE.match(texts[first - 1]):
            first -= 1
        if first < i:
            return first, i
    return None


def dossier_of_line(text: str) -> tuple[str, str]:
    m = DOSSIER_LINE_RE.match(text)
    assert m is not None
    number = m.group(1).replace(" ", "") + (f"-{m.group(2)}" if m.group(2) else "")
    return number, m.group(3).strip()


def _signatories(lines: list[str]) -> tuple[int, list[Signatory]]:
    """The signature at the end of ``lines``: (index where it starts, signatories). One-line
    ('De Minister van …, A.B. Naam') and two-line ('De Minister van …,' / 'A.B. Naam')
    forms, several signatories in a row."""
    out: list[Signatory] = []
    i = len(lines)
    start = i
    while i > 0:
        text = lines[i - 1].strip()
        prev = lines[i - 2].strip() if i >= 2 else ""
        if _SIGNATURE_RE.match(text) and "," in text and not text.endswith(","):
            function, _, name = text.rpartition(",")
            if _NAME_RE.match(name.strip()):
                out.insert(0, Signatory(name=name.strip(), function=function.strip()))
                i -= 1
                start = i
                continue
        if _NAME_RE.match(text) and _SIGNATURE_RE.match(prev) and prev.endswith(","):
            out.insert(0, Signatory(name=text, function=prev.rstrip(",").strip()))
            i -= 2
            start = i
            continue
        if text.lower().startswith("mede namens") and out:
            i -= 1
            start = i
            continue
        break
    return start, out


_SENTENCE_END_RE = re.compile(r"[.!?:;]$")


def _paragraphs(lines: list[Line], texts: list[str]) -> list[str]:
    """Lines into paragraphs. A rendition with blank lines between paragraphs says where
    they start; one that wraps lines inside paragraphs (tweedekamer.nl) does not, so there a
    paragraph ends at a line that ends a sentence, and a short line without end punctuation
    after one is a heading, a paragraph of its own."""
    if not texts:
        return []
    if sum(ln.gap_before for ln in lines) >= 0.6 * len(lines):
        return texts
    out: list[str] = [texts[0]]
    heading = len(texts[0]) < 70 and not _SENTENCE_END_RE.search(texts[0])
    for text in texts[1:]:
        ended = heading or bool(_SENTENCE_END_RE.search(out[-1]))
        heading = ended and len(text) < 70 and not _SENTENCE_END_RE.search(text)
        if ended:
            out.append(text)
        else:
            out[-1] = f"{out[-1]} {text}"
    return out


_GLUED_MARKER = r"(?<=[^\W\d_]|[.,;:)»”’])({n})(?!\d)"


def _take_markers(body: str, numbers: list[int]) -> tuple[str, list[tuple[int, int]]]:
    """Footnote markers glued to a word ('uw Kamer1 door', 'c.s.2'): each number's first
    occurrence after the previous marker is taken out of the text and its offset kept."""
    markers: list[tuple[int, int]] = []
    pos = 0
    for n in numbers:
        m = re.compile(_GLUED_MARKER.format(n=n)).search(body, pos)
        if m is None:
            continue
        body = body[: m.start()] + body[m.end() :]
        markers.append((m.start(), n))
        pos = m.start()
    return body, markers


def _addressee_and_date(
    raw: RawDocument, texts: list[str], i: int
) -> tuple[str | None, date | None, int]:
    """The addressee ('Aan de Voorzitter van de Tweede Kamer') and date lines after the
    number line, and where the letter goes on; a date the XML states fills in for a
    missing date line."""
    addressee = None
    if i < len(texts) and (a := _ADDRESSEE_RE.match(texts[i])):
        addressee = f"{a.group(1).capitalize()} Kamer"
        i += 1
    when = None
    if i < len(texts) and (d := _DATE_LINE_RE.match(texts[i])):
        when = parse_full_date(d.group(1))
        if when is not None:
            i += 1
    stated = raw.metadata.get("date")  # publication XML: datum/@isodatum
    if when is None and stated:
        try:
            when = date.fromisoformat(stated)
        except ValueError:
            raw.warnings.append(f"the publication states the date {stated!r}: not a date")
    return addressee, when, i


def _notes_block(texts: list[str]) -> list[tuple[int, str]]:
    """The footnotes of the site's notes block: a number on its own line, then its text."""
    footnotes: list[tuple[int, str]] = []
    current: list[str] | None = None
    number_n = 0
    for t in texts:
        if _NOTE_RE.match(t):
            continue
        if (n := _NUMBER_ONLY_RE.match(t)) is not None:
            if current is not None:
                footnotes.append((number_n, " ".join(current)))
            number_n, current = int(n.group(1)), []
            continue
        if current is not None:
            current.append(t)
    if current is not None:
        footnotes.append((number_n, " ".join(current)))
    return footnotes


def read_publication(raw: RawDocument) -> Publication | None:
    """The letter in its official publication, or None when ``raw`` is not one."""
    lines = [ln for ln in raw.lines if ln.text.strip()]
    texts = [" ".join(ln.text.split()) for ln in lines]
    found = _header(texts)
    if found is None:
        return None
    first, nr = found
    dossiers = [dossier_of_line(t) for t in texts[first:nr]]
    m = _NUMBER_RE.match(texts[nr])
    assert m is not None
    number, sender_phrase = m.group(1), m.group(2)
    addressee, when, i = _addressee_and_date(raw, texts, nr + 1)
    # the end: 'Naar boven' and what follows are the site's
    end = next((j for j in range(i, len(texts)) if _TOP_RE.match(texts[j])), len(texts))
    rest = list(range(i, end))
    notes_at = next((j for j in rest if _NOTE_RE.match(texts[j])), None)
    body_idx = [j for j in rest if lines[j].role is not Role.FOOTNOTE]
    footnotes: list[tuple[int, str]] = []
    if notes_at is not None:
        body_idx = [j for j in body_idx if j < notes_at]
        footnotes = _notes_block(texts[notes_at:end])
    for j in rest:  # footnotes the HTML reader already recognised
        note_number = lines[j].footnote_number
        if lines[j].role is Role.FOOTNOTE and note_number is not None:
            footnotes.append((note_number, texts[j]))
    body_texts = [texts[j] for j in body_idx]
    sig_start, signatories = _signatories(body_texts)
    body = "\n\n".join(_paragraphs([lines[j] for j in body_idx[:sig_start]],
                                     body_texts[:sig_start]))  # fmt: skip
    html_markers = [
        mk.number for j in body_idx[:sig_start] for mk in lines[j].markers
    ]  # fmt: skip
    body, markers = _take_markers(body, sorted({n for n, _ in footnotes} | set(html_markers)))
    # the signature's function, else the header's ('STAATSSECRETARIS VAN …', in capitals)
    function = signatories[0].function if signatories else sender_phrase
    ministry = ministry_of_function(function or "")
    warnings: list[str] = []
    if when is None:
        warnings.append("publication without a 'Den Haag, <date>' line: no date")
    if not signatories:
        warnings.append("publication without a recognisable signature")
    assembled = Assembled(
        body=body,
        markers=markers,
        footnotes=footnotes,
        letterhead=[Line(text=t, role=Role.LETTERHEAD) for t in texts[first:i]],
        sidebar=[],
        signature=[Line(text=t, role=Role.SIGNATURE) for t in body_texts[sig_start:]],
        subject=dossiers[0][1] if dossiers else None,
        warnings=warnings,
    )
    return Publication(
        assembled=assembled,
        dossiers=dossiers,
        number=number,
        addressee=addressee,
        date=when,
        sender=Sender(ministry=ministry, unit=None),
        signatories=signatories,
    )
