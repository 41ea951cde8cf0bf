"""Reviewer actions from the shell: `cibwatch flag`, `unflag` and `export`.

For admins without Slack at hand. Each goes through the same use cases as
the Slack form, `/cib flag`, `/cib unflag` and *Export CSV*
(services.flags, services.exports): a decision is recorded with who, when
and why and moves verdicts exactly as one made in Slack, and the export is
the same CSV.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from bot.cli_common import CliError, check_can_write, load_settings, open_store_for, plural, say

if TYPE_CHECKING:
    from storage.db import Store

#: The decisions a reviewer can record (clearing one is `cibwatch unflag`).
LABELS = ("coordinated", "benign", "watch")
#: Longest reviewer name kept with a decision (the store's column).
MAX_REVIEWER = 64

_Reason = Annotated[
    str,
    typer.Option(
        "--reason", metavar="TEXT", help="why: kept in the history and shown on cards"
    ),
]
_By = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="NAME",
        help="who decides (a name, or a Slack user id such as U024BE7LH to show as a mention)",
        show_default=False,
    ),
]


def flag(
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="the account (@handle, platform:@handle, profile URL) or a post link (flags its author)",
        ),
    ],
    label: Annotated[
        str,
        typer.Option(
            "--label",
            metavar="coordinated|benign|watch",
            help="the decision",
            show_default=False,
        ),
    ],
    by: _By,
    reason: _Reason = "",
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", metavar="URL", help="a link to the evidence (report, archive)"),
    ] = None,
) -> None:
    """Record a reviewer's decision on an account, as the Slack flag form does."""
    from services.flags import FlagError, record_flag
    from storage.links import TargetError

    if label not in LABELS:
        raise CliError(f"--label must be one of {', '.join(LABELS)}, not {label!r}")
    reviewer = _reviewer(by)
    settings = load_settings()
    store = open_store_for(settings)
    try:
        result = record_flag(store, target, label, reviewer, reason, evidence_url=evidence)
        _say_decision(store, target, result.label, result.accounts, reviewer)
    except (FlagError, TargetError) as exc:
        raise CliError(str(exc)) from None
    finally:
        store.dispose()


def unflag(
    target: Annotated[
        str, typer.Argument(metavar="TARGET", help="the account or post link whose decision to clear")
    ],
    by: _By,
    reason: _Reason = "",
) -> None:
    """Clear a decision: the account counts as unreviewed again (the history keeps it)."""
    from services.flags import FlagError, clear_flag
    from storage.links import TargetError

    reviewer = _reviewer(by)
    settings = load_settings()
    store = open_store_for(settings)
    try:
        result = clear_flag(store, target, reviewer, reason)
        _say_decision(store, target, result.label, result.accounts, reviewer)
    except (FlagError, TargetError) as exc:
        raise CliError(str(exc)) from None
    finally:
        store.dispose()


def _reviewer(by: str) -> str:
    name = by.strip()
    if not name:
        raise CliError("--by needs a name: decisions are recorded with who made them")
    if len(name) > MAX_REVIEWER:
        raise CliError(f"--by: a name of at most {MAX_REVIEWER} characters")
    return name


def _say_decision(
    store: Store, target: str, label: str, accounts: list[str], reviewer: str
) -> None:
    """Say what was recorded, and the target's verdict now that it counts."""
    from services.checks import check_target

    shown = ", ".join(accounts[:5]) + (f" and {len(accounts) - 5} more" if len(accounts) > 5 else "")
    say(f"recorded [bold]{escape(label)}[/] by {escape(reviewer)} on {escape(shown)}")
    from detection.verdict import NOT_SWEPT

    verdict = check_target(store, target)
    if verdict.headline == NOT_SWEPT:
        say(f"{escape(target)}: not swept yet, so it has no verdict (run cibwatch sweep)")
        return
    say(f"{escape(target)} is now {escape(verdict.headline)} ({verdict.score:.2f})")


def export(
    target: Annotated[
        str,
        typer.Argument(metavar="TARGET", help="an account or post link: its cluster is exported"),
    ],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="where to write the CSV (default: the name Slack gives it, in this folder)",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Write the CSV that Export CSV shares in Slack: the cluster's accounts and their posts."""
    from services.exports import ExportError, export_accounts
    from storage.links import TargetError

    if out_file is not None:
        check_can_write(out_file)
    settings = load_settings()
    store = open_store_for(settings)
    try:
        made = export_accounts(store, target)
    except (ExportError, TargetError) as exc:
        raise CliError(f"nothing to export: {exc}") from None
    finally:
        store.dispose()
    path = out_file or Path(made.filename)
    try:
        path.write_bytes(made.content)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
    what = f"cluster #{made.cluster_id}" if made.cluster_id is not None else escape(made.target)
    say(
        f"wrote {what}: {plural(made.accounts, 'account')}, {plural(made.posts, 'post')} "
        f"(at most {made.posts_per_account} newest per account) to {escape(str(path))}"
    )


def register(app: typer.Typer) -> None:
    """Add `flag`, `unflag` and `export` to the CLI."""
    app.command()(flag)
    app.command()(unflag)
    app.command()(export)
