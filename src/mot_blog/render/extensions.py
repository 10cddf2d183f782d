"""What site plugins add to rendering (:mod:`mot_blog.plugins`; docs/plugins.md is the
reference): Jinja filters and globals in every locale's environment, values added to page
contexts, extra output files. The engine's own (the ``core`` plugin,
:mod:`mot_blog.render.core`) come through here first, then each plugin of ``plugins:`` in
its order.

Costs stay off the render hot path: filters and globals are gathered once per locale's
environment; a page's context goes through :func:`page_additions` only when some plugin
has a ``page_context``; outputs are made once, when the jobs are listed.

A plugin's part that raises names the plugin and what to do, without a traceback: a
filter or global called by a template through :class:`PluginError`, which
:func:`~mot_blog.render.template_errors.template_problems` reports at the template's
line; the others as a :class:`~mot_blog.errors.BuildFailed` problem at ``site.yaml``. The
core's parts are the engine's: an error of theirs is not disguised as a plugin's.
"""

from __future__ import annotations

import functools
import hashlib
import types
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any

from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE

from mot_blog.errors import BuildFailed, Problem, describe
from mot_blog.load.assets import AssetManifest
from mot_blog.load.config import SiteConfig
from mot_blog.load.images import ImageInfo
from mot_blog.load.locales import LocaleConfig
from mot_blog.load.settings import CONFIG_FILE
from mot_blog.model.site import Site
from mot_blog.plugins import CORE, SitePlugin
from mot_blog.render.jobs import Job, Output

GETTEXT_NAMES = ("_", "gettext", "ngettext")
"""The globals the i18n extension installs (:func:`~mot_blog.render.templating.install_gettext`)."""

FIX = "fix or upgrade the plugin, or remove it from 'plugins' in site.yaml"


@dataclass(frozen=True, slots=True)
class TemplateSite:
    """What a plugin's ``globals(site, locale)`` is given: the site's settings and files."""

    config: SiteConfig
    assets: AssetManifest
    """The static files and their published URLs."""
    image_info: Mapping[str, ImageInfo]
    """Sizes and variants of each image, by URL."""
    memo: dict[str, Any] = field(default_factory=dict)
    """Where a plugin may keep what the environments of one site share (key: its name)."""


class PluginError(Exception):
    """A plugin's filter or global raised while a template called it; the message names
    the plugin and what to do."""


def _failed(plugin: SitePlugin, what: str, exc: BaseException) -> str:
    return f"the plugin '{plugin.name}': {what} failed ({describe(exc)}); {FIX}"


@contextmanager
def _reported(plugin: SitePlugin, what: str) -> Iterator[None]:
    """An error of ``plugin`` in the block as a problem at site.yaml (the core's pass)."""
    if plugin.name == CORE:
        yield
        return
    try:
        yield
    except BuildFailed:
        raise
    except Exception as exc:  # noqa: BLE001 (a plugin's error, reported as its)
        raise BuildFailed([Problem(CONFIG_FILE, None, _failed(plugin, what, exc))]) from None


