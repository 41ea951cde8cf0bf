"""`/cib` over real, signed HTTP requests against the running app and a local Slack."""

from __future__ import annotations

import time

from client import SlackClient
from fakes import FakeSlack, blocks_text, header_of, in_channel
from known import KnownData
from sqlmodel import select

from storage.db import Store
from storage.models import CheckLog


def test_check_command_acks_within_3_seconds_then_posts_likely_coordinated_card(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    handle = known.network[0]
    started = time.monotonic()
    response = slack_client.command(f"check @{handle}", channel=channel)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed < 3.0
    ack = response.json()
    assert ack["response_type"] == "ephemeral"
    assert "Checking" in ack["text"] and handle in ack["text"]

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert header_of(card.body).startswith("Likely coordinated")
    text = blocks_text(card.body)
    assert f"x:@{handle}" in text
    assert "serial numbers" in text  # the copy-paste evidence line
    assert "Cluster #" in text and f"{len(known.network)} accounts" in text
    assert "cib_view_evidence" in text  # buttons are on the card


def test_check_command_for_ordinary_account_says_no_coordination_signal(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    slack_client.command(f"check x:@{known.ordinary[3]}", channel=channel)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert header_of(card.body).startswith("No coordination signal")


def test_check_command_for_unknown_handle_says_not_in_store(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    slack_client.command("check @nobody_we_know", channel=channel)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert header_of(card.body).startswith("Not in store")


def test_badly_signed_request_is_refused_with_401(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    response = slack_client.command("check @someone", channel=channel, secret="not-the-secret")

    assert response.status_code == 401
    fake_slack.quiet_for(0.3, "chat.postMessage", in_channel(channel))


def test_request_older_than_five_minutes_is_refused_with_401(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    stale = int(time.time()) - 6 * 60
    response = slack_client.command("check @someone", channel=channel, timestamp=stale)

    assert response.status_code == 401
    fake_slack.quiet_for(0.3, "chat.postMessage", in_channel(channel))


def test_unknown_subcommand_gets_ephemeral_error_with_what_works(
    slack_client: SlackClient, channel: str
) -> None:
    response = slack_client.command("frobnicate @x", channel=channel)

    assert response.status_code == 200
    ack = response.json()
    assert ack["response_type"] == "ephemeral"
    text = blocks_text(ack)
    assert "no sub-command 'frobnicate'" in text
    assert "/cib check TARGET" in text and "/cib help" in text


def test_empty_command_and_help_show_the_help(slack_client: SlackClient, channel: str) -> None:
    for text in ("", "help", "HELP"):
        ack = slack_client.command(text, channel=channel).json()
        assert ack["response_type"] == "ephemeral"
        assert "cibwatch commands" in blocks_text(ack)
        assert "/cib check TARGET" in blocks_text(ack)


def test_check_without_target_says_what_is_missing(slack_client: SlackClient, channel: str) -> None:
    ack = slack_client.command("check", channel=channel).json()

    assert "Tell me what to check" in blocks_text(ack)
    assert "/cib check @janedoe1234" in blocks_text(ack)


def test_malformed_target_says_what_was_wrong_and_what_works(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    ack = slack_client.command("check ftp://example.com/x", channel=channel).json()

    text = blocks_text(ack)
    assert ack["response_type"] == "ephemeral"
    assert "not 'ftp' links" in text
    assert "/cib check @handle" in text
    fake_slack.quiet_for(0.3, "chat.postMessage", in_channel(channel))


def test_channel_mention_in_user_text_comes_back_escaped(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    answers = [
        slack_client.command("<!channel> hello", channel=channel).json(),
        slack_client.command("check <!channel>", channel=channel).json(),
        slack_client.command("check @ok <!here|here>", channel=channel).json(),
    ]
    for ack in answers:
        text = blocks_text(ack)
        assert "<!channel>" not in text and "<!here" not in text
    assert "&lt;!channel&gt;" in blocks_text(answers[0])
    fake_slack.quiet_for(0.3, "chat.postMessage", in_channel(channel))


def test_check_falls_back_to_ephemeral_when_bot_is_not_in_channel(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    fake_slack.fail("chat.postMessage", "not_in_channel", channel=channel)

    slack_client.command(f"check @{known.network[1]}", channel=channel)

    (whisper,) = fake_slack.wait_for("response")
    assert whisper.body["response_type"] == "ephemeral"
    assert "Likely coordinated" in blocks_text(whisper.body)
    assert "/invite @cibwatch" in blocks_text(whisper.body)


def test_rate_limited_post_is_retried_after_retry_after_and_card_arrives(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    fake_slack.rate_limit("chat.postMessage", times=1, retry_after=1)

    slack_client.command(f"check @{known.network[2]}", channel=channel)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    attempts = fake_slack.calls_of("chat.postMessage", in_channel(channel))
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # Retry-After was honoured
    assert header_of(card.body).startswith("Likely coordinated")


def test_several_targets_in_one_check_get_one_compact_card(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    slack_client.command(f"check @{known.network[0]} @{known.ordinary[0]}", channel=channel)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert "2 targets checked" in blocks_text(card.body)


def test_each_check_is_logged_with_user_target_and_verdict(
    slack_client: SlackClient,
    fake_slack: FakeSlack,
    known: KnownData,
    network_store: Store,
    channel: str,
) -> None:
    slack_client.command(f"check @{known.network[4]}", channel=channel, user="ULOGGED")
    fake_slack.wait_for("chat.postMessage", in_channel(channel))

    with network_store.session() as session:
        rows = list(session.exec(select(CheckLog).where(CheckLog.user_id == "ULOGGED")))
    assert [(r.target, r.verdict) for r in rows] == [(f"@{known.network[4]}", "Likely coordinated")]
    assert rows[0].score >= 0.65


def test_healthz_reports_the_store_ok(slack_client: SlackClient, bot_url: str) -> None:
    response = slack_client.http.get(bot_url + "/healthz")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "db": "ok"}
