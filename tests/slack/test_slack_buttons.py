"""Card buttons whose values would pass Slack's 2,000 characters, and digest Check buttons.

Over signed requests to a running bot and the local Slack: a card on an
article with a very long link keeps working buttons (the value is kept in
the store and the button carries its key), and the Check button of a digest
answers like a compact card's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from client import SlackClient
from fakes import FakeSlack, blocks_text, header_of, in_channel, view_of
from known import KnownData

from detection.verdict import ClusterSummary, Level, Verdict
from handlers.buttons import MAX_VALUE, ButtonValues, button_value, read_button
from handlers.cards import verdict_card
from handlers.ids import Action
from storage.db import Store

#: An article link of about 1,900 characters (the store keeps canonical links up to 2,048).
LONG_ARTICLE = "https://news.example.com/" + "a-very-long-path/" * 110 + "story-{push}"


def button_values(blocks: Any) -> dict[str, str]:
    """action_id -> value of every button in `blocks`."""
    return {
        element["action_id"]: element["value"]
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    }


@pytest.fixture
def long_link_bot(
    own_known_bot: Callable[..., AbstractContextManager[tuple[SlackClient, KnownData]]],
) -> Iterator[tuple[SlackClient, KnownData]]:
    """The known network pushing LONG_ARTICLE links, swept, behind a running bot."""
    with own_known_bot(article=LONG_ARTICLE) as bot:
        yield bot


def test_buttons_of_a_card_on_a_very_long_link_work(
    long_link_bot: tuple[SlackClient, KnownData], fake_slack: FakeSlack, channel: str
) -> None:
    client, known = long_link_bot
    link = known.article_urls[0]
    assert len(link) > 1800

    client.command(f"check {link}", channel=channel)
    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    values = button_values(card.body["blocks"])
    assert all(len(v) <= MAX_VALUE for v in values.values())
    assert all(isinstance(json.loads(v), dict) for v in values.values())

    client.click(Action.VIEW_EVIDENCE, values[Action.VIEW_EVIDENCE], channel=channel)
    (modal,) = fake_slack.wait_for("views.update")
    view = view_of(modal)
    # The evidence of that article: checked again from the whole link, not a cut one.
    assert header_of({"blocks": view["blocks"]}) == header_of(card.body)
    assert "shared in" in blocks_text({"view": view})


def _verdict(target: str, accounts: list[str]) -> Verdict:
    return Verdict(
        target=target,
        kind="article",
        level=Level.LIKELY,
        score=0.9,
        accounts=accounts,
        cluster=ClusterSummary(
            id=4,
            size=12,
            platforms={"x": 12},
            first_ts=1_690_000_000,
            last_ts=1_700_000_000,
            score=0.9,
            sample_members=accounts,
        ),
    )


#: Handles as the data gives them, full of characters JSON must escape.
ESCAPED_HANDLES = [f"x:@{chr(34) * 90}{i}\\{chr(1) * 30}" for i in range(5)]


@pytest.mark.parametrize(
    ("target", "accounts"),
    [
        ("https://news.example/" + "p" * 1990, ["x:@a", "x:@b"]),
        ("https://news.example/story", ESCAPED_HANDLES),
        ('https://news.example/"quoted"' * 80, ESCAPED_HANDLES),
    ],
    ids=["long-link", "escaped-handles", "both"],
)
def test_button_values_are_valid_json_within_the_limit_and_read_back_whole(
    sqlite_store: Store, target: str, accounts: list[str]
) -> None:
    kept = ButtonValues(sqlite_store)

    for value in button_values(
        [b.to_dict() for b in verdict_card(_verdict(target, accounts), kept=kept)]
    ).values():
        assert len(value) <= MAX_VALUE
        button = read_button(value, kept)
        assert button.target == target and button.accounts == accounts and button.cluster_id == 4


@pytest.mark.parametrize("accounts", [["x:@a"], ESCAPED_HANDLES])
def test_without_a_store_values_are_shortened_but_stay_json(accounts: list[str]) -> None:
    value = button_value('https://news.example/"q"' * 200, accounts, 4)

    assert len(value) <= MAX_VALUE
    assert read_button(value).target.startswith("https://news.example/")


def test_digest_check_buttons_answer_with_the_accounts_card(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    label = f"x:@{known.network[2]}"
    for value in (button_value(label), label):  # as digests carry it now, and did before
        fake_slack.reset()
        response = slack_client.click(f"{Action.CHECK}_d0", value, channel=channel)
        assert response.status_code == 200
        (answer,) = fake_slack.wait_for("response")
        assert header_of(answer.body).startswith("Likely coordinated")
        assert answer.body.get("response_type") == "ephemeral"
