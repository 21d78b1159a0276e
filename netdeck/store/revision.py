"""The schema revisions this version of netdeck knows, cached as constants.

Opening a database that is already at :data:`HEAD_REVISION` must not import
Alembic (start-up time matters), so the head is written down here; a test
keeps these constants equal to what the migration scripts say.
"""

HEAD_REVISION = "0017"

#: Every revision in the migration history, oldest first.
KNOWN_REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015_search_index",
    "0016",
    "0017",
)
