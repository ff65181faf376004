"""Proof under pressure: 50 logged-in users read, search and write for two minutes (set
PARTNERSHIPS_LOAD_SECONDS to shorten it while developing) against a real server on
loopback, on SQLite and PostgreSQL: no errors, no lost writes, an intact audit chain. The
latencies are printed (pytest -s) and recorded in the README by benchmarks/load.py."""

from __future__ import annotations

import os

import pytest

from load import report, run  # benchmarks/load.py

SECONDS = float(os.environ.get("PARTNERSHIPS_LOAD_SECONDS", "120"))
USERS = 50


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_fifty_users_for_two_minutes_lose_nothing(backend: str) -> None:
    url = None
    if backend == "postgresql":
        url = os.environ.get("PARTNERSHIPS_TEST_POSTGRES_URL")
        if not url:
            if os.environ.get("CI"):
                pytest.fail("PARTNERSHIPS_TEST_POSTGRES_URL is not set")
            pytest.skip("no PostgreSQL (set PARTNERSHIPS_TEST_POSTGRES_URL)")
    result, lost = run(USERS, SECONDS, url)
    print(report(result, lost, USERS, SECONDS, backend))
    assert result.errors == []
    assert lost == 0
    writes = len(result.decisions) + len(result.risks)
    assert writes >= min(USERS, SECONDS)  # about one a user per minute at the very least
    assert sum(len(t) for t in result.times.values()) > USERS + 5 * SECONDS
