"""What a command prints: its value as JSON with ``--json``, else as text lines.

Every command shows its result through :func:`render`: one value, and the
function that turns it into lines of text. The JSON is the value itself
(dataclasses as objects, dates as ISO text), or what ``as_json`` makes of it
where the documented shape differs. Text from users and files goes through
:func:`~netdeck.domain.text.visible` / :func:`~netdeck.domain.text.one_line`
before it reaches a terminal; JSON keeps the value and escapes the characters
a terminal would obey (:func:`~netdeck.domain.text.json_without_controls`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from netdeck.domain.text import json_without_controls, one_line, visible

if TYPE_CHECKING:
    import argparse

    from netdeck.services.actions import ActionOutcome
    from netdeck.services.views import ScheduleChange, TouchView

Value = TypeVar("Value")


def render(
    args: argparse.Namespace,
    value: Value,
    text: Callable[[Value], Iterable[str]],
    *,
    as_json: Callable[[Value], Any] | None = None,
) -> None:
    """Print ``value``: as JSON with ``--json`` (``as_json(value)`` when given), else
    each line ``text(value)`` makes."""
    if args.json:
        print_json(value if as_json is None else as_json(value))
        return
    for line in text(value):
        print(line)


def print_json(value: Any) -> None:
    import json  # here, not at the top: the bare ``netdeck`` never prints JSON

    # The escapes keep the same JSON value; raw, a C1 control or bidi override in a
    # name would reach the terminal.
    sys.stdout.write(
        json_without_controls(json.dumps(_jsonable(value), indent=2, ensure_ascii=False))
    )
    sys.stdout.write("\n")


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {key: _jsonable(item) for key, item in asdict(value).items()}
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def touched_json(touch: TouchView | None, name: str, today: date) -> dict[str, Any] | None:
    """Who else touched someone lately, as ``--json`` shows it: ``{"by", "what", "on",
    "text"}`` (``text``: "Alex messaged Dana 2 days ago"), or null."""
    if touch is None:
        return None
    return {"by": touch.by, "what": touch.what, "on": touch.on, "text": touch.sentence(name, today)}


def table(rows: Iterable[Sequence[str]], widths: Sequence[int | None]) -> Iterator[str]:
    """Rows as aligned columns; ``None`` width means "the rest of the line"."""
    for row in rows:
        cells = []
        for cell, width in zip(row, widths, strict=True):
            text = one_line(cell)
            if width is None:
                cells.append(text)
            else:
                cells.append(one_line(cell, width).ljust(width))
        yield "  ".join(cells).rstrip()


def date_text(value: date | None) -> str:
    return value.isoformat() if value else "-"


def change_text(verb: str) -> Callable[[ScheduleChange], Iterator[str]]:
    """The line for a contact whose schedule changed: ``VERB: #ID NAME (STAGE), due DAY``."""

    def lines(change: ScheduleChange) -> Iterator[str]:
        yield (
            f"{verb}: #{change.contact_id} {visible(change.name)} ({change.stage}), "
            f"due {date_text(change.next_due_on)}"
        )

    return lines


def tell_others_did(outcome: ActionOutcome) -> None:
    """After a write: what another user did to the same person today, one line on stderr
    ("netdeck: Alex also messaged Dana at 10:42 (both are kept)"). News, not an error:
    the command still succeeds, and ``--json`` output stays as it is."""
    if outcome.others_did:
        print(f"netdeck: {one_line(outcome.others_did)} (both are kept)", file=sys.stderr)
