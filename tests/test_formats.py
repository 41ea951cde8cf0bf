"""Reading what analysts hold: formats told from content or named, zip archives, folders.

Each reader has its own test module (test_format_*.py); these tests are about
choosing the reader and finding the files, through the command as users run it.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

import orjson
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from factories import record, write_jsonl
from sqlalchemy import select
from sqlmodel import SQLModel
from test_cli import cibwatch
from test_format_twitter_io import HASHED, SAMPLE, archive, row, users_file

from storage.db import Store
from storage.formats import catalog
from storage.formats.registry import UnknownFormatError, read_head
from storage.ingest import ingest_file
from storage.models import Post
from storage.records import RecordError, record_json, validate


def test_the_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert differences == []


def test_quoted_post_id_joins_the_record_format(store: Store, tmp_path: Path) -> None:
    quote = record("2", quoted_post_id="1")
    assert validate(quote).quoted_post_id == "1"
    assert record_json(validate(quote))["quoted_post_id"] == "1"
    with pytest.raises(RecordError, match="quoted_post_id must be a string"):
        validate(record("3", quoted_post_id=["1"]))
    assert ingest_file(store, write_jsonl(tmp_path / "a.jsonl", [record("1"), quote])).loaded == 2
    with store.session() as session:
        assert session.scalars(select(Post.quoted_post_id).where(Post.post_id == "2")).one() == "1"
    other = ingest_file(store, write_jsonl(tmp_path / "b.jsonl", [record("2", quoted_post_id="9")]))
    assert other.conflicting == 1
    assert (
        other.rejects[0].reason
        == "post_id 2 is already stored with a different quoted_post_id; not loaded"
    )


@pytest.mark.parametrize(
    ("first_lines", "expected"),
    [
        ('{"platform": "x", "post_id": "1", "author_handle": "a"}\n', "records"),
        ("platform,post_id,author_handle,posted_at\n", "records"),
        ("{oops\n" + orjson.dumps({"data": [{"id": "1", "text": "t"}]}).decode() + "\n", "twarc2"),
        ('"tweetid","userid","tweet_time","tweet_text"\n', "twitter-io"),
        ("userid,user_screen_name,account_creation_date\n", "twitter-io-users"),
        ("id,created_at,text,author.username,author_id\n", "twarc-csv"),
        ('{"id_str": "1", "created_at": "x", "user": {"screen_name": "a"}}\n', "tweet-v1"),
    ],
)
def test_formats_are_told_from_the_first_lines(first_lines: str, expected: str) -> None:
    head = read_head(iter(io.StringIO(first_lines)))
    assert catalog.detect_format(head).name == expected


@pytest.mark.parametrize(
    ("first_lines", "seen"),
    [
        ("a;b;c\n1;2;3\n", "its first lines, which are neither JSON nor a CSV header with commas"),
        ('{"foo": 1, "bar": {"baz": 2}}\n', "JSON with the keys bar, foo"),
        ("a,b,c\n", "a CSV header with a, b, c"),
    ],
)
def test_a_file_of_no_known_format_is_refused_once_saying_what_was_seen(
    first_lines: str, seen: str
) -> None:
    with pytest.raises(UnknownFormatError) as refused:
        catalog.detect_format(read_head(iter(io.StringIO(first_lines))))
    assert str(refused.value).startswith(
        f"cannot tell the format from {seen}; name it with --format"
    )


def test_json_lines_whose_first_line_is_broken_are_still_read_as_records() -> None:
    head = read_head(iter(io.StringIO('{"platform": "x", oops\n\n')))
    assert catalog.detect_format(head) is catalog.RECORDS
    assert catalog.detect_format(read_head(iter(io.StringIO("")))) is catalog.RECORDS


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive_file:
        for name, data in members.items():
            archive_file.writestr(name, data)
    return path


def test_a_zipped_archive_loads_member_by_member_and_its_hashed_accounts_are_checkable(
    tmp_path: Path,
) -> None:
    users = users_file(tmp_path / "u.csv", (HASHED, HASHED, "2019-11-05"))
    broken = archive(row("1234029700000000000"), row("77", tweet_time="yesterday"))
    zipped = _zip(
        tmp_path / "th_092020.zip",
        {
            "th_092020_tweets_csv_hashed.csv": archive(*SAMPLE).getvalue().encode(),
            "th_092020_users_csv_hashed.csv": users.read_bytes(),
            "more/extra_tweets.csv.gz": gzip.compress(broken.getvalue().encode()),
            "README.md": b"# not data",
            "__MACOSX/._th_092020_tweets_csv_hashed.csv": b"\x00\x05",
        },
    )
    result = cibwatch("ingest", str(zipped), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    store_line, *lines = result.stdout.splitlines()
    assert store_line == f"store: SQLite file {tmp_path / 'cibwatch.db'}"
    assert lines[0] == (
        f"{zipped}:more/extra_tweets.csv.gz: read 2, loaded 1, already present 0, rejected 1 "
        "(read as twitter-io)"
    )
    assert lines[1] == "  line 3: tweet_time is not a date or time: 'yesterday'"
    assert lines[2] == (
        f"  rejected records written to {tmp_path}/th_092020.zip.more_extra_tweets.csv.gz.rejects.jsonl"
    )
    assert lines[3] == (
        f"{zipped}:th_092020_tweets_csv_hashed.csv: read 3, loaded 3, already present 0, "
        "rejected 0 (read as twitter-io)"
    )
    assert lines[4] == (
        f"{zipped}:th_092020_users_csv_hashed.csv: read 1, loaded 0 accounts, already present 1, "
        "rejected 0 (read as twitter-io-users)"
    )
    checked = cibwatch("check", f"x:@{HASHED}", "--json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    verdict = orjson.loads(checked.stdout)
    assert verdict["level"] != "Not in store"
    assert verdict["accounts"] == [f"x:@{HASHED}"]


def test_a_folder_is_read_for_data_files_through_subfolders(tmp_path: Path) -> None:
    folder = tmp_path / "collection"
    (folder / "day2").mkdir(parents=True)
    write_jsonl(folder / "day1.jsonl", [record("1"), record("2")])
    write_jsonl(folder / "day2" / "posts.ndjson.gz", [record("3")], gz=True)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not data")
    (folder / "day1.jsonl.rejects.jsonl").write_text('{"line": 1}\n')
    result = cibwatch("ingest", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [line.split(": read")[0] for line in result.stdout.splitlines()[1:]] == [
        str(folder / "day1.jsonl"),
        str(folder / "day2" / "posts.ndjson.gz"),
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = cibwatch("ingest", str(empty), cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"error: no data files in the folder {empty} (looked for .jsonl, .ndjson, .json, .csv, "
        ".tsv, .txt, .gz of those, .zip)"
    ]


def test_a_csv_with_wrong_columns_is_refused_once_with_the_missing_ones(tmp_path: Path) -> None:
    native = tmp_path / "posts.csv"
    with native.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["platform", "post_id", "author", "posted_at"])
        writer.writerows([["x", str(n), "alice", "2023-06-05T00:01:09Z"] for n in range(50)])
    unknown = tmp_path / "export.csv"
    unknown.write_text("a,b,c\n1,2,3\n")
    forced = tmp_path / "forced.csv"
    forced.write_text("platform,post_id,author_handle,posted_at\nx,1,alice,2023-06-05T00:01:09Z\n")
    result = cibwatch("ingest", str(native), str(unknown), str(forced), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {native}: missing column author_handle (the header has platform, post_id, "
        "author, posted_at); name the format with --format, or the columns with --map; nothing read",
        f"error: {unknown}: cannot tell the format from a CSV header with a, b, c; name it with "
        f"--format ({', '.join(catalog.names())}), or map a CSV's columns with --map; nothing read",
    ]
    assert f"{forced}: read 1, loaded 1" in result.stdout
    assert not (tmp_path / "posts.csv.rejects.jsonl").exists()
    wrong = cibwatch("ingest", "--format", "twitter-io", str(forced), cwd=tmp_path)
    assert wrong.returncode == 1
    assert wrong.stderr.strip().splitlines() == [
        f"error: {forced}: not an information-operations tweets file: missing columns tweet_time, "
        "tweetid, userid (the header has platform, post_id, author_handle, posted_at); nothing read"
    ]


def test_a_named_format_reads_what_detection_cannot_and_an_unknown_name_is_one_line(
    tmp_path: Path,
) -> None:
    no_time = {"id_str": "1", "user": {"screen_name": "alice"}, "text": "hi"}
    good = {**no_time, "id_str": "2", "created_at": "Mon Jun 05 00:01:09 +0000 2023"}
    path = write_jsonl(tmp_path / "tweets.jsonl", [no_time, good])
    told = cibwatch("ingest", str(path), cwd=tmp_path)
    assert told.returncode == 1
    assert "cannot tell the format from JSON with the keys id_str, text, user" in told.stderr
    named = cibwatch("ingest", "--format", "tweet-v1", str(path), cwd=tmp_path)
    assert named.returncode == 0, named.stderr
    assert "read 2, loaded 1, already present 0, rejected 1 (read as tweet-v1)" in named.stdout
    assert "line 1: created_at is empty" in named.stdout
    unknown = cibwatch("ingest", "--format", "tweetdeck", str(path), cwd=tmp_path)
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines() == [
        f"error: unknown format 'tweetdeck': use one of {', '.join(catalog.names())}"
    ]
