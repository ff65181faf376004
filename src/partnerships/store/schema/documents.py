"""Letters and what was read in them: sources, originals, footnotes, citations, keys,
entities, facts, commitments, topics, motion outcomes and people's corrections."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerships.store.schema.base import Base, PaperNumber, _Span

if TYPE_CHECKING:
    pass


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
