"""Small text helpers shared by the extractors.

``fold`` maps every character to exactly one character, so offsets found in folded text
are offsets in the original: recognisers match on folded text (robust to OCR's "Tunesié"
for "Tunesië") and report spans in the real body.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

DUTCH_MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTH_PATTERN = "|".join(DUTCH_MONTHS)

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

DASHES = "‐‑‒–—―−"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    if len(base) == 1 and base.isascii():
        return base
    if ch in "’‘‛`´":
        return "'"
    if ch in "“”„":
        return '"'
    if ch in DASHES:
        return "-"
    return ch


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2100):
        ch = chr(code)
        folded = _fold_char(ch)
        if folded != ch and len(folded) == 1:
            table[code] = folded
    return table


_FOLD_TABLE = _fold_table()


def fold(text: str) -> str:
    """Strip diacritics and unify quotes and dashes, keeping the length unchanged."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def superscript_to_int(marker: str) -> int:
    return int(marker.translate(_SUPER_TO_ASCII))


_WS_RE = re.compile(r"\s+")


def squash_ws(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


def parse_dutch_number(text: str) -> float | None:
    """Parse '26.840', '1.7', '3,5', '2.134', '118' as Dutch-formatted numbers.

    A dot followed by exactly three digits is a thousands separator ('26.840'); any other
    single dot or comma is a decimal mark ('1.7' in an English-style text, '3,5').
    """
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if not t:
        return None
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", t):
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t) and "." in t:
        t = t.replace(",", "")
    elif re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    elif not re.fullmatch(r"\d+(\.\d+)?", t):
        return None
    try:
        return float(t)
    except ValueError:
        return None


# A lone consonant before the rest of its word is letter-spacing, not a word: pdftotext's
# 't echnische', pdfium's 'P agina'. Dutch has no one-consonant words; vowels ('u', 'a',
# 'e', 'o') are left alone because they can be words.
_SPACED_LETTER_RE = re.compile(
    r"(?<![\w'’.&/-])([b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]) (?=[a-zà-ÿ]{2,})"
)


def repair_letter_spacing(text: str) -> str:
    return _SPACED_LETTER_RE.sub(r"\1", text)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a body (blank-line separated), as topics count them."""
    spans, pos = [], 0
    for part in body.split("\n\n"):
        start = body.find(part, pos)
        if part.strip():
            spans.append((start, start + len(part)))
        pos = start + len(part)
    return spans
