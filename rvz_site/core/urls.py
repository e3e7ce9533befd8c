"""Every URL rule of the site lives here, and only here (see docs: the URL contract)."""

from __future__ import annotations

from .model import PAGES_SECTION

THEMES_INDEX = "/themas/"
KEYWORDS_INDEX = "/trefwoorden/"
KEYWORD_BASE = "/trefwoord/"
ORGANISATIONS_INDEX = "/deelnemers/"
FEED_NAME = "feed.xml"
ROOT_FEED = "/" + FEED_NAME
# Every feed folder holds the same list in three formats.
FEED_FILES = {"rss": FEED_NAME, "atom": "atom.xml", "json": "feed.json"}
FEED_FORMATS = tuple(FEED_FILES)
FEEDS_INDEX = "/feeds/"
SEARCH = "/zoeken/"
NEWSLETTER_THANKS = "/nieuwsbrief/bedankt/"  # where Netlify Forms sends a reader after signing up
SOCIAL_IMAGE = "deelbeeld.png"
SOCIAL_PHOTO = "deelbeeld.jpg"
EVENTS_CALENDAR = "/bijeenkomsten/agenda.ics"
OPML = "/feeds.opml"
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
NOT_FOUND = "/404.html"
ASSETS = "/assets/"
MEDIA = "/media/"
PAGE_SEGMENT = "pagina"

# First path segments that the build itself writes; a stand-alone page may not take them.
RESERVED_ROOTS = frozenset({
    "actueel", "praktijkvoorbeelden", "bijeenkomsten", "publicaties", "themas", "trefwoorden",
    "trefwoord", "deelnemers", "media", "assets", "feed.xml", "sitemap.xml", "robots.txt",
    "404.html", PAGE_SEGMENT, "zoeken", "admin", "feeds", "pagefind", "feed", "atom.xml", "feed.json",
    "feeds.opml", SOCIAL_IMAGE,
})


def home() -> str:
    return "/"


def article_url(section: str, slug: str) -> str:
    return f"/{slug}/" if section == PAGES_SECTION else f"/{section}/{slug}/"


def paged(base: str, page: int) -> str:
    """/actueel/ for page 1, /actueel/pagina/2/ after that."""
    return base if page <= 1 else f"{base}{PAGE_SEGMENT}/{page}/"


def section_url(section: str, page: int = 1) -> str:
    return paged(f"/{section}/", page)


def theme_url(key: str, page: int = 1) -> str:
    return paged(f"{THEMES_INDEX}{key}/", page)


def keyword_url(slug: str, page: int = 1) -> str:
    return paged(f"{KEYWORD_BASE}{slug}/", page)


def organisation_url(key: str, page: int = 1) -> str:
    return paged(f"{ORGANISATIONS_INDEX}{key}/", page)


def feed_of(page_url: str, fmt: str = "rss") -> str:
    """The feed that sits in a page's folder: /themas/x/feed.xml, /themas/x/atom.xml, /themas/x/feed.json."""
    return f"{page_url}{FEED_FILES[fmt]}"


def event_calendar(slug: str) -> str:
    """The iCalendar file of one event, in the event's folder, named after it for the download."""
    return f"/bijeenkomsten/{slug}/{slug}.ics"


def social_image(page_url: str, photo: bool = False) -> str:
    """The picture for sharing a page, in its folder; pages without their own share the home's.
    `photo`: made from the article's own photo, so a JPEG (a photo as PNG is five times larger)."""
    return f"{page_url}{SOCIAL_PHOTO if photo else SOCIAL_IMAGE}"


def media_url(path: str) -> str:
    return MEDIA + path


def output_path(url: str) -> str:
    """Where a URL is written under public/: /a/b/ -> a/b/index.html."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path
