"""Backups that can be restored: SQLite's online backup API (a consistent copy while the app
keeps running) and pg_dump/pg_restore in PostgreSQL's custom format.

A restore never merges: the SQLite file is replaced as a whole, PostgreSQL objects are
dropped and recreated (``--clean --if-exists``) in one transaction (``--single-transaction``),
so a failed restore leaves the base as it was.

Only a backup of this application is restored. Found by an attack: any SQLite file was
accepted, and a one-table foreign database replaced letters, users and the audit trail
with ``audit verify`` saying 'intact' afterwards. Before anything is replaced the backup
must carry an ``alembic_version`` with a revision this version knows (not newer), the tables
of that revision, and an intact audit chain (checked entry by entry, from the file itself);
the manifest written beside every backup (``<backup>.manifest.json``: version, schema,
counts, audit head, SHA-256 of the file) must match it when it is there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from partnerships.store.audit import ChainReport, verify_rows
from partnerships.store.files import file_sha256, private_file

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
AUDIT_COLUMNS = ("id", "at", "actor", "action", "target", "detail", "prev_hash", "hash")
#: tables every backup of a given schema revision has (revision: tables added by then)
REQUIRED_TABLES = {
    "0001": ("documents", "countries"),
    "0008": ("audit_log",),
    "0009": ("users",),
}


class BackupError(RuntimeError):
    """A backup or restore that could not be made, with the reason."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a backup holds, written beside it and checked on restore."""

    backend: str
    schema: str
    version: str = ""
    created_at: str = ""
    sha256: str = ""
    size: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    audit_entries: int = 0
    audit_head: str = ""
    application: str = "partnerships"

    @property
    def has_file(self) -> bool:
        return bool(self.sha256)


def manifest_path(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + ".manifest.json")


def known_revisions() -> list[str]:
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("partnerships.store") / "migrations")
    )
    return sorted(rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions())


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


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed: needed to {what}")
    done = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True,
                          check=False, timeout=3600)  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


# -- backup --------------------------------------------------------------------------------
def backup(url: str, target: Path, version: str) -> Manifest:
    """Write a backup of the base at ``url`` to ``target`` (mode 0600) and its manifest."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scheme = urlsplit(url).scheme
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    private_file(partial)
    try:
        if scheme.startswith("sqlite"):
            source = sqlite3.connect(_sqlite_path(url))
            dest = sqlite3.connect(partial)
            try:
                with dest:
                    source.backup(dest)  # pages copied under a read transaction: consistent
                inspected = _inspect_sqlite(dest, str(target))
            finally:
                dest.close()
                source.close()
            backend = "sqlite"
        elif scheme.startswith("postgresql"):
            inspected = _pg_dump(url, partial)
            backend = "postgresql"
        else:
            raise BackupError(f"cannot back up a {scheme} base")
        schema, tables, chain = inspected
        manifest = Manifest(
            backend=backend,
            schema=schema,
            version=version,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            sha256=file_sha256(partial),
            size=partial.stat().st_size,
            tables=tables,
            audit_entries=chain.entries,
            audit_head=chain.head if chain.entries else "",
        )
        meta = manifest_path(target)
        private_file(meta)
        meta.write_text(json.dumps(asdict(manifest), indent=2, sort_keys=True) + "\n", "utf-8")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _pg_dump(url: str, partial: Path) -> tuple[str, dict[str, int], ChainReport]:
    """pg_dump from an exported snapshot, so that the counts and audit head in the manifest
    describe exactly the data in the dump."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                           poolclass=NullPool)  # fmt: skip
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                names = conn.execute(text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "ORDER BY tablename")).scalars().all()  # fmt: skip
                tables = {
                    n: int(conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one())
                    for n in names
                }
                schema = (
                    conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
                    if "alembic_version" in tables
                    else ""
                )
                chain = ChainReport(0, "", [])
                if "audit_log" in tables:
                    query = f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log ORDER BY id"
                    chain = verify_rows(tuple(r) for r in conn.execute(text(query)))
                args, env = _pg_env(url)
                _run(["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f",
                      str(partial), *args], env, "back up PostgreSQL")  # fmt: skip
    finally:
        engine.dispose()
    return str(schema), tables, chain


# -- what a backup holds ---------------------------------------------------------------------
def _inspect_sqlite(conn: sqlite3.Connection, name: str) -> tuple[str, dict[str, int], ChainReport]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]  # fmt: skip
    tables = {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}
    schema = ""
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        schema = str(row[0]) if row else ""
    chain = ChainReport(0, "", [])
    if "audit_log" in tables:
        rows = conn.execute(f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log ORDER BY id")
        chain = verify_rows(tuple(r) for r in rows)
    return schema, tables, chain


def _copy_unescape(field_text: str) -> str | None:
    """One field of PostgreSQL's COPY text format."""
    if field_text == "\\N":
        return None
    simple = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}

    def one(m: re.Match[str]) -> str:
        s = m.group(1)
        if s in simple:
            return simple[s]
        if s[0] == "x":
            return chr(int(s[1:], 16))
        if s[0].isdigit():
            return chr(int(s, 8))
        return s

    return re.sub(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)", one, field_text)


def _copy_rows(dump_text: str, table: str) -> Iterator[list[str | None]]:
    inside = False
    for line in dump_text.splitlines():
        if not inside:
            inside = bool(re.match(rf"COPY (\w+\.)?\"?{table}\"? \(", line))
            continue
        if line == "\\.":
            return
        yield [_copy_unescape(f) for f in line.split("\t")]


