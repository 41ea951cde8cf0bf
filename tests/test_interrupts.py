"""Ctrl-C and a store in trouble on the command line: one line, the right exit code, and a
store left whole (whole batches, no half-stored sweep, the sweep lease released).

Each test runs the real command in a child process and sends it a real signal, as a
terminal's Ctrl-C does: to the command's whole process group, its workers included.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import record, write_jsonl
from generate import generate, write_records
from sqlalchemy import event
from test_cli import cibwatch
from test_sweep_worker import WriteLock

from services.sweeps import sweep_running
from storage import queries
from storage.db import open_store
from storage.indexes import secondary_indexes
from storage.ingest import BATCH_SIZE, IngestError, ingest_file

#: Posts in the generated file: enough that an ingest or a sweep of it is still running
#: when the signal comes (it is sent as soon as the first batch or the lease is seen).
POSTS = 60_000
#: Longest a test waits for a child to get somewhere before it fails (never reached when it works).
PATIENCE = 120


@pytest.fixture(scope="module")
def posts_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated JSONL file of POSTS valid, distinct post records."""
    path = tmp_path_factory.mktemp("data") / "posts.jsonl"
    records, _truth = generate(POSTS, seed=3)
    write_records(records, path)
    return path


def start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """`cibwatch ARGS` in a child process of its own process group (as a terminal runs it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=cwd,
        env=env | {"CIBWATCH_FETCH_LINKS": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def ctrl_c(child: subprocess.Popen[str]) -> tuple[str, str]:
    """Send SIGINT to the child's process group; its output once it has ended."""
    os.killpg(child.pid, signal.SIGINT)
    return child.communicate(timeout=PATIENCE)


