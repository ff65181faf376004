"""Citations of other papers: Kamerstukken, motions, EU legal acts and URLs.

Kamerstukken are normalised to ``dossier`` ('35300-VI', '21501-32'), ``number``,
``session`` ('2019-2020') and ``chamber``, whatever the citation style:
'Kamerstukken II 2019/20, 35 300 VI, nr. 37', 'Kamerstuk 21501-32-1740',
'Tweede Kamer, vergaderjaar 2018-2019, 30 573, nr. 153', 'nrs. 2955, 2956 … en 2964',
'nr. 59, gewijzigd onder nr. 78', 'Kamerstukken II 2020/21, 35680', 'kst-35300-VI-37'.
A citation of several numbers yields one reference per number, each spanning its number.
"""

from __future__ import annotations

import re

from partnerships.domain import Reference
from partnerships.domain.motions import find_motions

_CHAMBERS = {"I": "Eerste Kamer", "II": "Tweede Kamer", "1": "Eerste Kamer",
             "2": "Tweede Kamer", "EK": "Eerste Kamer", "TK": "Tweede Kamer"}  # fmt: skip
_ROMAN = r"(?:[IVX]{1,5}|[A-Z])"
# a numeric sub-dossier follows a hyphen ('21 501-20') or a space with at most two digits
# ('21 501 20'); three or more digits after a space or a hyphen are the number
# ('30 573 120', 'Kamerstuk 30573-120')
_DOSSIER = (
    rf"(?P<d1>\d{{2}}\s?\d{{3}})(?:(?:\s|-)(?P<d2>{_ROMAN}(?![\w])|(?<=-)\d{{1,2}}(?!\d)"
    r"|\d{1,2}(?![\w]))(?![\w]))?"
)
_SESSION = r"(?P<session>(?:19|20)\d{2}\s?[/–-]\s?(?:19|20)?\d{2})"
#: a number as written: '37', '42e' (a suffix), 'C' or 'AA' (Eerste Kamer letters), a range
_NUM_ITEM = r"(?:\d+(?:\s*[–-]\s*\d+)?[a-z]?|[A-Z]{1,2})(?![\w])"
_NUMBERS = (
    rf"(?P<nums>(?:nrs?\.?|nummers?)\s*{_NUM_ITEM}"
    rf"(?:(?:\s*,\s*|\s+en\s+|\s*(?:…|\.\.\.)\s*(?:en\s+)?){_NUM_ITEM})*)"
)

