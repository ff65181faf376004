"""What the read services of letters and countries answer: typed views of one letter
whole, of a search, of the countries and of a country's dossier. Their parts are the
domain's records (``LetterSummary``, ``Reference``, ``Entity``, ``StatedFigure`` …); the
API's Dutch names are given to them in ``web/api_models/documents.py`` and
``countries.py``, in one place, and the pages and the command line's ``--json`` show those
models (issue 18: the same rows were Dutch dicts in three layers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partnerships.domain.countries import CountryRecord
from partnerships.domain.letter import (
    Commitment,
    Entity,
    Footnote,
    LetterSummary,
    Mention,
    Reference,
    Signatory,
    StatedFigure,
)
from partnerships.services.topics import LetterTopics


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference the letter makes, with the letter it points to when the base holds it
    and the reader may see it."""

    reference: Reference
    target: LetterSummary | None


@dataclass(frozen=True, slots=True)
class CitedBy:
    """A later letter that cites this one, and the words of its citation."""

    letter: LetterSummary
    text: str


@dataclass(frozen=True, slots=True)
class Vote:
    party: str
    vote: str  # Voor | Tegen | Niet deelgenomen
    seats: int | None


@dataclass(frozen=True, slots=True)
class MotionResult:
    """What became of a motion in the Tweede Kamer (harvested from its open data)."""

    case_number: str | None
    outcome: str
    decision: str
    votes: list[Vote]


@dataclass(frozen=True, slots=True)
class OriginalFile:
    """Whether the file the letter was read from is kept, and what it is."""

    available: bool
    sha256: str | None
    media_type: str | None


@dataclass(frozen=True, slots=True)
class LetterDetail:
    """One letter whole: its text, footnotes and everything found in it, each with where
    it was found, the letters it cites and those that cite it."""

    letter: LetterSummary
    motion: MotionResult | None
    topics: LetterTopics | None
    signatories: list[Signatory]
    attachments: int | None
    pages: int | None
    body: str
    footnotes: list[Footnote]
    citations: list[Citation]
    entities: list[Entity]
    figures: list[StatedFigure]
    commitments: list[Commitment]
    cited_by: list[CitedBy]
    original: OriginalFile
    warnings: list[str]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A letter found, its relevance and a fragment of its text (HTML-escaped, the
    matching words in ``<mark>``)."""

    letter: LetterSummary
    score: float
    fragment: str


@dataclass(frozen=True, slots=True)
class FacetCount:
    """One value of a facet (a year, an addressee, a country …) and how many hits have it."""

    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchResults:
    """One page of a search: how many letters match, the page's hits, and — when not every
    hit could be ranked by relevance (PostgreSQL, more hits than ``search_rank_window``) —
    how many of the newest were; the older hits follow those, newest first. The search page
    also gets facets over the best ``FACET_SAMPLE`` hits."""

    total: int
    hits: list[SearchHit]
    ranked_within: int | None = None
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CountryCount:
    """A country with how often the letters the reader may see mention it, and in how many."""

    country: CountryRecord
    mentions: int
    documents: int


@dataclass(frozen=True, slots=True)
class QuotedMention:
    """A mention of the country and the sentence it stands in."""

    mention: Mention
    sentence: str


@dataclass(frozen=True, slots=True)
class DossierLetter:
    """A letter that mentions the country: its first mentions quoted, and how many it has."""

    letter: LetterSummary
    mentions: list[QuotedMention]
    mentions_total: int


@dataclass(frozen=True, slots=True)
class NamedWith:
    """An organisation or programme named in the letters that mention the country."""

    kind: str
    code: str
    name: str
    documents: int


@dataclass(frozen=True, slots=True)
class CountryDossier:
    """What the base says about one country (bounded: one page of its letters)."""

    country: CountryRecord
    aliases: list[str]
    mentions_per_year: dict[str, int]
    letters_total: int
    letters: list[DossierLetter]
    figures: list[StatedFigure]
    named_with: list[NamedWith]
