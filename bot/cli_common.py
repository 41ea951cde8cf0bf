"""What every `cibwatch` command shares: output, one-line errors, settings and the store.

Kept light on purpose: importing this (and bot/cli.py) must not load the
database layer, detection or Slack, so `cibwatch --help` starts at once and
each command imports only what it uses, inside the command.

Commands that work on data already loaded (check, status, sweep, flag,
export, digest preview) open the store with `open_store_for(settings)`, which
refuses a SQLite file that does not exist instead of creating an empty one;
ingest and `db upgrade` pass `create=True` (the bot opens its own). Every command says which store it uses
(`announce_store`): a file's path or a server's host, never a password.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from bot.settings import Settings
    from storage.db import Store

out = Console()
err = Console(stderr=True, soft_wrap=True)


def say(text: str) -> None:
    """One line of output, never wrapped (scripts read these lines)."""
    out.print(text, soft_wrap=True)


class CliError(Exception):
    """An error the user can act on: printed as one line, exit code 1."""


class CliInterrupted(KeyboardInterrupt):
    """Ctrl-C, with what a command wants said about it: printed as one line, exit code 130.

    A command that knows what the interrupt left (what is stored, how to go
    on) raises this from the KeyboardInterrupt; any other interrupt is told
    as a plain `interrupted` (bot/cli.py, `_Group.invoke`).
    """


def load_settings() -> Settings:
    """The settings from the environment and `.env`; a bad value is one line, not a traceback."""
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = ".".join(str(part) for part in problem["loc"]) or "a setting"
        message = problem["msg"].removeprefix("Value error, ")  # pydantic's prefix says nothing
        raise CliError(f"bad setting {name}: {message}") from None


def announce_store(settings: Settings, console: Console | None = None) -> None:
    """Say which store a command uses (on stderr when stdout carries data for scripts)."""
    from storage.db import describe_store

    (console or out).print(f"[dim]store: {escape(describe_store(settings.db_url))}[/]", soft_wrap=True)


def open_store_for(
    settings: Settings, *, create: bool = False, announce: Console | None = None
) -> Store:
    """Open the store `settings` name, after saying which one on `announce` (default stdout).

    Without `create`, a SQLite store whose file does not exist is refused
    with a line saying how to point at one: an empty store would only
    answer "Not in store".
    """
    from storage.db import open_store, sqlite_file

    path = sqlite_file(settings.db_url)
    if not create and path is not None and not path.exists():
        raise CliError(_no_store_message(path, from_env=bool(settings.database_url)))
    announce_store(settings, announce)
    return open_store(settings.db_url)


def _no_store_message(path: Path, *, from_env: bool) -> str:
    if from_env:
        return (
            f"no store at {path} (DATABASE_URL names it, but the file does not exist): "
            "fix DATABASE_URL, or create it with `cibwatch ingest FILE`"
        )
    return (
        f"no store here: {path} does not exist. Run this in the folder that holds "
        "cibwatch.db, set DATABASE_URL (sqlite:////path/to/cibwatch.db or "
        "postgresql+psycopg://user@host/db), or load data here with `cibwatch ingest FILE`"
    )


def check_can_write(path: Path) -> None:
    """Refuse an output file that cannot be created, with a reason the user can act on."""
    if path.is_dir():
        raise CliError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(f"cannot write {path}: permission denied")


_SPAN = re.compile(r"^(\d{1,6})\s*([smhdw])$")
_SPAN_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
#: The longest span `parse_span` takes: a schedule rarer than weekly is a typo.
LONGEST_SPAN = 7 * 86400


def parse_span(text: str, *, option: str) -> int:
    """A span of time in seconds from `90s`, `15m`, `1h`, `1d` or `1w`, between 1 s and a week."""
    match = _SPAN.match(text.strip().lower())
    seconds = int(match.group(1)) * _SPAN_SECONDS[match.group(2)] if match else 0
    if not 0 < seconds <= LONGEST_SPAN:
        raise CliError(
            f"{option}: {text[:40]!r} is not a span from 1s to 1w: use e.g. 90s, 15m, 1h or 1d"
        )
    return seconds


def parse_when(text: str, *, now: int, zone: str, option: str) -> int:
    """A point in time as UTC epoch seconds from `24h`/`7d`/`90m`/`2w` ago or an ISO date or time.

    A date or time without an offset is read in `zone` (CIBWATCH_TIMEZONE).
    """
    from zoneinfo import ZoneInfo

    words = text.strip().lower()
    if match := _SPAN.match(words):
        return now - int(match.group(1)) * _SPAN_SECONDS[match.group(2)]
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            f"{option}: {text[:40]!r} is not a time: use e.g. 24h, 7d, 2026-11-20 or 2026-11-20T09:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return int(moment.timestamp())


def plural(count: int, word: str) -> str:
    """`1 post`, `2,400 posts` (words that take an s)."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def duration_text(seconds: float) -> str:
    """`0.4 s`, `12 s`, `2 min 05 s`."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"

