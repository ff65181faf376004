"""The signing key of the OIDC login state: configured, or made once and shared by every
server process that starts at the same time."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from partnerships.services.identity import is_loopback, signing_key
from partnerships.settings import Settings


def test_a_configured_key_wins(tmp_path: Path) -> None:
    assert signing_key(Settings(data_dir=tmp_path, secret_key="k" * 40)) == "k" * 40
    assert not (tmp_path / "secret_key").exists()


def test_processes_starting_together_share_one_private_key(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: signing_key(settings), range(16)))
    assert len(keys) == 1 and len(keys.pop()) >= 48
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
