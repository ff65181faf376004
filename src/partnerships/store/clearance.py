"""The one clearance filter: which rows a reader may see, by their classification.

Every query that shows records of a classification (letters, statistics releases,
decisions, risks, programmes, report texts, tallies) narrows with this, so that what
'may see' means is written once (issue 18 found seven copies).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement


def cleared(classification: Any, levels: Iterable[str]) -> ColumnElement[bool]:
    """``classification`` (a column) is one of the reader's ``levels``."""
    return classification.in_(list(levels))  # type: ignore[no-any-return]
