"""PostgreSQL ingest through COPY: the hard cases load exactly as on SQLite.

Each test loads the same files into a SQLite store and a PostgreSQL store (or
the PostgreSQL one only) and compares what they hold, row for row, and what
the ingest reported.
"""

from __future__ import annotations

import gzip
import threading
import time
from pathlib import Path

import orjson
import psycopg
import pytest
from factories import record, write_jsonl
from generate import generate
from sqlalchemy import text

from services.sweeps import run_sweep
from storage.db import Store, open_store
from storage.indexes import secondary_indexes
from storage.ingest import IngestError, IngestReport, ingest_file, rejects_path_for

#: Texts that COPY's text format must escape: its separators, its NULL marker
#: (\N) and end-of-data line (\.), carriage returns, and a NUL (stripped at ingest).
HARD_TEXTS = [
    "tab\there and\ttwice",
    "line one\nline two\n",
    "windows\r\nline end\r",
    "back\\slash \\\\ double \\t not a tab",
    "\\N",
    "\\.",
    "end of data\n\\.\nand after",
    "nul\u0000 in\u0000 the text",
    "emoji 🙂 and right-to-left \u202eעברית\u202c and zero\u200bwidth",
    "quotes \" ' and a comma, semicolon; pipe |",
]
#: The longest text accepted (storage.records.MAX_TEXT_CHARS), full of escapes.
HUGE_TEXT = ("a\tb\\c\nd\re " * 4000)[:40_000]


def _contents(store: Store) -> dict[str, object]:
    """Every ingested row of the store by natural keys, and posts in id order."""
    with store.engine.connect() as conn:
        accounts = conn.execute(
            text(
                "SELECT platform, handle, handle_key, author_id, created_ts, first_post_ts, "
                "last_post_ts, post_count FROM account ORDER BY id"
            )
        ).all()
        posts = conn.execute(
            text(
                "SELECT p.platform, p.post_id, a.handle, p.posted_ts, p.text, p.text_fp, p.lang, "
                "p.reply_to_post_id, p.repost_of_post_id, p.quoted_post_id "
                "FROM post p JOIN account a ON a.id = p.account_id ORDER BY p.id"
            )
        ).all()
        urls = conn.execute(
            text(
                "SELECT p.post_id, u.url FROM posturl u JOIN post p ON p.id = u.post_pk "
                "ORDER BY p.post_id, u.url"
            )
        ).all()
        tags = conn.execute(
            text(
                "SELECT p.post_id, t.tag FROM posthashtag t JOIN post p ON p.id = t.post_pk "
                "ORDER BY p.post_id, t.tag"
            )
        ).all()
    return {
        "accounts": [tuple(r) for r in accounts],
        "posts": [tuple(r) for r in posts],
        "urls": [tuple(r) for r in urls],
        "tags": [tuple(r) for r in tags],
    }


def _outcome(report: IngestReport) -> tuple[object, ...]:
    written = report.rejects_path.read_text() if report.rejects_path else ""
    return (
        report.read,
        report.loaded,
        report.already_present,
        report.conflicting,
        report.rejected,
        [(r.line, r.reason, r.raw) for r in report.rejects],
        written,
    )


def _ingest_both(
    sqlite_store: Store, postgres_store: Store, path: Path, **options: object
) -> tuple[tuple[object, ...], tuple[object, ...], IngestReport]:
    """Ingest `path` into both stores: (SQLite's outcome, PostgreSQL's, PostgreSQL's report).

    Each outcome is taken before the other ingest rewrites the rejects file.
    """
    on_sqlite = _outcome(ingest_file(sqlite_store, path, **options))  # type: ignore[arg-type]
    report = ingest_file(postgres_store, path, **options)  # type: ignore[arg-type]
    return on_sqlite, _outcome(report), report