def _guarded(plugin: SitePlugin, what: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` raising :class:`PluginError` instead of its own errors; Jinja's marks
    (``pass_context``...) are kept, as :func:`functools.wraps` copies them."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 (a plugin's error, reported as its)
            raise PluginError(_failed(plugin, what, exc)) from None

    return call


_FUNCTIONS = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, partial)
"""The globals whose errors are reported as the plugin's (another object, a namespace of
functions say, is given to templates as it is)."""


def _gather(
    plugins: Sequence[SitePlugin],
    kind: str,
    args: tuple[Any, ...],
    taken: Mapping[str, str],
) -> dict[str, Any]:
    """Every plugin's ``filters`` or ``globals`` (``kind``), the function form called with
    ``args``; a name given twice (or one of ``taken``: name -> who has it) is a problem."""
    owners = dict(taken)
    found: dict[str, Any] = {}
    for plugin in plugins:
        part = getattr(plugin, kind)
        if part is None:
            continue
        if callable(part) and not isinstance(part, Mapping):
            with _reported(plugin, f"its {kind}()"):
                part = part(*args)
            if not isinstance(part, Mapping):
                message = f"the plugin '{plugin.name}': its {kind}() gave no mapping; {FIX}"
                raise BuildFailed([Problem(CONFIG_FILE, None, message)])
        for name, value in part.items():
            if name in owners:
                message = (
                    f"the plugin '{plugin.name}' gives the {kind[:-1]} '{name}', which "
                    f"{owners[name]} has already; rename it in the plugin, or turn one off"
                )
                raise BuildFailed([Problem(CONFIG_FILE, None, message)])
            owners[name] = f"the plugin '{plugin.name}'"
            if kind == "filters" and not callable(value):
                message = (
                    f"the plugin '{plugin.name}' gives the filter '{name}', which is no "
                    f"function (a {type(value).__name__}); {FIX}"
                )
                raise BuildFailed([Problem(CONFIG_FILE, None, message)])
            if plugin.name != CORE and (kind == "filters" or isinstance(value, _FUNCTIONS)):
                value = _guarded(plugin, f"the {kind[:-1]} '{name}'", value)
            found[name] = value
    return found


def environment_filters(
    plugins: Sequence[SitePlugin], config: SiteConfig, locale: LocaleConfig
) -> dict[str, Callable[..., Any]]:
    """The filters the plugins give ``locale``'s environment (besides Jinja's own)."""
    jinja = dict.fromkeys(DEFAULT_FILTERS, "Jinja")
    return _gather(plugins, "filters", (config, locale), jinja)


def environment_globals(
    plugins: Sequence[SitePlugin], site: TemplateSite, locale: LocaleConfig
) -> dict[str, Any]:
    """The globals the plugins give ``locale``'s environment (besides Jinja's and ``_()``)."""
    jinja = dict.fromkeys([*DEFAULT_NAMESPACE, *GETTEXT_NAMES], "Jinja")
    return _gather(plugins, "globals", (site, locale), jinja)


def page_additions(
    plugins: Sequence[SitePlugin],
) -> Callable[[Site, str, dict[str, Any]], None] | None:
    """What adds the plugins' ``page_context`` values to a page's context (called with the
    site, the template's name and the context), or ``None`` when no plugin has one."""
    with_context = [plugin for plugin in plugins if plugin.page_context is not None]
    if not with_context:
        return None
    return partial(_add_to_context, with_context)


def _add_to_context(
    plugins: Sequence[SitePlugin], site: Site, template: str, context: dict[str, Any]
) -> None:
    view = MappingProxyType(context)
    for plugin in plugins:
        assert plugin.page_context is not None
        if plugin.name == CORE:  # the engine's own: once per page, unchecked
            added = plugin.page_context(site, template, view)
        else:
            with _reported(plugin, f"its page_context() for {template}"):
                added = plugin.page_context(site, template, view)
            if added:
                _check_additions(plugin, template, added, context)
        if added:
            context.update(added)


def _check_additions(
    plugin: SitePlugin, template: str, added: Any, context: Collection[str]
) -> None:
    """Additions are a mapping of new names: a plugin adds to a context, never replaces."""
    if not isinstance(added, Mapping):
        message = f"its page_context() for {template} gave {type(added).__name__}, not a mapping"
    else:
        clash = sorted(name for name in added if name in context)
        if not clash:
            return
        message = f"its page_context() for {template} gives '{clash[0]}', which the page has"
    raise BuildFailed([Problem(CONFIG_FILE, None, f"the plugin '{plugin.name}': {message}; {FIX}")])


def output_jobs(plugins: Sequence[SitePlugin], site: Site, assets: AssetManifest) -> list[Job]:
    """A job per file of the plugins' ``outputs(site, assets)``: ``(path, bytes)`` pairs,
    made once, now. A job's key is its bytes' digest: the file is written again exactly
    when it changes."""
    jobs = []
    for plugin in plugins:
        if plugin.outputs is None:
            continue
        with _reported(plugin, "its outputs()"):
            files = list(plugin.outputs(site, assets))
        for item in files:
            if not (
                isinstance(item, tuple)
                and len(item) == 2
                and isinstance(item[0], str)
                and isinstance(item[1], bytes)
            ):
                message = (
                    f"the plugin '{plugin.name}': its outputs() gave {type(item).__name__}, "
                    f"not a (path, bytes) pair; {FIX}"
                )
                raise BuildFailed([Problem(CONFIG_FILE, None, message)])
            path, data = item
            facts = hashlib.blake2b(data, digest_size=16).hexdigest()
            jobs.append(Job(path, partial(Output, path, data), (), facts=facts))
    return jobs
