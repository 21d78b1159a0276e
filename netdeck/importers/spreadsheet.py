"""Contacts as a CSV file that is safe to open in a spreadsheet.

Cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can
run as formulas (OWASP "CSV injection"); they get a leading ``'``. Quoting
follows RFC 4180 (``csv.QUOTE_MINIMAL`` with CRLF line ends).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """RFC 4180 CSV text with every cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue()
