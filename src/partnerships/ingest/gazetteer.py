"""Entity recognition from a gazetteer: countries, regions, organisations, programmes.

Countries come from pycountry (ISO 3166-1 codes, Dutch and English names) plus the
aliases, adjectives and demonyms in ``data/gazetteer.toml``; users add their own entries
in a TOML file of the same shape (setting ``gazetteer_path``) without touching code.
"""

from __future__ import annotations

import gettext
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

from partnerships.domain import Entity
from partnerships.domain.errors import Invalid
from partnerships.domain.textnorm import fold

BUNDLED = "gazetteer.toml"
_WORD_RE = re.compile(r"[\w&]+")
_CAPITALISED_RE = re.compile(r"(?<![\w&])[A-Z][\w&]*")
_KINDS = ("regions", "organisations", "programmes")
_KIND_SINGULAR = {"regions": "region", "organisations": "organisation", "programmes": "programme"}


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    kind: str
    code: str
    name: str


class GazetteerError(Invalid):
    """The gazetteer file is not valid; the message names the file and the entry."""


def _dutch_translation() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    except OSError:  # pragma: no cover - pycountry always ships the nl catalogue
        return gettext.NullTranslations()


def country_names_nl() -> dict[str, str]:
    """ISO alpha-3 -> Dutch short name, from pycountry's translations."""
    nl = _dutch_translation()
    return {c.alpha_3: nl.gettext(c.name) for c in pycountry.countries}


def _load_toml(path: Path | None) -> dict[str, Any]:
    if path is None:
        text = resources.files("partnerships.ingest.data").joinpath(BUNDLED).read_text("utf-8")
        return tomllib.loads(text)
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GazetteerError(
            "%(path)s: cannot read gazetteer: %(reason)s", path=str(path), reason=str(exc)
        ) from exc


class Gazetteer:
    """Compiled alias table with a single regular expression over folded text."""

    def __init__(
        self,
        entries: dict[str, GazetteerEntry],
        pattern: re.Pattern[str],
        originals: dict[str, str] | None = None,
    ) -> None:
        self._entries = entries
        self._originals = originals or {}
        self._pattern = pattern
        # the regex is tried only where a word starts an alias: far fewer attempts than a
        # scan of the whole text with a 1,500-way alternation
        self._first_words = {m.group(0) for a in entries if (m := _WORD_RE.match(a))}
        # almost every alias starts with a capital: then only capitalised words need a look
        self._scan = (
            _CAPITALISED_RE if all(w[:1].isupper() for w in self._first_words) else _WORD_RE
        )

    @classmethod
    def build(cls, extra: Path | None = None) -> Gazetteer:
        data = _load_toml(None)
        if extra is not None:
            _merge_user_file(data, extra)
        aliases: dict[str, GazetteerEntry] = {}
        names = _country_names(aliases)
        _country_aliases(aliases, data.get("countries", {}), names)
        for kind in _KINDS:
            for code, spec in data.get(kind, {}).items():
                if not isinstance(spec, dict) or "aliases" not in spec:
                    raise GazetteerError(
                        "gazetteer: [%(kind)s.%(code)s] needs 'aliases'", kind=kind, code=str(code)
                    )
                entry = GazetteerEntry(_KIND_SINGULAR[kind], str(code), str(spec.get("name", code)))
                for form in spec["aliases"]:
                    aliases[fold(str(form))] = entry
        originals = {fold(form): form for form in _all_forms(data, names)}
        ordered = sorted(aliases, key=len, reverse=True)
        body = "|".join(re.escape(a) for a in ordered)
        pattern = re.compile(rf"(?<![\w&])(?:{body})(?![\w&])")
        return cls(aliases, pattern, originals)

    def aliases(self) -> Iterator[tuple[str, GazetteerEntry]]:
        """Every alias as written in the gazetteer (with its diacritics), and its entry."""
        for folded, entry in self._entries.items():
            yield self._originals.get(folded, folded), entry

    def find(self, text: str, home_country: str | None = "NLD") -> list[Entity]:
        found: list[Entity] = []
        folded = fold(text)
        pos = 0
        for word in self._scan.finditer(folded):
            if word.start() < pos or word.group(0) not in self._first_words:
                continue
            m = self._pattern.match(folded, word.start())
            if m is None:
                continue
            pos = m.end()
            entry = self._entries[m.group(0)]
            if entry.kind == "country" and entry.code == home_country:
                continue
            found.append(
                Entity(
                    text=text[m.start() : m.end()],
                    start=m.start(),
                    end=m.end(),
                    kind=entry.kind,
                    code=entry.code,
                    name=entry.name,
                )
            )
        return found


