"""Money amounts, counted quantities and percentages in Dutch policy prose.

Numbers in letters come in many dresses: 'EUR 485 mln.', '118\\nmiljoen euro' across a
line break, '€ 3 miljard', 'zes miljoen euro', 'circa 26.840 vluchtelingen',
'3,5 mln. Syriërs', 'twintigduizend per jaar'. Years, dates, list numbers, article and
Kamerstuk numbers look like numbers too and must not become quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from partnerships.domain import Amount, Percentage, Quantity
from partnerships.domain.textnorm import MONTH_PATTERN, parse_dutch_number

_UNITS = {
    "nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
    "negentien": 19,
}  # fmt: skip
_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60,
    "zeventig": 70, "tachtig": 80, "negentig": 90,
}  # fmt: skip


def _below_hundred(word: str) -> int | None:
    if word in _UNITS:
        return _UNITS[word]
    if word in _TENS:
        return _TENS[word]
    for sep in ("ën", "en"):
        for tens_word, tens in _TENS.items():
            if word.endswith(sep + tens_word):
                unit = word[: -len(sep + tens_word)]
                if unit in _UNITS and 0 < _UNITS[unit] < 10:
                    return tens + _UNITS[unit]
    return None


def _below_thousand(word: str) -> int | None:
    if not word:
        return 0
    if "honderd" in word:
        head, _, tail = word.partition("honderd")
        hundreds = 1 if head == "" else _below_hundred(head)
        rest = _below_hundred(tail) if tail else 0
        if hundreds is None or rest is None or not 0 < hundreds < 10:
            return None
        return hundreds * 100 + rest
    return _below_hundred(word)


def dutch_number_word(word: str) -> int | None:
    """'zes' -> 6, 'twintigduizend' -> 20000, 'vijfhonderdduizend' -> 500000; else None."""
    w = word.lower()
    if "duizend" in w:
        head, _, tail = w.partition("duizend")
        thousands = 1 if head == "" else _below_thousand(head)
        rest = _below_thousand(tail)
        if thousands is None or rest is None:
            return None
        return thousands * 1000 + rest
    return _below_thousand(w)


_WORDNUM = (
    r"(?!(?:en|ën)\b)(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|"
    r"veertien|vijftien|zestien|zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|"
    r"zestig|zeventig|tachtig|negentig|honderd|duizend|ën|en)+"
)
_NUMBER_WORD_RE = re.compile(rf"(?<![\w-])(?:{_WORDNUM})(?![\w-])", re.IGNORECASE)

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"miljard|mld\.?|miljoen|mln\.?|mio\.?|duizend|dzd\.?|biljoen"
_SCALE_VALUES = {
    "miljard": 1e9, "mld": 1e9, "miljoen": 1e6, "mln": 1e6, "mio": 1e6, "duizend": 1e3,
    "dzd": 1e3, "biljoen": 1e12,
}  # fmt: skip
_CURRENCY_BEFORE = r"EUR|€|USD|US\$|\$|GBP|£"
_CURRENCY_AFTER = r"euro|EUR|dollar|US-dollar|USD|pond"
_CURRENCY_CODES = {
    "eur": "EUR", "€": "EUR", "euro": "EUR", "usd": "USD", "us$": "USD", "$": "USD",
    "dollar": "USD", "us-dollar": "USD", "gbp": "GBP", "£": "GBP", "pond": "GBP",
}  # fmt: skip

# Amounts are found from their currency outwards: currencies are rare, numbers are not.
_CURRENCY_RE = re.compile(
    r"(?<![\w$€£])(?:EUR|USD|GBP|US-dollar|euro|dollar|pond)(?![\w])|US\$|[€$£]"
)
_AMOUNT_AFTER_CUR_RE = re.compile(rf"\s?(?P<num>{_NUM})(?:\s+(?P<scale>{_SCALE}))?(?![\w])")
_AMOUNT_BEFORE_CUR_RE = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM}|{_WORDNUM})\s+(?:(?P<scale>{_SCALE})\s+)?$", re.IGNORECASE
)
_CURRENCY_FIRST = re.compile(_CURRENCY_BEFORE)

_PERCENT_SIGN_RE = re.compile(r"%|procent(?![\w])|pct\.")
_PERCENT_NUM_RE = re.compile(rf"(?<![\w.,-])(?P<num>{_NUM})\s?$")

_APPROX = (
    r"circa|ca\.|ongeveer|ruim|bijna|zo'n|zo’n|meer dan|minder dan|ruwweg|naar schatting|"
    r"rond|rondom|tenminste|ten minste|minimaal|maximaal|hooguit|tot wel|bijkans|nagenoeg|"
    r"enkele|tegen de"
)
_APPROX_RE = re.compile(rf"(?:{_APPROX})\s+$", re.IGNORECASE)

_QUANTITY_RE = re.compile(
    rf"(?<![\w.,/:§-])(?P<num>{_NUM})(?![\w/:-]|[.,]\d)(?:\s+(?P<scale>{_SCALE})(?![\w]))?"
)

# Words after a number that show it is not a counted quantity.
_DATE_AFTER_RE = re.compile(
    rf"\s*(?:(?:en|t/m|tot|-|–)\s*\d{{1,2}}\s+)?(?:{MONTH_PATTERN})\b", re.I
)
# A number right after one of these words is a label ('nr. 37', 'pijler 4', 'artikel 25'),
# not a count. Compared in lower case, without a trailing dot.
_NOT_QUANTITY_AFTER_WORDS = frozenset(
    """nr nrs nummer nummers artikel art artikelen pijler pijlers hoofdstuk paragraaf bijlage
    punt lid fase niveau stap versie kamerstuk kamerstukken kst pagina p blz noot voetnoot
    doelstelling objective doel resolutie verordening richtlijn com swd juli juni mei maart
    april januari februari augustus september oktober november december uur""".split()
)


def _labelled(before: str) -> bool:
    """True when the word before a number makes it a label, or it is a single capital
    letter as in 'L 188/25'."""
    if not before or (not before[-1:].isspace() and before[-1:] != "."):
        return False
    words = before.rsplit(None, 1)
    if not words:
        return False
    last = words[-1]
    if len(last) == 1 and last.isupper():
        return True
    return last.rstrip(".").lower() in _NOT_QUANTITY_AFTER_WORDS


_STOPWORDS = frozenset(
    """de het een en of in op van voor tot met te aan door uit bij om als dan dat die dit deze
    is zijn was waren wordt worden werd werden heeft hebben had hadden zal zullen kan kunnen
    naar over per onder tegen sinds na tussen ten ter maar ook nog al er niet wel zo hun
    haar zich we wij ze zij hij ik u uw jl. jl""".split()
)
_WORD_AFTER_RE = re.compile(r"\s+([A-Za-zÀ-ÿ’'][\w’'-]*)")
_YEAR_RANGE = range(1900, 2101)
_PAGE_REF_RE = re.compile(r"(?i)\b(?:pagina|blz\.?|p\.|pp\.)\s*\d+(?:\s*(?:van|-|–|t/m)\s*\d+)?")


def _scale_value(scale: str | None) -> float:
    if not scale:
        return 1.0
    return _SCALE_VALUES[scale.rstrip(".").lower()]


def _number_value(token: str) -> float | None:
    value = parse_dutch_number(token)
    if value is not None:
        return value
    word = dutch_number_word(token)
    return None if word is None else float(word)


def find_amounts(text: str) -> list[Amount]:
    found: list[Amount] = []
    taken_to = 0
    for cur_m in _CURRENCY_RE.finditer(text):
        cur = cur_m.group(0)
        if cur_m.start() < taken_to:
            continue
        after = None
        if _CURRENCY_FIRST.fullmatch(cur):
            after = _AMOUNT_AFTER_CUR_RE.match(text, cur_m.end())
        if after is not None:  # 'EUR 485 mln.', '€ 3 miljard'
            start, end = cur_m.start(), after.end()
            num, scale = after.group("num"), after.group("scale")
        else:  # '118 miljoen euro', 'zes miljoen euro'
            if re.match(r"\s*[\d€$£]", text[cur_m.end() : cur_m.end() + 3]):
                continue  # 'in 2018 EUR 140 mln.': the year is not the amount
            window_start = max(taken_to, cur_m.start() - 60)
            before = _AMOUNT_BEFORE_CUR_RE.search(text, window_start, cur_m.start())
            if before is None:
                continue
            start, end = before.start(), cur_m.end()
            num, scale = before.group("num"), before.group("scale")
        value = _number_value(num)
        if value is None:
            continue
        taken_to = end
        found.append(
            Amount(
                text=text[start:end],
                start=start,
                end=end,
                value=round(value * _scale_value(scale), 2),
                currency=_CURRENCY_CODES[cur.lower()],
            )
        )
    return found


def find_percentages(text: str) -> list[Percentage]:
    out = []
    for sign in _PERCENT_SIGN_RE.finditer(text):
        m = _PERCENT_NUM_RE.search(text, max(0, sign.start() - 30), sign.start())
        if m is None:
            continue
        value = parse_dutch_number(m.group("num"))
        if value is not None:
            start, end = m.start(), sign.end()
            out.append(Percentage(text=text[start:end], start=start, end=end, value=value))
    return out


def _overlaps(start: int, end: int, taken: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and int(token) in _YEAR_RANGE


def _noun_after(text: str, pos: int) -> str | None:
    m = _WORD_AFTER_RE.match(text, pos)
    if not m:
        return None
    word = m.group(1).rstrip("’'")
    if word.lower() in _STOPWORDS or word.lower().rstrip(".") in _SCALE_VALUES:
        return None
    return word


def _not_counted(
    num: str, scale: str | None, start: int, end: int, before: str, after: str,
    taken: list[tuple[int, int]],
) -> bool:  # fmt: skip
    """A number that is no counted quantity: in a span already taken, a year, a date, a
    percentage, a list number '1)' or a labelled number ('artikel 3')."""
    if _overlaps(start, end, taken) or (_is_year(num) and not scale):
        return True
    if _DATE_AFTER_RE.match(after):
        return True  # '4 maart 2016', '4 en 5 november'
    if re.match(r"\s?(?:%|procent\b|pct\.)", after) or re.match(r"\)", after):
        return True  # a percentage, or a list number '1)'
    return _labelled(before)


def find_quantities(text: str, exclude: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Counted quantities; ``exclude`` holds spans already taken (amounts, references...)."""
    taken = list(exclude)
    taken += [(m.start(), m.end()) for m in _PAGE_REF_RE.finditer(text)]
    found: list[Quantity] = []
    for m in _QUANTITY_RE.finditer(text):
        num, scale = m.group("num"), m.group("scale")
        start, end = m.start(), m.end()
        before, after = text[max(0, start - 30) : start], text[end : end + 40]
        if _not_counted(num, scale, start, end, before, after, taken):
            continue
        value = parse_dutch_number(num)
        if value is None:
            continue
        value *= _scale_value(scale)
        q_start = start
        approx = _APPROX_RE.search(before)
        if approx:
            q_start = start - (len(before) - approx.start())
        unit = _noun_after(text, end)
        if unit is None:
            # 'van circa 14.000 tot bijna 65.000 personen': the first number shares the noun
            rng = re.match(rf"\s+(?:tot|à|a|en|of|-|–)\s+(?:(?:{_APPROX})\s+)?(?:{_NUM})", after)
            if rng:
                unit = _noun_after(text, end + rng.end())
        found.append(
            Quantity(
                text=text[q_start:end],
                start=q_start,
                end=end,
                value=value,
                unit=unit,
                approximate=approx is not None,
            )
        )
    found.extend(_word_quantities(text, taken, [(q.start, q.end) for q in found]))
    found.sort(key=lambda q: q.start)
    return found


