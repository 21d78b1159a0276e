"""Readers of other tools' files (one module per format): pure parsing into plain
dataclasses, no database. The services decide what the parsed people become."""
