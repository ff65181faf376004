"""Dutch and English for the pages, from Babel message catalogues (``web/locale/*.po``).

Message ids are English (the code's language); ``nl.po`` holds the Dutch the pages show by
default. The catalogues are read with Babel at start-up, so no compiled files live in the
repository; ``tests/unit/web/test_i18n.py`` fails when a text in a template lacks a translation.
"""

from __future__ import annotations

import io
from datetime import date
from functools import lru_cache
from importlib import resources

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

LANGUAGES = ("nl", "en")
DEFAULT = "nl"


@lru_cache(maxsize=4)
def translations(lang: str) -> Translations:
    text = resources.files("partnerships.web").joinpath("locale", f"{lang}.po").read_bytes()
    catalog = read_po(io.BytesIO(text), locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


class Language:
    """What a template needs to speak one language."""

    def __init__(self, lang: str) -> None:
        self.code = lang if lang in LANGUAGES else DEFAULT
        self._t = translations(self.code)

    def gettext(self, message: str) -> str:
        return str(self._t.gettext(message))

    def said(self, exc: BaseException | str) -> str:
        """A service's refusal (``domain.errors.Refusal``) in this language; any other
        exception, or a reason that is already text, as its own text."""
        from partnerships.domain.errors import Refusal

        return exc.say(self.gettext) if isinstance(exc, Refusal) else str(exc)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return str(self._t.ngettext(singular, plural, n))

    def date(self, value: date | str | None, style: str = "long") -> str:
        if value is None:
            return "—"
        if isinstance(value, str):
            value = date.fromisoformat(value)
        return str(format_date(value, format=style, locale=self.code))

    def number(self, value: float | int | None) -> str:
        if value is None:
            return "—"
        return str(format_decimal(value, locale=self.code))

    def country(self, iso3: str) -> str:
        """A country's name in this language (CLDR via Babel), from its ISO alpha-3 code;
        the code itself when CLDR does not know it (Kosovo, aggregates)."""
        return _country_name(iso3, self.code)

    def percent(self, share: float | None) -> str:
        """A share 0-1 as this language writes a percentage ('85 %' in Dutch)."""
        if share is None:
            return "—"
        return str(format_percent(share, locale=self.code))

    def money(self, value: float, currency: str | None) -> str:
        cur = currency or "EUR"
        for scale, nl, en in ((1e9, "mld", "bn"), (1e6, "mln", "m")):
            if value >= scale:
                word = nl if self.code == "nl" else en
                return f"{cur} {format_decimal(value / scale, locale=self.code)} {word}"
        return f"{cur} {format_decimal(value, locale=self.code)}"


@lru_cache(maxsize=2048)
def _country_name(iso3: str, lang: str) -> str:
    import pycountry
    from babel import Locale

    found = pycountry.countries.get(alpha_3=iso3.upper()) if len(iso3) == 3 else None
    if found is None:
        return "Kosovo" if iso3.upper() == "XKX" else iso3
    return str(Locale(lang).territories.get(found.alpha_2, found.name))
