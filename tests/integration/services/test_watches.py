"""Watches (SQLite and PostgreSQL): a search, a country, a dossier and due commitments are
followed; what is new since the last look is counted; the Atom feed answers with the
owner's clearance as it is now; the daily digest goes to a local SMTP sink (aiosmtpd on
loopback) and is kept as sent only when it went out."""

from __future__ import annotations

import socket
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from partnerships.domain.context import LOCAL_USER, UserContext
from partnerships.domain.watches import WatchError, normalise
from partnerships.services import accounts, watches
from partnerships.services.documents import add_letter
from partnerships.services.knowledge_base import KnowledgeBase

ATOM = "{http://www.w3.org/2005/Atom}"
ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
SECRET_LETTER = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Datum 2 juni 2026
Betreft Vertrouwelijke stand van zaken terugkeer Marokko

Deze brief over terugkeer naar Marokko is vertrouwelijk (constructed for this test).

De Minister van Asiel en Migratie,
"""


def _feed(kb: KnowledgeBase, token: str) -> list[dict[str, str]]:
    root = etree.fromstring(watches.feed(kb, token, "https://monitor.example.nl/"))
    assert root.tag == f"{ATOM}feed"
    return [{"title": e.findtext(f"{ATOM}title") or "", "id": e.findtext(f"{ATOM}id") or "",
             "link": e.find(f"{ATOM}link").get("href")}  # type: ignore[union-attr]
            for e in root.iter(f"{ATOM}entry")]  # fmt: skip


def test_what_a_watch_may_follow() -> None:
    assert normalise("dossier", "36600-xvii") == "36600-XVII"
    assert normalise("due", "030") == "30"
    assert normalise("search", "  terugkeer   Marokko ") == "terugkeer Marokko"
    for kind, query, problem in [
        ("dossier", "vreemdelingen", "not a Kamerstuk dossier"),
        ("due", "0", "days must be"),
        ("due", "veel", "days must be"),
        ("search", " ", "needs search words"),
        ("poem", "x", "unknown"),
    ]:
        with pytest.raises(WatchError, match=problem):
            normalise(kind, query)  # fmt: skip


def test_watches_follow_letters_and_say_what_is_new(loaded_kb: KnowledgeBase) -> None:
    kb = loaded_kb
    search, token = watches.create(kb, ANALYST, "Terugkeer", "search", "terugkeer")
    country, _ = watches.create(kb, ANALYST, "", "country", "mar")
    dossier, _ = watches.create(kb, ANALYST, "Begroting BZ", "dossier", "35300-VI")
    assert country.query == "MAR" and country.name == "country: MAR"
    found = watches.items(kb, ANALYST, search)
    assert found and all(i.link.startswith("/documenten/") for i in found)
    assert watches.items(kb, ANALYST, country) and watches.items(kb, ANALYST, dossier)
    # new counts from the watch's making: what was there before is not news
    assert watches.new_count(kb, ANALYST) == 0
    add_letter(kb, ANALYST, "vertrouwelijk.txt", SECRET_LETTER.encode(), "vertrouwelijk")
    mine = {w.watch.name: w for w in watches.mine(kb, ANALYST)}
    assert mine["Terugkeer"].new == 1 and mine["country: MAR"].new == 1
    assert watches.new_count(kb, ANALYST) == 2
    watches.seen(kb, ANALYST, search.id)  # looked at: no longer new
    assert {w.watch.name: w.new for w in watches.mine(kb, ANALYST)}["Terugkeer"] == 0
    # one watch as the list shows it, counted the same way; nobody else's
    assert watches.one(kb, ANALYST, country.id) == mine["country: MAR"]
    from partnerships.domain.context import UserContext

    assert watches.one(kb, UserContext("iemand", frozenset({"analyst"}), "geheim"),
                       country.id) is None  # fmt: skip
    with pytest.raises(WatchError, match="not a country"):
        watches.create(kb, ANALYST, "", "country", "Atlantis")
    # a Dutch policy officer names the country in Dutch
    dutch, _ = watches.create(kb, ANALYST, "", "country", "Marokko")
    assert dutch.query == "MAR"
    watches.remove(kb, ANALYST, dutch.id)
    with pytest.raises(WatchError, match="log in"):
        from partnerships.domain.context import ANONYMOUS

        watches.create(kb, ANONYMOUS, "", "search", "x")
    other = UserContext("b.ander", frozenset({"analyst"}), "openbaar")
    with pytest.raises(WatchError, match="no watch"):
        watches.remove(kb, other, search.id)
    entries = _feed(kb, token)
    assert entries and entries[0]["link"].startswith("https://monitor.example.nl/documenten/")
    assert all(e["id"].startswith("urn:partnerships:document:") for e in entries)
    with pytest.raises(WatchError, match="no watch for this token"):
        watches.feed(kb, "not-a-token", "https://monitor.example.nl/")
    watches.remove(kb, ANALYST, search.id)
    with pytest.raises(WatchError):
        watches.feed(kb, token, "https://monitor.example.nl/")


def test_the_feed_answers_with_the_owners_clearance_as_it_is_now(
    loaded_kb: KnowledgeBase,
) -> None:
    kb = loaded_kb
    admin = UserContext("beheer", frozenset({"admin"}), "vertrouwelijk")
    accounts.create_user(kb, admin, "c.lezer", "reader", "vertrouwelijk", password="x" * 16,
                         operator=True)  # fmt: skip
    reader = accounts.context_of_name(kb, "c.lezer")
    add_letter(kb, ANALYST, "vertrouwelijk.txt", SECRET_LETTER.encode(), "vertrouwelijk")
    _, token = watches.create(kb, reader, "Marokko", "search", "vertrouwelijke Marokko")
    assert any("Vertrouwelijke" in e["title"] for e in _feed(kb, token))
    accounts.update_user(kb, admin, "c.lezer", clearance="openbaar")
    assert not any("Vertrouwelijke" in e["title"] for e in _feed(kb, token))
    accounts.update_user(kb, admin, "c.lezer", active=False)
    with pytest.raises(WatchError, match="no access any more"):
        watches.feed(kb, token, "https://monitor.example.nl/")


def test_commitments_due_within_days(loaded_kb: KnowledgeBase) -> None:
    from partnerships.services.commitments import tracker

    kb = loaded_kb
    due = [c.due for c in tracker(kb, LOCAL_USER, date.today(), proposals=False) if c.due]
    if not due:
        pytest.skip("the bundled letters hold no dated commitment")
    horizon = max((d - date.today()).days for d in due)
    watch, _ = watches.create(kb, ANALYST, "", "due", str(min(max(horizon, 1), 366)))
    found = watches.items(kb, ANALYST, watch)
    assert found and all(i.key.startswith("commitment:") for i in found)
    assert [i.day for i in found] == sorted(i.day for i in found if i.day)


class _Sink:
    """A local SMTP server on loopback that keeps what it receives (aiosmtpd)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Any] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                sink.messages.append(message_from_bytes(envelope.content))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())
        self.controller.start()

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def stop(self) -> None:
        self.controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_daily_digest_goes_out_once_and_says_what_is_new(
    loaded_kb: KnowledgeBase, tmp_path: Path
) -> None:
    sink = _Sink()
    try:
        kb = KnowledgeBase(loaded_kb.settings.model_copy(update={
            "smtp_host": "127.0.0.1", "smtp_port": sink.port,
            "public_url": "https://monitor.example.nl"}))  # fmt: skip
        watches.create(kb, ANALYST, "Terugkeer", "search", "terugkeer", "analist@example.nl")
        watches.create(kb, ANALYST, "Zonder mail", "country", "MAR")
        quiet = watches.send_digests(kb)  # nothing new since the watch was made
        assert quiet.sent == [] and quiet.skipped == 1 and sink.messages == []
        add_letter(kb, ANALYST, "vertrouwelijk.txt", SECRET_LETTER.encode(), "vertrouwelijk")
        first = watches.send_digests(kb)
        assert first.sent == ["analist@example.nl"] and not first.failed
        mail = sink.messages[0]
        assert (
            mail["To"] == "analist@example.nl" and mail["Subject"] == "Nieuw in uw volglijsten (1)"
        )
        body = mail.get_payload(decode=True).decode("utf-8")
        assert "Terugkeer" in body and "Vertrouwelijke stand van zaken" in body
        assert "https://monitor.example.nl/documenten/" in body
        again = watches.send_digests(kb, datetime.now(UTC) + timedelta(seconds=1))
        assert again.sent == [] and len(sink.messages) == 1  # sent once
    finally:
        sink.stop()
    closed = KnowledgeBase(kb.settings.model_copy(update={"smtp_port": _free_port()}))
    add_letter(closed, ANALYST, "tweede.txt",
               SECRET_LETTER.replace("2 juni", "3 juni").replace("Vertrouwelijke stand",
                                                                  "Tweede stand").encode(),
               "vertrouwelijk")  # fmt: skip
    failed = watches.send_digests(closed)
    assert failed.sent == [] and failed.failed and failed.failed[0][0] == "analist@example.nl"
    pending = watches.digest(closed)
    assert "analist@example.nl" in pending  # not marked as sent: it goes with the next run
    with pytest.raises(WatchError, match="no SMTP server"):
        watches.send_digests(KnowledgeBase(kb.settings.model_copy(update={"smtp_host": ""})))


