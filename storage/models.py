"""SQLModel tables of the store: one model per table.

Times are stored as integer UTC epoch seconds (`*_ts`): they compare and index
the same on SQLite and PostgreSQL and read back without parsing, which matters
when a sweep scans a million posts.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    """An account on one platform, identified by (platform, handle) exactly as the data gives them.

    Look-ups from what users type are case-insensitive, through `handle_key`.
    """

    __table_args__ = (UniqueConstraint("platform", "handle", name="uq_account_platform_handle"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    handle: str = Field(max_length=200)
    handle_key: str = Field(max_length=200, index=True)  # lower-case, for look-ups
    author_id: str | None = Field(default=None, max_length=200)
    created_ts: int | None = Field(default=None, sa_type=BigInteger)
    first_post_ts: int | None = Field(default=None, sa_type=BigInteger)
    last_post_ts: int | None = Field(default=None, sa_type=BigInteger)
    first_ingested_ts: int | None = Field(default=None, sa_type=BigInteger)
    post_count: int = Field(default=0)


class Post(SQLModel, table=True):
    """One collected post, unique on (platform, post_id)."""

    __table_args__ = (
        UniqueConstraint("platform", "post_id", name="uq_post_platform_post_id"),
        Index("ix_post_account_ts", "account_id", "posted_ts"),
        Index("ix_post_fingerprint_ts", "text_fp", "posted_ts"),
        # "who reposted or replied to this post": an incremental sweep's look-ups.
        Index("ix_post_repost_of", "repost_of_post_id"),
        Index("ix_post_reply_to", "reply_to_post_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    post_id: str = Field(max_length=200)
    account_id: int = Field(foreign_key="account.id")
    posted_ts: int = Field(sa_type=BigInteger)
    ingested_ts: int = Field(sa_type=BigInteger, index=True)
    text: str | None = Field(default=None, sa_column=Column(Text))
    text_fp: str | None = Field(default=None, max_length=32)
    lang: str | None = Field(default=None, max_length=16)
    reply_to_post_id: str | None = Field(default=None, max_length=200)
    repost_of_post_id: str | None = Field(default=None, max_length=200)
    quoted_post_id: str | None = Field(default=None, max_length=200)


class PostUrl(SQLModel, table=True):
    """A canonical URL carried by a post (one row per distinct URL in the post).

    The key starts with the URL, so "who shared this link" is one index range.
    """

    __table_args__ = (Index("ix_posturl_post", "post_pk"),)

    url: str = Field(max_length=2048, primary_key=True)
    post_pk: int = Field(foreign_key="post.id", primary_key=True)


class PostHashtag(SQLModel, table=True):
    """A hashtag of a post, lower-cased without the leading '#'.

    The key starts with the tag ("who used this tag"); `ix_posthashtag_post`
    serves "the tags of these posts", which an incremental sweep asks of its
    new posts: without it that read scans every tag of the store.
    """

    __table_args__ = (Index("ix_posthashtag_post", "post_pk"),)

    tag: str = Field(max_length=200, primary_key=True)
    post_pk: int = Field(foreign_key="post.id", primary_key=True)


class Flag(SQLModel, table=True):
    """A reviewer's decision on an account. Never updated or deleted: history."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    label: str = Field(max_length=16)  # coordinated | benign | watch | cleared
    reason: str = Field(default="", sa_column=Column(Text))
    evidence_url: str | None = Field(default=None, max_length=2048)
    reviewer: str = Field(max_length=64)
    channel: str | None = Field(default=None, max_length=64)
    created_ts: int = Field(sa_type=BigInteger, index=True)


class Cluster(SQLModel, table=True):
    """A coordination cluster found by the last sweep.

    Ids are never reused (AUTOINCREMENT on SQLite, a sequence on PostgreSQL),
    so an id a reviewer saw names that sweep's cluster or nothing at all;
    `sweep_id` is the SweepRun that found it.
    """

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    sweep_id: int | None = Field(default=None)
    size: int
    platforms: str = Field(default="", max_length=400)  # comma separated
    first_ts: int | None = Field(default=None, sa_type=BigInteger)
    last_ts: int | None = Field(default=None, sa_type=BigInteger)
    score: float = 0.0
    features: str = Field(default="{}", sa_column=Column(Text))  # JSON
    swept_ts: int = Field(sa_type=BigInteger)


