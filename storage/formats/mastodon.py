"""Mastodon statuses, as the API returns them (a JSON list, or one status per line).

A reblog is a status of its own whose `reblog` holds the status it boosts: it
becomes a repost record. `content` is HTML: its text is read out of it (a
paragraph or line break becomes a new line), and its links, less those that
are mentions or hashtags.

| status field | record field |
|---|---|
| `id` | `post_id` (ids are the instance's own: read statuses fetched from one instance together) |
| `account.acct`, with the instance of `account.url` when it has none (`alice@mastodon.social`) | `author_handle` |
| `account.id` | `author_id` |
| `account.created_at` | `author_created_at` |
| `created_at` | `posted_at` |
| the text of `content` (HTML) | `text` |
| `language` | `lang` |
| the links of `content` (not mentions or hashtags), `card.url` | `urls` |
| `tags[].name` | `hashtags` |
| `in_reply_to_id` | `reply_to_post_id` |
| `reblog.id` | `repost_of_post_id` |
| `quote.id` (instances that have quotes) | `quoted_post_id` |
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from storage.formats.common import (
    Item,
    RowError,
    dig,
    id_text,
    json_objects,
    map_items,
    text_of,
    unique,
    zoned_time,
)
from storage.formats.registry import Head

PLATFORM = "mastodon"


def is_mastodon(head: Head) -> bool:
    """Statuses: `content` and `account.acct`, one per line or in a list."""
    return head.has("content", "account.acct") or head.has("item.content", "item.account.acct")


def read_statuses(lines: Iterable[str]) -> Iterator[Item]:
    """Records of Mastodon statuses."""
    return map_items(json_objects(lines), lambda status: [status_record(status)])


def status_record(status: dict[str, Any]) -> dict[str, Any]:
    """One status (or reblog) as a record."""
    status_id = id_text(status.get("id"))
    if status_id is None:
        raise RowError("a status without an id")
    account: dict[str, Any] = status["account"] if isinstance(status.get("account"), dict) else {}
    handle = _full_handle(account)
    if handle is None:
        raise RowError(f"status {status_id} has no account.acct")
    created = text_of(dig(account, "created_at"))
    record: dict[str, Any] = {
        "platform": PLATFORM,
        "post_id": status_id,
        "author_handle": handle,
        "author_id": id_text(dig(account, "id")),
        "author_created_at": zoned_time(created, "account.created_at") if created else None,
        "posted_at": zoned_time(status.get("created_at"), "created_at"),
        "lang": text_of(status.get("language")),
        "reply_to_post_id": id_text(status.get("in_reply_to_id")),
        "quoted_post_id": id_text(dig(status, "quote", "id")),
    }
    reblog = status.get("reblog")
    if isinstance(reblog, dict):
        record["repost_of_post_id"] = id_text(reblog.get("id"))
        return record
    content = _Content.read(text_of(status.get("content")) or "")
    tags = [text_of(dig(tag, "name")) for tag in status.get("tags") or []]
    record.update(
        text=content.text() or None,
        urls=unique([*content.links, text_of(dig(status, "card", "url"))]),
        hashtags=unique(tags),
    )
    return record


def _full_handle(account: dict[str, Any]) -> str | None:
    acct = text_of(account.get("acct"))
    if acct is None or "@" in acct:
        return acct
    host = urlsplit(text_of(account.get("url")) or "").hostname
    return f"{acct}@{host}" if host else acct


class _Content(HTMLParser):
    """The text and the links of a status's HTML `content`."""

    _BREAKS = frozenset({"br", "p"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []

    @classmethod
    def read(cls, html: str) -> _Content:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS and self.parts:
            self.parts.append("\n")
        if tag == "a":
            values = dict(attrs)
            classes = (values.get("class") or "").split()
            if "mention" not in classes and "hashtag" not in classes:
                self.links.append(values.get("href"))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts).strip()
