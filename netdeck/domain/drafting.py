"""Drafting a message from a snippet: rendering, channel limits, checks and snippet choice.

Pure rules, no database and no UI; :mod:`netdeck.services.drafts` gathers the
facts and the composer re-runs :func:`check_draft` on every keystroke.

Rendering
    Snippet bodies (and email subjects) are Jinja2 templates rendered in a
    sandbox (``jinja2.sandbox.ImmutableSandboxedEnvironment``, autoescape off)
    on a budget (:mod:`netdeck.domain.template_budget`): at most 20,000
    characters of text, 100,000 loop iterations and calls, values of 100,000
    characters, 1,000,000 characters built in all and one second (a check's
    two trial renders together). Jinja is
    imported on first use, never on the TUI's start-up path. The variables are
    :data:`TEMPLATE_VARIABLES`; a known variable that is empty for this contact
    (no ``how_we_met``, ``days_since`` before any conversation) renders as
    nothing and is reported in :attr:`Rendered.empty`, and ``default`` treats it
    as missing, so ``{{ how_we_met | default("we met at...") }}`` falls back
    when ``how_we_met`` is empty (Jinja's own ``default`` would keep the empty
    string). An unknown variable renders visibly as ``{{ name }}`` and is
    reported in :attr:`Rendered.unresolved`. Anything that goes wrong (syntax,
    attribute tricks like ``{{ ''.__class__ }}``, a failing expression, a
    template over its budget) is a :class:`~netdeck.domain.errors.TemplateProblem`
    naming the line.

Checks
    :func:`check_draft` measures the text against the channel's limit
    (:func:`limit_for`, X's weighted length for posts), checks an email
    subject, leftover ``{{ placeholders }}``, empty variables, whether the text
    says anything specific to the person, and whether it repeats the snippet
    last sent to them. Errors other than an empty draft may still be copied
    after a confirmation (:func:`needs_confirmation`); an empty one may not
    (:func:`blocking`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

from netdeck.domain import template_budget
from netdeck.domain.channels import INTERACTION_CHANNEL_FOR, ChannelKind, channel_url
from netdeck.domain.choices import parse_choice
from netdeck.domain.errors import TemplateProblem
from netdeck.domain.interactions import InteractionKind
from netdeck.domain.snippets import SnippetChannel, SnippetKind
from netdeck.domain.stages import Stage, parse_stage

# ---------------------------------------------------------------- templates

#: The variables a snippet can use, in the order they are documented.
TEMPLATE_VARIABLES = (
    "first_name",
    "last_name",
    "full_name",
    "company",
    "title",
    "how_we_met",
    "last_topic",
    "days_since",
    "my_name",
)

#: The longest text a template may produce (the rest of the budget: :mod:`.template_budget`).
MAX_RENDERED_CHARS = template_budget.MAX_RENDERED_CHARS

#: Names Jinja itself provides inside templates (not variables of ours).
_JINJA_NAMES = frozenset({"self"})


@dataclass(frozen=True, slots=True)
class TemplateContext:
    """What a template can say about one contact (and you)."""

    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    company: str = ""
    title: str = ""
    how_we_met: str = ""
    last_topic: str = ""  # the note of the last interaction that has one
    days_since: int | None = None  # days since the last conversation; None before any
    my_name: str = ""


#: Values for the trial render when a snippet is saved: every variable filled in.
SAMPLE_CONTEXT = TemplateContext(
    first_name="Greg",
    last_name="Ito",
    full_name="Greg Ito",
    company="Acme Robotics",
    title="Staff Engineer",
    how_we_met="the same MBA program",
    last_topic="your move to Berlin",
    days_since=30,
    my_name="Sam Rivera",
)


#: ... and with nothing but a name, as for a prospect just added.
SPARSE_CONTEXT = TemplateContext(first_name="Greg", full_name="Greg")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered template, with the variables it could not fill."""

    text: str
    unresolved: tuple[str, ...] = ()  # unknown names, left in the text as {{ name }}
    empty: tuple[str, ...] = ()  # known names with no value for this contact


class _Blank(str):
    """A known variable with no value: renders as nothing, noted as empty when shown."""

    variable: str


