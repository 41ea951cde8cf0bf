"""Sweeps: score every account in the store and keep the results, and the sweep CSV.

`run_sweep` plans the sweep in detection (from scratch, or only what new
posts changed) and stores its results and kept state in one transaction;
`write_sweep_csv` writes one row per account with reviewer flags applied, as
`cibwatch check` shows them. The CLI, the sweep worker
(services.sweep_worker), the scheduler (before each digest, when the bot
sweeps itself) and the benchmarks call these; `wait_for_sweep` is for a
digest that leaves sweeping to a worker.

One sweep at a time runs per store: a sweep holds the store's "sweep" lease
(storage.leases) while it runs, so two replicas, or the CLI and the bot,
never sweep at once (a sweep of a million posts takes minutes and about
550 MB). Whoever finds the lease held waits (`wait`) or is told SweepBusy.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from detection.flags import apply_flags
from detection.incremental import StageHook, SweepPlan, plan_sweep
from detection.sweep import DetectionConfig
from detection.verdict import Level
from services.spreadsheet import csv_writer
from storage import leases, queries, review, sweepstate
from storage.db import Store, StoreBusy, StoreError, now_ts, work_failure

log = logging.getLogger(__name__)

SWEEP_CSV_COLUMNS = ("platform", "author_handle", "author_id", "score", "verdict", "cluster_id")

#: The store's lease a running sweep holds.
SWEEP_LEASE = leases.SWEEP_LEASE
#: A sweep's hold lasts this long unless renewed: a sweep that dies frees the store this late.
LEASE_SECONDS = 300
#: A running sweep renews its hold this often, far inside LEASE_SECONDS.
RENEW_EVERY_SECONDS = 60.0
#: A renewal that failed (the store locked past the wait, the server away) is tried again
#: this soon, the pause doubling up to RENEW_EVERY_SECONDS: with the wait of each try
#: (LOCK_WAIT, 30 s), about seven tries fit before the hold lapses.
RENEW_RETRY_SECONDS = 2.0
#: How long the end of a sweep waits for its renewer to finish a try in progress (seconds);
#: one still waiting for a lock is left behind (it finds the lease released and stops).
RENEWER_JOIN_SECONDS = 2.0
#: Whoever waits for a running sweep asks again this often.
WAIT_POLL_SECONDS = 2.0


class LeaseLost(StoreError):
    """The sweep could not keep its lease, so it stopped before storing anything."""


class SweepBusy(Exception):
    """Another sweep of this store is running (in this process or any other)."""

    def __init__(self, since_ts: int | None) -> None:
        super().__init__("another sweep of this store is running")
        self.since_ts = since_ts  # when it started, if known


def _holder_name() -> str:
    """Who holds the lease, for logs and for a human looking at the table."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@contextmanager
def sweep_lease(store: Store, *, wait: float = 0.0) -> Iterator[LeaseKeeper]:
    """Hold the store's sweep lease for the block, renewing it; SweepBusy if not free within `wait` s.

    The block is given the `LeaseKeeper`: its `check()` raises LeaseLost once
    the hold is lost. On the way out the lease is released; if the store
    will not take even that, the hold lapses by itself at its expiry.
    """
    holder = _holder_name()
    deadline = time.monotonic() + wait
    # Released on any way out once taken, also when Ctrl-C lands between the
    # lease's commit and the keeper's start (the store shows the hold at once).
    taken = False
    keeper: LeaseKeeper | None = None
    try:
        while True:
            with store.session() as session:
                taken_at = now_ts()
                taken = leases.take_lease(session, SWEEP_LEASE, holder, taken_at, LEASE_SECONDS)
                if taken:
                    break
            with store.session() as session:
                current = leases.lease_holder(session, SWEEP_LEASE, now_ts())
            left = deadline - time.monotonic()
            if left <= 0:
                raise SweepBusy(current.since_ts if current else None)
            time.sleep(min(WAIT_POLL_SECONDS, left))
        keeper = LeaseKeeper(store, holder, expires_ts=taken_at + LEASE_SECONDS)
        keeper.start()
        yield keeper
    finally:
        if keeper is not None:
            keeper.stop()
        if taken:
            _release(store, holder, keeper.expires_ts if keeper else taken_at + LEASE_SECONDS)


def _release(store: Store, holder: str, expires_ts: int) -> None:
    """Give the lease up; a store that will not take the write is one log line, not an error
    (the sweep's own outcome is what the caller must hear), and the hold lapses at its expiry."""
    try:
        with store.session() as session:
            leases.release_lease(session, SWEEP_LEASE, holder)
    except (StoreError, DBAPIError) as exc:
        log.warning(
            "could not release the sweep lease (%s); it lapses by itself at %s UTC",
            _why(exc),
            time.strftime("%H:%M:%S", time.gmtime(expires_ts)),
        )


