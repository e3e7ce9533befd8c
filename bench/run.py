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
import resource
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


@dataclass(frozen=True)
class Measured:
    seconds: float  # wall time
    peak_kb: int  # the largest PSS sum of the process tree
    cpu: float  # CPU-seconds (user + system) of the process and every process it waited for
    log: str  # what it printed (the build log: one line per stage)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str]) -> Measured:
    """Wall time, peak PSS and CPU time of a command, as a fresh process; exits on failure."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Sampler(proc.pid) as sampler:
        out, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out}\n{err}")
    return Measured(seconds, sampler.peak_kb, _children_cpu() - cpu_before, out + err)


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time of a command and the peak PSS (kB) of its process tree; exits on failure."""
    m = measure(cmd)
    return m.seconds, m.peak_kb


def build_cmd(content: Path, out: Path, cache: Path, quiet: bool = True) -> list[str]:
    cmd = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
           "--today", TODAY] + (["--quiet"] if quiet else [])
    return cmd + ["--cache", str(cache)] if "--cache" in help_text("build") else cmd


# Cold-build stages with a target of their own (issue 16), as a share of the floor.
STAGE_TARGETS = {"social images": 0.15, "search": 0.3}


def stage_seconds(log: str) -> dict[str, float]:
    """Seconds per stage from a build's log (no TTY: one line per stage, app/progress.py)."""
    try:
        sys.path.insert(0, str(ROOT))
        from rvz_site.app.progress import STAGES
    except ImportError:  # an rvz-site from before the per-stage log
        return {}
    by_label = {label: stage for stage, (label, _) in STAGES.items()}
    found: dict[str, float] = {}
    for line in log.splitlines():
        m = re.match(r"^(?P<label>\S.*?)\s{2,}.*?(?P<seconds>\d+,\d+) s$", line)
        if m and m["label"].strip() in by_label:
            stage = by_label[m["label"].strip()]
            found[stage] = found.get(stage, 0.0) + float(m["seconds"].replace(",", "."))
    return found


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


def netlify_deploy(content: Path, out: Path, cache: Path, edited: Path | None, n: int) -> float:
    """A deploy as Netlify runs it: a fresh checkout of the content at the same path (every file new,
    with new times), the cache folder as Netlify restores it, and no public/. With `edited`, one
    article's body differs from what the cached build saw. Content and cache are put back after."""
    kept_content, kept_cache = content.with_name(content.name + "-kept"), cache.with_name(cache.name + "-kept")
    for folder in (kept_content, kept_cache):
        shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["cp", "-a", str(cache), str(kept_cache)], check=True)  # hard links and times kept
    content.rename(kept_content)
    try:
        shutil.copytree(kept_content, content, copy_function=shutil.copy)  # a checkout: new files, new times
        if edited is not None:
            edit(edited, n)
        shutil.rmtree(out, ignore_errors=True)
        return timed(build_cmd(content, out, cache))[0]
    finally:
        shutil.rmtree(content, ignore_errors=True)
        kept_content.rename(content)
        shutil.rmtree(cache, ignore_errors=True)
        kept_cache.rename(cache)


# What each top-level entry of the cache folder holds, as the bench reports it.
CACHE_PARTS = {"blobs": "stored pages", "cache.sqlite": "parse results and keys",
               "laatste-build": "page map and record", "social": "share pictures", "search": "search parts",
               "jinja": "compiled templates", "spare": "previous tree"}


def tree_bytes(root: Path, seen: set[tuple[int, int]]) -> int:
    """Bytes of the files under root, each inode counted once (a hard-linked page is stored once)."""
    total = 0
    paths = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    for path in paths:
        st = path.stat()
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            total += st.st_size
    return total


def cache_sizes(cache: Path, out: Path) -> dict[str, float]:
    """MB per part of the cache, and public/ by itself: Netlify saves and restores the cache whole,
    so a page that is hard-linked from public/ into the cache still counts for the cache."""
    sizes: dict[str, float] = {}
    seen: set[tuple[int, int]] = set()
    for entry in sorted(cache.iterdir()):
        part = CACHE_PARTS.get(entry.name, entry.name)
        sizes[part] = sizes.get(part, 0.0) + tree_bytes(entry, seen) / 1e6
    sizes["public/"] = tree_bytes(out, set()) / 1e6
    return sizes


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
    colds: list[Measured] = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(measure(build_cmd(content, out, cache, quiet=False)))
    best = min(colds, key=lambda m: m.seconds)
    for stage, seconds in stage_seconds(best.log).items():
        figures[f"stage:{stage}"] = seconds
    figures["cold"] = best.seconds
    figures["cpu_use"] = best.cpu / (best.seconds * len(os.sched_getaffinity(0)))
    figures["peak_mb"] = max(m.peak_kb for m in colds) / 1024
    note(size, "cold", figures["cold"])
    note(size, "cold: CPU use", figures["cpu_use"])
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
    for part, mb in cache_sizes(cache, out).items():
        figures[f"size:{part}"] = mb
    figures["netlify_unchanged"] = min(netlify_deploy(content, out, cache, None, 0) for _ in range(runs))
    note(size, "Netlify deploy, nothing changed", figures["netlify_unchanged"])
    figures["netlify_edit"] = min(netlify_deploy(content, out, cache, article, 100 + n) for n in range(runs))
    note(size, "Netlify deploy, one article changed", figures["netlify_edit"])
    if help_text("serve"):
        # The same cache as the builds: an editor's preview starts from what the last build kept.
        figures["serve"] = min(serve_rebuild(content, work, cache, max(runs, 3)))
    return figures


