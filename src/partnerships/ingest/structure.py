"""Letter assembly: from read lines to letterhead, sidebar, body, footnotes and signature.

Every reader delivers lines; some come with roles decided by geometry (PDF), the others
are decided here by content, the same way for every format:

1. page chrome: 'Pagina N van M' footers; footnotes that start with a marker;
2. the letterhead on the first page, up to and including the 'Onderwerp'/'Betreft' line
   (and its continuation) or the 'Datum' line, and the salutation;
3. the sidebar repeated on later pages: its labels with their values ('Datum' + date,
   'Ons kenmerk' + number), and short lines made only of the sender block's words; sidebar
   fragments that OCR glued to the end of a body line are cut off;
4. the signature block at the end (closings, 'De Minister van …,' + name, name + function);
5. what is left is body text, joined into paragraphs across line, page and footnote breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from partnerships.domain.textnorm import MONTH_PATTERN, SUPERSCRIPT_DIGITS, superscript_to_int
from partnerships.ingest.layout import Line, Marker, RawDocument, Role
from partnerships.ingest.signature_columns import FUNCTION_RE as _FUNCTION_RE
from partnerships.ingest.signature_columns import split_text_columns as _split_text_columns

_FOOTER_RE = re.compile(r"^\s*P\s?a\s?g\s?i\s?n\s?a\s+\d+\s+v\s?a\s?n\s+\d+\s*$", re.I)
_SUPER_RE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_SUPER_FOOTNOTE_RE = re.compile(f"^\\s*([{SUPERSCRIPT_DIGITS}]+)\\s*(\\S.*)$")
_PLAIN_FOOTNOTE_RE = re.compile(
    r"^\s*(\d{1,3})\s+((?:Kamerstuk|Kamerstukken|Handelingen|Kamerbrief|https?://|www\.|Zie\s|"
    r"Bron:|Verordening|Richtlijn|Besluit|Aanhangsel)\b.*)$"
)
# the subject line; in HTML the date often shares its line: 'Datum 10 juli 2020 Onderwerp …'
_SUBJECT_RE = re.compile(
    rf"^\s*(?:Datum\b[:\s]*\d{{1,2}}\s+(?:{MONTH_PATTERN})\s+\d{{4}}\s+)?"
    r"(?:Onderwerp|Betreft)\b[:\s]*(.*)$"
)
_DATE_LINE_RE = re.compile(rf"^\s*Datum\b[:\s]*\d{{1,2}}\s+(?:{MONTH_PATTERN})\s+\d{{4}}\s*$", re.I)
_SALUTATION_RE = re.compile(r"^\s*(?:Geachte|Hooggeachte|Zeer\s+geachte)\b.*,?\s*$")
_ONLY_DATE_RE = re.compile(rf"^\s*\d{{1,2}}\s+(?:{MONTH_PATTERN})\s+\d{{4}}\s*$", re.I)
_GLUED_DATE_RE = re.compile(
    rf"(?<=[.!?:;”\"’)])\s+\d{{1,2}}\s+(?:{MONTH_PATTERN})\s+\d{{4}}\s*$", re.I
)
_KENMERK_VALUE_RE = re.compile(r"^\s*[\w&./\-– ]{2,40}\s*$")
_CLOSING_RE = re.compile(
    r"^\s*(?:Hoogachtend|Met\s+(?:vriendelijke|hartelijke)\s+groet(?:en)?|"
    r"Met\s+de\s+meeste\s+hoogachting)\b.*$",
    re.I,
)
_NAME_TOKEN = r"(?:[A-Z][\w'’.-]*|van|de|der|den|ter|ten|te|'t|d'|-|–|von|du|la|le)"
_NAME_RE = re.compile(rf"^\s*[A-Z][\w'’.-]*(?:\s+{_NAME_TOKEN}){{0,6}}\s*$")
_END_PUNCT = ".!?:;"
_LEADING_JUNK_RE = re.compile(r"^[\s*_#>]+")


@dataclass(slots=True)
class Assembled:
    body: str
    #: (offset in body, footnote number) for each marker found in the body
    markers: list[tuple[int, int]]
    footnotes: list[tuple[int, str]]
    letterhead: list[Line]
    sidebar: list[Line]
    signature: list[Line]
    #: the subject text, when the letterhead has one (joined over its lines)
    subject: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class SidebarVocabulary:
    labels: list[str]
    words: set[str]
    _by_lower: dict[str, str] = field(init=False, repr=False)
    _first_words: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_lower = {label.lower(): label for label in self.labels}
        self._first_words = {label.split()[0].lower() for label in self.labels if label.split()}

    def label_of(self, text: str) -> str | None:
        return self._by_lower.get(_clean(text).rstrip(":").strip().lower())

    def label_prefix(self, text: str) -> tuple[str, str] | None:
        t = _clean(text)
        low = t.lower()
        if low.split(" ", 1)[0].rstrip(":") not in self._first_words:
            return None
        for label in self.labels:
            lab = label.lower()
            if low.startswith((lab + " ", lab + ":")):
                return label, t[len(label) :].lstrip(" :")
        return None

    def covers(self, text: str) -> bool:
        """True when every word of a short line is a sidebar word (case-sensitive)."""
        tokens = [t for t in re.split(r"[\s,]+", _clean(text)) if t]
        if not tokens or len(tokens) > 6:
            return False
        return all(t in self.words or t in {"&", "en", "-", "–"} for t in tokens) and any(
            t in self.words for t in tokens
        )


def _clean(text: str) -> str:
    return _LEADING_JUNK_RE.sub("", text).replace("*", "").replace("_", " ").strip()


def _is_junk(text: str) -> bool:
    """OCR debris: a line of stray punctuation and single letters."""
    t = text.strip()
    if not t:
        return True
    letters = sum(ch.isalpha() for ch in t)
    tokens = t.split()
    return letters < 2 or (
        len(tokens) >= 3 and sum(len(tok) <= 1 for tok in tokens) >= len(tokens) - 1
    )


def _noise_ratio(token: str) -> float:
    if not token:
        return 1.0
    odd = sum(1 for ch in token if not (ch.isalnum() or ch in "-.,'’()/"))
    return odd / len(token)


# ---------------------------------------------------------------------------------------


def assemble(doc: RawDocument, vocab: SidebarVocabulary) -> Assembled:
    lines = [ln for ln in doc.lines if ln.text.strip() or ln.role is not None]
    _mark_chrome(lines, geometric=doc.geometric)
    subject = _mark_letterhead(lines)
    words = set(vocab.words)
    for ln in lines:
        if ln.role in (Role.LETTERHEAD, Role.SIDEBAR):
            words.update(t for t in re.split(r"[\s,]+", _clean(ln.text)) if t[:1].isupper())
    learned = SidebarVocabulary(vocab.labels, words)
    if not doc.geometric:
        _mark_sidebar(lines, learned)
        _cut_glued_tails(lines, learned)
    if not doc.geometric:
        lines = _split_text_columns(lines)
    signature = _mark_signature(lines)
    for ln in lines:
        if ln.role is None:
            ln.role = Role.BODY
    body, markers = _build_body(
        lines, hard_wrapped=doc.format in ("txt", "ocr", "pdftotext", "pdf")
    )
    footnotes = _collect_footnotes(lines)
    return Assembled(
        body=body,
        markers=markers,
        footnotes=footnotes,
        letterhead=[ln for ln in lines if ln.role == Role.LETTERHEAD],
        sidebar=[ln for ln in lines if ln.role in (Role.SIDEBAR, Role.FOOTER)],
        signature=signature,
        subject=subject,
    )


# 1. page chrome ------------------------------------------------------------------------


def _mark_chrome(lines: list[Line], geometric: bool) -> None:
    in_note = False
    for ln in lines:
        if ln.role == Role.FOOTNOTE:
            in_note = True
            continue
        if ln.role is not None:
            in_note = False
            continue
        if _FOOTER_RE.match(ln.text):
            ln.role = Role.FOOTER
            in_note = False
            continue
        m = _SUPER_FOOTNOTE_RE.match(ln.text)
        if m and (ln.gap_before or not ln.soft):
            ln.role = Role.FOOTNOTE
            ln.footnote_number = superscript_to_int(m.group(1))
            ln.text = m.group(2)
            in_note = True
            continue
        m2 = None if geometric else _PLAIN_FOOTNOTE_RE.match(ln.text)
        if m2:
            ln.role = Role.FOOTNOTE
            ln.footnote_number = int(m2.group(1))
            ln.text = m2.group(2)
            in_note = True
            continue
        if in_note and ln.soft:
            ln.role = Role.FOOTNOTE  # a footnote's second line in the same markdown block
            continue
        in_note = False


# 2. letterhead ---------------------------------------------------------------------------


def _mark_letterhead(lines: list[Line]) -> str | None:
    """Mark the first page's letterhead; return the subject when there is one."""
    candidates = _letterhead_candidates(lines)
    subject_idx = _first(lines, candidates, lambda t: bool(_SUBJECT_RE.match(_clean(t))))
    anchor = subject_idx
    if anchor is None:
        anchor = _first(lines, candidates, lambda t: bool(_DATE_LINE_RE.match(_clean(t))))
    if anchor is None:
        anchor = _first(lines, candidates[:40], _is_salutation)
    if anchor is None:
        return None
    first_page = lines[anchor].page
    for i in range(anchor + 1):
        if lines[i].role is None and lines[i].page == first_page:
            lines[i].role = Role.LETTERHEAD
    subject, end = (None, anchor) if subject_idx is None else _subject(lines, subject_idx)
    # the salutation just after the letterhead is not body text
    for j in range(end + 1, min(end + 4, len(lines))):
        if lines[j].role is None:
            if _is_salutation(lines[j].text):
                lines[j].role = Role.LETTERHEAD
            break
    return subject


