"""SyncFeed pages read safely: the entity id, whether it was withdrawn (tk:verwijderd) and
the skiptoken each entry resumes at; anything else is refused."""

from __future__ import annotations

import pytest

from partnerships.ingest.syncfeed import FeedError, feed_url, parse_feed

PAGE = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom">
<link rel="next" href="https://g/SyncFeed/2.0/Feed?skiptoken=20127222&amp;category=Document"/>
<entry><title>8b1c0c1e-1111-4000-8000-000000000001</title>
<link rel="next" href="https://g/SyncFeed/2.0/Feed?skiptoken=20127221&amp;category=Document"/>
<content type="application/xml"><document xmlns:tk="http://www.tweedekamer.nl/xsd/tkData/v1-0"
 id="8b1c0c1e-1111-4000-8000-000000000001" tk:verwijderd="true">&x;</document></content></entry>
<entry><title>8b1c0c1e-1111-4000-8000-000000000002</title>
<link rel="next" href="https://g/SyncFeed/2.0/Feed?skiptoken=20127222&amp;category=Document"/>
<content type="application/xml"><document id="8b1c0c1e-1111-4000-8000-000000000002"/></content>
</entry></feed>"""


def test_entries_ids_withdrawals_and_skiptokens() -> None:
    entries, following = parse_feed(PAGE)
    assert [(e.deleted, e.skiptoken) for e in entries] == [(True, 20127221), (False, 20127222)]
    assert entries[0].id.endswith("0001") and following and "skiptoken=20127222" in following


def test_not_a_feed_is_refused() -> None:
    with pytest.raises(FeedError, match="not an Atom feed"):
        parse_feed(b"<rss/>")
    with pytest.raises(FeedError, match="without an entity id"):
        parse_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x y</title>'
                   b"</entry></feed>")  # fmt: skip
    assert feed_url("https://g/SyncFeed/2.0/", "Document", 7) == (
        "https://g/SyncFeed/2.0/Feed?category=Document&skiptoken=7"
    )
