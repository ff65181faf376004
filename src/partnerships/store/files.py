"""Files and folders that hold the base, its backups and its secrets: readable by the
account that runs the application only (folders 0700, files 0600).

The base holds confidential letters, password hashes and the audit trail; a backup holds all
of it. On a shared server the default umask (022) would let every local account copy them.
SQLite creates its ``-wal`` and ``-shm`` files with the permissions of the base file, so
tightening the base covers them too.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; the folder itself ends up 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if it does not exist; an existing file loses any
    group and other permissions. The folder it is in is left as it is (it may be shared)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        _tighten(path, FILE_MODE)
    else:
        os.close(fd)
    return path


def _tighten(path: Path, mode: int) -> None:
    """Never a folder that others share by design (sticky like /tmp, or not ours)."""
    try:
        info = path.stat()
        current = stat.S_IMODE(info.st_mode)
        if info.st_mode & stat.S_ISVTX or info.st_uid != os.getuid() or path == Path.home():
            return
        if current & 0o077:
            os.chmod(path, current & mode)
    except PermissionError:  # not ours (a folder shared by the operator): leave it
        pass


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB pieces (a backup may be gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
