"""The garbage collector is paused around the dataset's making and given back as it was."""

from __future__ import annotations

import gc

import pytest

from credit_rows import AS_OF, ROOT
from creditlists import collector
from creditlists.pipeline import compile_dataset


def test_paused_turns_the_collector_off_and_restores_it() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("a failing stage")
    assert gc.isenabled()


def test_paused_leaves_a_collector_that_was_off_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_small_build_collects_as_usual_afterwards() -> None:
    """The sample is below PARALLEL_MIN_ENTRIES: nothing is frozen, so the tests' cycles are still freed."""
    frozen = gc.get_freeze_count()
    compile_dataset(ROOT / "data", AS_OF)
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
