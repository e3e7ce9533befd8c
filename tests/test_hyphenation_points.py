"""Hyphenation points go into headings and card titles, and nowhere else: not into <title>,
share cards, JSON-LD, feeds or the search index, and never as a soft hyphen character."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from markupsafe import Markup

from rvz_site.render.hyphenate import POINT, hyphenate, hyphenation_points
from tests.kit import build, make_site

TITLE = "Vernieuwingsbeweging & praktijkvoorbeelden"


def test_long_words_get_the_dutch_points_and_text_stays_escaped():
    assert hyphenation_points("Wetenswaardigheden") == (2, 6, 10, 13, 15)
    assert hyphenate("Wetenswaardigheden <b>") == Markup(POINT.join(["We", "tens", "waar", "dig", "he", "den"])
                                                         + " &lt;b&gt;")
    assert hyphenate(Markup("zorg &amp; welzijn")) == Markup("zorg &amp; welzijn")  # short words: untouched
    assert hyphenate("PRAKTIJKVOORBEELDEN").count(POINT) == 4


def test_points_stand_in_headings_and_cards_and_nowhere_else(tmp_path: Path):
    body = "Reflectiegesprekken in de tekst.\n\n## Over reflectiegesprekken\n\nTekst.\n"
    content = make_site(tmp_path, {"actueel/lang.md": f"---\ntitle: {TITLE}\ndate: 2021-03-01\n---\n{body}"})
    public = tmp_path / "public"
    assert build(content, public).code == 0
    page = (public / "actueel/lang/index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert h1 == hyphenate(TITLE)
    assert "<p>Reflectiegesprekken in de tekst.</p>" in page  # body text: the browser wraps between words
    assert f">Over {hyphenate('reflectiegesprekken')}</h2>" in page
    listing = (public / "actueel/index.html").read_text(encoding="utf-8")
    assert str(hyphenate(TITLE)) in listing  # the card title
    head = page[:page.index("</head>")]
    assert "Vernieuwingsbeweging &amp; praktijkvoorbeelden" in head and 'class="hy"' not in head
    for rel in ("feed.xml", "atom.xml", "feed.json", "sitemap.xml"):
        text = (public / rel).read_text(encoding="utf-8")
        assert "hy\\\"" not in text and 'class="hy"' not in text and "&lt;span" not in text, rel
    for path in public.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt"):
            assert "\u00ad" not in path.read_text(encoding="utf-8"), path
    # Pagefind indexes the page's text: the whole words, as a reader searches for them.
    fragments = [gzip.decompress(f.read_bytes()) for f in (public / "pagefind/fragment").glob("*.pf_fragment")]
    assert any(b"Vernieuwingsbeweging & praktijkvoorbeelden" in f for f in fragments)
