"""Atomic publishing: a build that fails at any step, or whose input collapsed,
leaves the previously published output byte-identical."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, red_person, write_csv
from creditlists import settings
from creditlists.cli import main
from creditlists.intake.vocab import DataFolderError
from creditlists.publish import build, leaks, opendata
from creditlists.publish.build import build_site


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", folder / "vocab")
    (folder / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    write_csv(folder / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [black_org()])
    write_csv(folder / "submissions" / "rsj" / "2024-01-01-红名单.csv", [red_person()])
    return folder


@pytest.fixture
def published(data: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    output = tmp_path / "output"
    build_site(data, output, tmp_path / "reports", AS_OF)
    return output, snapshot(output)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rebuild(data: Path, output: Path) -> int:
    return main(["build", "--data", str(data), "--output", str(output), "--reports", str(output.parent / "reports"),
                 "--as-of", AS_OF.isoformat()])


def fail(*args, **kwargs):
    raise RuntimeError("a step failed")


@pytest.mark.parametrize("step", ["open data", "search index", "leak check"])
def test_a_failing_step_keeps_the_old_site(data, published, monkeypatch, step):
    output, before = published
    if step == "open data":
        monkeypatch.setattr(opendata, "entries_csv", fail)
    elif step == "search index":
        monkeypatch.setattr("creditlists.publish.pelican_plugin.search_files", fail)
    else:
        monkeypatch.setattr(leaks, "find_leaks", lambda *args: [leaks.Leak("index.html", ("42010619750315",))])
    write_csv(data / "submissions" / "scjgj" / "2024-06-01-更多.csv", [black_org(决定文书号="武昌市监罚〔2024〕2号")])
    with pytest.raises((RuntimeError, leaks.LeakError)):
        build_site(data, output, output.parent / "reports", AS_OF)
    assert snapshot(output) == before
    assert not [p for p in output.parent.iterdir() if "staging" in p.name]


NO_SUBMISSION = "data/submissions 下没有一个可读的报送文件；为免发布空网站，构建已停止"
COLLAPSES = {
    "empty departments.csv": "部门登记表 departments.csv 为空或缺少列：部门代码、部门名称、联系电话",
    "departments.csv in an unknown encoding": "部门登记表 departments.csv 的编码无法识别",
    "no departments.csv": "找不到部门登记表 departments.csv",
    "no submissions": NO_SUBMISSION,
    "only unreadable submissions": NO_SUBMISSION,
}


@pytest.mark.parametrize("collapse", list(COLLAPSES))
def test_a_collapsed_input_is_a_failed_build(data, published, capsys, collapse):
    output, before = published
    if collapse == "empty departments.csv":
        (data / "departments.csv").write_bytes(b"")
    elif collapse == "departments.csv in an unknown encoding":
        (data / "departments.csv").write_bytes(b"\xff\xfe\x00\x81" * 10)
    elif collapse == "no departments.csv":
        (data / "departments.csv").unlink()
    elif collapse == "no submissions":
        shutil.rmtree(data / "submissions")
    else:
        for path in (data / "submissions").rglob("*.csv"):
            path.write_bytes(b"\x00\x01binary")
    assert rebuild(data, output) == 1
    assert capsys.readouterr().err == f"构建失败：{COLLAPSES[collapse]}\n"  # why, in one line, no traceback
    assert snapshot(output) == before


def test_the_leak_check_finds_an_id_number_anywhere_in_the_output(published):
    output, _ = published
    from credit_rows import PERSON_ID

    prefix = PERSON_ID[:14]
    assert leaks.find_leaks(output, {prefix}) == []
    (output / "theme" / "stray.txt").write_text(f"note {PERSON_ID[:14]}", encoding="utf-8")
    assert leaks.find_leaks(output, {prefix}) == [leaks.Leak("theme/stray.txt", (prefix,))]
    assert leaks.find_leaks(output, set()) == []  # 14 digits of a number nobody submitted
    (output / "theme" / "stray.txt").write_text(f"note {PERSON_ID}", encoding="utf-8")
    assert leaks.find_leaks(output, set()) == [leaks.Leak("theme/stray.txt", (PERSON_ID,))]  # any valid full ID number


def test_validating_needs_no_output_and_never_touches_it(data, published, capsys):
    output, before = published
    assert main(["validate", "--data", str(data), "--as-of", AS_OF.isoformat(),
                 str(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv")]) == 0
    assert snapshot(output) == before


def test_unreadable_department_register_stops_validate_with_exit_2(data, capsys):
    (data / "departments.csv").write_bytes(b"")
    assert main(["validate", "--data", str(data), str(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv")]) == 2
    assert capsys.readouterr().err == f"数据文件夹有问题：{COLLAPSES['empty departments.csv']}\n"


def test_data_folder_error_is_raised_by_the_library(data):
    from creditlists.pipeline import compile_dataset

    shutil.rmtree(data / "submissions")
    with pytest.raises(DataFolderError):
        compile_dataset(data, AS_OF)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """The bundled sample data, copied: the marker file and 示例 in every name."""
    folder = tmp_path / "sample"
    shutil.copytree(ROOT / "data", folder)
    return folder


def build_sample(folder: Path, tmp_path: Path) -> int:
    return main(["build", "--data", str(folder), "--output", str(tmp_path / "site"), "--reports", str(tmp_path / "rr"),
                 "--as-of", AS_OF.isoformat()])


def person_pages(output: Path) -> set[str]:
    return {p.parent.name for p in (output / "subject").glob("p-*/index.html")}


def hmac_pages(folder: Path, key: str) -> set[str]:
    """The page names of the persons listed in ``folder``'s data, made with ``key``."""
    import hashlib
    import hmac

    from creditlists import schema as s
    from creditlists.pipeline import compile_dataset

    dataset = compile_dataset(folder, AS_OF)
    persons = {e.values[s.ID_NUMBER] for e in dataset.merged.entries if e.values[s.SUBJECT_TYPE] == s.PERSON}
    return {"p-" + hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()[:20] for number in persons}


