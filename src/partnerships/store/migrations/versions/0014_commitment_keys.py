"""Extracted commitments store their tracker key, so the tracker joins people's tracking
state, filters, counts and pages in the database instead of in Python over every row.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _key(document_id: int, text: str) -> str:  # as store.repository.commitment_key
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8"), usedforsecurity=False)
    return f"doc{document_id}-{digest.hexdigest()[:16]}"


def upgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("key", sa.String(64)))
    op.create_index("ix_commitments_key", "commitments", ["key"])
    op.create_index("ix_commitment_tracking_manual", "commitment_tracking", ["manual"])
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, document_id, text FROM commitments")).all()
    table = sa.table("commitments", sa.column("id", sa.Integer), sa.column("key", sa.String))
    for start in range(0, len(rows), 1000):
        for row_id, doc_id, text in rows[start : start + 1000]:
            bind.execute(table.update().where(table.c.id == row_id).values(key=_key(doc_id, text)))


def downgrade() -> None:
    op.drop_index("ix_commitment_tracking_manual", "commitment_tracking")
    op.drop_index("ix_commitments_key", "commitments")
    with op.batch_alter_table("commitments") as batch:
        batch.drop_column("key")
