"""digest covered end

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 14:10:00

A digest run keeps up to when its digest spoke (`covered_end_ts`): posts
loaded in its period that no finished sweep had seen yet are left to the next
period, which starts there. Nullable: runs stored before cover their whole
period, and SQLite adds the column without copying the table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("digestrun", sa.Column("covered_end_ts", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("digestrun") as batch:
        batch.drop_column("covered_end_ts")
