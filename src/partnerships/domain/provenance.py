"""How a statistic's release is named in sources and footnotes: a release date only when the
source states one, otherwise the day the file was downloaded — never the file's date on disk
presented as a release."""

from __future__ import annotations


def release_text(date_text: str, stated: bool | None, lang: str = "nl") -> str:
    """'release 2025-04-23' (stated by the source), 'gedownload 2026-12-01' (the file's own
    date), or both readings for a release imported before that was recorded (``None``)."""
    if stated is True:
        return f"release {date_text}"
    if stated is False:
        return f"gedownload {date_text}" if lang == "nl" else f"downloaded {date_text}"
    return (f"release of downloaddatum {date_text}" if lang == "nl"
            else f"release or download date {date_text}")  # fmt: skip


#: words by which an analyst table marks a value as an example, not a fact (the bundled
#: table says 'voorbeeld' as its source and 'fictief' as its note)
_EXAMPLE_WORDS = ("voorbeeld", "fictief", "fictieve", "example", "fictitious", "illustrati")


def is_example(*texts: str | None) -> bool:
    """Whether an analyst value is marked as an example or fictitious in its source or note
    — such a value may illustrate, never decide: it is flagged wherever it is shown."""
    joined = " ".join(t for t in texts if t).lower()
    return any(w in joined for w in _EXAMPLE_WORDS)
