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

from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.domain.watches import Watch, WatchError, WatchItem, normalise
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.unit_of_work import UnitOfWork, Units

#: items one feed or one digest section lists (newest first)
FEED_ITEMS = 50
MAX_WATCHES = 100

__all__ = ["WatchError", "WatchSummary", "create", "digest", "every", "feed", "get", "items",
           "mine", "new_count", "one", "remove", "seen", "send_digests"]  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class WatchSummary:
    """A watch as its list shows it: with how many items are new since its owner looked."""

    watch: Watch
    new: int


def create(
    base: Units, user: UserContext, name: str, kind: str, query: str,
    email: str | None = None,
) -> tuple[Watch, str]:  # fmt: skip
    """A new watch of ``user`` and its feed token (shown once; only its hash is kept)."""
    if user.user_id == ANONYMOUS.user_id:
        raise WatchError("log in to keep watches")
    q = normalise(kind, query)
    mail = (email or "").strip() or None
    label = " ".join(name.split())[:200]
    token = secrets.token_urlsafe(24)
    with base.unit_of_work() as uow:
        if kind == "country":
            code = uow.directory.country_named(q)  # a code, an English or a Dutch name
            if code is None:
                raise WatchError("not a country: %(query)r", query=query)
            q = code
        if mail is not None and (
            "@" not in mail or len(mail) > 254 or any(c in mail for c in " \n,")
        ):
            raise WatchError("not an e-mail address: %(email)r", email=email)
        if len(uow.watches.watches_of(user.user_id)) >= MAX_WATCHES:
            raise WatchError("at most %(maximum)s watches per person", maximum=MAX_WATCHES)
        watch = uow.watches.create(user.user_id, label or f"{kind}: {q}", kind, q, _hash(token),
                                   mail, _now())  # fmt: skip
        # the query itself stays out of the trail: its words may name what others may not see
        uow.audit.append(user.user_id, "edit", f"watch:{watch.id}",
                         {"handeling": "aangemaakt", "soort": kind})  # fmt: skip
        uow.commit()
    return watch, token


def _owned(uow: UnitOfWork, user: UserContext, watch_id: int) -> Watch:
    """The user's watch (an administrator's: anyone's); not theirs is answered as missing."""
    watch = uow.watches.watch(watch_id)
    if watch is None or (watch.owner != user.user_id and "admin" not in user.roles):
        raise WatchError("no watch %(watch_id)s", watch_id=watch_id, missing=True)
    return watch


def every(base: Units) -> list[Watch]:
    """Every watch in the base, by owner: for the server's operator (the command line)."""
    with base.unit_of_work() as uow:
        return uow.watches.every()


def get(base: Units, user: UserContext, watch_id: int) -> Watch:
    """The user's watch (WatchError when it is not theirs or does not exist)."""
    with base.unit_of_work() as uow:
        return _owned(uow, user, watch_id)


def new_count(base: Units, user: UserContext) -> int | None:
    """How many items are new in the user's watches since they last looked at each (None:
    the user keeps no watches)."""
    if user.user_id == ANONYMOUS.user_id:
        return None
    with base.unit_of_work() as uow:
        rows = uow.watches.watches_of(user.user_id)
    if not rows:
        return None
    return sum(_fresh(base, user, w) for w in rows)


def remove(base: Units, user: UserContext, watch_id: int) -> None:
    with base.unit_of_work() as uow:
        _owned(uow, user, watch_id)
        uow.watches.remove(watch_id)
        uow.audit.append(user.user_id, "edit", f"watch:{watch_id}", {"handeling": "verwijderd"})
        uow.commit()


def seen(base: Units, user: UserContext, watch_id: int) -> None:
    """The owner has looked: 'new' counts from now on."""
    with base.unit_of_work() as uow:
        _owned(uow, user, watch_id)
        uow.watches.mark_seen(watch_id, _now())
        uow.commit()


def items(
    base: Units, user: UserContext, watch: Watch, since: datetime | None = None,
    limit: int = FEED_ITEMS, today: date | None = None,
) -> list[WatchItem]:  # fmt: skip
    """What the watch reports to ``user`` (letters changed after ``since``, or commitments
    due), newest first, at most ``limit``."""
    if watch.kind == "due":
        return _due(base, user, int(watch.query), today or date.today(), limit)
    with base.unit_of_work() as uow:
        letters = uow.watches.letters(user, watch.kind, watch.query, since, limit)
    out = []
    for d in letters:
        what = [d.sender_ministry or "", (d.kenmerk and f"kenmerk {d.kenmerk}") or ""]
        out.append(WatchItem(
            f"document:{d.id}", d.subject or d.source_name, f"/documenten/{d.id}",
            d.updated_at, "; ".join(w for w in what if w) or "Kamerbrief", d.day,
        ))  # fmt: skip
    return out


