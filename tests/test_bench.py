"""The benchmark works end to end at a small size (it is not a timed test: no number is asserted).

One run of ``python -m bench`` at 300 entries and 20 queries, in Chromium,
into tmp_path: the data hold the entries asked for, the build succeeds, every
query lists exactly its exhaustive results, the batch check of 5,000 lines
reports exactly the lines of subjects in force, and the report has every stage.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.build_child import STAGE_NAMES
from bench.report import load_result, reference_seconds, section, target_rows, update_docs
from bench.synthetic import generate

ENTRIES = 300
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    """``python -m bench`` in its own process, as a user runs it (and away from this session's browser)."""
    keep = tmp_path_factory.mktemp("bench")
    subprocess.run([sys.executable, "-m", "bench", "--entries", str(ENTRIES), "--queries", "20", "--keep", str(keep)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    return load_result(keep / "bench-result.json")


def test_data_hold_the_entries_asked_for(result):
    assert result.build.ok, result.build.error
    assert abs(result.published - ENTRIES) <= ENTRIES * 0.05
    assert result.published == result.generation.expected_published
    assert result.build.counts["rows_rejected"] == result.generation.planted


def test_every_query_lists_exactly_its_exhaustive_results(result):
    assert len(result.runs) == 20
    assert {r.kind for r in result.runs} >= {"fragment", "full_name", "uscc_lower", "legal_rep", "decision", "frequent"}
    assert any(r.expected > 1 for r in result.runs) and any(r.expected == 0 for r in result.runs)
    differing = {r.query: (r.expected, r.shown_count, r.missing, r.extra, r.error) for r in result.runs if not r.identical}
    assert differing == {}
    assert all(r.search_gzip_bytes > 0 and r.ms_to_results > 0 for r in result.runs)


def test_the_batch_check_reports_exactly_the_subjects_in_force(result):
    assert [run.mix for run in result.batch] == ["10 % listed", "50 % listed"]
    assert all(run.identical and run.lines == 5000 and run.error == "" for run in result.batch), result.batch
    assert all(run.gzip_by_kind["lookup"] > 0 and run.gzip_by_kind["store"] > 0 and run.ms > 0 for run in result.batch)
    assert "Batch check (/check/): 5,000 lines" in section(result)


def test_report_has_every_stage_and_keeps_other_sizes(result, tmp_path):
    assert set(result.build.stage_seconds()) == set(STAGE_NAMES)
    text = section(result)
    assert all(f"| {name} |" in text for name in STAGE_NAMES)
    docs = tmp_path / "benchmarks.md"
    update_docs(result, docs, note="first")
    result.entries = 400  # a section for another size, then this size again
    update_docs(result, docs)
    result.entries = ENTRIES
    update_docs(result, docs, note="second")
    written = docs.read_text(encoding="utf-8")
    assert written.count("## 300 entries") == 1 and written.count("## 400 entries") == 1
    assert "second" in written and "first" not in written


def test_naive_pelican_ran_on_the_same_entries(result):
    base = result.baseline
    assert base is not None and base.error == "", base
    assert base.articles == result.published and base.seconds > 0
    assert base.output_files > base.articles  # an HTML page per article, plus Pelican's index, category and feed files
    ratio = [row for row in target_rows(result) if row[0].startswith("full build ÷ naive Pelican")]
    assert ratio and ratio[0][2].startswith(f"{result.build.seconds / base.seconds:.2f} (") and ratio[0][3] in ("met", "**missed**")


def test_the_100k_run_is_compared_with_the_recorded_10k_build(result, tmp_path):
    docs = tmp_path / "benchmarks.md"
    assert reference_seconds(100_000, docs) is None  # no docs yet: the scaling target is not measured
    result.entries = 10_000
    update_docs(result, docs)
    result.entries = ENTRIES
    assert reference_seconds(100_000, docs) == round(result.build.seconds, 2)
    assert reference_seconds(10_000, docs) is None and reference_seconds(1_000_000, docs) is None
    result.entries, result.reference_seconds = 100_000, result.build.seconds / 4
    try:
        rows = {what: (measured, verdict) for what, _, measured, verdict in target_rows(result)}
    finally:
        result.entries, result.reference_seconds = ENTRIES, None
    assert rows["full build ÷ the 10,000-entry build"] == (
        f"4.0 ({result.build.seconds:.1f} s ÷ {result.build.seconds / 4:.1f} s recorded for 10,000)", "met")
    assert rows["full build"][1] == "met" and "full build ÷ naive Pelican, same run" not in rows


def test_generator_is_deterministic(tmp_path):
    first = generate(tmp_path / "a", 200, seed=7)
    second = generate(tmp_path / "b", 200, seed=7)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.csv"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.csv"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert first.to_dict() | {"seconds": 0, "rows_per_second": 0} == second.to_dict() | {"seconds": 0, "rows_per_second": 0}
