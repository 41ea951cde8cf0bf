"""Shared keys counted by the database equal the sweep's own keying in Python, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from factories import record, write_jsonl
from generate import generate
from pushdown import python_shared_keys

from storage.db import Store
from storage.ingest import ingest_file
from storage.pushdown import REPOST, TEXT, URL, shared_keys


def test_pushed_down_shared_keys_equal_the_sweeps_python_path(store: Store, tmp_path: Path) -> None:
    records, _truth = generate(4_000, 17)
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", list(records)))
    with store.engine.connect() as conn:
        in_python, _rows = python_shared_keys(conn)
        pushed_down = list(shared_keys(conn))
    assert len(pushed_down) == len(set(pushed_down))
    assert set(pushed_down) == in_python
    assert set(Counter(k.channel for k in pushed_down)) == {TEXT, URL, REPOST}


def test_a_key_is_shared_by_two_accounts_inside_one_bucket_only(
    store: Store, tmp_path: Path
) -> None:
    link = "https://news.example.org/story"
    records = [
        # Two accounts on one link within the hour: shared.
        record("1", "ann", posted_at="2024-03-01T10:05:00Z", urls=[link]),
        record("2", "bob", posted_at="2024-03-01T10:55:00Z", urls=[link]),
        # The same two an hour apart, across a bucket boundary: not shared.
        record("3", "ann", posted_at="2024-03-02T10:59:00Z", urls=[link]),
        record("4", "bob", posted_at="2024-03-02T11:01:00Z", urls=[link]),
        # One account reposting a post twice in the hour: not shared; a second account makes it so.
        record("5", "ann", posted_at="2024-03-03T08:00:00Z", repost_of_post_id="99"),
        record("6", "ann", posted_at="2024-03-03T08:10:00Z", repost_of_post_id="99"),
        record("7", "cyd", posted_at="2024-03-04T08:10:00Z", repost_of_post_id="99"),
        record("8", "bob", posted_at="2024-03-04T08:20:00Z", repost_of_post_id="99"),
    ]
    for rec, word in zip(
        records,
        ["apples", "boats", "clouds", "dunes", "elms", "ferns", "gulls", "hills"],
        strict=True,
    ):
        rec["text"] = f"a post of its own about {word}"
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", records))
    with store.engine.connect() as conn:
        found = {(k.channel, k.key, k.bucket, len(k.accounts)) for k in shared_keys(conn)}
        in_python, _rows = python_shared_keys(conn)
    hour = 1709287500 // 3600  # 2024-03-01T10:05:00Z
    assert found == {(URL, link, hour, 2), (REPOST, "rp x:99", hour + 70, 2)}
    assert found == {(k.channel, k.key, k.bucket, len(k.accounts)) for k in in_python}
