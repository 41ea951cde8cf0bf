"""YouTube commentThreads, Bluesky Jetstream and Mastodon statuses, in the published shapes."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
from factories import write_jsonl
from sqlalchemy import select

from storage.db import Store
from storage.formats import bluesky, mastodon, youtube
from storage.ingest import ingest_file
from storage.models import Account, Post

VIDEO = "dQw4w9WgXcQ"


def yt_comment(comment_id: str, handle: str, text: str, **snippet: object) -> dict:
    """A YouTube `comment` resource (v3), as commentThreads.list returns it."""
    return {
        "kind": "youtube#comment",
        "etag": "e",
        "id": comment_id,
        "snippet": {
            "channelId": "UCvideoOwner",
            "videoId": VIDEO,
            "textDisplay": text.replace("&", "&amp;"),
            "textOriginal": text,
            "authorDisplayName": f"@{handle}",
            "authorProfileImageUrl": "https://yt3.ggpht.com/x",
            "authorChannelUrl": f"http://www.youtube.com/@{handle}",
            "authorChannelId": {"value": f"UC{handle}"},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": 0,
            "publishedAt": "2023-06-05T00:01:09Z",
            "updatedAt": "2023-06-05T00:01:09Z",
            **snippet,
        },
    }


THREADS = {
    "kind": "youtube#commentThreadListResponse",
    "etag": "e",
    "nextPageToken": "QURTSl",
    "pageInfo": {"totalResults": 2, "resultsPerPage": 100},
    "items": [
        {
            "kind": "youtube#commentThread",
            "etag": "e",
            "id": "UgxTop1",
            "snippet": {
                "channelId": "UCvideoOwner",
                "videoId": VIDEO,
                "topLevelComment": yt_comment(
                    "UgxTop1", "harbour_fan", "Watch https://news.example/x #Harbour & share"
                ),
                "canReply": True,
                "totalReplyCount": 2,
                "isPublic": True,
            },
            "replies": {
                "comments": [
                    yt_comment(
                        "UgxTop1.9reply1",
                        "Old Name",  # no @handle shown: the channel link gives it
                        "so true",
                        authorDisplayName="Old Name",
                        authorChannelUrl="http://www.youtube.com/@oldname",
                        parentId="UgxTop1",
                    ),
                    yt_comment(
                        "UgxTop1.9reply2", "x", "when?", publishedAt="soon", parentId="UgxTop1"
                    ),
                ]
            },
        },
        {
            "kind": "youtube#commentThread",
            "id": "UgxTop2",
            "snippet": {
                "videoId": VIDEO,
                "topLevelComment": yt_comment(
                    "UgxTop2",
                    "nobody",
                    "a channel without a handle",
                    authorDisplayName="Legacy Channel",
                    authorChannelUrl="http://www.youtube.com/channel/UClegacy",
                    authorChannelId={"value": "UClegacy"},
                ),
            },
        },
    ],
}


def test_comment_threads_give_comments_and_replies(store: Store, tmp_path: Path) -> None:
    lines = json.dumps(THREADS, indent=2).splitlines(keepends=True)
    items = list(youtube.read_comment_threads(lines))
    assert [reason for *_, reason in items] == [
        "",
        "",
        "publishedAt is not a date and time: 'soon'",
        "",
    ]
    top, reply, _, legacy = (record for _, _, record, _ in items)
    assert top == {
        "platform": "youtube",
        "post_id": "UgxTop1",
        "author_handle": "harbour_fan",
        "author_id": "UCharbour_fan",
        "posted_at": "2023-06-05T00:01:09Z",
        "text": "Watch https://news.example/x #Harbour & share",
        "urls": ["https://news.example/x"],
        "hashtags": ["Harbour"],
        "reply_to_post_id": VIDEO,
    }
    assert (reply["author_handle"], reply["reply_to_post_id"]) == ("oldname", "UgxTop1")
    assert legacy["author_handle"] == "UClegacy"
    assert orjson.loads(items[2][1])["id"] == "UgxTop1.9reply2"  # the reply, not the page
    page = tmp_path / "comments.json"
    page.write_text(json.dumps(THREADS, indent=2))
    report = ingest_file(store, page)
    assert (report.format, report.loaded, report.rejected) == ("youtube-comments", 3, 1)
    threads_jsonl = write_jsonl(tmp_path / "threads.jsonl", THREADS["items"])  # type: ignore[arg-type]
    again = ingest_file(store, threads_jsonl)
    assert (again.format, again.already_present, again.rejected) == ("youtube-comments", 3, 1)


DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
OTHER_DID = "did:plc:z72i7hdynmk6r22z27h6tvur"
ORIGINAL = f"at://{OTHER_DID}/app.bsky.feed.post/3l3qo2vutsw2b"


def jetstream(rkey: str, collection: str, record: dict, *, did: str = DID, **event: object) -> dict:
    """One Jetstream commit event."""
    return {
        "did": did,
        "time_us": 1725911162329308,
        "kind": "commit",
        "commit": {
            "rev": "3l3qo2vuowo2b",
            "operation": "create",
            "collection": collection,
            "rkey": rkey,
            "record": {"$type": collection, "createdAt": "2020-01-01T00:00:00.000Z", **record},
            "cid": "bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi",
        },
        **event,
    }


def test_jetstream_posts_and_reposts_are_separate_records() -> None:
    text = "Read this #Harbour news.example/x"
    post = jetstream(
        "3l3qo2vutsw2c",
        bluesky.POST,
        {
            "text": text,
            "langs": ["en", "de"],
            "facets": [
                {
                    "index": {"byteStart": 10, "byteEnd": 18},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Harbour"}],
                },
                {
                    "index": {"byteStart": 19, "byteEnd": 33},
                    "features": [
                        {"$type": "app.bsky.richtext.facet#link", "uri": "https://news.example/x"}
                    ],
                },
            ],
            "reply": {
                "root": {"cid": "bafy", "uri": ORIGINAL},
                "parent": {"cid": "bafy", "uri": ORIGINAL},
            },
            "embed": {
                "$type": "app.bsky.embed.recordWithMedia",
                "record": {"record": {"cid": "bafy", "uri": ORIGINAL}},
                "media": {"$type": "app.bsky.embed.images", "images": []},
            },
        },
    )
    repost = jetstream(
        "3l3qo2vutsw2d",
        bluesky.REPOST,
        {"subject": {"cid": "bafy", "uri": ORIGINAL}},
        did=OTHER_DID,
    )
    like = jetstream("3l3qo2vutsw2e", "app.bsky.feed.like", {"subject": {"uri": ORIGINAL}})
    identity = {
        "did": DID,
        "time_us": 1725911162329309,
        "kind": "identity",
        "identity": {"handle": "a.bsky.social"},
    }
    deleted = {**post, "commit": {**post["commit"], "operation": "delete"}}
    broken = jetstream("3l3qo2vutsw2f", bluesky.POST, {"text": "x"}, time_us="later")
    lines = [orjson.dumps(e).decode() for e in (post, repost, like, identity, deleted, broken)]
    items = list(bluesky.read_jetstream(lines))
    assert [(n, reason) for n, _, _, reason in items] == [
        (1, ""),
        (2, ""),
        (6, "time_us is not a time in microseconds: 'later'"),
    ]
    first, second = items[0][2], items[1][2]
    assert first == {
        "platform": "bluesky",
        "post_id": f"at://{DID}/app.bsky.feed.post/3l3qo2vutsw2c",
        "author_handle": DID,
        "author_id": DID,
        "posted_at": "2024-09-09T19:46:02Z",  # time_us, not the client's createdAt
        "text": text,
        "lang": "en",
        "urls": ["https://news.example/x"],
        "hashtags": ["Harbour"],
        "reply_to_post_id": ORIGINAL,
        "quoted_post_id": ORIGINAL,
    }
    assert second is not None
    assert second["post_id"] == f"at://{OTHER_DID}/app.bsky.feed.repost/3l3qo2vutsw2d"
    assert second["repost_of_post_id"] == ORIGINAL


ALICE = {
    "id": "109380012345678901",
    "username": "alice",
    "acct": "alice",
    "display_name": "Alice",
    "created_at": "2022-11-19T00:00:00.000Z",
    "url": "https://mastodon.social/@alice",
}
STATUS = {
    "id": "110490000000000001",
    "created_at": "2023-06-05T00:01:09.000Z",
    "in_reply_to_id": None,
    "in_reply_to_account_id": None,
    "sensitive": False,
    "spoiler_text": "",
    "visibility": "public",
    "language": "en",
    "uri": "https://mastodon.social/users/alice/statuses/110490000000000001",
    "url": "https://mastodon.social/@alice/110490000000000001",
    "content": (
        '<p>The deal is a trap &amp; a lie: <a href="https://news.example/x" rel="nofollow '
        'noopener noreferrer" target="_blank"><span class="invisible">https://</span>'
        '<span class="">news.example/x</span></a></p><p><span class="h-card"><a '
        'href="https://mastodon.social/@bob" class="u-url mention">@<span>bob</span></a></span>'
        ' <a href="https://mastodon.social/tags/Harbour" class="mention hashtag" rel="tag">'
        "#<span>Harbour</span></a><br>second line</p>"
    ),
    "reblog": None,
    "account": ALICE,
    "media_attachments": [],
    "mentions": [{"id": "1", "username": "bob", "acct": "bob"}],
    "tags": [{"name": "harbour", "url": "https://mastodon.social/tags/harbour"}],
    "card": {"url": "https://news.example/x?utm_source=mastodon", "title": "x"},
}


def test_mastodon_statuses_read_html_content_and_reblogs(store: Store, tmp_path: Path) -> None:
    remote = {
        **ALICE,
        "id": "2",
        "acct": "carol@other.example",
        "url": "https://other.example/@carol",
    }
    reblog = {
        **STATUS,
        "id": "110490000000000002",
        "content": "",
        "account": remote,
        "reblog": STATUS,
        "tags": [],
        "card": None,
    }
    reply = {**STATUS, "id": "110490000000000003", "in_reply_to_id": STATUS["id"], "created_at": ""}
    timeline = tmp_path / "statuses.json"
    timeline.write_text(json.dumps([STATUS, reblog, reply], indent=2))
    items = list(mastodon.read_statuses(timeline.read_text().splitlines(keepends=True)))
    assert [reason for *_, reason in items] == ["", "", "created_at is empty"]
    record = items[0][2]
    assert record is not None
    assert record["author_handle"] == "alice@mastodon.social"
    assert record["author_created_at"] == "2022-11-19T00:00:00Z"
    assert (
        record["text"]
        == "The deal is a trap & a lie: https://news.example/x\n@bob #Harbour\nsecond line"
    )
    assert record["urls"] == [
        "https://news.example/x",
        "https://news.example/x?utm_source=mastodon",
    ]
    assert record["hashtags"] == ["harbour"]
    boosted = items[1][2]
    assert boosted is not None
    assert (boosted["author_handle"], boosted["repost_of_post_id"]) == (
        "carol@other.example",
        STATUS["id"],
    )
    report = ingest_file(store, timeline)
    assert (report.format, report.loaded, report.rejected) == ("mastodon", 2, 1)
    one_line = tmp_path / "compact.json"
    one_line.write_bytes(orjson.dumps([STATUS]))
    assert ingest_file(store, one_line).already_present == 1
    with store.session() as session:
        assert sorted(session.scalars(select(Account.handle)).all()) == [
            "alice@mastodon.social",
            "carol@other.example",
        ]
        post = session.scalars(select(Post).where(Post.post_id == "110490000000000002")).one()
        assert post.repost_of_post_id == STATUS["id"]
