"""No input makes the text parsers crash or hang (property-based, with hypothesis).

Random text, text built from the letters' own vocabulary (digits, 'nr.', 'EUR', months,
superscripts, sidebar labels) and mutated real letters all go through the full pipeline:
reader, letter assembly, recognisers. Every span that comes out must point at its text.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships.domain import Letter
from partnerships.ingest.extract import extract_document
from partnerships.ingest.readers.html import read_html
from partnerships.ingest.readers.markdown import read_markdown
from partnerships.ingest.readers.text import read_text

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "letters"

TOKENS = [
    "Kamerstukken",
    "II",
    "2019/20,",
    "35 300 VI,",
    "nr.",
    "nrs.",
    "37",
    "en",
    "motie",
    "Becker",
    "c.s.",
    "EUR",
    "€",
    "6",
    "miljard",
    "mln.",
    "miljoen",
    "euro",
    "circa",
    "26.840",
    "ruim",
    "3,5",
    "Syriërs",
    "Tunesié",
    "Niger",
    "Nigeria",
    "Datum",
    "10 juli 2020",
    "Ons kenmerk",
    "2971694",
    "Onderwerp",
    "Betreft",
    "Pagina 1 van 8",
    "¹",
    "²³",
    "-",
    "–",
    "\n",
    "\n\n",
    "\f",
    ".",
    ",",
    "De Minister van Buitenlandse Zaken,",
    "Hoogachtend,",
    "Verordening (EU)",
    "2019/1155",
    "https://x.nl/a",
    "zal uw Kamer",
    "informeren",
    "voor het zomerreces",
    "%",
    "twintigduizend",
    "Geachte voorzitter,",
    "**",
    "#",
    ">",
    "<sup>1</sup>",
    "<p>",
    "</p>",
]
SETTINGS = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def _check(letter: Letter) -> None:
    items = letter.references + letter.entities + letter.amounts + letter.quantities
    items += letter.percentages + letter.commitments
    for item in items:
        assert letter.mention_text(item) == item.text


@SETTINGS
@given(st.text(max_size=3000))
def test_any_text_is_read_without_crashing(text: str) -> None:
    _check(extract_document(read_text("fuzz.txt", text)))
    _check(extract_document(read_markdown("fuzz.md", text)))


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=400).map(" ".join))
def test_letter_like_token_soup(text: str) -> None:
    _check(extract_document(read_text("soup.txt", text)))
    _check(extract_document(read_markdown("soup.md", text)))
    _check(extract_document(read_html("soup.html", f"<html><body>{text}</body></html>")))


@SETTINGS
@given(
    st.integers(min_value=0, max_value=2**32 - 1),
    st.sampled_from(sorted(EXAMPLES.glob("*.[mt][dx]*"))),
)
def test_mutated_real_letters(seed: int, path: Path) -> None:
    rng = random.Random(seed)
    lines = path.read_text("utf-8").splitlines()
    for _ in range(rng.randint(1, 30)):
        op = rng.randrange(4)
        i = rng.randrange(len(lines))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:j] + rng.choice(TOKENS) + lines[i][j:]
        else:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    text = "\n".join(lines)
    reader = read_markdown if path.suffix == ".md" else read_text
    _check(extract_document(reader(str(path), text)))
