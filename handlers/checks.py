"""Answering with a card: one path for `/cib check`, pasted links, shortcuts and workflow steps.

Each surface reads its targets, then hands them here: they are checked (links
resolved when the bot fetches links), the checks logged for the App Home,
the card posted (a full card for one verdict, a compact one for several;
only to the user when the bot is not in the channel), and a Likely
coordinated card on a large cluster gets its pictures in its thread. The
Workflow Builder step checks its one target itself and posts with `post_answer`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slack_sdk import WebClient

from detection.verdict import Verdict
from handlers.cards import answer_card
from handlers.delivery import Whisper, post_card
from handlers.picture_uploads import pictures_after_card
from handlers.runtime import Runtime
from services.checks import check_parsed, log_checks
from storage.links import Target

#: Which checked targets get an answer (all of them when not given).
Worth = Callable[[Target, Verdict], bool]


def answer_with_card(
    runtime: Runtime,
    client: WebClient,
    targets: Sequence[Target],
    *,
    user: str,
    channel: str,
    thread_ts: str | None = None,
    whisper: Whisper | None = None,
    worth: Worth | None = None,
) -> None:
    """Check `targets` for `user` and post the card in `channel` (in `thread_ts`'s thread).

    Only verdicts `worth` keeps are answered; with none left, nothing is
    posted or logged. Runs on a worker pool, after the ack.
    """
    checked = [
        (target, check_parsed(runtime.store, target, resolver=runtime.resolver))
        for target in targets
    ]
    verdicts = [verdict for target, verdict in checked if worth is None or worth(target, verdict)]
    if not verdicts:
        return
    log_checks(runtime.store, user, verdicts)
    post_answer(runtime, client, verdicts, channel=channel, thread_ts=thread_ts, whisper=whisper)


def post_answer(
    runtime: Runtime,
    client: WebClient,
    verdicts: list[Verdict],
    *,
    channel: str,
    thread_ts: str | None = None,
    whisper: Whisper | None = None,
) -> str | None:
    """Post the card for `verdicts` in `channel` and, for a Likely cluster, its pictures.

    Returns the card's ts (None when it went to `whisper` instead); see
    `post_card` for what happens when the bot is not in the channel.
    """
    blocks, text = answer_card(verdicts)
    card_ts = post_card(
        client, channel=channel, blocks=blocks, text=text, thread_ts=thread_ts, whisper=whisper
    )
    pictures_after_card(
        runtime, client, verdicts, channel=channel, card_ts=card_ts, thread_ts=thread_ts
    )
    return card_ts