def _letterhead_candidates(lines: list[Line]) -> list[int]:
    """The unclaimed lines before the body text begins (a long line with a sentence end)."""
    candidates = []
    for i, ln in enumerate(lines[:120]):
        if ln.role is not None:
            continue
        if len(ln.text) > 200 and re.search(r"[.!?]\s", ln.text):
            break  # body text has begun: the letterhead, if any, lies before it
        candidates.append(i)
    return candidates


def _first(lines: list[Line], candidates: list[int], test: Callable[[str], bool]) -> int | None:
    return next((i for i in candidates if test(lines[i].text)), None)


def _is_salutation(text: str) -> bool:
    return bool(_SALUTATION_RE.match(text)) and len(text) < 60


def _subject(lines: list[Line], subject_idx: int) -> tuple[str | None, int]:
    """The subject from its 'Onderwerp' line and the lines that continue it (marked as
    letterhead); and the index of its last line."""
    m = _SUBJECT_RE.match(_clean(lines[subject_idx].text))
    parts = [m.group(1).strip()] if m and m.group(1).strip() else []
    x_subject = lines[subject_idx].x0
    end = subject_idx
    for j in range(subject_idx + 1, len(lines)):
        ln = lines[j]
        if ln.role is not None:
            continue
        text = _clean(ln.text)
        prev_open = bool(parts) and parts[-1][-1:] not in _END_PUNCT
        same_block = ln.soft and not ln.gap_before
        indented = x_subject is not None and ln.x0 is not None and ln.x0 > x_subject + 20
        if not (text and prev_open and (same_block or text[0].islower() or indented)):
            break
        parts.append(text)
        ln.role = Role.LETTERHEAD
        end = j
    return (" ".join(parts) if parts else None), end


