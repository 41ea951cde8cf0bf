"""X/Twitter information-operations archive: the tweets CSV as post records.

The platform's takedown releases ship one tweets CSV per operation (30-31
columns: `tweetid, userid, user_display_name, user_screen_name, ...,
account_creation_date, account_language, tweet_language, tweet_text,
tweet_time, tweet_client_name, in_reply_to_userid, in_reply_to_tweetid,
quoted_tweet_tweetid, is_retweet, retweet_userid, retweet_tweetid, ...,
hashtags, urls, user_mentions[, poll_choices]`). What the archive says and how
it maps:

| archive column | record field | how |
|---|---|---|
| `tweetid` | `post_id` | as a string |
| `tweetid`, else `tweet_time` | `posted_at` | to the second from the snowflake id; the archive's own time is to the minute and has no zone (UTC) |
| `user_screen_name`, else `userid` | `author_handle` | small accounts have the base64 hash of their id here (`+`, `/`, `=` inside) |
| `userid` | `author_id` | as a string |
| `account_creation_date` | `author_created_at` | a date (or date and time), UTC |
| `tweet_text` | `text` | |
| `tweet_language` | `lang` | |
| `in_reply_to_tweetid` | `reply_to_post_id` | |
| `is_retweet` + `retweet_tweetid` | `repost_of_post_id` | only when `is_retweet` is true |
| `quoted_tweet_tweetid` | `quoted_post_id` | |
| `hashtags`, `urls` | `hashtags`, `urls` | Python list literals (`['a', 'b']`), read as literals or JSON, never evaluated |

The users CSV (`userid, user_display_name, user_screen_name, ...,
account_creation_date, account_language`) gives accounts, not posts: its
`user_screen_name` (else `userid`), `userid` and `account_creation_date` fill
the account's handle, id and creation time.

Rows are streamed: memory does not grow with the file.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from storage.formats.common import Item, RowError, lower_keys, map_items, require_columns
from storage.records import read_csv

PLATFORM = "x"
#: Columns a file must have to be read as an information-operations archive.
REQUIRED_COLUMNS = frozenset({"tweetid", "userid", "tweet_time"})
#: Columns of the archive's users file (one row per account, no tweets).
USERS_COLUMNS = frozenset({"userid", "user_screen_name", "account_creation_date"})
#: Milliseconds since the Unix epoch at which snowflake ids start (2010-11-04T01:42:54.657Z).
SNOWFLAKE_EPOCH_MS = 1288834974657
#: Ids above this are snowflakes. Sequential ids ended near 3e10 in late 2010;
#: a snowflake minted one day after its epoch is already above 3.6e14.
LAST_SEQUENTIAL_ID = 2**35
#: A list cell longer than this is refused unread (the literal parser's cost grows with it).
MAX_LIST_CELL_CHARS = 100_000
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no", ""})


class ArchiveRowError(RowError):
    """Why one archive row cannot become a record; the message is shown to the user."""


def is_archive_header(header: list[str] | tuple[str, ...]) -> bool:
    """True when a CSV header row is an information-operations tweets file."""
    return REQUIRED_COLUMNS.issubset(h.strip().lstrip("\ufeff").lower() for h in header)


def is_users_header(header: list[str] | tuple[str, ...]) -> bool:
    """True when a CSV header row is an information-operations users file (no tweets)."""
    names = {h.strip().lstrip("\ufeff").lower() for h in header}
    return USERS_COLUMNS.issubset(names) and "tweetid" not in names


def read_items(text: Iterable[str]) -> Iterator[Item]:
    """Stream (line number, raw row, record or None, reason) for every row of a tweets CSV.

    A row that cannot be mapped comes back with None and the reason, never
    dropped. Rows are read as `storage.records` reads CSV (a row numbered by
    its first line; a quote left open costs its own line). A header without
    the archive's columns refuses the file once (`InputFileError`).
    """
    rows = read_csv(
        text,
        json_lists=(),
        check_header=require_columns(
            sorted(REQUIRED_COLUMNS), "an information-operations tweets file"
        ),
    )
    yield from map_items(rows, lambda row: [to_record(lower_keys(row))])


def read_user_items(text: Iterable[str]) -> Iterator[Item]:
    """Stream account records (handle, id, creation time) from an information-operations users CSV."""
    rows = read_csv(
        text,
        json_lists=(),
        check_header=require_columns(sorted(USERS_COLUMNS), "an information-operations users file"),
    )
    yield from map_items(rows, lambda row: [to_account(lower_keys(row))])


def read_records(text: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Stream the record dicts of a tweets CSV; raise ArchiveRowError at the first bad row."""
    for number, _raw, record, reason in read_items(text):
        if record is None:
            raise ArchiveRowError(f"line {number}: {reason}")
        yield record


