"""One build at a time per output folder, and no staging folder left behind.

Two builds of the same ``--output`` (a cron job and a person) would swap their
staging folders over each other's. The lock is an OS file lock (``flock``) on a
file beside the output folder: the kernel releases it when the process ends in
any way, SIGKILL included, so a dead build never blocks the next one. Holding
the lock, a build may remove the staging and previous-site folders that dead
builds left beside the output (at a million entries each is about 13 GB).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from creditlists import settings

# The temporary folders a build makes beside the output folder (creditlists/publish/build.py).
STAGING_PREFIX = "-staging-"
PREVIOUS_PREFIX = "-previous-"


class BuildLocked(Exception):
    """Another build holds the lock of this output folder."""


def lock_path(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.lock"


@contextmanager
def build_lock(output_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock for the body, or raise BuildLocked at once."""
    fd = os.open(lock_path(output_dir), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(_holder_message(fd)) from None
        started = dt.datetime.now(settings.TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "started": started}).encode(), 0)
        yield
    finally:
        os.close(fd)


def _holder_message(fd: int) -> str:
    try:
        holder = json.loads(os.pread(fd, 200, 0) or b"{}")
    except ValueError:
        holder = {}
    pid, started = holder.get("pid", "未知"), holder.get("started", "未知时间")
    return f"另一个构建正在进行（进程 {pid}，开始于 {started}），网站保持原样。请等它结束后再试。"


def remove_stale_folders(output_dir: Path) -> list[Path]:
    """Remove staging and previous-site folders of earlier builds; call only while holding the lock."""
    stale = [p for prefix in (STAGING_PREFIX, PREVIOUS_PREFIX) for p in output_dir.parent.glob(f".{output_dir.name}{prefix}*")]
    removed = [p for p in sorted(stale) if p.is_dir() and not p.is_symlink()]
    for folder in removed:  # a background removal (build.remove_in_background) may still be at work in one
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            shutil.rmtree(folder)  # what is left, with the error that kept it
    return removed