_KST_RE = re.compile(
    r"(?:(?P<kst>[Kk]amerstukken|[Kk]amerstuk)(?:\s+(?P<ch>II|I|2|1)(?![\d\w]))?"
    r"|(?P<named>Tweede|Eerste)\s+Kamer,\s+vergaderjaar"
    r"|\b(?P<tk>TK|EK)(?=[\s,]))"
    rf"(?:\s*,?\s*{_SESSION})?\s*,?\s*"
    rf"(?:{_DOSSIER}(?:\s*\(R\s?\d+\))?"
    rf"(?:\s*,?\s*{_NUMBERS}|\s*,\s*(?P<bare>\d{{1,5}}(?![\d/.,-]?\d)|[A-Z]{{1,2}}(?![\w.]))"
    r"|\s+(?P<spaced>\d{3,5})(?![\d\w])|-(?P<hyph>\d{3,5})(?![\d\w]))?"
    r"|nr\.\s*(?P<dn_d>\d{5})-(?P<dn_n>\d+))"
)
_RANGE_RE = re.compile(r"(\d+)\s*[–-]\s*(\d+)")
_SHORT_RE = re.compile(
    r"(?P<kst>[Kk]amerstuk(?:ken)?)\s+(?P<d1>\d{2}\s?\d{3})-(?P<d2>\d{1,3})-(?P<n>\d+)(?![\w])"
)
_DOSSIER_ONLY = rf"\d{{2}}\s?\d{{3}}(?:[\s-](?:{_ROMAN}|\d{{1,2}})(?![\w]))?"
#: one paper in two dossiers: 'Kamerstukken II 2015/16, 32 317 en 21 501-20, nr. 398'
_JOINT_RE = re.compile(
    r"(?P<kst>[Kk]amerstuk(?:ken)?)(?:\s+(?P<ch>II|I)(?![\w]))?"
    rf"(?:\s*,?\s*{_SESSION})?\s*,?\s*(?P<a>{_DOSSIER_ONLY})\s+en\s+(?P<b>{_DOSSIER_ONLY})"
    r"\s*,?\s*nrs?\.\s*(?P<n>\d{1,5}[a-z]?)(?![\w])"
)
#: how motions cite a paper of another dossier: 'de motie op stuk nr. 68 (35 483)',
#: '(stuk nr. 12, 30 573)'
_STUK_RE = re.compile(
    rf"\bstuk\s+nr\.\s*(?P<n>\d{{1,5}}[a-z]?)(?![\w])\s*(?:\(|,\s*)"
    rf"(?P<d1>\d{{2}}\s?\d{{3}})(?:[\s-](?P<d2>{_ROMAN}|\d{{1,3}}))?(?![\w])\)?"
)
_KST_ID_RE = re.compile(
    rf"\bkst-(?P<d1>\d{{5}})(?:-(?P<d2>{_ROMAN}|\d{{1,3}}))?-(?P<n>\d+[a-z]?|[A-Z]{{1,3}})\b"
)
_AMENDED_RE = re.compile(
    r"\s*,?\s*(?:gewijzigd|herdrukt|vervangen)\s+(?:onder|als|door)\s+"
    r"(?P<nums>nrs?\.?\s*\d+(?:\s*(?:,|en)\s*\d+)*)"
)
_NUM_IN_LIST = re.compile(r"\d+[a-z]?(?![\w])|(?<![\w])[A-Z]{1,2}(?![\w])")
# answers to written questions ('Aanhangsel Handelingen II 2019/20, nr. 1234',
# 'Kamerstukken II 2021/22, Aanhangsel, nr. 1694') and plenary records
# ('Handelingen II 2019/20, nr. 45, item 7')
_AANHANGSEL_RE = re.compile(
    rf"(?:Aanhangsel\s+(?:van\s+de\s+)?Handelingen|(?:Kamerstukken|Handelingen))\s+(?P<ch>II|I)"
    rf"\s*,?\s*{_SESSION}\s*,\s*(?P<aanh>Aanhangsel\s*,\s*)?(?:nr\.\s*)?(?P<n>\d+)"
    r"(?:\s*,\s*item\s+(?P<item>\d+))?"
)


_EU_ACT_RE = re.compile(
    r"\b(?P<type>Uitvoeringsverordening|Gedelegeerde\s+verordening|Verordening(?:en)?|"
    r"Richtlijn(?:en)?|Besluit|Kaderbesluit|Regulation|Directive)\s+"
    r"(?P<acts>\((?:EU|EG|EEG|EU,\s*Euratom)\)\s*(?:nr\.\s*)?\d{1,4}/\d{1,4}"
    r"(?:\s*(?:,|en)\s*\((?:EU|EG|EEG)\)\s*(?:nr\.\s*)?\d{1,4}/\d{1,4})*)"
)
_ACT_ITEM_RE = re.compile(r"\((?:EU|EG|EEG|EU,\s*Euratom)\)\s*(?:nr\.\s*)?(?P<id>\d{1,4}/\d{1,4})")

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")


def normalise_session(raw: str | None) -> str | None:
    if not raw:
        return None
    digits = re.findall(r"\d+", raw)
    if len(digits) != 2:
        return None
    first, second = digits
    if len(second) == 2:
        second = str(int(first) + 1)  # '2019/20' -> 2020, '1999/00' -> 2000
    return f"{first}-{second}"


def _dossier(d1: str, d2: str | None) -> str:
    base = d1.replace(" ", "")
    return f"{base}-{d2}" if d2 else base


