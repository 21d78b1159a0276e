"""The budget every snippet template renders within: loop steps, sizes and time.

A snippet is the user's code (:mod:`netdeck.domain.templating` renders it in
Jinja's sandbox). The sandbox stops attribute tricks, not work: three nested
loops over ``range(1000)`` print nothing and run for minutes, and
``'x' | center(10**9)``, ``'{:>999999999}'.format(x)`` or ``'x' * 10**9`` each
build a gigabyte string in one step. So every render runs on a budget, far
above anything a real message needs:

==========================================  ===========================
the text a template renders                 20,000 characters
the template itself                         20,000 characters
loop iterations and calls, all together     100,000 steps
(every loop at any depth; functions,
methods, filters and macros)
numbers one ``range()`` yields              1,000
any one value built while rendering         100,000 characters
(a string; a list or dict counts its items
as printed, a value listed twice twice)
everything built, added up                  1,000,000 characters
a number                                    10,000 bits
a width or precision                        100,000
a ``tojson`` indent                         8
time, one check or render                   1 second (wall clock)
time, every template of an imported file    10 seconds together
==========================================  ===========================

How, cheaply for ordinary templates (a few checks per ``{{ }}``, none per
character):

- The parsed template is rewritten so that each ``for`` loop iterates through
  a counter, and compiled so that ``~`` joins and list, tuple and dict
  displays holding variables are measured as they are built.
- Calls, filters and the operators ``+ * ** %`` go through the sandbox's hooks:
  each counts a step and looks at the clock, refuses arguments too large to
  print, and measures what it returns.
- What could build something much bigger than its inputs is checked from its
  arguments *before* it runs: widths and precisions (``center``, ``ljust``,
  ``rjust``, ``zfill``, ``format``, ``%``), ``replace``, ``expandtabs``,
  ``translate``, ``join`` separators, ``indent``, ``wordwrap``, ``urlize``
  attributes, ``batch`` and ``slice`` counts, ``tojson`` indents, repetition
  with ``*``, powers, ``int.to_bytes``, and ``sum`` (numbers only: adding up
  lists takes quadratic time).
- Captured output (``{% set %}...{% endset %}``, macros, ``{% filter %}``)
  is measured as it is joined; printed values as they are printed.

Lists, dicts and sets cannot be changed in place (Jinja's immutable sandbox).
A template past a limit raises :class:`OverBudget` saying which;
:mod:`~netdeck.domain.templating` turns it into a ``TemplateProblem`` with its line.

One module, longer than most: every check above reads and charges the same
per-render budget (a context variable), and the pre-checks are only safe read
next to the sandbox hooks that call them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, ValuesView
from contextvars import ContextVar
from functools import cache, update_wrapper, wraps
from itertools import chain
from types import BuiltinMethodType, MethodType
from typing import Any

#: The longest text a template may produce: far past every channel's limit.
MAX_RENDERED_CHARS = 20_000
#: The longest template: a message template never needs more than the text it makes.
MAX_TEMPLATE_CHARS = 20_000
#: Loop iterations (every loop at any depth) and calls (functions, methods,
#: filters, macros) in one render, all together.
MAX_STEPS = 100_000
#: ``range()`` in a template yields at most this many numbers.
MAX_RANGE = 1_000
#: The largest value built while rendering, measured as printed (see :func:`text_size`).
MAX_VALUE_CHARS = 100_000
#: Everything built while rendering, added up: what bounds the memory a render takes.
MAX_BUILT_CHARS = 1_000_000
#: Arithmetic in a template may not build numbers bigger than this.
MAX_OPERAND_BITS = 10_000
#: The widest ``tojson`` indent (each nesting level repeats it on every line).
MAX_JSON_INDENT = 8
#: How long one render may take (a check's two trial renders share it).
MAX_RENDER_SECONDS = 1.0
#: How long all the templates of one imported file may take to check, together.
MAX_FILE_CHECK_SECONDS = 10.0


class OverBudget(Exception):
    """A template went past one of the limits; the message says which."""


_TOO_LARGE = (
    f"that would build text or a list longer than {MAX_VALUE_CHARS:,} characters: "
    "too large for a message"
)
_WIDTH_TOO_LARGE = "that width is too large for a message"
_FORMAT_WIDTH_TOO_LARGE = "that format width is too large for a message"


class _Budget:
    """What the render in progress has spent."""

    __slots__ = ("built", "deadline", "steps")

    def __init__(self, deadline: float) -> None:
        self.steps = 0
        self.built = 0
        self.deadline = deadline

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise OverBudget(
                f"the template runs more than {MAX_STEPS:,} loop iterations and calls: "
                "check its loops"
            )
        if time.monotonic() > self.deadline:
            shared = _SHARED_LIMIT.get()
            if shared is not None and shared[0] <= self.deadline:
                raise OverBudget(_all_too_long(shared[1]))
            raise OverBudget(
                f"the template takes longer than {MAX_RENDER_SECONDS:g} second to render: "
                "check its loops"
            )

    def built_value(self, value: Any) -> Any:
        """``value``, once it is known to be small enough, counted as built."""
        self.add_built(_size_within_limit(value))
        return value

    def add_built(self, size: int) -> None:
        self.built += size
        if self.built > MAX_BUILT_CHARS:
            raise OverBudget(
                f"the template builds more than {MAX_BUILT_CHARS:,} characters of text "
                "in all: check its loops"
            )


# The budget of the render in progress in this thread; see :func:`rendering`. Hooks
# that run with none (Jinja folding constants while it compiles) raise LookupError,
# and Jinja then leaves that expression to render time.
_BUDGET: ContextVar[_Budget] = ContextVar("netdeck_template_budget")


class rendering:  # lower case: read as ``with rendering(deadline):``
    """Render on a fresh budget that runs out at ``deadline`` (``time.monotonic()``)."""

    __slots__ = ("_budget", "_token")

    def __init__(self, deadline: float) -> None:
        self._budget = _Budget(deadline)

    def __enter__(self) -> None:
        self._token = _BUDGET.set(self._budget)

    def __exit__(self, *exception: object) -> None:
        _BUDGET.reset(self._token)


# The deadline and seconds of the :class:`time_limit` in force, if any.
_SHARED_LIMIT: ContextVar[tuple[float, float] | None] = ContextVar(
    "netdeck_template_time_limit", default=None
)


class time_limit:  # lower case: read as ``with time_limit(seconds):``
    """Every render inside also ends within ``seconds`` from now, all of them together
    (the templates of one imported file, say)."""

    __slots__ = ("_seconds", "_token")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds

    def __enter__(self) -> None:
        limit = (time.monotonic() + self._seconds, self._seconds)
        outer = _SHARED_LIMIT.get()
        self._token = _SHARED_LIMIT.set(limit if outer is None else min(outer, limit))

    def __exit__(self, *exception: object) -> None:
        _SHARED_LIMIT.reset(self._token)


def _all_too_long(seconds: float) -> str:
    return f"the templates take longer than {seconds:g} seconds to check in all: check their loops"


def check_time_left() -> None:
    """Refuse to start on another template once the :class:`time_limit` in force has
    run out (compiling a long template takes a while too)."""
    shared = _SHARED_LIMIT.get()
    if shared is not None and time.monotonic() > shared[0]:
        raise OverBudget(_all_too_long(shared[1]))


def deadline_from_now() -> float:
    """When a render starting now must end: in a second, or sooner under a :class:`time_limit`."""
    deadline = time.monotonic() + MAX_RENDER_SECONDS
    shared = _SHARED_LIMIT.get()
    return deadline if shared is None else min(deadline, shared[0])


def check_template_size(body: str) -> None:
    if len(body) > MAX_TEMPLATE_CHARS:
        raise OverBudget(
            f"the template is longer than {MAX_TEMPLATE_CHARS:,} characters: "
            "a message needs far less"
        )


def check_output_size(size: int) -> None:
    if size > MAX_RENDERED_CHARS:
        raise OverBudget(
            f"the draft would be longer than {MAX_RENDERED_CHARS:,} characters: "
            "check the template's loops"
        )


def printed(value: object) -> None:
    """Check a value ``{{ }}`` is about to print (text prints as itself: nothing to check)."""
    if not isinstance(value, str):
        _BUDGET.get().built_value(value)


# ---------------------------------------------------------------- measuring


_SCALARS = (int, float, type(None))


def text_size(value: object, limit: int = MAX_VALUE_CHARS) -> int:
    """About how long ``value`` is when printed, never less; counting stops past ``limit``.

    Text is its length; a list, tuple, set or dict its items' sizes plus
    punctuation, an item counted again each time it is referred to (a list
    holding the same string twice prints it twice), so a structure that refers
    to itself is simply too large. Numbers count their digits; anything else 16.
    """
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, _SCALARS):
        return 26 if not isinstance(value, int) else value.bit_length() * 3 // 10 + 3
    size = 0
    pending: list[Iterator[object]] = [iter((value,))]
    while pending:
        for item in pending[-1]:
            if size > limit:
                return size
            if isinstance(item, str | bytes):
                size += len(item) + 4  # quotes and a separator
            elif isinstance(item, bool) or item is None:
                size += 7
            elif isinstance(item, int):
                size += item.bit_length() * 3 // 10 + 3
            elif isinstance(item, float):
                size += 26
            elif isinstance(item, dict):
                size += 2
                pending.append(chain.from_iterable(item.items()))
                break
            elif isinstance(item, list | tuple | set | frozenset | KeysView | ValuesView):
                size += 2
                pending.append(iter(item))
                break
            elif isinstance(item, ItemsView):
                size += 2
                pending.append(chain.from_iterable(item))
                break
            else:
                attributes = _namespace_attributes(item)
                if attributes is None:
                    size += 16
                else:
                    size += 14
                    pending.append(chain.from_iterable(attributes.items()))
                    break
        else:
            pending.pop()
    return size


def _namespace_attributes(value: object) -> dict[str, object] | None:
    """What a Jinja ``namespace()`` holds (it prints it), or None for anything else."""
    from jinja2.utils import Namespace  # loaded already: a template is rendering

    if isinstance(value, Namespace):
        # Jinja keeps a namespace's values in a private, name-mangled dict.
        attributes: dict[str, object] = value._Namespace__attrs
        return attributes
    return None


def _size_within_limit(value: object) -> int:
    size = text_size(value)
    if size > MAX_VALUE_CHARS:
        raise OverBudget(_TOO_LARGE)
    return size


_PRINTS_SMALL = (str, int, float, type(None))


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse arguments too large to print (a call may print them)."""
    # Text and numbers are small by construction: everything that builds them is checked.
    for value in args:
        if not isinstance(value, _PRINTS_SMALL):
            _size_within_limit(value)
    for key, value in kwargs.items():
        # Jinja passes the loop's and block's variables along with calls made inside them.
        if not isinstance(value, _PRINTS_SMALL) and key not in ("_loop_vars", "_block_vars"):
            _size_within_limit(value)


