"""Telegram Desktop exports and Telethon messages, on small files in the published shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from factories import write_jsonl
from sqlalchemy import select

from storage.db import Store
from storage.formats import telegram
from storage.ingest import IngestError, ingest_file
from storage.models import Account, Post

CHANNEL = 1234567890
EXPORT = {
    "name": "Harbour News",
    "type": "public_channel",
    "id": CHANNEL,
    "messages": [
        {
            "id": 1,
            "type": "service",
            "date": "2023-06-05T08:00:00",
            "date_unixtime": "1685952000",
            "actor": "Harbour News",
            "actor_id": f"channel{CHANNEL}",
            "action": "create_channel",
            "title": "Harbour News",
            "text": "",
            "text_entities": [],
        },
        {
            "id": 2,
            "type": "message",
            "date": "2023-06-05T08:01:09",
            "date_unixtime": "1685952069",
            "from": "Harbour News",
            "from_id": f"channel{CHANNEL}",
            "text": [
                "The deal is a trap, read ",
                {"type": "link", "text": "news.example/harbour-deal"},
                " and ",
                {
                    "type": "text_link",
                    "text": "this",
                    "href": "https://other.example/a?utm_source=tg",
                },
                " ",
                {"type": "hashtag", "text": "#Harbour"},
            ],
            "text_entities": [
                {"type": "plain", "text": "The deal is a trap, read "},
                {"type": "link", "text": "news.example/harbour-deal"},
                {"type": "plain", "text": " and "},
                {
                    "type": "text_link",
                    "text": "this",
                    "href": "https://other.example/a?utm_source=tg",
                },
                {"type": "plain", "text": " "},
                {"type": "hashtag", "text": "#Harbour"},
            ],
        },
        {
            "id": 3,
            "type": "message",
            "date": "2023-06-05T08:02:00",
            "date_unixtime": "1685952120",
            "from": "Harbour News",
            "from_id": f"channel{CHANNEL}",
            "forwarded_from": "Other Channel",
            "reply_to_message_id": 2,
            "text": "plain text only",
            "text_entities": [{"type": "plain", "text": "plain text only"}],
        },
        {
            "id": 4,
            "type": "message",
            "date": "2023-06-05T08:03:00",
            "from": "Harbour News",
            "from_id": f"channel{CHANNEL}",
            "text": "an export from before date_unixtime",
        },
    ],
}


def export_file(path: Path, export: dict) -> Path:
    """result.json as Telegram Desktop writes it: indented, one key per line."""
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_an_export_gives_posts_with_links_hashtags_and_replies(tmp_path: Path) -> None:
    lines = export_file(tmp_path / "result.json", EXPORT).read_text().splitlines(keepends=True)
    items = list(telegram.read_desktop_export(lines))
    assert len(items) == 3  # the service message is no post
    (line, _, first, _), (_, _, second, _), (bad_line, _, bad, reason) = items
    assert first == {
        "platform": "telegram",
        "post_id": f"{CHANNEL}/2",
        "author_handle": f"channel{CHANNEL}",
        "author_id": str(CHANNEL),
        "posted_at": "2023-06-05T08:01:09Z",
        "text": "The deal is a trap, read news.example/harbour-deal and this #Harbour",
        "urls": ["https://news.example/harbour-deal", "https://other.example/a?utm_source=tg"],
        "hashtags": ["Harbour"],
        "reply_to_post_id": None,
    }
    assert lines[line - 1].strip() == "{"  # the line where the message starts
    assert second["reply_to_post_id"] == f"{CHANNEL}/2"
    assert second["text"] == "plain text only"
    assert bad is None
    assert reason.startswith("message 4 has no date_unixtime")
    assert bad_line > line


def test_a_whole_account_export_reads_every_chat_with_its_own_id(tmp_path: Path) -> None:
    group = {
        "name": "Friends",
        "type": "private_supergroup",
        "id": 555,
        "messages": [
            {
                "id": 2,
                "type": "message",
                "date_unixtime": "1685952069",
                "from": "Ann",
                "from_id": "user42",
                "text": "hi",
            }
        ],
    }
    account = {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 42, "first_name": "Ann"},
        "chats": {"about": "...", "list": [EXPORT]},
        "left_chats": {"about": "...", "list": [group]},
    }
    path = export_file(tmp_path / "result.json", account)
    records = [r for _, _, r, _ in telegram.read_desktop_export(path.open()) if r]
    assert [(r["post_id"], r["author_handle"]) for r in records] == [
        (f"{CHANNEL}/2", f"channel{CHANNEL}"),
        (f"{CHANNEL}/3", f"channel{CHANNEL}"),
        ("555/2", "user42"),
    ]


def test_an_export_loads_and_a_cut_export_keeps_what_came_before(
    store: Store, tmp_path: Path
) -> None:
    path = export_file(tmp_path / "result.json", EXPORT)
    report = ingest_file(store, path)
    assert (report.format, report.loaded, report.rejected) == ("telegram-desktop", 2, 1)
    text = path.read_text()
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index('"id": 3')])
    with pytest.raises(IngestError) as failed:
        ingest_file(store, cut)
    assert "the JSON document ends early" in str(failed.value)
    assert "the file is probably truncated (1 records read before, 0 loaded)" in str(failed.value)
    assert failed.value.report.already_present == 1


TELETHON_POST = {
    "_": "Message",
    "id": 45,
    "peer_id": {"_": "PeerChannel", "channel_id": CHANNEL},
    "date": "2023-06-05 08:05:00+00:00",
    "message": "Ответ 👉 https://news.example/x #Гавань",
    "out": False,
    "from_id": None,
    "fwd_from": None,
    "reply_to": None,
    "media": {
        "_": "MessageMediaWebPage",
        "webpage": {"_": "WebPage", "url": "https://news.example/x"},
    },
    "entities": [
        {"_": "MessageEntityUrl", "offset": 9, "length": 22},
        {"_": "MessageEntityHashtag", "offset": 32, "length": 7},
        {"_": "MessageEntityTextUrl", "offset": 0, "length": 5, "url": "https://other.example/b"},
    ],
    "views": 1200,
    "post_author": None,
}


def test_telethon_messages_give_the_original_channel_post_of_a_forward() -> None:
    forward = {
        **TELETHON_POST,
        "id": 46,
        "date": 1685952360,
        "message": "",
        "entities": [],
        "media": None,
        "fwd_from": {
            "_": "MessageFwdHeader",
            "date": "2023-06-05 07:00:00+00:00",
            "from_id": {"_": "PeerChannel", "channel_id": 777},
            "channel_post": 12,
        },
    }
    group_reply = {
        **TELETHON_POST,
        "id": 9,
        "peer_id": {"_": "PeerChannel", "channel_id": 555},
        "from_id": {"_": "PeerUser", "user_id": 42},
        "reply_to": {"_": "MessageReplyHeader", "reply_to_msg_id": 8, "reply_to_peer_id": None},
        "entities": [],
        "media": None,
    }
    service = {"_": "MessageService", "id": 1, "peer_id": TELETHON_POST["peer_id"], "date": 0}
    no_date = {**TELETHON_POST, "id": 47, "date": "June 5th"}
    lines = [
        orjson.dumps(m).decode() for m in (TELETHON_POST, forward, group_reply, service, no_date)
    ]
    items = list(telegram.read_telethon(lines))
    assert [(n, reason) for n, _, _, reason in items] == [
        (1, ""),
        (2, ""),
        (3, ""),
        (5, "date is not a date and time: 'June 5th'"),
    ]
    post, fwd, reply = (r for _, _, r, _ in items[:3])
    assert post is not None and fwd is not None and reply is not None
    assert (post["post_id"], post["author_handle"], post["author_id"]) == (
        f"{CHANNEL}/45",
        f"channel{CHANNEL}",
        str(CHANNEL),
    )
    assert post["posted_at"] == "2023-06-05T08:05:00Z"
    # Offsets count UTF-16 units: the emoji before the link is two of them.
    assert post["urls"] == ["https://news.example/x", "https://other.example/b"]
    assert post["hashtags"] == ["Гавань"]
    assert fwd["repost_of_post_id"] == "777/12"
    assert fwd["posted_at"] == "2023-06-05T08:06:00Z"
    assert fwd["text"] is None
    assert (reply["author_handle"], reply["reply_to_post_id"]) == ("user42", "555/8")


def test_telethon_and_the_export_name_the_same_channel_alike(store: Store, tmp_path: Path) -> None:
    export = ingest_file(store, export_file(tmp_path / "result.json", EXPORT))
    lines = ingest_file(store, write_jsonl(tmp_path / "messages.jsonl", [TELETHON_POST]))
    assert (export.loaded, lines.format, lines.loaded) == (2, "telethon", 1)
    with store.session() as session:
        assert session.scalars(select(Account.handle)).all() == [f"channel{CHANNEL}"]
        assert sorted(session.scalars(select(Post.post_id)).all()) == [
            f"{CHANNEL}/2",
            f"{CHANNEL}/3",
            f"{CHANNEL}/45",
        ]


def test_the_export_is_streamed_message_by_message() -> None:
    message = EXPORT["messages"][2]  # type: ignore[index]
    many = {**EXPORT, "messages": [{**message, "id": n} for n in range(2, 300)]}
    lines = json.dumps(many, indent=1).splitlines(keepends=True)
    given: list[str] = []

    def reading() -> Iterator[str]:
        for line in lines:
            given.append(line)
            yield line

    first = next(telegram.read_desktop_export(reading()))
    assert first[2] is not None and first[2]["post_id"] == f"{CHANNEL}/2"
    assert len(given) < len(lines) // 10  # the first post came out long before the file's end
