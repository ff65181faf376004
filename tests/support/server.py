"""`partnerships serve` as a process of its own on a free loopback port, for tests that need
the real server (uvicorn's header handling, the lifespan's lock on the base, a wheel)."""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(command: Path, env: dict[str, str], cwd: Path | None = None,
            wait_seconds: float = 30) -> Iterator[str]:  # fmt: skip
    """Start the server, wait until it answers, yield its base URL, stop it. A server that
    exits before it answers fails with what it printed."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # its errors go to a file, not a pipe nobody reads: the server never blocks on it
    with tempfile.TemporaryFile("w+") as errors:
        args = [str(command), "serve", "--port", str(port)]
        server = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                                  stderr=errors, text=True)  # fmt: skip
        try:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    httpx.get(base + "/static/style.css", timeout=2)
                    break
                except httpx.HTTPError:
                    if server.poll() is not None:
                        errors.seek(0)
                        raise RuntimeError(f"serve stopped: {errors.read()[-2000:]}") from None
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"serve did not answer in {wait_seconds} s") from None
                    time.sleep(0.1)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)
