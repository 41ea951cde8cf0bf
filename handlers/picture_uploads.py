"""Evidence pictures in Slack: "Show pictures" on a card, and pictures after a Likely card.

The verdict's pictures (services.pictures: the cluster graph, the posting-hours
heatmap and the push timeline) are uploaded into the card's thread with files
upload v2 (`files.getUploadURLExternal`, the bytes, then one
`files.completeUploadExternal` for all of them), each with alt text stating
its key figures. A card whose verdict is "Likely coordinated" on a cluster of
AUTO_MIN_CLUSTER or more accounts gets them without asking, right after it is
posted.

Drawing takes a second or two, so it runs on picture threads of its own
(`Runtime.picture_pool` for clicks, `Runtime.auto_picture_pool` for automatic
pictures) and, in the bot, in worker processes (`Runtime.drawer`): after the
ack, after the card, and never in the way of checks. A picture that cannot be
drawn is left out (and logged with an error id); automatic pictures that fail
are only logged: the card is already there, and nothing about pictures may
break it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from detection.verdict import Level, Verdict, plural
from handlers.delivery import NOT_A_MEMBER, Whisper
from handlers.errors import BusyError, UserError
from handlers.mrkdwn import code
from handlers.notices import info_notice
from handlers.runtime import Runtime
from services.pictures import Picture, render_pictures

log = logging.getLogger(__name__)

#: "Likely coordinated" cards on clusters at least this large get pictures without asking.
AUTO_MIN_CLUSTER = 5
#: What each picture is called in the comment above them.
PICTURE_WORDS = {"graph": "cluster graph", "hours": "posting hours", "push": "push timeline"}


def wants_pictures(verdict: Verdict) -> bool:
    """True for verdicts that get pictures without asking: Likely, on a cluster of 5 or more."""
    return (
        verdict.level is Level.LIKELY
        and verdict.cluster is not None
        and verdict.cluster.size >= AUTO_MIN_CLUSTER
    )


def pictures_comment(verdict: Verdict, pictures: Sequence[Picture], user: str | None) -> str:
    """The mrkdwn line posted with the pictures: what they show, and who asked."""
    names = ", ".join(PICTURE_WORDS.get(p.name, p.name) for p in pictures)
    about = code(verdict.target)
    if verdict.cluster is not None:
        about += f" (cluster #{verdict.cluster.id}, {plural(verdict.cluster.size, 'account')})"
    who = f", as <@{user}> asked" if user else ""
    missing = len(PICTURE_WORDS) - len(pictures)
    gap = f" ({missing} could not be drawn)" if missing > 0 else ""
    return f":frame_with_picture: Evidence pictures for {about}{who}: {names}{gap}."


def share_pictures(
    runtime: Runtime,
    client: WebClient,
    verdict: Verdict,
    *,
    channel: str,
    thread_ts: str | None,
    user: str | None = None,
    whisper: Whisper | None = None,
) -> int:
    """Draw the verdict's pictures and upload them into `thread_ts`'s thread; how many were shared.

    Raises UserError when none could be drawn; when the bot may not share
    files in the channel, `whisper` says how to invite it (else SlackApiError).
    """
    pictures = render_pictures(
        runtime.store,
        verdict,
        timezone=runtime.timezone,
        operator_zone=runtime.operator_timezone,
        drawer=runtime.drawer,
    )
    if not pictures:
        raise UserError(
            f"I could not draw pictures for {verdict.target}: there is nothing in the store to "
            "draw, or drawing failed (the bot's log has the details)."
        )
    try:
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            initial_comment=pictures_comment(verdict, pictures, user),
            file_uploads=[
                {
                    "content": picture.png,
                    "filename": picture.filename,
                    "title": picture.title,
                    "alt_txt": picture.alt_text,
                }
                for picture in pictures
            ],
        )
    except SlackApiError as exc:
        if whisper is None or exc.response.get("error") not in NOT_A_MEMBER:
            raise
        whisper(
            info_notice(
                "I cannot share pictures in this channel: invite me with `/invite @cibwatch` "
                "and click *Show pictures* again."
            ),
            "cibwatch cannot share files in this channel",
        )
        return 0
    log.info("shared %d pictures of %s in %s", len(pictures), verdict.target, channel)
    return len(pictures)


def pictures_after_card(
    runtime: Runtime,
    client: WebClient,
    verdicts: Sequence[Verdict],
    *,
    channel: str,
    card_ts: str | None,
    thread_ts: str | None = None,
) -> None:
    """After a single-verdict card was posted: its pictures in its thread, if it wants them.

    The drawing is queued on the automatic-picture pool, so the caller (and
    the next card) does not wait for it; when that pool is full the pictures
    are skipped. Never raises: the card is already posted, and a picture problem
    is only logged.
    """
    if len(verdicts) != 1 or not card_ts or not wants_pictures(verdicts[0]):
        return
    verdict = verdicts[0]

    def work() -> None:
        share_pictures(runtime, client, verdict, channel=channel, thread_ts=thread_ts or card_ts)

    runtime.auto_picture_pool.submit(work, on_error=lambda exc: _automatic_failed(verdict, exc))


def _automatic_failed(verdict: Verdict, exc: Exception) -> None:
    if isinstance(exc, BusyError):
        log.info("automatic pictures for %s skipped: others are still being drawn", verdict.target)
        return
    error_id = secrets.token_hex(4)
    log.error(
        "automatic pictures for %s failed (error id %s): %s",
        verdict.target,
        error_id,
        exc,
        exc_info=exc,
    )
