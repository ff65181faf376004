"""Watches as a use case: keep them, say what is new for each, serve their Atom feeds and
send the daily e-mail digest.

A feed is read with the watch's own secret token (shown once, stored as its SHA-256) and
answers with the owner's clearance as it is now: an account that is gone or deactivated
has no feed. On a single-user install (no accounts) the owner is the local analyst.
"""

from __future__ import annotations

import hashlib
import secrets
import smtplib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.domain.watches import Watch, WatchError, WatchItem, normalise
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.queries import country_named
from partnerships.store.schema import WatchRow
from partnerships.store.users import UserRepository
from partnerships.store.watches import WatchRepository

#: items one feed or one digest section lists (newest first)
FEED_ITEMS = 50
MAX_WATCHES = 100

__all__ = ["WatchError", "create", "digest", "feed", "get", "items", "mine", "new_count",
           "remove", "seen", "send_digests"]  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _watch(row: WatchRow) -> Watch:
    return Watch(row.id, row.owner, row.name, row.kind, row.query, row.created_at,
                 row.seen_at, row.mailed_at)  # fmt: skip


def _aware(when: datetime | None) -> datetime | None:
    """SQLite gives times back without their zone; they were stored in UTC."""
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=UTC)


def create(
    kb: KnowledgeBase, user: UserContext, name: str, kind: str, query: str,
    email: str | None = None,
) -> tuple[Watch, str]:  # fmt: skip
    """A new watch of ``user`` and its feed token (shown once; only its hash is kept)."""
    if user.user_id == ANONYMOUS.user_id:
        raise WatchError("log in to keep watches")
    q = normalise(kind, query)
    if kind == "country":
        code = country_named(kb, q)  # a code, an English or a Dutch name: 'Marokko'
        if code is None:
            raise WatchError("not a country: %(query)r", query=query)
        q = code
    mail = (email or "").strip() or None
    if mail is not None and ("@" not in mail or len(mail) > 254 or any(c in mail for c in " \n,")):
        raise WatchError("not an e-mail address: %(email)r", email=email)
    label = " ".join(name.split())[:200] or f"{kind}: {q}"
    token = secrets.token_urlsafe(24)
    with kb.session() as s:
        repo = WatchRepository(s)
        if len(repo.of_owner(user.user_id)) >= MAX_WATCHES:
            raise WatchError("at most %(maximum)s watches per person", maximum=MAX_WATCHES)
        row = repo.add(WatchRow(owner=user.user_id, name=label, kind=kind, query=q,
                                token_hash=_hash(token), email=mail,
                                created_at=_now()))  # fmt: skip
        watch = _watch(row)
        s.commit()
    # the query itself stays out of the trail: its words may name what others may not see
    audit.record(kb, user, "edit", f"watch:{watch.id}",
                 {"handeling": "aangemaakt", "soort": kind})  # fmt: skip
    return watch, token


def _owned(kb: KnowledgeBase, user: UserContext, watch_id: int) -> WatchRow:
    with kb.session() as s:
        row = WatchRepository(s).get(watch_id)
        if row is None or (row.owner != user.user_id and "admin" not in user.roles):
            raise WatchError("no watch %(watch_id)s", watch_id=watch_id, missing=True)
        s.expunge(row)
        return row


def get(kb: KnowledgeBase, user: UserContext, watch_id: int) -> Watch:
    """The user's watch (WatchError when it is not theirs or does not exist)."""
    return _watch(_owned(kb, user, watch_id))


def new_count(kb: KnowledgeBase, user: UserContext) -> int | None:
    """How many items are new in the user's watches since they last looked at each (None:
    the user keeps no watches)."""
    if user.user_id == ANONYMOUS.user_id:
        return None
    with kb.session() as s:
        rows = [_watch(r) for r in WatchRepository(s).of_owner(user.user_id)]
    if not rows:
        return None
    return sum(_fresh(kb, user, w) for w in rows)


def remove(kb: KnowledgeBase, user: UserContext, watch_id: int) -> None:
    _owned(kb, user, watch_id)
    with kb.session() as s:
        WatchRepository(s).remove(watch_id)
        s.commit()
    audit.record(kb, user, "edit", f"watch:{watch_id}", {"handeling": "verwijderd"})


def seen(kb: KnowledgeBase, user: UserContext, watch_id: int) -> None:
    """The owner has looked: 'new' counts from now on."""
    _owned(kb, user, watch_id)
    with kb.session() as s:
        row = WatchRepository(s).get(watch_id)
        if row is not None:
            row.seen_at = _now()
            s.commit()