def test_texts_copy_must_escape_load_exactly_as_on_sqlite(
    sqlite_store: Store, postgres_store: Store, tmp_path: Path
) -> None:
    records = [
        record(f"t{i}", f"writer{i % 3}", text=t, hashtags=[f"tag\\{i}", "tab\tin tag"])
        for i, t in enumerate(HARD_TEXTS)
    ]
    records.append(record("huge", "writer\\back", text=HUGE_TEXT, author_id="id\\with\\slashes"))
    records.append(record("too-big", text=HUGE_TEXT + "x"))
    # Case-folding beyond ASCII: the handle key comes from Python on both stores.
    records.append(record("dotted", "İstanbulLu", urls=["https://Example.com/a b?utm_x=1"]))
    path = write_jsonl(tmp_path / "hard.jsonl", records)
    on_sqlite, on_postgres, report = _ingest_both(sqlite_store, postgres_store, path)
    assert (report.loaded, report.rejected) == (len(HARD_TEXTS) + 2, 1)
    assert on_postgres == on_sqlite
    stored = _contents(postgres_store)
    assert stored == _contents(sqlite_store)
    texts = {post[1]: post[4] for post in stored["posts"]}  # type: ignore[attr-defined]
    assert texts["t0"] == "tab\there and\ttwice"
    assert texts["t4"] == "\\N" and texts["t5"] == "\\."  # not NULL, not the end of the data
    assert texts["t6"] == "end of data\n\\.\nand after"
    assert texts["t7"] == "nul in the text"
    assert texts["huge"] == HUGE_TEXT


def test_conflicting_duplicates_are_reported_as_on_sqlite(
    sqlite_store: Store, postgres_store: Store, tmp_path: Path
) -> None:
    first = write_jsonl(
        tmp_path / "first.jsonl",
        [
            record("1", text="the original", urls=["https://a.example/1", "https://b.example/"]),
            record("2", hashtags=["a", "b"]),
            record("3", lang=None),
        ],
    )
    second = write_jsonl(
        tmp_path / "second.jsonl",
        [
            record("1", text="the original", urls=["https://a.example/1"]),  # fewer links: same
            record("1", text="the original", urls=["https://c.example/"]),  # a link it lacks
            record("3", lang="en"),  # a value where the stored post has none
            record("5", "carol", author_id=None),
            record("5", "carol", author_id=None),  # same batch, same post
            record("5", "dave", text="other"),  # same batch, another author and text
            record("2", hashtags=["#B"]),  # the same once normalised
            record("5", "carol", hashtags=["new"]),  # next batch: compared with the stored copy
            record("6", "carol", author_id="carol-id"),  # gives carol her author_id
        ],
    )
    for path in (first, second):
        on_sqlite, on_postgres, report = _ingest_both(
            sqlite_store, postgres_store, path, batch_size=6
        )
        assert on_postgres == on_sqlite
    assert (report.loaded, report.already_present, report.conflicting) == (2, 3, 4)
    reasons = [r.reason for r in report.rejects]
    assert reasons == [
        "post_id 1 is already stored with a different urls; not loaded",
        "post_id 3 is already stored with a different lang; not loaded",
        "post_id 5 is already stored with a different author_handle, text; not loaded",
        "post_id 5 is already stored with a different hashtags; not loaded",
    ]
    assert _contents(postgres_store) == _contents(sqlite_store)
    carol = [a for a in _contents(postgres_store)["accounts"] if a[1] == "carol"]  # type: ignore[attr-defined]
    assert carol[0][3] == "carol-id" and carol[0][7] == 2
    # Neither the conflicting author nor any other record made an account.
    assert not [a for a in _contents(postgres_store)["accounts"] if a[1] == "dave"]  # type: ignore[attr-defined]


def test_a_file_loaded_again_with_new_and_changed_records_reports_as_on_sqlite(
    sqlite_store: Store, postgres_store: Store, tmp_path: Path
) -> None:
    """After a batch that was stored whole, the next is compared before it is stored."""
    old = [record(str(i), f"user{i % 3}", hashtags=[f"t{i}"]) for i in range(8)]
    first = write_jsonl(tmp_path / "first.jsonl", old)
    again = write_jsonl(
        tmp_path / "again.jsonl",
        [
            *old[:4],  # batch 1: stored whole
            old[4],
            record("5", "user2", hashtags=["t5", "more"]),  # a hashtag the stored post lacks
            record("new1", "newcomer"),
            record("new1", "newcomer", text="changed"),  # a later copy of a new post
            record("new2", "user0", hashtags=["x"]),
        ],
    )
    for path in (first, again):
        on_sqlite, on_postgres, report = _ingest_both(
            sqlite_store, postgres_store, path, batch_size=4
        )
        assert on_postgres == on_sqlite
    assert (report.loaded, report.already_present, report.conflicting) == (2, 5, 2)
    assert _contents(postgres_store) == _contents(sqlite_store)


def test_reingesting_through_copy_changes_nothing(postgres_store: Store, tmp_path: Path) -> None:
    records = [
        record(str(i), f"user{i % 4}", text=HARD_TEXTS[i % len(HARD_TEXTS)], hashtags=[f"t{i % 3}"])
        for i in range(40)
    ]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    first = ingest_file(postgres_store, path, batch_size=15)
    before = _contents(postgres_store)
    again = ingest_file(postgres_store, path, batch_size=7)
    assert (first.loaded, again.loaded, again.already_present, again.conflicting) == (40, 0, 40, 0)
    assert _contents(postgres_store) == before
    assert sum(a[7] for a in before["accounts"]) == 40  # type: ignore[attr-defined]


