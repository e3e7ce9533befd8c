"""Lighthouse scores and layout shift of the built real site, served as Netlify serves it.

Lighthouse is not a dependency of the project (185 MB, about 11 s a page): install it outside the
repository first, e.g. `mkdir -p /tmp/lh && cd /tmp/lh && npm install lighthouse`. Then

    python bench/lighthouse.py --lighthouse /tmp/lh [--devtools]

builds content/ into a temporary folder, serves it with the [[headers]] of netlify.toml (the CSP
included) and prints, per page type, the four category scores and CLS, LCP, FCP and TBT, measured
as a phone (Lighthouse's mobile preset, simulated throttling; --devtools throttles for real).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.kit import CHROMIUM, CHROMIUM_ARGS, static_server  # noqa: E402

PAGES = {"home": "/", "artikel": "/actueel/vernieuwingsbeweging-wordt-steeds-sterker/",
         "thema": "/themas/verbreden-beweging/", "zoeken": "/zoeken/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def measure(lighthouse: Path, url: str, out: Path, devtools: bool) -> dict:
    command = ["npx", "lighthouse", url, "--quiet", "--output=json", f"--output-path={out}",
               "--form-factor=mobile", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    if devtools:
        command.append("--throttling-method=devtools")
    subprocess.run(command, cwd=lighthouse, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lighthouse", type=Path, required=True, help="folder where npm installed lighthouse")
    parser.add_argument("--devtools", action="store_true", help="throttle the network for real")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        public = Path(tmp) / "public"
        subprocess.run([sys.executable, "build.py", "--content", "content", "--out", str(public),
                        "--today", "2026-11-24"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        print("pagina   perf a11y   bp  seo    CLS  LCP s  FCP s TBT ms")
        with static_server(public, netlify=True) as served:
            for name, path in PAGES.items():
                report = measure(args.lighthouse, served.url(path), Path(tmp) / f"{name}.json", args.devtools)
                scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                cls, lcp, fcp, tbt = (report["audits"][key]["numericValue"] for key in (
                    "cumulative-layout-shift", "largest-contentful-paint", "first-contentful-paint",
                    "total-blocking-time"))
                print(f"{name:8} {scores[0]:4} {scores[1]:4} {scores[2]:4} {scores[3]:4} "
                      f"{cls:6.3f} {lcp / 1000:6.2f} {fcp / 1000:6.2f} {tbt:6.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
