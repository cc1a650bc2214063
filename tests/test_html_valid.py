"""The Nu HTML Checker (vnu.jar from node_modules/vnu-jar) on the built pages:
no errors. One JVM start checks every file, since starting it is the slow part."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.harness import VNU_JAR, build_once, checked_pages, require


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's built site (the same build the browser tests use)."""
    return build_once(tmp_path_factory.mktemp("site"))


def vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "java is missing: run `make setup` (it installs Debian's default-jre-headless)"
    done = subprocess.run(
        [java, "-jar", str(require(VNU_JAR)), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    assert done.returncode in (0, 1), f"vnu.jar failed to run ({done.returncode}):\n{done.stderr[-2000:]}"
    return json.loads(done.stderr)["messages"]


def test_pages_are_valid_html(output: Path):
    files = [output / path / "index.html" for path in checked_pages(output)] + [output / "404.html"]
    messages = vnu(files)
    problems = [
        f"{m.get('url', '').split(str(output), 1)[-1]}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in messages
    ]
    assert not messages, "the Nu HTML Checker found errors:\n" + "\n".join(problems)
