"""Hostile addresses: the one rule every entry point uses refuses them, and what it
accepts holds nothing a terminal or a browser would act on (issue 13, classes 1 and 9).

tests/reliability/test_hostile_addresses.py sends the same payloads through every
entry point (add, edit, CSV, vCard, LinkedIn, JSON import).
"""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from netdeck.domain.channels import ChannelKind, normalise_address, openable_url
from netdeck.domain.errors import InvalidInput

#: A profile link that is fine, to hang payloads on.
PROFILE = "https://www.linkedin.com/in/jane-doe"

#: (kind, address) pairs that must be refused, each a way in for an attacker or a slip.
HOSTILE: list[tuple[ChannelKind, str]] = [
    # Terminal escapes: set the window title, write the clipboard (OSC 52), clear the screen.
    (ChannelKind.LINKEDIN, PROFILE + "\x1b]0;pwned\x07"),
    (ChannelKind.LINKEDIN, PROFILE + "\x1b]52;c;cHduZWQ=\x07"),
    (ChannelKind.LINKEDIN, PROFILE + "\x1b[2J"),
    (ChannelKind.LINKEDIN, PROFILE + "/\x1b[2J"),  # in a sub-page netdeck would drop
    (ChannelKind.LINKEDIN, PROFILE + "?x=\x1b[2J"),  # in a query netdeck would drop
    (ChannelKind.LINKEDIN, PROFILE + "\x9b2J"),  # C1 CSI
    (ChannelKind.LINKEDIN, PROFILE + "\u202egpj.exe"),  # bidi override (Cf)
    (ChannelKind.LINKEDIN, PROFILE + "\u200b"),  # zero-width space (Cf)
    (ChannelKind.LINKEDIN, PROFILE + "%1b%5d0%3bpwned%07"),  # percent-encoded escape
    (ChannelKind.LINKEDIN, PROFILE + "%2f..%2fsettings"),  # an encoded slash
    (ChannelKind.LINKEDIN, PROFILE + "%ff"),  # not UTF-8
    (ChannelKind.LINKEDIN, "https://www.linkedin.com/in/jane doe"),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com/in/jane\ndoe"),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com/in/jane\u00a0doe"),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com/in/jane<script>"),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com/in/.."),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com/in/" + "a" * 101),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com/pub/jane-doe/1/2/3"),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com/feed/"),
    (ChannelKind.LINKEDIN, "javascript://www.linkedin.com/in/x%0aalert(1)"),
    (ChannelKind.LINKEDIN, "file://www.linkedin.com/in/jane-doe"),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com:evil/in/jane-doe"),
    (ChannelKind.LINKEDIN, "https://www.linkedin.com\\@evil.example/in/jane-doe"),
    (ChannelKind.WEBSITE, "javascript:alert(1)"),
    (ChannelKind.WEBSITE, "javascript://example.com/%0aalert(1)"),
    (ChannelKind.WEBSITE, "file:///etc/passwd"),
    (ChannelKind.WEBSITE, "data:text/html,<script>alert(1)</script>"),
    (ChannelKind.WEBSITE, "ftp://example.com/"),
    (ChannelKind.WEBSITE, "https://example.com/\x1b]0;pwned\x07"),
    (ChannelKind.WEBSITE, "https://example.com/\x1b[2J"),
    (ChannelKind.WEBSITE, "https://example.com/a b"),
    (ChannelKind.WEBSITE, "https://example.com/a\u2028b"),
    (ChannelKind.WEBSITE, "https://example.com/\u202e"),
    (ChannelKind.WEBSITE, "https://user:secret@example.com/"),
    (ChannelKind.WEBSITE, "https://example.com@evil.example/"),
    (ChannelKind.WEBSITE, "https://example.com\\@evil.example/"),
    (ChannelKind.WEBSITE, "https://example.com:99999999999999999999/"),
    (ChannelKind.EMAIL, "jane@example.com?bcc=boss@example.com"),
    (ChannelKind.EMAIL, "mailto:jane@example.com?subject=hi&body=x"),
    (ChannelKind.EMAIL, "jane?bcc=boss%40example.com@example.com"),
    (ChannelKind.EMAIL, "jane@example.com#x"),
    (ChannelKind.EMAIL, "jane%0d%0abcc:x@example.com"),
    (ChannelKind.EMAIL, "jane@example.com\x1b[2J"),
    (ChannelKind.EMAIL, "ja\x1b]0;x\x07ne@example.com"),
    (ChannelKind.EMAIL, "jane@exa\u202emple.com"),
    (ChannelKind.X, "@jane\x1b[2J"),
    (ChannelKind.X, "https://x.com/jane\x1b[2J"),
    (ChannelKind.PHONE, "+44 20 7946 0958\x1b[2J"),
    (ChannelKind.PHONE, "+44 20\x00 7946 0958"),
    (ChannelKind.PHONE, "+44 20 7946 0958\u202e"),
]


