"""Feeds in three formats at the root and in every term folder, checked against their specs.

feedparser only notices XML that is not well formed, so the required elements, date formats,
absolute URLs and unique ids of RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1 are checked here
with lxml and json on the real build output.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from tests.kit import FIXTURE_BASE_URL

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
ROOT_RELATIVE = re.compile(r'\s(?:href|src)="/')


def feed_folders(public: Path) -> list[Path]:
    return sorted(p.parent for p in public.rglob("feed.xml"))


def assert_absolute(url: str | None, what: str) -> None:
    assert url and url.startswith(FIXTURE_BASE_URL + "/"), f"{what}: {url!r} is not an absolute URL on the site"


def assert_rfc822(value: str | None) -> None:
    assert value and RFC822.match(value), f"not an RFC 822 date: {value!r}"
    parsed = parsedate_to_datetime(value)
    assert parsed.strftime("%a") == value[:3], f"weekday does not match the date: {value}"


def assert_rfc3339(value: str | None) -> None:
    assert value and RFC3339.match(value), f"not an RFC 3339 date: {value!r}"
    datetime.fromisoformat(value.replace("Z", "+00:00"))


def check_rss(path: Path) -> list[str]:
    channel = etree.parse(str(path)).getroot().find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), f"{path}: channel has no <{required}>"
    assert_absolute(channel.findtext("link"), f"{path} channel link")
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href").endswith("/feed.xml")
    assert_absolute(self_link.get("href"), "atom:link self")
    assert_rfc822(channel.findtext("lastBuildDate"))
    guids = []
    for item in channel.findall("item"):
        assert item.findtext("title"), f"{path}: item without title"
        assert_absolute(item.findtext("link"), "item link")
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "true"
        assert_absolute(guid.text, "guid")
        guids.append(guid.text)
        assert_rfc822(item.findtext("pubDate"))
        body = item.findtext(f"{CONTENT}encoded") or ""
        assert body and not ROOT_RELATIVE.search(body), f"{path}: root-relative link in content"
    assert len(guids) == len(set(guids)), f"{path}: duplicate guids"
    return guids


def check_atom(path: Path) -> list[str]:
    feed = etree.parse(str(path)).getroot()
    assert feed.tag == f"{ATOM}feed"
    assert_absolute(feed.findtext(f"{ATOM}id"), "feed id")
    assert feed.findtext(f"{ATOM}title")
    assert_rfc3339(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None, "Atom needs an author for the feed or each entry"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert_absolute(self_link.get("href"), "self link")
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        assert_absolute(entry.findtext(f"{ATOM}id"), "entry id")
        ids.append(entry.findtext(f"{ATOM}id"))
        assert entry.findtext(f"{ATOM}title")
        assert_rfc3339(entry.findtext(f"{ATOM}updated"))
        assert_rfc3339(entry.findtext(f"{ATOM}published"))
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html", "content must be type=html (not CDATA)"
        assert content.text and not ROOT_RELATIVE.search(content.text)
        assert_absolute(entry.find(f"{ATOM}link").get("href"), "entry link")
    assert len(ids) == len(set(ids)), f"{path}: duplicate ids"
    return ids


def check_json(path: Path) -> list[str]:
    feed = json.loads(path.read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"]
    assert_absolute(feed["feed_url"], "feed_url")
    assert feed["feed_url"].endswith("/feed.json")
    assert_absolute(feed["home_page_url"], "home_page_url")
    ids = []
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        ids.append(item["id"])
        assert_absolute(item["url"], "item url")
        assert item["content_html"] and not ROOT_RELATIVE.search(item["content_html"])
        assert_rfc3339(item["date_published"])
    assert len(ids) == len(set(ids))
    return ids


def test_every_feed_folder_has_three_valid_feeds_with_the_same_items(public: Path) -> None:
    folders = feed_folders(public)
    # the root, 3 themes, 4 keywords, 3 organisations
    assert len(folders) == 11
    for folder in folders:
        # feedparser 6.0 does not read JSON Feed; check_json covers that format.
        for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
            parsed = feedparser.parse(str(folder / name))
            assert parsed.bozo == 0, f"{folder / name}: {parsed.get('bozo_exception')}"
            assert parsed.version == version
        rss, atom, jsonfeed = (check_rss(folder / "feed.xml"), check_atom(folder / "atom.xml"),
                               check_json(folder / "feed.json"))
        assert rss == atom == jsonfeed, f"{folder}: the three formats list different articles"


def test_a_keyword_feed_holds_exactly_its_articles_with_full_content(public: Path) -> None:
    parsed = feedparser.parse(str(public / "trefwoord" / "leren" / "atom.xml"))
    assert [e.title for e in parsed.entries] == ["Samen leren in de wijk"]
    body = parsed.entries[0].content[0].value
    assert "Medewerkers leren van elkaar in de wijk." in body
    # the header image and the body's image and link come along, absolute
    assert f'src="{FIXTURE_BASE_URL}/media/beelden/kring.svg"' in body
    assert f'href="{FIXTURE_BASE_URL}/actueel/inspiratiebijeenkomst-bussum/"' in body
    organisation = json.loads((public / "deelnemers" / "sensire" / "feed.json").read_text("utf-8"))
    assert [i["title"] for i in organisation["items"]] == ["Samen leren in de wijk",
                                                           "Vernieuwingsbeweging wordt steeds sterker"]
    assert organisation["items"][0]["image"] == f"{FIXTURE_BASE_URL}/media/beelden/kring.svg"


def test_feed_dates_come_from_the_content(public: Path) -> None:
    parsed = feedparser.parse(str(public / "themas" / "verbreden-beweging" / "feed.xml"))
    # newest article of the theme: 12 April 2021, 10:00 Amsterdam time
    assert parsed.feed.updated == "Mon, 12 Apr 2021 10:00:00 +0200"
    atom = etree.parse(str(public / "themas" / "verbreden-beweging" / "atom.xml")).getroot()
    assert atom.findtext(f"{ATOM}updated") == "2021-04-12T10:00:00+02:00"


def test_editing_a_title_keeps_every_id(fresh_content: Path, rebuild) -> None:
    before = rebuild(fresh_content, "before")
    article = fresh_content / "actueel" / "samen-leren-in-de-wijk.md"
    article.write_text(article.read_text("utf-8").replace("title: Samen leren in de wijk",
                                                          "title: Samen leren, in de wijk en daarbuiten"), "utf-8")
    after = rebuild(fresh_content, "after")
    for name, check in (("feed.xml", check_rss), ("atom.xml", check_atom), ("feed.json", check_json)):
        assert check(before / name) == check(after / name)
    assert "Samen leren, in de wijk en daarbuiten" in (after / "atom.xml").read_text("utf-8")


def test_feeds_page_and_opml_list_every_feed(public: Path) -> None:
    on_disk = {FIXTURE_BASE_URL + "/" + (f.relative_to(public) / "feed.xml").as_posix().removeprefix("./")
               for f in feed_folders(public)}
    opml = etree.parse(str(public / "feeds.opml")).getroot()
    assert opml.get("version") == "2.0" and opml.findtext("head/title")
    outlines = opml.findall(".//outline[@type='rss']")
    assert {o.get("xmlUrl") for o in outlines} == on_disk
    for outline in outlines:
        assert outline.get("text") and outline.get("htmlUrl", "").startswith(FIXTURE_BASE_URL)
    assert {o.get("text") for o in opml.findall("body/outline[@text]") if o.get("type") is None} == \
        {"Thema's", "Trefwoorden", "Deelnemers"}
    page = html.parse(str(public / "feeds" / "index.html")).getroot()
    hrefs = {a.get("href") for a in page.iter("a")}
    for url in on_disk:
        folder = url.removeprefix(FIXTURE_BASE_URL).removesuffix("feed.xml")
        assert {folder + "feed.xml", folder + "atom.xml", folder + "feed.json"} <= hrefs
    assert "/feeds.opml" in hrefs


@pytest.mark.parametrize("page, own_feed", [
    ("index.html", "/"),
    ("themas/overig/index.html", "/themas/overig/"),
    ("themas/overig/pagina/2/index.html", "/themas/overig/"),
    ("trefwoord/leren/index.html", "/trefwoord/leren/"),
    ("deelnemers/sensire/index.html", "/deelnemers/sensire/"),
    ("actueel/samen-leren-in-de-wijk/index.html", "/themas/verbreden-beweging/"),
])
def test_pages_announce_their_feeds(public: Path, page: str, own_feed: str) -> None:
    doc = html.parse(str(public / page)).getroot()
    links = {(link.get("type"), link.get("href")) for link in doc.iter("link") if link.get("rel") == "alternate"}
    for folder in {own_feed, "/"}:
        assert ("application/rss+xml", folder + "feed.xml") in links
        assert ("application/atom+xml", folder + "atom.xml") in links
        assert ("application/feed+json", folder + "feed.json") in links
    for _type, href in links:
        assert (public / href.lstrip("/")).is_file(), f"{page} announces a missing feed {href}"
