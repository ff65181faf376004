"""A classifier of paragraphs by IMA pillar, trained on the letters that say it themselves.

The yearly progress letters on the Integral Migration Agenda are organised per pillar: a
heading names the pillar, the paragraphs below it are about it (``ingest/topics.py`` reads
that structure with confidence 0.95). Those paragraphs are the training set; the model
then suggests pillars for paragraphs of letters without such headings. Why a model beside
the vocabulary: the vocabulary knows the words we listed, the model learns the words the
ministries actually use per pillar, with weights.

scikit-learn (BSD-3-Clause, ADR 0018): TF-IDF over words and word pairs, a logistic
regression with balanced class weights. Each suggestion is explained by its strongest
terms — the features that pushed the paragraph towards that pillar most (weight × TF-IDF)
— and carries the model's probability as its confidence; analysts confirm or reject it as
they do any topic. Pure computation: no database, no files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

#: Dutch function words that say nothing about a pillar (the model would learn the
#: ministries' sentence style otherwise)
STOP_WORDS = frozenset(
    "aan al als bij daarbij dan dat de deze die dit door een en er het hier hij hun ik in is "
    "met na naar niet nog of om onder ook op over te ten ter tot uit van voor wat we wij "
    "wordt worden zal zijn zich zo zoals u uw kamer kabinet".split()
)


class NotEnoughExamples(ValueError):
    """Too few labelled paragraphs, or only one pillar, to train on."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: int  # the IMA pillar
    confidence: float  # the model's probability, 0–1
    terms: tuple[str, ...]  # the strongest terms for it, strongest first


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Leave-one-letter-out: each letter's paragraphs predicted by a model trained on the
    other letters (so a letter never grades itself)."""

    letters: int
    paragraphs: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.paragraphs if self.paragraphs else None


class TopicModel:
    """A trained classifier; ``suggest`` gives at most one pillar per paragraph."""

    def __init__(self, vectorizer: Any, classifier: Any, examples: int) -> None:
        self._vectorizer, self._classifier, self.examples = vectorizer, classifier, examples
        self.classes: tuple[int, ...] = tuple(int(c) for c in classifier.classes_)
        self._vocabulary = vectorizer.get_feature_names_out()

    @classmethod
    def train(cls, texts: list[str], labels: list[int], min_examples: int = 12) -> TopicModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(texts) != len(labels):
            raise ValueError("one label per text")
        counts = Counter(labels)
        if len(texts) < min_examples or len(counts) < 2:
            raise NotEnoughExamples(
                f"{len(texts)} labelled paragraphs on {len(counts)} pillar(s): at least "
                f"{min_examples} on two pillars are needed"
            )
        vectorizer = TfidfVectorizer(
            lowercase=True, token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b", ngram_range=(1, 2),
            stop_words=sorted(STOP_WORDS), sublinear_tf=True, min_df=1,
        )  # fmt: skip
        matrix = vectorizer.fit_transform(texts)
        classifier = LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0)
        classifier.fit(matrix, labels)
        return cls(vectorizer, classifier, len(texts))

    def suggest(
        self, texts: list[str], min_confidence: float = 0.5, top_terms: int = 5
    ) -> list[Suggestion | None]:
        """Per text the surest pillar with its strongest terms, or None when the model is
        not sure enough (below ``min_confidence``) or no term of the text is known to it."""
        if not texts:
            return []
        matrix = self._vectorizer.transform(texts)
        probabilities = self._classifier.predict_proba(matrix)
        out: list[Suggestion | None] = []
        for i, row in enumerate(probabilities):
            best = int(row.argmax())
            vector = matrix.getrow(i)
            if vector.nnz == 0 or float(row[best]) < min_confidence:
                out.append(None)
                continue
            out.append(Suggestion(self.classes[best], round(float(row[best]), 2),
                                  self._strongest(vector, best, top_terms)))  # fmt: skip
        return out

    def _strongest(self, vector: Any, klass: int, top: int) -> tuple[str, ...]:
        weights = self._classifier.coef_
        row = weights[klass] if weights.shape[0] > 1 else (weights[0] if klass else -weights[0])
        contributions = [
            (float(row[j]) * float(v), str(self._vocabulary[j]))
            for j, v in zip(vector.indices, vector.data, strict=True)
        ]
        ranked = sorted((c for c in contributions if c[0] > 0), reverse=True)
        return tuple(term for _w, term in ranked[:top])


def evaluate(texts: list[str], labels: list[int], letters: list[int]) -> Evaluation:
    """Leave-one-letter-out accuracy (``letters``: which letter each paragraph is from);
    letters whose held-out model cannot be trained (one pillar left) are not counted."""
    correct = total = counted = 0
    for held in sorted(set(letters)):
        train = [i for i, g in enumerate(letters) if g != held]
        test = [i for i, g in enumerate(letters) if g == held]
        try:
            model = TopicModel.train([texts[i] for i in train], [labels[i] for i in train])
        except NotEnoughExamples:
            continue
        counted += 1
        for i, s in zip(test, model.suggest([texts[i] for i in test], 0.0), strict=True):
            total += 1
            correct += int(s is not None and s.code == labels[i])
    return Evaluation(counted, total, correct)