def find_kamerstukken(text: str) -> list[Reference]:
    refs: list[Reference] = []
    taken: list[tuple[int, int]] = []
    # compact forms first: 'Kamerstuk 21501-32-1740', 'kst-35300-VI-37'
    for m in (*_SHORT_RE.finditer(text), *_KST_ID_RE.finditer(text), *_STUK_RE.finditer(text)):
        refs.append(
            Reference(
                text=m.group(0),
                start=m.start(),
                end=m.end(),
                kind="kamerstuk",
                dossier=_dossier(m.group("d1"), m.group("d2")),
                number=m.group("n"),
            )
        )
        taken.append((m.start(), m.end()))
    for m in _JOINT_RE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        refs += _joint(text, m)
        taken.append((m.start(), m.end()))
    for m in _KST_RE.finditer(text):
        if not any(m.start() < e and s < m.end() for s, e in taken):
            refs += _cited(text, m)
    refs.sort(key=lambda r: r.start)
    return refs


def _joint(text: str, m: re.Match[str]) -> list[Reference]:
    """'Kamerstukken 32317 en 22112, nr. 5': both dossiers with the one number."""
    refs = []
    for which in ("a", "b"):
        raw = " ".join(m.group(which).replace("-", " ").split())
        head, _, part = raw[:6].strip(), None, raw[6:].strip()
        start = m.start() if which == "a" else m.start("n")
        refs.append(Reference(
            text=text[start : m.end()], start=start, end=m.end(), kind="kamerstuk",
            dossier=_dossier(head, part or None), number=m.group("n"),
            session=normalise_session(m.group("session")),
            chamber=_CHAMBERS.get(m.group("ch") or ""),
        ))  # fmt: skip
    return refs


def _cited(text: str, m: re.Match[str]) -> list[Reference]:
    """The references of one written-out citation ('Kamerstukken II 2019/20, 35 300 VI,
    nrs. 1–3'): one per number, or the dossier alone when it has context."""
    chamber = _CHAMBERS.get(m.group("ch") or m.group("tk") or "")
    if m.group("named"):
        chamber = f"{m.group('named')} Kamer"
    if m.group("tk") and not (m.group("nums") or m.group("bare")):
        return []  # 'TK' alone before a number is too weak a signal
    session = normalise_session(m.group("session"))
    if m.group("dn_d"):
        return [Reference(text=m.group(0), start=m.start(), end=m.end(), kind="kamerstuk",
                          dossier=m.group("dn_d"), number=m.group("dn_n"), session=session,
                          chamber=chamber)]  # fmt: skip
    dossier = _dossier(m.group("d1"), m.group("d2"))
    found = _number_spans(text, m, chamber)
    if found is None:
        return []
    num_spans, numbers, end = found
    if not num_spans:
        if m.group("session") is None and m.group("ch") is None and not m.group("named"):
            return []  # a bare 'Kamerstuk 12345' without context is too weak
        written = text[m.start() : end].rstrip(" ,")
        return [Reference(text=written, start=m.start(), end=m.start() + len(written),
                          kind="kamerstuk", dossier=dossier, number=None, session=session,
                          chamber=chamber)]  # fmt: skip
    refs = []
    num_spans.sort()
    for i, (s, e) in enumerate(num_spans):
        # the first number's span covers the whole citation, the others their number
        span_start = m.start() if i == 0 else s
        rng = _RANGE_RE.fullmatch(text[s:e])
        values = [n for n in numbers
                  if rng and int(rng.group(1)) <= int(n) <= int(rng.group(2))]  # fmt: skip
        for number in values or [text[s:e]]:
            refs.append(Reference(text=text[span_start:e], start=span_start, end=e,
                                  kind="kamerstuk", dossier=dossier, number=number,
                                  session=session, chamber=chamber))  # fmt: skip
    return refs


