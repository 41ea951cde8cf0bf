"""Sweeps: score every account in the store and keep the results, and the sweep CSV.

`run_sweep` plans the sweep in detection (from scratch, or only what new
posts changed) and stores its results and kept state in one transaction;
`write_sweep_csv` writes one row per account with reviewer flags applied, as
`cibwatch check` shows them. The CLI, the scheduler (before each digest) and
the benchmarks call these.
"""

from __future__ import annotations

import csv
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from detection.flags import apply_flags
from detection.incremental import StageHook, SweepPlan, plan_sweep
from detection.sweep import DetectionConfig
from detection.verdict import Level
from storage import queries, review, sweepstate
from storage.db import Store, now_ts

log = logging.getLogger(__name__)

SWEEP_CSV_COLUMNS = ("platform", "author_handle", "author_id", "score", "verdict", "cluster_id")


@dataclass
class SweepSummary:
    """What a sweep did, for the CLI and logs."""

    accounts: int
    posts: int
    bursts: int
    clusters: int
    likely: int
    suspicious: int
    skipped: bool = False
    new_posts: int = 0  # posts swept for the first time
    from_scratch: bool = False
    redone_keys: int = 0  # keys whose bursts were found again
    seconds: dict[str, float] = field(default_factory=dict)  # per stage


def run_sweep(
    store: Store,
    config: DetectionConfig | None = None,
    *,
    force: bool = False,
    on_stage: StageHook | None = None,
) -> SweepSummary:
    """Sweep the posts that arrived since the last sweep (all posts with `force`) and store the results.

    Results and the sweep's kept state are stored in one transaction. When
    another sweep stores first, this one's results are dropped and the summary
    says it was skipped. `on_stage` is told each stage as it ends (name,
    seconds), storing the results last.
    """
    config = config or DetectionConfig()
    started = now_ts()
    with store.engine.connect() as conn:
        plan = plan_sweep(conn, config, force=force, on_stage=on_stage)
    if plan is None:
        with store.session() as session:
            previous = queries.last_sweep(session)
        return SweepSummary(
            previous.accounts if previous else 0, 0, 0, previous.clusters if previous else 0, 0, 0, skipped=True
        )
    try:
        write_started = time.perf_counter()
        _store_result(store, plan, started)
        stored = time.perf_counter() - write_started
        plan.seconds["store"] = round(stored, 2)
        if on_stage is not None:
            on_stage("store", stored)
    except SweepConflict:
        log.info("sweep dropped: another sweep stored its results first")
        return SweepSummary(len(plan.accounts), 0, 0, len(plan.result.clusters), 0, 0, skipped=True)
    log.info(
        "swept %s new posts (%s): %s",
        plan.new_posts,
        "from scratch" if plan.from_scratch else "incremental",
        ", ".join(f"{stage} {s:.1f} s" for stage, s in plan.seconds.items()),
    )
    levels = [r.level for r in plan.result.accounts.values()]
    return SweepSummary(
        accounts=len(plan.accounts),
        posts=plan.state.posts,
        bursts=plan.result.bursts,
        clusters=len(plan.result.clusters),
        likely=levels.count(Level.LIKELY),
        suspicious=levels.count(Level.SUSPICIOUS),
        new_posts=plan.new_posts,
        from_scratch=plan.from_scratch,
        redone_keys=plan.redone_keys,
        seconds=plan.seconds,
    )


class SweepConflict(Exception):
    """Another sweep stored its state first; this one's work is dropped."""


def _store_plan(conn: Connection, plan: SweepPlan) -> None:
    """Write the sweep's kept state in the caller's transaction (the results go beside it)."""
    if not sweepstate.claim_state(conn, plan.previous, plan.state):
        raise SweepConflict("another sweep finished first; its results stand")
    if plan.from_scratch:
        sweepstate.clear_state(conn)
    sweepstate.write_groups(conn, plan.groups, plan.cores, plan.bands, plan.merged)
    sweepstate.write_tag_users(conn, plan.tag_users)
    sweepstate.replace_keys(conn, plan.drop_keys, plan.keys)


def _store_result(store: Store, plan: SweepPlan, started: int) -> None:
    result, account_ids = plan.result, plan.accounts.ids
    clusters = [
        queries.ClusterRow(
            key=c.index,
            size=len(c.members),
            platforms=c.features.platforms,
            first_ts=c.features.first_ts,
            last_ts=c.features.last_ts,
            score=c.score,
            features=asdict(c.features),
        )
        for c in result.clusters
    ]
    scores = [
        queries.ScoreRow(
            account_id=account_ids[r.account],
            score=r.score,
            verdict=str(r.level),
            cluster_key=r.cluster,
            evidence=[asdict(e) for e in r.evidence],
        )
        for r in result.accounts.values()
    ]
    with store.session() as session:
        _store_plan(session.connection(), plan)
        queries.replace_sweep_results(
            session,
            clusters,
            scores,
            started_ts=started,
            finished_ts=now_ts(),
            max_pk=result.max_post_pk,
            from_scratch=plan.from_scratch,
            new_posts=plan.new_posts,
        )


def write_sweep_csv(store: Store, path: Path) -> int:
    """Write one row per account (SWEEP_CSV_COLUMNS), flags applied; returns the row count.

    Flags count as in `cibwatch check` (detection.flags.apply_flags): the
    account's current decision, and the lift from confirmed members of its
    cluster, so the CSV and checks agree.
    """
    rows = 0
    with store.session() as session, open(path, "w", newline="", encoding="utf-8") as handle:
        labels = review.current_labels(session)
        confirmed = review.confirmed_per_cluster(session)
        writer = csv.writer(handle)
        writer.writerow(SWEEP_CSV_COLUMNS)
        for account, score in queries.iter_accounts_with_scores(session):
            assert account.id is not None
            cluster_id = score.cluster_id if score else None
            flagged = apply_flags(
                score.score if score else 0.0, labels.get(account.id), cluster_id, confirmed
            )
            writer.writerow(
                (
                    account.platform,
                    account.handle,
                    account.author_id or "",
                    f"{flagged.score:.3f}",
                    str(flagged.level),
                    cluster_id if cluster_id is not None else "",
                )
            )
            rows += 1
    return rows
