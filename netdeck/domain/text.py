"""Showing user text literally in a terminal.

Names, notes and snippets are data. In plain terminal output, control
characters (escape sequences, carriage returns) are made visible instead of
being obeyed, so a contact named ``\\x1b[2J`` cannot clear the screen.
"""

from __future__ import annotations

import re
import unicodedata


def _obeyed(ch: str) -> bool:
    """A character a terminal may act on rather than show: a control or format
    character, except the joiners that hold emoji and some scripts together."""
    return unicodedata.category(ch) in {"Cc", "Cf"} and ch not in "\u200d\u200c"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control characters shown as ``\\xNN`` / ``\\n`` escapes."""
    if text.isascii() and text.isprintable():
        return text  # nothing to show differently (no controls, no tabs, no newlines)
    out: list[str] = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\t":
            out.append("    " if keep_newlines else " ")
        elif _obeyed(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` on one line (newlines become spaces), optionally cut to ``limit`` with …"""
    flat = visible(" ".join(text.split()))
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


def terminal_document(text: str) -> str:
    """A whole document bound for a terminal (an export written to stdout when
    stdout is one): its line ends (``\\n`` and ``\\r\\n``) kept, every other control
    character made visible as in :func:`visible`, so a name holding ``\\x1b]52;...``
    cannot write the clipboard. Written to a file or a pipe, an export is the data
    itself and is written unchanged; on a terminal it is for reading."""
    lines = []
    for line in text.split("\n"):
        body = line.removesuffix("\r")
        lines.append(visible(body, keep_newlines=True) + line[len(body) :])
    return "\n".join(lines)


def json_without_controls(document: str) -> str:
    """JSON text with the control and format characters ``json.dumps(...,
    ensure_ascii=False)`` leaves raw (DEL, C1 such as ``\\x9b``, bidi overrides) written
    as ``\\uXXXX`` escapes: the same JSON value, safe to show in a terminal. Those
    characters can only stand inside strings there, where the escape means the same."""
    return _BEYOND_ASCII.sub(_json_escape, document)


_BEYOND_ASCII = re.compile("[^\x00-\x7e]")


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if not _obeyed(ch):
        return ch
    code = ord(ch)
    if code > 0xFFFF:  # JSON spells these as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"
