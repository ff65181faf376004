"""Originals are kept compressed (zlib) where that makes them smaller, and whether bytes are
kept is a column of its own, so a letter's page no longer reads the whole file to say that
it can be downloaded.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("originals") as batch:
        batch.add_column(sa.Column("compression", sa.String(8), nullable=False, server_default=""))
        batch.add_column(sa.Column("stored", sa.Boolean, nullable=False, server_default=sa.true()))
    op.execute("UPDATE originals SET stored = (data IS NOT NULL)")


def downgrade() -> None:
    # originals written compressed are expanded again, so the older version can read them
    import zlib

    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT document_id, data FROM originals WHERE compression = 'zlib'")
    ).all()
    table = sa.table("originals", sa.column("document_id", sa.Integer),
                     sa.column("data", sa.LargeBinary))  # fmt: skip
    for doc_id, data in rows:
        bind.execute(table.update().where(table.c.document_id == doc_id)
                     .values(data=zlib.decompress(data)))  # fmt: skip
    with op.batch_alter_table("originals") as batch:
        batch.drop_column("stored")
        batch.drop_column("compression")
