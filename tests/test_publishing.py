"""Atomic publishing: a build that fails at any step, or whose input collapsed,
leaves the previously published output byte-identical."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from creditlists import checks
from creditlists import opendata
from creditlists.build import build_site
from creditlists.cli import main
from creditlists.vocab import DataFolderError

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, red_person, write_csv


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
    build_site(data, output, tmp_path / "reports", AS_OF, ROOT / "pelicanconf.py")
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
        monkeypatch.setattr("creditlists.pelican_plugin.search_files", fail)
    else:
        monkeypatch.setattr(checks, "find_leaks", lambda *args: ["index.html"])
    write_csv(data / "submissions" / "scjgj" / "2024-06-01-更多.csv", [black_org(决定文书号="武昌市监罚〔2024〕2号")])
    with pytest.raises((RuntimeError, checks.LeakError)):
        build_site(data, output, output.parent / "reports", AS_OF, ROOT / "pelicanconf.py")
    assert snapshot(output) == before
    assert not [p for p in output.parent.iterdir() if "staging" in p.name]


@pytest.mark.parametrize("collapse", ["empty departments.csv", "departments.csv in an unknown encoding",
                                      "no departments.csv", "no submissions", "only unreadable submissions"])
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
    message = capsys.readouterr().err
    assert message.startswith("构建失败：") and "Traceback" not in message
    assert snapshot(output) == before


def test_the_leak_check_finds_an_id_number_anywhere_in_the_output(published):
    output, _ = published
    from credit_rows import PERSON_ID

    assert checks.find_leaks(output, {PERSON_ID}, set()) == []
    (output / "theme" / "stray.txt").write_text(f"note {PERSON_ID[:14]}", encoding="utf-8")
    assert checks.find_leaks(output, {PERSON_ID}, set()) == ["theme/stray.txt"]
    assert checks.find_leaks(output, set(), set()) == []  # 14 digits of a number nobody submitted
    (output / "theme" / "stray.txt").write_text(f"note {PERSON_ID}", encoding="utf-8")
    assert checks.find_leaks(output, set(), set()) == ["theme/stray.txt"]  # any valid full ID number


def test_validating_needs_no_output_and_never_touches_it(data, published, capsys):
    output, before = published
    assert main(["validate", "--data", str(data), "--as-of", AS_OF.isoformat(),
                 str(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv")]) == 0
    assert snapshot(output) == before


def test_unreadable_department_register_stops_validate_with_exit_2(data, capsys):
    (data / "departments.csv").write_bytes(b"")
    assert main(["validate", "--data", str(data), str(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv")]) == 2
    assert "部门登记表" in capsys.readouterr().err


def test_data_folder_error_is_raised_by_the_library(data):
    from creditlists.pipeline import compile_dataset

    shutil.rmtree(data / "submissions")
    with pytest.raises(DataFolderError):
        compile_dataset(data, AS_OF)


def test_real_data_without_a_subject_key_is_refused_with_a_message(data, tmp_path, monkeypatch, capsys):
    """A person's page id is an HMAC of the ID number; the public sample key must not protect real data."""
    settings_file = tmp_path / "realconf.py"
    settings_file.write_text(f"from pelicanconf import *\nCREDIT_SAMPLE_DATA = False\nPATH = {str(ROOT / 'content')!r}\n"
                             f"THEME = {str(ROOT / 'theme')!r}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.delenv("CREDIT_SUBJECT_KEY", raising=False)
    output = tmp_path / "real-output"
    code = main(["build", "--data", str(data), "--output", str(output), "--reports", str(tmp_path / "rr"),
                 "--as-of", AS_OF.isoformat(), "--settings", str(settings_file)])
    assert code == 1 and "CREDIT_SUBJECT_KEY" in capsys.readouterr().err and not output.exists()
    monkeypatch.setenv("CREDIT_SUBJECT_KEY", "a-secret-for-this-test")
    assert main(["build", "--data", str(data), "--output", str(output), "--reports", str(tmp_path / "rr"),
                 "--as-of", AS_OF.isoformat(), "--settings", str(settings_file)]) == 0
    import hashlib
    import hmac

    from credit_rows import PERSON_ID

    pages = {p.parent.name for p in (output / "subject").glob("p-*/index.html")}
    assert pages == {"p-" + hmac.new(b"a-secret-for-this-test", PERSON_ID.encode(), hashlib.sha256).hexdigest()[:20]}
