"""The knowledge base on SQLite and PostgreSQL: ingest, idempotence, citations, search."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from partnerships.domain.context import ANONYMOUS, LOCAL_USER
from partnerships.domain.queries import DocumentFilter
from partnerships.services import queries
from partnerships.services.knowledge_base import KnowledgeBase, SchemaOutOfDate
from partnerships.services.letter_views import SearchResults
from partnerships.store.migrate import current_revision, head_revision
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import Country, Document, DocumentSource, EntityRow

MIGRATIONS = Path(__file__).resolve().parents[3] / "src/partnerships/store/migrations/versions"


def test_first_migration_creates_the_schema(kb: KnowledgeBase) -> None:
    newest = max(p.name[:4] for p in MIGRATIONS.glob("0*.py"))
    assert current_revision(kb.engine) == head_revision(kb.engine) == newest
    tables = set(inspect(kb.engine).get_table_names())
    assert {
        "documents",
        "footnotes",
        "citations",
        "entity_mentions",
        "facts",
        "commitments",
        "countries",
        "country_aliases",
        "originals",
        "document_sources",
        "indicator_releases",
        "indicator_values",
        "routes",
        "criteria_versions",
        "decisions",
        "risks",
        "programmes",
        "programme_money",
        "programme_classifications",
    } <= tables


def test_upgrading_a_base_made_by_the_first_migration_keeps_its_data(
    kb_settings: object, letters_dir: Path
) -> None:
    from alembic import command

    from partnerships.ingest.extract import extract_file
    from partnerships.store.document_common import SourceFile, commitment_key
    from partnerships.store.migrate import _config, upgrade
    from partnerships.store.schema import CommitmentRow

    old = KnowledgeBase(kb_settings)  # type: ignore[arg-type]
    upgrade(old.engine)
    letter = extract_file(letters_dir / "a-migratieovereenkomsten.md")
    source = SourceFile(
        path="a.md", content_hash="x" * 64, size=1, media_type="text/markdown", data=b"a"
    )
    with old.session() as s, s.begin():
        repo = DocumentRepository(s)
        repo.add_source(repo.save(letter, source), source, letter.format)
    # back to a base as the first version made it, with the letter in it (every migration
    # goes down as well as up), then up again: nothing is lost, keys are filled in
    command.downgrade(_config(old.engine), "0001")
    assert current_revision(old.engine) == "0001"
    assert "commitment_tracking" not in inspect(old.engine).get_table_names()
    old.upgrade()
    assert current_revision(old.engine) == head_revision(old.engine)
    with old.session() as s:
        doc = s.scalar(select(Document))
        assert doc is not None and doc.kenmerk == "2971694"
        assert DocumentRepository(s).consistency_problems() == []
        rows = list(s.scalars(select(CommitmentRow)))
        assert rows and all(r.key == commitment_key(r.document_id, r.text) for r in rows)
    assert {"indicator_releases", "indicator_values"} <= set(inspect(old.engine).get_table_names())
    old.engine.dispose()


def test_paper_numbers_are_strings_as_printed_before_and_after_migration_0019(
    kb_settings: object,
) -> None:
    """'nr. C' (Eerste Kamer) and 'nr. 42e' are stored and cited as printed; a base made
    before 0019 reads its integer numbers back as strings, and going down drops only the
    numbers the older schema cannot hold."""
    from alembic import command

    from partnerships.domain import KamerstukId, Letter, Reference
    from partnerships.store.document_common import SourceFile
    from partnerships.store.migrate import _config, upgrade
    from partnerships.store.schema import CitationRow

    kb = KnowledgeBase(kb_settings)  # type: ignore[arg-type]
    upgrade(kb.engine)

    def letter(name: str, own: KamerstukId, cites: list[str]) -> None:
        body = " ".join(f"Kamerstukken I 2019/20, 35 300 VI, nr. {n}." for n in cites)
        refs = [Reference(text=f"nr. {n}", start=0, end=1, dossier="35300-VI", number=n)
                for n in cites]  # fmt: skip
        doc = Letter(source=name, format="txt", subject=name, body=body or "Brief.",
                     kamerstuk=own, references=refs)  # fmt: skip
        source = SourceFile(path=name, content_hash=name[0] * 64, size=1,
                            media_type="text/plain", data=b"x")  # fmt: skip
        with kb.session() as s, s.begin():
            repo = DocumentRepository(s)
            repo.add_source(repo.save(doc, source), source, doc.format)

    letter("c.txt", KamerstukId("35300-VI", "C"), [])
    letter("b.txt", KamerstukId("35300-VI", "37"), ["C", "42e", "37"])
    with kb.session() as s:
        rows = {r.number: r for r in s.scalars(select(CitationRow))}
        assert set(rows) == {"C", "42e", "37"}
        own = {d.subject: d.kamerstuk_number for d in s.scalars(select(Document))}
        assert own == {"c.txt": "C", "b.txt": "37"}
        # the citation of 'nr. C' resolves to the Eerste Kamer letter, '42e' to nothing
        assert rows["C"].target_id is not None and rows["42e"].target_id is None
    command.downgrade(_config(kb.engine), "0018")
    with kb.engine.connect() as conn:
        from sqlalchemy import text

        kept = sorted(str(n) for (n,) in conn.execute(text("SELECT number FROM citations"))
                      if n is not None)  # fmt: skip
        assert kept == ["37"]
    kb.upgrade()
    with kb.session() as s:
        assert {r.number for r in s.scalars(select(CitationRow))} == {"37", None}
        own = {d.subject: d.kamerstuk_number for d in s.scalars(select(Document))}
        assert own == {"c.txt": None, "b.txt": "37"}
    kb.engine.dispose()


def test_countries_table_from_pycountry_with_dutch_names_regions_and_aliases(
    kb: KnowledgeBase,
) -> None:
    with kb.session() as s:
        mar = s.get(Country, "MAR")
        assert mar is not None
        assert (mar.iso2, mar.name_nl, mar.name_en, mar.region_nl, mar.eu_member) == (
            "MA",
            "Marokko",
            "Morocco",
            "Afrika",
            False,
        )
        assert "Marokkaanse" in {a.alias for a in mar.aliases}
        assert s.get(Country, "GRC").eu_member  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Country)) >= 249


def test_ingest_is_idempotent_and_incremental(
    kb: KnowledgeBase, letters_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(letters_dir, folder)
    first = kb.ingest([folder])
    # letter a arrives twice (markdown and a partial PDF text dump): one document
    assert (len(first.new), len(first.updated), len(first.failed)) == (6, 1, 0)
    again = kb.ingest([folder])
    assert (len(again.new), len(again.updated), len(again.unchanged)) == (0, 0, 7)
    changed = folder / "b-taskforce-internationale-migratie.ocr.txt"
    changed.write_text(changed.read_text("utf-8") + "\nNog een zin over Marokko.\n", "utf-8")
    third = kb.ingest([folder])
    assert third.updated == [str(changed)] and len(third.unchanged) == 6
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 6
        assert DocumentRepository(s).consistency_problems() == []


def test_a_failing_file_is_reported_and_leaves_nothing(
    kb: KnowledgeBase, tmp_path: Path, letters_dir: Path
) -> None:
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.5\n garbage")
    good = tmp_path / "a.md"
    shutil.copy(letters_dir / "a-migratieovereenkomsten.md", good)
    report = kb.ingest([bad, good])
    assert report.new == [str(good)]
    assert [p for p, _ in report.failed] == [str(bad)] and "kapot.pdf" in str(report.failed[0][1])
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(DocumentSource)) == 1


def test_originals_are_kept_or_only_their_hash(
    kb: KnowledgeBase, letters_dir: Path, kb_settings: object, tmp_path: Path
) -> None:
    kb.ingest([letters_dir / "a-migratieovereenkomsten.md"])
    data, _media, name = queries.get_original(kb, LOCAL_USER, 1)  # type: ignore[misc]
    assert data == (letters_dir / "a-migratieovereenkomsten.md").read_bytes()
    assert name == "a-migratieovereenkomsten.md"
    kb.settings.keep_originals = False
    kb.ingest([letters_dir / "e-herijkte-missies.pdf"])
    doc = queries.get_document(kb, LOCAL_USER, 2)
    assert doc is not None and doc.original.available is False
    assert doc.original.sha256


def test_citation_graph_resolves_motions_both_ways(loaded_kb: KnowledgeBase) -> None:
    docs = {
        d.source_name: d
        for d in queries.list_documents(loaded_kb, LOCAL_USER, DocumentFilter(), 0, 50)[1]
    }
    a = queries.get_document(loaded_kb, LOCAL_USER, docs["a-migratieovereenkomsten.md"].id)
    c = queries.get_document(
        loaded_kb, LOCAL_USER, docs["c-voortgang-integrale-migratieagenda.md"].id
    )
    assert a is not None and c is not None
    becker = [v for v in c.citations
              if v.reference.kind == "motion" and v.reference.names[0] == "Becker"]  # fmt: skip
    assert becker and all(v.target is not None and v.target.id == a.letter.id for v in becker)
    assert {x.letter.id for x in a.cited_by} == {c.letter.id}
    kst = [v for v in c.citations if v.reference.kind == "kamerstuk"]
    assert kst and not any(v.target for v in kst)  # cited papers not in the base stay visible


def test_kamerstuk_citation_resolves_to_a_letter_with_that_number(
    kb: KnowledgeBase, letters_dir: Path, tmp_path: Path
) -> None:
    # a letter published as Kamerstuk 35300-VI nr. 37 (its file name says so)
    cited = tmp_path / "kst-35300-VI-37.md"
    cited.write_text(
        (letters_dir / "e-herijkte-missies.pdf").name + "\n\nDe motie zelf.\n", "utf-8"
    )
    kb.ingest([letters_dir / "c-voortgang-integrale-migratieagenda.md"])
    kb.ingest([cited])
    with kb.session() as s:
        target = s.scalar(select(Document).where(Document.source_name == cited.name))
        assert target is not None
        assert (target.kamerstuk_dossier, target.kamerstuk_number) == ("35300-VI", "37")
    c = queries.get_document(kb, LOCAL_USER, 1)
    assert c is not None
    hits = [v for v in c.citations
            if v.reference.dossier == "35300-VI" and v.reference.number == "37"]  # fmt: skip
    assert hits and all(v.target is not None for v in hits)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("partnerschappen", "b-taskforce-internationale-migratie.ocr.txt"),  # stem: partnerschap
        ('"Integrale Migratieagenda"', "c-voortgang-integrale-migratieagenda.md"),
        ("luchtvaartemiss*", "d-emissies-luchtvaart.pdf"),
        ("missiegedreven innovatiebeleid", "e-herijkte-missies.pdf"),
        ("Tunesië Oeganda", "b-taskforce-internationale-migratie.ocr.txt"),
    ],
)
def test_dutch_search_with_stemming_phrases_and_prefixes(
    loaded_kb: KnowledgeBase, query: str, expected: str
) -> None:
    found = queries.search(loaded_kb, LOCAL_USER, query, DocumentFilter(), 0, 10)
    total, results = found.total, found.hits
    assert total >= 1
    assert expected in [r.letter.source_name for r in results[:2]]
    assert all("<mark>" in r.fragment for r in results)


def test_stemming_finds_other_forms_of_the_word(loaded_kb: KnowledgeBase) -> None:
    # the letters say 'vluchtelingen' only; a search for the singular finds them
    found = queries.search(loaded_kb, LOCAL_USER, "vluchteling", DocumentFilter(), 0, 10)
    total, results = found.total, found.hits
    assert total >= 2
    assert any("<mark>vluchtelingen</mark>" in r.fragment.lower() for r in results)


def test_search_results_have_the_same_shape_on_every_database(loaded_kb: KnowledgeBase) -> None:
    found = queries.search(loaded_kb, LOCAL_USER, "migratie", DocumentFilter(), 0, 3)
    total, results = found.total, found.hits
    assert total >= 3 and len(results) == 3
    from partnerships.web.api_models import Zoekresultaat

    assert set(Zoekresultaat.of(results[0]).model_dump()) == {
        "id",
        "kenmerk",
        "datum",
        "onderwerp",
        "geadresseerde",
        "afzender",
        "bron",
        "formaat",
        "rubricering",
        "soort",
        "score",
        "fragment",
    }
    assert results[0].score >= results[1].score >= results[2].score


def test_search_filters(loaded_kb: KnowledgeBase) -> None:
    from datetime import date

    def hits(**kw: object) -> set[str]:
        return {
            r.letter.source_name
            for r in queries.search(
                loaded_kb, LOCAL_USER, "kabinet", DocumentFilter(**kw),  # type: ignore[arg-type]
                0, 50).hits
        }  # fmt: skip

    assert hits(addressee="Eerste Kamer") == {"c-voortgang-integrale-migratieagenda.md"}
    assert hits(date_from=date(2022, 1, 1)) == {
        "d-emissies-luchtvaart.pdf",
        "e-herijkte-missies.pdf",
        "b-taskforce-internationale-migratie.ocr.txt",
    }
    assert hits(date_to=date(2020, 12, 31)) == {"a-migratieovereenkomsten.md"}
    assert "b-taskforce-internationale-migratie.ocr.txt" in hits(country="UGA")
    assert hits(country="UGA") <= hits(organisation="EC") | hits(country="UGA")
    assert hits(sender="infrastructuur") == {"d-emissies-luchtvaart.pdf"}
    assert "c-voortgang-integrale-migratieagenda.md" in hits(cites_dossier="22112")
    assert "f-bnc-fiche-not-a-letter.pdf" not in hits(has_commitments=True)
    assert hits(organisation="IOM") >= {"a-migratieovereenkomsten.md"}


def test_search_facets_are_counted_by_the_database_over_the_best_hits(
    loaded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each facet's counts equal those counted from the matching letters themselves, and
    with a sample smaller than the hits only the best-ranked letters are counted."""
    found = queries.search(loaded_kb, LOCAL_USER, "kabinet", DocumentFilter(), 0, 50)
    total, hits = found.total, found.hits
    facets = queries.search_facets(loaded_kb, LOCAL_USER, "kabinet", DocumentFilter())
    ids = [h.letter.id for h in hits]
    assert total == len(ids) >= 3
    with loaded_kb.session() as s:
        docs = s.scalars(select(Document).where(Document.id.in_(ids))).all()
        years: dict[str, int] = {}
        for d in docs:
            if d.date:
                years[str(d.date.year)] = years.get(str(d.date.year), 0) + 1
        countries: dict[str, int] = {}
        for code, n in s.execute(
            select(EntityRow.code, func.count(func.distinct(EntityRow.document_id)))
            .where(EntityRow.kind == "country", EntityRow.document_id.in_(ids))
            .group_by(EntityRow.code)
        ):
            countries[code] = n
    assert {f.value: f.count for f in facets["jaar"]} == years
    assert [f.value for f in facets["jaar"]] == sorted(years, reverse=True)
    shown = {f.value: f.count for f in facets["land"]}
    assert all(countries[c] == n for c, n in shown.items())
    assert len(shown) == min(15, len(countries))
    # the most frequent are shown: nothing left out is counted more often than what is shown
    assert all(n <= min(shown.values()) for c, n in countries.items() if c not in shown)
    # a sample of two: only the two best-ranked letters are counted
    monkeypatch.setattr(queries, "FACET_SAMPLE", 2)
    sampled = queries.search_facets(loaded_kb, LOCAL_USER, "kabinet", DocumentFilter())
    assert sum(f.count for f in sampled["jaar"]) <= 2
    best = {h.letter.id for h in hits[:2]}
    with loaded_kb.session() as s:
        best_years = {str(d.date.year) for d in s.scalars(
            select(Document).where(Document.id.in_(best))) if d.date}  # fmt: skip
    assert {f.value for f in sampled["jaar"]} == best_years