# ---------------------------------------------------------------- checks before an operation


def _check_width(width: object, message: str = _WIDTH_TOO_LARGE) -> None:
    if isinstance(width, int) and width > MAX_VALUE_CHARS:
        raise OverBudget(message)


_DIGITS = re.compile(r"\d+")


def _check_format_spec(spec: str) -> None:
    """Widths and precisions in a ``str.format`` field (``{:>20.2f}``)."""
    for digits in _DIGITS.findall(spec):
        if len(digits) > 6 or int(digits) > MAX_VALUE_CHARS:
            raise OverBudget(_FORMAT_WIDTH_TOO_LARGE)


# A key is looked for within 100 characters (a longer one is refused): an open
# ``%(`` must not send the search to the end of the text each time.
_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]{0,100})\)|(?P<long_key>\())?[-#0 +]*(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<kind>[\s\S])"
)


def _check_percent(template: str | bytes, values: object) -> None:
    """``template % values``: refuse it when the result would be too large."""
    text = template.decode("latin-1") if isinstance(template, bytes) else template
    size = len(text)
    positional = values if isinstance(values, tuple) else (values,)
    index = 0
    for match in _PERCENT.finditer(text):
        if match["long_key"] is not None:
            raise OverBudget("that format key is too long for a message")
        if match["kind"] == "%":
            continue
        for number in (match["width"], match["precision"]):
            if number == "*" or (number and (len(number) > 6 or int(number) > MAX_VALUE_CHARS)):
                raise OverBudget(_FORMAT_WIDTH_TOO_LARGE)
            size += int(number) if number else 0
        value: object = None
        if match["key"] is not None:
            try:
                value = values[match["key"]]  # type: ignore[index]  # any object: a failure is left to Python's own %
            except Exception:
                value = None  # Python's own % says what is wrong
        elif index < len(positional):
            value = positional[index]
            index += 1
        # A float can print 300-odd digits (``%f`` of 1e308); anything else as measured.
        size += (330 if isinstance(value, float) else text_size(value)) + 8
        if size > MAX_VALUE_CHARS:
            raise OverBudget(_TOO_LARGE)


