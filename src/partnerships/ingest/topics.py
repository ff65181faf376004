"""What a letter is about: international migration or not, and which IMA pillars and GCM
objectives its paragraphs touch — each with a confidence and the reason.

Two kinds of evidence, from the vocabulary in ``data/topics.toml``:

- **the letter's own structure**: the IMA progress letters are organised per pillar; a
  heading that names a pillar ('Minder illegaliteit, meer terugkeer', 'Pijler 4') assigns
  the paragraphs under it to that pillar, until a heading names another pillar or closes
  the letter ('Ten slotte');
- **terms**: a paragraph holding terms of a pillar or objective touches it, the more
  distinct terms the surer. In a letter that is not about migration, only paragraphs that
  hold a migration term themselves count ('participatie' in a letter on innovation is not
  pillar 6). A paragraph that names four or more pillars enumerates them and is evidence
  for none.

The migration verdict weighs the share of paragraphs with a migration term, how many
distinct terms the letter uses and whether its subject holds one. The result is a
suggestion: analysts confirm or overrule it in the knowledge base, and the override wins.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from partnerships.domain import Topic
from partnerships.domain.textnorm import paragraph_spans

#: a word as the matcher sees it: 'DT&V', 'laissez-passer', 'Asiel-' (a word cut before 'en')
_TOKEN_RE = re.compile(r"[\w&]+(?:[-'’][\w&]+)*-?")


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as written in the vocabulary
    words: tuple[str, ...]  # lower case, unless ``exact``
    #: in capitals ('IND', 'COA'): matched case-sensitively, as whole words
    exact: bool
    #: the last word may be the start of a longer one ('vluchteling' -> 'vluchtelingen')
    prefix: bool


@dataclass(frozen=True, slots=True)
class Vocabulary:
    #: the first three letters of a term's first word (lower case) -> the terms, longest first
    index: dict[str, tuple[Term, ...]]
    migration: frozenset[str]
    #: term -> (scheme, code) it is evidence for
    codes: dict[str, frozenset[tuple[str, int]]]
    pillar_names: dict[int, str]
    settings: dict[str, float]
    dossiers: frozenset[str]

    def find(self, text: str) -> list[str]:
        """The vocabulary terms in ``text``, in order (a word starts at most one term, the
        longest). One pass over the words with a dictionary lookup each: a 540-page letter
        costs milliseconds, where one regular expression of every term cost 70 ms a letter."""
        tokens = [m.group(0) for m in _TOKEN_RE.finditer(text)]
        lowered = [t.lower() for t in tokens]
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for term in self.index.get(lowered[i][:3], ()):
                if _matches(term, tokens, lowered, i):
                    out.append(term.text)
                    i += len(term.words) - 1
                    break
            i += 1
        return out


def _matches(term: Term, tokens: list[str], lowered: list[str], i: int) -> bool:
    n = len(term.words)
    if i + n > len(tokens):
        return False
    seen = tokens if term.exact else lowered
    for k, word in enumerate(term.words):
        got = seen[i + k]
        if k == n - 1 and term.prefix:
            if not got.startswith(word):
                return False
        elif got.rstrip("-") != word.rstrip("-"):
            return False
    return True


def _term(text: str) -> Term:
    exact = text.upper() == text and any(c.isalpha() for c in text)
    words = tuple(w.group(0) if exact else w.group(0).lower() for w in _TOKEN_RE.finditer(text))
    return Term(text, words, exact, prefix=not exact and len(text) >= 5)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    from partnerships.domain.reference import pillars

    raw = tomllib.loads(
        resources.files("partnerships.ingest").joinpath("data/topics.toml").read_text("utf-8")
    )
    codes: dict[str, set[tuple[str, int]]] = {}
    for scheme in ("ima", "gcm"):
        for code, item in raw[scheme].items():
            for term in item["terms"]:
                codes.setdefault(term, set()).add((scheme, int(code)))
    migration = frozenset(raw["migration"]["terms"])
    index: dict[str, list[Term]] = {}
    for text in sorted(set(codes) | migration, key=len, reverse=True):  # longest first
        term = _term(text)
        index.setdefault(term.words[0].lower()[:3], []).append(term)
    return Vocabulary(
        index={k: tuple(v) for k, v in index.items()},
        migration=migration,
        codes={t: frozenset(c) for t, c in codes.items()},
        pillar_names={p["number"]: p["nl"] for p in pillars()},
        settings={k: float(v) for k, v in raw["settings"].items()},
        dossiers=frozenset(raw["migration"].get("dossiers", [])),
    )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


_PILLAR_NUMBER_RE = re.compile(r"^\s*(?:pijler|pilaar)\s+(\d)\b", re.I)
_CLOSING_RE = re.compile(
    r"^\s*(?:ten\s+slotte|tot\s+slot|afsluitend|slot|conclusie|bijlage|tenslotte)\b", re.I
)


def _heading_pillar(text: str, names: dict[int, str]) -> int | None:
    """The pillar a heading names: 'Pijler 4', or (most of) a pillar's name."""
    if m := _PILLAR_NUMBER_RE.match(text):
        number = int(m.group(1))
        return number if number in names else None
    words = _words(text)
    if not words:
        return None
    best, best_share = None, 0.0
    for number, name in names.items():
        own = _words(name)
        share = len(words & own) / len(own | words)
        if share > best_share:
            best, best_share = number, share
    return best if best_share >= 0.6 else None


