"""``triage``: what is left to triage; ``triage keep|later|archive CONTACT``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import check_limit, database_for, todays_date
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
    from netdeck.services import triage
    from netdeck.services.settings import load_settings

    today = todays_date()
    check_limit(args.limit)
    with database_for(args) as db, db.reading() as session:
        snapshot = triage.triage_queue(
            session,
            today=today,
            settings=load_settings(session),
            limit=args.limit if args.limit is not None else triage.TRIAGE_PAGE,
        )
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
    from netdeck.services import triage
    from netdeck.services.contacts import resolve_contact
    from netdeck.services.settings import load_settings

    today = todays_date()
    decision, verb = DECISIONS[args.triage_command]
    cadence = parse_cadence(args.cadence) if decision == "keep" else 0
    with database_for(args) as db, db.writing() as session:
        settings = load_settings(session)
        contact_id = resolve_contact(session, args.contact).id
        outcome = triage.decide(
            session, contact_id, decision, cadence_days=cadence, today=today, settings=settings
        )
    render(args, outcome.change, change_text(verb))
    return 0
