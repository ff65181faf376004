"""A recorded harvest, replayed: answers of parliament's open data kept as files, served
to the harvester through httpx's MockTransport (no network, no server), so the demo base
holds harvested motions, outcomes and register entries made by the real harvester.

A folder holds ``index.json``: ``{"collection:Document": "Document.json",
"resource:<Id>": ["resources/….txt", "text/plain"], "motion:<Id>": "motion-<Id>.json",
"collection:Toezegging": "Toezegging.json"}``. A collection answers as one OData page (no
``@odata.nextLink``); anything not recorded answers 404, as the source would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx

_RESOURCE = re.compile(r"/Document\(([^)]+)\)/resource$")
_MOTION = re.compile(r"/Document\(([^)]+)\)$")


def _key(request: httpx.Request) -> str:
    path = request.url.path
    if m := _RESOURCE.search(path):
        return f"resource:{m.group(1)}"
    if (m := _MOTION.search(path)) and "Zaak" in str(request.url.params.get("$expand", "")):
        return f"motion:{m.group(1)}"
    return f"collection:{path.rstrip('/').rsplit('/', 1)[-1]}"


def transport(folder: Path) -> httpx.MockTransport:
    """A transport that answers the harvester's requests from ``folder``."""
    index: dict[str, Any] = json.loads((folder / "index.json").read_text("utf-8"))

    def answer(request: httpx.Request) -> httpx.Response:
        found = index.get(_key(request))
        if found is None:
            return httpx.Response(404, json={"error": "not recorded"})
        name, kind = (found, "application/json") if isinstance(found, str) else found
        return httpx.Response(200, content=(folder / name).read_bytes(),
                              headers={"Content-Type": kind})  # fmt: skip

    return httpx.MockTransport(answer)
