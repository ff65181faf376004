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
from dataclasses import dataclass
from datetime import date
from typing import Any

from partnerships.domain.context import UserContext
from partnerships.services import audit, spreadsheets
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.queries import document_summary
from partnerships.store.commitments import CommitmentRepository, commitment_key
from partnerships.store.schema import Document

STATUSES = ("open", "vervuld", "deels vervuld", "vervallen")
OVERDUE = "te laat"
EXPORT_COLUMNS = ("sleutel", "status", "uiterlijk", "verantwoordelijk", "toezegging",
                  "brief_kenmerk", "brief_datum", "vervuld_door_kenmerk", "vervuld_door_datum",
                  "toelichting", "bron")  # fmt: skip


class CommitmentError(ValueError):
    """A change to a commitment that cannot be stored as given."""


@dataclass(frozen=True, slots=True)
class Proposal:
    document: Document
    reasons: tuple[str, ...]


def _analyst(user: UserContext) -> None:
    if not user.may_edit:
        raise PermissionError("only analysts may change commitments")


def _state(status: str, due: date | None, today: date) -> str:
    return OVERDUE if status == "open" and due is not None and due < today else status


def _proposals(
    repo: CommitmentRepository, user: UserContext, sources: dict[str, int | None]
) -> dict[str, list[Proposal]]:
    """Later letters that cite the promising letter or a motion it cites, strongest first."""
    docs = {d.id: d for d in repo.visible_documents(user)}
    fulfils = repo.fulfilment_documents(user)
    cites_doc: dict[int, set[int]] = defaultdict(set)  # target doc -> citing docs
    motions_of: dict[int, set[str]] = defaultdict(set)  # doc -> motion keys it cites
    citing_motion: dict[str, set[int]] = defaultdict(set)
    for c, d in repo.citations(user):
        if c.target_id is not None:
            cites_doc[c.target_id].add(d.id)
        if c.kind == "motion" and c.target_key:
            motions_of[d.id].add(c.target_key)
            citing_motion[c.target_key].add(d.id)
    decided = repo.links()
    out: dict[str, list[Proposal]] = {}
    for key, source_id in sources.items():
        source = docs.get(source_id) if source_id is not None else None
        if source is None:
            continue
        reasons: dict[int, list[str]] = defaultdict(list)
        for other in cites_doc.get(source.id, ()):
            reasons[other].append(f"verwijst naar de brief {source.kenmerk or source.id}")
        for motion in motions_of.get(source.id, ()):
            for other in citing_motion.get(motion, ()):
                if other != source.id:
                    reasons[other].append(f"gaat over dezelfde motie ({motion.split(':', 1)[-1]})")
        props = []
        for other, why in reasons.items():
            doc = docs.get(other)
            if doc is None or decided.get((key, other)) == "afgewezen":
                continue
            if source.date and doc.date and doc.date <= source.date:
                continue  # a fulfilment comes after the promise
            if other in fulfils:
                why.append("meldt dat een toezegging wordt vervuld")
            props.append(Proposal(doc, tuple(why)))
        out[key] = sorted(props, key=lambda p: (-len(p.reasons), p.document.date or date.min))
    return out


