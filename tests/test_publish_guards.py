"""Publishing cannot go around its guards (issue 12): one path to output, the
allow-list, one build at a time, no staging left by a killed build, and the
shrink guard. Each guard's test first shows what happens without it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pelican import signals
from pelican.settings import read_settings

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, uscc, withdrawal, write_csv
from creditlists import settings
from creditlists.cli import main
from creditlists.publish import build as build_module
from creditlists.publish import pelican_plugin
from creditlists.publish.allowlist import UnexpectedFilesError, WrittenFiles, check_written, files_in
from creditlists.publish.build import BuildOptions, build_site
from creditlists.publish.lock import BuildLocked, build_lock
from creditlists.publish.shrink import MANIFEST_NAME, ShrinkError

PYTHON = sys.executable


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(department_file: Path, numbers: range) -> Path:
    """A 黑名单 file with one entry per number (codes and decision numbers made from it)."""
    return write_csv(department_file, [black_org(主体名称=f"示例公司{n}", 统一社会信用代码=uscc(f"91420106MA4K{n:05d}"),
                                                 决定文书号=f"武昌市监罚〔2024〕{n}号") for n in numbers])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Two departments: scjgj with 10 black-list entries in two files, rsj with 2."""
    folder = tmp_path / "data"
    (folder / "vocab").mkdir(parents=True)
    for path in (ROOT / "data" / "vocab").iterdir():
        (folder / "vocab" / path.name).write_bytes(path.read_bytes())
    (folder / "SAMPLE-DATA.txt").write_bytes((ROOT / "data" / "SAMPLE-DATA.txt").read_bytes())
    (folder / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    entries(folder / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", range(1, 6))
    entries(folder / "submissions" / "scjgj" / "2024-02-01-黑名单.csv", range(6, 11))
    entries(folder / "submissions" / "rsj" / "2024-01-01-黑名单.csv", range(11, 13))
    return folder


@pytest.fixture
def site(data: Path, tmp_path: Path) -> Path:
    output = tmp_path / "output"
    build_site(data, output, tmp_path / "reports", AS_OF)
    return output


def build(data: Path, output: Path, *more: str) -> int:
    return main(["build", "--data", str(data), "--output", str(output), "--reports", str(output.parent / "reports"),
                 "--as-of", AS_OF.isoformat(), *more])


# One publishing path


def test_without_the_refusal_plain_pelican_empties_the_output(site, monkeypatch):
    """The hazard: publishconf.py as it was (DELETE_OUTPUT_DIRECTORY) with no dataset handed over."""
    assert len(snapshot(site)) > 20
    refusal = pelican_plugin.refuse_unless_built
    signals.initialized.disconnect(refusal)
    monkeypatch.setattr(pelican_plugin, "refuse_unless_built", lambda pelican: None)  # what register() connects
    try:
        from pelican import Pelican

        pelican = Pelican(read_settings(str(ROOT / "publishconf.py"), override={"OUTPUT_PATH": str(site), "DELETE_OUTPUT_DIRECTORY": True}))
        with pytest.raises(KeyError):
            pelican.run()
    finally:
        signals.initialized.connect(refusal)
    assert snapshot(site) == {}


def test_plain_pelican_with_publishconf_refuses_and_leaves_the_output_as_it_was(site):
    before = snapshot(site)
    done = subprocess.run([str(Path(PYTHON).parent / "pelican"), "content", "-s", "publishconf.py", "-o", str(site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "只能用 build_lists.py build 构建" in done.stderr and "输出文件夹没有改动" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert snapshot(site) == before


def test_a_deploy_build_writes_absolute_links_and_a_late_failure_keeps_the_old_site(data, site, monkeypatch):
    assert build(data, site, "--settings", str(ROOT / "publishconf.py")) == 0
    assert 'href="https://credit.example.gov.cn/black/"' in (site / "index.html").read_text(encoding="utf-8")
    assert build(data, site, "--site-url", "https://example.org/credit") == 0
    assert 'href="https://example.org/credit/black/"' in (site / "index.html").read_text(encoding="utf-8")
    before = snapshot(site)

    def fail(*args, **kwargs):
        raise RuntimeError("the sitemap failed")

    monkeypatch.setattr(pelican_plugin.ListsGenerator, "_write_sitemap", fail)  # the last step of rendering
    entries(data / "submissions" / "scjgj" / "2024-03-01-黑名单.csv", range(20, 22))
    with pytest.raises(RuntimeError):
        build_site(data, site, site.parent / "reports", AS_OF, BuildOptions(settings_file=ROOT / "publishconf.py"))
    assert snapshot(site) == before
    assert [p.name for p in site.parent.iterdir() if "staging" in p.name] == []


# The allow-list


def test_the_allow_list_catches_an_extra_and_a_missing_file(tmp_path):
    staging = tmp_path / "staging"
    written = WrittenFiles()
    for name in ("index.html", "404.html", "data/entries.csv", "data/datapackage.json", "search/meta.json", "theme/js/lunr.min.js"):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text("x")
        written.add(name)
    check_written(staging, written)
    (staging / "drafts").mkdir()
    (staging / "drafts" / "secret.html").write_text("x")
    written.add("feeds/all.atom.xml")
    with pytest.raises(UnexpectedFilesError) as found:
        check_written(staging, written)
    assert "1 个文件不在构建的发布清单上：drafts/secret.html" in str(found.value)
    assert "1 个应发布的文件没有生成：feeds/all.atom.xml" in str(found.value)


def test_a_file_no_writer_recorded_stops_the_build_and_keeps_the_old_site(data, site, monkeypatch, capsys):
    before = snapshot(site)
    real_marker = build_module.write_marker

    def marker_and_stray(folder: Path) -> None:
        real_marker(folder)
        (folder / "stray.html").write_text("a file nobody meant to publish", encoding="utf-8")

    monkeypatch.setattr(build_module, "write_marker", marker_and_stray)
    assert build(data, site) == 1
    assert "不在构建的发布清单上：stray.html" in capsys.readouterr().err
    assert snapshot(site) == before


def test_every_file_of_the_sample_site_is_on_the_allow_list(tmp_path, monkeypatch):
    seen: list[WrittenFiles] = []
    real_check = build_module.check_written

    def spy(staging: Path, written: WrittenFiles) -> list[str]:
        seen.append(written)
        return real_check(staging, written)

    monkeypatch.setattr(build_module, "check_written", spy)
    build_site(ROOT / "data", tmp_path / "output", tmp_path / "reports", AS_OF)
    published = set(snapshot(tmp_path / "output"))
    early = {name for name in seen[0].paths if name.endswith(".gz")}  # the copies the render workers wrote with their pages
    assert seen[0].paths - early == {name for name in published if not name.endswith(".gz")}
    assert early == {f"{name}.gz" for name in seen[0].compressed} and early <= published
    assert "subject/" in "".join(early) and seen[0].compressed <= seen[0].clear
    assert {"about/index.html", "theme/css/site.css", "theme/js/search.js", MANIFEST_NAME, settings.OUTPUT_MARKER} <= seen[0].paths


# One build at a time


def hold_lock(output: Path) -> subprocess.Popen[str]:
    """Another process holding the output folder's lock, as a running build does."""
    code = ("import sys, time; from pathlib import Path; from creditlists.publish.lock import build_lock\n"
            "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)\n")
    holder = subprocess.Popen([PYTHON, "-c", code, str(output)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_build_of_the_same_output_exits_1_at_once_and_touches_nothing(data, site, capsys):
    before = snapshot(site)
    holder = hold_lock(site)
    try:
        entries(data / "submissions" / "scjgj" / "2024-03-01-黑名单.csv", range(20, 22))
        assert build(data, site) == 1
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert f"另一个构建正在进行（进程 {holder.pid}，开始于 " in err and "Traceback" not in err
    assert snapshot(site) == before
    assert build(data, site) == 0  # the lock went with the process that held it


def test_two_builds_started_together_one_publishes_and_the_other_is_refused(data, site):
    before = snapshot(site)
    command = [PYTHON, "build_lists.py", "build", "--data", str(data), "--output", str(site), "--reports", str(site.parent / "reports"),
               "--as-of", AS_OF.isoformat()]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = sorted((run.wait(timeout=300), run.stderr.read() if run.stderr else "") for run in runs)
    assert [code for code, _ in results] == [0, 1]
    assert "另一个构建正在进行（进程 " in results[1][1] and "Traceback" not in results[0][1] + results[1][1]
    assert snapshot(site) == before  # the same data: the build that ran published the same bytes


def test_the_lock_is_refused_inside_one_process_too(tmp_path):
    with build_lock(tmp_path / "output"), pytest.raises(BuildLocked), build_lock(tmp_path / "output"):
        pass


def test_after_a_killed_build_the_next_build_leaves_no_staging_folder(tmp_path):
    output = tmp_path / "output"
    command = [PYTHON, "build_lists.py", "build", "--output", str(output), "--reports", str(tmp_path / "reports"), "--as-of", AS_OF.isoformat()]
    killed = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".output-staging-*")) and time.monotonic() < deadline and killed.poll() is None:
        time.sleep(0.01)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert len(list(tmp_path.glob(".output-staging-*"))) == 1  # what a killed build leaves behind
    assert main(["build", "--output", str(output), "--reports", str(tmp_path / "reports"), "--as-of", AS_OF.isoformat()]) == 0
    assert list(tmp_path.glob(".output-staging-*")) == [] and list(tmp_path.glob(".output-previous-*")) == []
    assert (output / "index.html").is_file()


# The shrink guard


def test_a_missing_department_folder_stops_the_build_and_names_it(data, site, capsys):
    before = snapshot(site)
    for path in (data / "submissions" / "scjgj").iterdir():
        path.unlink()
    (data / "submissions" / "scjgj").rmdir()
    assert build(data, site) == 1
    err = capsys.readouterr().err
    assert "市场监管（示例）（scjgj）的黑名单由 10 条减为 0 条，其中只有 0 条是新的移出或到期" in err
    assert f"报送文件夹 {data / 'submissions' / 'scjgj'} 不存在" in err and "--accept-shrink scjgj" in err
    assert "rsj" not in err.split("网站保持原样")[1].split("请先查明")[0]
    assert snapshot(site) == before


def test_accept_shrink_publishes_and_says_so_in_the_summary_and_the_report(data, site, capsys):
    (data / "submissions" / "scjgj" / "2024-02-01-黑名单.csv").unlink()
    assert build(data, site) == 1
    assert "由 10 条减为 5 条" in capsys.readouterr().err
    assert build(data, site, "--accept-shrink", "scjgj") == 0
    said = "市场监管（示例）（scjgj）的黑名单由 10 条减为 5 条，其中只有 0 条是新的移出或到期。可能原因：较多数据行被拒绝（见该部门的报告）。已按 --accept-shrink 发布。"
    assert said in capsys.readouterr().out
    assert json.loads((site.parent / "reports" / "scjgj.json").read_text(encoding="utf-8"))["notices"] == [said]
    assert json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))["published"]["scjgj"] == {"红名单": 0, "黑名单": 5}
    assert build(data, site) == 0  # compared with the site now live, nothing shrank


def test_withdrawals_explain_a_loss_and_a_small_unexplained_loss_is_allowed(data, site, monkeypatch):
    withdrawn = [withdrawal(统一社会信用代码=uscc(f"91420106MA4K{n:05d}"), 决定文书号=f"武昌市监罚〔2024〕{n}号") for n in range(1, 11)]
    write_csv(data / "submissions" / "scjgj" / "2024-06-01-移出.csv", withdrawn)
    assert build(data, site) == 0  # all ten gone, every one by its own 移出 row
    assert json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))["published"]["scjgj"]["黑名单"] == 0
    (data / "submissions" / "rsj" / "2024-01-01-黑名单.csv").unlink()
    entries(data / "submissions" / "rsj" / "2024-01-01-黑名单.csv", range(11, 12))  # 2 -> 1: half gone
    with pytest.raises(ShrinkError):
        build_site(data, site, site.parent / "reports", AS_OF)
    monkeypatch.setattr(settings, "SHRINK_MAX_SHARE", 0.5)
    build_site(data, site, site.parent / "reports", AS_OF)  # within the allowed share


def test_the_one_listing_holds_every_file_and_link_and_no_folder(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.html").write_text("x", encoding="utf-8")
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "link.html").symlink_to(tmp_path / "index.html")
    assert files_in(tmp_path) == ["a/b/page.html", "index.html", "link.html"]