def _why(error: StoreError | DBAPIError) -> str:
    """Why the store refused a lease write, in a few words for a log line."""
    failure = error if isinstance(error, StoreError) else work_failure(error)
    if isinstance(failure, StoreBusy):
        return "the store stayed locked by another write past the wait"
    return str(failure)


class LeaseKeeper:
    """Renews a sweep's lease on a thread of its own, and says when the hold is lost.

    Every RENEW_EVERY_SECONDS; a renewal the store cannot serve (another
    process holding the write lock past the wait, a server away) is one log
    line and is tried again after RENEW_RETRY_SECONDS, doubling. The hold is
    lost when it lapses before a renewal gets through (another sweep may
    then take the store) or when another sweep holds it; the sweep then
    stops at its next stage (`check`), before it stores anything. While the
    sweep stores its results (`storing`), its own long write may hold the
    renewals up past the hold: that is no loss, the results' transaction
    renews the hold itself and stores nothing if another sweep took it.
    """

    def __init__(self, store: Store, holder: str, *, expires_ts: int) -> None:
        self.store = store
        self.holder = holder
        self.expires_ts = expires_ts  # of the hold as last written
        self.lost: str | None = None  # why the hold was lost, in words for the user
        self.storing = threading.Event()  # set while the sweep writes its results
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cib-sweep-lease", daemon=True)

    def start(self) -> None:
        """Start renewing."""
        self._thread.start()

    def stop(self) -> None:
        """Stop renewing (a try in progress may finish after; it cannot revive a released lease)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(RENEWER_JOIN_SECONDS)

    def check(self) -> None:
        """Raise LeaseLost if the hold was lost."""
        if self.lost is not None:
            raise LeaseLost(self.lost)

    def _run(self) -> None:
        pause, retry = RENEW_EVERY_SECONDS, RENEW_RETRY_SECONDS
        while not self._stop.wait(pause):
            try:
                with self.store.session() as session:
                    now = now_ts()
                    held = leases.renew_lease(session, SWEEP_LEASE, self.holder, now, LEASE_SECONDS)
            except Exception as exc:  # noqa: BLE001 - the renewer must outlive any one try
                if isinstance(exc, StoreError | DBAPIError):
                    reason = _why(exc)
                else:  # not the store's doing: a bug, shown whole
                    log.exception("could not renew the sweep lease")
                    reason = "an unexpected error"
                left = self.expires_ts - now_ts()
                if self.storing.is_set():
                    # Most likely held up by the results' own long write: expected,
                    # and no loss (their transaction renews the hold), so no warning.
                    if left <= 0:
                        pause = RENEW_EVERY_SECONDS
                    else:
                        pause, retry = min(retry, left), min(retry * 2, RENEW_EVERY_SECONDS)
                    log.info(
                        "could not renew the sweep lease (%s) while the sweep stores its "
                        "results; their transaction renews it; trying again in %.1f s",
                        reason,
                        pause,
                    )
                    continue
                if left <= 0:
                    self.lost = (
                        f"the sweep lost its lease: the store could not renew it ({reason}) "
                        "before it lapsed; the sweep stopped, nothing of it stored"
                    )
                    log.warning("%s", self.lost)
                    return
                pause, retry = min(retry, left), min(retry * 2, RENEW_EVERY_SECONDS)
                log.warning(
                    "could not renew the sweep lease (%s); trying again in %.1f s", reason, pause
                )
                continue
            if not held:
                self.lost = (
                    "the sweep lost its lease to another sweep of this store; "
                    "this one stopped, nothing of it stored"
                )
                log.warning("%s", self.lost)
                return
            self.expires_ts = now + LEASE_SECONDS
            pause, retry = RENEW_EVERY_SECONDS, RENEW_RETRY_SECONDS


def sweep_running(store: Store) -> leases.LeaseHold | None:
    """Who is sweeping this store now and since when, or None when no sweep runs."""
    with store.session() as session:
        return leases.lease_holder(session, SWEEP_LEASE, now_ts())


def wait_for_sweep(store: Store, wait: float, *, poll: float = WAIT_POLL_SECONDS) -> None:
    """Return once no sweep of this store is running; SweepBusy if one still runs after `wait` s.

    For whoever reads sweep results without sweeping itself (a digest when a
    sweep worker does the sweeping): a sweep running now would change them.
    """
    deadline = time.monotonic() + wait
    while (current := sweep_running(store)) is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SweepBusy(current.since_ts)
        time.sleep(min(poll, left))


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None
    return trim


def give_back_freed_memory() -> None:
    """Hand the memory the C heap holds free back to the system (glibc; elsewhere nothing).

    A stage of a sweep lets go of hundreds of megabytes (the comparison
    tables of near-duplicate grouping, the rows read into the post columns),
    but the C heap keeps the freed pages for itself, and the next stage's
    large buffers are not made from them, so the process only grows. Called
    at the end of each stage: at 1,000,000 generated posts the process held
    365 MB instead of 429 MB after grouping and 419 MB instead of 517 MB after
    reading the posts. A few milliseconds.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


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
    wait: float = 0.0,
    on_stage: StageHook | None = None,
) -> SweepSummary:
    """Sweep the posts that arrived since the last sweep (all posts with `force`) and store the results.

    Runs only while holding the store's sweep lease: when another sweep runs,
    waits up to `wait` seconds for it, then raises SweepBusy. Results and the
    sweep's kept state are stored in one transaction. When another sweep
    stores first, this one's results are dropped and the summary says it was
    skipped. `on_stage` is told each stage as it ends (name, seconds),
    storing the results last.
    """
    with sweep_lease(store, wait=wait) as keeper:
        return _sweep(store, config or DetectionConfig(), force, on_stage, keeper)


