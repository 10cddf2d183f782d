"""The engine's only uses of Jinja2's and MarkupSafe's internals, for the two costs of
rendering that their public APIs cannot take out.

* :func:`escape`: MarkupSafe's ``escape`` without its Python-level ``Markup``
  constructor for a ``str`` (MarkupSafe 3's ``_escape_inner``, the C function behind its
  ``escape()``); :class:`Template` puts it where compiled templates look ``escape`` up
  (Jinja's ``Template._from_namespace``). Most of a page's ``{{ }}`` are plain strings.
* :class:`Context`: Jinja's ``Context.call`` with a short way for plain functions, which
  reads the pass-argument mark as Jinja does (``jinja2.utils._PassArg``) and drops the
  ``_block_vars``/``_loop_vars`` arguments that compiled templates pass to every call.

Measured by instructions (``valgrind --tool=callgrind``, ``PYTHONHASHSEED=0``) for
rendering every page of a 400-article bench site once more after a first pass: 1,339 M
with both; 1,509 M without the escape, 1,439 M without the call, 1,616 M with neither
(public APIs only: 21% more instructions for rendering, which is about 40% of the CPU
time of a cold build of 1,000 articles).

``pyproject.toml`` bounds both packages to the minor versions these were checked
against, and ``tests/test_jinja_internals.py`` fails, naming this module, when an
upgrade changes what they rely on.
"""

from __future__ import annotations

import types
from collections.abc import Callable, MutableMapping
from typing import Any

import jinja2
import markupsafe
from jinja2.runtime import Context as JinjaContext
from jinja2.utils import _PassArg
from markupsafe import Markup

_escape_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)
"""MarkupSafe 3's C function behind its ``escape()``, returning a ``str`` (MarkupSafe 2
has none, and its ``escape()`` is C already)."""
_new_str = str.__new__


def escape(value: Any, /) -> Markup:
    """:func:`markupsafe.escape`, faster for a ``str`` and for ``Markup``.

    Most of a page's ``{{ }}`` are plain strings; MarkupSafe 3 escapes them in C and
    then builds the ``Markup`` through its Python ``__new__`` (checks for
    ``__html__`` and an encoding), a third of a page's escaping time. ``Markup(s)``
    of a ``str`` is ``str.__new__(Markup, s)``; escaping ``Markup`` gives it back."""
    kind = type(value)
    if kind is str and _escape_inner is not None:
        return _new_str(Markup, _escape_inner(value))
    if kind is Markup:
        return value
    return markupsafe.escape(value)


class Template(jinja2.Template):
    """A template whose autoescaped output goes through :func:`escape`."""

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],  # noqa: A002 (Jinja's name)
    ) -> jinja2.Template:
        # The compiled module's functions read ``escape`` from this namespace (where
        # the module imported Jinja's) whenever they write a ``{{ }}``.
        namespace["escape"] = escape
        return super()._from_namespace(environment, namespace, globals)


_PLAIN_CALLABLES = frozenset(
    {types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.MethodWrapperType}
)
"""Callables whose ``__call__`` cannot carry Jinja's pass-argument mark (a class's can)."""


class Context(JinjaContext):
    """Jinja's context, with a short way through :meth:`call` for plain functions.

    Jinja's ``call`` looks for a pass-argument mark on the callable and on its
    ``__call__`` and pops two keyword arguments, for every call in a template: 40,000
    calls at 1,000 articles, more time than the functions they call. A plain function
    (or bound method, or builtin) that asks for nothing, or for the evaluation context
    (``_()``), is called here the way Jinja would call it; anything else goes to Jinja."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
        if type(__obj) in _PLAIN_CALLABLES:
            pass_arg = getattr(__obj, "jinja_pass_arg", None)
            if pass_arg is None or pass_arg is _PassArg.eval_context:
                if kwargs:
                    kwargs.pop("_block_vars", None)
                    kwargs.pop("_loop_vars", None)
                if pass_arg is not None:
                    args = (__self.eval_ctx, *args)
                try:
                    return __obj(*args, **kwargs)
                except StopIteration:
                    return __self.environment.undefined(
                        "value was undefined because a callable raised a StopIteration exception"
                    )
        return super().call(__obj, *args, **kwargs)
