"""CrowdTangle historical-data CSV: Facebook pages and groups, Instagram accounts.

CrowdTangle closed in 2024; its exports remain the archive of many
investigations. Times carry the dashboard's zone as a US abbreviation
("2021-03-01 15:30:00 EST").

| CrowdTangle column | record field |
|---|---|
| `URL` (the post's link) | `platform` (facebook or instagram, from its host) and `post_id` (the id the link names, as a pasted post link gives it; else the link itself) |
| `User Name`, else `Facebook Id` | `author_handle` |
| `Facebook Id` | `author_id` |
| `Page Created` | `author_created_at` (UTC when it names no zone) |
| `Post Created` | `posted_at` |
| `Message` (Facebook), `Description` (Instagram) | `text` |
| `Final Link`, else `Link`, and the links written in the text | `urls` |
| the #tags written in the text | `hashtags` |
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storage.formats.common import (
    Item,
    RowError,
    hashtags_in,
    lower_keys,
    map_items,
    named_zone_time,
    require_columns,
    text_of,
    unique,
    urls_in,
)
from storage.formats.registry import Head
from storage.links import url_platform_target
from storage.records import MAX_ID_CHARS, canonical_url, read_csv

COLUMNS = ("URL", "Post Created")


def is_crowdtangle(head: Head) -> bool:
    """CrowdTangle's columns: `Post Created` and `URL`, with its page or account columns."""
    return head.has_columns("post created", "url") and (
        head.has_columns("page name")
        or head.has_columns("account")
        or head.has_columns("followers at posting")
    )


def read_crowdtangle(lines: Iterable[str]) -> Iterator[Item]:
    """Records of a CrowdTangle historical CSV, one post per row."""
    rows = read_csv(
        lines, json_lists=(), check_header=require_columns(COLUMNS, "a CrowdTangle export")
    )
    return map_items(rows, lambda row: [crowdtangle_row(lower_keys(row))])


def crowdtangle_row(row: dict[str, Any]) -> dict[str, Any]:
    """One CrowdTangle row as a record."""
    link = text_of(row.get("url"))
    canonical = canonical_url(link) if link else None
    if canonical is None:
        raise RowError("URL is not the post's link")
    target = url_platform_target(canonical)
    platform = target.platform if target is not None and target.platform else "facebook"
    post_id = target.post_id if target is not None and target.kind == "post" else None
    handle = text_of(row.get("user name")) or text_of(row.get("facebook id"))
    if handle is None:
        raise RowError("neither User Name nor Facebook Id is given")
    text = text_of(row.get("message")) if platform == "facebook" else None
    text = text or text_of(row.get("description"))
    created = text_of(row.get("page created"))
    return {
        "platform": platform,
        "post_id": post_id or canonical[:MAX_ID_CHARS],
        "author_handle": handle,
        "author_id": text_of(row.get("facebook id")),
        # A page's creation counts in days: a time without a zone is read as UTC.
        "author_created_at": (
            named_zone_time(created, "Page Created", assume_utc=True) if created else None
        ),
        "posted_at": named_zone_time(row.get("post created"), "Post Created"),
        "text": text,
        "urls": unique(
            [text_of(row.get("final link")) or text_of(row.get("link")), *urls_in(text)]
        ),
        "hashtags": hashtags_in(text),
    }
