"""Tallies kept per classification level — country mentions (in all, per year, with the
organisations named beside them) and figures, with the letters behind them — so the
overview and the dossiers read a few hundred rows instead of counting every mention
(store/tallies.py). Counted here from the base; kept up to date by the repository.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tallies",
        sa.Column("subject", sa.String(96), primary_key=True),
        sa.Column("classification", sa.String(16), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False, server_default="0"),
        sa.Column("documents", sa.Integer, nullable=False, server_default="0"),
    )
    op.execute(
        "INSERT INTO tallies (subject, classification, n, documents) "
        "SELECT 'country:' || e.code, d.classification, count(*), count(DISTINCT e.document_id) "
        "FROM entity_mentions e JOIN documents d ON d.id = e.document_id "
        "WHERE e.kind = 'country' GROUP BY e.code, d.classification"
    )
    op.execute(
        "INSERT INTO tallies (subject, classification, n, documents) "
        "SELECT 'year:' || e.code || ':' || coalesce(substr(CAST(d.date AS TEXT), 1, 4), "
        "'onbekend'), d.classification, count(*), count(DISTINCT e.document_id) "
        "FROM entity_mentions e JOIN documents d ON d.id = e.document_id "
        "WHERE e.kind = 'country' GROUP BY 1, 2"
    )
    op.execute(
        "INSERT INTO tallies (subject, classification, n, documents) "
        "SELECT 'with:' || c.code || ':' || o.kind || ':' || o.code, d.classification, "
        "count(DISTINCT c.document_id), count(DISTINCT c.document_id) "
        "FROM (SELECT DISTINCT document_id, code FROM entity_mentions "
        "      WHERE kind = 'country') c "
        "JOIN entity_mentions o ON o.document_id = c.document_id "
        "     AND o.kind IN ('organisation', 'programme') "
        "JOIN documents d ON d.id = c.document_id GROUP BY 1, 2"
    )
    op.execute(
        "INSERT INTO tallies (subject, classification, n, documents) "
        "SELECT 'facts:' || f.kind || ':' || coalesce(f.currency, ''), d.classification, "
        "count(*), count(DISTINCT f.document_id) "
        "FROM facts f JOIN documents d ON d.id = f.document_id "
        "WHERE f.kind <> 'percentage' "
        "GROUP BY f.kind, coalesce(f.currency, ''), d.classification"
    )


def downgrade() -> None:
    op.drop_table("tallies")
