"""The knowledge base schema (SQLAlchemy 2). Alembic migrations in ``migrations/`` create
and evolve it; these models are how the repositories read and write it.

Full-text search lives next to these tables and is created by the migrations only:
SQLite gets an FTS5 table ``documents_fts`` of Snowball-stemmed text, PostgreSQL a
``search_vector`` column on ``documents`` (``dutch`` configuration) with a GIN index.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class PaperNumber(TypeDecorator[str]):
    """A paper's number as printed ('37', '42e', 'C'). Read back as a string on both
    backends: a SQLite base made before migration 0019 keeps the column's INTEGER
    affinity, so '37' is stored as the integer 37 and '42e' as text (see 0019)."""

    impl = String(16)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(value)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_path: Mapped[str] = mapped_column(Text)
    source_name: Mapped[str] = mapped_column(String(512))
    format: Mapped[str] = mapped_column(String(16))
    #: 'letter' or 'motion' (migration 0020)
    kind: Mapped[str] = mapped_column(String(16), default="letter", server_default="letter")
    classification: Mapped[str] = mapped_column(String(16), default="openbaar", index=True)
    kenmerk: Mapped[str | None] = mapped_column(String(128), index=True)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    addressee: Mapped[str | None] = mapped_column(String(32))
    sender_ministry: Mapped[str | None] = mapped_column(String(256))
    sender_unit: Mapped[str | None] = mapped_column(String(512))
    signatories: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    attachments: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    #: about international migration, as the extractor judged it (ingest/topics.py), and how
    #: sure; null for a letter stored before migration 0022 and not read again since. An
    #: analyst's verdict lives in ``topic_overrides`` and wins.
    migration: Mapped[bool | None] = mapped_column(Boolean)
    migration_confidence: Mapped[float | None] = mapped_column(Float)
    kamerstuk_dossier: Mapped[str | None] = mapped_column(String(32))
    #: as printed: '37', '42e', 'C' (migration 0019 made it a string)
    kamerstuk_number: Mapped[str | None] = mapped_column(PaperNumber)
    body: Mapped[str] = mapped_column(Text)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: how many rows each child table holds for this document: a kill -9 can never leave
    #: a document whose children do not add up (tests check this after killing ingest)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    footnotes: Mapped[list[FootnoteRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="FootnoteRow.position"
    )
    citations: Mapped[list[CitationRow]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        foreign_keys="CitationRow.document_id",
        order_by="CitationRow.id",
    )
    entities: Mapped[list[EntityRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="EntityRow.id"
    )
    facts: Mapped[list[FactRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="FactRow.id"
    )
    commitments: Mapped[list[CommitmentRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="CommitmentRow.id"
    )
    original: Mapped[Original | None] = relationship(
        back_populates="document", cascade="all, delete-orphan", uselist=False
    )

    __table_args__ = (
        Index("ix_documents_kamerstuk", "kamerstuk_dossier", "kamerstuk_number"),
        Index("ix_documents_kenmerk_date", "kenmerk", "date"),
    )


class DocumentSource(Base):
    """Every file seen for a document. A letter can arrive twice (markdown and a PDF text
    dump of the same letter); re-reading any of them is then recognised as 'unchanged'."""

    __tablename__ = "document_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_path: Mapped[str] = mapped_column(Text, index=True)
    format: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Original(Base):
    """The file as received (or only its hash and path, setting ``keep_originals``)."""

    __tablename__ = "originals"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(128))  # a Word type is 71 characters
    path: Mapped[str] = mapped_column(Text)
    #: the file's bytes, compressed as ``compression`` says; read only when downloaded
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: '' (as received) or 'zlib'; whether bytes are kept at all is ``stored``
    compression: Mapped[str] = mapped_column(String(8), default="")
    stored: Mapped[bool] = mapped_column(Boolean, default=True)

    document: Mapped[Document] = relationship(back_populates="original")


class _Span:
    """Provenance columns shared by every extracted item."""

    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    footnote: Mapped[int | None] = mapped_column(Integer)


class FootnoteRow(Base):
    __tablename__ = "footnotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    marker_offset: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="footnotes")


class CitationRow(_Span, Base):
    """A reference from a document to another paper; ``target_id`` is set when that paper
    is in the base (a cited Kamerstuk, or the letter that carries out a cited motion)."""

    __tablename__ = "citations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    dossier: Mapped[str | None] = mapped_column(String(32), index=True)
    number: Mapped[str | None] = mapped_column(PaperNumber)
    session: Mapped[str | None] = mapped_column(String(16))
    chamber: Mapped[str | None] = mapped_column(String(32))
    names: Mapped[list[str]] = mapped_column(JSON, default=list)
    act_type: Mapped[str | None] = mapped_column(String(32))
    act_id: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(Text)
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    #: what the citation points at, as a key a document can carry ('kst:35300-VI:37',
    #: 'motie:becker'): resolution both ways is an indexed lookup
    target_key: Mapped[str | None] = mapped_column(String(160), index=True)

    document: Mapped[Document] = relationship(
        back_populates="citations", foreign_keys=[document_id]
    )


class DocumentKey(Base):
    """What a document is, as citations name it: its own Kamerstuk number, the motion it
    carries out."""

    __tablename__ = "document_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(160), index=True)


class EntityRow(_Span, Base):
    __tablename__ = "entity_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(256))

    document: Mapped[Document] = relationship(back_populates="entities")

    __table_args__ = (Index("ix_entity_mentions_kind_code", "kind", "code"),)


class FactRow(_Span, Base):
    """An amount, a counted quantity or a percentage stated in a letter."""

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # amount | quantity | percentage
    value: Mapped[float] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    unit: Mapped[str | None] = mapped_column(String(128))
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)

    document: Mapped[Document] = relationship(back_populates="facts")


class CommitmentRow(_Span, Base):
    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    due_date: Mapped[date | None] = mapped_column(Date)
    due_text: Mapped[str | None] = mapped_column(Text)
    #: who promised (the signature) and what about (migration 0021)
    promiser: Mapped[str | None] = mapped_column(String(256))
    subject: Mapped[str | None] = mapped_column(Text)
    #: ``doc<id>-<sha1 of the words>``: joins the tracking state (store/repository.py)
    key: Mapped[str | None] = mapped_column(String(64), index=True)

    document: Mapped[Document] = relationship(back_populates="commitments")


class TopicRow(Base):
    """A paragraph that touches an IMA pillar or GCM objective, as the extractor found it."""

    __tablename__ = "document_topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(8))  # ima | gcm
    code: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(String(16))  # structure | terms
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)

    __table_args__ = (Index("ix_document_topics_scheme_code", "scheme", "code"),)


class TopicOverride(Base):
    """An analyst's verdict on a letter's topic: ``scheme`` 'migratie' (code 0: about
    international migration or not), 'ima' or 'gcm' (the letter touches that pillar or
    objective or not). Survives re-extraction; the extractor's suggestion never overwrites
    it."""

    __tablename__ = "topic_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(8))
    code: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("document_id", "scheme", "code"),)


class Country(Base):
    __tablename__ = "countries"

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    iso2: Mapped[str] = mapped_column(String(2), unique=True)
    numeric: Mapped[str] = mapped_column(String(3))
    name_nl: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(128))
    region: Mapped[str | None] = mapped_column(String(64))
    region_nl: Mapped[str | None] = mapped_column(String(64))
    eu_member: Mapped[bool] = mapped_column(Boolean, default=False)

    aliases: Mapped[list[CountryAlias]] = relationship(
        back_populates="country", cascade="all, delete-orphan"
    )


class CountryAlias(Base):
    __tablename__ = "country_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(128))

    country: Mapped[Country] = relationship(back_populates="aliases")


class IndicatorRelease(Base):
    """One imported file of a statistical dataset: what it was, and when it came in."""

    __tablename__ = "indicator_releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    dataset: Mapped[str] = mapped_column(String(64), index=True)
    release: Mapped[str] = mapped_column(String(64))
    #: True: ``release`` is the date the source states (``--release``, JSON-stat
    #: ``updated``, Frontex's file date); False: the day the file was downloaded; null:
    #: imported before migration 0023, not recorded which
    release_stated: Mapped[bool | None] = mapped_column(Boolean)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: all releases of one dataset share it (a value is superseded only within its level)
    classification: Mapped[str] = mapped_column(String(16), default="openbaar")


class IndicatorValue(Base):
    """A value as a release stated it; ``superseded_by`` is set when a newer release of the
    dataset gives the same key, so older values stay retrievable."""

    __tablename__ = "indicator_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("indicator_releases.id", ondelete="CASCADE"), index=True
    )
    dataset: Mapped[str] = mapped_column(String(64))
    geo: Mapped[str] = mapped_column(String(16))
    citizen: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(10))
    dims: Mapped[dict[str, str]] = mapped_column(JSON)
    key_hash: Mapped[str] = mapped_column(String(40), index=True)
    value: Mapped[float | None] = mapped_column(Float)
    flags: Mapped[str] = mapped_column(String(16))
    #: Eurostat: the total of every breakdown (domain/eurostat.is_total), the one value a
    #: country and year has; a breakdown (under-18s, one destination) is False. Null for
    #: other sources. A newer release's total supersedes an older one's whatever the
    #: breakdowns of either file (migration 0023).
    is_total: Mapped[bool | None] = mapped_column(Boolean)
    superseded_by: Mapped[int | None] = mapped_column(
        ForeignKey("indicator_releases.id", ondelete="SET NULL")
    )

    __table_args__ = (Index("ix_indicator_values_lookup", "dataset", "citizen", "geo", "period"),)


class RouteRow(Base):
    """A migration route (Frontex): its zones and the countries whose borders it crosses."""

    __tablename__ = "routes"

    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    name_nl: Mapped[str] = mapped_column(String(128))
    zones: Mapped[str] = mapped_column(Text)
    countries: Mapped[list[str]] = mapped_column(JSON)


class CriteriaVersion(Base):
    """A saved criteria file; the newest is in force, the older ones explain old rankings."""

    __tablename__ = "criteria_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    toml: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DecisionRow(Base):
    """One version of a country's decision; versions are only ever added, never changed."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(3), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    classification: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    instruments: Mapped[list[str]] = mapped_column(JSON)
    rationale: Mapped[str] = mapped_column(Text)
    weighed: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("country", "version", name="uq_decisions_country_version"),)


