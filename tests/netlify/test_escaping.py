"""Titles, summaries and keywords holding <script>, quotes or & come out as text in every
kind of output: each output is parsed back and must give the editor's words, and no
element or attribute the editor did not write."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import lxml.html

from tests.kit import build_subprocess, copy_fixture, write

TITLE = """<script>alert("t")</script> Zorg & 'welzijn' "samen" </title><b>"""
SUMMARY = """Samen & "anders" </p><script>alert('s')</script> <img src=x onerror=alert(1)>"""
KEYWORD = """<i>Regels</i> & "relaties" """.strip()
QUOTES = str.maketrans({"„": '"', "”": '"', "“": '"', "‘": "'", "’": "'"})


def hostile_site(tmp_path: Path) -> Path:
    content = copy_fixture(tmp_path)
    front = (f"title: {json.dumps(TITLE)}\ndate: 2026-11-01\nsummary: {json.dumps(SUMMARY)}\n"
             f"keywords: [{json.dumps(KEYWORD)}]\nthemes: [overig]\n")
    write(content / "actueel" / "vijandig.md", f"---\n{front}---\nGewone tekst.\n")
    write(content / "bijeenkomsten" / "vijandige-dag.md",
          f"---\n{front}start: 2026-12-01T10:00:00+01:00\nlocation: \"Zaal <b> & 'co'\"\n---\nTekst.\n")
    out = tmp_path / "public"
    result = build_subprocess(content, out)
    assert result.code == 0, result.err
    return out


def plain(text: str) -> str:
    return " ".join(text.translate(QUOTES).split())


def test_every_output_gives_back_the_editors_words(tmp_path: Path) -> None:
    out = hostile_site(tmp_path)
    title, summary, keyword = plain(TITLE), plain(SUMMARY), plain(KEYWORD)
    pages = sorted(out.rglob("*.html"))
    seen_title = seen_summary = seen_keyword = seen_json_ld = 0
    for file in pages:
        raw = file.read_text(encoding="utf-8")
        doc = lxml.html.fromstring(raw)
        # nothing the editor typed became markup
        # (JSON-LD blocks are data, not code: they are checked below)
        assert not [s for s in doc.iter("script") if s.get("type") != "application/ld+json"
                    and "alert" in (s.text or "") + str(s.get("src"))], file
        assert not doc.xpath("//*[@onerror or @onclick]"), file
        assert not doc.xpath("//title/b | //h1//b | //h2//b | //h3//b"), file
        text = plain(doc.text_content())
        seen_title += title in text
        seen_summary += summary in text
        seen_keyword += keyword in text
        for block in doc.xpath("//script[@type='application/ld+json']"):
            data = json.loads(block.text)  # must stay valid JSON, and must not end the <script> early
            assert "</" not in block.text, file
            seen_json_ld += data.get("headline") is not None and plain(data["headline"]) == plain(TITLE)
    assert seen_title >= 5 and seen_summary >= 2 and seen_keyword >= 2, (seen_title, seen_summary, seen_keyword)
    assert seen_json_ld >= 1  # the article's structured data holds the title, as data
    article = lxml.html.fromstring((out / "actueel" / "vijandig" / "index.html").read_bytes())
    assert plain(article.xpath("//h1")[0].text_content()) == title
    assert plain(article.xpath("//title")[0].text_content()).startswith(title)
    # attributes hold the words as data: the share card's title is the title, whole
    assert [plain(m.get("content")) for m in article.xpath("//meta[@property='og:title']")] == [title]


def test_feeds_sitemap_and_calendar_parse_back_to_the_same_words(tmp_path: Path) -> None:
    out = hostile_site(tmp_path)
    rss = lxml.etree.parse(str(out / "feed.xml"))
    items = {plain(t) for t in rss.xpath("//item/title/text()")}
    assert plain(TITLE) in items
    descriptions = {plain(d) for d in rss.xpath("//item/description/text()")}
    assert plain(SUMMARY) in descriptions
    assert plain(KEYWORD) in {plain(c) for c in rss.xpath("//item/category/text()")}
    for atom_file in out.rglob("atom.xml"):
        atom = lxml.etree.parse(str(atom_file))
        ns = {"a": "http://www.w3.org/2005/Atom"}
        assert all(t.strip() for t in atom.xpath("//a:entry/a:title/text()", namespaces=ns))
    atom = lxml.etree.parse(str(out / "atom.xml"))
    titles = atom.xpath("//a:entry/a:title/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert plain(TITLE) in {plain(t) for t in titles}
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert plain(TITLE) in {plain(i["title"]) for i in feed["items"]}
    sitemap = lxml.etree.parse(str(out / "sitemap.xml"))
    locs = sitemap.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert any(loc.endswith("/actueel/vijandig/") for loc in locs)
    assert all("<" not in loc and '"' not in loc for loc in locs)
    import icalendar

    checked = 0
    for ics in out.rglob("*.ics"):
        calendar = icalendar.Calendar.from_ical(ics.read_bytes())
        for event in calendar.walk("VEVENT"):
            if "alert" in str(event.get("SUMMARY")):
                assert plain(str(event.get("SUMMARY"))) == plain(TITLE)
                assert plain(str(event.get("LOCATION"))) == plain("Zaal <b> & 'co'")
                checked += 1
    assert checked >= 2  # the event's own .ics and the agenda