def cache_total(figures: dict[str, float]) -> float:
    return sum(v for k, v in figures.items() if k.startswith("size:") and k != "size:public/")


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
            ("Netlify deploy, nothing changed", "netlify_unchanged", "s"),
            ("Netlify deploy, one article changed", "netlify_edit", "s"),
            ("serve: save to rebuilt page", "serve", "s"), ("peak memory (PSS, all processes)", "peak_mb", "MB"),
            ("CPU use, cold build (CPU s / wall / cores)", "cpu_use", "%")]
    print(f"\n{'':36}" + "".join(f"{size:>22,}" for size in args.sizes))
    for label, key, unit in rows:
        cells = ""
        for size in args.sizes:
            value = results[size].get(key)
            if value is None:
                cells += f"{'-':>22}"
            elif unit == "MB":
                cells += f"{value:>19.0f} MB"
            elif unit == "%":
                cells += f"{value * 100:>20.0f} %"
            else:
                cells += f"{value:>9.3f} s ({value / results[size]['floor']:>5.2f}x)"
        print(f"{label:36}{cells}")
    stages = list(dict.fromkeys(key[6:] for figures in results.values() for key in figures if key.startswith("stage:")))
    if stages:
        print("\ncold build by stage")
        for stage in stages:
            cells = ""
            for size in args.sizes:
                value = results[size].get("stage:" + stage)
                cells += f"{'-':>22}" if value is None else f"{value:>9.3f} s ({value / results[size]['floor']:>5.2f}x)"
            print(f"  {stage:34}{cells}")
    parts = sorted({key[5:] for figures in results.values() for key in figures if key.startswith("size:")})
    print("\ncache size by part (MB)")
    for part in parts:
        print(f"  {part:34}" + "".join(f"{results[size].get('size:' + part, 0):>19.0f} MB" for size in args.sizes))
    print(f"  {'cache / public/':34}" + "".join(
        f"{cache_total(results[size]) / results[size]['size:public/']:>20.2f}x" for size in args.sizes))
    big, small = max(args.sizes), min(args.sizes)
    r = results[big]
    print(f"\ntargets at {big:,} articles ({cores} cores):")
    # Issue 16's targets (they replace issue 5's): all from this one run.
    checks = [
        ("cold full build <= 2.0x floor", r["cold"] <= 2.0 * r["floor"], f"{r['cold'] / r['floor']:.2f}x"),
        ("CPU use in the cold build >= 90%", r["cpu_use"] >= 0.9, f"{r['cpu_use'] * 100:.0f}%"),
        ("Netlify deploy, one edit <= 4 s", r["netlify_edit"] <= 4, f"{r['netlify_edit']:.2f} s"),
        ("Netlify deploy, nothing changed <= 2 s", r["netlify_unchanged"] <= 2, f"{r['netlify_unchanged']:.2f} s"),
        ("nothing changed <= 0.5 s", r["unchanged"] <= 0.5, f"{r['unchanged']:.2f} s"),
        ("one article changed <= 1.2 s", r["one_edit"] <= 1.2, f"{r['one_edit']:.2f} s"),
        ("serve rebuild <= 150 ms", r.get("serve", 1e9) <= 0.15,
         f"{r['serve'] * 1000:.0f} ms" if "serve" in r else "not measured"),
        ("peak memory <= 500 MB", r["peak_mb"] <= 500, f"{r['peak_mb']:.0f} MB"),
        ("cache <= 1.0x public/", cache_total(r) <= r["size:public/"],
         f"{cache_total(r) / r['size:public/']:.2f}x"),
    ]
    for stage, limit in STAGE_TARGETS.items():
        if f"stage:{stage}" in r:
            share = r[f"stage:{stage}"] / r["floor"]
            checks.append((f"cold: {stage} <= {limit}x floor", share <= limit, f"{share:.2f}x"))
    if big != small:
        ratio = r["cold"] / results[small]["cold"]
        checks.append((f"cold {big:,} <= 10x cold {small:,}", ratio <= 10, f"{ratio:.1f}x"))
    for label, ok, value in checks:
        print(f"  {'met ' if ok else 'MISS'}  {label:36} {value}")


if __name__ == "__main__":
    main()
