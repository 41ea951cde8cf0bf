"""Reads and writes the rest of the code needs, so SQL stays in storage.

Read functions take a Session and return models or plain tuples; the write
functions that replace sweep results or append flags run in the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import orjson
from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, col

from storage.db import insert_new
from storage.links import Target, platform_names, post_id_forms, post_url
from storage.models import (
    Account,
    AccountScore,
    CheckLog,
    Cluster,
    Flag,
    Post,
    PostUrl,
    ProcessedEvent,
    SweepRun,
)


def accounts_by_handle(session: Session, handle: str, platform: str | None) -> list[Account]:
    """Accounts whose handle is `handle` in any case, on `platform` (or an alias) or any platform."""
    query = select(Account).where(col(Account.handle_key) == handle.lower())
    if platform:
        query = query.where(col(Account.platform).in_(platform_names(platform)))
    # Sorted here: an ORDER BY makes SQLite walk a platform's accounts in index order.
    return sorted(session.scalars(query), key=lambda a: (a.platform, a.handle))


def accounts_by_label(session: Session, label: str) -> list[Account]:
    """The accounts a "platform:@handle" label names (as verdicts list them)."""
    platform, _, handle = label.partition(":@")
    if not handle:
        return []
    return accounts_by_handle(session, handle, platform or None)


def account_by_id(session: Session, account_id: int) -> Account | None:
    """The account with store id `account_id`."""
    return session.get(Account, account_id)


def post_by_id(session: Session, platform: str | None, post_id: str) -> Post | None:
    """A post by its platform id (any platform when `platform` is None)."""
    query = select(Post).where(col(Post.post_id) == post_id)
    if platform:
        query = query.where(col(Post.platform).in_(platform_names(platform)))
    return session.scalars(query.limit(1)).first()


#: Platforms whose post links name the page or channel, which exports write as its id.
_OWNER_IN_POST_ID = ("facebook", "telegram")
#: Replies followed up to a thread's first post when linking a comment.
MAX_THREAD = 20


def post_by_target(session: Session, target: Target) -> Post | None:
    """The stored post a post link names, under any id convention its platform's exports use.

    Tries `storage.links.post_id_forms` in one indexed look-up, the link's
    own form first; for Facebook pages and Telegram channels named in the
    link, the stored accounts of that name lend their ids.
    """
    owners: list[tuple[str, str | None]] = []
    if target.handle and target.platform in _OWNER_IN_POST_ID:
        owners = [
            (a.handle, a.author_id)
            for a in accounts_by_handle(session, target.handle, target.platform)
        ]
    forms = post_id_forms(target, owners)
    if not forms:
        return None
    query = select(Post).where(col(Post.post_id).in_(forms))
    if target.platform:
        query = query.where(col(Post.platform).in_(platform_names(target.platform)))
    found: dict[str, Post] = {}
    for post in session.scalars(query):
        found.setdefault(post.post_id, post)
    return next((found[form] for form in forms if form in found), None)


def post_link(session: Session, post: Post) -> str | None:
    """A link to a stored post on its platform (None when its id gives nothing to link).

    A comment is linked under its thread's first post (a Reddit submission,
    a YouTube video): replies are followed up, at most MAX_THREAD of them.
    """
    author = session.get(Account, post.account_id)
    root = None
    current = post
    for _ in range(MAX_THREAD):
        parent_id = current.reply_to_post_id
        if not parent_id:
            break
        root = parent_id
        parent = post_by_id(session, current.platform, parent_id)
        if parent is None:
            break
        current = parent
    return post_url(post.platform, post.post_id, author.handle if author else None, root)


def score_of(session: Session, account_id: int) -> AccountScore | None:
    """The last sweep's score row of an account, if it had any signal."""
    return session.get(AccountScore, account_id)


def cluster_by_id(session: Session, cluster_id: int) -> Cluster | None:
    """A cluster of the last sweep."""
    return session.get(Cluster, cluster_id)


