"""Reports to parliament (SQLite and PostgreSQL): the generated DOCX and PDF are opened and
every footnote is checked against the base; the first pages are rendered to PNG as test
artefacts; an empty period gives a short report that says so; unresolvable sources are
listed, never dropped."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document as Docx
from pypdf import PdfReader
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.domain.context import ANONYMOUS, LOCAL_USER, UserContext
from partnerships.domain.decisions import DecisionRecord, Evidence
from partnerships.domain.risks import Risk
from partnerships.reporting.model import Source
from partnerships.reporting.render import render
from partnerships.services import decisions, programmes, reports, risks
from partnerships.services.indicators import import_eurostat, import_frontex
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.reports import sources
from partnerships.services.reports.common import parse_period
from partnerships.services.reports.texts import save_text, text_history
from partnerships.settings import Settings, get_settings

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "examples" / "data"
ARTIFACTS = REPO / "artifacts" / "reports"
ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()


@pytest.fixture(scope="module")
def base(
    module_database_url: str, letters_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KnowledgeBase]:
    """One base per backend for the module: letters, statistics, programmes, a risk and a
    decision (building it takes ~10 s)."""
    tmp = tmp_path_factory.mktemp("reports")
    kb = KnowledgeBase(Settings(database_url=module_database_url, data_dir=tmp, workers=1))
    kb.upgrade()
    assert not kb.ingest([letters_dir]).failed
    for name in ("migr_eiord", "migr_eirtn"):
        import_eurostat(kb, DATA / "eurostat" / f"{name}_by_citizenship_2017-export.csv")
    import_frontex(kb, next((DATA / "frontex").glob("*.xlsx")))
    programmes.import_iati(kb, next((DATA / "iati").glob("*.xml")))
    syria = programmes.list_programmes(kb, ANONYMOUS, country="SYR")
    for p in syria:
        programmes.classify(kb, ANALYST, p.programme.id, "ima", 2, "bevestigd")
        programmes.classify(kb, ANALYST, p.programme.id, "gcm", 7, "bevestigd")
    risks.record_risk(kb, ANALYST, Risk("MAR", "refoulement", "Doorzending", 2, 4, "Monitoring",
                                        "DMM", date.today() + timedelta(days=60),
                                        classification="openbaar"))  # fmt: skip
    evidence = (Evidence("assessment", "2016", "art. 25a"),)
    decision = DecisionRecord("MAR", "Werkafspraken terugkeer", ("working_arrangement",),
                              "Deels voldoende", "Handel", evidence,
                              classification="openbaar")  # fmt: skip
    decisions.record_decision(kb, ANALYST, decision)
    yield kb
    kb.engine.dispose()


def _docx_footnotes(data: bytes) -> tuple[list[str], dict[str, str], list[str]]:
    """Reference ids in the body, footnote id → text, and the images' alt texts."""
    doc = Docx(io.BytesIO(data))
    refs = [r.get(f"{W}id") for r in doc.element.body.iter(f"{W}footnoteReference")]
    part = next(p for p in doc.part.package.parts if str(p.partname) == "/word/footnotes.xml")
    from lxml import etree

    root = etree.fromstring(part.blob)
    notes = {
        fn.get(f"{W}id"): "".join(t.text or "" for t in fn.iter(f"{W}t")).strip()
        for fn in root.iter(f"{W}footnote")
        if int(fn.get(f"{W}id")) > 0
    }
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    alts = [d.get("descr") for d in doc.element.body.iter(f"{wp}docPr")]
    return [r for r in refs if r], notes, [a for a in alts if a is not None]


