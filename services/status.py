"""The state of a store at a glance: what it holds, when it was loaded and swept, who gets digests,
which published indicator lists it matches.

`store_status` gathers it in one session for `cibwatch status`. Each part is
its own field, so a feature that keeps more in the store (watchlist sources,
for one) adds a field and a line in the CLI's rendering, and nothing else moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from storage import digests as store_digests
from storage import queries
from storage.db import Store, now_ts
from storage.leases import SWEEP_LEASE, LeaseHold, lease_holder
from storage.models import DigestSubscription, SweepRun
from storage.overview import StoreCounts, posts_after, store_counts
from storage.watchlist import sources as watch_sources


@dataclass
class SweepRecord:
    """The last finished sweep: when, how long, how it ran and what it found."""

    started_ts: int
    finished_ts: int
    seconds: int  # whole seconds, as the store keeps times
    from_scratch: bool | None  # None: stored before sweeps kept how they ran
    new_posts: int | None  # posts it swept for the first time
    accounts: int  # accounts it found some signal on
    clusters: int


@dataclass
class DigestChannel:
    """A channel subscribed to digests, and the end of the last period it was sent."""

    subscription: DigestSubscription
    last_period_end_ts: int | None


@dataclass
class WatchSourceRecord:
    """An imported indicator source: its name, how many indicators it holds, when it came."""

    name: str
    indicators: int
    imported_ts: int


@dataclass
class StoreStatus:
    """What `cibwatch status` reports about one store."""

    counts: StoreCounts
    last_ingest_ts: int | None
    last_sweep: SweepRecord | None
    unswept_posts: int  # stored since the last sweep (all posts when none ran)
    digests: list[DigestChannel] = field(default_factory=list)
    watchlist: list[WatchSourceRecord] = field(default_factory=list)  # most recent first
    sweep_running: LeaseHold | None = None  # who is sweeping now, since when


def store_status(store: Store) -> StoreStatus:
    """Counts, the last ingest and sweep, the digest subscriptions and watchlist sources of `store`."""
    with store.session() as session:
        counts = store_counts(session)
        last_ingest = queries.latest_ingest_ts(session)
        run = queries.last_sweep(session)
        unswept = _posts_since(session, run)
        channels = [
            DigestChannel(sub, _last_period_end(session, sub.channel_id))
            for sub in store_digests.all_subscriptions(session)
        ]
        watchlist = [
            WatchSourceRecord(source.name, source.indicators, source.imported_ts)
            for source in watch_sources(session)
        ]
        running = lease_holder(session, SWEEP_LEASE, now_ts())
    sweep = None
    if run is not None and run.finished_ts is not None:
        sweep = SweepRecord(
            started_ts=run.started_ts,
            finished_ts=run.finished_ts,
            seconds=run.finished_ts - run.started_ts,
            from_scratch=run.from_scratch,
            new_posts=run.new_posts,
            accounts=run.accounts,
            clusters=run.clusters,
        )
    return StoreStatus(counts, last_ingest, sweep, unswept, channels, watchlist, running)


def _last_period_end(session: Session, channel_id: str) -> int | None:
    last = store_digests.last_run(session, channel_id)
    return last.period_end_ts if last else None


def unswept_posts(store: Store) -> int:
    """Posts stored since the last sweep (all of them when none ran): what checks do not count yet."""
    with store.session() as session:
        return _posts_since(session, queries.last_sweep(session))


def _posts_since(session: Session, run: SweepRun | None) -> int:
    return posts_after(session, run.max_post_pk if run else 0)
