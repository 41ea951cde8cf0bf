"""A CSV with its own column names, read through `--map field=column,...`.

`--map post_id=id,author_handle=user,posted_at=created,platform:=telegram`
says which column holds each record field (`field=column`), or gives a field
one value for every row (`field:=value`, for a file with no platform column).
A field left out is read from the column of its own name when there is one.

Cells are read as the record format reads them, with two easings for files
made elsewhere: a time may also be Unix seconds (or milliseconds), and `urls`
or `hashtags` a JSON list or items separated by commas or spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from storage.formats.common import Item, RowError, epoch_time, map_items, split_list, text_of
from storage.formats.registry import Format, Head
from storage.records import OPTIONAL_STR, REQUIRED, InputFileError, read_csv, shown_columns

#: Every field a map may name, in the record format's order.
FIELDS = (*REQUIRED, "author_created_at", *OPTIONAL_STR, "urls", "hashtags")
_TIMES = frozenset({"posted_at", "author_created_at"})
_LISTS = frozenset({"urls", "hashtags"})
_ENTRY = re.compile(r"^\s*([A-Za-z_]+)\s*(:?=)(.*)$")
#: Above this, a Unix time is in milliseconds (1e11 seconds is the year 5138).
_MILLISECONDS = 10**11


class MapError(ValueError):
    """A --map text that cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class ColumnMap:
    """Where each record field comes from: a column, or one value for every row."""

    columns: dict[str, str]  # field -> column
    values: dict[str, str]  # field -> fixed value

    def needed_columns(self, header: list[str]) -> dict[str, str]:
        """field -> column for every field read from a column of `header`.

        Raises `InputFileError` once for a mapped column the header lacks, or a
        required field neither mapped nor present under its own name.
        """
        present = set(header)
        missing = [
            f"{column} (for {field})"
            for field, column in self.columns.items()
            if column not in present
        ]
        if missing:
            raise InputFileError(
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"named in --map (the header has {shown_columns(header)})"
            )
        wanted = dict(self.columns)
        for field in FIELDS:
            if field not in wanted and field not in self.values and field in present:
                wanted[field] = field
        unmapped = [f for f in REQUIRED if f not in wanted and f not in self.values]
        if unmapped:
            raise InputFileError(
                f"no column for {', '.join(unmapped)}: add "
                + ",".join(f"{f}=COLUMN" for f in unmapped)
                + f" to --map (the header has {shown_columns(header)})"
            )
        return wanted


def parse_map(text: str) -> ColumnMap:
    """Read `field=column,field:=value,...`; `MapError` says what is wrong."""
    columns: dict[str, str] = {}
    values: dict[str, str] = {}
    for entry in (part for part in text.split(",") if part.strip()):
        match = _ENTRY.match(entry)
        if match is None:
            raise MapError(
                f"--map entry {entry.strip()[:40]!r} is not field=column or field:=value "
                "(as in post_id=id,author_handle=user,platform:=x)"
            )
        field, how, source = match.group(1).lower(), match.group(2), match.group(3).strip()
        if field not in FIELDS:
            raise MapError(
                f"--map names {field!r}, which is no record field: use {', '.join(FIELDS)}"
            )
        if field in columns or field in values:
            raise MapError(f"--map names {field} twice")
        if not source:
            raise MapError(f"--map gives {field} no {'value' if how == ':=' else 'column'}")
        (values if how == ":=" else columns)[field] = source
    if not columns and not values:
        raise MapError(
            "--map is empty: give field=column pairs, as in post_id=id,author_handle=user"
        )
    return ColumnMap(columns, values)


def mapped_format(column_map: ColumnMap) -> Format:
    """The format that reads a CSV through `column_map` (named `csv`, never detected)."""

    def read(lines: Iterable[str]) -> Iterator[Item]:
        wanted: dict[str, str] = {}

        def check(header: list[str]) -> None:
            wanted.update(column_map.needed_columns(header))

        rows = read_csv(lines, json_lists=(), check_header=check)
        return map_items(rows, lambda row: [mapped_row(row, wanted, column_map.values)])

    return Format(name="csv", title="a CSV read through --map", detect=_never, read=read)


def _never(head: Head) -> bool:
    return False


def mapped_row(
    row: dict[str, Any], wanted: dict[str, str], values: dict[str, str]
) -> dict[str, Any]:
    """One row as a record: each field from its column, or its fixed value."""
    record: dict[str, Any] = {}
    for field in FIELDS:
        cell = (
            values[field]
            if field in values
            else row.get(wanted[field])
            if field in wanted
            else None
        )
        if field in _LISTS:
            record[field] = split_list(cell)
        elif field in _TIMES:
            record[field] = _time(cell, field)
        else:
            record[field] = text_of(cell)
    return record


def _time(cell: Any, field: str) -> str | None:
    """A time cell: ISO-8601 with a zone (checked later, as any record's), or Unix seconds or ms."""
    text = text_of(cell)
    if text is None or not re.fullmatch(r"\d{9,16}(\.\d+)?", text):
        return text
    seconds = float(text)
    if seconds >= _MILLISECONDS:
        seconds /= 1000
    try:
        return epoch_time(seconds, field)
    except RowError:
        return text
