"""The register page's Dutch names come from one place (``Registerpagina.of``): an entry
with its fulfilling letters, the numbers not in the base, matches and proposals.

The records are constructed (a register entry of the shape of parliament's open data)."""

from __future__ import annotations

from datetime import date

from partnerships.domain.letter import LetterSummary
from partnerships.domain.register import RegisterEntry
from partnerships.services.register import (
    LetterPromise,
    Proposal,
    RegisterItem,
    RegisterPage,
)
from partnerships.web.api_models import Registerpagina

LETTER = LetterSummary(3, "3001668", date(2021, 1, 11), "Voortgang", "Eerste Kamer", None,
                       None, "c.md", "markdown", "openbaar", "letter")  # fmt: skip
PROMISE = LetterPromise("doc3-abc", "Ik informeer uw Kamer voor de zomer.", date(2021, 6, 1),
                        LETTER)  # fmt: skip


def test_a_register_page_under_the_pages_names() -> None:
    entry = RegisterEntry("guid-1", "TZ0001", "De minister informeert de Kamer.",
                          "M. Minister", "minister van Asiel en Migratie", "AenM",
                          "Openstaand", date(2021, 7, 1), date(2021, 1, 5), "2021A00001",
                          ("2020D00001",))  # fmt: skip
    item = RegisterItem(12, entry, "open", [LETTER], ["2020D00001"], [PROMISE],
                        [Proposal(PROMISE, 0.42)], True)  # fmt: skip
    out = Registerpagina.of(RegisterPage([item], 31, 2, 2, True, [PROMISE])).model_dump()
    assert (out["totaal"], out["pagina"], out["paginas"], out["alleenTeLaat"]) == (31, 2, 2, True)
    (x,) = out["toezeggingen"]
    assert (x["id"], x["nummer"], x["staat"], x["status"]) == (12, "TZ0001", "open", "Openstaand")
    assert (x["uiterlijk"], x["gedaan"], x["activiteit"]) == ("2021-07-01", "2021-01-05",
                                                             "2021A00001")  # fmt: skip
    assert [d["id"] for d in x["nakoming"]] == [3] and x["nakomingOntbreekt"] == ["2020D00001"]
    assert x["gekoppeld"] == [{"sleutel": "doc3-abc", "tekst": PROMISE.text,
                               "uiterlijk": "2021-06-01",
                               "document": x["nakoming"][0]}]  # fmt: skip
    assert x["voorstellen"][0]["gelijkenis"] == 0.42 and x["teLaatZonderBrief"] is True
    assert out["nietInRegister"]["getoond"] == 1
    assert out["nietInRegister"]["toezeggingen"][0]["sleutel"] == "doc3-abc"
