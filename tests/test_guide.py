"""The guide page tells the whole hand-in cycle in five steps (issue 13), with the contact of settings."""

from __future__ import annotations

from pathlib import Path

from credit_rows import AS_OF, black_org, write_csv
from creditlists import settings
from creditlists.publish.build import build_site


def test_the_guide_page_tells_the_five_steps_with_the_contact_of_settings(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "SUBMISSION_CONTACT", "交到区信用办 301 室（测试用）")
    write_csv(data_dir / "submissions" / "scjgj" / "2024-05-01-黑名单.csv", [black_org()])
    build_site(data_dir, tmp_path / "output", tmp_path / "reports", AS_OF)
    guide = (tmp_path / "output" / "guide" / "index.html").read_text(encoding="utf-8")
    steps = guide[guide.index('<ol class="steps">'):guide.index("</ol>", guide.index('<ol class="steps">'))]
    assert [item.split("</strong>")[0] for item in steps.split("<li><strong>")[1:]] == ["下载模板。", "填写。", "检查。", "报送。", "收到校验报告。"]
    assert "<strong>报送。</strong>交到区信用办 301 室（测试用）。" in steps
    assert 'href="../guide/check/"' in steps and 'href="#templates"' in steps and 'id="templates"' in guide
    assert "already-published" in steps and "校验报告" in steps


def test_the_readme_guide_tells_the_same_five_steps() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### 报送五步"):readme.index("### 校验报告")]
    steps = [line.split("**")[1] for line in section.splitlines() if line[:3] in ("1. ", "2. ", "3. ", "4. ", "5. ")]
    assert steps == ["下载模板", "填写", "检查", "报送", "收到校验报告"]
    assert "`SUBMISSION_CONTACT`" in section and settings.SUBMISSION_CONTACT in section
