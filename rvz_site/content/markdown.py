"""One configured Python-Markdown for the whole site. Pure: text in, HTML out.

Owns the Markdown dialect editors write: tables, footnotes (with Dutch back
links), attribute lists, heading anchors, Dutch smart quotes („…”) and the
`/// callout | Titel` block (the old WordPress [spotlight]) and captioned images;
the last two are built in markdown_blocks.py.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass

import markdown as pymarkdown

from .embeds import EmbedExtension
from .markdown_blocks import CalloutExtension, FigureExtension
from .typography import ELISION as _ELISION

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")

_EXTENSIONS = [
    "toc",
    "attr_list",
    "footnotes",
    "tables",
    "smarty",
]
_EXTENSION_CONFIGS = {
    "toc": {"permalink": False},
    "footnotes": {
        "BACKLINK_TEXT": "↩",
        "BACKLINK_TITLE": "Terug naar voetnoot %d in de tekst",
        "SUPERSCRIPT_TEXT": "{}",
    },
    "smarty": {
        "substitutions": {
            # Characters rather than entities, so feeds and summaries carry them as they are.
            "left-double-quote": "„",
            "right-double-quote": "”",
            "left-single-quote": "‘",
            "right-single-quote": "’",
            "ndash": "–",
            "mdash": "—",
            "ellipsis": "…",
            "left-angle-quote": "«",
            "right-angle-quote": "»",
        }
    },
}


@dataclass(frozen=True, slots=True)
class RenderedMarkdown:
    html: str
    anchors: tuple[str, ...]  # ids of headings and footnotes, for link checks
    first_paragraph: str  # plain text, for a summary when none is given


def _protect_elisions(source: str) -> str:
    out: list[str] = []
    in_fence = False
    for line in source.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence or line.startswith("    "):
            out.append(line)
            continue
        pieces = _INLINE_CODE.split(line)
        # split() with one group pair yields [text, ticks, code, text, ...]
        rebuilt: list[str] = []
        i = 0
        while i < len(pieces):
            rebuilt.append(_ELISION.sub("’", pieces[i]))
            if i + 2 < len(pieces):
                rebuilt.append(pieces[i + 1] + pieces[i + 2] + pieces[i + 1])
            i += 3
        out.append("".join(rebuilt))
    return "\n".join(out)


_ID = re.compile(r'\sid="([^"]+)"')
_FIRST_P = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


class _Local(threading.local):
    md: pymarkdown.Markdown | None = None


_local = _Local()


def _converter() -> pymarkdown.Markdown:
    if _local.md is None:
        _local.md = pymarkdown.Markdown(
            extensions=[*_EXTENSIONS, CalloutExtension(), FigureExtension(), EmbedExtension()],
            extension_configs=_EXTENSION_CONFIGS,
            output_format="html",
        )
    return _local.md


def render_markdown(source: str) -> RenderedMarkdown:
    md = _converter()
    md.reset()
    try:
        body = md.convert(_protect_elisions(source))
    except BaseException:
        _local.md = None  # a conversion that broke off (e.g. RecursionError) leaves md half-reset
        raise
    anchors = tuple(_ID.findall(body))
    first = ""
    for match in _FIRST_P.finditer(body):
        # skip paragraphs inside a callout title or an image-only paragraph
        text = plain_text(match.group(1))
        if text:
            first = text
            break
    return RenderedMarkdown(body, anchors, first)


def shorten(text: str, limit: int = 200) -> str:
    """Cut at a word boundary with an ellipsis, for summaries taken from the body."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"
