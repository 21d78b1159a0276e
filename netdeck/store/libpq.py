"""A few rows from PostgreSQL through libpq itself, for the TUI's first frame.

The first frame's thread (:mod:`netdeck.store.first_look`) runs while Textual
imports, and both want the interpreter: importing psycopg takes about 110 ms of it,
more than the rest of the first look. libpq, the C library under psycopg, comes
with psycopg's binary package (and with Debian's ``libpq5``), and ctypes can call
it for the price of a library load. So the first look asks libpq directly, for its
handful of read-only statements, in text; the full load goes through SQLAlchemy
and psycopg as every other query does.

Only what the first look needs: one connection (read-only, with a connect
timeout), statements with named parameters in psycopg's ``%(name)s`` form, values
back as Python ``int``, ``float``, ``bool``, ``None`` or text (dates stay ISO text,
as the first look wants them). Anything unexpected raises :class:`LibpqError` and
the caller falls back to psycopg or to the full load.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Mapping, Sequence
from datetime import date
from glob import glob
from importlib.util import find_spec
from pathlib import Path
from typing import Any

#: libpq's status codes used here (libpq-fe.h).
CONNECTION_OK = 0
PGRES_TUPLES_OK = 2
#: PostgreSQL type OIDs (pg_type.dat): what a parameter is sent as, what a column is read as.
BOOL, INT8, INT2, INT4, OID, FLOAT4, FLOAT8, DATE = 16, 20, 21, 23, 26, 700, 701, 1082
_INTEGERS = frozenset({INT8, INT2, INT4, OID})
_FLOATS = frozenset({FLOAT4, FLOAT8})
#: psycopg's placeholder, and its escaped percent sign.
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


class LibpqError(Exception):
    """A call to libpq failed (the message says why)."""


class LibpqMissing(LibpqError):
    """No libpq could be loaded here."""


def _library_paths() -> list[str]:
    """Where libpq may be: the copy psycopg's binary package bundles (the one the
    full load will use), then the system's."""
    paths = []
    spec = find_spec("psycopg_binary")  # finds the package without importing it
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent.parent / "psycopg_binary.libs"
        paths += sorted(glob(str(bundled / "libpq-*.so*")))
    return [*paths, "libpq.so.5", "libpq.5.dylib"]


def _load() -> ctypes.CDLL:
    for path in _library_paths():
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        _declare(library)
        return library
    raise LibpqMissing("libpq not found")


def _declare(library: ctypes.CDLL) -> None:
    """The signatures of the calls used (pointers as ``c_void_p``, never ``int``)."""
    pointer, text, number = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    signatures: dict[str, tuple[list[Any], Any]] = {
        "PQconnectdbParams": ([ctypes.POINTER(text), ctypes.POINTER(text), number], pointer),
        "PQstatus": ([pointer], number),
        "PQerrorMessage": ([pointer], text),
        "PQfinish": ([pointer], None),
        "PQexecParams": (
            [
                pointer,
                text,
                number,
                ctypes.POINTER(ctypes.c_uint),
                ctypes.POINTER(text),
                ctypes.POINTER(number),
                ctypes.POINTER(number),
                number,
            ],
            pointer,
        ),
        "PQresultStatus": ([pointer], number),
        "PQresultErrorMessage": ([pointer], text),
        "PQntuples": ([pointer], number),
        "PQnfields": ([pointer], number),
        "PQftype": ([pointer, number], ctypes.c_uint),
        "PQgetisnull": ([pointer, number, number], number),
        "PQgetvalue": ([pointer, number, number], text),
        "PQclear": ([pointer], None),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(library, name)
        function.argtypes = arguments
        function.restype = result


def _strings(values: Sequence[str | None]) -> Any:
    array = (ctypes.c_char_p * len(values))()
    for index, value in enumerate(values):
        array[index] = None if value is None else value.encode()
    return array


def positional(sql: str, parameters: Mapping[str, object]) -> tuple[str, list[object]]:
    """``sql`` with psycopg's ``%(name)s`` placeholders as libpq's ``$1``, ``$2``..., and
    the values in that order (a name used twice is one parameter)."""
    order: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        if name not in order:
            order[name] = len(order) + 1
        return f"${order[name]}"

    text = _PLACEHOLDER.sub(number, sql)
    return text, [parameters[name] for name in order]


def _sent(value: object) -> tuple[int, str | None]:
    """A parameter as libpq takes it: its type (0: let the server infer, as psycopg
    does for text) and its text."""
    if value is None:
        return 0, None
    if isinstance(value, bool):
        return BOOL, "t" if value else "f"
    if isinstance(value, int):
        return INT8, str(value)
    if isinstance(value, float):
        return FLOAT8, repr(value)
    if isinstance(value, date):
        return DATE, value.isoformat()
    return 0, str(value)


def _read(kind: int, text: bytes) -> object:
    value = text.decode()
    if kind in _INTEGERS:
        return int(value)
    if kind in _FLOATS:
        return float(value)
    if kind == BOOL:
        return value == "t"
    return value


class Rows:
    """A statement's rows, as a cursor gives them."""

    def __init__(self, rows: list[tuple[object, ...]]) -> None:
        self._rows = rows

    def fetchall(self) -> list[tuple[object, ...]]:
        return list(self._rows)

    def fetchone(self) -> tuple[object, ...] | None:
        return self._rows[0] if self._rows else None


class Connection:
    """One read-only connection, closed by ``with`` or :meth:`close`."""

    def __init__(self, uri: str, *, connect_timeout: int = 5) -> None:
        self._lib = _load()
        keywords = ["dbname", "connect_timeout", "options"]
        values = [uri, str(connect_timeout), "-c default_transaction_read_only=on"]
        # expand_dbname=1: the URI in dbname is read as a whole connection string.
        self._conn = self._lib.PQconnectdbParams(
            _strings([*keywords, None]), _strings([*values, None]), 1
        )
        if not self._conn:
            raise LibpqError("out of memory")
        if self._lib.PQstatus(self._conn) != CONNECTION_OK:
            message = (self._lib.PQerrorMessage(self._conn) or b"").decode(errors="replace")
            self.close()
            raise LibpqError(message.strip() or "could not connect")

    def execute(self, sql: str, parameters: Mapping[str, object] | None = None) -> Rows:
        text, values = positional(sql, parameters or {})
        sent = [_sent(value) for value in values]
        types = (ctypes.c_uint * len(sent))(*(kind for kind, _ in sent))
        result = self._lib.PQexecParams(
            self._conn,
            text.encode(),
            len(sent),
            types,
            _strings([v for _, v in sent]),
            None,
            None,
            0,
        )
        if not result:
            raise LibpqError("no result")
        try:
            if self._lib.PQresultStatus(result) != PGRES_TUPLES_OK:
                message = self._lib.PQresultErrorMessage(result) or b""
                raise LibpqError(message.decode(errors="replace").strip() or "query failed")
            return Rows(self._rows(result))
        finally:
            self._lib.PQclear(result)

    def _rows(self, result: int) -> list[tuple[object, ...]]:
        lib = self._lib
        kinds = [lib.PQftype(result, column) for column in range(lib.PQnfields(result))]
        return [
            tuple(
                None
                if lib.PQgetisnull(result, row, column)
                else _read(kind, lib.PQgetvalue(result, row, column))
                for column, kind in enumerate(kinds)
            )
            for row in range(lib.PQntuples(result))
        ]

    def close(self) -> None:
        if self._conn:
            self._lib.PQfinish(self._conn)
            self._conn = None

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