class AccountScore(SQLModel, table=True):
    """The last sweep's verdict on an account, with its evidence (JSON)."""

    account_id: int = Field(foreign_key="account.id", primary_key=True)
    score: float = Field(index=True)
    verdict: str = Field(max_length=32)
    cluster_id: int | None = Field(default=None, index=True)
    evidence: str = Field(default="[]", sa_column=Column(Text))  # JSON list of Evidence
    swept_ts: int = Field(sa_type=BigInteger)


class SweepRun(SQLModel, table=True):
    """One sweep: up to which post it covered, when, and what it found."""

    id: int | None = Field(default=None, primary_key=True)
    started_ts: int = Field(sa_type=BigInteger)
    finished_ts: int | None = Field(default=None, sa_type=BigInteger)
    max_post_pk: int = Field(default=0, sa_type=BigInteger)
    accounts: int = 0
    clusters: int = 0
    # How it ran (None for sweeps stored before these were kept): from scratch
    # or only what new posts changed, and how many posts it swept for the first time.
    from_scratch: bool | None = None
    new_posts: int | None = Field(default=None, sa_type=BigInteger)


class SweepLease(SQLModel, table=True):
    """Who is sweeping the store now: one row per lease name, held until `expires_ts`.

    A lease, not a lock: a process that dies holding it loses it when it
    expires, and a running sweep renews it well before then.
    """

    name: str = Field(primary_key=True, max_length=32)
    holder: str | None = Field(default=None, max_length=64)
    acquired_ts: int = Field(default=0, sa_type=BigInteger)
    expires_ts: int = Field(default=0, sa_type=BigInteger)


class DigestSubscription(SQLModel, table=True):
    """A channel's digest schedule."""

    channel_id: str = Field(primary_key=True, max_length=64)
    frequency: str = Field(max_length=16)  # hourly | daily | weekly
    at_time: str = Field(default="09:00", max_length=5)  # HH:MM
    weekday: str = Field(default="mon", max_length=3)
    timezone: str = Field(default="UTC", max_length=64)
    min_verdict: str = Field(default="Suspicious", max_length=32)
    post_when_empty: bool = True
    created_by: str = Field(default="", max_length=64)
    created_ts: int = Field(sa_type=BigInteger)


