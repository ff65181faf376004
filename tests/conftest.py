"""Shared fixtures: the real corpus in ../shared and the letters bundled in examples/."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "letters"


def _shared_dir() -> Path | None:
    env = os.environ.get("PARTNERSHIPS_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared")
    for cand in candidates:
        if (cand / "corpus" / "expected.json").exists():
            return cand
    return None


SHARED = _shared_dir()


@pytest.fixture(scope="session")
def shared() -> Path:
    if SHARED is None:
        if os.environ.get("CI"):
            pytest.fail("../shared is missing: CI must run with the shared corpus beside the clone")
        pytest.skip("../shared corpus not available")
    return SHARED


@pytest.fixture(scope="session")
def expected(shared: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared / "corpus" / "expected.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@pytest.fixture(scope="session")
def letters_dir(shared: Path) -> Path:
    return shared / "corpus" / "letters"