def test_a_bad_record_among_good_ones_rejects_only_itself_through_copy(
    postgres_store: Store, tmp_path: Path
) -> None:
    good = [orjson.dumps(record(str(i), text=f"good\t{i}\\")).decode() for i in range(6)]
    lines = [*good[:3], orjson.dumps(record("bad", posted_at="not a time")).decode(), *good[3:]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = ingest_file(postgres_store, path)
    assert (report.read, report.loaded, report.rejected) == (7, 6, 1)
    assert report.rejects[0].line == 4
    assert orjson.loads(rejects_path_for(path).read_text())["line"] == 4
    posts = _contents(postgres_store)["posts"]
    assert [p[1] for p in posts] == [str(i) for i in range(6)]  # type: ignore[attr-defined]
    assert [p[4] for p in posts] == [f"good\t{i}\\" for i in range(6)]  # type: ignore[attr-defined]


def _postgres_indexes(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(
            conn.execute(
                text(
                    "SELECT indexname FROM pg_indexes "
                    "WHERE tablename IN ('post', 'posturl', 'posthashtag')"
                )
            ).scalars()
        )


def test_a_bulk_load_into_an_empty_postgres_store_puts_every_index_back(
    postgres_store: Store, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [record(str(i), f"u{i % 5}", urls=["https://a.example/x"]) for i in range(40)],
    )
    before = _postgres_indexes(postgres_store)
    assert {str(index.name) for index in secondary_indexes()} <= before

    def stop_after_first_batch(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_file(
            postgres_store, path, batch_size=10, parallel=True, on_progress=stop_after_first_batch
        )
    assert _postgres_indexes(postgres_store) == before
    report = ingest_file(postgres_store, path, batch_size=10, parallel=True)
    assert (report.loaded, report.already_present) == (30, 10)
    assert _postgres_indexes(postgres_store) == before


def test_a_deferred_load_counts_each_accounts_activity_as_a_batch_by_batch_load(
    store: Store, tmp_path: Path
) -> None:
    """A bulk load into an empty store recounts post counts and first and last posts
    at its end, even when it was interrupted, and still gives an account the
    author_id and creation time a later record carries."""
    records = [
        record(
            str(i),
            f"u{i % 4}",
            posted_at=f"2023-06-{1 + i % 28:02d}T10:00:00Z",
            author_id=None if i < 8 else f"id-u{i % 4}",
            author_created_at=None if i < 12 else "2019-05-05T00:00:00Z",
        )
        for i in range(40)
    ]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    calls = {"n": 0}

    def stop_after_two_batches(done: int, total: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_file(store, path, batch_size=6, parallel=True, on_progress=stop_after_two_batches)

    def activity() -> list[tuple[object, ...]]:
        with store.engine.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT a.handle, a.post_count, a.first_post_ts, a.last_post_ts, "
                        "count(p.id), min(p.posted_ts), max(p.posted_ts), a.author_id, "
                        "a.created_ts FROM account a LEFT JOIN post p ON p.account_id = a.id "
                        "GROUP BY a.id ORDER BY a.handle"
                    )
                )
            ]

    halfway = activity()
    assert sum(r[4] for r in halfway) == 12  # type: ignore[misc]
    assert all(r[1:4] == r[4:7] for r in halfway)
    # The second batch gave each account its author_id, none a creation time yet.
    assert [(r[7], r[8]) for r in halfway] == [(f"id-u{i}", None) for i in range(4)]
    report = ingest_file(store, path, batch_size=6, parallel=True)
    assert (report.loaded, report.already_present) == (28, 12)
    done = activity()
    assert all(r[1:4] == r[4:7] for r in done) and sum(r[1] for r in done) == 40  # type: ignore[misc]
    assert [(r[0], r[7], r[8]) for r in done] == [
        (f"u{i}", f"id-u{i}", 1557014400) for i in range(4)
    ]


def test_sweep_state_written_through_copy_equals_sqlites(
    sqlite_store: Store, postgres_store: Store, tmp_path: Path
) -> None:
    records, _truth = generate(3000, 17)
    path = write_jsonl(tmp_path / "posts.jsonl", list(records))
    _ingest_both(sqlite_store, postgres_store, path)
    state = {}
    for name, store in (("sqlite", sqlite_store), ("postgres", postgres_store)):
        run_sweep(store)
        with store.engine.connect() as conn:
            state[name] = {
                table: sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {table}")))
                for table in ("textgroup", "textband", "tagcount", "sweepkey")
            }
    assert state["postgres"]["textband"], "the sweep kept no state to compare"
    assert state["postgres"] == state["sqlite"]


def test_a_role_that_does_not_own_the_tables_loads_a_big_file_without_deferring(
    postgres_store: Store, tmp_path: Path
) -> None:
    """Dropping indexes needs the tables' owner; a role that may only write loads as it goes."""
    with postgres_store.engine.begin() as conn:
        conn.execute(text("DROP ROLE IF EXISTS cibwatch_writer"))
        conn.execute(text("CREATE ROLE cibwatch_writer LOGIN"))
        conn.execute(text("GRANT USAGE ON SCHEMA public TO cibwatch_writer"))
        conn.execute(text("GRANT ALL ON ALL TABLES IN SCHEMA public TO cibwatch_writer"))
        conn.execute(text("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO cibwatch_writer"))
    url = postgres_store.engine.url.set(username="cibwatch_writer")
    writer = open_store(url.render_as_string(hide_password=False))
    try:
        path = write_jsonl(tmp_path / "in.jsonl", [record(str(i), f"u{i % 3}") for i in range(30)])
        report = ingest_file(writer, path, batch_size=10, parallel=True)
        assert (report.loaded, report.rejected) == (30, 0)
        assert {str(index.name) for index in secondary_indexes()} <= _postgres_indexes(writer)
        counts = [a[7] for a in _contents(writer)["accounts"]]  # type: ignore[attr-defined]
        assert counts == [10, 10, 10]
        # An index a killed load left out: the writer still opens the store,
        # and the owner's next open builds it.
        with postgres_store.engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_post_fingerprint_ts"))
        open_store(url.render_as_string(hide_password=False)).dispose()
        assert "ix_post_fingerprint_ts" not in _postgres_indexes(writer)
        open_store(postgres_store.engine.url.render_as_string(hide_password=False)).dispose()
        assert "ix_post_fingerprint_ts" in _postgres_indexes(writer)
    finally:
        writer.dispose()
        with postgres_store.engine.begin() as conn:
            conn.execute(text("DROP OWNED BY cibwatch_writer"))
            conn.execute(text("DROP ROLE cibwatch_writer"))


def test_a_store_reopened_after_a_killed_postgres_load_gets_its_indexes_back(
    postgres_store: Store,
) -> None:
    with postgres_store.engine.begin() as conn:
        for index in secondary_indexes():
            index.drop(conn)
    url = postgres_store.engine.url.render_as_string(hide_password=False)
    reopened = open_store(url)
    try:
        assert {str(index.name) for index in secondary_indexes()} <= _postgres_indexes(reopened)
    finally:
        reopened.dispose()


def _postgres_waits_on_a_lock(store: Store) -> bool:
    with store.engine.connect() as conn:
        return bool(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            ).scalar()
        )


