"""Every text the pages show has a Dutch translation, and the catalogues are current."""

from __future__ import annotations

import sys
from pathlib import Path

from partnerships.web.i18n import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from extract_messages import extracted


def test_every_message_has_a_dutch_translation() -> None:
    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parents[2] / "src/partnerships/web/locale/nl.po"
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