# 3. sidebar ------------------------------------------------------------------------------


def _mark_sidebar(lines: list[Line], vocab: SidebarVocabulary) -> None:
    for i, ln in enumerate(lines):
        if ln.role is not None:
            continue
        text = _clean(ln.text)
        if len(text) > 80:
            continue  # sidebar lines are short; a long line is body text
        label = vocab.label_of(text)
        if label:
            ln.role = Role.SIDEBAR
            _claim_value(lines, i + 1, label)
            continue
        if _ONLY_DATE_RE.match(text) or _DATE_LINE_RE.match(text):
            ln.role = Role.SIDEBAR
            continue
        if len(text) < 40 and _is_junk(text):
            ln.role = Role.NOISE
            continue
        if vocab.covers(text) and not text.endswith((".", "?", "!", ":", ";")):
            ln.role = Role.SIDEBAR
            continue
        prefix = vocab.label_prefix(text) if len(text) < 60 else None
        if prefix and prefix[0] != "Datum" and _KENMERK_VALUE_RE.match(prefix[1]):
            ln.role = Role.SIDEBAR


def _claim_value(lines: list[Line], start: int, label: str) -> None:
    """Mark the value that belongs to a sidebar label (it may sit a few lines down)."""
    seen = 0
    for j in range(start, len(lines)):
        ln = lines[j]
        if ln.role is not None:
            continue
        seen += 1
        text = _clean(ln.text)
        if label == "Datum":
            ok = bool(_ONLY_DATE_RE.match(text))
        elif label.lower().startswith("bijlage"):
            ok = bool(re.fullmatch(r"\d{1,2}|-|–|geen", text))
        else:
            ok = (
                bool(_KENMERK_VALUE_RE.match(text))
                and any(ch.isdigit() for ch in text)
                and len(text.split()) <= 4
            )
        if ok:
            ln.role = Role.SIDEBAR
            return
        if seen >= 3:
            return


