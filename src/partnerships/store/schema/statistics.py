"""Statistics releases and their values, migration routes, and the ranking criteria."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from partnerships.store.schema.base import Base

if TYPE_CHECKING:
    pass


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
