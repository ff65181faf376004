"""In-memory fakes of the ports in ``services/unit_of_work.py`` (Cosmic Python's pattern).

They keep the repositories' contracts — append-only versions, newest first, visibility by
clearance, all-or-nothing per unit — so a service's rules are tested without a database.
The SQL repositories are held to the same contracts by the integration tests on SQLite
and PostgreSQL. Constructed for the tests; never part of the product.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Self

from partnerships.domain.accounts import Account, ClearanceRequestRecord, LoginSession
from partnerships.domain.audit import AuditRecord
from partnerships.domain.context import UserContext
from partnerships.domain.decisions import DecisionRecord
from partnerships.domain.letter import LetterSummary
from partnerships.domain.programmes import Programme, ProgrammeImport
from partnerships.domain.risks import Risk
from partnerships.domain.routes import Detection, ReleaseRef, Route
from partnerships.domain.tokens import ApiTokenRecord, TokenOwner
from partnerships.domain.tracker import TrackerFilter, TrackerRow, Tracking
from partnerships.domain.watches import DueCommitment, Watch, WatchedLetter
from partnerships.settings import Settings


@dataclasses.dataclass
class FakeAuditEntry:
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


class FakeRiskStore:
    def __init__(self) -> None:
        self.rows: list[Risk] = []

    def add(self, risk: Risk) -> Risk:
        key = risk.key or uuid.uuid4().hex
        last = max((r.version for r in self.rows if r.key == key), default=0)
        stored = dataclasses.replace(risk, key=key, version=last + 1, created_at=datetime.now(UTC))
        self.rows.append(stored)
        return stored

    def latest(self, key: str) -> Risk | None:
        versions = [r for r in self.rows if r.key == key]
        return max(versions, key=lambda r: r.version) if versions else None

    def current(self, country: str, levels: Sequence[str] | None = None) -> list[Risk]:
        keys = {r.key for r in self.rows if r.country == country}
        newest = [self.latest(k) for k in keys]
        found = [r for r in newest if r is not None and r.country == country]
        if levels is not None:
            found = [r for r in found if r.classification in levels]
        return sorted(found, key=lambda r: (-r.score, r.review_date, r.key))

    def history(self, key: str, levels: Sequence[str]) -> list[Risk]:
        versions = [r for r in self.rows if r.key == key and r.classification in levels]
        return sorted(versions, key=lambda r: -r.version)


class FakeDecisionStore:
    def __init__(self) -> None:
        self.rows: list[DecisionRecord] = []

    def add(self, record: DecisionRecord) -> DecisionRecord:
        last = max((r.version for r in self.rows if r.country == record.country), default=0)
        stored = dataclasses.replace(record, version=last + 1, created_at=datetime.now(UTC))
        self.rows.append(stored)
        return stored

    def newest(self, country: str) -> DecisionRecord | None:
        mine = [r for r in self.rows if r.country == country]
        return max(mine, key=lambda r: r.version) if mine else None

    def history(self, country: str, levels: Sequence[str]) -> list[DecisionRecord]:
        mine = [r for r in self.rows if r.country == country and r.classification in levels]
        return sorted(mine, key=lambda r: -r.version)

    def countries(self, levels: Sequence[str]) -> list[tuple[str, int]]:
        newest: dict[str, int] = {}
        for r in self.rows:
            if r.classification in levels:
                newest[r.country] = max(newest.get(r.country, 0), r.version)
        return sorted(newest.items())


@dataclasses.dataclass
class FakeEvidenceIndex:
    documents: set[int] = dataclasses.field(default_factory=set)
    datasets: set[str] = dataclasses.field(default_factory=set)
    criteria: set[int] = dataclasses.field(default_factory=set)

    def has_document(self, document_id: int) -> bool:
        return document_id in self.documents

    def imported_datasets(self) -> set[str]:
        return set(self.datasets)

    def has_criteria_version(self, version: int) -> bool:
        return version in self.criteria


class FakeRouteStore:
    """Routes and their detections, each detection with the classification of its release."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.counted: list[tuple[str, Detection, str]] = []  # (route, detection, level)
        self.release: ReleaseRef | None = None

    def all(self) -> list[Route]:
        return [self.routes[k] for k in sorted(self.routes)]

    def get(self, route_id: str) -> Route | None:
        return self.routes.get(route_id)

    def yearly_totals(
        self, levels: Sequence[str], citizen: str | None = None
    ) -> list[tuple[str, str, float]]:
        sums: dict[tuple[str, str], float] = {}
        for route, d, level in self.counted:
            if level in levels and (citizen is None or d.citizen == citizen):
                key = (route, d.period[:4])
                sums[key] = sums.get(key, 0.0) + d.value
        return [(r, y, n) for (r, y), n in sums.items()]

    def detections(
        self, route_id: str, levels: Sequence[str]
    ) -> tuple[list[Detection], ReleaseRef | None]:
        found = [d for r, d, level in self.counted if r == route_id and level in levels]
        return found, self.release if found else None


