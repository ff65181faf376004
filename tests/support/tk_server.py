"""A local server on loopback that answers like parliament's OData v4 API (Gegevensmagazijn):
``Document`` collections with ``@odata.nextLink`` paging and ``Document(<Id>)/resource``
files — replaying recorded, **constructed** answers shaped as the information model at
opendata.tweedekamer.nl documents them (no network is available to record real ones).

Other entity sets (``Toezegging``) are served from ``collections`` the same way. Faults on
demand: a 429 with Retry-After on the first request for a page, a resource that
answers too slowly once (a timeout), a delay per resource (for kill -9 tests). Every
request's path and User-Agent is recorded."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Script:
    pages: list[list[dict[str, Any]]]
    resources: dict[str, tuple[str, bytes]]  # Id -> (content type, bytes)
    throttle_page: int | None = None  # this page answers 429 (Retry-After: 1) once
    slow_resource: str | None = None  # this resource sleeps past the client's timeout once
    slow_seconds: float = 3.0
    delay: float = 0.0  # seconds before every resource answer
    #: Id -> the Document with $expand=Zaak($expand=Besluit($expand=Stemming))
    motions: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: other paths served as they are (the publication office's 'kst-….xml')
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    #: SyncFeed pages by 'category:skiptoken' ('Document:' for the first page)
    feed: dict[str, bytes] = field(default_factory=dict)
    #: Id -> the Besluit with $expand=Zaak($expand=Document)
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Id -> the Document with $expand=Kamerstukdossier (what a SyncFeed entry names)
    singles: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the publication office's SRU search: answer pages by startRecord (1, then as they say)
    sru: dict[int, bytes] = field(default_factory=dict)
    #: other entity sets by name ('Toezegging'): pages of entries, paged like Document
    collections: dict[str, list[list[dict[str, Any]]]] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)
    _faulted: set[str] = field(default_factory=set)


_Answer = tuple[int, str, bytes, dict[str, str] | None]
_NOT_FOUND: _Answer = (404, "application/json", b'{"error": "not found"}', None)


def _answer(script: Script, raw: str, port: int) -> _Answer:
    """What the script answers to one GET."""
    outside = _outside_odata(script, raw)
    if outside is not None:
        return outside
    base = f"http://127.0.0.1:{port}/OData/v4/2.0/"
    path = raw.split("/OData/v4/2.0/", 1)[-1]
    if path.startswith("Document(") and path.endswith("/resource"):
        return _resource(script, path[len("Document(") : -len(")/resource")])
    if path.startswith("Besluit("):
        return _entity(script.decisions, path[len("Besluit(") : path.index(")")])
    if path.startswith("Document(") and "$expand=Kamerstukdossier" in path:
        return _entity(script.singles, path[len("Document(") : path.index(")")])
    if path.startswith("Document(") and "$expand=Zaak" in path:
        return _entity(script.motions, path[len("Document(") : path.index(")")])
    if path.startswith("Document?") or path == "Document":
        return _document_page(script, path, base)
    return _collection(script, path, base)


def _outside_odata(script: Script, raw: str) -> _Answer | None:
    """The SyncFeed, the SRU search and plain files; None for an OData path."""
    if raw.startswith("/SyncFeed/2.0/Feed"):
        query = parse_qs(urlsplit(raw).query)
        key = f"{query.get('category', [''])[0]}:{query.get('skiptoken', [''])[0]}"
        if key not in script.feed:
            return 404, "application/xml", b"<error/>", None
        return 200, "application/atom+xml", script.feed[key], None
    if raw.startswith("/sru?"):
        start = int(parse_qs(urlsplit(raw).query).get("startRecord", ["1"])[0])
        if start not in script.sru:
            return 404, "application/xml", b"<error/>", None
        return 200, "application/xml", script.sru[start], None
    if raw in script.files:
        kind, data = script.files[raw]
        return 200, kind, data, None
    return None


def _collection(script: Script, path: str, base: str) -> _Answer:
    """Another entity set ('Toezegging'), paged like Document."""
    name = path.split("?", 1)[0]
    if name in script.collections:
        page = int(path.split("page=", 1)[1].split("&")[0]) if "page=" in path else 0
        pages_of = script.collections[name]
        body = {"@odata.context": f"{base}$metadata#{name}", "value": pages_of[page]}
        if page + 1 < len(pages_of):
            body["@odata.nextLink"] = f"{base}{name}?page={page + 1}"
        return 200, "application/json", json.dumps(body).encode(), None
    return _NOT_FOUND


def _resource(script: Script, ident: str) -> _Answer:
    """A document's file; slow once for ``slow_resource``, after ``delay`` always."""
    if ident == script.slow_resource and ident not in script._faulted:
        script._faulted.add(ident)
        time.sleep(script.slow_seconds)
    time.sleep(script.delay)
    if ident not in script.resources:
        return _NOT_FOUND
    kind, data = script.resources[ident]
    return 200, kind, data, None


def _entity(table: dict[str, dict[str, Any]], ident: str) -> _Answer:
    if ident not in table:
        return _NOT_FOUND
    return 200, "application/json", json.dumps(table[ident]).encode(), None


def _document_page(script: Script, path: str, base: str) -> _Answer:
    """A page of the Document collection with its nextLink; 429 once for ``throttle_page``."""
    page = int(path.split("page=", 1)[1].split("&")[0]) if "page=" in path else 0
    key = f"page{page}"
    if page == script.throttle_page and key not in script._faulted:
        script._faulted.add(key)
        return 429, "application/json", b"{}", {"Retry-After": "1"}
    body: dict[str, Any] = {"@odata.context": f"{base}$metadata#Document",
                            "value": script.pages[page]}  # fmt: skip
    if page + 1 < len(script.pages):
        body["@odata.nextLink"] = f"{base}Document?page={page + 1}&$skip=250"
    return 200, "application/json", json.dumps(body).encode(), None


@contextmanager
def serving(script: Script) -> Iterator[str]:
    """The base URL ('http://127.0.0.1:PORT/OData/v4/2.0/') while the server runs."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            script.seen.append((self.path, self.headers.get("User-Agent", "")))
            self._send(*_answer(script, self.path, self.server.server_address[1]))

        def _send(self, status: int, kind: str, data: bytes,
                  headers: dict[str, str] | None = None) -> None:  # fmt: skip
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout it was meant to have)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/OData/v4/2.0/"
    finally:
        server.shutdown()
        server.server_close()


def entry(ident: str, changed: str, kind: str = "Brief regering", number: str | None = None,
          subject: str | None = None, when: str | None = None, dossier: int = 19637,
          sequence: int | None = None, deleted: bool = False,
          content_type: str = "application/pdf") -> dict[str, Any]:  # fmt: skip
    """One Document entry with the information model's field names (constructed)."""
    return {
        "Id": ident, "Soort": kind, "DocumentNummer": number, "Titel": subject,
        "Onderwerp": subject, "Datum": f"{when}T00:00:00+01:00" if when else None,
        "Volgnummer": sequence, "Vergaderjaar": "2023-2024", "Kamer": 2,
        "ContentType": content_type, "ContentLength": 1000, "Verwijderd": deleted,
        "GewijzigdOp": changed, "ApiGewijzigdOp": changed,
        "Kamerstukdossier": [{"Id": f"dossier-{dossier}", "Nummer": dossier,
                              "Toevoeging": None, "Titel": "Vreemdelingenbeleid"}],
    }  # fmt: skip
