"""Whatever a user types as a snippet, rendering either works or says what is wrong
(:class:`TemplateProblem`): never another exception, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdeck.domain.errors import TemplateProblem
from netdeck.domain.templating import (
    TEMPLATE_VARIABLES,
    Rendered,
    TemplateContext,
    check_template,
    render_template,
)

#: Pieces of Jinja syntax, names (ours, Jinja's, unknown, private) and operators.
TOKENS = [
    "{{", "}}", "{%", "%}", "{#", "#}", "{{ ", " }}", "{% if ", "{% for x in ", "{% endif %}",
    "{% endfor %}", "{% else %}", "{% set y = ", "{% macro m() %}", "{% endmacro %}",
    "{% raw %}", "{% endraw %}", "{% include ", "{% extends ", "{% call m() %}",
    "{% endcall %}", "{% filter upper %}", "{% endfilter %}", *TEMPLATE_VARIABLES,
    "frist_name", "x", "y", "loop", "self", "range", "cycler", "joiner", "namespace",
    "lipsum", "caller", "__class__", "__init__", "__globals__", "__mro__", "__subclasses__",
    "mro", "format", "_", ".", "[", "]", "(", ")", ",", "|", "~", "+", "-", "*", "**", "/",
    "//", "%", "==", "!=", "<", "and", "or", "not", "in", "is", "defined", "none", "true",
    "0", "1", "9", "99", "'", '"', "'a'", '"%s"', " ", "\n", "default(", "d(", "upper",
    "attr(", "join", "int", "length", "list", "map(", "select(", "batch(", "center(",
    "indent(", "wordwrap(", "format(", "replace(", "truncate(", "sum", "round", "abs",
    "tojson", "safe", "e", "Hi ", "é", "👋", "\\", "\t", "{", "}",
]  # fmt: skip

templates = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
    st.text(max_size=60),
)
contexts = st.builds(
    TemplateContext,
    first_name=st.sampled_from(["", "Greg", "Ünal", "{{ x }}"]),
    company=st.sampled_from(["", "Acme"]),
    how_we_met=st.text(max_size=10),
    days_since=st.one_of(st.none(), st.integers(-5, 5000)),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=templates, context=contexts)
def test_rendering_either_works_or_says_what_is_wrong(body: str, context: TemplateContext) -> None:
    try:
        rendered = render_template(body, context)
    except TemplateProblem as problem:
        assert str(problem).strip()
        assert "\n" not in str(problem)
        assert problem.line is None or 1 <= problem.line <= body.count("\n") + 1
        return
    assert isinstance(rendered, Rendered)
    assert len(rendered.text) <= 20_000


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=templates)
def test_checking_a_template_either_passes_or_says_what_is_wrong(body: str) -> None:
    try:
        check_template(body)
    except TemplateProblem as problem:
        assert str(problem).strip()