class FakeTokenStore:
    def __init__(self) -> None:
        self.owners: dict[int, TokenOwner] = {}
        self.rows: list[ApiTokenRecord] = []
        self.hashes: dict[str, int] = {}  # secret digest -> token id

    def owner(self, username: str) -> TokenOwner | None:
        return next((o for o in self.owners.values() if o.username == username), None)

    def owner_by_id(self, owner_id: int) -> TokenOwner | None:
        return self.owners.get(owner_id)

    def add(
        self, owner: TokenOwner, name: str, secret_hash: str, scopes: str, created: datetime,
        expires: datetime | None,
    ) -> ApiTokenRecord:  # fmt: skip
        made = ApiTokenRecord(len(self.rows) + 1, owner.id, owner.username, name,
                              tuple(scopes.split(",")), created, expires)  # fmt: skip
        self.rows.append(made)
        self.hashes[secret_hash] = made.id
        return made

    def get(self, token_id: int) -> ApiTokenRecord | None:
        return next((t for t in self.rows if t.id == token_id), None)

    def by_hash(self, secret_hash: str) -> ApiTokenRecord | None:
        found = self.hashes.get(secret_hash)
        return None if found is None else self.get(found)

    def listed(self, owner_id: int | None = None) -> list[ApiTokenRecord]:
        return [t for t in self.rows if owner_id is None or t.owner_id == owner_id]

    def _replace(self, token_id: int, **change: Any) -> None:
        self.rows = [dataclasses.replace(t, **change) if t.id == token_id else t
                     for t in self.rows]  # fmt: skip

    def revoke(self, token_id: int, when: datetime) -> None:
        self._replace(token_id, revoked_at=when)

    def touch(self, token_id: int, when: datetime) -> None:
        self._replace(token_id, last_used_at=when)


