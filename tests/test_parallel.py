"""parallel_stream: the items of every worker's share in turn, whatever the order the workers
finish them in; a worker's failure raised in the parent; no worker left behind."""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections.abc import Iterator

import pytest

from creditlists import settings
from creditlists.parallel import WorkerError, parallel_stream, processes


@pytest.fixture(autouse=True)
def two_processes(monkeypatch):
    monkeypatch.setattr(settings, "BUILD_PROCESSES", 2)


def uneven(worker: int, workers: int) -> Iterator[tuple[int, int]]:
    """Worker 0 is slow at first and has fewer items: its items still come first in each turn."""
    for number in range(3 + 2 * worker):
        if worker == 0 and number == 0:
            time.sleep(0.3)
        yield worker, number


def test_items_come_in_turn_forked_or_not():
    workers = processes()
    expected = [(w, n) for n in range(3 + 2 * (workers - 1)) for w in range(workers) if n < 3 + 2 * w]
    assert list(parallel_stream(uneven, large=True)) == expected
    assert list(parallel_stream(uneven, large=False)) == [(0, n) for n in range(3)]


def test_the_collector_is_off_in_the_work_only_when_asked():
    def state(worker: int, workers: int) -> Iterator[bool]:
        yield gc.isenabled()

    assert gc.isenabled()
    for large in (True, False):
        assert set(parallel_stream(state, large, collector=False)) == {False}
        assert set(parallel_stream(state, large)) == {True}
        assert gc.isenabled()


def test_a_failing_worker_is_raised_and_none_is_left_running():
    def failing(worker: int, workers: int) -> Iterator[int]:
        yield worker
        if worker == workers - 1:
            raise ValueError("share went wrong")
        yield from range(10, 13)

    if processes() < 2:
        pytest.skip("one core: nothing is forked")
    with pytest.raises(WorkerError, match="ValueError: share went wrong"):
        list(parallel_stream(failing, large=True))
    assert multiprocessing.active_children() == []


def test_a_consumer_stopping_early_leaves_no_worker():
    def endless(worker: int, workers: int) -> Iterator[bytes]:
        while True:
            yield b"x" * 100_000  # more than a pipe holds: the worker blocks on sending

    stream = parallel_stream(endless, large=True)
    assert next(stream) == b"x" * 100_000
    stream.close()
    assert multiprocessing.active_children() == []
