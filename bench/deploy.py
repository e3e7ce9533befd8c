#!/usr/bin/env python3
"""The four builds an editor waits for, a few minutes' work instead of bench/run.py's whole run:
a Netlify deploy with nothing changed and with one article changed (bench/run.py's netlify_deploy:
a fresh copy of the content, the cache as restored, no public/), and the same two locally.

Usage: PYTHONPATH=DIR python bench/deploy.py --size 1000 --runs 3 [--work DIR]
The rvz-site that runs is the one on PYTHONPATH, so two checkouts can be compared in the same
minute; each keeps its own cache (a program's cache is keyed by its own source). Prints each
time as it is measured, then the best of each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, build_cmd, edit, netlify_deploy, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rvz-deploy-bench"))
    args = parser.parse_args()
    code = Path(os.environ.get("PYTHONPATH", str(ROOT)).split(os.pathsep)[0]).resolve()
    corpus = args.work / f"corpus-{args.size}"
    if not (corpus / "site.yaml").exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(args.size), str(corpus), "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    place = args.work / code.name  # one content copy, public/ and cache per checkout measured
    content, out, cache = place / "content", place / "public", place / "cache"
    if not (cache / "laatste-build").is_dir():
        shutil.rmtree(place, ignore_errors=True)
        shutil.copytree(corpus, content)
        print(f"first build with {code} (cold) ...", flush=True)
        timed(build_cmd(content, out, cache))
    article = sorted((content / "praktijkvoorbeelden").glob("*.md"))[0]
    rows: dict[str, list[float]] = {}

    def note(what: str, seconds: float) -> None:
        rows.setdefault(what, []).append(seconds)
        print(f"  {what}: {seconds:.3f} s", flush=True)

    timed(build_cmd(content, out, cache))  # whatever the last run left: the site up to date
    for n in range(args.runs):
        note("local, nothing changed", timed(build_cmd(content, out, cache))[0])
        edit(article, 500 + n)
        note("local, one article changed", timed(build_cmd(content, out, cache))[0])
        note("Netlify deploy, nothing changed", netlify_deploy(content, out, cache, None, 0))
        note("Netlify deploy, one article changed", netlify_deploy(content, out, cache, article, 600 + n))
        timed(build_cmd(content, out, cache))  # public/ as the cache's record says, for the next run
    print(f"\n{code}, {args.size:,} articles, best of {args.runs} (load {os.getloadavg()[0]:.1f}):")
    for what, times in rows.items():
        print(f"  {what:38} {min(times):7.3f} s   (all: {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
