"""An index on the documents' classification: a search leaves out the letters a user may
not see with an indexed lookup of those few, instead of reading every match's row.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_classification", "documents", ["classification"])


def downgrade() -> None:
    op.drop_index("ix_documents_classification", "documents")
