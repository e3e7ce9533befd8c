"""The values that flow between the stages. Frozen dataclasses only: no I/O, no Jinja."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ARTICLE_SECTIONS: tuple[str, ...] = ("actueel", "praktijkvoorbeelden", "bijeenkomsten", "publicaties")
PAGES_SECTION = "pages"
EVENTS_SECTION = "bijeenkomsten"
PUBLICATIONS_SECTION = "publicaties"

SECTION_NAMES: dict[str, str] = {
    "actueel": "Actueel",
    "praktijkvoorbeelden": "Praktijkvoorbeelden",
    "bijeenkomsten": "Bijeenkomsten",
    "publicaties": "Publicaties",
    "pages": "Pagina's",
}


@dataclass(frozen=True, slots=True)
class MenuItem:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Contact:
    organisation: str
    email: str
    phone: str | None = None


# git-gateway needs Netlify Identity, which Netlify has deprecated; github (logging in through
# Netlify's OAuth provider) and gitlab (PKCE, no server at all) keep working without it.
CMS_BACKENDS = ("git-gateway", "github", "gitlab")


@dataclass(frozen=True, slots=True)
class CmsConfig:
    """Where the web editor at /admin/ saves: Netlify's git-gateway, GitHub or GitLab directly."""

    backend: str = "git-gateway"
    repo: str | None = None  # owner/name, for github and gitlab
    app_id: str | None = None  # the GitLab application's ID, for gitlab's PKCE login
    branch: str = "main"
    local_backend: bool = True  # on a laptop, save through `npx decap-server` into the working copy


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    tagline: str
    description: str
    base_url: str  # without trailing slash
    theme: str
    per_page: int
    menu: tuple[MenuItem, ...]
    contact: Contact
    language: str = "nl"
    cms: CmsConfig = CmsConfig()
    # Where `theme:` stands in site.yaml, for "this theme does not exist" (found when it is loaded).
    theme_place: Place | None = None
    settings_file: str = "content/site.yaml"  # as messages name it

    def absolute(self, url: str) -> str:
        return self.base_url + url if url.startswith("/") else url


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A Markdown file as found on disk: where it is and its raw bytes."""

    path: Path  # absolute
    rel: str  # relative to the content folder, posix, e.g. "actueel/x.md"
    section: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Theme:
    key: str  # full key: "overig/betrokkenen-zorgorganisaties"
    name: str
    description: str
    parent: str | None
    children: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Organisation:
    key: str
    name: str
    place: str
    role: str
    website: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Keyword:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Registries:
    themes: tuple[Theme, ...]  # in registry order, parents before their children
    organisations: tuple[Organisation, ...]

    def theme(self, key: str) -> Theme:
        return _index(self.themes)[key]

    def organisation(self, key: str) -> Organisation:
        return {o.key: o for o in self.organisations}[key]


def _index(themes: tuple[Theme, ...]) -> dict[str, Theme]:
    return {t.key: t for t in themes}


@dataclass(frozen=True, slots=True)
class Event:
    start: datetime
    end: datetime | None
    location: str | None


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link or image as written in a Markdown body; line and col are in the file, 1-based."""

    line: int
    col: int
    length: int
    target: str  # the address, without <> brackets
    image: bool
    alt: str | None  # images only: the alt text as written
    source_line: str
    raw: str = ""  # the target exactly as written, to find it again in the HTML
    from_html: bool = False
    alt_col: int = 0  # images only: where `![alt]` (or `<img`) starts, for a missing alt text
    alt_length: int = 1


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value stands in its source file, for messages about it found after parsing."""

    line: int
    col: int
    length: int = 1
    source_line: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """One article or stand-alone page, parsed and checked; `body_html` is rendered Markdown."""

    source: str  # display path of the file it came from
    section: str
    slug: str
    title: str
    published: datetime | None  # None for stand-alone pages
    date_only: bool
    summary: str
    body_html: str
    subtitle: str | None = None
    themes: tuple[str, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    organisations: tuple[str, ...] = ()
    draft: bool = False
    image: str | None = None
    image_alt: str | None = None
    aliases: tuple[str, ...] = ()
    alias_places: tuple[Place, ...] = ()  # one per alias, in the same order
    # Where the slug comes from: the `slug:` value, or 1:1 when it is the file name (for collisions).
    slug_place: Place = Place(1, 1)
    publish_at: datetime | None = None  # shown from this Amsterdam day on (schedule.py)
    expire_at: datetime | None = None  # gone from this Amsterdam day on
    event: Event | None = None
    download: str | None = None
    cover: str | None = None
    cover_alt: str | None = None
    # Where `image:` and `cover:` stand in the front matter, for messages about the file they name.
    image_place: Place | None = None
    cover_place: Place | None = None
    # The editor's focus point of `image:` (0..1 from the left and the top), for the share picture's crop.
    image_focus: tuple[float, float] | None = None
    rel: str = ""  # path in the content folder, e.g. "actueel/x.md"
    links: tuple[LinkRef, ...] = ()

    @property
    def is_page(self) -> bool:
        return self.section == PAGES_SECTION

    @property
    def day(self) -> date | None:
        from .dates import local_day

        return local_day(self.published) if self.published else None


# Photos: published only through the image stage (outputs/images), in several widths and
# without their metadata; every other media file (SVG, GIF, PDF) is copied as it is.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


@dataclass(frozen=True, slots=True)
class MediaFile:
    rel: str  # path under content/media, posix
    path: Path
    size: int = 0  # bytes; shown on download buttons
    dimensions: tuple[int, int] | None = None  # width, height of an image, for <img width height>

    @property
    def is_photo(self) -> bool:
        return self.rel.lower().endswith(PHOTO_SUFFIXES)


@dataclass(frozen=True, slots=True)
class PictureSource:
    """One format of a photo at each of its widths, as a `<source>` offers it."""

    mime: str  # image/avif, image/webp, image/jpeg or image/png
    srcset: str  # "/media/x-800.webp 800w, ..."


@dataclass(frozen=True, slots=True)
class Picture:
    """A raster image as the pages show it: its sizes and its published versions (outputs/images)."""

    url: str  # the address the editor wrote, /media/beelden/foto.jpg
    width: int  # as a reader sees it: the EXIF orientation applied
    height: int
    sources: tuple[PictureSource, ...]  # the better formats first, the fallback format last
    src: str  # the fallback format at its middle width, for browsers without srcset
    large: str  # the fallback format at 1200 px (or less for a smaller photo): feeds, JSON-LD
    large_width: int
    large_height: int
    large_bytes: int
    large_mime: str
    original: str | None = None  # the stripped original, when an article links to it as a download
    original_bytes: int = 0


@dataclass(frozen=True, slots=True)
class Pictures:
    """The image stage's plan, told to the render stage as a value: every photo of the media
    folder that a page shows or links to, by its address. Originals are published only through
    `original`; a photo no page uses is not published at all."""

    by_url: dict[str, Picture] = field(default_factory=dict)

    def get(self, url: str | None) -> Picture | None:
        return self.by_url.get(url) if url else None


@dataclass(frozen=True, slots=True)
class ScheduledChange:
    """A day after the build's day on which a new build would change the site (schedule.py)."""

    day: date
    kind: str
    url: str = ""  # empty where naming it would reveal an article before its day


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the render stage needs, assembled and checked."""

    config: SiteConfig
    registries: Registries
    articles: tuple[Article, ...]  # newest first; sections only, no pages
    pages: tuple[Article, ...]
    keywords: tuple[Keyword, ...]  # sorted by slug
    media: tuple[MediaFile, ...]
    today: date
    by_theme: dict[str, tuple[Article, ...]] = field(default_factory=dict)  # parent includes children
    by_keyword: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    by_organisation: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    scheduled: tuple[ScheduledChange, ...] = ()  # soonest first
    pictures: Pictures = Pictures()  # filled by the image stage, after the links are checked

    def section(self, name: str) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.section == name)


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: its path under public/ and either its bytes or a file to copy."""

    path: str
    data: bytes | None = None
    copy_from: Path | str | None = None
    link: bool = False  # copy_from is a read-only cache file that may be hard-linked instead of copied