class FakeWatchStore:
    """Watches, and the letters they follow as (letter, classification, kinds it matches)."""

    def __init__(self) -> None:
        self.rows: list[Watch] = []
        self.tokens: dict[str, int] = {}
        self.followed: list[tuple[WatchedLetter, str, set[tuple[str, str]]]] = []
        self.due: list[tuple[DueCommitment, str]] = []  # (commitment, classification)

    def create(
        self, owner: str, name: str, kind: str, query: str, token_hash: str,
        email: str | None, created: datetime,
    ) -> Watch:  # fmt: skip
        made = Watch(max((w.id for w in self.rows), default=0) + 1, owner, name, kind, query,
                     created, email=email)  # fmt: skip
        self.rows.append(made)
        self.tokens[token_hash] = made.id
        return made

    def watches_of(self, owner: str) -> list[Watch]:
        return [w for w in self.rows if w.owner == owner]

    def watch(self, watch_id: int) -> Watch | None:
        return next((w for w in self.rows if w.id == watch_id), None)

    def watch_of_token(self, token_hash: str) -> Watch | None:
        found = self.tokens.get(token_hash)
        return None if found is None else self.watch(found)

    def every(self) -> list[Watch]:
        return sorted(self.rows, key=lambda w: (w.owner, w.id))

    def mailed(self) -> list[Watch]:
        return [w for w in self.every() if w.email]

    def remove(self, watch_id: int) -> None:
        self.rows = [w for w in self.rows if w.id != watch_id]

    def _replace(self, ids: Sequence[int], **change: Any) -> None:
        self.rows = [dataclasses.replace(w, **change) if w.id in ids else w for w in self.rows]

    def mark_seen(self, watch_id: int, when: datetime) -> None:
        self._replace([watch_id], seen_at=when)

    def mark_mailed(self, watch_ids: Sequence[int], when: datetime) -> None:
        self._replace(watch_ids, mailed_at=when)

    def letters(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, limit: int
    ) -> list[WatchedLetter]:
        found = [d for d, level, follows in self.followed
                 if ctx.clears(level) and (kind, query) in follows
                 and (since is None or d.updated_at > since)]  # fmt: skip
        return sorted(found, key=lambda d: (d.updated_at, d.id), reverse=True)[:limit]

    def count_letters(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, cap: int
    ) -> int:
        return len(self.letters(ctx, kind, query, since, cap))

    def due_commitments(
        self, ctx: UserContext, today: date, horizon: date, limit: int
    ) -> list[DueCommitment]:
        found = [c for c, level in self.due if ctx.clears(level)]
        return [c for c in found if c.due is not None and c.due <= horizon][:limit]


@dataclasses.dataclass
class FakeDirectory:
    accounts: dict[str, TokenOwner] = dataclasses.field(default_factory=dict)
    countries: dict[str, str] = dataclasses.field(default_factory=dict)  # name -> ISO3

    def account(self, username: str) -> TokenOwner | None:
        return self.accounts.get(username)

    def has_accounts(self) -> bool:
        return bool(self.accounts)

    def country_named(self, text: str) -> str | None:
        return self.countries.get(text.strip().lower())


class FakeAuditTrail:
    def __init__(self) -> None:
        self.appended: list[FakeAuditEntry] = []

    def append(
        self, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
    ) -> FakeAuditEntry:
        entry = FakeAuditEntry(actor, action, target, dict(detail or {}))
        self.appended.append(entry)
        return entry

    def entries(
        self, action: str | None = None, actor: str | None = None, limit: int = 200
    ) -> list[AuditRecord]:
        """The entries as the trail keeps them (canonical JSON), newest first."""
        out = [
            AuditRecord(n, f"2026-12-01T00:00:{n:02d}", e.actor, e.action, e.target,
                        json.dumps(e.detail, ensure_ascii=False, sort_keys=True), f"h{n}")
            for n, e in enumerate(self.appended, start=1)
            if (action is None or e.action == action) and (actor is None or e.actor == actor)
        ]  # fmt: skip
        return out[::-1][:limit]


