"""Scheduled digests: periods on the local clock, exactly-once posting, content against truth."""

from __future__ import annotations

import base64
import pickle
import socket
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from client import SlackClient
from fakes import GROUP_MEMBER, REVIEWER, REVIEWER_GROUP, FakeSlack, blocks_text, in_channel
from known import generate_records
from slack_sdk import WebClient
from sqlmodel import select

from bot.scheduler import DigestScheduler, job_id, last_due, post_digest
from handlers.digest import parse_digest
from handlers.digest_cards import MAX_ACCOUNTS
from handlers.errors import UsageError
from services.flags import record_flag
from services.sweeps import SweepBusy, run_sweep, sweep_lease
from storage import digests as store_digests
from storage.db import Store, now_ts, open_store
from storage.ingest import ingest_file
from storage.models import DigestRun, DigestSubscription

DAY = 86400


def fresh_store(
    folder: Path, url: str | None = None, network: int = 12
) -> tuple[Store, list[str], list[str]]:
    """A swept store with the hand-made network (12 accounts) and 30 ordinary accounts."""
    records, known = generate_records(n_network=network)
    path = folder / "posts.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    store = open_store(url or f"sqlite:///{folder / 'digest.db'}")
    ingest_file(store, path)
    run_sweep(store)
    return store, known.network, known.ordinary


def client_for(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.api_url)


def sub(
    channel: str, frequency: str = "daily", at: str = "09:00", zone: str = "Europe/Berlin"
) -> DigestSubscription:
    return DigestSubscription(
        channel_id=channel,
        frequency=frequency,
        at_time=at,
        timezone=zone,
        created_ts=int(time.time()),
    )


def test_daily_period_ends_at_the_local_time_across_daylight_saving() -> None:
    subscription = sub("C1", at="09:00", zone="Europe/Berlin")
    # Berlin moved its clocks forward on 2023-03-26 at 02:00.
    after = last_due(subscription, datetime(2023, 3, 26, 12, 0, tzinfo=ZoneInfo("UTC")))
    before = last_due(subscription, datetime(2023, 3, 26, 6, 0, tzinfo=ZoneInfo("UTC")))
    assert after.isoformat() == "2023-03-26T09:00:00+02:00"
    assert before.isoformat() == "2023-03-25T09:00:00+01:00"
    assert after.timestamp() - before.timestamp() == 23 * 3600  # that day is one hour short


def test_weekly_and_hourly_periods_end_where_the_schedule_says() -> None:
    weekly = sub("C1", "weekly", "09:30", "UTC")
    weekly.weekday = "mon"
    assert (
        last_due(weekly, datetime(2023, 6, 7, 8, tzinfo=ZoneInfo("UTC"))).isoformat()
        == "2023-06-05T09:30:00+00:00"
    )
    hourly = sub("C1", "hourly", "00:15", "UTC")
    assert (
        last_due(hourly, datetime(2023, 6, 7, 8, 10, tzinfo=ZoneInfo("UTC"))).isoformat()
        == "2023-06-07T07:15:00+00:00"
    )


@pytest.mark.parametrize(
    ("text", "frequency", "at_time", "weekday"),
    [
        ("daily 09:00", "daily", "09:00", "mon"),
        ("weekly fri 7:05", "weekly", "07:05", "fri"),
        ("hourly :30", "hourly", "00:30", "mon"),
    ],
)
def test_digest_schedules_parse(text: str, frequency: str, at_time: str, weekday: str) -> None:
    request = parse_digest(text)
    assert (request.action, request.frequency, request.at_time, request.weekday) == (
        "set",
        frequency,
        at_time,
        weekday,
    )


