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


def test_every_setting_is_documented():
    """Each name defined in creditlists/settings.py stands in README, as `NAME`."""
    import ast

    from creditlists import settings

    tree = ast.parse(Path(settings.__file__).read_text(encoding="utf-8"))
    names = [t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
             for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)]
    assert len(names) >= 30
    assert [name for name in names if f"`{name}`" not in README] == []


def test_every_pelican_key_the_code_reads_is_documented():
    import re

    root = Path(__file__).resolve().parent.parent
    sources = [p.read_text(encoding="utf-8") for p in [*(root / "creditlists").rglob("*.py"), root / "pelicanconf.py"]]
    keys = {key for text in sources for key in re.findall(r"\bCREDIT_[A-Z_]+\b", text)}
    assert {"CREDIT_DATASET", "CREDIT_WRITTEN", "CREDIT_PAGE_SIZE", "CREDIT_LUNR_JS", "CREDIT_SUBJECT_KEY"} <= keys
    assert sorted(key for key in keys if f"`{key}`" not in README) == []


def test_every_command_line_option_is_documented_and_has_help():
    from creditlists.cli import parser

    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing, without_help = [], []
    for name, command in commands.items():
        for action in command._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help") and f"`{option}`" not in README:
                    missing.append(f"{name} {option}")
            if action.option_strings and action.help is None:
                without_help.append(f"{name} {action.option_strings[0]}")
    assert (missing, without_help) == ([], [])


def test_the_readme_synopsis_names_each_argument_as_the_help_does():
    """README's command lines use the metavars ``-h`` prints (文件夹, 文件, 日期 …), not other words."""
    from creditlists.cli import parser

    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    synopsis = README.split("The command line behind them:", 1)[1].split("```", 2)[1]
    differ = []
    for name, command in commands.items():
        line = " ".join(part for part in synopsis.split(".venv/bin/python build_lists.py ")[1:] if part.startswith(name + " "))
        for action in command._actions:
            if "-h" in action.option_strings or (not action.metavar and not action.option_strings):
                continue
            shown = f"{action.option_strings[0]} {action.metavar}" if action.option_strings and action.metavar else (
                action.option_strings[0] if action.option_strings else str(action.metavar))
            if shown not in line:
                differ.append(f"{name}: {shown}")
    assert differ == []
