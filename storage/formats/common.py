"""What every reader shares: the item shape, row mapping, JSON streaming and time helpers.

A reader turns the lines of one file into items, (line number, raw text,
record dict or None, reason), the shape `storage.records.check_items`
validates: a row that cannot be mapped comes back with None and the reason,
so it lands in the rejects file with its line like any other bad record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any

import ijson  # type: ignore[import-untyped]
import orjson

from storage.records import InputFileError, printable, read_jsonl, shown_columns

#: (line number, raw text, record dict or None, reason): what readers yield.
Item = tuple[int, str, dict[str, Any] | None, str]


class RowError(ValueError):
    """Why one source record cannot become a post record; the message is shown to the user.

    `raw` is the part of the source object it is about (one tweet of a page),
    when that is not the whole object.
    """

    def __init__(self, message: str, raw: str | None = None) -> None:
        super().__init__(message)
        self.raw = raw


#: Maps one parsed source object (a CSV row, a JSON object) to record dicts; an
#: object holding several records (a page of tweets) returns a `RowError` in place
#: of each bad one, so that it costs no other.
Mapper = Callable[[dict[str, Any]], list[dict[str, Any] | RowError]]


def map_items(items: Iterable[Item], mapper: Mapper) -> Iterator[Item]:
    """Apply `mapper` to each parsed item; a `RowError` becomes that item's reason.

    A source object may give several records (a page of tweets), or none (a
    service message, which is no post): each record keeps the object's line.
    """
    for number, raw, obj, reason in items:
        if obj is None:
            yield number, raw, None, reason
            continue
        try:
            records = mapper(obj)
        except RowError as exc:
            yield number, exc.raw or raw, None, str(exc)
            continue
        for record in records:
            if isinstance(record, RowError):
                yield number, record.raw or raw, None, str(record)
            else:
                yield number, raw, record, ""


def each(
    parts: Iterable[Any], to_record: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any] | RowError]:
    """`to_record` of every part of one source object, a bad part kept as its `RowError`."""
    out: list[dict[str, Any] | RowError] = []
    for part in parts:
        try:
            if not isinstance(part, dict):
                raise RowError("expected a JSON object")
            out.append(to_record(part))
        except RowError as exc:
            if exc.raw is None:
                exc.raw = printable(orjson.dumps(part).decode())
            out.append(exc)
    return out


def require_columns(wanted: Iterable[str], what: str) -> Callable[[list[str]], None]:
    """A CSV header check refusing the file once when a column in `wanted` is missing."""
    names = tuple(wanted)

    def check(header: list[str]) -> None:
        present = {h.lower() for h in header}
        missing = [name for name in names if name.lower() not in present]
        if missing:
            raise InputFileError(
                f"not {what}: missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} (the header has {shown_columns(header)})"
            )

    return check


def lower_keys(row: Mapping[str, Any]) -> dict[str, Any]:
    """A CSV row with lower-cased column names (exports differ in case)."""
    return {key.lower(): value for key, value in row.items()}


def text_of(value: Any) -> str | None:
    """A cell or field as stripped text, None when empty."""
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else str(value)
    return text or None


def dig(obj: Any, *path: str) -> Any:
    """obj[path[0]][path[1]]..., None as soon as a step is missing or not an object."""
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def id_text(value: Any) -> str | None:
    """An identifier as a string (JSON numbers included), None when absent."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------


def iso(moment: datetime) -> str:
    """ISO-8601 UTC to the second, as the record format writes it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_time(value: Any, field: str) -> str:
    """ISO-8601 UTC of a Unix time in seconds (number or digits; a fraction is dropped)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise RowError(f"{field} is not a Unix time: {str(value)[:40]!r}") from None
    if not seconds == seconds or abs(seconds) > 1e11:  # NaN, or not seconds at all
        raise RowError(f"{field} is not a Unix time in seconds: {str(value)[:40]!r}")
    return iso(datetime.fromtimestamp(int(seconds), UTC))


def zoned_time(value: Any, field: str, *, assume_utc: bool = False) -> str:
    """ISO-8601 UTC of a timestamp with a zone ("Z", "+00:00", "+0000").

    With `assume_utc`, a time without a zone is read as UTC (for formats that
    document their times as UTC); otherwise it is refused.
    """
    text = text_of(value)
    if text is None:
        raise RowError(f"{field} is empty")
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise RowError(f"{field} is not a date and time: {text[:40]!r}") from None
    if moment.tzinfo is None:
        if not assume_utc:
            raise RowError(f"{field} has no time zone: {text[:40]!r}")
        moment = moment.replace(tzinfo=UTC)
    return iso(moment)


_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"  # "Wed Oct 10 20:19:24 +0000 2018"


def twitter_time(value: Any, field: str) -> str:
    """ISO-8601 UTC of a v1.1 `created_at` ("Wed Oct 10 20:19:24 +0000 2018") or an ISO time."""
    text = text_of(value)
    if text is None:
        raise RowError(f"{field} is empty")
    try:
        return iso(datetime.strptime(text, _TWITTER_TIME))
    except ValueError:
        return zoned_time(text, field)


#: US zone names CrowdTangle prints after its times, with UTC offsets in hours.
ZONE_NAMES: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_NAMED_ZONE = re.compile(r"^(.*\d)\s+([A-Z]{3,4})$")


