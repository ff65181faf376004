"""What the data version is: a counter row per scope, bumped by every transaction that
changes what pages show — a lookup by primary key instead of a scan.

Found at 20,000 letters: the page cache's key ran ``count(*)`` and ``max(updated_at)`` over
the documents table on every request (≈120 ms, even for a cached page). Now the
knowledge base's sessions note which tables a transaction writes (ORM flushes and DML
statements alike) and, just before it commits, add one to the counters of the scopes it
touched, in the same transaction: the version changes exactly when the data does, in every
process that shares the base.

- ``data``: anything a page shows (letters, statistics, decisions, risks, programmes,
  commitments, report texts, criteria);
- ``statistics``: statistics releases, routes and criteria only — the key of pages made of
  statistics alone (ranking, routes), which a new letter or decision does not change;
- ``content``: everything ``data`` counts except a country's decisions and risks, and
  ``country:XXX``: the decisions and risks of one country. A dossier is keyed by both, so a
  decision about Tunisia leaves Morocco's dossier standing (found under load: every
  decision re-rendered every dossier, the slowest pages of the load test). A statement
  that changes decisions or risks without naming rows (bulk DML) counts as ``content``.

The counters of ``content`` and of each country are made by their first change.

Bookkeeping that no page shows (the audit trail, login attempts, sessions, tokens,
accounts) does not count, so reading a confidential record (which is audited) does not
empty the page cache.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from partnerships.store.schema import ChangeCounter

NOT_SHOWN = frozenset({"audit_log", "login_attempts", "web_sessions", "api_tokens", "users",
                       "clearance_requests", "alembic_version", "change_counters"})  # fmt: skip
STATISTICS = frozenset({"indicator_releases", "indicator_values", "routes", "criteria_versions"})
#: tables whose every row belongs to one country (its ``country`` column)
PER_COUNTRY = frozenset({"decisions", "risks"})
_KEY = "changed_scopes"


def country_scope(iso3: str) -> str:
    return f"country:{iso3}"


def _note(session: Session, tables: set[str], countries: set[str] | None = None) -> None:
    """``countries``: the countries of the changed rows of PER_COUNTRY tables (None: not
    known, so every page counts as changed)."""
    shown = tables - NOT_SHOWN
    if not shown:
        return
    scopes: set[str] = session.info.setdefault(_KEY, set())
    scopes.add("data")
    if shown & STATISTICS:
        scopes.add("statistics")
    if shown - PER_COUNTRY or countries is None:
        scopes.add("content")
    scopes.update(country_scope(c) for c in countries or ())


def _after_flush(session: Session, _context: Any) -> None:
    tables: set[str] = set()
    countries: set[str] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        names = {table.name for table in getattr(type(obj), "__mapper__").tables}  # noqa: B009
        tables |= names
        if names & PER_COUNTRY:
            countries.add(str(obj.country))
    _note(session, tables, countries)


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if name:
            _note(state.session, {name}, None if name in PER_COUNTRY else set())


_HAVE_COUNTERS: weakref.WeakSet[Any] = weakref.WeakSet()


def _has_counters(session: Session) -> bool:
    """A base made by an older version (before its upgrade) has no counter table yet; once
    an engine has seen it, it is not looked for again."""
    bind = session.get_bind()
    if bind not in _HAVE_COUNTERS:
        from sqlalchemy import inspect

        if not inspect(session.connection()).has_table("change_counters"):
            return False
        _HAVE_COUNTERS.add(bind)
    return True


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the scopes wait for the real commit
    scopes = session.info.pop(_KEY, None)
    if scopes and _has_counters(session):
        insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
        # one statement, the rows in one order (two writers never wait for each other's
        # rows crosswise); a scope's first change makes its row
        session.execute(
            insert(ChangeCounter)
            .values([{"scope": scope, "n": 1} for scope in sorted(scopes)])
            .on_conflict_do_update(
                index_elements=[ChangeCounter.scope], set_={"n": ChangeCounter.n + 1}
            )
        )


def _forget(session: Session) -> None:
    session.info.pop(_KEY, None)


def track_changes(sessions: sessionmaker[Session]) -> None:
    """Install the bookkeeping on a session factory (done by the knowledge base)."""
    from sqlalchemy import event

    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)
    event.listen(sessions, "before_commit", _before_commit)
    event.listen(sessions, "after_rollback", _forget)


def writes_pending(session: Session) -> bool:
    """Whether the session's transaction has written what pages show and not committed:
    what it reads then is not yet what its version names."""
    return bool(session.info.get(_KEY) or session.new or session.dirty or session.deleted)


def version(session: Session, scope: str) -> tuple[int, int]:
    """(the base's epoch, the scope's counter): one indexed read of two rows."""
    epoch, n = versions(session, scope)
    return epoch, n


def versions(session: Session, *scopes: str) -> tuple[int, ...]:
    """(the base's epoch, each scope's counter; 0 for a scope never changed): one indexed
    read."""
    rows = dict(session.execute(
        select(ChangeCounter.scope, ChangeCounter.n)
        .where(ChangeCounter.scope.in_(("epoch", *scopes)))).all())  # fmt: skip
    return tuple(int(rows.get(scope, 0)) for scope in ("epoch", *scopes))
