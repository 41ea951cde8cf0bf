"""YouTube Data API `commentThreads`: comments and their replies as posts.

Read from saved API responses (`youtube#commentThreadListResponse`, one per
file or one per line) or from thread objects (a JSON list, or one per line).
A top-level comment and each reply in `replies.comments` are one record each.

| API field (`snippet` of each comment) | record field |
|---|---|
| `id` of the comment | `post_id` |
| `authorDisplayName` when it is an @handle, else the handle in `authorChannelUrl`, else `authorChannelId.value` | `author_handle` |
| `authorChannelId.value` | `author_id` |
| `publishedAt` | `posted_at` |
| `textOriginal`, else `textDisplay` | `text` |
| the links and #tags written in the text | `urls`, `hashtags` |
| `parentId` (a reply), else the thread's video (`videoId`) | `reply_to_post_id` (a top-level comment answers the video: its id, as a pasted video link gives it) |
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storage.formats.common import (
    Item,
    RowError,
    dig,
    each,
    hashtags_in,
    json_objects,
    map_items,
    text_of,
    urls_in,
    zoned_time,
)
from storage.formats.registry import Head

PLATFORM = "youtube"


def is_comment_threads(head: Head) -> bool:
    """A commentThreads response, or thread objects."""
    return any(
        head.has(f"{prefix}snippet.topLevelComment")
        for prefix in ("", "item.", "items.item.", "item.items.item.")
    )


def read_comment_threads(lines: Iterable[str]) -> Iterator[Item]:
    """Records of commentThreads responses or threads: every comment and reply."""
    return map_items(json_objects(lines), thread_records)


def thread_records(obj: dict[str, Any]) -> list[dict[str, Any] | RowError]:
    """The comments of one response (all its threads) or of one thread."""
    threads = obj["items"] if isinstance(obj.get("items"), list) else [obj]
    comments: list[Any] = []
    for thread in threads:
        top = dig(thread, "snippet", "topLevelComment")
        comments.append(top if top is not None else thread)
        replies = dig(thread, "replies", "comments")
        if isinstance(replies, list):
            comments.extend(replies)
    return each(comments, comment)


def comment(item: dict[str, Any]) -> dict[str, Any]:
    """One comment resource as a record."""
    comment_id = text_of(item.get("id"))
    snippet = item.get("snippet")
    if comment_id is None or not isinstance(snippet, dict):
        raise RowError("a comment without an id or a snippet")
    channel_id = text_of(dig(snippet, "authorChannelId", "value"))
    handle = _handle(snippet) or channel_id
    if handle is None:
        raise RowError(f"comment {comment_id} has no author channel")
    text = text_of(snippet.get("textOriginal")) or text_of(snippet.get("textDisplay"))
    return {
        "platform": PLATFORM,
        "post_id": comment_id,
        "author_handle": handle,
        "author_id": channel_id,
        "posted_at": zoned_time(snippet.get("publishedAt"), "publishedAt"),
        "text": text,
        "urls": urls_in(text),
        "hashtags": hashtags_in(text),
        "reply_to_post_id": text_of(snippet.get("parentId")) or text_of(snippet.get("videoId")),
    }


def _handle(snippet: dict[str, Any]) -> str | None:
    """The author's @handle: the display name when it is one, else from the channel link."""
    shown = text_of(snippet.get("authorDisplayName"))
    if shown and shown.startswith("@") and " " not in shown:
        return shown[1:]
    link = text_of(snippet.get("authorChannelUrl")) or ""
    _, marker, rest = link.partition("/@")
    if marker and rest:
        return rest.split("/")[0]
    return None