def items(
    kb: KnowledgeBase, user: UserContext, watch: Watch, since: datetime | None = None,
    limit: int = FEED_ITEMS, today: date | None = None,
) -> list[WatchItem]:  # fmt: skip
    """What the watch reports to ``user`` (letters changed after ``since``, or commitments
    due), newest first, at most ``limit``."""
    if watch.kind == "due":
        return _due(kb, user, int(watch.query), today or date.today(), limit)
    with kb.session() as s:
        docs = WatchRepository(s).documents(user, watch.kind, watch.query, since, limit)
        out = []
        for d in docs:
            when = _aware(d.updated_at) or _now()
            what = [d.sender_ministry or "", (d.kenmerk and f"kenmerk {d.kenmerk}") or ""]
            out.append(WatchItem(
                f"document:{d.id}", d.subject or d.source_name, f"/documenten/{d.id}", when,
                "; ".join(w for w in what if w) or "Kamerbrief", d.date,
            ))  # fmt: skip
        return out


def _due(
    kb: KnowledgeBase, user: UserContext, days: int, today: date, limit: int
) -> list[WatchItem]:
    from partnerships.services.commitments import tracker_page

    horizon = today + timedelta(days=days)
    found: list[WatchItem] = []
    for status in ("te laat", "open"):
        _total, rows = tracker_page(kb, user, today, status=status, limit=limit,
                                    proposals=False)  # fmt: skip
        for r in rows:
            due = date.fromisoformat(r["uiterlijk"]) if r["uiterlijk"] else None
            if due is None or due > horizon:
                continue
            letter = r["document"]
            found.append(WatchItem(
                f"commitment:{r['sleutel']}", r["tekst"][:200],
                f"/toezeggingen?q={r['sleutel']}",
                datetime.combine(due, datetime.min.time(), UTC),
                f"{'te laat' if status == 'te laat' else 'uiterlijk'} {due.isoformat()}"
                + (f"; {letter['onderwerp']}" if letter and letter.get("onderwerp") else ""),
                due,
            ))  # fmt: skip
    return sorted(found, key=lambda i: (i.day or today, i.key))[:limit]


def _owner_context(kb: KnowledgeBase, owner: str) -> UserContext | None:
    """The owner as they are now: their account, or on a single-user install (no
    accounts) the local analyst; None when the account is gone or inactive."""
    from partnerships.services.accounts import context_of
    from partnerships.services.identity import local_user

    with kb.session() as s:
        repo = UserRepository(s)
        row = repo.by_name(owner)
        if row is not None:
            return context_of(row) if row.active else None
        if repo.all():
            return None
    local = local_user()
    return UserContext(owner, local.roles, local.clearance)


def _fresh(kb: KnowledgeBase, user: UserContext, w: Watch) -> int:
    """How many items of the watch are new since its owner last looked (at most a feed's
    worth), counted without building them."""
    if w.kind == "due":  # commitments due: a bounded list of at most a feed's worth
        return len(items(kb, user, w, None, FEED_ITEMS))
    since = _aware(w.seen_at) or _aware(w.created_at)
    with kb.session() as s:
        return WatchRepository(s).count_documents(user, w.kind, w.query, since, FEED_ITEMS)


def _summary(kb: KnowledgeBase, user: UserContext, w: Watch) -> dict[str, Any]:
    return {"id": w.id, "naam": w.name, "soort": w.kind, "zoek": w.query,
            "nieuw": _fresh(kb, user, w), "gezien": w.seen_at}  # fmt: skip


def mine(kb: KnowledgeBase, user: UserContext) -> list[dict[str, Any]]:
    """The user's watches with how many items are new since they last looked."""
    with kb.session() as s:
        rows = [_watch(r) for r in WatchRepository(s).of_owner(user.user_id)]
    return [_summary(kb, user, w) for w in rows]


def one(kb: KnowledgeBase, user: UserContext, watch_id: int) -> dict[str, Any] | None:
    """One of the user's watches as ``mine`` lists it; None if it is not theirs."""
    with kb.session() as s:
        row = WatchRepository(s).get(watch_id)
        watch = _watch(row) if row is not None and row.owner == user.user_id else None
    return None if watch is None else _summary(kb, user, watch)


