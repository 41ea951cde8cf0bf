"""The sweep worker (`cibwatch sweep --every SPAN`): one sweep at a time per store, new posts on
the next round, a clean stop on a signal; spans and the bot's sweep setting refused clearly."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest
from factories import record, write_jsonl
from test_cli import cibwatch

from bot.cli_common import CliError, parse_span
from services.sweep_worker import SweepRound, run_worker
from services.sweeps import sweep_lease, sweep_running
from storage import leases, queries
from storage.db import Store, now_ts, open_store
from storage.ingest import ingest_file

#: A round of a worker under test starts this soon after the last (seconds): rounds back to back.
QUICK = 0.05
#: Longest a test waits for a worker to get somewhere before it fails (never reached when it works).
PATIENCE = 60


def network_records(first: int = 0, members: int = 6) -> list[dict]:
    """`members` accounts posting the same texts seconds apart, six times, plus two bystanders."""
    records = []
    for push in range(6):
        for member in range(members):
            records.append(
                record(
                    f"n{first}-{push}-{member}",
                    handle=f"member{first}_{member}",
                    posted_at=f"2023-06-{5 + push:02d}T01:00:{10 + member:02d}Z",
                    text=f"the same slogan number {push} repeated by everyone in the ring",
                    urls=[f"https://news.example.com/story-{push}"],
                )
            )
    for n in range(2):
        records.append(record(f"b{first}-{n}", handle=f"bystander{first}_{n}"))
    return records


def load(store: Store, folder: Path, records: list[dict], name: str) -> None:
    report = ingest_file(store, write_jsonl(folder / f"{name}.jsonl", records))
    assert report.loaded == len(records)


def _network_store(folder: Path) -> tuple[Path, Store]:
    """A SQLite store file in `folder` holding one small network's posts."""
    path = folder / "cibwatch.db"
    store = open_store(f"sqlite:///{path}")
    load(store, folder, network_records(), "posts")
    return path, store


def another_process(store: Store) -> Store:
    """The same store opened again, as a second worker process would."""
    return open_store(store.engine.url.render_as_string(hide_password=False))


# --- spans ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("15m", 900), ("1h", 3600), ("2d", 172800)]
)
def test_spans_read_as_seconds(text: str, seconds: int) -> None:
    assert parse_span(text, option="--every") == seconds


@pytest.mark.parametrize("text", ["0", "0m", "abc", "15", "-5m", "1y", "8d", "999999h", ""])
def test_bad_spans_are_one_line_saying_what_works(text: str) -> None:
    with pytest.raises(CliError) as refused:
        parse_span(text, option="--every")
    message = str(refused.value)
    assert message.startswith("--every:") and "\n" not in message
    assert "15m" in message


def test_sweep_every_with_a_bad_span_is_one_line_and_sweeps_nothing(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'cibwatch.db'}")
    load(store, tmp_path, network_records(), "posts")
    store.dispose()
    for span in ("0", "abc", "100w"):
        refused = cibwatch("sweep", "--every", span, cwd=tmp_path)
        assert refused.returncode == 1
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
        assert "--every" in refused.stderr
    assert "last sweep: never" in cibwatch("status", cwd=tmp_path).stdout


def test_a_bad_sweep_in_bot_setting_stops_the_bot_at_start_with_one_line(tmp_path: Path) -> None:
    refused = cibwatch("serve", "--port", "0", cwd=tmp_path, env={"CIBWATCH_SWEEP_IN_BOT": "maybe"})
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "CIBWATCH_SWEEP_IN_BOT" in refused.stderr and "'maybe'" in refused.stderr


# --- the loop, on SQLite and PostgreSQL -----------------------------------------


def test_two_workers_never_sweep_together_and_new_posts_are_swept_next_round(
    store: Store, tmp_path: Path
) -> None:
    load(store, tmp_path, network_records(), "first")
    other = another_process(store)
    a_sweeping, b_tried = threading.Event(), threading.Event()
    stop_a, stop_b = threading.Event(), threading.Event()
    rounds_a: queue.Queue[SweepRound] = queue.Queue()
    rounds_b: list[SweepRound] = []

    def hold_first_sweep(stage: str, seconds: float) -> None:
        # Worker A stops in its first sweep, lease held, until B has had a round.
        if not a_sweeping.is_set():
            a_sweeping.set()
            assert b_tried.wait(PATIENCE)

    def b_round(done: SweepRound) -> None:
        rounds_b.append(done)
        stop_b.set()
        b_tried.set()

    worker_a = threading.Thread(
        target=run_worker,
        args=(store, QUICK),
        kwargs={"stop": stop_a, "on_round": rounds_a.put, "on_stage": hold_first_sweep},
    )
    worker_b = threading.Thread(
        target=run_worker, args=(other, QUICK), kwargs={"stop": stop_b, "on_round": b_round}
    )
    worker_a.start()
    try:
        assert a_sweeping.wait(PATIENCE)
        worker_b.start()
        worker_b.join(PATIENCE)
        first = rounds_a.get(timeout=PATIENCE)
        # B found the store being swept and stood aside; A's sweep went on alone.
        assert [r.outcome for r in rounds_b] == ["busy"]
        assert rounds_b[0].busy_since is not None
        assert first.outcome == "swept" and first.summary is not None
        assert first.summary.from_scratch and first.summary.posts == 38
        # Posts that arrive now are swept by A's next round that finds them.
        load(store, tmp_path, network_records(first=1, members=4), "second")
        while (later := rounds_a.get(timeout=PATIENCE)).outcome != "swept":
            assert later.outcome == "nothing new"
        assert later.summary is not None and later.summary.new_posts == 26
        assert later.summary.posts == 38 + 26
    finally:
        stop_a.set()
        stop_b.set()
        b_tried.set()
        worker_a.join(PATIENCE)
    assert sweep_running(store) is None  # both gave the lease back
    other.dispose()


