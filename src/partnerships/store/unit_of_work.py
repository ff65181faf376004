"""The unit of work on a real database: one session, its repositories, one commit.

It fulfils ``services/unit_of_work.UnitOfWork`` structurally; the services never see the
session, so they can be tested with in-memory fakes while this class is exercised by the
integration tests on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session

from partnerships.store.audit import AuditRepository
from partnerships.store.commitments import CommitmentRepository
from partnerships.store.decisions import DecisionRepository, EvidenceLookup
from partnerships.store.directory import DirectoryLookup
from partnerships.store.programmes import ProgrammeRepository
from partnerships.store.risks import RiskRepository
from partnerships.store.routes import RouteRepository
from partnerships.store.tokens import TokenRepository
from partnerships.store.users import AccountRepository
from partnerships.store.watches import WatchRepository


class SqlUnitOfWork:
    """A session opened on entry, rolled back and closed on exit unless committed."""

    risks: RiskRepository
    decisions: DecisionRepository
    evidence: EvidenceLookup
    routes: RouteRepository
    tokens: TokenRepository
    watches: WatchRepository
    directory: DirectoryLookup
    commitments: CommitmentRepository
    accounts: AccountRepository
    programmes: ProgrammeRepository
    audit: AuditRepository

    def __init__(self, sessions: Callable[[], Session]) -> None:
        self._sessions = sessions

    def __enter__(self) -> Self:
        self.session = self._sessions()
        self.risks = RiskRepository(self.session)
        self.decisions = DecisionRepository(self.session)
        self.evidence = EvidenceLookup(self.session)
        self.routes = RouteRepository(self.session)
        self.tokens = TokenRepository(self.session)
        self.watches = WatchRepository(self.session)
        self.directory = DirectoryLookup(self.session)
        self.commitments = CommitmentRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.programmes = ProgrammeRepository(self.session)
        self.audit = AuditRepository(self.session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
