"""Finding likely duplicates, timed through the application API on a demo database.

    .venv/bin/python tests/benchmarks/duplicates.py --db DEMO.db [--runs 3]

Times (median and slowest of ``--runs``): the whole list (``netdeck duplicates``:
every pair, both people of each read for the listing) and the first 500 pairs (what
the duplicates screen loads), printed with the deck's size and how many pairs each
kind of evidence gave. The demo deck draws its names from 99 first and 66 last
names at 28 companies, so at 100,000 contacts each name is shared by about 15
people: far more "same name" blocks than a real deck has, most of them over the
block limit (``netdeck.domain.duplicates.LARGEST_BLOCK``), and every company holds
thousands of names to compare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from netdeck.services.api import DeckApi

TODAY = date(2026, 11, 25)


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    deck = DeckApi.open(args.db, lambda: TODAY)
    contacts = deck.queue().contact_count
    everything = deck.duplicates()
    kinds = Counter(pair.certainty for pair in everything.pairs)
    print(
        f"Duplicates: {contacts:,} contacts, {everything.total:,} pairs ("
        + ", ".join(f"{kind} {count:,}" for kind, count in sorted(kinds.items()))
        + ")"
    )
    for name, call in (
        ("every pair (netdeck duplicates)", deck.duplicates),
        ("first 500 pairs (the screen)", lambda: deck.duplicates(limit=500)),
    ):
        median, slowest = timed(call, args.runs)
        print(f"  {name:<34} median {median:6.2f} s   slowest {slowest:6.2f} s")
    deck.close()


if __name__ == "__main__":
    main()
