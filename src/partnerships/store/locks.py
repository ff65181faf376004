"""Serialising writers that read before they write (next version number, audit chain head).

Found by the load test: two analysts saving a decision for the same country at the same
moment both read version 1 and both wrote version 2, and on SQLite two audit entries could
name the same predecessor. Such a transaction takes the write lock *before* it reads:

- PostgreSQL: a transaction-scoped advisory lock per name (others wait; released at commit);
- SQLite: a write statement that changes nothing. It makes the Python driver open the
  transaction and SQLite grant the single write lock, so every read after it sees the
  latest commit and no other writer can commit in between (others wait ``busy_timeout``).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_key(name: str) -> int:
    """A stable 64-bit advisory-lock key for a name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def serialise_writers(session: Session, name: str) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(name)})
    elif dialect == "sqlite":
        session.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 0"))
