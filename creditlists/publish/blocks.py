"""Blocks that many pages share, rendered once per distinct input and reused (issue 16).

The measures of a subject page's entry are 46 % of its bytes and half its
Jinja time, yet depend only on the entry's list type, category and subject
type; a list's filter links are the same on each of its thousands of pages.
Templates call such a block as ``{{ cached(m.some_macro, arg, …) }}``: the
first call with those arguments renders the macro, later ones get the same
string. The string is Jinja's own output (``Markup`` from an autoescaped
template and escaped data), so caching changes no byte and escapes nothing
less.

The key is the macro's name, the page's ``SITEURL`` (relative links differ
with the page's depth) and the arguments, so a cached macro must depend on
nothing else: only its arguments, ``SITEURL`` and what is the same for the
whole build (the vocabulary's functions, the settings). Arguments are hashed:
strings and frozen records by value, a ``site.ListFilters`` by identity (the
cache keeps it alive, so no other object can take its place).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context, Macro
from markupsafe import Markup


class BlockCache:
    """Rendered blocks by (macro name, SITEURL, arguments); one per build (each forked worker fills its own copy)."""

    def __init__(self) -> None:
        self.blocks: dict[tuple[Hashable, ...], Markup] = {}

    @pass_context
    def render(self, context: Context, macro: Macro, *args: Hashable) -> Markup:
        """The macro's output for ``args`` on a page of this ``SITEURL``, rendered the first time only."""
        key = (macro.name, context.get("SITEURL"), *args)
        found = self.blocks.get(key)
        if found is not None:
            return found
        rendered = macro(*args)
        if not isinstance(rendered, Markup):  # a template without autoescape: its output is not known to be escaped
            raise TypeError(f"{macro.name}: only the output of an autoescaped template can be cached")
        self.blocks[key] = rendered
        return rendered

    def globals(self) -> dict[str, Any]:
        """What the templates see: ``cached``."""
        return {"cached": self.render}
