"""PostgreSQL: an index in the order lists read letters (newest first, undated last), so a
page of the newest letters is read from the index instead of sorting every letter. SQLite
needs none: it sorts NULL below every date, so ``date DESC`` on ``ix_documents_date``
already has that order.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_documents_newest", "documents",
            [sa.text("date DESC NULLS LAST"), sa.text("id DESC")],
        )  # fmt: skip


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_documents_newest", "documents")
