"""The second generator (bench/othergen.py): deterministic, valid records, every population.

Runs on 5,000 posts so the whole file takes a few seconds.
"""

from __future__ import annotations

import csv
import gzip
from datetime import datetime, timedelta

import orjson
import pytest
from othergen import DEFAULT_OPS, DEFAULT_START, TRUTH_COLUMNS, generate, main  # bench/ on sys.path

POSTS = 5_000
SEED = 11
RECORD_FIELDS = (
    "platform",
    "post_id",
    "author_handle",
    "author_id",
    "author_created_at",
    "posted_at",
    "text",
    "urls",
    "hashtags",
    "lang",
    "reply_to_post_id",
    "repost_of_post_id",
)
STYLES = {
    "authentic": {"ordinary", "fan", "celebrity", "news_outlet", "outside_media"},
    "decoy": {
        "news_syndication",
        "share_button",
        "copypasta",
        "meme_quote",
        "viral_cascade",
        "cross_poster",
        "fandom_campaign",
        "live_event",
    },
    "coordinated": set(DEFAULT_OPS),
}


@pytest.fixture(scope="module")
def world():
    records, truth = generate(POSTS, SEED)
    return list(records), truth


def _instant(value: str) -> datetime:
    assert value.endswith("Z"), value
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() == timedelta(0), value
    return moment


def test_same_seed_gives_the_same_records_and_truth(world):
    records, truth = world
    again, again_truth = generate(POSTS, SEED)
    assert list(again) == records
    assert again_truth == truth
    other, _ = generate(POSTS, SEED + 1)
    assert [r["text"] for r in other][:200] != [r["text"] for r in records][:200]


def test_records_follow_the_record_format(world):
    records, _ = world
    assert abs(len(records) - POSTS) < 0.05 * POSTS
    end = DEFAULT_START + timedelta(days=28)
    keys = set()
    for r in records:
        assert tuple(r) == RECORD_FIELDS
        for field in ("platform", "post_id", "author_handle", "author_id", "lang"):
            assert isinstance(r[field], str) and r[field], (field, r)
        assert DEFAULT_START <= _instant(r["posted_at"]) < end
        assert _instant(r["author_created_at"]) <= _instant(r["posted_at"]) + timedelta(days=3)
        assert isinstance(r["text"], str)
        assert all(isinstance(u, str) and u.startswith("http") for u in r["urls"])
        assert all(isinstance(h, str) and h and not h.startswith("#") for h in r["hashtags"])
        assert r["reply_to_post_id"] is None or isinstance(r["reply_to_post_id"], str)
        assert r["repost_of_post_id"] is None or isinstance(r["repost_of_post_id"], str)
        keys.add((r["platform"], r["post_id"]))
    assert len(keys) == len(records), "post ids repeat on a platform"


def test_replies_and_reposts_point_to_earlier_posts_on_the_same_platform(world):
    records, _ = world
    when = {(r["platform"], r["post_id"]): r["posted_at"] for r in records}
    linked = 0
    for r in records:
        for field in ("reply_to_post_id", "repost_of_post_id"):
            target = r[field]
            if target is not None:
                linked += 1
                assert (r["platform"], target) in when, (field, r)
                assert when[(r["platform"], target)] <= r["posted_at"]
    assert linked > 0.15 * len(records)


def test_every_population_appears_in_the_truth_and_every_account_in_it_posts(world):
    records, truth = world
    styles = {label: {row.style for row in truth if row.label == label} for label in STYLES}
    assert styles == STYLES
    groups = {row.group for row in truth if row.label == "coordinated"}
    assert len(groups) == len(DEFAULT_OPS) - 1  # sleepers join their host's group
    posting = {(r["platform"], r["author_handle"]) for r in records}
    accounts = [(row.platform, row.author_handle) for row in truth]
    assert len(set(accounts)) == len(accounts)
    assert set(accounts) == posting


def test_minute_resolution_truncates_every_timestamp_and_the_retweet_network_always():
    stream, _ = generate(POSTS, SEED, ops=("retweet_network",), minute_resolution=True)
    assert all(r["posted_at"].endswith(":00Z") for r in stream)
    stream, truth = generate(POSTS, SEED, ops=("retweet_network",))
    records = list(stream)
    network = {(row.platform, row.author_handle) for row in truth if row.label == "coordinated"}
    stamps = [r["posted_at"] for r in records if (r["platform"], r["author_handle"]) in network]
    assert stamps and all(s.endswith(":00Z") for s in stamps)
    others = [r["posted_at"] for r in records if (r["platform"], r["author_handle"]) not in network]
    assert sum(s.endswith(":00Z") for s in others) < 0.1 * len(others)


def test_command_line_writes_posts_and_truth(tmp_path, capsys):
    out, truth_path = tmp_path / "posts.jsonl.gz", tmp_path / "truth.csv"
    argv = ["--posts", str(POSTS), "--seed", "3", "--days", "14", "--out", str(out)]
    assert main([*argv, "--truth", str(truth_path), "--ops", "link_push,sleepers"]) == 0
    with gzip.open(out) as lines:
        records = [orjson.loads(line) for line in lines]
    with open(truth_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == TRUTH_COLUMNS
    assert {row[3] for row in rows[1:] if row[2] == "coordinated"} == {"link_push", "sleepers"}
    assert {(row[0], row[1]) for row in rows[1:]} == {
        (r["platform"], r["author_handle"]) for r in records
    }
    assert f"{len(records):,} posts" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--posts", "10"], "n_posts must be an integer of at least 1,000"),
        (["--days", "2"], "days must be an integer from 7 to 366"),
        (["--ops", "botnet"], "unknown op 'botnet'"),
        (["--start", "March"], "is not a date"),
    ],
)
def test_bad_arguments_are_one_line_on_the_command_line(tmp_path, capsys, argv, message):
    files = ["--out", str(tmp_path / "p.jsonl"), "--truth", str(tmp_path / "t.csv")]
    assert main([*argv, *files]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
