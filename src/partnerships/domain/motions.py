"""Motions as letters name them: 'motie Becker c.s.', 'de motie-Van der Staaij/Voordewind',
'het lid Becker heeft de regering bij motie verzocht'.

A rule over text (no IO): the letter reader uses it to cite motions, and the store uses it
to know which motions a letter's subject says it carries out ('Uitvoering motie …'), also
when an analyst corrects that subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from partnerships.domain.letter import LetterSummary, Reference

_NAME = r"(?:(?:[Vv]an\s+(?:der\s+|den\s+|de\s+)?|[Dd]e\s+|[Tt]er\s+|[Tt]en\s+)?[A-Z][\w'’-]+)"
_MOTION_RE = re.compile(
    r"\b[Mm]otie(?:s)?[- ](?:van\s+(?:het\s+lid|de\s+leden)\s+)?"
    rf"(?P<names>{_NAME}(?:\s*/\s*{_NAME}|\s+en\s+{_NAME})*)"
    r"(?P<cs>\s+c\.?\s?s\.?)?"
)
#: 'het lid Becker c.s. heeft de regering bij motie verzocht', 'de leden X en Y hebben bij
#: motie gevraagd': the movers named before 'bij motie'
_BY_MOTION_RE = re.compile(
    r"\b(?:[Hh]et\s+lid|[Dd]e\s+leden)\s+"
    rf"(?P<names>{_NAME}(?:\s*/\s*{_NAME}|\s+en\s+{_NAME})*)"
    r"(?P<cs>\s+c\.?\s?s\.?)?(?:\s+\([^)]{1,40}\))?\s+(?:\w+\s+){0,5}?bij\s+motie\b"
)
_VOTES_BEFORE_RE = re.compile(r"\b(?:Stemmingen|stemmingen)\s+(?:over\s+)?$")
_NOT_NAMES = frozenset({"Kamerstuk", "Kamerstukken", "Tweede", "Eerste", "In", "Deze", "Die"})


def find_motions(text: str) -> list[Reference]:
    out = []
    for m in _BY_MOTION_RE.finditer(text):
        names = [n.strip() for n in re.split(r"\s*/\s*|\s+en\s+", m.group("names"))]
        names = [n for n in names if n and n not in _NOT_NAMES]
        if names:
            out.append(Reference(text=m.group(0), start=m.start(), end=m.end(),
                                 kind="motion", names=names))  # fmt: skip
    taken = [(r.start, r.end) for r in out]
    for m in _MOTION_RE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        if _VOTES_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            continue  # 'Stemmingen moties Vreemdelingen- en asielbeleid': a title, no motion
        names = [n.strip() for n in re.split(r"\s*/\s*|\s+en\s+", m.group("names"))]
        # 'Vreemdelingen-' (the first half of 'Vreemdelingen- en asielbeleid') is no name
        names = [n for n in names if n and n not in _NOT_NAMES and not n.endswith("-")]
        if not names:
            continue
        out.append(
            Reference(
                text=m.group(0),
                start=m.start(),
                end=m.end(),
                kind="motion",
                names=names,
            )
        )
    out.sort(key=lambda r: r.start)
    return out


@dataclass(frozen=True, slots=True)
class CitedMotion:
    """A motion as the letters cite it (by its first mover, ``motie:<name>``, or by its
    words): the words and movers of its first citation, a dossier and number when any
    citation gives them, how many letters cite it and the oldest few of them."""

    key: str
    text: str
    members: list[str]
    dossier: str | None
    number: str | None
    letters_total: int
    letters: list[LetterSummary]


@dataclass(frozen=True, slots=True)
class MotionIndexEntry:
    """One cited motion in the index per member and per dossier: the movers of its first
    citation, a dossier when a citation gives one, those citations (``first``,
    ``with_dossier``: their ids) and how many letters cite it."""

    key: str
    members: list[str]
    dossier: str | None
    first: int
    with_dossier: int | None
    letters: int


@dataclass(frozen=True, slots=True)
class MotionInBase:
    """A motion that is a document in the base, with its movers, its Kamerstuk number,
    what became of it (``outcome``: aangenomen, verworpen …, None when not harvested),
    the parties per vote ('Voor': ['VVD (34)', …]) and the letters that answer it."""

    letter: LetterSummary
    movers: list[str]
    dossier: str | None
    number: str | None
    outcome: str | None
    votes: dict[str, list[str]]
    answers: list[LetterSummary]
