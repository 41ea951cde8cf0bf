"""Digest services: what a channel's digest for a period contains, and posting it once.

The scheduler (bot/scheduler.py) and `/cib digest now` both call
`post_digest`, which claims the (channel, period) in the database before
posting, so restarts, retries and several replicas never post it twice.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services import run_sweep
from detection.digest import Digest, build_digest
from detection.sweep import DetectionConfig
from detection.verdict import Level
from handlers.digest_cards import digest_blocks, digest_text
from storage import digests as store_digests
from storage import review
from storage.db import Store, now_ts

log = logging.getLogger(__name__)

DAY = 86400


@dataclass
class DigestOutcome:
    """What happened to one (channel, period)."""

    status: str  # posted | empty | skipped (already claimed) | failed
    accounts: int = 0
    message_ts: str | None = None
    error: str | None = None


def digest_for(
    store: Store, start_ts: int, end_ts: int, min_level: Level = Level.SUSPICIOUS
) -> Digest:
    """The digest content for [start_ts, end_ts) on the latest sweep."""
    with store.session() as session:
        # Every scored account: flags applied below may lift some over the minimum.
        active = store_digests.newly_active(session, start_ts, end_ts, min_score=0.0)
        ids = [a.account.id for a in active if a.account.id is not None]
        labels = store_digests.latest_labels(session, ids)
        cluster_ids = sorted({a.score.cluster_id for a in active if a.score.cluster_id is not None})
        sizes = _cluster_sizes(session, cluster_ids)
        before = store_digests.cluster_sizes_before(session, cluster_ids, start_ts)
        confirmed = review.confirmed_per_cluster(session)
    return build_digest(start_ts, end_ts, active, labels, sizes, before, min_level, confirmed)


def _cluster_sizes(session, cluster_ids: list[int]) -> dict[int, int]:  # type: ignore[no-untyped-def]
    from storage.queries import cluster_by_id

    sizes = {}
    for cid in cluster_ids:
        cluster = cluster_by_id(session, cid)
        if cluster is not None:
            sizes[cid] = cluster.size
    return sizes


def digest_csv(digest: Digest) -> str:
    """The full list of a digest as CSV (attached when the message cannot hold it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["cluster_id", "account", "score", "verdict", "active_again", "evidence"])
    for group in digest.clusters:
        for account in group.accounts:
            writer.writerow(
                [
                    group.cluster_id or "",
                    account.label,
                    f"{account.score:.3f}",
                    str(account.level),
                    account.returning,
                    account.evidence,
                ]
            )
    return buffer.getvalue()


def period_start_for(store: Store, channel_id: str, end_ts: int, default_span: int) -> int:
    """A period starts where the channel's previous digest ended, else `default_span` before."""
    with store.session() as session:
        previous = store_digests.last_run(session, channel_id)
    if previous is not None and previous.period_end_ts < end_ts:
        return previous.period_end_ts
    return end_ts - default_span


def post_digest(
    store: Store,
    client: WebClient,
    channel_id: str,
    end_ts: int,
    *,
    default_span: int = DAY,
    min_level: Level = Level.SUSPICIOUS,
    post_when_empty: bool = True,
    config: DetectionConfig | None = None,
) -> DigestOutcome:
    """Post the channel's digest for the period ending at `end_ts`, exactly once."""
    start_ts = period_start_for(store, channel_id, end_ts, default_span)
    with store.session() as session:
        run = store_digests.claim_period(session, channel_id, start_ts, end_ts, now_ts())
        run_id = run.id if run else None
    if run_id is None:
        log.info("digest for %s ending %s already claimed; not posting again", channel_id, end_ts)
        return DigestOutcome("skipped")
    # The newest data: sweep first when posts arrived since the last sweep.
    run_sweep(store, config)
    digest = digest_for(store, start_ts, end_ts, min_level)
    outcome = DigestOutcome("empty" if digest.empty else "posted", digest.account_count)
    try:
        if not digest.empty or post_when_empty:
            response = client.chat_postMessage(
                channel=channel_id, text=digest_text(digest), blocks=digest_blocks(digest)
            )
            outcome.message_ts = response.get("ts")
            if digest.account_count > 40:
                client.files_upload_v2(
                    channel=channel_id,
                    thread_ts=outcome.message_ts,
                    content=digest_csv(digest),
                    filename="cibwatch-digest.csv",
                    title="Full digest",
                )
    except SlackApiError as exc:
        outcome = DigestOutcome(
            "failed", digest.account_count, error=str(exc.response.get("error"))
        )
        log.warning("digest for %s failed: %s", channel_id, outcome.error)
    with store.session() as session:
        store_digests.finish_run(
            session, run_id, outcome.status, outcome.accounts, outcome.message_ts, outcome.error
        )
    return outcome
