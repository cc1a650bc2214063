"""Run the real build in a child process, watch its memory, and look at what it wrote."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .build_child import STAGE_NAMES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.5
PSS_SECONDS = 2.0
# Stop the build (its whole process group) when the machine has less than this left:
# without swap, the kernel's OOM killer would pick any process, other people's included.
MEMORY_RESERVE_BYTES = 2 * 1024 ** 3


@dataclass
class BuildResult:
    ok: bool
    seconds: float = 0.0  # build_site, from inside the child
    process_seconds: float = 0.0  # the child from start to exit (Python start-up and imports included)
    peak_rss_bytes: int = 0  # ru_maxrss of the build process itself
    worker_peak_rss_bytes: int = 0  # ru_maxrss of the largest worker it forked (0: none)
    tree_peak_pss_bytes: int = 0  # the largest sampled sum of PSS over the build process and its workers
    tree_peak_rss_sum_bytes: int = 0  # the largest sampled sum of their RSS (shared pages counted in each)
    stages: dict[str, float] = field(default_factory=dict)  # creditlists.timing.Timings as the build left it
    probes: dict[str, float] = field(default_factory=dict)  # the same stages measured from outside
    counts: dict[str, int] = field(default_factory=dict)
    output_files: int = 0
    output_bytes: int = 0
    error: str = ""

    @property
    def peak_memory_bytes(self) -> int:
        """What the build needed at most: the main process's peak, or the whole tree's when workers ran."""
        return max(self.peak_rss_bytes, self.tree_peak_pss_bytes)

    def stage_seconds(self) -> dict[str, tuple[float, str]]:
        """Seconds per stage and where each number comes from: ``STAGES`` or a probe."""
        found = {}
        for name in STAGE_NAMES:
            if name in self.stages:
                found[name] = (self.stages[name], "STAGES")
            elif name == "render" and "pelican" in self.probes:
                inner = sum(self.probes.get(n, 0.0) for n in ("open data", "search index"))
                found[name] = (self.probes["pelican"] - inner, "probe")
            elif name in self.probes:
                found[name] = (self.probes[name], "probe")
        return found


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc (processes that end meanwhile are skipped)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                queue += [int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def pss(pids: list[int]) -> int:
    """Proportional set size of these processes in bytes: copy-on-write pages shared after fork counted once."""
    total = 0
    for member in pids:
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total


def rss(pids: list[int]) -> int:
    """Sum of resident sets in bytes (counts shared pages once per process: an upper bound)."""
    page, total = os.sysconf("SC_PAGE_SIZE"), 0
    for member in pids:
        try:
            total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


@dataclass
class MemoryWatch:
    """Peaks of the build's process tree while it runs.

    Reading PSS walks every page table (about 15 ms per GB), so it is sampled
    only while workers run, and every PSS_SECONDS; alone, the build process's
    own ru_maxrss is exact and free. RSS sums are cheap and sampled always.
    """

    pss_peak: int = 0
    rss_sum_peak: int = 0
    last_pss: float = 0.0

    def sample(self, pid: int) -> None:
        members = descendants(pid)
        self.rss_sum_peak = max(self.rss_sum_peak, rss(members))
        if len(members) > 1 and time.perf_counter() - self.last_pss >= PSS_SECONDS:
            self.pss_peak = max(self.pss_peak, pss(members))
            self.last_pss = time.perf_counter()


def available_memory() -> int:
    """MemAvailable of the machine in bytes (a large number when /proc says nothing)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 1 << 62


def watch(child: subprocess.Popen, timeout: float | None) -> tuple[MemoryWatch, str]:
    """Sample the tree's memory until the child ends; stop it when too slow or too big."""
    memory, began = MemoryWatch(), time.perf_counter()
    while child.poll() is None:
        memory.sample(child.pid)
        reason = ""
        if timeout is not None and time.perf_counter() - began > timeout:
            reason = f"the build took longer than {timeout:.0f} s and was stopped"
        elif available_memory() < MEMORY_RESERVE_BYTES:
            reason = (f"the machine had less than {MEMORY_RESERVE_BYTES / 1024 ** 3:.0f} GiB left"
                      f" (the build's tree at {memory.rss_sum_peak / 1024 ** 3:.1f} GiB RSS) and the build was stopped")
        if reason:
            os.killpg(child.pid, signal.SIGKILL)  # the group the child leads: the build and its workers only
            child.wait()
            return memory, reason
        time.sleep(SAMPLE_SECONDS)
    return memory, ""


def run_build(data: Path, workdir: Path, as_of: dt.date, timeout: float | None = None) -> BuildResult:
    """Build ``data`` into ``workdir``/output as of ``as_of`` in a child Python; never raises on a failed build."""
    result_file = workdir / "build-result.json"
    result_file.unlink(missing_ok=True)
    log = workdir / "build.log"
    command = [sys.executable, "-m", "bench.build_child", str(data), str(workdir / "output"), str(workdir / "reports"),
               as_of.isoformat(), str(result_file)]
    environment = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    began = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        child = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        memory, stopped = watch(child, timeout)
    process_seconds = time.perf_counter() - began
    if stopped:  # killed: build_site had no chance to remove its staging folder
        for staging in workdir.glob(".output-staging-*"):
            shutil.rmtree(staging, ignore_errors=True)
    if stopped or child.returncode != 0 or not result_file.is_file():
        return BuildResult(False, process_seconds=process_seconds, tree_peak_pss_bytes=memory.pss_peak,
                           tree_peak_rss_sum_bytes=memory.rss_sum_peak,
                           error=(stopped + "\n" if stopped else "") + log.read_text(encoding="utf-8", errors="replace")[-3000:])
    outcome = json.loads(result_file.read_text(encoding="utf-8"))
    files, size = folder_size(workdir / "output")
    return BuildResult(True, outcome["seconds"], process_seconds, outcome["peak_rss_bytes"], outcome["worker_peak_rss_bytes"],
                       memory.pss_peak, memory.rss_sum_peak, outcome["stages"], outcome["probes"], outcome["counts"], files, size)


def folder_size(folder: Path) -> tuple[int, int]:
    """Number of files and their total bytes under ``folder``."""
    files = size = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(directory, name))
    return files, size
