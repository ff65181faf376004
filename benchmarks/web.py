"""Page latency under concurrent readers, against a static file from the same server.

    python benchmarks/web.py [--clients 20] [--requests 200] [--url http://127.0.0.1:PORT]

Without --url it builds the demo base in a temporary folder and starts `partnerships serve`
on a free loopback port. Each page (and the static style sheet, the floor) is requested
--requests times by --clients concurrent clients; prints p50/p95 and requests/s per page.
Loopback only, bounded in count.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
COMMAND = Path(sys.executable).parent / "partnerships"
PAGES = {
    "static floor (style.css)": "/static/style.css",
    "overview": "/",
    "countries": "/landen",
    "country dossier": "/landen/TUR",
    "letter": "/documenten/1",
    "search": "/zoeken?q=terugkeer",
    "search + facet": "/zoeken?q=migratie&land=MAR",
    "commitments": "/toezeggingen",
}


async def hammer(base: str, path: str, clients: int, requests: int) -> tuple[list[float], float]:
    times: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            try:
                queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            start = time.perf_counter()
            response = await client.get(base + path)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")

    async with httpx.AsyncClient(timeout=30) as client:
        # warm every server process's caches (rendered charts, pages) before measuring
        await asyncio.gather(*(client.get(base + path) for _ in range(clients)))
        start = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        elapsed = time.perf_counter() - start
    return times, requests / elapsed


def start_demo(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    data = tempfile.mkdtemp(prefix="partnerships-web-")
    env = os.environ | {"PARTNERSHIPS_DATA_DIR": data}
    env.pop("PARTNERSHIPS_DATABASE_URL", None)
    subprocess.run(
        [str(COMMAND), "demo", "--no-serve"],
        env=env,
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(COMMAND), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/static/style.css", timeout=1).close()
        except OSError:
            time.sleep(0.1)
        else:
            return proc, url
    proc.kill()
    raise SystemExit("server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--url", default=None)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
    proc = None
    url = args.url
    if url is None:
        proc, url = start_demo(args.workers)
    try:
        rows = []
        floor_p95 = None
        for name, path in PAGES.items():
            times, rate = asyncio.run(hammer(url, path, args.clients, args.requests))
            p50 = statistics.median(times)
            p95 = sorted(times)[int(0.95 * len(times)) - 1]
            if floor_p95 is None:
                floor_p95 = p95
            rows.append((name, p50, p95, rate, p95 / floor_p95))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
    print(
        f"{args.clients} concurrent clients, {args.requests} requests per page, "
        f"{args.workers} server process(es)"
    )
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p95/floor':>10}")
    for name, p50, p95, rate, ratio in rows:
        print(f"{name:28} {p50:8.1f} {p95:8.1f} {rate:8.1f} {ratio:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
