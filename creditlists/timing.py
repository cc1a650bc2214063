"""Seconds spent per build stage, for the benchmark (never asserted on in tests).

A ``Timings`` object is made by whoever wants the numbers (the benchmark) and
handed down; a build without one still times its stages into a fresh object.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Stage name -> seconds; ``on_end(name, seconds so far)`` is told when a stage ends."""

    seconds: dict[str, float] = field(default_factory=dict)
    on_end: Callable[[str, float], None] | None = None

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Add the wall-clock time of the block to ``seconds[name]``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
            if self.on_end:
                self.on_end(name, self.seconds[name])
