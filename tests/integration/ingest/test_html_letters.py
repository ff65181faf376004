"""HTML letters: the real letter a, published as a web page the way officielebekendmakingen
and ministry sites do it (superscript markers in <sup>, footnotes in a list at the end)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import cmarkgfm
import jiwer
import pytest

from partnerships.domain.textnorm import SUPERSCRIPT_DIGITS, superscript_to_int
from partnerships.ingest.extract import extract_file

_SUP = f"[{SUPERSCRIPT_DIGITS}]+"


def _as_web_page(markdown: str) -> str:
    notes: list[tuple[int, str]] = []
    body_lines: list[str] = []
    for block in markdown.split("\n\n"):
        m = re.match(rf"^({_SUP})\s*(.*)$", block.strip(), re.S)
        if m:
            notes.append((superscript_to_int(m.group(1)), m.group(2)))
        else:
            body_lines.append(block)
    html = cmarkgfm.markdown_to_html("\n\n".join(body_lines))
    html = re.sub(_SUP, lambda m: f"<sup>{superscript_to_int(m.group(0))}</sup>", html)
    items = "".join(f'<li id="fn{n}">{cmarkgfm.markdown_to_html(t)}</li>' for n, t in notes)
    return (
        "<!DOCTYPE html><html lang='nl'><head><title>Kamerbrief</title>"
        "<script>var tracking = 1;</script><style>p{margin:0}</style></head><body>"
        "<nav>Home &gt; Documenten</nav><main>"
        f"{html}</main><section class='footnotes'><ol>{items}</ol></section></body></html>"
    )


@pytest.fixture(scope="module")
def html_letter(letters_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    md = (letters_dir / "a-migratieovereenkomsten.md").read_text("utf-8")
    path = tmp_path_factory.mktemp("html") / "kamerbrief.html"
    path.write_text(_as_web_page(md), "utf-8")
    return path


def test_html_letter_reads_like_its_source(
    html_letter: Path, expected: dict[str, Any], shared: Path
) -> None:
    got = extract_file(html_letter)
    want = expected["a-migratieovereenkomsten.md"]
    assert got.format == "html"
    assert (got.kenmerk, got.date, got.addressee) == (
        want["kenmerk"],
        want["date"],
        want["addressee"],
    )
    assert [s.name for s in got.signatories] == want["signatories"]
    assert len(got.footnotes) == want["footnotes"]
    assert all(n.marker_offset is not None for n in got.footnotes)
    assert {e.code for e in got.entities if e.kind == "country"} == set(want["countries"])
    assert sorted(a.value for a in got.amounts) == sorted(want["eur"])
    reference = (shared / "corpus" / "expected" / "a-migratieovereenkomsten.body.txt").read_text()
    assert jiwer.wer(" ".join(reference.split()), " ".join(got.body.split())) <= 0.015
    assert "tracking" not in got.body and "Home" not in got.body


def test_html_detected_from_content_not_extension(html_letter: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "letter.txt"
    disguised.write_bytes(html_letter.read_bytes())
    assert extract_file(disguised).format == "html"