def test_a_batch_whose_post_is_stored_meanwhile_falls_back_and_keeps_the_right_rows(
    sqlite_store: Store, postgres_store: Store, tmp_path: Path
) -> None:
    """Another ingest stores one of the batch's posts (and its account) after the batch
    was found all new: the straight copy fails on its key, and the batch is compared
    as any other, as on SQLite when that post came first."""
    records = [record(str(i), f"u{i % 3}", hashtags=[f"t{i}"]) for i in range(12)]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    other = write_jsonl(tmp_path / "other.jsonl", [record("5", "u2", text="another text")])
    ingest_file(sqlite_store, other)
    expected = _outcome(ingest_file(sqlite_store, path))

    # The other ingest's rows, written again in a transaction left open: invisible
    # to the check, their keys held until it commits.
    ingest_file(postgres_store, other)
    with postgres_store.engine.begin() as conn:
        account = conn.execute(text("SELECT * FROM account")).mappings().one()
        post = conn.execute(text("SELECT * FROM post")).mappings().one()
        conn.execute(text("DELETE FROM post"))
        conn.execute(text("DELETE FROM account"))
    writer = postgres_store.engine.connect()
    transaction = writer.begin()
    for table, row in (("account", account), ("post", post)):
        writer.execute(
            text(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)})"
            ),
            dict(row),
        )
    outcome: list[tuple[object, ...]] = []
    loader = threading.Thread(
        target=lambda: outcome.append(_outcome(ingest_file(postgres_store, path)))
    )
    loader.start()
    for _ in range(500):
        if _postgres_waits_on_a_lock(postgres_store):
            break
        time.sleep(0.02)
    else:
        raise AssertionError("the ingest never waited for the other's keys")
    transaction.commit()
    writer.close()
    loader.join(timeout=60)
    assert outcome == [expected]
    assert expected[1:4] == (11, 0, 1)  # loaded, already present, conflicting
    stored, on_sqlite = _contents(postgres_store), _contents(sqlite_store)
    assert stored == on_sqlite


