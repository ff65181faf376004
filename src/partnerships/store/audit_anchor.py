"""The audit head kept outside the base, so that removing the newest entries is detected.

The hash chain shows a changed or removed entry in the middle, but someone who deletes the
newest entries leaves a shorter chain that is still intact. After every commit that appended
to the trail, the id and hash of the newest entry are written to a small file outside the
base (``audit_head_path``, mode 0600) and logged on the ``partnerships.audit`` logger (route
it to syslog or a log host to keep a copy off the machine). ``partnerships audit verify``
then requires that entry to be in the base with that hash; every backup manifest carries it.

The file only moves forward: concurrent processes write under an exclusive ``flock`` and a
lower id never replaces a higher one. A restore sets it to the restored head on purpose.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from partnerships.store.files import private_file
from partnerships.store.schema import AuditEntry

log = logging.getLogger("partnerships.audit")
#: set in ``session.info`` by ``AuditRepository.append``: this transaction appended
APPENDED = "audit_appended"
_HEAD = "audit_head"


def anchor_on_commit(sessions: sessionmaker[Session], path: Path) -> None:
    """Write the anchor after every commit that appended to the trail (installed on the
    knowledge base's session factory). The head is read from the database just before the
    commit, so an append in a savepoint that was rolled back never becomes the anchor, and a
    savepoint's release (which SQLAlchemy also reports as a commit) writes nothing."""

    def settle(session: Session) -> None:
        if not session.info.get(APPENDED) or session.in_nested_transaction():
            return
        row = session.execute(
            select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
        session.info[_HEAD] = (int(row[0]), str(row[1])) if row else None

    def anchor(session: Session) -> None:
        if _HEAD not in session.info:
            return  # nothing appended, or only a savepoint was released: the commit comes
        head = session.info.pop(_HEAD)
        session.info.pop(APPENDED, None)
        if head is not None:
            try:
                write_anchor(path, *head)
            except OSError as exc:  # the change is committed; the anchor lags until the next
                log.warning("audit head not anchored in %s: %s", path, exc)

    def forget(session: Session) -> None:
        session.info.pop(APPENDED, None)
        session.info.pop(_HEAD, None)

    event.listen(sessions, "before_commit", settle)
    event.listen(sessions, "after_commit", anchor)
    event.listen(sessions, "after_rollback", forget)


def read_anchor(path: Path) -> tuple[int, str] | None:
    try:
        data = json.loads(path.read_text("utf-8") or "null")
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: the audit head file cannot be read ({exc})") from exc
    if data is None:
        return None
    return int(data["id"]), str(data["hash"])


def write_anchor(path: Path, entry_id: int, digest: str, *, force: bool = False) -> None:
    """Record ``entry_id``/``digest`` as the head unless a newer one is there (``force``:
    after a restore, which replaces the trail as a whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    private_file(path)
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(os.dup(fd), "r+", encoding="utf-8") as handle:
            raw = handle.read()
            current = json.loads(raw)["id"] if raw.strip() else 0
            if force or entry_id > int(current):
                handle.seek(0)
                handle.truncate()
                handle.write(json.dumps({"id": entry_id, "hash": digest}) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
    finally:
        os.close(fd)
    log.info("audit head %d %s", entry_id, digest)