def test_status_shows_who_is_sweeping_and_since_when(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'cibwatch.db'}")
    load(store, tmp_path, network_records(), "posts")
    assert "a sweep is running" not in cibwatch("status", cwd=tmp_path).stdout
    with sweep_lease(store):
        held = sweep_running(store)
        shown = cibwatch("status", cwd=tmp_path)
        as_json = orjson.loads(cibwatch("status", "--json", cwd=tmp_path).stdout)
    assert held is not None
    assert "a sweep is running: started" in shown.stdout and held.holder in shown.stdout
    assert as_json["sweep_running"]["holder"] == held.holder
    assert as_json["sweep_running"]["since_ts"] == held.since_ts
    assert orjson.loads(cibwatch("status", "--json", cwd=tmp_path).stdout)["sweep_running"] is None
    store.dispose()


def test_a_round_the_store_cannot_serve_fails_and_the_next_round_sweeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.db.LOCK_WAIT", 0.2)  # a long write outlasts the wait at once
    path, store = _network_store(tmp_path)
    ingest = sqlite3.connect(path, isolation_level=None)  # a long write, as an ingest's
    ingest.execute("BEGIN IMMEDIATE")
    stop = threading.Event()
    rounds: list[SweepRound] = []

    def next_round(done: SweepRound) -> None:
        rounds.append(done)
        if len(rounds) == 1:
            ingest.execute("COMMIT")  # the write ends before the next round
        else:
            stop.set()

    run_worker(store, QUICK, stop=stop, on_round=next_round)
    ingest.close()
    assert [r.outcome for r in rounds] == ["failed", "swept"]
    assert rounds[0].problem is not None and "busy" in rounds[0].problem
    assert "sqlite" not in rounds[0].problem.lower()
    assert rounds[1].summary is not None and rounds[1].summary.posts == 38
    assert sweep_running(store) is None
    store.dispose()


# --- the command: rounds and a clean stop ----------------------------------------


