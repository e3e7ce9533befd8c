"""What `--dry-run` shows: an inventory of the export, and the starter map it writes.

Owns counting items per type and status, drawing the category tree, listing tags, the
shortcodes and blocks used, the meta keys and the hosts uploads come from, and the text of
a starter map that names every category and post type with its default. Pure: text out.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from urllib.parse import urlsplit

from .blocks import block_names
from .items import Export, Term
from .mapping import DEFAULT_POST_TYPES, ImportMap
from .plan import SKIPPED_STATUSES, SKIPPED_TYPES
from .shortcodes import shortcode_names
from .terms import plan_terms

_SRC = re.compile(r"""(?:src|href)=["'](https?://[^"']+)["']""")


def upload_hosts(export: Export) -> Counter[str]:
    hosts: Counter[str] = Counter()
    for item in export.items:
        if item.attachment_url:
            hosts[(urlsplit(item.attachment_url).hostname or "").lower()] += 1
        for url in _SRC.findall(item.content):
            if "/wp-content/uploads/" in url or ".wp.com/" in url or ".files.wordpress.com/" in url:
                hosts[(urlsplit(url).hostname or "").lower()] += 1
    return hosts


def _tree(categories: list[Term]) -> list[str]:
    by_parent: dict[str, list[Term]] = {}
    slugs = {c.slug for c in categories}
    for c in categories:
        by_parent.setdefault(c.parent if c.parent in slugs else "", []).append(c)
    lines: list[str] = []

    def walk(parent: str, depth: int, seen: set[str]) -> None:
        for c in sorted(by_parent.get(parent, []), key=lambda t: t.slug):
            if c.slug in seen:
                continue
            lines.append(f"{'  ' * depth}- {html.unescape(c.name)} ({c.slug})")
            walk(c.slug, depth + 1, seen | {c.slug})

    walk("", 1, set())
    return lines


def inventory(export: Export) -> str:
    kinds = Counter((i.post_type, i.status) for i in export.items)
    shortcodes: Counter[str] = Counter()
    blocks: Counter[str] = Counter()
    meta: Counter[str] = Counter()
    for item in export.items:
        shortcodes.update(set(shortcode_names(item.content)))
        blocks.update(set(block_names(item.content)))
        meta.update({k for k, _ in item.meta})
    categories = [t for t in export.terms if t.kind == "category"]
    tags = sorted(html.unescape(t.name) for t in export.terms if t.kind == "post_tag")
    lines = [f"Export: {', '.join(export.files)}", f"Site: {export.channel.title} ({export.channel.link})",
             f"WXR-versie: {export.channel.wxr_version or 'onbekend'}", "", "Items per type en status:"]
    for (kind, status), n in sorted(kinds.items()):
        skipped = kind in SKIPPED_TYPES or (status in SKIPPED_STATUSES and kind != "attachment")
        lines.append(f"  {kind:<20} {status:<12} {n:>6}{'  (wordt overgeslagen)' if skipped else ''}")
    lines += ["", f"Categorieën ({len(categories)}):", *_tree(categories)]
    lines += ["", f"Tags ({len(tags)}): " + (", ".join(tags) if tags else "geen")]
    lines += ["", "Shortcodes: " + (", ".join(f"{k} ({v})" for k, v in sorted(shortcodes.items())) or "geen")]
    lines += ["Blokken: " + (", ".join(f"{k} ({v})" for k, v in sorted(blocks.items())) or "geen")]
    lines += ["Metavelden: " + (", ".join(sorted(meta)) or "geen")]
    hosts = upload_hosts(export)
    lines += ["Uploads komen van: " + (", ".join(f"{h} ({n})" for h, n in sorted(hosts.items())) or "geen")]
    lines += ["", f"Reacties: {export.comments} (worden niet overgenomen); auteurs: {export.authors} "
                  "(worden niet overgenomen)"]
    if export.repairs:
        lines += ["", "Hersteld bij het inlezen:", *(f"  - {r}" for r in export.repairs)]
    return "\n".join(lines) + "\n"


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def starter_map(export: Export) -> str:
    """A map file with every choice at its default, commented, for the person migrating to edit."""
    channel = export.channel
    types = sorted({i.post_type for i in export.items} - SKIPPED_TYPES - {"attachment", "wp_block"})
    lines = [
        "# Kaart voor rvz-site import-wordpress (zie docs/overstappen.md).",
        "# Alles is optioneel; wat hier niet staat, krijgt de standaard die erachter staat.",
        "site:",
        f"  title: {_q(channel.title or 'Naam van de site')}",
        f"  description: {_q(channel.description or 'Beschrijving van de site')}",
        f"  base_url: {_q((channel.link or 'https://www.example.org').rstrip('/'))}",
        "  contact:",
        f"    organisation: {_q(channel.title or 'Organisatie')}",
        "    # email: info@voorbeeld.nl   # VUL IN: het contactadres van de site (staat niet in de export)",
        "# hosts: [oud.voorbeeld.nl]   # nog meer namen waaronder de uploads te vinden waren",
        "post_types:   # berichttype -> rubriek: actueel, praktijkvoorbeelden, bijeenkomsten, publicaties, pages",
    ]
    for kind in types:
        default = DEFAULT_POST_TYPES.get(kind)
        lines.append(f"  {kind}: {default}" if default else f"  # {kind}: actueel   # nu: overgeslagen")
    lines += ["categories:   # per categorie: section, theme (sleutel of false), organisation, name, description,",
              "              # place, role, website"]
    categories = sorted((t for t in export.terms if t.kind == "category"), key=lambda t: t.slug)
    if not categories:
        lines[-2] = "categories: {}" + lines[-2][len("categories:"):]
    defaults = plan_terms(export, ImportMap()).category_theme
    for term in categories:
        key = defaults.get(term.slug, "")
        default = f"thema {key}" if key else "geen thema"
        lines.append(f"  {_q(term.slug)}: {{}}   # {html.unescape(term.name)}; standaard: {default}")
    lines += ["pages: {}   # per pagina-slug: organisation (de pagina wordt een organisatie) of section"]
    return "\n".join(lines) + "\n"
