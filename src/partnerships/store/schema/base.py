"""The declarative base and the column types and mixins the tables share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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


class _Span:
    """Provenance columns shared by every extracted item."""

    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    footnote: Mapped[int | None] = mapped_column(Integer)