def test_the_search_page_ranks_once_and_answers_as_the_separate_calls(
    loaded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    flt = DocumentFilter()
    for offset in (0, 1, 3):
        found = queries.search(loaded_kb, LOCAL_USER, "kabinet", flt, offset, 2)
        total, results = found.total, found.hits
        both = queries.search_with_facets(loaded_kb, LOCAL_USER, "kabinet", flt, offset, 2)
        assert (both.total, both.hits, both.facets) == (
            total,
            results,
            queries.search_facets(loaded_kb, LOCAL_USER, "kabinet", flt),
        )
    # a page past the facets' sample is ranked on its own
    monkeypatch.setattr(queries, "FACET_SAMPLE", 2)
    deep = queries.search_with_facets(loaded_kb, LOCAL_USER, "kabinet", flt, 2, 2)
    assert deep.hits == queries.search(loaded_kb, LOCAL_USER, "kabinet", flt, 2, 2).hits
    assert queries.search_with_facets(loaded_kb, LOCAL_USER, "  ", flt, 0, 2) == (
        SearchResults(0, [], None, {}))  # fmt: skip


def test_country_dossier(loaded_kb: KnowledgeBase) -> None:
    d = queries.country_dossier(loaded_kb, LOCAL_USER, "TUR")
    assert d is not None and d.country.name_nl == "Turkije"
    assert d.mentions_per_year["2020"] > 5
    assert any("Turkije" in m.sentence for doc in d.letters for m in doc.mentions)
    assert any(f.kind == "amount" and f.value == 6e9 for f in d.figures)
    assert any(x.code == "FRIT" for x in d.named_with)
    by_alpha2 = queries.country_dossier(loaded_kb, LOCAL_USER, "TR")
    assert by_alpha2 is not None and by_alpha2.country.iso3 == "TUR"
    assert queries.country_dossier(loaded_kb, LOCAL_USER, "XYZ") is None


def test_reads_go_through_the_user_context(loaded_kb: KnowledgeBase) -> None:
    with loaded_kb.session() as s, s.begin():
        doc = s.scalar(select(Document).where(Document.source_name == "e-herijkte-missies.pdf"))
        assert doc is not None
        doc.classification = "vertrouwelijk"
        doc_id = doc.id
    assert queries.get_document(loaded_kb, ANONYMOUS, doc_id) is None
    assert queries.get_document(loaded_kb, LOCAL_USER, doc_id) is not None
    found = queries.search(loaded_kb, ANONYMOUS, "missies", DocumentFilter(), 0, 50)
    assert doc_id not in {r.letter.id for r in found.hits}
    with loaded_kb.session() as s:
        repo = DocumentRepository(s)
        n_anon = sum(repo.country_mentions_per_year(ANONYMOUS, "DEU").values())
        n_all = sum(repo.country_mentions_per_year(LOCAL_USER, "DEU").values())
        assert n_anon < n_all
        assert s.scalar(select(func.count()).select_from(EntityRow)) > 0


def test_ingest_refuses_an_old_schema(kb_settings: object) -> None:
    from partnerships.services.knowledge_base import KnowledgeBase as KB

    fresh = KB(kb_settings)  # type: ignore[arg-type]
    if fresh.url.startswith("sqlite"):
        with pytest.raises(SchemaOutOfDate, match="db upgrade"):
            fresh.ingest([])


def test_countries_are_found_by_their_english_and_dutch_names(loaded_kb: KnowledgeBase) -> None:
    """The letters write 'Tunesië' and 'Marokko': a search in English finds them, and the
    Dutch name finds no fewer (names from Babel's CLDR, plus renamed ones like Turkey)."""
    found = queries.search(loaded_kb, LOCAL_USER, "Tunisia", DocumentFilter(), 0, 10)
    english, hits = found.total, found.hits
    found = queries.search(loaded_kb, LOCAL_USER, "Tunesië", DocumentFilter(), 0, 10)
    dutch, _ = found.total, found.hits
    assert english == dutch >= 1
    assert any("<mark>" in h.fragment for h in hits)
    found = queries.search(loaded_kb, LOCAL_USER, "Morocco terugkeer", DocumentFilter(), 0, 5)
    both, _ = found.total, found.hits
    assert both >= 1
    found = queries.search(loaded_kb, LOCAL_USER, "Turkey", DocumentFilter(), 0, 5)
    turkey, _ = found.total, found.hits
    found = queries.search(loaded_kb, LOCAL_USER, "Turkije", DocumentFilter(), 0, 5)
    turkije, _ = found.total, found.hits
    assert turkey == turkije
