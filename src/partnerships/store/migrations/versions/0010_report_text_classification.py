"""Report narratives get a classification, like letters, decisions and risks.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_texts") as batch:
        batch.add_column(
            sa.Column("classification", sa.String(16), nullable=False, server_default="openbaar")
        )


def downgrade() -> None:
    with op.batch_alter_table("report_texts") as batch:
        batch.drop_column("classification")
