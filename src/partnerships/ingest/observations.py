"""The values a statistics file holds, one ``Observation`` each.

Files hold tens or hundreds of thousands of values, so a reader that checks and converts
column by column keeps them as columns (``Observations``, a polars frame): a sequence of
observations whose Python values are made only when they are read, and whose checks run
on the columns. A reader
that builds values one by one may return a plain list; both are ``Sequence[Observation]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from itertools import repeat
from typing import overload

import polars as pl

from partnerships.domain.observations import Dims, Observation

#: tuple.__new__ bound to Observation: a named tuple's own __new__ is a Python function
_make = partial(tuple.__new__, Observation)


class Observations(Sequence[Observation]):
    """Observations of one dataset kept as a polars frame (columns geo, citizen, time,
    value, flags and ``breakdown``, a key into ``breakdowns``, the distinct breakdowns).
    With ``names``, geo and citizen hold the names the file writes and ``names`` gives
    each one's code — only when no two names share a code, so that rows are told apart
    by name exactly as by code. Python values are made only when they are read, once."""

    __slots__ = ("_rows", "breakdowns", "dataset", "frame", "names")

    COLUMNS = ("geo", "citizen", "time", "value", "flags", "breakdown")

    def __init__(
        self, dataset: str, frame: pl.DataFrame, breakdowns: dict[str, Dims],
        names: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        if tuple(frame.columns) != self.COLUMNS:
            raise ValueError(f"Observations need the columns {self.COLUMNS}")
        if names is not None and len(set(names.values())) != len(names):
            raise ValueError("two names share a code: store the codes in the frame")
        self.dataset, self.frame, self.breakdowns = dataset, frame, breakdowns
        self.names = names
        self._rows: list[Observation] | None = None

    def __len__(self) -> int:
        return self.frame.height

    def _list(self) -> list[Observation]:
        if self._rows is None:
            geo, citizen, time, value, flags, key = (self.frame.to_series(i).to_list()
                                                     for i in range(6))  # fmt: skip
            if self.names is not None:
                geo = list(map(self.names.__getitem__, geo))
                citizen = list(map(self.names.__getitem__, citizen))
            dims = map(self.breakdowns.__getitem__, key)
            self._rows = list(map(_make, zip(repeat(self.dataset), geo, citizen, time, value,
                                             flags, dims)))  # fmt: skip
        return self._rows

    @overload
    def __getitem__(self, index: int) -> Observation: ...

    @overload
    def __getitem__(self, index: slice) -> list[Observation]: ...

    def __getitem__(self, index: int | slice) -> Observation | list[Observation]:
        return self._list()[index]

    def __iter__(self) -> Iterator[Observation]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return self._list() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def totals_unique(self, totals: set[Dims]) -> bool:
        """Whether no country, citizenship and period has two rows among ``totals``.
        Distinct hashes prove it at once; equal hashes (a duplicate, or a collision) are
        settled by comparing the values."""
        rows = self.frame.lazy()
        if len(totals) < len(set(self.breakdowns.values())):
            keys = [k for k, d in self.breakdowns.items() if d in totals]
            rows = rows.filter(pl.col("breakdown").is_in(keys))
        key = pl.struct("geo", "citizen", "time")
        hashed = rows.select(key.hash().n_unique(), pl.len()).collect()
        if hashed.item(0, 0) == hashed.item(0, 1):
            return True
        return not rows.select("geo", "citizen", "time").collect().is_duplicated().any()

    def __repr__(self) -> str:
        return f"<Observations of {self.dataset}: {len(self)}>"
