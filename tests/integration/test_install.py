"""`pip install .` alone gives a working product (issue #14): the wheel, installed without
any extras into a fresh virtual environment, builds the demo base from the letters and data
it carries and serves the pages and the API.

Found by a new user: `partnerships serve` failed with `ModuleNotFoundError: httpx`, then
`numpy`, unless the development extras were installed, and the demo letters lived only in a
source checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from support.server import serving

REPO = Path(__file__).resolve().parents[2]


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    # never the developer's own path settings: the wheel must stand on its own
    kwargs.setdefault("env", {k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=1200,
                          **kwargs)  # type: ignore[call-overload]  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel (and what it declares) installed."""
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                  str(REPO)])  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = wheels.glob("partnerships-*.whl")
    venv = tmp / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    pip = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)])
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv


def test_the_wheel_carries_the_demo_and_runs_without_extras(
    installed: Path, tmp_path: Path
) -> None:
    command = installed / "bin" / "partnerships"
    env = {"PATH": f"{installed / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path),
           "PARTNERSHIPS_DATA_DIR": str(tmp_path / "data"), "PARTNERSHIPS_WORKERS": "2",
           "LANG": "C.UTF-8"}  # fmt: skip
    # none of the development tools came along
    probe = _run([str(installed / "bin" / "python"), "-c", "import pytest"], env=env)
    assert probe.returncode != 0
    demo = _run([str(command), "demo", "--no-serve"], env=env, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "0 mislukt" in demo.stdout and " nieuw" in demo.stdout
    with serving(command, env, cwd=tmp_path) as base:
        for path in ("/", "/landen/MAR", "/toezeggingen", "/zoeken?q=terugkeer",
                     "/api/v1/documenten", "/api/v1/landen/MAR", "/prioritering"):  # fmt: skip
            answer = httpx.get(base + path, timeout=60)
            assert answer.status_code == 200, (path, answer.text[:500])
        assert httpx.get(base + "/api/v1/documenten").json()["totaal"] >= 5
