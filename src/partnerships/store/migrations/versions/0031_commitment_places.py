"""What a commitment is about, by its own paragraph: the countries named in the paragraph
that holds it (``commitment_places``, filled here for the letters already in the base) and
analysts' corrections (``commitment_place_verdicts``).

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

#: letters read at a time while filling the table (their bodies are needed)
BATCH = 500


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated paragraph (as ingest/topics.py cuts them;
    copied so that this migration does not change when the application does)."""
    spans, pos = [], 0
    for part in body.split("\n\n"):
        start = body.find(part, pos)
        if part.strip():
            spans.append((start, start + len(part)))
        pos = start + len(part)
    return spans


def upgrade() -> None:
    op.create_table(
        "commitment_places",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("commitment_key", sa.String(64), nullable=False, index=True),
        sa.Column("country", sa.String(3), nullable=False),
    )  # fmt: skip
    op.create_index("ix_commitment_places_country", "commitment_places",
                    ["country", "commitment_key"])  # fmt: skip
    op.create_table(
        "commitment_place_verdicts",
        sa.Column("commitment_key", sa.String(64), primary_key=True),
        sa.Column("country", sa.String(3), primary_key=True),
        sa.Column("verdict", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.String(128), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )  # fmt: skip
    bind = op.get_bind()
    places = sa.table("commitment_places", sa.column("document_id", sa.Integer()),
                      sa.column("commitment_key", sa.String()),
                      sa.column("country", sa.String()))  # fmt: skip
    after = 0
    while True:
        ids = [r[0] for r in bind.execute(sa.text(
            "SELECT DISTINCT document_id FROM commitments WHERE document_id > :a "
            "ORDER BY document_id LIMIT :n"), {"a": after, "n": BATCH})]  # fmt: skip
        if not ids:
            break
        after = ids[-1]
        rows = []
        for doc_id in ids:
            body = bind.execute(sa.text("SELECT body FROM documents WHERE id = :i"),
                                {"i": doc_id}).scalar() or ""  # fmt: skip
            spans = _paragraphs(body)
            countries = bind.execute(sa.text(
                "SELECT code, start FROM entity_mentions WHERE document_id = :i "
                "AND kind = 'country' AND footnote IS NULL"), {"i": doc_id}).all()  # fmt: skip
            for key, start in bind.execute(sa.text(
                    "SELECT key, start FROM commitments WHERE document_id = :i "
                    "AND footnote IS NULL AND key IS NOT NULL"), {"i": doc_id}):  # fmt: skip
                para = next(((a, b) for a, b in spans if a <= start < b), None)
                if para is None:
                    continue
                named = sorted({c for c, s in countries if c and para[0] <= s < para[1]})
                rows += [{"document_id": doc_id, "commitment_key": key, "country": c}
                         for c in named]  # fmt: skip
        if rows:
            bind.execute(places.insert(), rows)


def downgrade() -> None:
    op.drop_table("commitment_place_verdicts")
    op.drop_index("ix_commitment_places_country", table_name="commitment_places")
    op.drop_table("commitment_places")
