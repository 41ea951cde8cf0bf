"""Card buttons and the message shortcut, as signed interactivity requests over HTTP."""

from __future__ import annotations

import time

import orjson
import pytest
from client import SlackClient
from fakes import FakeSlack, blocks_text, header_of, in_channel
from known import KnownData

from handlers.ids import Action, Callback


def card_value(target: str) -> str:
    return orjson.dumps({"t": target, "a": [], "c": None}).decode()


@pytest.mark.parametrize("action_id", [Action.FLAG, Action.BENIGN, Action.WATCH])
def test_review_buttons_without_reviewers_configured_are_acked_and_refused(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str, action_id: str
) -> None:
    started = time.monotonic()
    response = slack_client.click(action_id, card_value("@someone"), channel=channel)

    assert response.status_code == 200
    assert time.monotonic() - started < 3.0
    (answer,) = fake_slack.wait_for("response")
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["replace_original"] is False
    assert "Only reviewers can flag" in blocks_text(answer.body)
    assert "CIBWATCH_REVIEWERS" in blocks_text(answer.body)
    assert not fake_slack.calls_of("views.open")


def test_view_evidence_opens_a_modal_then_fills_it_with_the_evidence(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    response = slack_client.click(
        Action.VIEW_EVIDENCE, card_value(f"@{known.network[6]}"), channel=channel
    )

    assert response.status_code == 200
    (opened,) = fake_slack.wait_for("views.open")
    assert opened.body["trigger_id"].startswith("trig.")
    assert "Loading" in blocks_text(opened.body)
    (updated,) = fake_slack.wait_for("views.update")
    assert updated.body["view_id"] == "VEVIDENCE1"
    text = blocks_text(updated.body)
    assert "Likely coordinated" in text and "serial numbers" in text
    assert "Members include" in text


def test_button_with_unreadable_value_says_so(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    response = slack_client.click(Action.VIEW_EVIDENCE, "not json", channel=channel)

    assert response.status_code == 200
    (answer,) = fake_slack.wait_for("response")
    assert "too old to read" in blocks_text(answer.body)
    assert not fake_slack.calls_of("views.open")


def test_compact_card_check_button_answers_with_the_full_card(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    response = slack_client.click(f"{Action.CHECK}_1", f"@{known.network[7]}", channel=channel)

    assert response.status_code == 200
    (answer,) = fake_slack.wait_for("response")
    assert answer.body["response_type"] == "ephemeral"
    assert header_of(answer.body).startswith("Likely coordinated")


def test_shortcut_checks_every_target_and_answers_in_the_thread(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    message = {
        "type": "message",
        "user": "UOTHER",
        "ts": "1690000001.000200",
        "text": f"suspicious: @{known.network[8]} and <https://x.com/{known.ordinary[1]}>",
    }

    started = time.monotonic()
    response = slack_client.message_shortcut(Callback.CHECK_MESSAGE, message, channel=channel)

    assert response.status_code == 200
    assert time.monotonic() - started < 3.0
    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel, "1690000001.000200"))
    text = blocks_text(card.body)
    assert "2 targets checked" in text
    assert "Likely coordinated" in text and "No coordination signal" in text


def test_shortcut_answers_even_for_targets_not_in_store(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    message = {"type": "message", "user": "UOTHER", "ts": "1690000002.000300", "text": "@ghost_1"}

    slack_client.message_shortcut(Callback.CHECK_MESSAGE, message, channel=channel)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel, "1690000002.000300"))
    assert header_of(card.body).startswith("Not in store")


def test_shortcut_on_a_message_without_targets_says_what_it_can_check(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    message = {"type": "message", "user": "UOTHER", "ts": "1690000003.000400", "text": "hi all"}

    slack_client.message_shortcut(Callback.CHECK_MESSAGE, message, channel=channel)

    (answer,) = fake_slack.wait_for("response")
    assert "found no account handle or link" in blocks_text(answer.body)
    assert not fake_slack.calls_of("chat.postMessage", in_channel(channel))
