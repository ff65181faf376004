"""Letter metadata from the letterhead, the sidebar and the signature block.

Nothing is guessed: a field the document does not state stays None. The letterhead is
read first (it is the first page's own), the sidebar second (later pages repeat kenmerk
and date, which is how a letter missing its first page still has a date).
"""

from __future__ import annotations

import re
from datetime import date

from partnerships.domain import Sender, Signatory
from partnerships.domain.textnorm import MONTH_PATTERN, squash_ws
from partnerships.ingest.dates import parse_full_date
from partnerships.ingest.layout import Line

_KENMERK_LABEL_RE = re.compile(
    r"^\s*(?:Ons\s+kenmerk|Onze\s+referentie|Kenmerk)\b[:\s]*(.*)$", re.I
)
_UW_KENMERK_RE = re.compile(r"^\s*Uw\s+(?:kenmerk|brief|referentie)\b", re.I)
_DATE_LABEL_RE = re.compile(r"^\s*Datum\b[:\s]*(.*)$", re.I)
_DATE_ONLY_RE = re.compile(rf"^\s*\d{{1,2}}\s+(?:{MONTH_PATTERN})\s+\d{{4}}\s*$", re.I)
_BIJLAGE_RE = re.compile(r"^\s*Bijlage(?:\(n\)|n)?(?![\w])[:\s]*(.*)$", re.I)
_CHAMBER_RE = re.compile(r"\b(Tweede|Eerste)\s+Kamer\b", re.I)
_MINISTRY_RE = re.compile(r"\bMinisterie\s+van\s+(.+)$", re.I)
_UNIT_START_RE = re.compile(
    r"^\s*(?:Directoraat-[Gg]eneraal|Directie|DG\s|Bureau|Afdeling|Programmadirectie|Dienst)\b"
)
_ADDRESS_RE = re.compile(
    r"^\s*(?:Postbus|Bezoekadres|Postadres|www\.|https?://|T\s|F\s|\d{4}\s?[A-Z]{2}\b|"
    r"[A-Z][\w'’-]+(?:straat|weg|plein|markt|laan|gracht|kade|hof|park)\s+\d)",
)

# Ministries by their rijksoverheid.nl short name, for letterheads that only give the URL.
MINISTRIES = {
    "az": "Ministerie van Algemene Zaken",
    "bzk": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
    "bz": "Ministerie van Buitenlandse Zaken",
    "def": "Ministerie van Defensie",
    "defensie": "Ministerie van Defensie",
    "ezk": "Ministerie van Economische Zaken en Klimaat",
    "ez": "Ministerie van Economische Zaken",
    "kgg": "Ministerie van Klimaat en Groene Groei",
    "fin": "Ministerie van Financiën",
    "ienw": "Ministerie van Infrastructuur en Waterstaat",
    "jenv": "Ministerie van Justitie en Veiligheid",
    "lnv": "Ministerie van Landbouw, Natuur en Voedselkwaliteit",
    "lvvn": "Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur",
    "ocw": "Ministerie van Onderwijs, Cultuur en Wetenschap",
    "szw": "Ministerie van Sociale Zaken en Werkgelegenheid",
    "vws": "Ministerie van Volksgezondheid, Welzijn en Sport",
    "aenm": "Ministerie van Asiel en Migratie",
    "vro": "Ministerie van Volkshuisvesting en Ruimtelijke Ordening",
}
_KNOWN_MINISTRY_KEYS = {re.sub(r"\W", "", v.lower()): v for v in MINISTRIES.values()}


#: ministers and state secretaries 'voor' a policy area, and the ministry they sit in
_HOSTED = {
    "buitenlandse handel en ontwikkelingssamenwerking": "Ministerie van Buitenlandse Zaken",
    "ontwikkelingssamenwerking": "Ministerie van Buitenlandse Zaken",
    "europese zaken": "Ministerie van Buitenlandse Zaken",
    "immigratie en asiel": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
    "immigratie, integratie en asiel": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
    "vreemdelingenzaken en integratie": "Ministerie van Justitie",
    "migratie": "Ministerie van Justitie en Veiligheid",
    "asiel en migratie": "Ministerie van Asiel en Migratie",
}


_LOWER = {"en", "van", "voor", "de", "het", "der", "den"}


def recase(words: str) -> str:
    """'VEILIGHEID EN JUSTITIE' -> 'Veiligheid en Justitie' (headers and some signatures are
    in capitals)."""
    out = []
    for i, w in enumerate(words.lower().split()):
        out.append(w if (i and w in _LOWER) else w[:1].upper() + w[1:])
    return " ".join(out)


