"""End-to-end fixtures: the real server in its own process and real headless Chromium
(Debian's package) driven by Playwright. Screenshots go to artifacts/screenshots."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMMAND = Path(sys.executable).parent / "partnerships"
ARTIFACTS = REPO / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("PARTNERSHIPS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


ADMIN_PASSWORD = "e2e beheerder wachtwoord"


@pytest.fixture(scope="session")
def admin_password() -> str:
    return ADMIN_PASSWORD


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("demo")
    # the single-user installation on loopback: the visitor is the analyst (may write)
    env = os.environ | {
        "PARTNERSHIPS_DATA_DIR": str(data),
        "PARTNERSHIPS_WORKERS": "2",
        "PARTNERSHIPS_LOCAL_ANALYST": "true",
    }
    env.pop("PARTNERSHIPS_DATABASE_URL", None)
    built = subprocess.run(
        [str(COMMAND), "demo", "--no-serve"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    made = subprocess.run(
        [
            str(COMMAND),
            "user",
            "add",
            "e2e-beheer",
            "--role",
            "admin",
            "--clearance",
            "vertrouwelijk",
            "--name",
            "Beheerder E2E",
        ],
        env=env | {"PARTNERSHIPS_NEW_PASSWORD": ADMIN_PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(COMMAND), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/static/style.css", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("the server did not start")
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip("no Chromium here (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture()
def screenshot() -> object:
    """Keep a full-page screenshot as a test artefact (artifacts/screenshots/NAME.png)."""

    def take(page: object, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]

    return take
