"""Indicator values imported from statistical sources (Eurostat first).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_releases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(32), nullable=False),  # eurostat | frontex | table
        sa.Column("dataset", sa.String(64), nullable=False, index=True),
        sa.Column("release", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "indicator_values",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "release_id",
            sa.Integer(),
            sa.ForeignKey("indicator_releases.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("dataset", sa.String(64), nullable=False),
        sa.Column("geo", sa.String(16), nullable=False),
        sa.Column("citizen", sa.String(16), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("dims", sa.JSON(), nullable=False),
        sa.Column("key_hash", sa.String(40), nullable=False, index=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("flags", sa.String(16), nullable=False),
        sa.Column(
            "superseded_by",
            sa.Integer(),
            sa.ForeignKey("indicator_releases.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    op.create_index(
        "ix_indicator_values_lookup", "indicator_values", ["dataset", "citizen", "geo", "period"]
    )
    op.create_table(
        "routes",
        sa.Column("id", sa.String(8), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("name_nl", sa.String(128), nullable=False),
        sa.Column("zones", sa.Text(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("routes")
    op.drop_table("indicator_values")
    op.drop_table("indicator_releases")
