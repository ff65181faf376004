"""Tracking commitments: state, fulfilments, the countries they are about, and
parliament's register beside them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from partnerships.store.schema.base import Base

if TYPE_CHECKING:
    pass


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
