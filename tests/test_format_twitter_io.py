"""The X/Twitter information-operations archive reader, on a small file in the published shape."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from factories import write_jsonl
from sqlalchemy import select

from detection.features import generated_handles
from storage.db import Store
from storage.formats import twitter_io
from storage.ingest import ingest_file
from storage.links import TargetError, parse_target
from storage.models import Account, Post, PostHashtag, PostUrl
from storage.records import InputFileError, check_items

COLUMNS = [
    "tweetid", "userid", "user_display_name", "user_screen_name", "user_reported_location",
    "user_profile_description", "user_profile_url", "follower_count", "following_count",
    "account_creation_date", "account_language", "tweet_language", "tweet_text", "tweet_time",
    "tweet_client_name", "in_reply_to_userid", "in_reply_to_tweetid", "quoted_tweet_tweetid",
    "is_retweet", "retweet_userid", "retweet_tweetid", "latitude", "longitude", "quote_count",
    "reply_count", "like_count", "retweet_count", "hashtags", "urls", "user_mentions",
]  # fmt: skip
HASHED = "tGpRofwHLXI5iuye+ZDKVW8yVCic9mkRLxTwiBbEOrU="
OTHER = "q/7Zr0mWm1ZxkP+0uYbL3pXnQyG2lW6Vb0Jc1mFz9sE="


def row(tweetid: str, userid: str = HASHED, **cells: str) -> list[str]:
    """One tweets-CSV row as the archives print it: hashed names, zone-less minute times."""
    values = {
        "tweetid": tweetid,
        "userid": userid,
        "user_display_name": userid,
        "user_screen_name": userid,
        "follower_count": "0",
        "following_count": "3",
        "account_creation_date": "2019-11-05",
        "account_language": "en",
        "tweet_language": "th",
        "tweet_time": "2020-03-01 08:15",
        "tweet_client_name": "Twitter Web App",
        "is_retweet": "false",
        "latitude": "absent",
        "longitude": "absent",
        "quote_count": "0",
        "reply_count": "0",
        "like_count": "0",
        "retweet_count": "0",
        "hashtags": "[]",
        "urls": "[]",
        "user_mentions": "[]",
    }
    values.update(cells)
    return [values.get(c, "") for c in COLUMNS]


def archive(*rows: list[str], columns: list[str] = COLUMNS) -> io.StringIO:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    writer.writerows(rows)
    out.seek(0)
    return out


SAMPLE = (
    row(
        "1234029531484917761",
        tweet_text="กองทัพบกเพื่อประชาชน https://t.co/abc",
        hashtags="['กองทัพบกห่วงใยประชาชน', 'รักทหารไทย']",
        urls="['https://www.thansettakij.com/content/politics/414883#.XdN7lAosc28.twitter']",
    ),
    row(
        "1234029572492627969",
        userid=OTHER,
        tweet_text="RT @someone: กองทัพบกเพื่อประชาชน",
        is_retweet="true",
        retweet_userid="2381868864",
        retweet_tweetid="1234029531484917761",
    ),
    row(
        "1234029619066179585",
        userid="33123699",
        user_screen_name="NewsDesk",
        tweet_time="2020-03-01 08:16",
        tweet_text="line one\nline two",
        in_reply_to_userid=HASHED,
        in_reply_to_tweetid="1234029531484917761",
        quoted_tweet_tweetid="1234029572492627969",
        is_retweet="False",
        retweet_tweetid="999",
        account_creation_date="2009-06-01 13:45",
    ),
)


def test_rows_map_to_records_with_second_resolution_times_and_string_ids() -> None:
    items = list(twitter_io.read_items(archive(*SAMPLE)))
    assert [reason for *_, reason in items] == ["", "", ""]
    first, retweet, reply = (record for _, _, record, _ in items)
    assert first == {
        "platform": "x",
        "post_id": "1234029531484917761",
        "author_handle": HASHED,
        "author_id": HASHED,
        "author_created_at": "2019-11-05T00:00:00Z",
        "posted_at": "2020-03-01T08:15:42Z",  # from the id; the archive says only 08:15
        "text": "กองทัพบกเพื่อประชาชน https://t.co/abc",
        "lang": "th",
        "reply_to_post_id": None,
        "repost_of_post_id": None,
        "quoted_post_id": None,
        "urls": ["https://www.thansettakij.com/content/politics/414883#.XdN7lAosc28.twitter"],
        "hashtags": ["กองทัพบกห่วงใยประชาชน", "รักทหารไทย"],
    }
    assert retweet["posted_at"] == "2020-03-01T08:15:51Z"
    assert retweet["repost_of_post_id"] == "1234029531484917761"
    assert retweet["author_handle"] == OTHER
    assert reply["posted_at"] == "2020-03-01T08:16:03Z"
    assert reply["author_handle"] == "NewsDesk"
    assert reply["author_id"] == "33123699"
    assert reply["author_created_at"] == "2009-06-01T13:45:00Z"
    assert reply["text"] == "line one\nline two"
    assert reply["reply_to_post_id"] == "1234029531484917761"
    assert reply["quoted_post_id"] == "1234029572492627969"
    assert reply["repost_of_post_id"] is None  # is_retweet False: retweet_tweetid is ignored
    # Line numbers are the file's, a row's first line: the third row spans lines 4 and 5.
    assert [number for number, *_ in items] == [2, 3, 4]


def test_ids_from_before_snowflakes_take_the_archive_time_as_utc() -> None:
    ((_, _, record, reason),) = twitter_io.read_items(
        archive(row("20512345678", tweet_time="2010-08-01 22:05"))
    )
    assert reason == ""
    assert record is not None
    assert record["post_id"] == "20512345678"
    assert record["posted_at"] == "2010-08-01T22:05:00Z"


def test_list_columns_are_read_as_literals_and_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "evaluated"
    hostile = f"[__import__('pathlib').Path({str(marker)!r}).touch()]"
    items = list(
        twitter_io.read_items(
            archive(
                row("1234029531484917761", hashtags=hostile),
                row(
                    "1234029572492627969", urls='["https://example.org/a", "https://example.org/b"]'
                ),
                row("1234029619066179585", hashtags="{'a': 1}"),
            )
        )
    )
    assert not marker.exists()
    assert items[0][2] is None and items[0][3].startswith("hashtags is not a list")
    assert items[1][2] is not None
    assert items[1][2]["urls"] == ["https://example.org/a", "https://example.org/b"]
    assert items[2][2] is None and items[2][3].startswith("hashtags is not a list")


def test_bad_rows_come_back_with_line_and_reason_and_good_rows_still_load() -> None:
    short = row("1234029531484917761")[:-2]
    items = list(
        twitter_io.read_items(
            archive(
                short,
                row("1234029572492627969", is_retweet="maybe"),
                row("77", tweet_time="yesterday"),
                row("1234029619066179585"),
            )
        )
    )
    reasons = [(number, reason) for number, _, _, reason in items]
    assert reasons == [
        (2, f"expected {len(COLUMNS)} columns, found {len(COLUMNS) - 2}"),
        (3, "is_retweet is not true or false: 'maybe'"),
        (4, "tweet_time is not a date or time: 'yesterday'"),
        (5, ""),
    ]
    good, bad = check_items(items)
    assert [r.post_id for r in good] == ["1234029619066179585"]
    assert [r.line for r in bad] == [2, 3, 4]
    with pytest.raises(twitter_io.ArchiveRowError, match="line 2: expected"):
        list(twitter_io.read_records(archive(short)))


def test_a_file_of_another_shape_is_refused_once_with_the_missing_columns() -> None:
    with pytest.raises(InputFileError) as refused:
        list(twitter_io.read_items(archive(["1", "a"], columns=["post_id", "author_handle"])))
    assert str(refused.value) == (
        "not an information-operations tweets file: missing columns tweet_time, tweetid, userid "
        "(the header has post_id, author_handle)"
    )
    assert twitter_io.is_archive_header(["\ufefftweetid", "userid", "tweet_time"])


def test_converted_archive_ingests_with_hashed_handles_reposts_and_replies(
    sqlite_store: Store, tmp_path: Path
) -> None:
    records = list(twitter_io.read_records(archive(*SAMPLE)))
    report = ingest_file(sqlite_store, write_jsonl(tmp_path / "io.jsonl", records))
    assert (report.loaded, report.rejected) == (3, 0)
    with sqlite_store.session() as session:
        handles = sorted(session.scalars(select(Account.handle)).all())
        assert handles == sorted([HASHED, OTHER, "NewsDesk"])
        posts = {p.post_id: p for p in session.scalars(select(Post)).all()}
        assert posts["1234029572492627969"].repost_of_post_id == "1234029531484917761"
        assert posts["1234029619066179585"].reply_to_post_id == "1234029531484917761"
        assert posts["1234029531484917761"].posted_ts == 1583050542  # 2020-03-01T08:15:42Z
        assert session.scalars(select(PostUrl.url)).all() == [
            "https://thansettakij.com/content/politics/414883"
        ]
        assert len(session.scalars(select(PostHashtag.tag)).all()) == 2


USER_COLUMNS = [
    "userid", "user_display_name", "user_screen_name", "user_reported_location",
    "user_profile_description", "user_profile_url", "follower_count", "following_count",
    "account_creation_date", "account_language",
]  # fmt: skip


def users_file(path: Path, *rows: tuple[str, str, str]) -> Path:
    """A users CSV as the archives print it: (userid, user_screen_name, account_creation_date)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(USER_COLUMNS)
    for userid, screen_name, created in rows:
        writer.writerow([userid, userid, screen_name, "", "", "", "0", "3", created, "en"])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_the_tweets_csv_is_told_from_its_header_and_keeps_quotes(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "th_092020_tweets_csv_hashed.csv"
    path.write_text(archive(*SAMPLE).getvalue(), encoding="utf-8")
    report = ingest_file(store, path)
    assert (report.format, report.loaded, report.rejected) == ("twitter-io", 3, 0)
    with store.session() as session:
        quoted = session.scalars(
            select(Post.quoted_post_id).where(Post.post_id == "1234029619066179585")
        ).one()
        assert quoted == "1234029572492627969"
    assert ingest_file(store, path).already_present == 3  # idempotent, quote included


def test_the_users_csv_fills_accounts_and_adds_those_without_tweets(
    store: Store, tmp_path: Path
) -> None:
    tweets = tmp_path / "tweets.csv"
    tweets.write_text(
        archive(row("1234029531484917761", account_creation_date="")).getvalue(), encoding="utf-8"
    )
    assert ingest_file(store, tweets).loaded == 1
    users = users_file(
        tmp_path / "users.csv",
        (HASHED, HASHED, "2019-11-05"),
        (OTHER, OTHER, "2019-11-06"),
        ("33123699", "", "2009-06-01"),  # no screen name: the id stands in
        ("44", "bad handle", "2019-11-07"),
    )
    report = ingest_file(store, users)
    assert (report.format, report.kind) == ("twitter-io-users", "accounts")
    assert (report.loaded, report.already_present, report.rejected) == (3, 0, 1)
    assert report.rejects[0].line == 5
    assert report.rejects[0].reason == "author_handle is not a handle: 'bad handle'"
    with store.session() as session:
        accounts = {a.handle: a for a in session.scalars(select(Account)).all()}
    assert accounts[HASHED].created_ts == 1572912000  # 2019-11-05, filled in
    assert accounts[HASHED].post_count == 1
    assert (accounts[OTHER].post_count, accounts[OTHER].created_ts) == (0, 1572998400)
    assert accounts["33123699"].author_id == "33123699"
    again = ingest_file(store, users)
    assert (again.loaded, again.already_present) == (0, 3)


def test_a_hashed_handle_is_checkable_as_typed() -> None:
    target = parse_target(f"x:@{HASHED}")
    assert (target.kind, target.platform, target.handle) == ("account", "x", HASHED.lower())
    assert parse_target(f"@{OTHER}").handle == OTHER.lower()
    with pytest.raises(TargetError):
        parse_target("x:@not/a+hash")  # "+" and "/" only in a hash's shape


def test_hashed_handles_do_not_look_generated() -> None:
    hashes = [
        HASHED,
        OTHER,
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456=",
        "janedoezzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz1234=",
    ]
    assert generated_handles(hashes) == 0
    assert generated_handles(["janedoe1234", *hashes]) == 1  # the feature itself still fires
