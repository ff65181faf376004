"""Kamerstukken, motions, EU acts and URLs in their common citation forms."""

from __future__ import annotations

import pytest

from partnerships.ingest.references import find_kamerstukken, find_references, normalise_session


def kst(text: str) -> list[tuple[str | None, int | None]]:
    return [(r.dossier, r.number) for r in find_references(text) if r.kind == "kamerstuk"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstukken II 2019/20, 35 300 VI, nr. 37", [("35300-VI", "37")]),
        ("Kamerstuk 21501-32-1740", [("21501-32", "1740")]),
        ("Tweede Kamer, vergaderjaar 2018-2019, 30 573, nr. 153", [("30573", "153")]),
        (
            "Kamerstukken II 2018/19, 35000 VI, nr. 59, gewijzigd onder nr. 78.",
            [("35000-VI", "59"), ("35000-VI", "78")],
        ),
        ("Kamerstukken II 2020/21, 35680.", [("35680", None)]),
        ("zie kst-35300-VI-37 voor", [("35300-VI", "37")]),
        ("Kamerstukken II 2020/21, nr. 35483-65.", [("35483", "65")]),
        ("Kamerstuk 2017/18, 34952, nr. 1", [("34952", "1")]),
        ("Kamerstukken II 2019/20, 31936 nr. 674", [("31936", "674")]),
        (
            "Kamerstukken II 2019/20, 19367, nr. 2539 en Kamerstuk II 2019/20, 19637, nr. 2634.",
            [("19367", "2539"), ("19637", "2634")],
        ),
    ],
)
def test_kamerstuk_forms(text: str, expected: list[tuple[str, int | None]]) -> None:
    assert kst(text) == expected


def test_number_lists_give_one_reference_per_number() -> None:
    text = (
        "Kamerstukken II 2020/21, 22112, nrs. 2955, 2956, 2957, 2958, 2959, 2960, 2961, "
        "2962, 2963 en 2964."
    )
    refs = [r for r in find_references(text) if r.kind == "kamerstuk"]
    assert [r.number for r in refs] == [str(n) for n in range(2955, 2965)]
    assert all(r.dossier == "22112" and r.session == "2020-2021" for r in refs)
    assert all(r.chamber == "Tweede Kamer" for r in refs)
    for r in refs:
        assert text[r.start : r.end] == r.text


def test_session_and_chamber() -> None:
    (ref,) = find_references("Kamerstukken I 2021/22, 35 300 VI, nr. 3")
    assert (ref.session, ref.chamber) == ("2021-2022", "Eerste Kamer")
    (ref,) = find_references("Tweede Kamer, vergaderjaar 2018-2019, 30 573, nr. 153")
    assert (ref.session, ref.chamber) == ("2018-2019", "Tweede Kamer")
    assert normalise_session("1999/00") == "1999-2000"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("In reactie op de motie Becker c.s.¹ verstrekken", ["Becker"]),
        ("de motie Kuik/Voordewind, ingediend", ["Kuik", "Voordewind"]),
        ("de motie van het lid Groothuizen c.s. over", ["Groothuizen"]),
        ("de motie van de leden Van der Staaij en Segers", ["Van der Staaij", "Segers"]),
        ("ingediende motie Dijkhoff. Deze motie leidde", ["Dijkhoff"]),
    ],
)
def test_motions(text: str, names: list[str]) -> None:
    motions = [r for r in find_references(text) if r.kind == "motion"]
    assert [m.names for m in motions] == [names]


def test_eu_acts() -> None:
    text = (
        "Verordening (EU) 2019/1155 van het Europese Parlement tot wijziging van "
        "Verordening (EG) nr. 810/2009 tot vaststelling"
    )
    acts = [r for r in find_references(text) if r.kind == "eu_act"]
    assert [(a.act_type, a.act_id) for a in acts] == [
        ("verordening", "2019/1155"),
        ("verordening", "810/2009"),
    ]
    plural = [
        r.act_id for r in find_references("Verordeningen (EU) nr. 260/2012 en (EU) 2021/1230")
    ]
    assert plural == ["260/2012", "2021/1230"]


def test_urls_lose_trailing_punctuation() -> None:
    refs = find_references("zie https://ec.europa.eu/a_en.pdf. En <https://ind.nl/b>")
    assert [r.url for r in refs] == ["https://ec.europa.eu/a_en.pdf", "https://ind.nl/b"]


@pytest.mark.parametrize(
    ("text", "kind", "number", "session"),
    [
        ("Kamerstukken II 2021/22, Aanhangsel, nr. 1694", "aanhangsel", "1694", "2021-2022"),
        ("Aanhangsel Handelingen II 2019/20, nr. 1234", "aanhangsel", "1234", "2019-2020"),
        ("Handelingen II 2019/20, nr. 45, item 7", "handelingen", "45", "2019-2020"),
    ],
)
def test_parliamentary_records(text: str, kind: str, number: str, session: str) -> None:
    (ref,) = find_references(text)
    assert (ref.kind, ref.number, ref.session, ref.chamber) == (
        kind,
        number,
        session,
        "Tweede Kamer",
    )