def cluster_members(
    session: Session, cluster_id: int, limit: int | None = None
) -> list[tuple[Account, AccountScore]]:
    """Members of a cluster, highest score first."""
    query = (
        select(Account, AccountScore)
        .join(AccountScore, col(AccountScore.account_id) == col(Account.id))
        .where(col(AccountScore.cluster_id) == cluster_id)
        .order_by(col(AccountScore.score).desc(), col(Account.handle))
    )
    if limit:
        query = query.limit(limit)
    return [(a, s) for a, s in session.execute(query)]


def posts_with_url(session: Session, url: str, limit: int = 5000) -> list[tuple[Post, Account]]:
    """Posts carrying canonical `url`, oldest first, with their authors."""
    query = (
        select(Post, Account)
        .join(PostUrl, col(PostUrl.post_pk) == col(Post.id))
        .join(Account, col(Account.id) == col(Post.account_id))
        .where(col(PostUrl.url) == url)
        .order_by(col(Post.posted_ts))
        .limit(limit)
    )
    return [(p, a) for p, a in session.execute(query)]


def posts_with_fingerprint(
    session: Session, fp: str, limit: int = 5000
) -> list[tuple[Post, Account]]:
    """Posts whose text has fingerprint `fp`, oldest first, with their authors."""
    query = (
        select(Post, Account)
        .join(Account, col(Account.id) == col(Post.account_id))
        .where(col(Post.text_fp) == fp)
        .order_by(col(Post.posted_ts))
        .limit(limit)
    )
    return [(p, a) for p, a in session.execute(query)]


def scores_of(session: Session, account_ids: Iterable[int]) -> dict[int, AccountScore]:
    """Score rows of several accounts."""
    ids = list(set(account_ids))
    found: dict[int, AccountScore] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in session.scalars(
            select(AccountScore).where(col(AccountScore.account_id).in_(chunk))
        ):
            found[row.account_id] = row
    return found


def flags_of(session: Session, account_ids: Iterable[int]) -> list[Flag]:
    """Every flag on these accounts, newest first (the full history; current decisions: storage.review)."""
    ids = list(set(account_ids))
    if not ids:
        return []
    query = (
        select(Flag)
        .where(col(Flag.account_id).in_(ids))
        .order_by(col(Flag.created_ts).desc(), col(Flag.id).desc())
    )
    return list(session.scalars(query))


def last_sweep(session: Session) -> SweepRun | None:
    """The most recent finished sweep."""
    query = (
        select(SweepRun)
        .where(col(SweepRun.finished_ts).is_not(None))
        .order_by(col(SweepRun.id).desc())
    )
    return session.scalars(query.limit(1)).first()


def latest_ingest_ts(session: Session) -> int | None:
    """When the newest post was loaded."""
    return session.scalar(select(func.max(Post.ingested_ts)))


@dataclass
class ClusterRow:
    """A cluster as the sweep hands it over for storing."""

    key: int
    size: int
    platforms: dict[str, int]
    first_ts: int | None
    last_ts: int | None
    score: float
    features: dict[str, object]


@dataclass
class ScoreRow:
    """An account score as the sweep hands it over for storing."""

    account_id: int
    score: float
    verdict: str
    cluster_key: int | None
    evidence: list[dict[str, object]]


def replace_sweep_results(
    session: Session,
    clusters: list[ClusterRow],
    scores: list[ScoreRow],
    *,
    started_ts: int,
    finished_ts: int,
    max_pk: int,
    from_scratch: bool | None = None,
    new_posts: int | None = None,
) -> SweepRun:
    """Swap in a sweep's clusters and scores in one transaction; readers see old or new.

    Each cluster gets a new id (never one an earlier cluster had) and the new
    SweepRun's id as its `sweep_id`.
    """
    session.execute(delete(AccountScore))
    session.execute(delete(Cluster))
    run = SweepRun(
        started_ts=started_ts,
        finished_ts=finished_ts,
        max_post_pk=max_pk,
        accounts=len(scores),
        clusters=len(clusters),
        from_scratch=from_scratch,
        new_posts=new_posts,
    )
    session.add(run)
    session.flush()
    ids: dict[int, int] = {}
    for row in clusters:
        cluster = Cluster(
            sweep_id=run.id,
            size=row.size,
            platforms=",".join(f"{p}:{n}" for p, n in row.platforms.items()),
            first_ts=row.first_ts,
            last_ts=row.last_ts,
            score=row.score,
            features=orjson.dumps(row.features).decode(),
            swept_ts=finished_ts,
        )
        session.add(cluster)
        session.flush()
        assert cluster.id is not None
        ids[row.key] = cluster.id
    rows = [
        {
            "account_id": s.account_id,
            "score": s.score,
            "verdict": s.verdict,
            "cluster_id": ids.get(s.cluster_key) if s.cluster_key is not None else None,
            "evidence": orjson.dumps(s.evidence).decode(),
            "swept_ts": finished_ts,
        }
        for s in scores
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(AccountScore), rows[start : start + 5000])
    return run


