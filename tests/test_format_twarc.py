"""twarc2 pages and flattened tweets, twarc-csv, and v1.1 tweets, on small files in the published shapes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
from factories import write_jsonl
from sqlalchemy import select

from storage.db import Store
from storage.formats import twarc
from storage.ingest import ingest_file
from storage.models import Account, Post, PostUrl
from storage.records import check_items

AUTHOR = {
    "id": "1187391873",
    "username": "daily_truth",
    "name": "Daily Truth",
    "created_at": "2013-02-17T09:00:00.000Z",
}
FAN = {"id": "9988", "username": "fan_of_truth", "created_at": "2021-05-01T00:00:00.000Z"}


def tweet(tweet_id: str, **fields: object) -> dict:
    """An API v2 tweet with the fields twarc2 asks for."""
    base: dict[str, object] = {
        "id": tweet_id,
        "text": "The harbour deal is a trap https://t.co/AbC #Harbour",
        "author_id": AUTHOR["id"],
        "conversation_id": tweet_id,
        "created_at": "2023-06-05T00:01:09.000Z",
        "lang": "en",
        "edit_history_tweet_ids": [tweet_id],
        "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1},
        "entities": {
            "urls": [
                {
                    "start": 27,
                    "end": 50,
                    "url": "https://t.co/AbC",
                    "expanded_url": "https://bit.ly/3harbour",
                    "display_url": "bit.ly/3harbour",
                    "unwound_url": "https://news.example/harbour-deal?utm_source=tw",
                }
            ],
            "hashtags": [{"start": 51, "end": 59, "tag": "Harbour"}],
        },
    }
    base.update(fields)
    return base


def page(*tweets: dict, users: tuple[dict, ...] = (AUTHOR, FAN)) -> dict:
    """One API response page as `twarc2 search` writes it, one per line."""
    return {
        "data": list(tweets),
        "includes": {"users": list(users), "tweets": [tweet("1665500000000000001")]},
        "meta": {"newest_id": tweets[0]["id"], "result_count": len(tweets)},
        "__twarc": {
            "url": "https://api.twitter.com/2/tweets/search/recent?...",
            "version": "2.14.0",
        },
    }


RETWEET = tweet(
    "1665500000000000002",
    author_id=FAN["id"],
    text="RT @daily_truth: The harbour deal is a trap",
    referenced_tweets=[{"type": "retweeted", "id": "1665500000000000001"}],
    entities={"urls": [{"url": "https://t.co/x", "expanded_url": "https://news.example/other"}]},
)
QUOTE_REPLY = tweet(
    "1665500000000000003",
    referenced_tweets=[
        {"type": "replied_to", "id": "1665500000000000001"},
        {"type": "quoted", "id": "1665400000000000000"},
    ],
)


def test_a_page_gives_every_tweet_with_its_author_from_includes() -> None:
    items = list(
        twarc.read_twarc2(
            [orjson.dumps(page(tweet("1665500000000000001"), RETWEET, QUOTE_REPLY)).decode()]
        )
    )
    assert [reason for *_, reason in items] == ["", "", ""]
    first, retweet, quote_reply = (record for _, _, record, _ in items)
    assert first == {
        "platform": "x",
        "post_id": "1665500000000000001",
        "author_handle": "daily_truth",
        "author_id": "1187391873",
        "author_created_at": "2013-02-17T09:00:00Z",
        "posted_at": "2023-06-05T00:01:09Z",
        "text": "The harbour deal is a trap https://t.co/AbC #Harbour",
        "lang": "en",
        "urls": ["https://news.example/harbour-deal?utm_source=tw"],  # unwound, not bit.ly
        "hashtags": ["Harbour"],
    }
    assert retweet["author_handle"] == "fan_of_truth"
    assert retweet["repost_of_post_id"] == "1665500000000000001"
    assert retweet["urls"] == ["https://news.example/other"]  # no unwound_url: expanded_url
    assert quote_reply["reply_to_post_id"] == "1665500000000000001"
    assert quote_reply["quoted_post_id"] == "1665400000000000000"
    # includes.tweets are what the page refers to, not collected posts.
    assert "1665500000000000001" not in {r["post_id"] for r in (retweet, quote_reply)}


def test_a_bad_tweet_in_a_page_costs_no_other() -> None:
    lines = [
        orjson.dumps(
            page(
                tweet("1665500000000000001"),
                tweet("1665500000000000004", created_at="yesterday"),
                tweet("1665500000000000005", author_id="404"),
            )
        ).decode(),
        "{not json",
    ]
    good, bad = check_items(list(twarc.read_twarc2(lines)))
    assert [r.post_id for r in good] == ["1665500000000000001"]
    assert [(r.line, r.reason) for r in bad] == [
        (1, "created_at is not a date and time: 'yesterday'"),
        (
            1,
            "tweet 1665500000000000005 has no author username (neither author.username nor "
            "includes.users): keep the API pages whole, or flatten them with twarc2 flatten",
        ),
        (2, "invalid JSON (unexpected character, expected a string key)"),
    ]
    assert orjson.loads(bad[1].raw)["id"] == "1665500000000000005"  # the tweet, not the page


def test_flattened_tweets_carry_their_author_inside() -> None:
    flat = tweet("1665500000000000001", author=AUTHOR, __twarc={"version": "2.14.0"})
    ((_, _, record, reason),) = twarc.read_twarc2([orjson.dumps(flat).decode()])
    assert reason == ""
    assert record is not None
    assert (record["author_handle"], record["author_created_at"]) == (
        "daily_truth",
        "2013-02-17T09:00:00Z",
    )


def test_twarc_csv_rows_map_like_the_json() -> None:
    columns = [
        "id", "conversation_id", "referenced_tweets.replied_to.id",
        "referenced_tweets.retweeted.id", "referenced_tweets.quoted.id", "author_id",
        "in_reply_to_user_id", "retweeted_user_id", "quoted_user_id", "created_at", "text", "lang",
        "source", "public_metrics.like_count", "entities.hashtags", "entities.urls",
        "author.id", "author.created_at", "author.username", "author.name", "__twarc.retrieved_at",
    ]  # fmt: skip
    urls = orjson.dumps(tweet("1")["entities"]["urls"]).decode()  # type: ignore[index]
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    values = {
        "id": "1665500000000000003",
        "referenced_tweets.quoted.id": "1665400000000000000",
        "referenced_tweets.replied_to.id": "1665500000000000001",
        "author_id": "1187391873",
        "created_at": "2023-06-05T00:01:09.000Z",
        "text": "quoted,\nwith a comma and a line",
        "lang": "en",
        "entities.hashtags": '[{"start": 1, "end": 5, "tag": "Harbour"}]',
        "entities.urls": urls,
        "author.created_at": "2013-02-17T09:00:00.000Z",
        "author.username": "daily_truth",
    }
    writer.writerow([values.get(c, "") for c in columns])
    writer.writerow([{**values, "id": "7", "entities.urls": "[{oops"}.get(c, "") for c in columns])
    items = list(twarc.read_twarc_csv(io.StringIO(out.getvalue(), newline="")))
    (_, _, record, _), (line, _, bad, reason) = items
    assert record is not None
    assert record["post_id"] == "1665500000000000003"
    assert record["quoted_post_id"] == "1665400000000000000"
    assert record["reply_to_post_id"] == "1665500000000000001"
    assert record["repost_of_post_id"] is None
    assert record["urls"] == ["https://news.example/harbour-deal?utm_source=tw"]
    assert record["hashtags"] == ["Harbour"]
    assert record["text"] == "quoted,\nwith a comma and a line"
    assert (line, bad, reason) == (4, None, "entities.urls is not JSON: '[{oops'")


V1_TWEET = {
    "created_at": "Mon Jun 05 00:01:09 +0000 2023",
    "id": 1665500000000000010,
    "id_str": "1665500000000000010",
    "text": "The harbour deal is a trap… https://t.co/Zz",
    "truncated": True,
    "user": {
        "id": 1187391873,
        "id_str": "1187391873",
        "screen_name": "daily_truth",
        "created_at": "Sun Feb 17 09:00:00 +0000 2013",
    },
    "extended_tweet": {
        "full_text": "The harbour deal is a trap, and everyone knows it #Harbour https://t.co/Zz",
        "entities": {
            "hashtags": [{"text": "Harbour", "indices": [50, 58]}],
            "urls": [
                {
                    "url": "https://t.co/Zz",
                    "expanded_url": "https://bit.ly/3harbour",
                    "unwound": {"url": "https://news.example/harbour-deal", "status": 200},
                }
            ],
        },
    },
    "entities": {"hashtags": [], "urls": []},
    "in_reply_to_status_id_str": None,
    "quoted_status_id_str": "1665400000000000000",
    "lang": "en",
}


def test_v1_tweets_use_the_full_text_and_unwound_links() -> None:
    retweet = {
        **V1_TWEET,
        "id_str": "1665500000000000011",
        "text": "RT @daily_truth: The harbour deal",
        "user": {"id_str": "9988", "screen_name": "fan_of_truth"},
        "retweeted_status": {"id_str": "1665500000000000010"},
        "extended_tweet": None,
        "quoted_status_id_str": None,
        "in_reply_to_status_id_str": "1665500000000000009",
    }
    items = list(twarc.read_v1([orjson.dumps(V1_TWEET).decode(), orjson.dumps(retweet).decode()]))
    (_, _, first, _), (_, _, second, _) = items
    assert first is not None and second is not None
    assert first["posted_at"] == "2023-06-05T00:01:09Z"
    assert first["author_created_at"] == "2013-02-17T09:00:00Z"
    assert first["text"].startswith("The harbour deal is a trap, and everyone")
    assert first["urls"] == ["https://news.example/harbour-deal"]
    assert first["hashtags"] == ["Harbour"]
    assert first["quoted_post_id"] == "1665400000000000000"
    assert second["repost_of_post_id"] == "1665500000000000010"
    assert second["reply_to_post_id"] == "1665500000000000009"
    assert second["author_created_at"] is None


def test_each_shape_is_told_from_its_content_and_loads(store: Store, tmp_path: Path) -> None:
    pages = write_jsonl(tmp_path / "search.jsonl", [page(tweet("1665500000000000001"), RETWEET)])
    flat = write_jsonl(
        tmp_path / "flat.jsonl", [{**QUOTE_REPLY, "author": AUTHOR, "__twarc": {}}], gz=True
    )
    v1 = write_jsonl(tmp_path / "v1.jsonl", [V1_TWEET])
    reports = [ingest_file(store, path) for path in (pages, flat, v1)]
    assert [(r.format, r.loaded, r.rejected) for r in reports] == [
        ("twarc2", 2, 0),
        ("twarc2", 1, 0),
        ("tweet-v1", 1, 0),
    ]
    with store.session() as session:
        posts = {p.post_id: p for p in session.scalars(select(Post)).all()}
        assert posts["1665500000000000002"].repost_of_post_id == "1665500000000000001"
        assert posts["1665500000000000003"].quoted_post_id == "1665400000000000000"
        assert posts["1665500000000000010"].quoted_post_id == "1665400000000000000"
        handles = sorted(session.scalars(select(Account.handle)).all())
        assert handles == ["daily_truth", "fan_of_truth"]
        assert "https://news.example/harbour-deal" in session.scalars(select(PostUrl.url)).all()
