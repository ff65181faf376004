"""The commitments tracker's records: what it is asked for, the rows it reads, and what
people recorded about one commitment. Plain data; the store fills them
(store/commitments.py), the tracker service (services/commitments.py) shapes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: a commitment's state as people record it; 'te laat' (overdue) is computed, not stored
STATUSES = ("open", "vervuld", "deels vervuld", "vervallen")
OVERDUE = "te laat"


@dataclass(frozen=True, slots=True)
class TrackerFilter:
    """What the tracker is asked for; every condition runs in the database."""

    today: date
    #: open | te laat | vervuld | deels vervuld | vervallen; 'openstaand': open or te laat
    status: str | None = None
    responsible: str | None = None
    country: str | None = None
    query: str | None = None
    key: str | None = None
    #: only the commitments of these letters (a dossier: its newest letters)
    documents: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class TrackerRow:
    """One commitment with its tracking state, as the tracker's table holds it."""

    key: str
    text: str
    kind: str
    manual: bool
    due: date | None
    due_text: str | None
    status: str  # as stored: open, vervuld, deels vervuld, vervallen
    responsible: str
    note: str
    fulfilled_by: int | None
    start: int | None
    document_id: int | None
    promiser: str | None = None
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class Tracking:
    """What people recorded about one commitment (none yet: the extracted values hold)."""

    due: date | None
    responsible: str
    status: str
    fulfilled_by: int | None
    note: str


def state(status: str, due: date | None, today: date) -> str:
    """The state shown: an open commitment past its due date is overdue ('te laat')."""
    return OVERDUE if status == "open" and due is not None and due < today else status