def test_watches_in_the_web_app(loaded_kb: KnowledgeBase) -> None:
    from partnerships.web.app import create_app
    from support.web import web_client

    if not loaded_kb.url.startswith("sqlite"):
        pytest.skip("the pages are covered on SQLite")
    kb = KnowledgeBase(loaded_kb.settings.model_copy(update={"local_analyst": True}))
    client = web_client(create_app(kb))
    page = client.get("/volglijsten")
    assert page.status_code == 200 and 'name="zoek"' in page.text
    made = client.post("/volglijsten", data={"naam": "Terugkeer", "soort": "search",
                                             "zoek": "terugkeer"})  # fmt: skip
    assert made.status_code == 200 and "/volglijsten/feed/" in made.text
    feed_url = made.text.split('<code class="feed-url">')[1].split("</code>")[0]
    feed = client.get(feed_url.replace("http://testserver", ""))
    assert feed.status_code == 200 and feed.headers["content-type"].startswith(
        "application/atom+xml"
    )
    assert b"urn:partnerships:document:" in feed.content
    overview = client.get("/")
    assert "Uw volglijsten" in overview.text and "nieuw sinds uw vorige bezoek" in overview.text
    bad = client.post("/volglijsten", data={"soort": "dossier", "zoek": "vreemdelingen"})
    assert bad.status_code == 400 and "geen Kamerstukdossiernummer" in bad.text
    listed = client.get("/volglijsten").text
    watch_id = int(listed.split('href="/volglijsten/')[1].split('"')[0])
    assert client.get(f"/volglijsten/{watch_id}").status_code == 200  # seen now
    assert "</a>: 0 nieuw sinds uw vorige bezoek" in client.get("/").text
    gone = client.post(f"/volglijsten/{watch_id}/verwijderen", follow_redirects=False)
    assert gone.status_code == 303
    assert client.get(feed_url.replace("http://testserver", "")).status_code == 404
    assert client.get("/volglijsten/999").status_code == 404