class DigestRun(SQLModel, table=True):
    """A claimed (channel, period): the unique row makes a digest post exactly once."""

    __table_args__ = (UniqueConstraint("channel_id", "period_end_ts", name="uq_digest_period"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(max_length=64, index=True)
    period_start_ts: int = Field(sa_type=BigInteger)
    period_end_ts: int = Field(sa_type=BigInteger)
    status: str = Field(default="claimed", max_length=16)  # claimed | posted | failed
    attempts: int = 0
    message_ts: str | None = Field(default=None, max_length=32)
    accounts: int = 0
    error: str | None = Field(default=None, sa_column=Column(Text))
    claimed_ts: int = Field(sa_type=BigInteger)
    # Where the digest's word ends: before period_end_ts when posts loaded in the
    # period were not swept yet (they go to the next period). None: stored before this was kept.
    covered_end_ts: int | None = Field(default=None, sa_type=BigInteger)


class FlagRequest(SQLModel, table=True):
    """A Slack request that recorded decisions: a replay of it records nothing more.

    `key` is a digest of the request's trigger id, the user, the target and
    the label; it is claimed in the same transaction as the flags.
    """

    key: str = Field(primary_key=True, max_length=64)
    created_ts: int = Field(sa_type=BigInteger)


class ProcessedEvent(SQLModel, table=True):
    """Slack event ids already handled, so a redelivered event is answered once."""

    event_id: str = Field(primary_key=True, max_length=64)
    received_ts: int = Field(sa_type=BigInteger)


class CheckLog(SQLModel, table=True):
    """Who checked what and when, for the App Home's recent checks."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=64, index=True)
    target: str = Field(max_length=2048)
    verdict: str = Field(max_length=32)
    score: float = 0.0
    created_ts: int = Field(sa_type=BigInteger)


class ButtonValue(SQLModel, table=True):
    """What a card's button carries when it is longer than Slack's 2,000 characters.

    The button then carries only `key` (a digest of `value`): the same value
    always has the same key, so keeping it twice is one row.
    """

    key: str = Field(primary_key=True, max_length=32)
    value: str = Field(sa_column=Column(Text, nullable=False))
    created_ts: int = Field(sa_type=BigInteger)


class LinkCache(SQLModel, table=True):
    """What fetching a pasted link told us, so each URL is fetched once."""

    url: str = Field(primary_key=True, max_length=2048)
    resolved_url: str | None = Field(default=None, max_length=2048)
    title: str | None = Field(default=None, max_length=1000)
    error: str | None = Field(default=None, max_length=400)
    fetched_ts: int = Field(sa_type=BigInteger)


class TextGroup(SQLModel, table=True):
    """The sweep's near-duplicate group of each text fingerprint it has seen.

    `grp` is the smallest fingerprint of the group; `core` the normalised text,
    which a later sweep compares new texts with.
    """

    fp: str = Field(primary_key=True, max_length=32)
    grp: str = Field(max_length=32, index=True)
    core: str = Field(default="", sa_column=Column(Text))


class TextBand(SQLModel, table=True):
    """A block a fingerprint's text is stored in (detection/neardup.py): texts are
    compared with the texts in the blocks they look up."""

    band: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    fp: str = Field(primary_key=True, max_length=32)


class SweepKey(SQLModel, table=True):
    """A key (text group, link, repost target, hashtag) with its surprising bursts.

    Only keys that burst are kept. `bursts` is JSON: [[start, end, [post ids],
    [account ids]], ...]; `owners` is JSON {account id: posts on the key}.
    """

    channel: str = Field(primary_key=True, max_length=16)
    key_hash: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    key: str = Field(sa_column=Column(Text, nullable=False))
    key_posts: int = 0
    key_burst_share: float = 0.0
    bursts: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    owners: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class TagCount(SQLModel, table=True):
    """How many distinct accounts used a hashtag, as of the last sweep."""

    tag: str = Field(primary_key=True, max_length=200)
    accounts: int = 0


class SweepState(SQLModel, table=True):
    """What the stored sweep state covers (one row): posts up to `max_post_pk`."""

    id: int = Field(default=1, primary_key=True)
    max_post_pk: int = Field(default=0, sa_type=BigInteger)
    operator_zone: str = Field(default="", max_length=64)
    common_tag_accounts: int = 0
    posts: int = Field(default=0, sa_type=BigInteger)
    posts_in_shift: int = Field(default=0, sa_type=BigInteger)
    version: int = 1


class WatchSource(SQLModel, table=True):
    """An imported list of published indicators (a takedown report's), under the name analysts gave it."""

    name: str = Field(primary_key=True, max_length=200)
    file: str = Field(default="", max_length=1000)  # the file's name, as imported
    indicators: int = 0
    rejected: int = 0
    imported_ts: int = Field(sa_type=BigInteger)


class WatchIndicator(SQLModel, table=True):
    """One published indicator of a source: what checks match (`kind`, `platform`, `key`) and
    what the report says (the indicator as published, its tactic, technique, procedure, note).

    `key` is a lower-case handle, a post id, a host or a canonical URL, by `kind`
    (storage.indicators); `platform` is "" when an account is listed on no platform.
    A source lists each (kind, platform, key) once: the reader drops repeats (a
    unique constraint over a 2,048-character key would pass PostgreSQL's index
    row limit).
    """

    __table_args__ = (Index("ix_watchindicator_kind_key", "kind", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(foreign_key="watchsource.name", max_length=200, index=True)
    kind: str = Field(max_length=16)  # account | post | domain | link
    platform: str = Field(default="", max_length=32)
    key: str = Field(max_length=2048)
    published: str = Field(sa_column=Column(Text, nullable=False))
    line: int = 0
    tactic: str = Field(default="", max_length=400)
    technique: str = Field(default="", max_length=400)
    procedure: str = Field(default="", max_length=400)
    note: str = Field(default="", max_length=400)
