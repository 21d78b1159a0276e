"""User text shown in a terminal: control characters are displayed, never obeyed."""

from __future__ import annotations

import pytest

from netdeck.domain.text import one_line, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("\x1b[2J", "\\x1b[2J", id="clear-screen-escape"),
        pytest.param("Jane\x1b]0;pwned\x07", "Jane\\x1b]0;pwned\\x07", id="title-escape-and-bell"),
        pytest.param("a\rb", "a\\x0db", id="carriage-return"),
        pytest.param("a\nb", "a\\x0ab", id="newline-escaped-by-default"),
        pytest.param("\x9b31m", "\\x9b31m", id="c1-csi"),
        pytest.param("\x7f", "\\x7f", id="delete"),
        pytest.param("abc\u202edef", "abc\\u202edef", id="right-to-left-override"),
        pytest.param("a\tb", "a b", id="tab-becomes-space"),
        pytest.param("Zoë 👩\u200d💻", "Zoë 👩\u200d💻", id="ordinary-text-and-zwj-kept"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_can_keep_newlines() -> None:
    assert visible("hi\nthere\x1b[0m\tx", keep_newlines=True) == "hi\nthere\\x1b[0m    x"


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        pytest.param("line one\nline two", None, "line one line two", id="joins-lines"),
        pytest.param("abcdefghij", 5, "abcd…", id="cut-with-ellipsis"),
        pytest.param("abcde", 5, "abcde", id="fits-exactly"),
        pytest.param("x\x1by", None, "x\\x1by", id="escapes-visible"),
    ],
)
def test_one_line(text: str, limit: int | None, shown: str) -> None:
    assert one_line(text, limit) == shown