def ministry_of_function(function: str) -> str | None:
    """'Staatssecretaris van Veiligheid en Justitie' -> 'Ministerie van Veiligheid en
    Justitie'; a minister 'voor' a policy area -> the ministry that hosts it (known ones
    only; otherwise None rather than a ministry of that name, which does not exist)."""
    m = re.search(r"\bvan\s+(.+?)(?:\s+en\s+(?:van|de|het)\s+.*)?$", function, re.I)
    if not m:
        v = re.search(r"\bvoor\s+(.+?)(?:\s+en\s+(?:van|de|het)\s+.*)?$", function, re.I)
        if not v:
            return None
        area = " ".join(v.group(1).lower().rstrip(",").split())
        known = _KNOWN_MINISTRY_KEYS.get(re.sub(r"\W", "", f"ministerie van {area}"))
        return _HOSTED.get(area) or known
    words = m.group(1).strip().rstrip(",")
    if words.isupper():  # 'DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT'
        words = recase(words)
    name = "Ministerie van " + words
    return _KNOWN_MINISTRY_KEYS.get(re.sub(r"\W", "", name.lower()), name)


def normalise_kenmerk(raw: str) -> str | None:
    """'I E NW/BSK-2022/268034' -> 'IENW/BSK-2022/268034'; 'DGBI – I&K/ 26844711' ->
    'DGBI-I&K/26844711'. Letter-spaced capitals are joined, dashes unified, and the space
    around '/' and '-' removed (PDF fonts letter-space kenmerken)."""
    t = squash_ws(raw.replace("*", ""))
    if not t:
        return None
    t = re.sub(r"[‐‑‒–—−]", "-", t)
    t = re.sub(r"\s*([/-])\s*", r"\1", t)
    while True:
        joined = re.sub(r"(?<![A-Za-z])([A-Z]) (?=[A-Z])", r"\1", t)
        if joined == t:
            break
        t = joined
    t = t.strip(" .,:;")
    return t or None


def _texts(lines: list[Line]) -> list[str]:
    return [squash_ws(ln.text.replace("*", "").lstrip("> ")) for ln in lines if ln.text.strip()]


def _value_after(texts: list[str], i: int, ok: re.Pattern[str] | None = None) -> str | None:
    for j in range(i + 1, min(i + 4, len(texts))):
        cand = texts[j]
        if not cand:
            continue
        if ok is None or ok.match(cand):
            return cand
    return None


def find_kenmerk(letterhead: list[Line], sidebar: list[Line]) -> str | None:
    value_re = re.compile(r"^[\w&./\-– ]{2,40}$")
    for group in (letterhead, sidebar):
        texts = _texts(group)
        for i, text in enumerate(texts):
            if _UW_KENMERK_RE.match(text):
                continue
            m = _KENMERK_LABEL_RE.match(text)
            if not m:
                continue
            value = m.group(1).strip() or _value_after(texts, i, value_re)
            if value and any(ch.isdigit() for ch in value):
                return normalise_kenmerk(value)
    return None


def find_date(letterhead: list[Line], sidebar: list[Line]) -> date | None:
    for group in (letterhead, sidebar):
        texts = _texts(group)
        for i, text in enumerate(texts):
            m = _DATE_LABEL_RE.match(text)
            if not m:
                continue
            value = m.group(1).strip() or _value_after(texts, i, _DATE_ONLY_RE)
            if value:
                parsed = parse_full_date(value)
                if parsed:
                    return parsed
    # a letter missing its first page: the sidebar's date repeated on later pages
    dates = [parse_full_date(t) for t in _texts(sidebar) if _DATE_ONLY_RE.match(t)]
    known = [d for d in dates if d is not None]
    if known and all(d == known[0] for d in known):
        return known[0]
    return None


def find_addressee(letterhead: list[Line]) -> str | None:
    for text in _texts(letterhead):
        if text.lower().startswith("retouradres") or text.startswith("Retouradres"):
            continue
        if re.search(r"\bvoorzitter\b", text, re.I) or re.match(
            r"^\s*(?:Aan\s+)?de\s+(?:Tweede|Eerste)\s+Kamer", text, re.I
        ):
            m = _CHAMBER_RE.search(text)
            if m:
                return f"{m.group(1).capitalize()} Kamer"
    return None


