"""What each letter is about: international migration or not (with the extractor's
confidence), the IMA pillars and GCM objectives its paragraphs touch, and analysts'
verdicts that override the extractor.

Letters stored before stay unassessed (``migration`` null) until they are read again
(``partnerships reextract``); nothing is guessed for them.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("migration", sa.Boolean(), nullable=True))
    op.add_column("documents", sa.Column("migration_confidence", sa.Float(), nullable=True))
    op.create_table(
        "document_topics",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scheme", sa.String(8), nullable=False),
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(16), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
    )  # fmt: skip
    op.create_index("ix_document_topics_document_id", "document_topics", ["document_id"])
    op.create_index("ix_document_topics_scheme_code", "document_topics", ["scheme", "code"])
    op.create_table(
        "topic_overrides",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scheme", sa.String(8), nullable=False),
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "scheme", "code"),
    )  # fmt: skip
    op.create_index("ix_topic_overrides_document_id", "topic_overrides", ["document_id"])


def downgrade() -> None:
    # each document's ``counts`` stops claiming topic rows the older schema cannot hold
    bind = op.get_bind()
    docs = sa.table("documents", sa.column("id", sa.Integer), sa.column("counts", sa.JSON))
    rows = bind.execute(sa.select(docs.c.id, docs.c.counts)).all()
    for doc_id, counts in rows:
        if counts and "topics" in counts:
            kept = {k: v for k, v in counts.items() if k != "topics"}
            bind.execute(docs.update().where(docs.c.id == doc_id).values(counts=kept))
    op.drop_table("topic_overrides")
    op.drop_table("document_topics")
    # ALTER TABLE … DROP COLUMN, not a batch rebuild: rebuilding ``documents`` on SQLite
    # drops the table every child row references with ON DELETE CASCADE (SQLite >= 3.35)
    op.execute("ALTER TABLE documents DROP COLUMN migration_confidence")
    op.execute("ALTER TABLE documents DROP COLUMN migration")
