"""`/cib watchlist`: which published indicator lists checks are matched against (ephemeral)."""

from __future__ import annotations

from slack_bolt import App

from handlers.errors import UsageError
from handlers.runtime import Runtime
from handlers.subcommands import CommandCall, Reply
from handlers.watchlist_cards import IMPORT_HINT, watchlist_card, watchlist_text
from services.watchlist import sources

USAGE = "/cib watchlist"


def run_watchlist(call: CommandCall) -> Reply:
    """Answer with the imported sources, only to the user who asked."""
    if call.args.strip():
        raise UsageError(
            "`/cib watchlist` takes no arguments: it lists the imported sources.", IMPORT_HINT
        )
    found = sources(call.runtime.store)
    return Reply(watchlist_card(found), watchlist_text(found))


def register(app: App, runtime: Runtime) -> None:
    """Register `/cib watchlist`."""
    runtime.subcommands.add(
        "watchlist",
        run_watchlist,
        usage=USAGE,
        summary="the published indicator lists (takedown reports) every check is matched against",
    )
