"""Digest storage: subscriptions, the exactly-once claim of a period, and "newly active".

"New" is measured by when the store learned of a post (ingest time), not when
it was posted: analysts load exports of old posts, and a digest reports what
the team has not seen yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, update
from sqlmodel import Session, col

from storage.db import insert_new
from storage.models import Account, AccountScore, DigestRun, DigestSubscription, Post
from storage.queries import last_sweep

#: A gap in posting (post time) this long before posts that arrive in the
#: period makes an account "newly active" again.
QUIET_SPELL = 21 * 86400
#: A claim still unfinished after this long was left by a process that died
#: (a digest waits at most half an hour for a running sweep, then posts in
#: seconds): it may be claimed again.
STALE_CLAIM = 2 * 3600


@dataclass
class NewlyActive:
    """An account that became active in a digest period, with its last sweep score."""

    account: Account
    score: AccountScore
    first_new_post_ts: int
    returning: bool  # True when it ended a quiet spell rather than appeared for the first time


def get_subscription(session: Session, channel_id: str) -> DigestSubscription | None:
    """The channel's digest subscription, if any."""
    return session.get(DigestSubscription, channel_id)


def save_subscription(session: Session, subscription: DigestSubscription) -> DigestSubscription:
    """Create or replace a channel's subscription."""
    merged = session.merge(subscription)
    session.flush()
    return merged


def delete_subscription(session: Session, channel_id: str) -> bool:
    """Remove a channel's subscription; False when it had none."""
    found = session.get(DigestSubscription, channel_id)
    if found is None:
        return False
    session.delete(found)
    session.flush()
    return True


def all_subscriptions(session: Session) -> list[DigestSubscription]:
    """Every channel's subscription."""
    return list(
        session.scalars(select(DigestSubscription).order_by(col(DigestSubscription.channel_id)))
    )


def last_run(session: Session, channel_id: str) -> DigestRun | None:
    """The channel's latest digest run that was posted (or had nothing to post)."""
    query = (
        select(DigestRun)
        .where(
            col(DigestRun.channel_id) == channel_id, col(DigestRun.status).in_(["posted", "empty"])
        )
        .order_by(col(DigestRun.period_end_ts).desc())
        .limit(1)
    )
    return session.scalars(query).first()


def claim_period(
    session: Session, channel_id: str, start_ts: int, end_ts: int, now: int
) -> DigestRun | None:
    """Claim (channel, period) for posting; None when someone already has it.

    Safe across processes and replicas sharing one database, with no read
    before the write: a run that failed (or a claim left STALE_CLAIM ago by a
    process that died) is claimed again by one conditional UPDATE, which only
    one of two racing replicas can win (PostgreSQL re-checks the condition
    after the other's row lock; SQLite runs one writer at a time); otherwise
    the period is claimed by an INSERT ... ON CONFLICT DO NOTHING on the
    unique (channel_id, period_end_ts).
    """
    reclaimed = session.execute(
        update(DigestRun)
        .where(col(DigestRun.channel_id) == channel_id, col(DigestRun.period_end_ts) == end_ts)
        .where(
            or_(
                col(DigestRun.status) == "failed",
                and_(
                    col(DigestRun.status) == "claimed",
                    col(DigestRun.claimed_ts) < now - STALE_CLAIM,
                ),
            )
        )
        .values(status="claimed", attempts=DigestRun.attempts + 1, claimed_ts=now, error=None)
    )
    if reclaimed.rowcount == 1:  # type: ignore[attr-defined]
        return session.scalars(
            select(DigestRun).where(
                col(DigestRun.channel_id) == channel_id, col(DigestRun.period_end_ts) == end_ts
            )
        ).one()
    run_id = insert_new(
        session,
        DigestRun,
        ["channel_id", "period_end_ts"],
        {
            "channel_id": channel_id,
            "period_start_ts": start_ts,
            "period_end_ts": end_ts,
            "status": "claimed",
            "attempts": 1,
            "accounts": 0,
            "claimed_ts": now,
        },
        returning="id",
    )
    return None if run_id is None else session.get(DigestRun, run_id)


