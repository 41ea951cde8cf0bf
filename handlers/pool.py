"""A bounded worker pool for the slow part of every Slack request.

Bolt's own listener threads must stay free to ack within Slack's 3 seconds,
so listeners ack, then hand checks and other slow work to this pool. It has
its own few threads (CPU-heavy checks cannot starve acks) and a cap on
queued jobs: past it, the job's error callback gets a BusyError at once
instead of letting a burst pile up work whose answers would arrive after
everyone gave up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from handlers.errors import BusyError

log = logging.getLogger(__name__)

Job = Callable[[], object]
OnError = Callable[[Exception], object]
T = TypeVar("T")


class WorkPool:
    """`workers` threads for slow work, at most `max_pending` jobs queued or running."""

    def __init__(
        self, workers: int, max_pending: int | None = None, name: str = "cib-work"
    ) -> None:
        self.workers = max(1, workers)
        self.max_pending = max_pending or self.workers * 25
        self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix=name)
        self._slots = threading.BoundedSemaphore(self.max_pending)

    def submit(self, job: Job, on_error: OnError) -> None:
        """Run `job` on the pool; `on_error` gets any exception it raises.

        Never raises, so listeners can call it after their ack (an exception
        there would make Bolt drop the ack): when `max_pending` jobs are
        already queued or running, `on_error(BusyError())` is called at once.
        """
        if not self._slots.acquire(blocking=False):
            self._fail(on_error, BusyError())
            return
        try:
            self._executor.submit(self._run, job, on_error)
        except RuntimeError:  # shutting down
            self._slots.release()
            self._fail(on_error, BusyError())

    def begin(self, job: Callable[[], T]) -> Future[T]:
        """Start `job` on the pool and return its future, for a caller that waits a little.

        Never raises: when `max_pending` jobs are already queued or running (or
        the pool is shutting down) the future comes back failed with BusyError.
        """
        if not self._slots.acquire(blocking=False):
            return _failed(BusyError())
        try:
            future = self._executor.submit(job)
        except RuntimeError:  # shutting down
            self._slots.release()
            return _failed(BusyError())
        future.add_done_callback(lambda _: self._slots.release())
        return future

    @staticmethod
    def _fail(on_error: OnError, error: Exception) -> None:
        try:
            on_error(error)
        except Exception:
            log.exception("error handler failed for %r", error)

    def _run(self, job: Job, on_error: OnError) -> None:
        try:
            job()
        except Exception as exc:
            self._fail(on_error, exc)
        finally:
            self._slots.release()

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking work; with `wait`, finish what is queued first."""
        self._executor.shutdown(wait=wait, cancel_futures=not wait)


def _failed(error: Exception) -> Future:  # type: ignore[type-arg]
    future: Future = Future()  # type: ignore[type-arg]
    future.set_exception(error)
    return future
