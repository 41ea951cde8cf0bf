"""Reading and validating post records (JSONL, CSV, gzip): the record format in the README's Data section.

Every line either becomes a `PostRecord` or a `Rejected` with its line number
and a reason a person can act on; nothing is dropped silently. A line that is
not valid UTF-8, a CSV row whose quote is never closed, a time outside
`EARLIEST_TS`..now + `FUTURE_SLACK_S`, or a NUL in an identifier rejects that
record only; the next one is read as if nothing happened.
"""

from __future__ import annotations

import csv
import gzip
import re
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import IO, Any, TypeVar

import orjson

from storage import urls
from storage.textnorm import fingerprint

# Popular links and the few platform names repeat across millions of records.
canonical_url = lru_cache(maxsize=200_000)(urls.canonical_url)


REQUIRED = ("platform", "post_id", "author_handle", "posted_at")
OPTIONAL_STR = (
    "author_id",
    "text",
    "lang",
    "reply_to_post_id",
    "repost_of_post_id",
    "quoted_post_id",
)
MAX_TEXT_CHARS = 40_000
MAX_ID_CHARS = 200
MAX_LIST_ITEMS = 200
_PLATFORM_SHAPE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
_HANDLE_SHAPE = re.compile(r"^[^\s<>|]{1,200}$")
#: The earliest time a post or an account may carry: 1990-01-01, before the web.
#: Anything older is a placeholder (Go's zero time 0001-01-01, the Unix epoch
#: 1970-01-01), and years near 1 or 9999 break local-time arithmetic later.
EARLIEST_TS = int(datetime(1990, 1, 1, tzinfo=UTC).timestamp())
#: How far past the ingesting machine's clock a time may lie (clocks and zones disagree).
FUTURE_SLACK_S = 86_400
#: Bytes that did not decode as UTF-8 are read as these lone surrogates (errors="surrogateescape").
_UNDECODED = re.compile("[\udc80-\udcff]")
NUL = "\x00"


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
    line: int = 0  # where in its file it was read
    quoted_post_id: str | None = None

    def __reduce__(self) -> tuple[type[PostRecord], tuple[object, ...]]:
        # Validating workers send records back pickled: as a plain tuple they
        # pickle and load 3-4x faster than through the slots' default state.
        return (
            PostRecord,
            (
                self.platform,
                self.post_id,
                self.handle,
                self.posted_ts,
                self.author_id,
                self.author_created_ts,
                self.text,
                self.lang,
                self.reply_to_post_id,
                self.repost_of_post_id,
                self.urls,
                self.hashtags,
                self.text_fp,
                self.line,
                self.quoted_post_id,
            ),
        )


@dataclass(slots=True)
class Rejected:
    """A line that could not be loaded, and why."""

    line: int
    reason: str
    raw: str


class RecordError(ValueError):
    """Why one record is invalid; the message is shown to the user."""


class InputFileError(Exception):
    """A whole file cannot be read as records (say, a .gz that is not gzip); user-facing."""


class InputLines:
    """The text lines of an input file, for one pass.

    Bytes that are not UTF-8 come through as lone surrogates, so the record that
    holds them is rejected alone (`undecodable`) instead of the whole file. A
    UTF-8 byte order mark before the first line is dropped. A damaged or
    truncated .gz ends the lines early; `failure` then says what happened.
    """

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._first = True
        self.failure: str | None = None

    def __iter__(self) -> InputLines:
        return self

    def __next__(self) -> str:
        if self.failure is not None:
            raise StopIteration
        try:
            line = next(self._text)
        except EOFError:
            self.failure = "truncated"
            raise StopIteration from None
        except (gzip.BadGzipFile, zlib.error) as exc:
            self.failure = f"damaged ({exc})"
            raise StopIteration from None
        if self._first:
            self._first = False
            line = line.removeprefix("\ufeff")
        return line

    def close(self) -> None:
        """Close the file underneath."""
        self._text.close()


def undecodable(text: str) -> str | None:
    """Why `text` (read with errors="surrogateescape") is not valid UTF-8, or None if it is."""
    bad = _UNDECODED.search(text)
    if bad is None:
        return None
    byte = ord(bad.group()) - 0xDC00
    return f"not valid UTF-8 (byte 0x{byte:02x} at character {bad.start() + 1})"


def printable(text: str) -> str:
    """`text` with undecodable bytes shown as \\xNN, so it can be written out as UTF-8."""
    if _UNDECODED.search(text) is None:
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, str, dict[str, Any] | None, str]]:
    """(line number, raw text, parsed object or None, parse error) for each JSON line."""
    for number, line in enumerate(lines, start=1):
        yield from _parse_lines(number, [line])


def check_record_header(header: list[str]) -> None:
    """Refuse, once for the whole file, a CSV header that lacks a required column."""
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputFileError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(the header has {shown_columns(header)}); name the format with --format, "
            "or the columns with --map"
        )


def shown_columns(header: list[str], limit: int = 12) -> str:
    """A header's column names for a message, cut after `limit`."""
    if not any(header):
        return "no column names"
    names = ", ".join(h[:40] for h in header[:limit])
    return names + (f" and {len(header) - limit} more" if len(header) > limit else "")