class RiskRow(Base):
    """One version of a do-no-harm risk entry; editing adds a version with the same key."""

    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    risk_key: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    country: Mapped[str] = mapped_column(String(3), index=True)
    programme: Mapped[str] = mapped_column(String(128))
    instrument: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    intended_effects: Mapped[str] = mapped_column(Text)
    unintended_effects: Mapped[str] = mapped_column(Text)
    mitigation: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(128))
    review_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    classification: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("risk_key", "version", name="uq_risks_key_version"),)


class ProgrammeImport(Base):
    __tablename__ = "programme_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    reporting_org: Mapped[str] = mapped_column(String(64))
    activities: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProgrammeRow(Base):
    """A programme (an IATI activity or one entered by hand) with its monitoring state; the
    monitoring fields are the taskforce's own and survive a re-import of the activity."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(128), unique=True)
    source: Mapped[str] = mapped_column(String(16))  # iati | handmatig
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_imports.id", ondelete="SET NULL")
    )
    reporting_org: Mapped[str] = mapped_column(String(64))
    reporting_name: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    flow: Mapped[str] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    humanitarian: Mapped[bool] = mapped_column(Boolean)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    evaluation_due: Mapped[date | None] = mapped_column(Date)
    evaluation_done: Mapped[date | None] = mapped_column(Date)
    flag: Mapped[str] = mapped_column(String(32))
    flag_note: Mapped[str] = mapped_column(Text)
    adaptive_action: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    classification: Mapped[str] = mapped_column(String(16), default="openbaar")

    countries: Mapped[list[ProgrammeCountry]] = relationship(cascade="all, delete-orphan")
    money: Mapped[list[ProgrammeMoney]] = relationship(cascade="all, delete-orphan")
    classifications: Mapped[list[ProgrammeClassification]] = relationship(
        cascade="all, delete-orphan"
    )


class ProgrammeCountry(Base):
    __tablename__ = "programme_countries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    iso3: Mapped[str] = mapped_column(String(3), index=True)
    percentage: Mapped[float] = mapped_column(Float)


class ProgrammeMoney(Base):
    """Budgets, planned disbursements and transactions, one row each, in their currency."""

    __tablename__ = "programme_money"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    counterpart: Mapped[str] = mapped_column(Text)
    #: in euros at the ECB reference rate of ``rate_date`` (ingest/currency.py; migration
    #: 0024); null when no rate exists (a currency the ECB does not publish): counted apart
    value_eur: Mapped[float | None] = mapped_column(Float)
    eur_rate: Mapped[float | None] = mapped_column(Float)
    rate_date: Mapped[date | None] = mapped_column(Date)


class ProgrammeClassification(Base):
    """A programme's link to an IMA pillar or GCM objective: suggested by the rules,
    confirmed or rejected by a person. Only confirmed links count in reports and budgets."""

    __tablename__ = "programme_classifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(8))  # ima | gcm
    code: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # voorgesteld | bevestigd | afgewezen
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("programme_id", "scheme", "code", name="uq_programme_class"),
    )


class CommitmentTracking(Base):
    """What people know about a commitment: its state, who answers for it, and the letter
    that fulfils it. Extracted commitments are keyed by their letter and text, so the state
    survives re-ingesting the letter; hand-entered ones have their own key."""

    __tablename__ = "commitment_tracking"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    source_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(24))
    fulfilled_by: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text)
    manual: Mapped[bool] = mapped_column(Boolean, index=True)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CommitmentLink(Base):
    """A person's answer to a proposed link between a commitment and a later letter."""

    __tablename__ = "commitment_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))  # bevestigd | afgewezen
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("key", "document_id", name="uq_commitment_links"),)