def _png(pdf: bytes, name: str) -> None:
    """First pages as PNG test artefacts (pdftoppm from poppler)."""
    if not shutil.which("pdftoppm"):
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.pdf"
    target.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(target),
                    str(ARTIFACTS / name)], check=True, timeout=60)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "period", "country"),
    [("country", None, "MAR"), ("pillars", "2020:2021", None), ("gcm", "2020", None),
     ("commitments", None, None)],
)  # fmt: skip
def test_every_footnote_resolves_in_docx_pdf_and_html(
    base: KnowledgeBase, kind: str, period: str | None, country: str | None
) -> None:
    data, media, made = reports.make(base, ANONYMOUS, kind, "docx", period, country)
    assert media.endswith("wordprocessingml.document")
    assert made.sources and made.unresolved == [] and not made.empty
    with base.session() as s:
        assert all(sources.resolves(s, src.ref) for src in made.sources)
    refs, notes, alts = _docx_footnotes(data)
    assert set(refs) == {str(n) for n in range(1, len(made.sources) + 1)}
    assert [notes[str(n)] for n in range(1, len(made.sources) + 1)] == [
        s.label for s in made.sources
    ]
    body = Docx(io.BytesIO(data)).paragraphs
    tables = Docx(io.BytesIO(data)).tables
    assert any(p.text == made.title for p in body)
    assert any("Betreft" in c.text for t in tables for row in t.rows for c in row.cells)
    pdf, media, _ = reports.make(base, ANONYMOUS, kind, "pdf", period, country)
    assert media == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join((page.extract_text() or "") for page in reader.pages).replace("\n", " ")
    assert made.title in text
    first_label = made.sources[0].label.split(",")[0][:30]
    assert first_label in text  # footnote texts are in the PDF
    _png(pdf, f"{kind}-{base.url.split(':')[0].split('+')[0]}")
    html, _, _ = reports.make(base, ANONYMOUS, kind, "html", period, country)
    page = html.decode("utf-8")
    assert page.count('<li id="fn-') == len(made.sources)
    if kind == "country":
        assert 2 <= len(reader.pages) <= 4  # a fiche is two to four pages
        assert alts and "Staafdiagram" in alts[0]  # the chart carries alt text
        assert 'alt="Staafdiagram' in page
        labels = " ".join(s.label for s in made.sources)
        assert (
            "migr_eiord" in labels and "Besluit MAR versie 1" in labels and "Kamerbrief" in labels
        )


def test_pillar_report_content_and_narratives(base: KnowledgeBase) -> None:
    assert save_text(base, ANALYST, "pillars", "2020:2021", "pijler2",
                     "De opvang in de regio is versterkt.") == 1  # fmt: skip
    assert save_text(base, ANALYST, "pillars", "2020:2021", "pijler2",
                     "De opvang in de regio is verder versterkt.") == 2  # fmt: skip
    with pytest.raises(PermissionError):
        save_text(base, ANONYMOUS, "pillars", "2020:2021", "pijler2", "x")
    assert [
        v["versie"] for v in text_history(base, LOCAL_USER, "pillars", "2020:2021")["pijler2"]
    ] == [2, 1]
    _, _, made = reports.make(base, ANONYMOUS, "pillars", "html", "2020:2021")
    pillar2 = next(s for s in made.sections if s.title.startswith("Pijler 2"))
    narrative = pillar2.blocks[0]
    assert getattr(narrative, "text", "") == "De opvang in de regio is verder versterkt."
    assert any(s.ref.startswith("programme:") for s in made.sources)  # the confirmed programmes
    assert any(s.ref.startswith("document:") for s in made.sources)  # quotes from letters
    said = [" ".join(r for r in b.runs if isinstance(r, str)) for b in pillar2.blocks
            if hasattr(b, "runs")]  # fmt: skip
    # the money of the pillar's confirmed programmes in the period, and what the base lacks
    money = [t for t in said if t.startswith("Programmageld voor deze pijler in de periode: EUR ")]
    assert len(money) == 1 and "met een bevestigde indeling" in money[0]
    assert any("opvang en bescherming in de regio" in t and "niet in de kennisbank" in t
               for t in said)  # fmt: skip
    pillar3 = next(s for s in made.sections if s.title.startswith("Pijler 3"))
    assert not any("bescherming in de regio" in " ".join(str(r) for r in b.runs)
                   for b in pillar3.blocks if hasattr(b, "runs"))  # fmt: skip


def test_an_empty_period_is_short_and_says_so(base: KnowledgeBase) -> None:
    data, _, made = reports.make(base, ANONYMOUS, "pillars", "pdf", "1990")
    assert made.empty and made.sources == []
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert "Deze rapportage is daarom leeg" in " ".join(
        (reader.pages[0].extract_text() or "").split()
    )
    _, _, gcm = reports.make(base, ANONYMOUS, "gcm", "html", "1990")
    assert gcm.empty


