"""Showing user text literally in a terminal.

Names, notes and snippets are data. In plain terminal output, control
characters (escape sequences, carriage returns) are made visible instead of
being obeyed, so a contact named ``\\x1b[2J`` cannot clear the screen.
"""

from __future__ import annotations

import unicodedata


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control characters shown as ``\\xNN`` / ``\\n`` escapes."""
    out: list[str] = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\t":
            out.append("    " if keep_newlines else " ")
        elif unicodedata.category(ch) in {"Cc", "Cf"} and ch not in "\u200d\u200c":
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
