"""What every handler module needs at run time, built once by the app factory.

Handlers get it through `register(app, runtime)`; nothing here is global, so
two apps (two tests, two workspaces) never share state by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from detection.verdict import Level
from handlers.buttons import ButtonValues
from handlers.dedupe import EventDedupe
from handlers.pool import WorkPool
from handlers.reviewers import Reviewers
from handlers.subcommands import Subcommands
from services.digests import DigestOutcome
from services.pictures import PictureDrawer
from services.resolver import LinkResolver
from storage.db import Store
from storage.models import DigestSubscription


class DigestScheduling(Protocol):
    """What `/cib digest` asks of the bot's digest scheduler (bot/scheduler.py builds it)."""

    def schedule(self, sub: DigestSubscription) -> datetime | None:
        """Create or replace a channel's job; returns its next run time."""
        ...

    def unschedule(self, channel_id: str) -> None:
        """Remove a channel's job, if any."""
        ...

    def next_run(self, channel_id: str) -> datetime | None:
        """When the channel's next digest is due."""
        ...

    def post_now(
        self, channel_id: str, end_ts: int, *, span: int, min_level: Level
    ) -> DigestOutcome:
        """Post a digest for the period ending at `end_ts`, claimed like any other."""
        ...

    def shutdown(self) -> None:
        """Stop running jobs."""
        ...


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
    #: button values too long for Slack, kept in the store (handlers.buttons)
    buttons: ButtonValues = field(init=False)
    scheduler: DigestScheduling | None = None
    resolver: LinkResolver | None = None  # fetches pasted links; None keeps checks offline
    timezone: str = "UTC"  # of digest schedules, and the team's row of the posting-hours heatmap
    #: the suspected operators' zone: their office shifts are outlined on the heatmap
    operator_timezone: str = "Asia/Shanghai"
    #: Evidence pictures take seconds to draw: they get threads of their own, so cards never
    #: wait for them. Asked-for pictures ("Show pictures") queue here...
    picture_pool: WorkPool = field(
        default_factory=lambda: WorkPool(1, max_pending=8, name="cib-pictures")
    )
    #: ...and automatic ones here, two at most: past that they are skipped rather than late,
    #: and a burst of automatic pictures never makes a click wait in line or be refused.
    auto_picture_pool: WorkPool = field(
        default_factory=lambda: WorkPool(1, max_pending=2, name="cib-auto-pictures")
    )

    #: Runs a `/cib` sub-command's first answer while the listener waits at most a moment
    #: for it (handlers.commands): a sub-command that reads or writes the store while a
    #: long write holds it cannot keep the ack past Slack's 3 seconds.
    command_pool: WorkPool = field(
        default_factory=lambda: WorkPool(4, max_pending=32, name="cib-commands")
    )

    #: draws the pictures (in worker processes when configured); None draws in the calling thread
    drawer: PictureDrawer | None = None

    def __post_init__(self) -> None:
        self.access = Reviewers(self.reviewers)
        self.buttons = ButtonValues(self.store)

    def close(self) -> None:
        """Stop the scheduler and finish queued work; the store is closed by whoever opened it."""
        if self.scheduler is not None:
            self.scheduler.shutdown()
        if self.resolver is not None:
            self.resolver.close()
        self.command_pool.shutdown(wait=True)
        self.pool.shutdown(wait=True)
        self.picture_pool.shutdown(wait=True)
        self.auto_picture_pool.shutdown(wait=True)
        if self.drawer is not None:
            self.drawer.close()
