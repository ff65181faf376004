"""Watches: what a person follows — a search, a country, a dossier, or the commitments that
fall due within some days — and the rule for what a watch may say.

A watch's items are what changed in the base for it, newest first; its Atom feed is read
with a secret token and answers with its owner's clearance as it is now (so a clearance
withdrawn is withdrawn from the feed too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from partnerships.domain.errors import Invalid

KINDS = ("search", "country", "dossier", "due")
#: a Kamerstuk dossier as parliament numbers it: '19637', '36600-XVII', '21501-20'
DOSSIER_RE = re.compile(r"^\d{4,6}(?:-[A-Z0-9]{1,6})?$")
MAX_DAYS = 366


class WatchError(Invalid):
    """A watch that cannot be made or read: what is wrong, in words a person can act on."""


@dataclass(frozen=True, slots=True)
class Watch:
    id: int
    owner: str
    name: str
    kind: str
    query: str
    created_at: datetime
    seen_at: datetime | None = None
    mailed_at: datetime | None = None
    email: str | None = None  # where the daily digest goes (none: no digest)


@dataclass(frozen=True, slots=True)
class WatchItem:
    """One thing a watch reports: a letter, or a commitment falling due."""

    key: str  # stable: 'document:12', 'commitment:<key>'
    title: str
    link: str  # path in the web app
    updated: datetime
    summary: str
    day: date | None = None


@dataclass(frozen=True, slots=True)
class WatchedLetter:
    """What a watch shows of a letter: never its body."""

    id: int
    subject: str | None
    source_name: str
    updated_at: datetime
    sender_ministry: str | None
    kenmerk: str | None
    day: date | None  # the letter's date


@dataclass(frozen=True, slots=True)
class DueCommitment:
    """A commitment that is late or open, with its due date and its letter's subject."""

    key: str
    text: str
    due: date | None
    late: bool
    letter_subject: str | None


def normalise(kind: str, query: str) -> str:
    """The query of a watch of ``kind`` as stored, or WatchError saying what is wrong."""
    if kind not in KINDS:
        raise WatchError("unknown kind of watch %(kind)r: one of %(choices)s", kind=kind,
                         choices=", ".join(KINDS))  # fmt: skip
    q = " ".join(query.split())
    if kind == "search":
        if not q or len(q) > 500:
            raise WatchError("a search watch needs search words (at most 500 characters)")
        return q
    if kind == "dossier":
        d = q.replace(" ", "").upper()
        if not DOSSIER_RE.match(d):
            raise WatchError("not a Kamerstuk dossier number: %(query)r (e.g. 19637 or "
                             "36600-XVII)", query=query)  # fmt: skip
        return d
    if kind == "due":
        if not q.isdigit() or not 1 <= int(q) <= MAX_DAYS:
            raise WatchError(
                "days must be a whole number from 1 to %(maximum)s, not %(query)r",
                maximum=MAX_DAYS,
                query=query,
            )
        return str(int(q))
    return q.upper()  # country: checked against the country list by the service
