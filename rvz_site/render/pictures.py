"""The markup of a photo: `<picture>` with a `<source>` per format, `srcset` and `sizes` that
match the theme's CSS, and `width`/`height` always, so the page never shifts as photos arrive.

Pure: told the plan (`Pictures`) as a value. Every photo is written lazy and async; after a page
is drawn, `first_image_eager` takes that off its first image, which gets fetchpriority="high"
instead (the first image is the one a reader sees without scrolling, and lazy loading it
would only delay it). SVG and GIF are left as the editor wrote them.
"""

from __future__ import annotations

import html
import re

from ..core.model import Picture, Pictures

# The widths the theme's CSS gives an image (themes/rvz/static/css/site.css):
# `.wrap-article` is 48rem wide with 1.25rem padding on each side, so 45.5rem at most.
ARTICLE_SIZES = "(max-width: 48rem) calc(100vw - 2.5rem), 45.5rem"
# A card's image: the card's full width in a grid (one column on phones), 6rem in a list.
CARD_SIZES = "(max-width: 40rem) calc(100vw - 2.5rem), 24rem"
# A publication's cover beside its facts.
COVER_SIZES = "(max-width: 30rem) 50vw, 16rem"

LAZY = ' loading="lazy" decoding="async"'
EAGER = ' decoding="async" fetchpriority="high"'
_IMG = re.compile(r"<img\b[^>]*>")
_ATTR_SRC = re.compile(r'(\ssrc=)"([^"]*)"')
_ATTR = re.compile(r'''\s([a-zA-Z-]+)=(?:"([^"]*)"|'([^']*)')''')


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def picture_html(picture: Picture, alt: str, sizes: str = ARTICLE_SIZES, css_class: str = "",
                 title: str = "") -> str:
    sources = "".join(f'<source type="{s.mime}" srcset="{_attr(s.srcset)}" sizes="{sizes}">'
                      for s in picture.sources[:-1])
    fallback = picture.sources[-1]
    extra = (f' class="{_attr(css_class)}"' if css_class else "") + (f' title="{_attr(title)}"' if title else "")
    return (f"<picture>{sources}"
            f'<img src="{_attr(picture.src)}" srcset="{_attr(fallback.srcset)}" sizes="{sizes}" '
            f'alt="{_attr(alt)}" width="{picture.width}" height="{picture.height}"{extra}{LAZY}>'
            "</picture>")


def body_pictures(body_html: str, pictures: Pictures, sizes: str = ARTICLE_SIZES) -> str:
    """The article body with each `<img>` of a photo in the plan made a `<picture>`."""
    if not pictures.by_url or "<img" not in body_html:
        return body_html

    def swap(match: re.Match[str]) -> str:
        attrs = {m.group(1).lower(): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
                 for m in _ATTR.finditer(match.group(0))}
        picture = pictures.get(attrs.get("src"))
        if picture is None:
            return match.group(0)
        return picture_html(picture, attrs.get("alt", ""), sizes, attrs.get("class", ""), attrs.get("title", ""))

    return _IMG.sub(swap, body_html)


def first_image_eager(page: str) -> str:
    """The page with its first image, if it is a photo of the plan, loaded at once and first."""
    first = _IMG.search(page)
    if first is None or LAZY not in first.group(0):
        return page
    return page[:first.start()] + first.group(0).replace(LAZY, EAGER, 1) + page[first.end():]


def feed_images(body_html: str, pictures: Pictures) -> str:
    """The body for feed readers: each photo's `<img>` pointing at its 1200 px version, with its size."""
    if not pictures.by_url or "<img" not in body_html:
        return body_html

    def swap(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _ATTR_SRC.search(tag)
        picture = pictures.get(html.unescape(src.group(2)) if src else None)
        if src is None or picture is None:
            return tag
        sized = f'{src.group(1)}"{_attr(picture.large)}" width="{picture.large_width}" height="{picture.large_height}"'
        return tag[:src.start()] + sized + tag[src.end():]

    return _IMG.sub(swap, body_html)
