"""cluster ids never reused, the sweep lease, flag requests

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 10:00:00

- `cluster.sweep_id`: the sweep that found the cluster, part of the identity a
  whole-cluster flag form carries. On SQLite the table is rebuilt with
  AUTOINCREMENT, so a sweep that replaces every cluster never hands out an id
  an earlier cluster had (PostgreSQL's sequence already never does).
- `sweeplease`: one row per lease; a sweep holds "sweep" while it runs, so one
  sweep at a time runs per store, across processes and replicas.
- `flagrequest`: keys of the Slack requests that recorded decisions, so a
  replayed request records nothing more.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # The copy keeps every id; AUTOINCREMENT then counts on from the largest.
        with op.batch_alter_table(
            "cluster", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch_op:
            batch_op.add_column(sa.Column("sweep_id", sa.Integer(), nullable=True))
    else:
        op.add_column("cluster", sa.Column("sweep_id", sa.Integer(), nullable=True))
    op.create_table(
        "sweeplease",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("acquired_ts", sa.BigInteger(), nullable=False),
        sa.Column("expires_ts", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "flagrequest",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_ts", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("flagrequest")
    op.drop_table("sweeplease")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "cluster", recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ) as batch_op:
            batch_op.drop_column("sweep_id")
    else:
        op.drop_column("cluster", "sweep_id")
