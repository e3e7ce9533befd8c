"""HTML to Markdown in the site's own dialect: Python-Markdown, not CommonMark.

markdownify does the walking; this subclass changes what is wrong for Python-Markdown:
lists nest by four spaces, code is indented (no fences), text that would read as Markdown
is escaped with what Python-Markdown can escape (a `<` or `&` becomes an entity, since
`\\<` would show its backslash), headings keep their id as `{: #id }`, a figure becomes
an image followed by an italic caption line (markdown_blocks.py makes it a <figure>
again), and the importer's stand-ins become a bare URL on its own line (a player) and
a `/// callout` block. Pure: a parsed tree in, text out.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

_ESCAPE = re.compile(r"([\\`*_\[\]{}])")
# Only where a text can start a line: newlines inside a paragraph are spaces (wrap), so a line
# starts at a block or after a <br> (process_text strips the space there).
_HASHES = re.compile(r"^(\s*)(#{1,6})(?=\s|$)")
_NUMBER_DOT = re.compile(r"^(\s*)([0-9]{1,9})\.(?=\s|$)")
_MARKER = re.compile(r"^(\s*)([-+>])(?=\s|$)")  # a list item or a quote
_RULE = re.compile(r"^(\s*)(-{2,})(?=\s|$)")  # a rule (---); every dash escaped, or smarty makes one a dash
_EQUALS = re.compile(r"^(\s*)=(?==*(?:\s|$))")  # under a line, === makes it a heading; = has no escape
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def escape_text(text: str) -> str:
    """Plain text made safe as Markdown text for Python-Markdown."""
    text = _ESCAPE.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _HASHES.sub(r"\1\\\2", text)
    text = _NUMBER_DOT.sub(r"\1\2\\.", text)
    text = _EQUALS.sub(r"\1&#61;", text)
    text = _RULE.sub(lambda m: m.group(1) + "\\-" * len(m.group(2)), text)
    return _MARKER.sub(r"\1\\\2", text)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in text.split("\n"))


class SiteMarkdownConverter(MarkdownConverter):
    class Options:  # markdownify reads these over its DefaultOptions
        heading_style = "atx"
        bullets = "-"
        strong_em_symbol = "*"
        newline_style = "spaces"
        wrap = True  # newlines inside a paragraph are spaces in HTML; never a setext underline
        wrap_width = None
        escape_misc = False
        escape_asterisks = False
        escape_underscores = False
        autolinks = True
        keep_inline_images_in = ["a", "td", "th"]

    def escape(self, text: str, parent_tags: Any) -> str:
        if not text:
            return ""
        text = escape_text(text)
        if "td" in parent_tags or "th" in parent_tags:
            text = text.replace("|", "\\|")
        return text

    def process_text(self, el: Any, parent_tags: Any = None) -> str:
        text = str(super().process_text(el, parent_tags=parent_tags))  # type: ignore[misc]  # not in its stubs
        before = el.previous_sibling
        if isinstance(before, Tag) and before.name == "br":
            text = text.lstrip(" ")  # the line after a hard break starts at its first word
        return text

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: Any) -> str:
        if "_inline" in parent_tags:
            return text
        text = " ".join(text.strip().split())
        if not text:
            return ""
        level = max(1, min(n, 6))
        ident = el.get("id")
        suffix = f" {{: #{ident} }}" if isinstance(ident, str) and re.fullmatch(r"[A-Za-z][\w-]*", ident) else ""
        return f"\n\n{'#' * level} {text}{suffix}\n\n"

    def convert_li(self, el: Tag, text: str, parent_tags: Any) -> str:
        text = (text or "").strip("\n")
        text = text.strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = parent.get("start")
            first = int(start) if isinstance(start, str) and start.isdigit() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        lines = text.split("\n")
        body = lines[0] + ("\n" + _indent("\n".join(lines[1:]), "    ") if len(lines) > 1 else "")
        # After a nested list a blank line, or Python-Markdown reads the next item as part of it.
        return f"{bullet} {body}\n" + ("\n" if el.find(["ul", "ol"]) is not None else "")

    def convert_list(self, el: Tag, text: str, parent_tags: Any) -> str:
        # A nested list stands between blank lines, or Python-Markdown lets the next outer item join it.
        return "\n\n" + text.strip("\n") + "\n\n"

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_pre(self, el: Tag, text: str, parent_tags: Any) -> str:
        code = el.get_text()
        code = code.strip("\n").expandtabs(4)
        if not code.strip():
            return ""
        before = el.find_previous_sibling()
        # Right after a list, an indented block would continue the last item; an empty comment ends the list.
        separator = "<!-- -->\n\n" if before is not None and before.name in {"ul", "ol"} else ""
        return "\n\n" + separator + _indent(code, "    ") + "\n\n"

    def convert_code(self, el: Tag, text: str, parent_tags: Any) -> str:
        if "pre" in parent_tags:
            return str(text)
        code = el.get_text()
        if not code:
            return ""
        ticks = max((len(t) for t in re.findall(r"`+", code)), default=0) + 1
        pad = " " if code.startswith("`") or code.endswith("`") else ""
        return f"{'`' * ticks}{pad}{code}{pad}{'`' * ticks}"

    def convert_img(self, el: Tag, text: str, parent_tags: Any) -> str:
        alt = escape_text(" ".join(str(el.get("alt") or "").split()))
        src = str(el.get("src") or "")
        if not src:
            return ""
        title = str(el.get("title") or "")
        title_part = ' "{}"'.format(title.replace('"', "&quot;")) if title else ""
        return f"![{alt}](<{src}>{title_part})" if " " in src else f"![{alt}]({src}{title_part})"

    def convert_a(self, el: Tag, text: str, parent_tags: Any) -> str:
        href = str(el.get("href") or "")
        if not href or "_noformat" in parent_tags:
            return str(text)
        stripped = text.strip()
        if not stripped:
            return ""
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()):]
        title = str(el.get("title") or "")
        if stripped == escape_text(href) and not title and href.startswith(("http://", "https://")) \
                and " " not in href and ">" not in href:
            return f"{lead}<{href}>{tail}"  # a link that shows its own address
        title_part = ' "{}"'.format(title.replace('"', "&quot;")) if title else ""
        target = f"<{href}>" if " " in href or ")" in href else href
        return f"{lead}[{stripped}]({target}{title_part}){tail}"

    def convert_figure(self, el: Tag, text: str, parent_tags: Any) -> str:
        if "_inline" in parent_tags:
            return str(text)
        caption = el.find("figcaption")
        images = el.find_all("img")
        if caption is None or len(images) != 1:
            return f"\n\n{text.strip()}\n\n"
        image = self.convert_img(images[0], "", parent_tags)
        words = escape_text(" ".join(caption.get_text().split()))
        if not words:
            return f"\n\n{image}\n\n"
        return f"\n\n{image}\n*{words}*\n\n"

    def convert_figcaption(self, el: Tag, text: str, parent_tags: Any) -> str:
        return f"\n\n{text.strip()}\n\n"

    def convert_rvz_embed(self, el: Tag, text: str, parent_tags: Any) -> str:
        url = str(el.get("data-url") or "")
        if not url:
            return ""
        return f"\n\n{url}\n\n"  # a bare URL on its own line: the site's click-to-load player

    def convert_rvz_callout(self, el: Tag, text: str, parent_tags: Any) -> str:
        title = " ".join(str(el.get("data-title") or "").split())
        head = f"/// callout | {title}" if title else "/// callout"
        return f"\n\n{head}\n{text.strip()}\n///\n\n"

    def convert_dt(self, el: Tag, text: str, parent_tags: Any) -> str:
        # The site's Markdown has no definition lists: a term is a bold line, its definition a paragraph.
        text = text.strip()
        return f"\n\n**{text}**\n\n" if text and "_inline" not in parent_tags else str(text)

    def convert_dd(self, el: Tag, text: str, parent_tags: Any) -> str:
        text = text.strip()
        return f"\n\n{text}\n\n" if text and "_inline" not in parent_tags else str(text)

    def convert_hr(self, el: Tag, text: str, parent_tags: Any) -> str:
        return "\n\n* * *\n\n"

    def convert_blockquote(self, el: Tag, text: str, parent_tags: Any) -> str:
        text = (text or "").strip()
        if "_inline" in parent_tags:
            return " " + text + " "
        if not text:
            return "\n"
        return "\n\n" + "\n".join("> " + line if line else ">" for line in text.split("\n")) + "\n\n"


_CONVERTER = SiteMarkdownConverter()


_BLANK_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)
_BREAK_BEFORE_BLANK = re.compile(r"  \n(?=\n|$)")


def to_markdown(soup: BeautifulSoup) -> str:
    text = _CONVERTER.convert_soup(soup)
    text = _BLANK_LINE.sub("", text)
    text = _BREAK_BEFORE_BLANK.sub("\n", text)  # a hard break that ends a paragraph breaks nothing
    text = _TRAILING.sub(lambda m: m.group(0) if m.group(0) == "  " else "", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n") + "\n"
