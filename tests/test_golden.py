"""Golden output: the fixed data of tests/fixtures/golden/data build exactly the committed site and reports.

The data (3 departments, 24 list rows, a matter list, a usage report; see
tests/fixtures/golden/README.md) are built with the command line as of
2026-11-29 into tmp_path, and every file is compared byte for byte with
tests/fixtures/golden/expected/. Any change of output fails here with the names
of the missing, extra and differing files and a unified diff of the first few.
When the change is intended: ``make golden``, then review
``git diff tests/fixtures/golden/expected`` and commit it with the change.

The file checker's copies of pinned sources (Pyodide, the zips of the intake
code and of openpyxl, et_xmlfile and tzdata; ``COPIED_FOLDERS``) are not
committed: expected/copied.txt lists their names, and each built copy is
compared with its source instead, so an edit of the intake code needs no new
golden output, while a file added to or dropped from those folders still fails.
"""

from __future__ import annotations

import contextlib
import difflib
import gzip
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from creditlists import settings
from creditlists.publish.checker_files import copied_sources, zip_sources
from creditlists.publish.precompress import compressible
from tools.make_golden import COPIED_FOLDERS, COPIED_LIST, DATA, EXPECTED, KEY_ENVIRONMENT_VARIABLE, PARTS, PRECOMPRESSED, ROOT, build, copied_names

DIFFED_FILES = 3  # unified diffs shown for at most this many differing text files
DIFF_LINES = 40  # lines of each diff
LINE_CHARS = 160  # characters of each diff line
NAMES_LISTED = 30  # file names listed per kind of difference
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".csv", ".xml", ".svg", ".txt", ".md", ".atom", ".rss", ""}


