"""Every default of the build in one place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
OUTPUT_DIR = ROOT / "output"
REPORTS_DIR = ROOT / "reports"
# lunr.js as installed by `npm ci` from package-lock.json; copied into the site.
LUNR_JS = ROOT / "node_modules" / "lunr" / "lunr.min.js"

TIMEZONE = ZoneInfo("Asia/Shanghai")

# A 红名单 entry without 公示截止日期 stays published this many years.
RED_LIST_DEFAULT_YEARS = 3
# A 黑名单 publication period longer than this many years draws a warning.
BLACK_LIST_WARN_YEARS = 3

# Limits on one submission file (see docs on reliability).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Problems listed per file before the rest are only counted.
MAX_PROBLEMS_PER_FILE = 1000

SUBMISSION_SUFFIXES = (".csv", ".xlsx")


def today_in_china() -> dt.date:
    """The default build date: today as the district office sees it."""
    return dt.datetime.now(TIMEZONE).date()
