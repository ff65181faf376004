"""What letters are about (ingest/topics.py): the migration verdict, pillars by the letter's
own structure and by terms, on the real corpus and on constructed paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerships.ingest.extract import ExtractOptions, extract_file
from partnerships.ingest.topics import find_topics, vocabulary

PUBLICATIONS = Path(__file__).resolve().parents[2] / "fixtures" / "publications"


@pytest.mark.parametrize(
    ("name", "migration"),
    [
        ("a-migratieovereenkomsten.md", True),
        ("b-taskforce-internationale-migratie.ocr.txt", True),
        ("c-voortgang-integrale-migratieagenda.md", True),
        ("d-emissies-luchtvaart.pdf", False),
        ("e-herijkte-missies.pdf", False),
    ],
)
def test_the_corpus_letters_are_about_migration_or_not(
    letters_dir: Path, name: str, migration: bool
) -> None:
    letter = extract_file(letters_dir / name, ExtractOptions())
    assert letter.migration is migration
    assert 0.5 <= letter.migration_confidence <= 1
    if not migration:
        assert letter.topics == []  # no pillar from a stray word in another ministry's letter


@pytest.mark.parametrize(
    ("name", "migration"),
    [
        ("kst-19637-2302.txt", True),  # Vreemdelingenbeleid
        ("kst-29344-128.txt", True),  # Terugkeerbeleid
        ("kst-19637-2709.txt", True),  # a motion in the aliens-policy dossier
        ("kst-34700-19.txt", False),  # Kabinetsformatie 2017
    ],
)
def test_publications_about_migration_or_not(name: str, migration: bool) -> None:
    assert extract_file(PUBLICATIONS / name, ExtractOptions()).migration is migration


def test_a_letter_organised_per_pillar_assigns_its_paragraphs_by_its_headings(
    letters_dir: Path,
) -> None:
    letter = extract_file(letters_dir / "c-voortgang-integrale-migratieagenda.md", ExtractOptions())
    by_structure = {t.code for t in letter.topics if t.scheme == "ima" and t.basis == "structure"}
    assert by_structure == {1, 2, 3, 4, 5, 6}
    for topic in letter.topics:
        paragraph = letter.body[topic.start : topic.end]
        assert paragraph and "\n\n" not in paragraph
        if topic.basis == "structure":
            assert topic.confidence == 0.95 and topic.terms == []
        else:
            assert topic.terms and 0 < topic.confidence <= 0.9
    # the paragraph on the LVV's stands under 'Minder illegaliteit, meer terugkeer'
    lvv = [t for t in letter.topics if "Landelijke Vreemdelingenvoorzieningen"
           in letter.body[t.start : t.end] and t.basis == "structure"]  # fmt: skip
    assert [t.code for t in lvv] == [4]


def test_an_enumeration_of_the_pillars_is_evidence_for_none() -> None:
    body = (
        "Terugkeer en asiel\n\n"
        "De agenda kent zes pijlers: voorkomen van irreguliere migratie; versterken opvang en "
        "bescherming voor vluchtelingen en ontheemden in de regio; solidair en solide "
        "asielstelsel binnen de Europese Unie en Nederland; minder illegaliteit, meer "
        "terugkeer; bevorderen legale migratieroutes; stimuleren integratie en participatie.\n\n"
        "Het kabinet zet in op terugkeer en herintegratie van migranten zonder verblijfsrecht."
    )  # constructed
    migration, _, topics = find_topics(body, "Voortgang migratie")
    assert migration
    assert {t.start for t in topics} == {body.index("Het kabinet")}
    assert {(t.scheme, t.code) for t in topics} == {("ima", 4), ("gcm", 21)}
    (pillar4,) = [t for t in topics if (t.scheme, t.code) == ("ima", 4)]
    assert pillar4.terms == ["herintegratie", "terugkeer"] and pillar4.confidence == 0.7


def test_terms_are_matched_as_words_not_inside_other_words() -> None:
    voc = vocabulary()
    assert voc.find("indien de IND beslist") == ["IND"]
    assert voc.find("de energietransitie en de industrie") == []
    assert voc.find("vluchtelingen en terugkeerbeleid") == ["vluchteling", "terugkeer"]
    assert voc.find("opvang in de regio voor ontheemden") == ["opvang in de regio", "ontheemd"]


def test_a_letter_on_another_subject_gets_no_pillar_from_a_stray_word() -> None:
    body = (
        "De participatie van bedrijven in de missies groeit.\n\n"
        "Integratie van innovatiebeleid en regionaal beleid blijft nodig."
    )  # constructed
    migration, confidence, topics = find_topics(body, "Herijkte missies")
    assert not migration and confidence == 1.0 and topics == []
