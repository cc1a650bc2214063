"""Render and write the plugin's pages with as little work per page as the output allows (issue 16).

A large site is a hundred thousand small pages, so what is paid once per page
outside the template adds up to seconds: Pelican's ``Template.render`` copies
its ~160-key context twice per call and ``Path`` builds objects and a text
wrapper for each file. Here the context that is the same on every page is
merged with the templates' globals once per template, each page's own
variables are added in one copy, and the file is written with a single
``os.write`` into a folder made at most once. The bytes are those
``Template.render`` and ``Path.write_text`` would produce: the same variables
reach the same template, and the text is encoded as UTF-8 either way.

Each page's bytes are checked by the leak check's prefilter and, when it
passes them, compressed while they are in hand: at 1,000,000 entries the
site (20.5 GB) is larger than the page cache, and reading it back from disk
twice, for the check and for the ``.gz`` copies, took minutes.

Templates are never reloaded during a build (``auto_reload`` off): with it on,
Jinja checks the modification time of ``base.html`` and ``_macros.html`` on
every page that extends or imports them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment, Template

from creditlists.publish.leaks import clear_of_runs
from creditlists.publish.precompress import compressible, gzip_bytes
from creditlists.publish.site import Page

FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


class PageRenderer:
    """Renders ``site.Page``s into ``output``; one per build, made before the workers fork so each inherits it."""

    def __init__(self, environment: Environment, load: Callable[[str], Template], shared: Mapping[str, Any],
                 output: str, relative_urls: bool) -> None:
        environment.auto_reload = False  # nothing edits the theme during a build: no stat per extends or import
        self.environment = environment
        self.load = load  # Pelican's Generator.get_template: a name without extension -> the theme's template
        self.shared = shared  # the generator's context: Pelican's settings and what the plugin added
        self.output = output.rstrip("/")
        self.relative_urls = relative_urls
        self.templates: dict[str, tuple[Template, dict[str, Any]]] = {}

    def prepared(self, name: str) -> tuple[Template, dict[str, Any]]:
        """The template and its globals merged with the shared context, as ``Template.render`` would merge them (the context wins)."""
        found = self.templates.get(name)
        if found is None:
            template = self.load(name)
            found = self.templates[name] = (template, {**template.globals, **self.shared})
        return found

    def text(self, page: Page) -> str:
        """The page as ``Template.render`` would render it with the shared context and the page's variables."""
        template, base = self.prepared(page.template)
        variables = {**base, **self.page_variables(page), **page.context}
        context = template.new_context(variables, shared=True)  # shared: ``variables`` already holds the globals; no copy
        try:
            return self.environment.concat(template.root_render_func(context))
        except Exception:
            self.environment.handle_exception()  # raises, with Jinja's traceback pointing at the template line

    def page_variables(self, page: Page) -> dict[str, str]:
        """What Pelican's writer adds for a page: relative ``SITEURL`` by depth, ``output_file``, ``page_name``, ``page_url``."""
        path = page.path
        variables = {"output_file": path, "page_name": path.removesuffix("index.html").rstrip("/") or "index", "page_url": page.url}
        if self.relative_urls:
            variables["SITEURL"] = "/".join([".."] * path.count("/")) or "."
        return variables

    def render(self, page: Page) -> tuple[bool, bool]:
        """Render ``page``, write it under the output folder, and settle its checks on the bytes in hand.

        Returns (clear, compressed): whether ``leaks.clear_of_runs`` passed it, and
        whether its ``.gz`` was written beside it (only for a clear page: any other
        is read back by the leak check and compressed after it has passed).
        """
        content = self.text(page).encode("utf-8")
        self.write(page.path, content)
        clear = clear_of_runs(page.path, content)
        compressed = clear and compressible(page.path, len(content))
        if compressed:
            self.write(f"{page.path}.gz", gzip_bytes(content))
        return clear, compressed

    def write(self, path: str, content: bytes) -> None:
        """Write ``content`` to ``path`` (relative to the output folder), making its folder if need be.

        One ``mkdir`` for a page in a folder of its own (nearly all), the
        parents only when it fails for want of them; mode 0o666 less the
        umask, as ``open`` gives.
        """
        target = f"{self.output}/{path}"
        make_folder(target.rpartition("/")[0])
        descriptor = os.open(target, FILE_FLAGS, 0o666)
        try:
            view = memoryview(content)
            while view:  # os.write may write less than asked (a signal, a full disk raises)
                view = view[os.write(descriptor, view):]
        finally:
            os.close(descriptor)


def make_folder(folder: str) -> None:
    """``os.makedirs(folder, exist_ok=True)`` in one system call when the parent exists (makedirs checks the parent first)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)  # another worker may make a parent meanwhile: exist_ok
