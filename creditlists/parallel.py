"""Use both cores for the big, independent parts of a large build.

Processes are forked, so workers see the parent's data, and the function
itself, without pickling them (a closure over the generator or the leak
check's prefixes is fine; no module-level state is needed to reach a worker);
only the results travel back, pickled: all at the end (``parallel_map``) or
one by one as they are made (``parallel_stream``). Small builds (the tests, the sample
site) stay in one process: forking costs more than it saves there.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import TypeVar

from creditlists import settings
from creditlists.collector import paused

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


def parallel_stream(work: Callable[[int, int], Iterable[R]], large: bool, collector: bool = True) -> Iterator[R]:
    """The items of ``work(0, n)``, ``work(1, n)`` … ``work(n - 1, n)`` taken in turn (the first
    of each, then the second of each, …), each share made by its own forked process when ``large``
    (``n`` is then the number of processes, else 1).

    Items reach the parent as each worker makes them, so it can write them while the workers go
    on, and the workers never hold more than what they are making. ``collector=False`` runs the
    work with the garbage collector off: for work that makes millions of small objects and no
    reference cycle, where every collection only rescans what is alive (the search shards: 41 s
    at a million entries instead of 131 s with it on).
    """
    count = processes() if large else 1
    if count < 2:
        yield from _serial(work(0, 1), collector)
        return
    context = multiprocessing.get_context("fork")
    gc.freeze()  # objects made so far stay out of the workers' collections: fewer copied pages
    readers, workers = [], []
    try:
        for share in range(count):
            reader, writer = context.Pipe(duplex=False)
            worker = context.Process(target=_stream, args=(work, share, count, collector, writer))
            worker.start()
            writer.close()
            readers.append(reader)
            workers.append(worker)
        yield from _in_turn(readers)
        for worker in workers:
            worker.join()
    finally:
        for worker in workers:
            if worker.is_alive():  # the consumer stopped early, or a worker failed
                worker.terminate()
                worker.join()
        for reader in readers:
            reader.close()
        gc.unfreeze()


def _in_turn(readers: list[Connection]) -> Iterator[R]:
    """The workers' items in turn, reading whichever pipe has something (so no worker waits
    on a full pipe while the parent waits on another) and keeping what came early."""
    queues: list[deque[R]] = [deque() for _ in readers]
    open_readers = dict(enumerate(readers))
    turn = list(range(len(readers)))  # the workers still to be taken from, in turn
    while turn:
        share = turn[0]
        if queues[share]:
            yield queues[share].popleft()
            turn.append(turn.pop(0))
        elif share not in open_readers:
            turn.pop(0)
        else:
            ready = wait(list(open_readers.values()))
            for number, reader in list(open_readers.items()):
                if reader in ready:
                    _receive(reader, queues[number], open_readers, number)


def _receive(reader: Connection, queue: deque[R], open_readers: dict[int, Connection], number: int) -> None:
    """One message of worker ``number``: an item, the end of its share, or its failure."""
    try:
        kind, value = reader.recv()
    except EOFError:
        raise WorkerError(f"worker {number} ended without finishing its share") from None
    if kind == "item":
        queue.append(value)
    elif kind == "done":
        del open_readers[number]
    else:
        raise WorkerError(value)


def _stream(work: Callable[[int, int], Iterable[R]], share: int, count: int, collector: bool, writer: Connection) -> None:
    """In the worker: send ("item", x) for each item, then ("done", None); or ("failed", why)."""
    try:
        if not collector:
            gc.disable()  # the worker exits when done: its memory goes back whole
        for item in work(share, count):
            writer.send(("item", item))
        writer.send(("done", None))
    except BaseException as exc:  # any failure must reach the parent, which raises it
        writer.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        writer.close()


def _serial(items: Iterable[R], collector: bool) -> Iterator[R]:
    """The items made in this process, the collector off while each is made if asked."""
    iterator = iter(items)
    while True:
        with contextlib.nullcontext() if collector else paused():
            item = next(iterator, _END)
        if item is _END:
            return
        yield item  # type: ignore[misc]


_END = object()

