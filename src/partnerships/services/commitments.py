"""The commitments and motions tracker.

Commitments come from the letters (promises and expected deliveries) and from people (a
promise made in a debate, not in a letter). Each has a due date, a responsible ministry and
a status. When a later letter cites the letter that made the promise, or a motion it
answered, or says it fulfils a commitment, the tracker proposes that letter as the
fulfilment; a person confirms or rejects — the system never closes a commitment by itself.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden, Invalid
from partnerships.domain.letter import LetterSummary
from partnerships.domain.motions import CitedMotion, MotionInBase
from partnerships.domain.tracker import OVERDUE, STATUSES, TrackerFilter, TrackerRow, state
from partnerships.services import audit, spreadsheets
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.queries import country_named
from partnerships.services.unit_of_work import CommitmentStore, Units
from partnerships.store.cited_motions import CitedMotions
from partnerships.store.commitments import CommitmentRepository
from partnerships.store.document_common import summary_of

__all__ = ["OVERDUE", "STATUSES", "CommitmentError", "ProposedLetter", "TrackedCommitment",
           "TrackerPage", "tracker", "tracker_page"]  # fmt: skip
EXPORT_COLUMNS = ("sleutel", "status", "uiterlijk", "verantwoordelijk", "toezegging",
                  "brief_kenmerk", "brief_datum", "vervuld_door_kenmerk", "vervuld_door_datum",
                  "toelichting", "bron")  # fmt: skip


class CommitmentError(Invalid):
    """A change to a commitment that cannot be stored as given."""


@dataclass(frozen=True, slots=True)
class ProposedLetter:
    """A later letter that may fulfil a commitment, and why it is proposed (Dutch, as the
    tracker shows it: 'verwijst naar de brief …')."""

    letter: LetterSummary
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TrackedCommitment:
    """A commitment as the tracker shows it: its words, its state today (``status``: open,
    te laat, vervuld, deels vervuld or vervallen), who answers for it, the letter that made
    it (None: entered by hand), the letter that fulfilled it, and the letters proposed."""

    key: str
    text: str
    kind: str  # promise, expected_delivery or handmatig
    manual: bool
    status: str
    due: date | None
    due_text: str | None
    responsible: str
    promiser: str | None
    subject: str | None
    note: str | None
    letter: LetterSummary | None
    start: int | None
    fulfilled_by: LetterSummary | None
    proposals: tuple[ProposedLetter, ...]


@dataclass(frozen=True, slots=True)
class TrackerPage:
    """How many commitments match, and one page of them."""

    total: int
    items: list[TrackedCommitment]


def _analyst(user: UserContext) -> None:
    if not user.may_edit:
        raise Forbidden("only analysts may change commitments")


#: proposed fulfilling letters shown per commitment (the strongest first)
MAX_PROPOSALS = 10


def _proposals(
    repo: CommitmentStore, user: UserContext, rows: list[TrackerRow]
) -> dict[str, list[ProposedLetter]]:
    """Later letters that cite the promising letter or a motion it cites, strongest first,
    for the commitments on one page only: a few indexed queries, whatever the base holds."""
    sources = {r.document_id for r in rows if r.document_id is not None}
    candidates = repo.proposal_candidates(user, sorted(sources), MAX_PROPOSALS)
    wanted = set(sources) | {d for per in candidates.values() for d in per}
    docs = repo.letters(user, sorted(wanted))
    fulfils = repo.fulfilment_documents_among(sorted(wanted - set(sources)))
    decided = repo.links_for([r.key for r in rows])
    out: dict[str, list[ProposedLetter]] = {}
    for r in rows:
        source = docs.get(r.document_id) if r.document_id is not None else None
        if source is None:
            continue
        props = []
        for other, found in candidates.get(source.id, {}).items():
            doc = docs.get(other)
            if doc is None or decided.get((r.key, other)) == "afgewezen":
                continue
            if source.day and doc.day and doc.day <= source.day:
                continue  # a fulfilment comes after the promise
            why = [
                f"verwijst naar de brief {source.kenmerk or source.id}"
                if kind == "letter"
                else f"gaat over dezelfde motie ({detail.split(':', 1)[-1]})"
                for kind, detail in found
            ]
            if other in fulfils:
                why.append("meldt dat een toezegging wordt vervuld")
            props.append(ProposedLetter(doc, tuple(why)))
        props.sort(key=lambda p: (-len(p.reasons), p.letter.day or date.min))
        out[r.key] = props[:MAX_PROPOSALS]
    return out


def tracker_page(
    base: Units, user: UserContext, today: date, status: str | None = None,
    responsible: str | None = None, country: str | None = None, query: str | None = None,
    offset: int = 0, limit: int | None = None, proposals: bool = True, key: str | None = None,
    documents: Sequence[int] | None = None,
) -> TrackerPage:  # fmt: skip
    """How many commitments the user may see match, and one page of them (by due date)
    with their state and the proposed fulfilling letters; ``status``: open, te laat,
    vervuld, deels vervuld or vervallen; ``documents``: only those letters' commitments.
    Filtering, counting and paging happen in the
    database, and only the page's letters are read (never their bodies), so a request
    costs the same at 100 or 100,000 letters."""
    flt = TrackerFilter(today, status, responsible, country, query, key,
                        tuple(documents) if documents is not None else None)  # fmt: skip
    with base.unit_of_work() as uow:
        repo = uow.commitments
        total, rows = repo.tracker_rows(user, flt, offset, limit)
        found = _proposals(repo, user, rows) if proposals else {}
        ids = {r.document_id for r in rows if r.document_id} | {
            r.fulfilled_by for r in rows if r.fulfilled_by
        }
        docs = repo.letters(user, sorted(i for i in ids if i is not None))
        items = [_tracked(r, today, docs, found.get(r.key, [])) for r in rows]
    return TrackerPage(total, items)


@dataclass(frozen=True, slots=True)
class OpenCommitments:
    """The overview's commitments: how many are open (in time or not) and overdue, and
    the first few open ones by due date, without the letters proposed as fulfilling them."""

    open: int
    overdue: int
    first: list[TrackedCommitment]


def open_commitments(base: Units, user: UserContext, today: date, limit: int) -> OpenCommitments:
    """As ``tracker_page(status='openstaand', proposals=False)`` and the count of its
    'te laat' page, with one count for both."""
    flt = TrackerFilter(today, "openstaand")
    with base.unit_of_work() as uow:
        repo = uow.commitments
        rows = repo.page_rows(user, flt, 0, limit)
        total, overdue = repo.open_counts(user, today)
        ids = {r.document_id for r in rows if r.document_id} | {
            r.fulfilled_by for r in rows if r.fulfilled_by
        }
        docs = repo.letters(user, sorted(i for i in ids if i is not None))
        items = [_tracked(r, today, docs, []) for r in rows]
    return OpenCommitments(total, overdue, items)


def _tracked(
    r: TrackerRow, today: date, docs: Mapping[int, LetterSummary], proposed: list[ProposedLetter]
) -> TrackedCommitment:
    shown_state = state(r.status, r.due, today)
    shown = () if shown_state in ("vervuld", "vervallen") else tuple(
        p for p in proposed if p.letter.id != r.fulfilled_by)  # fmt: skip
    return TrackedCommitment(
        r.key, r.text, r.kind, r.manual, shown_state, r.due, r.due_text, r.responsible,
        r.promiser, r.subject, r.note or None,
        docs.get(r.document_id) if r.document_id else None, r.start,
        docs.get(r.fulfilled_by) if r.fulfilled_by else None, shown,
    )  # fmt: skip


def tracker(
    base: Units, user: UserContext, today: date, status: str | None = None,
    responsible: str | None = None, country: str | None = None, query: str | None = None,
    limit: int | None = None, proposals: bool = True,
) -> list[TrackedCommitment]:  # fmt: skip
    """Every commitment the user may see (or the first ``limit``), as ``tracker_page``."""
    return tracker_page(base, user, today, status, responsible, country, query, 0, limit,
                        proposals).items  # fmt: skip


def _find(base: Units, user: UserContext, key: str) -> TrackedCommitment:
    found = tracker_page(base, user, date.today(), key=key, limit=1).items
    if not found:
        raise CommitmentError("no commitment %(key)r", key=key, missing=True)
    return found[0]


def find(base: Units, user: UserContext, key: str) -> TrackedCommitment | None:
    """One commitment by its key, or None (also when it is above the user's clearance)."""
    try:
        return _find(base, user, key)
    except CommitmentError:
        return None


def update(
    base: Units, user: UserContext, key: str, status: str | None = None,
    responsible: str | None = None, due: date | None = None, fulfilled_by: int | None = None,
    note: str | None = None,
) -> TrackedCommitment:  # fmt: skip
    """Change a commitment's state; confirming a fulfilling letter sets it to vervuld
    unless another status is given."""
    _analyst(user)
    item = _find(base, user, key)
    if status is not None and status not in STATUSES:
        raise CommitmentError("status must be one of %(statuses)s", statuses=STATUSES)
    with base.unit_of_work() as uow:
        repo = uow.commitments
        if fulfilled_by is not None and not repo.letters(user, [fulfilled_by]):
            raise CommitmentError(
                "letter %(fulfilled_by)s is not in the base", fulfilled_by=fulfilled_by
            )
        row = repo.tracking(key)
        values: dict[str, Any] = {
            "text": item.text, "manual": item.manual,
            "source_document_id": item.letter.id if item.letter else None,
            "due_date": due if due is not None else (row.due if row else None),
            "responsible": responsible if responsible is not None else (
                row.responsible if row else item.responsible),
            "status": status or (row.status if row else "open"),
            "fulfilled_by": fulfilled_by if fulfilled_by is not None else (
                row.fulfilled_by if row else None),
            "note": note if note is not None else (row.note if row else ""),
            "updated_by": user.user_id,
        }  # fmt: skip
        if fulfilled_by is not None:
            repo.decide_link(key, fulfilled_by, "bevestigd", user.user_id)
            if status is None:
                values["status"] = "vervuld"
        if values["status"] in ("vervuld", "deels vervuld") and values["fulfilled_by"] is None:
            raise CommitmentError("a fulfilled commitment needs the letter that fulfils it")
        repo.upsert(key, **values)
        detail = {"status": values["status"], "vervuldDoor": values["fulfilled_by"]}
        uow.audit.append(user.user_id, "edit", f"commitment:{key}", detail)
        uow.commit()
    return _find(base, user, key)


def set_country(
    kb: KnowledgeBase, user: UserContext, key: str, country: str, verdict: bool | None
) -> list[str]:
    """An analyst's correction of what a commitment is about: ``country`` yes (True), no
    (False), or back to what its paragraph says (None). Kept by the commitment's key, so it
    survives re-extraction; audited. Returns the countries it is now about."""
    from partnerships.store.places import PlaceRepository

    _analyst(user)
    _find(kb, user, key)
    iso3 = country_named(kb, country)  # a code, an English or a Dutch name: 'Turkije'
    if iso3 is None:
        raise CommitmentError("not a country: %(code)r", code=country)
    with kb.session() as s, s.begin():
        repo = PlaceRepository(s)
        repo.set_verdict(key, iso3, verdict, user.user_id)
        audit.in_session(s, user, "edit", f"commitment:{key}",
                         {"land": iso3, "gaatOver": verdict})  # fmt: skip
        return repo.countries([key])[key]


def countries_of(kb: KnowledgeBase, keys: list[str]) -> dict[str, list[str]]:
    """Per commitment key the countries it is about (its paragraph, corrections applied);
    the caller passes keys of commitments the user may see."""
    from partnerships.store.places import PlaceRepository

    with kb.session() as s:
        return PlaceRepository(s).countries(keys)


def reject_proposal(base: Units, user: UserContext, key: str, document_id: int) -> None:
    _analyst(user)
    _find(base, user, key)
    with base.unit_of_work() as uow:
        uow.commitments.decide_link(key, document_id, "afgewezen", user.user_id)
        uow.audit.append(user.user_id, "edit", f"commitment:{key}", {"afgewezen": document_id})
        uow.commit()


def add_manual(
    base: Units, user: UserContext, text: str, due: date | None, responsible: str,
    source_document: int | None = None, note: str = "",
) -> TrackedCommitment:  # fmt: skip
    """A commitment made outside a letter (a debate, a committee meeting)."""
    _analyst(user)
    if not text.strip():
        raise CommitmentError("the commitment text is empty")
    if not responsible.strip():
        raise CommitmentError("name the responsible ministry")
    key = f"hand-{uuid.uuid4().hex[:16]}"
    with base.unit_of_work() as uow:
        repo = uow.commitments
        if source_document is not None and not repo.letters(user, [source_document]):
            raise CommitmentError(
                "letter %(source_document)s is not in the base", source_document=source_document
            )
        repo.upsert(key, text=text.strip(), manual=True, source_document_id=source_document,
                    due_date=due, responsible=responsible.strip(), status="open",
                    fulfilled_by=None, note=note.strip(), updated_by=user.user_id)  # fmt: skip
        uow.audit.append(user.user_id, "edit", f"commitment:{key}", {"nieuw": True})
        uow.commit()
    return _find(base, user, key)


#: motions in the base shown on one page of the motions page
MOTIONS_PAGE = 25


def _votes(votes: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Parties per vote ('Voor', 'Tegen', …) with their seats: 'VVD (34)'."""
    out: dict[str, list[str]] = {}
    for v in votes:
        seats = f" ({v['zetels']})" if v.get("zetels") else ""
        out.setdefault(str(v.get("stem") or "?"), []).append(f"{v.get('fractie', '')}{seats}")
    return out


def _motion_rows(repo: Any, user: UserContext, docs: list[Any]) -> list[MotionInBase]:
    answers = repo.answering(user, [d.id for d, _o in docs]) if docs else {}
    return [MotionInBase(
        summary_of(d), [x.get("name", "") for x in (d.signatories or []) if x.get("name")],
        d.kamerstuk_dossier, d.kamerstuk_number, o.outcome if o is not None else None,
        _votes(o.votes or []) if o is not None else {},
        [summary_of(a) for a in answers.get(d.id, [])],
    ) for d, o in docs]  # fmt: skip


def motions_about(
    kb: KnowledgeBase, user: UserContext, country: str, limit: int = 10
) -> tuple[int, list[MotionInBase]]:
    """The newest motions in the base that mention a country, with outcome and votes, and
    how many there are (the country dossier's section)."""
    with kb.session() as s:
        repo = CommitmentRepository(s)
        total, docs = repo.motion_documents(user, 0, limit, country)
        return total, _motion_rows(repo, user, docs)


#: letters listed under one cited motion (the rest are counted)
CITING_LETTERS = 10


@dataclass(frozen=True, slots=True)
class CitedMotionsPage:
    """One page of the motions the letters cite (each with its oldest citing letters),
    how many there are, and the index of every one of them per member and per dossier
    (one entry per motion, never per citation) with each one's place in the pages."""

    items: list[CitedMotion]
    per_member: dict[str, list[str]]
    per_dossier: dict[str, list[str]]
    #: each cited motion's place in the order of the pages
    order: dict[str, int]
    #: motions per page, and how many come before this one
    size: int
    offset: int

    @property
    def page(self) -> int:
        return self.offset // self.size + 1

    @property
    def total(self) -> int:
        return len(self.order)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    def page_of(self, key: str) -> int:
        """The page (from 1) a cited motion is on."""
        return self.order[key] // self.size + 1


@dataclass(frozen=True, slots=True)
class Motions:
    """The motions page: one page of the motions that are documents in the base and one
    page of the motions the letters cite."""

    in_base: list[MotionInBase]
    in_base_total: int
    page: int
    pages: int
    cited: CitedMotionsPage


def cited_motions(
    kb: KnowledgeBase, user: UserContext, offset: int = 0, limit: int = MOTIONS_PAGE
) -> CitedMotionsPage:
    """The motions the visible letters cite, by key, a page at a time. Bounded by design:
    grouped, counted and paged by the database (``store/cited_motions.py``; at 100,000
    letters the page used to read every motion citation with its letter)."""
    with kb.session() as s:
        index, items = CitedMotions(s).page(user, offset, limit, CITING_LETTERS)
    per_member: dict[str, list[str]] = defaultdict(list)
    per_dossier: dict[str, list[str]] = defaultdict(list)
    for m in index:
        for name in m.members or ["(onbekend)"]:
            per_member[name].append(m.key)
        per_dossier[m.dossier or "(geen dossier)"].append(m.key)
    return CitedMotionsPage(items, dict(sorted(per_member.items())),
                            dict(sorted(per_dossier.items())),
                            {m.key: i for i, m in enumerate(index)}, limit, offset)  # fmt: skip


def motions(kb: KnowledgeBase, user: UserContext, page: int = 1, cited_page: int = 1) -> Motions:
    """Motions that are documents in the base (newest first, a page at a time) with their
    outcome, votes per party and the letters that answer them; and one page of the
    motions the letters cite (``cited_motions``)."""
    offset = (max(page, 1) - 1) * MOTIONS_PAGE
    with kb.session() as s:
        repo = CommitmentRepository(s)
        total, docs = repo.motion_documents(user, offset, MOTIONS_PAGE)
        in_base = _motion_rows(repo, user, docs)
    cited = cited_motions(kb, user, (max(cited_page, 1) - 1) * MOTIONS_PAGE, MOTIONS_PAGE)
    return Motions(in_base, total, max(page, 1), max(1, -(-total // MOTIONS_PAGE)), cited)


def export(
    items: list[TrackedCommitment], fmt: str, columns: Sequence[str] = EXPORT_COLUMNS,
    statuses: Mapping[str, str] | None = None, sheet: str = "Toezeggingen",
) -> bytes:  # fmt: skip
    """The tracker as CSV (UTF-8 with BOM, semicolons: opens in Dutch Excel) or XLSX; no cell
    can run as a formula (see services/spreadsheets.py). ``columns``, ``statuses`` (status
    code → name) and ``sheet`` are the interface's words: Dutch unless it says otherwise."""
    if len(columns) != len(EXPORT_COLUMNS):
        raise ValueError(f"an export has {len(EXPORT_COLUMNS)} columns, not {len(columns)}")
    names = statuses or {}

    def kenmerk(letter: LetterSummary | None) -> str:
        return (letter.kenmerk or "") if letter else ""

    def day(letter: LetterSummary | None) -> str:
        return letter.day.isoformat() if letter and letter.day else ""

    rows = [[
        i.key, names.get(i.status, i.status), i.due.isoformat() if i.due else "",
        i.responsible, i.text, kenmerk(i.letter), day(i.letter), kenmerk(i.fulfilled_by),
        day(i.fulfilled_by), i.note or "", i.letter.source_name if i.letter else "handmatig",
    ] for i in items]  # fmt: skip
    if fmt == "csv":
        return spreadsheets.to_csv(columns, rows)
    if fmt == "xlsx":
        return spreadsheets.to_xlsx(sheet, columns, rows)
    raise CommitmentError("format must be csv or xlsx")
