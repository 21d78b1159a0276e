"""Developer-only scripts: code generation and migration authoring.

Run from the repository root (``python -m tools.<name>``). Not part of the
runtime package and not shipped in the wheel.
"""