def tracker(
    kb: KnowledgeBase, user: UserContext, today: date, status: str | None = None,
    responsible: str | None = None, country: str | None = None, query: str | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Every commitment the user may see with its state and the proposed fulfilling
    letters; ``status``: open, te laat, vervuld, deels vervuld or vervallen."""
    with kb.session() as s:
        repo = CommitmentRepository(s)
        tracking = repo.tracking()
        items: list[dict[str, Any]] = []
        sources: dict[str, int | None] = {}
        country_docs: set[int] | None = None
        if country:
            from partnerships.store.repository import DocumentRepository

            country_docs = {
                d.id for _c, d in DocumentRepository(s).commitments(user, None, country)
            }
        for c, d in repo.extracted(user):
            key = commitment_key(d.id, c.text)
            t = tracking.get(key)
            items.append({
                "sleutel": key, "tekst": c.text, "soort": c.kind, "handmatig": False,
                "uiterlijk": (t.due_date if t and t.due_date else c.due_date),
                "termijnTekst": c.due_text, "status": t.status if t else "open",
                "verantwoordelijk": (t.responsible if t and t.responsible
                                     else d.sender_ministry) or "",
                "toelichting": t.note if t else "", "bron": d,
                "vervuldDoor": t.fulfilled_by if t else None,
                "start": c.start, "doc_id": d.id,
            })  # fmt: skip
            sources[key] = d.id
        visible = {d.id for d in repo.visible_documents(user)}
        for key, t in tracking.items():
            if not t.manual:
                continue
            if t.source_document_id is not None and t.source_document_id not in visible:
                continue
            items.append({
                "sleutel": key, "tekst": t.text, "soort": "handmatig", "handmatig": True,
                "uiterlijk": t.due_date, "termijnTekst": None, "status": t.status,
                "verantwoordelijk": t.responsible, "toelichting": t.note,
                "bron": None, "vervuldDoor": t.fulfilled_by, "start": None,
                "doc_id": t.source_document_id,
            })  # fmt: skip
            sources[key] = t.source_document_id
        ids = {i["doc_id"] for i in items if i["doc_id"]} | {
            i["vervuldDoor"] for i in items if i["vervuldDoor"]
        }
        docs = repo.documents(user, list(ids))
        proposals = _proposals(repo, user, sources)
        out = []
        for i in items:
            state = _state(i["status"], i["uiterlijk"], today)
            if status and state != status:
                continue
            if responsible and responsible.lower() not in i["verantwoordelijk"].lower():
                continue
            if country_docs is not None and i["doc_id"] not in country_docs:
                continue
            if query and query.lower() not in i["tekst"].lower():
                continue
            source = docs.get(i["doc_id"]) if i["doc_id"] else None
            fulfilled = docs.get(i["vervuldDoor"]) if i["vervuldDoor"] else None
            out.append({
                "sleutel": i["sleutel"], "tekst": i["tekst"], "soort": i["soort"],
                "handmatig": i["handmatig"], "status": state,
                "uiterlijk": i["uiterlijk"].isoformat() if i["uiterlijk"] else None,
                "termijnTekst": i["termijnTekst"], "verantwoordelijk": i["verantwoordelijk"],
                "toelichting": i["toelichting"] or None,
                "document": document_summary(source) if source else None, "start": i["start"],
                "vervuldDoor": document_summary(fulfilled) if fulfilled else None,
                "voorstellen": [] if state in ("vervuld", "vervallen") else [
                    {"document": document_summary(p.document), "redenen": list(p.reasons)}
                    for p in proposals.get(i["sleutel"], [])
                    if p.document.id != i["vervuldDoor"]
                ],
            })  # fmt: skip
    out.sort(key=lambda x: (x["uiterlijk"] is None, x["uiterlijk"] or "", x["sleutel"]))
    return out


def _find(kb: KnowledgeBase, user: UserContext, key: str) -> dict[str, Any]:
    for item in tracker(kb, user, date.today()):
        if item["sleutel"] == key:
            return item
    raise CommitmentError(f"no commitment {key!r}")


def update(
    kb: KnowledgeBase, user: UserContext, key: str, status: str | None = None,
    responsible: str | None = None, due: date | None = None, fulfilled_by: int | None = None,
    note: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Change a commitment's state; confirming a fulfilling letter sets it to vervuld
    unless another status is given."""
    _analyst(user)
    item = _find(kb, user, key)
    if status is not None and status not in STATUSES:
        raise CommitmentError(f"status must be one of {STATUSES}")
    with kb.session() as s, s.begin():
        repo = CommitmentRepository(s)
        if fulfilled_by is not None and not repo.documents(user, [fulfilled_by]):
            raise CommitmentError(f"letter {fulfilled_by} is not in the base")
        row = repo.get(key)
        values: dict[str, Any] = {
            "text": item["tekst"], "manual": item["handmatig"],
            "source_document_id": item["document"]["id"] if item["document"] else None,
            "due_date": due if due is not None else (row.due_date if row else None),
            "responsible": responsible if responsible is not None else (
                row.responsible if row else item["verantwoordelijk"]),
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
        audit.in_session(
            s,
            user,
            "edit",
            f"commitment:{key}",
            {"status": values["status"], "vervuldDoor": values["fulfilled_by"]},
        )
    return _find(kb, user, key)


def reject_proposal(kb: KnowledgeBase, user: UserContext, key: str, document_id: int) -> None:
    _analyst(user)
    _find(kb, user, key)
    with kb.session() as s, s.begin():
        CommitmentRepository(s).decide_link(key, document_id, "afgewezen", user.user_id)
        audit.in_session(s, user, "edit", f"commitment:{key}", {"afgewezen": document_id})


def add_manual(
    kb: KnowledgeBase, user: UserContext, text: str, due: date | None, responsible: str,
    source_document: int | None = None, note: str = "",
) -> dict[str, Any]:  # fmt: skip
    """A commitment made outside a letter (a debate, a committee meeting)."""
    _analyst(user)
    if not text.strip():
        raise CommitmentError("the commitment text is empty")
    if not responsible.strip():
        raise CommitmentError("name the responsible ministry")
    key = f"hand-{uuid.uuid4().hex[:16]}"
    with kb.session() as s, s.begin():
        repo = CommitmentRepository(s)
        if source_document is not None and not repo.documents(user, [source_document]):
            raise CommitmentError(f"letter {source_document} is not in the base")
        repo.upsert(key, text=text.strip(), manual=True, source_document_id=source_document,
                    due_date=due, responsible=responsible.strip(), status="open",
                    fulfilled_by=None, note=note.strip(), updated_by=user.user_id)  # fmt: skip
        audit.in_session(s, user, "edit", f"commitment:{key}", {"nieuw": True})
    return _find(kb, user, key)


def motions(kb: KnowledgeBase, user: UserContext) -> dict[str, Any]:
    """Motions cited in the letters, per member and per dossier, with the letters that
    refer to them (oldest first)."""
    with kb.session() as s:
        rows = CommitmentRepository(s).citations(user)
        by_motion: dict[str, dict[str, Any]] = {}
        for c, d in rows:
            if c.kind != "motion":
                continue
            key = c.target_key or c.text
            m = by_motion.setdefault(key, {"sleutel": key, "tekst": c.text,
                                           "leden": list(c.names or []), "dossier": c.dossier,
                                           "nummer": c.number, "brieven": {}})  # fmt: skip
            m["brieven"][d.id] = document_summary(d)
            if c.dossier and not m["dossier"]:
                m["dossier"], m["nummer"] = c.dossier, c.number
    items = []
    for m in by_motion.values():
        m["brieven"] = sorted(m["brieven"].values(), key=lambda d: d["datum"] or "")
        items.append(m)
    items.sort(key=lambda m: (m["leden"][:1] or [""], m["sleutel"]))
    per_member: dict[str, list[str]] = defaultdict(list)
    per_dossier: dict[str, list[str]] = defaultdict(list)
    for m in items:
        for name in m["leden"] or ["(onbekend)"]:
            per_member[name].append(m["sleutel"])
        per_dossier[m["dossier"] or "(geen dossier)"].append(m["sleutel"])
    return {"moties": items, "perLid": dict(sorted(per_member.items())),
            "perDossier": dict(sorted(per_dossier.items()))}  # fmt: skip


def export(items: list[dict[str, Any]], fmt: str) -> bytes:
    """The tracker as CSV (UTF-8 with BOM, semicolons: opens in Dutch Excel) or XLSX; no cell
    can run as a formula (see services/spreadsheets.py)."""
    rows = [[
        i["sleutel"], i["status"], i["uiterlijk"] or "", i["verantwoordelijk"], i["tekst"],
        (i["document"] or {}).get("kenmerk") or "", (i["document"] or {}).get("datum") or "",
        (i["vervuldDoor"] or {}).get("kenmerk") or "", (i["vervuldDoor"] or {}).get("datum") or "",
        i["toelichting"] or "", (i["document"] or {}).get("bron") or "handmatig",
    ] for i in items]  # fmt: skip
    if fmt == "csv":
        return spreadsheets.to_csv(EXPORT_COLUMNS, rows)
    if fmt == "xlsx":
        return spreadsheets.to_xlsx("Toezeggingen", EXPORT_COLUMNS, rows)
    raise CommitmentError("format must be csv or xlsx")
