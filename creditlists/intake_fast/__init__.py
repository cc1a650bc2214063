"""The checks of a large list submission over whole columns (pandas and numpy): the same report as ``intake``, faster.

``intake`` checks row by row with the standard library, because the browser's
file checker (Pyodide) loads it alone; it stays the reference. The build
hands ``check_submission_table`` to ``intake.submissions.Context`` instead:
a table of at least ``settings.FAST_CHECK_MIN_ROWS`` rows is checked column
by column (``submissions``), every other table row by row. Nothing in
``intake`` imports this package, and this module imports pandas only when a
table is large enough to need it.
"""

from __future__ import annotations

from creditlists import settings
from creditlists.intake.reading import RawTable
from creditlists.intake.report import FileReport
from creditlists.intake.submissions import SubmissionChecker, SubmittedRow
from creditlists.intake.table import TableSpec, check_table


def check_submission_table(table: RawTable, spec: TableSpec, report: FileReport, checker: SubmissionChecker) -> list[SubmittedRow]:
    """``table.check_table`` for a list submission, over whole columns when the table is large."""
    if len(table.rows) < settings.FAST_CHECK_MIN_ROWS:
        return check_table(table, spec, report, checker)
    from creditlists.intake_fast.submissions import check_by_columns

    return check_by_columns(table, spec, report, checker)
