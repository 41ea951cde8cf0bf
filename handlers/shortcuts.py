"""Message shortcuts: "Check with cibwatch" and "Flag author with cibwatch".

Check: every target in the chosen message, in its thread. Unlike pasted
links, nothing is filtered out: the analyst asked, so even "Not in store" is
an answer. The card goes in the message's thread, or only to the analyst
when the bot is not in the channel.

Flag author: the review form (handlers.review) for the accounts the message
names: handles, profile links, and the authors of linked posts; on one of
our verdict cards, the card's accounts (and the card is updated after).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers.buttons import card_value_in, read_button
from handlers.checks import answer_with_card
from handlers.errors import report, respond_ephemeral
from handlers.ids import Callback
from handlers.notices import no_targets_notice
from handlers.review import ReviewRequest, Source, author_form, open_review
from handlers.runtime import Runtime
from handlers.slack_text import find_targets

#: At most this many targets are checked in one message.
MAX_TARGETS = 50


def register(app: App, runtime: Runtime) -> None:
    """Listen for the "Check with cibwatch" and "Flag author with cibwatch" message shortcuts."""

    def on_shortcut(
        ack: Ack, shortcut: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        message = shortcut.get("message") or {}
        targets = find_targets(message.get("text") or "", limit=MAX_TARGETS)
        channel = (shortcut.get("channel") or {}).get("id", "")
        user = (shortcut.get("user") or {}).get("id", "")
        thread_ts = message.get("thread_ts") or message.get("ts")
        whisper = respond_ephemeral(respond)
        ack()

        def work() -> None:
            if not targets:
                whisper(no_targets_notice(), "No handle or link to check in that message.")
                return
            answer_with_card(
                runtime,
                client,
                targets,
                user=user,
                channel=channel,
                thread_ts=thread_ts,
                whisper=whisper,
            )

        runtime.pool.submit(work, on_error=lambda exc: report(exc, whisper))

    def on_flag_author(
        ack: Ack, shortcut: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        message = shortcut.get("message") or {}
        channel = (shortcut.get("channel") or {}).get("id", "")
        value = card_value_in(message)
        if value is not None:
            card = read_button(value, runtime.buttons)  # UserError before the ack
            request = ReviewRequest(
                card.target,
                card.accounts,
                cluster_id=card.cluster_id,
                channel=channel,
                message_ts=message.get("ts"),
            )
        else:
            request = ReviewRequest("", source=Source.MESSAGE, channel=channel)
        ack()
        open_review(
            runtime,
            client,
            user=(shortcut.get("user") or {}).get("id", ""),
            trigger_id=shortcut["trigger_id"],
            whisper=respond_ephemeral(respond),
            build=lambda: author_form(runtime, request, message.get("text") or ""),
            quick=False,
        )

    app.message_shortcut(Callback.CHECK_MESSAGE)(on_shortcut)
    app.message_shortcut(Callback.FLAG_AUTHOR)(on_flag_author)
