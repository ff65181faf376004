"""Dutch full-text search, the same on SQLite and PostgreSQL.

- SQLite: FTS5 over Snowball-stemmed text (PyStemmer's Dutch stemmer at index and at query
  time), ranked with bm25 (subject weighs double).
- PostgreSQL: the built-in ``dutch`` text-search configuration (also Snowball), ranked with
  ts_rank_cd.

Queries: words (all must occur, stemmed: 'terugkeer' finds 'terugkeren'), "quoted phrases",
and prefixes (``migr*``). Snippets with ``<mark>`` highlights are made in Python from the
clean body for both databases, so results have the same shape everywhere.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from partnerships.domain.textnorm import fold

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_QUERY_RE = re.compile(r'"([^"]*)"|(\S+)')


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    stemmer = Stemmer.Stemmer("dutch")
    stemmer.maxCacheSize = 50_000
    return stemmer


def stem_words(words: list[str]) -> list[str]:
    return list(_stemmer().stemWords([w.lower() for w in words]))


def stem_text(text: str) -> str:
    """The text as the index sees it: lower-cased Snowball stems, in order."""
    return " ".join(stem_words(_WORD_RE.findall(text)))


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split into what must match. Each part is a tuple of words; a phrase has
    several, a term one. ``prefixes`` are raw lower-case word starts."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefixes: tuple[str, ...] = ()
    stems: frozenset[str] = field(default_factory=frozenset)
    #: words of which any one must match: a country named in English or Dutch ('uganda',
    #: 'oeganda') finds letters that use either name
    alternatives: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases or self.prefixes or self.alternatives)


#: English names people still write that CLDR no longer gives (renamed countries)
_FORMER_NAMES = {"TR": ("Turkey",), "MM": ("Burma",), "SZ": ("Swaziland",),
                 "CZ": ("Czechia",)}  # fmt: skip


@lru_cache(maxsize=1)
def _country_names() -> dict[str, tuple[str, ...]]:
    """A one-word country name in English or Dutch -> every one-word name of that country
    in both languages (Babel's CLDR names): 'uganda' -> ('oeganda', 'uganda')."""
    from babel import Locale

    names: dict[str, set[str]] = {}
    nl, en = Locale("nl").territories, Locale("en").territories
    for code in set(nl) & set(en):
        if not (len(code) == 2 and code.isalpha()):
            continue
        own = (nl[code], en[code], *_FORMER_NAMES.get(code, ()))
        words = {n.lower() for n in own if _WORD_RE.fullmatch(n)}
        if len(words) < 2:
            continue  # the same in both languages, or not one word: nothing to add
        for w in words:
            names.setdefault(w, set()).update(words)
    return {w: tuple(sorted(group)) for w, group in names.items()}


def parse_query(query: str) -> ParsedQuery:
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    for m in _QUERY_RE.finditer(query):
        if m.group(1) is not None:
            words = tuple(_WORD_RE.findall(m.group(1).lower()))
            if len(words) == 1:
                terms.append(words[0])
            elif words:
                phrases.append(words)
            continue
        token = m.group(2)
        if token.endswith("*"):
            starts = _WORD_RE.findall(token[:-1].lower())
            if starts:
                terms.extend(starts[:-1])
                prefixes.append(starts[-1])
            continue
        terms.extend(_WORD_RE.findall(token.lower()))
    countries = _country_names()
    alternatives = [countries[t] for t in terms if t in countries]
    terms = [t for t in terms if t not in countries]
    stems = set(stem_words(terms))
    for phrase in phrases:
        stems.update(stem_words(list(phrase)))
    for group in alternatives:
        stems.update(stem_words(list(group)))
    return ParsedQuery(tuple(terms), tuple(phrases), tuple(prefixes), frozenset(stems),
                       tuple(alternatives))  # fmt: skip


def fts5_query(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression: stems quoted (no operator injection), AND-ed."""
    parts = [f'"{s}"' for s in stem_words(list(parsed.terms))]
    parts += ['"' + " ".join(stem_words(list(p))) + '"' for p in parsed.phrases]
    parts += [f'"{p}" *' for p in parsed.prefixes]
    parts += ["(" + " OR ".join(f'"{s}"' for s in stem_words(list(g))) + ")"
              for g in parsed.alternatives]  # fmt: skip
    return " AND ".join(parts)


def tsquery_parts(parsed: ParsedQuery) -> list[tuple[str, str]]:
    """(function, argument) pairs for PostgreSQL: plainto/phraseto/to_tsquery('dutch', …)."""
    parts = [("plainto_tsquery", t) for t in parsed.terms]
    parts += [("phraseto_tsquery", " ".join(p)) for p in parsed.phrases]
    parts += [("to_tsquery", f"{p}:*") for p in parsed.prefixes]
    parts += [("to_tsquery", " | ".join(g)) for g in parsed.alternatives]
    return parts


def _candidate_re(parsed: ParsedQuery) -> re.Pattern[str] | None:
    """Words that may match: those starting like a query stem (first four letters) or a
    prefix. Only these are stemmed, so a fragment costs little even for a long letter."""
    heads = {fold(s[:4]) for s in parsed.stems if s} | {fold(p) for p in parsed.prefixes if p}
    if not heads:
        return None
    alternatives = "|".join(sorted((re.escape(h) for h in heads), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def _densest(hits: list[tuple[int, int]], width: int) -> int:
    """Start of the hit that opens the window of ``width`` with the most hits (two pointers)."""
    best, best_count, j = hits[0][0], 0, 0
    for i, (a, _) in enumerate(hits):
        j = max(j, i)
        while j + 1 < len(hits) and hits[j + 1][0] - a < width:
            j += 1
        if j - i + 1 > best_count:
            best, best_count = a, j - i + 1
    return best


def snippet(text: str, parsed: ParsedQuery, width: int = 240) -> str:
    """An HTML-escaped excerpt around the best cluster of matching words, matches in <mark>."""
    if not text:
        return ""
    pattern = _candidate_re(parsed)
    hits: list[tuple[int, int]] = []
    if pattern is not None:
        cands = list(pattern.finditer(text))
        stems = stem_words([m.group(0) for m in cands])
        wanted = {fold(s) for s in parsed.stems}
        for m, stem in zip(cands, stems, strict=True):
            word = fold(m.group(0).lower())
            if fold(stem) in wanted or any(word.startswith(p) for p in parsed.prefixes):
                hits.append((m.start(), m.end()))
    start = max(0, _densest(hits, width) - width // 4) if hits else 0
    end = min(len(text), start + width)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    out: list[str] = ["…" if start > 0 else ""]
    pos = start
    for s, e in hits:
        if s < start or s >= end:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return " ".join("".join(out).split())
