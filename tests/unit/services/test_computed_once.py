"""The shared memo behind the ranking's values and robustness: readers who ask for the same
thing at the same moment wait for one computation instead of each doing it."""

from __future__ import annotations

import threading
import time

import pytest

from partnerships.services.computed_once import ComputedOnce


def test_readers_asking_together_share_one_computation() -> None:
    memo: ComputedOnce[int] = ComputedOnce(limit=4)
    calls: list[int] = []
    started = threading.Event()

    def slow() -> int:
        calls.append(1)
        started.set()
        time.sleep(0.2)
        return 42

    got: list[int] = []
    first = threading.Thread(target=lambda: got.append(memo.get("k", slow)))
    first.start()
    assert started.wait(5)
    others = [threading.Thread(target=lambda: got.append(memo.get("k", slow))) for _ in range(8)]
    for t in others:
        t.start()
    for t in [first, *others]:
        t.join(5)
    assert got == [42] * 9
    assert len(calls) == 1
    assert "k" in memo


def test_a_failed_computation_is_not_remembered_and_the_next_reader_tries_again() -> None:
    memo: ComputedOnce[str] = ComputedOnce(limit=4)

    def broken() -> str:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError, match="database gone"):
        memo.get("k", broken)
    assert "k" not in memo
    assert memo.get("k", lambda: "fine") == "fine"


def test_the_memo_is_bounded_and_other_keys_are_computed_apart() -> None:
    memo: ComputedOnce[int] = ComputedOnce(limit=2)
    assert memo.get(1, lambda: 1) == 1
    assert memo.get(2, lambda: 2) == 2
    assert memo.get(3, lambda: 3) == 3  # full: the old values are forgotten
    assert 3 in memo
    assert 1 not in memo and 2 not in memo
    assert memo.get(1, lambda: 10) == 10
    memo.clear()
    assert 1 not in memo
