"""Tags: the one spelling a tag is stored in."""

from __future__ import annotations

from netdeck.domain.errors import InvalidInput

MAX_TAG_LENGTH = 60


def clean_tag(text: str) -> str:
    """The tag in lower case with single spaces; empty or too long ones are refused."""
    tag = " ".join(text.split()).lower()
    if not tag:
        raise InvalidInput("tag must not be empty")
    if len(tag) > MAX_TAG_LENGTH:
        raise InvalidInput(f"tag {text[:20]!r}… is too long: at most {MAX_TAG_LENGTH} characters")
    return tag