def _due(base: Units, user: UserContext, days: int, today: date, limit: int) -> list[WatchItem]:
    """Late and open commitments due within ``days``, soonest first."""
    horizon = today + timedelta(days=days)
    with base.unit_of_work() as uow:
        due = uow.watches.due_commitments(user, today, horizon, limit)
    found = [
        WatchItem(
            f"commitment:{c.key}", c.text[:200], f"/toezeggingen?q={c.key}",
            datetime.combine(c.due, datetime.min.time(), UTC),
            f"{'te laat' if c.late else 'uiterlijk'} {c.due.isoformat()}"
            + (f"; {c.letter_subject}" if c.letter_subject else ""),
            c.due,
        )
        for c in due
        if c.due is not None
    ]  # fmt: skip
    return sorted(found, key=lambda i: (i.day or today, i.key))[:limit]


def _owner_context(base: Units, owner: str) -> UserContext | None:
    """The owner as they are now: their account, or on a single-user install (no
    accounts) the local analyst; None when the account is gone or inactive."""
    from partnerships.services.identity import local_user

    with base.unit_of_work() as uow:
        account = uow.directory.account(owner)
        if account is not None:
            return account.context() if account.active else None
        if uow.directory.has_accounts():
            return None
    local = local_user()
    return UserContext(owner, local.roles, local.clearance)


def _fresh(base: Units, user: UserContext, w: Watch) -> int:
    """How many items of the watch are new since its owner last looked (at most a feed's
    worth), counted without building them."""
    if w.kind == "due":  # commitments due: a bounded list of at most a feed's worth
        return len(items(base, user, w, None, FEED_ITEMS))
    since = w.seen_at or w.created_at
    with base.unit_of_work() as uow:
        return uow.watches.count_letters(user, w.kind, w.query, since, FEED_ITEMS)


def mine(base: Units, user: UserContext) -> list[WatchSummary]:
    """The user's watches with how many items are new since they last looked."""
    with base.unit_of_work() as uow:
        rows = uow.watches.watches_of(user.user_id)
    return [WatchSummary(w, _fresh(base, user, w)) for w in rows]


def one(base: Units, user: UserContext, watch_id: int) -> WatchSummary | None:
    """One of the user's watches as ``mine`` lists it; None if it is not theirs."""
    with base.unit_of_work() as uow:
        found = uow.watches.watch(watch_id)
    if found is None or found.owner != user.user_id:
        return None
    return WatchSummary(found, _fresh(base, user, found))


def feed(base: Units, token: str, base_url: str) -> bytes:
    """The watch's Atom feed, read with its token (WatchError if no such watch)."""
    from feedgenerator import Atom1Feed

    with base.unit_of_work() as uow:
        watch = uow.watches.watch_of_token(_hash(token))
    if watch is None:
        raise WatchError("no watch for this token")
    owner = _owner_context(base, watch.owner)
    if owner is None:
        raise WatchError("the owner of this watch has no access any more")
    root = base_url.rstrip("/")
    found = items(base, owner, watch)
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
    base: Units, now: datetime | None = None
) -> dict[str, list[tuple[Watch, list[WatchItem]]]]:
    """Per e-mail address, the watches with something new since the last digest."""
    moment = now or _now()
    with base.unit_of_work() as uow:
        rows = uow.watches.mailed()
    out: dict[str, list[tuple[Watch, list[WatchItem]]]] = {}
    for w in rows:
        owner = _owner_context(base, w.owner)
        if owner is None or w.email is None:
            continue
        since = w.mailed_at or w.created_at
        found = (items(base, owner, w, today=moment.date()) if w.kind == "due"
                 else items(base, owner, w, since))  # fmt: skip
        if found:
            out.setdefault(w.email, []).append((w, found))
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
    with kb.unit_of_work() as uow:
        report.skipped = len(uow.watches.mailed()) - sum(len(v) for v in pending.values())
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
        with kb.unit_of_work() as uow:
            uow.watches.mark_mailed([w.id for w, _ in found], moment)
            uow.commit()
        report.sent.append(address)
    return report
