"""The ``Content-Disposition`` header for files we send (RFC 6266 with RFC 5987's
``filename*``).

A stored original keeps the name it had on the uploader's disk, which may hold quotes,
CR/LF, non-ASCII letters or a path. Put into a header as it is, such a name breaks the header
(the download fails) or injects another one. The plain ``filename`` parameter gets an ASCII
stand-in without quotes, backslashes or control characters; ``filename*`` carries the real
name percent-encoded in UTF-8, which every current browser prefers.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 !#$&+,.;=@^_`{}~()\[\]-]")


def _clean(name: str) -> str:
    """Without a directory part or control characters (a name, never a path)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name.strip().strip(".") or "bestand"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    name = _clean(filename)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = _UNSAFE_ASCII.sub("_", ascii_name).strip() or "bestand"
    kind = "inline" if inline else "attachment"
    value = f'{kind}; filename="{ascii_name}"'
    if ascii_name != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value
