"""The stages import one way: intake ← policy ← merge/pipeline ← publish, search beside.

Read from the source (ast), so the rule holds for every module whether or not a
test imports it; a second test loads the intake package alone in a fresh
interpreter, as the browser checker will.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "creditlists"
STDLIB = set(sys.stdlib_module_names)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, name: str) -> set[str]:
    """Every module a source imports, relative imports resolved against ``name``."""
    found = set()
    package = name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names if base.startswith("creditlists")}
    return found


def in_package(name: str, package: str) -> bool:
    """``name`` is ``package`` or one of its modules (creditlists.intake_fast is not in creditlists.intake)."""
    return name == package or name.startswith(package + ".")


def violations(name: str, imported: set[str]) -> list[str]:
    """What ``name`` may not import, by the rules of its stage."""
    wrong = []
    for target in sorted(imported):
        top = target.split(".")[0]
        if (in_package(name, "creditlists.intake") and not (
                top in STDLIB or top == "openpyxl" or in_package(target, "creditlists.intake")
                or target.startswith(("creditlists.settings", "creditlists.schema")) or target == "creditlists")) or (name.startswith("creditlists.search") and target.startswith(("creditlists.publish", "creditlists.policy", "creditlists.pipeline"))) or (name.startswith("creditlists.policy") and target.startswith(("creditlists.publish", "creditlists.search", "creditlists.pipeline"))) or (name in ("creditlists.settings", "creditlists.schema") and top not in STDLIB) or (top == "pelican" and name not in ("creditlists.publish.pelican_plugin", "creditlists.publish.build")):
            wrong.append(target)
    return [f"{name} imports {target}" for target in wrong]


def test_the_rules_catch_what_they_guard_against():
    """First the guard: imports that break each rule are reported."""
    assert violations("creditlists.intake.reading", {"jinja2", "creditlists.publish.site", "creditlists.merge"}) == [
        "creditlists.intake.reading imports creditlists.merge", "creditlists.intake.reading imports creditlists.publish.site",
        "creditlists.intake.reading imports jinja2"]
    assert violations("creditlists.intake.submissions", {"creditlists.intake_fast", "creditlists.intake_fast.columns"}) == [
        "creditlists.intake.submissions imports creditlists.intake_fast", "creditlists.intake.submissions imports creditlists.intake_fast.columns"]
    assert violations("creditlists.search.index", {"creditlists.publish.site"}) == ["creditlists.search.index imports creditlists.publish.site"]
    assert violations("creditlists.publish.site", {"pelican"}) == ["creditlists.publish.site imports pelican"]
    assert violations("creditlists.intake.reading", {"csv", "openpyxl", "creditlists.settings", "creditlists.intake.problems"}) == []
    assert imports_of("from . import problems\nfrom .reading import Cell\n", "creditlists.intake.table") >= {
        "creditlists.intake", "creditlists.intake.problems", "creditlists.intake.reading"}


def test_every_module_imports_in_the_direction_of_the_flow():
    modules = {module_name(p): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}
    assert {"creditlists.intake.table", "creditlists.search.index", "creditlists.publish.pelican_plugin"} <= set(modules)
    found = [v for name, source in modules.items() for v in violations(name, imports_of(source, name))]
    assert found == []


def test_the_intake_package_loads_alone():
    """What the browser checker will load: no Pelican, Jinja, matplotlib or lunr comes with it."""
    intake = sorted(module_name(p) for p in (PACKAGE / "intake").glob("*.py"))
    script = "import sys\n" + "".join(f"import {m}\n" for m in intake) + (
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pelican', 'jinja2', 'matplotlib', 'lunr', 'feedgenerator', 'markdown'}"
        " or m.startswith(('creditlists.publish', 'creditlists.policy', 'creditlists.search', 'creditlists.merge'))))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
