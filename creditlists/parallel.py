"""Use both cores for the big, independent parts of a large build.

Processes are forked, so workers see the parent's data, and the function
itself, without pickling them (a closure over the generator or the leak
check's prefixes is fine; no module-level state is needed to reach a worker);
only the results travel back, pickled. Small builds (the tests, the sample
site) stay in one process: forking costs more than it saves there.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import TypeVar

from creditlists import settings

T = TypeVar("T")
R = TypeVar("R")


class WorkerError(Exception):
    """A forked worker failed; its message says how."""


def processes() -> int:
    return max(1, min(settings.BUILD_PROCESSES or os.cpu_count() or 1, os.cpu_count() or 1))


def parallel_map(function: Callable[[T], R], items: Iterable[T], large: bool) -> list[R]:
    """``[function(item) for item in items]``, in order, over several forked processes when ``large``."""
    items = list(items)
    count = min(processes(), len(items))
    if not large or count < 2:
        return [function(item) for item in items]
    shares = [list(range(start, len(items), count)) for start in range(count)]
    context = multiprocessing.get_context("fork")
    frozen_before = gc.get_freeze_count() > 0  # collector.keep froze the dataset: it stays frozen
    gc.freeze()  # objects made so far stay out of the workers' collections: fewer copied pages
    try:
        readers, workers = [], []
        for share in shares:
            reader, writer = context.Pipe(duplex=False)
            worker = context.Process(target=_work, args=(function, [items[i] for i in share], writer))
            worker.start()
            writer.close()
            readers.append(reader)
            workers.append(worker)
        answers = [reader.recv() for reader in readers]
        for worker in workers:
            worker.join()
    finally:
        if not frozen_before:
            gc.unfreeze()
    results: list[R] = [None] * len(items)  # type: ignore[list-item]
    for share, (failure, values) in zip(shares, answers):
        if failure:
            raise WorkerError(failure)
        for index, value in zip(share, values):
            results[index] = value
    return results


def _work(function: Callable[[T], R], items: list[T], writer: Connection) -> None:
    """In the worker: send back (None, results) or (the failure as text, None)."""
    try:
        writer.send((None, [function(item) for item in items]))
    except BaseException as exc:  # any failure must reach the parent, which raises it
        writer.send((f"{type(exc).__name__}: {exc}", None))
    finally:
        writer.close()
