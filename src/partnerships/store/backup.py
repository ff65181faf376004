"""Backups that can be restored: SQLite's online backup API (a consistent copy while the app
keeps running) and pg_dump/pg_restore in PostgreSQL's custom format.

A restore never merges: the SQLite file is replaced as a whole, PostgreSQL objects are
dropped and recreated (``--clean --if-exists``) in one transaction (``--single-transaction``),
so a failed restore leaves the base as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that could not be made, with the reason."""


def _sqlite_path(url: str) -> Path:
    path = url.split("///", 1)[-1]
    if not path or path == ":memory:":
        raise BackupError("an in-memory base cannot be backed up")
    return Path(path)


def _pg_env(url: str) -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for pg_dump/pg_restore (the password goes in the
    environment, not on the command line where other users could read it)."""
    u = make_url(url.replace("postgresql+psycopg://", "postgresql://", 1))
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    args = ["-h", u.host or "localhost", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    return [*args, "-d", u.database or "postgres"], env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed: needed to {what}")
    done = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True,
                          check=False, timeout=3600)  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def backup(url: str, target: Path) -> int:
    """Write a backup of the base at ``url`` to ``target``; returns its size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scheme = urlsplit(url).scheme
    if scheme.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(url))
        partial = target.with_suffix(target.suffix + ".partial")
        dest = sqlite3.connect(partial)
        try:
            with dest:
                source.backup(dest)  # pages copied under a read transaction: consistent
        finally:
            dest.close()
            source.close()
        partial.replace(target)
    elif scheme.startswith("postgresql"):
        args, env = _pg_env(url)
        _run(["pg_dump", "-Fc", "--no-owner", "-f", str(target), *args], env, "back up PostgreSQL")
    else:
        raise BackupError(f"cannot back up a {scheme} base")
    return target.stat().st_size


def restore(url: str, source: Path) -> None:
    """Replace the base at ``url`` with the backup in ``source``."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    head = source.read_bytes()[:16]
    scheme = urlsplit(url).scheme
    if scheme.startswith("sqlite"):
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source}: not an SQLite backup")
        check = sqlite3.connect(source)
        try:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source}: the backup fails SQLite's integrity check")
        finally:
            check.close()
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
            staged = Path(tmp) / "restore.sqlite3"
            src, dest = sqlite3.connect(source), sqlite3.connect(staged)
            try:
                with dest:
                    src.backup(dest)
            finally:
                src.close()
                dest.close()
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            staged.replace(path)  # atomic on one file system
    elif scheme.startswith("postgresql"):
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError(f"{source}: not a pg_dump custom-format backup")
        args, env = _pg_env(url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              *args, str(source)], env, "restore PostgreSQL")  # fmt: skip
    else:
        raise BackupError(f"cannot restore a {scheme} base")
