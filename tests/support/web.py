"""A test client that passes the CSRF check like the app's own pages do."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

TOKEN = "test-csrf-token-0123456789"


def web_client(app: FastAPI, **kwargs: Any) -> TestClient:
    """The double-submit pair a browser would hold after loading one of our pages: the
    ``csrf`` cookie and the same value sent back (here as the ``X-CSRF-Token`` header)."""
    client = TestClient(app, **kwargs)
    client.cookies.set("csrf", TOKEN)
    client.headers["X-CSRF-Token"] = TOKEN
    return client


def csrf_of(client: TestClient) -> str:
    """The token the client's cookie holds (after a page load set it)."""
    return str(client.cookies.get("csrf"))
