"""Kamerstuk numbers are strings as printed: Eerste Kamer letters ('nr. C', 'nr. AA') and
suffixes ('nr. 42e') are numbers too.

PostgreSQL changes the two columns' type. SQLite is left as it is on purpose: rebuilding
``documents`` would mean dropping the table that every child row references with ON
DELETE CASCADE, inside a transaction where foreign keys cannot be switched off. SQLite's
INTEGER column affinity already keeps '42e' and 'C' as text (only integer-looking text
becomes an integer), and the column type ``PaperNumber`` reads every value back as a
string, so both backends give the same answers.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

_COLUMNS = (("documents", "kamerstuk_number"), ("citations", "number"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _COLUMNS:
        op.alter_column(table, column, type_=sa.String(16), existing_type=sa.Integer(),
                        postgresql_using=f"{column}::varchar")  # fmt: skip


def downgrade() -> None:
    bind = op.get_bind()
    for table, column in _COLUMNS:
        # a number that is not an integer ('42e', 'C') has no place in the older schema
        bind.execute(sa.text(f"UPDATE {table} SET {column} = NULL WHERE "
                             + (f"{column} !~ '^[0-9]+$'" if bind.dialect.name == "postgresql"
                                else f"typeof({column}) = 'text'")))  # fmt: skip
        if bind.dialect.name == "postgresql":
            op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.String(16),
                            postgresql_using=f"{column}::integer")  # fmt: skip
