"""Dutch hyphenation points in headings and card titles, placed at build time with Pyphen (nl_NL).

At phone width a long compound ("Vernieuwingsbeweging", "Praktijkvoorbeelden") does not fit on
one line, and the browser cuts it anywhere. `hyphens: auto` would need a Dutch dictionary in the
browser, which Debian's Chromium (and others) lack; so the points come from here.

A point is an empty `<span class="hy">`, and the stylesheet gives it a soft hyphen as generated
content (`content: "\\00AD" / ""`). Unlike a soft hyphen character in the text, generated content
is never part of the text: copying the word, find-in-page, innerText, the accessible name and the
search index all see the plain word. Only HTML of headings and cards passes through here: titles
in feeds, <title>, JSON-LD and share pictures come from the plain strings, and feeds take the
article body as the Markdown stage wrote it.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen
from markupsafe import Markup, escape

POINT = '<span class="hy"></span>'
MIN_LETTERS = 8  # shorter words fit on a phone line at every heading size of the theme
_WORD = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


@cache
def hyphenation_points(word: str) -> tuple[int, ...]:
    """Where Dutch allows `word` to be broken with a hyphen: offsets into the word."""
    return tuple(_dictionary().positions(word))


def hyphenate(text: str) -> Markup:
    """`text` as HTML, with a hyphenation point in every long word. Markup coming in stays markup."""
    plain = text.unescape() if isinstance(text, Markup) else str(text)
    out: list[str] = []
    last = 0
    for word in _WORD.finditer(plain):
        out.append(str(escape(plain[last:word.start()])))
        pieces, at = [], 0
        for point in hyphenation_points(word.group()):
            pieces.append(word.group()[at:point])
            at = point
        pieces.append(word.group()[at:])
        out.append(POINT.join(str(escape(piece)) for piece in pieces))
        last = word.end()
    out.append(str(escape(plain[last:])))
    return Markup("".join(out))


# The headings the Markdown stage writes in an article body; their text may hold inline tags.
_HEADING = re.compile(r"(<h[2-6]\b[^>]*>)(.*?)(</h[2-6]>)", re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")


def hyphenate_headings(html: str) -> Markup:
    """The body's HTML with hyphenation points in the text of its headings; tags and attributes untouched."""

    def points(heading: re.Match[str]) -> str:
        parts = _TAG.split(heading.group(2))  # text, tag, text, tag, ...
        inner = "".join(part if i % 2 else str(hyphenate(Markup(part))) for i, part in enumerate(parts))
        return heading.group(1) + inner + heading.group(3)

    return Markup(_HEADING.sub(points, html))
