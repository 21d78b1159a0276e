"""Files netdeck writes outside its database, and the folders it makes for them.

- ``export -o`` and ``backup -o`` write only a new file, or with ``--force`` replace
  a regular one; never through a symbolic link, over a folder or device, or over
  the open database and its side files (even with ``--force``);
- rotation deletes only automatic backups: a manual one survives any number of imports;
- every folder netdeck creates is 0700, even under ``umask 000``; a folder it
  cannot create (a file in the way) is one clear error, with nothing changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from netdeck.store.backup import KEEP_BACKUPS
from tests.cli.conftest import (
    Netdeck,
    assert_user_error,
    copy_database,
    database_dump,
    run_all,
    succeeded,
)
from tests.postgres import sqlite_only

#: How each command writes the user-named PATH.
WRITERS = {
    "export csv": ("export", "csv", "-o"),
    "export vcard": ("export", "vcard", "-o"),
    "export json": ("export", "json", "-o"),
    "backup": ("backup", "-o"),
}
OLD_CONTENT = b"the user's own file\n"

#: Files written beside the database (its -wal name, backups/), and the file itself.
pytestmark = sqlite_only("files beside a SQLite database")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def state(path: Path) -> tuple[object, ...]:
    """What a user could notice about ``path``: its kind, mode, bytes (never followed)."""
    if not os.path.lexists(path):
        return ("missing",)
    if path.is_symlink():
        return ("link", os.readlink(path))
    if path.is_dir():
        return ("folder", mode(path), sorted(p.name for p in path.iterdir()))
    return ("file", mode(path), hashlib.sha256(path.read_bytes()).hexdigest())


@dataclass(frozen=True, slots=True)
class Hostile:
    """A destination to refuse: how to make it, ``--force`` or not, what the error names."""

    make: Callable[[Path, Path], Path]  # (folder, database) -> the PATH to give
    force: bool
    says: str


def _same_file(path: Path, database: Path) -> bool:
    return not path.is_symlink() and path.is_file() and path.samefile(database)


def _file(folder: Path, _database: Path) -> Path:
    target = folder / "mine.txt"
    target.write_bytes(OLD_CONTENT)
    target.chmod(0o644)
    return target


def _link_to_file(folder: Path, _database: Path) -> Path:
    _file(folder, _database)
    (folder / "link.txt").symlink_to(folder / "mine.txt")
    return folder / "link.txt"


def _dangling_link(folder: Path, _database: Path) -> Path:
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    return folder / "dangling.txt"


def _link_to_database(folder: Path, database: Path) -> Path:
    (folder / "db-link.db").symlink_to(database)
    return folder / "db-link.db"


def _hard_link_to_database(folder: Path, database: Path) -> Path:
    os.link(database, folder / "same.db")
    return folder / "same.db"


def _folder(folder: Path, _database: Path) -> Path:
    (folder / "sub").mkdir()
    return folder / "sub"


HOSTILE = {
    "an existing file": Hostile(_file, False, "already exists"),
    "the database": Hostile(lambda _f, database: database, False, "open database"),
    "the database, --force": Hostile(lambda _f, database: database, True, "open database"),
    "its -wal file, --force": Hostile(
        lambda _f, database: Path(f"{database}-wal"), True, "open database"
    ),
    "a hard link to it, --force": Hostile(_hard_link_to_database, True, "open database"),
    "a link to a file": Hostile(_link_to_file, False, "symbolic link"),
    "a link to a file, --force": Hostile(_link_to_file, True, "symbolic link"),
    "a dangling link": Hostile(_dangling_link, False, "symbolic link"),
    "a link to the database, --force": Hostile(_link_to_database, True, "symbolic link"),
    "a folder, --force": Hostile(_folder, True, "is a folder"),
    "a device, --force": Hostile(lambda _f, _d: Path(os.devnull), True, "not a regular file"),
}


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_path_that_must_not_be_written_is_refused_and_left_alone(
    populated: Netdeck, tmp_path: Path, writer: tuple[str, ...]
) -> None:
    database = populated.db
    assert database is not None
    cases: dict[str, tuple[Path, Hostile]] = {}
    for index, (name, hostile) in enumerate(HOSTILE.items()):
        folder = tmp_path / f"case{index}"
        folder.mkdir()
        cases[name] = (hostile.make(folder, database), hostile)
    folders = [tmp_path / f"case{i}" for i in range(len(cases))]
    watched = [*folders, Path(f"{database}-wal"), *(f / "nowhere.txt" for f in folders)]
    # The database (and its hard link) is compared by its rows: a reader may rewrite its header.
    watched += [p for f in folders for p in f.iterdir() if not _same_file(p, database)]
    before = {path: state(path) for path in watched}
    dump = database_dump(database)

    results = run_all(
        [
            lambda path=path, hostile=hostile: populated(
                *writer, str(path), *(("--force",) if hostile.force else ())
            )
            for path, hostile in cases.values()
        ]
    )

    for (name, (_path, hostile)), result in zip(cases.items(), results, strict=True):
        assert_user_error(result, hostile.says), name
    assert {path: state(path) for path in watched} == before
    assert database_dump(database) == dump
    leftovers = [p for p in tmp_path.rglob("*.partial")]
    assert leftovers == [], "a refused write left a temporary file behind"


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_force_replaces_a_regular_file_without_touching_the_old_one(
    populated: Netdeck, tmp_path: Path, writer: tuple[str, ...]
) -> None:
    """--force gives the name to a new private file: the old file's mode and its other
    hard links stay as they were (nothing is re-moded or written through)."""
    target = tmp_path / "out" / "deck"
    target.parent.mkdir()
    target.write_bytes(OLD_CONTENT)
    target.chmod(0o644)
    other_name = tmp_path / "other-name"
    os.link(target, other_name)

    populated.ok(*writer, str(target), "--force")

    assert mode(target) == 0o600 and target.read_bytes() != OLD_CONTENT
    assert (other_name.read_bytes(), mode(other_name)) == (OLD_CONTENT, 0o644)
    assert sorted(p.name for p in target.parent.iterdir()) == ["deck"]


def test_a_manual_backup_survives_the_rotation_of_automatic_ones(
    populated: Netdeck, tmp_path: Path
) -> None:
    database = populated.db
    assert database is not None
    backups = database.parent / "backups"
    manual = Path(populated.json("backup")["backup"])
    named = backups / "before-the-big-change.db"
    populated.ok("backup", "-o", str(named))
    kept = {path: state(path) for path in (manual, named)}

    for n in range(KEEP_BACKUPS + 2):  # each import that adds someone backs up first
        people = tmp_path / f"people{n}.csv"
        people.write_text(f"Name\nPerson Number{n}\n", encoding="utf-8")
        succeeded(populated.in_process("import", "csv", str(people)))

    automatic = re.compile(r"netdeck-\d{8}T\d{12}Z-before-import\.db")
    assert len([p for p in backups.iterdir() if automatic.fullmatch(p.name)]) == KEEP_BACKUPS
    assert {path: state(path) for path in (manual, named)} == kept
    assert manual.name.endswith("-manual.db")


def test_every_folder_netdeck_creates_is_private_under_umask_000(tmp_path: Path) -> None:
    """The default data dir under $HOME, --db's folders, backup -o's and export -o's, and
    backups/: each created 0700; a folder that already existed keeps its mode."""
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    default = Netdeck(tmp_path / "unused")  # NETDECK_DATA_DIR unset below: the platform default
    platform_default = {"HOME": str(home), "XDG_DATA_HOME": "", "NETDECK_DATA_DIR": ""}
    deep_db = tmp_path / "a" / "b" / "c" / "x.db"
    other = Netdeck(tmp_path / "data", deep_db)
    people = tmp_path / "people.csv"
    people.write_text("Name\nPat Doe\n", encoding="utf-8")
    old = os.umask(0o000)
    try:
        succeeded(default("add", "Ann Lee", env=platform_default))
        succeeded(other("add", "Ann Lee"))
        runs = run_all(
            [
                lambda: other("backup", "-o", str(tmp_path / "d" / "e" / "f.db")),
                lambda: other("export", "json", "-o", str(tmp_path / "g" / "h" / "x.json")),
            ]
        )
        for run in runs:
            succeeded(run)
        succeeded(other("import", "csv", str(people)))  # the first automatic backup
    finally:
        os.umask(old)

    created = [
        home / ".local",
        home / ".local" / "share",
        home / ".local" / "share" / "netdeck",
        *(tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"),
        tmp_path / "a" / "b" / "c" / "backups",
        *(tmp_path / "d", tmp_path / "d" / "e", tmp_path / "g", tmp_path / "g" / "h"),
    ]
    assert {str(p.relative_to(tmp_path)): oct(mode(p)) for p in created} == {
        str(p.relative_to(tmp_path)): oct(0o700) for p in created
    }
    assert mode(home) == 0o755, "an existing folder is not netdeck's to re-mode"
    files = [
        home / ".local" / "share" / "netdeck" / "netdeck.db",
        deep_db,
        tmp_path / "d" / "e" / "f.db",
        tmp_path / "g" / "h" / "x.json",
        *(tmp_path / "a" / "b" / "c" / "backups").iterdir(),
    ]
    assert {mode(p) for p in files} == {0o600}


def _under_a_file(tmp_path: Path) -> Path:
    blocker = tmp_path / "blocker"
    blocker.write_bytes(OLD_CONTENT)
    return blocker


@pytest.mark.parametrize(
    "args",
    [("list",), ("add", "Zed New"), ()],
    ids=["list", "add", "tui"],
)
def test_a_data_dir_under_a_file_is_one_clear_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    blocker = _under_a_file(tmp_path)
    netdeck = Netdeck(blocker / "netdeck")
    result = netdeck(*args)
    assert_user_error(result, str(blocker), "is a file, not a folder")
    assert state(blocker) == ("file", mode(blocker), hashlib.sha256(OLD_CONTENT).hexdigest())


def test_a_db_or_an_output_under_a_file_is_one_clear_error(
    populated: Netdeck, tmp_path: Path
) -> None:
    blocker = _under_a_file(tmp_path)
    before = state(blocker)
    runs = run_all(
        [
            lambda: Netdeck(tmp_path / "data", blocker / "x.db")("list"),
            lambda: populated("export", "csv", "-o", str(blocker / "out" / "x.csv")),
            lambda: populated("backup", "-o", str(blocker / "x.db")),
        ]
    )
    for run in runs:
        assert_user_error(run, str(blocker), "is a file, not a folder")
    assert state(blocker) == before


@pytest.mark.parametrize(
    "command",
    ["import json", "import csv", "backup"],
)
def test_a_file_named_backups_is_one_clear_error_and_nothing_changes(
    populated: Netdeck, empty_template: Path, tmp_path: Path, command: str
) -> None:
    """Every write that backs up first stops when the backups folder cannot be made."""
    export = tmp_path / "deck.json"
    populated.ok("export", "json", "-o", str(export))
    people = tmp_path / "people.csv"
    people.write_text("Name\nPat Doe\n", encoding="utf-8")
    empty = Netdeck(tmp_path / "data", copy_database(empty_template, tmp_path / "new" / "x.db"))
    target = empty if command == "import json" else populated  # a restore needs an empty deck
    assert target.db is not None
    blocker = target.db.parent / "backups"
    blocker.write_bytes(OLD_CONTENT)
    dump, before = database_dump(target.db), state(blocker)
    args = {
        "import json": ("import", "json", str(export)),
        "import csv": ("import", "csv", str(people)),
        "backup": ("backup",),
    }[command]

    assert_user_error(target(*args), str(blocker), "is a file, not a folder")

    assert database_dump(target.db) == dump
    assert state(blocker) == before