class ReportText(Base):
    """One version of an editable text of a report (per report kind, period and section)."""

    __tablename__ = "report_texts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(32))
    section: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    classification: Mapped[str] = mapped_column(String(16), default="openbaar")

    __table_args__ = (
        UniqueConstraint("report", "period", "section", "version", name="uq_report_texts"),
    )


class AuditEntry(Base):
    """One event; ``hash`` covers the entry and the previous entry's hash, so changing or
    removing an entry breaks the chain from there on."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32))  # ISO 8601 UTC, hashed as written
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class UserRow(Base):
    """A person who logs in. Roles are a comma-separated subset of reader, analyst, admin;
    the clearance is the highest classification they may see."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    display_name: Mapped[str] = mapped_column(String(256))
    password_hash: Mapped[str | None] = mapped_column(String(256))  # argon2id; None: OIDC only
    roles: Mapped[str] = mapped_column(String(64))
    clearance: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    oidc_subject: Mapped[str | None] = mapped_column(String(512), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    """A logged-in browser. The cookie holds a random secret; only its SHA-256 is stored, so
    a copy of the base does not let anyone log in."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    method: Mapped[str] = mapped_column(String(16))  # password | oidc


class ApiToken(Base):
    """A machine client's key: scoped (``lezen`` or ``lezen,schrijven``), revocable, stored
    as a SHA-256 of the secret."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """One login attempt per row, by client address, for the rate limit shared by every
    server process (a per-process counter let N processes allow N times the limit)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ClearanceRequest(Base):
    """Raising someone to ``vertrouwelijk`` takes two administrators: one asks, another
    approves (separation of duties); both steps are audited."""

    __tablename__ = "clearance_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(128), index=True)
    clearance: Mapped[str] = mapped_column(String(16))
    requested_by: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(16), default="open")  # open|goedgekeurd|afgewezen


