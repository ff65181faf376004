"""Statistics releases (analyst tables among them) and programmes get a classification, like
letters, decisions, risks and report narratives. Existing rows stay public.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("indicator_releases", "programmes"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "classification", sa.String(16), nullable=False, server_default="openbaar"
                )
            )


def downgrade() -> None:
    for table in ("indicator_releases", "programmes"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("classification")
