"""The unit of work: what a service needs from the base, as ports it can be tested without.

Cosmic Python's pattern (ADR 0019): a service opens one unit of work, reads and writes
through the repositories it holds and commits once; leaving it without ``commit`` rolls
everything back. The protocols below are all a service may rely on, so a test can hand it
the in-memory fakes of ``tests/support/fakes.py`` instead of a database, while the
integration tests run the same services on SQLite and PostgreSQL through
``store/unit_of_work.SqlUnitOfWork``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

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


class RiskStore(Protocol):
    """The do-no-harm register: append-only versions per entry (store/risks.py)."""

    def add(self, risk: Risk) -> Risk:
        """A new entry (no key) or the next version of one; returns it as stored."""
        ...

    def latest(self, key: str) -> Risk | None:
        """The newest version of an entry, whatever its classification."""
        ...

    def current(self, country: str, levels: Sequence[str] | None = None) -> list[Risk]:
        """The newest version of every entry for a country, highest score first
        (``levels``: only those the reader may see; None: all)."""
        ...

    def history(self, key: str, levels: Sequence[str]) -> list[Risk]:
        """The versions of an entry the reader may see, newest first."""
        ...


class DecisionStore(Protocol):
    """A country's decision versions (store/decisions.py), numbered per country."""

    def add(self, record: DecisionRecord) -> DecisionRecord:
        """Store the record as the country's next version; returns it as stored."""
        ...

    def newest(self, country: str) -> DecisionRecord | None:
        """The newest version whoever may see it (for the supersede check)."""
        ...

    def history(self, country: str, levels: Sequence[str]) -> list[DecisionRecord]:
        """All versions the reader may see, newest first."""
        ...

    def countries(self, levels: Sequence[str]) -> list[tuple[str, int]]:
        """Countries with a visible decision and their newest visible version."""
        ...


class EvidenceIndex(Protocol):
    """What a decision's evidence may point at."""

    def has_document(self, document_id: int) -> bool: ...

    def imported_datasets(self) -> set[str]: ...

    def has_criteria_version(self, version: int) -> bool: ...


class RouteStore(Protocol):
    """Migration routes and the Frontex detections on them (store/routes.py)."""

    def all(self) -> list[Route]:
        """Every route, by id."""
        ...

    def get(self, route_id: str) -> Route | None: ...

    def yearly_totals(
        self, levels: Sequence[str], citizen: str | None = None
    ) -> list[tuple[str, str, float]]:
        """(route, year, detections) over the releases the reader may see."""
        ...

    def detections(
        self, route_id: str, levels: Sequence[str]
    ) -> tuple[list[Detection], ReleaseRef | None]:
        """Every month's detections per nationality on a route, and their release."""
        ...


class TokenStore(Protocol):
    """API tokens and the accounts they act for (store/tokens.py)."""

    def owner(self, username: str) -> TokenOwner | None: ...

    def owner_by_id(self, owner_id: int) -> TokenOwner | None: ...

    def add(
        self, owner: TokenOwner, name: str, secret_hash: str, scopes: str, created: datetime,
        expires: datetime | None,
    ) -> ApiTokenRecord:  # fmt: skip
        """A new token; only the digest of its secret is kept."""
        ...

    def get(self, token_id: int) -> ApiTokenRecord | None: ...

    def by_hash(self, secret_hash: str) -> ApiTokenRecord | None: ...

    def listed(self, owner_id: int | None = None) -> list[ApiTokenRecord]:
        """Every token (or one owner's), oldest first."""
        ...

    def revoke(self, token_id: int, when: datetime) -> None: ...

    def touch(self, token_id: int, when: datetime) -> None:
        """Record the token's last use."""
        ...