class FakeCommitmentStore:
    """The tracker's table as the SQL union builds it: extracted commitments (``extracted``,
    their letters in ``letters_by_id``) overlaid with what people recorded (``tracked``),
    plus hand-entered ones; filtered, ordered and paged as store/commitments.py does."""

    def __init__(self) -> None:
        self.extracted: list[TrackerRow] = []
        self.tracked: dict[str, dict[str, Any]] = {}
        self.letters_by_id: dict[int, LetterSummary] = {}
        self.candidates: dict[int, dict[int, list[tuple[str, str]]]] = {}
        self.fulfilments: set[int] = set()
        self.links: dict[tuple[str, int], str] = {}
        self.places: dict[str, set[str]] = {}

    def _visible(self, ctx: UserContext, doc: int | None) -> bool:
        letter = self.letters_by_id.get(doc) if doc is not None else None
        return letter is not None and letter.classification in ctx.levels()

    def _rows(self, ctx: UserContext) -> list[TrackerRow]:
        out = []
        for r in self.extracted:
            if not self._visible(ctx, r.document_id):
                continue
            t = self.tracked.get(r.key)
            if t is None:
                out.append(r)
                continue
            out.append(dataclasses.replace(
                r, due=t["due_date"] or r.due, status=t["status"] or "open",
                responsible=t["responsible"] or r.responsible, note=t["note"] or "",
                fulfilled_by=t["fulfilled_by"]))  # fmt: skip
        for key, t in self.tracked.items():
            source = t["source_document_id"]
            if t["manual"] and (source is None or self._visible(ctx, source)):
                out.append(TrackerRow(key, t["text"], "handmatig", True, t["due_date"], None,
                                      t["status"], t["responsible"], t["note"],
                                      t["fulfilled_by"], None, source))  # fmt: skip
        return out

    @staticmethod
    def _status_ok(r: TrackerRow, f: TrackerFilter) -> bool:
        overdue = r.status == "open" and r.due is not None and r.due < f.today
        if f.status == "openstaand":
            return r.status == "open"
        if f.status == "te laat":
            return overdue
        if f.status == "open":
            return r.status == "open" and not overdue
        return not f.status or r.status == f.status

    def _matches(self, r: TrackerRow, f: TrackerFilter) -> bool:
        return (self._status_ok(r, f)
                and (not f.responsible or f.responsible.lower() in r.responsible.lower())
                and (not f.query or f.query.lower() in r.text.lower())
                and (not f.country or f.country in self.places.get(r.key, set()))
                and (f.documents is None or r.document_id in f.documents)
                and (not f.key or r.key == f.key))  # fmt: skip

    def tracker_rows(
        self, ctx: UserContext, f: TrackerFilter, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[TrackerRow]]:
        found = [r for r in self._rows(ctx) if self._matches(r, f)]
        found.sort(key=lambda r: (r.due is None, r.due or date.min, r.key))
        end = None if limit is None else offset + limit
        return len(found), found[offset:end]

    def page_rows(
        self, ctx: UserContext, f: TrackerFilter, offset: int = 0, limit: int | None = None
    ) -> list[TrackerRow]:
        return self.tracker_rows(ctx, f, offset, limit)[1]

    def open_counts(self, ctx: UserContext, today: date) -> tuple[int, int]:
        rows = self._rows(ctx)
        late = [r for r in rows if r.status == "open" and r.due is not None and r.due < today]
        return sum(1 for r in rows if r.status == "open"), len(late)

    def proposal_candidates(
        self, ctx: UserContext, sources: Sequence[int], per_source: int
    ) -> dict[int, dict[int, list[tuple[str, str]]]]:
        return {s: {d: why for d, why in list(self.candidates.get(s, {}).items())[:per_source]
                    if self._visible(ctx, d)} for s in sources}  # fmt: skip

    def letters(self, ctx: UserContext, ids: Sequence[int]) -> dict[int, LetterSummary]:
        return {i: self.letters_by_id[i] for i in ids if self._visible(ctx, i)}

    def fulfilment_documents_among(self, ids: Sequence[int]) -> set[int]:
        return self.fulfilments & set(ids)

    def links_for(self, keys: Sequence[str]) -> dict[tuple[str, int], str]:
        return {k: v for k, v in self.links.items() if k[0] in keys}

    def tracking(self, key: str) -> Tracking | None:
        t = self.tracked.get(key)
        if t is None:
            return None
        return Tracking(t["due_date"], t["responsible"], t["status"], t["fulfilled_by"],
                        t["note"])  # fmt: skip

    def upsert(self, key: str, **values: object) -> object:
        self.tracked[key] = {**self.tracked.get(key, {}), **values}
        return self.tracked[key]

    def decide_link(self, key: str, document_id: int, status: str, user: str) -> None:
        self.links[(key, document_id)] = status


