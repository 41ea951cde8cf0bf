"""Tweets collected with twarc: twarc2 JSONL, twarc-csv CSV, and v1.1 tweet JSONL.

**twarc2** writes the API's pages, one per line (`data` holds the tweets,
`includes.users` their authors); `twarc2 flatten` writes one tweet per line
with its `author` inside. Both read the same way, tweet by tweet:

| twarc2 field | record field |
|---|---|
| `id` | `post_id` |
| `author.username`, else the `includes.users` entry of `author_id` | `author_handle` |
| `author_id` | `author_id` |
| `author.created_at` (or its `includes.users` entry) | `author_created_at` |
| `created_at` | `posted_at` |
| `text`, `lang` | `text`, `lang` |
| `referenced_tweets` of type `replied_to` / `retweeted` / `quoted` | `reply_to_post_id` / `repost_of_post_id` / `quoted_post_id` |
| `entities.urls[].unwound_url`, else `expanded_url` | `urls` |
| `entities.hashtags[].tag` | `hashtags` |

Only the tweets in `data` are records; `includes.tweets` are the tweets they
refer to, which the query did not collect.

**twarc-csv** (`twarc2 csv`) has the same fields as dotted columns
(`author.username`, `referenced_tweets.retweeted.id`, `entities.urls` as JSON).

**v1.1** tweets (one JSON object per line): `id_str`, `user.screen_name`,
`user.id_str`, `user.created_at`, `created_at` ("Wed Oct 10 20:19:24 +0000
2018"), `extended_tweet.full_text` else `full_text` else `text`,
`in_reply_to_status_id_str`, `retweeted_status.id_str`,
`quoted_status_id_str`, `entities.urls[].unwound.url` else `expanded_url`,
`entities.hashtags[].text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from storage.formats.common import (
    Item,
    RowError,
    dig,
    each,
    id_text,
    lower_keys,
    map_items,
    require_columns,
    text_of,
    twitter_time,
    unique,
    zoned_time,
)
from storage.formats.registry import Head
from storage.records import read_csv, read_jsonl

PLATFORM = "x"
_REFERENCE_FIELDS = {
    "replied_to": "reply_to_post_id",
    "retweeted": "repost_of_post_id",
    "quoted": "quoted_post_id",
}
#: Columns a twarc-csv file must have.
CSV_COLUMNS = ("id", "created_at", "text", "author.username")


# --- twarc2 JSONL -----------------------------------------------------------


def is_twarc2(head: Head) -> bool:
    """An API page (`data` with tweets) or a flattened tweet (v2 fields, `author` inside)."""
    page = head.has("data") and (head.has("data.item.id") or head.has("data.id"))
    flat = head.has("id", "text", "created_at") and (head.has("author_id") or head.has("author"))
    return (page or flat) and not head.has("id_str")


def read_twarc2(lines: Iterable[str]) -> Iterator[Item]:
    """Records of a twarc2 JSONL file: pages of tweets, or flattened tweets."""
    return map_items(read_jsonl(lines), twarc2_records)


def twarc2_records(obj: dict[str, Any]) -> list[dict[str, Any] | RowError]:
    """The tweets of one line: every tweet of a page (a bad one costs no other), or the line's one tweet."""
    if "data" not in obj:
        return [v2_tweet(obj, {})]
    data = obj["data"]
    tweets = data if isinstance(data, list) else [data]
    users = {
        str(user.get("id")): user
        for user in dig(obj, "includes", "users") or []
        if isinstance(user, dict)
    }
    return each(tweets, lambda tweet: v2_tweet(tweet, users))


