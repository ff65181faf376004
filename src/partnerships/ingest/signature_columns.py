"""Signatures set side by side in a text rendition, and the line that names a signer's
function ('De Minister van Buitenlandse Zaken,'): what the letter assembler needs to read
a signature block that pdftotext laid out in columns."""

from __future__ import annotations

import re

from partnerships.ingest.layout import Line

#: a line that names a signer's function
FUNCTION_RE = re.compile(
    r"^\s*(?:(?:De|DE|de)\s+)?(?:Minister-President|MINISTER-PRESIDENT|Minister|MINISTER|"
    r"Staatssecretaris|STAATSSECRETARIS|minister|staatssecretaris|Directeur-[Gg]eneraal|"
    r"DIRECTEUR-GENERAAL)\b[^.]{0,120}$"
)


_COLUMN_GAP_RE = re.compile(r"\S(\s{3,})\S")


def _text_columns(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each part of a line set in columns by runs of 3+ spaces."""
    parts, pos = [], 0
    for m in _COLUMN_GAP_RE.finditer(text):
        parts.append((pos, text[pos : m.start(1)]))
        pos = m.end(1)
    parts.append((pos, text[pos:]))
    return [(o, t.strip()) for o, t in parts if t.strip()]


def split_text_columns(lines: list[Line]) -> list[Line]:
    """Signatures set side by side in a text rendition (pdftotext -layout: 'De Minister van
    …,' then 3+ spaces then 'De Staatssecretaris van …,'; the names below in the same
    columns) become one signature after the other. Only a row whose every column starts
    with a function opens such a block, so a table in the body is left alone."""
    tail = [i for i, ln in enumerate(lines) if ln.role is None][-20:]
    out = list(lines)
    for pos, i in enumerate(tail):
        parts = _text_columns(lines[i].text)
        if len(parts) < 2 or not all(FUNCTION_RE.match(t) for _, t in parts):
            continue
        starts = [o for o, _ in parts]
        columns: list[list[str]] = [[] for _ in starts]
        block = []
        for j in tail[pos:]:
            cells = _text_columns(lines[j].text)
            placed = [(min(range(len(starts)), key=lambda c: abs(starts[c] - o)), t)
                      for o, t in cells]  # fmt: skip
            if any(abs(starts[k] - o) > 6 for (k, _), (o, _) in zip(placed, cells, strict=True)):
                break
            for k, t in placed:
                columns[k].append(t)
            block.append(j)
        template = lines[i]
        new = [Line(text=t, page=template.page, gap_before=True) for c in columns for t in c]
        first, last = block[0], block[-1]
        out = lines[:first] + [ln for ln in lines[first : last + 1] if ln.role is not None]
        out += new + lines[last + 1 :]
        break
    return out
