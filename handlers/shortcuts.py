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

from handlers.cards import answer_card
from handlers.checks import check_targets, log_checks
from handlers.delivery import post_card
from handlers.errors import report, respond_ephemeral
from handlers.ids import Callback
from handlers.notices import no_targets_notice
from handlers.picture_uploads import pictures_after_card
from handlers.review import (
    ReviewRequest,
    Source,
    author_form,
    card_button,
    open_review,
    our_card_value,
)
from handlers.runtime import Runtime
from storage.links import find_targets

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
            verdicts = [verdict for _, verdict in check_targets(runtime.store, targets, runtime.resolver)]
            log_checks(runtime.store, user, verdicts)
            blocks, text = answer_card(verdicts)
            card_ts = post_card(
                client,
                channel=channel,
                blocks=blocks,
                text=text,
                thread_ts=thread_ts,
                whisper=whisper,
            )
            pictures_after_card(
                runtime, client, verdicts, channel=channel, card_ts=card_ts, thread_ts=thread_ts
            )

        runtime.pool.submit(work, on_error=lambda exc: report(exc, whisper))

    def on_flag_author(
        ack: Ack, shortcut: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        message = shortcut.get("message") or {}
        channel = (shortcut.get("channel") or {}).get("id", "")
        card = our_card_value(message)
        if card is not None:
            target, accounts, cluster = card_button(card)  # UserError before the ack
            request = ReviewRequest(
                target, accounts, cluster_id=cluster, channel=channel, message_ts=message.get("ts")
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
