"""4CAT CSV exports: the research tool's one-row-per-item CSV, whatever the data source.

4CAT writes a `timestamp` column in the 4CAT server's own time zone, without
saying which; `unix_timestamp` is the same moment unambiguously, so only it is
read (a file without it is refused once, from its header).

| 4CAT column | record field |
|---|---|
| `platform` if present, else the platform of the item's `url` / `link`, else the data source's tell (`subreddit`: reddit, `board`: 4chan, `chat`: telegram) | `platform` |
| `id` | `post_id` |
| `author_username`, else `author` | `author_handle` |
| `author_id` | `author_id` |
| `unix_timestamp` | `posted_at` (never `timestamp`) |
| `body` | `text` |
| `language`, else `lang` | `lang` |
| `urls` (comma-separated), else the links written in `body` | `urls` |
| `hashtags` (comma-separated), else the #tags written in `body` | `hashtags` |
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storage.formats.common import (
    Item,
    RowError,
    epoch_time,
    hashtags_in,
    lower_keys,
    map_items,
    require_columns,
    split_list,
    text_of,
    urls_in,
)
from storage.formats.registry import Head
from storage.links import url_platform_target
from storage.records import canonical_url, read_csv

#: Columns every 4CAT export has (`thread_id` and `timestamp` too, not read).
COLUMNS = ("id", "author", "body", "unix_timestamp")
#: Columns that name the data source when the export has no platform or link column.
_SOURCE_TELLS = (("subreddit", "reddit"), ("board", "4chan"), ("chat", "telegram"))


def is_4cat(head: Head) -> bool:
    """4CAT's own columns: `thread_id` and `unix_timestamp` beside `id` and `body`."""
    return head.has_columns("id", "thread_id", "body", "unix_timestamp")


def read_4cat(lines: Iterable[str]) -> Iterator[Item]:
    """Records of a 4CAT CSV export, one item per row."""
    rows = read_csv(lines, json_lists=(), check_header=require_columns(COLUMNS, "a 4CAT export"))
    return map_items(rows, lambda row: [fourcat_row(lower_keys(row))])


def fourcat_row(row: dict[str, Any]) -> dict[str, Any]:
    """One 4CAT row as a record."""
    post_id = text_of(row.get("id"))
    if post_id is None:
        raise RowError("id is empty")
    handle = text_of(row.get("author_username")) or text_of(row.get("author"))
    if handle is None:
        raise RowError(f"item {post_id} has no author")
    if text_of(row.get("unix_timestamp")) is None:
        raise RowError(f"item {post_id} has no unix_timestamp")
    body = text_of(row.get("body"))
    urls = split_list(row.get("urls")) if "urls" in row else urls_in(body)
    tags = split_list(row.get("hashtags")) if "hashtags" in row else hashtags_in(body)
    return {
        "platform": _platform(row),
        "post_id": post_id,
        "author_handle": handle,
        "author_id": text_of(row.get("author_id")),
        "posted_at": epoch_time(row["unix_timestamp"], "unix_timestamp"),
        "text": body,
        "lang": text_of(row.get("language")) or text_of(row.get("lang")),
        "urls": urls,
        "hashtags": [tag.lstrip("#") for tag in tags],
    }


def _platform(row: dict[str, Any]) -> str:
    named = text_of(row.get("platform"))
    if named:
        return named
    for column in ("url", "link", "permalink"):
        link = text_of(row.get(column))
        canonical = canonical_url(link) if link else None
        target = url_platform_target(canonical) if canonical else None
        if target is not None and target.platform:
            return target.platform
    for column, platform in _SOURCE_TELLS:
        if column in row:
            return platform
    raise RowError(
        "cannot tell the platform: this export has no platform, url or data-source column; "
        "read it with --map (for example platform:=x,post_id=id,author_handle=author,"
        "posted_at=unix_timestamp,text=body)"
    )
