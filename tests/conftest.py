"""Fixtures for the validator and merge tests: a tiny data folder and validators.

Every test builds its own data folder in ``tmp_path`` (a department register,
a copy of the repository's vocabulary, submissions written from rows), so no
test depends on the sample data under data/submissions. The row builders and
writers the fixtures use are in credit_rows.py.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from credit_rows import AS_OF, TEST_SUBJECT_KEY, Row, make_data_dir, write_csv, write_xlsx
from creditlists.intake.report import FileReport
from creditlists.intake.submissions import Context, read_and_validate
from creditlists.intake.vocab import Vocabulary, load_vocabulary
from creditlists.publish.subjects import KEY_ENVIRONMENT_VARIABLE
from creditlists.schema import TEMPLATE_COLUMNS


@pytest.fixture(scope="session", autouse=True)
def subject_key_for_test_data() -> Iterator[None]:
    """Test data folders are not the bundled sample (no marker file), so builds need a key.

    Session-wide, so that session-scoped builds see it too; the tests of the key
    refusal remove it with monkeypatch.
    """
    before = os.environ.get(KEY_ENVIRONMENT_VARIABLE)
    os.environ[KEY_ENVIRONMENT_VARIABLE] = TEST_SUBJECT_KEY
    yield
    if before is None:
        os.environ.pop(KEY_ENVIRONMENT_VARIABLE, None)
    else:
        os.environ[KEY_ENVIRONMENT_VARIABLE] = before


@pytest.fixture(autouse=True)
def collector_thawed() -> Iterator[None]:
    """A large build in the test process freezes what is alive (creditlists.collector.keep); the next test collects as usual."""
    yield
    if gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder in tmp_path; write submissions under ``submissions/<dept>/``."""
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def vocabulary(data_dir: Path) -> Vocabulary:
    return load_vocabulary(data_dir)


@pytest.fixture
def validate_csv(tmp_path: Path, vocabulary: Vocabulary) -> Callable[..., FileReport]:
    """Write rows as a CSV and validate it as department scjgj on AS_OF (or ``as_of``)."""

    def run(rows: Iterable[Row], header: Sequence[str] = TEMPLATE_COLUMNS, as_of: dt.date = AS_OF,
            name: str = "submission.csv", encoding: str = "utf-8") -> FileReport:
        path = write_csv(tmp_path / "files" / name, rows, header, encoding)
        return read_and_validate(path, "scjgj", name, Context(vocabulary, as_of))

    return run


@pytest.fixture
def validate_xlsx(tmp_path: Path, vocabulary: Vocabulary) -> Callable[..., FileReport]:
    """Write rows as an xlsx and validate it as department scjgj on AS_OF (or ``as_of``)."""

    def run(rows: Iterable[Row], header: Sequence[str] = TEMPLATE_COLUMNS, as_of: dt.date = AS_OF,
            name: str = "submission.xlsx") -> FileReport:
        path = write_xlsx(tmp_path / "files" / name, rows, header)
        return read_and_validate(path, "scjgj", name, Context(vocabulary, as_of))

    return run


@pytest.fixture
def validate_bytes(tmp_path: Path, vocabulary: Vocabulary) -> Callable[..., FileReport]:
    """Validate a file made of exactly ``content`` (for encodings and broken files)."""

    def run(content: bytes, name: str = "submission.csv", as_of: dt.date = AS_OF) -> FileReport:
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return read_and_validate(path, "scjgj", name, Context(vocabulary, as_of))

    return run
