"""People's corrections of extracted fields (title, date, sender, kenmerk, addressee): they
win over the extractor and survive re-extraction.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_overrides",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "field"),
    )  # fmt: skip
    op.create_index("ix_document_overrides_document_id", "document_overrides", ["document_id"])


def downgrade() -> None:
    op.drop_table("document_overrides")
