"""The account, token and classification commands as an administrator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from partnerships.domain.context import LOCAL_USER
from partnerships.services import audit, tokens
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings

COMMAND = Path(sys.executable).parent / "partnerships"


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "PARTNERSHIPS_DATA_DIR": str(tmp_path),
        "PARTNERSHIPS_WORKERS": "1",
        "PARTNERSHIPS_NEW_PASSWORD": "een lang genoeg wachtwoord",
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_users_tokens_and_classification_from_the_command_line(
    env: dict[str, str], tmp_path: Path, letters_dir: Path
) -> None:
    made = run(env, "user", "add", "j.jansen", "--role", "analyst", "--clearance", "intern")
    assert made.returncode == 0 and "analyst, machtiging intern" in made.stdout, made.stderr
    dup = run(env, "user", "add", "j.jansen")
    assert dup.returncode == 1 and "bestaat al" in dup.stderr
    bad = run(env, "user", "add", "x", "--role", "koning")
    assert bad.returncode == 1 and "onbekend(e) role" in bad.stderr
    changed = run(env, "user", "set", "j.jansen", "--clearance", "vertrouwelijk", "--inactive")
    assert "machtiging vertrouwelijk, inactief" in changed.stdout
    assert "j.jansen" in run(env, "user", "list").stdout
    assert run(env, "user", "unlock", "j.jansen").returncode == 0
    token = run(
        env, "token", "create", "j.jansen", "--name", "dashboard", "--scope", "lezen,schrijven"
    )
    assert token.returncode == 0, token.stderr
    secret = token.stdout.strip().splitlines()[-1]
    kb = KnowledgeBase(Settings(data_dir=tmp_path))
    assert secret.startswith("pmt_") and tokens.token_user(kb, secret) is None  # inactive owner
    run(env, "user", "set", "j.jansen", "--active")
    assert tokens.token_user(kb, secret) is not None
    assert "dashboard" in run(env, "token", "list").stdout
    assert run(env, "token", "revoke", "1").returncode == 0
    assert tokens.token_user(kb, secret) is None
    assert run(env, "token", "revoke", "99").returncode == 1

    assert run(env, "ingest", "--classification", "intern", str(letters_dir)).returncode == 0
    assert run(env, "ingest", "--classification", "geheim", str(letters_dir)).returncode == 1
    moved = run(env, "classification", "1", "vertrouwelijk")
    assert moved.returncode == 0 and "intern → vertrouwelijk" in moved.stdout
    assert run(env, "classification", "999", "intern").returncode == 1
    changes = [e.target for e in audit.entries(kb, LOCAL_USER, "permission")]
    assert "user:j.jansen" in changes and "token:1" in changes
    assert any(e.target == "letter:1" for e in audit.entries(kb, LOCAL_USER, "edit"))
    kb.engine.dispose()
