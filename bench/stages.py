#!/usr/bin/env python3
"""Where the cores stand idle in a cold build: wall time and CPU-seconds per stage, parent and workers apart.

Usage: python bench/stages.py CONTENT [--work DIR] [--runs N] [--jobs N]

Runs one cold build (empty cache, no public/) as a fresh process, reads its log (no TTY: one line per
stage as it finishes, app/progress.py) and samples /proc/<pid>/stat of the build and every process
under it every 10 ms. Each stage's CPU is what the processes spent between the line before and its
own line, so a stage inside another (search inside write) counts once, in its own row, and the time
between two stages (freeing memory, finding Decap) goes to the stage whose line comes next.
"idle" is the share of the cores no thread of the build wanted (none running or runnable), sampled
as well; on a shared machine it is the idle a quiet one would show, while CPU use (CPU-seconds /
(wall x cores)) also counts the cores other programs took. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from run import Sampler as PssSampler  # noqa: E402 - bench/run.py, beside this file


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants, as bench/run.py walks them for their memory."""
    return PssSampler(pid)._tree()

TODAY = "2026-01-01"
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def _runnable(pid: int) -> int:
    """How many of the process's threads are running or waiting for a core (state R)."""
    count = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                count += f.read().rsplit(")", 1)[1].split()[0] == "R"
    except OSError:
        pass
    return count


@dataclass
class Sampler:
    """The CPU-seconds of the build process and of all its descendants, as a time series."""

    pid: int
    cores: int = 1
    samples: list[tuple[float, float, float]] = field(default_factory=list)  # (time, parent, others)
    # (time, share of the cores the build wanted): threads running or runnable, at most one per core.
    # A busy machine delays them but does not change what they want, so this is the idle a quiet
    # machine would see, where the CPU-seconds per wall second are not.
    wanted: list[tuple[float, float]] = field(default_factory=list)
    _latest: dict[int, float] = field(default_factory=dict)  # each process's last known CPU
    peak_kb: int = 0
    _stop: bool = False

    def sample(self) -> None:
        tree = process_tree(self.pid)
        self.wanted.append((time.perf_counter(), min(self.cores, sum(map(_runnable, tree))) / self.cores))
        for pid in tree:
            cpu = _cpu_seconds(pid)
            if cpu is not None:
                self._latest[pid] = cpu
        parent = self._latest.get(self.pid, 0.0)
        others = sum(cpu for pid, cpu in self._latest.items() if pid != self.pid)
        self.samples.append((time.perf_counter(), parent, others))

    def run(self) -> None:
        memory = PssSampler(self.pid)
        while not self._stop:
            self.sample()
            memory.sample()  # the largest PSS sum of the tree, as bench/run.py measures it
            self.peak_kb = memory.peak_kb
            time.sleep(0.01)

    def demand(self, start: float, end: float) -> float:
        """The mean share of the cores wanted between two moments."""
        shares = [share for t, share in self.wanted if start < t <= end]
        return sum(shares) / len(shares) if shares else 0.0

    def at(self, moment: float) -> tuple[float, float]:
        """(parent, others) CPU at the last sample not after `moment`."""
        best = (0.0, 0.0)
        for t, parent, others in self.samples:
            if t > moment:
                break
            best = (parent, others)
        return best


def stage_of(line: str, labels: dict[str, str]) -> str | None:
    for label, stage in labels.items():
        if line.startswith(label + "  ") or line.rstrip() == label:
            return stage
    return None


def one_build(content: Path, work: Path, jobs: int) -> tuple[list[tuple[str, float, float, float, float]], float, int]:
    """Stages in the order they finished: (stage, wall, parent CPU, workers CPU, idle share); total
    wall; peak PSS (kB) of all processes."""
    from rvz_site.app.progress import STAGES

    labels = {label: stage for stage, (label, _) in STAGES.items()}
    out, cache = work / "public", work / "cache"
    for folder in (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    cmd = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
           "--today", TODAY, "--cache", str(cache)] + (["--jobs", str(jobs)] if jobs else [])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    cores = jobs or len(os.sched_getaffinity(0))
    sampler = Sampler(proc.pid, cores)
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    ends: list[tuple[str, float]] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        stage = stage_of(line, labels)
        if stage is not None:
            sampler.sample()
            ends.append((stage, time.perf_counter()))
    proc.wait()
    total = time.perf_counter() - start
    sampler.sample()
    sampler._stop = True
    thread.join()
    if proc.returncode != 0:
        sys.exit(f"the build failed ({proc.returncode})")
    rows = []
    before, cpu_before = start, (0.0, 0.0)
    for stage, end in [*ends, ("(after the last stage)", start + total)]:
        cpu = sampler.at(end)
        wall = end - before
        parent, others = cpu[0] - cpu_before[0], cpu[1] - cpu_before[1]
        rows.append((stage, wall, parent, others, 1 - sampler.demand(before, end)))
        before, cpu_before = end, cpu
    return rows, total, sampler.peak_kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("content", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rvz-stages"))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cores = args.jobs or len(os.sched_getaffinity(0))
    for run in range(args.runs):
        rows, total, peak_kb = one_build(args.content.resolve(), args.work, args.jobs)
        print(f"\nrun {run + 1}: cold build {total:.2f} s on {cores} cores, load {os.getloadavg()[0]:.1f}")
        print(f"  {'stage':24}{'wall s':>9}{'parent cpu':>12}{'workers cpu':>13}{'idle':>8}")
        sums = [0.0, 0.0, 0.0, 0.0]
        for stage, wall, parent, others, idle in rows:
            sums = [sums[0] + wall, sums[1] + parent, sums[2] + others, sums[3] + idle * wall]
            print(f"  {stage:24}{wall:9.2f}{parent:12.2f}{others:13.2f}{idle * 100:7.0f}%")
        use = (sums[1] + sums[2]) / (sums[0] * cores)
        print(f"  {'total':24}{sums[0]:9.2f}{sums[1]:12.2f}{sums[2]:13.2f}{sums[3] / sums[0] * 100:7.0f}%"
              f"   CPU use {use * 100:.0f}%, cores wanted {(1 - sums[3] / sums[0]) * 100:.0f}%,"
              f" peak memory {peak_kb / 1024:.0f} MB (PSS, all processes)")


if __name__ == "__main__":
    main()
