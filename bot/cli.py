"""The `cibwatch` command: a thin face over the same use cases (services/) the Slack handlers use.

This module builds the app and holds the data commands (ingest, sweep, demo,
db) and the bot's entry points; the other command groups live beside it,
one module each with register(app): bot/cli_check.py, bot/cli_status.py,
bot/cli_review.py (flag, unflag, export) and bot/cli_digest.py. What they
share (output, errors, settings, opening the store) is bot/cli_common.py.

Start-up matters: a script may run `cibwatch check` thousands of times, so
nothing heavy is imported here or at the top of the command modules. Each
command imports the database layer, detection, Slack or matplotlib inside
itself, when it runs (README, "Speed and quality", has the figures).
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from bot import cli_check, cli_digest, cli_review, cli_status
from bot.cli_common import (
    CliError,
    CliInterrupted,
    check_can_write,
    duration_text,
    err,
    load_settings,
    open_store_for,
    out,
    parse_span,
    say,
)
from bot.cli_watchlist import watchlist_app

if TYPE_CHECKING:
    import click

    from services.sweeps import SweepSummary
    from storage.db import Store
    from storage.formats.registry import Format
    from storage.formats.sources import Source
    from storage.ingest import IngestReport

__all__ = ["CliError", "app", "err", "main", "out", "say"]


def _names_not_types(params: list[Any]) -> list[Any]:
    """Show each parameter by its name alone (`--out FILE`), not a Python type (`<path>`, `<bool>`).

    Typer prints the annotation of every parameter in help; analysts need the
    words of the help text, not `<list[Path]>`. An option shows its metavar
    when it has one (FILE, DIR, WHEN), a flag or an argument nothing more.
    """
    for param in params:
        if getattr(param, "_cibwatch_plain", False):
            continue
        shown = None if param.param_type_name == "argument" or param.is_flag else param.metavar
        param.display_type_rich = lambda ctx, shown=shown: shown
        param._cibwatch_plain = True
    return params


class _Group(TyperGroup):
    """The app's group: help without type hints for itself and every command below it."""

    def get_params(self, ctx: click.Context) -> list[Any]:
        return _names_not_types(super().get_params(ctx))

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; Ctrl-C becomes one line and exit code 130.

        Caught here because Typer turns a KeyboardInterrupt into a silent
        exit 130 before `main` could see it.
        """
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            said = str(exc) if isinstance(exc, CliInterrupted) else ""
            err.print(f"interrupted: {escape(said)}" if said else "interrupted", highlight=False)
            raise typer.Exit(130) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        _plain_tree(command, ctx)
        return command


def _plain_tree(command: Any, ctx: click.Context) -> None:
    if command is None:
        return
    _names_not_types(command.get_params(ctx))
    for sub in getattr(command, "commands", {}).values():
        _plain_tree(sub, ctx)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        say(f"cibwatch {version('cibwatch')}")
        raise typer.Exit()


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="print the version and exit"
        ),
    ] = None,
) -> None:
    """cibwatch: checks accounts and links for coordinated inauthentic behaviour.

    Every command uses the store that DATABASE_URL names, else cibwatch.db in the
    current folder, and says which.
    """


db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


#: The --format names, as storage.formats.catalog.names() gives them (a test keeps the two
#: equal): written out so that `cibwatch --help` need not import every format reader.
FORMAT_NAMES = (
    "twitter-io",
    "twitter-io-users",
    "twarc2",
    "twarc-csv",
    "tweet-v1",
    "telegram-desktop",
    "telethon",
    "4cat",
    "crowdtangle",
    "youtube-comments",
    "bluesky-jetstream",
    "mastodon",
    "records",
)


@app.command()
def ingest(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="files (JSONL, JSON or CSV, optionally .gz), .zip archives or folders",
        ),
    ],
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="NAME",
            help="read every file as this format instead of telling it from the content: "
            + ", ".join(FORMAT_NAMES),
        ),
    ] = None,
    column_map: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN,...",
            help="read CSV files with their own column names: field=column pairs, and "
            "field:=value for one value in every row, e.g. "
            "post_id=id,author_handle=user,posted_at=created,platform:=x",
        ),
    ] = None,
) -> None:
    """Load post records into the store, creating it if needed (bad records go to FILE.rejects.jsonl).

    Loading is idempotent: a record already stored is counted, not loaded
    twice. The format of each file is told from its first lines (CSV header,
    first JSON object) unless --format names it. A file that cannot be read
    to its end is one line on stderr; the next file is still loaded, and the
    exit code is 1.
    """
    from storage.formats import catalog
    from storage.formats.mapped import MapError, mapped_format, parse_map
    from storage.formats.registry import UnknownFormatError
    from storage.formats.sources import SourceError, expand
    from storage.ingest import IngestError, IngestInterrupted

    if format_name is not None and column_map is not None:
        raise CliError("--map reads a CSV with its own column names: leave --format out")
    try:
        fmt = catalog.by_name(format_name) if format_name is not None else None
        if column_map is not None:
            fmt = mapped_format(parse_map(column_map))
        sources = expand(files)
    except (UnknownFormatError, MapError, SourceError) as exc:
        raise CliError(str(exc)) from None
    store = open_store_for(load_settings(), create=True)
    failed = False
    for source in sources:
        try:
            report = _ingest_one(store, source, fmt)
        except IngestInterrupted as stop:
            store.dispose()
            raise CliInterrupted(_interrupted_line(stop.report)) from None
        except KeyboardInterrupt:  # a second Ctrl-C, while the first was being wound up
            raise CliInterrupted(
                "whole batches loaded so far are kept; run the same command again to go on "
                "(records already stored are skipped)"
            ) from None
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
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from storage.ingest import ingest_source

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


def _interrupted_line(report: IngestReport) -> str:
    """What an ingest stopped by Ctrl-C leaves: whole batches only, and how to go on."""
    loaded = f"{report.loaded:,} {'accounts' if report.kind == 'accounts' else 'records'}"
    return (
        f"{report.path}: {loaded} stored (whole batches, none half-loaded); "
        "run the same command again to go on (records already stored are skipped)"
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
        Path | None,
        typer.Option("--out", metavar="FILE", help="write one CSV row per account here"),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="sweep from scratch, even if no posts arrived since the last sweep"
        ),
    ] = False,
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            metavar="SPAN",
            help="keep running and sweep every SPAN (90s, 15m, 1h), one sweep at a time per store",
        ),
    ] = None,
) -> None:
    """Score every account in the store; --out writes one CSV row per account, flags applied.

    The first sweep starts from scratch; later ones redo only what new posts
    changed. On a terminal, each stage is shown as it ends. With --every it
    keeps running as the store's sweep worker until Ctrl-C or SIGTERM.
    """
    from detection.sweep import DetectionConfig
    from services.sweeps import SweepBusy, run_sweep, write_sweep_csv

    if every is not None:
        if out_file is not None or force:
            raise CliError("--every runs sweeps as posts arrive: use --out and --force without it")
        _sweep_every(parse_span(every, option="--every"), every.strip())
        return
    if out_file is not None:
        check_can_write(out_file)  # before the sweep, which can take minutes
    settings = load_settings()
    store = open_store_for(settings)
    config = DetectionConfig(operator_zone=settings.operator_timezone)
    progress = _SweepProgress()
    try:
        with progress:
            summary = run_sweep(store, config, force=force, on_stage=progress.stage_done)
    except KeyboardInterrupt:  # the lease released, the results stored whole or not at all
        store.dispose()
        raise CliInterrupted(
            "the sweep had stored its results before the stop (cibwatch status shows them)"
            if progress.stored
            else "the sweep stopped before storing anything; the last finished sweep's "
            "results stand (run cibwatch sweep again to sweep)"
        ) from None
    except SweepBusy as exc:
        store.dispose()
        raise CliError(
            f"another sweep of this store is running{_since(exc.since_ts)} (one at a time); "
            "try again when it ends"
        ) from None
    if summary.skipped:
        say("no new posts since the last sweep; its results stand (use --force to redo)")
    else:
        say(_swept_line(summary))
    if out_file is not None:
        try:
            rows = write_sweep_csv(store, out_file)
        except OSError as exc:
            store.dispose()
            raise CliError(f"cannot write {out_file}: {exc.strerror or exc}") from None
        say(f"wrote {rows:,} accounts to {escape(str(out_file))}")
    store.dispose()


def _since(ts: int | None) -> str:
    """` since 2026-12-06 14:05 UTC`, or nothing when the start is not known."""
    return f" since {datetime.fromtimestamp(ts, UTC):%Y-%m-%d %H:%M} UTC" if ts else ""


def _swept_line(summary: SweepSummary) -> str:
    how = (
        "from scratch"
        if summary.from_scratch
        else f"{summary.new_posts:,} new posts, {summary.redone_keys:,} keys redone"
    )
    return (
        f"swept {summary.accounts:,} accounts and {summary.posts:,} posts ({how}): "
        f"{summary.bursts:,} bursts, {summary.clusters:,} clusters, "
        f"[red]{summary.likely:,}[/] likely coordinated, [yellow]{summary.suspicious:,}[/] suspicious"
    )


class _Terminated(KeyboardInterrupt):
    """SIGTERM, taken as Ctrl-C: what `docker stop` or systemd send to end the worker."""


def _terminate(_signum: int, _frame: object) -> None:
    raise _Terminated()


def _sweep_every(every: int, said: str) -> None:
    """`cibwatch sweep --every SPAN`: the sweep worker, one line per round, until stopped.

    SIGTERM is taken as Ctrl-C: a sweep in progress is abandoned (nothing of
    it stored) and its lease released. SIGTERM is a service manager's
    ordinary stop and exits 0; Ctrl-C exits 130, as any interrupted command.
    """
    import signal

    from detection.sweep import DetectionConfig
    from services.sweep_worker import SweepRound, run_worker

    settings = load_settings()
    store = open_store_for(settings)
    say(f"sweeping every {escape(said)}; Ctrl-C or SIGTERM stops")

    def report(done: SweepRound) -> None:
        stamp = f"{datetime.fromtimestamp(done.started, UTC):%H:%M:%S}"
        if done.problem is not None:
            say(f"{stamp} round failed: {escape(done.problem)}; trying again next round")
        elif done.summary is None:
            since = _since(done.busy_since)
            say(f"{stamp} another sweep of this store is running{since}: round skipped")
        elif done.summary.skipped:
            say(f"{stamp} no new posts since the last sweep")
        else:
            say(f"{stamp} {_swept_line(done.summary)}")

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        run_worker(
            store,
            every,
            config=DetectionConfig(operator_zone=settings.operator_timezone),
            on_round=report,
        )
    except _Terminated:
        err.print("stopped")
    except KeyboardInterrupt:
        raise CliInterrupted(
            "the sweep worker stopped (a sweep in progress is abandoned, nothing of it stored)"
        ) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        store.dispose()


class _SweepProgress:
    """The stages of a running sweep on stderr, when it is a terminal (as ingest's bar).

    A spinner with the time spent so far; each stage that ends leaves a line
    with its time. Nothing is shown when stderr is a file or a pipe.
    """

    def __init__(self) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        self.task = self.progress.add_task("sweeping", total=None)
        self.stored = False  # whether the sweep's results are in the store

    def __enter__(self) -> _SweepProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def stage_done(self, stage: str, seconds: float) -> None:
        """Leave a line for a finished stage; the spinner goes on to the next."""
        self.stored = self.stored or stage == "store"
        if self.progress.disable:
            return
        self.progress.console.print(
            f"  [dim]{escape(stage)}: {duration_text(seconds)}[/]", highlight=False
        )
        self.progress.update(self.task, description=f"sweeping (after {escape(stage)})")


# `cibwatch -h` lists commands in the order they are added: data in (above), answers
# and reviewer actions (their own modules), then the first run, the bot and maintenance
# (below); command groups (digest, db) come last.
cli_check.register(app)
cli_status.register(app)
cli_review.register(app)
cli_digest.register(app)


@app.command()
def demo(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="FILE",
            help="keep the demo store in this SQLite file (default: a temporary one)",
        ),
    ] = None,
    pictures: Annotated[
        Path,
        typer.Option(
            "--pictures",
            metavar="DIR",
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
    """Create the store if needed and apply pending schema migrations to it."""
    store = open_store_for(load_settings(), create=True)
    say(f"store is up to date ({store.dialect})")
    store.dispose()


app.add_typer(db_app, name="db")
app.add_typer(watchlist_app, name="watchlist")


# --- the bot: HTTP mode and Socket Mode -------------------------------------
# Imported inside the commands so `cibwatch ingest` and friends do not load Bolt and uvicorn.
# The bot names its store in its start-up log line, once its settings are known to be whole.


@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", metavar="N", help="port to listen on", envvar="PORT")
    ] = 3000,
    host: Annotated[
        str, typer.Option("--host", metavar="ADDRESS", help="address to bind")
    ] = "0.0.0.0",
) -> None:
    """Run the Slack bot in HTTP mode: POST /slack/events, GET /healthz."""
    from bot.app import StartupError
    from bot.server import serve_http

    settings = load_settings()
    try:
        serve_http(settings, host, port)
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

    settings = load_settings()
    try:
        serve_socket_mode(settings)
    except StartupError as exc:
        raise CliError(str(exc)) from None
    except SlackApiError as exc:
        raise CliError(
            f"Slack refused the Socket Mode connection ({exc.response.get('error')}): "
            "check SLACK_APP_TOKEN"
        ) from None
    except KeyboardInterrupt:
        err.print("stopped")


def main() -> None:
    """Entry point of the console script: turns known errors into one line."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _names_as_given()
    try:
        app(prog_name="cibwatch")
    except CliError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:  # before or after a command runs (during one: _Group.invoke)
        err.print("interrupted")
        sys.exit(130)
    except BrokenPipeError:  # `cibwatch check --from big.txt | head`: the reader had enough
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:
        # Imported here: only a failing command pays for them.
        from sqlalchemy.exc import DBAPIError

        from storage.db import StoreError, work_failure

        if isinstance(exc, StoreError):
            _fail(str(exc))
        if isinstance(exc, DBAPIError):  # locked past the wait, disk full, file damaged
            _fail(str(work_failure(exc)))
        raise


def _names_as_given() -> None:
    """Let file names that are not UTF-8 be printed back as the user gave them.

    Python hands such a name (`caf\xe9.csv` from a Latin-1 disk) to the
    program with stand-ins for its bad bytes; a UTF-8 terminal would refuse
    to print them and end the command with a traceback. They are written
    back as the same bytes instead, as `ls` shows them.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/] {escape(message)}")
    sys.exit(1)
