"""The `cibwatch` command: a thin face over the same use cases (services/) the Slack handlers use."""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from bot.settings import Settings
from bot.terminal import render_verdict
from detection.sweep import DetectionConfig
from detection.verdict import Level, Verdict
from services.checks import check_target
from services.resolver import LinkResolver
from services.sweeps import SweepBusy, run_sweep, write_sweep_csv
from storage.db import Store, StoreError, open_store
from storage.formats import catalog
from storage.formats.mapped import MapError, mapped_format, parse_map
from storage.formats.registry import Format, UnknownFormatError
from storage.formats.sources import Source, SourceError, expand
from storage.ingest import IngestError, IngestReport, ingest_source
from storage.links import TargetError

if TYPE_CHECKING:
    from services.pictures import Picture

app = typer.Typer(
    help="cibwatch: checks accounts and links for coordinated inauthentic behaviour.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console()
err = Console(stderr=True, soft_wrap=True)


def say(text: str) -> None:
    """One line of output, never wrapped (scripts read these lines)."""
    out.print(text, soft_wrap=True)


class CliError(Exception):
    """An error the user can act on: printed as one line, exit code 1."""


def _store(settings: Settings) -> Store:
    return open_store(settings.db_url)


@app.command()
def ingest(
    files: Annotated[
        list[Path],
        typer.Argument(help="files (JSONL, JSON or CSV, optionally .gz), .zip archives or folders"),
    ],
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="read every file as this format instead of telling it from the content: "
            + ", ".join(catalog.names()),
        ),
    ] = None,
    column_map: Annotated[
        str | None,
        typer.Option(
            "--map",
            help="read CSV files with their own column names: field=column pairs, and "
            "field:=value for one value in every row, e.g. "
            "post_id=id,author_handle=user,posted_at=created,platform:=x",
        ),
    ] = None,
) -> None:
    """Load post records into the store (idempotent; bad records go to FILE.rejects.jsonl).

    The format of each file is told from its first lines (CSV header, first
    JSON object) unless --format names it. A file that cannot be read to its
    end is one line on stderr; the next file is still loaded, and the exit
    code is 1.
    """
    if format_name is not None and column_map is not None:
        raise CliError("--map reads a CSV with its own column names: leave --format out")
    try:
        fmt = catalog.by_name(format_name) if format_name is not None else None
        if column_map is not None:
            fmt = mapped_format(parse_map(column_map))
        sources = expand(files)
    except (UnknownFormatError, MapError, SourceError) as exc:
        raise CliError(str(exc)) from None
    store = _store(Settings())
    failed = False
    for source in sources:
        try:
            report = _ingest_one(store, source, fmt)
        except IngestError as exc:
            if exc.report.read:
                _print_ingest(exc.report)
            err.print(f"[red]error:[/] {escape(str(exc))}")
            failed = True
            continue
        except OSError as exc:  # unreadable: permissions, a disk error
            err.print(f"[red]error:[/] cannot read {escape(source.label)}: {escape(str(exc))}")
            failed = True
            continue
        _print_ingest(report)
        failed = failed or report.loaded + report.already_present == 0 and report.read > 0
    store.dispose()
    if failed:
        raise typer.Exit(1)