class WatchStore(Protocol):
    """Watches and what they follow (store/watches.py): letters the reader may see,
    bounded and newest first, and commitments falling due."""

    def create(
        self, owner: str, name: str, kind: str, query: str, token_hash: str,
        email: str | None, created: datetime,
    ) -> Watch: ...  # fmt: skip

    def watches_of(self, owner: str) -> list[Watch]: ...

    def watch(self, watch_id: int) -> Watch | None: ...

    def watch_of_token(self, token_hash: str) -> Watch | None: ...

    def every(self) -> list[Watch]:
        """Every watch in the base, by owner."""
        ...

    def mailed(self) -> list[Watch]:
        """The watches with an e-mail address."""
        ...

    def remove(self, watch_id: int) -> None: ...

    def mark_seen(self, watch_id: int, when: datetime) -> None: ...

    def mark_mailed(self, watch_ids: Sequence[int], when: datetime) -> None: ...

    def letters(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, limit: int
    ) -> list[WatchedLetter]:
        """The letters a watch follows that ``ctx`` may see, changed after ``since``."""
        ...

    def count_letters(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, cap: int
    ) -> int:
        """How many ``letters`` would list, at most ``cap``, counted by the database."""
        ...

    def due_commitments(
        self, ctx: UserContext, today: date, horizon: date, limit: int
    ) -> list[DueCommitment]:
        """Late and open commitments due by ``horizon``."""
        ...


class Directory(Protocol):
    """Who is who: accounts by name, and countries as people name them."""

    def account(self, username: str) -> TokenOwner | None: ...

    def has_accounts(self) -> bool:
        """Whether the install keeps accounts at all (a single-user install does not)."""
        ...

    def country_named(self, text: str) -> str | None:
        """The ISO alpha-3 code of a country as a person names it ('Marokko', 'MAR')."""
        ...


class CommitmentStore(Protocol):
    """The commitments tracker (store/commitments.py): extracted and hand-entered
    commitments with what people recorded, and the letters that may fulfil them."""

    def tracker_rows(
        self, ctx: UserContext, f: TrackerFilter, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[TrackerRow]]:
        """How many commitments the reader may see match, and one page of them by due date
        (undated last, then by key)."""
        ...

    def page_rows(
        self, ctx: UserContext, f: TrackerFilter, offset: int = 0, limit: int | None = None
    ) -> list[TrackerRow]:
        """One page as ``tracker_rows`` gives it, without counting the matches."""
        ...

    def open_counts(self, ctx: UserContext, today: date) -> tuple[int, int]:
        """How many commitments the reader may see are open (in time or not), and how many
        of those are overdue on ``today``, in one pass."""
        ...

    def proposal_candidates(
        self, ctx: UserContext, sources: Sequence[int], per_source: int
    ) -> dict[int, dict[int, list[tuple[str, str]]]]:
        """Per promising letter: later letters citing it or a motion it cites, with the
        reasons as (kind, detail): ('letter', '') or ('motion', motion key)."""
        ...

    def letters(self, ctx: UserContext, ids: Sequence[int]) -> dict[int, LetterSummary]:
        """Those of the letters the reader may see."""
        ...

    def fulfilment_documents_among(self, ids: Sequence[int]) -> set[int]:
        """The letters among these that report a commitment fulfilled."""
        ...

    def links_for(self, keys: Sequence[str]) -> dict[tuple[str, int], str]:
        """People's verdicts on proposed letters: (key, letter) -> bevestigd | afgewezen."""
        ...

    def tracking(self, key: str) -> Tracking | None: ...

    def upsert(self, key: str, **values: object) -> object:
        """Record people's state for a commitment (text, manual, source_document_id,
        due_date, responsible, status, fulfilled_by, note, updated_by)."""
        ...

    def decide_link(self, key: str, document_id: int, status: str, user: str) -> None: ...


