"""Video and e-zine links that stand alone on a line become click-to-load players.

A YouTube, Vimeo or Issuu link written on a line of its own (bare, as <url>, or as
[text](url)) becomes a figure with a still (an inline SVG of our own), a play button and a
plain link out. Nothing is loaded from the host until the reader clicks: then the theme's
js/video.js puts in the iframe (youtube-nocookie.com, player.vimeo.com, e.issuu.com). No inline
script and no inline style, so a strict Content-Security-Policy holds. Pure: text in, HTML out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension


@dataclass(frozen=True, slots=True)
class Embed:
    kind: str  # "video" or "ezine"
    host: str  # as readers know it: YouTube, Vimeo, Issuu
    player: str  # the iframe's src, loaded only after the click
    link: str  # the plain link out


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
_LINE = re.compile(r"^\s*(?:<(?P<angle>https?://[^\s>]+)>|\[(?P<text>[^\]\n]+)\]\((?P<md>https?://[^\s)]+)\)"
                   r"|(?P<bare>https?://\S+))\s*$")


def _seconds(value: str) -> int | None:
    match = _TIME.match(value)
    if not match or not value:
        return None
    h, m, s = (int(g) if g else 0 for g in match.groups())
    return h * 3600 + m * 60 + s


def _youtube(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    if host == "youtu.be":
        candidate = path.strip("/").split("/")[0]
    elif path == "/watch":
        candidate = query.get("v", [""])[0]
    else:
        parts = path.strip("/").split("/")
        candidate = parts[1] if len(parts) >= 2 and parts[0] in {"embed", "shorts", "live"} else ""
    return candidate if _YOUTUBE_ID.match(candidate) else None


def find_embed(url: str) -> Embed | None:
    """The player for a link, or None when it is not a video or e-zine we know."""
    parts = urlsplit(html.unescape(url))
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    query = parse_qs(parts.query)
    if host in {"youtube.com", "youtu.be", "youtube-nocookie.com"}:
        video = _youtube(host, parts.path, query)
        if video is None:
            return None
        start = _seconds(query.get("t", query.get("start", [""]))[0])
        player = f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1"
        link = f"https://www.youtube.com/watch?v={video}"
        if start:
            player += f"&start={start}"
            link += f"&t={start}s"
        return Embed("video", "YouTube", player, link)
    if host in {"vimeo.com", "player.vimeo.com"}:
        numbers = [p for p in parts.path.strip("/").split("/") if p != "video"]
        if not numbers or not numbers[0].isdigit():
            return None
        video = numbers[0]
        privacy = numbers[1] if len(numbers) > 1 and re.fullmatch(r"[0-9a-f]{6,}", numbers[1]) else ""
        player = f"https://player.vimeo.com/video/{video}?autoplay=1&dnt=1"
        if privacy:
            player += f"&h={privacy}"
        link = f"https://vimeo.com/{video}" + (f"/{privacy}" if privacy else "")
        return Embed("video", "Vimeo", player, link)
    if host == "issuu.com":
        segments = parts.path.strip("/").split("/")
        if len(segments) >= 3 and segments[1] == "docs":
            user, doc = segments[0], segments[2]
            return Embed("ezine", "Issuu", f"https://e.issuu.com/embed.html?d={doc}&u={user}",
                         f"https://issuu.com/{user}/docs/{doc}")
    return None


_PLAY_SVG = ('<svg class="embed-still" viewBox="0 0 160 90" aria-hidden="true" focusable="false">'
             '<rect width="160" height="90" fill="#00606b"/>'
             '<circle cx="62" cy="45" r="26" fill="none" stroke="#e4f0f1" stroke-width="5"/>'
             '<circle cx="98" cy="45" r="26" fill="none" stroke="#e07b39" stroke-width="5"/>'
             '<circle cx="80" cy="45" r="17" fill="#ffffff"/>'
             '<path d="M75 36 L89 45 L75 54 Z" fill="#00606b"/></svg>')


def embed_html(embed: Embed, text: str | None) -> str:
    """The figure that stands in for the player until the reader clicks."""
    noun = "video" if embed.kind == "video" else "e-zine"
    title = text or f"{noun.capitalize()} op {embed.host}"
    action = "Speel de video af" if embed.kind == "video" else "Open het e-zine"
    e = html.escape
    return (
        f'<figure class="embed embed-{embed.kind}" data-embed-src="{e(embed.player)}" '
        f'data-embed-title="{e(title)}">\n'
        f'<button type="button" class="embed-play" hidden>{_PLAY_SVG}'
        f'<span class="embed-label">{action}: {e(title)} '
        f'<span class="embed-note">(pas na deze klik laadt {embed.host})</span></span></button>\n'
        f'<figcaption><a href="{e(embed.link)}">{e(title)}</a> (bekijk op {embed.host})</figcaption>\n'
        f'</figure>'
    )


class _EmbedBlock(BlockProcessor):  # type: ignore[misc]  # Markdown ships no type hints
    def __init__(self, parser: BlockParser, md: Markdown) -> None:
        super().__init__(parser)
        self.md = md

    def _match(self, block: str) -> tuple[Embed, str | None] | None:
        line = _LINE.match(block)
        if line is None or "\n" in block.strip():
            return None
        url = line.group("angle") or line.group("md") or line.group("bare")
        embed = find_embed(url)
        return (embed, line.group("text")) if embed else None

    def test(self, parent: etree.Element, block: str) -> bool:
        return self._match(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        found = self._match(blocks.pop(0))
        assert found is not None
        embed, text = found
        placeholder = self.md.htmlStash.store(embed_html(embed, text))
        etree.SubElement(parent, "p").text = placeholder


class EmbedExtension(Extension):  # type: ignore[misc]  # Markdown ships no type hints
    def extendMarkdown(self, md: Markdown) -> None:
        # Before paragraphs (priority 10) and lists, so the line is taken whole.
        md.parser.blockprocessors.register(_EmbedBlock(md.parser, md), "rvz_embeds", 75)