class FakeAccountStore:
    """Accounts, sessions, login attempts and clearance requests in lists; account names
    and OIDC subjects unique as the schema keeps them."""

    def __init__(self) -> None:
        self.rows: list[Account] = []
        self.sessions: list[LoginSession] = []
        self.attempts: list[tuple[str, datetime]] = []
        self.requests: list[ClearanceRequestRecord] = []

    def by_name(self, username: str) -> Account | None:
        return next((a for a in self.rows if a.username == username), None)

    def by_id(self, user_id: int) -> Account | None:
        return next((a for a in self.rows if a.id == user_id), None)

    def by_subject(self, subject: str) -> Account | None:
        return next((a for a in self.rows if a.oidc_subject == subject), None)

    def all(self) -> list[Account]:
        return sorted(self.rows, key=lambda a: a.username)

    def add(self, account: Account) -> Account:
        if self.by_name(account.username) is not None:
            raise ValueError(f"unique: {account.username}")  # the schema's constraint
        made = dataclasses.replace(account, id=len(self.rows) + 1)
        self.rows.append(made)
        return made

    def save(self, account: Account) -> None:
        if self.by_id(account.id or 0) is None:
            raise LookupError(account.username)
        self.rows = [account if a.id == account.id else a for a in self.rows]

    def add_session(self, login: LoginSession) -> None:
        self.sessions.append(login)

    def session(self, secret_hash: str) -> LoginSession | None:
        return next((s for s in self.sessions if s.secret_hash == secret_hash), None)

    def end_session(self, secret_hash: str) -> None:
        self.sessions = [s for s in self.sessions if s.secret_hash != secret_hash]

    def end_sessions_of(self, user_id: int) -> None:
        self.sessions = [s for s in self.sessions if s.user_id != user_id]

    def purge_expired(self, now: datetime) -> None:
        self.sessions = [s for s in self.sessions if s.expires_at >= now]

    def take_attempt(
        self, client: str, now: datetime, since: datetime, limit: int
    ) -> datetime | None:
        self.attempts = [(c, at) for c, at in self.attempts if at >= since]
        recent = [at for c, at in self.attempts if c == client]
        if len(recent) >= limit:
            return min(recent)
        self.attempts.append((client, now))
        return None

    def add_request(self, request: ClearanceRequestRecord) -> ClearanceRequestRecord:
        made = dataclasses.replace(request, id=len(self.requests) + 1)
        self.requests.append(made)
        return made

    def request(self, request_id: int) -> ClearanceRequestRecord | None:
        return next((r for r in self.requests if r.id == request_id), None)

    def decide_request(self, request_id: int, outcome: str, by: str, when: datetime) -> None:
        self.requests = [dataclasses.replace(r, outcome=outcome, decided_by=by, decided_at=when)
                         if r.id == request_id else r for r in self.requests]  # fmt: skip

    def open_request_for(self, username: str) -> ClearanceRequestRecord | None:
        return next((r for r in self.requests
                     if r.username == username and r.outcome == "open"), None)  # fmt: skip

    def open_requests(self) -> list[ClearanceRequestRecord]:
        return [r for r in self.requests if r.outcome == "open"]


