"""Bluesky through Jetstream: the firehose as JSON lines, one event per line.

Posts and reposts are commits to `app.bsky.feed.post` and
`app.bsky.feed.repost`; a repost is its own record, pointing at the post it
reposts. Other events (likes, follows, deletes, identity and account events)
are not posts and are skipped. Jetstream names an author by DID only, so the
DID is the handle (`did:plc:…`): one account, whatever handles it takes.

| Jetstream field | record field |
|---|---|
| `at://` + `did` + `/` + `commit.collection` + `/` + `commit.rkey` | `post_id` (the post's AT URI, as replies, reposts and quotes name it) |
| `did` | `author_handle`, `author_id` |
| `time_us` | `posted_at` (when the network saw it; `record.createdAt` is the client's word) |
| `commit.record.text` | `text` |
| `commit.record.langs[0]` | `lang` |
| facets `#link` `uri`, `embed.external.uri` | `urls` |
| facets `#tag` `tag`, `record.tags` | `hashtags` |
| `record.reply.parent.uri` | `reply_to_post_id` |
| `record.subject.uri` of a repost | `repost_of_post_id` |
| `record.embed.record.uri` (a quote; also inside `recordWithMedia`) | `quoted_post_id` |
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storage.formats.common import (
    Item,
    RowError,
    dig,
    epoch_time,
    map_items,
    text_of,
    unique,
)
from storage.formats.registry import Head
from storage.records import read_jsonl

PLATFORM = "bluesky"
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"


def is_jetstream(head: Head) -> bool:
    """A Jetstream event: `did`, `time_us` and `kind`."""
    return head.has("did", "time_us", "kind")


def read_jetstream(lines: Iterable[str]) -> Iterator[Item]:
    """Records of Jetstream JSONL: created posts and reposts."""
    return map_items(read_jsonl(lines), jetstream_event)


def jetstream_event(event: dict[str, Any]) -> list[dict[str, Any] | RowError]:
    """The post or repost one event creates; nothing for any other event."""
    commit = event.get("commit")
    if event.get("kind") != "commit" or not isinstance(commit, dict):
        return []
    collection = commit.get("collection")
    if commit.get("operation") != "create" or collection not in (POST, REPOST):
        return []
    did = text_of(event.get("did"))
    rkey = text_of(commit.get("rkey"))
    record = commit.get("record")
    if did is None or rkey is None or not isinstance(record, dict):
        raise RowError("a commit without did, rkey or record")
    try:
        seconds = int(event["time_us"]) // 1_000_000
    except (KeyError, TypeError, ValueError):
        raise RowError(
            f"time_us is not a time in microseconds: {event.get('time_us')!r:.40}"
        ) from None
    base: dict[str, Any] = {
        "platform": PLATFORM,
        "post_id": f"at://{did}/{collection}/{rkey}",
        "author_handle": did,
        "author_id": did,
        "posted_at": epoch_time(seconds, "time_us"),
    }
    if collection == REPOST:
        subject = text_of(dig(record, "subject", "uri"))
        if subject is None:
            raise RowError("a repost without subject.uri")
        return [{**base, "repost_of_post_id": subject}]
    urls: list[str | None] = []
    tags: list[str | None] = []
    for facet in record.get("facets") or []:
        for feature in dig(facet, "features") or []:
            kind = dig(feature, "$type")
            if kind == "app.bsky.richtext.facet#link":
                urls.append(text_of(dig(feature, "uri")))
            elif kind == "app.bsky.richtext.facet#tag":
                tags.append(text_of(dig(feature, "tag")))
    tags.extend(text_of(tag) for tag in record.get("tags") or [] if isinstance(tag, str))
    embed = record.get("embed")
    urls.append(text_of(dig(embed, "external", "uri")))
    langs = record.get("langs")
    return [
        {
            **base,
            "text": text_of(record.get("text")),
            "lang": text_of(langs[0]) if isinstance(langs, list) and langs else None,
            "urls": unique(urls),
            "hashtags": unique(tags),
            "reply_to_post_id": text_of(dig(record, "reply", "parent", "uri")),
            "quoted_post_id": text_of(dig(embed, "record", "uri"))
            or text_of(dig(embed, "record", "record", "uri")),
        }
    ]