class ScoredAccount(NamedTuple):
    """An account as the sweep CSV lists it: score, verdict and cluster None when the sweep
    found no signal."""

    account_id: int
    platform: str
    handle: str
    author_id: str | None
    score: float | None
    verdict: str | None
    cluster_id: int | None


def iter_scored_accounts(session: Session) -> Iterator[ScoredAccount]:
    """Every account with its score, verdict and cluster, by platform and handle.

    Plain rows, not model objects: the sweep CSV lists every account (125,000
    at a million generated posts), and loading two objects per account took
    most of its time.
    """
    query = (
        select(
            col(Account.id),
            col(Account.platform),
            col(Account.handle),
            col(Account.author_id),
            col(AccountScore.score),
            col(AccountScore.verdict),
            col(AccountScore.cluster_id),
        )
        .outerjoin(AccountScore, col(AccountScore.account_id) == col(Account.id))
        .order_by(col(Account.platform), col(Account.handle))
        .execution_options(yield_per=5000)
    )
    for row in session.execute(query):
        yield ScoredAccount(*row)


# ---------------------------------------------------------------------------
# Slack bot bookkeeping: processed events, the check log, health.
# ---------------------------------------------------------------------------


def claim_event(session: Session, event_id: str, received_ts: int) -> bool:
    """Record Slack event `event_id` as handled; False if it was already recorded.

    One INSERT ... ON CONFLICT DO NOTHING, so two bot replicas racing on the
    same redelivered event against one PostgreSQL (or SQLite) store cannot
    both win: exactly one sees True.
    """
    values = {"event_id": event_id[:64], "received_ts": received_ts}
    return insert_new(session, ProcessedEvent, ["event_id"], values) is not None


def prune_processed_events(session: Session, before_ts: int) -> int:
    """Forget event ids received before `before_ts` (Slack stops retrying after minutes)."""
    statement = delete(ProcessedEvent).where(col(ProcessedEvent.received_ts) < before_ts)
    result = session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def add_check_log(session: Session, entry: CheckLog) -> CheckLog:
    """Append one check to the log (who checked what, with which verdict)."""
    session.add(entry)
    session.flush()
    return entry


def recent_checks(session: Session, user_id: str, limit: int = 10) -> list[CheckLog]:
    """A user's latest checks, newest first."""
    query = (
        select(CheckLog)
        .where(col(CheckLog.user_id) == user_id)
        .order_by(col(CheckLog.created_ts).desc(), col(CheckLog.id).desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def ping(session: Session) -> None:
    """Run a trivial query: raises if the store cannot be reached."""
    session.execute(select(1))


def most_shared_urls(
    session: Session, account_ids: list[int], limit: int = 5
) -> list[tuple[str, int]]:
    """The canonical URLs these accounts shared most, with how many of their posts carry each."""
    if not account_ids:
        return []
    query = (
        select(col(PostUrl.url), func.count())
        .join(Post, col(Post.id) == col(PostUrl.post_pk))
        .where(col(Post.account_id).in_(account_ids))
        .group_by(col(PostUrl.url))
        .order_by(func.count().desc(), col(PostUrl.url))
        .limit(limit)
    )
    return [(url, n) for url, n in session.execute(query)]
