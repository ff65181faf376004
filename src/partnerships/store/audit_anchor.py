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

from partnerships.store.files import private_file

log = logging.getLogger("partnerships.audit")


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
