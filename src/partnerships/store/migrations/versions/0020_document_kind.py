"""What a document is: a letter, or a motion (a document that *is* a motion, read by
``ingest/motion.py``). Every document stored before is a letter.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN with a constant default: no table rebuild on SQLite, no rewrite on
    # PostgreSQL, whatever the size of the base
    op.add_column("documents", sa.Column("kind", sa.String(16), nullable=False,
                                         server_default="letter"))  # fmt: skip


def downgrade() -> None:
    # the older schema has no place for a motion's kind; the motion stays, read as a letter
    # ALTER TABLE … DROP COLUMN, not a batch rebuild: rebuilding ``documents`` on SQLite
    # drops the table every child row references with ON DELETE CASCADE (SQLite >= 3.35)
    op.execute("ALTER TABLE documents DROP COLUMN kind")
