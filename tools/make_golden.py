#!/usr/bin/env python3
"""Rebuild the golden output (``make golden``) from the fixed data folder.

    .venv/bin/python tools/make_golden.py

Builds ``tests/fixtures/golden/data`` as of 2026-11-29 with the command line
(``build_lists.py build``) and replaces ``tests/fixtures/golden/expected/``
with the result: ``output/`` (the public site) and ``reports/`` (the
department reports). ``tests/test_golden.py`` builds the same way and compares
file by file. Run it only when a change of output is intended, then read
``git diff tests/fixtures/golden/expected`` before committing.

The file checker's runtime and code (``COPIED_FOLDERS``: Pyodide from
node_modules, zips of the intake code and of the pinned openpyxl, et_xmlfile
and tzdata) are copies of pinned sources, not output of the data: they are left
out of ``expected/`` and only their names are kept, in ``expected/copied.txt``;
the test compares each with its source (``creditlists.publish.checker_files``).

The data carry the sample marker (SAMPLE-DATA.txt, every name with 示例), so
the build uses the public sample key; CREDIT_SUBJECT_KEY is removed from the
build's environment, or person page ids would depend on whoever ran it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
DATA = GOLDEN / "data"
EXPECTED = GOLDEN / "expected"
AS_OF = "2026-11-29"
KEY_ENVIRONMENT_VARIABLE = "CREDIT_SUBJECT_KEY"  # creditlists.publish.subjects; named here so this script imports nothing of the package
PARTS = ("output", "reports")
# Folders of output/ that hold only copies of pinned sources (creditlists/publish/checker_files.py).
COPIED_FOLDERS = ("guide/check/pyodide", "guide/check/python")
COPIED_LIST = EXPECTED / "copied.txt"
# The build's gzip copies (creditlists/publish/precompress.py) are not committed:
# tests/test_golden.py checks each against the file beside it.
PRECOMPRESSED = ".gz"


def copied_names(output: Path) -> list[str]:
    """The files of ``output`` in COPIED_FOLDERS, as paths relative to it, sorted (their ``.gz`` copies left out)."""
    return sorted(p.relative_to(output).as_posix() for folder in COPIED_FOLDERS for p in (output / folder).rglob("*")
                  if p.is_file() and p.suffix != PRECOMPRESSED)


def build(into: Path) -> subprocess.CompletedProcess[str]:
    """Build the golden data into ``into/output`` and ``into/reports``; raise with the build's messages if it fails."""
    env = {name: value for name, value in os.environ.items() if name != KEY_ENVIRONMENT_VARIABLE}
    command = [sys.executable, str(ROOT / "build_lists.py"), "build", "--data", str(DATA),
               "--output", str(into / "output"), "--reports", str(into / "reports"), "--as-of", AS_OF]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"build exited {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}")
    return done


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="golden-") as temporary:
        fresh = Path(temporary)
        try:
            done = build(fresh)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
        shutil.rmtree(EXPECTED, ignore_errors=True)
        EXPECTED.mkdir(parents=True)
        for part in PARTS:
            shutil.copytree(fresh / part, EXPECTED / part, ignore=shutil.ignore_patterns(f"*{PRECOMPRESSED}"))
        COPIED_LIST.write_text("".join(f"{name}\n" for name in copied_names(EXPECTED / "output")), encoding="utf-8")
        for folder in COPIED_FOLDERS:
            shutil.rmtree(EXPECTED / "output" / folder)
    files = [p for p in EXPECTED.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    summary = done.stdout[done.stdout.find("构建日期"):] if "构建日期" in done.stdout else done.stdout
    print(summary.rstrip())
    print(f"{EXPECTED.relative_to(ROOT)}: {len(files)} files, {size:,} bytes. Review with: git status/diff {EXPECTED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
