"""How long `netdeck import linkedin` takes on a large ``Connections.csv``.

    .venv/bin/python tests/benchmarks/import_linkedin.py [--rows 10000] [--runs 5]

Writes a realistic ``Connections.csv`` (the ``Notes:`` preamble, quoted
commas and quotes in Company and Position, about 10% with an email address,
about 1% hidden members with only a date, connections from the last ten
years), then imports it into a fresh, migrated database ``--runs`` times
through :func:`netdeck.services.importing.import_linkedin` (the work behind
the CLI command and the TUI's import screen, backup included; opening and
migrating the database is not timed). Prints rows, the median seconds (wall
clock, and the CPU time this process used) and rows per second. Not collected by pytest: a benchmark, not a timed test.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 25)
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    'https://www.linkedin.com/psettings/privacy/email."\n'
    "\n"
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FIRST = [
    "Ada",
    "Alan",
    "Amara",
    "Ana",
    "Ben",
    "Carla",
    "Chen",
    "Dana",
    "Diego",
    "Elena",
    "Emeka",
    "Farah",
    "Greg",
    "Hana",
    "Ines",
    "Ivan",
    "Jonas",
    "Kai",
    "Lena",
    "Luca",
    "Maya",
    "Mei",
    "Nadia",
    "Noah",
    "Olu",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Sofia",
    "Tariq",
    "Uma",
    "Vera",
    "Wei",
    "Yara",
    "Zoe",
    "José",
    "Søren",
    "Zoë",
]
LAST = [
    "Alvarez",
    "Byrne",
    "Chen",
    "Dubois",
    "Eze",
    "Fischer",
    "García",
    "Haddad",
    "Ito",
    "Jansen",
    "Kowalski",
    "Larsen",
    "Müller",
    "Nasser",
    "Okafor",
    "Patel",
    "Quispe",
    "Rossi",
    "Sato",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
    "O'Brien",
]
COMPANIES = [
    "Acme Robotics",
    "Northwind Labs",
    "Blue Harbor Capital",
    "Fernhill University",
    "Globex, Inc.",
    "Initech",
    "Umbrella Health, LLC",
    "Stark Industries",
    "Wayne Enterprises",
    "",
]
TITLES = [
    "Product Manager",
    "VP, Engineering",
    'Engineer, Platform "Core" team',
    "Head of Growth",
    "Founder & CEO",
    "Data Scientist",
    "Recruiter",
    "",
]


def write_connections(path: Path, rows: int, *, seed: int = 5) -> None:
    """A ``Connections.csv`` with ``rows`` data rows, as LinkedIn writes it (no final newline)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for i in range(rows):
            day = TODAY - timedelta(days=rng.randrange(0, 3650))
            connected = f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"
            if rng.random() < 0.01:
                writer.writerow(["", "", "", "", "", "", connected])
                continue
            first, last = rng.choice(FIRST), rng.choice(LAST)
            slug = f"{first}-{last}-{i:x}".lower().replace("'", "")
            email = f"{first}.{last}{i}@example.com".lower() if rng.random() < 0.1 else ""
            writer.writerow(
                [
                    first,
                    last,
                    f"https://www.linkedin.com/in/{slug}",
                    email,
                    rng.choice(COMPANIES),
                    rng.choice(TITLES),
                    connected,
                ]
            )
    # LinkedIn's file has no final newline.
    with path.open("rb+") as handle:
        handle.seek(-1, os.SEEK_END)
        handle.truncate()


def time_import(csv_path: Path, folder: Path, run: int) -> tuple[float, float, int]:
    from netdeck.services.importing import import_linkedin
    from netdeck.store.database import open_database

    database = open_database(str(folder / f"run{run}.db"))
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = import_linkedin(database, csv_path, today=TODAY)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        database.close()
    return elapsed, cpu, summary.added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["NETDECK_DATA_DIR"] = str(folder)
        csv_path = folder / "Connections.csv"
        write_connections(csv_path, args.rows)
        times, cpu_times, added = [], [], 0
        for run in range(args.runs):
            elapsed, cpu, added = time_import(csv_path, folder, run)
            times.append(elapsed)
            cpu_times.append(cpu)
        median = statistics.median(times)
        # CPU time too: on a shared machine the wall clock also counts other processes.
        print(
            f"rows {args.rows:,}  added {added:,}  median {median:.2f} s over {args.runs} runs "
            f"(min {min(times):.2f}, max {max(times):.2f}; CPU median "
            f"{statistics.median(cpu_times):.2f} s)  {args.rows / median:,.0f} rows/s"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
