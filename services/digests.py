"""Digest content: what a channel's digest for a period lists, and its schedules' periods.

A digest lists the accounts that became active in the period and look
coordinated (detection.digest), with reviewer flags applied. Posting it, once
per (channel, period), is the scheduler's job (bot/scheduler.py); `/cib
digest` (handlers/digest.py) reads the schedule words and periods here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from detection.digest import Digest, build_digest
from detection.verdict import Level
from services.spreadsheet import csv_writer
from services.watchlist import mark_digest
from storage import digests as store_digests
from storage import queries, review
from storage.db import Store

DAY = 86400
#: Length of each kind of period, in seconds.
SPAN = {"hourly": 3600, "daily": DAY, "weekly": 7 * DAY}
#: Weekdays as schedules name them, Monday first (as `date.weekday()` counts).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class DigestOutcome:
    """What happened to one (channel, period)."""

    status: str  # posted | empty | skipped (already claimed) | busy (another sweep) | failed
    accounts: int = 0
    message_ts: str | None = None
    error: str | None = None  # also set on a posted digest whose full-list CSV failed
    busy_since: int | None = None  # busy: when the sweep in the way started


def digest_for(
    store: Store, start_ts: int, end_ts: int, min_level: Level = Level.SUSPICIOUS
) -> Digest:
    """The digest content for [start_ts, end_ts) on the latest sweep; listed accounts marked."""
    with store.session() as session:
        # Every scored account: flags applied below may lift some over the minimum.
        active = store_digests.newly_active(session, start_ts, end_ts, min_score=0.0)
        ids = [a.account.id for a in active if a.account.id is not None]
        labels = review.current_labels(session, ids)
        cluster_ids = sorted({a.score.cluster_id for a in active if a.score.cluster_id is not None})
        sizes = _cluster_sizes(session, cluster_ids)
        before = store_digests.cluster_sizes_before(session, cluster_ids, start_ts)
        confirmed = review.confirmed_per_cluster(session)
        digest = build_digest(start_ts, end_ts, active, labels, sizes, before, min_level, confirmed)
        mark_digest(session, digest)
    return digest


def _cluster_sizes(session: Session, cluster_ids: list[int]) -> dict[int, int]:
    sizes = {}
    for cid in cluster_ids:
        cluster = queries.cluster_by_id(session, cid)
        if cluster is not None:
            sizes[cid] = cluster.size
    return sizes


def digest_csv(digest: Digest) -> str:
    """The full list of a digest as CSV (attached when the message cannot hold it), defused."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["cluster_id", "account", "score", "verdict", "active_again", "evidence"])
    for group in digest.clusters:
        for account in group.accounts:
            writer.writerow(
                [
                    group.cluster_id or "",
                    account.label,
                    Decimal(f"{account.score:.3f}"),
                    str(account.level),
                    account.returning,
                    account.evidence,
                ]
            )
    return buffer.getvalue()


def period_start_for(store: Store, channel_id: str, end_ts: int, default_span: int) -> int:
    """A period starts where the channel's previous digest's word ended, else `default_span` before.

    A previous digest that stopped short of its period's end (posts not swept
    yet, storage.digests.covered_end) hands those posts on to this one.
    """
    with store.session() as session:
        previous = store_digests.last_run(session, channel_id)
    if previous is None:
        return end_ts - default_span
    covered = previous.covered_end_ts
    previous_end = previous.period_end_ts if covered is None else covered
    return previous_end if previous_end < end_ts else end_ts - default_span