class ChangeCounter(Base):
    """One row per scope ('data', 'statistics'), bumped by every transaction that changes
    what pages show: the cheap data version (store/versions.py)."""

    __tablename__ = "change_counters"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class Tally(Base):
    """A count the overview shows ('country:MAR' mentions, 'facts:amount:EUR' figures) and
    the letters behind it, per classification level: kept as letters are stored
    (store/tallies.py), so the overview counts no mentions."""

    __tablename__ = "tallies"

    subject: Mapped[str] = mapped_column(String(96), primary_key=True)
    classification: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    documents: Mapped[int] = mapped_column(Integer, default=0)


class WatchRow(Base):
    """A person's watch: what to follow (``kind``: search, country, dossier, due) and the
    hash of the secret token its Atom feed is read with."""

    __tablename__ = "watches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    query: Mapped[str] = mapped_column(String(500))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: where the daily digest goes (none: feed only)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RegisterRow(Base):
    """An entry of parliament's register of commitments (Toezegging), as harvested."""

    __tablename__ = "register_commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tk_id: Mapped[str] = mapped_column(String(64), unique=True)
    number: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    minister: Mapped[str] = mapped_column(String(256))
    function: Mapped[str] = mapped_column(String(256))
    ministry: Mapped[str] = mapped_column(String(256))
    status: Mapped[str] = mapped_column(String(64))
    due: Mapped[date | None] = mapped_column(Date, index=True)
    made: Mapped[date | None] = mapped_column(Date)
    activity: Mapped[str | None] = mapped_column(String(32))
    #: DocumentNummer of each letter the register says fulfilled it
    fulfilled_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    changed: Mapped[str] = mapped_column(String(40))
    harvested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RegisterLink(Base):
    """A person's verdict that a register entry and a commitment found in a letter are
    (bevestigd) or are not (afgewezen) the same promise."""

    __tablename__ = "register_links"

    register_id: Mapped[int] = mapped_column(
        ForeignKey("register_commitments.id", ondelete="CASCADE"), primary_key=True
    )
    commitment_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HarvestCursor(Base):
    """How far a harvest of one source and scope has come: the change time and id of the
    last item it stored, written in the same transaction as that item."""

    __tablename__ = "harvest_cursors"

    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    scope: Mapped[str] = mapped_column(String(512), primary_key=True)
    changed: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HarvestedItem(Base):
    """An item of a source (a parliament Document) and the document it became."""

    __tablename__ = "harvested_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    number: Mapped[str | None] = mapped_column(String(32))  # DocumentNummer
    changed: Mapped[str] = mapped_column(String(40))
    #: withdrawn from the source (Verwijderd): the document stays, marked
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    harvested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("source", "item_id"),)


