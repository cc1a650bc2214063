"""The command line: ``validate`` checks files, ``build`` publishes the site.

Commands only parse arguments, call the library and turn the outcome into an
exit code: 0 success, 1 data problems (validate) or a failed build, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from creditlists import settings
from creditlists.intake.datafiles import DataFolderError
from creditlists.pipeline import check_files
from creditlists.publish.output_paths import UnsafeOutputError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期须为 YYYY-MM-DD：{text}") from None


def _site_url(text: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", text):
        raise argparse.ArgumentTypeError(f"网址须以 https:// 或 http:// 开头，不含空格、? 或 #：{text}")
    return text


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="build_lists.py", description="武昌区信用红黑名单：校验报送文件、构建公示网站。")
    commands = main.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="只校验文件，不构建网站")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.add_argument("--data", type=Path, default=settings.DATA_DIR, help="数据文件夹（部门登记表、词表、已报送文件）")
    check.add_argument("--department", help="部门代码；默认取文件所在文件夹名（事项清单和使用情况季报取文件名）")
    check.add_argument("--as-of", type=_date, default=None, help="按此日期校验（默认今天，北京时间）")
    build = commands.add_parser("build", help="校验、合并并生成网站和开放数据")
    build.add_argument("--data", type=Path, default=settings.DATA_DIR, help="数据文件夹（默认 data/）")
    build.add_argument("--output", type=Path, default=settings.OUTPUT_DIR,
                       help="公开网站的输出文件夹（默认 output/），每次构建整体替换；须为空、不存在或由上次构建生成")
    build.add_argument("--reports", type=Path, default=settings.REPORTS_DIR, help="部门报告文件夹（默认 reports/，含证件号码，不公开）")
    build.add_argument("--as-of", type=_date, default=None, help="构建日期 YYYY-MM-DD（默认今天，北京时间）")
    build.add_argument("--settings", type=Path, default=settings.ROOT / "pelicanconf.py",
                       help="Pelican 配置文件（默认 pelicanconf.py，相对链接；部署用 publishconf.py，绝对链接）")
    build.add_argument("--site-url", type=_site_url, default=None, help="网站的公开网址，如 https://credit.example.gov.cn；给出时生成绝对链接")
    build.add_argument("--accept-shrink", action="append", default=[], metavar="DEPT",
                       help="部门代码（可重复）：该部门公示条目无法解释的减少也照常发布，并记入构建摘要和部门报告")
    return main


def validate_command(args: argparse.Namespace) -> int:
    """Check files against the template and against the department's history."""
    missing = [str(p) for p in args.paths if not p.is_file()]
    if missing:
        print(f"找不到文件：{'、'.join(missing)}", file=sys.stderr)
        return 2
    run = check_files(args.paths, args.data, args.as_of or settings.today_in_china(), args.department)
    print(json.dumps(run.to_dict(), ensure_ascii=False, indent=2) if args.json else run.format())
    return 0 if run.valid else 1


def build_command(args: argparse.Namespace) -> int:
    """Exit 2 for unsafe folders (nothing touched), 1 for a build that failed (nothing published)."""
    from creditlists.publish.allowlist import UnexpectedFilesError
    from creditlists.publish.build import BuildOptions, build_site
    from creditlists.publish.leaks import LeakError
    from creditlists.publish.lock import BuildLocked
    from creditlists.publish.shrink import ShrinkError

    options = BuildOptions(args.settings, args.site_url, frozenset(args.accept_shrink))
    try:
        summary = build_site(args.data, args.output, args.reports, args.as_of, options)
    except UnsafeOutputError as exc:
        print(f"构建未开始：{exc}", file=sys.stderr)
        return 2
    except BuildLocked as exc:
        print(f"构建未开始：{exc}", file=sys.stderr)
        return 1
    except (DataFolderError, LeakError, ShrinkError, UnexpectedFilesError) as exc:
        print(f"构建失败：{exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return {"validate": validate_command, "build": build_command}[args.command](args)
    except DataFolderError as exc:
        print(f"数据文件夹有问题：{exc}", file=sys.stderr)
        return 2 if args.command == "validate" else 1
