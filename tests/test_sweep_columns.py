"""The packed string columns a sweep reads posts through (storage.sweepdata)."""

from __future__ import annotations

import pytest

from storage.sweepdata import OptionalStringColumn, PostValues, StringColumn

VALUES = ["x:1", "telegram:mrbrianx/31840", "weibo:终于", "x:9\u0000", "x:\ud800lone", "x:1"]


def test_a_string_column_reads_back_what_was_appended() -> None:
    column = StringColumn(VALUES)
    assert len(column) == len(VALUES)
    assert list(column) == VALUES
    assert [column[i] for i in range(len(VALUES))] == VALUES
    assert column[-1] == VALUES[-1] and column[1:3] == VALUES[1:3]
    assert column == VALUES and column == StringColumn(VALUES)
    with pytest.raises(IndexError):
        column[len(VALUES)]


def test_an_optional_string_column_reads_none_where_none_was_appended() -> None:
    values = [None, "x:1", None, None, "weibo:终于", None]
    column = OptionalStringColumn(values)
    assert list(column) == values
    assert [column[i] for i in range(len(values))] == values
    assert column[-2] == "weibo:终于" and column[0] is None
    assert column == values and column != values[:-1]
    assert [i for i, value in enumerate(column) if value] == [1, 4]


def test_post_values_read_back_as_position_value_pairs() -> None:
    rows = [(3, "https://a.example/x"), (0, "tag"), (3, "tag")]
    values = PostValues(rows)
    assert len(values) == 3 and list(values) == rows and values == rows
    assert values[1] == (0, "tag") and values[-1] == (3, "tag") and values[:2] == rows[:2]
    assert sorted(values) == sorted(rows)