class AccountStore(Protocol):
    """Accounts, browsers' sessions, login attempts and clearance requests
    (store/users.py)."""

    def by_name(self, username: str) -> Account | None: ...

    def by_id(self, user_id: int) -> Account | None: ...

    def by_subject(self, subject: str) -> Account | None:
        """The account an identity provider's subject ('issuer|sub') is linked to."""
        ...

    def all(self) -> list[Account]:
        """Every account, by user name."""
        ...

    def add(self, account: Account) -> Account:
        """A new account; returns it as stored (with its id)."""
        ...

    def save(self, account: Account) -> None:
        """Write what changed about a stored account."""
        ...

    def add_session(self, login: LoginSession) -> None: ...

    def session(self, secret_hash: str) -> LoginSession | None: ...

    def end_session(self, secret_hash: str) -> None: ...

    def end_sessions_of(self, user_id: int) -> None: ...

    def purge_expired(self, now: datetime) -> None:
        """Forget the sessions that have expired."""
        ...

    def take_attempt(
        self, client: str, now: datetime, since: datetime, limit: int
    ) -> datetime | None:
        """Count a login attempt from ``client`` and return None, or, when ``limit``
        attempts since ``since`` are there already, the oldest of them."""
        ...

    def add_request(self, request: ClearanceRequestRecord) -> ClearanceRequestRecord: ...

    def request(self, request_id: int) -> ClearanceRequestRecord | None: ...

    def decide_request(self, request_id: int, outcome: str, by: str, when: datetime) -> None: ...

    def open_request_for(self, username: str) -> ClearanceRequestRecord | None: ...

    def open_requests(self) -> list[ClearanceRequestRecord]:
        """The requests waiting for a second administrator, oldest first."""
        ...


class ProgrammeStore(Protocol):
    """The programme portfolio and its IATI imports (store/programmes.py)."""

    def import_of(self, sha256: str) -> ProgrammeImport | None:
        """The import of the file with this digest, if it was imported before."""
        ...

    def save_import(self, record: ProgrammeImport) -> ProgrammeImport:
        """A new import (no id) or what changed about one; returns it as stored."""
        ...

    def by_identifiers(self, identifiers: Iterable[str]) -> dict[str, Programme]:
        """The programmes with these identifiers, whatever their level."""
        ...

    def by_identifier(self, identifier: str) -> Programme | None: ...

    def exists(self, identifier: str) -> bool: ...

    def visible(self, programme_id: int, levels: Sequence[str]) -> Programme | None:
        """The programme, or None when it does not exist or is above ``levels`` (the same
        answer, so that ids reveal nothing)."""
        ...

    def listed(self, levels: Sequence[str], country: str | None = None) -> list[Programme]:
        """The programmes of ``levels`` (in ``country``), by title."""
        ...

    def save(self, programme: Programme) -> Programme:
        """A new programme (no id) or what changed about one; returns it as stored."""
        ...


class AuditTrail(Protocol):
    """The hash-chained audit trail (store/audit.py): entries are only ever appended."""

    def append(
        self, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
    ) -> object:
        """Append one entry in the unit's transaction."""
        ...

    def entries(
        self, action: str | None = None, actor: str | None = None, limit: int = 200
    ) -> list[AuditRecord]:
        """The newest entries (of one action, of one actor), newest first."""
        ...


class UnitOfWork(Protocol):
    """One transaction over the repositories a service uses."""

    @property
    def risks(self) -> RiskStore: ...

    @property
    def decisions(self) -> DecisionStore: ...

    @property
    def evidence(self) -> EvidenceIndex: ...

    @property
    def routes(self) -> RouteStore: ...

    @property
    def tokens(self) -> TokenStore: ...

    @property
    def watches(self) -> WatchStore: ...

    @property
    def directory(self) -> Directory: ...

    @property
    def commitments(self) -> CommitmentStore: ...

    @property
    def accounts(self) -> AccountStore: ...

    @property
    def programmes(self) -> ProgrammeStore: ...

    @property
    def audit(self) -> AuditTrail: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed, and release the connection."""
        ...

    def commit(self) -> None:
        """Make the unit's writes permanent (and anchor a new audit head)."""
        ...


class Units(Protocol):
    """Where units of work come from: the knowledge base, or a test's fake base."""

    def unit_of_work(self) -> UnitOfWork: ...
