"""The Kamerbrief form: the sender profile read strictly from TOML, and the rule for when a
report may be sent as final (every reason named)."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerships.domain.letterhead import (
    LetterForm,
    NotFinal,
    SenderProfile,
    Signatory,
    Unwritten,
    final_problems,
)
from partnerships.reporting.profile import ProfileError, load_profile


def test_the_bundled_profile_is_the_example_of_a_real_letter() -> None:
    p = load_profile(None)
    assert p.example and p.ministry == "Ministerie van Justitie en Veiligheid"
    assert p.visiting_address == ("Turfmarkt 147", "2511 DP Den Haag")
    assert [s.function for s in p.signatories] == [
        "De Staatssecretaris van Justitie en Veiligheid",
        "De Minister van Buitenlandse Zaken",
    ]
    assert all(not s.name for s in p.signatories)  # names are the ministry's to set


def test_an_own_profile_is_read_and_mistakes_are_named(tmp_path: Path) -> None:
    own = tmp_path / "afzender.toml"
    own.write_text('ministry = "Ministerie van Buitenlandse Zaken"\n'
                   '[[signatories]]\nfunction = "De Minister van Buitenlandse Zaken,"\n'
                   'name = "A. Naam"\n', encoding="utf-8")  # fmt: skip
    p = load_profile(own)
    assert not p.example and p.origin == str(own)
    assert p.signatories == (Signatory("De Minister van Buitenlandse Zaken", "A. Naam"),)
    for text, problem in [
        ('ministry = "M"\nministrie = "typo"\n', "unknown key 'ministrie'"),
        ('directorate = "D"\n', "'ministry' is required"),
        ('ministry = "M"\npostal_address = "Postbus 1"\n', "must be a list of lines"),
        ('ministry = "M"\n[[signatories]]\nname = "X"\n', "signatory 1 needs a 'function'"),
        ('ministry = "M"\n[[signatories]]\nfunction = "F"\ntitel = "x"\n', "unknown key 'titel'"),
        ("ministry = \n", "not valid TOML"),
    ]:
        own.write_text(text, encoding="utf-8")
        with pytest.raises(ProfileError, match=problem) as exc:
            load_profile(own)
        assert str(own) in str(exc.value)
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "missing.toml")


def test_final_needs_everything_and_names_each_reason() -> None:
    ready = SenderProfile("M", signatories=(Signatory("De Minister", "A. Naam"),))
    assert final_problems(LetterForm(ready, "K-1", True), Unwritten()) == []
    example = SenderProfile("M", signatories=(Signatory("De Minister"),), example=True)
    problems = final_problems(LetterForm(example, "", True),
                              Unwritten(("Pijler 1",), ("bron x",), ("tabel y",)))  # fmt: skip
    assert problems == [
        "het afzenderprofiel is het meegeleverde voorbeeld: stel het eigen profiel in "
        "(PARTNERSHIPS_SENDER_PROFILE)",
        "geen kenmerk: vul het kenmerk in dat de registratie gaf",
        "ondertekenaar 1 (De Minister) heeft geen naam",
        "sectie zonder tekst: Pijler 1",
        "bron niet te herleiden: bron x",
        "voorbeeldwaarden (fictief) als bron: tabel y",
    ]
    assert "geen ondertekenaar" in final_problems(LetterForm(SenderProfile("M"), "K"),
                                                  Unwritten())[0]  # fmt: skip
    assert str(NotFinal(["a", "b"])).endswith("\n- a\n- b")