def check_operands(operator: str, left: object, right: object) -> None:
    """Refuse ``left operator right`` when it would build something too large."""
    if isinstance(left, int) and isinstance(right, int):
        if operator == "**" and right > 0:
            if max(left.bit_length(), 1) * right > MAX_OPERAND_BITS:
                raise OverBudget("that power is too large for a message")
            return
        if operator == "*":
            if left.bit_length() + right.bit_length() > MAX_OPERAND_BITS:
                raise OverBudget("that product is too large for a message")
            return
    if operator == "*":
        for count, other in ((left, right), (right, left)):
            if (
                isinstance(count, int)
                and isinstance(other, str | bytes | list | tuple)
                and count * text_size(other) > MAX_VALUE_CHARS
            ):
                raise OverBudget("that repetition is too long for a message")
    elif operator == "%" and isinstance(left, str | bytes):
        _check_percent(left, right)


def _check_replace(text: object, old: object, new: object, count: object) -> None:
    if not (isinstance(text, str | bytes) and isinstance(old, str | bytes)):
        return  # Python refuses the mix itself
    if not isinstance(new, str | bytes):
        return
    hits = len(text) + 1 if not old else text.count(old)  # type: ignore[arg-type]  # str with bytes: Python refuses the mix when the call runs
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    if len(text) + hits * (len(new) - len(old)) > MAX_VALUE_CHARS:
        raise OverBudget(_TOO_LARGE)


