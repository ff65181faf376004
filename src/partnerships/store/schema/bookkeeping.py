"""The audit trail, change counters, tallies, watches, harvest cursors and items, and
report texts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from partnerships.store.schema.base import Base

if TYPE_CHECKING:
    pass


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
