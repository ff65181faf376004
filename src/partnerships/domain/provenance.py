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
