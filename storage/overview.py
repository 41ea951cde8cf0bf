"""What a store holds, in figures: the reads behind `cibwatch status`.

Each is one aggregate query; counting every post is the costliest (a full
scan of the smallest index: about a tenth of a second per million posts on
SQLite), so status asks once and nothing else calls these on a hot path.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel, col

from storage.models import Account, Cluster, Flag, Post


@dataclass
class StoreCounts:
    """How many rows of each kind the store holds."""

    posts: int
    accounts: int
    clusters: int  # of the last sweep
    decisions: int  # reviewer flags recorded, history included


def store_counts(session: Session) -> StoreCounts:
    """Posts, accounts, the last sweep's clusters and recorded decisions."""
    return StoreCounts(
        posts=_count(session, Post),
        accounts=_count(session, Account),
        clusters=_count(session, Cluster),
        decisions=_count(session, Flag),
    )


def _count(session: Session, table: type[SQLModel]) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def posts_after(session: Session, post_pk: int) -> int:
    """How many posts were stored after the one with primary key `post_pk` (a primary-key range)."""
    return int(session.scalar(select(func.count(col(Post.id))).where(col(Post.id) > post_pk)) or 0)
