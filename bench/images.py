#!/usr/bin/env python3
"""How fast rvz-site publishes phone photos. Prints figures and the targets; asserts nothing.

Usage: python bench/images.py [--photos 100] [--work DIR] [--jobs N]

Makes --photos photos of 12 MP (4000x3000 JPEGs with EXIF orientation 6, GPS, XMP; tests/images/
photokit.py; kept in --work between runs) and ten articles that show them, then measures, each as
a fresh `build.py` process from start to exit:
- cold: an empty build cache, so every photo is decoded and encoded (targets: <= 60 s on 2 cores,
  peak memory <= 500 MB, the PSS of the build and its workers added up);
- warm: the same content into another output folder with the same cache, so the build cannot
  take its "nothing changed" shortcut and goes through the photo stage (target: 0 photos made).
Then the time of the image check and the photo stage in a warm build, run in this process.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from run import TODAY, build_cmd, timed  # noqa: E402  (bench/run.py: the same process timing)

from rvz_site.app.building import build_site  # noqa: E402
from rvz_site.build.pipeline import BuildOptions  # noqa: E402
from tests.images.photokit import phone_photo, scene  # noqa: E402
from tests.kit import make_site  # noqa: E402

SCENES = 10  # photos are drawn on ten scenes, each marked differently, so no two have the same bytes
PER_ARTICLE = 10


def make_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"foto-{i:03d}.jpg" for i in range(count)]
    if all(p.is_file() for p in paths):
        return paths
    start = time.perf_counter()
    scenes = [scene(s) for s in range(min(SCENES, count))]
    for i, path in enumerate(paths):
        if not path.is_file():
            path.write_bytes(phone_photo(1000 + i, base=scenes[i % len(scenes)]))
    print(f"made {count} photos of 12 MP in {time.perf_counter() - start:.0f} s "
          f"({sum(p.stat().st_size for p in paths) / 1e6:.0f} MB)")
    return paths


def make_content(root: Path, photos: list[Path]) -> Path:
    files: dict[str, str | bytes] = {f"media/fotos/{p.name}": p.read_bytes() for p in photos}
    for start in range(0, len(photos), PER_ARTICLE):
        shown = photos[start:start + PER_ARTICLE]
        body = "".join(f"![Foto {p.stem}](/media/fotos/{p.name})\n\nBij {p.stem}.\n\n" for p in shown[1:])
        files[f"actueel/fotos-{start:03d}.md"] = (
            f"---\ntitle: Fotoreportage {start // PER_ARTICLE + 1}\ndate: 2020-12-{1 + start // PER_ARTICLE:02d}\n"
            f"image: /media/fotos/{shown[0].name}\nimage_alt: De eerste foto\n---\n{body}")
    return make_site(root, files)


def cpu_seconds() -> float:
    """User and system time of every finished child process so far (a build and its workers)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def photos_made(cache: Path, since: float) -> int:
    """Store entries whose manifest was written after `since`: photos this run encoded."""
    return sum(1 for m in (cache / "photos").glob("*/*/manifest.json") if m.stat().st_mtime >= since)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "rvz-bench-images")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes; 0: every core")
    args = parser.parse_args()
    photos = make_photos(args.work / "photos", args.photos)
    run = args.work / "run"
    shutil.rmtree(run, ignore_errors=True)
    content = make_content(run, photos)
    cache = run / "cache"
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []

    started, cpu = time.time(), cpu_seconds()
    cold, cold_kb = timed([*build_cmd(content, run / "koud", cache), *jobs])
    made_cold, cold_cpu = photos_made(cache, started), cpu_seconds() - cpu
    started = time.time()
    warm, warm_kb = timed([*build_cmd(content, run / "warm", cache), *jobs])
    made_warm = photos_made(cache, started)
    report = build_site(BuildOptions(content, run / "warm-2", date.fromisoformat(TODAY), jobs=args.jobs,
                                     cache_dir=cache))
    stage = report.timings.get("images", 0.0) + report.timings.get("photos", 0.0)
    files = sum(1 for p in (run / "koud/media/fotos").iterdir())

    print(f"{args.photos} photos of 12 MP, {files} files published")
    print(f"cold build:  {cold:6.1f} s   peak memory {cold_kb / 1024:5.0f} MB   photos encoded {made_cold}"
          "   (targets: <= 60 s on 2 cores, <= 500 MB)")
    # On a machine shared with other work the wall time says little; the CPU time does not change.
    print(f"             CPU time {cold_cpu:.1f} s over all processes: {cold_cpu / 2:.1f} s on 2 idle cores "
          f"(load average now {os.getloadavg()[0]:.1f})")
    print(f"warm build:  {warm:6.1f} s   peak memory {warm_kb / 1024:5.0f} MB   photos encoded {made_warm}"
          "   (target: 0 encoded)")
    print(f"image check and photo stage in a warm build: {stage:.2f} s (hashing the sources, reading the store)")


if __name__ == "__main__":
    main()
