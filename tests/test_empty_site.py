"""Every build can be rebuilt: with no entry in force the site is empty but complete.

All entries withdrawn, or ``--as-of`` before the first file: the build exits 0,
every page renders, and the search index is valid JSON that lunr.py and the
browser's engine (run under node) load and answer with no result.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lunr.index import Index

from credit_rows import AS_OF, ROOT, black_org, withdrawal, write_csv
from creditlists.cli import main
from creditlists.search.index import LUNR_FIELDS, lunr_index, search_files

RUNNER = ROOT / "tests" / "search" / "run_engine.js"
PAGES = ["index.html", "red/index.html", "black/index.html", "changes/index.html", "search/index.html", "data/index.html"]


def test_an_index_of_no_document_is_the_empty_index():
    """lunr.py alone divides by the number of documents: the hazard, then the fix."""
    from lunr.builder import Builder

    builder = Builder()
    builder.ref("ref")
    builder.field("name")
    with pytest.raises(ZeroDivisionError):
        builder.build()
    empty = lunr_index([])
    assert (empty["fieldVectors"], empty["invertedIndex"], empty["fields"]) == ([], [], [f for f, _ in LUNR_FIELDS])
    assert Index.load(json.loads(json.dumps(empty))).search("示例") == []


def test_search_files_of_no_entry():
    files = dict(search_files([]))
    assert sorted(files) == ["search/meta.json", "search/shard/0.json", "search/store/0.json", "search/texts/0.json"]
    meta = json.loads(files["search/meta.json"])
    assert (meta["documents"], meta["shards"], meta["phrase_files"], meta["frequent"]) == (0, 1, 0, {})
    assert json.loads(files["search/store/0.json"]) == [] and json.loads(files["search/texts/0.json"]) == []
    assert Index.load(json.loads(files["search/shard/0.json"])).search("abc") == []


def build(data: Path, tmp_path: Path, as_of: str = AS_OF.isoformat()) -> int:
    return main(["build", "--data", str(data), "--output", str(tmp_path / "site"), "--reports", str(tmp_path / "reports"), "--as-of", as_of])


def check_empty_site(site: Path, tmp_path: Path) -> None:
    """Pages there and showing no entry; the search files valid and answered with nothing."""
    for page in PAGES:
        assert (site / page).read_text(encoding="utf-8").startswith("<!doctype html>"), page
    assert json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"] == []
    for path in sorted((site / "search").rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if "shard" in path.parts:
            assert Index.load(document).search("示例") == []
    assert json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))["documents"] == 0
    if shutil.which("node"):
        queries = tmp_path / "queries.json"
        queries.write_text(json.dumps(["示例", "武汉", "91420106MA4K00001", "abc"]), encoding="utf-8")
        ran = subprocess.run(["node", str(RUNNER), str(site / "search"), str(queries)], capture_output=True, text=True, check=True)
        assert [(r["query"], r["total"], r["refs"]) for r in json.loads(ran.stdout)] == [
            ("示例", 0, []), ("武汉", 0, []), ("91420106MA4K00001", 0, []), ("abc", 0, [])]


def test_a_build_with_every_entry_withdrawn_is_an_empty_site(data_dir, tmp_path, capsys):
    write_csv(data_dir / "submissions" / "scjgj" / "2024-04-01-黑名单.csv", [black_org()])
    write_csv(data_dir / "submissions" / "scjgj" / "2024-06-01-移出.csv", [withdrawal()])
    assert build(data_dir, tmp_path) == 0
    assert "构建日期 2026-11-29：红名单 0 条，黑名单 0 条在列。" in capsys.readouterr().out.splitlines()
    check_empty_site(tmp_path / "site", tmp_path)
    assert "移出" in (tmp_path / "site" / "changes" / "index.html").read_text(encoding="utf-8")


def test_a_build_as_of_a_day_before_the_first_file_is_an_empty_site(data_dir, tmp_path, capsys):
    write_csv(data_dir / "submissions" / "scjgj" / "2024-04-01-黑名单.csv", [black_org()])
    assert build(data_dir, tmp_path, "2024-03-31") == 0
    assert "构建日期 2024-03-31：红名单 0 条，黑名单 0 条在列。" in capsys.readouterr().out.splitlines()
    check_empty_site(tmp_path / "site", tmp_path)
    report = json.loads((tmp_path / "reports" / "scjgj.json").read_text(encoding="utf-8"))
    assert [(f["path"], [e["code"] for e in f["errors"]]) for f in report["files"]] == [
        ("submissions/scjgj/2024-04-01-黑名单.csv", ["file-date-in-future"])]
