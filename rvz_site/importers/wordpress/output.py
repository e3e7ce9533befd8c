"""The text of every file the import writes: articles with front matter, registries, site.yaml.

Owns the YAML the import writes (quoted where YAML could misread a value, plain where it
cannot), the marker line that tells a later import which file it made for which item, and
extending an editor's themes.yaml or organisations.yaml without touching what is there.
Pure: plans in, text out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ...core.model import EVENTS_SECTION, PAGES_SECTION, PUBLICATIONS_SECTION, Organisation
from .items import Channel
from .mapping import ImportMap
from .plan import Planned
from .terms import ThemeEntry

MARKER = "# wordpress: {kind} {id} (gemaakt door rvz-site import-wordpress)"
MARKER_PATTERN = re.compile(r"^# wordpress: \w[\w-]* (-?\d+) ")
_PLAIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w .,!?()’„”–—…&+/-]*[\w.!?)’”…]|[A-Za-zÀ-ÖØ-öø-ÿ]")
_RESERVED = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})
_KEYLIKE = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
PLACEHOLDER_EMAIL = "vul-in@example.org"
PLACEHOLDER_URL = "https://www.example.org"


def scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly `value`."""
    if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED and ": " not in value and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(v if _KEYLIKE.fullmatch(v) else json.dumps(v, ensure_ascii=False) for v in values) + "]"


def _moment(value: datetime) -> str:
    return value.isoformat()


def article_text(article: Planned) -> str:
    kind = "page" if article.item.post_type == "page" else "post"
    lines = ["---", MARKER.format(kind=kind, id=article.item.post_id), f"title: {scalar(article.title)}"]
    page = article.section == PAGES_SECTION
    if not page and article.date is not None:
        lines.append(f"date: {_moment(article.date)}")
    if article.summary:
        lines.append(f"summary: {scalar(article.summary)}")
    if not page:
        if article.themes:
            lines.append(f"themes: {flow_list(article.themes)}")
        if article.keywords:
            lines.append(f"keywords: {flow_list(article.keywords)}")
        if article.organisations:
            lines.append(f"organisations: {flow_list(article.organisations)}")
    if article.draft:
        lines.append("draft: true")
    if article.publish_date is not None:
        lines.append(f"publish_date: {_moment(article.publish_date)}")
    if article.section == EVENTS_SECTION and article.start is not None:
        lines.append(f"start: {_moment(article.start)}")
        if article.end is not None:
            lines.append(f"end: {_moment(article.end)}")
    if article.image is not None:
        lines.append(f"image: /media/{article.image.target}")
        lines.append(f"image_alt: {scalar(article.image_alt)}")
    if article.section == PUBLICATIONS_SECTION and article.download is not None:
        lines.append(f"download: /media/{article.download.target}")
    if article.aliases:
        lines.append(f"aliases: {flow_list(article.aliases)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + article.body.markdown


def _theme_lines(theme: ThemeEntry, indent: str) -> list[str]:
    return [f"{indent}- key: {theme.key.split('/')[-1]}", f"{indent}  name: {scalar(theme.name)}",
            f"{indent}  description: {scalar(theme.description)}"]


def themes_text(themes: Sequence[ThemeEntry]) -> str:
    lines = ["# Thema's, gemaakt door rvz-site import-wordpress uit de categorieën van de oude site.",
             "# Een beschrijving die met „Artikelen over het thema” begint, is ingevuld: schrijf een echte."]
    lines += _themes_body(themes)
    if len(lines) == 2:
        lines.append("[]")
    return "\n".join(lines) + "\n"


def _themes_body(themes: Sequence[ThemeEntry]) -> list[str]:
    lines: list[str] = []
    for theme in themes:
        if "/" in theme.key:
            continue
        lines += _theme_lines(theme, "")
        children = [t for t in themes if t.key.startswith(theme.key + "/")]
        if children:
            lines.append("  children:")
            for child in children:
                lines += _theme_lines(child, "    ")
    return lines


def extend_themes(source: str, themes: Sequence[ThemeEntry], existing: frozenset[str]) -> str:
    """An editor's themes.yaml with the new themes added: new top-level ones at the end, new children
    inserted under their existing parent. Nothing already there changes."""
    new = [t for t in themes if t.key not in existing]
    if not new:
        return source
    tops = [t for t in new if "/" not in t.key]
    orphans = [t for t in new if "/" in t.key and t.key.split("/")[0] in existing]
    text = source
    if orphans:
        text = _insert_children(text, orphans)
    body = _themes_body(tops + [t for t in new if "/" in t.key and t.key.split("/")[0] not in existing])
    return _append(text, body)


_EMPTY_LIST = re.compile(r"^\[\][ \t]*(?:#.*)?\n?", re.MULTILINE)


def _append(source: str, lines: Sequence[str]) -> str:
    """`lines` added at the end of a registry; an empty `[]` gives way to them, its comments stay."""
    if not lines:
        return source
    text = _EMPTY_LIST.sub("", source, count=1) if not re.search(r"^\s*-", source, re.MULTILINE) else source
    return text + ("" if not text or text.endswith("\n") else "\n") + "\n".join(lines) + "\n"


def _insert_children(source: str, children: Sequence[ThemeEntry]) -> str:
    root = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, SequenceNode):
        return source
    inserts: list[tuple[int, str]] = []
    for item in root.value:
        if not isinstance(item, MappingNode):
            continue
        fields = {k.value: v for k, v in item.value if isinstance(k, ScalarNode)}
        key = fields.get("key")
        if not isinstance(key, ScalarNode):
            continue
        mine = [c for c in children if c.key.split("/")[0] == key.value]
        if not mine:
            continue
        indent = " " * item.start_mark.column
        kids = fields.get("children")
        if isinstance(kids, SequenceNode) and kids.value:
            dash = " " * max(kids.value[0].start_mark.column - 2, 0)  # the item starts after its "- "
            lines = [line for c in mine for line in _theme_lines(c, dash)]
            inserts.append((_line_end(source, kids.end_mark.index), "\n".join(lines) + "\n"))
        else:
            lines = [f"{indent}children:"] + [line for c in mine for line in _theme_lines(c, indent + "  ")]
            inserts.append((_line_end(source, item.end_mark.index), "\n".join(lines) + "\n"))
    for index, text in sorted(inserts, reverse=True):
        source = source[:index] + text + source[index:]
    return source


