"""The round-trip check: does the Markdown, rendered by the site, have the structure of the source HTML?

Owns the structural outline of an HTML body (paragraphs, headings, list items with their
depth, tables and cells, links, images, and the words) and the comparison of two outlines,
as short Dutch sentences for the report. The importer's stand-ins (rvz-embed) and the
site's players are left out of both: they are meant to differ. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bs4 import Comment, Tag
from bs4.element import NavigableString

_WORD = re.compile(r"\w+")
_COUNTED = {"p": "alinea's", "h": "tussenkoppen", "li": "lijstitems", "table": "tabellen", "cell": "tabelcellen"}
_VOID = frozenset({"img", "br", "hr", "input", "meta", "link", "source", "wbr", "col", "area"})


@dataclass
class Outline:
    blocks: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


class _Outliner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self.stack: list[str] = []
        self.skip = 0
        self.list_depth = 0
        self.p_text: list[int] = []

    def _skipped(self, tag: str, attrs: dict[str, str | None]) -> bool:
        cls = attrs.get("class") or ""
        return tag == "rvz-embed" or (tag == "figure" and "embed" in cls.split()) \
            or (tag == "h2" and "callout-title" in cls.split())

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        if tag in _VOID:
            if not self.skip:
                self._void(tag, attrs)
            return
        self.stack.append(tag)
        if self.skip or self._skipped(tag, attrs):
            self.skip += 1
            return
        if tag in {"ul", "ol"}:
            self.list_depth += 1
        elif tag == "li":
            self.outline.blocks.append(f"li{self.list_depth}")
        elif re.fullmatch(r"h[1-6]", tag):
            self.outline.blocks.append(tag)
        elif tag == "table":
            self.outline.blocks.append("table")
        elif tag == "a" and attrs.get("href"):
            self.outline.links.append(attrs["href"] or "")
        if tag in {"p", "td", "th"}:
            self.p_text.append(len(self.outline.words))

    def _void(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "img":
            self.outline.images.append(attrs.get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if self.skip:
                self.skip -= 1
            elif top in {"ul", "ol"}:
                self.list_depth -= 1
            elif top in {"p", "td", "th"} and self.p_text:
                start = self.p_text.pop()
                # Only paragraphs and cells with words count (Markdown gives a table without a head an
                # empty one), and not paragraphs in a list item or a cell: Markdown adds or drops those.
                if len(self.outline.words) > start and (top != "p" or not {"li", "td", "th"} & set(self.stack)):
                    self.outline.blocks.append("p" if top == "p" else "cell")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.outline.words.extend(w.lower() for w in _WORD.findall(data))


def outline(html: str) -> Outline:
    parser = _Outliner()
    parser.feed(html)
    parser.close()
    return parser.outline


def outline_tree(root: Tag) -> Outline:
    """The outline of a parsed tree, walked as the parser would have seen it (no second parse)."""
    walker = _Outliner()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                attrs: list[tuple[str, str | None]] = [
                    (k, " ".join(v) if isinstance(v, list) else v) for k, v in child.attrs.items()]
                walker.handle_starttag(child.name, attrs)
                if child.name not in _VOID:
                    walk(child)
                    walker.handle_endtag(child.name)
            elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                walker.handle_data(str(child))

    walk(root)
    return walker.outline


def _kind(block: str) -> str:
    if block.startswith("li"):
        return "li"
    if block.startswith("h"):
        return "h"
    return block


def compare(source: str | Tag, rendered_html: str) -> list[str]:
    """What differs between the two, in Dutch; empty when the structure is the same."""
    a = outline_tree(source) if isinstance(source, Tag) else outline(source)
    b = outline(rendered_html)
    found: list[str] = []
    for kind, name in _COUNTED.items():
        x = sum(_kind(k) == kind for k in a.blocks)
        y = sum(_kind(k) == kind for k in b.blocks)
        if x != y:
            found.append(f"{name}: {x} in WordPress, {y} op de nieuwe site")
    depth_a = [k for k in a.blocks if k.startswith("li")]
    depth_b = [k for k in b.blocks if k.startswith("li")]
    if len(depth_a) == len(depth_b) and depth_a != depth_b:
        found.append("de nesting van de lijsten wijkt af")
    if a.links != b.links:
        found.append(f"links: {len(a.links)} in WordPress, {len(b.links)} op de nieuwe site"
                     if len(a.links) != len(b.links) else "de links wijzen naar andere adressen")
    if a.images != b.images:
        found.append(f"afbeeldingen: {len(a.images)} in WordPress, {len(b.images)} op de nieuwe site"
                     if len(a.images) != len(b.images) else "de afbeeldingen wijken af")
    if a.words != b.words:
        at = next((i for i, (x, y) in enumerate(zip(a.words, b.words, strict=False)) if x != y),
                  min(len(a.words), len(b.words)))
        context = " ".join(a.words[max(0, at - 3): at + 3])
        found.append(f"de tekst wijkt af bij „{context}”")
    return found
