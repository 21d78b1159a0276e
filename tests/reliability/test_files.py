"""Database files netdeck must not damage: truncated ones, unreadable ones, and a
migration that fails halfway.

Corrupt files (text, random bytes, a damaged header), databases from a newer
netdeck and SQLite files of other apps are covered in tests/cli/test_storage.py,
the backup before an upgrade in tests/cli/test_upgrade.py. netdeck has no
settings file: settings live in the database, so a damaged database covers them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from textwrap import dedent

import pytest

from netdeck.store import revision
from tests.cli.conftest import (
    Netdeck,
    assert_user_error,
    copy_database,
    database_dump,
    query,
    siblings,
)
from tests.cli.test_upgrade import NEXT, use_next_revision

HEAD = revision.HEAD_REVISION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Where a copy of a real netdeck database is cut off: inside the header, after
#: the first page (the schema intact, the tables gone), halfway, one page short.
CUTS = {"header": 50, "first page": 4096, "half": 0.5, "one page short": -4096}


@pytest.mark.parametrize("cut", CUTS.values(), ids=CUTS.keys())
@pytest.mark.parametrize("args", [("list",), ("add", "Zed New"), ()], ids=["list", "add", "tui"])
def test_a_truncated_database_is_refused_untouched(
    tmp_path: Path, populated_template: Path, cut: float, args: tuple[str, ...]
) -> None:
    whole = populated_template.read_bytes()
    size = int(len(whole) * cut) if isinstance(cut, float) else cut % len(whole)
    database = tmp_path / "netdeck.db"
    database.write_bytes(whole[:size])
    before = digest(database)

    result = Netdeck(tmp_path / "data", database)(*args)
    error = assert_user_error(result, str(database))
    assert "damaged" in error or "not a SQLite database" in error
    assert digest(database) == before
    assert siblings(database) == []
    assert not (tmp_path / "backups").exists()


def test_an_unreadable_database_is_refused_untouched(
    tmp_path: Path, populated_template: Path
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file whatever its mode")
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    before = digest(database)
    database.chmod(0o000)
    try:
        result = Netdeck(tmp_path / "data", database)("list")
        assert_user_error(result, str(database), "cannot read", "permissions")
    finally:
        database.chmod(0o600)
    assert digest(database) == before
    assert siblings(database) == []


def test_a_folder_given_as_the_database_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "netdeck.db"
    folder.mkdir()
    result = Netdeck(tmp_path / "data", folder)("list")
    assert_user_error(result, str(folder), "is a directory")
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- a migration that fails

BROKEN_REVISION = dedent(
    f'''
    """Adds a column, copies data, then fails (a bug, a full disk...).

    Revision ID: {NEXT}
    Revises: {HEAD}
    """

    import sqlalchemy as sa
    from alembic import op

    revision = "{NEXT}"
    down_revision = "{HEAD}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("contacts") as batch_op:
            batch_op.add_column(sa.Column("nickname", sa.Text(), nullable=True))
        op.execute("UPDATE contacts SET nickname = full_name, notes = 'half-migrated'")
        op.execute("DELETE FROM interactions")
        raise RuntimeError("the migration broke halfway")


    def downgrade() -> None:
        pass
    '''
)


def test_a_failed_migration_leaves_the_database_as_it_was(
    tmp_path: Path, populated_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = copy_database(populated_template, tmp_path / "netdeck.db")
    before = database_dump(database)
    use_next_revision(tmp_path / "next", monkeypatch, BROKEN_REVISION)
    netdeck = Netdeck(tmp_path / "data", database)

    result = netdeck.in_process("add", "Zed New")
    error = assert_user_error(result, str(database), HEAD, NEXT, "unchanged", "backups")
    assert "the migration broke halfway" in error

    assert database_dump(database) == before
    assert query(database, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    backups = sorted((tmp_path / "backups").iterdir())
    assert [b.name.endswith(f"-before-upgrade-from-{HEAD}.db") for b in backups] == [True]
    assert database_dump(backups[0]) == before
    assert str(backups[0].parent) in error
