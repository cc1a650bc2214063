#!/usr/bin/env python3
"""Rebuild the golden output (``make golden``) from the fixed data folder.

    .venv/bin/python tools/make_golden.py

Builds ``tests/fixtures/golden/data`` as of 2026-11-29 with the command line
(``build_lists.py build``) and replaces ``tests/fixtures/golden/expected/``
with the result: ``output/`` (the public site) and ``reports/`` (the
department reports). ``tests/test_golden.py`` builds the same way and compares
file by file. Run it only when a change of output is intended, then read
``git diff tests/fixtures/golden/expected`` before committing.

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
            shutil.copytree(fresh / part, EXPECTED / part)
    files = [p for p in EXPECTED.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    summary = done.stdout[done.stdout.find("构建日期"):] if "构建日期" in done.stdout else done.stdout
    print(summary.rstrip())
    print(f"{EXPECTED.relative_to(ROOT)}: {len(files)} files, {size:,} bytes. Review with: git status/diff {EXPECTED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
