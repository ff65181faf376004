"""Counts the overview and the dossiers need, kept per classification level as letters are
stored: mentions of each country ('country:MAR'), per year ('year:MAR:2024'), the
organisations and programmes named in the same letters ('with:MAR:organisation:IOM') and
figures of each kind ('facts:amount:EUR', 'facts:quantity:'), with the number of letters
behind each.

Found at 10,000 letters: counting 176,000 country mentions (and every figure) joined with
their letters took ≈330 ms on every uncached overview, and the organisations named with a
country ≈120 ms on every dossier, both growing with the base. Now the
repository adds a letter's tallies when it stores the letter, takes them away before it
replaces the letter's facts, and a session hook moves them when a stored letter's
classification or date changes (whoever changes it) — in
the same transaction, so they are exactly what is committed. ``problems`` compares them
with a fresh count (part of the repository's consistency check); the migration that made
the table counted them from the base.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from partnerships.domain import Letter
from partnerships.store.clearance import cleared
from partnerships.store.schema import Document, EntityRow, FactRow, Tally

COUNTRY = "country:"
YEAR = "year:"  # year:MAR:2024 — mentions of a country in the letters of a year
WITH = "with:"  # with:MAR:organisation:IOM — letters naming both
FACTS = "facts:"
NAMED = ("organisation", "programme")
NO_YEAR = "onbekend"


def _subjects(
    year: str, entities: Iterable[tuple[str, str]], facts: Iterable[tuple[str, str | None]]
) -> list[tuple[str, int]]:
    """(subject, count) of one letter from its (kind, code) mentions and (kind, currency)
    figures."""
    mentions: dict[str, int] = {}
    named: set[tuple[str, str]] = set()
    for kind, code in entities:
        if kind == "country":
            mentions[code] = mentions.get(code, 0) + 1
        elif kind in NAMED:
            named.add((kind, code))
    out: dict[str, int] = {}
    for code, n in mentions.items():
        out[COUNTRY + code] = n
        out[f"{YEAR}{code}:{year}"] = n
        for kind, other in named:
            out[f"{WITH}{code}:{kind}:{other}"] = 1
    for kind, currency in facts:
        if kind != "percentage":
            key = f"{FACTS}{kind}:{currency or ''}"
            out[key] = out.get(key, 0) + 1
    return sorted(out.items())


def of_letter(letter: Letter) -> list[tuple[str, int]]:
    """The tallies of a letter about to be stored (no query: the writer's hot path)."""
    return _subjects(
        letter.date[:4] if letter.date else NO_YEAR,
        ((e.kind, e.code) for e in letter.entities),
        [("amount", a.currency) for a in letter.amounts]
        + [("quantity", None) for _q in letter.quantities],
    )


def _of_document(session: Session, doc_id: int) -> list[tuple[str, int]]:
    """The tallies of one stored letter, from its stored mentions and figures."""
    when = session.scalar(select(Document.date).where(Document.id == doc_id))
    entities = session.execute(
        select(EntityRow.kind, EntityRow.code).where(EntityRow.document_id == doc_id)
    ).all()
    facts = session.execute(
        select(FactRow.kind, FactRow.currency).where(FactRow.document_id == doc_id)
    ).all()
    return _subjects(str(when.year) if when else NO_YEAR, entities, facts)


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Add the rows' counts to the kept ones, creating what is not there: one statement."""
    session.connection().execute(_upsert_statement(session.get_bind().dialect.name), rows)


@lru_cache(maxsize=2)
def _upsert_statement(dialect: str) -> Any:
    """The upsert, built once per dialect, on the table (Core): the ORM's bulk machinery
    cost more than the statement itself on the writer's hot path."""
    table: Any = Tally.__table__
    stmt: Any = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.subject, table.c.classification],
        set_={"n": table.c.n + stmt.excluded.n,
              "documents": table.c.documents + stmt.excluded.documents},
    )  # fmt: skip


def add(
    session: Session, doc_id: int, level: str, sign: int = 1,
    rows: list[tuple[str, int]] | None = None,
) -> None:  # fmt: skip
    """Add (``sign`` 1) or take away (-1) the tallies of one stored letter (``rows``: its
    tallies when the caller has them, else counted from what is stored)."""
    if rows is None:
        rows = _of_document(session, doc_id)
    if not rows:
        return
    _upsert(session, [{"subject": c, "classification": level, "n": sign * n, "documents": sign}
                      for c, n in rows])  # fmt: skip
    if sign < 0:
        session.execute(delete(Tally).where(Tally.documents <= 0))


_MOVES = "tally_moves"


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """A stored letter whose classification or date changes (by whatever code) takes its
    tallies from where they were, as stored; ``_after_flush`` puts them where they are."""
    moves: list[tuple[int, str]] = session.info.setdefault(_MOVES, [])
    for obj in session.dirty:
        if not isinstance(obj, Document) or obj.id is None:
            continue
        state = inspect(obj)
        if not (state.attrs.classification.history.has_changes()
                or state.attrs.date.history.has_changes()):  # fmt: skip
            continue
        stored = session.scalar(select(Document.classification).where(Document.id == obj.id))
        if stored is not None:
            add(session, obj.id, stored, -1)
            moves.append((obj.id, obj.classification))


def _after_flush(session: Session, _context: Any) -> None:
    for doc_id, level in session.info.pop(_MOVES, []):
        add(session, doc_id, level, 1)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_MOVES, None)


def keep_tallies(sessions: sessionmaker[Session]) -> None:
    """Install the classification and date bookkeeping on a session factory (done by the
    knowledge base); storing and replacing a letter's facts is the repository's."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "after_rollback", _forget)


def read(session: Session, prefix: str, levels: Iterable[str]) -> dict[str, tuple[int, int]]:
    """subject (without ``prefix``) -> (count, letters) over the letters of the levels."""
    stmt = (
        select(Tally.subject, func.sum(Tally.n), func.sum(Tally.documents))
        .where(cleared(Tally.classification, levels), Tally.subject.startswith(prefix))
        .group_by(Tally.subject)
    )
    return {str(s)[len(prefix) :]: (int(n), int(d)) for s, n, d in session.execute(stmt) if d}


def one(session: Session, subject: str, levels: Iterable[str]) -> tuple[int, int]:
    """(count, letters) of one subject over the letters of the levels."""
    row = session.execute(
        select(func.sum(Tally.n), func.sum(Tally.documents))
        .where(cleared(Tally.classification, levels), Tally.subject == subject)
    ).one()  # fmt: skip
    return int(row[0] or 0), int(row[1] or 0)


def _fresh(session: Session) -> dict[tuple[str, str], tuple[int, int]]:
    """Every tally counted again from the stored letters (for checks, not for pages)."""
    out: dict[tuple[str, str], list[int]] = {}
    for doc_id, level in session.execute(select(Document.id, Document.classification)):
        for subject, n in _of_document(session, doc_id):
            kept = out.setdefault((subject, str(level)), [0, 0])
            kept[0] += n
            kept[1] += 1
    return {k: (n, d) for k, (n, d) in out.items()}


def problems(session: Session) -> list[str]:
    """Where the kept tallies differ from a fresh count (empty when they agree)."""
    kept = {(r.subject, r.classification): (r.n, r.documents)
            for r in session.scalars(select(Tally))}  # fmt: skip
    fresh = _fresh(session)
    return [
        f"tally {subject} ({level}): kept {kept.get((subject, level))}, "
        f"counted {fresh.get((subject, level))}"
        for subject, level in sorted(set(kept) | set(fresh))
        if kept.get((subject, level)) != fresh.get((subject, level))
    ]
