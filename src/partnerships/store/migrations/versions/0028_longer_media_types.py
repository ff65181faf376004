"""Media types up to 128 characters: a Word file's
('application/vnd.openxmlformats-officedocument.wordprocessingml.document') is 71, over
the 64 the column had (PostgreSQL refused the harvested Word letters; SQLite does not
enforce lengths).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("originals", "media_type", type_=sa.String(128),
                        existing_type=sa.String(64))  # fmt: skip


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE originals SET media_type = 'application/octet-stream' "
                   "WHERE length(media_type) > 64")  # fmt: skip
        op.alter_column("originals", "media_type", type_=sa.String(64),
                        existing_type=sa.String(128))  # fmt: skip
