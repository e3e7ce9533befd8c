"""What the build makes of a content folder: pages at the contract's URLs, terms, feeds, drafts and dates."""

from __future__ import annotations

from pathlib import Path

import feedparser
from lxml import html as lxml_html

from tests.kit import FIXTURE_CONTENT, REPO, TODAY, build, copy_fixture, make_site, run_subprocess, snapshot


def page(public: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((public / url.strip("/") / "index.html").read_bytes())


def test_pages_exist_at_the_contract_urls(fixture_public: Path) -> None:
    public = fixture_public
    for path in [
        "index.html", "actueel/index.html", "actueel/pagina/2/index.html",
        "actueel/vernieuwingsbeweging-wordt-steeds-sterker/index.html",
        "praktijkvoorbeelden/zorgcentra-de-betuwe/index.html",
        "bijeenkomsten/inspiratiebijeenkomst-jet-bussemaker/index.html",
        "publicaties/zicht-op-vernieuwing-4/index.html", "over-ons/index.html",
        "themas/index.html", "themas/overig/index.html",
        "themas/overig/betrokkenen-zorgorganisaties/index.html",
        "themas/overig/betrokkenen-zorgorganisaties/feed.xml",
        "trefwoorden/index.html", "trefwoord/communicatie/index.html", "trefwoord/communicatie/feed.xml",
        "deelnemers/index.html", "deelnemers/de-leyhoeve/index.html", "deelnemers/de-leyhoeve/feed.xml",
        "feed.xml", "sitemap.xml", "robots.txt", "404.html", "media/beelden/kring.svg",
    ]:
        assert (public / path).is_file(), path


def test_article_page_shows_dutch_date_and_term_links(fixture_public: Path) -> None:
    public = fixture_public
    doc = page(public, "/actueel/vernieuwingsbeweging-wordt-steeds-sterker/")
    assert "Geplaatst op 8 december 2020" in doc.text_content()
    links = {a.get("href") for a in doc.iter("a")}
    assert {"/themas/verbreden-beweging/", "/themas/overig/betrokkenen-zorgorganisaties/",
            "/trefwoord/communicatie/", "/trefwoord/actieteams/", "/deelnemers/de-leyhoeve/"} <= links
    alternates = [link.get("href") for link in doc.iter("link") if link.get("rel") == "alternate"]
    assert "/feed.xml" in alternates

# The teaser of each listed article (theme/partials/card.html); subtheme tiles are not articles.
ARTICLE_LINKS = "//main//*[contains(concat(' ', @class, ' '), ' card-title ')]/a"


def test_keywords_fold_to_one_page_per_slug(fixture_public: Path) -> None:
    public = fixture_public
    # "Communicatie" in one article and "communicatie" in another: one page listing both
    doc = page(public, "/trefwoord/communicatie/")
    titles = [a.text_content() for a in doc.xpath(ARTICLE_LINKS)]
    assert sorted(titles) == ["Inspiratiebijeenkomst in Bussum", "Vernieuwingsbeweging wordt steeds sterker"]
    assert not (public / "trefwoord" / "Communicatie").exists()


def test_parent_theme_lists_its_childrens_articles(tmp_path: Path) -> None:
    content = make_site(tmp_path, {
        "actueel/kind.md": "---\ntitle: Over een kind\ndate: 2021-01-01\n"
                           "themes: [overig/betrokkenen-zorgorganisaties]\n---\nx\n",
    })
    public = tmp_path / "public"
    assert build(content, public).code == 0
    parent = [a.text_content() for a in page(public, "/themas/overig/").xpath(ARTICLE_LINKS)]
    child = [a.text_content() for a in
             page(public, "/themas/overig/betrokkenen-zorgorganisaties/").xpath(ARTICLE_LINKS)]
    assert parent == child == ["Over een kind"]


def test_drafts_and_future_articles_are_left_out_unless_asked(fixture_public: Path, tmp_path: Path) -> None:
    public = fixture_public
    assert not (public / "actueel" / "concept").exists()
    assert not (public / "actueel" / "toekomst").exists()
    assert "Nog niet klaar" not in (public / "feed.xml").read_text()

    with_all = tmp_path / "alles"
    assert build(FIXTURE_CONTENT, with_all, "--drafts", "--future").code == 0
    assert (with_all / "actueel" / "concept" / "index.html").exists()
    assert (with_all / "actueel" / "toekomst" / "index.html").exists()

    # the build day is an input: on the article's own day it is published
    on_the_day = tmp_path / "dag"
    assert build(FIXTURE_CONTENT, on_the_day, today="2031-01-01").code == 0
    assert (on_the_day / "actueel" / "toekomst" / "index.html").exists()


def test_bom_and_crlf_files_build_like_any_other(fixture_public: Path) -> None:
    public = fixture_public
    raw = (FIXTURE_CONTENT / "actueel" / "windows-bestand.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    doc = page(public, "/actueel/windows-bestand/")
    assert doc.xpath("//h1")[0].text_content() == "Met BOM & CRLF <geen tag>"
    assert "Geplaatst op 10 maart 2021" in doc.text_content()


def test_feeds_parse_and_match_the_articles(fixture_public: Path) -> None:
    public = fixture_public
    site_feed = feedparser.parse((public / "feed.xml").read_bytes())
    assert site_feed.bozo == 0 and site_feed.version == "rss20"
    titles = [e.title for e in site_feed.entries]
    assert titles == [
        "Online inspiratiebijeenkomst met Jet Bussemaker",  # 2021-05-01
        "Met BOM & CRLF <geen tag>",  # 2021-03-10
        "Zicht op vernieuwing 4",  # 2021-01-15
        "Vernieuwingsbeweging wordt steeds sterker",  # 2020-12-08
        "Rijnlands organiseren bij Zorgcentra De Betuwe",  # 2019-06-14
        "Inspiratiebijeenkomst in Bussum",  # 2017-05-23
    ]
    first = next(e for e in site_feed.entries if e.title.startswith("Vernieuwing"))
    assert first.link == "https://www.radicalevernieuwing.nl/actueel/vernieuwingsbeweging-wordt-steeds-sterker/"
    body = first.content[0].value
    assert 'href="https://www.radicalevernieuwing.nl/actueel/inspiratiebijeenkomst-bussum/"' in body
    assert 'href="/' not in body and 'src="/' not in body
    assert first.published == "Tue, 08 Dec 2020 00:00:00 +0100"  # the day in Amsterdam

    theme_feed = feedparser.parse((public / "themas" / "overig" / "feed.xml").read_bytes())
    assert theme_feed.bozo == 0
    assert [e.title for e in theme_feed.entries] == [
        "Online inspiratiebijeenkomst met Jet Bussemaker",
        "Vernieuwingsbeweging wordt steeds sterker",
        "Inspiratiebijeenkomst in Bussum",
    ]
    assert theme_feed.feed.link == "https://www.radicalevernieuwing.nl/themas/overig/"


def test_two_builds_are_byte_identical_whatever_the_environment(tmp_path: Path) -> None:
    outputs = []
    for i, env in enumerate([
        {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"},
        {"TZ": "Pacific/Auckland", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "4242"},
    ]):
        out = tmp_path / f"out{i}"
        # no `build` word: the command line builds when it is given no command
        result = run_subprocess("--content", FIXTURE_CONTENT, "--out", out, "--today", TODAY, "--quiet",
                                cwd=tmp_path, env={**env, "PYTHONPATH": str(REPO)})
        assert result.code == 0, result.err
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]


def test_pages_of_deleted_articles_disappear(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    public = tmp_path / "public"
    build(content, public)
    assert (public / "actueel" / "inspiratiebijeenkomst-bussum" / "index.html").exists()
    (content / "actueel" / "inspiratiebijeenkomst-bussum.md").unlink()
    (content / "actueel" / "vernieuwingsbeweging-wordt-steeds-sterker.md").write_text(
        (content / "actueel" / "vernieuwingsbeweging-wordt-steeds-sterker.md").read_text()
        .replace("(/actueel/inspiratiebijeenkomst-bussum/)", "(/actueel/)"))
    assert build(content, public).code == 0
    assert not (public / "actueel" / "inspiratiebijeenkomst-bussum").exists()
    assert not list(tmp_path.glob(".public.*"))  # no staging folder left behind


def test_a_folder_that_is_not_a_built_site_is_not_replaced(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    precious = tmp_path / "documenten"
    precious.mkdir()
    (precious / "belangrijk.txt").write_text("niet weggooien")
    result = build(content, precious)
    assert result.code == 2
    assert (precious / "belangrijk.txt").read_text() == "niet weggooien"
