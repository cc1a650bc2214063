"""Fail when a function in the package is longer than the limit (part of make lint).

Ruff counts statements, not lines; the project's rule is about what a reader
takes in at once: no function (decorators to last line) over MAX_LINES lines.

    python tools/check_function_length.py [--max N] [PATH ...]   (default: creditlists)
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

MAX_LINES = 50


def long_functions(paths: list[Path], limit: int) -> list[str]:
    """``file:line name (N lines)`` for every function or method longer than ``limit`` lines."""
    found = []
    for path in sorted(p for root in paths for p in (root.rglob("*.py") if root.is_dir() else [root])):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > limit:
                    found.append(f"{path}:{node.lineno} {node.name} ({length} lines)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("creditlists")])
    parser.add_argument("--max", type=int, default=MAX_LINES, help=f"longest function allowed, in lines (default {MAX_LINES})")
    args = parser.parse_args(argv)
    found = long_functions(args.paths, args.max)
    for line in found:
        print(f"{line}: longer than {args.max} lines", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
