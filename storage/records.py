"""Reading and validating post records (JSONL, CSV, gzip): the record format in the README's Data section.

Every line either becomes a `PostRecord` or a `Rejected` with its line number
and a reason a person can act on; nothing is dropped silently.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import orjson

from storage import urls
from storage.textnorm import fingerprint

# Popular links and the few platform names repeat across millions of records.
canonical_url = lru_cache(maxsize=200_000)(urls.canonical_url)


REQUIRED = ("platform", "post_id", "author_handle", "posted_at")
OPTIONAL_STR = ("author_id", "text", "lang", "reply_to_post_id", "repost_of_post_id")
MAX_TEXT_CHARS = 40_000
MAX_ID_CHARS = 200
MAX_LIST_ITEMS = 200
_PLATFORM_SHAPE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
_HANDLE_SHAPE = re.compile(r"^[^\s<>|]{1,200}$")


@dataclass(slots=True)
class PostRecord:
    """A validated post record, normalised for the store."""

    platform: str
    post_id: str
    handle: str
    posted_ts: int
    author_id: str | None
    author_created_ts: int | None
    text: str | None
    lang: str | None
    reply_to_post_id: str | None
    repost_of_post_id: str | None
    urls: list[str]
    hashtags: list[str]
    text_fp: str | None = None


@dataclass(slots=True)
class Rejected:
    """A line that could not be loaded, and why."""

    line: int
    reason: str
    raw: str


class RecordError(ValueError):
    """Why one record is invalid; the message is shown to the user."""


def open_text(path: Path) -> tuple[IO[str], IO[bytes]]:
    """Open `path` (optionally .gz) as text; also return the raw byte stream for progress."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8", newline=""), raw
    return io.TextIOWrapper(raw, encoding="utf-8", newline=""), raw