def find_attachments(letterhead: list[Line], sidebar: list[Line]) -> int | None:
    for group in (letterhead, sidebar):
        texts = _texts(group)
        for i, text in enumerate(texts):
            m = _BIJLAGE_RE.match(text)
            if not m:
                continue
            value = m.group(1).strip() or _value_after(
                texts, i, re.compile(r"^(\d{1,2}|-|–|geen)$", re.I)
            )
            if value is None:
                continue
            if re.fullmatch(r"\d{1,2}", value):
                return int(value)
            if value.lower() in ("-", "–", "geen"):
                return 0
    return None


def _ministry_from(texts: list[str]) -> str | None:
    joined = " ".join(texts)
    m = re.search(r"\bMinisterie\s+van\s+", joined)
    if m:
        tail = joined[m.end() :]
        squeezed = re.sub(r"\W", "", ("Ministerie van " + tail).lower())
        for key, name in _KNOWN_MINISTRY_KEYS.items():
            if squeezed.startswith(key):
                return name
    for text in texts:
        url = re.search(r"rijksoverheid\.nl/([a-z]+)", text)
        if url and url.group(1) in MINISTRIES:
            return MINISTRIES[url.group(1)]
    return None


def find_sender(letterhead: list[Line], sidebar: list[Line]) -> Sender:
    lh = _texts(letterhead)
    sb = _texts(sidebar)
    ministry = _ministry_from(lh) or _ministry_from(sb)
    unit = None
    for group in (lh, sb):
        for i, text in enumerate(group):
            if not _UNIT_START_RE.match(text):
                continue
            parts = [text]
            for nxt in group[i + 1 : i + 4]:
                if (
                    _ADDRESS_RE.match(nxt)
                    or _KENMERK_LABEL_RE.match(nxt)
                    or _DATE_LABEL_RE.match(nxt)
                ):
                    break
                if re.search(r"\bKamer\b|Staten-Generaal|Voorzitter", nxt):
                    break
                parts.append(nxt)
            unit = _join_unit(parts)
            break
        if unit:
            break
    return Sender(ministry=ministry, unit=unit)


def _join_unit(parts: list[str]) -> str:
    """'Directoraat-Generaal' + 'Migratie' + 'Bureau Internationale Migratie' ->
    'Directoraat-Generaal Migratie, Bureau Internationale Migratie'."""
    out: list[str] = []
    for part in parts:
        if out and _UNIT_START_RE.match(part):
            out.append(", " + part)
        else:
            out.append((" " if out else "") + part)
    return "".join(out).strip()


_FUNCTION_RE = re.compile(
    r"^\s*(?:(?:De|DE|de)\s+)?(?:Minister-President|Minister|Staatssecretaris|Directeur-generaal)\b",
    re.I,
)
_CLOSING_RE = re.compile(
    r"^\s*(?:Hoogachtend|Met\s+(?:vriendelijke|hartelijke)\s+groet|Met\s+de\s+meeste)", re.I
)


def _join_wrapped_functions(texts: list[str]) -> list[str]:
    """'De Minister van' / 'Buitenlandse Zaken,' (a function wrapped in a narrow column)
    -> 'De Minister van Buitenlandse Zaken,'."""
    out: list[str] = []
    i = 0
    while i < len(texts):
        text = texts[i]
        if _FUNCTION_RE.match(text) and not text.endswith(","):
            j = i + 1
            while j < len(texts) and j - i <= 3 and not texts[j - 1].endswith(","):
                if _FUNCTION_RE.match(texts[j]) or len(texts[j]) > 60:
                    break
                j += 1
            if j > i + 1 and texts[j - 1].endswith(","):
                out.append(" ".join(texts[i:j]))
                i = j
                continue
        out.append(text)
        i += 1
    return out


def find_signatories(signature: list[Line]) -> list[Signatory]:
    texts = _join_wrapped_functions([t for t in _texts(signature) if not _CLOSING_RE.match(t)])
    out: list[Signatory] = []
    i = 0
    while i < len(texts):
        text = texts[i]
        if _FUNCTION_RE.match(text) and text.endswith(","):
            function = text.rstrip(",").strip()
            if i + 1 < len(texts) and not _FUNCTION_RE.match(texts[i + 1]):
                out.append(Signatory(name=texts[i + 1], function=function))
                i += 2
                continue
            i += 1
            continue
        if not _FUNCTION_RE.match(text):
            role: str | None = None
            if (
                i + 1 < len(texts)
                and _FUNCTION_RE.match(texts[i + 1])
                and not texts[i + 1].endswith(",")
            ):
                role = texts[i + 1]
                i += 1
            out.append(Signatory(name=text, function=role))
        i += 1
    return out
