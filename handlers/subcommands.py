"""The `/cib` sub-command registry: what each sub-command gets and gives back.

`handlers.commands` dispatches `/cib NAME ARGS` to the sub-command registered
under NAME. Other modules add theirs in their own `register()`:

    runtime.subcommands.add(
        "flag", run_flag, usage="/cib flag TARGET [reason]", summary="flag an account"
    )

A sub-command reads the call, raises a `handlers.errors.UserError` for input
it cannot act on, and returns a `Reply`: the ephemeral answer sent with the
ack, plus optional slow work (`then`) that runs on the worker pool after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.models.blocks import Block

if TYPE_CHECKING:
    from handlers.runtime import Runtime


@dataclass(frozen=True)
class CommandCall:
    """One `/cib NAME ARGS` as a sub-command sees it."""

    name: str
    args: str  # the rest of the text, as Slack sent it (links may be <url|label>)
    user_id: str
    channel_id: str
    client: WebClient
    respond: Respond
    runtime: Runtime
    raw: dict[str, Any]  # the full command payload, for what is not lifted out above


@dataclass
class Reply:
    """What a sub-command answers at once (ephemeral), and the slow work after it."""

    blocks: list[Block]
    text: str
    then: Callable[[], None] | None = None


SubcommandFn = Callable[[CommandCall], Reply]


@dataclass(frozen=True)
class Subcommand:
    """A registered sub-command with its help line."""

    name: str
    run: SubcommandFn
    usage: str  # "/cib check TARGET"
    summary: str  # mrkdwn, one line


class Subcommands:
    """The sub-commands of one app, in the order they were added."""

    def __init__(self) -> None:
        self._by_name: dict[str, Subcommand] = {}

    def add(self, name: str, run: SubcommandFn, *, usage: str, summary: str) -> None:
        """Register (or replace) sub-command `name`."""
        key = name.lower()
        self._by_name[key] = Subcommand(key, run, usage, summary)

    def get(self, name: str) -> Subcommand | None:
        """The sub-command called `name` (any case), if registered."""
        return self._by_name.get(name.lower())

    def usages(self) -> list[tuple[str, str]]:
        """(usage, summary) of every sub-command, for help messages."""
        return [(s.usage, s.summary) for s in self._by_name.values()]

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._by_name
