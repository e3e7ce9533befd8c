"""Block-editor comments (`<!-- wp:embed {"url": …} -->`): read for what they mean, then removed.

Owns the block grammar of WordPress's own parser (namespace/name, JSON attributes, void
blocks), putting reusable blocks (`<!-- wp:block {"ref":12} /-->`) inline, turning embed
blocks into the importer's stand-in <rvz-embed>, galleries without their pictures into
<rvz-gallery>, and taking every remaining block comment out. Pure.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from ...content.embeds import find_embed

# WordPress's WP_Block_Parser token, in Python.
BLOCK_COMMENT = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{(?:(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*+)?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
_EMBED = re.compile(
    r"<!--\s+wp:(?P<name>embed|core-embed/[a-z0-9-]+|video)\s+(?P<attrs>\{.*?\})?\s*-->(?P<inner>.*?)"
    r"<!--\s+/wp:(?P=name)\s+-->",
    re.DOTALL,
)
_URL_IN_TEXT = re.compile(r"https?://[^\s<\"']+")
_IMG = re.compile(r"<img\b", re.IGNORECASE)
MAX_REUSE_DEPTH = 5


def _attrs(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def embed_tag(url: str) -> str:
    """The stand-in for an embed: a player when the site can play it (embeds.py), else a link on its own line."""
    url = url.strip()
    if find_embed(url) is not None:
        return f'<rvz-embed data-url="{html.escape(url)}"></rvz-embed>'
    escaped = html.escape(url)
    return f'<p><a href="{escaped}">{escaped}</a></p>'


def block_names(body: str) -> list[str]:
    """Every block an item uses, as `core/paragraph` (the inventory and the report)."""
    names = []
    for m in BLOCK_COMMENT.finditer(body):
        if not m.group("closer"):
            name = m.group("name")
            names.append(name if "/" in name else f"core/{name}")
    return names


def inline_reusable(body: str, reusable: Mapping[int, str], missing: list[int], depth: int = 0) -> str:
    """Each `wp:block` reference replaced by that reusable block's content."""
    if "wp:block" not in body:
        return body

    def one(m: re.Match[str]) -> str:
        if m.group("name") != "block" or m.group("closer"):
            return m.group(0)
        ref = _attrs(m.group("attrs")).get("ref")
        if not isinstance(ref, int) or ref not in reusable or depth >= MAX_REUSE_DEPTH:
            missing.append(ref if isinstance(ref, int) else 0)
            return ""
        return inline_reusable(reusable[ref], reusable, missing, depth + 1)

    return BLOCK_COMMENT.sub(one, body)


def read_blocks(body: str) -> str:
    """Embeds and id-only galleries turned into stand-ins; every block comment then removed."""
    if "<!-- wp:" not in body:
        return body

    def embed(m: re.Match[str]) -> str:
        attrs = _attrs(m.group("attrs"))
        url = attrs.get("url") or attrs.get("src")
        if not isinstance(url, str):
            found = _URL_IN_TEXT.search(html.unescape(re.sub(r"<[^>]+>", " ", m.group("inner"))))
            url = found.group(0) if found else None
            if url is None:
                src = re.search(r'src="([^"]+)"', m.group("inner"))
                url = html.unescape(src.group(1)) if src else None
        if not url:
            return m.group("inner")
        return embed_tag(url)

    body = _EMBED.sub(embed, body)

    def comment(m: re.Match[str]) -> str:
        if m.group("name") == "gallery" and not m.group("closer"):
            ids = _attrs(m.group("attrs")).get("ids")
            if isinstance(ids, list) and ids and m.group("void"):
                return f'<rvz-gallery data-ids="{",".join(str(i) for i in ids if isinstance(i, int))}"></rvz-gallery>'
        return ""

    body = BLOCK_COMMENT.sub(comment, body)
    return body

