"""Addresses: every common spelling is stored one way, bad ones are refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netdeck.domain.channels import (
    ChannelKind,
    address_key,
    guess_address_kind,
    normalise_address,
    normalise_email,
    normalise_linkedin_url,
    normalise_phone,
    normalise_website,
    normalise_x_handle,
    parse_interaction_channel,
)
from netdeck.domain.errors import InvalidInput

JANE = "https://www.linkedin.com/in/jane-doe"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("https://www.linkedin.com/in/jane-doe", id="canonical"),
        pytest.param("http://www.linkedin.com/in/jane-doe", id="http"),
        pytest.param("https://linkedin.com/in/jane-doe", id="no-www"),
        pytest.param("linkedin.com/in/jane-doe", id="no-scheme"),
        pytest.param("www.linkedin.com/in/jane-doe/", id="trailing-slash"),
        pytest.param("https://uk.linkedin.com/in/jane-doe", id="country-subdomain"),
        pytest.param(
            "https://www.linkedin.com/in/jane-doe?trk=public_profile&utm=x", id="query-string"
        ),
        pytest.param("https://www.linkedin.com/in/jane-doe/#about", id="fragment"),
        pytest.param("  HTTPS://WWW.LinkedIn.COM/in/Jane-Doe  ", id="upper-case-and-spaces"),
        pytest.param("https://de.linkedin.com/in/jane-doe/details/skills/", id="sub-page"),
    ],
)
def test_linkedin_spellings_normalise_to_one_url(text: str) -> None:
    assert normalise_linkedin_url(text) == JANE


def test_old_public_profile_urls_are_refused() -> None:
    # Only /in/<slug> is a profile (issue 13); a /pub/ link cut to its first part opened nothing.
    with pytest.raises(InvalidInput, match="bad LinkedIn URL"):
        normalise_linkedin_url("linkedin.com/pub/jane-doe/")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("https://www.linkedin.com/company/acme", id="company-page"),
        pytest.param("https://www.linkedin.com/", id="home-page"),
        pytest.param("https://www.linkedin.com/in/", id="no-slug"),
        pytest.param("https://evil.example/in/jane-doe", id="other-host"),
        pytest.param("https://linkedin.com.evil.example/in/jane-doe", id="lookalike-host"),
        pytest.param("https://notlinkedin.com/in/jane-doe", id="suffix-lookalike"),
        pytest.param("ftp://www.linkedin.com/in/jane-doe", id="ftp"),
        pytest.param("jane doe", id="a-name"),
        pytest.param("", id="empty"),
    ],
)
def test_bad_linkedin_urls_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="bad LinkedIn URL"):
        normalise_linkedin_url(text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        pytest.param("jane@example.com", "jane@example.com", id="plain"),
        pytest.param(" Jane.Doe@Example.COM ", "Jane.Doe@example.com", id="domain-lower-cased"),
        pytest.param("mailto:jane@example.com", "jane@example.com", id="mailto"),
        pytest.param("jane+news@mail.example.co.uk", "jane+news@mail.example.co.uk", id="plus"),
    ],
)
def test_normalise_email(text: str, stored: str) -> None:
    assert normalise_email(text) == stored


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("jane", id="no-at"),
        pytest.param("jane@", id="no-domain"),
        pytest.param("jane@example", id="no-tld"),
        pytest.param("jane@example.c", id="one-letter-tld"),
        pytest.param("jane doe@example.com", id="space"),
        pytest.param("a@b@example.com", id="two-ats"),
        pytest.param("Jane <jane@example.com>", id="display-name"),
        pytest.param("", id="empty"),
    ],
)
def test_bad_emails_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="bad email"):
        normalise_email(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("jane_doe", id="bare"),
        pytest.param("@jane_doe", id="at"),
        pytest.param(" @jane_doe ", id="spaces"),
        pytest.param("https://x.com/jane_doe", id="x-url"),
        pytest.param("https://twitter.com/jane_doe/", id="twitter-url"),
        pytest.param("https://mobile.twitter.com/jane_doe", id="mobile"),
        pytest.param("https://www.x.com/jane_doe/status/12345", id="status-url"),
        pytest.param("x.com/jane_doe", id="no-scheme"),
        pytest.param("www.twitter.com/jane_doe?lang=en", id="www-and-query"),
    ],
)
def test_x_handles_normalise_to_at_handle(text: str) -> None:
    assert normalise_x_handle(text) == "@jane_doe"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("@sixteen_letters_", id="too-long"),
        pytest.param("jane doe", id="space"),
        pytest.param("jane-doe", id="hyphen"),
        pytest.param("@", id="bare-at"),
        pytest.param("", id="empty"),
        pytest.param("https://facebook.com/jane_doe", id="other-site"),
        pytest.param("https://x.com/", id="url-without-handle"),
    ],
)
def test_bad_x_handles_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="bad X handle"):
        normalise_x_handle(text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        pytest.param("example.com", "https://example.com", id="bare-host"),
        pytest.param("http://blog.example.org/post/1", "http://blog.example.org/post/1", id="http"),
        pytest.param(" https://jane.dev ", "https://jane.dev", id="spaces"),
    ],
)
def test_normalise_website(text: str, stored: str) -> None:
    assert normalise_website(text) == stored


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ftp://example.com", id="ftp"),
        pytest.param("localhost", id="no-dot"),
        pytest.param("not a url", id="words"),
        pytest.param("https://", id="no-host"),
        pytest.param("", id="empty"),
    ],
)
def test_bad_websites_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="bad URL"):
        normalise_website(text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        pytest.param("+1 555 123 4567", "+1 555 123 4567", id="international"),
        pytest.param("  +44  20 7946\t0958 ", "+44 20 7946 0958", id="whitespace-collapsed"),
        pytest.param("(555) 123-4567", "(555) 123-4567", id="punctuation"),
        pytest.param("12345", "12345", id="five-digits"),
    ],
)
def test_normalise_phone(text: str, stored: str) -> None:
    assert normalise_phone(text) == stored


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1234", id="four-digits"),
        pytest.param("12-34", id="four-digits-with-dash"),
        pytest.param("call me", id="words"),
        pytest.param("+1 555 CALL NOW", id="letters"),
        pytest.param("", id="empty"),
    ],
)
def test_bad_phones_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="bad phone number"):
        normalise_phone(text)


@pytest.mark.parametrize(
    ("kind", "one", "other"),
    [
        pytest.param(ChannelKind.EMAIL, "Jane@Example.com", "jane@example.com", id="email-case"),
        pytest.param(ChannelKind.PHONE, "+1 (555) 123-4567", "+15551234567", id="phone-digits"),
        pytest.param(ChannelKind.X, "@Jane_Doe", "@jane_doe", id="x-case"),
    ],
)
def test_address_key_matches_spellings(kind: ChannelKind, one: str, other: str) -> None:
    assert address_key(kind, normalise_address(kind, one)) == address_key(
        kind, normalise_address(kind, other)
    )


@pytest.mark.parametrize(
    ("reference", "kind"),
    [
        pytest.param("https://linkedin.com/in/jane", ChannelKind.LINKEDIN, id="linkedin"),
        pytest.param("jane@example.com", ChannelKind.EMAIL, id="email"),
        pytest.param("@jane", None, id="x-handle-is-not-email"),
        pytest.param("Jane Doe", None, id="name"),
        pytest.param("jane @ acme", None, id="name-with-at"),
    ],
)
def test_guess_address_kind(reference: str, kind: ChannelKind | None) -> None:
    assert guess_address_kind(reference) is kind


def test_unknown_interaction_channel_lists_the_choices() -> None:
    assert parse_interaction_channel(" In-Person ").value == "in-person"
    with pytest.raises(InvalidInput, match="linkedin, email, x, phone, in-person, other"):
        parse_interaction_channel("fax")


@settings(max_examples=300, deadline=None)
@given(
    slug=st.text(alphabet="abcxyz019-_.", min_size=0, max_size=105),
    slash=st.sampled_from(["", "/"]),
)
def test_the_fast_path_for_canonical_profile_urls_agrees_with_the_full_one(
    slug: str, slash: str
) -> None:
    """Canonical URLs skip being taken apart; spelled with an upper-case scheme they go
    the whole way: both give the same answer (or both refuse)."""

    def outcome(url: str) -> str:
        try:
            return normalise_linkedin_url(url)
        except InvalidInput:
            return "refused"

    fast = outcome(f"https://www.linkedin.com/in/{slug}{slash}")
    full = outcome(f"HTTPS://www.linkedin.com/in/{slug}{slash}")
    assert fast == full
