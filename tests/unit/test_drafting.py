"""Drafting rules: rendering in the sandbox, channel limits, X's weighted length,
every draft check, snippet choice and mailto links.

Weighted lengths were worked out by hand from twitter-text's v3 rules and
agree with twitter-text-parser's ``parse_tweet(...).weightedLength``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

import pytest

from netdeck.domain.draft_channels import (
    DraftChannel,
    limit_for,
    mailto_url,
    measured_length,
    open_url_for,
    parse_draft_channel,
    resolve_channel,
    sent_interaction,
    x_weighted_length,
)
from netdeck.domain.draft_checks import (
    DraftCheck,
    ask_about_used,
    blocking,
    check_draft,
    choose_snippet,
    is_personal,
    needs_confirmation,
    snippet_kind,
)
from netdeck.domain.errors import InvalidInput, TemplateProblem
from netdeck.domain.templating import (
    TemplateContext,
    check_template,
    clean_ask_about,
    last_topic,
    personal_values,
    placeholders_in,
    render_template,
    topic_of,
)
from tests.conftest import DEFAULT_SNIPPETS

GREG = TemplateContext(
    first_name="Greg",
    last_name="Ito",
    full_name="Greg Ito",
    company="Acme",
    title="CTO",
    how_we_met="the same MBA program",
    last_topic="your move to Berlin",
    days_since=40,
    my_name="Sam",
)
#: Someone you know little about: only a name.
BARE = TemplateContext(first_name="Dee", full_name="Dee")


# ---------------------------------------------------------------- rendering


def test_renders_every_variable() -> None:
    body = (
        "{{ first_name }}|{{ last_name }}|{{ full_name }}|{{ company }}|{{ title }}|"
        "{{ how_we_met }}|{{ last_topic }}|{{ days_since }}|{{ my_name }}"
    )
    rendered = render_template(body, GREG)
    assert rendered.text == (
        "Greg|Ito|Greg Ito|Acme|CTO|the same MBA program|your move to Berlin|40|Sam"
    )
    assert (rendered.unresolved, rendered.empty) == ((), ())


def test_filters_conditions_and_loops_work() -> None:
    body = (
        "{{ first_name | upper }}{% if company %} at {{ company }}{% endif %}"
        "{% for n in range(3) %}.{% endfor %}"
    )
    assert render_template(body, GREG).text == "GREG at Acme..."


def test_block_tags_leave_no_blank_lines() -> None:
    body = "Hi {{ first_name }},\n{% if company %}\nHow is {{ company }}?\n{% endif %}\nBye"
    assert render_template(body, GREG).text == "Hi Greg,\nHow is Acme?\nBye"
    assert render_template(body, BARE).text == "Hi Dee,\nBye"


def test_surrounding_blank_lines_and_trailing_spaces_are_trimmed() -> None:
    assert render_template("\n\n  Hi {{ first_name }}  \n\n", GREG).text == "  Hi Greg"


def test_default_is_used_when_a_known_variable_is_empty() -> None:
    body = 'We met {{ how_we_met | default("at a meetup") }}.'
    assert render_template(body, GREG).text == "We met the same MBA program."
    rendered = render_template(body, BARE)
    assert rendered.text == "We met at a meetup."
    assert rendered.empty == ()  # the default filled the gap: nothing to warn about


def test_short_default_alias_and_days_since_default() -> None:
    body = "{{ last_topic | d('hello') }} after {{ days_since | default('a while') }} days"
    assert render_template(body, BARE).text == "hello after a while days"
    assert render_template(body, GREG).text == "your move to Berlin after 40 days"


def test_zero_days_since_is_a_value_not_empty() -> None:
    today = TemplateContext(first_name="Greg", days_since=0)
    rendered = render_template("{{ days_since | default('never') }}", today)
    assert (rendered.text, rendered.empty) == ("0", ())


def test_an_empty_variable_renders_as_nothing_and_is_reported() -> None:
    rendered = render_template(
        "Hi {{ first_name }}, since {{ how_we_met }} ({{ days_since }}). {{ my_name }}", BARE
    )
    assert rendered.text == "Hi Dee, since  ()."
    assert rendered.empty == ("how_we_met", "days_since", "my_name")
    assert rendered.unresolved == ()


def test_an_empty_variable_only_tested_is_not_reported() -> None:
    rendered = render_template("{% if how_we_met %}met {{ how_we_met }}{% endif %}ok", BARE)
    assert (rendered.text, rendered.empty) == ("ok", ())


def test_an_unknown_variable_shows_as_a_placeholder() -> None:
    rendered = render_template("Hi {{ frist_name }}, {{ first_name }} {{frist_name}}", GREG)
    assert rendered.text == "Hi {{ frist_name }}, Greg {{ frist_name }}"
    assert rendered.unresolved == ("frist_name",)


STRATUS = TemplateContext(first_name="Ana", full_name="Ana", company="Stratus, Inc.")


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # A value's own period ends the sentence (issue 16: "Stratus, Inc..").
        ("Hi, how are things at {{ company }}.", "Hi, how are things at Stratus, Inc."),
        ('Working on{{ " at " ~ company if company }}. Bye', "Working on at Stratus, Inc. Bye"),
        ("{{ company | upper }}.\nNext", "STRATUS, INC.\nNext"),
        # The user's ellipsis stays as written, and so does text without a value.
        ("At {{ company }}...", "At Stratus, Inc...."),
        ("At {{ company }}..", "At Stratus, Inc..."),
        ("Hmm.. ok. {{ first_name }}.", "Hmm.. ok. Ana."),
        ('{{ "Done." }}.', "Done."),
        ("{{ company }}!", "Stratus, Inc.!"),
        ("{{ company }} .", "Stratus, Inc. ."),
    ],
)
def test_a_value_ending_with_a_period_is_not_followed_by_a_second(body: str, text: str) -> None:
    assert render_template(body, STRATUS).text == text


def test_the_default_snippets_end_a_sentence_after_inc_with_one_period() -> None:
    for name, _kind, _channel, _subject, body in DEFAULT_SNIPPETS:
        text = render_template(body, STRATUS).text
        assert ".." not in text, (name, text)


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        pytest.param("Hi\n{{ first_name }", 2, "unexpected '}'", id="unclosed-expression"),
        pytest.param("{% if company %}\nAcme", 2, "'endif'", id="unclosed-if"),
        pytest.param("a\nb\n{{ first_name | shout }}", 3, "No filter named 'shout'", id="filter"),
        pytest.param("{% frobnicate %}", 1, "frobnicate", id="unknown-tag"),
        pytest.param("{{ 1 / 0 }}", 1, "division by zero", id="runtime-error"),
        pytest.param("ok\n{{ first_name.nickname }}", 2, "has no attribute 'nickname'", id="attr"),
        pytest.param("{% include 'other' %}", 1, "no loader", id="include"),
    ],
)
def test_template_errors_name_the_line(body: str, line: int, says: str) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_template(body, GREG)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ")
    assert says in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("{{ ''.__class__ }}", id="class"),
        pytest.param("{{ ''.__class__.__mro__[1].__subclasses__() }}", id="subclasses"),
        pytest.param("{{ cycler.__init__.__globals__ }}", id="globals"),
        pytest.param("{{ first_name['__class__'] }}", id="item-access"),
        pytest.param("{{ first_name | attr('__class__') }}", id="attr-filter"),
        pytest.param("{{ '{0.__class__}'.format(first_name) }}", id="format-string"),
        pytest.param("{{ self._TemplateReference__context }}", id="private-name"),
        pytest.param("{{ range.__globals__ }}", id="function-globals"),
        pytest.param("{{ first_name.upper.__self__ }}", id="method-self"),
    ],
)
def test_attribute_tricks_are_refused_not_run(body: str) -> None:
    with pytest.raises(TemplateProblem, match=r"^line 1: .* is off limits in snippets"):
        render_template(body, GREG)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        pytest.param("{{ 'x' * 1000000 }}", "too long", id="string-repetition"),
        pytest.param("{{ 9 ** 9999999 }}", "too large", id="power"),
        pytest.param("{{ '%99999999s' % first_name }}", "too large", id="format-width"),
        pytest.param("{% for i in range(10 ** 6) %}{% endfor %}", "range()", id="range"),
        pytest.param(
            "{% for i in range(999) %}{% for j in range(999) %}xx{% endfor %}{% endfor %}",
            "longer than 20,000 characters",
            id="output",
        ),
        pytest.param(
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "too deeply", id="recursion"
        ),
        pytest.param("{{" + "(" * 500 + "1" + ")" * 500 + "}}", "too deeply", id="nesting"),
        pytest.param("{% for a in [1] %}" * 25 + "{% endfor %}" * 25, "too complex", id="blocks"),
    ],
)
def test_runaway_templates_are_stopped(body: str, says: str) -> None:
    with pytest.raises(TemplateProblem, match=says):
        render_template(body, GREG)


def test_check_template_refuses_an_unknown_variable_with_its_line() -> None:
    with pytest.raises(TemplateProblem) as caught:
        check_template("Hi {{ first_name }},\n\nWe met {{ how_we_mt | default('') }}.")
    assert caught.value.line == 3
    assert str(caught.value).startswith("line 3: unknown variable {{ how_we_mt }}: use one of ")
    assert "how_we_met" in str(caught.value)


def test_check_template_accepts_local_names_and_jinja_helpers() -> None:
    body = (
        "{% set greeting = 'Hello' %}{{ greeting }} {{ first_name }}"
        "{% for word in ['a', 'b'] %} {{ word }}{{ loop.index }}{% endfor %}"
        "{% macro sign(name) %}-- {{ name }}{% endmacro %} {{ sign(my_name) }}"
    )
    assert check_template(body).text == "Hello Greg a1 b2 -- Sam Rivera"


def test_check_template_refuses_what_fails_for_a_full_contact() -> None:
    with pytest.raises(TemplateProblem, match="line 1: "):
        check_template("{{ first_name + 1 }}")


def test_check_template_refuses_what_fails_for_a_contact_with_only_a_name() -> None:
    with pytest.raises(TemplateProblem) as caught:
        check_template("Hi {{ first_name }}\n{% if days_since > 30 %}Long time!{% endif %}")
    assert caught.value.line == 2
    assert "for a contact with only a name" in str(caught.value)
    assert "_Blank" not in str(caught.value)
    guarded = "{% if days_since and days_since > 30 %}Long time!{% endif %}"
    assert check_template(guarded).text == ""  # 30 days in the sample: not long enough


@pytest.mark.parametrize(
    ("note", "topic"),
    [
        ("her move to Berlin", "her move to Berlin"),
        ("  her move\n\tto   Berlin \n", "her move to Berlin"),
        # 80 characters exactly stay whole.
        ("x" * 70 + " abcdefghi", "x" * 70 + " abcdefghi"),
        # Longer: cut at the last whole word, no ellipsis, no dangling comma or dash.
        ("word " * 20, ("word " * 16).strip()),
        ("a" * 75 + ", then more words", "a" * 75),
        ("a" * 74 + " - then more words", "a" * 74),
        ("a" * 79 + " b and more", "a" * 79),
        ("a" * 80 + " b", "a" * 80),
        # One word longer than the limit is cut at the limit.
        ("https://example.com/" + "p" * 100, ("https://example.com/" + "p" * 100)[:80]),
        ("", ""),
        (" \n ", ""),
    ],
)
def test_a_topic_is_one_trimmed_line_of_at_most_80_characters(note: str, topic: str) -> None:
    assert topic_of(note) == topic
    assert len(topic_of(note)) <= 80


def test_placeholders_left_in_a_draft() -> None:
    text = "Hi {{ frist_name }}, {{frist_name}} and {{ company_name  }}; {not one}"
    assert placeholders_in(text) == ("frist_name", "company_name")
    assert placeholders_in("Hi Greg") == ()


def test_personal_values_are_the_specific_facts() -> None:
    # A name and a company are in every mail merge: they make nothing personal.
    assert personal_values(GREG) == ("the same MBA program", "your move to Berlin")
    assert personal_values(BARE) == ()


# ---------------------------------------------------------------- channels and limits


@pytest.mark.parametrize(
    ("channel", "note_limit", "limit"),
    [
        (DraftChannel.LINKEDIN_NOTE, 200, 200),
        (DraftChannel.LINKEDIN_NOTE, 300, 300),
        (DraftChannel.LINKEDIN_MESSAGE, 200, 3000),
        (DraftChannel.X_POST, 200, 280),
        (DraftChannel.X_DM, 200, 10000),
        (DraftChannel.EMAIL, 200, None),
    ],
)
def test_limit_per_channel(channel: DraftChannel, note_limit: int, limit: int | None) -> None:
    assert limit_for(channel, note_limit) == limit
    assert limit_for(channel.value, note_limit) == limit


def test_channel_names_are_checked() -> None:
    assert parse_draft_channel(" Email ") is DraftChannel.EMAIL
    with pytest.raises(InvalidInput, match="unknown channel 'any': use one of linkedin-note"):
        parse_draft_channel("any")


@pytest.mark.parametrize(
    ("snippet_channel", "kind", "preferred", "expected"),
    [
        ("email", "check-in", "linkedin", DraftChannel.EMAIL),
        ("any", "connection-request", "linkedin", DraftChannel.LINKEDIN_NOTE),
        ("any", "check-in", "linkedin", DraftChannel.LINKEDIN_MESSAGE),
        ("any", "check-in", "email", DraftChannel.EMAIL),
        ("any", "check-in", "x", DraftChannel.X_DM),
        ("any", "check-in", "phone", DraftChannel.LINKEDIN_MESSAGE),
        ("any", "connection-request", None, DraftChannel.LINKEDIN_NOTE),
    ],
)
def test_any_resolves_to_the_preferred_channel(
    snippet_channel: str, kind: str, preferred: str | None, expected: DraftChannel
) -> None:
    assert resolve_channel(snippet_channel, kind=kind, preferred=preferred) is expected


@pytest.mark.parametrize(
    ("text", "weighted"),
    [
        pytest.param("hello", 5, id="ascii"),
        pytest.param("日本語", 6, id="cjk"),
        pytest.param("한국어 ok", 9, id="hangul"),
        pytest.param("e\u0301", 1, id="nfc-normalised"),
        pytest.param("“hi” — ok", 9, id="light-punctuation"),
        pytest.param("…", 2, id="ellipsis"),
        pytest.param("👍", 2, id="emoji"),
        pytest.param("👍🏽", 2, id="skin-tone"),
        pytest.param("👨\u200d👩\u200d👧", 2, id="zwj-family"),
        pytest.param("🏳️\u200d🌈", 2, id="zwj-flag"),
        pytest.param("🇯🇵", 2, id="flag"),
        pytest.param(
            "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 2, id="tags"
        ),
        pytest.param("1️⃣", 2, id="keycap"),
        pytest.param("❤️", 2, id="variation-selector"),
        pytest.param("©", 2, id="copyright"),
        pytest.param("see https://example.com/a/very/long/path/that/is/longer/than/23", 27),
        pytest.param("Go to https://x.com/a.", 30, id="url-then-full-stop"),
        pytest.param("(https://en.wikipedia.org/wiki/Foo_(bar))", 25, id="url-in-brackets"),
        pytest.param("netdeck.dev is nice", 31, id="bare-domain"),
        pytest.param("foo.de", 23, id="country-domain"),
        pytest.param("ann@example.com", 15, id="email-is-not-a-link"),
        pytest.param("http://localhost:8000", 21, id="no-domain-no-link"),
        pytest.param("file.txt", 8, id="file-name"),
        pytest.param("Hi Greg, 👋 see https://a.co", 39, id="mixed"),
    ],
)
def test_x_weighted_length(text: str, weighted: int) -> None:
    assert x_weighted_length(text) == weighted


def test_measured_length_counts_what_each_channel_counts() -> None:
    text = "Hi 👋 日本"
    assert measured_length(text, DraftChannel.X_POST) == 10  # weighted: emoji and CJK are 2
    assert measured_length(text, DraftChannel.LINKEDIN_NOTE) == 8  # UTF-16: the emoji is 2
    assert measured_length(text, DraftChannel.EMAIL) == 8


# ---------------------------------------------------------------- checks


def checks_for(
    text: str,
    *,
    channel: str = "linkedin-note",
    subject: str = "",
    note_limit: int = 200,
    unresolved: tuple[str, ...] = (),
    empty: tuple[str, ...] = (),
    personal: tuple[str, ...] = ("the same MBA program",),
    repeats: bool = False,
    rendered: str | None = None,
    has_address: bool = True,
    other_channels: tuple[str, ...] = (),
) -> dict[str, DraftCheck]:
    checks = check_draft(
        text,
        subject=subject,
        channel=channel,
        note_limit=note_limit,
        unresolved=unresolved,
        empty=empty,
        personal_values=personal,
        repeats_last_snippet=repeats,
        rendered=rendered,
        has_address=has_address,
        other_channels=other_channels,
    )
    return {
        f"{c.code}:{c.message}" if c.code in ("unresolved", "empty") else c.code: c for c in checks
    }


def test_a_good_note_passes_with_its_length() -> None:
    checks = checks_for("Hi Greg, " + "x" * 139)
    assert list(checks) == ["length"]
    assert (checks["length"].severity, checks["length"].message) == ("ok", "148/200 characters")
    assert needs_confirmation(tuple(checks.values())) == ()
    assert blocking(tuple(checks.values())) == ()


def test_over_the_invitation_limit_is_an_error_to_confirm() -> None:
    check = checks_for("Hi Greg, " + "x" * 203)["length"]
    assert check == DraftCheck(
        "length", "error", "212/200 characters: 12 over LinkedIn's invitation limit"
    )
    assert needs_confirmation((check,)) == (check,)
    assert blocking((check,)) == ()


def test_premium_raises_the_invitation_limit_to_300() -> None:
    text = "Hi Greg, " + "x" * 203
    assert checks_for(text, note_limit=300)["length"].message == "212/300 characters"


@pytest.mark.parametrize(
    ("channel", "text", "message"),
    [
        ("x-post", "Greg " + "日" * 140, "285/280 weighted characters: 5 over X's post limit"),
        ("x-post", "Greg " + "a" * 275, "280/280 weighted characters"),
        ("x-dm", "Greg " + "a" * 9996, "10001/10000 characters: 1 over X's direct message limit"),
        (
            "linkedin-message",
            "Greg " + "a" * 2996,
            "3001/3000 characters: 1 over LinkedIn's message limit (about 3,000; uncertain)",
        ),
        ("email", "Greg " + "a" * 20000, "20005 characters (no limit for an email body)"),
    ],
)
def test_length_against_each_channel(channel: str, text: str, message: str) -> None:
    assert checks_for(text, channel=channel, subject="Hi")["length"].message == message


@pytest.mark.parametrize(
    ("subject", "severity", "message"),
    [
        ("Coffee?", "ok", "7/78 characters"),
        ("", "warning", "no subject line"),
        ("x" * 79, "warning", "79/78 characters: long subjects are cut off in most inboxes"),
        ("x" * 999, "error", "999/998 characters: 1 over what email allows"),
        ("two\nlines", "error", "the subject must be one line"),
    ],
)
def test_email_subject(subject: str, severity: str, message: str) -> None:
    assert checks_for("Hi Greg", channel="email", subject=subject)["subject"] == DraftCheck(
        "subject", severity, message
    )


def test_subject_is_only_checked_for_email() -> None:
    assert "subject" not in checks_for("Hi Greg", channel="linkedin-message", subject="x" * 999)


def test_placeholders_are_errors_to_confirm() -> None:
    checks = checks_for("Hi {{ frist_name }}", unresolved=("frist_name",))
    check = checks["unresolved:unknown variable {{ frist_name }}"]
    assert check.severity == "error"
    assert needs_confirmation(tuple(checks.values())) == (check,)


def test_empty_variables_are_warnings_that_name_them() -> None:
    checks = checks_for("Hi Greg", empty=("how_we_met", "my_name", "days_since"))
    assert [(c.severity, c.message) for c in checks.values() if c.code == "empty"] == [
        ("warning", "no how_we_met for this contact"),
        ("warning", 'no my_name set: run `netdeck settings my-name "Your Name"`'),
        ("warning", "no days_since: you have not talked with them yet"),
    ]
    assert needs_confirmation(tuple(checks.values())) == ()


@pytest.mark.parametrize(
    ("text", "personal", "impersonal"),
    [
        # As the snippet rendered it: only how you met or a topic makes it personal.
        ("Hi Greg, how are you?", ("the same MBA program",), True),
        ("How is everything at Acme, Greg?", (), True),
        ("Since the same MBA program...", ("the same MBA program",), False),
        ("About YOUR MOVE TO BERLIN: how is it?", ("your move to Berlin",), False),
        ("Hi Greg, the same MBA programs", ("the same MBA program",), True),  # not whole words
        ("Hello", (), True),
    ],
)
def test_impersonal_when_nothing_specific_to_the_person(
    text: str, personal: tuple[str, ...], impersonal: bool
) -> None:
    checks = checks_for(text, personal=personal, rendered=text)
    assert ("impersonal" in checks) is impersonal
    if impersonal:
        assert checks["impersonal"].severity == "warning"
        # Copying a mail merge asks first.
        assert needs_confirmation(tuple(checks.values())) == (checks["impersonal"],)


def test_the_greg_mail_merge_of_the_issue_is_impersonal() -> None:
    text = "Hi Greg, I came across your profile (we seem to work on similar things)."
    checks = checks_for(text, personal=(), rendered=text)
    assert "impersonal" in checks


@pytest.mark.parametrize(
    ("rendered", "text", "personal"),
    [
        ("Hi Greg, nice to meet you.", "Hi Greg,  nice to meet\nyou. ", False),  # whitespace only
        ("Hi Greg, nice to meet you.", "Hi Greg, loved your talk on robots.", True),  # typed
        ("Hi Greg, nice to meet you.", "Hi Greg.", True),  # rewritten
        (None, "Hi Greg", True),  # no snippet: every word is the user's
        ("", "Hi Greg, loved the talk", True),  # drafted from nothing
        ("Hi Greg", "   ", False),  # blank is never personal
    ],
)
def test_words_the_user_typed_make_a_draft_personal(
    rendered: str | None, text: str, personal: bool
) -> None:
    assert is_personal(text, rendered=rendered, facts=()) is personal


def test_no_address_names_the_channels_they_have() -> None:
    check = checks_for(
        "Hi",
        channel="email",
        subject="Hi",
        has_address=False,
        other_channels=("linkedin-note", "linkedin-message"),
    )["no-address"]
    assert check == DraftCheck(
        "no-address",
        "warning",
        "no email address for them: they have linkedin-note, linkedin-message",
    )
    none = checks_for("Hi", channel="linkedin-note", has_address=False)["no-address"]
    assert none.message == "no LinkedIn profile for them, nor any other address: add one first"
    assert "no-address" not in checks_for("Hi", channel="linkedin-note")
    assert needs_confirmation((check,)) == ()


@pytest.mark.parametrize(
    ("ask_about", "text", "used"),
    [
        ("her move to Berlin", "How was your move... her move to Berlin?", True),
        ("  her move\n to   Berlin ", "Hi, how is her move to Berlin", True),
        ("her move to Berlin", "Hi Greg, how are you?", False),
        ("", "anything", False),
    ],
)
def test_ask_about_is_used_when_the_text_asks_it(ask_about: str, text: str, used: bool) -> None:
    assert ask_about_used(text, ask_about) is used


@pytest.mark.parametrize(
    ("ask_about", "note", "topic"),
    [
        ("the Berlin move", "Coffee, talked hiring", "the Berlin move"),
        ("", "Coffee, talked hiring", "Coffee, talked hiring"),
        ("  \n ", "hiring", "hiring"),
        ("her\nnew   job ", "", "her new job"),
    ],
)
def test_last_topic_prefers_ask_about(ask_about: str, note: str, topic: str) -> None:
    assert last_topic(ask_about, note) == topic


def test_ask_about_is_one_trimmed_line() -> None:
    assert clean_ask_about("  the Berlin\n move\t ") == "the Berlin move"


def test_repeat_warns_about_the_snippet_last_sent() -> None:
    check = checks_for("Hi Greg", repeats=True)["repeat"]
    assert check == DraftCheck(
        "repeat", "warning", "same snippet as the last message you sent them"
    )
    assert "repeat" not in checks_for("Hi Greg", repeats=False)


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_an_empty_draft_blocks_copying(text: str) -> None:
    checks = tuple(checks_for(text).values())
    assert [c.code for c in checks] == ["empty-text", "length"]
    assert blocking(checks) == (
        DraftCheck("empty-text", "error", "the draft is empty: nothing to send"),
    )
    assert needs_confirmation(checks) == ()


# ---------------------------------------------------------------- choosing a snippet


@dataclass(frozen=True)
class S:
    id: int
    name: str
    kind: str
    channel: str


LIBRARY = [
    S(1, "Request (any)", "connection-request", "any"),
    S(2, "Request note", "connection-request", "linkedin-note"),
    S(3, "Request email", "connection-request", "email"),
    S(4, "Check-in", "check-in", "any"),
    S(5, "Check-in email", "check-in", "email"),
    S(6, "Check-in DM", "check-in", "x-dm"),
    S(7, "LinkedIn check-in", "check-in", "linkedin-message"),
    S(8, "First message", "first-message", "linkedin-message"),
    S(9, "Follow-up", "follow-up", "any"),
    S(10, "Reconnect", "reconnect", "any"),
]


@pytest.mark.parametrize(
    ("stage", "preferred", "chosen"),
    [
        pytest.param("prospect", "linkedin", "Request note", id="prospect-linkedin"),
        pytest.param("prospect", "email", "Request email", id="prospect-email"),
        pytest.param("prospect", "x", "Request (any)", id="prospect-x-falls-back-to-any"),
        pytest.param("prospect", None, "Request (any)", id="prospect-no-preference"),
        pytest.param("requested", "linkedin", "Follow-up", id="requested"),
        pytest.param("connected", "email", "First message", id="connected-only-one"),
        pytest.param("active", "linkedin", "LinkedIn check-in", id="active-linkedin"),
        pytest.param("active", "email", "Check-in email", id="active-email"),
        pytest.param("active", "x", "Check-in DM", id="active-x"),
        pytest.param("active", "phone", "Check-in", id="active-phone-any"),
        pytest.param("dormant", "linkedin", "Reconnect", id="dormant"),
    ],
)
def test_snippet_choice_by_stage_and_channel(
    stage: str, preferred: str | None, chosen: str
) -> None:
    snippet = choose_snippet(LIBRARY, stage=stage, preferred_channel=preferred)
    assert snippet is not None
    assert snippet.name == chosen


def test_snippet_choice_is_by_name_among_equals_whatever_the_order() -> None:
    library = [
        S(1, "b", "check-in", "any"),
        S(2, "A", "check-in", "any"),
        S(3, "c", "check-in", "any"),
    ]
    for ordered in (library, library[::-1]):
        chosen = choose_snippet(ordered, stage="active", preferred_channel=None)
        assert chosen is not None and chosen.name == "A"


def test_snippet_choice_avoids_the_one_last_sent() -> None:
    chosen = choose_snippet(LIBRARY, stage="active", preferred_channel="email", avoid_id=5)
    assert chosen is not None and chosen.name == "Check-in"
    only = [S(5, "Check-in email", "check-in", "email")]
    again = choose_snippet(only, stage="active", preferred_channel="email", avoid_id=5)
    assert again is not None and again.id == 5  # better a repeat than nothing


@pytest.mark.parametrize(
    ("stage", "chosen"),
    [
        pytest.param("active", "Congratulations", id="active"),
        pytest.param("connected", "Congratulations", id="connected"),
        pytest.param("dormant", "Congratulations", id="dormant"),
        pytest.param("unsorted", "Congratulations", id="unsorted"),
        pytest.param("prospect", "Request note", id="prospect-still-the-invitation"),
        pytest.param("requested", "Follow-up", id="requested-still-the-follow-up"),
    ],
)
def test_a_change_of_jobs_calls_for_congratulations(stage: str, chosen: str) -> None:
    library = [*LIBRARY, S(11, "Congratulations", "congratulations", "any")]
    snippet = choose_snippet(library, stage=stage, preferred_channel="linkedin", changed_jobs=True)
    assert snippet is not None and snippet.name == chosen
    # No news: the stage's kind, as ever.
    plain = choose_snippet(library, stage="active", preferred_channel="linkedin")
    assert plain is not None and plain.name == "LinkedIn check-in"


@pytest.mark.parametrize(
    ("stage", "ever_talked", "kind"),
    [
        pytest.param("connected", False, "first-message", id="connected-new"),
        pytest.param("connected", True, "first-message", id="connected-talked-before"),
        pytest.param("active", False, "first-message", id="active-never-talked"),
        pytest.param("active", True, "check-in", id="active-talked"),
        pytest.param("dormant", False, "first-message", id="dormant-never-talked"),
        pytest.param("dormant", True, "reconnect", id="dormant-talked"),
        pytest.param("unsorted", False, "first-message", id="unsorted-never-talked"),
        pytest.param("unsorted", True, "reconnect", id="unsorted-talked"),
        pytest.param("prospect", False, "connection-request", id="prospect"),
        pytest.param("prospect", True, "connection-request", id="prospect-talked"),
        pytest.param("requested", False, "follow-up", id="requested"),
        pytest.param("requested", True, "follow-up", id="requested-talked"),
        pytest.param("archived", True, "reconnect", id="archived"),
    ],
)
def test_the_snippet_kind_follows_stage_and_history(
    stage: str, ever_talked: bool, kind: str
) -> None:
    assert snippet_kind(stage, ever_talked=ever_talked) == kind


def test_someone_never_talked_to_gets_a_first_message_not_a_check_in() -> None:
    snippet = choose_snippet(LIBRARY, stage="active", preferred_channel="email", ever_talked=False)
    assert snippet is not None and snippet.name == "First message"
    # A change of jobs still calls for congratulations first.
    library = [*LIBRARY, S(11, "Congratulations", "congratulations", "any")]
    news = choose_snippet(
        library, stage="active", preferred_channel=None, changed_jobs=True, ever_talked=False
    )
    assert news is not None and news.name == "Congratulations"


def test_without_a_congratulations_snippet_the_stage_decides() -> None:
    snippet = choose_snippet(LIBRARY, stage="active", preferred_channel="email", changed_jobs=True)
    assert snippet is not None and snippet.name == "Check-in email"


def test_no_snippet_of_the_kind_is_none() -> None:
    assert choose_snippet(LIBRARY[:3], stage="active", preferred_channel="linkedin") is None
    assert choose_snippet([], stage="prospect", preferred_channel=None) is None


# ---------------------------------------------------------------- sending


@pytest.mark.parametrize(
    ("channel", "stage", "logged"),
    [
        ("linkedin-note", "prospect", ("linkedin", "connection-request")),
        ("linkedin-note", "active", ("linkedin", "connection-request")),
        ("email", "prospect", ("email", "connection-request")),
        ("email", "active", ("email", "message")),
        ("linkedin-message", "connected", ("linkedin", "message")),
        ("x-dm", "dormant", ("x", "message")),
    ],
)
def test_what_a_sent_draft_is_logged_as(channel: str, stage: str, logged: tuple[str, str]) -> None:
    assert sent_interaction(channel, stage) == logged


def test_mailto_encodes_per_rfc_6068() -> None:
    url = mailto_url("ann+work@example.com", "Coffee & cake?", "Hi Ann,\n\nfancy a coffee?\nSam")
    assert url == (
        "mailto:ann+work@example.com?subject=Coffee%20%26%20cake%3F"
        "&body=Hi%20Ann%2C%0D%0A%0D%0Afancy%20a%20coffee%3F%0D%0ASam"
    )
    assert "+" not in url.partition("?")[2]  # spaces are %20, never +
    body = url.partition("&body=")[2]
    assert unquote(body) == "Hi Ann,\r\n\r\nfancy a coffee?\r\nSam"


def test_mailto_keeps_crlf_single_and_leaves_out_empty_fields() -> None:
    assert mailto_url("a@example.com", "", "one\r\ntwo") == "mailto:a@example.com?body=one%0D%0Atwo"
    assert mailto_url("a@example.com") == "mailto:a@example.com"
    assert mailto_url("a@example.com", "Hi", "") == "mailto:a@example.com?subject=Hi"
    assert mailto_url("a@example.com", "", "日本 👋") == (
        "mailto:a@example.com?body=%E6%97%A5%E6%9C%AC%20%F0%9F%91%8B"
    )


@pytest.mark.parametrize(
    ("channel", "address", "url"),
    [
        ("linkedin-note", "https://www.linkedin.com/in/greg", "https://www.linkedin.com/in/greg"),
        ("linkedin-message", None, None),
        ("email", "greg@example.com", "mailto:greg@example.com?subject=Hi&body=Hello%20Greg"),
        ("email", None, None),
        ("x-dm", "@greg", "https://x.com/greg"),
        ("x-post", None, "https://x.com/intent/tweet?text=Hello%20Greg"),
    ],
)
def test_open_url_per_channel(channel: str, address: str | None, url: str | None) -> None:
    assert open_url_for(channel, address, subject="Hi", text="Hello Greg") == url


def test_importing_the_drafting_rules_does_not_import_jinja() -> None:
    import subprocess
    import sys

    script = (
        "import sys, netdeck.domain.templating, netdeck.domain.draft_channels, "
        "netdeck.domain.draft_checks; print('jinja2' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == "False\n"
