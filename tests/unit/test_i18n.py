"""Every text the pages show has a Dutch translation, and the catalogues are current."""

from __future__ import annotations

import sys
from pathlib import Path

from partnerships.web.i18n import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from extract_messages import extracted


def test_every_message_has_a_dutch_translation() -> None:
    nl = Language("nl")
    missing = []
    for message in extracted():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            if nl.ngettext(singular, plural, 1) == singular:
                missing.append(singular)
        elif nl.gettext(message.id) == message.id and message.id not in {
            "API (OpenAPI)",
            "Status",
            "Open",
        }:
            missing.append(message.id)
    assert missing == []


def test_english_is_the_message_id_and_dutch_the_default() -> None:
    assert Language("en").gettext("Countries") == "Countries"
    assert Language("nl").gettext("Countries") == "Landen"
    assert Language("xx").code == "nl"
    assert Language("nl").date("2020-07-10") == "10 juli 2020"
    assert Language("en").date("2020-07-10") == "July 10, 2020"
    assert Language("nl").money(485e6, "EUR") == "EUR 485 mln"
