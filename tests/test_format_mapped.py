"""A CSV with its own column names, read through --map."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from test_cli import cibwatch

from storage.db import Store
from storage.formats.mapped import MapError, mapped_format, parse_map
from storage.ingest import IngestError, ingest_file
from storage.models import Post, PostHashtag, PostUrl

COLUMNS = ["msg_id", "user", "created", "content", "links", "tags", "lang", "parent"]
ROWS = [
    ["a1", "@alice", "2023-06-05T00:01:09Z", "one", "https://news.example/x", "#Harbour", "en", ""],
    ["a2", "bob", "1685923270", "two", "https://a.example/1 https://b.example/2", "x,y", "", "a1"],
    ["a3", "carol", "1685923271000", "three", '["https://c.example/3"]', "", "", ""],
    ["a4", "dave", "2023-06-05 00:01:12", "no zone", "", "", "", ""],
    ["a5", "", "2023-06-05T00:01:13Z", "no author", "", "", "", ""],
]
MAP = "post_id=msg_id, author_handle=user,posted_at=created,text=content,urls=links,hashtags=tags,reply_to_post_id=parent,platform:=forum"


def export(path: Path, columns: list[str] = COLUMNS, rows: list[list[str]] = ROWS) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def test_mapped_columns_load_with_unix_times_and_loose_lists(store: Store, tmp_path: Path) -> None:
    report = ingest_file(store, export(tmp_path / "forum.csv"), fmt=mapped_format(parse_map(MAP)))
    assert (report.format, report.loaded, report.rejected) == ("csv", 3, 2)
    assert [(r.line, r.reason) for r in report.rejects] == [
        (5, "posted_at has no time zone (add Z or +hh:mm): '2023-06-05 00:01:12'"),
        (6, "missing required field author_handle"),
    ]
    with store.session() as session:
        posts = {p.post_id: p for p in session.scalars(select(Post)).all()}
        assert {p.platform for p in posts.values()} == {"forum"}
        assert [posts[i].posted_ts for i in ("a1", "a2", "a3")] == [
            1685923269,
            1685923270,
            1685923271,
        ]
        assert posts["a1"].lang == "en"  # not mapped: read from the column of its own name
        assert posts["a2"].reply_to_post_id == "a1"
        assert sorted(session.scalars(select(PostUrl.url)).all()) == [
            "https://a.example/1",
            "https://b.example/2",
            "https://c.example/3",
            "https://news.example/x",
        ]
        assert sorted(session.scalars(select(PostHashtag.tag)).all()) == ["harbour", "x", "y"]


def test_a_map_naming_missing_columns_refuses_the_file_once(store: Store, tmp_path: Path) -> None:
    path = export(tmp_path / "forum.csv")
    with pytest.raises(IngestError) as refused:
        ingest_file(store, path, fmt=mapped_format(parse_map("post_id=id,author_handle=author")))
    assert str(refused.value) == (
        f"{path}: missing columns id (for post_id), author (for author_handle) named in --map "
        "(the header has msg_id, user, created, content, links, tags, lang, parent); nothing read"
    )
    with pytest.raises(IngestError) as unmapped:
        ingest_file(store, path, fmt=mapped_format(parse_map("post_id=msg_id,author_handle=user")))
    assert (
        "no column for platform, posted_at: add platform=COLUMN,posted_at=COLUMN to --map"
        in str(unmapped.value)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("post_id", "--map entry 'post_id' is not field=column or field:=value"),
        ("post=id", "--map names 'post', which is no record field: use platform, post_id"),
        ("post_id=id,post_id=other", "--map names post_id twice"),
        ("platform:=", "--map gives platform no value"),
        (" , ", "--map is empty"),
    ],
)
def test_a_bad_map_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(MapError) as bad:
        parse_map(text)
    assert str(bad.value).startswith(message)


def test_the_command_reads_a_mapped_csv_and_says_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    path = export(tmp_path / "forum.csv")
    loaded = cibwatch("ingest", "--map", MAP, str(path), cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert f"{path}: read 5, loaded 3, already present 0, rejected 2 (read as csv)" in loaded.stdout
    both = cibwatch("ingest", "--map", MAP, "--format", "4cat", str(path), cwd=tmp_path)
    assert both.returncode == 1
    assert both.stderr.strip().splitlines() == [
        "error: --map reads a CSV with its own column names: leave --format out"
    ]
    bad = cibwatch("ingest", "--map", "who=user", str(path), cwd=tmp_path)
    assert bad.returncode == 1
    assert len(bad.stderr.strip().splitlines()) == 1
    assert bad.stderr.startswith("error: --map names 'who', which is no record field")
