"""Checking a draft before it is sent, and choosing the snippet a draft starts from.

Pure rules, no database and no UI; :mod:`netdeck.services.drafts` gathers the
facts and the composer re-runs :func:`check_draft` on every keystroke.

:func:`check_draft` measures the text against the channel's limit
(:func:`~netdeck.domain.draft_channels.limit_for`, X's weighted length for
posts), checks an email subject, leftover ``{{ placeholders }}``, empty
variables, whether the text says anything specific to the person
(:func:`is_personal`, the same rule ``stats`` counts request notes by), whether
the channel has an address for them, and whether it repeats the snippet last
sent to them. Errors other than an empty draft, and a draft with nothing
personal, may still be copied after a confirmation (:func:`needs_confirmation`);
an empty one may not (:func:`blocking`). :func:`choose_snippet` picks the snippet of the
kind the contact's stage and history call for (:func:`snippet_kind`), on their
preferred channel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from netdeck.domain.channels import ChannelKind
from netdeck.domain.draft_channels import (
    EMAIL_SUBJECT_MUST,
    EMAIL_SUBJECT_SHOULD,
    LIMIT_NAMES,
    NOTE_FALLBACKS,
    DraftChannel,
    limit_for,
    measured_length,
    preferred_draft_channel,
)
from netdeck.domain.note_budget import NoteBudget, budget_text
from netdeck.domain.snippets import SnippetKind
from netdeck.domain.stages import Stage, parse_stage
from netdeck.domain.templating import topic_of


@dataclass(frozen=True, slots=True)
class DraftCheck:
    """One line of the composer's check bar."""

    code: str  # length, subject, unresolved, empty, impersonal, no-address, repeat, empty-text
    severity: str  # "ok" | "warning" | "error"
    message: str


#: A name and a company alone read as a mail merge: say what would make it personal.
IMPERSONAL_MESSAGE = "nothing personal: add how you met, what to ask about, or a line of your own"

_EMPTY_MESSAGES = {
    "my_name": 'no my_name set: run `netdeck settings my-name "Your Name"`',
    "days_since": "no days_since: you have not talked with them yet",
}


def mentions(text: str, value: str) -> bool:
    """Whether ``text`` says ``value`` as whole words, in any case."""
    pattern = r"(?<!\w)" + re.escape(value.casefold()) + r"(?!\w)"
    return re.search(pattern, text.casefold()) is not None


def is_personal(text: str, *, rendered: str | None, facts: Sequence[str]) -> bool:
    """Whether a message says something about this person beyond their name and
    company: one of the ``facts`` (how you met, the topic), or words the user typed.

    ``rendered`` is what the snippet produced; text that differs from it beyond
    whitespace was written (or rewritten) by the user. ``None``: no snippet at all,
    so every word is the user's (a request logged or imported with its text). Blank
    text is never personal. The composer's check and ``stats``' request notes both
    judge by this rule.
    """
    if not text.strip():
        return False
    if rendered is None or text.split() != rendered.split():
        return True
    return any(mentions(text, fact) for fact in facts if fact.strip())


def ask_about_used(text: str, ask_about: str) -> bool:
    """Whether a message sent asks what the contact's "next time, ask about" said
    (it holds the topic as drafts say it): then it has been asked, and is cleared."""
    topic = topic_of(ask_about)
    return bool(topic) and mentions(text, topic)


def _length_check(text: str, channel: DraftChannel, note_limit: int) -> DraftCheck:
    used = measured_length(text, channel)
    limit = limit_for(channel, note_limit)
    unit = "weighted characters" if channel is DraftChannel.X_POST else "characters"
    if limit is None:
        where = "a contact form" if channel is DraftChannel.WEBSITE else "an email body"
        return DraftCheck("length", "ok", f"{used} {unit} (no limit for {where})")
    if used > limit:
        return DraftCheck(
            "length",
            "error",
            f"{used}/{limit} {unit}: {used - limit} over {LIMIT_NAMES[channel]}",
        )
    return DraftCheck("length", "ok", f"{used}/{limit} {unit}")


def _subject_check(subject: str) -> DraftCheck:
    used = len(subject)
    if "\n" in subject or "\r" in subject:
        return DraftCheck("subject", "error", "the subject must be one line")
    if not subject.strip():
        return DraftCheck("subject", "warning", "no subject line")
    if used > EMAIL_SUBJECT_MUST:
        return DraftCheck(
            "subject",
            "error",
            f"{used}/{EMAIL_SUBJECT_MUST} characters: "
            f"{used - EMAIL_SUBJECT_MUST} over what email allows",
        )
    if used > EMAIL_SUBJECT_SHOULD:
        return DraftCheck(
            "subject",
            "warning",
            f"{used}/{EMAIL_SUBJECT_SHOULD} characters: long subjects are cut off in most inboxes",
        )
    return DraftCheck("subject", "ok", f"{used}/{EMAIL_SUBJECT_SHOULD} characters")


