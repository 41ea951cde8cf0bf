"""The `/cib` slash command: a dispatcher over registered sub-commands.

`/cib NAME ARGS` runs the sub-command registered as NAME (see
`handlers.subcommands`); this module registers `check` and `help`. Every
answer is acked at once: the sub-command's ephemeral reply goes with the ack,
and its slow work runs on the worker pool afterwards. Input cibwatch cannot
read raises a UserError, which `handlers.errors` turns into an ephemeral
message saying what was wrong and what works.
"""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers.checks import answer_with_card
from handlers.errors import UsageError, report, respond_ephemeral
from handlers.notices import checking_notice, help_card
from handlers.runtime import Runtime
from handlers.subcommands import CommandCall, Reply, Subcommands
from storage.ellipsis import cut
from storage.links import Target, TargetKey, parse_target

COMMAND = "/cib"
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
        reply = dispatch(call)  # raises UserError before the ack: answered by handlers.errors
        ack(blocks=reply.blocks, text=reply.text, response_type="ephemeral")
        if reply.then is not None:
            runtime.pool.submit(
                reply.then, on_error=lambda exc: report(exc, respond_ephemeral(respond))
            )

    app.command(COMMAND)(on_command)
