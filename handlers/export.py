"""Exports: "Export CSV" on a card and `/cib export TARGET`.

The CSV (services.exports.export_accounts: every account of the target's
cluster, each with its newest posts) is uploaded with files upload v2
(`files.getUploadURLExternal`, the bytes to the returned URL, then
`files.completeUploadExternal`), into the card's thread, or into the
channel for the slash command. Anyone who can check can export.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.delivery import NOT_A_MEMBER, Whisper
from handlers.errors import UsageError, UserError, respond_ephemeral
from handlers.flag_views import export_comment, review_notice
from handlers.mrkdwn import code
from handlers.runtime import Runtime
from handlers.subcommands import CommandCall, Reply
from services.exports import ExportError, export_accounts
from storage.ellipsis import cut
from storage.links import parse_target

log = logging.getLogger(__name__)

USAGE = "/cib export TARGET"


def share_export(
    runtime: Runtime,
    client: WebClient,
    *,
    target: str,
    user: str,
    channel: str,
    thread_ts: str | None,
    whisper: Whisper | None,
) -> None:
    """Build the target's export and upload it to `channel` (in `thread_ts`'s thread if given).

    Raises UserError when there is nothing to export; when the bot may not
    post in the channel, `whisper` says how to invite it.
    """
    try:
        export = export_accounts(runtime.store, target)
    except ExportError as exc:
        raise UserError(f"Nothing to export: {exc}.") from None
    try:
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            filename=export.filename,
            title=export.title,
            content=export.content,
            initial_comment=export_comment(export, user),
        )
    except SlackApiError as exc:
        if whisper is None or exc.response.get("error") not in NOT_A_MEMBER:
            raise
        whisper(
            review_notice(
                "I cannot share files in this channel: invite me with `/invite @cibwatch` "
                "and export again."
            ),
            "cibwatch cannot share files in this channel",
        )
        return
    log.info("%s exported %d accounts of %s", user, export.accounts, export.target)


def run_export(call: CommandCall) -> Reply:
    """`/cib export TARGET`: the CSV of the target's cluster, shared in this channel."""
    words = call.args.split()
    if len(words) != 1:
        raise UsageError(
            "Tell me one account or link to export after /cib export.",
            f"Use `{USAGE}`, e.g. `/cib export @janedoe1234`: it shares a CSV of its cluster.",
        )
    label = parse_target(words[0]).label()  # TargetError says what is wrong
    runtime = call.runtime

    def work() -> None:
        share_export(
            runtime,
            call.client,
            target=words[0],
            user=call.user_id,
            channel=call.channel_id,
            thread_ts=None,
            whisper=respond_ephemeral(call.respond),
        )

    return Reply(
        review_notice(f":hourglass_flowing_sand: Exporting the cluster of {code(cut(label, 80))}…"),
        "Exporting…",
        then=work,
    )


def register(app: App, runtime: Runtime) -> None:
    """Register `/cib export` (the card's Export button is in handlers.actions)."""
    runtime.subcommands.add(
        "export",
        run_export,
        usage=USAGE,
        summary="CSV of the target's cluster (accounts and their posts), shared here",
    )
