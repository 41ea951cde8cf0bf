"""`cibwatch digest preview`: the digest a channel would get, in the terminal or as CSV.

The content is services.digests' (the scheduler posts the same) and the
message is handlers.digest_cards' blocks, drawn by bot/terminal.py. Nothing
is posted or claimed, and no sweep is run: the preview reads the last sweep
and says when posts are waiting for the next one.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from bot.cli_common import (
    CliError,
    check_can_write,
    err,
    load_settings,
    open_store_for,
    out,
    parse_when,
    plural,
    say,
)

digest_app = typer.Typer(
    help="Digests of newly active suspected accounts, as channels get them.",
    no_args_is_help=True,
)

_LEVELS = ("suspicious", "likely")


@digest_app.command("preview")
def preview(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="start of the period: 24h, 7d, 2026-11-20 or 2026-11-20T09:00 "
            "(default: where the channel's last digest ended, else a day ago)",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="WHEN", help="end of the period (default: now)"),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            metavar="ID",
            help="the Slack channel id whose subscription sets the period and level (C0123…)",
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            metavar="suspicious|likely",
            help="lowest verdict listed (default: the channel's, else suspicious)",
            show_default=False,
        ),
    ] = None,
    csv_file: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="FILE",
            help="write the full list as CSV (the file a long digest attaches) "
            "instead of showing the message; - writes it to standard output",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Show the digest a channel would get for a period; nothing is posted."""
    from detection.verdict import Level
    from services.digests import DAY, SPAN, digest_csv, digest_for, period_start_for
    from services.status import unswept_posts
    from storage import digests as store_digests

    if level is not None and level.lower() not in _LEVELS:
        raise CliError(f"--level must be suspicious or likely, not {level!r}")
    to_stdout = csv_file is not None and str(csv_file) == "-"
    if csv_file is not None and not to_stdout:
        check_can_write(csv_file)
    settings = load_settings()
    now = int(time.time())
    # Periods end before their last second: "now" ends after this one, so posts stored a
    # moment ago are in.
    end = parse_when(until, now=now, zone=settings.timezone, option="--until") if until else now + 1
    store = open_store_for(settings, announce=err if to_stdout else out)
    try:
        sub = None
        if channel is not None:
            with store.session() as session:
                sub = store_digests.get_subscription(session, channel)
            if sub is None:
                raise CliError(
                    f"channel {channel} has no digest subscription: leave --channel out, "
                    "or subscribe it with /cib digest in Slack"
                )
        if since is not None:
            start = parse_when(since, now=now, zone=settings.timezone, option="--since")
        elif sub is not None:
            start = period_start_for(store, sub.channel_id, end, SPAN[sub.frequency])
        else:
            start = end - DAY
        if start >= end:
            raise CliError("the period is empty: --since must come before --until (or now)")
        if level is not None:
            min_level = Level.LIKELY if level.lower() == "likely" else Level.SUSPICIOUS
        else:
            min_level = Level(sub.min_verdict) if sub is not None else Level.SUSPICIOUS
        digest = digest_for(store, start, end, min_level)
        waiting = unswept_posts(store)
    finally:
        store.dispose()
    notes = err if to_stdout else out
    if waiting:
        notes.print(
            f"[yellow]{plural(waiting, 'post')} not swept yet[/] and not in this preview "
            "(a scheduled digest sweeps first): run cibwatch sweep",
            soft_wrap=True,
        )
    if csv_file is None:
        from bot.terminal import render_blocks
        from handlers.digest_cards import digest_blocks

        out.print(render_blocks(digest_blocks(digest)))
        return
    text = digest_csv(digest)
    if to_stdout:
        sys.stdout.write(text)
        return
    try:
        csv_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {csv_file}: {exc.strerror or exc}") from None
    say(f"wrote {plural(digest.account_count, 'account')} to {escape(str(csv_file))}")


def register(app: typer.Typer) -> None:
    """Add the `digest` commands to the CLI."""
    app.add_typer(digest_app, name="digest")
