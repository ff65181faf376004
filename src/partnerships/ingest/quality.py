"""Is this readable text, and is it a letter at all? Checked before anything is stored.

Found by an attack and by real files: a PDF whose fonts have no usable text mapping gave 31 kB
of control characters as the body, and an empty HTML page, a markdown file holding only a
byte-order mark, invalid UTF-8 and 'hello' in a '.xyz' file were all stored as letters. A
wrong letter in the base is worse than a refusal, so each of those is refused with a
message that says what to do.
"""

from __future__ import annotations

import re

from partnerships.ingest.errors import ExtractionError

#: share of characters that may be control, replacement or private-use characters
MAX_BAD_SHARE = 0.01
#: share of non-space characters that must be letters or digits
MIN_WORDLIKE_SHARE = 0.5
#: typical sequences of UTF-8 read as Windows-1252 ('Ã©' for 'é', 'â€™' for '’')
_MOJIBAKE_RE = re.compile("[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf™œžŸ˜šœ“”¦¢]")


#: control characters (but line breaks and tabs), the replacement character, private-use
#: and lone surrogate code points: what a broken text layer or undecodable bytes leave
_BAD_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]")
_NOT_ALNUM_RE = re.compile(r"[\W_]")


def check_readable(source: str, text: str) -> None:
    """Refuse a text layer that is not readable text (control characters, undecodable
    bytes, glyph codes, mojibake). Counted with regular expressions (C speed): this runs on
    every letter."""
    sample = text[:200_000]
    if not sample.strip():
        return  # emptiness is judged on the assembled letter
    # counted without building copies of the text where that can be avoided: a search before
    # counting bad characters (there are usually none), the words split once, punctuation
    # counted among the visible characters only (5× faster than three substitutions)
    bad = len(_BAD_RE.findall(sample)) if _BAD_RE.search(sample) else 0
    clean = _BAD_RE.sub("", sample) if bad else sample
    joined = "".join(clean.split())
    visible = len(joined)
    wordlike = visible - len(_NOT_ALNUM_RE.findall(joined))
    if bad >= 5 and bad > MAX_BAD_SHARE * len(sample):
        raise ExtractionError(
            source,
            "the text layer is not readable text (%(bad)s control or undecodable characters "
            "in %(total)s); if it is a scan or a PDF with broken fonts, run OCR first",
            bad=bad,
            total=len(sample),
        )
    if visible >= 40 and wordlike < MIN_WORDLIKE_SHARE * visible:
        raise ExtractionError(
            source,
            "the text is not readable text (only %(share)s %% of its characters are letters "
            "or digits); if it is a scan or a PDF with broken fonts, run OCR first",
            share=round(100 * wordlike / visible),
        )
    words = sample.split()
    if visible >= 200 and visible / max(len(words), 1) > 30:
        raise ExtractionError(
            source,
            "the text is not readable text (%(words)s 'words' averaging %(length)s "
            "characters: undecodable bytes?); if it is a scan or a PDF with broken fonts, "
            "run OCR first",
            words=len(words),
            length=visible // max(len(words), 1),
        )
    mojibake = len(_MOJIBAKE_RE.findall(sample))
    if mojibake >= 5 and mojibake > 0.002 * len(words):
        raise ExtractionError(
            source,
            "the text is garbled (%(count)s sequences such as 'Ã©': UTF-8 read in another "
            "encoding); save it again as UTF-8",
            count=mojibake,
        )


def check_is_letter(source: str, body: str, has_metadata: bool) -> None:
    """A stored letter has a body; a handful of words without a date, kenmerk or subject is
    not a letter (a stray note, a test file, an empty page)."""
    words = len(body.split())
    if words == 0:
        raise ExtractionError(source, "no letter text found: the body is empty")
    if words < 5 and not has_metadata:
        raise ExtractionError(
            source,
            "no letter found: %(words)s word(s) and no date, kenmerk, Kamerstuk number, "
            "addressee or subject",
            words=words,
        )
