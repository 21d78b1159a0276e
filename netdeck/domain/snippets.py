"""Snippet kinds and target channels, and the rules a snippet must meet to be saved."""

from __future__ import annotations

from enum import StrEnum

from netdeck.domain.choices import parse_choice
from netdeck.domain.errors import InvalidInput

MAX_SNIPPET_NAME = 100


class SnippetKind(StrEnum):
    CONNECTION_REQUEST = "connection-request"
    FIRST_MESSAGE = "first-message"
    CHECK_IN = "check-in"
    FOLLOW_UP = "follow-up"
    THANK_YOU = "thank-you"
    RECONNECT = "reconnect"
    CONGRATULATIONS = "congratulations"
    BIRTHDAY = "birthday"


class SnippetChannel(StrEnum):
    LINKEDIN_NOTE = "linkedin-note"
    LINKEDIN_MESSAGE = "linkedin-message"
    EMAIL = "email"
    X_DM = "x-dm"
    X_POST = "x-post"
    WEBSITE = "website"
    ANY = "any"


def parse_snippet_kind(text: str) -> SnippetKind:
    return parse_choice(SnippetKind, text, "snippet kind")


def parse_snippet_channel(text: str) -> SnippetChannel:
    return parse_choice(SnippetChannel, text, "snippet channel")


def clean_snippet_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidInput("snippet name must not be empty")
    if len(name) > MAX_SNIPPET_NAME:
        raise InvalidInput(f"snippet name must be at most {MAX_SNIPPET_NAME} characters")
    return name


def clean_snippet_body(text: str) -> str:
    if not text.strip():
        raise InvalidInput("snippet body must not be empty")
    return text.strip("\n")
