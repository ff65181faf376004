"""Suggest IMA pillars for letters without pillar headings, by a classifier trained on the
letters that have them (analysis/topic_model.py) — a batch job, ``partnerships topics
suggest``.

Why a batch job and not part of extraction: the model is learnt from the base (every
structured letter in it), so it changes as the base grows; extraction reads one letter at a
time. Run it after an ingest or harvest, and after ``reextract`` (which reads letters again
and so drops the model's earlier suggestions). Each letter's suggestions replace its
earlier ones in its own transaction; a rerun with the same base changes nothing. Letters
are read in batches by id, so memory does not grow with the base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partnerships.analysis.topic_model import Evaluation, NotEnoughExamples, TopicModel, evaluate
from partnerships.domain.textnorm import paragraph_spans
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.topics import TrainingRepository

#: letters read per batch when suggesting
BATCH = 200
#: paragraphs shorter than this are headings or formulas, not passages about a pillar
MIN_PARAGRAPH = 80


@dataclass(frozen=True, slots=True)
class SuggestReport:
    examples: int  # labelled paragraphs trained on
    letters: int  # structured letters they come from
    pillars: tuple[int, ...]  # the pillars the model knows
    evaluation: Evaluation
    considered: int  # letters the model read
    changed: int  # letters whose suggestions changed
    suggested: int  # paragraph suggestions now stored


def _training(kb: KnowledgeBase) -> tuple[list[str], list[int], list[int]]:
    with kb.session() as s:
        repo = TrainingRepository(s)
        rows = repo.structured()
        bodies = repo.bodies(sorted({d for d, *_ in rows}))
    texts, labels, letters = [], [], []
    for doc_id, code, start, end in rows:
        text = bodies.get(doc_id, "")[start:end]
        if len(text) >= MIN_PARAGRAPH:
            texts.append(text)
            labels.append(code)
            letters.append(doc_id)
    return texts, labels, letters


def suggest_pillars(
    kb: KnowledgeBase, min_confidence: float = 0.5,
    progress: Callable[[int, int | None], None] | None = None,
) -> SuggestReport:  # fmt: skip
    """Train on the structured letters, then store the model's pillar per paragraph of
    every migration letter without headings (basis 'trained', its strongest terms as the
    reason) where it is at least ``min_confidence`` sure and no other reading found that
    pillar there already. Raises NotEnoughExamples when the base has too little to learn."""
    kb.check_schema()
    texts, labels, letters = _training(kb)
    model = TopicModel.train(texts, labels)
    measured = evaluate(texts, labels, letters)
    considered = changed = suggested = 0
    after = 0
    while True:
        with kb.session() as s:
            repo = TrainingRepository(s)
            ids = repo.candidates(after, BATCH)
            if not ids:
                break
            bodies = repo.bodies(ids)
            known = repo.existing(ids, "ima")
        after = ids[-1]
        for doc_id in ids:
            body = bodies[doc_id]
            spans = [(a, b) for a, b in paragraph_spans(body) if b - a >= MIN_PARAGRAPH]
            found = model.suggest([body[a:b] for a, b in spans], min_confidence)
            rows = [(s.code, s.confidence, a, b, list(s.terms))
                    for (a, b), s in zip(spans, found, strict=True)
                    if s is not None and (doc_id, s.code, a) not in known]  # fmt: skip
            with kb.session() as s, s.begin():
                if TrainingRepository(s).replace_trained(doc_id, "ima", rows):
                    changed += 1
            considered += 1
            suggested += len(rows)
            if progress:
                progress(considered, None)
    from partnerships.store.audit import AuditRepository

    report = SuggestReport(model.examples, len(set(letters)), model.classes, measured,
                           considered, changed, suggested)  # fmt: skip
    with kb.session() as s, s.begin():
        AuditRepository(s).append("system", "suggest", "topics:ima", {
            "voorbeelden": report.examples, "brieven": considered, "gewijzigd": changed,
            "suggesties": suggested, "drempel": min_confidence})  # fmt: skip
    return report


__all__ = ["NotEnoughExamples", "SuggestReport", "suggest_pillars"]