@pytest.mark.parametrize(("kind", "text"), HOSTILE, ids=[ascii(text) for _, text in HOSTILE])
def test_hostile_addresses_are_refused(kind: ChannelKind, text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalise_address(kind, text)
    # The message quotes the address escaped, never raw.
    assert str(refused.value).isprintable(), str(refused.value)


@pytest.mark.parametrize(("kind", "text"), HOSTILE, ids=[ascii(text) for _, text in HOSTILE])
def test_a_hostile_address_stored_before_the_rules_is_not_opened(
    kind: ChannelKind, text: str
) -> None:
    with pytest.raises(InvalidInput, match="not opened") as refused:
        openable_url(kind, text)
    assert str(refused.value).isprintable(), str(refused.value)


@pytest.mark.parametrize(
    ("kind", "text", "stored"),
    [
        (
            ChannelKind.LINKEDIN,
            "linkedin.com/in/Zoë-Ångström",
            "https://www.linkedin.com/in/zoë-ångström",
        ),
        (
            ChannelKind.LINKEDIN,
            "https://www.linkedin.com/in/J%C3%BCrgen-M%C3%BCller-1a2",
            "https://www.linkedin.com/in/j%c3%bcrgen-m%c3%bcller-1a2",
        ),
        (
            ChannelKind.LINKEDIN,
            "https://www.linkedin.com/in/राम-शर्मा",
            "https://www.linkedin.com/in/राम-शर्मा",
        ),
        (
            ChannelKind.LINKEDIN,
            "https://www.linkedin.com/in/john_doe.",
            "https://www.linkedin.com/in/john_doe.",
        ),
        (ChannelKind.LINKEDIN, "https://www.linkedin.com/in/jane-doe\n", PROFILE),
        (
            ChannelKind.WEBSITE,
            "https://example.com:8443/a?b=c#d",
            "https://example.com:8443/a?b=c#d",
        ),
        (ChannelKind.WEBSITE, "https://example.com/%1b", "https://example.com/%1b"),
        (ChannelKind.EMAIL, "o'brien+news@example.com", "o'brien+news@example.com"),
        (ChannelKind.PHONE, "+44\u00a020 7946\t0958", "+44 20 7946 0958"),
    ],
)
def test_ordinary_addresses_still_pass(kind: ChannelKind, text: str, stored: str) -> None:
    assert normalise_address(kind, text) == stored
    assert openable_url(kind, stored)


def _acts_on_terminal(ch: str) -> bool:
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs"}


#: Addresses built from a plausible start, a middle and an end, the middle drawn from
#: the characters that have caused trouble and from anything at all, so the property
#: reaches accepted addresses as well as refused ones.
_STARTS = st.sampled_from(
    [
        "https://www.linkedin.com/in/",
        "linkedin.com/in/",
        "http://uk.linkedin.com/pub/",
        "https://example.com/",
        "example.com",
        "javascript:",
        "file:///",
        "jane",
        "mailto:jane",
        "@",
        "https://x.com/",
        "+44 20 ",
        "",
    ]
)
_MIDDLE_PIECES = st.sampled_from(
    [
        *("jane", "-doe", "_", ".", "%1b", "%c3%bc", "ü", "@", "?", "#", "%", "\\", " ", "/"),
        *("\x1b", "\x07", "\x9b", "\x00", "\u202e", "\u200b", "\u2028", "\n", "\t", "\x85"),
    ]
)
_ENDS = st.sampled_from(["", "/", "@example.com", ".com", "?bcc=x@example.com", " 7946 0958"])
_ADDRESS_LIKE = st.builds(
    lambda start, middle, end: start + "".join(middle) + end,
    _STARTS,
    st.lists(_MIDDLE_PIECES | st.characters(), max_size=4),
    _ENDS,
)


@given(st.sampled_from(list(ChannelKind)), _ADDRESS_LIKE)
@example(ChannelKind.LINKEDIN, PROFILE + "\x1b]0;x\x07")
@example(ChannelKind.WEBSITE, "example.com/\x1b[2J")
@example(ChannelKind.EMAIL, "jane@example.com?bcc=x@example.com")
def test_whatever_is_accepted_is_safe_to_print_and_open(kind: ChannelKind, text: str) -> None:
    try:
        stored = normalise_address(kind, text)
    except InvalidInput as error:
        assert str(error).isprintable()
        return
    assert not any(_acts_on_terminal(ch) for ch in stored), ascii(stored)
    if kind is not ChannelKind.PHONE:
        assert not any(ch.isspace() for ch in stored), ascii(stored)
    if kind in (ChannelKind.LINKEDIN, ChannelKind.WEBSITE):
        assert stored.lower().startswith(("https://", "http://")), stored
    if kind is ChannelKind.LINKEDIN:
        slug = stored.removeprefix("https://www.linkedin.com/in/")
        assert (
            slug != stored and "/" not in slug and set(slug) - set(string.whitespace) == set(slug)
        )
    if kind is ChannelKind.EMAIL:
        assert not set("?#%") & set(stored), stored
    # Stored once, the same ever after: a restore or an edit keeps it as it is.
    assert normalise_address(kind, stored) == stored
    assert openable_url(kind, stored)
