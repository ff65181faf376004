"""One value of a statistics file, as the importers read it and the store keeps it."""

from __future__ import annotations

from typing import NamedTuple

Dims = tuple[tuple[str, str], ...]


class Observation(NamedTuple):
    """One value of a statistics file. A named tuple, not a dataclass: it is made three
    times faster, and a file has hundreds of thousands (benchmarks/imports.py)."""

    dataset: str
    geo: str
    citizen: str
    time: str
    value: float | None
    flags: str = ""
    dims: Dims = ()

    @property
    def key(self) -> tuple[str, str, str, str, Dims]:
        return (self.dataset, self.geo, self.citizen, self.time, self.dims)
