"""``triage``: what is left to triage; ``triage keep|later|archive CONTACT``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import api_for, check_limit
from netdeck.cli.render import change_text, date_text, render, table

if TYPE_CHECKING:
    import argparse

    from netdeck.services.triage import TriageSnapshot

#: Each ``triage`` action: the decision it makes and the verb its line shows.
DECISIONS = {
    "keep": ("keep", "Kept"),
    "later": ("later", "Follow up later"),
    "archive": ("let_go", "Let go"),
}


def cmd_triage(args: argparse.Namespace) -> int:
    from netdeck.services.triage import TRIAGE_PAGE

    check_limit(args.limit)
    with api_for(args) as api:
        snapshot = api.triage_queue(limit=args.limit if args.limit is not None else TRIAGE_PAGE)
    render(args, snapshot, _triage_text, as_json=_triage_json)
    return 0


def _triage_json(snapshot: TriageSnapshot) -> dict[str, Any]:
    counts = snapshot.counts
    return {
        "left": counts.left,
        "inner_circle": counts.inner_circle,
        "inner_circle_target": counts.inner_circle_target,
        "entries": list(snapshot.entries),
    }


def _triage_text(snapshot: TriageSnapshot) -> Iterator[str]:
    counts = snapshot.counts
    yield (
        f"{counts.left} left to triage, showing {len(snapshot.entries)}; "
        f"inner circle {counts.inner_circle}/{counts.inner_circle_target}"
    )
    if not snapshot.entries:
        yield "Nothing to triage: every contact has a stage."
        return
    rows = [
        (f"#{e.id}", e.name, e.company, date_text(e.connected_on), "; ".join(e.reasons) or "-")
        for e in snapshot.entries
    ]
    yield from table(rows, (7, 24, 20, 10, None))


def cmd_triage_decide(args: argparse.Namespace) -> int:
    """``triage keep|later|archive CONTACT``: one unsorted contact decided."""
    from netdeck.domain.cadence import parse_cadence

    decision, verb = DECISIONS[args.triage_command]
    given = args.cadence if decision == "keep" else None
    cadence = parse_cadence(given) if given is not None else None
    with api_for(args) as api:
        outcome, _counts = api.triage_act(args.contact, decision, cadence)
    render(args, outcome.change, change_text(verb))
    return 0
