"""The publication office's search (KOOP's SRU 2.0 interface at repository.overheid.nl):
Kamerstukken of a dossier published since a date, with the address of each XML rendition.

Query and response as KOOP documents them: CQL over the product area
``officielepublicaties`` (``w.publicatienaam`` Kamerstuk, ``w.dossiernummer``,
``dt.date``), records in the ``gzd`` wrapper with ``dcterms:identifier`` ('kst-19637-2302'),
``dcterms:title``, ``dcterms:date`` and ``gzd:itemUrl`` per manifestation ('xml');
``numberOfRecords`` and ``nextRecordPosition`` for paging. Parsed without DTDs or entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from lxml import etree

from partnerships.domain.errors import Invalid

SRU = "{http://docs.oasis-open.org/ns/search-ws/sruResponse}"
GZD = "{http://standaarden.overheid.nl/gzd}"
DCTERMS = "{http://purl.org/dc/terms/}"
_KST = re.compile(r"^kst-(\d{4,6}(?:-[A-Z0-9]+)?)-([A-Za-z0-9]+)$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class SruError(Invalid):
    """An answer that is not an SRU search result."""


@dataclass(frozen=True, slots=True)
class SruRecord:
    identifier: str  # 'kst-19637-2302'
    kamerstuk: str | None  # '19637-2302' when the identifier is a Kamerstuk's
    title: str
    published: date | None
    xml_url: str | None


def search_url(base: str, dossier: str, since: date | None, start: int, size: int) -> str:
    """The CQL query of a dossier's Kamerstukken (since a date), one page."""
    cql = (f'c.product-area==officielepublicaties AND w.publicatienaam=="Kamerstuk" '
           f'AND w.dossiernummer=="{dossier}"')  # fmt: skip
    if since is not None:
        cql += f" AND dt.date>={since.isoformat()}"
    params = {"operation": "searchRetrieve", "version": "2.0", "query": cql,
              "startRecord": str(start), "maximumRecords": str(size)}  # fmt: skip
    return f"{base.rstrip('/')}?{urlencode(params)}"


def parse(data: bytes) -> tuple[int, int | None, list[SruRecord]]:
    """(numberOfRecords, nextRecordPosition or None, the page's records)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SruError("not XML: %(reason)s", reason=str(exc)) from None
    if root.tag != f"{SRU}searchRetrieveResponse":
        raise SruError("not an SRU searchRetrieveResponse (root %(root)r)", root=str(root.tag))
    total = int(root.findtext(f"{SRU}numberOfRecords") or 0)
    raw_next = root.findtext(f"{SRU}nextRecordPosition")
    records = []
    for rec in root.iter(f"{GZD}gzd"):
        ident = (rec.findtext(f".//{DCTERMS}identifier") or "").strip()
        if not ident:
            continue
        when = None
        raw_date = (rec.findtext(f".//{DCTERMS}date") or rec.findtext(f".//{DCTERMS}available")
                    or "").strip()[:10]  # fmt: skip
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date):
            when = date.fromisoformat(raw_date)
        xml_url = next((u.text.strip() for u in rec.iter(f"{GZD}itemUrl")
                        if u.get("manifestation") == "xml" and u.text), None)  # fmt: skip
        m = _KST.match(ident)
        records.append(SruRecord(ident, f"{m.group(1)}-{m.group(2)}" if m else None,
                                 " ".join((rec.findtext(f".//{DCTERMS}title") or "").split()),
                                 when, xml_url))  # fmt: skip
    return total, int(raw_next) if raw_next and raw_next.strip().isdigit() else None, records
