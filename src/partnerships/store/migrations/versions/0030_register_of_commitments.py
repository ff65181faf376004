"""Parliament's register of commitments (Toezegging), harvested, and the links people
confirm or reject between a register entry and a commitment found in a letter.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_commitments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tk_id", sa.String(64), nullable=False, unique=True),
        sa.Column("number", sa.String(32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("minister", sa.String(256), nullable=False),
        sa.Column("function", sa.String(256), nullable=False),
        sa.Column("ministry", sa.String(256), nullable=False),
        sa.Column("status", sa.String(64), nullable=False),
        sa.Column("due", sa.Date(), nullable=True, index=True),
        sa.Column("made", sa.Date(), nullable=True),
        sa.Column("activity", sa.String(32), nullable=True),
        sa.Column("fulfilled_by", sa.JSON(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("changed", sa.String(40), nullable=False),
        sa.Column("harvested_at", sa.DateTime(timezone=True), nullable=False),
    )  # fmt: skip
    op.create_table(
        "register_links",
        sa.Column("register_id", sa.Integer(),
                  sa.ForeignKey("register_commitments.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("commitment_key", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(128), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("register_links")
    op.drop_table("register_commitments")
