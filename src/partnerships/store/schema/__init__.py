"""The knowledge base schema (SQLAlchemy 2). Alembic migrations in ``migrations/`` create
and evolve it; these models are how the repositories read and write it.

Full-text search lives next to these tables and is created by the migrations only:
SQLite gets an FTS5 table ``documents_fts`` of Snowball-stemmed text, PostgreSQL a
``search_vector`` column on ``documents`` (``dutch`` configuration) with a GIN index.
"""

from __future__ import annotations

from partnerships.store.schema.accounts import (
    ApiToken,
    ClearanceRequest,
    LoginAttempt,
    UserRow,
    WebSession,
)
from partnerships.store.schema.base import (
    Base,
    PaperNumber,
    _Span,
)
from partnerships.store.schema.bookkeeping import (
    AuditEntry,
    ChangeCounter,
    HarvestCursor,
    HarvestedItem,
    ReportText,
    Tally,
    WatchRow,
)
from partnerships.store.schema.commitments import (
    CommitmentLink,
    CommitmentPlace,
    CommitmentPlaceVerdict,
    CommitmentTracking,
    RegisterLink,
    RegisterRow,
)
from partnerships.store.schema.countries import (
    Country,
    CountryAlias,
)
from partnerships.store.schema.decisions import (
    DecisionRow,
    RiskRow,
)
from partnerships.store.schema.documents import (
    CitationRow,
    CommitmentRow,
    Document,
    DocumentKey,
    DocumentOverride,
    DocumentSource,
    EntityRow,
    FactRow,
    FootnoteRow,
    MotionOutcome,
    Original,
    TopicOverride,
    TopicRow,
)
from partnerships.store.schema.programmes import (
    ProgrammeClassification,
    ProgrammeCountry,
    ProgrammeImport,
    ProgrammeMoney,
    ProgrammeRow,
)
from partnerships.store.schema.statistics import (
    CriteriaVersion,
    IndicatorRelease,
    IndicatorValue,
    RouteRow,
)

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Base",
    "ChangeCounter",
    "CitationRow",
    "ClearanceRequest",
    "CommitmentLink",
    "CommitmentPlace",
    "CommitmentPlaceVerdict",
    "CommitmentRow",
    "CommitmentTracking",
    "Country",
    "CountryAlias",
    "CriteriaVersion",
    "DecisionRow",
    "Document",
    "DocumentKey",
    "DocumentOverride",
    "DocumentSource",
    "EntityRow",
    "FactRow",
    "FootnoteRow",
    "HarvestCursor",
    "HarvestedItem",
    "IndicatorRelease",
    "IndicatorValue",
    "LoginAttempt",
    "MotionOutcome",
    "Original",
    "PaperNumber",
    "ProgrammeClassification",
    "ProgrammeCountry",
    "ProgrammeImport",
    "ProgrammeMoney",
    "ProgrammeRow",
    "RegisterLink",
    "RegisterRow",
    "ReportText",
    "RiskRow",
    "RouteRow",
    "Tally",
    "TopicOverride",
    "TopicRow",
    "UserRow",
    "WatchRow",
    "WebSession",
    "_Span",
]
