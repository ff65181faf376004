"""Coverage-guided fuzzing with atheris (libFuzzer) of the letter extractor and the
importers, bounded in runs and time: every target must finish without a crash (an exception
other than the product's own named refusal). See fuzz/importers.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris has wheels for x86-64 Linux only")
HARNESS = Path(__file__).resolve().parents[3] / "fuzz" / "importers.py"
RUNS = {"letter-md": 300, "letter-txt": 500, "eurostat": 3000, "table": 3000, "iati": 2000}


@pytest.mark.parametrize("target", sorted(RUNS))
def test_fuzz_target_finds_no_crash(target: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            target,
            f"-runs={RUNS[target]}",
            "-max_total_time=40",
            "-seed=2026",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    tail = done.stderr[-3000:]
    assert done.returncode == 0, tail
    assert "Done" in tail and "ERROR" not in tail
