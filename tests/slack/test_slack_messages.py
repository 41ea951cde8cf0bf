"""Links pasted in channels: Events API requests, signed, over real HTTP."""

from __future__ import annotations

import json
import threading
import time

import pytest
from client import SlackClient, message_event
from fakes import BOT_ID, BOT_USER_ID, FakeSlack, blocks_text, header_of, in_channel
from known import KnownData

from handlers.dedupe import EventDedupe
from storage.db import Store, open_store


def post_link(handle: str, post_id: str) -> str:
    """A post link as Slack puts it in message text."""
    return f"<https://x.com/{handle}/status/{post_id}>"


def test_pasted_post_link_gets_one_threaded_card(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    event = message_event(
        f"look at this {post_link(known.network[0], known.network_post_ids[0])}", channel
    )

    response = slack_client.event(event)

    assert response.status_code == 200
    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel, event["ts"]))
    assert header_of(card.body).startswith("Likely coordinated")
    assert "this post's text was posted by" in blocks_text(card.body)
    time.sleep(0.5)
    assert len(fake_slack.calls_of("chat.postMessage", in_channel(channel))) == 1


def test_redelivered_event_is_answered_once(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    event = message_event(post_link(known.network[1], known.network_post_ids[1]), channel)

    first = slack_client.event(event, event_id="EvREDELIVER1")
    retries = [slack_client.event(event, event_id="EvREDELIVER1", retry_num=n) for n in (1, 2, 3)]

    assert first.status_code == 200 and all(r.status_code == 200 for r in retries)
    fake_slack.wait_for("chat.postMessage", in_channel(channel))
    time.sleep(0.7)  # give any second answer the time to arrive
    assert len(fake_slack.calls_of("chat.postMessage", in_channel(channel))) == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"bot_id": "BOTHER", "subtype": "bot_message", "user": None},
        {"bot_id": "BOTHER"},  # a bot posting as a user-like message
        {"bot_id": BOT_ID, "user": BOT_USER_ID},  # our own card
        {"subtype": "message_changed"},
        {"subtype": "channel_join"},
        {"subtype": "message_deleted"},
    ],
    ids=["bot_message", "bot_with_user", "own_message", "edit", "join", "delete"],
)
def test_bot_messages_edits_and_joins_are_ignored(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str, extra: dict
) -> None:
    event = message_event(post_link(known.network[2], known.network_post_ids[2]), channel)
    event.update(extra)
    event = {k: v for k, v in event.items() if v is not None}

    response = slack_client.event(event)

    assert response.status_code == 200
    fake_slack.quiet_for(0.5, "chat.postMessage", in_channel(channel))


def test_several_targets_get_one_compact_card(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    links = (
        " ".join(post_link(known.network[i], known.network_post_ids[i]) for i in range(3))
        + f" and <https://x.com/{known.ordinary[0]}>"
    )
    event = message_event(links, channel)

    slack_client.event(event)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel, event["ts"]))
    text = blocks_text(card.body)
    assert "4 targets checked" in text
    assert text.count("Likely coordinated") >= 3 and "No coordination signal" in text


def test_compact_card_lists_ten_then_and_n_more(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    links = " ".join(post_link(known.network[i % 12], known.network_post_ids[i]) for i in range(14))

    slack_client.event(message_event(links, channel))

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    text = blocks_text(card.body)
    assert "14 targets checked" in text and "and 4 more" in text


def test_unknown_article_and_bare_handle_not_in_store_stay_quiet(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    event = message_event(
        "lunch? see <https://www.example.org/menu> and ping @nobody_here or mail a@b.co", channel
    )

    slack_client.event(event)

    fake_slack.quiet_for(0.6, "chat.postMessage", in_channel(channel))


def test_known_article_link_is_answered(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    event = message_event(f"<{known.article_urls[3]}?utm_medium=social|story>", channel)

    slack_client.event(event)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel, event["ts"]))
    assert header_of(card.body).startswith("Likely coordinated")
    assert "article" in blocks_text(card.body)


def test_profile_link_not_in_store_is_answered(
    slack_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    event = message_event("who is this? <https://x.com/someone_unknown_77>", channel)

    slack_client.event(event)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel, event["ts"]))
    assert header_of(card.body).startswith("Not in store")


def test_message_in_a_thread_is_answered_in_that_thread(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    event = message_event(f"@{known.network[3]}", channel, thread_ts="1690000000.000100")

    slack_client.event(event)

    fake_slack.wait_for("chat.postMessage", in_channel(channel, "1690000000.000100"))


def test_channel_mention_in_pasted_message_is_not_echoed(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    event = message_event(
        f"<!channel> <@U123> look {post_link(known.network[5], known.network_post_ids[5])}", channel
    )

    slack_client.event(event)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert "<!channel>" not in blocks_text(card.body)
    assert "<@U123>" not in blocks_text(card.body)


def test_url_verification_is_answered_with_the_challenge(slack_client: SlackClient) -> None:
    body = json.dumps({"token": "legacy", "challenge": "abc123", "type": "url_verification"})

    response = slack_client.post(body, "application/json")

    assert response.status_code == 200
    assert response.json() == {"challenge": "abc123"}


def test_event_claimed_once_by_racing_replicas(store: Store) -> None:
    """Two bot replicas (own engines, one database) racing on one event: exactly one wins.

    Runs on SQLite and on PostgreSQL (skipped without CIBWATCH_TEST_POSTGRES_URL).
    """
    other = open_store(store.engine.url.render_as_string(hide_password=False), migrate=False)
    replicas = [EventDedupe(store), EventDedupe(other)]
    wins: list[bool] = []
    barrier = threading.Barrier(8)

    def deliver(dedupe: EventDedupe) -> None:
        barrier.wait()
        wins.append(dedupe.first_delivery("EvRACE00001"))

    threads = [threading.Thread(target=deliver, args=(replicas[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.dispose()

    assert sorted(wins) == [False] * 7 + [True]


def test_event_claim_is_once_on_every_store(store: Store) -> None:
    """The insert-or-conflict claim on SQLite and on PostgreSQL (skipped without a server)."""
    first, second = EventDedupe(store), EventDedupe(store)

    assert first.first_delivery("EvSTORE0001") is True
    assert second.first_delivery("EvSTORE0001") is False
    assert first.first_delivery("EvSTORE0001") is False
    assert second.first_delivery("EvSTORE0002") is True
