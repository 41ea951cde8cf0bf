"""Links and handles pasted in channels the bot is in, answered in the message's thread.

Quiet rules, so the bot speaks only when it has something to say:

- only messages people wrote: no bot messages (ours or others'), and no
  edits, deletions, joins, topic changes or other subtypes;
- only targets worth a card: a pasted profile or post link on a social
  platform is always answered (the analyst pasted it to have it checked, and
  "Not in store" is an answer); an article link or a bare `@handle` typed in
  conversation is answered only when the store knows it;
- one reply per message, even when Slack redelivers the event.

One target gets a full verdict card, several get one compact card.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from detection.verdict import Level, Verdict
from handlers.checks import answer_with_card
from handlers.errors import report
from handlers.runtime import Runtime
from handlers.slack_text import find_targets
from storage.links import Target

log = logging.getLogger(__name__)

#: Message subtypes that are a person posting text; every other subtype is ignored.
ANSWERED_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
#: At most this many targets are checked in one message.
MAX_TARGETS = 50


def written_by_a_person(event: dict[str, Any]) -> bool:
    """True for a plain message by a person; False for bots, edits, joins and the like."""
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message":
        return False
    return event.get("subtype") in ANSWERED_SUBTYPES and bool(event.get("user"))


def worth_answering(target: Target, verdict: Verdict) -> bool:
    """The quiet rule: profile and post links always, other targets only when in the store."""
    if verdict.level is not Level.NOT_IN_STORE:
        return True
    return target.kind in ("account", "post") and target.url is not None


def answer_message(
    runtime: Runtime, client: WebClient, event: dict[str, Any], targets: list[Target]
) -> None:
    """Check `targets` and reply in the message's thread (or stay quiet)."""
    answer_with_card(
        runtime,
        client,
        targets,
        user=event["user"],
        channel=event["channel"],
        thread_ts=event.get("thread_ts") or event["ts"],
        worth=worth_answering,
    )


def register(app: App, runtime: Runtime) -> None:
    """Listen to channel messages (Bolt acks events before the listener runs)."""

    def on_message(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if not written_by_a_person(event):
            return
        targets = find_targets(event.get("text") or "", limit=MAX_TARGETS)
        if not targets:
            return
        event_id = body.get("event_id") or f"msg:{event.get('channel')}:{event.get('ts')}"

        def work() -> None:
            # Claimed here, on the pool: a claim is a write, and a listener thread
            # waiting on the store's lock would hold up every ack behind it.
            if runtime.dedupe.first_delivery(event_id):
                answer_message(runtime, client, event, targets)

        def tell_author(blocks: list[Any], text: str) -> object:
            return client.chat_postEphemeral(
                channel=event["channel"],
                user=event["user"],
                blocks=blocks,
                text=text,
                thread_ts=event.get("thread_ts"),
            )

        # Busy pool, busy store or a failed check: the author is told, never left in silence.
        runtime.pool.submit(work, on_error=lambda exc: report(exc, tell_author))

    app.event("message")(on_message)
