"""Nothing lost: across any data folder, published + rejected + withdrawn +
superseded + expired + repeated = rows read, and the lists and the repeats are
what a plain replay says."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, uscc, write_csv
from creditlists.merge import STATES
from creditlists.pipeline import compile_dataset

CODES = [uscc(f"91420106MA4K0000{n}") for n in range(3)]
DECISIONS = [f"武昌市监罚〔2024〕{n}号" for n in range(1, 3)]

row_strategy = st.fixed_dictionaries({
    "op": st.sampled_from(["新增", "更新", "移出"]),
    "code": st.sampled_from(CODES),
    "decision": st.sampled_from(DECISIONS),
    "end": st.sampled_from(["2025-06-30", "2026-11-28", "2026-11-29", "2027-03-04"]),
    "broken": st.booleans(),
    "blank": st.integers(0, 9),
})
folder_strategy = st.lists(  # departments -> files -> rows
    st.lists(st.lists(row_strategy, max_size=6), min_size=1, max_size=3), min_size=1, max_size=2)


def submitted(spec: dict) -> dict:
    changes = {"操作": spec["op"], "统一社会信用代码": spec["code"], "决定文书号": spec["decision"], "公示截止日期": spec["end"]}
    if spec["op"] == "移出":
        changes["移出原因"] = "信用修复"
    if spec["broken"]:
        changes["认定日期"] = "2024-13-45"
    return black_org(**changes)


def replay(files: list[list[dict]]) -> tuple[set[tuple[str, str]], int]:
    """What should be published, by the rules in plain words, for one department, and how many 新增 rows repeat an entry in force.

    Rows differ only in operation, key and end date, so a 新增 of a key in force with its end date repeats it.
    """
    current: dict[tuple[str, str], str] = {}
    repeats = 0
    for rows in files:
        seen = set()
        for spec in rows:
            fingerprint = tuple(sorted(submitted(spec).items()))
            if spec["broken"] or fingerprint in seen:  # a rejected row, or a duplicate of an earlier row
                continue
            seen.add(fingerprint)
            key = (spec["decision"], spec["code"])
            repeats += spec["op"] == "新增" and current.get(key) == spec["end"]
            if (spec["op"] == "新增" and key not in current) or (spec["op"] == "更新" and key in current):
                current[key] = spec["end"]
            elif spec["op"] == "移出" and key in current:
                del current[key]
    return {key for key, end in current.items() if dt.date.fromisoformat(end) >= AS_OF}, repeats


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folder=folder_strategy)
def test_every_row_read_ends_in_exactly_one_state(tmp_path_factory, folder):
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    (data / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    rows_written = 0
    for code, files in zip(["scjgj", "rsj"], folder):
        for number, rows in enumerate(files):
            content = []
            for spec in rows:
                content.append(submitted(spec))
                content.extend([{}] * (spec["blank"] == 0))  # now and then a blank row
            write_csv(data / "submissions" / code / f"2024-0{number + 1}-01.csv", content or [{}])
            rows_written += len(rows)
    if rows_written == 0 or all(spec["broken"] for files in folder for rows in files for spec in rows):
        return  # a folder with no readable row is a failed build, tested elsewhere
    dataset = compile_dataset(data, AS_OF)
    total = sum((dataset.department_states(code) for code in ("scjgj", "rsj")), start=Counter())
    assert total["read"] == rows_written
    assert sum(total[state] for state in STATES) == rows_written
    for code, files in zip(["scjgj", "rsj"], folder):
        published = {(e.values["决定文书号"], e.values["统一社会信用代码"]) for e in dataset.merged.entries if e.department == code}
        assert (published, dataset.department_states(code)["repeated"]) == replay(files)