def _ingest_one(store: Store, source: Source, fmt: Format | None) -> IngestReport:
    """Ingest one source with a progress bar on stderr (when it is a terminal)."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task(escape(Path(source.label).name), total=None)
        return ingest_source(
            store,
            source,
            fmt=fmt,
            on_progress=lambda done, total, task=task: progress.update(
                task, completed=done, total=total
            ),
        )


def _print_ingest(report: IngestReport) -> None:
    accounts = " accounts" if report.kind == "accounts" else ""
    say(
        f"[bold]{escape(str(report.path))}[/]: read {report.read:,}, "
        f"loaded [green]{report.loaded:,}[/]{accounts}, already present {report.already_present:,}, "
        + (f"conflicting duplicates [red]{report.conflicting:,}[/], " if report.conflicting else "")
        + f"rejected [{'red' if report.rejected else 'green'}]{report.rejected:,}[/]"
        + (f" (read as {report.format})" if report.format != "records" else "")
    )
    for rejected in report.rejects:
        say(f"  line {rejected.line}: {escape(rejected.reason)}")
    listed = report.rejected + report.conflicting
    if listed > len(report.rejects):
        say(f"  ... and {listed - len(report.rejects):,} more")
    if report.rejects_path:
        say(f"  rejected records written to {escape(str(report.rejects_path))}")


@app.command()
def sweep(
    out_file: Annotated[
        Path | None, typer.Option("--out", help="write one CSV row per account here")
    ] = None,
    force: Annotated[
        bool, typer.Option(help="sweep even if no posts arrived since the last one")
    ] = False,
) -> None:
    """Score every account in the store; --out writes one CSV row per account, flags applied."""
    if out_file is not None:
        _check_can_write(out_file)  # before the sweep, which can take minutes
    settings = Settings()
    store = _store(settings)
    try:
        summary = run_sweep(
            store, DetectionConfig(operator_zone=settings.operator_timezone), force=force
        )
    except SweepBusy as exc:
        store.dispose()
        started = datetime.fromtimestamp(exc.since_ts, UTC) if exc.since_ts else None
        since = f" since {started:%Y-%m-%d %H:%M} UTC" if started else ""
        raise CliError(
            f"another sweep of this store is running{since} (one at a time); "
            "try again when it ends"
        ) from None
    if summary.skipped:
        say("no new posts since the last sweep; its results stand (use --force to redo)")
    else:
        how = (
            "from scratch"
            if summary.from_scratch
            else f"{summary.new_posts:,} new posts, {summary.redone_keys:,} keys redone"
        )
        say(
            f"swept {summary.accounts:,} accounts and {summary.posts:,} posts ({how}): "
            f"{summary.bursts:,} bursts, {summary.clusters:,} clusters, "
            f"[red]{summary.likely:,}[/] likely coordinated, [yellow]{summary.suspicious:,}[/] suspicious"
        )
    if out_file is not None:
        try:
            rows = write_sweep_csv(store, out_file)
        except OSError as exc:
            store.dispose()
            raise CliError(f"cannot write {out_file}: {exc.strerror or exc}") from None
        say(f"wrote {rows:,} accounts to {escape(str(out_file))}")
    store.dispose()


def _check_can_write(path: Path) -> None:
    """Refuse an output file that cannot be created, with a reason the user can act on."""
    if path.is_dir():
        raise CliError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(f"cannot write {path}: permission denied")


@app.command()
def check(
    target: Annotated[
        str, typer.Argument(help="@handle, platform:@handle, a profile, post or article URL")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="print the verdict as JSON")] = False,
    pictures: Annotated[
        Path | None,
        typer.Option(
            "--pictures",
            help="also write the cluster graph, posting-hours heatmap and push timeline "
            "(PNG) into this folder",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Print the verdict for an account, post or article link."""
    settings = Settings()
    store = _store(settings)
    resolver = LinkResolver(store=store) if settings.fetch_links else None
    drawn: list[Picture] = []
    try:
        verdict = check_target(store, target, resolver=resolver)
        if pictures is not None:
            from services.pictures import render_pictures

            drawn = render_pictures(
                store,
                verdict,
                timezone=settings.timezone,
                operator_zone=settings.operator_timezone,
            )
    except TargetError as exc:
        raise CliError(str(exc)) from None
    finally:
        if resolver is not None:
            resolver.close()
        store.dispose()
    if as_json:
        sys.stdout.write(
            orjson.dumps(verdict.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"
        )
    else:
        render_verdict(out, verdict)
    if pictures is not None:
        # With --json, stdout carries only the JSON: the pictures are reported on stderr.
        _report_pictures(err if as_json else out, verdict, drawn, pictures)


def _report_pictures(
    console: Console, verdict: Verdict, drawn: list[Picture], folder: Path
) -> None:
    """Write the drawn pictures into `folder` and say where, with each one's alt text."""
    from services.pictures import write_pictures

    if not drawn:
        why = (
            "nothing to draw: the target is not in the store"
            if verdict.level is Level.NOT_IN_STORE
            else "no picture could be drawn (see the warnings above)"
        )
        console.print(f"pictures: {why}", soft_wrap=True)
        return
    try:
        paths = write_pictures(drawn, folder)
    except OSError as exc:
        raise CliError(f"cannot write pictures to {folder}: {exc}") from None
    console.print(f"wrote {len(paths)} pictures to {escape(str(folder))}:", soft_wrap=True)
    for path, picture in zip(paths, drawn, strict=True):
        console.print(f"  {escape(path.name)}: {escape(picture.alt_text)}", soft_wrap=True)


@app.command()
def demo(
    db: Annotated[
        Path | None, typer.Option(help="keep the demo store in this SQLite file (default: a temporary one)")
    ] = None,
    pictures: Annotated[
        Path,
        typer.Option(
            "--pictures",
            help="write the network member's evidence pictures (PNG) into this folder",
            file_okay=False,
        ),
    ] = Path("cibwatch-demo-pictures"),
) -> None:
    """A first run without Slack: load sample data, sweep, show cards, a flag and a digest."""
    from bot.demo import DemoError, run_demo

    try:
        run_demo(out, db, pictures)
    except DemoError as exc:
        raise CliError(str(exc)) from None


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending schema migrations to the store."""
    store = _store(Settings())
    say(f"store is up to date ({store.dialect})")
    store.dispose()


def main() -> None:
    """Entry point of the console script: turns known errors into one line."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except (CliError, StoreError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted: what was loaded so far is kept; run the same command again")
        sys.exit(130)


# --- the bot: HTTP mode and Socket Mode -------------------------------------
# Imported inside the commands so `cibwatch ingest` and friends do not load Bolt and uvicorn.


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="port to listen on", envvar="PORT")] = 3000,
    host: Annotated[str, typer.Option(help="address to bind")] = "0.0.0.0",
) -> None:
    """Run the Slack bot in HTTP mode: POST /slack/events, GET /healthz."""
    from bot.app import StartupError
    from bot.server import serve_http

    try:
        serve_http(Settings(), host, port)
    except StartupError as exc:
        raise CliError(str(exc)) from None
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after its graceful shutdown
        err.print("stopped")


@app.command("socket")
def socket_mode() -> None:
    """Run the Slack bot in Socket Mode (needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN)."""
    from slack_sdk.errors import SlackApiError

    from bot.app import StartupError
    from bot.server import serve_socket_mode

    try:
        serve_socket_mode(Settings())
    except StartupError as exc:
        raise CliError(str(exc)) from None
    except SlackApiError as exc:
        raise CliError(
            f"Slack refused the Socket Mode connection ({exc.response.get('error')}): "
            "check SLACK_APP_TOKEN"
        ) from None
    except KeyboardInterrupt:
        err.print("stopped")