def v2_tweet(tweet: dict[str, Any], users: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One API v2 tweet as a record; `users` are the page's `includes.users` by id."""
    tweet_id = id_text(tweet.get("id"))
    if tweet_id is None:
        raise RowError("a tweet without an id")
    author_id = id_text(tweet.get("author_id"))
    author = tweet.get("author") if isinstance(tweet.get("author"), dict) else None
    if author is None:
        author = users.get(author_id or "")
    handle = text_of(dig(author, "username"))
    if handle is None:
        raise RowError(
            f"tweet {tweet_id} has no author username (neither author.username nor "
            "includes.users): keep the API pages whole, or flatten them with twarc2 flatten"
        )
    record: dict[str, Any] = {
        "platform": PLATFORM,
        "post_id": tweet_id,
        "author_handle": handle,
        "author_id": author_id or id_text(dig(author, "id")),
        "author_created_at": _optional_time(dig(author, "created_at"), "author.created_at"),
        "posted_at": zoned_time(tweet.get("created_at"), "created_at"),
        "text": text_of(tweet.get("text")),
        "lang": text_of(tweet.get("lang")),
        "urls": _v2_urls(dig(tweet, "entities", "urls")),
        "hashtags": _tags(dig(tweet, "entities", "hashtags"), "tag"),
    }
    for reference in tweet.get("referenced_tweets") or []:
        field = _REFERENCE_FIELDS.get(str(dig(reference, "type")))
        if field is not None:
            record[field] = id_text(dig(reference, "id"))
    return record


def _v2_urls(entities: Any) -> list[str]:
    if not isinstance(entities, list):
        return []
    return unique(
        text_of(e.get("unwound_url")) or text_of(e.get("expanded_url")) or text_of(e.get("url"))
        for e in entities
        if isinstance(e, dict)
    )


def _tags(entities: Any, key: str) -> list[str]:
    if not isinstance(entities, list):
        return []
    return unique(text_of(e.get(key)) for e in entities if isinstance(e, dict))


def _optional_time(value: Any, field: str) -> str | None:
    return zoned_time(value, field) if text_of(value) else None


# --- twarc-csv ----------------------------------------------------------------


def is_twarc_csv(head: Head) -> bool:
    """The header of `twarc2 csv` output."""
    return head.has_columns(*CSV_COLUMNS)


def read_twarc_csv(lines: Iterable[str]) -> Iterator[Item]:
    """Records of a twarc-csv file, one tweet per row."""
    rows = read_csv(
        lines, json_lists=(), check_header=require_columns(CSV_COLUMNS, "a twarc-csv file")
    )
    return map_items(rows, lambda row: [twarc_csv_row(lower_keys(row))])


def twarc_csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """One twarc-csv row as a record."""
    tweet_id = text_of(row.get("id"))
    if tweet_id is None:
        raise RowError("id is empty")
    handle = text_of(row.get("author.username"))
    if handle is None:
        raise RowError(f"tweet {tweet_id} has no author.username")
    record: dict[str, Any] = {
        "platform": PLATFORM,
        "post_id": tweet_id,
        "author_handle": handle,
        "author_id": text_of(row.get("author_id")) or text_of(row.get("author.id")),
        "author_created_at": _optional_time(row.get("author.created_at"), "author.created_at"),
        "posted_at": zoned_time(row.get("created_at"), "created_at"),
        "text": text_of(row.get("text")),
        "lang": text_of(row.get("lang")),
        "urls": _v2_urls(_json_cell(row, "entities.urls")),
        "hashtags": _tags(_json_cell(row, "entities.hashtags"), "tag"),
    }
    for kind, field in _REFERENCE_FIELDS.items():
        record[field] = text_of(row.get(f"referenced_tweets.{kind}.id"))
    return record


def _json_cell(row: dict[str, Any], column: str) -> Any:
    cell = text_of(row.get(column))
    if cell is None:
        return None
    try:
        return orjson.loads(cell)
    except orjson.JSONDecodeError:
        raise RowError(f"{column} is not JSON: {cell[:60]!r}") from None


# --- v1.1 tweets ----------------------------------------------------------------


def is_v1_tweet(head: Head) -> bool:
    """A v1.1 tweet object: `id_str` with a `user` inside."""
    return head.has("id_str", "created_at") and head.has("user.screen_name")


def read_v1(lines: Iterable[str]) -> Iterator[Item]:
    """Records of v1.1 tweet JSONL, one tweet per line."""
    return map_items(read_jsonl(lines), lambda obj: [v1_tweet(obj)])


def v1_tweet(tweet: dict[str, Any]) -> dict[str, Any]:
    """One v1.1 tweet as a record."""
    tweet_id = id_text(tweet.get("id_str")) or id_text(tweet.get("id"))
    if tweet_id is None:
        raise RowError("a tweet without id_str")
    user: dict[str, Any] = tweet["user"] if isinstance(tweet.get("user"), dict) else {}
    handle = text_of(user.get("screen_name"))
    if handle is None:
        raise RowError(f"tweet {tweet_id} has no user.screen_name")
    extended: dict[str, Any] = (
        tweet["extended_tweet"] if isinstance(tweet.get("extended_tweet"), dict) else {}
    )
    entities: Any = extended.get("entities") or tweet.get("entities") or {}
    urls = entities.get("urls") if isinstance(entities, dict) else None
    return {
        "platform": PLATFORM,
        "post_id": tweet_id,
        "author_handle": handle,
        "author_id": id_text(user.get("id_str")) or id_text(user.get("id")),
        "author_created_at": (
            twitter_time(user["created_at"], "user.created_at") if user.get("created_at") else None
        ),
        "posted_at": twitter_time(tweet.get("created_at"), "created_at"),
        "text": text_of(extended.get("full_text") or tweet.get("full_text") or tweet.get("text")),
        "lang": text_of(tweet.get("lang")),
        "reply_to_post_id": id_text(tweet.get("in_reply_to_status_id_str"))
        or id_text(tweet.get("in_reply_to_status_id")),
        "repost_of_post_id": id_text(dig(tweet, "retweeted_status", "id_str")),
        "quoted_post_id": id_text(tweet.get("quoted_status_id_str"))
        or id_text(dig(tweet, "quoted_status", "id_str")),
        "urls": unique(
            text_of(dig(u, "unwound", "url"))
            or text_of(u.get("expanded_url"))
            or text_of(u.get("url"))
            for u in (urls if isinstance(urls, list) else [])
            if isinstance(u, dict)
        ),
        "hashtags": _tags(entities.get("hashtags") if isinstance(entities, dict) else None, "text"),
    }
