"""`cibwatch status`: the store, what it holds, when it was loaded and swept, digests, watchlist.

The figures come from services.status; this module only lays them out, one
section a few lines long. A feature that keeps more in the store adds its
section to SECTIONS.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from bot.cli_common import duration_text, err, load_settings, open_store_for, plural, say

if TYPE_CHECKING:
    from services.status import StoreStatus


def status(
    as_json: Annotated[
        bool, typer.Option("--json", help="print the figures as one JSON object")
    ] = False,
) -> None:
    """Show the store in use, what it holds, the last ingest and sweep, digests and watchlist sources."""
    from services.status import store_status

    settings = load_settings()
    store = open_store_for(settings, announce=err if as_json else None)
    try:
        found = store_status(store)
    finally:
        store.dispose()
    if as_json:
        import sys

        import orjson

        from storage.db import describe_store

        data = _as_dict(found) | {"store": describe_store(settings.db_url)}
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    now = int(time.time())
    for section in SECTIONS:
        for line in section(found, now):
            say(line)


def _as_dict(found: StoreStatus) -> dict[str, Any]:
    data = asdict(found)
    data["digests"] = [
        {**d.subscription.model_dump(), "last_period_end_ts": d.last_period_end_ts}
        for d in found.digests
    ]
    return data


def _contents(found: StoreStatus, now: int) -> list[str]:
    counts = found.counts
    return [
        f"holds {plural(counts.posts, 'post')} from {plural(counts.accounts, 'account')}; "
        f"{plural(counts.clusters, 'cluster')} in the last sweep; "
        f"{plural(counts.decisions, 'reviewer decision')}"
    ]


def _ingest(found: StoreStatus, now: int) -> list[str]:
    from handlers.cards import ago, when

    if found.last_ingest_ts is None:
        return ["last ingest: never (load data with cibwatch ingest FILE)"]
    return [f"last ingest: {when(found.last_ingest_ts)} ({ago(found.last_ingest_ts, now)})"]


def _sweep(found: StoreStatus, now: int) -> list[str]:
    from handlers.cards import ago, when

    sweep = found.last_sweep
    if sweep is None:
        lines = ["last sweep: never"]
    else:
        if sweep.from_scratch is None:
            how = ""
        elif sweep.from_scratch:
            how = f", from scratch over {plural(sweep.new_posts or 0, 'post')}"
        else:
            how = f", incremental: {plural(sweep.new_posts or 0, 'new post')}"
        lines = [
            f"last sweep: {when(sweep.finished_ts)} ({ago(sweep.finished_ts, now)}), "
            f"took {duration_text(sweep.seconds) if sweep.seconds else 'under a second'}{how}; "
            f"{plural(sweep.accounts, 'account')} with a signal, {plural(sweep.clusters, 'cluster')}"
        ]
    running = found.sweep_running
    if running is not None:
        lines.append(
            f"  [yellow]a sweep is running[/]: started {when(running.since_ts)} "
            f"({ago(running.since_ts, now)}) by {escape(running.holder)}"
        )
    if found.unswept_posts:
        lines.append(
            f"  [yellow]{plural(found.unswept_posts, 'post')} not swept yet[/]: "
            "checks do not count them until cibwatch sweep runs"
        )
    return lines


def _digests(found: StoreStatus, now: int) -> list[str]:
    from handlers.cards import when
    from handlers.digest import describe

    if not found.digests:
        return ["digests: no channel subscribed (/cib digest daily 09:00 in a channel)"]
    lines = [f"digests: {plural(len(found.digests), 'channel')}"]
    for channel in found.digests:
        last = (
            f"; last period sent ended {when(channel.last_period_end_ts)}"
            if channel.last_period_end_ts is not None
            else "; none sent yet"
        )
        lines.append(
            f"  {escape(channel.subscription.channel_id)}: "
            f"{escape(describe(channel.subscription))}{last}"
        )
    return lines


def _watchlist(found: StoreStatus, now: int) -> list[str]:
    from handlers.cards import when

    if not found.watchlist:
        return ["watchlist: no sources (cibwatch watchlist import FILE --source NAME)"]
    lines = [f"watchlist: {plural(len(found.watchlist), 'source')}"]
    for source in found.watchlist:
        lines.append(
            f"  {escape(repr(source.name))}: {plural(source.indicators, 'indicator')}, "
            f"imported {when(source.imported_ts)}"
        )
    return lines


#: The sections of `cibwatch status`, in order (the store line itself is said on opening it).
SECTIONS: list[Callable[[StoreStatus, int], list[str]]] = [
    _contents,
    _ingest,
    _sweep,
    _digests,
    _watchlist,
]


def register(app: typer.Typer) -> None:
    """Add `status` to the CLI."""
    app.command()(status)
