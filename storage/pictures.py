"""Reads behind the evidence pictures: who is in the picture, what they posted, and when.

The pictures (cluster graph, posting-hours heatmap, push timeline) read the
pictured accounts' posts and the sweep's bursts through storage.sweepdata and
storage.sweepstate; here are the rest: accounts with their flags, the sharers
of a link, single posts, and a sample of everybody's posting times as a
baseline. Every read is an indexed look-up or bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from storage.models import Account, Post, PostUrl
from storage.review import CHUNK, current_labels


@dataclass
class PicturedAccount:
    """An account as a picture shows it: its label, platform, activity and current flag."""

    id: int
    platform: str
    handle: str
    post_count: int
    flag: str | None = None  # the current reviewer label (coordinated, benign, watch), if any

    @property
    def label(self) -> str:
        """'platform:@handle'."""
        return f"{self.platform}:@{self.handle}"


def pictured_accounts(session: Session, account_ids: Iterable[int]) -> dict[int, PicturedAccount]:
    """These accounts by store id, with their current flag (cleared counts as none)."""
    ids = sorted(set(account_ids))
    found: dict[int, PicturedAccount] = {}
    for start in range(0, len(ids), CHUNK):
        query = select(
            col(Account.id),
            col(Account.platform),
            col(Account.handle),
            col(Account.post_count),
        ).where(col(Account.id).in_(ids[start : start + CHUNK]))
        for account_id, platform, handle, posts in session.execute(query):
            found[account_id] = PicturedAccount(account_id, platform, handle, posts or 0)
    for account_id, label in current_labels(session, found).items():
        if label != "cleared":
            found[account_id].flag = label
    return found


def sharers_of(session: Session, url: str, limit: int = 5000) -> list[tuple[int, int]]:
    """(account id, posted_ts) of the posts carrying canonical `url`, oldest first."""
    query = (
        select(col(Post.account_id), col(Post.posted_ts))
        .join(PostUrl, col(PostUrl.post_pk) == col(Post.id))
        .where(col(PostUrl.url) == url)
        .order_by(col(Post.posted_ts))
        .limit(limit)
    )
    return [(account_id, ts) for account_id, ts in session.execute(query)]


def post_text(session: Session, pk: int) -> str | None:
    """The text of one post, by store id."""
    return session.scalar(select(col(Post.text)).where(col(Post.id) == pk))


def post_times(session: Session, pks: Iterable[int]) -> list[tuple[int, int]]:
    """(account id, posted_ts) of these posts (store ids), oldest first."""
    ids = sorted(set(pks))
    rows: list[tuple[int, int]] = []
    for start in range(0, len(ids), CHUNK):
        query = select(col(Post.account_id), col(Post.posted_ts)).where(
            col(Post.id).in_(ids[start : start + CHUNK])
        )
        rows.extend((account_id, ts) for account_id, ts in session.execute(query))
    return sorted(rows, key=lambda row: row[1])


@dataclass
class Baseline:
    """Posting times of all accounts: a sample, or every post when the store is that small."""

    times: list[int]
    store_posts: int  # posts in the store (by the newest store id)


def sample_post_times(session: Session, size: int = 5000) -> Baseline:
    """The posting times of about `size` posts spread evenly over the whole store (all, when fewer).

    Posts are picked by evenly spaced primary keys (posts are numbered in the
    order they were loaded), so the sample costs `size` key look-ups however
    large the store is.
    """
    top = session.scalar(select(func.max(Post.id))) or 0
    if top == 0:
        return Baseline([], 0)
    step = max(1, top // size)
    ids = list(range(1 + step // 2, top + 1, step))
    times: list[int] = []
    for start in range(0, len(ids), CHUNK):
        query = select(col(Post.posted_ts)).where(col(Post.id).in_(ids[start : start + CHUNK]))
        times.extend(session.scalars(query))
    return Baseline(times, top)
