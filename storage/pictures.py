"""Reads behind the evidence pictures: who is in the picture, what they posted, and when.

The pictures (cluster graph, posting-hours heatmap, push timeline) need the
posts of a set of accounts with their co-action keys (text fingerprint, links,
reposted or replied-to post), the posts of one text or link across the store,
and a sample of everybody's posting times as a baseline. Every read is an
indexed look-up or bounded, so a picture of a 300-account cluster on a store
of a million posts reads in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import Session, col

from storage.models import Account, Post, PostUrl
from storage.queries import post_by_id
from storage.review import CHUNK, current_labels

#: At most this many posts are read for one picture (the newest first).
MAX_POSTS = 100_000
#: At most this many posts of other accounts are read when looking for co-actors.
MAX_CO_ACTOR_POSTS = 20_000
#: At most this many texts or links of the pictured accounts are looked up for co-actors.
MAX_CO_ACTOR_KEYS = 1_000


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


@dataclass
class PostKeys:
    """One post reduced to what co-action is about: who, when, and what it shares."""

    account_id: int
    ts: int
    text_fp: str | None = None
    urls: list[str] = field(default_factory=list)
    target: str | None = None  # "platform:post_id" the post reposts or replies to


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


def posts_of_accounts(
    session: Session, account_ids: Iterable[int], limit: int = MAX_POSTS
) -> list[PostKeys]:
    """The posts of these accounts with their keys, oldest first (the newest `limit` in all).

    One indexed range per CHUNK accounts; each post's links come through the
    post-keyed index of PostUrl.
    """
    ids = sorted(set(account_ids))
    by_pk: dict[int, PostKeys] = {}
    for start in range(0, len(ids), CHUNK):
        query = (
            select(
                col(Post.id),
                col(Post.account_id),
                col(Post.posted_ts),
                col(Post.text_fp),
                col(Post.platform),
                col(Post.repost_of_post_id),
                col(Post.reply_to_post_id),
                col(PostUrl.url),
            )
            .outerjoin(PostUrl, col(PostUrl.post_pk) == col(Post.id))
            .where(col(Post.account_id).in_(ids[start : start + CHUNK]))
            .order_by(col(Post.posted_ts).desc(), col(Post.id).desc())
            .limit(limit)
        )
        for pk, account_id, ts, fp, platform, repost, reply, url in session.execute(query):
            post = by_pk.get(pk)
            if post is None:
                parent = repost or reply
                post = PostKeys(account_id, ts, fp, [], f"{platform}:{parent}" if parent else None)
                by_pk[pk] = post
            if url is not None:
                post.urls.append(url)
    posts = sorted(by_pk.values(), key=lambda p: p.ts)
    return posts[-limit:]


def posts_sharing(
    session: Session,
    fingerprints: Iterable[str],
    urls: Iterable[str],
    exclude: Iterable[int] = (),
    limit: int = MAX_CO_ACTOR_POSTS,
) -> list[PostKeys]:
    """Posts by accounts not in `exclude` that carry one of these texts or links.

    For finding who acted with an account outside any cluster. Both look-ups
    are index ranges (by fingerprint, by URL); at most `limit` posts of each kind.
    """
    skip = set(exclude)
    found: list[PostKeys] = []
    fps = sorted(set(fingerprints))[:MAX_CO_ACTOR_KEYS]
    for start in range(0, len(fps), CHUNK):
        if len(found) >= limit:
            break
        query = (
            select(col(Post.account_id), col(Post.posted_ts), col(Post.text_fp))
            .where(col(Post.text_fp).in_(fps[start : start + CHUNK]))
            .limit(limit)
        )
        found.extend(
            PostKeys(account_id, ts, fp)
            for account_id, ts, fp in session.execute(query)
            if account_id not in skip
        )
    by_url: list[PostKeys] = []
    wanted = sorted(set(urls))[:MAX_CO_ACTOR_KEYS]
    for start in range(0, len(wanted), CHUNK):
        if len(by_url) >= limit:
            break
        query = (
            select(col(Post.account_id), col(Post.posted_ts), col(PostUrl.url))
            .join(Post, col(Post.id) == col(PostUrl.post_pk))
            .where(col(PostUrl.url).in_(wanted[start : start + CHUNK]))
            .limit(limit)
        )
        by_url.extend(
            PostKeys(account_id, ts, urls=[url])
            for account_id, ts, url in session.execute(query)
            if account_id not in skip
        )
    return found[:limit] + by_url[:limit]


def posts_with_key(
    session: Session, *, fingerprint: str | None = None, url: str | None = None, limit: int = 5000
) -> list[tuple[int, int]]:
    """(account id, posted_ts) of the posts with this text fingerprint or link, oldest first."""
    if fingerprint is not None:
        query = (
            select(col(Post.account_id), col(Post.posted_ts))
            .where(col(Post.text_fp) == fingerprint)
            .order_by(col(Post.posted_ts))
            .limit(limit)
        )
    elif url is not None:
        query = (
            select(col(Post.account_id), col(Post.posted_ts))
            .join(PostUrl, col(PostUrl.post_pk) == col(Post.id))
            .where(col(PostUrl.url) == url)
            .order_by(col(Post.posted_ts))
            .limit(limit)
        )
    else:
        return []
    return [(account_id, ts) for account_id, ts in session.execute(query)]


def text_of_fingerprint(session: Session, fingerprint: str) -> str | None:
    """The text of the first post with this fingerprint (one copy of a copy-paste text)."""
    query = (
        select(col(Post.text))
        .where(col(Post.text_fp) == fingerprint)
        .order_by(col(Post.posted_ts))
        .limit(1)
    )
    return session.scalars(query).first()


def post_keys(session: Session, platform: str | None, post_id: str) -> PostKeys | None:
    """The keys of one post given by its platform id (any platform when `platform` is None)."""
    post = post_by_id(session, platform, post_id)
    if post is None or post.id is None:
        return None
    urls = session.scalars(select(col(PostUrl.url)).where(col(PostUrl.post_pk) == post.id))
    parent = post.repost_of_post_id or post.reply_to_post_id
    return PostKeys(
        post.account_id,
        post.posted_ts,
        post.text_fp,
        sorted(urls),
        f"{post.platform}:{parent}" if parent else None,
    )


def sample_post_times(session: Session, size: int = 5000) -> list[int]:
    """The posting times of about `size` posts spread evenly over the whole store.

    Posts are picked by evenly spaced primary keys (posts are numbered in the
    order they were loaded), so the sample costs `size` key look-ups however
    large the store is.
    """
    top = session.scalar(select(func.max(Post.id))) or 0
    if top == 0:
        return []
    step = max(1, top // size)
    ids = list(range(1 + step // 2, top + 1, step))
    times: list[int] = []
    for start in range(0, len(ids), CHUNK):
        query = select(col(Post.posted_ts)).where(col(Post.id).in_(ids[start : start + CHUNK]))
        times.extend(session.scalars(query))
    return times