class FakeProgrammeStore:
    """Programmes and imports in lists; identifiers and file digests unique as the schema
    keeps them. Records go in and out as copies, so a service's change to a record it read
    counts only once it saves it."""

    def __init__(self) -> None:
        self.rows: list[Programme] = []
        self.imports: list[ProgrammeImport] = []

    def import_of(self, sha256: str) -> ProgrammeImport | None:
        return next((i for i in self.imports if i.sha256 == sha256), None)

    def save_import(self, record: ProgrammeImport) -> ProgrammeImport:
        if record.id is None:
            assert self.import_of(record.sha256) is None, "sha256 is unique"
            record = dataclasses.replace(record, id=len(self.imports) + 1)
            self.imports.append(record)
        else:
            self.imports = [record if i.id == record.id else i for i in self.imports]
        return record

    def by_identifiers(self, identifiers: Iterable[str]) -> dict[str, Programme]:
        wanted = set(identifiers)
        return {p.identifier: copy.deepcopy(p) for p in self.rows if p.identifier in wanted}

    def by_identifier(self, identifier: str) -> Programme | None:
        return self.by_identifiers([identifier]).get(identifier)

    def exists(self, identifier: str) -> bool:
        return any(p.identifier == identifier for p in self.rows)

    def visible(self, programme_id: int, levels: Sequence[str]) -> Programme | None:
        found = next((p for p in self.rows if p.id == programme_id), None)
        return copy.deepcopy(found) if found and found.classification in levels else None

    def listed(self, levels: Sequence[str], country: str | None = None) -> list[Programme]:
        rows = [p for p in self.rows if p.classification in levels
                and (country is None or any(c.iso3 == country for c in p.countries))]  # fmt: skip
        return [copy.deepcopy(p) for p in sorted(rows, key=lambda p: (p.title, p.id or 0))]

    def save(self, programme: Programme) -> Programme:
        stored = copy.deepcopy(programme)
        if stored.id is None:
            assert not self.exists(stored.identifier), "identifier is unique"
            stored.id = max((p.id or 0 for p in self.rows), default=0) + 1
            self.rows.append(stored)
        else:
            self.rows = [stored if p.id == stored.id else p for p in self.rows]
        return copy.deepcopy(stored)


class FakeUnitOfWork:
    """Writes are kept only when the unit commits, as in a database transaction."""

    def __init__(self, base: FakeBase) -> None:
        self.risks = base.risks
        self.decisions = base.decisions
        self.evidence = base.evidence
        self.routes = base.routes
        self.tokens = base.tokens
        self.watches = base.watches
        self.directory = base.directory
        self.audit = base.audit
        self.commitments = base.commitments
        self.accounts = base.accounts
        self.programmes = base.programmes
        self.commits = 0

    def _state(self) -> tuple[Any, ...]:
        return (list(self.risks.rows), list(self.decisions.rows), list(self.tokens.rows),
                list(self.watches.rows), list(self.audit.appended),
                {k: dict(v) for k, v in self.commitments.tracked.items()},
                dict(self.commitments.links), list(self.accounts.rows),
                list(self.accounts.sessions), list(self.accounts.attempts),
                list(self.accounts.requests), list(self.programmes.rows),
                list(self.programmes.imports))  # fmt: skip

    def __enter__(self) -> Self:
        self._saved = self._state()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        risks, decisions, tokens, watches, entries, tracked, links, *rest = self._saved
        *accounts, programmes, imports = rest
        self.programmes.rows, self.programmes.imports = list(programmes), list(imports)
        self.risks.rows[:], self.decisions.rows[:] = risks, decisions
        self.tokens.rows[:], self.watches.rows[:] = tokens, watches
        self.audit.appended[:] = entries
        self.commitments.tracked.clear()
        self.commitments.tracked.update(tracked)
        self.commitments.links.clear()
        self.commitments.links.update(links)
        store = self.accounts
        store.rows, store.sessions, store.attempts, store.requests = map(list, accounts)

    def commit(self) -> None:
        self._saved = self._state()
        self.commits += 1


class FakeBase:
    """Stands where a service expects the knowledge base: it hands out units of work over
    one set of in-memory repositories."""

    def __init__(self) -> None:
        self.risks = FakeRiskStore()
        self.decisions = FakeDecisionStore()
        self.evidence = FakeEvidenceIndex()
        self.routes = FakeRouteStore()
        self.tokens = FakeTokenStore()
        self.watches = FakeWatchStore()
        self.directory = FakeDirectory()
        self.audit = FakeAuditTrail()
        self.commitments = FakeCommitmentStore()
        self.accounts = FakeAccountStore()
        self.programmes = FakeProgrammeStore()
        self.settings = Settings()
        self.units: list[FakeUnitOfWork] = []

    def check_schema(self) -> None:
        """A fake base is always at the current schema."""

    def unit_of_work(self) -> FakeUnitOfWork:
        unit = FakeUnitOfWork(self)
        self.units.append(unit)
        return unit