def newly_active(
    session: Session, start_ts: int, end_ts: int, min_score: float
) -> list[NewlyActive]:
    """Accounts scoring at least `min_score` that became active in [start_ts, end_ts).

    Active means: first posts arrived in the period, or posts arriving in the
    period end a quiet spell of QUIET_SPELL or more in post time.
    """
    arrivals = (
        select(col(Post.account_id), func.min(col(Post.posted_ts)).label("first_new"))
        .where(col(Post.ingested_ts) >= start_ts, col(Post.ingested_ts) < end_ts)
        .group_by(col(Post.account_id))
        .subquery()
    )
    query = (
        select(Account, AccountScore, arrivals.c.first_new)
        .join(arrivals, arrivals.c.account_id == col(Account.id))
        .join(AccountScore, col(AccountScore.account_id) == col(Account.id))
        .where(col(AccountScore.score) >= min_score)
        .order_by(col(AccountScore.score).desc())
    )
    found: list[NewlyActive] = []
    for account, score, first_new in session.execute(query):
        if account.first_ingested_ts is not None and account.first_ingested_ts >= start_ts:
            found.append(NewlyActive(account, score, first_new, returning=False))
            continue
        previous = session.scalar(
            select(func.max(col(Post.posted_ts))).where(
                col(Post.account_id) == account.id,
                col(Post.ingested_ts) < start_ts,
                col(Post.posted_ts) < first_new,
            )
        )
        if previous is None or first_new - previous >= QUIET_SPELL:
            found.append(NewlyActive(account, score, first_new, returning=previous is not None))
    return found


def covered_end(session: Session, start_ts: int, end_ts: int) -> int:
    """Up to when a digest of [start_ts, end_ts) can speak: the period's end, or sooner.

    Sooner when a post loaded before the end has not been seen by any
    finished sweep: its account's score does not count it yet, so the digest
    stops at that post's load time (never before `start_ts`) and leaves the
    rest to the next period. Reads the posts after the last sweep's newest
    one, by primary key.
    """
    swept = last_sweep(session)
    first_unswept = session.scalar(
        select(func.min(col(Post.ingested_ts))).where(col(Post.id) > (swept.max_post_pk if swept else 0))
    )
    if first_unswept is None:
        return end_ts
    return max(start_ts, min(end_ts, first_unswept))


def record_coverage(session: Session, run_id: int, covered_end_ts: int) -> None:
    """Record up to when a claimed run's digest speaks (the next period starts there)."""
    session.execute(
        update(DigestRun).where(col(DigestRun.id) == run_id).values(covered_end_ts=covered_end_ts)
    )


def cluster_sizes_before(session: Session, cluster_ids: list[int], start_ts: int) -> dict[int, int]:
    """How many of each cluster's members were known before `start_ts` (to tell growth)."""
    if not cluster_ids:
        return {}
    query = (
        select(col(AccountScore.cluster_id), func.count())
        .join(Account, col(Account.id) == col(AccountScore.account_id))
        .where(
            col(AccountScore.cluster_id).in_(cluster_ids), col(Account.first_ingested_ts) < start_ts
        )
        .group_by(col(AccountScore.cluster_id))
    )
    return {cid: n for cid, n in session.execute(query) if cid is not None}


def mark_posted(session: Session, run_id: int, accounts: int, message_ts: str | None) -> None:
    """Record that a claimed run's message is in the channel (before anything else can fail)."""
    session.execute(
        update(DigestRun)
        .where(col(DigestRun.id) == run_id)
        .values(status="posted", accounts=accounts, message_ts=message_ts)
    )


def finish_run(
    session: Session,
    run_id: int,
    status: str,
    accounts: int,
    message_ts: str | None,
    error: str | None,
) -> None:
    """Record how a claimed digest run ended (posted, empty or failed).

    A run already marked posted stays posted (its message is in the channel):
    a later failure, such as the CSV upload, only adds its error.
    """
    run = session.get(DigestRun, run_id)
    if run is None:
        return
    if run.status == "posted" and status != "posted":
        run.error = error
    else:
        run.status = status
        run.accounts = accounts
        run.message_ts = message_ts
        run.error = error
    session.flush()
