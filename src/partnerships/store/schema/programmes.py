"""Programmes, their imports, countries, money and classification."""

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
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerships.store.schema.base import Base

if TYPE_CHECKING:
    pass


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
