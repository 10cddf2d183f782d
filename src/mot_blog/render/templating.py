"""Jinja2 without its per-call overhead where a build pays it on every page.

A page makes some twenty ``_()`` calls, a dozen includes and imports and a
hundred autoescaped ``{{ }}``; at 10,000 pages Jinja's general machinery for them
costs as much as the rest of rendering. The pieces here keep Jinja's behaviour
and drop that cost, through Jinja's public API:

- :class:`Environment` gives every template its globals as a plain ``dict``
  instead of a ``ChainMap`` over the environment's: Jinja copies, lists and
  compares those keys on every render, include and ``{% from %}`` import, and a
  ``ChainMap`` does it in Python, key by key. Its loaded templates are kept in a
  plain ``dict`` too (an include looks its template up there on every call; Jinja's
  LRU cache takes a lock and reorders a queue each time).
- :func:`install_gettext` installs newstyle gettext (``_``, ``gettext``,
  ``ngettext``) that formats exactly as Jinja's does, without Jinja's three
  nested context calls per message, and marks each translated message safe once.

Two more rely on internals of Jinja2 and MarkupSafe, and live in
:mod:`mot_blog.render.jinja_internals` (the only module that may use them): the escaping of
``{{ }}`` output and the way templates call plain functions.

Every environment of the engine comes from :func:`template_environment`, and
compiled templates are kept for the life of the process (:data:`COMPILED`);
:func:`precompile` fills that store ahead of rendering.
"""

from __future__ import annotations

import gettext
import os
import posixpath
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.nodes import EvalContext
from markupsafe import Markup

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.sitefiles import FILE, Folder, check_path, unreadable
from mot_blog.render.fragments import FragmentCache
from mot_blog.render.jinja_internals import Context, Template


class Environment(jinja2.Environment):
    """A Jinja2 environment whose templates' globals are plain dicts.

    Jinja documents that the environment's globals must not change once a template
    is loaded; under that rule a snapshot reads the same as its ``ChainMap``, and a
    template's own globals still stay its own.
    """

    template_class = Template
    context_class = Context

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._loaded: dict[str, jinja2.Template] = {}

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,  # noqa: A002 (Jinja's name)
    ) -> jinja2.Template:
        """Jinja's ``get_template``; a template already loaded is taken from a dict by name.

        Every include and import of every page asks for its template: Jinja makes a weak
        reference to its loader and a key of both on each call. Without ``auto_reload``
        a loaded template is never replaced, so its name is key enough."""
        if globals is not None or type(name) is not str or self.auto_reload:
            return super().get_template(name, parent, globals)
        if parent is not None:
            name = self.join_path(name, parent)
        template = self._loaded.get(name)
        if template is None:
            template = self._loaded[name] = super().get_template(name)
        return template

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


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, keyed by name and source checksum.

    Compiling the templates is most of a small build's time; the dev server and
    the tests build many times in one process. A changed template has another
    checksum, so it is compiled anew.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


class SiteLoader(jinja2.FileSystemLoader):
    """Jinja's file-system loader, reading only templates :mod:`~mot_blog.load.sitefiles`
    accepts: a site template that is a link out of the site (``templates/base.html ->
    /etc/passwd``), or under a linked folder that leads out, or a FIFO, raises
    :class:`~mot_blog.errors.BuildFailed` with its problem, never read. A template that
    is not UTF-8 is a problem naming it (Jinja's own error would name the template that
    included it). Folders are searched in order, the first holding the name wins."""

    def __init__(self, folders: Sequence[Folder]):
        super().__init__([str(folder.path) for folder in folders])
        self.folders = list(folders)
        self._found: dict[str, tuple[str, str] | Problem | None] = {}
        """The file found for each template name, or the problem refusing it (the
        environments of every locale share the loader, and ask for the same names)."""

    def _find(self, pieces: list[str]) -> tuple[str, str] | Problem | None:
        for folder in self.folders:
            filename = posixpath.join(str(folder.path), *pieces)
            display = f"{folder.display}/{'/'.join(pieces)}"
            kind, problem = check_path(filename, display, folder.bound)
            if problem is not None:
                return problem
            if kind == FILE:
                return filename, display
        return None

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, file name and up-to-date check, as Jinja's loader gives them."""
        pieces = split_template_path(template)
        key = "/".join(pieces)
        if key not in self._found:
            self._found[key] = self._find(pieces)
        found = self._found[key]
        if found is None:
            raise jinja2.TemplateNotFound(template)
        if isinstance(found, Problem):
            raise BuildFailed([found])
        filename, display = found
        try:
            with open(filename, encoding="utf-8") as file:
                contents = file.read()
            mtime = os.path.getmtime(filename)
        except UnicodeDecodeError:
            raise BuildFailed([Problem(display, None, "not UTF-8; save it as UTF-8")]) from None
        except OSError as exc:
            raise BuildFailed([unreadable(display, exc)]) from None

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate


COMPILED = _MemoryBytecodeCache()
"""Every environment's compiled templates, by name, file and source checksum."""


def template_environment(
    loader: jinja2.BaseLoader,
    translations: gettext.NullTranslations,
    filters: Mapping[str, Callable[..., Any]],
) -> Environment:
    """An environment of the engine: one place for every setting that shapes compiled
    templates, since compiled templates are shared through :data:`COMPILED`."""
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n", FragmentCache],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
        # A renderer lives for one set of templates (an edited template makes a new
        # one), so a loaded template is never stale: no stat() per include, and the
        # loaded ones (a few dozen) are kept in a plain dict.
        auto_reload=False,
        cache_size=-1,
    )
    install_gettext(env, translations)
    env.filters.update(filters)
    return env


def _not_rendered(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("precompile() environments compile templates, never render them")


def _placeholder(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that must not run, called as ``function`` is: with the same Jinja mark
    (``pass_context``...), which the compiled template follows."""
    mark = getattr(function, "jinja_pass_arg", None)
    if mark is None:
        return _not_rendered

    def placeholder(*args: Any, **kwargs: Any) -> Any:
        return _not_rendered()

    placeholder.jinja_pass_arg = mark  # type: ignore[attr-defined]
    return placeholder


def precompile(template_dirs: Sequence[Folder], filters: Mapping[str, Callable[..., Any]]) -> None:
    """Compile every template under ``template_dirs`` into :data:`COMPILED`, with the
    site's ``filters`` (a compiled template names its filters and how each is called).

    Called while the workers parse the posts (the build process waits then): the render
    workers, forked later, inherit the compiled templates instead of each compiling them
    again (0.1 s per process). A build that parses in its own process (a warm build, a
    few posts) compiles only the templates it renders, when it renders them. A template
    that does not compile (or a file under ``templates/`` that is no template) is left
    for the renderer to report, if used."""
    placeholders = {name: _placeholder(function) for name, function in filters.items()}
    env = template_environment(SiteLoader(template_dirs), gettext.NullTranslations(), placeholders)
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001, S112 (reported where the renderer needs it)
            continue
