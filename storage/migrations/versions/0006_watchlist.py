"""watchlist

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 10:00:00

Published indicators (takedown reports' accounts, posts, links and domains)
that every check is matched against: one row per imported source, one per
indicator. New tables only: existing data is untouched.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watchsource",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("file", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("indicators", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("imported_ts", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "watchindicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=False),
        sa.Column("published", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("tactic", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("technique", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("procedure", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.ForeignKeyConstraint(["source"], ["watchsource.name"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_watchindicator_kind_key", "watchindicator", ["kind", "key"], unique=False)
    op.create_index("ix_watchindicator_source", "watchindicator", ["source"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_watchindicator_source", table_name="watchindicator")
    op.drop_index("ix_watchindicator_kind_key", table_name="watchindicator")
    op.drop_table("watchindicator")
    op.drop_table("watchsource")
