"""The harvester's state: a cursor per source and scope, and which source item became which
document (written in the same transaction as the document, so a harvest killed at any
moment continues without gaps or duplicates).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "harvest_cursors",
        sa.Column("source", sa.String(16), primary_key=True),
        sa.Column("scope", sa.String(512), primary_key=True),
        sa.Column("changed", sa.String(40), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "harvested_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", ondelete="SET NULL"), nullable=True),
        sa.Column("number", sa.String(32), nullable=True),
        sa.Column("changed", sa.String(40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("harvested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "item_id"),
    )  # fmt: skip
    op.create_index("ix_harvested_items_document_id", "harvested_items", ["document_id"])


def downgrade() -> None:
    op.drop_table("harvested_items")
    op.drop_table("harvest_cursors")
