"""What every handler module needs at run time, built once by the app factory.

Handlers get it through `register(app, runtime)`; nothing here is global, so
two apps (two tests, two workspaces) never share state by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.dedupe import EventDedupe
from handlers.pool import WorkPool
from handlers.subcommands import Subcommands
from storage.db import Store


@dataclass
class Runtime:
    """The store, the worker pool, event dedupe and the `/cib` sub-commands of one app."""

    store: Store
    pool: WorkPool
    dedupe: EventDedupe
    subcommands: Subcommands = field(default_factory=Subcommands)
    reviewers: frozenset[str] = frozenset()

    def close(self) -> None:
        """Finish queued work; the store is closed by whoever opened it."""
        self.pool.shutdown(wait=True)
