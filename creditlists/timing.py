"""Seconds spent per build stage, for the benchmark (never asserted on in tests)."""

from __future__ import annotations

import contextlib
import time
from typing import Iterator

# stage name -> seconds, for the last build in this process
STAGES: dict[str, float] = {}


def reset() -> None:
    STAGES.clear()


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the wall-clock time of the block to ``STAGES[name]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        STAGES[name] = STAGES.get(name, 0.0) + time.perf_counter() - start
