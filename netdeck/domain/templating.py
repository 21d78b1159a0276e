"""Snippet templates: the Jinja sandbox, rendering, and the trial render before saving.

Pure rules, no database and no UI. Snippet bodies (and email subjects) are
Jinja2 templates rendered in a sandbox
(``jinja2.sandbox.ImmutableSandboxedEnvironment``, autoescape off) on a budget
(:mod:`netdeck.domain.template_budget`): at most 20,000 characters of text,
100,000 loop iterations and calls, values of 100,000 characters, 1,000,000
characters built in all and one second (a check's two trial renders together).
Jinja is imported on first use, never on the TUI's start-up path. The
variables are :data:`TEMPLATE_VARIABLES`; a known variable that is empty for
this contact (no ``how_we_met``, ``days_since`` before any conversation)
renders as nothing and is reported in :attr:`Rendered.empty`, and ``default``
treats it as missing, so ``{{ how_we_met | default("we met at...") }}`` falls
back when ``how_we_met`` is empty (Jinja's own ``default`` would keep the
empty string). An unknown variable renders visibly as ``{{ name }}`` and is
reported in :attr:`Rendered.unresolved`. A value that ends a sentence
itself (a company "Stratus, Inc.") followed by the template's own full stop
prints one period, not two (:func:`_one_full_stop`). Anything that goes wrong (syntax,
attribute tricks like ``{{ ''.__class__ }}``, a failing expression, a template
over its budget) is a :class:`~netdeck.domain.errors.TemplateProblem` naming
the line.

The channel a draft goes to and its length are in
:mod:`netdeck.domain.draft_channels`; the checks on the rendered draft in
:mod:`netdeck.domain.draft_checks`.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from netdeck.domain import template_budget
from netdeck.domain.errors import TemplateProblem

#: The variables a snippet can use, in the order they are documented.
TEMPLATE_VARIABLES = (
    "first_name",
    "last_name",
    "full_name",
    "nickname",
    "company",
    "title",
    "how_we_met",
    "last_topic",
    "days_since",
    "my_name",
    "role_change",
    "signature",
)

#: The longest text a template may produce (the rest of the budget: :mod:`.template_budget`).
MAX_RENDERED_CHARS = template_budget.MAX_RENDERED_CHARS

#: Put after a printed value that ends with ".", so the render can tell the value's
#: period from the template's own (a Unicode noncharacter: never in real text).
_ENDS_WITH_PERIOD = "\ufdd0"
#: The value's period, then exactly one period of the template: that one goes.
#: ("Inc." then "..." keeps all four: an ellipsis the user wrote stays as written.)
_DOUBLE_PERIOD = re.compile(_ENDS_WITH_PERIOD + r"\.(?!\.)")

#: Names Jinja itself provides inside templates (not variables of ours).
_JINJA_NAMES = frozenset({"self"})


@dataclass(frozen=True, slots=True)
class TemplateContext:
    """What a template can say about one contact (and you)."""

    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    #: What they go by ("Bob"); "" when none is known (``{{ nickname | default(first_name) }}``).
    nickname: str = ""
    company: str = ""
    title: str = ""
    how_we_met: str = ""
    #: "Next time, ask about" when the contact has one, else the note of the last
    #: interaction you logged (see :func:`last_topic`).
    last_topic: str = ""
    days_since: int | None = None  # days since the last conversation; None before any
    my_name: str = ""
    #: Their new role when an import saw them change jobs since you last talked
    #: ("VP Product at Contoso"); "" otherwise.
    role_change: str = ""
    #: Your sign-off (the ``signature`` setting); an email draft ends with it unless
    #: the snippet places it (:func:`netdeck.domain.draft_channels.signed`).
    signature: str = ""


#: Values for the trial render when a snippet is saved: every variable filled in.
SAMPLE_CONTEXT = TemplateContext(
    first_name="Greg",
    last_name="Ito",
    full_name="Greg Ito",
    nickname="Greggo",
    company="Acme Robotics",
    title="Staff Engineer",
    how_we_met="the same MBA program",
    last_topic="your move to Berlin",
    days_since=30,
    my_name="Sam Rivera",
    role_change="VP Product at Contoso",
    signature="Sam Rivera\nsamrivera.example",
)


#: ... and with nothing but a name, as for a prospect just added.
SPARSE_CONTEXT = TemplateContext(first_name="Greg", full_name="Greg")


#: The most characters of a note that ``last_topic`` takes (it sits inside a
#: sentence: "I was thinking of our last chat ({{ last_topic }})").
TOPIC_LIMIT = 80

#: What a topic cut short must not end with: it would read as a sentence left open.
_DANGLING = " ,;:-\u2013\u2014(/&"


def topic_of(note: str, limit: int = TOPIC_LIMIT) -> str:
    """A note as a topic a snippet can say mid-sentence: one line (all whitespace,
    newlines included, collapsed to single spaces), trimmed, and at most ``limit``
    characters. A longer note is cut at the last whole word that fits, without an
    ellipsis (an ellipsis inside someone's sentence reads as a glitch) and without a
    dangling comma or dash; a single word longer than ``limit`` is cut at ``limit``."""
    flat = " ".join(note.split())
    if len(flat) <= limit:
        return flat
    # The character just past the limit tells whether the cut falls between words.
    head, space, _ = flat[: limit + 1].rpartition(" ")
    if not space:
        return flat[:limit]
    return head.rstrip(_DANGLING) or head


def clean_ask_about(text: str) -> str:
    """What a contact's "next time, ask about" holds: one line (newlines, tabs and
    runs of spaces collapsed to one space), trimmed. A draft says it mid-sentence."""
    return " ".join(text.split())


def last_topic(ask_about: str, logged_note: str) -> str:
    """A draft's ``last_topic``: what you wrote down to ask about next time, else the
    note of the last interaction you logged (never an imported message's body), as
    a topic (:func:`topic_of`)."""
    return topic_of(ask_about if ask_about.strip() else logged_note)


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

    class Sandbox(template_budget.budgeted_sandbox()):  # type: ignore[misc]  # a base class made at run time, so Jinja loads only when a template renders
        def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
            # The stock sandbox renders a forbidden attribute as an empty string;
            # a snippet that tries one should hear about it.
            raise SecurityError(f"{attribute!r} is off limits in snippets")

    def finalize(value: Any) -> Any:
        if isinstance(value, _Blank):
            _note("empty", value.variable)
        template_budget.printed(value)
        if isinstance(value, str) and value.endswith("."):
            return value + _ENDS_WITH_PERIOD
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
    text = _one_full_stop("".join(parts)).strip("\n").rstrip()
    return Rendered(text, tuple(seen.unresolved), tuple(seen.empty))


def _one_full_stop(text: str) -> str:
    """``text`` without the template's period right after a value's own ("at Stratus,
    Inc." + "." → "at Stratus, Inc."), and without the marks that tell them apart."""
    return _DOUBLE_PERIOD.sub("", text).replace(_ENDS_WITH_PERIOD, "")


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


def uses_variable(body: str, name: str) -> bool:
    """Whether the template ``body`` refers to the variable ``name`` anywhere
    (printed, tested or passed to a filter); False for a template that does not compile."""
    from jinja2 import meta

    try:
        _compiled(body)
    except TemplateProblem:
        return False
    return name in meta.find_undeclared_variables(_environment().parse(body))


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
    """The facts about this person whose presence makes a draft personal: how you met
    and the topic (:func:`last_topic`). Their name and company are not among them: a
    mail merge says those to anyone."""
    values = (context.how_we_met, context.last_topic)
    return tuple(value for value in values if value.strip())
