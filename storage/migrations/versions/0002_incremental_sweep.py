"""incremental sweep state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 22:40:00

Tables a sweep keeps between runs (near-duplicate groups and their word bands,
the keys that burst, distinct accounts per hashtag, what the state covers),
and the indexes that find who reposted or replied to a post.
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "textgroup",
        sa.Column("fp", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("grp", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("core", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("fp"),
    )
    op.create_index("ix_textgroup_grp", "textgroup", ["grp"], unique=False)
    op.create_table(
        "textband",
        sa.Column("band", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("fp", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.PrimaryKeyConstraint("band", "fp"),
    )
    op.create_table(
        "sweepkey",
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("key_hash", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("key_posts", sa.Integer(), nullable=False),
        sa.Column("key_burst_share", sa.Float(), nullable=False),
        sa.Column("bursts", sa.Text(), nullable=False),
        sa.Column("owners", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "key_hash"),
    )
    op.create_table(
        "tagcount",
        sa.Column("tag", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tag"),
    )
    op.create_table(
        "sweepstate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("max_post_pk", sa.BigInteger(), nullable=False),
        sa.Column("operator_zone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("common_tag_accounts", sa.Integer(), nullable=False),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("posts_in_shift", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # Plain CREATE INDEX (no batch copy of the post table on SQLite).
    op.create_index("ix_post_repost_of", "post", ["repost_of_post_id"], unique=False)
    op.create_index("ix_post_reply_to", "post", ["reply_to_post_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_post_reply_to", table_name="post")
    op.drop_index("ix_post_repost_of", table_name="post")
    op.drop_table("sweepstate")
    op.drop_table("tagcount")
    op.drop_table("sweepkey")
    op.drop_table("textband")
    op.drop_index("ix_textgroup_grp", table_name="textgroup")
    op.drop_table("textgroup")
