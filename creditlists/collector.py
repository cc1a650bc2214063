"""Python's garbage collector around the build's long-lived data: off while it is made, frozen once it is made.

The cyclic collector runs after every few hundred new container objects, and
each of its full runs walks every tracked object still alive. Validation and
merge make millions that stay (rows, their dicts, problems, entries), so the
collector kept rescanning them: at 1,000,000 rows it cost a quarter of
validation (90 against 68 µs a row with it off) and more than half of merge
(17.4 against 7.5 s; docs/performance.md). What they make is freed by
reference counting (dataclasses, dicts, tuples, strings, dates: no cycles
that only the collector could break), so nothing is lost with it off.

``paused`` switches it off for a block and restores it as it was; the
pipeline runs reading, checking and merging in one. ``keep`` then moves
everything alive into the permanent generation (``gc.freeze``) in a large
build, so that the collections while the site model and pages are built no
longer walk the dataset; small builds (the tests, the sample) keep ordinary
collection, so that cycles they leave behind are still freed.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; afterwards the collector as it was before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep(large: bool) -> None:
    """In a large build, leave everything alive now out of every later collection (it lives until the build ends)."""
    if large:
        gc.freeze()
