"""``{% cache key, ... %}...{% endcache %}``: a template fragment rendered once per key.

A post's card looks the same on every page that shows it (the blog index, its
category and tag listings, the related articles of a dozen others): rendering
it once per build process instead of each time saves a tenth of a cold build.
The keys must name everything the block shows that is not the same on every page
of the locale (for a card: the post, whether it is foreign, its heading level,
whether its image loads first); what is cached is the output, per locale.

The renderer hands each page its locale's store in the context (:data:`STORE`);
a template rendered without one renders the block every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context

STORE = "fragment_store"
"""Context variable holding the store (a dict) of the page's locale."""


class FragmentCache(Extension):
    """The ``cache`` tag (see the module docstring)."""

    tags = {"cache"}

    def parse(self, parser: Parser) -> nodes.Node:
        """``cache`` followed by one or more comma-separated key expressions."""
        lineno = next(parser.stream).lineno
        keys = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        place = nodes.Const(f"{parser.name}:{lineno}")
        call = self.call_method(
            "_cached", [nodes.ContextReference(), place, nodes.Tuple(keys, "load")]
        )
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    @staticmethod
    def _cached(
        context: Context, place: str, keys: tuple[Any, ...], caller: Callable[[], str]
    ) -> str:
        store = context.get(STORE)
        if store is None:
            return caller()
        key = (place, keys)
        fragment = store.get(key)
        if fragment is None:
            fragment = store[key] = caller()
        return fragment
