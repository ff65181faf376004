"""Who made each extracted commitment (from the letter's signature) and what it is about.
Commitments stored before keep null in both until their letter is read again.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("commitments", sa.Column("promiser", sa.String(256), nullable=True))
    op.add_column("commitments", sa.Column("subject", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        batch.drop_column("subject")
        batch.drop_column("promiser")