class MotionOutcome(Base):
    """What became of a motion in the base (from parliament's Zaak, Besluit and Stemming):
    its outcome and the votes per party."""

    __tablename__ = "motion_outcomes"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    case_number: Mapped[str | None] = mapped_column(String(32))  # Zaak.Nummer, '2013Z10452'
    #: aangenomen | verworpen | aangehouden | ingetrokken | onbekend
    outcome: Mapped[str] = mapped_column(String(16))
    decision_text: Mapped[str] = mapped_column(Text, default="")
    #: [{"fractie": "VVD", "stem": "Voor", "zetels": 34}, …]
    votes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    harvested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DocumentOverride(Base):
    """A person's correction of an extracted field (title, date, sender, kenmerk,
    addressee): it wins over the extractor, survives re-extraction, and is audited."""

    __tablename__ = "document_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("document_id", "field"),)


class CommitmentPlace(Base):
    """A country a commitment is about, read from its own paragraph: the countries named
    in the paragraph that holds the promise (not merely somewhere in the letter). Written
    with the letter's other facts (migration 0031)."""

    __tablename__ = "commitment_places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    commitment_key: Mapped[str] = mapped_column(String(64), index=True)
    country: Mapped[str] = mapped_column(String(3))

    __table_args__ = (Index("ix_commitment_places_country", "country", "commitment_key"),)


class CommitmentPlaceVerdict(Base):
    """An analyst's correction of what a commitment is about: this country yes (added) or
    no (taken away). Keyed by the commitment's stable key, so it survives re-extraction;
    every change audited."""

    __tablename__ = "commitment_place_verdicts"

    commitment_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    country: Mapped[str] = mapped_column(String(3), primary_key=True)
    verdict: Mapped[bool] = mapped_column(Boolean)
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
