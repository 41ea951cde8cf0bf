"""fingerprints with format characters stripped and look-alike letters folded

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 05:00:00

Text fingerprints now ignore format characters (zero-width spaces, joiners,
bidi marks) and read Cyrillic and Greek look-alikes as the Latin letters they
pass for. Posts stored before keep their old fingerprint, which would split
the copies of one text across two fingerprints; this recomputes the
fingerprint of every stored post whose text is not plain ASCII (the only
texts the change can touch), a range of post ids at a time so memory stays
flat. The sweep state is rebuilt on the next sweep (its version changed).
Downgrading keeps the new fingerprints: the old reading is not kept.
"""

import sqlalchemy as sa
from alembic import op

from storage.textnorm import fingerprint

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID_RANGE = 20_000


def upgrade() -> None:
    conn = op.get_bind()
    post = sa.table(
        "post", sa.column("id", sa.Integer), sa.column("text", sa.Text), sa.column("text_fp")
    )
    last = conn.execute(sa.select(sa.func.max(post.c.id))).scalar() or 0
    for start in range(0, last, ID_RANGE):
        rows = conn.execute(
            sa.select(post.c.id, post.c.text, post.c.text_fp).where(
                post.c.id > start, post.c.id <= start + ID_RANGE, post.c.text.is_not(None)
            )
        ).all()
        changed = [
            {"pk": pk, "fp": new}
            for pk, text, old in rows
            if not text.isascii() and (new := fingerprint(text)) != old
        ]
        if changed:
            conn.execute(
                sa.update(post)
                .where(post.c.id == sa.bindparam("pk"))
                .values(text_fp=sa.bindparam("fp")),
                changed,
            )


def downgrade() -> None:
    pass