def _bulk_records(n: int) -> list[dict[str, object]]:
    """Posts of seven accounts, some with links and hashtags."""
    return [
        record(
            str(i),
            f"u{i % 7}",
            text=HARD_TEXTS[i % len(HARD_TEXTS)],
            urls=[f"https://a.example/{i % 4}"] if i % 3 else [],
            hashtags=[f"t{i % 5}", "all"] if i % 2 else [],
            # Two accounts are first met without an identity, which a later batch gives.
            author_id=None if i % 7 < 2 and i < 30 else f"id{i % 7}",
            author_created_at=None if i % 7 < 2 and i < 60 else "2020-01-01T00:00:00Z",
        )
        for i in range(n)
    ]


def test_a_bulk_load_copied_straight_in_equals_sqlites_and_loading_it_again_changes_nothing(
    sqlite_store: Store, postgres_store: Store, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", _bulk_records(90))
    on_sqlite, on_postgres, _report = _ingest_both(
        sqlite_store, postgres_store, path, batch_size=20, parallel=True
    )
    assert on_postgres == on_sqlite
    before = _contents(postgres_store)
    assert before == _contents(sqlite_store)
    for options in ({"batch_size": 20, "parallel": True}, {"batch_size": 7}):
        again = ingest_file(postgres_store, path, **options)  # type: ignore[arg-type]
        assert (again.loaded, again.already_present, again.conflicting) == (0, 90, 0)
        assert _contents(postgres_store) == before


def test_a_bulk_load_that_fails_midway_leaves_a_usable_store_with_its_indexes(
    sqlite_store: Store, postgres_store: Store, tmp_path: Path
) -> None:
    """A file cut short: what was read stays loaded and counted, every index is back,
    and loading the whole file then ends as one clean load."""
    whole = write_jsonl(tmp_path / "whole.jsonl", _bulk_records(3000))
    data = gzip.compress(whole.read_bytes())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    indexes = _postgres_indexes(postgres_store)
    with pytest.raises(IngestError) as raised:
        ingest_file(postgres_store, cut, batch_size=200, parallel=True)
    assert 0 < raised.value.report.loaded < 3000
    assert _postgres_indexes(postgres_store) == indexes
    stored = _contents(postgres_store)
    counts = [a[7] for a in stored["accounts"]]  # type: ignore[attr-defined]
    assert sum(counts) == len(stored["posts"]) == raised.value.report.loaded  # type: ignore[arg-type]
    report = ingest_file(postgres_store, whole, batch_size=200, parallel=True)
    assert report.loaded + report.already_present == 3000
    ingest_file(sqlite_store, whole, batch_size=200, parallel=True)
    assert _contents(postgres_store) == _contents(sqlite_store)
    assert _postgres_indexes(postgres_store) == indexes


def test_a_store_error_in_the_writer_stops_the_load_and_leaves_the_store_usable(
    postgres_store: Store, tmp_path: Path
) -> None:
    """The batch being written fails in the store: the load stops with that error,
    the batches before stay stored and counted, and every index is back."""
    with postgres_store.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.post_id = '250' THEN RAISE EXCEPTION 'refused by the store'; END IF; "
                "RETURN NEW; END $$"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON post FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        )
    path = write_jsonl(tmp_path / "in.jsonl", _bulk_records(600))
    indexes = _postgres_indexes(postgres_store)
    with pytest.raises(psycopg.errors.RaiseException, match="refused by the store"):
        ingest_file(postgres_store, path, batch_size=100, parallel=True)
    assert _postgres_indexes(postgres_store) == indexes
    stored = _contents(postgres_store)
    assert [p[1] for p in stored["posts"]] == [str(i) for i in range(200)]  # type: ignore[attr-defined]
    assert sum(a[7] for a in stored["accounts"]) == 200  # type: ignore[attr-defined]
    with postgres_store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER refuse ON post"))
    report = ingest_file(postgres_store, path, batch_size=100, parallel=True)
    assert (report.loaded, report.already_present) == (400, 200)