def _cut_glued_tails(lines: list[Line], vocab: SidebarVocabulary) -> None:
    """Cut sidebar fragments that OCR glued to the end of body lines."""
    body_idx = [i for i, ln in enumerate(lines) if ln.role is None]
    for pos, i in enumerate(body_idx):
        ln = lines[i]
        text = ln.text.rstrip()
        nxt = lines[body_idx[pos + 1]].text.lstrip() if pos + 1 < len(body_idx) else ""
        m = _GLUED_DATE_RE.search(text)
        if m:
            lines.insert(0, Line(text=m.group(0).strip(), page=ln.page, role=Role.SIDEBAR))
            ln.text = text[: m.start()]
            continue
        tokens = text.split(" ")
        # debris: trailing tokens that are mostly odd characters
        cut = len(tokens)
        while cut > 1 and (_noise_ratio(tokens[cut - 1]) > 0.25 and len(tokens[cut - 1]) > 3):
            cut -= 1
        if cut < len(tokens):
            ln.text = " ".join(tokens[:cut])
            tokens = tokens[:cut]
        # a run of capitalised sidebar words at the end, interrupting a sentence
        k = len(tokens)
        while (
            k > 1
            and tokens[k - 1]
            and (tokens[k - 1] in vocab.words or vocab.label_of(tokens[k - 1]))
        ):
            k -= 1
        if k < len(tokens) and k >= 1:
            before = tokens[k - 1].lower()
            continues = bool(nxt) and (nxt[0].islower() or nxt[0] in ",;")
            ends_sentence = tokens[k - 1][-1:] in _END_PUNCT
            if before not in ("en", "van", "voor", "of", "&") and (continues or ends_sentence):
                ln.text = " ".join(tokens[:k])


# 4. signature ----------------------------------------------------------------------------


