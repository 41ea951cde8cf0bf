"""Posting cards: in the channel (or thread) when the bot may, else only to the user."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from handlers.cards import MAX_BLOCKS
from handlers.notices import not_in_channel_notice

log = logging.getLogger(__name__)

#: chat.postMessage errors that mean "the bot cannot post there", not "something broke".
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found", "is_archived"})

Whisper = Callable[[list[Any], str], object]


def post_card(
    client: WebClient,
    *,
    channel: str,
    blocks: Sequence[Block],
    text: str,
    thread_ts: str | None = None,
    whisper: Whisper | None = None,
) -> str | None:
    """Post a card to `channel` (in `thread_ts`'s thread if given); the posted message's ts.

    When the bot is not a member of the channel, the card goes to `whisper`
    (an ephemeral answer to the user, e.g. through the response_url) with a
    line saying how to invite the bot, and None is returned.
    """
    try:
        response = client.chat_postMessage(
            channel=channel,
            blocks=list(blocks),
            text=text,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response.get("ts") or "") or None
    except SlackApiError as exc:
        if whisper is None or exc.response.get("error") not in NOT_A_MEMBER:
            raise
    log.info("not a member of %s; answering the user ephemerally", channel)
    whisper(list(blocks)[: MAX_BLOCKS - 1] + not_in_channel_notice(), text)
    return None
