"""Programme money in euros: every amount converted at the ECB reference rate of its value
date (ingest/currency.py), the rate and its date kept beside it. Before, amounts in USD or
GBP were left out of every sum, which showed them as zero.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from partnerships.ingest.currency import to_eur

    op.add_column("programme_money", sa.Column("value_eur", sa.Float(), nullable=True))
    op.add_column("programme_money", sa.Column("eur_rate", sa.Float(), nullable=True))
    op.add_column("programme_money", sa.Column("rate_date", sa.Date(), nullable=True))
    bind = op.get_bind()
    money = sa.table("programme_money", sa.column("id", sa.Integer),
                     sa.column("period_start", sa.Date), sa.column("value", sa.Float),
                     sa.column("currency", sa.String), sa.column("value_eur", sa.Float),
                     sa.column("eur_rate", sa.Float), sa.column("rate_date", sa.Date))  # fmt: skip
    rows = bind.execute(sa.select(money.c.id, money.c.period_start, money.c.value,
                                  money.c.currency)).all()  # fmt: skip
    for row_id, start, value, currency in rows:
        # the value date was not kept before: the period or transaction date stands in
        eur = to_eur(value, currency or "EUR", start)
        bind.execute(money.update().where(money.c.id == row_id).values(
            value_eur=eur.eur, eur_rate=eur.rate, rate_date=eur.rate_date))  # fmt: skip


def downgrade() -> None:
    for column in ("rate_date", "eur_rate", "value_eur"):
        op.execute(f"ALTER TABLE programme_money DROP COLUMN {column}")
