"""Batch extraction over many files, on all cores, in input order.

The CLI (and later the ingest pipeline) calls this; it never raises for a bad file: each
result carries either a Letter or a one-line error, so one unreadable file never stops the
others.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partnerships.domain import Letter
from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.extract import SUPPORTED_SUFFIXES, ExtractOptions, extract_file
from partnerships.settings import Settings


@dataclass(slots=True)
class ExtractResult:
    path: Path
    letter: Letter | None = None
    #: why the file could not be read (said in the user's language by the interface)
    error: ExtractionError | None = None
    #: what a caller's ``then`` step added in the worker (e.g. the stemmed index text)
    extra: dict[str, Any] = field(default_factory=dict)


Then = Callable[[ExtractResult], ExtractResult]


def options_from(settings: Settings) -> ExtractOptions:
    return ExtractOptions(
        gazetteer_path=settings.gazetteer_path,
        home_country=settings.home_country or None,
        max_bytes=settings.max_file_mb * 1024 * 1024,
    )


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders walked recursively for supported files, in sorted order.

    A path that does not exist is kept, so that it is reported as an error, not skipped.
    """
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            out.extend(found)
        else:
            out.append(path)
    return out


def extract_one(path: Path, options: ExtractOptions) -> ExtractResult:
    if not path.exists():
        return ExtractResult(path, error=ExtractionError(str(path), "no such file"))
    try:
        return ExtractResult(path, letter=extract_file(path, options))
    except ExtractionError as exc:
        return ExtractResult(path, error=exc)
    except Exception as exc:  # noqa: BLE001 — one file's failure, never the whole batch's
        error = ExtractionError(str(path), "unexpected error while reading: %(error)s",
                                error=repr(exc))  # fmt: skip
        return ExtractResult(path, error=error)


def _extract_star(args: tuple[Path, ExtractOptions, Then | None]) -> ExtractResult:
    path, options, then = args
    result = extract_one(path, options)
    return then(result) if then is not None and result.letter is not None else result


#: files a worker extracts per task, and files in flight (extracted or being extracted,
#: not yet taken by the writer): more than a write batch, so the workers keep working while
#: the writer stores one, and few enough that memory stays small (~256 letters)
_CHUNK = 4
_IN_FLIGHT_FILES = 256


def _extract_chunk(chunk: list[tuple[Path, ExtractOptions, Then | None]]) -> list[ExtractResult]:
    return [_extract_star(args) for args in chunk]


def extract_many(
    paths: Iterable[Path], options: ExtractOptions, workers: int | None = None,
    then: Then | None = None,
) -> Iterator[ExtractResult]:  # fmt: skip
    """``then``: a module-level function run on each result in the worker process (so the
    writer does not do CPU work that the workers can do in parallel)."""
    files = expand_paths(paths)
    workers = max(1, min(workers or os.cpu_count() or 1, len(files) or 1))
    if workers == 1 or len(files) < 4:
        for path in files:
            yield _extract_star((path, options, then))
        return
    # a bounded window of chunks in flight, results in order: ``pool.map`` submits every file
    # at once and keeps each result until the writer takes it, so a writer slower than the
    # workers held every letter of a 100,000-letter ingest in memory (2.2 GB at 5,000)
    chunks = [[(p, options, then) for p in files[i : i + _CHUNK]]
              for i in range(0, len(files), _CHUNK)]  # fmt: skip
    window: deque[Future[list[ExtractResult]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk in chunks:
            window.append(pool.submit(_extract_chunk, chunk))
            if len(window) * _CHUNK >= _IN_FLIGHT_FILES:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
