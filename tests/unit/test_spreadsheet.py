"""CSV cells that a spreadsheet would run as formulas are neutralised; quoting is RFC 4180."""

from __future__ import annotations

import csv
import io

import pytest

from netdeck.importers.spreadsheet import neutralise_cell, write_csv


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_get_a_quote(start: str) -> None:
    assert neutralise_cell(start + "SUM(A1)") == "'" + start + "SUM(A1)"


@pytest.mark.parametrize("value", ["", "Ann", "a=b", " =x", "'=already", "1-2"])
def test_other_cells_are_unchanged(value: str) -> None:
    assert neutralise_cell(value) == value


def test_write_csv_round_trips_commas_quotes_and_newlines() -> None:
    text = write_csv(["Name", "Notes"], [["Lee, Ann", 'said "hi"\nthen left'], ["=1+1", ""]])
    assert text.splitlines(keepends=True)[0] == "Name,Notes\r\n"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["Name", "Notes"], ["Lee, Ann", 'said "hi"\nthen left'], ["'=1+1", ""]]
