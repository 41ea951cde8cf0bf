"""Ingest: good, bad, duplicate, gzip, CSV and interrupted loads, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from alembic import command
from factories import record, write_jsonl
from sqlalchemy import func, select, text

from storage import queries
from storage.db import Store, alembic_config, upgrade
from storage.ingest import IngestError, ingest_file, rejects_path_for
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
    fps = _stored_fingerprints(store)
    assert fps["1"] == fps["2"] != fps["3"]


def _stored_fingerprints(store: Store) -> dict[str, str | None]:
    with store.session() as session:
        return {p.post_id: p.text_fp for p in session.scalars(select(Post))}


def test_fingerprint_ignores_invisible_characters_and_look_alike_letters(
    store: Store, tmp_path: Path
) -> None:
    records = [
        record("1", "a", text="The truth about the lab leak story they hide"),
        record("2", "b", text="The tr\u200buth ab\u200dout the lab le\u00adak story they hide"),
        record("3", "c", text="Тhе truth аbоut the lаb lеаk stоrу thеу hidе"),  # Cyrillic
    ]
    ingest_file(store, write_jsonl(tmp_path / "in.jsonl", records))
    fps = _stored_fingerprints(store)
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
    # Back to the schema of revision 0002, through the later revisions' own downgrades.
    command.downgrade(alembic_config(store.engine), "0002")
    upgrade(store.engine)
    fps = _stored_fingerprints(store)
    # Only texts beyond ASCII can read differently now; the others are left alone.
    assert fps == {"1": "fingerprint0001", "2": fingerprint(records[0]["text"])}


def test_short_chinese_slogans_are_fingerprinted_and_generic_phrases_are_not(
    store: Store, tmp_path: Path
) -> None:
    records = [
        record("1", "a", text="中国的发展给全世界带来机遇。✌️"),
        record("2", "b", text="中国的发展给全世界带来机遇。🙏"),
        record("3", "c", text="中国的发展给全世界带来机遇 https://t.co/abc"),
        record("4", "d", text="我也是这么想的"),
        record("5", "e", text="so true!!"),
    ]
    ingest_file(store, write_jsonl(tmp_path / "in.jsonl", records))
    fps = _stored_fingerprints(store)
    assert fps["1"] is not None
    assert fps["1"] == fps["2"] == fps["3"]
    assert fps["4"] is None and fps["5"] is None


def test_upgrading_a_store_fingerprints_the_short_chinese_texts_it_holds(
    store: Store, tmp_path: Path
) -> None:
    """Posts stored when a 13-character slogan was too short get a fingerprint."""
    records = [
        record("1", "a", text="中国的发展给全世界带来机遇。✌️"),
        record("2", "b", text="The truth about the lab leak story they hide"),
        record("3", "c", text="我也是这么想的"),
    ]
    ingest_file(store, write_jsonl(tmp_path / "in.jsonl", records))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE post SET text_fp = NULL WHERE post_id IN ('1', '3')"))
        conn.execute(text("UPDATE post SET text_fp = 'fingerprint0001' WHERE post_id = '2'"))
    command.downgrade(alembic_config(store.engine), "0010")
    upgrade(store.engine)
    fps = _stored_fingerprints(store)
    # Texts without Chinese or Japanese are left alone.
    assert fps == {"1": fingerprint(records[0]["text"]), "2": "fingerprint0001", "3": None}
    assert fps["1"] is not None


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
        names |= {row[1] for row in conn.exec_driver_sql("PRAGMA index_list(posthashtag)")}
    return names


def test_bulk_load_into_an_empty_store_puts_every_index_back(
    tmp_path: Path, sqlite_store: Store
) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [record(str(i), f"u{i % 5}", urls=["https://a.example/x"]) for i in range(60)],
    )
    before = _post_indexes(sqlite_store)
    assert {
        "ix_post_fingerprint_ts",
        "ix_post_account_ts",
        "ix_posturl_post",
        "ix_posthashtag_post",
    } <= before

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


# --- what is refused, and how (nothing lost, nothing stops the next record) ---


def test_times_outside_the_sane_window_are_rejected_with_the_reason(
    store: Store, tmp_path: Path
) -> None:
    soon = datetime.now(UTC) + timedelta(hours=20)  # clocks disagree: inside the window
    later = datetime.now(UTC) + timedelta(days=3)
    records = [
        record("ok-old", posted_at="1990-01-01T00:00:00Z"),
        record("ok-soon", posted_at=soon.isoformat()),
        record("year-9999", posted_at="9999-12-31T23:59:59Z"),
        record("year-1-east", posted_at="0001-01-01T00:00:00+14:00"),
        record("go-zero", posted_at="0001-01-01T00:00:00Z"),
        record("unix-zero", posted_at="1970-01-01T00:00:00Z"),
        record("future", posted_at=later.isoformat()),
        record("created-zero", author_created_at="0001-01-01T00:00:00Z"),
        record("created-9999", author_created_at="9999-12-31T23:59:59-14:00"),
    ]
    path = write_jsonl(tmp_path / "times.jsonl", records)
    report = ingest_file(store, path)
    assert (report.loaded, report.rejected) == (2, 7)
    written = [orjson.loads(line) for line in rejects_path_for(path).read_text().splitlines()]
    reasons = {orjson.loads(w["record"])["post_id"]: w["reason"] for w in written}
    assert set(reasons) == {
        "year-9999",
        "year-1-east",
        "go-zero",
        "unix-zero",
        "future",
        "created-zero",
        "created-9999",
    }
    assert reasons["year-9999"].startswith("posted_at 9999-12-31T23:59:59Z is after")
    assert "before 1990-01-01" in reasons["go-zero"]
    assert reasons["created-zero"].startswith("author_created_at 0001-01-01T00:00:00Z is before")
    with store.session() as session:
        assert sorted(session.scalars(select(Post.post_id)).all()) == ["ok-old", "ok-soon"]


def _lines_with_a_bad_byte(n: int, bad_line: int) -> bytes:
    lines = [orjson.dumps(record(str(i), f"u{i % 50}", text=f"post {i}")) for i in range(1, n + 1)]
    lines[bad_line - 1] = lines[bad_line - 1].replace(b"post ", b"post \xff\xfe ")
    return b"\n".join(lines) + b"\n"


@pytest.mark.parametrize("gz", [False, True])
def test_a_bad_byte_rejects_its_line_and_every_other_line_loads(
    store: Store, tmp_path: Path, gz: bool
) -> None:
    # The failure seen: 30,000 lines, a bad byte at 12,001, 10,000 stored. PostgreSQL
    # loads more slowly; fewer lines there still cross batches on both sides.
    lines, bad = (30_000, 12_001) if store.dialect == "sqlite" else (7_000, 5_001)
    data = _lines_with_a_bad_byte(lines, bad)
    path = tmp_path / ("bad.jsonl.gz" if gz else "bad.jsonl")
    path.write_bytes(gzip.compress(data, compresslevel=1) if gz else data)
    report = ingest_file(store, path)
    assert (report.read, report.loaded, report.rejected) == (lines, lines - 1, 1)
    assert count(store, Post) == lines - 1
    [written] = [orjson.loads(line) for line in rejects_path_for(path).read_text().splitlines()]
    assert written["line"] == bad
    column = data.split(b"\n")[bad - 1].index(b"\xff") + 1  # all ASCII before it
    assert written["reason"] == f"not valid UTF-8 (byte 0xff at character {column})"
    assert f'"post \\xff\\xfe {bad}"' in written["record"]


def test_a_bad_byte_in_a_csv_row_rejects_that_row_only(store: Store, tmp_path: Path) -> None:
    rows = [b"platform,post_id,author_handle,posted_at,text"]
    rows += [b"x,%d,carol,2023-06-05T00:00:00Z,hello %d" % (i, i) for i in range(1, 201)]
    rows[100] = rows[100].replace(b"hello", b"caf\xe9")  # Latin-1, not UTF-8
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\r\n".join(rows) + b"\r\n")
    report = ingest_file(store, path)
    assert (report.read, report.loaded, report.rejected) == (200, 199, 1)
    assert report.rejects[0].line == 101
    assert report.rejects[0].reason.startswith("not valid UTF-8 (byte 0xe9")
    assert "caf\\xe9" in report.rejects[0].raw


def test_nul_characters_are_stripped_from_text_and_refused_in_identifiers(
    store: Store, tmp_path: Path
) -> None:
    records = [
        record(
            "1",
            text="nul\u0000 in the\u0000 text",
            hashtags=["tag\u0000"],
            urls=["https://a.example/\u0000x"],
        ),
        record("2\u0000"),
        record("3", "bad\u0000handle"),
        record("4", author_id="id\u0000"),
        record("5", reply_to_post_id="9\u0000"),
        record("6", lang="e\u0000n"),
        record("7"),
    ]
    path = write_jsonl(tmp_path / "nul.jsonl", records)
    csv_path = tmp_path / "nul.csv"
    csv_path.write_bytes(
        b"platform,post_id,author_handle,posted_at,text\n"
        b"x,c1,dora,2023-06-05T00:00:00Z,raw\x00nul\n"
        b"x,c2,do\x00ra,2023-06-05T00:00:00Z,in the handle\n"
    )
    report = ingest_file(store, path)
    assert (report.loaded, report.rejected) == (2, 5)
    assert [r.reason for r in report.rejects] == [
        "post_id contains a NUL character",
        "author_handle contains a NUL character",
        "author_id contains a NUL character",
        "reply_to_post_id contains a NUL character",
        "lang contains a NUL character",
    ]
    csv_report = ingest_file(store, csv_path)
    assert (csv_report.loaded, csv_report.rejected) == (1, 1)
    assert csv_report.rejects[0].reason == "author_handle contains a NUL character"
    with store.session() as session:
        texts = {pid: text for pid, text in session.execute(select(Post.post_id, Post.text))}
        assert texts == {"1": "nul in the text", "7": texts["7"], "c1": "rawnul"}
        assert session.scalars(select(PostHashtag.tag)).all() == ["tag"]
        assert session.scalars(select(PostUrl.url)).all() == ["https://a.example/x"]


def test_a_utf8_bom_at_the_start_is_ignored(store: Store, tmp_path: Path) -> None:
    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes(
        b"\xef\xbb\xbf" + write_jsonl(tmp_path / "x.jsonl", [record("1")]).read_bytes()
    )
    csv_path = tmp_path / "bom.csv"
    csv_path.write_bytes(
        b'\xef\xbb\xbf"platform",post_id,author_handle,posted_at\nx,2,erin,2023-06-05T00:00:00Z\n'
    )
    gz = tmp_path / "bom.jsonl.gz"
    gz.write_bytes(gzip.compress(b"\xef\xbb\xbf" + orjson.dumps(record("3")) + b"\n"))
    for path in (jsonl, csv_path, gz):
        report = ingest_file(store, path)
        assert (report.loaded, report.rejected) == (1, 0), path.name
    assert count(store, Post) == 3


def _csv_rows(n: int, quoted_text: bool) -> list[str]:
    text = '"hello, number {i}"' if quoted_text else "hello number {i}"
    return [f"x,{i},user{i % 40},2023-06-05T00:00:00Z,{text.format(i=i)}" for i in range(1, n + 1)]


@pytest.mark.parametrize("quoted_text", [False, True])
def test_an_unterminated_csv_quote_rejects_its_row_and_keeps_every_row_after_it(
    sqlite_store: Store, tmp_path: Path, quoted_text: bool
) -> None:
    rows = _csv_rows(20_001, quoted_text)
    rows[9_999] = 'x,10000,mallory,2023-06-05T00:00:00Z,"an open quote, never closed'
    rows[19_999] = 'x,20000,mallory,2023-06-05T00:00:00Z,"another one near the end'
    path = tmp_path / "quotes.csv"
    path.write_text("platform,post_id,author_handle,posted_at,text\n" + "\n".join(rows) + "\n")
    report = ingest_file(sqlite_store, path)
    assert (report.loaded, report.rejected) == (19_999, 2)
    assert [r.line for r in report.rejects] == [10_001, 20_001]
    assert "quote" in report.rejects[0].reason
    assert report.rejects[0].raw == rows[9_999]
    assert count(sqlite_store, Post) == 19_999


def test_a_multiline_csv_text_still_loads(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        "platform,post_id,author_handle,posted_at,text\n"
        'x,1,fay,2023-06-05T00:00:00Z,"first line\nsecond, with a ""quote"""\n'
        "x,2,fay,2023-06-05T00:00:00Z,plain\n"
    )
    report = ingest_file(store, path)
    assert (report.loaded, report.rejected) == (2, 0)
    with store.session() as session:
        post = session.scalars(select(Post).where(Post.post_id == "1")).one()
        assert post.text == 'first line\nsecond, with a "quote"'


