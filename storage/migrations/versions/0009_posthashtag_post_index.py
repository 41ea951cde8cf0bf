"""hashtags by post

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 10:00:00

An incremental sweep reads the hashtags of its new posts by post; the
table's key starts with the tag, so that read scanned every tag of the
store. An index by post_pk, like posturl's, makes it a range (on 200,000
posts with 450,000 hashtag rows, the tags of 2,000 new posts: about 22 ms
to 2 ms on SQLite, 42 ms to 3 ms on PostgreSQL).
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_posthashtag_post", "posthashtag", ["post_pk"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_posthashtag_post", table_name="posthashtag")