def to_account(row: dict[str, str | None]) -> dict[str, Any]:
    """Map one users-file row to an account record: handle, id and creation time."""
    user_id = _cell(row, "userid")
    return {
        "platform": PLATFORM,
        "author_handle": _cell(row, "user_screen_name") or user_id,
        "author_id": user_id,
        "author_created_at": _creation_time(_cell(row, "account_creation_date")),
    }


def to_record(row: dict[str, str | None]) -> dict[str, Any]:
    """Map one archive row (column name -> cell) to a post record dict."""
    tweet_id = _cell(row, "tweetid")
    user_id = _cell(row, "userid")
    handle = _cell(row, "user_screen_name") or user_id
    retweet_of = _cell(row, "retweet_tweetid") if _flag(row, "is_retweet") else None
    return {
        "platform": PLATFORM,
        "post_id": tweet_id,
        "author_handle": handle,
        "author_id": user_id,
        "author_created_at": _creation_time(_cell(row, "account_creation_date")),
        "posted_at": posted_at(tweet_id, _cell(row, "tweet_time")),
        "text": _cell(row, "tweet_text"),
        "lang": _cell(row, "tweet_language"),
        "reply_to_post_id": _cell(row, "in_reply_to_tweetid"),
        "repost_of_post_id": retweet_of,
        "quoted_post_id": _cell(row, "quoted_tweet_tweetid"),
        "urls": parse_list(row.get("urls", ""), "urls"),
        "hashtags": parse_list(row.get("hashtags", ""), "hashtags"),
    }


def snowflake_time(tweet_id: str | None) -> datetime | None:
    """When a snowflake id was minted (to the millisecond, UTC); None for older or odd ids."""
    if not tweet_id or not tweet_id.isdigit() or len(tweet_id) > 20:
        return None
    value = int(tweet_id)
    if value <= LAST_SEQUENTIAL_ID or value >= 2**63:
        return None
    return datetime.fromtimestamp(((value >> 22) + SNOWFLAKE_EPOCH_MS) / 1000, tz=UTC)


def posted_at(tweet_id: str | None, tweet_time: str | None) -> str | None:
    """ISO-8601 UTC post time: to the second from a snowflake id, else the archive's time."""
    minted = snowflake_time(tweet_id)
    if minted is not None:
        return minted.strftime("%Y-%m-%dT%H:%M:%SZ")
    if not tweet_time:
        return None
    return _utc(tweet_time, "tweet_time").strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_list(cell: str | None, column: str) -> list[str]:
    """A list column's items: a Python list literal or JSON array of strings, never evaluated."""
    text = (cell or "").strip()
    if not text or text == "[]":
        return []
    if len(text) > MAX_LIST_CELL_CHARS:
        raise ArchiveRowError(f"{column} is longer than {MAX_LIST_CELL_CHARS} characters")
    try:
        value: Any = orjson.loads(text)
    except orjson.JSONDecodeError:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise ArchiveRowError(f"{column} is not a list: {text[:60]!r}") from None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ArchiveRowError(f"{column} is not a list: {text[:60]!r}")
    items = [
        str(item).strip()
        for item in value
        if item is not None and not isinstance(item, list | dict)
    ]
    if len(items) != len(value):
        raise ArchiveRowError(f"{column} holds something other than strings: {text[:60]!r}")
    return [item for item in items if item]


def _cell(row: dict[str, str | None], column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return value or None


def _flag(row: dict[str, str | None], column: str) -> bool:
    value = (row.get(column) or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ArchiveRowError(f"{column} is not true or false: {value[:20]!r}")


def _creation_time(value: str | None) -> str | None:
    if not value:
        return None
    return _utc(value, "account_creation_date").strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(value: str, column: str) -> datetime:
    """The archive's zone-less times ('2019-11-19 05:20', '2019-11-05') read as UTC."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ArchiveRowError(f"{column} is not a date or time: {value[:40]!r}") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
