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
# Pyodide as installed by `npm ci`: its runtime files are copied into the site for the
# file checker at /guide/check/ (creditlists/publish/checker_files.py).
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"

TIMEZONE = ZoneInfo("Asia/Shanghai")

# Written into every site a build publishes: only a folder carrying it (or an
# empty or missing one) may be replaced by the next build (creditlists/publish/output_paths.py).
OUTPUT_MARKER = ".built-by-build-lists"

# The bundled fictional data: a data folder is the sample only when it holds this
# file and every subject name contains SAMPLE_NAME_MARKER (creditlists/intake/sample.py).
SAMPLE_DATA_MARKER = "SAMPLE-DATA.txt"
SAMPLE_NAME_MARKER = "示例"
# Any other data need CREDIT_SUBJECT_KEY (environment) of at least this many bytes.
SUBJECT_KEY_MIN_BYTES = 32

# A 红名单 entry without 公示截止日期 stays published this many years.
RED_LIST_DEFAULT_YEARS = 3
# A 黑名单 publication period longer than this many years draws a warning.
BLACK_LIST_WARN_YEARS = 3
# Dates outside these years (first, last), in a cell or at the front of a file
# name, are typing errors (1900, 2200): date-out-of-range, file-name-without-date.
DATE_YEARS = (1949, 2100)

# Limits on one submission file (see docs on reliability).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# An xlsx is refused before openpyxl parses it (creditlists/intake/containers.py,
# xlsx-too-large) beyond these, counted while inflating: shared strings (200,000
# rows with 10 columns of distinct text each; a 200,000-row workbook of the
# template measured 785,472), and a part inflating to over MAX_XLSX_INFLATE_RATIO
# times its compressed size once past XLSX_INFLATE_GRACE_BYTES (Apache POI's
# zip-bomb rule and numbers; Excel's parts inflate 5–20 times). While reading,
# the first sheet may have at most MAX_XLSX_CELLS cells (200,000 rows of 20),
# counting the empty ones left of each row's last cell.
MAX_XLSX_SHARED_STRINGS = 2_000_000
MAX_XLSX_INFLATE_RATIO = 100
XLSX_INFLATE_GRACE_BYTES = 100 * 1024
MAX_XLSX_CELLS = 4_000_000
# A cell longer than Excel's own limit is cell-too-long (its row is rejected);
# csv's field size limit is lifted while reading, so that such a cell is not
# mistaken for a quote left open.
MAX_CELL_CHARS = 32_767
# Problems listed per file before the rest are only counted.
MAX_PROBLEMS_PER_FILE = 1000
# The most characters (after normalising) a cell may hold, by column label, in list
# submissions, matter lists and usage reports alike; a longer cell is the error
# text-too-long, so the row never reaches merging, the pages or the search index.
# Every other column gets MAX_TEXT_CHARS_DEFAULT; 主体名称 has its own rule
# (name-too-long, 100: schema.MAX_NAME_LENGTH).
MAX_TEXT_CHARS = {
    "列入事由": 2000, "认定依据": 2000, "设定依据": 1000, "备注": 2000,
    "法定代表人": 50, "决定文书号": 100,
}
MAX_TEXT_CHARS_DEFAULT = 200

SUBMISSION_SUFFIXES = (".csv", ".xlsx")
# How departments send their files to the district office: step 4 of the guide page's
# hand-in cycle (theme/templates/guide.html). The address and number below are
# fictional examples; a deployment puts the real ones here.
SUBMISSION_CONTACT = "将文件通过政务内网邮件发送至区信用办（示例：xyb@example.gov.cn，027-00000000）"

# The shrink guard (creditlists/publish/shrink.py): a build that would leave a
# department with no entries of a list it had, or with more than this share fewer,
# without its own 移出 rows or expiries to explain it, publishes nothing unless
# the operator names the department with --accept-shrink.
SHRINK_MAX_SHARE = 0.2


def today_in_china() -> dt.date:
    """The default build date: today as the district office sees it."""
    return dt.datetime.now(TIMEZONE).date()

# Matter lists and quarterly usage reports (武昌信用办〔2018〕3号 二（二）、三（三）).
MATTERS_FOLDER = "matters"  # data/matters/<部门代码>.csv
USAGE_FOLDER = "usage"  # data/usage/<YYYY>Q<n>/<部门代码>.csv
# A quarter's usage report is due this many days after the quarter ends
# (2026Q3 ends 2026-09-30, so it is due 2026-10-15); until then it shows as 未到期.
USAGE_DUE_DAYS = 15
# The first quarter of the supervision table, e.g. "2025Q3"; None: the earliest
# quarter folder under data/usage.
USAGE_FIRST_QUARTER: str | None = None
# Charts are SVG with text as text; this salt fixes matplotlib's generated ids
# so the same numbers give byte-identical files.
CHART_HASH_SALT = "wuchang-credit-lists"

