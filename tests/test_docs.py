"""The department guide in README cannot fall behind the code."""

from pathlib import Path

from creditlists.intake.problems import CODES, ERROR

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def documented_codes() -> dict[str, str]:
    """Rows of the guide's code table: code -> 错误 or 提示."""
    cells = [[c.strip() for c in line.split("|")[1:-1]] for line in README.splitlines() if line.startswith("| `")]
    return {row[0].strip("`"): row[1] for row in cells if len(row) >= 3 and row[1] in ("错误", "提示")}


def test_every_problem_code_is_in_the_guide_with_its_severity():
    rows = documented_codes()
    expected = {code: ("错误" if severity == ERROR else "提示") for code, (severity, _) in CODES.items()}
    assert {code: rows.get(code) for code in CODES} == expected


def test_guide_lists_no_code_the_program_does_not_have():
    assert set(documented_codes()) - set(CODES) == set()


def test_readme_gives_the_two_commands():
    assert "make site" in README and "make test" in README