def _mark_signature(lines: list[Line]) -> list[Line]:
    idx = [i for i, ln in enumerate(lines) if ln.role is None]
    start = None
    has_function = False
    skip_to: int | None = None
    for i in reversed(idx):
        if skip_to is not None and i >= skip_to:
            if i == skip_to:
                skip_to = None
            continue
        text = _clean(lines[i].text)
        if _CLOSING_RE.match(text) or (_FUNCTION_RE.match(text) and len(text) < 130):
            start = i
            has_function = True
            continue
        if text.endswith(",") and len(text) < 80 and (head := _wrapped_function(lines, idx, i)):
            # the last line of a function wrapped over lines in a narrow column ('De Minister
            # van' / 'Buitenlandse Zaken,'): the function starts higher up
            start = head
            has_function = True
            skip_to = head
            continue
        if _NAME_RE.match(text) and len(text) < 60 and not text.endswith((",", ":", ";")):
            if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
                break
            start = i
            continue
        break
    if start is None or not has_function:
        return []
    sig = [lines[i] for i in idx if i >= start]
    for ln in sig:
        ln.role = Role.SIGNATURE
    return sig


def _wrapped_function(lines: list[Line], idx: list[int], end: int) -> int | None:
    """Where a function ending at line ``end`` ('…Zaken,') starts: a function line at most
    three lines up, with only short lines between that end no sentence."""
    at = idx.index(end)
    for back in range(1, 4):
        if at - back < 0:
            return None
        j = idx[at - back]
        text = _clean(lines[j].text)
        if _FUNCTION_RE.match(text) and not text.endswith(","):
            return j
        if len(text) > 60 or text.endswith((",", ".", ":", ";")):
            return None
    return None


# 5. body ---------------------------------------------------------------------------------


def _take_markers(line: Line) -> tuple[str, list[tuple[int, int]]]:
    """The line's text without marker digits, with (offset, number) for each marker."""
    text = line.text
    markers: list[Marker] = list(line.markers)
    for m in _SUPER_RE.finditer(text):
        markers.append(Marker(m.start(), m.end(), superscript_to_int(m.group(0))))
    if not markers:
        return text, []
    markers.sort(key=lambda mk: mk.start)
    out: list[str] = []
    found: list[tuple[int, int]] = []
    pos = 0
    removed = 0
    for mk in markers:
        if mk.start < pos:
            continue
        out.append(text[pos : mk.start])
        found.append((mk.start - removed, mk.number))
        removed += mk.end - mk.start
        pos = mk.end
    out.append(text[pos:])
    return "".join(out), found


def _typical_width(lines: list[Line]) -> float:
    widths = [len(ln.text.rstrip()) for ln in lines if ln.role == Role.BODY]
    if len(widths) < 5:
        return 10_000.0
    widths.sort()
    return float(widths[int(len(widths) * 0.9)])


def _build_body(lines: list[Line], hard_wrapped: bool) -> tuple[str, list[tuple[int, int]]]:
    """Join body lines into paragraphs; return the body and its (offset, number) markers."""
    width = _typical_width(lines) if hard_wrapped else 10_000.0
    edges = sorted(ln.x1 for ln in lines if ln.role == Role.BODY and ln.x1 is not None)
    right_edge = edges[int(len(edges) * 0.9)] if len(edges) >= 5 else None
    paragraphs: list[tuple[str, list[tuple[int, int]]]] = []
    cur = ""
    cur_markers: list[tuple[int, int]] = []
    prev: Line | None = None
    interrupted = False  # page chrome (sidebar, footnotes, footer) stood before this line

    for ln in lines:
        if ln.role != Role.BODY:
            interrupted = interrupted or ln.role in (Role.SIDEBAR, Role.FOOTNOTE, Role.FOOTER)
            continue
        text, markers = _take_markers(ln)
        lead = len(text) - len(text.lstrip())
        content = re.sub(r"[ \t\u00a0]+", " ", text.strip())
        if not content:
            continue
        broken = interrupted or ln.page_start
        interrupted = False
        joined = (
            bool(cur)
            and prev is not None
            and _continues(prev, ln, cur, content, width, broken, right_edge)
        )
        if not joined:
            if cur:
                paragraphs.append((cur, cur_markers))
            cur, cur_markers, piece = "", [], content
        else:
            cur, piece = _joined(cur, content, prev)
        base = len(cur) + len(piece) - len(content)
        for off, number in markers:
            cur_markers.append((base + max(0, min(len(content), off - lead)), number))
        cur += piece
        prev = ln
    if cur:
        paragraphs.append((cur, cur_markers))
    parts: list[str] = []
    markers_out: list[tuple[int, int]] = []
    offset = 0
    for text, mks in paragraphs:
        parts.append(text)
        markers_out.extend((offset + off, number) for off, number in mks)
        offset += len(text) + 2
    return "\n\n".join(parts), markers_out


