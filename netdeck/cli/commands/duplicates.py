"""``duplicates``, ``merge``, ``unmerge`` and ``not-duplicates``: one person, one record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import api_for, check_limit
from netdeck.cli.render import render
from netdeck.domain.import_report import plural
from netdeck.domain.text import visible

if TYPE_CHECKING:
    import argparse

    from netdeck.services.duplicates import (
        DuplicateSide,
        DuplicatesSnapshot,
        MergeOutcome,
    )


def cmd_duplicates(args: argparse.Namespace) -> int:
    check_limit(args.limit)
    with api_for(args) as api:
        snapshot = api.duplicates(limit=args.limit)
    render(args, snapshot, _duplicates_text, as_json=_duplicates_json)
    return 0


def _side_text(side: DuplicateSide) -> str:
    company = f" ({visible(side.company)})" if side.company else ""
    return f"#{side.id} {visible(side.name)}{company}"


def _duplicates_text(snapshot: DuplicatesSnapshot) -> Iterator[str]:
    if not snapshot.pairs:
        yield "No likely duplicates."
        return
    for pair in snapshot.pairs:
        yield f"{_side_text(pair.first)}  ~  {_side_text(pair.second)}: {', '.join(pair.why)}"
    if snapshot.total > len(snapshot.pairs):
        yield f"({len(snapshot.pairs)} of {snapshot.total} pairs shown)"
    yield "Merge a pair with `netdeck merge KEEP OTHER`, or `netdeck not-duplicates A B`."


def _duplicates_json(snapshot: DuplicatesSnapshot) -> dict[str, Any]:
    from dataclasses import asdict

    return {
        "total": snapshot.total,
        "pairs": [
            {
                "first": asdict(pair.first),
                "second": asdict(pair.second),
                "certainty": pair.certainty,
                "why": list(pair.why),
            }
            for pair in snapshot.pairs
        ],
    }


def cmd_merge(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        outcome = api.merge(args.keep, args.other, remember=True)
    render(args, outcome, _merge_text, as_json=_merge_json)
    return 0


def _merge_text(outcome: MergeOutcome) -> Iterator[str]:
    yield (
        f"Merged #{outcome.other_id} {visible(outcome.other_name)} into "
        f"#{outcome.kept_id} {visible(outcome.kept_name)} ({outcome.stage}): "
        + ", ".join(
            f"{count} {plural(what, count)}"
            for what, count in (
                ("address", outcome.addresses),
                ("tag", outcome.tags),
                ("interaction", outcome.interactions),
                ("date", outcome.key_dates),
                ("job change", outcome.role_changes),
            )
        )
        + " moved"
        + (f"; {outcome.dropped} already there" if outcome.dropped else "")
    )
    if outcome.backup:
        yield f"Backup before the merge: {visible(outcome.backup)}"
    yield "Undo with `netdeck unmerge`."


def cmd_unmerge(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        kept, merged = api.undo_last_merge()
    render(
        args,
        (kept, merged),
        lambda names: [f"Unmerged: {visible(names[1])} and {visible(names[0])} are back as before"],
        as_json=lambda names: {"kept": names[0], "merged": names[1]},
    )
    return 0


def _merge_json(outcome: MergeOutcome) -> dict[str, Any]:
    return {
        "kept": {"id": outcome.kept_id, "name": outcome.kept_name},
        "merged": {"id": outcome.other_id, "name": outcome.other_name},
        "stage": outcome.stage,
        "moved": {
            "addresses": outcome.addresses,
            "tags": outcome.tags,
            "interactions": outcome.interactions,
            "dates": outcome.key_dates,
            "role_changes": outcome.role_changes,
        },
        "already_there": outcome.dropped,
        "backup": outcome.backup,
    }


def cmd_not_duplicates(args: argparse.Namespace) -> int:
    with api_for(args) as api:
        first, second = api.not_duplicates(args.first, args.second)
    render(
        args,
        (first, second),
        lambda names: [
            f"Noted: {visible(names[0])} and {visible(names[1])} are not the same person"
        ],
        as_json=lambda names: {"not_duplicates": list(names)},
    )
    return 0