# the loose forms real authors write (issue #15); (dossier, number, session, chamber)
LOOSE = [
    ("Kamerstuk 21 501-20, 1054", [("21501-20", "1054", None, None)]),
    ("TK 2014-2015, 32317, nummer 290", [("32317", "290", "2014-2015", "Tweede Kamer")]),
    ("Kamerstukken 2, 2016-2017, 19637, 2290", [("19637", "2290", "2016-2017", "Tweede Kamer")]),
    ("Kamerstukken II, 30 573 120", [("30573", "120", None, "Tweede Kamer")]),
    ("Kamerstukken II 2014/15, 30 573 (R 1845), nr. 12",
     [("30573", "12", "2014-2015", "Tweede Kamer")]),
    ("Kamerstuk 19 637, nr. 7 pag.3", [("19637", "7", None, None)]),
    ("Kamerstuk 19 637, nr. 7, blz. 4", [("19637", "7", None, None)]),
    ("Kamerstukken II 2019/20, 35 300 VI, nrs. 1–3",
     [("35300-VI", n, "2019-2020", "Tweede Kamer") for n in ("1", "2", "3")]),
    ("Kamerstuk 21 501 20, nr. 5", [("21501-20", "5", None, None)]),
    ("(Kamerstuk 19637, 2290)", [("19637", "2290", None, None)]),
    ("Kamerstuk 35 300, 2019 was een druk jaar", []),
    # numbers are strings as printed: Eerste Kamer letters and suffixes
    ("Kamerstukken I 2019/20, 35 300 VI, nr. C", [("35300-VI", "C", "2019-2020", "Eerste Kamer")]),
    ("Kamerstukken I 2011/12, 32 317, nr. AA", [("32317", "AA", "2011-2012", "Eerste Kamer")]),
    ("Kamerstukken II 2009/10, 32 123 V, nr. 42e",
     [("32123-V", "42e", "2009-2010", "Tweede Kamer")]),
    ("Kamerstukken I 2019/20, 35 300, nrs. C en E",
     [("35300", n, "2019-2020", "Eerste Kamer") for n in ("C", "E")]),
    ("zie kst-32317-AA", [("32317", "AA", None, None)]),
    # en dashes in the session, lower case, a bare Eerste Kamer letter, number after a hyphen
    ("Kamerstukken II, 2019–2020, 35 300 VI, nr. 37",
     [("35300-VI", "37", "2019-2020", "Tweede Kamer")]),
    ("Tweede Kamer, vergaderjaar 2018–2019, 30 573, nr. 153",
     [("30573", "153", "2018-2019", "Tweede Kamer")]),
    ("zie kamerstuk 19 637, nr. 2302", [("19637", "2302", None, None)]),
    ("Kamerstukken I 2015/16, 34 300 VI, E", [("34300-VI", "E", "2015-2016", "Eerste Kamer")]),
    ("Kamerstuk 35 300, A en B", []),
    ("Kamerstuk 28 638-252", [("28638", "252", None, None)]),
    ("Kamerstuk 21 501-20-1054", [("21501-20", "1054", None, None)]),
    ("TK 32317, nr. 290", [("32317", "290", None, "Tweede Kamer")]),
    # one paper in two dossiers
    ("Kamerstukken II, 2015-2016, 32 317 en 21 501-20, nr. 398",
     [("32317", "398", "2015-2016", "Tweede Kamer"),
      ("21501-20", "398", "2015-2016", "Tweede Kamer")]),
    # motions cite a paper of another dossier by 'stuk nr.' (real: kst-19637-2709)
    ("uitvoering te geven aan de motie op stuk nr. 68 (35 483),", [("35483", "68", None, None)]),
    ("de motie (stuk nr. 12, 30 573 VI) is aangenomen", [("30573-VI", "12", None, None)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), LOOSE)
def test_loose_kamerstuk_citations(text: str, expected: list[tuple[object, ...]]) -> None:
    found = [(r.dossier, r.number, r.session, r.chamber) for r in find_kamerstukken(text)]
    assert found == expected
    for r in find_kamerstukken(text):
        assert text[r.start : r.end] == r.text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Het lid Becker c.s. heeft de regering bij motie verzocht om", [["Becker"]]),
        ("de leden Brekelmans en Van Dijk hebben bij motie gevraagd", [["Brekelmans", "Van Dijk"]]),
        ("Het lid Van Baarle (DENK) heeft bij motie verzocht", [["Van Baarle"]]),
        ("De motie van de leden Becker en Podt (Kamerstuk 19637, nr. 2290) verzoekt",
         [["Becker", "Podt"]]),
        ("Stemmingen moties Vreemdelingen- en asielbeleid", []),
    ],
)  # fmt: skip
def test_motion_forms(text: str, names: list[list[str]]) -> None:
    from partnerships.ingest.references import find_motions

    assert [r.names for r in find_motions(text)] == names