def _blank(variable: str) -> _Blank:
    value = _Blank("")
    value.variable = variable
    return value


@dataclass(slots=True)
class _Seen:
    unresolved: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)


# What the render in progress (in this thread) has shown; see :func:`_render`.
_SEEN: ContextVar[_Seen | None] = ContextVar("netdeck_template_seen", default=None)


def _note(bucket: str, name: str) -> None:
    seen = _SEEN.get()
    if seen is not None:
        names: list[str] = getattr(seen, bucket)
        if name not in names:
            names.append(name)


@cache
def _environment() -> Any:
    """The sandbox every template is compiled in (built once, on first use)."""
    from jinja2 import Undefined
    from jinja2.sandbox import SecurityError
    from jinja2.utils import missing

    class Unresolved(Undefined):
        """An unknown variable shows as ``{{ name }}``; a missing attribute is an error."""

        __slots__ = ()

        def __str__(self) -> str:
            if self._undefined_obj is not missing:
                self._fail_with_undefined_error()
            name = self._undefined_name or "?"
            _note("unresolved", name)
            return "{{ " + name + " }}"

    class Sandbox(template_budget.budgeted_sandbox()):  # type: ignore[misc]
        def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
            # The stock sandbox renders a forbidden attribute as an empty string;
            # a snippet that tries one should hear about it.
            raise SecurityError(f"{attribute!r} is off limits in snippets")

    def finalize(value: Any) -> Any:
        if isinstance(value, _Blank):
            _note("empty", value.variable)
        template_budget.printed(value)
        return value

    def default(value: Any, default_value: Any = "", boolean: bool = False) -> Any:
        """Jinja's ``default``, which also replaces empty text (an unknown how_we_met)."""
        if (
            isinstance(value, Undefined)
            or value is None
            or (isinstance(value, str) and not value)
            or (boolean and not value)
        ):
            return default_value
        return value

    environment = Sandbox(
        autoescape=False,
        undefined=Unresolved,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    budgeted_default = template_budget.budgeted_filter(default)
    environment.filters["default"] = environment.filters["d"] = budgeted_default
    environment.globals.pop("lipsum", None)  # paragraphs of filler: never wanted in a message
    return environment


def _template_line(error: BaseException) -> int | None:
    """The template line an error was raised on (Jinja rewrites its traceback to say)."""
    line = None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _describe(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "the template nests or calls itself too deeply"
    if isinstance(error, MemoryError):
        return "the draft would be too large"
    if isinstance(error, SyntaxError):  # Python's own limits on the code Jinja generates
        return f"the template is too complex ({error.msg})"
    message = getattr(error, "message", None) or str(error)
    message = message.replace(f"'{_Blank.__name__}'", "'str'")  # an empty variable is text
    return " ".join(message.split()) or type(error).__name__


@lru_cache(maxsize=128)
def _compiled(body: str) -> Any:
    from jinja2 import TemplateSyntaxError

    try:
        template_budget.check_template_size(body)
        return _environment().from_string(body)
    except TemplateSyntaxError as error:
        raise TemplateProblem(_describe(error), error.lineno) from None
    except Exception as error:
        # A template is the user's code: whatever stops it compiling (nesting past
        # Python's limits, say) is theirs to fix, and must not escape as a crash.
        raise TemplateProblem(_describe(error), _template_line(error)) from None


def _values(context: TemplateContext) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in TEMPLATE_VARIABLES:
        value = getattr(context, name)
        values[name] = _blank(name) if value is None or value == "" else value
    return values


def render_template(body: str, context: TemplateContext) -> Rendered:
    """The template filled in for ``context``; :class:`TemplateProblem` when it cannot be.

    The text loses leading and trailing blank lines and trailing spaces. The
    render is held to the budget in :mod:`netdeck.domain.template_budget`.
    """
    return _render(body, context, template_budget.deadline_from_now())


def _render(body: str, context: TemplateContext, deadline: float) -> Rendered:
    template = _compiled(body)
    seen = _Seen()
    token = _SEEN.set(seen)
    try:
        parts: list[str] = []
        size = 0
        with template_budget.rendering(deadline):
            for chunk in template.generate(_values(context)):
                size += len(chunk)
                template_budget.check_output_size(size)
                parts.append(chunk)
    except Exception as error:
        # Rendering runs the user's expressions: any failure is reported, with its line.
        raise TemplateProblem(_describe(error), _template_line(error)) from None
    finally:
        _SEEN.reset(token)
    text = "".join(parts).strip("\n").rstrip()
    return Rendered(text, tuple(seen.unresolved), tuple(seen.empty))


def check_template(body: str) -> Rendered:
    """Refuse a template that should not be saved; return a trial render with sample values.

    Refused: syntax errors, unknown variables (``{{ frist_name }}``: a typo
    would otherwise show in every draft), forbidden constructs and anything
    that fails to render for a contact with every field filled in, or with
    nothing but a name (``{% if days_since > 30 %}`` fails before the first
    conversation).
    """
    from jinja2 import meta, nodes

    try:
        template_budget.check_time_left()
    except template_budget.OverBudget as error:
        raise TemplateProblem(str(error)) from None
    _compiled(body)  # syntax first: parse() below would fail the same way
    environment = _environment()
    tree = environment.parse(body)
    known = set(TEMPLATE_VARIABLES) | set(environment.globals) | _JINJA_NAMES
    unknown = meta.find_undeclared_variables(tree) - known
    if unknown:
        first = min(
            (node for node in tree.find_all(nodes.Name) if node.name in unknown),
            key=lambda node: (node.lineno, node.name),
        )
        raise TemplateProblem(
            f"unknown variable {{{{ {first.name} }}}}: use one of {', '.join(TEMPLATE_VARIABLES)}",
            first.lineno,
        )
    deadline = template_budget.deadline_from_now()  # both trial renders together
    rendered = _render(body, SAMPLE_CONTEXT, deadline)
    try:
        _render(body, SPARSE_CONTEXT, deadline)
    except TemplateProblem as problem:
        raise TemplateProblem(
            f"{problem.detail} for a contact with only a name: check that a variable has a "
            "value before using it ({% if days_since %}...{% endif %}, or | default(...))",
            problem.line,
        ) from None
    return rendered


_PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)


def placeholders_in(text: str) -> tuple[str, ...]:
    """The ``{{ ... }}`` placeholders still in a draft (each once, in order)."""
    found: list[str] = []
    for match in _PLACEHOLDER.finditer(text):
        name = " ".join(match.group(1).split())
        if name not in found:
            found.append(name)
    return tuple(found)


def personal_values(context: TemplateContext) -> tuple[str, ...]:
    """The facts whose presence makes a draft personal: first name, company,
    how you met, the last topic."""
    values = (context.first_name, context.company, context.how_we_met, context.last_topic)
    return tuple(value for value in values if value.strip())


# ---------------------------------------------------------------- channels and limits


class DraftChannel(StrEnum):
    """Where a draft goes: a snippet's channel, with ``any`` resolved for the contact."""

    LINKEDIN_NOTE = "linkedin-note"
    LINKEDIN_MESSAGE = "linkedin-message"
    EMAIL = "email"
    X_DM = "x-dm"
    X_POST = "x-post"


#: The kind of address each channel is sent to.
ADDRESS_KIND = {
    DraftChannel.LINKEDIN_NOTE: ChannelKind.LINKEDIN,
    DraftChannel.LINKEDIN_MESSAGE: ChannelKind.LINKEDIN,
    DraftChannel.EMAIL: ChannelKind.EMAIL,
    DraftChannel.X_DM: ChannelKind.X,
    DraftChannel.X_POST: ChannelKind.X,
}

#: LinkedIn's limit for an ordinary message. Uncertain: about 3,000 characters
#: by third-party reports (InMail bodies about 1,900-2,000); no official figure.
LINKEDIN_MESSAGE_LIMIT = 3_000
X_POST_LIMIT = 280  # weighted characters, see x_weighted_length()
X_DM_LIMIT = 10_000
#: RFC 5322: a header line SHOULD stay within 78 characters and MUST within 998.
EMAIL_SUBJECT_SHOULD = 78
EMAIL_SUBJECT_MUST = 998

_LIMIT_NAMES = {
    DraftChannel.LINKEDIN_NOTE: "LinkedIn's invitation limit",
    DraftChannel.LINKEDIN_MESSAGE: "LinkedIn's message limit (about 3,000; uncertain)",
    DraftChannel.X_POST: "X's post limit",
    DraftChannel.X_DM: "X's direct message limit",
}


def parse_draft_channel(text: str) -> DraftChannel:
    """The draft channel named ``text``, or an error listing the choices."""
    return parse_choice(DraftChannel, text, "channel")


def preferred_draft_channel(kind: str, preferred: str | None) -> DraftChannel:
    """The channel for a snippet of ``kind`` sent to someone whose preferred address
    is of kind ``preferred`` (linkedin, email, x; anything else means LinkedIn)."""
    match preferred:
        case ChannelKind.EMAIL:
            return DraftChannel.EMAIL
        case ChannelKind.X:
            return DraftChannel.X_DM
        case _:
            if kind == SnippetKind.CONNECTION_REQUEST:
                return DraftChannel.LINKEDIN_NOTE
            return DraftChannel.LINKEDIN_MESSAGE


def resolve_channel(snippet_channel: str, *, kind: str, preferred: str | None) -> DraftChannel:
    """A snippet's channel, with ``any`` resolved to the contact's preferred one."""
    if snippet_channel == SnippetChannel.ANY:
        return preferred_draft_channel(kind, preferred)
    return parse_draft_channel(snippet_channel)


def limit_for(channel: DraftChannel | str, note_limit: int) -> int | None:
    """The most characters a draft body may have on ``channel``; None for email.

    ``note_limit`` is the LinkedIn invitation note setting (200, or 300 with
    Premium). LinkedIn's message limit is uncertain (see
    :data:`LINKEDIN_MESSAGE_LIMIT`); X posts are measured by weighted length.
    """
    match DraftChannel(channel):
        case DraftChannel.LINKEDIN_NOTE:
            return note_limit
        case DraftChannel.LINKEDIN_MESSAGE:
            return LINKEDIN_MESSAGE_LIMIT
        case DraftChannel.X_POST:
            return X_POST_LIMIT
        case DraftChannel.X_DM:
            return X_DM_LIMIT
        case _:
            return None


def measured_length(text: str, channel: DraftChannel | str) -> int:
    """The length a channel counts: X's weighted length for posts; for the rest what
    a browser's text box counts (UTF-16 code units, so an emoji counts 2)."""
    if DraftChannel(channel) is DraftChannel.X_POST:
        return x_weighted_length(text)
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- X's weighted length

#: Code points X counts once; every other counts twice (twitter-text's v3 config).
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
#: What any link counts on X (t.co), however long it is.
X_URL_LENGTH = 23
# Links without a scheme count when they end in a country code or a well-known
# ending (twitter-text checks its full list of domain endings: uncertain for rare ones).
_X_BARE_TLDS = "[a-z]{2}|com|org|net|edu|gov|info|biz|dev|app|blog|xyz|online|site|tech|page"
_X_URL = re.compile(
    r"(?<![A-Za-z0-9@$#＠＃\u202a-\u202e])"
    r"(?:https?://[^\s<>\"/?#.]+(?:\.[^\s<>\"/?#.]+)+(?:[/?#][^\s<>\"]*)?"
    r"|(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    rf"(?:{_X_BARE_TLDS})(?![\w-])(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)
_ZWJ = "\u200d"
_VARIATION_SELECTORS = "\ufe0e\ufe0f"


def _is_pictographic(code: int) -> bool:
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0x2300 <= code <= 0x23FF
        or 0x2B00 <= code <= 0x2BFF
        or 0x2190 <= code <= 0x21FF
        or 0x25A0 <= code <= 0x25FF
        or 0x2900 <= code <= 0x297F
        or code in (0xA9, 0xAE, 0x203C, 0x2049, 0x2122, 0x2139, 0x24C2, 0x3030, 0x303D)
        or code in (0x3297, 0x3299)
    )


def _emoji_tail(text: str, at: int) -> int:
    """Past the variation selector, skin tone and tags that belong to an emoji."""
    end = len(text)
    if at < end and text[at] in _VARIATION_SELECTORS:
        at += 1
    if at < end and 0x1F3FB <= ord(text[at]) <= 0x1F3FF:
        at += 1
    while at < end and 0xE0020 <= ord(text[at]) <= 0xE007F:
        at += 1
    return at


def _emoji_end(text: str, at: int) -> int | None:
    """The index just past the emoji that starts at ``at``, or None if none does."""
    end = len(text)
    code = ord(text[at])
    if 0x1F1E6 <= code <= 0x1F1FF:  # regional indicators: a flag is a pair
        paired = at + 1 < end and 0x1F1E6 <= ord(text[at + 1]) <= 0x1F1FF
        return at + 2 if paired else at + 1
    if text[at] in "0123456789#*":  # keycaps: 1️⃣
        after = at + 1
        if after < end and text[after] == "\ufe0f":
            after += 1
        return after + 1 if after < end and text[after] == "\u20e3" else None
    if not _is_pictographic(code):
        return None
    after = _emoji_tail(text, at + 1)
    while after + 1 < end and text[after] == _ZWJ and _is_pictographic(ord(text[after + 1])):
        after = _emoji_tail(text, after + 2)
    return after


def _x_plain_weight(text: str) -> int:
    total = 0
    at = 0
    while at < len(text):
        emoji_end = _emoji_end(text, at)
        if emoji_end is not None:
            total += 2
            at = emoji_end
            continue
        code = ord(text[at])
        total += 1 if any(low <= code <= high for low, high in _X_LIGHT_RANGES) else 2
        at += 1
    return total


def _x_url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _X_URL.finditer(text):
        url = match.group(0)
        while url and url[-1] in ".,;:!?'\")]":
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        spans.append((match.start(), match.start() + len(url)))
    return spans


def x_weighted_length(text: str) -> int:
    """The length X counts for a post (twitter-text's v3 rules).

    The text is NFC-normalised; code points in Latin and other light ranges
    count 1, everything else (CJK, most symbols) 2; an emoji, however many
    code points it is made of (skin tones, ZWJ families, flags, keycaps),
    counts 2; a link counts 23 whatever its length. Links without ``http(s)://``
    are recognised by their ending (a country code, ``.com``, ``.dev``...), where
    X checks a full list of domain endings: uncertain for rare ones.
    """
    normalised = unicodedata.normalize("NFC", text)
    total = 0
    at = 0
    for start, stop in _x_url_spans(normalised):
        total += _x_plain_weight(normalised[at:start]) + X_URL_LENGTH
        at = stop
    return total + _x_plain_weight(normalised[at:])


# ---------------------------------------------------------------- checks


@dataclass(frozen=True, slots=True)
class DraftCheck:
    """One line of the composer's check bar."""

    code: str  # length, subject, unresolved, empty, impersonal, repeat, empty-text
    severity: str  # "ok" | "warning" | "error"
    message: str


_EMPTY_MESSAGES = {
    "my_name": 'no my_name set: run `netdeck settings my-name "Your Name"`',
    "days_since": "no days_since: you have not talked with them yet",
}


def _mentions(text: str, value: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(value.casefold()) + r"(?!\w)"
    return re.search(pattern, text.casefold()) is not None


def _length_check(text: str, channel: DraftChannel, note_limit: int) -> DraftCheck:
    used = measured_length(text, channel)
    limit = limit_for(channel, note_limit)
    unit = "weighted characters" if channel is DraftChannel.X_POST else "characters"
    if limit is None:
        return DraftCheck("length", "ok", f"{used} {unit} (no limit for an email body)")
    if used > limit:
        return DraftCheck(
            "length",
            "error",
            f"{used}/{limit} {unit}: {used - limit} over {_LIMIT_NAMES[channel]}",
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
) -> tuple[DraftCheck, ...]:
    """Every check for a draft, in the order the check bar shows them.

    ``length`` (and ``subject`` for email) is always there, ``ok`` when fine;
    the others appear only when they find something.
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
    if text.strip() and not any(_mentions(text, value) for value in personal_values if value):
        checks.append(
            DraftCheck(
                "impersonal",
                "warning",
                "nothing in the draft is specific to this person "
                "(their name, company, how you met, what you last talked about)",
            )
        )
    if repeats_last_snippet:
        checks.append(
            DraftCheck("repeat", "warning", "same snippet as the last message you sent them")
        )
    return tuple(checks)


def blocking(checks: Sequence[DraftCheck]) -> tuple[DraftCheck, ...]:
    """The checks that stop a draft being copied or sent at all (an empty draft)."""
    return tuple(check for check in checks if check.code == "empty-text")


def needs_confirmation(checks: Sequence[DraftCheck]) -> tuple[DraftCheck, ...]:
    """The errors to confirm before copying: over the limit, placeholders left,
    a subject email cannot carry. Warnings never ask."""
    return tuple(
        check for check in checks if check.severity == "error" and check.code != "empty-text"
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


def choose_snippet(
    snippets: Sequence[SnippetT],
    *,
    stage: str,
    preferred_channel: str | None,
    avoid_id: int | None = None,
) -> SnippetT | None:
    """The snippet to start a draft from, or None when there is none of the right kind.

    The kind follows the stage (:data:`KIND_FOR_STAGE`). Among those, one for
    the contact's preferred channel comes first (LinkedIn: the invitation note
    for a connection request, else a message; email; X: a DM), then ``any``,
    then the rest; ``avoid_id`` (the snippet last sent to them) goes last; ties
    go by name.
    """
    kind = KIND_FOR_STAGE[parse_stage(stage)]
    candidates = [snippet for snippet in snippets if snippet.kind == kind]
    if not candidates:
        return None
    has_preference = preferred_channel in (ChannelKind.LINKEDIN, ChannelKind.EMAIL, ChannelKind.X)
    wanted = preferred_draft_channel(kind, preferred_channel)

    def rank(snippet: SnippetT) -> tuple[bool, int, str, str]:
        if has_preference:
            fit = 0 if snippet.channel == wanted else 1 if snippet.channel == "any" else 2
        else:
            fit = 0 if snippet.channel == "any" else 1
        return (snippet.id == avoid_id, fit, snippet.name.casefold(), snippet.name)

    return min(candidates, key=rank)


# ---------------------------------------------------------------- sending


def sent_interaction(channel: DraftChannel | str, stage: str) -> tuple[str, str]:
    """The (interaction channel, kind) to log when a draft is sent.

    A LinkedIn invitation note, or any first message to a prospect, is a
    connection request (which makes the prospect ``requested``); everything
    else is a message.
    """
    draft_channel = DraftChannel(channel)
    where = INTERACTION_CHANNEL_FOR[ADDRESS_KIND[draft_channel]]
    is_request = draft_channel is DraftChannel.LINKEDIN_NOTE or parse_stage(stage) is Stage.PROSPECT
    kind = InteractionKind.CONNECTION_REQUEST if is_request else InteractionKind.MESSAGE
    return where.value, kind.value


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto_url(address: str, subject: str = "", body: str = "") -> str:
    """A ``mailto:`` link per RFC 6068: percent-encoded, spaces as ``%20``, line
    breaks as ``%0D%0A``; an empty subject or body is left out."""
    fields = []
    if subject:
        fields.append("subject=" + quote(subject, safe=""))
    if body:
        fields.append("body=" + quote(_crlf(body), safe=""))
    url = "mailto:" + quote(address, safe="@+")
    return url + ("?" + "&".join(fields) if fields else "")


def open_url_for(
    channel: DraftChannel | str, address: str | None, *, subject: str, text: str
) -> str | None:
    """The link that opens the channel, ready to paste or send: the LinkedIn
    profile, a ``mailto:`` holding subject and body, the X profile, or X's
    compose page for a post (``x.com/intent/tweet``; X has renamed its intents
    before, so uncertain). None without the address it needs."""
    draft_channel = DraftChannel(channel)
    if draft_channel is DraftChannel.X_POST:
        return "https://x.com/intent/tweet?text=" + quote(text, safe="")
    if not address:
        return None
    if draft_channel is DraftChannel.EMAIL:
        return mailto_url(address, subject, text)
    return channel_url(ADDRESS_KIND[draft_channel], address)
