"""The first schema: documents and their facts, countries, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _span() -> list[sa.Column[object]]:
    return [
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("footnote", sa.Integer(), nullable=True),
    ]


def _doc_fk() -> sa.Column[object]:
    return sa.Column(
        "document_id",
        sa.Integer(),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(512), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("classification", sa.String(16), nullable=False, server_default="openbaar"),
        sa.Column("kenmerk", sa.String(128), nullable=True, index=True),
        sa.Column("date", sa.Date(), nullable=True, index=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("addressee", sa.String(32), nullable=True),
        sa.Column("sender_ministry", sa.String(256), nullable=True),
        sa.Column("sender_unit", sa.String(512), nullable=True),
        sa.Column("signatories", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("kamerstuk_dossier", sa.String(32), nullable=True),
        sa.Column("kamerstuk_number", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_documents_kamerstuk", "documents", ["kamerstuk_dossier", "kamerstuk_number"]
    )
    op.create_index("ix_documents_kenmerk_date", "documents", ["kenmerk", "date"])
    op.create_table(
        "document_sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_fk(),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source_path", sa.Text(), nullable=False, index=True),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "originals",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
    )
    op.create_table(
        "footnotes",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_fk(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("marker_offset", sa.Integer(), nullable=True),
    )
    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_fk(),
        *_span(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("dossier", sa.String(32), nullable=True, index=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("session", sa.String(16), nullable=True),
        sa.Column("chamber", sa.String(32), nullable=True),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("act_type", sa.String(32), nullable=True),
        sa.Column("act_id", sa.String(32), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column(
            "target_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
        sa.Column("target_key", sa.String(160), nullable=True, index=True),
    )
    op.create_table(
        "document_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_fk(),
        sa.Column("key", sa.String(160), nullable=False, index=True),
    )
    op.create_table(
        "entity_mentions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_fk(),
        *_span(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(256), nullable=False),
    )
    op.create_index("ix_entity_mentions_kind_code", "entity_mentions", ["kind", "code"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_fk(),
        *_span(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("unit", sa.String(128), nullable=True),
        sa.Column("approximate", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_fk(),
        *_span(),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("due_text", sa.Text(), nullable=True),
    )
    op.create_table(
        "countries",
        sa.Column("iso3", sa.String(3), primary_key=True),
        sa.Column("iso2", sa.String(2), nullable=False, unique=True),
        sa.Column("numeric", sa.String(3), nullable=False),
        sa.Column("name_nl", sa.String(128), nullable=False),
        sa.Column("name_en", sa.String(128), nullable=False),
        sa.Column("region", sa.String(64), nullable=True),
        sa.Column("region_nl", sa.String(64), nullable=True),
        sa.Column("eu_member", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "country_aliases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "iso3",
            sa.String(3),
            sa.ForeignKey("countries.iso3", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("alias", sa.String(128), nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # Snowball-stemmed subject and body, written by the repository (see store/search.py)
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "subject, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('dutch', coalesce(subject, '')), 'A') || "
            "setweight(to_tsvector('dutch', body), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_documents_search ON documents USING gin (search_vector)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in (
        "country_aliases",
        "countries",
        "commitments",
        "facts",
        "entity_mentions",
        "document_keys",
        "citations",
        "footnotes",
        "originals",
        "document_sources",
        "documents",
    ):
        op.drop_table(table)