def _line_end(source: str, index: int) -> int:
    """The start of the line after the node that ends at `index` (a block node ends at the next line)."""
    if index > 0 and source[index - 1] == "\n":
        return index
    end = source.find("\n", index)
    return len(source) if end < 0 else end + 1


def _organisation_lines(org: Organisation) -> list[str]:
    lines = [f"- key: {org.key}", f"  name: {scalar(org.name)}", f"  place: {scalar(org.place)}",
             f"  role: {scalar(org.role)}"]
    if org.website:
        lines.append(f"  website: {org.website}")
    if org.description:
        lines.append(f"  description: {scalar(org.description)}")
    return lines


def organisations_text(organisations: Sequence[Organisation]) -> str:
    lines = ["# Deelnemers, gemaakt door rvz-site import-wordpress; „Onbekend” is ingevuld: vul de plaats in."]
    for org in organisations:
        lines += _organisation_lines(org)
    if len(lines) == 1:
        lines.append("[]")
    return "\n".join(lines) + "\n"


def extend_organisations(source: str, organisations: Sequence[Organisation], existing: frozenset[str]) -> str:
    return _append(source, [line for org in organisations if org.key not in existing
                            for line in _organisation_lines(org)])


def site_text(channel: Channel, imap: ImportMap, pages: Mapping[str, str]) -> tuple[str, list[str]]:
    """site.yaml for a new content folder, and the Dutch notes on what had to be filled in."""
    notes: list[str] = []
    site, contact = imap.site, imap.contact
    title = site.get("title") or channel.title
    if not title:
        title = "Naam van de site"
        notes.append("site.yaml: de export heeft geen titel; „Naam van de site” ingevuld")
    description = site.get("description") or channel.description
    if not description:
        description = f"De site van {title}."
        notes.append("site.yaml: de export heeft geen beschrijving; een zin ingevuld")
    base = site.get("base_url") or (channel.base_blog_url or channel.link).rstrip("/")
    if not base.startswith(("http://", "https://")):
        base = PLACEHOLDER_URL
        notes.append(f"site.yaml: geen webadres in de export; {PLACEHOLDER_URL} ingevuld")
    email = contact.get("email")
    if not email:
        email = PLACEHOLDER_EMAIL
        notes.append(f"site.yaml: het contactadres staat niet in de export (e-mailadressen van auteurs worden "
                     f"nooit gebruikt); {PLACEHOLDER_EMAIL} ingevuld, zet het echte adres onder site: contact: "
                     "in de kaart of in site.yaml")
    lines = ["# Gemaakt door rvz-site import-wordpress uit de export van de oude site.",
             f"title: {scalar(title)}"]
    tagline = site.get("tagline")
    if tagline:
        lines.append(f"tagline: {scalar(tagline)}")
    lines += [f"description: {scalar(description)}", f"base_url: {base.rstrip('/')}", "theme: rvz", "per_page: 10",
              "menu:", "  - {title: Actueel, url: /actueel/}", "  - {title: \"Thema's\", url: /themas/}"]
    for slug, page_title in pages.items():
        lines.append(f"  - {{title: {json.dumps(page_title, ensure_ascii=False)}, url: /{slug}/}}")
    lines += ["contact:", f"  organisation: {scalar(contact.get('organisation') or title)}",
              f"  email: {email}"]
    if contact.get("phone"):
        lines.append(f"  phone: {scalar(contact['phone'])}")
    return "\n".join(lines) + "\n", notes