def _joined(cur: str, content: str, prev: Line | None) -> tuple[str, str]:
    """The paragraph so far and the piece that continues it with the next line's content:
    a soft hyphen is dropped, a word broken by a hyphen goes on, otherwise a space."""
    if cur.endswith("\u00ad"):
        return cur[:-1], content
    if cur[-1:] in "-‐–—" and prev is not None and not prev.text[-1:].isspace():
        # a hyphen or dash that ends a line right after a word: the word goes on
        # ('whole-' + 'of-government', 'en –' + 'smokkel'); a dash and a space is a pause
        return cur, content
    return cur, " " + content


def _continues(
    prev: Line,
    ln: Line,
    cur: str,
    content: str,
    width: float,
    broken: bool,
    right_edge: float | None = None,
) -> bool:
    """Does this line go on with the paragraph built so far?"""
    if ln.heading and prev.heading and not ln.gap_before and not ln.page_start:
        return True  # a heading that wraps onto a second line
    if ln.heading or prev.heading:
        return False
    open_sentence = cur.rstrip()[-1:] not in _END_PUNCT
    if (content[0].islower() or content[0] in ",;)") and open_sentence:
        return True  # a sentence broken by a page, sidebar or footnote block
    first_word = content.split(" ", 1)[0]
    if prev.x1 is not None and ln.font_size and right_edge:
        # geometry: the next line's first word would surely have fitted after the previous
        # line (0.62 em is a wide character), so the previous line stopped on purpose
        ended_early = prev.x1 + (len(first_word) + 1) * ln.font_size * 0.62 < right_edge
    else:
        ended_early = len(prev.text.rstrip()) + 1 + len(first_word) < width * 0.97
    if broken and open_sentence and content[0].isalnum():
        # '… een Nationale' | page break | 'Technologiestrategie, die …': a long paragraph
        # that stops mid-sentence at a page break goes on; a heading is short
        full_line = width > 5_000 or not ended_early
        if len(cur) > 80 and full_line:
            return True
    if ln.gap_before or ln.page_start:
        return False
    # the previous line stopped short: a heading or the end of a paragraph
    return not (ended_early and (not open_sentence or content[0].isupper()))


# footnotes -------------------------------------------------------------------------------


def _collect_footnotes(lines: list[Line]) -> list[tuple[int, str]]:
    """Footnotes in order; a line without a number continues the footnote before it."""
    notes: list[tuple[int, str]] = []
    pending: int | None = None
    for ln in lines:
        if ln.role != Role.FOOTNOTE:
            continue
        text = ln.text.strip()
        if ln.footnote_number is None and re.fullmatch(r"\d{1,3}", text):
            pending = int(text)  # the marker stood on a line of its own
            continue
        number = ln.footnote_number if ln.footnote_number is not None else pending
        pending = None
        if number is not None:
            notes.append((number, text))
        elif notes:
            prev_num, prev_text = notes[-1]
            last = prev_text.rsplit(" ", 1)[-1]
            url_break = last.endswith(("-", "/", "_", ".")) and ("/" in last or "www" in last)
            notes[-1] = (prev_num, prev_text + ("" if url_break else " ") + text)
    return notes