def check_draft(
    text: str,
    *,
    subject: str,
    channel: DraftChannel | str,
    note_limit: int,
    unresolved: Sequence[str],
    empty: Sequence[str],
    personal_values: Sequence[str],
    repeats_last_snippet: bool,
    rendered: str | None = None,
    has_address: bool = True,
    other_channels: Sequence[str] = (),
    note_budget: NoteBudget | None = None,
    fallback_from: str | None = None,
) -> tuple[DraftCheck, ...]:
    """Every check for a draft, in the order the check bar shows them.

    ``length`` (and ``subject`` for email) is always there, ``ok`` when fine;
    the others appear only when they find something. ``rendered`` is what the
    snippet produced (see :func:`is_personal`); ``has_address`` is false when the
    person has no address on this channel, and ``other_channels`` names the draft
    channels they do have one for.
    """
    draft_channel = DraftChannel(channel)
    checks: list[DraftCheck] = []
    if not text.strip():
        checks.append(DraftCheck("empty-text", "error", "the draft is empty: nothing to send"))
    checks.append(_length_check(text, draft_channel, note_limit))
    if draft_channel is DraftChannel.EMAIL:
        checks.append(_subject_check(subject))
    checks.extend(
        DraftCheck("unresolved", "error", f"unknown variable {{{{ {name} }}}}")
        for name in unresolved
    )
    checks.extend(
        DraftCheck("empty", "warning", _EMPTY_MESSAGES.get(name, f"no {name} for this contact"))
        for name in empty
    )
    if text.strip() and not is_personal(text, rendered=rendered, facts=personal_values):
        checks.append(
            DraftCheck(
                "impersonal",
                "warning",
                IMPERSONAL_MESSAGE,
            )
        )
    if not has_address:
        checks.append(_no_address_check(draft_channel, other_channels))
    if repeats_last_snippet:
        checks.append(
            DraftCheck("repeat", "warning", "same snippet as the last message you sent them")
        )
    budget_check = note_budget_check(draft_channel, note_budget, fallback_from, other_channels)
    if budget_check is not None:
        checks.append(budget_check)
    return tuple(checks)


#: What to do when a prospect only a LinkedIn note reaches comes up with no note left.
CONNECT_WITHOUT_NOTE_HINT = (
    "wait, or connect without a note and write when they accept "
    "(ctrl+r in the composer, `netdeck draft NAME --without-note`)"
)


def note_budget_check(
    channel: DraftChannel,
    budget: NoteBudget | None,
    fallback_from: str | None,
    other_channels: Sequence[str] = (),
) -> DraftCheck | None:
    """The ``note-budget`` line: notes left for a LinkedIn note ("2 of 5 notes left
    this month"); none left on a note (a warning: when they reset, and what else
    there is); a draft moved to another channel because none are left. Nothing for
    other channels, or without a limit (Premium)."""
    if budget is None or budget.limit is None:
        return None
    if fallback_from is not None:
        return DraftCheck(
            "note-budget",
            "warning",
            f"{budget_text(budget)}: drafted as {_DRAFTED_AS.get(channel, channel.value)} "
            "instead of a LinkedIn note",
        )
    if channel is not DraftChannel.LINKEDIN_NOTE:
        return None
    if not budget.spent:
        return DraftCheck("note-budget", "ok", budget_text(budget))
    others = [other for other in other_channels if other in _FALLBACK_NAMES]
    if others:
        advice = f"LinkedIn will not send this note; they have {', '.join(others)}"
    else:
        advice = CONNECT_WITHOUT_NOTE_HINT
    return DraftCheck("note-budget", "warning", f"{budget_text(budget)}: {advice}")


_FALLBACK_NAMES = frozenset(channel.value for channel in NOTE_FALLBACKS)
#: How the note-budget check names the channel a draft went to instead of a note.
_DRAFTED_AS = {
    DraftChannel.EMAIL: "an email",
    DraftChannel.X_DM: "an X direct message",
    DraftChannel.WEBSITE: "a message for their website's contact form",
}


#: What each draft channel needs, as the no-address warning names it.
_ADDRESS_NAMES = {
    DraftChannel.LINKEDIN_NOTE: "LinkedIn profile",
    DraftChannel.LINKEDIN_MESSAGE: "LinkedIn profile",
    DraftChannel.EMAIL: "email address",
    DraftChannel.X_DM: "X handle",
    DraftChannel.X_POST: "X handle",
    DraftChannel.WEBSITE: "website",
}


def _no_address_check(channel: DraftChannel, other_channels: Sequence[str]) -> DraftCheck:
    missing = f"no {_ADDRESS_NAMES[channel]} for them"
    if other_channels:
        return DraftCheck(
            "no-address", "warning", f"{missing}: they have {', '.join(other_channels)}"
        )
    return DraftCheck("no-address", "warning", f"{missing}, nor any other address: add one first")


def blocking(checks: Sequence[DraftCheck]) -> tuple[DraftCheck, ...]:
    """The checks that stop a draft being copied or sent at all (an empty draft)."""
    return tuple(check for check in checks if check.code == "empty-text")