class _RowLines:
    """Numbered lines for `csv.reader`, remembering those of the row being read.

    When a row turns out broken, `retry_after_first` puts back all its lines but
    the first, to be read again as rows of their own: a quote that is never
    closed then costs its own line, not every row after it.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._again: deque[tuple[int, str]] = deque()
        self._count = 0
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _RowLines:
        return self

    def __next__(self) -> str:
        if self._again:
            item = self._again.popleft()
        else:
            line = next(self._lines)
            self._count += 1
            item = (self._count, line)
        self.taken.append(item)
        return item[1]

    def retry_after_first(self) -> None:
        """Read the lines of the current row again, except its first."""
        self._again.extendleft(reversed(self.taken[1:]))


def read_csv(
    lines: Iterable[str],
    *,
    json_lists: tuple[str, ...] = ("urls", "hashtags"),
    check_header: Callable[[list[str]], None] | None = None,
) -> Iterator[tuple[int, str, dict[str, Any] | None, str]]:
    """(line number, raw row, column -> cell or None, parse error) for each CSV row.

    Empty cells are None; cells of the `json_lists` columns are decoded from
    JSON. `check_header` sees the column names first and may refuse the whole
    file by raising `InputFileError`. A row over several lines is numbered by
    its first line.
    """
    source = _RowLines(lines)
    # strict: a quote followed by anything but a comma or a line end is an error,
    # which is how a quote left open shows itself a row or two later.
    reader = csv.reader(source, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, "", None, f"unreadable CSV header ({exc})"
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    if check_header is not None:
        check_header(header)
    while True:
        source.taken = []
        try:
            row = next(reader)
            error = ""
        except StopIteration:
            return
        except csv.Error as exc:
            row, error = [], f"unreadable CSV row ({exc})"
        if not source.taken:
            return
        number, first = source.taken[0]
        if len(source.taken) > 1 and (error or len(row) != len(header)):
            # A row over several lines that does not parse: most likely a quote
            # opened on its first line and never closed. Reject that line only.
            why = error or f"expected {len(header)} columns, found {len(row)}"
            yield (
                number,
                printable(first.rstrip("\r\n")),
                None,
                f"{why}: a quote on this line is probably never closed; "
                "the lines after it are read as rows of their own",
            )
            source.retry_after_first()
            reader = csv.reader(source, strict=True)
            continue
        text = first if len(source.taken) == 1 else "".join(line for _, line in source.taken)
        raw = printable(text.rstrip("\r\n"))
        if error:
            yield number, raw, None, error
            reader = csv.reader(source, strict=True)
            continue
        if not any(cell.strip() for cell in row):
            continue
        bad_bytes = undecodable(text)
        if bad_bytes:
            yield number, raw, None, bad_bytes
            continue
        if len(row) != len(header):
            yield number, raw, None, f"expected {len(header)} columns, found {len(row)}"
            continue
        obj: dict[str, Any] = {}
        error = ""
        for key, cell in zip(header, row, strict=True):
            if cell == "":
                obj[key] = None
            elif key in json_lists:
                try:
                    obj[key] = orjson.loads(cell)
                except orjson.JSONDecodeError:
                    error = f"{key} must be a JSON-encoded list"
            else:
                obj[key] = cell
        yield number, raw, (None if error else obj), error


def parse_time(value: Any, field: str) -> int:
    """Epoch seconds of an ISO-8601 timestamp that carries a zone, inside the accepted window.

    The window runs from `EARLIEST_TS` to `FUTURE_SLACK_S` past now.
    """
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
    seconds = int(moment.timestamp())
    if seconds < EARLIEST_TS:
        raise RecordError(f"{field} {text[:40]} is before 1990-01-01, the earliest time accepted")
    latest = int(time.time()) + FUTURE_SLACK_S
    if seconds > latest:
        raise RecordError(
            f"{field} {text[:40]} is after {_iso(latest)}, more than a day ahead of this machine's clock"
        )
    return seconds


def _as_id(value: Any, field: str, required: bool) -> str | None:
    if (
        type(value) is str
        and 0 < len(value) <= MAX_ID_CHARS
        and not value[0].isspace()
        and not value[-1].isspace()
        and NUL not in value
    ):
        return value  # the common case, checked cheaply
    if value is None or value == "":
        if required:
            raise RecordError(f"missing required field {field}")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(f"{field} must be a string")
    text = str(value).strip()
    if NUL in text:
        # Removing it would make another identifier: refuse rather than misattribute.
        raise RecordError(f"{field} contains a NUL character")
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
    platform = _platform(obj["platform"])
    post_id = _as_id(obj["post_id"], "post_id", True)
    handle = _handle(obj["author_handle"])
    posted_ts = parse_time(obj["posted_at"], "posted_at")
    created = obj.get("author_created_at")
    created_ts = parse_time(created, "author_created_at") if created not in (None, "") else None
    text = obj.get("text")
    if text is not None and not isinstance(text, str):
        raise RecordError("text must be a string")
    if text and NUL in text:
        # PostgreSQL cannot store NUL in text, and in free text it carries nothing.
        text = text.replace(NUL, "")
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise RecordError(f"text is longer than {MAX_TEXT_CHARS} characters ({len(text)})")
    lang = obj.get("lang")
    if lang is not None and (not isinstance(lang, str) or len(lang) > 16):
        raise RecordError("lang must be a short language code")
    if lang and NUL in lang:
        raise RecordError("lang contains a NUL character")
    urls: list[str] = []
    for url in _as_list(obj.get("urls"), "urls"):
        canonical = canonical_url(url.replace(NUL, "") if NUL in url else url)
        if canonical and len(canonical) <= 2048 and canonical not in urls:
            urls.append(canonical)
    tags: list[str] = []
    for tag in _as_list(obj.get("hashtags"), "hashtags"):
        clean = tag.replace(NUL, "").strip().lstrip("#").casefold()[:200]
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
        quoted_post_id=_as_id(obj.get("quoted_post_id"), "quoted_post_id", False),
        urls=urls,
        hashtags=tags,
        text_fp=fingerprint(text) if text else None,
    )


def _platform(raw_platform: Any) -> str:
    if not isinstance(raw_platform, str):
        raise RecordError("platform must be a string")
    # Kept as the data names it (lower-cased): the sweep CSV must answer in the
    # data's own words; look-ups accept aliases (links.platform_names).
    platform = raw_platform.strip().lower()
    if not _PLATFORM_SHAPE.match(platform):
        raise RecordError(f"platform is not a platform name: {raw_platform[:40]!r}")
    return platform


def _handle(raw_handle: Any) -> str:
    if not isinstance(raw_handle, str):
        raise RecordError("author_handle must be a string")
    # Case is kept: (platform, author_handle) is the account's identity as given.
    handle = raw_handle.strip().removeprefix("@")
    if NUL in handle:
        raise RecordError("author_handle contains a NUL character")
    if not _HANDLE_SHAPE.match(handle):
        raise RecordError(f"author_handle is not a handle: {raw_handle[:40]!r}")
    return handle


@dataclass(slots=True)
class AccountRecord:
    """A validated account record: what a list of accounts (not posts) says about one."""

    platform: str
    handle: str
    author_id: str | None
    author_created_ts: int | None
    line: int = 0


def validate_account(obj: dict[str, Any]) -> AccountRecord:
    """Check one account record (platform, author_handle, optional author_id and author_created_at)."""
    for name in ("platform", "author_handle"):
        if obj.get(name) in (None, ""):
            raise RecordError(f"missing required field {name}")
    created = obj.get("author_created_at")
    return AccountRecord(
        platform=_platform(obj["platform"]),
        handle=_handle(obj["author_handle"]),
        author_id=_as_id(obj.get("author_id"), "author_id", False),
        author_created_ts=(
            parse_time(created, "author_created_at") if created not in (None, "") else None
        ),
    )


#: Parsed items as the readers give them: (line, raw text, object or None, parse error).
Items = list[tuple[int, str, dict[str, Any] | None, str]]
_Checked = TypeVar("_Checked", PostRecord, AccountRecord)


def _check(
    items: Items, validator: Callable[[dict[str, Any]], _Checked]
) -> tuple[list[_Checked], list[Rejected]]:
    """(the items `validator` accepts, numbered by line; the rest, with the reason)."""
    good: list[_Checked] = []
    bad: list[Rejected] = []
    for number, raw, obj, error in items:
        if obj is not None:
            try:
                checked = validator(obj)
                checked.line = number
                good.append(checked)
                continue
            except RecordError as exc:
                error = str(exc)
        bad.append(Rejected(line=number, reason=error, raw=raw))
    return good, bad


def check_account_items(items: Items) -> tuple[list[AccountRecord], list[Rejected]]:
    """Validate parsed account items (line, raw, object or None, parse error)."""
    return _check(items, validate_account)


def _iso(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_json(record: PostRecord) -> dict[str, Any]:
    """`record` back in the record format (normalised: canonical links, UTC times)."""
    return {
        "platform": record.platform,
        "post_id": record.post_id,
        "author_handle": record.handle,
        "author_id": record.author_id,
        "author_created_at": _iso(record.author_created_ts),
        "posted_at": _iso(record.posted_ts),
        "text": record.text,
        "urls": record.urls,
        "hashtags": record.hashtags,
        "lang": record.lang,
        "reply_to_post_id": record.reply_to_post_id,
        "repost_of_post_id": record.repost_of_post_id,
        "quoted_post_id": record.quoted_post_id,
    }


def check_items(items: Items) -> tuple[list[PostRecord], list[Rejected]]:
    """Validate parsed items (line, raw, object or None, parse error)."""
    return _check(items, validate)


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
            # orjson refuses the surrogates that stand for undecodable bytes.
            bad_bytes = undecodable(stripped)
            yield number, printable(stripped), None, bad_bytes or f"invalid JSON ({exc.msg})"
            continue
        if not isinstance(obj, dict):
            yield number, stripped, None, "a record must be a JSON object"
            continue
        yield number, stripped, obj, ""
