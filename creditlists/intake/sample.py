"""Whether a data folder is the bundled fictional sample, decided from the data.

Only the sample may be built with the public subject key (a person's page id
is an HMAC of the ID number; with a published key it turns back into the
number in seconds). A folder is the sample when it holds the marker file and
every name in it carries the sample marker; a marker file beside real names is
a mistake (a copied sample folder with real submissions) and stops the build.
"""

from __future__ import annotations

from pathlib import Path

from creditlists import schema as s
from creditlists import settings
from creditlists.intake.datafiles import DataFolderError
from creditlists.intake.report import FileReport


def is_sample_data(data_dir: Path, reports: list[FileReport]) -> bool:
    """True for the bundled sample; raises DataFolderError when the marker sits beside real names."""
    marker = data_dir / settings.SAMPLE_DATA_MARKER
    if not marker.is_file() or marker.is_symlink():
        return False
    unmarked = [f"{report.path} 第 {row.row} 行" for report in reports for row in report.accepted
                if row.values[s.NAME] and settings.SAMPLE_NAME_MARKER not in row.values[s.NAME]]  # 移出 rows may leave it empty
    if unmarked:
        raise DataFolderError(
            f"数据文件夹中有示例数据标记文件 {settings.SAMPLE_DATA_MARKER}，但有 {len(unmarked)} 个主体名称不含"
            f"“{settings.SAMPLE_NAME_MARKER}”（如 {'、'.join(unmarked[:3])}）：真实数据不能当作示例数据发布。"
            f"请删除该标记文件，并设置环境变量 CREDIT_SUBJECT_KEY（至少 {settings.SUBJECT_KEY_MIN_BYTES} 字节的密钥）。")
    return True