def needs_confirmation(checks: Sequence[DraftCheck]) -> tuple[DraftCheck, ...]:
    """What to confirm before copying: the errors (over the limit, placeholders left,
    a subject email cannot carry) and a draft with nothing personal in it, which
    would go out as a mail merge. Other warnings never ask."""
    return tuple(
        check
        for check in checks
        if (check.severity == "error" and check.code != "empty-text") or check.code == "impersonal"
    )


# ---------------------------------------------------------------- choosing a snippet

#: The kind of snippet each stage calls for.
KIND_FOR_STAGE = {
    Stage.PROSPECT: SnippetKind.CONNECTION_REQUEST,
    Stage.REQUESTED: SnippetKind.FOLLOW_UP,
    Stage.CONNECTED: SnippetKind.FIRST_MESSAGE,
    Stage.ACTIVE: SnippetKind.CHECK_IN,
    Stage.DORMANT: SnippetKind.RECONNECT,
    Stage.UNSORTED: SnippetKind.RECONNECT,  # old connections you never sorted: pick up again
    Stage.ARCHIVED: SnippetKind.RECONNECT,
}

#: Stages whose snippet assumes you have talked before (a check-in, a reconnect): someone
#: in them you never had a conversation with gets a first message instead.
FIRST_MESSAGE_UNLESS_TALKED = frozenset(
    {Stage.CONNECTED, Stage.ACTIVE, Stage.DORMANT, Stage.UNSORTED}
)

#: Stages whose people you already write to: a change of jobs calls for congratulations
#: there (a prospect or a pending request still needs its invitation and follow-up).
CONGRATULATE_STAGES = frozenset(
    {Stage.CONNECTED, Stage.ACTIVE, Stage.DORMANT, Stage.UNSORTED, Stage.ARCHIVED}
)


class SnippetLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def channel(self) -> str: ...


SnippetT = TypeVar("SnippetT", bound=SnippetLike)


def snippet_kind(stage: str, *, ever_talked: bool) -> str:
    """The kind of snippet a contact's stage calls for (:data:`KIND_FOR_STAGE`), by
    their history: with no conversation ever (no message, call or meeting, either
    way), a ``connected``, ``active``, ``dormant`` or ``unsorted`` contact gets a
    first message, never a check-in about "our last chat"."""
    parsed = parse_stage(stage)
    if not ever_talked and parsed in FIRST_MESSAGE_UNLESS_TALKED:
        return SnippetKind.FIRST_MESSAGE
    return KIND_FOR_STAGE[parsed]


def choose_snippet(
    snippets: Sequence[SnippetT],
    *,
    stage: str,
    preferred_channel: str | None,
    avoid_id: int | None = None,
    changed_jobs: bool = False,
    ever_talked: bool = True,
    birthday: bool = False,
) -> SnippetT | None:
    """The snippet to start a draft from, or None when there is none of the right kind.

    The kind follows the stage and whether you ``ever_talked`` with them
    (:func:`snippet_kind`), except that someone who
    ``changed_jobs`` since you last talked (the template's ``role_change``) gets a
    ``congratulations`` snippet when there is one and their stage is one you
    write to (:data:`CONGRATULATE_STAGES`), and someone due for their ``birthday``
    (a birthday that has come, not answered yet) gets a ``birthday`` snippet when
    there is one, before all else (the day will not wait). Among those, one for
    the contact's preferred channel comes first (LinkedIn: the invitation note
    for a connection request, else a message; email; X: a DM; a website: its
    contact form), then ``any``,
    then the rest; ``avoid_id`` (the snippet last sent to them) goes last; ties
    go by name.
    """
    parsed = parse_stage(stage)
    kind = snippet_kind(stage, ever_talked=ever_talked)
    if (
        changed_jobs
        and parsed in CONGRATULATE_STAGES
        and any(snippet.kind == SnippetKind.CONGRATULATIONS for snippet in snippets)
    ):
        kind = SnippetKind.CONGRATULATIONS
    if birthday and any(snippet.kind == SnippetKind.BIRTHDAY for snippet in snippets):
        kind = SnippetKind.BIRTHDAY
    candidates = [snippet for snippet in snippets if snippet.kind == kind]
    if not candidates:
        return None
    has_preference = preferred_channel in (
        ChannelKind.LINKEDIN,
        ChannelKind.EMAIL,
        ChannelKind.X,
        ChannelKind.WEBSITE,
    )
    wanted = (
        DraftChannel.WEBSITE
        if preferred_channel == ChannelKind.WEBSITE
        else preferred_draft_channel(kind, preferred_channel)
    )

    def rank(snippet: SnippetT) -> tuple[bool, int, str, str]:
        if has_preference:
            fit = 0 if snippet.channel == wanted else 1 if snippet.channel == "any" else 2
        else:
            fit = 0 if snippet.channel == "any" else 1
        return (snippet.id == avoid_id, fit, snippet.name.casefold(), snippet.name)

    return min(candidates, key=rank)