@pytest.mark.parametrize("text", ["monthly", "daily 25:00", "daily soon", "off now"])
def test_bad_digest_schedules_say_what_works(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_digest(text)
    assert "/cib digest" in caught.value.hint or "HH:MM" in caught.value.hint


def test_digest_lists_exactly_the_newly_active_network_and_posts_once(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    store, network, ordinary = fresh_store(tmp_path)
    channel = "C" + uuid.uuid4().hex[:8].upper()
    end = int(time.time()) + 1
    first = post_digest(store, client_for(fake_slack), channel, end)
    again = post_digest(store, client_for(fake_slack), channel, end)
    assert (first.status, again.status) == ("posted", "skipped")
    posted = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert len(fake_slack.calls_of("chat.postMessage", in_channel(channel))) == 1
    text = blocks_text(posted[0].body)
    listed = {h for h in network if f"x:@{h.lower()}" in text}
    assert first.accounts == len(network)
    # The message shows up to six accounts of a cluster, then says how many more.
    assert len(listed) == min(6, len(network))
    assert f"and {len(network) - 6} more in this cluster" in text
    assert not any(f"x:@{h}" in text for h in ordinary)
    # The next period starts where this one ended: nothing new arrived since.
    later = post_digest(store, client_for(fake_slack), channel, end + DAY)
    assert later.status == "empty"
    store.dispose()


def test_benign_flagged_accounts_are_left_out(tmp_path: Path, fake_slack: FakeSlack) -> None:
    store, network, _ = fresh_store(tmp_path)
    record_flag(store, f"x:@{network[0]}", "benign", "UREVIEWER", "a real person we know")
    channel = "C" + uuid.uuid4().hex[:8].upper()
    outcome = post_digest(store, client_for(fake_slack), channel, int(time.time()) + 1)
    assert outcome.accounts == len(network) - 1
    text = blocks_text(fake_slack.wait_for("chat.postMessage", in_channel(channel))[0].body)
    assert f"x:@{network[0].lower()}" not in text
    assert "1 benign-flagged left out" in text
    store.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_replicas_racing_for_one_period_post_once(
    backend: str, tmp_path: Path, fake_slack: FakeSlack, request: pytest.FixtureRequest
) -> None:
    url = None
    if backend == "postgres":
        empty: Store = request.getfixturevalue("postgres_store")  # a fresh, migrated schema
        url = empty.engine.url.render_as_string(hide_password=False)
    store, _, _ = fresh_store(tmp_path, url)
    replica = open_store(url or f"sqlite:///{tmp_path / 'digest.db'}")
    channel = "C" + uuid.uuid4().hex[:8].upper()
    end = int(time.time()) + 1
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run(s: Store) -> None:
        barrier.wait()
        outcomes.append(post_digest(s, client_for(fake_slack), channel, end).status)

    threads = [threading.Thread(target=run, args=(s,)) for s in (store, replica)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["posted", "skipped"]
    fake_slack.wait_for("chat.postMessage", in_channel(channel))
    time.sleep(0.5)  # a second post, if any, would have arrived by now
    assert len(fake_slack.calls_of("chat.postMessage", in_channel(channel))) == 1
    replica.dispose()
    store.dispose()


def test_failed_post_is_recorded_and_retried(tmp_path: Path, fake_slack: FakeSlack) -> None:
    store, _, _ = fresh_store(tmp_path)
    channel = "C" + uuid.uuid4().hex[:8].upper()
    fake_slack.fail("chat.postMessage", "channel_not_found", channel=channel)
    end = int(time.time()) + 1
    failed = post_digest(store, client_for(fake_slack), channel, end)
    assert (failed.status, failed.error) == ("failed", "channel_not_found")
    retried = post_digest(store, client_for(fake_slack), channel, end)
    assert retried.status == "posted"
    with store.session() as session:
        run = store_digests.last_run(session, channel)
        assert run is not None and run.attempts == 2
    store.dispose()


def run_of(store: Store, channel: str) -> DigestRun:
    with store.session() as session:
        (run,) = session.exec(select(DigestRun).where(DigestRun.channel_id == channel)).all()
        return run


def test_a_posted_digest_whose_csv_upload_fails_is_not_posted_again(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    store, network, _ = fresh_store(tmp_path, network=MAX_ACCOUNTS + 4)
    channel = "C" + uuid.uuid4().hex[:8].upper()
    fake_slack.fail("files.getUploadURLExternal", "internal_error")
    end = int(time.time()) + 1

    first = post_digest(store, client_for(fake_slack), channel, end)
    again = post_digest(store, client_for(fake_slack), channel, end)

    assert first.accounts == len(network) > MAX_ACCOUNTS
    assert first.status == "posted" and "full list could not be attached" in (first.error or "")
    assert again.status == "skipped"
    (posted,) = fake_slack.calls_of("chat.postMessage", in_channel(channel))
    run = run_of(store, channel)
    assert (run.status, run.message_ts) == ("posted", posted.result["ts"])
    assert "internal_error" in (run.error or "")
    store.dispose()


def test_an_unexpected_error_marks_the_run_failed_so_the_period_is_posted_later(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    store, _, _ = fresh_store(tmp_path)
    channel = "C" + uuid.uuid4().hex[:8].upper()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: the Web API call fails below Slack's errors
    unreachable = WebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{port}/api/")
    end = int(time.time()) + 1

    with pytest.raises(OSError):
        post_digest(store, unreachable, channel, end)
    assert run_of(store, channel).status == "failed"
    retried = post_digest(store, client_for(fake_slack), channel, end)

    assert retried.status == "posted"
    assert len(fake_slack.calls_of("chat.postMessage", in_channel(channel))) == 1
    assert (run_of(store, channel).status, run_of(store, channel).attempts) == ("posted", 2)
    store.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_replicas_reclaiming_a_failed_period_claim_it_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store: Store = request.getfixturevalue(f"{backend}_store")
    replica = open_store(store.engine.url.render_as_string(hide_password=False))
    channel, now = "CRACE", now_ts()
    periods = [now - DAY * (i + 1) for i in range(12)]
    for end in periods:  # each period claimed once, and its post failed
        with store.session() as session:
            run = store_digests.claim_period(session, channel, end - DAY, end, now)
            assert run is not None and run.id is not None
            store_digests.finish_run(session, run.id, "failed", 0, None, "channel_not_found")
    winners: dict[int, list[str]] = {end: [] for end in periods}
    errors: list[BaseException] = []

    def reclaim(name: str, on: Store, barrier: threading.Barrier, end: int) -> None:
        barrier.wait()
        try:
            with on.session() as session:
                if store_digests.claim_period(session, channel, end - DAY, end, now + 1):
                    winners[end].append(name)
        except BaseException as exc:  # a lost race must be a clean "no", never an error
            errors.append(exc)

    for end in periods:
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=reclaim, args=(name, on, barrier, end))
            for name, on in (("one", store), ("two", replica))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    replica.dispose()

    assert errors == []
    assert [len(names) for names in winners.values()] == [1] * len(periods)
    with store.session() as session:
        runs = session.exec(select(DigestRun).where(DigestRun.channel_id == channel)).all()
    assert {(r.status, r.attempts) for r in runs} == {("claimed", 2)}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_one_sweep_at_a_time_runs_per_store_across_replicas(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    empty: Store = request.getfixturevalue(f"{backend}_store")  # a fresh, migrated schema
    url = empty.engine.url.render_as_string(hide_password=False)
    store, _, _ = fresh_store(tmp_path, url if backend == "postgres" else None)
    replica = open_store(url if backend == "postgres" else f"sqlite:///{tmp_path / 'digest.db'}")
    # Two replicas ask for the lease at the same moment: one gets it.
    started, tried = threading.Barrier(2), threading.Barrier(2)
    outcomes: list[str] = []

    def sweep(on: Store) -> None:
        started.wait()
        try:
            with sweep_lease(on):
                tried.wait()  # hold it until the other has asked
                outcomes.append("swept")
        except SweepBusy as busy:
            outcomes.append("busy" if busy.since_ts else "busy, since unknown")
            tried.wait()

    threads = [threading.Thread(target=sweep, args=(on,)) for on in (store, replica)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["busy", "swept"]
    # While one replica sweeps, the other's sweep and digest stand down, and say so.
    with sweep_lease(store):
        with pytest.raises(SweepBusy):
            run_sweep(replica, force=True)
        nowhere = WebClient(token="x", base_url="http://127.0.0.1:9/")  # never reached
        outcome = post_digest(replica, nowhere, "CBUSY", now_ts(), sweep_wait=0.0)
        assert (outcome.status, outcome.busy_since is not None) == ("busy", True)
    assert run_sweep(replica, force=True).skipped is False  # free again once it ends
    replica.dispose()
    store.dispose()


def test_schedules_survive_a_restart_and_a_missed_digest_is_sent_once(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    store, network, _ = fresh_store(tmp_path)
    channel = "C" + uuid.uuid4().hex[:8].upper()
    subscription = sub(channel, "daily", "09:00", "UTC")
    with store.session() as session:
        store_digests.save_subscription(session, subscription)
    first = DigestScheduler(store, client_for(fake_slack))
    first.start()
    assert first.next_run(channel) is not None
    # The job falls due two seconds from now, but the bot goes down first.
    soon = datetime.now(ZoneInfo("UTC")) + timedelta(seconds=2)
    first.scheduler.modify_job(job_id(channel), next_run_time=soon)
    first.shutdown()
    time.sleep(2.5)
    second = DigestScheduler(store, client_for(fake_slack))
    second.start()  # runs the missed digest once, then waits for tomorrow
    try:
        fake_slack.wait_for("chat.postMessage", in_channel(channel), timeout=15)
        time.sleep(1.0)
        assert len(fake_slack.calls_of("chat.postMessage", in_channel(channel))) == 1
        next_run = second.next_run(channel)
        assert next_run is not None and next_run.hour == 9 and next_run.timestamp() > time.time()
    finally:
        second.shutdown()
    store.dispose()


#: A channel's digest job exactly as the job store held it before the scheduler's
#: neighbours moved to services/ (written by DigestScheduler at commit 89596f6 for a daily
#: 09:00 UTC subscription of channel CSAVEDBEFORE): a pickled APScheduler job state whose
#: function is the dotted path "bot.scheduler:run_digest_job".
SAVED_BEFORE_THE_MOVE = (
    "gAWVIgQAAAAAAAB9lCiMB3ZlcnNpb26USwGMAmlklIwTZGlnZXN0OkNTQVZFREJFRk9SRZSMBGZ1bmOUjBxib3Qu"
    "c2NoZWR1bGVyOnJ1bl9kaWdlc3Rfam9ilIwHdHJpZ2dlcpSMGWFwc2NoZWR1bGVyLnRyaWdnZXJzLmNyb26UjAtD"
    "cm9uVHJpZ2dlcpSTlCmBlH2UKGgBSwKMCHRpbWV6b25llIwIYnVpbHRpbnOUjAdnZXRhdHRylJOUjAh6b25laW5m"
    "b5SMCFpvbmVJbmZvlJOUjAlfdW5waWNrbGWUhpRSlIwDVVRDlEsBhpRSlIwKc3RhcnRfZGF0ZZROjAhlbmRfZGF0"
    "ZZROjAZmaWVsZHOUXZQojCBhcHNjaGVkdWxlci50cmlnZ2Vycy5jcm9uLmZpZWxkc5SMCUJhc2VGaWVsZJSTlCmB"
    "lH2UKIwEbmFtZZSMBHllYXKUjAppc19kZWZhdWx0lIiMC2V4cHJlc3Npb25zlF2UjCVhcHNjaGVkdWxlci50cmln"
    "Z2Vycy5jcm9uLmV4cHJlc3Npb25zlIwNQWxsRXhwcmVzc2lvbpSTlCmBlH2UjARzdGVwlE5zYmF1YmgdjApNb250"
    "aEZpZWxklJOUKYGUfZQoaCKMBW1vbnRolGgkiGglXZRoKSmBlH2UaCxOc2JhdWJoHYwPRGF5T2ZNb250aEZpZWxk"
    "lJOUKYGUfZQoaCKMA2RheZRoJIhoJV2UaCkpgZR9lGgsTnNiYXViaB2MCVdlZWtGaWVsZJSTlCmBlH2UKGgijAR3"
    "ZWVrlGgkiGglXZRoKSmBlH2UaCxOc2JhdWJoHYwORGF5T2ZXZWVrRmllbGSUk5QpgZR9lChoIowLZGF5X29mX3dl"
    "ZWuUaCSIaCVdlGgpKYGUfZRoLE5zYmF1YmgfKYGUfZQoaCKMBGhvdXKUaCSJaCVdlGgnjA9SYW5nZUV4cHJlc3Np"
    "b26Uk5QpgZR9lChoLE6MBWZpcnN0lEsJjARsYXN0lEsJdWJhdWJoHymBlH2UKGgijAZtaW51dGWUaCSJaCVdlGhS"
    "KYGUfZQoaCxOaFVLAGhWSwB1YmF1YmgfKYGUfZQoaCKMBnNlY29uZJRoJIhoJV2UaFIpgZR9lChoLE5oVUsAaFZL"
    "AHViYXViZYwGaml0dGVylE51YowIZXhlY3V0b3KUjAdkZWZhdWx0lIwEYXJnc5SMDENTQVZFREJFRk9SRZSFlIwG"
    "a3dhcmdzlH2UaCKMDnJ1bl9kaWdlc3Rfam9ilIwSbWlzZmlyZV9ncmFjZV90aW1llEqAOgkAjAhjb2FsZXNjZZSI"
    "jA1tYXhfaW5zdGFuY2VzlEsBjA1uZXh0X3J1bl90aW1llIwIZGF0ZXRpbWWUjAhkYXRldGltZZSTlEMKB+oMBgkA"
    "AAAAAJRoGIaUUpR1Lg=="
)


def test_a_digest_job_saved_before_the_move_still_posts(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    store, _, _ = fresh_store(tmp_path)
    channel = "CSAVEDBEFORE"
    with store.session() as session:
        store_digests.save_subscription(session, sub(channel, "daily", "09:00", "UTC"))
    state = pickle.loads(base64.b64decode(SAVED_BEFORE_THE_MOVE))
    assert (state["func"], state["args"]) == ("bot.scheduler:run_digest_job", (channel,))
    # Due a moment ago: the saved run time is whenever the job was written.
    state["next_run_time"] = datetime.now(ZoneInfo("UTC")) - timedelta(seconds=1)
    jobs = SQLAlchemyJobStore(engine=store.engine, tablename="apscheduler_jobs").jobs_t
    jobs.create(store.engine, checkfirst=True)
    with store.engine.begin() as conn:
        conn.execute(
            jobs.insert().values(
                id=job_id(channel),
                next_run_time=state["next_run_time"].timestamp(),
                job_state=pickle.dumps(state, pickle.HIGHEST_PROTOCOL),
            )
        )
    scheduler = DigestScheduler(store, client_for(fake_slack))
    scheduler.start()  # keeps the stored job (it only adds jobs that are missing)
    try:
        fake_slack.wait_for("chat.postMessage", in_channel(channel), timeout=15)
        job = scheduler.scheduler.get_job(job_id(channel))
        assert job is not None and job.func_ref == "bot.scheduler:run_digest_job"
        next_run = scheduler.next_run(channel)
        assert next_run is not None and next_run.hour == 9 and next_run.timestamp() > time.time()
    finally:
        scheduler.shutdown()
    assert len(fake_slack.calls_of("chat.postMessage", in_channel(channel))) == 1
    store.dispose()


def test_slash_digest_sets_shows_posts_now_and_stops(
    review_client: SlackClient, fake_slack: FakeSlack, channel: str
) -> None:
    def command(text: str) -> dict:
        return review_client.command(text, channel=channel, user=REVIEWER).json()

    set_ack = command("digest daily 08:30 likely")
    assert "Digest set: every day at 08:30" in blocks_text(set_ack)
    assert "Likely coordinated" in blocks_text(set_ack)
    shown = command("digest")
    assert "every day at 08:30" in blocks_text(shown)
    started = time.monotonic()
    now_ack = command("digest now")
    assert "Preparing a digest" in blocks_text(now_ack)
    posted = fake_slack.wait_for("chat.postMessage", in_channel(channel), timeout=10)
    assert time.monotonic() - started < 10
    assert "cibwatch digest" in blocks_text(posted[0].body)
    off = command("digest off")
    assert "Digest stopped" in blocks_text(off)
    bad = command("digest fortnightly")
    assert "is not a digest schedule" in blocks_text(bad)


def test_only_reviewers_may_set_stop_or_post_a_digest_and_anyone_may_see_it(
    fake_slack: FakeSlack,
    start_bot: Callable[..., AbstractContextManager[str]],
    review_store: tuple,
    channel: str,
) -> None:
    _, store, url = review_store
    fake_slack.usergroups[REVIEWER_GROUP] = [GROUP_MEMBER]
    # A bot of its own: its reviewer group's members are not read yet.
    with start_bot(store, url, reviewers=REVIEWER_GROUP) as base_url:
        client = SlackClient(base_url, fake_slack)
        # A group member: Slack is asked after the ack, then the digest is set.
        ack = client.command("digest weekly tue 10:00", channel=channel, user=GROUP_MEMBER)
        assert "Checking that you may change" in blocks_text(ack.json())
        (answer,) = fake_slack.wait_for("response")
        assert "Digest set: every Tue at 10:00" in blocks_text(answer.body)
        # Anyone else is refused at once (the group's members are known now).
        for words in ("digest daily 09:00", "digest off", "digest now"):
            refused = client.command(words, channel=channel, user="UANALYST").json()
            assert "Only reviewers can set, stop or post a channel's digest" in blocks_text(refused)
        shown = client.command("digest", channel=channel, user="UANALYST").json()
        assert "every Tue at 10:00" in blocks_text(shown)
        client.http.close()
    assert not fake_slack.calls_of("chat.postMessage", in_channel(channel))
    with store.session() as session:
        saved = store_digests.get_subscription(session, channel)
        assert saved is not None and (saved.frequency, saved.created_by) == ("weekly", GROUP_MEMBER)
        store_digests.delete_subscription(session, channel)


def test_slash_digest_now_while_a_sweep_runs_is_told_so_and_posts_nothing(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: tuple, channel: str
) -> None:
    store = review_store[1]
    with sweep_lease(store):  # another replica (or `cibwatch sweep`) is sweeping
        ack = review_client.command("digest now", channel=channel, user=REVIEWER).json()
        (answer,) = fake_slack.wait_for("response")
    assert "Preparing a digest" in blocks_text(ack)
    assert answer.body.get("response_type") == "ephemeral"
    assert "A sweep of the store is already running (started just now)" in blocks_text(answer.body)
    assert "nothing was posted" in blocks_text(answer.body)
    assert not fake_slack.calls_of("chat.postMessage", in_channel(channel))
    # Once it ends, the same command posts.
    review_client.command("digest now", channel=channel, user=REVIEWER)
    fake_slack.wait_for("chat.postMessage", in_channel(channel))


def test_daily_trigger_fires_at_nine_local_on_both_sides_of_daylight_saving() -> None:
    from bot.scheduler import trigger_for

    trigger = trigger_for(sub("C1", "daily", "09:00", "Europe/Berlin"))
    clock = datetime(2023, 3, 25, 10, 0, tzinfo=ZoneInfo("UTC"))  # after Saturday's digest
    fires = []
    previous = None
    for _ in range(3):
        nxt = trigger.get_next_fire_time(previous, clock)
        fires.append(nxt.astimezone(ZoneInfo("UTC")).isoformat())
        previous, clock = nxt, nxt + timedelta(seconds=1)
    # 09:00 in Berlin is 07:00 UTC after the clocks go forward on 2023-03-26.
    assert fires == [
        "2023-03-26T07:00:00+00:00",
        "2023-03-27T07:00:00+00:00",
        "2023-03-28T07:00:00+00:00",
    ]
