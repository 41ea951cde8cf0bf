"""Telegram: Telegram Desktop's export (`result.json`) and Telethon message JSONL.

Both name a post `CHAT/MESSAGE` (the chat's numeric id, then the message's id
in it: message ids count per chat) and an account by its export id,
`channel1234567890` or `user12345`, the way Telegram Desktop writes `from_id`:
the same channel read from either source is one account.

**Telegram Desktop** writes one JSON document: the chat's `name`, `type` and
`id`, then `messages`. A whole-account export holds the same under
`chats.list` (and `left_chats.list`). Exports reach gigabytes, so the document
is streamed message by message (ijson), never loaded whole.

| export field | record field |
|---|---|
| chat `id` / message `id` | `post_id` (`CHAT/MESSAGE`) |
| `from_id` (`channel…`, `user…`) | `author_handle`; its digits are `author_id` |
| `date_unixtime` | `posted_at` (`date` is local time without a zone, so it is not used) |
| `text_entities` (else `text`), parts joined | `text` |
| parts of type `link` (their text), `text_link` (their `href`) | `urls` |
| parts of type `hashtag` | `hashtags` |
| `reply_to_message_id` | `reply_to_post_id` (`CHAT/MESSAGE`) |

Service messages (a channel created, a message pinned) are not posts and are
skipped. `forwarded_from` is only the original channel's name, so a forward
keeps its text but no `repost_of_post_id`.

**Telethon** JSONL: one `Message.to_dict()` per line (dates as ISO text or
Unix seconds).

| Telethon field | record field |
|---|---|
| `peer_id.channel_id` (or `chat_id`, `user_id`) / `id` | `post_id` (`CHAT/MESSAGE`) |
| `from_id` (`user_id`, `channel_id`), else the channel itself | `author_handle` (`user…`, `channel…`), digits as `author_id` |
| `date` | `posted_at` |
| `message` | `text` |
| `entities` of type `MessageEntityUrl` (the text they cover), `MessageEntityTextUrl` (`url`); `media.webpage.url` | `urls` |
| `entities` of type `MessageEntityHashtag` | `hashtags` |
| `fwd_from.from_id.channel_id` / `fwd_from.channel_post` | `repost_of_post_id`: the original channel post |
| `reply_to.reply_to_msg_id` (in `reply_to.reply_to_peer_id`, else the same chat) | `reply_to_post_id` |

`MessageService` lines (joins, pins) are skipped like the export's service messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storage.formats.common import (
    Item,
    RowError,
    dig,
    epoch_time,
    id_text,
    json_document_items,
    map_items,
    text_of,
    unique,
    zoned_time,
)
from storage.formats.registry import Head
from storage.records import read_jsonl

PLATFORM = "telegram"
#: Where messages sit in a chat export and in a whole-account export.
_CHAT_LISTS = ("", "chats.list.item", "left_chats.list.item")
MESSAGE_PREFIXES = frozenset(f"{chat}.messages.item".lstrip(".") for chat in _CHAT_LISTS)
_CHAT_FIELDS = frozenset(
    f"{chat}.{field}".lstrip(".") for chat in _CHAT_LISTS for field in ("id", "type")
)
_PEER_KEYS = (("channel_id", "channel"), ("chat_id", "chat"), ("user_id", "user"))


# --- Telegram Desktop ----------------------------------------------------------


def is_desktop_export(head: Head) -> bool:
    """A chat export (`messages` with Desktop's fields) or a whole-account export."""
    chat = head.has("messages") and (
        head.has("messages.item.date_unixtime")
        or head.has("messages.item.text_entities")
        or head.has("name", "type", "id")
    )
    return chat or head.has("personal_information") or head.has("chats.list")


def read_desktop_export(lines: Iterable[str]) -> Iterator[Item]:
    """Records of a Telegram Desktop `result.json`, streamed message by message."""
    for item in json_document_items(lines, MESSAGE_PREFIXES, _CHAT_FIELDS):
        message = item.obj
        if message is None:
            yield item.line, item.raw, None, item.reason
            continue
        if message.get("type", "message") != "message":
            continue  # a service message: no post
        # The chat whose messages these are: "messages.item" -> "id", "chats.list.item.id".
        chat = item.prefix.removesuffix("messages.item")
        chat_id, chat_type = item.context.get(f"{chat}id"), item.context.get(f"{chat}type")
        try:
            yield item.line, item.raw, desktop_message(message, chat_id, chat_type), ""
        except RowError as exc:
            yield item.line, item.raw, None, str(exc)


def desktop_message(message: dict[str, Any], chat: Any, chat_type: Any) -> dict[str, Any]:
    """One exported message of the chat with id `chat` and type `chat_type` as a record."""
    chat_id = id_text(chat)
    message_id = id_text(message.get("id"))
    if chat_id is None or message_id is None:
        raise RowError("a message without an id, or outside a chat with an id")
    handle = text_of(message.get("from_id"))
    if handle is None and "channel" in str(chat_type or ""):
        handle = f"channel{chat_id}"
    if handle is None:
        raise RowError(f"message {message_id} has no from_id")
    if message.get("date_unixtime") in (None, ""):
        raise RowError(
            f"message {message_id} has no date_unixtime (export again with Telegram Desktop "
            "3.0 or later: its date has no time zone)"
        )
    parts = message.get("text_entities")
    if not isinstance(parts, list):
        text = message.get("text")
        parts = text if isinstance(text, list) else [text or ""]
    text_parts: list[str] = []
    urls: list[str | None] = []
    tags: list[str | None] = []
    for part in parts:
        if isinstance(part, str):
            text_parts.append(part)
            continue
        if not isinstance(part, dict):
            continue
        shown = str(part.get("text") or "")
        text_parts.append(shown)
        kind = part.get("type")
        if kind == "link":
            urls.append(_as_link(shown))
        elif kind == "text_link":
            urls.append(text_of(part.get("href")))
        elif kind == "hashtag":
            tags.append(shown.lstrip("#"))
    reply = id_text(message.get("reply_to_message_id"))
    return {
        "platform": PLATFORM,
        "post_id": f"{chat_id}/{message_id}",
        "author_handle": handle,
        "author_id": _digits(handle),
        "posted_at": epoch_time(message["date_unixtime"], "date_unixtime"),
        "text": "".join(text_parts) or None,
        "urls": unique(urls),
        "hashtags": unique(tags),
        "reply_to_post_id": f"{chat_id}/{reply}" if reply else None,
    }


def _as_link(text: str) -> str | None:
    """A link as written in a message, with a scheme ("example.com/a" is a link too)."""
    text = text.strip()
    if not text:
        return None
    return text if "://" in text else "https://" + text


def _digits(handle: str) -> str | None:
    digits = handle.lstrip("abcdefghijklmnopqrstuvwxyz")
    return digits if digits.isdigit() else None


# --- Telethon -----------------------------------------------------------------------


def is_telethon(head: Head) -> bool:
    """A `Message.to_dict()` line: `peer_id` with the message's `date`."""
    return head.has("peer_id", "date", "id") and (head.has("_") or head.has("message"))


def read_telethon(lines: Iterable[str]) -> Iterator[Item]:
    """Records of Telethon message JSONL, one message per line."""
    return map_items(read_jsonl(lines), telethon_message)


def telethon_message(message: dict[str, Any]) -> list[dict[str, Any] | RowError]:
    """One Telethon message as a record (none for a service message)."""
    if message.get("_") == "MessageService":
        return []
    chat = _peer(message.get("peer_id"))
    message_id = id_text(message.get("id"))
    if chat is None or message_id is None:
        raise RowError("a message without an id or a peer_id")
    chat_kind, chat_id = chat
    sender = _peer(message.get("from_id"))
    if sender is None:
        if chat_kind != "channel":
            raise RowError(f"message {message_id} has no from_id")
        sender = chat
    text = message.get("message") if isinstance(message.get("message"), str) else None
    urls: list[str | None] = []
    tags: list[str | None] = []
    for entity in message.get("entities") or []:
        kind = dig(entity, "_")
        if kind == "MessageEntityUrl":
            urls.append(_as_link(_utf16_slice(text, entity)))
        elif kind == "MessageEntityTextUrl":
            urls.append(text_of(dig(entity, "url")))
        elif kind == "MessageEntityHashtag":
            tags.append(_utf16_slice(text, entity).lstrip("#"))
    urls.append(text_of(dig(message, "media", "webpage", "url")))
    forward = message.get("fwd_from") if isinstance(message.get("fwd_from"), dict) else {}
    origin = _peer(dig(forward, "from_id"))
    original_post = id_text(dig(forward, "channel_post"))
    reply_to = id_text(dig(message, "reply_to", "reply_to_msg_id"))
    reply_chat = _peer(dig(message, "reply_to", "reply_to_peer_id")) or chat
    date = message.get("date")
    return [
        {
            "platform": PLATFORM,
            "post_id": f"{chat_id}/{message_id}",
            "author_handle": f"{sender[0]}{sender[1]}",
            "author_id": sender[1],
            "posted_at": (
                epoch_time(date, "date")
                if isinstance(date, int | float)
                else zoned_time(date, "date")
            ),
            "text": text or None,
            "urls": unique(urls),
            "hashtags": unique(tags),
            "repost_of_post_id": (
                f"{origin[1]}/{original_post}" if origin and original_post else None
            ),
            "reply_to_post_id": f"{reply_chat[1]}/{reply_to}" if reply_to else None,
        }
    ]


def _peer(peer: Any) -> tuple[str, str] | None:
    """("channel" | "chat" | "user", numeric id) of a Telethon Peer dict."""
    if not isinstance(peer, dict):
        return None
    for key, kind in _PEER_KEYS:
        value = id_text(peer.get(key))
        if value:
            return kind, value
    return None


def _utf16_slice(text: str | None, entity: Any) -> str:
    """The text an entity covers: Telegram counts offsets in UTF-16 code units."""
    if not text:
        return ""
    try:
        start, length = int(entity["offset"]), int(entity["length"])
    except (KeyError, TypeError, ValueError):
        return ""
    units = text.encode("utf-16-le", "surrogatepass")
    return units[2 * start : 2 * (start + length)].decode("utf-16-le", "replace")
