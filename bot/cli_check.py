"""`cibwatch check`: verdicts from the shell, for one target or many in one process.

One target prints its card (or, with --json, the verdict as indented JSON:
a contract outside scripts rely on). Several targets, or --from FILE, print
one line each in the order given, or one JSON object per line with --json,
so a list of thousands is answered by one process instead of one start-up
per target. A target that cannot be read gets its own error line; the
others are still answered, and the exit code is 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from bot.cli_common import CliError, err, load_settings, open_store_for, out, say

if TYPE_CHECKING:
    from rich.console import Console

    from detection.verdict import Verdict
    from services.pictures import Picture
    from services.resolver import LinkResolver
    from storage.db import Store
    from storage.links import Target

#: Colour of each level in one-line answers.
_LEVEL_STYLE = {
    "Likely coordinated": "red",
    "Suspicious": "yellow",
    "No coordination signal": "green",
    "Not in store": "bright_black",
    "Not swept yet": "bright_black",
}


def check(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TARGET",
            help="@handle, platform:@handle, a profile, post or article URL; several at once",
            show_default=False,
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="also check each line of FILE (- reads standard input); "
            "blank lines and lines starting with # are skipped",
            dir_okay=False,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="print the verdict as JSON; for several targets one JSON object a line"
        ),
    ] = False,
    pictures: Annotated[
        Path | None,
        typer.Option(
            "--pictures",
            metavar="DIR",
            help="also write the cluster graph, posting-hours heatmap and push timeline "
            "(PNG) into this folder (one target only)",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Print the verdict for accounts, posts or article links: a card, or one line each."""
    given = list(targets or [])
    if from_file is not None:
        given += _read_targets(from_file)
    if not given:
        raise CliError("name a target to check (e.g. cibwatch check @janedoe1234), or --from FILE")
    if len(given) == 1 and from_file is None:
        _check_one(given[0], as_json=as_json, pictures=pictures)
        return
    if pictures is not None:
        raise CliError("--pictures draws one target's pictures: check that target on its own")
    if not _check_many(given, as_json=as_json):
        raise typer.Exit(1)


def _read_targets(path: Path) -> list[str]:
    """The targets in a file (or standard input), one a line, without blanks and # comments."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text: write one target a line") from None
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _check_one(text: str, *, as_json: bool, pictures: Path | None) -> None:
    """The card of one target, or its verdict as indented JSON (unchanged: scripts read it)."""
    import orjson

    from services.checks import check_parsed
    from storage.links import TargetError, parse_target

    try:
        target = parse_target(text)
    except TargetError as exc:
        raise CliError(str(exc)) from None
    settings = load_settings()
    # With --json, stdout carries only the JSON: which store is said on stderr.
    store = open_store_for(settings, announce=err if as_json else out)
    resolver = _resolver(store, [target]) if settings.fetch_links else None
    drawn: list[Picture] = []
    try:
        verdict = check_parsed(store, target, resolver=resolver)
        if pictures is not None:
            from services.pictures import render_pictures

            drawn = render_pictures(
                store,
                verdict,
                timezone=settings.timezone,
                operator_zone=settings.operator_timezone,
            )
    except TargetError as exc:  # a link that resolves to something unreadable
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
        from bot.terminal import render_verdict

        render_verdict(out, verdict)
    if pictures is not None:
        # With --json, stdout carries only the JSON: the pictures are reported on stderr.
        _report_pictures(err if as_json else out, verdict, drawn, pictures)


def _check_many(texts: list[str], *, as_json: bool) -> bool:
    """One line per target, in order; False when any target could not be read."""
    import orjson

    from services.checks import check_parsed
    from storage.links import TargetError, parse_target

    parsed: list[Target | str] = []
    for text in texts:
        try:
            parsed.append(parse_target(text))
        except TargetError as exc:
            parsed.append(str(exc))
    settings = load_settings()
    store = open_store_for(settings, announce=err if as_json else out)
    targets = [t for t in parsed if not isinstance(t, str)]
    resolver = _resolver(store, targets) if settings.fetch_links else None
    failed = False
    try:
        for text, target in zip(texts, parsed, strict=True):
            problem = target if isinstance(target, str) else None
            if not isinstance(target, str):
                try:
                    verdict = check_parsed(store, target, resolver=resolver)
                except TargetError as exc:  # a link that resolves to something unreadable
                    problem = str(exc)
            if problem is not None:
                failed = True
                _say_error(text, problem, as_json=as_json)
            elif as_json:
                _write_json_line(orjson.dumps({"input": text, **verdict.to_dict()}))
            else:
                say(f"{escape(text)}: {_one_line(verdict)}")
    finally:
        if resolver is not None:
            resolver.close()
        store.dispose()
    return not failed


def _say_error(text: str, problem: str, *, as_json: bool) -> None:
    if as_json:
        import orjson

        _write_json_line(orjson.dumps({"input": text, "error": problem}))
    else:
        say(f"{escape(text)}: [red]error:[/] {escape(problem)}")


def _write_json_line(line: bytes) -> None:
    sys.stdout.write(line.decode() + "\n")


def _one_line(verdict: Verdict) -> str:
    """`Likely coordinated 0.87, cluster #3 of 8 accounts`, or `Not swept yet` (rich markup)."""
    from detection.verdict import NOT_SWEPT

    level = verdict.headline  # as the card's header: no score before a sweep gives one
    text = f"[{_LEVEL_STYLE.get(level, 'default')}]{escape(level)}[/]"
    if level == NOT_SWEPT:
        return text
    if verdict.accounts or verdict.cluster is not None:
        text += f" {verdict.score:.2f}"
    if verdict.cluster is not None:
        text += f", cluster #{verdict.cluster.id} of {verdict.cluster.size:,} accounts"
    return text


def _resolver(store: Store, targets: list[Target]) -> LinkResolver | None:
    """A link resolver when some target is a link (accounts typed as @handle never need one)."""
    if all(t.url is None for t in targets):
        return None
    from services.resolver import LinkResolver

    return LinkResolver(store=store)


def _report_pictures(
    console: Console, verdict: Verdict, drawn: list[Picture], folder: Path
) -> None:
    """Write the drawn pictures into `folder` and say where, with each one's alt text."""
    from detection.verdict import Level
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


def register(app: typer.Typer) -> None:
    """Add `check` to the CLI."""
    app.command()(check)
