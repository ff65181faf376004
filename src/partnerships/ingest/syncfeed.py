"""Parliament's SyncFeed (Gegevensmagazijn, ``/SyncFeed/2.0/Feed``): an Atom feed per
category of what changed, in order, each entry carrying the entity's id (``<title>``), its
XML in ``<content>`` (with ``tk:verwijderd`` when it was withdrawn) and its own
``<link rel="next">`` whose ``skiptoken`` resumes right after it — the cursor a harvest
keeps. A page without entries means the feed is caught up. Parsed without DTDs or
entities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from lxml import etree

from partnerships.domain.errors import Invalid

ATOM = "{http://www.w3.org/2005/Atom}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_GUID = re.compile(r"^[0-9a-fA-F-]{8,64}$")


class FeedError(Invalid):
    """An answer that is not a SyncFeed page."""


@dataclass(frozen=True, slots=True)
class SyncEntry:
    id: str
    deleted: bool
    skiptoken: int | None  # where the feed resumes after this entry


def feed_url(base: str, category: str, skiptoken: int | None) -> str:
    params = {"category": category}
    if skiptoken is not None:
        params["skiptoken"] = str(skiptoken)
    return f"{base.rstrip('/')}/Feed?{urlencode(params)}"


def _skiptoken(href: str | None) -> int | None:
    if not href:
        return None
    raw = parse_qs(urlsplit(href).query).get("skiptoken", [""])[0]
    return int(raw) if raw.isdigit() else None


def parse_feed(data: bytes) -> tuple[list[SyncEntry], str | None]:
    """The page's entries and the feed-level next link (None at the end)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedError("not XML: %(reason)s", reason=str(exc)) from None
    if root.tag != f"{ATOM}feed":
        raise FeedError("not an Atom feed (root %(root)r)", root=str(root.tag))
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        ident = (entry.findtext(f"{ATOM}title") or "").strip()
        if not _GUID.match(ident):
            raise FeedError("an entry without an entity id (%(title)r)", title=ident[:40])
        content = entry.find(f"{ATOM}content")
        entity = next(iter(content), None) if content is not None else None
        deleted = entity is not None and any(
            etree.QName(k).localname == "verwijderd" and v.lower() == "true"
            for k, v in entity.attrib.items())  # fmt: skip
        nxt = next((link.get("href") for link in entry.iter(f"{ATOM}link")
                    if link.get("rel") == "next"), None)  # fmt: skip
        entries.append(SyncEntry(ident, deleted, _skiptoken(nxt)))
    following = next((link.get("href") for link in root.findall(f"{ATOM}link")
                      if link.get("rel") == "next"), None)  # fmt: skip
    return entries, following