def _inspect_pgdump(source: Path) -> tuple[str, dict[str, int], ChainReport]:
    env = dict(os.environ)
    listing = _run(["pg_restore", "--list", str(source)], env, "read the backup")
    tables = {m.group(1): -1 for m in re.finditer(r"TABLE DATA \S+ (\w+) ", listing)}
    schema = ""
    if "alembic_version" in tables:
        data = _run(["pg_restore", "-a", "-t", "alembic_version", "-f", "-", str(source)], env,
                    "read the backup")  # fmt: skip
        rows = list(_copy_rows(data, "alembic_version"))
        schema = str(rows[0][0]) if rows and rows[0] and rows[0][0] else ""
    chain = ChainReport(0, "", [])
    if "audit_log" in tables:
        data = _run(["pg_restore", "-a", "-t", "audit_log", "-f", "-", str(source)], env,
                    "read the backup")  # fmt: skip
        header = re.search(r"COPY (?:\w+\.)?\"?audit_log\"? \(([^)]*)\)", data)
        order = [c.strip().strip('"') for c in header.group(1).split(",")] if header else []
        if not set(AUDIT_COLUMNS) <= set(order):
            chain = ChainReport(0, "", ["its audit_log lacks this application's columns"])
        else:
            picked = [order.index(c) for c in AUDIT_COLUMNS]
            audit_rows = sorted(
                (tuple(r[i] for i in picked) for r in _copy_rows(data, "audit_log")),
                key=lambda r: int(r[0] or 0),
            )
            chain = verify_rows(audit_rows)
    return schema, tables, chain


def _check(name: str, schema: str, tables: dict[str, int], chain: ChainReport,
           manifest: Manifest | None) -> None:  # fmt: skip
    """Refuse anything that is not a whole, untampered backup of this application."""
    if "alembic_version" not in tables or not schema:
        raise BackupError(
            f"{name}: not a backup of this application (no schema version: "
            "no alembic_version table)"
        )
    known = known_revisions()
    if schema not in known:
        newer = all(schema > k for k in known)
        raise BackupError(
            f"{name}: made by "
            + ("a newer version of the application" if newer else "an unknown application")
            + f" (schema revision {schema!r}; this version knows {known[0]}–{known[-1]})"
        )
    missing = sorted(
        t for since, names in REQUIRED_TABLES.items() if schema >= since for t in names
        if t not in tables
    )  # fmt: skip
    if missing:
        raise BackupError(f"{name}: tables missing for schema {schema}: {', '.join(missing)}")
    if schema >= "0008":
        if chain.problems:
            raise BackupError(
                f"{name}: the audit trail in the backup is not intact: "
                + "; ".join(chain.problems[:5])
            )
        if chain.entries == 0:
            raise BackupError(
                f"{name}: the backup's audit trail is empty, but every backup records itself there"
            )
    if manifest is not None:
        if manifest.schema != schema:
            raise BackupError(
                f"{name}: schema {schema} differs from its manifest ({manifest.schema})"
            )
        if manifest.audit_entries and (manifest.audit_entries, manifest.audit_head) != (
            chain.entries,
            chain.head,
        ):
            raise BackupError(f"{name}: the audit trail differs from the one its manifest records")


def _read_manifest(source: Path) -> Manifest | None:
    path = manifest_path(source)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError) as exc:
        raise BackupError(f"{path}: not a readable backup manifest ({exc})") from exc
    if manifest.application != "partnerships":
        raise BackupError(f"{path}: the manifest is not of this application")
    if manifest.sha256 and manifest.sha256 != file_sha256(source):
        raise BackupError(
            f"{source}: the file does not match its manifest (changed or incomplete since the "
            "backup was made)"
        )
    return manifest


# -- restore -------------------------------------------------------------------------------
def restore(url: str, source: Path) -> Manifest:
    """Replace the base at ``url`` with the backup in ``source`` after checking it; returns
    what was restored. The caller holds the base exclusively (store/in_use.py)."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    with source.open("rb") as fh:
        head = fh.read(16)
    scheme = urlsplit(url).scheme
    manifest = _read_manifest(source)
    if scheme.startswith("sqlite"):
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source}: not an SQLite backup")
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
            staged = Path(tmp) / "restore.sqlite3"
            private_file(staged)
            src, dest = sqlite3.connect(source), sqlite3.connect(staged)
            try:
                with dest:
                    src.backup(dest)
                if dest.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(f"{source}: the backup fails SQLite's integrity check")
                schema, tables, chain = _inspect_sqlite(dest, str(source))
            except sqlite3.DatabaseError as exc:
                raise BackupError(f"{source}: not a readable SQLite backup ({exc})") from exc
            finally:
                src.close()
                dest.close()
            _check(str(source), schema, tables, chain, manifest)
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            staged.replace(path)  # atomic on one file system
        backend = "sqlite"
    elif scheme.startswith("postgresql"):
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError(f"{source}: not a pg_dump custom-format backup")
        schema, tables, chain = _inspect_pgdump(source)
        _check(str(source), schema, tables, chain, manifest)
        args, env = _pg_env(url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              *args, str(source)], env, "restore PostgreSQL")  # fmt: skip
        backend = "postgresql"
    else:
        raise BackupError(f"cannot restore a {scheme} base")
    return Manifest(
        backend=backend,
        schema=schema,
        tables=tables,
        audit_entries=chain.entries,
        audit_head=chain.head if chain.entries else "",
        version=manifest.version if manifest else "",
        sha256=manifest.sha256 if manifest else "",
    )
