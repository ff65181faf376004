"""The page cache leaves query parameters out of its key unless a page reads them
(web/page_support.py PAGE_PARAMETERS). A parameter a page reads but the list lacks would make two
different pages share one cache entry, so every name the page modules read must be listed."""

from __future__ import annotations

import re
from pathlib import Path

from partnerships.web.page_support import PAGE_PARAMETERS

WEB = Path(__file__).resolve().parents[3] / "src" / "partnerships" / "web"
READS = re.compile(r"""(?:query_params|\bq)\.get(?:list)?\(\s*["']([A-Za-z_]+)["']""")
DECLARED = re.compile(r"^\s+([A-Za-z_]+): Annotated\[[^\n]*Query\(", re.M)


def test_every_parameter_a_page_reads_is_in_the_cache_key() -> None:
    pages = [p for p in WEB.glob("*.py") if p.name == "pages.py" or p.name.endswith("_pages.py")]
    assert len(pages) >= 5
    read: set[str] = set()
    for path in pages:
        text = path.read_text("utf-8")
        read |= set(READS.findall(text)) | set(DECLARED.findall(text))
    read.discard("taal")  # the language is its own part of the key
    assert read, "the scan found nothing: the pattern no longer matches the code"
    assert read - PAGE_PARAMETERS == set()
