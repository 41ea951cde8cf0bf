"""Evidence pictures in Slack: the "Show pictures" button, automatic pictures, failures.

Through signed requests to the running bot and the local Slack: uploads must
go through files upload v2 into the card's thread (its channel and ts), each
PNG announced with alt text, and nothing about pictures may break a card.
"""

from __future__ import annotations

import json
import logging
import struct
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import orjson
import pytest
from client import SlackClient
from fakes import Call, FakeSlack, blocks_text, header_of, in_channel
from known import KnownData

import handlers.picture_uploads as uploads
from handlers.ids import Action
from services.pictures.canvas import HEIGHT, WIDTH
from storage.db import Store

CARD_TS = "1700000000.000100"  # the message ts SlackClient.click puts on the clicked card


def card_value(handle: str) -> str:
    """The value a verdict card's buttons carry for @handle."""
    return orjson.dumps({"t": f"@{handle}", "a": [f"x:@{handle}"], "c": 1}).decode()


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def completed_in(channel: str) -> Any:
    """A predicate for files.completeUploadExternal calls sharing into `channel`."""
    return lambda call: call.body.get("channel_id") == channel


def shared_files(call: Call) -> list[dict[str, Any]]:
    files = call.body["files"]
    return json.loads(files) if isinstance(files, str) else files


def test_show_pictures_uploads_three_pngs_with_alt_text_into_the_cards_thread(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    started = time.monotonic()
    response = slack_client.click(Action.PICTURES, card_value(known.network[3]), channel=channel)

    assert response.status_code == 200 and time.monotonic() - started < 3.0
    (complete,) = fake_slack.wait_for(
        "files.completeUploadExternal", completed_in(channel), timeout=30
    )
    assert complete.body["thread_ts"] == CARD_TS
    assert f"`@{known.network[3]}` (cluster #1, 12 accounts)" in complete.body["initial_comment"]
    assert "<@UANALYST>" in complete.body["initial_comment"]
    files = shared_files(complete)
    assert len(files) == 3
    names = []
    for shared in files:
        announced = fake_slack.announcement(shared["id"])
        names.append(announced["filename"])
        png = fake_slack.uploaded_file(shared["id"])
        assert int(announced["length"]) == len(png) and png_size(png) == (WIDTH, HEIGHT)
        assert announced["alt_txt"] and shared["title"]
    assert [n.rsplit("-", 1)[-1] for n in names] == ["graph.png", "hours.png", "push.png"]
    alts = [fake_slack.announcement(f["id"])["alt_txt"] for f in files]
    assert alts[0].startswith(f"Cluster #1: {len(known.network)} accounts on x")
    assert "in office shifts 09–12/14–18 Asia/Shanghai" in alts[1]
    assert f"{len(known.network)} accounts posted it within" in alts[2]


def test_likely_card_of_a_12_account_cluster_gets_pictures_in_its_thread_unasked(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    slack_client.command(f"check @{known.network[0]}", channel=channel)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert header_of(card.body).startswith("Likely coordinated")
    assert Action.PICTURES in blocks_text(card.body) and "Show pictures" in blocks_text(card.body)
    (complete,) = fake_slack.wait_for(
        "files.completeUploadExternal", completed_in(channel), timeout=30
    )
    assert complete.body["thread_ts"] == card.result["ts"]  # the posted card's own ts
    assert len(shared_files(complete)) == 3
    assert "<@" not in complete.body["initial_comment"]  # nobody asked


def test_pasted_link_card_gets_its_pictures_in_the_same_thread(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    from client import message_event

    event = message_event(f"look: https://x.com/{known.network[5]}", channel)
    slack_client.event(event)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel, event["ts"]))
    (complete,) = fake_slack.wait_for(
        "files.completeUploadExternal", completed_in(channel), timeout=30
    )
    assert complete.body["thread_ts"] == event["ts"]  # the card's thread, not a thread of it


def test_cards_without_a_likely_cluster_get_no_automatic_pictures(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    slack_client.command(f"check @{known.ordinary[0]}", channel=channel)

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert not header_of(card.body).startswith("Likely coordinated")
    fake_slack.quiet_for(2.0, "files.completeUploadExternal", completed_in(channel))
    assert "Show pictures" in blocks_text(card.body)  # still there to ask for


def test_pictures_that_fail_to_draw_never_break_the_card(
    slack_client: SlackClient,
    fake_slack: FakeSlack,
    known: KnownData,
    channel: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("matplotlib exploded")

    monkeypatch.setattr(uploads, "render_pictures", broken)
    with caplog.at_level(logging.ERROR, logger="handlers.picture_uploads"):
        slack_client.command(f"check @{known.network[1]}", channel=channel)
        (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
        deadline = time.monotonic() + 10
        while "error id" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)

    assert header_of(card.body).startswith("Likely coordinated")
    assert "automatic pictures" in caplog.text and "error id" in caplog.text
    assert not fake_slack.calls_of("files.completeUploadExternal", completed_in(channel))


def test_show_pictures_with_nothing_drawn_or_a_failure_tells_the_clicker(
    slack_client: SlackClient,
    fake_slack: FakeSlack,
    known: KnownData,
    channel: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uploads, "render_pictures", lambda *args, **kwargs: [])
    slack_client.click(Action.PICTURES, card_value(known.network[2]), channel=channel)
    (nothing,) = fake_slack.wait_for("response")

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("matplotlib exploded")

    fake_slack.reset()
    monkeypatch.setattr(uploads, "render_pictures", broken)
    slack_client.click(Action.PICTURES, card_value(known.network[2]), channel=channel)
    (failed,) = fake_slack.wait_for("response")

    assert "could not draw pictures" in blocks_text(nothing.body)
    assert nothing.body["response_type"] == "ephemeral"
    assert "error id" in blocks_text(failed.body)
    assert not fake_slack.calls_of("files.completeUploadExternal", completed_in(channel))


def test_show_pictures_where_the_bot_may_not_share_files_says_how_to_invite_it(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    fake_slack.fail("files.completeUploadExternal", "not_in_channel", channel=channel)

    slack_client.click(Action.PICTURES, card_value(known.network[4]), channel=channel)

    (answer,) = fake_slack.wait_for("response", timeout=30)
    assert "/invite @cibwatch" in blocks_text(answer.body)


def test_a_bot_drawing_in_worker_processes_shares_the_same_pictures(
    start_bot: Callable[..., AbstractContextManager[str]],
    fake_slack: FakeSlack,
    known_data_and_store: tuple[KnownData, Store, str],
    channel: str,
) -> None:
    known, store, url = known_data_and_store
    with start_bot(store, url, picture_processes=2) as base_url:
        client = SlackClient(base_url, fake_slack)
        client.click(Action.PICTURES, card_value(known.network[7]), channel=channel)
        (complete,) = fake_slack.wait_for(
            "files.completeUploadExternal", completed_in(channel), timeout=60
        )
        client.http.close()

    files = shared_files(complete)
    assert complete.body["thread_ts"] == CARD_TS and len(files) == 3
    assert all(png_size(fake_slack.uploaded_file(f["id"])) == (WIDTH, HEIGHT) for f in files)
