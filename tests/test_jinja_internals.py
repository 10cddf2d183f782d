"""What mot_blog.render.jinja_internals relies on in Jinja2 and MarkupSafe, pinned.

pyproject.toml bounds both packages to the minor versions these internals were checked
against; when a test here fails after an upgrade, the message names what changed: review
src/mot_blog/jinja_internals.py against the new release before lifting the bound.
"""

from __future__ import annotations

import inspect
from importlib.metadata import version

import jinja2
import jinja2.utils
import markupsafe
import pytest

from mot_blog.render import jinja_internals
from mot_blog.render.jinja_internals import Context, Template, escape

REVIEW = "review src/mot_blog/jinja_internals.py against this release"


def _version() -> str:
    return f"Jinja2 {version('jinja2')}, MarkupSafe {version('markupsafe')}"


def test_compiled_templates_look_escape_up_in_their_namespace() -> None:
    env = jinja2.Environment(autoescape=True)
    source = env.compile("{{ x }}", raw=True)
    assert "escape(" in source and "from jinja2.runtime import" in source, (
        f"{_version()}: compiled templates no longer call escape() from their module; {REVIEW}"
    )
    parameters = list(inspect.signature(jinja2.Template._from_namespace).parameters)
    assert parameters == ["environment", "namespace", "globals"], (
        f"{_version()}: Template._from_namespace changed its signature; {REVIEW}"
    )


def test_the_engines_template_class_puts_its_escape_in_the_namespace() -> None:
    class Env(jinja2.Environment):
        template_class = Template

    template = Env(autoescape=True).from_string("{{ x }}")
    assert template.root_render_func.__globals__["escape"] is escape, (
        f"{_version()}: Template._from_namespace no longer receives the module namespace; {REVIEW}"
    )
    assert template.render(x="<a & b>") == "&lt;a &amp; b&gt;"


@pytest.mark.parametrize("value", ["plain", "<b>&'\"", "", "é ✓ 日本", "\x00"])
def test_markupsafes_inner_escape_is_its_escape(value: str) -> None:
    inner = jinja_internals._escape_inner
    if version("markupsafe").startswith("2."):
        assert inner is None
        return
    assert inner is not None, f"{_version()}: markupsafe._escape_inner is gone; {REVIEW}"
    assert inner(value) == str(markupsafe.escape(value)), (
        f"{_version()}: markupsafe._escape_inner escapes differently from escape(); {REVIEW}"
    )
    assert type(inner(value)) is str


def test_jinjas_pass_argument_marks_are_as_read() -> None:
    members = {member.name for member in jinja2.utils._PassArg}
    assert {"context", "eval_context", "environment"} <= members, (
        f"{_version()}: jinja2.utils._PassArg changed; {REVIEW}"
    )
    marked = jinja2.pass_eval_context(lambda ctx: ctx)
    assert jinja2.utils._PassArg.from_obj(marked) is jinja2.utils._PassArg.eval_context
    assert marked.jinja_pass_arg is jinja2.utils._PassArg.eval_context


def test_calls_in_loops_and_blocks_pass_the_internal_arguments_dropped() -> None:
    env = jinja2.Environment()
    source = env.compile("{% for i in x %}{{ f(i) }}{% endfor %}", raw=True)
    assert "context.call(" in source and "_loop_vars=" in source, (
        f"{_version()}: calls in loops no longer pass _loop_vars to Context.call; {REVIEW}"
    )
    source = env.compile("{% block b %}{% set y = 1 %}{{ f(y) }}{% endblock %}", raw=True)
    assert "_block_vars=" in source, (
        f"{_version()}: calls in blocks no longer pass _block_vars to Context.call; {REVIEW}"
    )


def test_the_engines_context_calls_like_jinjas() -> None:
    class Env(jinja2.Environment):
        context_class = Context

    seen = []

    def plain(value: int) -> str:
        seen.append(value)
        return str(value)

    @jinja2.pass_context
    def with_context(context: jinja2.runtime.Context, value: int) -> str:
        return f"{context['name']}{value}"

    template = Env().from_string(
        "{% for i in [1, 2] %}{{ plain(i) }}{{ with_context(i) }}{% endfor %}"
    )
    assert template.render(plain=plain, with_context=with_context, name="n") == "1n12n2"
    assert seen == [1, 2]