def test_unresolvable_sources_are_listed_not_dropped(base: KnowledgeBase) -> None:
    from partnerships.services.reports.commitments import commitments_report

    made = commitments_report(base, ANONYMOUS, None)
    made.cite(Source("document:999999", "Kamerbrief die niet (meer) in de kennisbank staat."))
    with base.session() as s:
        sources.verify(s, made)
    assert [u.ref for u in made.unresolved] == ["document:999999"]
    html, _ = render(made, "html")
    assert "niet (meer) te herleiden" in html.decode() and "document:999999" in html.decode()
    docx, _ = render(made, "docx")
    assert any("document:999999" in p.text for p in Docx(io.BytesIO(docx)).paragraphs)


def test_periods_and_errors() -> None:
    assert parse_period("2020") == (date(2020, 1, 1), date(2020, 12, 31))
    assert parse_period("2020:2021") == (date(2020, 1, 1), date(2021, 12, 31))
    assert parse_period("2020-03-01:2020-06-30") == (date(2020, 3, 1), date(2020, 6, 30))
    assert parse_period(None, date(2026, 5, 1)) == (date(2025, 1, 1), date(2025, 12, 31))
    for bad in ("twintig", "2021:2020"):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_cli_and_pages(
    base: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not base.url.startswith("sqlite"):
        pytest.skip("CLI and pages are covered on SQLite")
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", base.url)
    get_settings.cache_clear()
    try:
        out = tmp_path / "fiche.docx"
        made = runner.invoke(app, ["report", "country", "--country", "MAR", "--format", "docx",
                                   "-o", str(out)])  # fmt: skip
        assert made.exit_code == 0 and "Landenfiche Marokko" in made.stdout and out.stat().st_size
        bad = runner.invoke(app, ["report", "country", "-o", str(tmp_path / "x.pdf")])
        assert bad.exit_code == 1 and "needs --country" in bad.stderr
        assert runner.invoke(app, ["report", "poems", "-o", str(tmp_path / "y")]).exit_code == 1
    finally:
        get_settings.cache_clear()
    from partnerships.web.app import create_app
    from support.web import web_client

    analyst = web_client(
        create_app(KnowledgeBase(base.settings.model_copy(update={"local_analyst": True})))
    )
    reader = web_client(create_app(KnowledgeBase(base.settings)))
    assert "Rapportages aan de Kamer" in reader.get("/rapporten").text
    pdf = reader.get("/rapporten/maken?soort=commitments&formaat=pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert "attachment" in pdf.headers["content-disposition"]
    html = reader.get("/rapporten/maken?soort=country&land=MAR&formaat=html")
    assert (
        "Landenfiche Marokko" in html.text
        and "script-src" not in html.headers["content-security-policy"]
    )
    assert reader.get("/rapporten/maken?soort=country&formaat=pdf").status_code == 400
    saved = analyst.post("/rapporten/teksten", data={"soort": "gcm", "periode": "2020",
                                                     "doel7": "Kwetsbare migranten beschermd."},
                         follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert (
        "Kwetsbare migranten beschermd."
        in reader.get("/rapporten/teksten?soort=gcm&periode=2020").text
    )
    assert (
        reader.post("/rapporten/teksten", data={"soort": "gcm", "periode": "2020"}).status_code
        == 403
    )
    assert analyst.get("/rapporten/teksten?soort=country").status_code == 400


def test_quotes_are_chosen_by_meaning_once_each_and_only_from_migration_letters(
    base: KnowledgeBase,
) -> None:
    """Pillar and GCM quotes come from the paragraphs the letters' topics assign (the IMA
    progress letter's headings, terms elsewhere): no passage twice, never the sentence that
    enumerates the pillars, at most six per section, never from another ministry's letter on
    another subject; the GCM report is no longer empty for 2020."""
    from partnerships.services.reports.common import QUOTES_PER_SECTION

    _, _, made = reports.make(base, ANONYMOUS, "pillars", "html", "2020:2021")
    quotes = [b.runs[0] for sec in made.sections for b in sec.blocks
              if getattr(b, "style", "") == "quote"]  # fmt: skip
    assert quotes and len(quotes) == len(set(quotes))
    for sec in made.sections:
        assert sum(getattr(b, "style", "") == "quote" for b in sec.blocks) <= QUOTES_PER_SECTION
    from partnerships.domain.reference import names

    pillar_names = [n.lower() for n in names("nl")["ima"].values()]
    for q in quotes:  # a sentence that lists the pillars is never a quote
        assert sum(n in q.lower() for n in pillar_names) < 4, q
    pillar4 = next(s for s in made.sections if s.title.startswith("Pijler 4"))
    text4 = " ".join(b.runs[0] for b in pillar4.blocks if getattr(b, "style", "") == "quote")
    assert "terugkeer" in text4.lower()
    cited = {s.label for s in made.sources if s.ref.startswith("document:")}
    assert not any("luchtvaart" in c.lower() or "missies" in c.lower() for c in cited)
    _, _, gcm = reports.make(base, ANONYMOUS, "gcm", "html", "2020")
    assert not gcm.empty
    objective21 = next(s for s in gcm.sections if s.title.startswith("Doelstelling 21."))
    assert any(getattr(b, "style", "") == "quote" for b in objective21.blocks)


def test_letters_are_never_cited_by_file_name_and_calls_are_separated(
    base: KnowledgeBase,
) -> None:
    """The OCR'd taskforce letter has no subject: it is cited by date (and kenmerk), not as
    'b-taskforce-internationale-migratie.ocr.txt'; two footnote calls in a row are '¹,²';
    Dutch numbers; old figures said to be old."""
    from partnerships.reporting import render

    _, _, fiche = reports.make(base, ANONYMOUS, "country", "html", None, "MAR")
    _, _, pillars = reports.make(base, ANONYMOUS, "pillars", "html", "2025")
    labels = [s.label for r in (fiche, pillars) for s in r.sources]
    assert labels and not any(".ocr.txt" in x or ".md" in x or ".pdf'" in x for x in labels)
    page = render.html(fiche)
    assert '</a></sup><sup class="ref"><a' not in page  # calls in a row have a comma
    assert "32.5 %" not in page and "32,5 %" in page  # Dutch decimals, also in reasons
    assert "oud; importeer een recentere Eurostat-download" in page  # the 2017 export's data
    assert "(EU28, Eurostat)" in page or "(EU27_2020, Eurostat)" in page


# ------------------------------------------------------------------ the Kamerbrief form

PROFILE = """
ministry = "Ministerie van Buitenlandse Zaken"
directorate = "Directie Migratie"
visiting_address = ["Rijnstraat 8", "2515 XP Den Haag"]
postal_address = ["Postbus 20061", "2500 EB Den Haag"]
website = "www.rijksoverheid.nl/bz"
return_address = "Postbus 20061 2500 EB Den Haag"

[[signatories]]
function = "De Minister van Buitenlandse Zaken"
name = "A. Voorbeeldnaam"

[[signatories]]
function = "De Minister van Asiel en Migratie"
name = "B. Voorbeeldnaam"
"""  # constructed for the test: an own profile, not the bundled example


def _docx_text(data: bytes) -> tuple[str, str, str]:
    """Body text (paragraphs and tables), first-page header and footer XML text."""
    doc = Docx(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    body = "\n".join([p.text for p in doc.paragraphs] + cells)
    sec = doc.sections[0]
    head = " ".join(p.text for p in sec.first_page_header.paragraphs)
    foot = sec.footer._element.xml
    return body, head, foot


def test_a_draft_has_the_form_of_a_kamerbrief_and_marks_what_is_missing(
    base: KnowledgeBase,
) -> None:
    data, _, made = reports.make(base, ANONYMOUS, "commitments", "docx")
    body, head, foot = _docx_text(data)
    assert head == "Ministerie van Justitie en Veiligheid"  # the bundled example profile
    for part in (
        "Directoraat-Generaal Migratie",
        "Turfmarkt 147",
        "Postbus 20301",
        "Aan de Voorzitter van de Tweede Kamer",
        "Ons kenmerk",
        "Bijlage(n)",
        "Datum",
        "Betreft",
        made.subject,
        "De Minister van Buitenlandse Zaken,",
    ):
        assert part in body, part  # fmt: skip
    assert "[kenmerk]" in body and "[naam]" in body and "CONCEPT — niet verzenden" in body
    assert 'w:instr="PAGE"' in foot and 'w:instr="NUMPAGES"' in foot and "Pagina" in foot
    assert "Migration Partnerships Monitor" not in body + head
    # the body stands between the letter's head and its signature
    paragraphs = [p.text for p in Docx(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert paragraphs.index(made.title) < paragraphs.index("De Minister van Buitenlandse Zaken,")
    pdf, _, _ = reports.make(base, ANONYMOUS, "commitments", "pdf", kenmerk="BZ-2026-17")
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Ministerie van Justitie en Veiligheid" in text and "BZ-2026-17" in text
    assert "Pagina 1 van" in text and "CONCEPT" in text
    _png(pdf, "kamerbrief-draft")


def test_a_final_report_is_refused_while_anything_is_missing(base: KnowledgeBase) -> None:
    with pytest.raises(reports.NotFinal) as refused:
        reports.make(base, ANONYMOUS, "pillars", "docx", "2020:2021", final=True)
    problems = refused.value.problems
    assert any("meegeleverde voorbeeld" in p for p in problems)
    assert any(p.startswith("geen kenmerk") for p in problems)
    assert any("heeft geen naam" in p for p in problems)
    assert any(p.startswith("sectie zonder tekst: ") for p in problems)  # unwritten pillars


def test_a_final_report_from_an_own_profile_has_no_placeholder(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    profile = tmp_path / "afzender.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    kb = KnowledgeBase(base.settings.model_copy(update={"sender_profile": profile}))
    data, _, made = reports.make(kb, ANONYMOUS, "commitments", "docx", kenmerk="BZ-2026-17",
                                 final=True, attachments=("Overzicht toezeggingen",))  # fmt: skip
    body, head, _ = _docx_text(data)
    assert head == "Ministerie van Buitenlandse Zaken"
    for part in (
        "Directie Migratie",
        "Rijnstraat 8",
        "BZ-2026-17",
        "A. Voorbeeldnaam",
        "De Minister van Asiel en Migratie,",
        "B. Voorbeeldnaam",
    ):
        assert part in body, part  # fmt: skip
    for placeholder in ("[kenmerk]", "[naam]", "[Tekst nog in te vullen]", "CONCEPT", "{{"):
        assert placeholder not in body, placeholder
    assert made.unresolved == []
    pdf, _, _ = reports.make(kb, ANONYMOUS, "commitments", "pdf", kenmerk="BZ-2026-17",
                             final=True)  # fmt: skip
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "A. Voorbeeldnaam" in text and "CONCEPT" not in text
    _png(pdf, "kamerbrief-final")


def test_a_house_style_template_is_used_and_a_broken_one_refused(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    house = Docx()
    house.add_paragraph("HUISSTIJL {{ ministerie }} — kenmerk {{ kenmerk }}")
    house.add_paragraph("{{ inhoud }}")
    house.add_paragraph("{% for o in ondertekenaars %}{{ o.functie }}; {% endfor %}")
    template = tmp_path / "huisstijl.docx"
    house.save(template)
    kb = KnowledgeBase(base.settings.model_copy(update={"report_template": template}))
    data, _, made = reports.make(kb, ANONYMOUS, "commitments", "docx", kenmerk="K-1")
    paragraphs = [p.text for p in Docx(io.BytesIO(data)).paragraphs]
    assert paragraphs[0] == "HUISSTIJL Ministerie van Justitie en Veiligheid — kenmerk K-1"
    assert made.title in paragraphs and paragraphs[-1].startswith("De Staatssecretaris")
    assert _docx_footnotes(data)[0]  # the footnotes came along
    # the same template saved as a Word template (.dotx)
    import zipfile

    dotx = tmp_path / "huisstijl.dotx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                raw = raw.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, raw)
    kb = KnowledgeBase(base.settings.model_copy(update={"report_template": dotx}))
    data, _, _ = reports.make(kb, ANONYMOUS, "commitments", "docx", kenmerk="K-1")
    assert Docx(io.BytesIO(data)).paragraphs[0].text.startswith("HUISSTIJL")
    bare = Docx()
    bare.add_paragraph("{{ ministerie }}")
    broken = tmp_path / "zonder-inhoud.docx"
    bare.save(broken)
    kb = KnowledgeBase(base.settings.model_copy(update={"report_template": broken}))
    with pytest.raises(reports.TemplateError, match=r"zonder-inhoud\.docx: no \{\{ inhoud"):
        reports.make(kb, ANONYMOUS, "commitments", "docx")


def test_the_form_on_the_page_and_in_the_cli(
    base: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not base.url.startswith("sqlite"):
        pytest.skip("CLI and pages are covered on SQLite")
    from partnerships.web.app import create_app
    from support.web import web_client

    reader = web_client(create_app(KnowledgeBase(base.settings)))
    page = reader.get("/rapporten").text
    assert 'name="kenmerk"' in page and 'name="definitief"' in page
    assert "meegeleverde voorbeeldprofiel" in page
    refused = reader.get("/rapporten/maken?soort=commitments&formaat=docx&definitief=1")
    assert refused.status_code == 400 and "geen kenmerk" in refused.text
    made = reader.get("/rapporten/maken?soort=commitments&formaat=html&kenmerk=K-9")
    assert made.status_code == 200 and "K-9" in made.text and "CONCEPT" in made.text
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", base.url)
    get_settings.cache_clear()
    try:
        out = tmp_path / "brief.docx"
        bad = runner.invoke(app, ["report", "commitments", "-o", str(out), "--final"])
        assert bad.exit_code == 1 and "geen kenmerk" in bad.stderr and not out.exists()
        ok = runner.invoke(app, ["report", "commitments", "-o", str(out), "--kenmerk", "K-9",
                                 "--bijlage", "Overzicht"])  # fmt: skip
        assert ok.exit_code == 0 and "K-9" in _docx_text(out.read_bytes())[0]
    finally:
        get_settings.cache_clear()


def test_example_values_are_flagged_in_the_fiche_and_refused_when_final(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    from partnerships.services.indicators import import_table

    import_table(base, DATA / "tables" / "analisten-voorbeeld.csv")
    _, _, made = reports.make(base, ANONYMOUS, "country", "html", country="MAR")
    flagged = [s for s in made.sources if s.example]
    # each value its own footnote: file, row, what, source, who entered it
    assert len(flagged) >= 4 and all("VOORBEELDWAARDE (fictief)" in s.label for s in flagged)
    assert any(s.label.startswith(
        "Analistentabel, bestand analisten-voorbeeld.csv, rij 14: Terugnameverzoeken ingediend "
        "(terugnameverzoeken_ingediend), MAR 2016: 420 verzoeken; bron: voorbeeld"
    )
        and "ingevoerd door niet vermeld" in s.label for s in flagged)  # fmt: skip
    profile = tmp_path / "afzender.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    kb = KnowledgeBase(base.settings.model_copy(update={"sender_profile": profile}))
    with pytest.raises(reports.NotFinal) as refused:
        reports.make(kb, ANONYMOUS, "country", "docx", country="MAR", kenmerk="K", final=True)
    assert refused.value.problems == [
        f"voorbeeldwaarden (fictief) als bron: {f.label}" for f in flagged
    ]


def test_every_analyst_value_has_its_own_footnote_with_row_and_who_entered_it(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    """Constructed table (real indicator codes, invented values): two values of one year,
    each cited by its row and by who entered it, never one footnote for the whole table."""
    from partnerships.services.indicators import import_table

    table = tmp_path / "tabel-mar.csv"
    table.write_text(
        "land;indicator;periode;waarde;eenheid;bron;toelichting;ingevoerd_door\n"
        "MAR;terugnameverzoeken_ingediend;2016;1234,5;verzoeken;DT&V;;A. Analist\n"
        "MAR;samenwerking_identificatie;2016;4;score;;;B. Beleid\n",
        "utf-8",
    )
    import_table(base, table)
    _, _, made = reports.make(base, ANONYMOUS, "country", "html", country="MAR")
    mine = [s for s in made.sources if "bestand tabel-mar.csv" in s.label]
    labels = sorted(s.label for s in mine)
    assert len(mine) == 2 and not any(s.example for s in mine)
    assert labels[1].startswith("Analistentabel, bestand tabel-mar.csv, rij 3: Praktische")
    assert "MAR 2016: 4 score; ingevoerd door B. Beleid" in labels[1]
    assert labels[0].startswith(
        "Analistentabel, bestand tabel-mar.csv, rij 2: Terugnameverzoeken ingediend "
        "(terugnameverzoeken_ingediend), MAR 2016: 1.234,5 verzoeken; bron: DT&V; ingevoerd "
        "door A. Analist, ingelezen "
    )
    # the values this table restates are superseded: not cited twice
    assert not any("rij 14:" in s.label or "rij 16:" in s.label for s in made.sources)
    assert made.unresolved == []


def test_a_final_report_quotes_only_passages_people_confirmed(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from partnerships.reporting.model import Paragraph
    from partnerships.services.topics import set_topic
    from partnerships.store.schema import Document, TopicRow

    profile = tmp_path / "afzender.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    kb = KnowledgeBase(base.settings.model_copy(update={"sender_profile": profile}))
    for n in range(1, 7):
        save_text(kb, ANALYST, "pillars", "2020:2021", f"pijler{n}", f"Toelichting {n}.")

    def quotes(made: object) -> list[str]:
        return [
            sec.title
            for sec in made.sections  # type: ignore[attr-defined]
            for b in sec.blocks
            if isinstance(b, Paragraph) and b.style == "quote"
        ]

    _, _, draft = reports.make(kb, ANONYMOUS, "pillars", "html", "2020:2021")
    assert quotes(draft)  # a draft quotes the extractor's suggestions
    _, _, final = reports.make(kb, ANONYMOUS, "pillars", "html", "2020:2021", kenmerk="K",
                               final=True)  # fmt: skip
    assert quotes(final) == []  # nothing confirmed yet: nothing quoted
    with kb.session() as s:
        doc_id, code = s.execute(
            select(TopicRow.document_id, TopicRow.code).join(Document)
            .where(TopicRow.scheme == "ima", Document.date >= date(2020, 1, 1),
                   Document.date <= date(2021, 12, 31))
            .order_by(TopicRow.confidence.desc()).limit(1)).one()  # fmt: skip
    set_topic(kb, ANALYST, doc_id, "ima", code, True)
    try:
        _, _, confirmed = reports.make(kb, ANONYMOUS, "pillars", "html", "2020:2021",
                                       kenmerk="K", final=True)  # fmt: skip
        assert quotes(confirmed) and all(t.startswith(f"Pijler {code}.") for t in quotes(confirmed))
    finally:
        set_topic(kb, ANALYST, doc_id, "ima", code, None)


def test_pillar_four_gives_the_dutch_return_figures_of_the_period(base: KnowledgeBase) -> None:
    def pillar4(period: str) -> str:
        _, _, made = reports.make(base, ANONYMOUS, "pillars", "html", period)
        sec = next(s for s in made.sections if s.title.startswith("Pijler 4."))
        with base.session() as s:
            assert all(sources.resolves(s, src.ref) for src in made.sources)
        return " ".join(str(r) for b in sec.blocks for r in getattr(b, "runs", []))

    inside = pillar4("2014:2015")
    assert "Nederland vaardigde in 2014" in inside and "Nederland vaardigde in 2015" in inside
    assert "terugkeerbesluiten uit" in inside and "%" in inside
    outside = pillar4("2020:2021")
    assert "geen terugkeercijfers van Nederland" in outside and "2016" in outside
    assert "vaardigde in" not in outside  # never a figure from outside the period


def test_a_fiche_cites_the_risk_version_its_reader_sees(base: KnowledgeBase) -> None:
    """Found in the refactor (#18): the fiche looked a risk up by the version number its
    reader sees, so with a confidential first version an anonymous reader's footnote named
    that version and its owner."""
    review = date.today() + timedelta(days=60)
    hidden = risks.record_risk(base, ANALYST, Risk("TUN", "detentie", "Detentie", 3, 3,
                                                   "Toezicht", "Geheime eigenaar", review,
                                                   classification="vertrouwelijk"))  # fmt: skip
    risks.record_risk(base, ANALYST, Risk("TUN", "detentie", "Detentie", 3, 3, "Toezicht",
                                          "DMM/MM", review, classification="openbaar",
                                          key=hidden.risk.key))  # fmt: skip
    _, _, fiche = reports.make(base, ANONYMOUS, "country", "html", None, "TUN")
    (source,) = [s for s in fiche.sources if s.ref.startswith("risk:")]
    assert source.ref == f"risk:{hidden.risk.key}:2"
    assert "versie 1," in source.label and "DMM/MM" in source.label
    assert "Geheime" not in source.label
