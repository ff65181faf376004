"""A synthetic corpus for scale benchmarks: N distinct letters made from real letters.

    python benchmarks/corpus.py --letters 10000 --out /tmp/corpus [--seed 7] [--shared ../shared]

SYNTHETIC — these letters were never sent. Each one takes the letterhead and signature of a
real ministry letter (the markdown letters in ../shared/corpus/letters, or the bundled
examples), gives it its own kenmerk, date and subject, and fills the body with 6–14
paragraphs drawn from all the real letters' bodies, with the countries named in them
replaced by others, the amounts varied, and a citation (a Kamerstuk, a motion) and often a
commitment added, so that every letter differs in what the extractor finds in it: countries,
figures, citations, commitments. The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COUNTRIES = (
    (
        "Marokko Tunesië Egypte Nigeria Ethiopië Irak Jordanië Libanon Soedan Somalië Oeganda "
        "Senegal Ghana Pakistan Afghanistan Bangladesh Algerije Libië Mali Niger Eritrea Turkije "
        "Syrië Iran Georgië Armenië Kenia Gambia Guinee Ivoorkust Kameroen Jemen Sri Lanka"
    )
    .replace("Sri Lanka", "Sri-Lanka")
    .split()
)
MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
TOPICS = (
    "migratiesamenwerking", "terugkeer en herintegratie", "opvang in de regio",
    "bestrijding van mensensmokkel", "legale migratieroutes", "grensbeheer",
    "de uitvoering van de Integrale Migratieagenda", "het migratiepartnerschap",
)  # fmt: skip
MEMBERS = ("Becker", "Brekelmans", "Van Dijk", "Podt", "Koekkoek", "Eerdmans", "Van Baarle")
_SUPERSCRIPTS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_AMOUNT = re.compile(r"(EUR|€)\s?(\d+(?:[.,]\d+)?)\s?(miljoen|miljard)")
_COUNTRY = re.compile("|".join(sorted((re.escape(c) for c in COUNTRIES), key=len, reverse=True)))


def _letters(folder: Path) -> list[str]:
    return [p.read_text("utf-8") for p in sorted(folder.iterdir()) if p.suffix in (".md", ".txt")]


def _paragraphs(texts: list[str]) -> list[str]:
    """Body paragraphs of the real letters: long enough to be prose, no chrome, no notes."""
    out = []
    for text in texts:
        for block in re.split(r"\n\s*\n", text):
            block = " ".join(block.split())
            if len(block.split()) < 25 or block.startswith(("#", ">", "*", "|", "¹", "²")):
                continue
            if re.match(r"^(Datum|Ons kenmerk|Onderwerp|Pagina|Directoraat)", block):
                continue
            out.append(_SUPERSCRIPTS.sub("", block))
    return sorted(set(out))


def _frame(text: str) -> tuple[str, str] | None:
    """(letterhead up to the subject line, closing with the signatures) of a markdown
    letter in the ministry layout; None for a letter without them."""
    lines = text.splitlines()
    subject = next((i for i, ln in enumerate(lines) if ln.startswith("Onderwerp ")), None)
    signs = re.compile(r"^(De (Staats)?[Ss]ecretaris|De Minister)")
    closing = next((i for i, ln in enumerate(lines) if signs.match(ln)), None)
    if subject is None or closing is None or closing <= subject:
        return None
    head = "\n".join(lines[:subject])
    tail = "\n".join(lines[closing:])
    tail = "\n".join(ln for ln in tail.splitlines() if not _SUPERSCRIPTS.match(ln.strip()))
    return head, tail


def build_corpus(letters: Path, out: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    texts = _letters(letters)
    frames = [f for f in (_frame(t) for t in texts if "Ons kenmerk" in t) if f]
    pool = _paragraphs(texts)
    if not frames or len(pool) < 20:
        raise SystemExit(f"{letters}: not enough real letters to build a corpus from")
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        head, tail = frames[i % len(frames)]
        kenmerk = str(5_000_000 + i)
        year = 2008 + rng.randrange(18)
        when = f"{1 + rng.randrange(28)} {rng.choice(MONTHS)} {year}"
        first, second = rng.sample(COUNTRIES, 2)
        topic = rng.choice(TOPICS)
        head = re.sub(r"(Ons kenmerk\n)\d+", rf"\g<1>{kenmerk}", head)
        head = re.sub(r"Datum [^\n]+", f"Datum {when}", head)
        body = []
        for par in rng.sample(pool, 6 + rng.randrange(9)):
            par = _COUNTRY.sub(lambda _m: rng.choice(COUNTRIES), par)
            par = _AMOUNT.sub(lambda m: f"{m.group(1)} {rng.randrange(2, 400)} {m.group(3)}", par)
            body.append(par)
        body.insert(1, f"Deze brief gaat over {topic} met {first} en {second}.")
        member = rng.choice(MEMBERS)
        body.append(
            f"Hiermee geef ik uitvoering aan de motie van het lid {member} (Kamerstuk 30573, "
            f"nr. {100 + rng.randrange(200)}) en verwijs ik naar Kamerstuk 19637, "
            f"nr. {2000 + rng.randrange(1500)}."
        )
        if rng.random() < 0.6:
            due = f"{1 + rng.randrange(28)} {rng.choice(MONTHS)} {year + 1}"
            body.append(f"Ik zal uw Kamer voor {due} informeren over de samenwerking met {first}.")
        doc = (f"{head}\nOnderwerp {topic.capitalize()} met {first}\n\n" + "\n\n".join(body)
               + f"\n\n{tail}\n")  # fmt: skip
        path = out / f"synthetisch-{i:06d}.md"
        path.write_text(doc, "utf-8")
        files.append(path)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    source = args.shared / "corpus" / "letters"
    if not source.exists():
        source = REPO / "examples" / "letters"
    files = build_corpus(source, args.out, args.letters, args.seed)
    print(f"{len(files):,} synthetic letters in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