def tree(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` (hidden ones included) by its path relative to it, but those in COPIED_FOLDERS and the gzip copies."""
    found = {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix != PRECOMPRESSED}
    return {name: path for name, path in found.items() if not name.startswith(tuple(f"{c}/" for c in COPIED_FOLDERS))}


def display_lines(name: str, content: bytes) -> list[str] | None:
    """The lines a diff shows, or None for a binary file.

    JSON is re-indented (the site writes it on one line); other long lines are
    split after ``,`` and ``>`` so that a change shows where it is.
    """
    if Path(name).suffix.lower() not in TEXT_SUFFIXES or b"\0" in content:
        return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if name.endswith(".json"):
        with contextlib.suppress(ValueError):  # not JSON after all: shown as it is
            text = json.dumps(json.loads(text), ensure_ascii=False, indent=1)
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(re.split(r"(?<=[,>])", line) if len(line) > LINE_CHARS else [line])
    return lines


def file_diff(name: str, expected: bytes, actual: bytes) -> str:
    """A readable account of how one file differs: a truncated unified diff, or sizes for binary files."""
    old, new = display_lines(name, expected), display_lines(name, actual)
    if old is None or new is None:
        return f"{name}: binary file differs ({len(expected):,} bytes expected, {len(actual):,} built)"
    diff = list(difflib.unified_diff(old, new, f"expected/{name}", f"built/{name}", n=2, lineterm=""))
    if not diff:  # same text, other bytes: line ends, BOM or JSON layout
        return f"{name}: same text, different bytes (line ends, BOM or layout; {len(expected):,} bytes expected, {len(actual):,} built)"
    shown = [line if len(line) <= LINE_CHARS else line[:LINE_CHARS] + " …" for line in diff[:DIFF_LINES]]
    if len(diff) > DIFF_LINES:
        shown.append(f"… {len(diff) - DIFF_LINES} more diff lines")
    return "\n".join(shown)


def listed(title: str, names: list[str]) -> list[str]:
    if not names:
        return []
    more = [f"  … and {len(names) - NAMES_LISTED} more"] if len(names) > NAMES_LISTED else []
    return [f"{title} ({len(names)}):"] + [f"  {name}" for name in names[:NAMES_LISTED]] + more


def compare(expected_root: Path, built_root: Path) -> str | None:
    """None when both trees hold the same files with the same bytes, else a message saying how they differ."""
    expected, built = tree(expected_root), tree(built_root)
    missing = sorted(expected.keys() - built.keys())
    extra = sorted(built.keys() - expected.keys())
    differing = [name for name in sorted(expected.keys() & built.keys())
                 if expected[name].read_bytes() != built[name].read_bytes()]
    if not (missing or extra or differing):
        return None
    texts = [name for name in differing if display_lines(name, expected[name].read_bytes()) is not None]
    first = (texts + [name for name in differing if name not in texts])[:DIFFED_FILES]
    message = ["The build differs from tests/fixtures/golden/expected/. If the change is intended, run "
               "`make golden` and review `git diff tests/fixtures/golden/expected`."]
    message += listed("missing from the build", missing)
    message += listed("not in expected (extra)", extra)
    message += listed("differing", differing)
    for name in first:
        message += ["", file_diff(name, expected[name].read_bytes(), built[name].read_bytes())]
    return "\n".join(message)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden data built once, as tools/make_golden.py builds them (without CREDIT_SUBJECT_KEY)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(KEY_ENVIRONMENT_VARIABLE, raising=False)  # conftest.py sets a test key for the whole session
        folder = tmp_path_factory.mktemp("golden")
        build(folder)
    return folder


def test_golden_data_are_fictional_sample_data() -> None:
    """The data carry the sample marker, so they build with the public sample key (no secret in the repository)."""
    assert (DATA / "SAMPLE-DATA.txt").read_bytes() == (ROOT / "data" / "SAMPLE-DATA.txt").read_bytes()
    written = [path for path in DATA.rglob("*.csv") if path.parent.name != "vocab"]  # vocab/: copies of data/vocab
    assert len(written) == 7
    for path in written:  # as Excel's "CSV UTF-8" saves them: BOM, CRLF
        content = path.read_bytes()
        assert content.startswith(b"\xef\xbb\xbf") and content.count(b"\r\n") == content.count(b"\n"), path


@pytest.mark.parametrize("part", PARTS)
def test_build_equals_expected(built: Path, part: str) -> None:
    assert (EXPECTED / part).is_dir(), f"no {EXPECTED / part}: run `make golden`"
    problem = compare(EXPECTED / part, built / part)
    if problem is not None:
        pytest.fail(problem, pytrace=False)


def test_copied_files_are_listed_and_equal_their_sources(built: Path) -> None:
    """Pyodide byte for byte as in node_modules; each zip exactly its sources in name order, byte for byte."""
    output = built / "output"
    assert copied_names(output) == COPIED_LIST.read_text(encoding="utf-8").split(), "run `make golden`"
    assert sorted([*copied_sources(), *zip_sources()]) == copied_names(output)
    for name, source in copied_sources().items():
        assert (output / name).read_bytes() == source.read_bytes(), name
    for name, members in zip_sources().items():
        with zipfile.ZipFile(output / name) as archive:
            assert archive.namelist() == sorted(members), name
            assert [m for m in members if archive.read(m) != members[m].read_bytes()] == [], name


def precompression_problems(output: Path) -> list[str]:
    """Files whose ``.gz`` copy is missing, unexpected, not their bytes, or not the same bytes a rebuild makes."""
    problems = []
    for path in sorted(p for p in output.rglob("*") if p.is_file() and p.suffix != PRECOMPRESSED):
        name, copy = path.relative_to(output).as_posix(), path.with_name(path.name + PRECOMPRESSED)
        content = path.read_bytes()
        if compressible(name, len(content)) != copy.is_file():
            problems.append(f"{name}: {'no' if copy.is_file() is False else 'an unexpected'} gzip copy")
        elif copy.is_file() and copy.read_bytes() != gzip.compress(content, settings.PRECOMPRESS_LEVEL, mtime=0):
            problems.append(f"{name}: its gzip copy is not its bytes, compressed as the build does")
    orphans = [p for p in output.rglob(f"*{PRECOMPRESSED}") if not p.with_suffix("").is_file()]
    return problems + [f"{p.relative_to(output).as_posix()}: a gzip copy of nothing" for p in orphans]


def test_text_files_have_their_gzip_copy_and_no_other_file_has_one(built: Path, tmp_path: Path) -> None:
    """The check first catches a stale copy, a missing one and an orphan, then finds none in the build."""
    output = tmp_path / "output"
    shutil.copytree(built / "output", output)
    (output / "index.html.gz").write_bytes(gzip.compress(b"old page", mtime=0))
    (output / "theme" / "js" / "engine.js.gz").unlink()
    (output / "gone.html.gz").write_bytes(b"")
    assert precompression_problems(output) == ["index.html: its gzip copy is not its bytes, compressed as the build does",
                                               "theme/js/engine.js: no gzip copy", "gone.html.gz: a gzip copy of nothing"]
    copies = {p.relative_to(built / "output").as_posix() for p in (built / "output").rglob(f"*{PRECOMPRESSED}")}
    assert {"index.html.gz", "search/store/0.json.gz", "theme/js/engine.js.gz", "guide/check/pyodide/pyodide.asm.wasm.gz"} <= copies
    assert not any(name.endswith((".xlsx.gz", ".zip.gz", ".png.gz")) for name in copies)
    assert precompression_problems(built / "output") == []


def test_comparison_reports_a_changed_byte_a_missing_and_an_extra_file(built: Path, tmp_path: Path) -> None:
    """The comparison itself can fail: one changed byte, one file removed, one added."""
    copy = tmp_path / "output"
    shutil.copytree(built / "output", copy)
    page = copy / "index.html"
    content = page.read_bytes()
    at = content.index(b"<strong>2026-11-29</strong>") + len(b"<strong>2026-11-2")
    page.write_bytes(content[:at] + b"8" + content[at + 1:])  # one byte: 2026-11-29 -> 2026-11-28
    (copy / "sitemap.xml").unlink()
    (copy / "stray.txt").write_text("x", encoding="utf-8")
    problem = compare(EXPECTED / "output", copy)
    assert problem is not None
    assert "missing from the build (1):\n  sitemap.xml" in problem
    assert "not in expected (extra) (1):\n  stray.txt" in problem
    assert "--- expected/index.html\n+++ built/index.html" in problem
    assert "\n-" in problem and "<strong>2026-11-29</strong>" in problem and "<strong>2026-11-28</strong>" in problem
    assert len(problem) < 20_000
