"""sweep run mode

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 10:00:00

Each sweep run keeps how it ran, for `cibwatch status`: from scratch or
incremental, and how many posts it swept for the first time. Nullable
columns: runs stored before say nothing, and SQLite adds them without
copying the table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sweeprun", sa.Column("from_scratch", sa.Boolean(), nullable=True))
    op.add_column("sweeprun", sa.Column("new_posts", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sweeprun") as batch:
        batch.drop_column("new_posts")
        batch.drop_column("from_scratch")
