"""width and height on every <img> of a page, from the sizes discovery read (content/mediasize.py).

An image without them takes no room until it has loaded, and then pushes the text down: a
layout shift that readers see as the page jumping. Pure: it rewrites HTML strings only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup

Sizes = Mapping[str, tuple[int, int]]
# The <img> tags the Markdown stage writes: always double-quoted attributes, src first or later.
_IMG = re.compile(r'<img\b[^>]*>')
_SRC = re.compile(r'\ssrc="([^"]*)"')
_HAS_SIZE = re.compile(r'\s(?:width|height)=')


def size_attributes(sizes: Sizes, url: str) -> Markup:
    """` width="…" height="…"` for an image the site publishes, or nothing for one it cannot measure."""
    found = sizes.get(url)
    return Markup(f' width="{found[0]}" height="{found[1]}"') if found else Markup("")


def add_image_sizes(html: str, sizes: Sizes) -> Markup:
    """The article body with width and height on each <img> that has neither and whose size is known."""

    def sized(tag: re.Match[str]) -> str:
        text = tag.group()
        src = _SRC.search(text)
        if src is None or _HAS_SIZE.search(text):
            return text
        return text[:src.end()] + str(size_attributes(sizes, src.group(1))) + text[src.end():]

    return Markup(_IMG.sub(sized, html))
