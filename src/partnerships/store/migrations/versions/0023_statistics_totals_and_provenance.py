"""Statistics you can trust: which Eurostat value is the total of its breakdowns, and
whether a release date is one the source states.

``indicator_values.is_total`` is computed for every stored Eurostat value from its
breakdowns (the rule in ``domain/eurostat.py``), in batches; null for other sources.
``indicator_releases.release_stated`` stays null for releases imported before: whether
their date was stated or the file's date on disk was not recorded, and is not guessed.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from partnerships.domain.eurostat import DATASETS, is_total

    op.add_column("indicator_values", sa.Column("is_total", sa.Boolean(), nullable=True))
    op.add_column("indicator_releases", sa.Column("release_stated", sa.Boolean(),
                                                 nullable=True))  # fmt: skip
    bind = op.get_bind()
    values = sa.table("indicator_values", sa.column("id", sa.Integer),
                      sa.column("dataset", sa.String), sa.column("dims", sa.JSON),
                      sa.column("is_total", sa.Boolean))  # fmt: skip
    last = 0
    while True:
        rows = bind.execute(
            sa.select(values.c.id, values.c.dims)
            .where(values.c.dataset.in_(list(DATASETS)), values.c.id > last)
            .order_by(values.c.id).limit(5000)
        ).all()  # fmt: skip
        if not rows:
            break
        last = rows[-1][0]
        totals = [r[0] for r in rows if is_total(r[1] or {})]
        others = [r[0] for r in rows if not is_total(r[1] or {})]
        for ids, flag in ((totals, True), (others, False)):
            for i in range(0, len(ids), 500):
                bind.execute(values.update().where(values.c.id.in_(ids[i : i + 500]))
                             .values(is_total=flag))  # fmt: skip
    op.create_index("ix_indicator_values_totals", "indicator_values",
                    ["dataset", "is_total", "citizen", "geo", "period"])  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_indicator_values_totals", "indicator_values")
    # ALTER TABLE … DROP COLUMN, not a batch rebuild: rebuilding ``indicator_releases`` on
    # SQLite drops the table its values reference with ON DELETE CASCADE
    op.execute("ALTER TABLE indicator_releases DROP COLUMN release_stated")
    op.execute("ALTER TABLE indicator_values DROP COLUMN is_total")
