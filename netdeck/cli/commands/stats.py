"""``stats``: network health, as text or in the documented ``--json`` shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import api_for
from netdeck.cli.render import render, table

if TYPE_CHECKING:
    import argparse

    from netdeck.domain.health import BareRequests, ContactList, NetworkHealth, Ratio


def cmd_stats(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        health = api.health()
    render(args, health, _health_text, as_json=_health_json)
    return 0


def _health_text(health: NetworkHealth) -> Iterator[str]:
    from netdeck.domain.health import week_bars
    from netdeck.domain.note_budget import budget_use_text

    weekly = [ratio.fraction for ratio in health.on_cadence_weekly]
    per_week = health.interactions_per_week
    last_four = " ".join(r.percent_text() for r in health.on_cadence_weekly[-4:])
    yield f"Network health on {health.today.isoformat()}"
    yield (
        f"  Inner circle     {health.inner_circle.numerator} active of a target of "
        f"{health.inner_circle.denominator}"
    )
    yield f"  On cadence       {health.on_cadence.describe()}"
    yield f"    last 12 weeks  {week_bars(weekly, 1.0)}  {last_four} (last 4)"
    yield f"  Follow-through   {health.follow_through.describe()} new connections messaged within 7 days"
    yield f"  Request notes    {health.request_notes.describe()} requests had a note"
    yield f"                   {budget_use_text(health.note_budget)}"
    yield f"  Reciprocity      {health.reciprocity.describe()} sends answered within 14 days"
    yield (
        f"                   {health.replies_received} replies received, "
        f"{health.messages_sent} messages sent (12 months)"
    )
    yield (
        f"  Per week         {week_bars(per_week, max(per_week, default=0))}  "
        f"{health.interactions_per_week[-1]} this week, {sum(health.interactions_per_week)} in 12 weeks"
    )
    days = "day" if health.streak_days == 1 else "days"
    yield (
        f"  Streak           {health.streak_days} {days} of a cleared queue"
        f"{'' if health.cleared_today else ' (today not cleared yet)'}"
    )
    if health.snippet_replies:
        yield "Answers per snippet"
        rows = [(s.name, s.answered.describe()) for s in health.snippet_replies]
        for line in table(rows, (30, None)):
            yield f"  {line}"
    yield from _listed_text(
        "Drifting (overdue by more than twice their cadence)", health.drifting, "overdue"
    )
    yield from _listed_text("Candidates to let go (silent for 6 months)", health.let_go, "silent")
    yield from _bare_text(health.bare_requests)


def _bare_text(bare: BareRequests) -> Iterator[str]:
    """``3 requests went out without a note (last 90 days)``, then who and when."""
    yield f"{bare.text()[:1].upper()}{bare.text()[1:]} (last 90 days)"
    rows = [(f"#{r.id}", r.name, r.on.isoformat()) for r in bare.requests]
    for line in table(rows, (7, 30, None)):
        yield f"  {line}"
    if bare.more:
        yield f"  … and {bare.more} more"


def _listed_text(title: str, listed: ContactList, unit: str) -> Iterator[str]:
    yield f"{title}: {listed.total}"
    rows = [(f"#{c.id}", c.name, c.stage, f"{c.days}d {unit}") for c in listed.contacts[:10]]
    for line in table(rows, (7, 30, 9, None)):
        yield f"  {line}"
    if listed.total > len(rows):
        yield f"  … and {listed.total - len(rows)} more (press h in the TUI)"


def _health_json(health: NetworkHealth) -> dict[str, Any]:
    """The documented ``stats --json`` shape (README, "Network health")."""
    return {
        "today": health.today,
        "inner_circle": {
            "active": health.inner_circle.numerator,
            "target": health.inner_circle.denominator,
        },
        "on_cadence": _ratio_json(health.on_cadence),
        "on_cadence_weekly": [_ratio_json(r) for r in health.on_cadence_weekly],
        "follow_through": _ratio_json(health.follow_through),
        "request_notes": _ratio_json(health.request_notes),
        "reciprocity": {
            **_ratio_json(health.reciprocity),
            "replies_received": health.replies_received,
            "messages_sent": health.messages_sent,
            "snippets": [
                {"id": s.snippet_id, "name": s.name, **_ratio_json(s.answered)}
                for s in health.snippet_replies
            ],
        },
        "interactions_per_week": list(health.interactions_per_week),
        "streak": {"days": health.streak_days, "cleared_today": health.cleared_today},
        "drifting": _listed_json(health.drifting),
        "let_go": _listed_json(health.let_go),
        "bare_requests": {
            "count": health.bare_requests.total,
            "people": [
                {"id": r.id, "name": r.name, "on": r.on} for r in health.bare_requests.requests
            ],
        },
        "note_budget": health.note_budget.as_json(),
    }


def _ratio_json(value: Ratio) -> dict[str, Any]:
    return {
        "count": value.numerator,
        "of": value.denominator,
        "share": None if value.fraction is None else round(value.fraction, 4),
    }


def _listed_json(listed: ContactList) -> dict[str, Any]:
    return {
        "total": listed.total,
        "contacts": [
            {
                "id": c.id,
                "name": c.name,
                "stage": c.stage,
                "last_interaction_on": c.last_interaction_on,
                "days": c.days,
            }
            for c in listed.contacts
        ],
    }
