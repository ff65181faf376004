"""Every text the pages show has a Dutch translation, and the catalogues are current."""

from __future__ import annotations

import sys
from pathlib import Path

from partnerships.web.i18n import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
from extract_messages import extracted


def test_every_message_has_a_dutch_translation() -> None:
    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parents[3] / "src/partnerships/web/locale/nl.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="nl")
    missing = []
    for message in extracted():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        strings = entry.string if entry is not None else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(message.id)
    assert missing == []


def test_english_is_the_message_id_and_dutch_the_default() -> None:
    assert Language("en").gettext("Countries") == "Countries"
    assert Language("nl").gettext("Countries") == "Landen"
    assert Language("xx").code == "nl"
    assert Language("nl").date("2020-07-10") == "10 juli 2020"
    assert Language("en").date("2020-07-10") == "July 10, 2020"
    assert Language("nl").money(485e6, "EUR") == "EUR 485 mln"


def test_every_refusal_class_is_extracted_and_said_in_both_languages() -> None:
    """A refusal class the extraction does not know by name would reach Dutch users in
    English: every subclass of domain.errors.Refusal is in REFUSALS."""
    import importlib
    import pkgutil

    from extract_messages import PLACED, REFUSALS

    import partnerships.domain
    import partnerships.services
    from partnerships.domain.errors import Forbidden, Invalid, Refusal, problem

    for package in (partnerships.domain, partnerships.services):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)

    def subclasses(cls: type) -> set[str]:
        return {n for sub in cls.__subclasses__() for n in {sub.__name__} | subclasses(sub)}

    assert subclasses(Refusal) - set(REFUSALS) - set(PLACED) == set()
    refused = Forbidden("your clearance does not reach %(level)s", level="geheim")
    assert str(refused) == "your clearance does not reach geheim"
    assert Language("nl").said(refused) == "uw machtiging reikt niet tot geheim"
    assert Language("en").said(refused) == str(refused) and isinstance(refused, PermissionError)
    both = Invalid.of([problem("title is empty"), problem("impact must be 1…5, found %(value)s",
                                                          value=9)])  # fmt: skip
    assert str(both) == "title is empty; impact must be 1…5, found 9"
    assert Language("nl").said(both) == "de titel is leeg; de impact moet 1…5 zijn, niet 9"
    assert Language("nl").said(ValueError("plain")) == "plain"
