"""Programme portfolio: IATI and manual programmes, their money, countries and the
classification to IMA pillars and GCM objectives.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programme_imports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("reporting_org", sa.String(64), nullable=False),
        sa.Column("activities", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("identifier", sa.String(128), nullable=False, unique=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column(
            "import_id",
            sa.Integer(),
            sa.ForeignKey("programme_imports.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("reporting_org", sa.String(64), nullable=False),
        sa.Column("reporting_name", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("flow", sa.String(8), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("humanitarian", sa.Boolean(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("evaluation_due", sa.Date(), nullable=True),
        sa.Column("evaluation_done", sa.Date(), nullable=True),
        sa.Column("flag", sa.String(32), nullable=False),
        sa.Column("flag_note", sa.Text(), nullable=False),
        sa.Column("adaptive_action", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "programme_countries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "programme_id",
            sa.Integer(),
            sa.ForeignKey("programmes.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("iso3", sa.String(3), nullable=False, index=True),
        sa.Column("percentage", sa.Float(), nullable=False),
    )
    op.create_table(
        "programme_money",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "programme_id",
            sa.Integer(),
            sa.ForeignKey("programmes.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("counterpart", sa.Text(), nullable=False),
    )
    op.create_table(
        "programme_classifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "programme_id",
            sa.Integer(),
            sa.ForeignKey("programmes.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("scheme", sa.String(8), nullable=False),
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(128), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("programme_id", "scheme", "code", name="uq_programme_class"),
    )


def downgrade() -> None:
    op.drop_table("programme_classifications")
    op.drop_table("programme_money")
    op.drop_table("programme_countries")
    op.drop_table("programmes")
    op.drop_table("programme_imports")
