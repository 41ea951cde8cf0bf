"""The sweep worker: sweeps on a schedule as a process of its own (`cibwatch sweep --every 15m`).

A team runs its bot replicas light and one worker (or several, for
failover) beside them: each round runs `run_sweep` under the store's sweep
lease, so of several workers on one store only one sweeps at a time, and a
worker that finds the lease held skips that round rather than queue behind
it. A round finds nothing to do when no posts arrived since the last sweep
(an incremental sweep of nothing is skipped by run_sweep itself). A round
the store cannot serve (locked by a long write past its wait, or the server
not answering) fails and the next round tries again: a worker runs for
months, and a database restart must not end it.

Stopping: `stop` (a threading.Event) ends the loop between rounds; the CLI
turns Ctrl-C and SIGTERM into KeyboardInterrupt, which abandons a sweep in
progress (its lease is released on the way out, its results are never
half-stored: they are written in one transaction).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from detection.incremental import StageHook
from detection.sweep import DetectionConfig
from services.sweeps import SweepBusy, SweepSummary, run_sweep
from storage.db import Store, StoreError, work_failure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepRound:
    """What one round of the worker did: swept, found nothing new, stood aside, or failed."""

    started: float  # time.time() when the round began
    summary: SweepSummary | None  # None when another sweep held the store, or the round failed
    busy_since: int | None = None  # when the sweep in the way started, if known
    problem: str | None = None  # why the round failed, in words for the log (no driver text)

    @property
    def outcome(self) -> str:
        """`swept`, `nothing new`, `busy` or `failed`."""
        if self.problem is not None:
            return "failed"
        if self.summary is None:
            return "busy"
        return "nothing new" if self.summary.skipped else "swept"


def sweep_round(
    store: Store, config: DetectionConfig, on_stage: StageHook | None = None
) -> SweepRound:
    """One round: sweep what arrived since the last sweep, or stand aside if a sweep is running.

    `on_stage` is run_sweep's: told each stage of the sweep as it ends.
    """
    started = time.time()
    try:
        summary = run_sweep(store, config, on_stage=on_stage)
    except SweepBusy as busy:
        log.info("another sweep of the store is running; this round is skipped")
        return SweepRound(started, None, busy.since_ts)
    except StoreError as exc:  # its message is in cibwatch's words
        log.warning("sweep round failed: %s", exc)
        return SweepRound(started, None, problem=str(exc))
    except DBAPIError as exc:  # the driver's text can name hosts: not repeated
        problem = str(work_failure(exc))
        log.warning("sweep round failed: %s", problem)
        return SweepRound(started, None, problem=problem)
    return SweepRound(started, summary)


def run_worker(
    store: Store,
    every: float,
    *,
    config: DetectionConfig | None = None,
    stop: threading.Event | None = None,
    on_round: Callable[[SweepRound], None] | None = None,
    on_stage: StageHook | None = None,
) -> int:
    """Sweep `store` every `every` seconds until `stop` is set; returns the rounds run.

    Rounds start `every` seconds apart (a round longer than that is followed
    at once by the next). The first round starts at once. `on_round` is told
    each round as it ends; `on_stage` each stage of a sweep.
    """
    stop = stop or threading.Event()
    config = config or DetectionConfig()
    rounds = 0
    while not stop.is_set():
        began = time.monotonic()
        done = sweep_round(store, config, on_stage)
        rounds += 1
        if on_round is not None:
            on_round(done)
        stop.wait(max(0.0, every - (time.monotonic() - began)))
    return rounds