def scalar(db: Path, sql: str) -> object:
    """One value read from the store's file by a plain read-only connection (None if unreadable)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            row = conn.execute(sql).fetchone()
    except sqlite3.Error:  # not created yet
        return None
    return row[0] if row else None


def wait_until(child: subprocess.Popen[str], seen: Callable[[], bool]) -> None:
    """Poll `seen()` until true; fail if the child ends first."""
    deadline = time.monotonic() + PATIENCE
    while not seen():
        assert child.poll() is None, f"ended before the signal: {child.communicate()}"
        assert time.monotonic() < deadline, "nothing happened in time"
        time.sleep(0.02)


def test_ctrl_c_during_an_ingest_keeps_whole_batches_and_a_rerun_completes(
    posts_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "cibwatch.db"
    child = start("ingest", str(posts_file), cwd=tmp_path)
    wait_until(child, lambda: (scalar(db, "SELECT count(*) FROM post") or 0) > 0)
    _out, errors = ctrl_c(child)

    assert child.returncode == 130, errors
    assert "Traceback" not in errors and len(errors.strip().splitlines()) == 1
    stored = scalar(db, "SELECT count(*) FROM post")
    assert isinstance(stored, int) and 0 < stored < POSTS and stored % BATCH_SIZE == 0
    assert errors.startswith(f"interrupted: {posts_file}: {stored:,} records stored")
    assert "run the same command again" in errors
    # Consistent: every account's count matches its posts, and the indexes a fast
    # load into an empty store drops are back.
    assert scalar(db, "SELECT sum(post_count) FROM account") == stored
    present = {
        name
        for (name,) in sqlite3.connect(db).execute(
            "SELECT name FROM sqlite_master WHERE type='index'"
        )
    }
    assert {index.name for index in secondary_indexes()} <= present
    assert scalar(db, "PRAGMA integrity_check") == "ok"

    again = cibwatch("ingest", str(posts_file), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"loaded {POSTS - stored:,}, already present {stored:,}, rejected 0" in again.stdout
    assert scalar(db, "SELECT count(*) FROM post") == POSTS


def test_ctrl_c_during_a_sweep_stores_nothing_and_frees_the_store(
    posts_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "cibwatch.db"
    store = open_store(f"sqlite:///{db}")
    ingest_file(store, posts_file)
    child = start("sweep", cwd=tmp_path)
    wait_until(child, lambda: scalar(db, "SELECT holder FROM sweeplease") is not None)
    _out, errors = ctrl_c(child)

    assert child.returncode == 130, errors
    assert "Traceback" not in errors and len(errors.strip().splitlines()) == 1
    assert errors.startswith("interrupted: the sweep stopped before storing anything")
    assert sweep_running(store) is None  # the lease is released, not left to lapse
    with store.session() as session:
        assert queries.last_sweep(session) is None
    swept = cibwatch("sweep", cwd=tmp_path)  # the next sweep runs at once
    assert swept.returncode == 0 and "from scratch" in swept.stdout, swept.stderr
    store.dispose()


# --- a store or a file the command cannot use as it is -------------------------------


@pytest.mark.parametrize("command", [("status",), ("sweep",), ("ingest", "posts.jsonl")])
def test_a_store_file_that_is_not_a_database_is_one_line_and_left_untouched(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    notes = tmp_path / "cibwatch.db"
    notes.write_text("my notes, not a store\n")
    write_jsonl(tmp_path / "posts.jsonl", [record("1")])
    done = cibwatch(*command, cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == (
        f"error: cannot open the store (SQLite file {notes}): "
        "the file is not a SQLite database; check DATABASE_URL"
    )
    assert notes.read_text() == "my notes, not a store\n"


def test_an_ingest_the_store_stays_locked_for_is_one_line_and_a_rerun_loads_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cibwatch.db"
    store = open_store(f"sqlite:///{db}")
    ingest_file(store, write_jsonl(tmp_path / "first.jsonl", [record("1")]))
    store.dispose()
    posts = write_jsonl(tmp_path / "posts.jsonl", [record(str(n)) for n in range(2, 12)])
    lock = WriteLock(db)  # another process writing, longer than the command waits
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                # The wait for a lock cut from 30 s to 0.2 s: the lock outlasts it at once.
                "import storage.db; storage.db.LOCK_WAIT = 0.2\nfrom bot.cli import main; main()",
                "ingest",
                str(posts),
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=PATIENCE,
        )
    finally:
        lock.release()
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == (
        f"error: {posts}: the store failed: the store is busy with a long write (an ingest or "
        "a sweep); try again in a minute (10 records read, 0 loaded and kept); "
        "run the same command again to go on"
    )
    again = cibwatch("ingest", str(posts), cwd=tmp_path)
    assert again.returncode == 0 and "loaded 10," in again.stdout, again.stderr


def test_a_file_name_that_is_not_utf8_is_printed_back_as_given(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.jsonl")  # a Latin-1 name on a UTF-8 system
    write_jsonl(tmp_path / name, [record("1"), {"platform": "x"}])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    done = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", "ingest", name],
        cwd=tmp_path,
        # A terminal that takes UTF-8 strictly, as most desktops' locales make it.
        env=env | {"PYTHONIOENCODING": "utf-8", "CIBWATCH_FETCH_LINKS": "0"},
        capture_output=True,
        timeout=PATIENCE,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert b"caf\xe9.jsonl: read 2, loaded 1, already present 0, rejected 1" in done.stdout
    assert b"rejected records written to caf\xe9.jsonl.rejects.jsonl" in done.stdout
    assert (tmp_path / os.fsdecode(b"caf\xe9.jsonl.rejects.jsonl")).exists()


def test_a_full_disk_mid_ingest_keeps_the_batches_stored_before_and_says_so(
    tmp_path: Path,
) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'cibwatch.db'}")
    ingest_file(store, write_jsonl(tmp_path / "first.jsonl", [record("0")]))
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    # The store may grow by a few pages only, as on a disk with little room left:
    # SQLite then fails a write with SQLITE_FULL, as it does on a full disk.
    def little_room(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 60}")

    event.listen(store.engine, "connect", little_room)
    store.engine.dispose()
    posts = [
        record(str(n), handle=f"acct{n % 50}", text=f"post {n} " + "many words " * 30)
        for n in range(1, 5001)
    ]
    with pytest.raises(IngestError) as stopped:
        ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", posts), batch_size=100)
    report = stopped.value.report
    assert "the disk that holds the store is full" in str(stopped.value)
    assert "sqlite" not in str(stopped.value).lower()
    assert 0 < report.loaded < len(posts) and report.loaded % 100 == 0  # whole batches
    assert f"{report.loaded:,} loaded and kept" in str(stopped.value)
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM post").scalar_one()
    assert stored == report.loaded + 1
    store.dispose()


def test_rejects_that_cannot_be_written_stop_the_load_with_one_line(tmp_path: Path) -> None:
    posts = write_jsonl(tmp_path / "posts.jsonl", [record("1"), {"platform": "x"}, record("2")])
    (tmp_path / "posts.jsonl.rejects.jsonl").mkdir()  # a folder where the rejects file goes
    done = cibwatch("ingest", str(posts), cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == (
        f"error: {posts}: cannot write the rejected records to {posts}.rejects.jsonl "
        "(Is a directory), so the load stopped (3 records read before, 2 loaded)"
    )
