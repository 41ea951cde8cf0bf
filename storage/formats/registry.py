"""Which reader reads a file: named with --format, or told from its first lines.

Detection looks at the head of the file only (the first 64 KiB): the CSV
header row, or the keys of the first JSON object (`Head.keys`, as paths such
as "data.item.id"). Each format states what it needs to see there; the first
whose test passes reads the file. A file no format recognises is refused
once, with what was seen, instead of being rejected row by row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import ijson  # type: ignore[import-untyped]
import orjson

from storage.formats.common import Item

#: How much of a file detection reads, and the most lines it looks at.
HEAD_CHARS = 65_536
HEAD_LINES = 2_000


@dataclass(frozen=True)
class Head:
    """The beginning of a file, as detection sees it."""

    lines: list[str]
    columns: tuple[str, ...] | None  # lower-cased CSV header, when the file reads as CSV
    keys: frozenset[
        str
    ]  # paths of the first JSON value's keys: "id", "user.screen_name", "data.item"

    def has(self, *paths: str) -> bool:
        """True when every one of `paths` is among the first JSON value's keys."""
        return all(path in self.keys for path in paths)

    def has_columns(self, *names: str) -> bool:
        """True when the CSV header has every one of `names` (any case)."""
        return self.columns is not None and all(name in self.columns for name in names)


@dataclass(frozen=True)
class Format:
    """One input format: its --format name, what it holds, how to tell it, how to read it."""

    name: str
    title: str  # shown in help and messages: "twarc2 JSONL (API pages or flattened tweets)"
    detect: Callable[[Head], bool]
    read: Callable[[Iterable[str]], Iterator[Item]]
    kind: str = "posts"  # or "accounts": records that describe accounts, not posts


class UnknownFormatError(ValueError):
    """A --format name no reader has, or a file no reader recognises; the message is user-facing."""


def read_head(lines: Iterator[str]) -> Head:
    """Take the first lines of `lines` (at most `HEAD_CHARS`, at least one line) and look at them.

    The caller reads the file on from `Head.lines` followed by the rest of `lines`.
    """
    taken: list[str] = []
    size = 0
    for line in lines:
        taken.append(line)
        size += len(line)
        if size >= HEAD_CHARS or len(taken) >= HEAD_LINES:
            break
    first = next((line.strip() for line in taken if line.strip()), "")
    if first[:1] in ("{", "["):
        return Head(taken, None, _json_keys(taken))
    columns: tuple[str, ...] | None = None
    if first:
        try:
            row = next(csv.reader(io.StringIO(first)))
        except (csv.Error, StopIteration):
            row = []
        if len(row) >= 2:
            columns = tuple(cell.strip().lstrip("\ufeff").lower() for cell in row)
    return Head(taken, columns, frozenset())


def _json_keys(lines: list[str]) -> frozenset[str]:
    """Key paths of the first JSON object: of the first line that parses, else of the document."""
    for line in lines:
        text = line.strip()
        if not text:
            continue
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError:
            continue
        if isinstance(value, dict | list):
            return frozenset(_paths(value, ""))
    # A JSON document over many lines (pretty-printed, or larger than the head).
    found: set[str] = set()
    events = ijson.parse(io.BytesIO("".join(lines).encode("utf-8", "surrogateescape")))
    try:
        for prefix, event, value in events:
            if event == "map_key":
                found.add(f"{prefix}.{value}" if prefix else str(value))
            elif event in ("start_map", "start_array") and prefix:
                found.add(prefix)
            elif event in ("end_map", "end_array") and not prefix:
                break
    except (ijson.JSONError, UnicodeError):
        pass  # the head ends inside the document, or it is not JSON: what was seen stands
    return frozenset(found)


def _paths(value: Any, prefix: str, depth: int = 0) -> Iterator[str]:
    if depth > 6:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            yield path
            yield from _paths(item, path, depth + 1)
    elif isinstance(value, list):
        path = f"{prefix}.item" if prefix else "item"
        for item in value[:3]:
            yield from _paths(item, path, depth + 1)
        if value:
            yield path


def detect(head: Head, formats: Iterable[Format]) -> Format | None:
    """The first of `formats` that recognises `head`, or None."""
    for fmt in formats:
        if fmt.detect(head):
            return fmt
    return None


def describe(head: Head) -> str:
    """What detection saw, for a message saying the format is unknown."""
    if head.columns is not None:
        return (
            "a CSV header with "
            + ", ".join(c[:40] for c in head.columns[:12])
            + (f" and {len(head.columns) - 12} more" if len(head.columns) > 12 else "")
        )
    if head.keys:
        top = sorted(k for k in head.keys if "." not in k)[:12]
        return "JSON with the keys " + ", ".join(k[:40] for k in top)
    return "its first lines, which are neither JSON nor a CSV header with commas"
