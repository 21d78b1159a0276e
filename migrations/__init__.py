"""Alembic migrations, shipped inside the wheel as ``netdeck.migrations``."""
