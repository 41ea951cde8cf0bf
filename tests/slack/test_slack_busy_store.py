"""A long write holding the SQLite store (an ingest batch, a sweep storing its results).

Another connection holds the store's write lock while the bot gets signed
requests: Bolt's listener threads never wait on it, so every command is
acked in time, and a pasted message the bot cannot take on is answered with
a notice saying so, not dropped in silence.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from client import SlackClient, message_event
from fakes import Call, FakeSlack, blocks_text, in_channel

from storage.db import open_store

BUSY = "store is busy"


class WriteLock:
    """Another connection holding the store's write lock until `release()`."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()


@pytest.fixture
def busy_bot(
    tmp_path: Path,
    fake_slack: FakeSlack,
    start_bot: Callable[..., AbstractContextManager[str]],
) -> Iterator[tuple[SlackClient, Path]]:
    """A bot over a store of its own (empty: pasted profile links are answered "Not in store")."""
    path = tmp_path / "store.db"
    url = f"sqlite:///{path}"
    store = open_store(url)
    # Digests are set by reviewers: the analyst who sets one below is one.
    with start_bot(store, url, reviewers="UANALYST") as base_url:
        client = SlackClient(base_url, fake_slack)
        yield client, path
        client.http.close()
    store.dispose()


def _busy_notice(channel: str) -> Callable[[Call], bool]:
    def matches(call: Call) -> bool:
        return in_channel(channel)(call) and BUSY in blocks_text(call.body)

    return matches


def test_pasted_messages_behind_a_long_write_are_answered_or_told_and_commands_ack(
    busy_bot: tuple[SlackClient, Path], fake_slack: FakeSlack, channel: str
) -> None:
    client, path = busy_bot
    lock = WriteLock(path)
    try:
        # More messages than Bolt has listener threads (16).
        now = int(time.time())
        pasted = [
            message_event(f"see https://x.com/busyuser{i}", channel, ts=f"{now}.{i:06d}")
            for i in range(20)
        ]
        for event in pasted:
            assert client.event(event).status_code == 200

        command = client.command("check x:@busyuser0", channel=channel)
        assert command.status_code == 200 and "Checking" in command.text

        # Behind the lock a message cannot be claimed: its author is told, not ignored.
        notices = fake_slack.wait_for("chat.postEphemeral", _busy_notice(channel), timeout=20)
        assert notices and all(n.body["user"] == "UPASTER" for n in notices)
    finally:
        lock.release()

    message_ts = {event["ts"] for event in pasted}
    deadline = time.monotonic() + 30
    while True:
        cards = [
            c
            for c in fake_slack.calls_of("chat.postMessage", in_channel(channel))
            if c.body.get("thread_ts") in message_ts
        ]
        notices = fake_slack.calls_of("chat.postEphemeral", _busy_notice(channel))
        if len(cards) + len(notices) >= len(pasted) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(cards) + len(notices) == len(pasted)
    assert len({c.body["thread_ts"] for c in cards}) == len(cards)  # one answer per message
    # The command's card comes once the store is free.
    fake_slack.wait_for(
        "chat.postMessage", lambda c: in_channel(channel)(c) and not c.body.get("thread_ts")
    )


def test_a_command_that_writes_is_acked_in_time_and_answers_after_the_write(
    busy_bot: tuple[SlackClient, Path], fake_slack: FakeSlack, channel: str
) -> None:
    client, path = busy_bot
    lock = WriteLock(path)
    try:
        # /cib digest daily stores the channel's schedule before it answers.
        response = client.command("digest daily 09:00", channel=channel)
        assert response.status_code == 200
        assert "Working on it" in response.text
    finally:
        lock.release()

    (late,) = fake_slack.wait_for("response", lambda c: "Digest set" in blocks_text(c.body))
    assert late.body.get("response_type") == "ephemeral"
