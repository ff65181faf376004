"""Parliament's register of commitments (toezeggingenregister): what the griffie records
that a minister promised in a debate, next to what the extractor finds in letters.

The register's status words are kept as written; ``state`` reads them for comparisons.
Two kinds of disagreement are listed, never resolved silently: a register entry past its
due date with no fulfilling letter, and a promise in a letter that no register entry has
been confirmed to match. A match between the two is proposed by shared words and decided
by a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

#: the register's status, read: open | fulfilled | partial | lapsed (unknown words: open)
STATES = ("open", "fulfilled", "partial", "lapsed")


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    id: str  # the register's Id (a GUID)
    number: str | None  # Nummer, 'TZ202301-001'
    text: str
    minister: str  # the name as the register gives it
    function: str  # Functie, 'minister van Asiel en Migratie'
    ministry: str
    status: str  # as written, 'Openstaand', 'Voldaan', …
    due: date | None  # DatumNakoming
    made: date | None  # Aanmaakdatum
    activity: str | None  # the debate's ActiviteitNummer
    fulfilled_by: tuple[str, ...] = field(default_factory=tuple)  # KamerbriefNakoming numbers
    deleted: bool = False
    changed: str = ""  # ApiGewijzigdOp: the cursor's order


def state(status: str) -> str:
    """The register's status word as open, fulfilled, partial or lapsed."""
    s = status.strip().lower()
    if "deels" in s or "gedeeltelijk" in s:
        return "partial"
    if "niet" in s or "open" in s:
        return "open"
    if "voldaan" in s or "afgedaan" in s:
        return "fulfilled"
    if "vervallen" in s or "ingetrokken" in s or "vervalt" in s:
        return "lapsed"
    return "open"


def past_due_without_letter(entry: RegisterEntry, today: date, letters: int) -> bool:
    """The register says it is still to be done, its date has passed, and no letter is
    known to fulfil it (``letters``: fulfilling letters in the register or confirmed)."""
    return (state(entry.status) in ("open", "partial") and entry.due is not None
            and entry.due < today and letters == 0)  # fmt: skip


_WORD = re.compile(r"[a-zà-ÿ0-9]{4,}")
_COMMON = frozenset(
    "zal zullen kamer brief informeren toezegging minister staatssecretaris uiterlijk voor "
    "over naar aan met het een van dat deze wordt worden zijn haar hem zich ook nog bij "
    "jaar eind begin voorjaar najaar zomer kabinet".split()
)


def words(text: str) -> frozenset[str]:
    """The telling words of a promise (4+ letters, common words of promises left out)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _COMMON)


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of words two promises have in common (Jaccard), 0–1."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
