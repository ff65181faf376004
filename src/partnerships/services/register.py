"""Parliament's register of commitments as a use case: harvest it (incremental, the
cursor stored with each entry), show it beside the commitments found in letters with the
disagreements, propose matches by shared words and keep people's verdicts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden, Invalid, Refusal
from partnerships.domain.letter import LetterSummary
from partnerships.domain.register import RegisterEntry as Entry
from partnerships.domain.register import likeness, past_due_without_letter, state, words
from partnerships.ingest.tk_odata import Client, Malformed, register_pages, register_url
from partnerships.services import audit
from partnerships.services.harvest import HarvestReport, harvesting
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.document_common import summary_of
from partnerships.store.harvest import HarvestRepository
from partnerships.store.register import RegisterRepository
from partnerships.store.schema import RegisterRow

SOURCE, SCOPE = "tk", "register:Toezegging"
PAGE = 25
#: proposals shown per register entry, and the least share of shared words for one
PROPOSALS, MIN_LIKENESS = 3, 0.12
VERDICTS = ("bevestigd", "afgewezen")

__all__ = [
    "LetterPromise",
    "Proposal",
    "RegisterError",
    "RegisterItem",
    "RegisterPage",
    "decide",
    "harvest_register",
    "register_page",
]


class RegisterError(Invalid):
    """A verdict that cannot be recorded: what is wrong."""


@dataclass(frozen=True, slots=True)
class LetterPromise:
    """A commitment found in a letter, as the register is compared with it."""

    key: str
    text: str
    due: date | None
    letter: LetterSummary


@dataclass(frozen=True, slots=True)
class Proposal:
    """A letter's commitment that may be the register entry's promise: the share of
    their words it shares (0-1, rounded to two decimals)."""

    promise: LetterPromise
    likeness: float


@dataclass(frozen=True, slots=True)
class RegisterItem:
    """A register entry with the letters in the base that fulfil it by the register's
    word (``fulfilled_by``; ``missing``: the numbers of those not in the base), the
    letters' commitments people matched to it, proposals for a match, and whether it is
    past due without a fulfilling letter."""

    id: int
    entry: Entry
    state: str  # open, fulfilled, partial or lapsed
    fulfilled_by: list[LetterSummary]
    missing: list[str]
    matched: list[LetterPromise]
    proposals: list[Proposal]
    past_due_without_letter: bool


@dataclass(frozen=True, slots=True)
class RegisterPage:
    """One page of the register (soonest due first) and the newest letters' promises no
    register entry is confirmed to match."""

    items: list[RegisterItem]
    total: int
    page: int
    pages: int
    past_due_only: bool
    unmatched: list[LetterPromise]


def harvest_register(
    kb: KnowledgeBase, since: str | None = None,
    progress: Callable[[int, int | None], None] | None = None, client: Client | None = None,
) -> HarvestReport:  # fmt: skip
    """Harvest the register entries changed since the cursor (or ``since``): each entry
    and the cursor in one transaction, so a run killed at any moment continues without
    gaps or duplicates; a withdrawn entry is marked, a malformed one reported."""
    kb.check_schema()
    st = kb.settings
    with kb.session() as s:
        cursor = HarvestRepository(s).cursor(SOURCE, SCOPE)
    if since and len(since) == 10:
        since = f"{since}T00:00:00Z"
    start = max(filter(None, [since, cursor[0] if cursor else None]), default=None)
    with harvesting(kb, client) as (client, report):
        for page in register_pages(client, register_url(st.harvest_tk_url, start)):
            for item in page:
                _one(kb, cursor, item, report)
                if progress:
                    progress(report.total, None)
    return report


def _one(kb: KnowledgeBase, cursor: tuple[str, str] | None, item: Entry | Malformed,
         report: HarvestReport) -> None:  # fmt: skip
    if isinstance(item, Malformed):
        report.failed.append((item.id or "?", Refusal("malformed entry: %(problem)s",
                                                      problem=item.problem)))  # fmt: skip
        return
    if cursor and (item.changed, item.id) <= cursor:
        return
    name = item.number or item.id
    with kb.session() as s, s.begin():
        outcome = RegisterRepository(s).store(item)
        HarvestRepository(s).advance(SOURCE, SCOPE, item.changed, item.id)
    if item.deleted:
        report.deleted.append(name)
    else:
        getattr(report, outcome).append(name)


def _entry(row: RegisterRow) -> Entry:
    return Entry(row.tk_id, row.number, row.text, row.minister, row.function, row.ministry,
                 row.status, row.due, row.made, row.activity, tuple(row.fulfilled_by or ()),
                 row.deleted, row.changed)  # fmt: skip


def register_page(
    kb: KnowledgeBase, user: UserContext, today: date, page: int = 1,
    past_due: bool = False,
) -> RegisterPage:  # fmt: skip
    """One page of the register (soonest due first; ``past_due``: only entries past
    their date and not fulfilled by the register's word), each with its fulfilling
    letters in the base, the commitments people matched to it, proposals for a match,
    and whether it is past due without a fulfilling letter."""
    offset = (max(page, 1) - 1) * PAGE
    with kb.session() as s:
        repo = RegisterRepository(s)
        total, rows = repo.page(offset, PAGE, today if past_due else None)
        verdicts = repo.links([r.id for r in rows])
        numbers = sorted({n for r in rows for n in (r.fulfilled_by or [])})
        letters = repo.letters_by_number(user, numbers)
        items = []
        nearby: dict[date | None, Sequence[tuple[Any, Any]]] = {}  # entries of one date share
        for r in rows:
            entry = _entry(r)
            mine = verdicts.get(r.id, {})
            found = [letters[n] for n in entry.fulfilled_by if n in letters]
            confirmed: list[LetterPromise] = []
            proposals: list[Proposal] = []
            seen_words = words(entry.text)
            around = entry.made or entry.due
            if around not in nearby:
                nearby[around] = repo.candidates(user, around)
            for c, d in nearby[around]:
                if c.key is None:
                    continue
                verdict = mine.get(c.key)
                if verdict == "bevestigd":
                    confirmed.append(_promise(c, d))
                elif verdict is None:
                    score = likeness(seen_words, words(c.text))
                    if score >= MIN_LIKENESS:
                        proposals.append(Proposal(_promise(c, d), round(score, 2)))
            proposals.sort(key=lambda p: -p.likeness)
            items.append(RegisterItem(
                r.id, entry, state(entry.status), [summary_of(d) for d in found],
                [n for n in entry.fulfilled_by if n not in letters], confirmed,
                proposals[:PROPOSALS],
                past_due_without_letter(entry, today, len(found) + len(confirmed)),
            ))  # fmt: skip
        unmatched = _unmatched(repo, user)
    return RegisterPage(items, total, max(page, 1), max(1, -(-total // PAGE)), past_due,
                        unmatched)  # fmt: skip


def _promise(c: Any, d: Any) -> LetterPromise:
    return LetterPromise(c.key, c.text, c.due_date, summary_of(d))


def _unmatched(repo: RegisterRepository, user: UserContext, limit: int = 25) -> list[LetterPromise]:
    """Promises in the newest letters that no register entry is confirmed to match: the
    other disagreement (the register follows debates; a written promise may not be in
    it)."""
    confirmed = repo.confirmed_keys()
    newest = repo.candidates(user, None, limit * 4)
    return [_promise(c, d) for c, d in newest if c.key and c.key not in confirmed][:limit]


def decide(kb: KnowledgeBase, user: UserContext, register_id: int, key: str,
           verdict: str) -> None:  # fmt: skip
    """Record that a register entry and a letter's commitment are (bevestigd) or are not
    (afgewezen) the same promise; analysts only, audited."""
    if not user.may_edit:
        raise Forbidden("only analysts and administrators match commitments")
    if verdict not in VERDICTS:
        raise RegisterError("verdict must be one of %(choices)s, not %(verdict)r",
                            choices=", ".join(VERDICTS), verdict=verdict)  # fmt: skip
    with kb.session() as s, s.begin():
        repo = RegisterRepository(s)
        if repo.get(register_id) is None:
            raise RegisterError(
                "no register entry %(register_id)s", register_id=register_id, missing=True
            )
        if not repo.has_commitment(key):
            raise RegisterError("no commitment %(key)r", key=key, missing=True)
        repo.decide(register_id, key, verdict, user.user_id)
        audit.in_session(s, user, "edit", f"register:{register_id}",
                         {"toezegging": key, "oordeel": verdict})  # fmt: skip
