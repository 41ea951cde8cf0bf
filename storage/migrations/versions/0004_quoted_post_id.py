"""quoted post id

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:00:00

A quote post keeps the id of the post it quotes (`quoted_post_id`, optional
in the record format). A nullable column: existing posts keep NULL, and
SQLite adds it without copying the table.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "post",
        sa.Column("quoted_post_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("post") as batch:
        batch.drop_column("quoted_post_id")
