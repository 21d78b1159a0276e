"""The first frame's libpq calls: placeholders and values as libpq takes them, and
rows back as the first look reads them (the calls themselves run against a real
server in tests/services/test_postgres_store.py)."""

from __future__ import annotations

from datetime import date

from netdeck.store.libpq import BOOL, DATE, FLOAT8, INT4, INT8, _read, _sent, positional


def test_named_placeholders_become_numbered_ones_each_name_once() -> None:
    sql = "SELECT %(a)s::DATE WHERE x = %(b)s AND y = %(a)s::DATE AND z LIKE 'a%%'"

    text, values = positional(sql, {"b": 2, "a": date(2026, 11, 25), "unused": 9})

    assert text == "SELECT $1::DATE WHERE x = $2 AND y = $1::DATE AND z LIKE 'a%'"
    assert values == [date(2026, 11, 25), 2]


def test_values_are_sent_with_their_type_and_text_left_to_the_server() -> None:
    assert _sent(None) == (0, None)
    assert _sent(True) == (BOOL, "t")
    assert _sent(2147483647) == (INT8, "2147483647")
    assert _sent(1.0) == (FLOAT8, "1.0")
    assert _sent(date(2026, 2, 28)) == (DATE, "2026-02-28")
    assert _sent("O'Brien") == (0, "O'Brien")


def test_columns_come_back_as_the_first_look_reads_them() -> None:
    assert _read(INT4, b"42") == 42
    assert _read(BOOL, b"f") is False
    assert _read(FLOAT8, b"0.5") == 0.5
    # Dates stay ISO text, as SQLite gives them; text is text.
    assert _read(DATE, b"2026-11-25") == "2026-11-25"
    assert _read(25, "Zoë".encode()) == "Zoë"
