"""Digests when a sweep worker sweeps (CIBWATCH_SWEEP_IN_BOT=0): the bot starts no sweep, waits
for the worker's running sweep, and says up to when its digest speaks."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import orjson
from client import SlackClient
from fakes import REVIEWER, FakeSlack, blocks_text, in_channel
from sqlalchemy import func
from sqlmodel import select
from test_slack_digest import fresh_store

from handlers.cards import when
from services.sweeps import run_sweep, sweep_lease, sweep_running
from storage.db import Store
from storage.ingest import ingest_file
from storage.models import DigestRun, Post, SweepRun

#: Longest a test waits for the bot to get somewhere (never reached when it works).
PATIENCE = 30.0


def runs_of(store: Store, channel: str) -> list[DigestRun]:
    with store.session() as session:
        query = select(DigestRun).where(DigestRun.channel_id == channel)
        return list(session.exec(query.order_by(DigestRun.period_end_ts)).all())


def sweeps_stored(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(SweepRun)) or 0


def load_late_posts(store: Store, folder: Path) -> int:
    """Posts loaded after the last sweep, a second after the swept ones; their load time."""
    time.sleep(1.1)  # a later load second than the swept posts, as a later ingest would have
    records = [
        {
            "platform": "x",
            "post_id": f"late-{n}",
            "author_handle": "latecomer",
            "author_id": "id-latecomer",
            "posted_at": "2023-07-01T10:00:00Z",
            "text": f"a post loaded after the last sweep, number {n}",
        }
        for n in range(3)
    ]
    path = folder / "late.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    assert ingest_file(store, path).loaded == len(records)
    with store.session() as session:
        loaded = session.scalar(
            select(func.min(Post.ingested_ts)).where(Post.post_id.like("late-%"))  # type: ignore[attr-defined]
        )
    assert loaded is not None
    time.sleep(1.1)  # and a digest asked for now ends a second after them, so they are in its period
    return loaded


def test_without_sweeps_in_the_bot_a_digest_waits_for_the_running_sweep_sweeps_nothing_and_says_what_it_covers(
    tmp_path: Path,
    fake_slack: FakeSlack,
    start_bot: Callable[..., AbstractContextManager[str]],
    channel: str,
) -> None:
    store, network, _ = fresh_store(tmp_path)  # the network, loaded and swept
    late_ts = load_late_posts(store, tmp_path)
    swept_before = sweeps_stored(store)
    url = f"sqlite:///{tmp_path / 'digest.db'}"
    with start_bot(store, url, reviewers=REVIEWER, sweep_in_bot=False) as base_url:
        client = SlackClient(base_url, fake_slack)
        with sweep_lease(store):  # the sweep worker is sweeping
            ack = client.command("digest now", channel=channel, user=REVIEWER).json()
            assert "Preparing a digest" in blocks_text(ack)
            deadline = time.monotonic() + PATIENCE
            while not runs_of(store, channel):  # the bot claimed the period and is waiting
                assert time.monotonic() < deadline, "the digest never started"
                time.sleep(0.05)
            assert not fake_slack.calls_of("chat.postMessage", in_channel(channel))
        # The sweep ends: the digest that waited for it is posted.
        (posted,) = fake_slack.wait_for("chat.postMessage", in_channel(channel), timeout=PATIENCE)
        assert not fake_slack.calls_of("response")  # nobody was told "busy"
        # The bot started no sweep of its own: the late posts are still not swept.
        assert sweeps_stored(store) == swept_before
        assert sweep_running(store) is None
        # The bot marks the run posted once Slack has answered: give it that moment.
        deadline = time.monotonic() + PATIENCE
        while (run := runs_of(store, channel)[0]).status == "claimed":
            assert time.monotonic() < deadline, "the posted digest was never marked posted"
            time.sleep(0.05)
        assert len(runs_of(store, channel)) == 1
        assert run.status == "posted"
        assert run.covered_end_ts == late_ts < run.period_end_ts
        text = blocks_text(posted.body)
        coverage = f"covers up to {when(late_ts)}; newer posts wait for the next sweep"
        assert coverage in text and coverage in posted.body["text"]
        assert run.accounts == len(network)  # the swept network, six of it shown
        assert sum(f"x:@{handle.lower()}" in text for handle in network) == 6
        assert "latecomer" not in text

        # The worker's next round sweeps the late posts; the next digest starts where this one stopped.
        assert run_sweep(store).new_posts == 3
        client.command("digest now", channel=channel, user=REVIEWER)
        fake_slack.wait_for("chat.postMessage", in_channel(channel), count=2, timeout=PATIENCE)
        client.http.close()
    first, second = runs_of(store, channel)
    assert second.period_start_ts == first.covered_end_ts == late_ts
    assert second.covered_end_ts == second.period_end_ts
    later = fake_slack.calls_of("chat.postMessage", in_channel(channel))[1]
    assert "covers up to" not in blocks_text(later.body)
    store.dispose()
