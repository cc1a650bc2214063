"""Naive Pelican: the yardstick the 10,000-entry target is measured against.

Issue 16 asks the 10,000-entry build to take at most 0.35 × what plain Pelican
needs to render the same entries "in the same run". Plain Pelican means what a
developer would first write: one Markdown article per published entry (its fields
as a table), Pelican's default theme and settings (feeds included) with 20
articles per index page, run by ``pelican.Pelican(settings).run()`` in a child
process. The time is taken inside the child around ``run()``, as the real build's
is taken around ``build_site``, so that Python's start-up counts in neither.

``python -m bench.baseline FOLDER`` runs Pelican on ``FOLDER/content`` with
``FOLDER/pelicanconf.py`` and prints the seconds as JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Pelican's defaults, except what a site needs to build offline into its own folder.
SETTINGS = """\
PATH = "content"
OUTPUT_PATH = "output"
SITENAME = "naive Pelican"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = 20
RELATIVE_URLS = True
"""


@dataclass
class BaselineRun:
    articles: int
    seconds: float  # Pelican(settings).run(), inside the child
    output_files: int
    error: str = ""


def markdown_of(number: int, record: dict[str, str], date: str) -> str:
    """One article: the entry's fields as a Markdown table (``|`` in values escaped)."""
    cells = [(key, (value or "—").replace("|", "\\|").replace("\n", " ")) for key, value in record.items()]
    table = ["| 字段 | 内容 |", "|---|---|"] + [f"| {key} | {value} |" for key, value in cells]
    title = record.get("主体名称", "").replace("\n", " ") or f"entry {number}"
    return "\n".join([f"Title: {title}", f"Date: {date}", f"Slug: e{number}", f"Category: {record.get('名单类型', '名单')}", "", *table, ""])


def write_site(records: list[dict[str, str]], folder: Path, date: str) -> None:
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    (folder / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    for number, record in enumerate(records):
        (content / f"e{number}.md").write_text(markdown_of(number, record, date), encoding="utf-8")


def measure(records: list[dict[str, str]], folder: Path, date: str, timeout: float = 1800) -> BaselineRun:
    """Write the naive site's content and time Pelican on it in a child process."""
    write_site(records, folder, date)
    done = subprocess.run([sys.executable, "-m", "bench.baseline", str(folder)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)
    if done.returncode != 0:
        return BaselineRun(len(records), 0.0, 0, (done.stderr or done.stdout)[-2000:])
    seconds = json.loads(done.stdout.strip().splitlines()[-1])["seconds"]
    files = sum(1 for path in (folder / "output").rglob("*") if path.is_file())
    return BaselineRun(len(records), seconds, files)


def main(folder: Path) -> None:
    import os

    from pelican import Pelican
    from pelican.settings import read_settings

    os.chdir(folder)
    settings = read_settings("pelicanconf.py")
    started = time.perf_counter()
    Pelican(settings).run()
    print(json.dumps({"seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