def file_format(path: Path) -> str:
    """'csv' or 'jsonl', from the file name (a .gz suffix is looked through)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".csv"):
        return "csv"
    return "jsonl"


def read_raw(path: Path, text: IO[str]) -> Iterator[tuple[int, str, dict[str, Any] | None, str]]:
    """Yield (line number, raw text, parsed object or None, parse error) for each record."""
    if file_format(path) == "csv":
        yield from _read_csv(text)
        return
    for number, line in enumerate(text, start=1):
        yield from _parse_lines(number, [line])


def _read_csv(text: IO[str]) -> Iterator[tuple[int, str, dict[str, Any] | None, str]]:
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, "", None, f"unreadable CSV header ({exc})"
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, "", None, f"unreadable CSV row ({exc})"
            continue
        number = reader.line_num
        raw = ",".join(row)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield number, raw, None, f"expected {len(header)} columns, found {len(row)}"
            continue
        obj: dict[str, Any] = {}
        error = ""
        for key, cell in zip(header, row, strict=True):
            if cell == "":
                obj[key] = None
            elif key in ("urls", "hashtags"):
                try:
                    obj[key] = orjson.loads(cell)
                except orjson.JSONDecodeError:
                    error = f"{key} must be a JSON-encoded list"
            else:
                obj[key] = cell
        yield number, raw, (None if error else obj), error


def parse_time(value: Any, field: str) -> int:
    """Epoch seconds of an ISO-8601 timestamp that carries a zone."""
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{field} must be an ISO-8601 timestamp string")
    try:
        # Python 3.11 reads "Z" and most ISO-8601 forms directly, but not "z".
        text = value.strip()
        moment = datetime.fromisoformat(text[:-1] + "Z" if text[-1] == "z" else text)
    except ValueError:
        raise RecordError(f"{field} is not an ISO-8601 timestamp: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise RecordError(f"{field} has no time zone (add Z or +hh:mm): {value[:40]!r}")
    return int(moment.timestamp())


def _as_id(value: Any, field: str, required: bool) -> str | None:
    if type(value) is str and 0 < len(value) <= MAX_ID_CHARS and not value[0].isspace() and not value[-1].isspace():
        return value  # the common case, checked cheaply
    if value is None or value == "":
        if required:
            raise RecordError(f"missing required field {field}")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(f"{field} must be a string")
    text = str(value).strip()
    if len(text) > MAX_ID_CHARS:
        raise RecordError(f"{field} is longer than {MAX_ID_CHARS} characters")
    if not text and required:
        raise RecordError(f"missing required field {field}")
    return text or None


def _as_list(value: Any, field: str) -> list[str]:
    if value is None or value == []:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f"{field} must be a list of strings")
    if len(value) > MAX_LIST_ITEMS:
        raise RecordError(f"{field} has more than {MAX_LIST_ITEMS} items")
    return value


def validate(obj: dict[str, Any]) -> PostRecord:
    """Check one parsed record against the contract and normalise it."""
    for name in REQUIRED:
        if obj.get(name) in (None, ""):
            raise RecordError(f"missing required field {name}")
    raw_platform = obj["platform"]
    if not isinstance(raw_platform, str):
        raise RecordError("platform must be a string")
    # Kept as the data names it (lower-cased): the sweep CSV must answer in the
    # data's own words; look-ups accept aliases (links.platform_names).
    platform = raw_platform.strip().lower()
    if not _PLATFORM_SHAPE.match(platform):
        raise RecordError(f"platform is not a platform name: {raw_platform[:40]!r}")
    post_id = _as_id(obj["post_id"], "post_id", True)
    raw_handle = obj["author_handle"]
    if not isinstance(raw_handle, str):
        raise RecordError("author_handle must be a string")
    # Case is kept: (platform, author_handle) is the account's identity as given.
    handle = raw_handle.strip().removeprefix("@")
    if not _HANDLE_SHAPE.match(handle):
        raise RecordError(f"author_handle is not a handle: {raw_handle[:40]!r}")
    posted_ts = parse_time(obj["posted_at"], "posted_at")
    created = obj.get("author_created_at")
    created_ts = parse_time(created, "author_created_at") if created not in (None, "") else None
    text = obj.get("text")
    if text is not None and not isinstance(text, str):
        raise RecordError("text must be a string")
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise RecordError(f"text is longer than {MAX_TEXT_CHARS} characters ({len(text)})")
    lang = obj.get("lang")
    if lang is not None and (not isinstance(lang, str) or len(lang) > 16):
        raise RecordError("lang must be a short language code")
    urls: list[str] = []
    for url in _as_list(obj.get("urls"), "urls"):
        canonical = canonical_url(url)
        if canonical and len(canonical) <= 2048 and canonical not in urls:
            urls.append(canonical)
    tags: list[str] = []
    for tag in _as_list(obj.get("hashtags"), "hashtags"):
        clean = tag.strip().lstrip("#").casefold()[:200]
        if clean and clean not in tags:
            tags.append(clean)
    assert post_id is not None
    return PostRecord(
        platform=platform,
        post_id=post_id,
        handle=handle,
        posted_ts=posted_ts,
        author_id=_as_id(obj.get("author_id"), "author_id", False),
        author_created_ts=created_ts,
        text=text or None,
        lang=lang or None,
        reply_to_post_id=_as_id(obj.get("reply_to_post_id"), "reply_to_post_id", False),
        repost_of_post_id=_as_id(obj.get("repost_of_post_id"), "repost_of_post_id", False),
        urls=urls,
        hashtags=tags,
        text_fp=fingerprint(text) if text else None,
    )


def check_items(
    items: list[tuple[int, str, dict[str, Any] | None, str]],
) -> tuple[list[PostRecord], list[Rejected]]:
    """Validate parsed items (line, raw, object or None, parse error)."""
    good: list[PostRecord] = []
    bad: list[Rejected] = []
    for number, raw, obj, error in items:
        if obj is not None:
            try:
                good.append(validate(obj))
                continue
            except RecordError as exc:
                error = str(exc)
        bad.append(Rejected(line=number, reason=error, raw=raw))
    return good, bad


def check_lines(first_line: int, lines: list[str]) -> tuple[list[PostRecord], list[Rejected]]:
    """Parse and validate consecutive JSONL lines starting at line `first_line`."""
    return check_items(list(_parse_lines(first_line, lines)))


def _parse_lines(
    first_line: int, lines: list[str]
) -> Iterator[tuple[int, str, dict[str, Any] | None, str]]:
    for number, line in enumerate(lines, start=first_line):
        stripped = line.strip()
        if not stripped:
            continue
        try:
            obj = orjson.loads(stripped)
        except orjson.JSONDecodeError as exc:
            yield number, stripped, None, f"invalid JSON ({exc.msg})"
            continue
        if not isinstance(obj, dict):
            yield number, stripped, None, "a record must be a JSON object"
            continue
        yield number, stripped, obj, ""