def _check_join(separator: object, items: list[Any]) -> None:
    size = text_size(separator) * max(len(items) - 1, 0)
    for item in items:
        size += text_size(item)
        if size > MAX_VALUE_CHARS:
            break
    if size > MAX_VALUE_CHARS:
        raise OverBudget(_TOO_LARGE)


def _check_method(method: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Check a call of a text or number method; the arguments to call it with."""
    if not isinstance(method, BuiltinMethodType | MethodType):
        return args
    owner = method.__self__
    if isinstance(owner, str | bytes):
        name = getattr(method, "__name__", "")
        if name in ("center", "ljust", "rjust", "zfill"):
            _check_width(args[0] if args else kwargs.get("width"))
        elif name == "expandtabs":
            tabsize = args[0] if args else kwargs.get("tabsize", 8)
            tab = "\t" if isinstance(owner, str) else b"\t"
            if isinstance(tabsize, int):
                _check_width(len(owner) + owner.count(tab) * tabsize, _TOO_LARGE)  # type: ignore[arg-type]  # tab matches owner's type
        elif name == "replace" and len(args) >= 2:
            count = args[2] if len(args) > 2 else kwargs.get("count", -1)
            _check_replace(owner, args[0], args[1], count)
        elif name == "join" and args:
            items = list(args[0])  # once: it may be a generator
            _check_join(owner, items)
            return (items, *args[1:])
        elif name == "translate" and args:
            table = args[0]
            values = table.values() if isinstance(table, dict) else table
            longest = 1
            if isinstance(values, Iterable) and not isinstance(values, str | bytes):
                lengths = (len(v) for v in values if isinstance(v, str | bytes))
                longest = max(lengths, default=1)
            _check_width(len(owner) * longest, _TOO_LARGE)
    elif isinstance(owner, int) and getattr(method, "__name__", "") == "to_bytes":
        _check_width(args[0] if args else kwargs.get("length", 1))
    return args


# Checks run before a filter, with the filter's own parameters (after what Jinja
# passes first). One that returns something hands the filter that value instead.


def _before_center(value: object, width: object = 80) -> None:
    _check_width(width)


def _before_indent(
    s: object, width: object = 4, first: object = False, blank: object = False
) -> None:
    size = text_size(s)
    lines = s.count("\n") + 1 if isinstance(s, str) else size + 1
    pad = width if isinstance(width, int) else text_size(width)
    if size + lines * pad > MAX_VALUE_CHARS:
        raise OverBudget(_TOO_LARGE)


def _before_wordwrap(
    s: object,
    width: object = 79,
    break_long_words: object = True,
    wrapstring: object = None,
    break_on_hyphens: object = True,
) -> None:
    size = text_size(s)
    lines = size + 1
    if isinstance(s, str) and isinstance(width, int) and width > 0:
        # Two lines next to each other hold more than ``width`` characters between them.
        lines = min(lines, 2 * size // width + s.count("\n") + 2)
    joint = 1 if wrapstring is None else text_size(wrapstring)
    if size + lines * joint > MAX_VALUE_CHARS:
        raise OverBudget(_TOO_LARGE)


def _before_urlize(value: object, *args: object, **kwargs: object) -> None:
    names = ("trim_url_limit", "nofollow", "target", "rel", "extra_schemes")
    options = dict(zip(names, args, strict=False)) | kwargs
    added = sum(text_size(options.get(key) or "") for key in ("target", "rel"))
    if added and len(str(value).split()) * added > MAX_VALUE_CHARS:
        raise OverBudget(_TOO_LARGE)


def _before_batch(value: object, linecount: object, fill_with: object = None) -> None:
    _check_width(linecount, _TOO_LARGE)


def _before_slice(value: object, slices: object, fill_with: object = None) -> None:
    _check_width(slices, _TOO_LARGE)


def _before_tojson(value: object, indent: object = None) -> None:
    if indent is not None:
        width = indent if isinstance(indent, int) else text_size(indent)
        if width > MAX_JSON_INDENT:
            raise OverBudget(f"a tojson indent may be at most {MAX_JSON_INDENT}")


def _before_format(value: object, *args: object, **kwargs: object) -> None:
    _check_percent(str(value), kwargs or args)


def _before_replace(s: object, old: object, new: object, count: object = None) -> None:
    _check_replace(str(s), str(old), str(new), -1 if count is None else count)


def _before_join(value: Iterable[Any], d: object = "", attribute: object = None) -> list[Any]:
    items = list(value)  # once: it may be a generator
    _check_join(str(d), items)
    return items


def _before_sum(iterable: object, attribute: object = None, start: object = 0) -> None:
    if not isinstance(start, int | float):
        raise OverBudget("sum adds up numbers only in a snippet")


_FILTER_CHECKS: dict[str, Callable[..., Any]] = {
    "batch": _before_batch,
    "center": _before_center,
    "format": _before_format,
    "indent": _before_indent,
    "join": _before_join,
    "replace": _before_replace,
    "slice": _before_slice,
    "sum": _before_sum,
    "tojson": _before_tojson,
    "urlize": _before_urlize,
    "wordwrap": _before_wordwrap,
}


def budgeted_filter(function: Callable[..., Any], name: str = "") -> Callable[..., Any]:
    """``function`` as a filter that counts a step, checks its arguments (and, for
    the filters in ``_FILTER_CHECKS``, what it would build) and measures its result."""
    before = _FILTER_CHECKS.get(name)
    passed = 0 if getattr(function, "jinja_pass_arg", None) is None else 1

    @wraps(function)  # keeps Jinja's pass_context/pass_environment mark
    def budgeted(*args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get()
        budget.step()
        _check_arguments(args[passed:], kwargs)
        if before is not None:
            replaced = before(*args[passed:], **kwargs)
            if replaced is not None:
                args = (*args[:passed], replaced, *args[passed + 1 :])
        return budget.built_value(function(*args, **kwargs))

    return budgeted


# ---------------------------------------------------------------- the budgeted sandbox


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    budget = _BUDGET.get()
    for item in iterable:
        budget.step()
        yield item


def _joined(join: Callable[[Iterable[object]], str], values: tuple[object, ...]) -> str:
    """``a ~ b ~ c``: Jinja's own ``join``, once the total is known to be small enough."""
    size = 0
    for value in values:
        size += len(value) if isinstance(value, str) else text_size(value)
        if size > MAX_VALUE_CHARS:
            raise OverBudget(_TOO_LARGE)
    _BUDGET.get().add_built(size)
    return join(values)


def _built(value: object) -> object:
    """A list, tuple or dict display holding variables, once it is known to be small enough."""
    return _BUDGET.get().built_value(value)


def _joined_output(parts: Iterable[str]) -> str:
    """Captured output (``{% set %}`` blocks, macros, ``{% filter %}``), joined."""
    budget = _BUDGET.get()
    # A list of pieces already held (each printed value was checked as it was printed).
    pieces = parts if isinstance(parts, list) else list(parts)
    size = sum(map(len, pieces))
    if size > MAX_VALUE_CHARS:
        raise OverBudget(_TOO_LARGE)
    budget.add_built(size)
    return "".join(pieces)


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        raise OverBudget(f"range() may yield at most {MAX_RANGE:,} numbers in a snippet")
    return numbers


@cache
def budgeted_sandbox() -> type:
    """Jinja's immutable sandbox, with every render held to the budget (built on first use)."""
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, optimizeconst
    from jinja2.runtime import LoopContext
    from jinja2.sandbox import (
        ImmutableSandboxedEnvironment,
        SandboxedEscapeFormatter,
        SandboxedFormatter,
    )
    from jinja2.visitor import NodeTransformer
    from markupsafe import Markup

    class BudgetedFormatter(SandboxedFormatter):
        """``str.format``: each field's width checked first, the whole result counted."""

        def __init__(self, env: Any, **kwargs: Any) -> None:
            super().__init__(env, **kwargs)
            self.made = 0

        def format_field(self, value: Any, format_spec: str) -> Any:
            _check_format_spec(format_spec)
            if not isinstance(value, str):
                _size_within_limit(value)
            text = super().format_field(value, format_spec)
            self.made += len(text)
            if self.made > MAX_VALUE_CHARS:
                raise OverBudget(_TOO_LARGE)
            return text

    class BudgetedEscapeFormatter(BudgetedFormatter, SandboxedEscapeFormatter):
        pass

    def constant(node: Any) -> bool:
        if isinstance(node, nodes.Const):
            return True
        if isinstance(node, nodes.List | nodes.Tuple):
            return all(constant(item) for item in node.items)
        if isinstance(node, nodes.Dict):
            return all(constant(pair.key) and constant(pair.value) for pair in node.items)
        return False

    class CountedLoops(NodeTransformer):
        """Every ``for`` iterates through :func:`_counted`."""

        def visit_For(self, node: Any) -> Any:
            self.generic_visit(node)
            counter = nodes.EnvironmentAttribute("budget_counted", lineno=node.lineno)
            node.iter = nodes.Call(counter, [node.iter], [], None, None, lineno=node.lineno)
            return node

    class BudgetedCodeGenerator(CodeGenerator):
        """``~`` joins and displays of variables, measured as they are built."""

        @optimizeconst
        def visit_Concat(self, node: Any, frame: Any) -> None:
            # Jinja's own choice of join (markup_join inside {% autoescape true %}).
            if frame.eval_ctx.volatile:
                join = "(markup_join if context.eval_ctx.volatile else str_join)"
            elif frame.eval_ctx.autoescape:
                join = "markup_join"
            else:
                join = "str_join"
            self.write(f"environment.budget_joined({join}, (")
            for part in node.nodes:
                self.visit(part, frame)
                self.write(", ")
            self.write("))")

        def visit_List(self, node: Any, frame: Any) -> None:
            self._measured(super().visit_List, node, frame)

        def visit_Dict(self, node: Any, frame: Any) -> None:
            self._measured(super().visit_Dict, node, frame)

        def visit_Tuple(self, node: Any, frame: Any) -> None:
            if node.ctx != "load":  # the names a loop or {% set a, b = ... %} assigns
                super().visit_Tuple(node, frame)
            else:
                self._measured(super().visit_Tuple, node, frame)

        def _measured(self, write: Callable[[Any, Any], None], node: Any, frame: Any) -> None:
            if constant(node):  # as long as the template text at most
                write(node, frame)
                return
            self.write("environment.budget_built(")
            write(node, frame)
            self.write(")")

    class BudgetedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"+", "*", "**", "%"})
        concat = staticmethod(_joined_output)  # captured output, see Environment.concat

        code_generator_class = BudgetedCodeGenerator
        # Reached only from the rewritten template, as ``environment.budget_*``.
        budget_counted = staticmethod(_counted)
        budget_joined = staticmethod(_joined)
        budget_built = staticmethod(_built)

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.globals["range"] = _bounded_range
            self.filters = {
                name: budgeted_filter(function, name) for name, function in self.filters.items()
            }

        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            tree = CountedLoops().visit(super()._parse(source, name, filename))
            tree.set_environment(self)
            return tree

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            budget = _BUDGET.get()
            check_operands(operator, left, right)
            return budget.built_value(super().call_binop(context, operator, left, right))

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            budget = _BUDGET.get()
            budget.step()
            _check_arguments(args, kwargs)
            if isinstance(obj, LoopContext) and args:  # loop(children) in a recursive loop
                args = (_counted(args[0]), *args[1:])
            args = _check_method(obj, args, kwargs)
            return budget.built_value(super().call(context, obj, *args, **kwargs))

        def wrap_str_format(self, value: Any) -> Any:
            if not isinstance(value, MethodType | BuiltinMethodType) or value.__name__ not in (
                "format",
                "format_map",
            ):
                return None
            template = value.__self__
            if not isinstance(template, str):
                return None
            is_format_map = value.__name__ == "format_map"
            sandbox = self

            def formatted(*args: Any, **kwargs: Any) -> str:
                if is_format_map:
                    if kwargs:
                        raise TypeError("format_map() takes no keyword arguments")
                    if len(args) != 1:
                        raise TypeError(
                            f"format_map() takes exactly one argument ({len(args)} given)"
                        )
                    kwargs, args = args[0], ()
                if isinstance(template, Markup):
                    escaping = BudgetedEscapeFormatter(sandbox, escape=template.escape)
                    return Markup(escaping.vformat(template, args, kwargs))
                # Plain text, whatever kind of str it was called on (an empty variable's too).
                return str(BudgetedFormatter(sandbox).vformat(template, args, kwargs))

            return update_wrapper(formatted, value)

    return BudgetedSandbox
