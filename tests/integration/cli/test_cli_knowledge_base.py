"""The knowledge-base commands as a user runs them: db upgrade, ingest, search, serve."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).parent / "partnerships"


@pytest.fixture()
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "PARTNERSHIPS_DATABASE_URL": database_url,
        "PARTNERSHIPS_DATA_DIR": str(tmp_path),
        "PARTNERSHIPS_WORKERS": "2",
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_upgrade_ingest_search(env: dict[str, str], letters_dir: Path, tmp_path: Path) -> None:
    up = run(env, "db", "upgrade")
    versions = Path(__file__).resolve().parents[3] / "src/partnerships/store/migrations/versions"
    newest = max(p.name[:4] for p in versions.glob("0*.py"))
    assert up.returncode == 0 and f"revisie {newest}" in up.stdout
    first = run(env, "ingest", str(letters_dir))
    assert first.returncode == 0, first.stderr
    assert "7 bestanden: 6 nieuw, 1 bijgewerkt, 0 ongewijzigd, 0 mislukt" in first.stderr
    again = run(env, "ingest", str(letters_dir))
    assert "7 bestanden: 0 nieuw, 0 bijgewerkt, 7 ongewijzigd, 0 mislukt" in again.stderr
    # the command speaks Dutch unless English is asked for, one language per line
    english = run(env | {"PARTNERSHIPS_LANGUAGE": "en"}, "ingest", str(letters_dir))
    assert "7 files: 0 new, 0 updated, 7 unchanged, 0 failed" in english.stderr
    refused = run(env | {"PARTNERSHIPS_LANGUAGE": "en"}, "classification", "999999", "intern")
    assert refused.returncode != 0 and "geen" not in refused.stderr
    found = run(env, "search", "--json", "--land", "MAR", "terugkeer")
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    assert data["totaal"] >= 2 and all("<mark>" in r["fragment"] for r in data["resultaten"])
    readable = run(env, "search", '"Integrale Migratieagenda"', "--aan", "Eerste Kamer")
    assert "1 documenten" in readable.stdout and "*Integrale* *Migratieagenda*" in readable.stdout
    bad_date = run(env, "search", "x", "--van", "gisteren")
    assert bad_date.returncode != 0 and "JJJJ-MM-DD verwacht" in bad_date.stderr
    # after an upgrade of the extractor: every kept original read again
    reread = run(env, "reextract")
    assert reread.returncode == 0, reread.stderr
    assert "6 brieven: 6 opnieuw gelezen, 0 mislukt" in reread.stderr


def test_ingest_reports_failures_with_reasons_and_exit_code(
    env: dict[str, str], letters_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4\n niets")
    result = run(env, "ingest", str(bad), str(letters_dir / "a-migratieovereenkomsten.md"))
    assert result.returncode == 1
    assert "1 nieuw" in result.stderr and "1 mislukt" in result.stderr
    assert "mislukt:" in result.stderr and "kapot.pdf" in result.stderr


@contextmanager
def _served(env: dict[str, str]) -> Iterator[int]:
    """A `partnerships serve` on a free loopback port, once it answers; stopped after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(COMMAND), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/static/style.css", timeout=2
                ).close()
            except OSError:
                time.sleep(0.1)
            else:
                break
        else:
            raise AssertionError("server did not start")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_answers_the_api(env: dict[str, str], letters_dir: Path) -> None:
    assert (
        run(env, "ingest", str(letters_dir / "c-voortgang-integrale-migratieagenda.md")).returncode
        == 0
    )
    with _served(env) as port:
        url = f"http://127.0.0.1:{port}/api/v1/documenten"
        with urllib.request.urlopen(url, timeout=2) as resp:
            assert resp.headers["API-Version"] == "1.0.0"
            body = json.load(resp)
        assert body["totaal"] == 1


def _again_after(port: int, seconds: float) -> bool:
    """Whether a second request on one kept-alive connection, ``seconds`` after the
    first, is answered."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/static/style.css")
        conn.getresponse().read()
        time.sleep(seconds)
        try:
            conn.request("GET", "/static/style.css")
            return conn.getresponse().status == 200
        except (http.client.HTTPException, OSError):
            return False
    finally:
        conn.close()


def test_serve_keeps_an_idle_connection_longer_than_a_proxy_would(env: dict[str, str]) -> None:
    """uvicorn's own 5 s closed a connection as the next request arrived under load (the
    load test's RemoteProtocolError); `serve` keeps it PARTNERSHIPS_KEEP_ALIVE_SECONDS
    (75 s by default)."""
    assert run(env, "db", "upgrade").returncode == 0
    with _served(env) as port:
        assert _again_after(port, 6.5)  # past uvicorn's 5 s
    with _served(env | {"PARTNERSHIPS_KEEP_ALIVE_SECONDS": "1"}) as port:
        assert not _again_after(port, 2.5)  # the setting is what decides
