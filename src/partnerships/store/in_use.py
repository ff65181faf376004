"""Who is using the base: running servers hold a shared lock, a restore needs it exclusively.

Found by an attack on a running server: ``restore`` replaced the SQLite file while ``serve``
kept the old inode open, so writes the server acknowledged after the restore went to a
file nobody would see again. A restore must therefore never run under a server.

- SQLite: ``flock`` on a lock file beside the base (``<base>.in-use``). Every server process
  holds it shared for its lifetime (several workers may), a restore takes it exclusively
  and without waiting; the kernel drops a dead process's lock, so a crash leaves nothing
  stale.
- PostgreSQL: the same as a session-level advisory lock, shared by each server process on a
  connection of its own, exclusive for a restore — across every machine that uses the base.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from partnerships.store.files import private_file
from partnerships.store.locks import lock_key

ADVISORY_NAME = "partnerships:base-in-use"


class BaseInUse(RuntimeError):
    """The base is in use by a server (for a restore) or being restored (for a server)."""


def _sqlite_file(url: str) -> Path | None:
    path = url.split("///", 1)[-1] if url.startswith("sqlite") else ""
    return Path(path) if path and path != ":memory:" else None


def _pg_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass
class _Held:
    fd: int | None = None
    connection: Any = None
    engine: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = None
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None


def _take(url: str, exclusive: bool) -> _Held:
    sqlite_path = _sqlite_file(url)
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        lock = private_file(sqlite_path.with_name(sqlite_path.name + ".in-use"))
        fd = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BaseInUse(_refusal(exclusive)) from None
        return _Held(fd=fd)
    if url.startswith("postgresql"):
        engine = create_engine(_pg_url(url), poolclass=NullPool)  # close = unlock
        connection = engine.connect()
        function = "pg_try_advisory_lock" if exclusive else "pg_try_advisory_lock_shared"
        got = connection.execute(
            text(f"SELECT {function}(:k)"), {"k": lock_key(ADVISORY_NAME)}
        ).scalar_one()
        connection.commit()  # the lock is session-level: it outlives this transaction
        if not got:
            connection.close()
            engine.dispose()
            raise BaseInUse(_refusal(exclusive))
        return _Held(connection=connection, engine=engine)
    return _Held()  # an in-memory base has no other users


def _refusal(exclusive: bool) -> str:
    if exclusive:
        return (
            "a server is using this knowledge base (`partnerships serve` or `demo`); stop "
            "every server process that uses it, then run the restore again"
        )
    return "this knowledge base is being restored; start the server when the restore is done"


class ServerHold:
    """Held by a server process from start-up to shut-down (see web/app.py's lifespan)."""

    def __init__(self, url: str) -> None:
        self._held = _take(url, exclusive=False)

    def release(self) -> None:
        self._held.release()


@contextmanager
def exclusive_use(url: str) -> Any:
    """For a restore: refuses at once while any server holds the base."""
    held = _take(url, exclusive=True)
    try:
        yield
    finally:
        held.release()
