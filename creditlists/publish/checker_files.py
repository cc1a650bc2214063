"""The files of the browser's file checker (/guide/check/), made at build time without a download.

- ``guide/check/pyodide/``: Pyodide's runtime, copied byte for byte from
  node_modules (npm ``pyodide``, pinned in package-lock.json);
- ``guide/check/python/checker.zip``: the project's own checking code from this
  checkout (``creditlists.checker``, ``intake``, ``merge``, ``settings``, ``schema``);
- ``guide/check/python/packages.zip``: openpyxl and et_xmlfile, and tzdata's
  Asia/Shanghai (Pyodide has no time-zone data), from the installed, pinned
  Python packages;
- ``guide/check/register.json``: departments, categories and domains as the build loaded them;
- ``guide/check/keys/<部门代码>.keys.json``: each department's published keys
  (``checker.published_keys``: organisations only, nothing about persons).

The zips are reproducible (sorted members, fixed times), so the same sources
give the same bytes. ``copied_sources`` and ``zip_sources`` say where every
copied byte comes from; the golden test compares those files with their sources.
"""

from __future__ import annotations

import importlib.metadata
import json
import zipfile
from io import BytesIO
from pathlib import Path

from creditlists import checker
from creditlists import settings as defaults
from creditlists.dataset import Dataset

CHECK = "guide/check"
# What loadPyodide fetches: the loader, the interpreter, the standard library, the lock file.
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
CODE_ZIP = f"{CHECK}/python/checker.zip"
PACKAGES_ZIP = f"{CHECK}/python/packages.zip"
REGISTER = f"{CHECK}/register.json"
KEYS_SUFFIX = ".keys.json"  # keys/scjgj.keys.json: not to be taken for the department report scjgj.json
PACKAGE = defaults.ROOT / "creditlists"
CODE_MODULES = ("__init__.py", "settings.py", "schema.py", "merge.py", "checker.py")
PACKAGES = ("openpyxl", "et_xmlfile", "tzdata")
TIME_ZONE_FILES = ("tzdata/__init__.py", "tzdata/zoneinfo/__init__.py", "tzdata/zoneinfo/Asia/__init__.py", "tzdata/zoneinfo/Asia/Shanghai")
INSTALL_RECORDS = ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")  # written by pip, not part of the wheel


def copied_sources(pyodide_dir: Path = defaults.PYODIDE_DIR) -> dict[str, Path]:
    """Pyodide's runtime files: site path -> the file in node_modules."""
    missing = [name for name in RUNTIME if not (pyodide_dir / name).is_file()]
    if missing:
        raise FileNotFoundError(f"找不到 {pyodide_dir}/{missing[0]}：请先运行 make setup（npm ci 安装 pyodide）")
    return {f"{CHECK}/pyodide/{name}": pyodide_dir / name for name in RUNTIME}


def code_members() -> dict[str, Path]:
    """The project's code the browser runs: member name -> source file in this checkout."""
    files = [PACKAGE / name for name in CODE_MODULES] + sorted((PACKAGE / "intake").glob("*.py"))
    return {f"creditlists/{path.relative_to(PACKAGE).as_posix()}": path for path in files}


def package_members() -> dict[str, Path]:
    """openpyxl, et_xmlfile and tzdata's Asia/Shanghai as installed: member name -> installed file.

    The files of each distribution's RECORD, without compiled bytecode and
    pip's own records; of tzdata only the one zone and its licence.
    """
    members: dict[str, Path] = {}
    for name in PACKAGES:
        distribution = importlib.metadata.distribution(name)
        for file in distribution.files or []:
            member = file.as_posix()
            top = member.split("/")[0]
            if "__pycache__" in member or member.endswith(".pyc") or (top.endswith(".dist-info") and file.name in INSTALL_RECORDS):
                continue
            if name == "tzdata" and not top.endswith(".dist-info") and member not in TIME_ZONE_FILES:
                continue
            members[member] = Path(str(file.locate()))
    return dict(sorted(members.items()))


def zip_sources() -> dict[str, dict[str, Path]]:
    """Each zip of the checker: site path -> member name -> source file."""
    return {CODE_ZIP: code_members(), PACKAGES_ZIP: package_members()}


def reproducible_zip(members: dict[str, Path]) -> bytes:
    """A zip of ``members`` in name order with fixed times and modes: the same files give the same bytes."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name].read_bytes())
    return buffer.getvalue()


def data_files(dataset: Dataset) -> dict[str, bytes]:
    """The register and every registered department's keys file (empty for a department with no entries)."""
    def encoded(document: object) -> bytes:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    files = {REGISTER: encoded(checker.register(dataset.departments, dataset.vocabulary))}
    for code in dataset.departments:
        files[f"{CHECK}/keys/{code}{KEYS_SUFFIX}"] = encoded(checker.published_keys(dataset.merged.entries, code, dataset.as_of))
    return files


def generated_files(dataset: Dataset) -> dict[str, bytes]:
    """Everything of the checker that the build makes rather than copies: the zips, the register, the keys."""
    return {name: reproducible_zip(members) for name, members in zip_sources().items()} | data_files(dataset)


def download_bytes(copied: dict[str, Path], generated: dict[str, bytes]) -> int:
    """What the page downloads the first time: the runtime, both zips, the register and one keys file (the largest)."""
    keys = [len(content) for name, content in generated.items() if name.startswith(f"{CHECK}/keys/")]
    fixed = sum(len(content) for name, content in generated.items() if not name.startswith(f"{CHECK}/keys/"))
    return sum(path.stat().st_size for path in copied.values()) + fixed + max(keys, default=0)


def page_context(dataset: Dataset, download: int) -> dict[str, object]:
    """What check.html shows: the register's departments, the download in MB, the limits for persons, the files' URLs."""
    return {"departments": [(code, department.name) for code, department in dataset.departments.items()],
            "download_mb": max(1, round(download / 1_000_000)), "person_limits": checker.PERSON_LIMITS,
            "files": {"pyodide": f"{CHECK}/pyodide/", "code": CODE_ZIP, "packages": PACKAGES_ZIP, "register": REGISTER,
                      "keys_folder": f"{CHECK}/keys/", "keys_suffix": KEYS_SUFFIX}}
