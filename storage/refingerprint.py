"""Recompute stored text fingerprints after the way texts are read changed.

Migrations call it when fingerprinting changes: posts stored before keep
their old fingerprint otherwise, which would split the copies of one text
across two fingerprints (or leave some without one).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from storage.textnorm import fingerprint

#: Posts read and rewritten at a time, by id, so memory stays flat.
ID_RANGE = 20_000


def refingerprint(conn: sa.Connection, touched: Callable[[str], bool]) -> None:
    """Give every stored post whose text `touched` selects today's fingerprint.

    Only posts whose fingerprint changes are written.
    """
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
            if touched(text) and (new := fingerprint(text)) != old
        ]
        if changed:
            conn.execute(
                sa.update(post)
                .where(post.c.id == sa.bindparam("pk"))
                .values(text_fp=sa.bindparam("fp")),
                changed,
            )