def test_the_sample_is_recognised_by_its_marker_and_built_without_a_key(sample_copy, tmp_path, monkeypatch):
    monkeypatch.delenv("CREDIT_SUBJECT_KEY", raising=False)
    from creditlists.publish.subjects import SAMPLE_DATA_KEY

    assert build_sample(sample_copy, tmp_path) == 0
    assert "示例数据" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    expected = hmac_pages(sample_copy, SAMPLE_DATA_KEY)  # the public key, written in the code
    assert len(expected) >= 5 and person_pages(tmp_path / "site") == expected


@pytest.mark.parametrize("key", [None, "", "short-key-of-31-bytes-0123456789"[:31]])
def test_the_sample_without_its_marker_is_real_data_and_needs_a_key(sample_copy, tmp_path, monkeypatch, capsys, key):
    """A person's page id is an HMAC of the ID number; the public sample key must not protect real data."""
    (sample_copy / "SAMPLE-DATA.txt").unlink()
    if key is None:
        monkeypatch.delenv("CREDIT_SUBJECT_KEY", raising=False)
    else:
        monkeypatch.setenv("CREDIT_SUBJECT_KEY", key)
    assert build_sample(sample_copy, tmp_path) == 1
    state = "只有 31 字节" if key else "未设置"
    assert capsys.readouterr().err == (
        f"构建失败：这不是示例数据，环境变量 CREDIT_SUBJECT_KEY {state}：请设置至少 32 字节的随机密钥"
        "（自然人页面标识的密钥，勿提交到代码库；之后每次构建都用同一个），再重新构建。本次未发布。\n")
    assert not (tmp_path / "site").exists() and not (tmp_path / "rr").exists()  # nothing written, reports included


def test_real_data_with_a_key_name_person_pages_by_its_hmac(sample_copy, tmp_path, monkeypatch):
    (sample_copy / "SAMPLE-DATA.txt").unlink()
    key = "a-secret-for-this-test-of-32-bytes-or-more"
    monkeypatch.setenv("CREDIT_SUBJECT_KEY", key)
    assert build_sample(sample_copy, tmp_path) == 0
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "示例数据" not in home  # real data carry no sample notice
    expected = hmac_pages(sample_copy, key)
    assert len(expected) >= 5 and person_pages(tmp_path / "site") == expected


def test_a_marker_beside_real_names_stops_the_build(sample_copy, tmp_path, monkeypatch, capsys):
    """A copied sample folder with a real submission in it must not be published under the public key."""
    monkeypatch.delenv("CREDIT_SUBJECT_KEY", raising=False)
    write_csv(sample_copy / "submissions" / "scjgj" / "2026-11-01-真实.csv", [black_org(主体名称="甲商贸有限公司", 决定文书号="武昌市监罚〔2026〕99号")])
    assert build_sample(sample_copy, tmp_path) == 1
    message = capsys.readouterr().err
    assert "SAMPLE-DATA.txt" in message and "submissions/scjgj/2026-11-01-真实.csv 第 2 行" in message
    assert not (tmp_path / "site").exists()


def test_a_large_old_site_is_deleted_after_the_build_ends(data, published, monkeypatch):
    """A site of at least BACKGROUND_REMOVAL_MIN_ENTRIES entries goes to the background remover; a smaller one is gone at once."""
    output, _ = published
    handed: list[Path] = []
    monkeypatch.setattr(build, "remove_in_background", handed.append)
    build_site(data, output, output.parent / "reports", AS_OF)
    assert handed == [] and list(output.parent.glob(".output-previous-*")) == []
    monkeypatch.setattr(settings, "BACKGROUND_REMOVAL_MIN_ENTRIES", 2)  # the published site holds 2 entries
    build_site(data, output, output.parent / "reports", AS_OF)
    (folder,) = handed
    assert folder.name.startswith(".output-previous-") and (folder / "site" / "index.html").is_file()
    assert (output / "index.html").is_file()


def test_the_background_remover_deletes_the_folder_and_a_next_build_any_rest(data, published, tmp_path):
    output, _ = published
    old = tmp_path / ".output-previous-x"
    shutil.copytree(output, old / "site")
    build.remove_in_background(old)
    for _ in range(300):
        if not old.exists():
            break
        time.sleep(0.1)
    assert not old.exists()
    left = tmp_path / ".output-previous-y"
    shutil.copytree(output, left / "site")  # as if the remover had died
    build_site(data, output, output.parent / "reports", AS_OF)
    assert not left.exists()
