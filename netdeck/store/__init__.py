"""Persistence: the engine and its pragmas, the ORM models, migrations and backups.

SQLite by default; every query stays dialect-neutral so a PostgreSQL URL can
be used through the same ``--db`` option later.
"""
