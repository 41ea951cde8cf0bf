"""4CAT and CrowdTangle CSV exports, on small files in the published shapes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import Store
from storage.formats import crowdtangle, fourcat
from storage.formats.catalog import by_name
from storage.ingest import IngestError, ingest_file
from storage.models import Account, Post, PostUrl


def csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    return out.getvalue()


FOURCAT_TELEGRAM = [
    "id", "thread_id", "chat", "author", "author_username", "author_name", "body", "timestamp",
    "unix_timestamp", "views", "forwarded_timestamp", "reply_to", "urls", "hashtags",
]  # fmt: skip
FOURCAT_ROWS = [
    {
        "id": "harbournews-45",
        "thread_id": "harbournews-45",
        "chat": "harbournews",
        "author": "1234567890",
        "author_username": "harbournews",
        "body": "The deal is a trap https://news.example/x #Harbour",
        # 4CAT's timestamp is in its server's zone (here an hour off): never read.
        "timestamp": "2023-06-05 09:05:00",
        "unix_timestamp": "1685952300",
        "urls": "https://news.example/x,https://other.example/y",
        "hashtags": "Harbour",
    },
    {
        "id": "harbournews-46",
        "thread_id": "harbournews-46",
        "chat": "harbournews",
        "author": "1234567890",
        "body": "no username column value, the author id stands in",
        "timestamp": "2023-06-05 09:06:00",
        "unix_timestamp": "1685952360",
    },
    {
        "id": "harbournews-47",
        "chat": "harbournews",
        "author": "1234567890",
        "body": "a row whose unix_timestamp is gone",
        "timestamp": "2023-06-05 09:07:00",
    },
]


def test_4cat_rows_take_unix_timestamp_never_timestamp() -> None:
    items = list(fourcat.read_4cat(io.StringIO(csv_text(FOURCAT_TELEGRAM, FOURCAT_ROWS))))
    assert [(n, reason) for n, _, _, reason in items] == [
        (2, ""),
        (3, ""),
        (4, "item harbournews-47 has no unix_timestamp"),
    ]
    first, second = (record for _, _, record, _ in items[:2])
    assert first == {
        "platform": "telegram",  # told by the chat column
        "post_id": "harbournews-45",
        "author_handle": "harbournews",
        "author_id": None,
        "posted_at": "2023-06-05T08:05:00Z",
        "text": "The deal is a trap https://news.example/x #Harbour",
        "lang": None,
        "urls": ["https://news.example/x", "https://other.example/y"],
        "hashtags": ["Harbour"],
    }
    assert second["author_handle"] == "1234567890"
    assert (second["urls"], second["hashtags"]) == ([], [])


def test_4cat_finds_links_and_tags_in_the_body_and_the_platform_in_the_url() -> None:
    columns = ["id", "thread_id", "timestamp", "unix_timestamp", "author", "body", "url"]
    rows = [
        {
            "id": "1665500000000000001",
            "thread_id": "1665500000000000001",
            "unix_timestamp": "1685923269",
            "author": "daily_truth",
            "body": "Read https://news.example/a. #Harbour #Deal",
            "url": "https://twitter.com/daily_truth/status/1665500000000000001",
        },
        {"id": "2", "thread_id": "2", "unix_timestamp": "1685923269", "author": "a", "body": "x"},
    ]
    items = list(fourcat.read_4cat(io.StringIO(csv_text(columns, rows))))
    record = items[0][2]
    assert record is not None
    assert record["platform"] == "x"
    assert record["urls"] == ["https://news.example/a"]
    assert record["hashtags"] == ["Harbour", "Deal"]
    assert items[1][2] is None
    assert items[1][3].startswith("cannot tell the platform: this export has no platform")


def test_a_4cat_export_without_unix_timestamp_is_refused_once(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "telegram-export.csv"
    good.write_text(csv_text(FOURCAT_TELEGRAM, FOURCAT_ROWS))
    report = ingest_file(store, good)
    assert (report.format, report.loaded, report.rejected) == ("4cat", 2, 1)
    old = tmp_path / "old-export.csv"
    old.write_text(
        csv_text(
            ["id", "thread_id", "timestamp", "author", "body"],
            [{"id": str(n), "timestamp": "2023-06-05 09:05:00", "author": "a"} for n in range(9)],
        )
    )
    with pytest.raises(IngestError) as refused:
        ingest_file(store, old, fmt=by_name("4cat"))
    assert str(refused.value) == (
        f"{old}: not a 4CAT export: missing column unix_timestamp (the header has id, "
        "thread_id, timestamp, author, body); nothing read"
    )


CROWDTANGLE_FACEBOOK = [
    "Page Name", "User Name", "Facebook Id", "Page Category", "Page Admin Top Country",
    "Page Description", "Page Created", "Likes at Posting", "Followers at Posting",
    "Post Created", "Post Created Date", "Post Created Time", "Type", "Total Interactions",
    "Likes", "Comments", "Shares", "Love", "Wow", "Haha", "Sad", "Angry", "Care",
    "Video Share Status", "Is Video Owner?", "Post Views", "Total Views",
    "Total Views For All Crossposts", "Video Length", "URL", "Message", "Link", "Final Link",
    "Image Text", "Link Text", "Description", "Sponsor Id", "Sponsor Name", "Sponsor Category",
    "Overperforming Score (weighted  —  Likes 1x Shares 1x Comments 1x Love 1x Wow 1x Haha 1x Sad 1x Angry 1x Care 1x )",
]  # fmt: skip
CROWDTANGLE_INSTAGRAM = [
    "Account", "User Name", "Followers at Posting", "Post Created", "Post Created Date",
    "Post Created Time", "Type", "Total Interactions", "Likes", "Comments", "Views", "URL",
    "Link", "Photo", "Title", "Description", "Image Text", "Sponsor Id", "Sponsor Name",
    "Overperforming Score",
]  # fmt: skip


def test_crowdtangle_rows_take_ids_from_post_links_and_times_with_their_zone() -> None:
    rows = [
        {
            "Page Name": "Harbour News",
            "User Name": "harbournews",
            "Facebook Id": "104511111111111",
            "Page Created": "2019-11-05 10:00:00",
            "Post Created": "2023-06-05 04:01:09 EDT",
            "Type": "Link",
            "URL": "https://www.facebook.com/harbournews/posts/10158000000000001",
            "Message": "The deal is a trap #Harbour",
            "Link": "https://bit.ly/3harbour",
            "Final Link": "https://news.example/harbour-deal?utm_source=fb",
        },
        {
            "Page Name": "A page without a user name",
            "Facebook Id": "104522222222222",
            "Post Created": "2023-06-05 09:01:09 CET",
            "URL": "https://www.facebook.com/104522222222222/posts/555",
        },
    ]
    items = list(crowdtangle.read_crowdtangle(io.StringIO(csv_text(CROWDTANGLE_FACEBOOK, rows))))
    record = items[0][2]
    assert record == {
        "platform": "facebook",
        "post_id": "10158000000000001",
        "author_handle": "harbournews",
        "author_id": "104511111111111",
        "author_created_at": "2019-11-05T10:00:00Z",
        "posted_at": "2023-06-05T08:01:09Z",
        "text": "The deal is a trap #Harbour",
        "urls": ["https://news.example/harbour-deal?utm_source=fb"],
        "hashtags": ["Harbour"],
    }
    assert items[1][2] is None
    assert items[1][3].startswith("Post Created has a time zone this reader does not know: 'CET'")


def test_crowdtangle_instagram_loads_with_captions(store: Store, tmp_path: Path) -> None:
    rows = [
        {
            "Account": "Harbour News",
            "User Name": "harbour.news",
            "Post Created": "2023-06-05 01:01:09 PDT",
            "Type": "Photo",
            "URL": "https://www.instagram.com/p/CtAbC12xyz/",
            "Link": "https://www.instagram.com/p/CtAbC12xyz/",
            "Description": "Caption with a tag #Harbour and https://news.example/ig",
        }
    ]
    path = tmp_path / "2023-06-05-instagram.csv"
    path.write_text(csv_text(CROWDTANGLE_INSTAGRAM, rows))
    report = ingest_file(store, path)
    assert (report.format, report.loaded, report.rejected) == ("crowdtangle", 1, 0)
    with store.session() as session:
        post = session.scalars(select(Post)).one()
        assert (post.platform, post.post_id, post.posted_ts) == (
            "instagram",
            "CtAbC12xyz",
            1685952069,
        )
        assert session.scalars(select(Account.handle)).all() == ["harbour.news"]
        assert sorted(session.scalars(select(PostUrl.url)).all()) == [
            "https://instagram.com/p/CtAbC12xyz",
            "https://news.example/ig",
        ]
