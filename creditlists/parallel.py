"""Use both cores for the big, independent parts of a large build.

Processes are forked, so workers see the parent's data without pickling it;
only the arguments and results travel. Small builds (the tests, the sample
site) stay in one process: forking costs more than it saves there.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Iterable, TypeVar

from creditlists import settings

T = TypeVar("T")
R = TypeVar("R")


def processes() -> int:
    return max(1, min(settings.BUILD_PROCESSES or os.cpu_count() or 1, os.cpu_count() or 1))


def parallel_map(function: Callable[[T], R], items: Iterable[T], large: bool) -> list[R]:
    """``[function(item) for item in items]``, in order, over several processes when ``large``."""
    items = list(items)
    if not large or processes() == 1 or len(items) < 2:
        return [function(item) for item in items]
    gc.freeze()  # objects made so far stay out of the workers' collections: fewer copied pages
    try:
        with multiprocessing.get_context("fork").Pool(processes()) as pool:
            return pool.map(function, items, chunksize=max(1, len(items) // (processes() * 8)))
    finally:
        gc.unfreeze()