def _merge_user_file(data: dict[str, Any], extra: Path) -> None:
    """A user's gazetteer file adds to the bundled tables, table by table."""
    user = _load_toml(extra)
    for key, value in user.items():
        if not isinstance(value, dict):
            raise GazetteerError("%(path)s: [%(key)s] must be a table", path=str(extra), key=key)
        data.setdefault(key, {}).update(value)


def _country_names(aliases: dict[str, GazetteerEntry]) -> dict[str, str]:
    """Every ISO country under its Dutch name (also in natural order: 'Democratische
    Republiek Congo') and its English common name; returns the Dutch names by code."""
    nl = _dutch_translation()
    names = {}
    for country in pycountry.countries:
        dutch = nl.gettext(country.name)
        names[country.alpha_3] = dutch
        entry = GazetteerEntry("country", country.alpha_3, dutch)
        forms = {dutch, getattr(country, "common_name", country.name)}
        if "," in dutch:  # "Congo, Democratische Republiek" -> also natural order
            head, tail = (p.strip() for p in dutch.split(",", 1))
            forms.add(f"{tail} {head}")
        for form in forms:
            if "," not in form:
                aliases.setdefault(fold(form), entry)
    return names


def _country_aliases(
    aliases: dict[str, GazetteerEntry], table: dict[str, Any], names: dict[str, str]
) -> None:
    """The [countries] table: aliases per ISO alpha-3 code."""
    for code, forms in table.items():
        code = str(code).upper()
        if pycountry.countries.get(alpha_3=code) is None:
            raise GazetteerError(
                "gazetteer: [countries] %(code)s is not an ISO 3166 alpha-3", code=code
            )
        if not isinstance(forms, list):
            raise GazetteerError(
                "gazetteer: [countries] %(code)s must be a list of aliases", code=code
            )
        entry = GazetteerEntry("country", code, names[code])
        for form in forms:
            aliases[fold(str(form))] = entry


def _all_forms(data: dict[str, Any], names: dict[str, str]) -> Iterator[str]:
    yield from names.values()
    for forms in data.get("countries", {}).values():
        yield from (str(f) for f in forms)
    for kind in _KINDS:
        for spec in data.get(kind, {}).values():
            yield from (str(f) for f in spec.get("aliases", []))


@lru_cache(maxsize=8)
def get_gazetteer(extra: Path | None = None) -> Gazetteer:
    return Gazetteer.build(extra)


def load_sidebar_vocabulary(extra: Path | None = None) -> tuple[list[str], set[str]]:
    """Sidebar labels and unit words from the gazetteer's [sidebar] table."""
    data = _load_toml(None)
    if extra is not None:
        user = _load_toml(extra).get("sidebar", {})
        for key in ("labels", "unit_words"):
            data["sidebar"][key] = list(data["sidebar"].get(key, [])) + list(user.get(key, []))
    sidebar = data.get("sidebar", {})
    labels = sorted((str(x) for x in sidebar.get("labels", [])), key=len, reverse=True)
    words = {str(x) for x in sidebar.get("unit_words", [])}
    for label in labels:
        words.update(w for w in label.split() if w[:1].isupper())
    return labels, words
