#!/usr/bin/env python3
"""How long `rvz-site check` takes on a content folder (default: content/). Prints figures; asserts nothing.

Usage: python bench/check_speed.py [CONTENT] [--runs N]

The goal for editors is under 2 s on the site's own content, measured as they run it:
a fresh process, from start to exit.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = []
    code = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", args.content],
                              capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        code = proc.returncode
    print(f"check {args.content}: exit {code}; median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
