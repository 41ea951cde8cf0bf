"""Ingest: good, bad, duplicate, gzip, CSV and interrupted loads, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest
from factories import record, write_jsonl
from sqlalchemy import func, select, text

from storage import queries
from storage.db import Store, upgrade
from storage.ingest import ingest_file, rejects_path_for
from storage.models import Account, Post, PostHashtag, PostUrl
from storage.textnorm import fingerprint


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_good_records_load_with_accounts_urls_and_hashtags(store: Store, tmp_path: Path) -> None:
    records = [
        record(
            "1", "@Alice", urls=["https://www.Example.com/a/?utm_source=x"], hashtags=["#News", "x"]
        ),
        record("2", "Alice", posted_at="2023-06-06T10:00:00+02:00"),
        record("3", "bob", platform="Twitter"),
        record("4", "alice"),  # another handle: identity is the handle as the data gives it
    ]
    report = ingest_file(store, write_jsonl(tmp_path / "in.jsonl", records))
    assert (report.read, report.loaded, report.already_present, report.rejected) == (4, 4, 0, 0)
    with store.session() as session:
        alice = session.scalars(select(Account).where(Account.handle == "Alice")).one()
        assert alice.post_count == 2
        assert alice.first_post_ts == 1685923269  # 2023-06-05T00:01:09Z
        assert alice.last_post_ts == 1686038400  # 2023-06-06T08:00:00Z
        assert alice.author_id == "id-@Alice"
        assert alice.handle_key == "alice"
        bob = session.scalars(select(Account).where(Account.handle == "bob")).one()
        assert bob.platform == "twitter"  # kept as the data names it (lower-cased)
        # Look-ups are case-insensitive and accept platform aliases.
        assert [a.handle for a in queries.accounts_by_handle(session, "ALICE", "x")] == [
            "Alice",
            "alice",
        ]
        assert [a.handle for a in queries.accounts_by_handle(session, "bob", "x")] == ["bob"]
        urls = session.scalars(select(PostUrl.url)).all()
        assert urls == ["https://example.com/a"]
        tags = sorted(session.scalars(select(PostHashtag.tag)).all())
        assert tags == ["news", "x"]
    assert not rejects_path_for(tmp_path / "in.jsonl").exists()


def test_reingesting_the_same_file_loads_nothing_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [record(str(i), f"user{i % 3}") for i in range(50)])
    first = ingest_file(store, path)
    second = ingest_file(store, path)
    assert first.loaded == 50
    assert (second.loaded, second.already_present) == (0, 50)
    assert count(store, Post) == 50
    with store.session() as session:
        assert sum(session.scalars(select(Account.post_count)).all()) == 50


def test_duplicates_inside_one_file_are_counted_once(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [record("1"), record("1"), record("2")])
    report = ingest_file(store, path)
    assert (report.loaded, report.already_present) == (2, 1)


def test_bad_records_are_listed_with_line_and_reason_and_the_rest_loads(
    store: Store, tmp_path: Path
) -> None:
    good = orjson.dumps(record("ok1")).decode()
    lines = [
        good,
        "{not json",
        orjson.dumps(
            {"platform": "x", "post_id": "9", "posted_at": "2023-06-05T00:00:00Z"}
        ).decode(),
        orjson.dumps(record("b2", posted_at="yesterday")).decode(),
        orjson.dumps(record("b3", posted_at="2023-06-05T00:00:00")).decode(),
        orjson.dumps(record("b4", urls="https://not-a-list")).decode(),
        orjson.dumps(record("b5", text="x" * 50_000)).decode(),
        "[1, 2]",
        orjson.dumps(record("ok2")).decode(),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = ingest_file(store, path)
    assert (report.read, report.loaded, report.rejected) == (9, 2, 7)
    reasons = {r.line: r.reason for r in report.rejects}
    assert reasons[2].startswith("invalid JSON")
    assert reasons[3] == "missing required field author_handle"
    assert "posted_at is not an ISO-8601 timestamp" in reasons[4]
    assert "no time zone" in reasons[5]
    assert reasons[6] == "urls must be a list of strings"
    assert "text is longer than" in reasons[7]
    assert reasons[8] == "a record must be a JSON object"
    written = [orjson.loads(line) for line in rejects_path_for(path).read_text().splitlines()]
    assert [w["line"] for w in written] == [2, 3, 4, 5, 6, 7, 8]
    assert written[0]["record"] == "{not json"
    assert count(store, Post) == 2


def test_gzip_jsonl_loads(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl.gz", [record(str(i)) for i in range(20)], gz=True)
    report = ingest_file(store, path)
    assert report.loaded == 20


def test_csv_with_json_encoded_lists_loads(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    fields = [
        "platform",
        "post_id",
        "author_handle",
        "posted_at",
        "urls",
        "hashtags",
        "text",
        "reply_to_post_id",
    ]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        writer.writerow(
            [
                "x",
                "1",
                "carol",
                "2023-06-05T00:00:00Z",
                '["https://a.example/x"]',
                '["tag"]',
                "hello, world",
                "",
            ]
        )
        writer.writerow(
            ["x", "2", "carol", "2023-06-05T00:00:00Z", "not json", "[]", "bad lists", ""]
        )
        writer.writerow(["x", "3", "dave", "2023-06-05T00:00:00Z", "", "", "no lists", ""])
    report = ingest_file(store, path)
    assert (report.loaded, report.rejected) == (2, 1)
    assert report.rejects[0].line == 3
    assert "urls must be a JSON-encoded list" in report.rejects[0].reason
    with store.session() as session:
        post = session.scalars(select(Post).where(Post.post_id == "1")).one()
        assert post.text == "hello, world"
        assert post.reply_to_post_id is None


def test_interrupted_ingest_rerun_ends_like_one_clean_run(store: Store, tmp_path: Path) -> None:
    records = [record(str(i), f"user{i % 7}", hashtags=[f"t{i % 4}"]) for i in range(120)]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    calls = {"n": 0}

    def crash_after_two_batches(done: int, total: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_file(store, path, batch_size=25, on_progress=crash_after_two_batches)
    assert count(store, Post) == 50  # two whole batches, nothing half-written
    report = ingest_file(store, path, batch_size=25)
    assert (report.loaded, report.already_present) == (70, 50)
    assert count(store, Post) == 120
    assert count(store, PostHashtag) == 120
    with store.session() as session:
        assert sum(session.scalars(select(Account.post_count)).all()) == 120


def test_fingerprint_ignores_serial_numbers_and_emoji(store: Store, tmp_path: Path) -> None:
    records = [
        record("1", "a", text="The truth about the lab leak story #12 🙂"),
        record("2", "b", text="the truth about the LAB leak story (3/40) 🎉 xQ7kP2"),
        record("3", "c", text="An entirely different sentence about gardens"),
    ]
    ingest_file(store, write_jsonl(tmp_path / "in.jsonl", records))
    with store.session() as session:
        fps = {p.post_id: p.text_fp for p in session.scalars(select(Post))}
    assert fps["1"] == fps["2"] != fps["3"]


def test_fingerprint_ignores_invisible_characters_and_look_alike_letters(
    store: Store, tmp_path: Path
) -> None:
    records = [
        record("1", "a", text="The truth about the lab leak story they hide"),
        record("2", "b", text="The tr\u200buth ab\u200dout the lab le\u00adak story they hide"),
        record("3", "c", text="Тhе truth аbоut the lаb lеаk stоrу thеу hidе"),  # Cyrillic
    ]
    ingest_file(store, write_jsonl(tmp_path / "in.jsonl", records))
    with store.session() as session:
        fps = {p.post_id: p.text_fp for p in session.scalars(select(Post))}
    assert fps["1"] == fps["2"] == fps["3"]


def test_upgrading_a_store_refolds_the_fingerprints_it_holds(store: Store, tmp_path: Path) -> None:
    """Posts fingerprinted before format characters were stripped get today's fingerprint."""
    records = [
        record("1", "a", text="The truth about the lab leak story they hide"),
        record("2", "b", text="The tr\u200buth about the lab leak story they hide"),
    ]
    ingest_file(store, write_jsonl(tmp_path / "in.jsonl", records))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE post SET text_fp = 'fingerprint0001'"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    upgrade(store.engine)
    with store.session() as session:
        fps = {p.post_id: p.text_fp for p in session.scalars(select(Post))}
    # Only texts beyond ASCII can read differently now; the others are left alone.
    assert fps == {"1": "fingerprint0001", "2": fingerprint(records[0]["text"])}