def test_a_truncated_gzip_keeps_what_was_read_and_says_so(store: Store, tmp_path: Path) -> None:
    data = gzip.compress(
        b"".join(orjson.dumps(record(str(i), text=f"post {i} " * 20)) + b"\n" for i in range(3000))
    )
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError) as raised:
        ingest_file(store, path, batch_size=500)
    report = raised.value.report
    assert 0 < report.read < 3000
    assert report.loaded == count(store, Post) >= report.read - 1  # the cut line may be rejected
    assert str(raised.value) == (
        f"{path}: the .gz file is truncated: {report.read:,} records read before it ends "
        f"({report.loaded:,} loaded); the rest of the file is missing"
    )


def test_a_damaged_gzip_keeps_what_was_read_and_says_so(store: Store, tmp_path: Path) -> None:
    data = bytearray(
        gzip.compress(b"".join(orjson.dumps(record(str(i))) + b"\n" for i in range(3000)))
    )
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # zeroed: no longer the deflate stream
    path = tmp_path / "damaged.jsonl.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError) as raised:
        ingest_file(store, path, batch_size=500)
    assert str(raised.value).startswith(f"{path}: the .gz file is damaged (")
    assert raised.value.report.loaded == count(store, Post) > 0


def test_a_gz_file_that_is_not_gzip_is_one_clear_error(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "plain.jsonl.gz", [record("1")])
    with pytest.raises(IngestError) as raised:
        ingest_file(store, path)
    assert str(raised.value) == f"{path}: not a gzip file (its name ends in .gz); nothing read"
    assert count(store, Post) == 0


