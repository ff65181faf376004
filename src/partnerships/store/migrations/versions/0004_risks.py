"""Do-no-harm risk register: versioned risk entries per partnership.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("risk_key", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("programme", sa.String(128), nullable=False),
        sa.Column("instrument", sa.String(64), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("intended_effects", sa.Text(), nullable=False),
        sa.Column("unintended_effects", sa.Text(), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("classification", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("risk_key", "version", name="uq_risks_key_version"),
    )
    op.create_index("ix_risks_country", "risks", ["country"])
    op.create_index("ix_risks_risk_key", "risks", ["risk_key"])


def downgrade() -> None:
    op.drop_index("ix_risks_risk_key", table_name="risks")
    op.drop_index("ix_risks_country", table_name="risks")
    op.drop_table("risks")
