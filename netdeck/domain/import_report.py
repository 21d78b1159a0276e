"""What an import tells the user beyond its counts: what a file said that netdeck
left out (and where), who was matched by what, and the people a new row may
duplicate. One wording for the CLI's summary and the TUI's import screen.

Nothing a file says is lost without a word: a field with no place in netdeck
(a postal address) or one that cannot be read (a birthday written as
``circa 1980``) is a :class:`LeftOut`, counted by kind with its lines:
``3 birthdays unreadable (lines 4, 9, 12)``. A vCard property or a CSV column
an importer does not read is counted by its name: ``2 IMPP not imported (lines
4, 9)``, ``1 "Name Suffix" value not imported (line 2)``. The person on that
row is imported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from netdeck.domain.identity import MATCHED_BY_LABELS, MatchedBy
from netdeck.domain.text import one_line

#: The most line numbers one summary line names before "and N more".
LINES_AT_MOST = 8

#: Why a field was left out.
NOT_IMPORTED = "not imported"  # netdeck has no place for it
UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A field of one row (or card) that was not imported: ``what`` names the field
    in the singular ("postal address", "birthday"), ``problem`` is
    :data:`NOT_IMPORTED` or :data:`UNREADABLE`, ``detail`` the value or the reason."""

    file: str
    line: int
    what: str
    problem: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """A row added as a new person although someone in the deck may be them."""

    file: str
    line: int
    name: str
    contact_id: int
    contact_name: str


def plural(what: str, count: int) -> str:
    """``what`` for ``count`` of them: "birthday" → "birthdays", "address" →
    "addresses", "anniversary" → "anniversaries"; a vCard property's name ("IMPP")
    stays as it is: ``2 IMPP not imported``."""
    if count == 1 or what.isupper():
        return what
    if what.endswith(("ss", "sh", "ch", "x")):
        return what + "es"
    if what.endswith("y") and what[-2:-1] not in tuple("aeiou"):
        return what[:-1] + "ies"
    return what + "s"


def _lines(lines: list[int]) -> str:
    numbers = sorted(set(lines))
    shown = ", ".join(str(n) for n in numbers[:LINES_AT_MOST])
    more = len(numbers) - LINES_AT_MOST
    word = "line" if len(numbers) == 1 else "lines"
    return f"{word} {shown}" + (f" and {more} more" if more > 0 else "")


def left_out_lines(left_out: Iterable[LeftOut]) -> Iterator[str]:
    """One sentence per kind of field left out, in the order first met:
    ``12 postal addresses not imported (lines 2, 3, ...)``."""
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item in left_out:
        found[(item.what, item.problem)].append(item.line)
    for (what, problem), lines in found.items():
        yield f"{len(lines)} {plural(what, len(lines))} {problem} ({_lines(lines)})"


def matched_by_line(matched_by: Mapping[str, int]) -> str | None:
    """``12 matched by LinkedIn URL, 30 by e-mail, 4 by name`` (None: nobody matched)."""
    parts = [
        (count, MATCHED_BY_LABELS[by]) for by in MatchedBy if (count := matched_by.get(by.value, 0))
    ]
    if not parts:
        return None
    first, *rest = parts
    return ", ".join(
        [f"{first[0]} matched by {first[1]}", *(f"{count} by {label}" for count, label in rest)]
    )


def duplicate_lines(duplicates: Iterable[PossibleDuplicate]) -> Iterator[str]:
    """``2 possible duplicates: Ann Lee (line 5) and Ann Lee; ...; see `netdeck duplicates```."""
    pairs = list(duplicates)
    if not pairs:
        return
    yield f"{len(pairs)} {plural('possible duplicate', len(pairs))} (added, not merged):"
    for pair in pairs:
        yield (
            f"  {pair.name} ({pair.file} line {pair.line}) and {pair.contact_name} "
            f"(contact {pair.contact_id})"
        )
    yield "  see `netdeck duplicates` to merge or keep them apart"


def matched_counts(by: Iterable[MatchedBy]) -> dict[str, int]:
    """Matches counted by what they matched by, in the rule's order."""
    counts = Counter(by)
    return {key.value: counts[key] for key in MatchedBy if counts[key]}


def report_lines(
    matched_by: Mapping[str, int],
    left_out: Iterable[LeftOut],
    duplicates: Iterable[PossibleDuplicate],
) -> Iterator[str]:
    """Everything above as plain one-line texts (names from files made visible, never
    markup), the way both faces print them; a line starting with spaces belongs to
    the one before."""
    matched = matched_by_line(matched_by)
    if matched:
        yield matched
    yield from left_out_lines(left_out)
    for line in duplicate_lines(duplicates):
        yield ("  " if line.startswith(" ") else "") + one_line(line)
