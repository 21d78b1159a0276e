"""Use cases over a database session. Each returns plain dataclasses (never ORM
objects), so the CLI and the TUI can hand results anywhere, including across
threads."""
