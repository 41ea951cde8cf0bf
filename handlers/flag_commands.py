"""`/cib flag` and `/cib unflag`: a reviewer's decision typed as a subcommand.

Both end in `services.flags` (`record_flags`, `clear_flag`) like the review
form (handlers.review), and answer with an ephemeral notice and the target's
card as it now reads. The ack says "Recording…" at once; the decision is
recorded on the pool, after the reviewer check. Each request records under a
key made from its trigger id, the user, the target and the label, so a
replayed request records nothing more.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App
from slack_sdk.models.blocks import Block

from detection.verdict import Level
from handlers.cards import MAX_BLOCKS, verdict_card
from handlers.errors import UsageError, UserError
from handlers.flag_views import decision_notice, decision_summary, review_notice
from handlers.mrkdwn import code
from handlers.runtime import Runtime
from handlers.slack_text import readable
from handlers.subcommands import CommandCall, Reply
from services.checks import check_target
from services.flags import FlagError, FlagResult, clear_flag, record_flags, request_key
from storage.ellipsis import cut
from storage.links import parse_target

FLAG_USAGE = "/cib flag TARGET [reason]"
UNFLAG_USAGE = "/cib unflag TARGET [reason]"


def _split(call: CommandCall, usage: str, example: str) -> tuple[str, str]:
    words = call.args.split(None, 1)
    if not words:
        raise UsageError(
            f"Tell me which account after /cib {call.name}.", f"For example `{example}`."
        )
    target = parse_target(words[0])  # TargetError says what is wrong
    if target.kind == "article":
        raise UsageError(
            "An article link cannot be flagged: flag the accounts that pushed it.",
            f"Use `{usage}` with an @handle, a profile link or a post link.",
        )
    return words[0], readable(words[1]) if len(words) > 1 else ""


def _refuse_known(call: CommandCall) -> None:
    """Refuse before the ack when the caller is known not to be a reviewer."""
    if call.runtime.access.known(call.user_id) is False:
        call.runtime.access.refuse(call.user_id, f"/cib {call.name}")


def _command_key(call: CommandCall, target: str, label: str) -> str:
    """The key of one `/cib flag` or `/cib unflag` request: a replay of it has the same one."""
    once = str(call.raw.get("trigger_id") or call.raw.get("response_url") or "")
    return request_key("command", once, call.user_id, target, label)


def run_flag(call: CommandCall) -> Reply:
    """`/cib flag TARGET [reason]`: record "coordinated" on the account (a post: its author)."""
    target, reason = _split(call, FLAG_USAGE, "/cib flag @janedoe1234 same texts as the June push")
    _refuse_known(call)
    key = _command_key(call, target, "coordinated")
    return _recording(
        call,
        target,
        lambda: record_flags(
            call.runtime.store,
            [target],
            "coordinated",
            call.user_id,
            reason,
            channel=call.channel_id,
            request_key=key,
        ),
        reason,
    )


def run_unflag(call: CommandCall) -> Reply:
    """`/cib unflag TARGET [reason]`: record "cleared"; the account counts as unreviewed again."""
    target, reason = _split(call, UNFLAG_USAGE, "/cib unflag @janedoe1234 a real person after all")
    _refuse_known(call)
    key = _command_key(call, target, "cleared")
    return _recording(
        call,
        target,
        lambda: clear_flag(
            call.runtime.store,
            target,
            call.user_id,
            reason,
            channel=call.channel_id,
            request_key=key,
        ),
        reason,
    )


def _recording(
    call: CommandCall, target: str, record: Callable[[], FlagResult], reason: str
) -> Reply:
    """Answer "Recording…" now; then the reviewer check, `record()` and the answer, on the pool."""
    runtime = call.runtime

    def work() -> None:
        runtime.access.require(call.client, call.user_id, f"/cib {call.name}")
        try:
            result = record()
        except FlagError as exc:
            raise UserError(f"Nothing was recorded: {exc}.") from None
        verdict = check_target(runtime.store, target, resolver=runtime.resolver)
        blocks: list[Block] = decision_notice(result, call.user_id, reason)
        if verdict.level is not Level.NOT_IN_STORE:
            blocks += verdict_card(verdict, with_actions=False)[: MAX_BLOCKS - len(blocks)]
        call.respond(
            blocks=blocks,
            text=decision_summary(result),
            response_type="ephemeral",
            replace_original=False,
        )

    return Reply(
        review_notice(
            f":hourglass_flowing_sand: Recording your decision on {code(cut(target, 80))}…"
        ),
        "Recording your decision…",
        then=work,
    )


def register(app: App, runtime: Runtime) -> None:
    """Register `/cib flag` and `/cib unflag` as subcommands of `/cib`."""
    runtime.subcommands.add(
        "flag", run_flag, usage=FLAG_USAGE, summary="reviewers: flag an account as coordinated"
    )
    runtime.subcommands.add(
        "unflag", run_unflag, usage=UNFLAG_USAGE, summary="reviewers: clear an account's flag"
    )
