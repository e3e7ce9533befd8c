#!/usr/bin/env python3
"""How long `rvz-site import-wordpress` takes on a large export (the target: 2,000 posts in at most 30 s on 2 cores).

Usage::

    python bench/import_wordpress.py [N]        # N posts, default 2000

Writes a deterministic WXR 1.2 export of N posts (classic and block bodies of some 700 words,
captions, galleries, embeds, spotlights, lists, tables, three levels of categories, tags,
attachments and an uploads folder) into a temporary folder, imports it once and prints the
seconds. Nothing is timed in the tests; this is the place for the figure.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from rvz_site.app.cli import main  # noqa: E402

WORDS = ["zorg", "bewoners", "medewerkers", "relaties", "regels", "vernieuwing", "beweging", "wijk", "thuis",
         "samen", "ruimte", "vertrouwen", "naasten", "kwaliteit", "leren", "organisatie", "verpleeghuis", "eigen",
         "regie", "gesprek", "toekomst"]
CATEGORIES = [("zorg", ""), ("wonen", "zorg"), ("ouderen", "wonen"), ("werk", ""), ("leren", "werk"),
              ("nieuws", ""), ("verhalen", "")]


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, i: int, classic: bool) -> str:
    parts: list[str] = []
    for k in range(8):
        text = " ".join(sentence(rng) for _ in range(5))
        if classic:
            parts.append(text)
        else:
            parts.append(f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->")
        if k == 2:
            parts.append('[caption id="attachment_9" width="300"]<img class="wp-image-9" '
                         'src="https://www.bench.example/wp-content/uploads/2020/05/foto-300x200.jpg" alt="Foto"> '
                         'Een bijschrift[/caption]')
        if k == 3:
            parts.append("<h2>Tussenkop</h2>\n<ul>\n<li>een<ul><li>twee</li></ul></li>\n<li>drie</li>\n</ul>")
        if k == 4 and i % 3 == 0:
            parts.append("https://www.youtube.com/watch?v=dQw4w9WgXcQ" if classic else
                         '<!-- wp:embed {"url":"https://vimeo.com/76979871"} -->\n<figure>x</figure>\n'
                         "<!-- /wp:embed -->")
        if k == 5 and i % 4 == 0:
            parts.append("[spotlight title=\"Let op\"]Een kader met tekst.[/spotlight]")
        if k == 6 and i % 5 == 0:
            parts.append("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")
    return "\n\n".join(parts)


def export(n: int) -> str:
    rng = random.Random(2026)
    out = ['<?xml version="1.0" encoding="UTF-8" ?>',
           '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:wp="http://wordpress.org/export/1.2/">', "<channel>", "<title>Bench</title>",
           "<link>https://www.bench.example</link>", "<description>Proef</description>",
           "<wp:wxr_version>1.2</wp:wxr_version>"]
    for slug, parent in CATEGORIES:
        out.append(f"<wp:category><wp:category_nicename>{slug}</wp:category_nicename>"
                   f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name>{slug.title()}</wp:cat_name>"
                   "</wp:category>")
    out.append("<item><title>Foto</title><wp:post_id>9</wp:post_id><wp:status>inherit</wp:status>"
               "<wp:post_type>attachment</wp:post_type>"
               "<wp:attachment_url>https://www.bench.example/wp-content/uploads/2020/05/foto.jpg</wp:attachment_url>"
               "<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2020/05/foto.jpg"
               "</wp:meta_value></wp:postmeta></item>")
    for i in range(n):
        post_id = 1000 + i
        day = f"20{15 + i % 10:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        category = CATEGORIES[i % len(CATEGORIES)][0]
        out.append(
            f"<item><title>Bericht {i}: {sentence(rng, 5)}</title>"
            f"<link>https://www.bench.example/{day.replace('-', '/')}/bericht-{i}/</link>"
            f"<content:encoded><![CDATA[{body(rng, i, classic=i % 2 == 0)}]]></content:encoded>"
            f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date>{day} 10:00:00</wp:post_date><wp:post_date_gmt>{day} 09:00:00</wp:post_date_gmt>"
            f"<wp:post_name>bericht-{i}</wp:post_name><wp:status>publish</wp:status>"
            f"<wp:post_type>post</wp:post_type><category domain=\"category\" nicename=\"{category}\">"
            f"<![CDATA[{category.title()}]]></category><category domain=\"post_tag\" nicename=\"tag-{i % 40}\">"
            f"<![CDATA[Tag {i % 40}]]></category><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>9</wp:meta_value></wp:postmeta></item>")
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"


def run(n: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its workers) for one import of n posts."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "export.xml").write_text(export(n), "utf-8")
        (root / "uploads" / "2020" / "05").mkdir(parents=True)
        (root / "uploads" / "2020" / "05" / "foto.jpg").write_bytes(b"\xff\xd8\xff\xd9")
        start, cpu = time.perf_counter(), os.times()
        code = main(["import-wordpress", str(root / "export.xml"), "--content", str(root / "site" / "content"),
                     "--uploads", str(root / "uploads")])
        seconds, after = time.perf_counter() - start, os.times()
        if code != 0:
            raise SystemExit(code)
        used = sum(after[:4]) - sum(cpu[:4])  # user and system time, of this process and its children
        return seconds, used


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    wall, cpu = run(count)
    # On a shared machine the wall time depends on the neighbours; the CPU time says what the import itself costs.
    print(f"import-wordpress: {count} berichten in {wall:.1f} s ({cpu:.1f} s processortijd, "
          f"belasting {os.getloadavg()[0]:.1f}); doel: 2000 in hoogstens 30 s op 2 kernen")
