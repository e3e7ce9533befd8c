#!/usr/bin/env python3
"""What one share picture (the title on the movement's colours, outputs/socialimage.py) costs.
Prints figures; asserts nothing.

Usage: python bench/pictures.py [--pictures 1000] [--rounds 3] [--site "Radicale vernieuwing zorg"]

Draws --pictures title pictures in this one process, as one picture worker does, with the titles of
bench/gen_corpus.py's generator (varied length, Dutch accents) and a few long ones that need the
smaller sizes or the cut with "…". Each step is timed over all titles in turn, in CPU time of this
process (the machine is shared: wall time would count the others' work), and the best of --rounds
is shown, in ms per picture. Every step starts from the same fresh process state, so a cache that
a step keeps (glyphs, shared rows) is warmed by the round before; the first round's figure, cold,
is shown as well.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from gen_corpus import make_title  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from rvz_site.outputs import socialimage as pictures  # noqa: E402

LONG = [
    "Van zorgen voor naar zorgen met: wat bewoners, medewerkers, familie en vrijwilligers in "
    "twaalf jaar leerden over zeggenschap, ruimte en vertrouwen in de wijk",
    "Arbeidsmarktvernieuwingsprogrammaontwikkelingstrajectbegeleiding in één middag uitgelegd",
    "Ideeën, cliëntenraden en coöperaties: een terugblik op vijf jaar radicale vernieuwing "
    "van de zorg in Zeeland, Drenthe en Limburg, met alle verhalen die erbij horen",
]


def titles(count: int) -> list[str]:
    generated = [make_title(random.Random(f"deelbeeld:{i}").random) for i in range(count - len(LONG))]
    return [*generated, *LONG][:count]


def timed(step: Callable[[Any], Any], inputs: Sequence[Any]) -> tuple[float, list[Any]]:
    start = time.process_time()
    outputs = [step(value) for value in inputs]
    return (time.process_time() - start) * 1000 / len(inputs), outputs


def today_steps(site: str) -> list[tuple[str, Callable[[Any], Any]]]:
    """Today's drawing (Pillow's text on the whole picture, its PNG encoder), step by step."""

    def text(fitted: tuple[int, list[str]]) -> Image.Image:
        size, lines = fitted
        mask = Image.new("L", (pictures.WIDTH, pictures.HEIGHT), 0)
        ImageDraw.Draw(mask).multiline_text((pictures.MARGIN, pictures.MARGIN), "\n".join(lines),
                                            font=pictures._font(size), fill=255, spacing=size // 4)
        return mask

    def paste(picture: Image.Image) -> Image.Image:
        picture.paste(pictures._footer(site), (0, pictures.HEIGHT - pictures.FOOTER))
        picture.paste(pictures._STRIPE_INDEX, (0, 0, pictures.STRIPE, pictures.HEIGHT - pictures.FOOTER))
        picture.putpalette(pictures._PALETTE)
        return picture

    def encode(picture: Image.Image) -> bytes:
        out = io.BytesIO()
        picture.save(out, "PNG", compress_level=3)
        return out.getvalue()

    return [("wrap/fit", pictures._fit), ("text drawing", text),
            ("LUT", lambda mask: mask.point(pictures._TITLE_LUT)), ("paste", paste), ("PNG encode", encode)]


def measure(name: str, steps: list[tuple[str, Callable[[Any], Any]]], inputs: list[str],
            rounds: int) -> tuple[float, list[bytes]]:
    best: dict[str, float] = {}
    cold = 0.0
    for round_ in range(rounds):
        values: list[Any] = inputs
        total = 0.0
        for step, run in steps:
            ms, values = timed(run, values)
            best[step] = min(best.get(step, ms), ms)
            total += ms
        if round_ == 0:
            cold = total
    print(f"\n{name}")
    for step, ms in best.items():
        print(f"  {step:<14} {ms:7.3f} ms")
    total = sum(best.values())
    print(f"  {'total':<14} {total:7.3f} ms per picture (first round, cold: {cold:.3f} ms)")
    return total, values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pictures", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--site", default="Radicale vernieuwing zorg")
    args = parser.parse_args()
    inputs = titles(args.pictures)
    total, drawn = measure("today: Pillow's text on the whole picture, Pillow's PNG encoder",
                           today_steps(args.site), inputs, args.rounds)
    print(f"  {sum(map(len, drawn)) / len(drawn):,.0f} bytes per picture")


if __name__ == "__main__":
    main()