# Search index layout (creditlists/search/index.py). Up to this many published
# entries the site ships one lunr index and one store file; above, the index is
# split by token into shards of about SEARCH_SHARD_POSTINGS postings.
SEARCH_SINGLE_INDEX_MAX_DOCS = 3000
SEARCH_SHARD_POSTINGS = 3000
# A token in more than max(SEARCH_FREQUENT_MIN_DOCS, entries / SEARCH_FREQUENT_SHARE)
# entries (5 %) is "frequent": kept out of the shards; parts made only of such tokens
# are answered from precomputed phrase files.
SEARCH_FREQUENT_MIN_DOCS = 200
SEARCH_FREQUENT_SHARE = 20
SEARCH_STORE_CHUNK = 32  # entries per store file
SEARCH_GROUP_POSTINGS = 8_000_000  # postings a shard worker gathers at once (16 bytes each; one pass over all tokens per group)
SEARCH_PHRASE_MAX_CHARS = 10  # longest frequent-only phrase kept
SEARCH_PHRASE_FILE_BYTES = 120_000  # JSON per phrase file (about 40 KB gzipped)

# The batch check at /check/ (creditlists/search/lookup.py): lookup files of about
# CHECK_KEYS_PER_BUCKET codes or names each. Measured at 100,000 entries, a check of
# 5,000 lines fetches 0.92 MB of them gzipped in 3,264 files (48 a bucket: 1.12 MB in
# 2,775; 4 with whole keys in the buckets: 0.61 MB in 4,661, and 35 s for the many
# requests): fewer keys a bucket, fewer bytes but more requests. At most CHECK_MAX_LINES
# lines a check; up to CHECK_SIMILAR_MAX_LINES lines, each line without a hit also gets
# up to CHECK_SIMILAR_PER_LINE 名称相近 candidates from the search.
CHECK_KEYS_PER_BUCKET = 32
CHECK_MAX_LINES = 5000
CHECK_SIMILAR_MAX_LINES = 50
CHECK_SIMILAR_PER_LINE = 5

# The previous site is deleted in a detached process once the new one is live when it
# held at least this many entries (creditlists/publish/build.py): 298 s for a tree of
# 1M files on this disk, which no build should wait for; smaller ones synchronously.
BACKGROUND_REMOVAL_MIN_ENTRIES = 20_000

# Parallel work in large builds (creditlists/parallel.py): processes to use (None:
# every core), and the number of entries from which a build uses them.
BUILD_PROCESSES: int | None = None
PARALLEL_MIN_ENTRIES = 5000
# A list submission of at least FAST_CHECK_MIN_ROWS rows is checked over whole columns
# (creditlists/intake_fast, pandas and numpy; the same report as the row checks, which
# check every smaller file and the browser's). The build validates files on every core
# when those it reads hold at least PARALLEL_MIN_VALIDATE_BYTES together.
FAST_CHECK_MIN_ROWS = 500
PARALLEL_MIN_VALIDATE_BYTES = 4 * 1024 * 1024
# The leak check (creditlists/publish/leaks.py) reads every output file: over every
# core from this many files; inside a zip (an xlsx for download) up to this many
# unpacked bytes, beyond which the build stops rather than publish unchecked bytes.
# The zips are the build's own workbooks and the pinned Pyodide wheels; at 1,000,000
# entries changes.xlsx unpacks to more than 256 MB (the earlier limit, which stopped
# that build). A member is held in memory as text while it is scanned.
LEAK_SCAN_PARALLEL_FILES = 5000
LEAK_SCAN_MAX_ZIP_BYTES = 4 * 1024 ** 3
LEAK_SCAN_PARTS = 16  # groups of files the leak check hands to the workers of a large build
# Precompressed copies (creditlists/publish/precompress.py) for nginx's gzip_static
# (deploy/nginx.conf): <file>.gz beside each text file of at least this size (the
# same groups and workers as the leak check). Level 6 is zlib's default: level 9
# took 1.7 times as long on the sample site for 0.3 % fewer bytes.
PRECOMPRESS_MIN_BYTES = 1024
PRECOMPRESS_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".wasm"})
PRECOMPRESS_LEVEL = 6
PRECOMPRESS_CACHED_UNDER = "guide/check/pyodide/"  # copied unchanged into every build: compressed once per content
PRECOMPRESS_CACHE = ROOT / "cache" / "precompressed"

# URLs per sitemap file: the sitemap protocol's limit. A larger site gets a
# sitemap index (creditlists/publish/sitemap.py).
SITEMAP_MAX_URLS = 50_000

# Rows per page of the 红名单/黑名单 lists and of the change log (Pelican setting
# CREDIT_PAGE_SIZE overrides the first).
PAGE_SIZE = 50
CHANGES_PAGE_SIZE = 100

# The open data's terms of reuse: datapackage.json ("licenses", "contributors",
# "sources"), the /data/ and /about/ pages and the first sheet of every workbook.
# CC BY 4.0 lets anyone copy, redistribute and adapt the data, commercially too,
# on one condition, naming the source; that condition keeps the publisher and the
# date attached to copies of lists that change with every submission. It is the
# licence of many public-sector open-data portals, with an official Chinese text.
OPEN_DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
OPEN_DATA_LICENSE_TITLE = "知识共享署名 4.0 国际许可协议"  # the licence's name on the pages
OPEN_DATA_PUBLISHER = "武昌区信用办"  # who publishes the data (datapackage.json contributors, role publisher)
OPEN_DATA_SOURCE = "武昌区各部门依据武昌信用办〔2018〕3号报送的红黑名单认定、事项清单和使用情况季报"
