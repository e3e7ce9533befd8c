"""The site's own additions to Python-Markdown: the callout block and captioned images.

Owns two pieces of the editors' dialect (docs/content-format.md):
- `/// callout | Titel` ... `///` (the old WordPress [spotlight]) becomes an accessible
  `<aside class="callout">` whose title is a heading that also names the aside;
- an image paragraph followed by an italic line (`![alt](/media/x.svg)` newline `*Foto: …*`)
  becomes `<figure><img><figcaption>Foto: …</figcaption></figure>`.
Pure tree transformations; no file system, no configuration of its own.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

CALLOUT_CLASS = "callout"
CALLOUT_DEFAULT_LABEL = "Uitgelicht"


class Callout(Block):  # type: ignore[misc]  # Markdown ships no type hints
    """`/// callout | Titel`: an aside with the title as its heading."""

    NAME = "callout"
    ARGUMENT = None  # the title is optional

    def on_create(self, parent: etree.Element) -> etree.Element:
        aside = etree.SubElement(parent, "aside", {"class": CALLOUT_CLASS})
        if self.argument:
            # h2: a callout sits between the article's own h2 sections, never inside a table or list.
            heading = etree.SubElement(aside, "h2", {"class": "callout-title"})
            heading.text = self.argument
        else:
            aside.set("aria-label", CALLOUT_DEFAULT_LABEL)
        return aside


class _CalloutLabels(Treeprocessor):  # type: ignore[misc]  # Markdown ships no type hints
    """Name each callout by its heading, once toc has given the heading its id."""

    def run(self, root: etree.Element) -> None:
        for aside in root.iter("aside"):
            if CALLOUT_CLASS not in aside.get("class", "").split():
                continue
            heading = aside.find("h2")
            if heading is not None and heading.get("id"):
                aside.set("aria-labelledby", heading.get("id", ""))


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


class _Figures(Treeprocessor):  # type: ignore[misc]  # Markdown ships no type hints
    """`<p><img>\\n<em>Foto: …</em></p>` -> `<figure><img><figcaption>Foto: …</figcaption></figure>`."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, p in enumerate(list(parent)):
                if p.tag != "p" or not _blank(p.text) or len(p) != 2:
                    continue
                img, em = p[0], p[1]
                if img.tag != "img" or em.tag != "em" or not _blank(img.tail) or not _blank(em.tail):
                    continue
                figure = etree.Element("figure")
                figure.tail = p.tail
                img.tail = None
                figure.append(img)
                caption = etree.SubElement(figure, "figcaption")
                caption.text = em.text
                caption.extend(list(em))
                parent[index] = figure


class CalloutExtension(BlocksExtension):  # type: ignore[misc]  # Markdown ships no type hints
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        block_mgr.register(Callout, {})
        # toc gives headings their ids at priority 5; the labels must come after it.
        md.treeprocessors.register(_CalloutLabels(md), "rvz_callout_labels", 4)


class FigureExtension(Extension):  # type: ignore[misc]  # Markdown ships no type hints
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20) have made the <img> and <em>.
        md.treeprocessors.register(_Figures(md), "rvz_figures", 15)
