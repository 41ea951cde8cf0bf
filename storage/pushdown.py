"""Keys shared by two or more accounts in one time bucket, grouped by the database.

The first question of every co-action signal is "which accounts posted the
same text, link or repost target close together?". A sweep answers it in
Python after reading every post (storage/sweepdata.py, detection/sweep.py's
`keyed_posts`). Here one GROUP BY answers it where the posts are, so only the
shared keys travel to Python: the step that lets a store outgrow one
machine's memory (README, "Past one machine").

Keys are named as the sweep names them: the exact text fingerprint, the
canonical URL, and "rp platform:post" / "re platform:post" for reposts and
replies. Buckets are `posted_ts // bucket_seconds` (epoch seconds, so never
negative: integer division truncates and floors alike).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from sqlalchemy import Connection, distinct, func, literal, select, union_all

from storage.models import Post, PostUrl

_post = Post.__table__  # type: ignore[attr-defined]
_url = PostUrl.__table__  # type: ignore[attr-defined]

#: The longest burst span of any channel (copy-paste texts, one hour).
BUCKET_SECONDS = 3600
FETCH_ROWS = 20_000

TEXT, URL, REPOST = "text", "url", "repost"


class SharedKey(NamedTuple):
    """A key that two or more accounts acted on inside one time bucket."""

    channel: str  # TEXT, URL or REPOST
    key: str
    bucket: int  # posted_ts // bucket_seconds
    accounts: frozenset[int]  # account store ids


def shared_keys(conn: Connection, bucket_seconds: int = BUCKET_SECONDS) -> Iterator[SharedKey]:
    """Every (channel, key, bucket) with at least two distinct accounts, streamed from one query.

    The database reads each post once and sends one row per shared key and
    bucket; on PostgreSQL the accounts come as an array, on SQLite as a
    comma-separated list.
    """
    p, u = _post, _url
    bucket = p.c.posted_ts // bucket_seconds
    target = p.c.platform + literal(":")
    actions = union_all(
        select(
            literal(TEXT).label("channel"),
            p.c.text_fp.label("key"),
            bucket.label("bucket"),
            p.c.account_id,
        ).where(p.c.text_fp.is_not(None)),
        select(literal(URL), u.c.url, bucket, p.c.account_id).join_from(
            u, p, p.c.id == u.c.post_pk
        ),
        select(
            literal(REPOST), literal("rp ") + target + p.c.repost_of_post_id, bucket, p.c.account_id
        ).where(p.c.repost_of_post_id != ""),
        select(
            literal(REPOST), literal("re ") + target + p.c.reply_to_post_id, bucket, p.c.account_id
        ).where(p.c.reply_to_post_id != ""),
    ).subquery("action")
    account = distinct(actions.c.account_id)
    postgres = conn.dialect.name == "postgresql"
    query = (
        select(
            actions.c.channel,
            actions.c.key,
            actions.c.bucket,
            func.array_agg(account) if postgres else func.group_concat(account),
        )
        .group_by(actions.c.channel, actions.c.key, actions.c.bucket)
        .having(func.count(account) >= 2)
    )
    for channel, key, bucket_no, accounts in conn.execution_options(yield_per=FETCH_ROWS).execute(
        query
    ):
        ids = accounts if postgres else map(int, accounts.split(","))
        yield SharedKey(channel, key, bucket_no, frozenset(ids))
