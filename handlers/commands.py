"""The `/cib` slash command: a dispatcher over registered sub-commands.

`/cib NAME ARGS` runs the sub-command registered as NAME (see
`handlers.subcommands`); this module registers `check` and `help`. Every
answer is acked at once: the sub-command's ephemeral reply goes with the ack,
and its slow work runs on the worker pool afterwards. Input cibwatch cannot
read raises a UserError, which `handlers.errors` turns into an ephemeral
message saying what was wrong and what works.

A sub-command runs on the command pool while the listener waits for it at
most ANSWER_WITHIN seconds: one that needs the store while a long write
holds it is acked with "Working on it…" and answers through the
response_url when it can, so the ack never misses Slack's 3 seconds.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers.checks import answer_with_card
from handlers.errors import UsageError, report, respond_ephemeral
from handlers.notices import checking_notice, help_card, working_notice
from handlers.runtime import Runtime
from handlers.subcommands import CommandCall, Reply, Subcommands
from storage.ellipsis import cut
from storage.links import Target, TargetKey, parse_target

log = logging.getLogger(__name__)

COMMAND = "/cib"
#: Seconds the listener waits for a sub-command's answer before acking without it
#: (Slack shows an error when the ack takes over 3 seconds).
ANSWER_WITHIN = 2.0
#: At most this many targets in one `/cib check`.
MAX_CHECK_TARGETS = 20


def split_command(text: str) -> tuple[str, str]:
    """('name', 'the rest') of a `/cib` text; ('', '') when it is empty."""
    parts = text.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""


def usage_hint(subcommands: Subcommands) -> str:
    """The mrkdwn list of what works, for error messages."""
    lines = [f"`{usage}`" for usage, _ in subcommands.usages()]
    return "What works: " + ", ".join(lines) + "."


def dispatch(call: CommandCall) -> Reply:
    """Run the sub-command `call.name` names; raises UsageError for unknown ones."""
    registry = call.runtime.subcommands
    subcommand = registry.get(call.name or "help")
    if subcommand is not None:
        return subcommand.run(call)
    raise UsageError(f"/cib has no sub-command '{cut(call.name, 30)}'.", usage_hint(registry))


def run_help(call: CommandCall) -> Reply:
    """`/cib help`: every sub-command with its usage, and what can be checked."""
    return Reply(help_card(call.runtime.subcommands.usages()), "cibwatch help: /cib check TARGET")


def run_check(call: CommandCall) -> Reply:
    """`/cib check TARGET...`: ack "Checking…", then post the card to the channel."""
    words = call.args.split()
    if not words:
        raise UsageError(
            "Tell me what to check after /cib check.",
            "For example `/cib check @janedoe1234` or `/cib check https://x.com/name/status/123`.",
        )
    if len(words) > MAX_CHECK_TARGETS:
        raise UsageError(
            f"That is {len(words)} targets; /cib check takes at most {MAX_CHECK_TARGETS}.",
            "Split them over several commands.",
        )
    targets = _unique([parse_target(word) for word in words])  # TargetError says what is wrong

    def work() -> None:
        answer_with_card(
            call.runtime,
            call.client,
            targets,
            user=call.user_id,
            channel=call.channel_id,
            whisper=respond_ephemeral(call.respond),
        )

    label = targets[0].label() if len(targets) == 1 else f"{len(targets)} targets"
    return Reply(checking_notice(label), f"Checking {label}…", then=work)


def _unique(targets: list[Target]) -> list[Target]:
    """Each thing named once, in order of first mention."""
    kept: dict[TargetKey, Target] = {}
    for target in targets:
        kept.setdefault(target.key(), target)
    return list(kept.values())


def register(app: App, runtime: Runtime) -> None:
    """Listen for `/cib` and register the built-in sub-commands."""
    runtime.subcommands.add(
        "check",
        run_check,
        usage="/cib check TARGET",
        summary="verdict card for an @handle, a profile or post link, or an article link",
    )
    runtime.subcommands.add("help", run_help, usage="/cib help", summary="this help")

    def on_command(ack: Ack, command: dict, client: WebClient, respond: Respond) -> None:
        name, args = split_command(command.get("text") or "")
        call = CommandCall(
            name=name,
            args=args,
            user_id=command.get("user_id", ""),
            channel_id=command.get("channel_id", ""),
            client=client,
            respond=respond,
            runtime=runtime,
            raw=command,
        )
        pending = runtime.command_pool.begin(lambda: dispatch(call))
        try:
            # A UserError (or BusyError) raised here is before the ack: handlers.errors answers.
            reply = pending.result(timeout=ANSWER_WITHIN)
        except TimeoutError:
            ack(blocks=working_notice(), text="Working on it…", response_type="ephemeral")
            pending.add_done_callback(lambda done: _answer_late(runtime, done, respond))
            return
        ack(blocks=reply.blocks, text=reply.text, response_type="ephemeral")
        _start(runtime, reply, respond)

    app.command(COMMAND)(on_command)


def _start(runtime: Runtime, reply: Reply, respond: Respond) -> None:
    """Hand a reply's slow work to the worker pool (after the ack)."""
    if reply.then is not None:
        runtime.pool.submit(
            reply.then, on_error=lambda exc: report(exc, respond_ephemeral(respond))
        )


def _answer_late(runtime: Runtime, done: Future[Reply], respond: Respond) -> None:
    """Send a sub-command's answer that came after the ack, through the response_url."""
    try:
        error = done.exception()
        if error is not None:
            report(error, respond_ephemeral(respond))
            return
        reply = done.result()
        respond(
            blocks=reply.blocks,
            text=reply.text,
            response_type="ephemeral",
            replace_original=False,
        )
        _start(runtime, reply, respond)
    except Exception:  # on a pool thread, after the ack: the log is all that is left
        log.exception("could not send a late /cib answer")
