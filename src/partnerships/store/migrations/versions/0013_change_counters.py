"""A counter row per scope as the data version (a lookup instead of a scan of documents).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "change_counters",
        sa.Column("scope", sa.String(16), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False, server_default="0"),
    )
    # 'epoch': a random number per base, so that a base made anew at the same address (a
    # test, a fresh install) never shares a version with the one before it
    epoch = secrets.randbelow(2**31 - 1) + 1
    op.bulk_insert(table, [{"scope": "data", "n": 0}, {"scope": "statistics", "n": 0},
                           {"scope": "epoch", "n": epoch}])  # fmt: skip


def downgrade() -> None:
    op.drop_table("change_counters")
