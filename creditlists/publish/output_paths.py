"""Where a build may write: folders whose replacement cannot destroy anything.

Publishing replaces the whole ``--output`` folder, so a mistyped ``--output
data`` or ``--output .`` would delete the submissions, the register or the
checkout with its ``.git``. The build refuses such paths before it reads or
writes anything, and replaces only folders that a build wrote (they carry
``settings.OUTPUT_MARKER``).
"""

from __future__ import annotations

from pathlib import Path

from creditlists import settings

MARKER_TEXT = "此文件夹由 build_lists.py build 生成，下次构建时会被整体替换。请勿在此存放其他文件。\n"


class UnsafeOutputError(Exception):
    """``--output`` or ``--reports`` names a folder whose replacement could destroy data."""


def check_output_paths(data_dir: Path, output_dir: Path, reports_dir: Path, checkout: Path = settings.ROOT) -> None:
    """Raise UnsafeOutputError unless both folders can be written without destroying anything."""
    data, output, reports = data_dir.resolve(), output_dir.resolve(), reports_dir.resolve()
    protected = {"数据文件夹": data, "项目代码目录": checkout.resolve(), "用户主目录": Path.home().resolve(), "根目录 /": Path("/")}
    for option, folder in (("--output", output), ("--reports", reports)):
        for name, guarded in protected.items():
            if guarded.is_relative_to(folder):
                raise UnsafeOutputError(f"{option} {folder} 是{name}或包含{name}，写入会毁掉其中的文件。请另选一个专用的空文件夹。")
        if folder.is_relative_to(data):
            raise UnsafeOutputError(f"{option} {folder} 位于数据文件夹 {data} 之内。请把输出放在数据文件夹以外。")
        if (folder / ".git").exists():
            raise UnsafeOutputError(f"{option} {folder} 含有 .git（是一个代码仓库）。请另选一个专用的空文件夹。")
        if folder.exists() and not folder.is_dir():
            raise UnsafeOutputError(f"{option} {folder} 是一个文件，不是文件夹。")
    if output.is_relative_to(reports) or reports.is_relative_to(output):
        raise UnsafeOutputError(f"--output {output} 与 --reports {reports} 不能相同或互相包含：报告含身份证件号码，不得进入公开网站。")
    if output.is_dir() and any(output.iterdir()) and not (output / settings.OUTPUT_MARKER).is_file():
        raise UnsafeOutputError(
            f"--output {output} 已有内容，但不是由本程序构建的（缺少 {settings.OUTPUT_MARKER}），为免误删未替换。"
            "请指定一个空文件夹或不存在的文件夹；确认其中内容可以删除时，请先手动清空它。")


def write_marker(folder: Path) -> None:
    """Mark a finished site as written by a build, so the next build may replace it."""
    (folder / settings.OUTPUT_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
