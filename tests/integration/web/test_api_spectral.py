"""The official Logius linter as a gate (NL API Design Rules): spectral with the ruleset in
../shared/tools runs on the OpenAPI document the app serves and must find no error and no
warning. `.ci/run` installs spectral from npm; elsewhere the test is skipped unless
``PARTNERSHIPS_SPECTRAL`` names a spectral binary."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web.app import create_app

REPO = Path(__file__).resolve().parents[3]
RULESET = REPO.parent / "shared" / "tools" / "logius-api-design-rules.spectral.yaml"
LOCAL = REPO / ".cache" / "spectral" / "node_modules" / ".bin" / "spectral"


def _spectral() -> str | None:
    named = os.environ.get("PARTNERSHIPS_SPECTRAL")
    if named:
        return named
    if LOCAL.exists():
        return str(LOCAL)
    return shutil.which("spectral")


def test_the_openapi_document_passes_the_logius_ruleset(kb: KnowledgeBase, tmp_path: Path) -> None:
    if not kb.url.startswith("sqlite"):
        pytest.skip("the document does not depend on the database")
    spectral = _spectral()
    if spectral is None or not RULESET.exists():
        if os.environ.get("CI"):
            pytest.fail("spectral or the Logius ruleset is missing: .ci/run must install it")
        pytest.skip("spectral is not installed (set PARTNERSHIPS_SPECTRAL)")
    doc = TestClient(create_app(kb)).get("/api/v1/openapi.json").json()
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(doc), "utf-8")
    done = subprocess.run(
        [spectral, "lint", "--fail-severity", "warn", "-r", str(RULESET), str(path)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "No results with a severity of 'warn' or higher found" in done.stdout
