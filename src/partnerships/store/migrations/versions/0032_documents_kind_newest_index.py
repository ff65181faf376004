"""An index of letters by kind, newest first within each kind, so that the motions in the
base (a few among many letters) are counted and paged from the index: without it the
dossier's motions section walked every letter newest first looking for one (220 ms at
100,000 letters when the base holds no motion at all).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the order of store/document_common.newest_first on each database
    newest = "date DESC NULLS LAST" if op.get_bind().dialect.name == "postgresql" else "date DESC"
    op.create_index(
        "ix_documents_kind_newest", "documents", ["kind", sa.text(newest), sa.text("id DESC")]
    )


def downgrade() -> None:
    op.drop_index("ix_documents_kind_newest", "documents")
