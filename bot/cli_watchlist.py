"""`cibwatch watchlist import | list | remove`: published indicators, matched on every check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from bot.cli_common import CliError, load_settings, open_store_for, say

if TYPE_CHECKING:
    from services.watchlist import ImportReport

watchlist_app = typer.Typer(
    help="Published indicators (takedown reports' accounts, posts, links and domains), "
    "matched on every check.",
    no_args_is_help=True,
)


def _kinds(kinds: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {name}" for name, n in kinds.items())


@watchlist_app.command("import")
def import_file(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="a published indicator table (CSV or TSV with an Indicator column, as in "
            "Meta's threat-research reports) or one handle, profile link or domain a line",
        ),
    ],
    source: Annotated[
        str,
        typer.Option(
            "--source",
            metavar="NAME",
            help='the name checks will cite, e.g. "Meta Q2 2023 Spamouflage"; importing '
            "under a name again replaces what it held",
        ),
    ],
) -> None:
    """Store the indicators of FILE under a source name (refused lines go to FILE.rejects.jsonl)."""
    from services.watchlist import WatchlistError, import_indicators

    store = open_store_for(load_settings(), create=True)
    try:
        report = import_indicators(store, file, source)
    except WatchlistError as exc:
        raise CliError(str(exc)) from None
    finally:
        store.dispose()
    _print_import(report)


def _print_import(report: ImportReport) -> None:
    what = "rows" if report.shape == "table" else "lines"
    replaced = ", replacing its earlier import" if report.replaced else ""
    say(
        f"[bold]{escape(report.path.name)}[/]: read {report.rows:,} {what}, stored "
        f"[green]{report.stored:,}[/] indicators as {escape(repr(report.source))}{replaced} "
        f"({escape(_kinds(report.kinds))})"
        + (f", {report.duplicates:,} repeated" if report.duplicates else "")
        + f", rejected [{'yellow' if report.rejected else 'green'}]{report.rejected:,}[/]"
    )
    for rejected in report.rejects:
        say(f"  line {rejected.line}: {escape(rejected.reason)}")
    if report.rejected > len(report.rejects):
        say(f"  ... and {report.rejected - len(report.rejects):,} more")
    if report.rejects_path is not None:
        say(f"  rejected lines written to {escape(str(report.rejects_path))}")


@watchlist_app.command("list")
def list_sources() -> None:
    """The imported sources, the most recent first."""
    from handlers.cards import when
    from services.watchlist import sources

    store = open_store_for(load_settings())
    try:
        found = sources(store)
    finally:
        store.dispose()
    if not found:
        say("no watchlist sources: import one with cibwatch watchlist import FILE --source NAME")
        return
    for summary in found:
        say(
            f"[bold]{escape(summary.name)}[/]: {summary.indicators:,} indicators "
            f"({escape(_kinds(summary.kinds))}) from {escape(summary.file)}, "
            f"imported {when(summary.imported_ts)}"
        )


@watchlist_app.command("remove")
def remove(
    source: Annotated[
        str,
        typer.Argument(metavar="SOURCE", help="the source's name, as `watchlist list` shows it"),
    ],
) -> None:
    """Drop an imported source and its indicators."""
    from services.watchlist import WatchlistError, remove_source

    store = open_store_for(load_settings())
    try:
        name, removed = remove_source(store, source)
    except WatchlistError as exc:
        raise CliError(str(exc)) from None
    finally:
        store.dispose()
    say(f"removed {escape(repr(name))} ({removed:,} indicators)")
