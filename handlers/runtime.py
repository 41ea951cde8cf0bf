"""What every handler module needs at run time, built once by the app factory.

Handlers get it through `register(app, runtime)`; nothing here is global, so
two apps (two tests, two workspaces) never share state by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handlers.dedupe import EventDedupe
from handlers.pool import WorkPool
from handlers.reviewers import Reviewers
from handlers.subcommands import Subcommands
from storage.db import Store

if TYPE_CHECKING:
    from bot.resolver import LinkResolver
    from bot.scheduler import DigestScheduler


@dataclass
class Runtime:
    """The store, the worker pool, event dedupe and the `/cib` sub-commands of one app."""

    store: Store
    pool: WorkPool
    dedupe: EventDedupe
    subcommands: Subcommands = field(default_factory=Subcommands)
    reviewers: frozenset[str] = frozenset()
    #: who may flag, built from `reviewers` (its user-group cache lives as long as the app)
    access: Reviewers = field(init=False)
    scheduler: DigestScheduler | None = None
    resolver: LinkResolver | None = None  # fetches pasted links; None keeps checks offline
    timezone: str = "UTC"  # of digest schedules

    def __post_init__(self) -> None:
        self.access = Reviewers(self.reviewers)

    def close(self) -> None:
        """Stop the scheduler and finish queued work; the store is closed by whoever opened it."""
        if self.scheduler is not None:
            self.scheduler.shutdown()
        if self.resolver is not None:
            self.resolver.close()
        self.pool.shutdown(wait=True)