def test_a_duplicate_post_id_with_other_content_is_reported_as_a_conflict(
    store: Store, tmp_path: Path
) -> None:
    first = write_jsonl(
        tmp_path / "first.jsonl",
        [record("1", text="the original"), record("2", hashtags=["a"]), record("3")],
    )
    assert ingest_file(store, first).loaded == 3
    second = write_jsonl(
        tmp_path / "second.jsonl",
        [
            record("1", text="a different text", posted_at="2023-06-06T00:00:00Z"),
            record("2", hashtags=["#A"]),  # the same once normalised: an exact duplicate
            record("3", "someone-else"),
            record("4", text="new"),
            record("4", text="new"),  # exact duplicate inside the file
            record("4", text="new, but changed", hashtags=["b"]),
            record("2", hashtags=["a", "extra"]),
        ],
    )
    report = ingest_file(store, second, batch_size=3)
    assert (report.read, report.loaded, report.already_present) == (7, 1, 2)
    assert (report.conflicting, report.rejected) == (4, 0)
    written = [orjson.loads(line) for line in rejects_path_for(second).read_text().splitlines()]
    assert [(w["line"], w["reason"]) for w in written] == [
        (1, "post_id 1 is already stored with a different posted_at, text; not loaded"),
        (3, "post_id 3 is already stored with a different author_handle; not loaded"),
        (6, "post_id 4 is already stored with a different text, hashtags; not loaded"),
        (7, "post_id 2 is already stored with a different hashtags; not loaded"),
    ]
    assert orjson.loads(written[0]["record"])["text"] == "a different text"
    with store.session() as session:
        post = session.scalars(select(Post).where(Post.post_id == "1")).one()
        assert post.text == "the original"
    again = ingest_file(store, first)
    assert (again.already_present, again.conflicting) == (3, 0)
