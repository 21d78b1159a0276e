"""Imports of files built to exhaust memory or to hang: refused in one line, quickly,
with little memory, and nothing changed.

Each run is the real ``netdeck`` in a subprocess whose address space is capped
(so a regression fails here, with a MemoryError, instead of swapping the
machine) and whose peak memory is measured. The limits themselves are in
:mod:`netdeck.importers.source_files`; the unit tests in
tests/unit/test_source_files.py cover each one at the reader.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.cli.conftest import WORKERS, Netdeck, Run, assert_user_error, database_dump
from tests.hostile_files import write_zip_bomb

#: Far below what reading a gigabyte needs, far above what netdeck needs to refuse it.
PEAK_MEMORY_MB = 300
#: The cap on each run's address space: a regression dies here instead of swapping.
ADDRESS_SPACE = 3 << 30
#: A run that waits on a FIFO would wait for ever: this long means it hangs.
HANG_SECONDS = 60

#: Runs ``netdeck`` (its arguments after the first) and writes its peak memory in KB
#: to the file named first, however it ends. The peak is the kernel's VmHWM, which
#: starts afresh at ``exec``: ``ru_maxrss`` would carry over the test worker's own peak
#: from the ``fork`` (a worker that ran the TUI tests first reads ~470 MB).
_MEASURED = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return line.split()[1]
    return "0"
atexit.register(lambda: open(sys.argv[1], "w").write(peak()))
from netdeck.cli import main
sys.exit(main(sys.argv[2:]))
"""


def run_measured(netdeck: Netdeck, *args: str) -> tuple[Run, float]:
    """``netdeck ARGS`` in a capped subprocess: what it did and its peak memory in MB."""
    peak = netdeck.data_dir.parent / f"peak-{uuid.uuid4().hex}"

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    assert netdeck.db is not None
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURED, str(peak), "--db", str(netdeck.db), *args],
        capture_output=True,
        text=True,
        env=netdeck.environment(),
        timeout=HANG_SECONDS,
        preexec_fn=cap,
        check=False,
    )
    run = Run(tuple(args), completed.returncode, completed.stdout, completed.stderr)
    kilobytes = int(peak.read_text()) if peak.exists() else 0
    return run, kilobytes / 1024


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two 1 GiB ``Connections.csv`` zips of under 4 MB: one that says how big its member
    is, one that claims 1 KB."""
    folder = tmp_path_factory.mktemp("bombs")
    honest, lying = folder / "Complete_LinkedInDataExport.zip", folder / "Basic_export.zip"
    write_zip_bomb(honest)
    write_zip_bomb(lying, declared=1024)
    assert honest.stat().st_size < 4 << 20
    return {"honest": honest, "lying": lying}


@pytest.mark.parametrize(
    ("bomb", "says"),
    [
        ("honest", ("Connections.csv in the zip is too large", "1,073.7 MB", "at most 200 MB")),
        ("lying", ("cannot read Connections.csv from the zip", "download the export again")),
    ],
)
def test_a_zip_bomb_is_refused_in_one_line_with_little_memory(
    populated: Netdeck, bombs: dict[str, Path], bomb: str, says: tuple[str, ...]
) -> None:
    assert populated.db is not None
    before = database_dump(populated.db)
    for dry_run in ((), ("--dry-run",)):
        run, peak = run_measured(populated, "import", "linkedin", str(bombs[bomb]), *dry_run)
        assert_user_error(run, str(bombs[bomb]), *says)
        assert peak < PEAK_MEMORY_MB, f"{peak:.0f} MB to refuse a zip bomb"
    assert database_dump(populated.db) == before
    assert not (populated.data_dir / "backups").exists()


def test_no_device_or_fifo_is_read(populated: Netdeck, tmp_path: Path) -> None:
    """/dev/zero and a FIFO nobody writes to, given to every importer (a folder is
    refused too: tests/unit/test_source_files.py)."""
    fifo = tmp_path / "Connections.csv"
    os.mkfifo(fifo)
    cases = [
        (kind, path, what)
        for kind in ("linkedin", "csv", "vcard", "json")
        for path, what in (("/dev/zero", "a device"), (str(fifo), "a named pipe (FIFO)"))
    ]
    assert populated.db is not None
    before = database_dump(populated.db)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:  # side by side: each starts Python
        runs = list(pool.map(lambda case: run_measured(populated, "import", *case[:2]), cases))
    for (_kind, path, what), (run, peak) in zip(cases, runs, strict=True):
        assert_user_error(run, f"{path} is {what}, not a file netdeck can import")
        assert peak < PEAK_MEMORY_MB
    assert database_dump(populated.db) == before


def test_a_loose_export_file_on_a_fifo_is_refused(populated: Netdeck, tmp_path: Path) -> None:
    """``messages.csv`` beside ``Connections.csv`` is a FIFO: refused, not waited on."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Zed,New,https://www.linkedin.com/in/zed-new,,Acme,CEO,12 Mar 2019\n",
        encoding="utf-8",
    )
    os.mkfifo(export / "messages.csv")
    assert populated.db is not None
    before = database_dump(populated.db)
    for path in (export, export / "Connections.csv"):
        run, _ = run_measured(populated, "import", "linkedin", str(path))
        assert_user_error(run, "messages.csv is a named pipe (FIFO)")
    assert database_dump(populated.db) == before
