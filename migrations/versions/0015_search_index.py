"""A search index over ``contacts.search_text``, so a search that finds few people
does not read every contact's text.

SQLite: an FTS5 table of the text's trigrams (``contacts_search``), kept current by
triggers on ``contacts`` (insert, update of the text or the id,
delete), so every write that changes a search text (an edit, an import's bulk
insert, a merge, a restore, a sync, a copy) changes the index in the same
transaction. Each text is indexed with a space after it, so every 1- or 2-letter
part of the text begins some trigram (``sm`` at the very end of ``... osm`` is
in ``sm ``): a short search word is found through the trigrams that begin with it.
``detail=none`` keeps the index small and quick to build (no positions); the index
only narrows, the ``LIKE`` per word still decides, so a trigram seen out of order
costs a row read, never a wrong result. Where the SQLite library has no FTS5
(detected by trying), nothing is made and search scans as before
(:mod:`netdeck.store.search_index`).

PostgreSQL: the ``pg_trgm`` extension (trusted since PostgreSQL 13, so the
database's owner may create it), a GIN trigram index on the text for words of 3
letters and more, one on the text with each character doubled for 2-letter words
(``sm`` is in a text exactly when ``ssmm`` is in its doubled text, and that has
trigrams), and the names in code point order with the text alongside, the order a
search's first page is read in. No triggers: PostgreSQL keeps indexes current.

Not in the models (the schema comparison leaves them out by name): an FTS5 table
and triggers are not SQLAlchemy objects, and these PostgreSQL indexes are on
expressions. A later migration that rebuilds ``contacts`` on SQLite (a batch
alter) drops the triggers with the old table: until it makes them again and fills
the index anew (never with FTS5's ``rebuild``, which would index the text without
its space), search sees no triggers and scans (:mod:`netdeck.store.search_index`).

Revision ID: 0015_search_index
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# An error the user can act on (the CLI prints it on one line): a stable class, not a rule.
from netdeck.domain.errors import StorageError

revision: str = "0015_search_index"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: What each contact is indexed as, given a row's name (``new`` or ``old``) in a trigger.
_INDEXED = "{row}.search_text || ' '"

_SQLITE_TRIGGERS = {
    "contacts_search_insert": "AFTER INSERT ON contacts BEGIN {add_new}; END",
    "contacts_search_update": (
        "AFTER UPDATE OF search_text, id ON contacts BEGIN {remove_old}; {add_new}; END"
    ),
    "contacts_search_delete": "AFTER DELETE ON contacts BEGIN {remove_old}; END",
}
_ADD_NEW = (
    "INSERT INTO contacts_search(rowid, search_text) VALUES (new.id, "
    + _INDEXED.format(row="new")
    + ")"
)
_REMOVE_OLD = (
    "INSERT INTO contacts_search(contacts_search, rowid, search_text) VALUES ('delete', old.id, "
    + _INDEXED.format(row="old")
    + ")"
)

_POSTGRESQL_PAIRS_FUNCTION = (
    "CREATE OR REPLACE FUNCTION netdeck_search_pairs(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    "AS $$ SELECT regexp_replace($1, '(.)', '\\1\\1', 'g') $$"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_sqlite() -> None:
    bind = op.get_bind()
    try:  # a failed CREATE leaves SQLite's transaction as it was
        # External content names ``contacts`` (read only when the index is scanned, as
        # a dump does; no view, which would tie the table down: a later batch rebuild of
        # ``contacts`` could not drop it). What is indexed is what the triggers write.
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE contacts_search USING fts5(search_text, "
            "content='contacts', content_rowid='id', "
            "tokenize='trigram case_sensitive 1', detail='none', columnsize=0)"
        )
    except sa.exc.OperationalError as error:
        if "fts5" in str(error) or "trigram" in str(error):
            return  # this SQLite has no FTS5 (or no trigram tokenizer): search scans
        raise
    bind.exec_driver_sql(
        "INSERT INTO contacts_search(rowid, search_text) SELECT id, "
        + _INDEXED.format(row="contacts")
        + " FROM contacts"
    )
    # Its trigrams, for the short words (a read of the index's own term list).
    bind.exec_driver_sql(
        "CREATE VIRTUAL TABLE contacts_search_terms USING fts5vocab(contacts_search, 'row')"
    )
    for name, body in _SQLITE_TRIGGERS.items():
        bind.exec_driver_sql(
            f"CREATE TRIGGER {name} " + body.format(add_new=_ADD_NEW, remove_old=_REMOVE_OLD)
        )


def _upgrade_postgresql() -> None:
    bind = op.get_bind()
    try:
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as error:
        raise StorageError(
            "search needs the PostgreSQL extension pg_trgm, which this role cannot create "
            f"({str(error.orig).splitlines()[0]}): connect to the deck's database as its "
            "owner (PostgreSQL 13 or later) or as a superuser, run CREATE EXTENSION pg_trgm; "
            "and open the deck again"
        ) from error
    # GIN builds are far quicker with room to sort in (the default is 64 MB).
    bind.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    bind.exec_driver_sql(_POSTGRESQL_PAIRS_FUNCTION)
    bind.exec_driver_sql(
        "CREATE INDEX ix_contacts_search_trigrams ON contacts USING gin (search_text gin_trgm_ops)"
    )
    bind.exec_driver_sql(
        "CREATE INDEX ix_contacts_search_pairs ON contacts "
        "USING gin (netdeck_search_pairs(search_text) gin_trgm_ops)"
    )
    bind.exec_driver_sql(
        'CREATE INDEX ix_contacts_name_code_points ON contacts ((name_key COLLATE "C"), id) '
        "INCLUDE (search_text)"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for index in (
            "ix_contacts_name_code_points",
            "ix_contacts_search_pairs",
            "ix_contacts_search_trigrams",
        ):
            bind.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS netdeck_search_pairs(text)")
        return  # pg_trgm stays: other databases' objects may use it, and it is harmless
    for name in _SQLITE_TRIGGERS:
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    bind.exec_driver_sql("DROP TABLE IF EXISTS contacts_search_terms")
    bind.exec_driver_sql("DROP TABLE IF EXISTS contacts_search")