_MILLION_AFTER_RE = re.compile(r"\s+(?:miljoen|miljard)")
_SCALE_AFTER_RE = re.compile(rf"\s+({_SCALE})(?![\w])")
_PER_AFTER_RE = re.compile(r"\s+per\b")


def _word_quantities(
    text: str, taken: list[tuple[int, int]], digits: list[tuple[int, int]]
) -> list[Quantity]:
    """'twintigduizend per jaar', 'zes pijlers': number words with a noun or 'per' after.
    Patterns match at a position (never on ``text[end:]``, a copy of the rest of the letter
    per match: quadratic in the letter's length, and 'een' occurs everywhere)."""
    out: list[Quantity] = []
    spans = taken + digits
    for m in _NUMBER_WORD_RE.finditer(text):
        word = m.group(0)
        if word.lower() in {"een", "één"} and not _MILLION_AFTER_RE.match(text, m.end()):
            continue  # 'een' is mostly the article; leave it unless a scale follows
        value = dutch_number_word(word)
        if value is None or _overlaps(m.start(), m.end(), spans):
            continue
        end = m.end()
        scale_m = _SCALE_AFTER_RE.match(text, end)
        if scale_m:
            value = int(value * _scale_value(scale_m.group(1)))
            end = scale_m.end()
        if _overlaps(m.start(), end, taken):
            continue
        unit = _noun_after(text, end)
        if unit is None and not _PER_AFTER_RE.match(text, end):
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        approx = _APPROX_RE.search(before)
        q_start = m.start() - (len(before) - approx.start()) if approx else m.start()
        out.append(
            Quantity(
                text=text[q_start:end],
                start=q_start,
                end=end,
                value=float(value),
                unit=unit,
                approximate=approx is not None,
            )
        )
    return out