def named_zone_time(value: Any, field: str, *, assume_utc: bool = False) -> str:
    """ISO-8601 UTC of "2021-03-01 15:30:00 EST" (a zone from `ZONE_NAMES`) or an ISO time.

    With `assume_utc`, a time without a zone is read as UTC.
    """
    text = text_of(value)
    if text is None:
        raise RowError(f"{field} is empty")
    match = _NAMED_ZONE.match(text)
    if match is None:
        return zoned_time(text, field, assume_utc=assume_utc)
    hours = ZONE_NAMES.get(match.group(2))
    if hours is None:
        raise RowError(
            f"{field} has a time zone this reader does not know: {match.group(2)!r} "
            f"(known: {', '.join(ZONE_NAMES)})"
        )
    try:
        local = datetime.fromisoformat(match.group(1))
    except ValueError:
        raise RowError(f"{field} is not a date and time: {text[:40]!r}") from None
    return iso(local.replace(tzinfo=UTC) - timedelta(hours=hours))


# ---------------------------------------------------------------------------
# Lists inside cells
# ---------------------------------------------------------------------------


def split_list(cell: Any) -> list[str]:
    """A list cell's items: a JSON list, else items separated by commas or spaces."""
    text = text_of(cell)
    if text is None:
        return []
    if text.startswith("["):
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, list):
            return [str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip()]
    return [part for part in re.split(r"[,\s]+", text) if part]


_HASHTAG = re.compile(r"(?<![\w#])#(\w{1,100})")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def hashtags_in(text: str | None) -> list[str]:
    """The #hashtags written in a text (for formats that do not list them)."""
    return _HASHTAG.findall(text) if text else []


def urls_in(text: str | None) -> list[str]:
    """The http(s) links written in a text (for formats that do not list them)."""
    return [url.rstrip(".,;:!?") for url in _URL.findall(text)] if text else []


def unique(values: Iterable[str | None]) -> list[str]:
    """The non-empty values, first occurrence kept, in order."""
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return list(seen)


# ---------------------------------------------------------------------------
# JSON documents, streamed
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentItem:
    """One object streamed out of a JSON document."""

    line: int  # where the object starts
    raw: str  # the object as JSON, for the rejects file
    obj: dict[str, Any] | None  # None when it is not an object
    reason: str  # why not
    prefix: str  # where in the document it is ("messages.item")
    context: dict[str, Any]  # the scalars last seen at the context prefixes


def json_document_items(
    lines: Iterable[str],
    item_prefixes: frozenset[str],
    context_prefixes: frozenset[str] = frozenset(),
) -> Iterator[DocumentItem]:
    """Stream the objects at `item_prefixes` of one JSON document, never holding it whole.

    Prefixes are ijson's ("messages.item": each element of the top-level
    "messages" list). Each item carries the scalars last seen at
    `context_prefixes` (a chat's id before its messages). Invalid JSON ends the
    document: raises `InputFileError` saying where.
    """
    sink = ijson.sendable_list()
    parser = ijson.parse_coro(sink, use_float=True, multiple_values=True)
    context: dict[str, Any] = {}
    builder: Any = None
    depth = 0
    start = 0
    number = 0
    for number, line in enumerate(lines, start=1):
        try:
            parser.send(line.encode("utf-8", "surrogateescape"))
        except ijson.JSONError as exc:
            raise InputFileError(
                f"invalid JSON on line {number} ({_short(exc)}); the rest of the file was not read"
            ) from None
        for prefix, event, value in sink:
            if builder is None:
                if prefix in item_prefixes and event == "start_map":
                    builder, depth, start = ijson.ObjectBuilder(), 0, number
                elif prefix in item_prefixes and event in ("start_array", "end_array"):
                    continue  # a list where objects were expected: its elements are looked at
                elif prefix in item_prefixes:
                    yield DocumentItem(
                        number,
                        printable(str(value)),
                        None,
                        "not a JSON object",
                        prefix,
                        dict(context),
                    )
                    continue
                else:
                    if prefix in context_prefixes and event in ("string", "number", "boolean"):
                        context[prefix] = value
                    continue
            builder.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
            if depth == 0:
                obj = builder.value
                builder = None
                raw = printable(orjson.dumps(obj).decode())
                yield DocumentItem(start, raw, obj, "", prefix, dict(context))
        del sink[:]
    try:
        parser.close()
    except ijson.JSONError as exc:
        raise InputFileError(
            f"the JSON document ends early after line {number} ({_short(exc)}): "
            "the file is probably truncated"
        ) from None


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else exc.__class__.__name__


def json_objects(lines: Iterable[str]) -> Iterator[Item]:
    """The top-level JSON objects of a file: one per line (JSONL), or a document's.

    JSONL (the first line is a whole JSON object) is read line by line, so a bad
    line costs only itself. Otherwise the file is one document (or a list on
    one line), streamed: its top-level object, or each element of its
    top-level list.
    """
    lines = iter(lines)
    taken: list[str] = []
    for line in lines:
        taken.append(line)
        if line.strip():
            break
    rest = chain(taken, lines)
    first = taken[-1].strip().lstrip("\ufeff") if taken else ""
    try:
        jsonl = isinstance(orjson.loads(first), dict)
    except orjson.JSONDecodeError:
        jsonl = False
    if jsonl:
        yield from read_jsonl(rest)
        return
    for item in json_document_items(rest, frozenset({"", "item"})):
        yield item.line, item.raw, item.obj, item.reason
