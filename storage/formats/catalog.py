"""Every input format `cibwatch ingest` reads, in the order detection tries them.

Specific shapes come first, the project's own record format last but one:
a file of another shape that merely has a `post_id` column is still read by
its own reader.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import chain

from storage.formats import (
    bluesky,
    crowdtangle,
    fourcat,
    mastodon,
    telegram,
    twarc,
    twitter_io,
    youtube,
)
from storage.formats.common import Item
from storage.formats.registry import Format, Head, UnknownFormatError, describe, detect
from storage.records import REQUIRED, check_record_header, read_csv, read_jsonl


def _read_records(lines: Iterable[str]) -> Iterator[Item]:
    """The record format: JSONL, or CSV when the first line is not a JSON value."""
    lines = iter(lines)
    skipped: list[str] = []
    first = ""
    for line in lines:
        skipped.append(line)
        first = line.strip().lstrip("\ufeff")
        if first:
            break
    rest = chain(skipped, lines)
    if first[:1] in ("{", "[") or not _is_csv_header(first):
        return read_jsonl(rest)
    return read_csv(rest, check_header=check_record_header)


def _is_csv_header(line: str) -> bool:
    try:
        return len(next(csv.reader(io.StringIO(line)))) >= 2
    except (csv.Error, StopIteration):
        return False


def _is_records(head: Head) -> bool:
    """At least two of the record format's required fields (the rest are then reported missing)."""
    if head.columns is not None:
        return sum(name in head.columns for name in REQUIRED) >= 2
    return sum(head.has(name) for name in REQUIRED) >= 2


RECORDS = Format(
    name="records",
    title="cibwatch post records (JSONL, or CSV with the same columns)",
    detect=_is_records,
    read=_read_records,
)

FORMATS: tuple[Format, ...] = (
    Format(
        name="twitter-io",
        title="X/Twitter information-operations archive, tweets CSV",
        detect=lambda head: head.columns is not None and twitter_io.is_archive_header(head.columns),
        read=twitter_io.read_items,
    ),
    Format(
        name="twitter-io-users",
        title="X/Twitter information-operations archive, users CSV (accounts)",
        detect=lambda head: head.columns is not None and twitter_io.is_users_header(head.columns),
        read=twitter_io.read_user_items,
        kind="accounts",
    ),
    Format(
        name="twarc2",
        title="twarc2 JSONL (API pages with includes, or twarc2 flatten output)",
        detect=twarc.is_twarc2,
        read=twarc.read_twarc2,
    ),
    Format(
        name="twarc-csv",
        title="twarc-csv CSV (twarc2 csv)",
        detect=twarc.is_twarc_csv,
        read=twarc.read_twarc_csv,
    ),
    Format(
        name="tweet-v1",
        title="X/Twitter API v1.1 tweets, JSONL",
        detect=twarc.is_v1_tweet,
        read=twarc.read_v1,
    ),
    Format(
        name="telegram-desktop",
        title="Telegram Desktop export (result.json), streamed",
        detect=telegram.is_desktop_export,
        read=telegram.read_desktop_export,
    ),
    Format(
        name="telethon",
        title="Telethon messages (Message.to_dict()), JSONL",
        detect=telegram.is_telethon,
        read=telegram.read_telethon,
    ),
    Format(
        name="4cat",
        title="4CAT CSV export",
        detect=fourcat.is_4cat,
        read=fourcat.read_4cat,
    ),
    Format(
        name="crowdtangle",
        title="CrowdTangle historical CSV (Facebook, Instagram)",
        detect=crowdtangle.is_crowdtangle,
        read=crowdtangle.read_crowdtangle,
    ),
    Format(
        name="youtube-comments",
        title="YouTube Data API commentThreads (responses or threads, JSON)",
        detect=youtube.is_comment_threads,
        read=youtube.read_comment_threads,
    ),
    Format(
        name="bluesky-jetstream",
        title="Bluesky Jetstream events, JSONL",
        detect=bluesky.is_jetstream,
        read=bluesky.read_jetstream,
    ),
    Format(
        name="mastodon",
        title="Mastodon statuses (a JSON list, or JSONL)",
        detect=mastodon.is_mastodon,
        read=mastodon.read_statuses,
    ),
    RECORDS,
)


def names() -> list[str]:
    """The --format names, in detection order."""
    return [fmt.name for fmt in FORMATS]


def by_name(name: str) -> Format:
    """The format called `name`; `UnknownFormatError` naming the known ones otherwise."""
    for fmt in FORMATS:
        if fmt.name == name.strip().lower():
            return fmt
    raise UnknownFormatError(f"unknown format {name[:40]!r}: use one of {', '.join(names())}")


def detect_format(head: Head) -> Format:
    """The format of a file from its head.

    A file no reader recognises is read in the record format when it may be
    records as JSON lines (an empty file, or JSON lines whose first object
    cannot be read), and refused once otherwise, saying what was seen.
    """
    found = detect(head, FORMATS)
    if found is not None:
        return found
    looks_json = any(line.lstrip("\ufeff \t")[:1] in ("{", "[") for line in head.lines)
    empty = not any(line.strip() for line in head.lines)
    unknown_json = head.keys and not any(head.has(n) for n in REQUIRED)
    if head.columns is None and (looks_json or empty) and not unknown_json:
        return RECORDS
    raise UnknownFormatError(
        f"cannot tell the format from {describe(head)}; name it with --format "
        f"({', '.join(names())}), or map a CSV's columns with --map"
    )
