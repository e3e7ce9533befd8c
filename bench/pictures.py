#!/usr/bin/env python3
"""What one share picture (the title on the movement's colours, outputs/socialimage.py) costs.
Prints figures; asserts nothing.

Usage: python bench/pictures.py [--pictures 5000] [--rounds 3] [--site "Radicale vernieuwing zorg"]

Draws --pictures title pictures in this one process, as one picture worker does (at 10,000 articles
on 2 cores each process draws some 5,000), with the titles of bench/gen_corpus.py's generator (varied
length, Dutch accents) and a few long ones that need the smaller sizes or the cut with "…". Each step
is timed over all titles in turn, in CPU time of this process (the machine is shared: wall time would
count the others' work), in ms per picture. Every round starts as a fresh worker does, with every
cache of the module emptied (rendered words, shared rows, fonts), and the best of --rounds is shown.
Both ways are run in the same minute: today's (Pillow's text, line by line, on the whole picture and
its PNG encoder at level 3, split into its steps) and draw_social_image's, whose words sit at whole
pixels. The decoded pixels are compared with today's, and with plain_picture's (the same words put
down by Pillow's text on the whole picture), which they must equal.
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
    """Today's drawing (plain_picture, then Pillow's PNG encoder at level 3), step by step."""

    def fit(title: str) -> tuple[int, list[str]]:
        # Today's wrap measured every line anew with Pillow: the lines are the same as _fit's.
        width = pictures.WIDTH - 2 * pictures.MARGIN
        for size in (68, 60, 52, 44):
            lines: list[str] = []
            for word in title.split():
                if lines and pictures._font(size).getlength(f"{lines[-1]} {word}") <= width:
                    lines[-1] = f"{lines[-1]} {word}"
                else:
                    lines.append(word)
            if len(lines) <= 4:
                return size, lines
        return pictures._fit(title)  # cut with "…": rare, and the same lines

    def text(fitted: tuple[int, list[str]]) -> Image.Image:
        size, lines = fitted
        mask = Image.new("L", (pictures.WIDTH, pictures.HEIGHT), 0)
        ImageDraw.Draw(mask).multiline_text((pictures.MARGIN, pictures.MARGIN), "\n".join(lines),
                                            font=pictures._font(size), fill=255, spacing=size // 4)
        return mask

    footer = Image.new("L", (pictures.WIDTH, pictures.FOOTER), 0)  # drawn once per process, as today
    ImageDraw.Draw(footer).text((pictures.MARGIN, 18), site, font=pictures._font(32), fill=255)
    footer = footer.point(pictures._FOOTER_LUT)

    def paste(picture: Image.Image) -> Image.Image:
        picture.paste(footer, (0, pictures.HEIGHT - pictures.FOOTER))
        picture.paste(pictures._STRIPE_INDEX, (0, 0, pictures.STRIPE, pictures.HEIGHT - pictures.FOOTER))
        picture.putpalette(pictures._PALETTE)
        return picture

    def encode(picture: Image.Image) -> bytes:
        out = io.BytesIO()
        picture.save(out, "PNG", compress_level=3)
        return out.getvalue()

    return [("wrap/fit", fit), ("text drawing", text),
            ("LUT", lambda mask: mask.point(pictures._TITLE_LUT)), ("paste", paste), ("PNG encode", encode)]


def fast_steps(site: str) -> list[tuple[str, Callable[[Any], Any]]]:
    """draw_social_image, step by step: the words from the cache, only the title's rows drawn and
    deflated, the ground and the footer deflated once."""

    return [("wrap/fit", pictures._fit), ("words", lambda fitted: pictures._pieces(*fitted)),
            ("text drawing", pictures._coverage), ("LUT, stripe", pictures._title_rows),
            ("PNG encode", lambda rows: pictures._png(rows, site))]


def forget() -> None:
    """Every cache of the module emptied, as in a freshly forked worker."""
    for cached in (pictures._font, pictures._word, pictures._width, pictures._line_spacing, pictures._ground,
                   pictures._footer):
        cached.cache_clear()


def measure(name: str, steps: list[tuple[str, Callable[[Any], Any]]], inputs: list[str],
            rounds: int) -> tuple[float, list[bytes]]:
    best: dict[str, float] = {}
    totals = []
    for _ in range(rounds):
        forget()
        values: list[Any] = inputs
        total = 0.0
        for step, run in steps:
            ms, values = timed(run, values)
            best[step] = min(best.get(step, ms), ms)
            total += ms
        totals.append(total)
    print(f"\n{name}")
    for step, ms in best.items():
        print(f"  {step:<14} {ms:7.3f} ms")
    total = min(totals)
    print(f"  {'total':<14} {total:7.3f} ms per picture (the best round; all: {', '.join(f'{t:.3f}' for t in totals)})")
    return total, values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pictures", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--site", default="Radicale vernieuwing zorg")
    args = parser.parse_args()
    inputs = titles(args.pictures)
    total, drawn = measure("today: Pillow's text on the whole picture, Pillow's PNG encoder",
                           today_steps(args.site), inputs, args.rounds)
    print(f"  {sum(map(len, drawn)) / len(drawn):,.0f} bytes per picture")
    fast, made = measure("draw_social_image: words cached, the title's rows alone drawn and deflated",
                         fast_steps(args.site), inputs, args.rounds)
    print(f"  {sum(map(len, made)) / len(made):,.0f} bytes per picture")
    words = pictures._word.cache_info()
    print(f"  word cache, last round: {words.hits / max(1, words.hits + words.misses):.0%} hits, "
          f"{words.currsize:,} words kept")
    decoded = [(Image.open(io.BytesIO(new)).tobytes(), Image.open(io.BytesIO(old)).tobytes())
               for new, old in zip(made, drawn, strict=True)]
    moved = [sum(a != b for a, b in zip(new, old, strict=True)) for new, old in decoded if new != old]
    plain = all(new == pictures.plain_picture(title, args.site).tobytes()
                for (new, _), title in zip(decoded[:200], inputs, strict=False))
    print(f"\nfast / today: {fast / total:.3f} ({total:.3f} -> {fast:.3f} ms per picture)")
    print(f"pixels: {len(moved)} of {len(inputs)} pictures differ from today's (words at whole pixels), "
          f"{sum(moved) / max(1, len(moved)):,.0f} pixels each on average of {pictures.WIDTH * pictures.HEIGHT:,}; "
          f"the first 200 {'equal' if plain else 'DIFFER FROM'} plain_picture's")

if __name__ == "__main__":
    main()