def _number_spans(
    text: str, m: re.Match[str], chamber: str | None
) -> tuple[list[tuple[int, int]], list[str], int] | None:
    """Where a citation's numbers are written, the numbers its ranges stand for, and where
    the citation ends (past 'zoals gewijzigd bij nr. …'); None when what looks like its
    number is not one (a year, a bare letter outside the Eerste Kamer)."""
    end = m.end()
    num_spans: list[tuple[int, int]] = []
    numbers: list[str] = []
    group = next((g for g in ("bare", "spaced", "hyph") if m.group(g)), None)
    if group is not None:
        written = m.group(group)
        closes = re.match(r"\s*(?:[);\]]|\.(?:\s|$)|$)", text[m.end(group) : m.end(group) + 3])
        if written.isdigit() and 1900 <= int(written) <= 2099 and not closes:
            return None  # 'Kamerstuk 35 300, 2019 was …': a year, not a number
        if written.isalpha() and chamber != "Eerste Kamer":
            return None  # a bare letter is an Eerste Kamer number ('34 300 VI, E') only
        num_spans = [(m.start(group), m.end(group))]
    if m.group("nums"):
        num_spans += _listed(m.start("nums"), m.group("nums"), numbers)
        amended = _AMENDED_RE.match(text, end)
        if amended:
            base = amended.start("nums")
            num_spans += [
                (base + x.start(), base + x.end())
                for x in _NUM_IN_LIST.finditer(amended.group("nums"))
            ]
            end = amended.end()
    return num_spans, numbers, end


def _listed(base: int, nums: str, numbers: list[str]) -> list[tuple[int, int]]:
    """The spans of 'nrs. 4, 7 en 9–11' (at ``base``); a range's numbers go into
    ``numbers`` ('nrs. 1–3': each of 1, 2 and 3), a long range stands for its first."""
    spans = []
    ranges = list(_RANGE_RE.finditer(nums))
    for x in _NUM_IN_LIST.finditer(nums):
        if any(r.start() <= x.start() < r.end() for r in ranges):
            continue
        spans.append((base + x.start(), base + x.end()))
    for r in ranges:
        lo, hi = int(r.group(1)), int(r.group(2))
        if 0 < hi - lo <= 50:
            numbers += [str(n) for n in range(lo, hi + 1)]
            spans.append((base + r.start(), base + r.end()))
        else:
            spans.append((base + r.start(1), base + r.end(1)))
    return spans


def find_parliamentary_records(text: str) -> list[Reference]:
    """Aanhangsel (answers to written questions) and Handelingen (plenary records)."""
    out = []
    for m in _AANHANGSEL_RE.finditer(text):
        head = m.group(0).split()[0]
        if head == "Kamerstukken" and not m.group("aanh"):
            continue  # an ordinary Kamerstuk citation, handled by find_kamerstukken
        kind = "aanhangsel" if head == "Aanhangsel" or m.group("aanh") else "handelingen"
        out.append(
            Reference(
                text=m.group(0),
                start=m.start(),
                end=m.end(),
                kind=kind,
                number=m.group("n"),
                session=normalise_session(m.group("session")),
                chamber=_CHAMBERS[m.group("ch")],
            )
        )
    return out


def find_eu_acts(text: str) -> list[Reference]:
    out = []
    for m in _EU_ACT_RE.finditer(text):
        act_type = m.group("type").split()[0].lower().removesuffix("en")
        for item in _ACT_ITEM_RE.finditer(m.group("acts")):
            s = m.start("acts") + item.start()
            e = m.start("acts") + item.end()
            start = m.start() if item.start() == 0 else s
            out.append(
                Reference(
                    text=text[start:e],
                    start=start,
                    end=e,
                    kind="eu_act",
                    act_type=act_type,
                    act_id=item.group("id"),
                )
            )
    return out


def find_urls(text: str) -> list[Reference]:
    out = []
    for m in _URL_RE.finditer(text):
        url = m.group(0).rstrip(".,;:)>]")
        out.append(
            Reference(
                text=url,
                start=m.start(),
                end=m.start() + len(url),
                kind="url",
                url=url if url.startswith("http") else f"https://{url}",
            )
        )
    return out


def find_references(text: str) -> list[Reference]:
    # cheap substring tests first: most paragraphs cite nothing
    refs: list[Reference] = []
    if ("amerstuk" in text or "Kamer, vergaderjaar" in text or "kst-" in text
            or "stuk nr" in text or "TK" in text or "EK" in text):  # fmt: skip
        refs += find_kamerstukken(text)
    if "Aanhangsel" in text or "Handelingen" in text:
        refs += find_parliamentary_records(text)
    if "otie" in text:
        refs += find_motions(text)
    if "(E" in text:
        refs += find_eu_acts(text)
    if "http" in text or "www." in text:
        refs += find_urls(text)
    refs.sort(key=lambda r: (r.start, r.end))
    return refs
