"""Jinja2 without its per-call overhead where a build pays it on every page.

A page makes some twenty ``_()`` calls and a dozen includes and imports; at
10,000 pages Jinja's general machinery for them costs as much as the rest of
rendering. The two pieces here keep Jinja's behaviour and drop that cost:

- :class:`Environment` gives every template its globals as a plain ``dict``
  instead of a ``ChainMap`` over the environment's: Jinja copies, lists and
  compares those keys on every render, include and ``{% from %}`` import, and a
  ``ChainMap`` does it in Python, key by key.
- :func:`install_gettext` installs newstyle gettext (``_``, ``gettext``,
  ``ngettext``) that formats exactly as Jinja's does, without Jinja's three
  nested context calls per message, and marks each translated message safe once.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, MutableMapping
from typing import Any

import jinja2
from jinja2.nodes import EvalContext
from markupsafe import Markup


class Environment(jinja2.Environment):
    """A Jinja2 environment whose templates' globals are plain dicts.

    Jinja documents that the environment's globals must not change once a template
    is loaded; under that rule a snapshot reads the same as its ``ChainMap``, and a
    template's own globals still stay its own.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The environment's globals overlaid with the template's ``d``, copied."""
        return {**self.globals, **(d or {})}


def _newstyle_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's newstyle ``gettext``: translate, mark safe when autoescaping, then
    ``% variables`` (always, so ``%%`` is a percent sign with or without variables)."""
    safe: dict[str, Markup] = {}
    formatted: dict[str, Markup] = {}
    """Messages without variables, formatted once (most of a page's messages are)."""

    @jinja2.pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
        if not eval_ctx.autoescape:
            return translate(string) % variables
        if not variables:
            done = formatted.get(string)
            if done is None:
                done = formatted[string] = Markup(translate(string)) % variables
            return done
        message = safe.get(string)
        if message is None:
            message = safe[string] = Markup(translate(string))
        return message % variables

    return gettext


def _newstyle_ngettext(translate: Callable[[str, str, int], str]) -> Callable[..., str]:
    """Jinja's newstyle ``ngettext``: as :func:`_newstyle_gettext`, ``num`` defaulting to n."""

    @jinja2.pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        message = translate(singular, plural, num)
        if eval_ctx.autoescape:
            message = Markup(message)
        return message % variables

    return ngettext


def install_gettext(env: jinja2.Environment, translations: gettext.NullTranslations) -> None:
    """Install ``translations`` in ``env`` (which has the ``jinja2.ext.i18n`` extension)
    as newstyle gettext; ``_`` is ``gettext`` itself rather than Jinja's alias that
    looks ``gettext`` up in the context on every call."""
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    gettext_ = _newstyle_gettext(translations.gettext)
    env.globals.update(
        _=gettext_, gettext=gettext_, ngettext=_newstyle_ngettext(translations.ngettext)
    )
