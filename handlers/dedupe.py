"""Each Slack event is answered once, even when Slack redelivers it.

Slack retries an event (header `X-Slack-Retry-Num`) when it did not see a
200 within 3 seconds, and it may deliver to any replica behind the load
balancer. The event id is claimed in the store's ProcessedEvent table with
one INSERT ... ON CONFLICT DO NOTHING: whichever delivery, on whichever
replica, inserts first answers; the others stay quiet. No in-process state
decides, so it holds across replicas sharing one PostgreSQL.

The claim is a write, so it runs on the worker pool, never on Bolt's
listener threads, and waits at most CLAIM_WAIT seconds for the store's lock:
behind a long write (an ingest batch, a sweep storing its results) it
raises StoreBusy, which the listener's error callback tells the user about.
"""

from __future__ import annotations

import logging
import threading

from storage import queries
from storage.db import Store, StoreBusy, now_ts

log = logging.getLogger(__name__)

#: Slack gives up retrying after about 5 minutes; a day is a wide margin.
KEEP_SECONDS = 86_400
PRUNE_EVERY_SECONDS = 3_600
#: Seconds a claim waits for the store's write lock. The bot's own writes take
#: milliseconds; a lock held longer is an ingest or a sweep, which can take minutes.
CLAIM_WAIT = 2.0


class EventDedupe:
    """Claims Slack event ids in the store."""

    def __init__(self, store: Store, keep_seconds: int = KEEP_SECONDS) -> None:
        self.store = store
        self.keep_seconds = keep_seconds
        self._next_prune = 0
        self._lock = threading.Lock()

    def first_delivery(self, event_id: str) -> bool:
        """True the first time `event_id` is seen by any replica; False for redeliveries.

        Raises StoreBusy when the store's lock is held longer than CLAIM_WAIT.
        """
        now = now_ts()
        with self.store.session(wait=CLAIM_WAIT) as session:
            claimed = queries.claim_event(session, event_id, now)
        if claimed:
            self._maybe_prune(now)
        else:
            log.debug("event %s was already handled; redelivery ignored", event_id)
        return claimed

    def _maybe_prune(self, now: int) -> None:
        with self._lock:
            if now < self._next_prune:
                return
            self._next_prune = now + PRUNE_EVERY_SECONDS
        try:
            with self.store.session(wait=CLAIM_WAIT) as session:
                queries.prune_processed_events(session, now - self.keep_seconds)
        except StoreBusy:  # old ids cost nothing but space: prune with the next claim
            with self._lock:
                self._next_prune = 0