def _is_heading(text: str) -> bool:
    return len(text) < 130 and not re.search(r"[.;:!?]$", text) and "\n" not in text


def _terms_confidence(n: int, s: dict[str, float]) -> float:
    return round(min(s["max_terms_confidence"], 1 - (1 - s["per_term"]) ** n), 2)


def find_topics(
    body: str, subject: str | None, dossier: str | None = None
) -> tuple[bool, float, list[Topic]]:
    """(about international migration?, confidence of that, topics per paragraph);
    ``dossier`` is the letter's own Kamerstuk dossier, when it has one."""
    voc = vocabulary()
    found = [(start, end, voc.find(body[start:end])) for start, end in paragraph_spans(body)]
    score = _migration_score(voc, body, found, subject, dossier)
    migration = score >= voc.settings["migration_threshold"]
    confidence = round(score if migration else 1 - score, 2)
    topics: list[Topic] = []
    section: int | None = None
    for start, end, terms in found:
        text = body[start:end]
        if _is_heading(text):
            pillar = _heading_pillar(text, voc.pillar_names)
            if pillar is not None:
                section = pillar
            elif _CLOSING_RE.match(text):
                section = None
            continue
        topics += _paragraph_topics(voc, text, start, end, terms, section, migration)
    return migration, confidence, topics


def _migration_score(
    voc: Vocabulary, body: str, found: list[tuple[int, int, list[str]]], subject: str | None,
    dossier: str | None,
) -> float:  # fmt: skip
    """How surely the letter is about international migration (0–1): the share of its
    paragraphs with a migration term, how many distinct ones, its subject, its dossier."""
    s = voc.settings
    with_migration = 0
    distinct: set[str] = set()
    counted = 0
    for start, end, terms in found:
        if not _is_heading(body[start:end]):
            counted += 1
            mig = {t for t in terms if t in voc.migration}
            if mig:
                with_migration += 1
                distinct |= mig
    share = with_migration / counted if counted else 0.0
    in_subject = any(t in voc.migration for t in voc.find(subject or ""))
    score = (0.6 * min(1.0, share / s["min_share"])
             + 0.25 * min(1.0, len(distinct) / s["distinct_terms_full"])
             + 0.15 * in_subject
             + s["dossier_weight"] * ((dossier or "").split("-")[0] in voc.dossiers))  # fmt: skip
    return min(1.0, score)


def _paragraph_topics(
    voc: Vocabulary, text: str, start: int, end: int, terms: list[str], section: int | None,
    migration: bool,
) -> list[Topic]:  # fmt: skip
    """A paragraph's topics: its section's pillar (by structure) and the codes its terms
    point to; none for an enumeration of the pillars."""
    s = voc.settings
    named = {n for n, name in voc.pillar_names.items() if name.lower() in text.lower()}
    if len(named) >= s["enumeration"]:
        return []  # 'de zes pijlers: …': an enumeration, evidence for none
    topics: list[Topic] = []
    if section is not None and migration:
        topics.append(Topic("ima", section, s["structure_confidence"], start, end,
                            "structure", []))  # fmt: skip
    if not (migration or any(t in voc.migration for t in terms)):
        return topics
    per_code: dict[tuple[str, int], set[str]] = {}
    for term in terms:
        for key in voc.codes.get(term, ()):
            per_code.setdefault(key, set()).add(term)
    for (scheme, code), hits in sorted(per_code.items()):
        if scheme == "ima" and code == section:
            continue  # already assigned by the heading, more surely
        topics.append(Topic(scheme, code, _terms_confidence(len(hits), s), start, end,
                            "terms", sorted(hits)))  # fmt: skip
    return topics
