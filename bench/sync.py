"""What a sync to a server or object store must copy when one submission lands.

    python -m bench.sync DATA WORKDIR

Builds DATA (a benchmark data folder, ``python -m bench --keep``) into
WORKDIR/before, then the same data plus one new file of 100 新增 rows from one
department into WORKDIR/after, both as of the benchmark's date, and compares
the two sites file by file: unchanged, changed, added and removed files and
their bytes. Because the same input gives the same bytes, every changed file
is one the new rows changed; a sync by checksum (``rsync --checksum``,
``rclone sync --checksum``) copies only those. The 100 rows repeat 新增 rows of the
department's latest file with new decision numbers: 100 new entries of
subjects it already listed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import shutil
from pathlib import Path

from .build import run_build
from .synthetic import AS_OF

ROWS = 100
DECISION_NUMBER = re.compile(r"〔\d{4}〕\d+号$")


def new_submission(data: Path, rows: int = ROWS) -> Path:
    """Write the largest department's new file of ``rows`` 新增 rows into ``data``; return it."""
    department = max((p for p in (data / "submissions").iterdir() if p.is_dir()),
                     key=lambda folder: (sum(f.stat().st_size for f in folder.glob("*.csv")), folder.name))
    header: list[str] = []
    added: list[dict[str, str]] = []
    for earlier in sorted(department.glob("*.csv"), reverse=True):
        with earlier.open(encoding=encoding_of(earlier), newline="") as source:
            reader = csv.DictReader(source)
            header = header or list(reader.fieldnames or [])
            added += [row for row in reader if row["操作"] in ("新增", "") and DECISION_NUMBER.search(row["决定文书号"])]
    for number, row in enumerate(added[:rows], start=1):
        row["决定文书号"] = DECISION_NUMBER.sub(f"〔{AS_OF.year}〕{90000 + number}号", row["决定文书号"])
    target = department / f"{AS_OF.isoformat()}-新增{rows}条.csv"
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        writer.writerows(added[:rows])
    return target


def encoding_of(path: Path) -> str:
    """UTF-8 (with or without BOM) or GBK, as the generator writes them."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def digests(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size)
            for p in folder.rglob("*") if p.is_file()}


def compare(before: Path, after: Path) -> dict[str, int]:
    old, new = digests(before), digests(after)
    changed = [name for name in old.keys() & new.keys() if old[name][0] != new[name][0]]
    added, removed = new.keys() - old.keys(), old.keys() - new.keys()
    return {"files": len(new), "bytes": sum(size for _, size in new.values()), "unchanged": len(new) - len(changed) - len(added),
            "changed": len(changed), "added": len(added), "removed": len(removed),
            "bytes_to_copy": sum(new[name][1] for name in [*changed, *added]),
            "changed_gz": sum(name.endswith(".gz") for name in [*changed, *added])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("workdir", type=Path)
    options = parser.parse_args()
    for name in ("before", "after"):  # fresh: an older site there would be compared by the build's shrink check
        shutil.rmtree(options.workdir / name, ignore_errors=True)
        (options.workdir / name).mkdir(parents=True)
    copy = options.workdir / "data"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(options.data, copy)
    first = run_build(copy, options.workdir / "before", AS_OF)
    added = new_submission(copy)
    print(f"new file: {added.parent.name}/{added.name}, {len(added.read_text(encoding='utf-8-sig').splitlines()) - 1} rows")
    second = run_build(copy, options.workdir / "after", AS_OF)
    assert first.ok and second.ok, (first.error, second.error)
    sites = options.workdir / "before" / "output", options.workdir / "after" / "output"
    entries = {f"entries_{name}": len((site / "data" / "entries.csv").read_bytes().splitlines()) - 1 for name, site in zip(("before", "after"), sites)}
    print(json.dumps(entries | compare(*sites), indent=1))


if __name__ == "__main__":
    main()