def feed(kb: KnowledgeBase, token: str, base_url: str) -> bytes:
    """The watch's Atom feed, read with its token (WatchError if no such watch)."""
    from feedgenerator import Atom1Feed

    with kb.session() as s:
        row = WatchRepository(s).by_token_hash(_hash(token))
        watch = _watch(row) if row is not None else None
    if watch is None:
        raise WatchError("no watch for this token")
    owner = _owner_context(kb, watch.owner)
    if owner is None:
        raise WatchError("the owner of this watch has no access any more")
    root = base_url.rstrip("/")
    found = items(kb, owner, watch)
    atom = Atom1Feed(
        title=f"Migration Partnerships Monitor — {watch.name}", link=f"{root}/volglijsten",
        description=_describe(watch), language="nl", feed_guid=f"urn:partnerships:watch:{watch.id}",
        author_name="Migration Partnerships Monitor",
    )  # fmt: skip
    for item in found:
        atom.add_item(title=item.title, link=f"{root}{item.link}", description=item.summary,
                      unique_id=f"urn:partnerships:{item.key}", updateddate=item.updated,
                      pubdate=item.updated)  # fmt: skip
    text: str = atom.writeString("utf-8")
    return text.encode("utf-8")


def _describe(watch: Watch) -> str:
    return {
        "search": f"Brieven die '{watch.query}' vinden",
        "country": f"Brieven over {watch.query}",
        "dossier": f"Brieven in of over Kamerstukdossier {watch.query}",
        "due": f"Toezeggingen die binnen {watch.query} dagen vervallen of te laat zijn",
    }[watch.kind]


@dataclass
class DigestReport:
    sent: list[str] = field(default_factory=list)  # addresses
    skipped: int = 0  # watches without anything new
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)


def digest(
    kb: KnowledgeBase, now: datetime | None = None
) -> dict[str, list[tuple[Watch, list[WatchItem]]]]:
    """Per e-mail address, the watches with something new since the last digest."""
    moment = now or _now()
    with kb.session() as s:
        rows = [(_watch(r), r.email) for r in WatchRepository(s).all() if r.email]
    out: dict[str, list[tuple[Watch, list[WatchItem]]]] = {}
    for w, address in rows:
        owner = _owner_context(kb, w.owner)
        if owner is None or address is None:
            continue
        since = _aware(w.mailed_at) or _aware(w.created_at)
        found = (items(kb, owner, w, today=moment.date()) if w.kind == "due"
                 else items(kb, owner, w, since))  # fmt: skip
        if found:
            out.setdefault(address, []).append((w, found))
    return out


def send_digests(kb: KnowledgeBase, now: datetime | None = None) -> DigestReport:
    """One e-mail per address with what is new for each of its watches (plain text, links
    to the web app); a watch's time of last digest is kept only when its mail went out."""
    st = kb.settings
    if not st.smtp_host:
        raise WatchError("no SMTP server configured (PARTNERSHIPS_SMTP_HOST)")
    moment = now or _now()
    report = DigestReport()
    pending = digest(kb, moment)
    with kb.session() as s:
        report.skipped = sum(1 for r in WatchRepository(s).all() if r.email) - sum(
            len(v) for v in pending.values())  # fmt: skip
    root = st.public_url.rstrip("/")
    for address, found in sorted(pending.items()):
        msg = EmailMessage()
        msg["From"], msg["To"] = st.mail_from, address
        msg["Subject"] = f"Nieuw in uw volglijsten ({sum(len(i) for _, i in found)})"
        lines = []
        for w, its in found:
            lines.append(f"{w.name}\n" + "-" * min(len(w.name), 70))
            lines += [f"* {i.title}\n  {i.summary}\n  {root}{i.link}" for i in its]
            lines.append("")
        lines.append(f"Uw volglijsten: {root}/volglijsten")
        msg.set_content("\n".join(lines))
        try:
            with smtplib.SMTP(st.smtp_host, st.smtp_port, timeout=30) as smtp:
                if st.smtp_starttls:
                    smtp.starttls()
                if st.smtp_user:
                    smtp.login(st.smtp_user, st.smtp_password)
                smtp.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            report.failed.append((address, str(exc) or type(exc).__name__))
            continue
        with kb.session() as s:
            repo = WatchRepository(s)
            for w, _ in found:
                row = repo.get(w.id)
                if row is not None:
                    row.mailed_at = moment
            s.commit()
        report.sent.append(address)
    return report