def test_parallel_ingest_reports_the_same_as_serial(tmp_path: Path, sqlite_store: Store) -> None:
    lines = [orjson.dumps(record(str(i), f"u{i % 5}")).decode() for i in range(95)]
    lines[10] = "{broken"
    lines[50] = orjson.dumps(record("x", posted_at="nope")).decode()
    lines.insert(30, "")
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    parallel = ingest_file(sqlite_store, path, batch_size=10, parallel=True)
    assert (parallel.read, parallel.loaded, parallel.rejected) == (95, 93, 2)
    assert [r.line for r in parallel.rejects] == [11, 52]
    serial_store_path = tmp_path / "serial.jsonl"
    serial_store_path.write_text(path.read_text())
    again = ingest_file(sqlite_store, serial_store_path, batch_size=7, parallel=False)
    assert (again.read, again.already_present, again.rejected) == (95, 93, 2)
    assert [r.line for r in again.rejects] == [11, 52]


def _post_indexes(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        names = {row[1] for row in conn.exec_driver_sql("PRAGMA index_list(post)")}
        names |= {row[1] for row in conn.exec_driver_sql("PRAGMA index_list(posturl)")}
    return names


def test_bulk_load_into_an_empty_store_puts_every_index_back(
    tmp_path: Path, sqlite_store: Store
) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [record(str(i), f"u{i % 5}", urls=["https://a.example/x"]) for i in range(60)],
    )
    before = _post_indexes(sqlite_store)
    assert {"ix_post_fingerprint_ts", "ix_post_account_ts", "ix_posturl_post"} <= before

    def stop_after_first_batch(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_file(
            sqlite_store, path, batch_size=10, parallel=True, on_progress=stop_after_first_batch
        )
    assert _post_indexes(sqlite_store) == before  # restored even when interrupted
    report = ingest_file(sqlite_store, path, batch_size=10, parallel=True)
    assert (report.loaded, report.already_present) == (50, 10)
    assert _post_indexes(sqlite_store) == before
