"""The merged dataset: everything the publishing stage reads, made once by the pipeline."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from creditlists import schema as s
from creditlists.intake.departments import Department
from creditlists.intake.report import FileReport
from creditlists.intake.vocab import Vocabulary
from creditlists.merge import STATES, MergeResult
from creditlists.policy.matters import MatterLists
from creditlists.policy.usage import UsageData


@dataclass
class Dataset:
    """Everything the publishers need."""

    data_dir: Path
    as_of: dt.date
    departments: dict[str, Department]
    vocabulary: Vocabulary
    reports: list[FileReport]
    merged: MergeResult
    # Matter lists and quarterly usage reports (policy 二（二）、三（三）); empty when data/ has none.
    matters: MatterLists = field(default_factory=MatterLists)
    usage: UsageData = field(default_factory=UsageData)
    templates: list[Path] = field(default_factory=list)  # data/templates/ files, checked safe to copy
    sample_data: bool = False  # the bundled fictional data (creditlists/intake/sample.py)

    def department_states(self, code: str) -> Counter[str]:
        """Rows of one department by final state, plus ``read``."""
        total: Counter[str] = Counter({state: 0 for state in STATES})
        for report in self.reports:
            if report.department == code:
                total.update(self.merged.states.get(report.path, Counter()))
        total["read"] = sum(r.rows_read for r in self.reports if r.department == code)
        return total

    def reports_of(self, code: str) -> list[FileReport]:
        return [r for r in self.reports if r.department == code]

    def list_counts(self, department: str | None = None) -> dict[str, int]:
        """Current entries per list type (of one department, or of all), in ``schema.LIST_TYPES`` order."""
        counts = Counter(e.list_type for e in self.merged.entries if department is None or e.department == department)
        return {list_type: counts[list_type] for list_type in s.LIST_TYPES}
