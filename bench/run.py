#!/usr/bin/env python3
"""How fast rvz-site builds, at 1,000 and 10,000 articles. Prints figures and the targets; asserts nothing.

Usage: python bench/run.py [--sizes 1000 10000] [--work DIR] [--runs N]

For each size it makes a corpus with bench/gen_corpus.py (kept in --work between runs) and measures,
each as a fresh process from start to exit, as an editor or Netlify runs it:
- floor: every body converted with the site's Python-Markdown on all cores, nothing else (floor.py);
- cold: a full build with an empty cache;
- unchanged: the same build again, nothing changed;
- one edit: the build after one article's body was changed;
- serve: `rvz-site serve` running, one article saved, until its rebuilt page is on disk;
- peak memory: the largest sum of PSS over the build process and its workers (shared pages counted once).
Every time is also given as a ratio to the floor of the same run, since a busy machine slows both.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-01-01"
# One article whose body every edit changes; section and position do not matter to the build.
MARK = "Bewerkt voor de meting"


@dataclass
class Sampler:
    """Polls the PSS of a process and all its descendants; keeps the largest sum."""

    pid: int
    peak_kb: int = 0
    _stop: bool = False

    def _tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as f:
                        todo += [int(c) for c in f.read().split()]
            except OSError:
                pass
        return pids

    def sample(self) -> None:
        total = 0
        for pid in self._tree():
            try:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    for line in f:
                        if line.startswith("Pss:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                pass
        self.peak_kb = max(self.peak_kb, total)

    def run(self) -> None:
        while not self._stop:
            self.sample()
            time.sleep(0.02)

    def __enter__(self) -> Sampler:
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self._thread.join()


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time of a command and the peak PSS (kB) of its process tree; exits on failure."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Sampler(proc.pid) as sampler:
        out, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out}\n{err}")
    return seconds, sampler.peak_kb


def build_cmd(content: Path, out: Path, cache: Path) -> list[str]:
    cmd = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
           "--today", TODAY, "--quiet"]
    return cmd + ["--cache", str(cache)] if "--cache" in help_text("build") else cmd


def edit(path: Path, n: int) -> str:
    """Change the body of an article, as an editor would; returns the new sentence."""
    text = path.read_text(encoding="utf-8")
    sentence = f"{MARK} {n}."
    text = re.sub(rf"\n{MARK} \d+\.\n$", "\n", text)
    path.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
    return sentence


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_rebuild(content: Path, work: Path, cache: Path, runs: int) -> list[float]:
    """Seconds from saving an article to its rebuilt page on disk, with `rvz-site serve` running."""
    out = work / "serve-out"
    shutil.rmtree(out, ignore_errors=True)
    article = sorted((content / "actueel").glob("*.md"))[len(list((content / "actueel").glob("*.md"))) // 2]
    page = out / "actueel" / article.stem / "index.html"
    log = work / "serve.log"
    with log.open("w") as errors:
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
                                 "--out", str(out), "--port", str(free_port()), "--today", TODAY,
                                 "--cache", str(cache)],
                                stdout=subprocess.PIPE, stderr=errors, text=True)
    ready = threading.Event()

    def read_output() -> None:  # serve says when its first build is done and it watches; keep reading
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("Voorbeeld gebouwd"):
                ready.set()

    threading.Thread(target=read_output, daemon=True).start()
    times: list[float] = []
    try:
        # The first page file appears long before a large first build is done: wait for serve's word.
        if not ready.wait(900):
            sys.exit(f"serve did not start: {log.read_text()[-2000:]}")
        time.sleep(1.0)  # let the watcher settle after the first build
        for n in range(runs):
            sentence = edit(article, 1000 + n)
            start = time.perf_counter()
            while True:
                try:
                    if sentence.encode() in page.read_bytes():
                        break
                except OSError:
                    pass
                if time.perf_counter() - start > 120:
                    sys.exit("serve did not rebuild the edited page within 120 s")
                time.sleep(0.002)
            times.append(time.perf_counter() - start)
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(10)
    return times


def help_text(word: str) -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), word, "--help"],
                          capture_output=True, text=True, check=False)
    return proc.stdout if proc.returncode == 0 else ""


def note(size: int, what: str, value: float) -> None:
    """Each figure as soon as it is measured, so a long run that stops halfway still tells something."""
    print(f"  [{size:,}] {what}: {value:.3f}", file=sys.stderr, flush=True)


def bench(size: int, work: Path, runs: int) -> dict[str, float]:
    corpus = work / f"corpus-{size}"
    if not (corpus / "site.yaml").exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(size), str(corpus), "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    # The edits go to a copy, so the generated corpus stays as generated.
    content = work / f"content-{size}"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(corpus, content)
    out, cache = work / f"public-{size}", work / f"cache-{size}"
    figures: dict[str, float] = {}
    floor = [timed([sys.executable, str(ROOT / "bench" / "floor.py"), str(content)])[0] for _ in range(runs)]
    figures["floor"] = min(floor)
    note(size, "floor", figures["floor"])
    colds, peaks = [], []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        seconds, peak = timed(build_cmd(content, out, cache))
        colds.append(seconds)
        peaks.append(peak)
    figures["cold"] = min(colds)
    figures["peak_mb"] = max(peaks) / 1024
    note(size, "cold", figures["cold"])
    figures["unchanged"] = min(timed(build_cmd(content, out, cache))[0] for _ in range(runs))
    note(size, "unchanged", figures["unchanged"])
    article = sorted((content / "praktijkvoorbeelden").glob("*.md"))[0]
    edits = []
    for n in range(runs):
        edit(article, n)
        seconds, peak = timed(build_cmd(content, out, cache))
        edits.append(seconds)
        figures["peak_mb"] = max(figures["peak_mb"], peak / 1024)
    figures["one_edit"] = min(edits)
    note(size, "one edit", figures["one_edit"])
    if help_text("serve"):
        # The same cache as the builds: an editor's preview starts from what the last build kept.
        figures["serve"] = min(serve_rebuild(content, work, cache, max(runs, 3)))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/rvz-bench"))
    parser.add_argument("--runs", type=int, default=2, help="runs of each measurement; the best counts")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0))
    load = os.getloadavg()[0]
    print(f"rvz-site bench: {cores} cores, load average {load:.1f} at the start, best of {args.runs} runs")
    results = {size: bench(size, args.work, args.runs) for size in args.sizes}
    rows = [("floor (Markdown only, all cores)", "floor", "s"), ("cold full build", "cold", "s"),
            ("build, nothing changed", "unchanged", "s"), ("build, one article changed", "one_edit", "s"),
            ("serve: save to rebuilt page", "serve", "s"), ("peak memory (PSS, all processes)", "peak_mb", "MB")]
    print(f"\n{'':36}" + "".join(f"{size:>22,}" for size in args.sizes))
    for label, key, unit in rows:
        cells = ""
        for size in args.sizes:
            value = results[size].get(key)
            if value is None:
                cells += f"{'-':>22}"
            elif unit == "MB":
                cells += f"{value:>19.0f} MB"
            else:
                cells += f"{value:>9.3f} s ({value / results[size]['floor']:>5.2f}x)"
        print(f"{label:36}{cells}")
    big, small = max(args.sizes), min(args.sizes)
    r = results[big]
    print(f"\ntargets at {big:,} articles ({cores} cores):")
    checks = [
        ("cold full build <= 1.25x floor", r["cold"] <= 1.25 * r["floor"], f"{r['cold'] / r['floor']:.2f}x"),
        ("nothing changed <= 1.5 s", r["unchanged"] <= 1.5, f"{r['unchanged']:.2f} s"),
        ("one article changed <= 1.5 s", r["one_edit"] <= 1.5, f"{r['one_edit']:.2f} s"),
        ("serve rebuild <= 250 ms", r.get("serve", 1e9) <= 0.25,
         f"{r['serve'] * 1000:.0f} ms" if "serve" in r else "not measured"),
        ("peak memory <= 500 MB", r["peak_mb"] <= 500, f"{r['peak_mb']:.0f} MB"),
    ]
    if big != small:
        ratio = r["cold"] / results[small]["cold"]
        checks.append((f"cold {big:,} <= 11x cold {small:,}", ratio <= 11, f"{ratio:.1f}x"))
    for label, ok, value in checks:
        print(f"  {'met ' if ok else 'MISS'}  {label:36} {value}")


if __name__ == "__main__":
    main()
