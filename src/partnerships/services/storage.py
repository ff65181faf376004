"""A write that the database refuses (full disk, read-only file, lost connection) is a
named problem of the file being imported, not a traceback.

Found on a full disk: ``import table`` ended in a 286-line traceback. The transaction has
rolled back by the time the error arrives, so the message can say that nothing was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from partnerships.ingest.errors import ImportProblem


def reason(exc: BaseException) -> str:
    """The database's own one-line reason ('database or disk is full')."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).strip().splitlines()[0]
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@contextmanager
def storing(source: str) -> Iterator[None]:
    try:
        yield
    except (SQLAlchemyError, OSError) as exc:
        raise ImportProblem(
            source,
            None,
            None,
            "could not be stored, nothing was written: %(reason)s",
            reason=reason(exc),
        ) from exc
