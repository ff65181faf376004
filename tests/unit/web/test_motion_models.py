"""Motions are named in Dutch in one place (``Motie.of``, ``MotieInBasis.of``): a cited
motion with its oldest letters and the count of all, a motion in the base with its
outcome, votes and answers.

The records are constructed (a motion and letters of the shape of the bundled ones)."""

from __future__ import annotations

from datetime import date

from partnerships.domain.letter import LetterSummary
from partnerships.domain.motions import CitedMotion, MotionInBase
from partnerships.web.api_models import Motie, MotieInBasis

LETTER = LetterSummary(1, "2971694", date(2020, 7, 10), "Uitvoering motie Becker c.s.",
                       "Tweede Kamer", "Ministerie van Justitie en Veiligheid", None,
                       "a.md", "markdown", "openbaar", "letter")  # fmt: skip
MOTION = LetterSummary(7, None, date(2013, 5, 22), "Motie van het lid Fritsma", None, None,
                       None, "resource", "text", "openbaar", "motion")  # fmt: skip


def test_a_cited_motion_lists_its_oldest_letters_and_counts_all() -> None:
    cited = CitedMotion("motie:becker", "motie Becker c.s.", ["Becker"], "30573", "110",
                        4564, [LETTER])  # fmt: skip
    out = Motie.of(cited).model_dump()
    assert (out["sleutel"], out["tekst"], out["leden"]) == (
        "motie:becker", "motie Becker c.s.", ["Becker"])  # fmt: skip
    assert (out["dossier"], out["nummer"], out["brievenTotaal"]) == ("30573", "110", 4564)
    assert [d["kenmerk"] for d in out["brieven"]] == ["2971694"]
    assert out["brieven"][0]["datum"] == "2020-07-10" and out["brieven"][0]["soort"] == "brief"


def test_a_motion_in_the_base_with_outcome_votes_and_answers() -> None:
    motion = MotionInBase(MOTION, ["Fritsma"], "19637", "1662", "verworpen",
                          {"Voor": ["PVV (15)"], "Tegen": ["VVD (41)"]}, [LETTER])  # fmt: skip
    out = MotieInBasis.of(motion).model_dump()
    assert out["document"]["soort"] == "motie" and out["document"]["kenmerk"] is None
    assert (out["indieners"], out["dossier"], out["nummer"]) == (["Fritsma"], "19637", "1662")
    assert out["uitkomst"] == "verworpen"
    assert out["stemmen"] == {"Voor": ["PVV (15)"], "Tegen": ["VVD (41)"]}
    assert [a["id"] for a in out["antwoorden"]] == [1]
    unharvested = MotionInBase(MOTION, [], None, None, None, {}, [])
    assert MotieInBasis.of(unharvested).model_dump()["uitkomst"] is None
