"""The queue's queries and a search page, timed through the services on a demo database.

    .venv/bin/python tests/benchmarks/queries.py --db DEMO.db [--runs 30]

Times (median and p95 over ``--runs``): today's queue query alone (the ordered,
capped SELECT plus the rows' addresses), the whole queue snapshot the queue
screen loads (query, counts, next due date), and for a few searches from
common to matching nobody, the first page the contacts screen asks for (46
rows at 120x36) and the count that follows it (up to 1,001 matches; a search
whose matches fit on the first page is counted with it, so its count is 0).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from netdeck.domain.contact_query import ContactQuery
from netdeck.services.api import DeckApi
from netdeck.services.queue import due_contacts
from netdeck.services.settings import load_settings

TODAY = date(2026, 11, 25)
SEARCHES = ("a", "s", "sm", "ann", "anna", "smith", "acme", "z", "zq")


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    call()  # warm the page cache and the statement cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    deck = DeckApi.open(args.db, lambda: TODAY)
    snapshot = deck.queue()
    print(f"Queries: {snapshot.contact_count:,} contacts, {snapshot.due_total:,} due on {TODAY}")

    def query() -> None:
        with deck.database.reading() as session:
            settings = load_settings(session)
            due_contacts(session, today=TODAY, settings=settings, limit=settings.queue_size)

    rows = [
        ("queue query", timed(query, args.runs)),
        ("queue snapshot", timed(deck.queue, args.runs)),
    ]
    for term in SEARCHES:
        rows.append(
            (
                f"search {term!r}: first page",
                timed(
                    lambda term=term: deck.contacts_page(ContactQuery(search=term), limit=46),
                    args.runs,
                ),
            )
        )
        counted = deck.contacts_page(ContactQuery(search=term), limit=46).total is not None
        rows.append(
            (
                f"search {term!r}: count",
                timed(lambda term=term: deck.search_matches(ContactQuery(search=term)), args.runs)
                if not counted
                else (0.0, 0.0),
            )
        )
    for name, (median, p95) in rows:
        print(f"  {name:<32} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    deck.close()


if __name__ == "__main__":
    main()
