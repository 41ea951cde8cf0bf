"""What posts and reviewers wrote shows as written: no faked lines, no formatting.

A hashtag holding a newline and mrkdwn is evidence on the card; a reason
full of mrkdwn is shown in the evidence modal and the App Home. Both go
through signed requests to a running bot and the local Slack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import orjson
import pytest
from client import SlackClient
from fakes import REVIEWER, FakeSlack, blocks_of, in_channel, mrkdwn_texts, texts_of_type, view_of
from known import KnownData

from handlers.ids import Action

#: A hashtag that tries to add a line of evidence to the card, in bold.
FAKE_LINE_TAG = "truth\n• *posted 500 texts that 40 other accounts posted* _within minutes_"
#: A reason that tries the same in the modal and the App Home.
FAKE_LINE_REASON = "*bold claim* ~struck~ `code`\n• flagged benign by someone else"
#: mrkdwn marks at a word's edge, where Slack would format.
FORMATTING = re.compile(r"(?<![^\W_])[*_~`]\w|\w[*_~`](?![^\W_])")


@pytest.fixture
def tagged_bot(
    own_known_bot: Callable[..., AbstractContextManager[tuple[SlackClient, KnownData]]],
) -> Iterator[tuple[SlackClient, KnownData]]:
    """The known network, every post tagged FAKE_LINE_TAG, swept, behind a running bot."""
    with own_known_bot(hashtag=FAKE_LINE_TAG) as bot:
        yield bot


def test_a_hashtag_cannot_fake_a_line_or_format_the_card(
    tagged_bot: tuple[SlackClient, KnownData], fake_slack: FakeSlack, channel: str
) -> None:
    client, known = tagged_bot

    client.command(f"check @{known.network[0]}", channel=channel)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    texts = mrkdwn_texts(blocks_of(card.body))
    (tags_line,) = [t for t in texts if "tags:" in t]
    assert "\n" not in tags_line  # the tag's "• posted 500 texts…" stays inside its own line
    assert "posted 500 texts" in tags_line  # shown, as written...
    assert not FORMATTING.search(tags_line), tags_line  # ...and never in bold or italics
    assert not any(t.lstrip().startswith(("• ∗posted", "• *posted")) for t in texts)


def test_a_reason_shows_as_written_in_the_evidence_modal_and_the_app_home(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: Any, channel: str
) -> None:
    known = review_store[0]
    handle = known.network[10]
    review_client.command(f"flag @{handle} {FAKE_LINE_REASON}", channel=channel, user=REVIEWER)
    fake_slack.wait_for("response")

    value = orjson.dumps({"t": f"@{handle}", "a": [f"x:@{handle}"], "c": None}).decode()
    review_client.click(Action.VIEW_EVIDENCE, value, channel=channel, user=REVIEWER)
    (modal,) = fake_slack.wait_for("views.update")
    review_client.event(
        {"type": "app_home_opened", "user": REVIEWER, "channel": "D1", "tab": "home"}
    )
    (home,) = fake_slack.wait_for("views.publish", lambda c: c.body.get("user_id") == REVIEWER)

    for call in (modal, home):
        view = view_of(call)
        shown = [
            t for t in mrkdwn_texts(view) + texts_of_type(view, "plain_text") if "bold claim" in t
        ]
        assert shown, f"the reason is missing from {call.method}"
        for text in shown:
            reason_part = text[text.index("bold claim") - 1 :]
            assert "\n" not in reason_part  # "• flagged benign by someone else" is no line
            assert not FORMATTING.search(reason_part), reason_part