@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [
        (signal.SIGTERM, 0, "stopped"),  # a service manager's ordinary stop
        (signal.SIGINT, 130, "interrupted: the sweep worker stopped"),  # Ctrl-C, as any command
    ],
)
def test_a_signal_stops_the_worker_cleanly_and_frees_the_store(
    signum: signal.Signals, code: int, said: str, tmp_path: Path
) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'cibwatch.db'}")
    load(store, tmp_path, network_records(), "posts")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    child = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "sweep", "--every", "1h"],
        cwd=tmp_path,
        env=env | {"CIBWATCH_FETCH_LINKS": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    lines = []
    while "swept" not in (line := child.stdout.readline()):  # the first round, at once
        assert line, "the worker ended before its first round"
        lines.append(line)
    child.send_signal(signum)
    rest, errors = child.communicate(timeout=PATIENCE)
    assert child.returncode == code, errors
    assert "Traceback" not in errors and len(errors.strip().splitlines()) == 1
    assert errors.startswith(said)
    assert "sweeping every 1h" in "".join(lines) and "swept 8 accounts and 38 posts" in line
    assert sweep_running(store) is None
    store.dispose()


# --- the lease when another process holds the store's write lock ------------------


class WriteLock:
    """Another process holding the store's write lock (as an ingest's batch does) until released."""

    def __init__(self, path: Path) -> None:
        self.child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys\n"
                f"conn = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
                "conn.execute('BEGIN IMMEDIATE')\n"
                "print('locked', flush=True)\n"
                "sys.stdin.readline()\n"
                "conn.execute('COMMIT')\n",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.child.stdout is not None and self.child.stdout.readline() == "locked\n"

    def release(self) -> None:
        self.child.communicate("\n", timeout=PATIENCE)
        assert self.child.returncode == 0


def wait_for_log(caplog: pytest.LogCaptureFixture, words: str, times: int = 1) -> None:
    """Wait until `words` has been logged `times` times (by the lease's renewer thread)."""
    waited = 0.0
    while sum(words in r.getMessage() for r in caplog.records) < times:
        assert waited < PATIENCE, f"never logged {times} x {words!r}"
        threading.Event().wait(0.02)
        waited += 0.02


@pytest.fixture
def quick_lease(monkeypatch: pytest.MonkeyPatch) -> None:
    """Renewals every few hundredths of a second, a write lock given up on after 0.2 s."""
    monkeypatch.setattr("storage.db.LOCK_WAIT", 0.2)
    monkeypatch.setattr("services.sweeps.RENEW_EVERY_SECONDS", 0.05)
    monkeypatch.setattr("services.sweeps.RENEW_RETRY_SECONDS", 0.05)


def test_a_renewal_blocked_by_another_writer_is_retried_and_the_sweep_goes_on(
    tmp_path: Path, quick_lease: None, caplog: pytest.LogCaptureFixture
) -> None:
    path, store = _network_store(tmp_path)
    caplog.set_level("WARNING", logger="services.sweeps")
    locks: list[WriteLock] = []

    def first_stage(stage: str, seconds: float) -> None:
        if not locks:  # mid-sweep, another process writes for longer than the wait
            locks.append(WriteLock(path))
            wait_for_log(caplog, "could not renew the sweep lease", times=3)
            locks[0].release()

    stop = threading.Event()
    rounds: list[SweepRound] = []
    run_worker(
        store,
        QUICK,
        stop=stop,
        on_round=lambda r: (rounds.append(r), stop.set()),
        on_stage=first_stage,
    )

    assert [r.outcome for r in rounds] == ["swept"]
    renewals = [r for r in caplog.records if "renew" in r.getMessage()]
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in renewals)  # no traceback
    assert "sqlite" not in " ".join(r.getMessage().lower() for r in renewals)
    assert sweep_running(store) is None
    store.dispose()


def test_renewals_held_up_while_the_sweep_stores_its_results_do_not_lose_the_hold(
    tmp_path: Path,
    quick_lease: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Storing a large sweep's results is one long write of its own: the
    # renewals wait behind it past the hold, and the sweep must not give up
    # its work for that (the results' transaction renews the hold itself).
    monkeypatch.setattr("services.sweeps.LEASE_SECONDS", 1)
    path, store = _network_store(tmp_path)
    caplog.set_level("INFO", logger="services.sweeps")
    with sweep_lease(store) as keeper:
        keeper.storing.set()  # as a sweep does while it writes its results
        lock = WriteLock(path)  # a write lasting longer than the hold
        wait_for_log(caplog, "while the sweep stores its results", times=2)
        lock.release()
        keeper.check()  # the hold is not lost
        with store.session() as session:
            assert leases.renew_lease(session, leases.SWEEP_LEASE, keeper.holder, now_ts(), 300)
    assert "lost its lease" not in caplog.text
    # Expected while storing, so an operator's log shows no warning for it.
    renewals = [r for r in caplog.records if "renew" in r.getMessage()]
    assert renewals and all(r.levelname == "INFO" for r in renewals)
    assert sweep_running(store) is None
    store.dispose()


def test_a_lease_that_lapses_under_a_long_write_stops_the_sweep_and_stores_nothing(
    tmp_path: Path,
    quick_lease: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("services.sweeps.LEASE_SECONDS", 1)  # lapses after a second unrenewed
    path, store = _network_store(tmp_path)
    caplog.set_level("WARNING", logger="services.sweeps")
    locks: list[WriteLock] = []

    def first_stage(stage: str, seconds: float) -> None:
        if not locks:
            locks.append(WriteLock(path))
            wait_for_log(caplog, "lost its lease")
            locks[0].release()

    stop = threading.Event()
    rounds: list[SweepRound] = []

    def next_round(done: SweepRound) -> None:
        rounds.append(done)
        if len(rounds) == 1:  # the failed round left nothing behind
            assert sweep_running(store) is None
            with store.session() as session:
                assert queries.last_sweep(session) is None
        else:
            stop.set()

    run_worker(store, QUICK, stop=stop, on_round=next_round, on_stage=first_stage)

    assert [r.outcome for r in rounds] == ["failed", "swept"]
    assert rounds[0].problem is not None and "lost its lease" in rounds[0].problem
    assert "nothing of it stored" in rounds[0].problem and "\n" not in rounds[0].problem
    assert rounds[1].summary is not None and rounds[1].summary.from_scratch
    assert all(r.exc_info is None for r in caplog.records)
    assert sweep_running(store) is None
    store.dispose()