def _sweep(
    store: Store,
    config: DetectionConfig,
    force: bool,
    on_stage: StageHook | None,
    keeper: LeaseKeeper,
) -> SweepSummary:
    started = now_ts()

    def stage_done(stage: str, seconds: float) -> None:
        give_back_freed_memory()
        if on_stage is not None:
            on_stage(stage, seconds)
        keeper.check()  # a sweep that lost its lease goes no further

    with store.engine.connect() as conn:
        plan = plan_sweep(conn, config, force=force, on_stage=stage_done)
    if plan is None:
        with store.session() as session:
            previous = queries.last_sweep(session)
        return SweepSummary(
            previous.accounts if previous else 0,
            0,
            0,
            previous.clusters if previous else 0,
            0,
            0,
            skipped=True,
        )
    keeper.check()
    keeper.storing.set()
    try:
        write_started = time.perf_counter()
        _store_result(store, plan, started, keeper.holder)
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


def _store_result(store: Store, plan: SweepPlan, started: int, holder: str) -> None:
    """Store the results and kept state in one transaction, if `holder` still holds the lease.

    The hold is renewed in the same transaction, last: results are stored
    only under the lease, and the lease's row is locked only for a moment.
    """
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
        if not leases.renew_lease(session, SWEEP_LEASE, holder, now_ts(), LEASE_SECONDS):
            raise LeaseLost(
                "the sweep lost its lease to another sweep of this store; "
                "this one stopped, nothing of it stored"
            )


def write_sweep_csv(store: Store, path: Path) -> int:
    """Write one row per account (SWEEP_CSV_COLUMNS), flags applied; returns the row count.

    Text cells that a spreadsheet would run as a formula are defused
    (services.spreadsheet); numbers are written as they are.

    Flags count as in `cibwatch check` (detection.flags.apply_flags): the
    account's current decision, and the lift from confirmed members of its
    cluster, so the CSV and checks agree.
    """
    # Written beside `path` and moved in place at the end: a write cut short (Ctrl-C, a
    # full disk) leaves no half file that could pass for the whole list.
    partial = path.with_name(f".{path.name}.partial")
    try:
        rows = _write_sweep_rows(store, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return rows


def _write_sweep_rows(store: Store, path: Path) -> int:
    rows = 0
    with store.session() as session, open(path, "w", newline="", encoding="utf-8") as handle:
        labels = review.current_labels(session)
        confirmed = review.confirmed_per_cluster(session)
        writer = csv_writer(handle)
        writer.writerow(SWEEP_CSV_COLUMNS)
        for account in queries.iter_scored_accounts(session):
            cluster_id = account.cluster_id
            flagged = apply_flags(
                account.score if account.score is not None else 0.0,
                labels.get(account.account_id),
                cluster_id,
                confirmed,
            )
            writer.writerow(
                (
                    account.platform,
                    account.handle,
                    account.author_id or "",
                    Decimal(f"{flagged.score:.3f}"),  # a number: written as is
                    str(flagged.level),
                    cluster_id if cluster_id is not None else "",
                )
            )
            rows += 1
    return rows
