"""Harvesting parliament's open data (SQLite and PostgreSQL) from a local server on
loopback that answers like the OData v4 API (tests/support/tk_server.py; constructed
answers, real letter texts): paging, a PDF, a Word file and a motion, a withdrawn and a
malformed entry, 429 with Retry-After, a timeout; incremental and idempotent; kill -9 at
any moment continues without gaps or duplicates."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document as WordDocument
from sqlalchemy import func, select

from partnerships.ingest.tk_odata import Client
from partnerships.services.harvest import harvest_tk, scope_key
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.harvest import HarvestRepository
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import Document, HarvestedItem
from support.tk_server import Script, entry, serving

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COMMAND = Path(sys.executable).parent / "partnerships"


def _word_letter(subject: str) -> bytes:
    d = WordDocument()
    d.add_paragraph("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal")
    d.add_paragraph(f"Betreft {subject}")
    d.add_paragraph("Het kabinet zet in op terugkeer naar Marokko en Tunesië. Ik zal uw Kamer "
                    "voor de zomer informeren over de uitkomsten van de gesprekken.")  # fmt: skip
    d.add_paragraph("De Staatssecretaris van Justitie en Veiligheid,")
    d.add_paragraph("Eric van der Burg")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _motion_html() -> bytes:
    text = (FIXTURES / "publications" / "kst-19637-1662.txt").read_text("utf-8")
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    return f"<!doctype html><html><body>{paragraphs}</body></html>".encode()


# constructed in the information model's shape: the motion's Zaak with an earlier
# 'aangehouden' and the final vote, per party
MOTION_CASE = {"Id": "a3", "Soort": "Motie", "Zaak": [{
    "Id": "z1", "Nummer": "2013Z10452", "Soort": "Motie", "Besluit": [
        {"Id": "b1", "BesluitSoort": "Aangehouden (tijdens vergadering)",
         "BesluitTekst": "Aangehouden.", "Stemming": [], "Verwijderd": False},
        {"Id": "b2", "BesluitSoort": "Stemmen - verworpen", "BesluitTekst": "Verworpen.",
         "StemmingsSoort": "Met handopsteken", "Verwijderd": False, "Stemming": [
             {"ActorNaam": "PVV", "ActorFractie": "PVV", "Soort": "Voor", "FractieGrootte": 15,
              "Vergissing": False},
             {"ActorNaam": "VVD", "ActorFractie": "VVD", "Soort": "Tegen", "FractieGrootte": 41,
              "Vergissing": False},
             {"ActorNaam": "PvdA", "ActorFractie": "PvdA", "Soort": "Tegen",
              "FractieGrootte": 38, "Vergissing": False},
             {"ActorNaam": "SP", "ActorFractie": "SP", "Soort": "Voor", "FractieGrootte": 15,
              "Vergissing": True}]}]}]}  # fmt: skip


def _script() -> Script:
    pdf = (FIXTURES / "signatures" / "constructed-four-signatories-side-by-side.pdf").read_bytes()
    return Script(
        pages=[
            [entry("a1", "2024-03-12T10:00:00Z", number="2024D10001",
                   subject="Voortgang migratiepartnerschappen", when="2024-03-12", sequence=3001),
             entry("a2", "2024-03-13T10:00:00Z", number="2024D10002",
                   subject="Voortgang terugkeersamenwerking", when="2024-03-04",
                   sequence=3002, content_type=WORD),
             entry("a3", "2024-03-14T09:00:00Z", kind="Motie", number="2013D20762",
                   subject="Motie van het lid Fritsma", when="2013-05-22", sequence=1662,
                   content_type="text/html")],
            [entry("a4", "2024-03-15T09:00:00Z", number="2024D10004", deleted=True),
             {"Id": "a5", "Soort": "Brief regering"}],  # malformed: no ApiGewijzigdOp
        ],
        resources={"a1": ("application/pdf", pdf),
                   "a2": (WORD, _word_letter("Voortgang terugkeersamenwerking")),
                   "a3": ("text/html", _motion_html())},
        throttle_page=1, slow_resource="a2", slow_seconds=2.5,
        motions={"a3": MOTION_CASE},
    )  # fmt: skip


def _client() -> Client:
    return Client(min_interval=0.0, timeout=1.0, retries=3, backoff=0.1)


def test_a_harvest_stores_what_it_finds_and_a_second_run_adds_nothing(kb: KnowledgeBase) -> None:
    script = _script()
    with serving(script) as url:
        kb.settings.harvest_tk_url = url
        report = harvest_tk(kb, dossiers=["19637"], kinds=["Brief regering", "Motie"],
                            client=_client())  # fmt: skip
        assert (sorted(report.new), report.deleted) == (
            ["2013D20762", "2024D10001", "2024D10002"],
            ["2024D10004"],
        )
        assert [(n, str(r)) for n, r in report.failed] == [
            ("a5", "malformed entry: no ApiGewijzigdOp")
        ]
        with kb.session() as s:
            docs = {d.source_path.rsplit("(", 1)[1].split(")")[0]: d
                    for d in s.scalars(select(Document))}  # fmt: skip
            assert set(docs) == {"a1", "a2", "a3"}
            assert docs["a3"].kind == "motion" and docs["a3"].kamerstuk_number == "1662"
            outcome = DocumentRepository(s).motion_outcome(docs["a3"].id)
            assert (outcome.case_number, outcome.outcome) == ("2013Z10452", "verworpen")
            # the final decision wins over 'aangehouden'; a vote cast by mistake is left out
            assert [(v["fractie"], v["stem"], v["zetels"]) for v in outcome.votes] == [
                ("PVV", "Voor", 15),
                ("VVD", "Tegen", 41),
                ("PvdA", "Tegen", 38),
            ]
            # parliament's data fill what the files do not say: the Word letter's date
            assert docs["a2"].date.isoformat() == "2024-03-04"
            assert (docs["a1"].kamerstuk_dossier, docs["a1"].kamerstuk_number) == ("19637", "3001")
            assert len(docs["a1"].signatories) == 4
            assert DocumentRepository(s).consistency_problems() == []
            items = {i.item_id: i for i in s.scalars(select(HarvestedItem))}
            assert set(items) == {"a1", "a2", "a3", "a4"} and items["a4"].deleted
            cursor = HarvestRepository(s).cursor(
                "tk", scope_key(["19637"], ["Brief regering", "Motie"])
            )
        assert cursor == ("2024-03-15T09:00:00Z", "a4")
        # polite: our User-Agent on every request, the 429 and the timeout retried
        assert all(agent.startswith("MigrationPartnershipsMonitor/") for _p, agent in script.seen)
        assert sum(1 for p, _a in script.seen if "page=1" in p) == 2
        assert sum(1 for p, _a in script.seen if "Document(a2)" in p) == 2
        again = harvest_tk(kb, dossiers=["19637"], kinds=["Brief regering", "Motie"],
                           client=_client())  # fmt: skip
        assert again.new == again.updated == again.deleted == []
    # the motion's page and the API show what became of it
    from partnerships.web.app import create_app
    from support.web import web_client

    reader = web_client(create_app(KnowledgeBase(kb.settings)))
    motion_id = docs["a3"].id
    page = reader.get(f"/documenten/{motion_id}").text
    assert "verworpen" in page and "Tegen (79): VVD, PvdA" in page
    api = reader.get(f"/api/v1/documenten/{motion_id}").json()
    assert api["soort"] == "motie" and api["uitkomstMotie"]["uitkomst"] == "verworpen"
    # the motions page lists the harvested motion with its outcome and votes per party
    motions = reader.get("/moties").text
    assert "Moties in de kennisbank" in motions and f'href="/documenten/{motion_id}"' in motions
    assert "<strong>verworpen</strong>" in motions and "Tegen: VVD (41), PvdA (38)" in motions
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 3


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_9_at_any_moment_continues_without_gaps_or_duplicates(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    """A real SIGKILL of `partnerships harvest tk` while it stores, then a rerun: every
    document exactly once, the base consistent."""
    pages = [[entry(f"k{i}", f"2024-04-{i + 1:02d}T10:00:00Z", number=f"2024D2{i:04d}",
                    subject=f"Brief {i}", when="2024-04-01", content_type=WORD)
              for i in range(6)]]  # fmt: skip
    resources = {f"k{i}": (WORD, _word_letter(f"Voortgang gesprekken ronde {i}"))
                 for i in range(6)}  # fmt: skip
    script = Script(pages=pages, resources=resources, delay=0.4)
    env = os.environ | {"PARTNERSHIPS_DATABASE_URL": kb.url,
                        "PARTNERSHIPS_DATA_DIR": str(tmp_path), "PARTNERSHIPS_WORKERS": "1",
                        "PARTNERSHIPS_HARVEST_MIN_INTERVAL": "0",
                        "PARTNERSHIPS_HARVEST_TIMEOUT": "5"}  # fmt: skip
    args = [str(COMMAND), "harvest", "tk", "--dossier", "19637", "--soort", "Brief regering"]
    with serving(script) as url:
        env["PARTNERSHIPS_HARVEST_TK_URL"] = url
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with kb.session() as s:
                if (s.scalar(select(func.count()).select_from(Document)) or 0) >= 2:
                    break
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with kb.session() as s:
            stored = s.scalar(select(func.count()).select_from(Document)) or 0
        assert 2 <= stored < 6
        rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120,
                               check=False)  # fmt: skip
        assert rerun.returncode == 0, rerun.stderr
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 6
        items = list(s.scalars(select(HarvestedItem)))
        assert sorted(i.item_id for i in items) == [f"k{i}" for i in range(6)]
        assert DocumentRepository(s).consistency_problems() == []


def test_watch_intervals_and_coverage(kb: KnowledgeBase, letters_dir: Path) -> None:
    from partnerships.domain.context import LOCAL_USER
    from partnerships.services.coverage import coverage
    from partnerships.services.harvest import interval_seconds

    assert (interval_seconds("15m"), interval_seconds("1h"), interval_seconds("900")) == (
        900,
        3600,
        900,
    )
    assert interval_seconds("5s") is None and interval_seconds("soms") is None
    with serving(_script()) as url:
        kb.settings.harvest_tk_url = url
        harvest_tk(kb, dossiers=["19637"], kinds=["Brief regering", "Motie"], client=_client())
    kb.ingest([letters_dir / "c-voortgang-integrale-migratieagenda.md"])
    data = coverage(kb, LOCAL_USER)
    assert {r["bron"]: r["documenten"] for r in data["perBron"]} == {"tk": 3, "bestand": 1}
    assert any(r["dossier"] == "19637" for r in data["perDossierEnJaar"])
    assert data["geoogst"][0]["bron"] == "tk"
    # the IMA letter cites Kamerstukken the base does not hold: listed with their publication
    missing = data["geciteerdOntbrekend"]
    assert missing and all(
        r["publicatie"] == f"https://zoek.officielebekendmakingen.nl/kst-{r['dossier']}-"
        f"{r['nummer']}.html" for r in missing)  # fmt: skip


PUBLICATIONS = FIXTURES / "publications"
#: a stand-in for the office's PDF rendition: recorded by address, size and fingerprint,
#: never read (constructed)
PDF_RENDITION = b"%PDF-1.7\n% constructed stand-in for kst-19637-2302.pdf\n%%EOF\n"


def _publication(*, xml: bool = True, html: bool = False, pdf: bool = True,
                 metadata: bytes | None = None) -> dict[str, tuple[str, bytes]]:  # fmt: skip
    """The publication office's files of kst-19637-2302 (constructed, see the fixtures'
    README): metadata.xml and the renditions asked for."""
    files = {"/kst-19637-2302/metadata.xml": (
        "application/xml", metadata or (FIXTURES / "ob" / "constructed-kst-19637-2302.metadata.xml")
        .read_bytes())}  # fmt: skip
    if xml:
        files["/kst-19637-2302.xml"] = (
            "application/xml",
            (PUBLICATIONS / "constructed-kst-19637-2302.xml").read_bytes(),
        )
    if html:
        text = (PUBLICATIONS / "kst-19637-2302.txt").read_text("utf-8")
        body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
        files["/kst-19637-2302.html"] = (
            "text/html",
            f"<!doctype html><html><body>{body}</body></html>".encode(),
        )
    if pdf:
        files["/kst-19637-2302.pdf"] = ("application/pdf", PDF_RENDITION)
    return files


def test_a_cited_kamerstuk_is_fetched_from_the_publication_office(kb: KnowledgeBase) -> None:
    from partnerships.services.harvest import harvest_ob

    script = Script(pages=[[]], resources={}, files=_publication())
    with serving(script) as url:
        kb.settings.harvest_ob_url = url.split("/OData/")[0] + "/"
        report = harvest_ob(kb, ["19637-2302", "kst-19637-9999", "geen nummer"],
                            client=_client())  # fmt: skip
        assert report.new == ["19637-2302"]
        assert [n for n, _r in report.failed] == ["19637-9999", "geen nummer"]
        assert "HTTP 404" in str(report.failed[0][1]) and "not a Kamerstuk number" in str(
            report.failed[1][1]
        )
        assert "no metadata.xml" in str(report.failed[0][1])
        asked = len(script.seen)
        again = harvest_ob(kb, ["19637-2302"], client=_client())
        assert again.unchanged == ["19637-2302"]
        # metadata.xml and the XML again; the PDF is recorded already, so not asked for
        assert [p for p, _a in script.seen[asked:]] == [
            "/kst-19637-2302/metadata.xml", "/kst-19637-2302.xml"]  # fmt: skip
    with kb.session() as s:
        (doc,) = s.scalars(select(Document))
        assert (doc.kamerstuk_dossier, doc.kamerstuk_number, doc.format) == ("19637", "2302", "xml")
        base = kb.settings.harvest_ob_url.rstrip("/")
        shown = [(f, p, n) for f, p, n, _t in DocumentRepository(s).renditions(doc.id)]
        assert shown == [("xml", f"{base}/kst-19637-2302.xml", len(
            (PUBLICATIONS / "constructed-kst-19637-2302.xml").read_bytes())),
            ("pdf", f"{base}/kst-19637-2302.pdf", len(PDF_RENDITION))]  # fmt: skip
        item = HarvestRepository(s).item("ob", "kst-19637-2302")
        assert item is not None and item.document_id == doc.id


def test_the_publication_office_must_say_which_publication_a_rendition_is(
    kb: KnowledgeBase,
) -> None:
    """metadata.xml is the office's word on the publication: one that names another, or
    none at all, stores nothing; a rendition that is another Kamerstuk is refused too."""
    from partnerships.services.harvest import harvest_ob

    other = (FIXTURES / "ob" / "constructed-kst-19637-2302.metadata.xml").read_bytes()
    named_other = other.replace(b"kst-19637-2302", b"kst-19637-2301")
    script = Script(pages=[[]], resources={}, files=_publication(metadata=named_other))
    with serving(script) as url:
        kb.settings.harvest_ob_url = url.split("/OData/")[0] + "/"
        report = harvest_ob(kb, ["19637-2302"], client=_client())
        assert report.new == [] and len(report.failed) == 1
        assert "the publication office says this is kst-19637-2301, not kst-19637-2302" in (
            str(report.failed[0][1]))  # fmt: skip
        # the office's metadata and the rendition agree on 2302; 2303 was asked for
        meta = other.replace(b"kst-19637-2302", b"kst-19637-2303").replace(
            b'content="2302"', b'content="2303"')  # fmt: skip
        files = _publication(metadata=meta)
        script.files = {k.replace("2302", "2303"): v for k, v in files.items()}
        wrong = harvest_ob(kb, ["19637-2303"], client=_client())
        assert wrong.new == [] and "the rendition is Kamerstuk 19637-2302, not 19637-2303" in (
            str(wrong.failed[0][1]))  # fmt: skip
        not_found = b"<html>Niet gevonden</html>"
        script.files = {"/kst-19637-2302/metadata.xml": ("text/html", not_found)}
        broken = harvest_ob(kb, ["19637-2302"], client=_client())
        assert "not the publication office's metadata" in str(broken.failed[0][1])
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0


def test_without_the_xml_the_html_rendition_is_read_and_the_office_fills_in(
    kb: KnowledgeBase,
) -> None:
    """No XML (older publications, or the office's outage of one form): the HTML rendition
    gives the text; a missing PDF is a note, not a failure."""
    from partnerships.services.harvest import harvest_ob

    script = Script(pages=[[]], resources={}, files=_publication(xml=False, html=True, pdf=False))
    with serving(script) as url:
        kb.settings.harvest_ob_url = url.split("/OData/")[0] + "/"
        report = harvest_ob(kb, ["19637-2302"], client=_client())
        assert report.new == ["19637-2302"] and report.failed == []
        assert [n for n, _w in report.notes] == ["19637-2302"]
        assert "PDF rendition not recorded" in str(report.notes[0][1])
        script.files = _publication(xml=False, html=False, pdf=False)
        gone = harvest_ob(kb, ["19637-2303"], client=_client())
        assert "no metadata.xml" in str(gone.failed[0][1])
    with kb.session() as s:
        (doc,) = s.scalars(select(Document))
        assert (doc.kamerstuk_dossier, doc.kamerstuk_number) == ("19637", "2302")
        assert doc.format == "html" and str(doc.date) == "2017-02-22"
        assert doc.source_path.endswith("/kst-19637-2302.html")


def test_a_kamerstuk_with_no_readable_rendition_says_what_was_tried(kb: KnowledgeBase) -> None:
    from partnerships.services.harvest import harvest_ob

    script = Script(pages=[[]], resources={}, files=_publication(xml=False, pdf=False))
    with serving(script) as url:
        kb.settings.harvest_ob_url = url.split("/OData/")[0] + "/"
        report = harvest_ob(kb, ["19637-2302"], client=_client())
    assert [(n, str(r)) for n, r in report.failed] == [
        ("19637-2302", "no rendition could be read: no XML rendition; no HTML rendition; "
                       "no PDF rendition")]  # fmt: skip


def test_a_changed_file_at_the_same_address_updates_its_document(kb: KnowledgeBase) -> None:
    """A Word letter without a Kamerstuk number or kenmerk changes at parliament: the next
    harvest replaces the document it became (matched by its address), never a second one."""
    script = Script(pages=[[entry("w1", "2024-05-01T10:00:00Z", number="2024D30001",
                                  subject="Brief", when="2024-05-01", content_type=WORD)]],
                    resources={"w1": (WORD, _word_letter("Voortgang eerste versie"))})  # fmt: skip
    with serving(script) as url:
        kb.settings.harvest_tk_url = url
        assert harvest_tk(kb, dossiers=["19637"], kinds=["Brief regering"],
                          client=_client()).new == ["2024D30001"]  # fmt: skip
        script.pages = [
            [
                entry(
                    "w1",
                    "2024-05-02T10:00:00Z",
                    number="2024D30001",
                    subject="Brief",
                    when="2024-05-01",
                    content_type=WORD,
                )
            ]
        ]
        script.resources = {"w1": (WORD, _word_letter("Voortgang tweede versie"))}
        again = harvest_tk(kb, dossiers=["19637"], kinds=["Brief regering"], client=_client())
    assert again.updated == ["2024D30001"] and again.new == []
    with kb.session() as s:
        (doc,) = s.scalars(select(Document))
        assert doc.subject == "Voortgang tweede versie"


def test_the_coverage_page_lists_what_is_missing_and_analysts_fetch_it(
    kb: KnowledgeBase, letters_dir: Path
) -> None:
    if not kb.url.startswith("sqlite"):
        pytest.skip("the pages are covered on SQLite")
    from partnerships.web.app import create_app
    from support.web import web_client

    assert not kb.ingest([letters_dir]).failed
    script = Script(pages=[[]], resources={}, files=_publication())
    with serving(script) as url:
        settings = kb.settings.model_copy(update={
            "harvest_ob_url": url.split("/OData/")[0] + "/", "harvest_min_interval": 0.0,
            "harvest_retries": 0})  # fmt: skip
        reader = web_client(create_app(KnowledgeBase(settings)))
        page = reader.get("/dekking").text
        assert "Genoemd maar niet in de kennisbank" in page and "kst-" in page
        assert 'action="/dekking/ophalen"' not in page  # a reader sees no fetch button
        assert reader.post("/dekking/ophalen", data={"kamerstuk": "19637-2302"}).status_code == 403
        analyst = web_client(create_app(KnowledgeBase(
            settings.model_copy(update={"local_analyst": True}))))  # fmt: skip
        assert 'action="/dekking/ophalen"' in analyst.get("/dekking").text
        done = analyst.post("/dekking/ophalen", data={"kamerstuk": "19637-2302"})
        assert done.status_code == 200 and "19637-2302: opgehaald en opgeslagen" in done.text
        failed = analyst.post("/dekking/ophalen", data={"kamerstuk": "19637-9999"})
        assert failed.status_code == 502 and "HTTP 404" in failed.text
        with kb.session() as s:
            doc_id = s.scalar(select(Document.id).where(Document.kamerstuk_number == "2302"))
        letter = reader.get(f"/documenten/{doc_id}").text
        # the renditions, each linked to the office: the XML read and the PDF beside it
        assert "Weergaven" in letter and 'kst-19637-2302.pdf">' in letter
        assert 'kst-19637-2302.xml">' in letter
    with kb.session() as s:
        stored = (
            select(func.count())
            .select_from(Document)
            .where(Document.kamerstuk_dossier == "19637", Document.kamerstuk_number == "2302")
        )
        assert s.scalar(stored) == 1


def _sru_page(records: list[tuple[str, str]], total: int, next_position: int | None) -> bytes:
    """An SRU 2.0 answer of KOOP's search (constructed in its documented shape)."""
    recs = "".join(
        f"""<sru:record><sru:recordData><gzd:gzd><gzd:originalData><overheidwetgeving:meta>
        <owmskern><dcterms:identifier>{ident}</dcterms:identifier>
        <dcterms:title>Brief over {ident}</dcterms:title></owmskern>
        <owmsmantel><dcterms:date>{when}</dcterms:date></owmsmantel>
        </overheidwetgeving:meta></gzd:originalData><gzd:enrichedData>
        <gzd:itemUrl manifestation="xml">https://repository.overheid.nl/{ident}.xml</gzd:itemUrl>
        </gzd:enrichedData></gzd:gzd></sru:recordData></sru:record>"""
        for ident, when in records)  # fmt: skip
    nxt = (
        f"<sru:nextRecordPosition>{next_position}</sru:nextRecordPosition>" if next_position else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"
 xmlns:gzd="http://standaarden.overheid.nl/gzd" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/">
<sru:version>2.0</sru:version><sru:numberOfRecords>{total}</sru:numberOfRecords>
<sru:records>{recs}</sru:records>{nxt}</sru:searchRetrieveResponse>""".encode()


def test_a_dossier_is_searched_at_the_publication_office(kb: KnowledgeBase) -> None:
    from partnerships.services.harvest import harvest_ob_search

    script = Script(pages=[[]], resources={}, files=_publication(),
                    sru={1: _sru_page([("kst-19637-2302", "2024-02-01")], 2, 2),
                         2: _sru_page([("stcrt-2024-1", "2024-03-01")], 2, None)})  # fmt: skip
    with serving(script) as url:
        root = url.split("/OData/")[0]
        kb.settings.harvest_ob_url, kb.settings.harvest_sru_url = root + "/", root + "/sru"
        first = harvest_ob_search(kb, ["19637"], client=_client())
        assert first.new == ["19637-2302"] and first.failed == []
        searches = [p for p, _a in script.seen if p.startswith("/sru?")]
        assert len(searches) == 2 and "w.dossiernummer%3D%3D%2219637%22" in searches[0]
        with kb.session() as s:
            assert HarvestRepository(s).cursor("ob", "sru:19637") == ("2024-03-01", "19637")
        again = harvest_ob_search(kb, ["19637"], client=_client())
        assert again.unchanged == ["19637-2302"]
        assert (
            "dt.date%3E%3D2024-03-01" in [p for p, _a in script.seen if p.startswith("/sru?")][-1]
        )
        script.sru = {1: _sru_page([("kst-19637-9999", "2024-04-01")], 1, None)}
        failed = harvest_ob_search(kb, ["19637"], client=_client())
        assert [n for n, _r in failed.failed] == ["19637-9999"]
        with kb.session() as s:  # not stored: the cursor stays where it was
            assert HarvestRepository(s).cursor("ob", "sru:19637") == ("2024-03-01", "19637")
        script.sru = {1: b"<html>not sru</html>"}
        broken = harvest_ob_search(kb, ["19637"], client=_client())
        assert broken.failed and "not an SRU" in str(broken.failed[0][1])


def _feed(entries: list[tuple[str, int, bool]], base: str, following: int | None,
          category: str = "Document") -> bytes:  # fmt: skip
    """A SyncFeed page (constructed in its documented shape): per entry the id as title,
    the entity in <content> with tk:verwijderd, and its own next link with a skiptoken."""
    tk = "http://www.tweedekamer.nl/xsd/tkData/v1-0"
    items = "".join(
        f"""<entry><title>{ident}</title><updated>2024-03-20T10:00:00Z</updated>
        <link rel="next" href="{base}Feed?skiptoken={token}&amp;category={category}"/>
        <content type="application/xml"><document xmlns:tk="{tk}" id="{ident}"
        tk:bijgewerkt="2024-03-20T10:00:00Z" tk:verwijderd="{str(gone).lower()}"/></content>
        </entry>"""
        for ident, token, gone in entries)  # fmt: skip
    nxt = (f'<link rel="next" href="{base}Feed?skiptoken={following}&amp;category={category}"/>'
           if following else "")  # fmt: skip
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Document</title>{nxt}{items}</feed>").encode()  # fmt: skip


def test_the_syncfeed_brings_what_changed_and_resumes_after_the_last_entry(
    kb: KnowledgeBase,
) -> None:
    from partnerships.services.harvest import SYNC, sync_tk

    pdf = (FIXTURES / "signatures" / "constructed-four-signatories-side-by-side.pdf").read_bytes()
    ids = [f"00000000-0000-4000-8000-00000000000{i}" for i in range(1, 5)]
    singles = {
        ids[0]: entry(ids[0], "2024-03-20T10:00:00Z", number="2024D20001",
                      subject="Voortgang migratiepartnerschappen", when="2024-03-20",
                      sequence=3101),
        ids[1]: entry(ids[1], "2024-03-20T10:01:00Z", number="2024D20002", dossier=36410,
                      subject="Andere begroting", when="2024-03-20", sequence=1),
        ids[2]: entry(ids[2], "2024-03-20T10:02:00Z", number="2024D20003", deleted=True),
    }  # fmt: skip
    script = Script(pages=[[]], resources={ids[0]: ("application/pdf", pdf)}, singles=singles)
    with serving(script) as url:
        root = url.split("/OData/")[0]
        sync_base = root + "/SyncFeed/2.0/"
        script.feed = {
            "Document:": _feed([(ids[0], 101, False), (ids[1], 102, False)], sync_base, 102),
            "Document:102": _feed([(ids[2], 103, True), (ids[3], 104, False)], sync_base, 104),
            "Document:103": _feed([(ids[3], 104, False)], sync_base, 104),  # resuming
            "Document:104": _feed([], sync_base, None),  # caught up
            "Besluit:": _feed([], sync_base, None),
        }  # fmt: skip
        kb.settings.harvest_tk_url, kb.settings.harvest_sync_url = url, sync_base
        report = sync_tk(kb, dossiers=["19637"], kinds=["Brief regering"], client=_client())
        assert report.new == ["2024D20001"]  # the other dossier's letter is not taken
        assert [n for n, _r in report.failed] == [ids[3]]  # named by the feed, not in OData
        with kb.session() as s:  # after the last entry it took in: the failed one comes again
            assert HarvestRepository(s).cursor(SYNC, "Document") == (f"{103:020d}", ids[2])
            assert s.scalar(select(func.count()).select_from(Document)) == 1
        seen = len(script.seen)
        script.singles[ids[3]] = entry(ids[3], "2024-03-20T10:03:00Z", number="2024D20004",
                                       dossier=36410)  # fmt: skip
        again = sync_tk(kb, dossiers=["19637"], kinds=["Brief regering"], client=_client())
        assert again.total == 0 and again.failed == []
        asked = [p for p, _a in script.seen[seen:] if p.startswith("/SyncFeed")]
        assert asked[0] == "/SyncFeed/2.0/Feed?category=Document&skiptoken=103"
        with kb.session() as s:
            assert HarvestRepository(s).cursor(SYNC, "Document") == (f"{104:020d}", ids[3])


def test_a_vote_that_changes_no_document_reaches_the_motion(kb: KnowledgeBase) -> None:
    """The SyncFeed's Besluit category brings a changed decision: the motion the base holds
    has its outcome and votes read again (constructed in the information model's shape)."""
    import copy

    from partnerships.services.harvest import sync_tk

    script = _script()
    with serving(script) as url:
        kb.settings.harvest_tk_url = url
        harvest_tk(kb, dossiers=["19637"], kinds=["Motie"], client=_client())
        with kb.session() as s:
            motion = s.scalar(select(Document).where(Document.kind == "motion"))
            assert DocumentRepository(s).motion_outcome(motion.id).outcome == "verworpen"
        adopted = copy.deepcopy(MOTION_CASE)
        adopted["Zaak"][0]["Besluit"].append(
            {"Id": "b3", "BesluitSoort": "Stemmen - aangenomen", "BesluitTekst": "Aangenomen.",
             "Verwijderd": False, "Stemming": [
                 {"ActorNaam": "VVD", "ActorFractie": "VVD", "Soort": "Voor",
                  "FractieGrootte": 41, "Vergissing": False}]})  # fmt: skip
        script.motions["a3"] = adopted
        sync_base = url.split("/OData/")[0] + "/SyncFeed/2.0/"
        decision = "00000000-0000-4000-8000-0000000000b3"
        script.decisions[decision] = {"Id": decision, "Zaak": {"Id": "z1", "Document": [
            {"Id": "a3", "Soort": "Motie", "DocumentNummer": "2013D20762"}]}}  # fmt: skip
        script.feed = {"Document:": _feed([], sync_base, None),
                       "Besluit:": _feed([(decision, 501, False)], sync_base, 501, "Besluit"),
                       "Besluit:501": _feed([], sync_base, None)}  # fmt: skip
        kb.settings.harvest_sync_url = sync_base
        report = sync_tk(kb, dossiers=["19637"], kinds=["Motie"], client=_client())
        assert report.updated == ["2013D20762 (uitkomst)"] and report.failed == []
        with kb.session() as s:
            outcome = DocumentRepository(s).motion_outcome(motion.id)
            assert outcome.outcome == "aangenomen"
            assert [(v["fractie"], v["stem"]) for v in outcome.votes] == [("VVD", "Voor")]


def test_a_country_dossier_shows_the_motions_that_mention_it(kb: KnowledgeBase) -> None:
    """A motion about Morocco (constructed from the real motion's form) with an outcome
    appears in Morocco's dossier with its outcome and votes."""
    from datetime import UTC, datetime

    from partnerships.domain.context import LOCAL_USER
    from partnerships.services.commitments import motions_about
    from partnerships.services.documents import add_letter
    from partnerships.store.schema import MotionOutcome

    text = (FIXTURES / "publications" / "kst-19637-1662.txt").read_text("utf-8").replace(
        "de voorstellen welke voortvloeien uit genoemde motie",
        "de terugkeersamenwerking met Marokko te versterken en de voorstellen")  # fmt: skip
    added = add_letter(kb, LOCAL_USER, "motie-marokko.txt", text.encode())
    with kb.session() as s, s.begin():
        s.add(MotionOutcome(document_id=added.document_id, case_number="2013Z10452",
                            outcome="aangenomen", decision_text="Aangenomen.",
                            votes=[{"fractie": "VVD", "stem": "Voor", "zetels": 41}],
                            harvested_at=datetime.now(UTC)))  # fmt: skip
    total, rows = motions_about(kb, LOCAL_USER, "MAR")
    assert total == 1 and rows[0].outcome == "aangenomen"
    assert rows[0].votes == {"Voor": ["VVD (41)"]}
    assert motions_about(kb, LOCAL_USER, "TUN") == (0, [])
    if not kb.url.startswith("sqlite"):
        return
    from partnerships.web.app import create_app
    from support.web import web_client

    page = web_client(create_app(KnowledgeBase(kb.settings))).get("/landen/MAR").text
    assert "Moties die het land noemen" in page and "<strong>aangenomen</strong>" in page
    assert "Voor: VVD (41)" in page
