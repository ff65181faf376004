"""Countries with their Dutch and English names, and the aliases people use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerships.store.schema.base import Base

if TYPE_CHECKING:
    pass


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
