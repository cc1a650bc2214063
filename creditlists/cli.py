"""The command line: ``validate`` checks files, ``build`` publishes the site, ``report`` gives one department's report.

Commands only parse arguments, call the library and turn the outcome into an
exit code: 0 success, 1 data problems (validate) or a failed build, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

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


# argparse's own messages (Python 3.11), as a clerk should read them: (English pattern, Chinese).
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (?P<names>.+)", "缺少必须给出的参数：{names}"),
    (r"argument (?P<name>.+?): invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)", "{name}：没有“{value}”，可选：{choices}"),
    (r"argument (?P<name>.+?): expected one argument", "{name} 后面须跟一个值"),
    (r"argument (?P<name>.+?): expected at least one argument", "{name} 后面须跟至少一个值"),
    (r"argument (?P<name>.+?): expected at most one argument", "{name} 后面至多跟一个值"),
    (r"argument (?P<name>.+?): invalid \S+ value: '(?P<value>.*)'", "{name}：“{value}”不是有效的值"),
    (r"argument (?P<name>.+?): not allowed with argument (?P<other>.+)", "{name} 不能与 {other} 同时使用"),
    (r"argument (?P<name>.+?): ignored explicit argument '(?P<value>.*)'", "{name} 不带值，“{value}”无效"),
    (r"argument (?P<name>.+?): (?P<message>.+)", "{name}：{message}"),  # the type functions' own Chinese messages
    (r"unrecognized arguments: (?P<names>.+)", "无法识别的参数：{names}"),
    (r"ambiguous option: (?P<name>.+?) could match (?P<names>.+)", "选项 {name} 不明确，可能是：{names}"),
    (r"one of the arguments (?P<names>.+) is required", "须给出以下参数之一：{names}"),
)


def chinese_message(message: str) -> str:
    """argparse's English usage error in Chinese (unchanged when no pattern knows it)."""
    for pattern, chinese in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            found = match.groupdict()
            if "choices" in found:
                found["choices"] = "、".join(part.strip().strip("'") for part in found["choices"].split(","))
            return chinese.format(**found)
    return message


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: usage line, section titles, -h and usage errors (exit 2).

    Subcommands get the same class (argparse gives ``add_parser`` the parser's own class).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # argparse's own -h speaks English
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_message(message)}\n")


def parser() -> argparse.ArgumentParser:
    main = ChineseArgumentParser(prog="build_lists.py", description="武昌区信用红黑名单：校验报送文件、构建公示网站。")
    commands = main.add_subparsers(dest="command", required=True, metavar="命令", help="“build_lists.py 命令 -h”说明各命令")
    check = commands.add_parser("validate", help="只校验文件，不构建网站", description="校验报送文件（.csv 或 .xlsx），不构建网站。")
    check.add_argument("paths", nargs="+", type=Path, metavar="文件", help="要校验的文件，可以给出几个")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.add_argument("--data", type=Path, default=settings.DATA_DIR, metavar="文件夹", help="数据文件夹（部门登记表、词表、已报送文件）")
    check.add_argument("--department", metavar="部门代码", help="部门代码；默认取文件所在文件夹名（事项清单和使用情况季报取文件名）")
    check.add_argument("--as-of", type=_date, default=None, metavar="日期", help="按此日期校验，YYYY-MM-DD（默认今天，北京时间）")
    build = commands.add_parser("build", help="校验、合并并生成网站和开放数据")
    build.add_argument("--data", type=Path, default=settings.DATA_DIR, metavar="文件夹", help="数据文件夹（默认 data/）")
    build.add_argument("--output", type=Path, default=settings.OUTPUT_DIR, metavar="文件夹",
                       help="公开网站的输出文件夹（默认 output/），每次构建整体替换；须为空、不存在或由上次构建生成")
    build.add_argument("--reports", type=Path, default=settings.REPORTS_DIR, metavar="文件夹", help="部门报告文件夹（默认 reports/，含证件号码，不公开）")
    build.add_argument("--as-of", type=_date, default=None, metavar="日期", help="构建日期 YYYY-MM-DD（默认今天，北京时间）")
    build.add_argument("--settings", type=Path, default=settings.ROOT / "pelicanconf.py", metavar="设置文件",
                       help="Pelican 配置文件（默认 pelicanconf.py，相对链接；部署用 publishconf.py，绝对链接）")
    build.add_argument("--site-url", type=_site_url, default=None, metavar="网址", help="网站的公开网址，如 https://credit.example.gov.cn；给出时生成绝对链接")
    build.add_argument("--accept-shrink", action="append", default=[], metavar="部门代码",
                       help="部门代码（可重复）：该部门公示条目无法解释的减少也照常发布，并记入构建摘要和部门报告")
    report = commands.add_parser("report", help="生成一个部门的校验报告（与构建写入 reports/ 的相同），不构建网站",
                                 description="生成一个部门的校验报告，与 build 写入 reports/ 的相同，不构建网站：不给 --output 时显示为文字。")
    report.add_argument("department", metavar="部门代码", help="部门代码，如 scjgj")
    report.add_argument("--as-of", type=_date, default=None, metavar="日期", help="构建日期 YYYY-MM-DD（默认今天，北京时间）")
    report.add_argument("--data", type=Path, default=settings.DATA_DIR, metavar="文件夹", help="数据文件夹（默认 data/）")
    report.add_argument("--reports", type=Path, default=settings.REPORTS_DIR, metavar="文件夹",
                        help="上次构建写入的部门报告文件夹（默认 reports/），据此判断哪些是本次的文件；只读取，不写入")
    report.add_argument("--output", type=Path, default=None, metavar="文件",
                        help="写入此文件：以 .html 结尾为网页（可交给部门），以 .json 结尾为 JSON；含身份证件号码，不得公开")
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


def report_command(args: argparse.Namespace) -> int:
    """One department's report as the build writes it, without building the site: text, or an .html or .json file."""
    from creditlists.pipeline import compile_dataset
    from creditlists.publish import reports

    unsafe = reports.unsafe_report_output(args.output, args.data) if args.output is not None else None
    if unsafe:
        print(f"报告未生成：{unsafe}", file=sys.stderr)
        return 2
    dataset = compile_dataset(args.data, args.as_of)
    if not reports.has_department(dataset, args.department):
        print(f"报告未生成：“{args.department}”不是已登记的部门代码，也没有这个名称的文件夹的文件。", file=sys.stderr)
        return 2
    content = reports.report_for(dataset, args.department, args.reports)
    name = reports.department_name(dataset, args.department)
    if args.output is None:
        print(reports.render_text(content, name))
        return 0
    html = args.output.suffix.lower() == ".html"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(reports.render_html(content, name) if html else reports.render_json(content), encoding="utf-8")
    print(f"已写入 {args.output}（内部文件，含身份证件号码，不得公开）")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return {"validate": validate_command, "build": build_command, "report": report_command}[args.command](args)
    except DataFolderError as exc:
        print(f"数据文件夹有问题：{exc}", file=sys.stderr)
        return 2 if args.command == "validate" else 1
