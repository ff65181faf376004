"""What the base holds and what it lacks (``partnerships coverage``)."""

from __future__ import annotations

from typing import Any

from partnerships.domain.context import UserContext
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.coverage import CoverageRepository


def coverage(kb: KnowledgeBase, user: UserContext) -> dict[str, Any]:
    """Per source and per dossier and year the documents the user may see, when each
    source was last harvested, and the Kamerstukken cited but missing (with the URL of
    their official publication, to fetch them)."""
    with kb.session() as s:
        repo = CoverageRepository(s)
        return {
            "perBron": [{"bron": b, "documenten": n} for b, n in repo.per_source()],
            "perDossierEnJaar": [{"dossier": d, "jaar": y, "documenten": n}
                                 for d, y, n in repo.per_dossier_and_year(user.levels())],
            "geoogst": [{"bron": b, "reikwijdte": sc, "laatst": at.isoformat()}
                        for b, sc, at in repo.last_harvests()],
            "geciteerdOntbrekend": [
                {"dossier": d, "nummer": n, "keerGeciteerd": c,
                 "publicatie": f"https://zoek.officielebekendmakingen.nl/kst-{d}-{n}.html"}
                for d, n, c in repo.cited_missing()],
        }  # fmt: skip
