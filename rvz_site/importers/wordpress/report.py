"""The import report: import-report.md (Dutch, for the person migrating) and import-report.json.

Owns what the report says and in which order: per item the decision, slug, aliases, what was
dropped, unknown shortcodes, unmapped terms, missing media and round-trip differences; then
what was skipped, filled in or not overwritten, the redirects for categories and tags that the
build's automatic rules do not give, and the totals. Both files are stable: sorted, no time
stamps, so a second run writes the same bytes. Never holds a password, an e-mail or an IP
address: nothing of comments or authors but their number reaches it. Pure.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from .items import Export
from .plan import Plan, Planned

REPORT_MD = "import-report.md"
REPORT_JSON = "import-report.json"


@dataclass(frozen=True)
class WriteNotes:
    kept: tuple[str, ...]  # files that exist with other content and were not overwritten
    site_notes: tuple[str, ...]
    media_copied: int


def _item(article: Planned) -> dict[str, Any]:
    body = article.body
    return {
        "id": article.item.post_id,
        "type": article.item.post_type,
        "title": article.title,
        "decision": article.decision,
        "file": article.rel,
        "slug": article.slug,
        "url": article.url,
        "aliases": article.aliases,
        "dropped": body.dropped,
        "unknown_shortcodes": body.unknown_shortcodes,
        "unmapped_terms": article.unmapped,
        "missing_media": sorted(set(body.missing_media)),
        "alt_text": body.alt_filled,
        "links": body.links_kept,
        "roundtrip": body.roundtrip,
        "notes": article.notes,
    }


def totals(export: Export, plan: Plan, notes: WriteNotes) -> dict[str, int]:
    decisions = Counter(a.decision.split(":")[0].split(" (")[0] for a in plan.articles)
    return {
        "items_in_export": len(export.items),
        "articles": sum(a.section != "pages" for a in plan.articles),
        "pages": sum(a.section == "pages" for a in plan.articles),
        "published": decisions["gepubliceerd"],
        "drafts": decisions["concept"],
        "scheduled": decisions["gepland"],
        "skipped": sum(plan.skipped.values()),
        "attachments": plan.attachments,
        "media_copied": notes.media_copied,
        "missing_media": sum(len(set(a.body.missing_media)) for a in plan.articles),
        "themes": len(plan.terms.themes),
        "organisations": len(plan.terms.organisations),
        "roundtrip_differences": sum(bool(a.body.roundtrip) for a in plan.articles),
        "unknown_shortcodes": sum(len(a.body.unknown_shortcodes) for a in plan.articles),
        "comments_not_imported": export.comments,
        "authors_not_imported": export.authors,
    }


def report_data(export: Export, plan: Plan, notes: WriteNotes) -> dict[str, Any]:
    return {
        "sources": [PurePath(f).name for f in export.files],  # names only: the same report from any folder
        "wxr_version": export.channel.wxr_version,
        "repairs": list(export.repairs),
        "items": [_item(a) for a in plan.articles],
        "skipped": dict(sorted(plan.skipped.items())),
        "categories": dict(sorted(plan.terms.category_theme.items())),
        "themes": [{"key": t.key, "name": t.name, "description_filled_in": t.placeholder}
                   for t in plan.terms.themes.values()],
        "organisations": [{"key": o.key, "name": o.name, "filled_in": list(plan.terms.filled_in[o.key])}
                          for o in plan.terms.organisations.values()],
        "notes": sorted(plan.terms.notes) + plan.notes + list(notes.site_notes),
        "not_overwritten": list(notes.kept),
        "term_redirects": [list(r) for r in sorted(set(plan.terms.redirects))],
        "totals": totals(export, plan, notes),
    }


def report_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_LABELS = [
    ("dropped", "Verwijderd (mag niet op de site)"),
    ("unknown_shortcodes", "Onbekende shortcodes (als tekst blijven staan)"),
    ("unmapped_terms", "Niet toegewezen"),
    ("missing_media", "Ontbrekende bestanden (niet getoond; niets laadt van de oude site)"),
    ("alt_text", "Alt-tekst"),
    ("links", "Links"),
    ("roundtrip", "Lees na: de opbouw wijkt af"),
    ("notes", "Opmerkingen"),
]
_TOTAL_LABELS = {
    "items_in_export": "items in de export", "articles": "artikelen", "pages": "pagina's",
    "published": "gepubliceerd", "drafts": "concepten", "scheduled": "gepland", "skipped": "overgeslagen",
    "attachments": "bijlagen in de mediabibliotheek", "media_copied": "bestanden naar content/media/",
    "missing_media": "ontbrekende bestanden", "themes": "thema's", "organisations": "organisaties",
    "roundtrip_differences": "items om na te lezen", "unknown_shortcodes": "onbekende shortcodes",
    "comments_not_imported": "reacties (niet overgenomen)", "authors_not_imported": "auteurs (niet overgenomen)",
}


def _code(value: str) -> str:
    return "`" + value.replace("`", "'") + "`"


_TAG = re.compile(r"<[^<>]*>")


def _text(value: str) -> str:
    """Free text in the Markdown report: a named tag as code, any other < as text, so no viewer runs it."""
    if "<" not in value:
        return value
    pieces = _TAG.split(value)
    tags = [_code(t) for t in _TAG.findall(value)] + [""]
    return "".join(piece.replace("<", "&lt;") + tag for piece, tag in zip(pieces, tags, strict=True))


def _toml_redirect(old: str, new: str) -> list[str]:
    """One netlify.toml rule; an old `/?page_id=12` is a query rule on `/`, forced past the home page."""
    if old.startswith("/?") and "=" in old:
        name, _, value = old[2:].partition("=")
        return ["[[redirects]]", 'from = "/"', f'query = {{{name} = "{value}"}}', f'to = "{new}"', "status = 301",
                "force = true"]
    return ["[[redirects]]", f'from = "{old}"', f'to = "{new}"', "status = 301"]


def report_markdown(data: dict[str, Any]) -> bytes:
    out = ["# Verslag van de import uit WordPress", "",
           "Gemaakt door `rvz-site import-wordpress`. Lees vooral de items onder „Lees na”, de ontbrekende "
           "bestanden en wat er is ingevuld.", "",
           f"Bron: {', '.join(_code(s) for s in data['sources'])} (WXR {data['wxr_version'] or 'onbekend'})", ""]
    if data["repairs"]:
        out += ["## Hersteld bij het inlezen", ""] + [f"- {r}" for r in data["repairs"]] + [""]
    out += ["## Per item", ""]
    for item in data["items"]:
        out += [f"### {_code(item['file'])}: {_text(item['title'])}", "",
                f"- WordPress: {item['type']} {item['id']}; besluit: {item['decision']}",
                f"- Nieuw adres: {_code(item['url'])} (slug {_code(item['slug'])})"]
        if item["aliases"]:
            out.append("- Oude adressen, doorverwezen: " + ", ".join(_code(a) for a in item["aliases"]))
        for key, label in _LABELS:
            values = item[key]
            if values:
                out.append(f"- {label}: " + "; ".join(_text(v) for v in values))
        out.append("")
    if data["skipped"]:
        out += ["## Overgeslagen", ""] + [f"- {k}: {v}" for k, v in data["skipped"].items()] + [""]
    out += ["## Categorieën en thema's", ""]
    for slug, key in data["categories"].items():
        out.append(f"- {_code(slug)} → " + (f"thema {_code(key)}" if key else "geen thema"))
    filled = [t for t in data["themes"] if t["description_filled_in"]]
    if filled:
        out += ["", "Beschrijving ingevuld (schrijf een echte in themes.yaml): "
                + ", ".join(_code(t["key"]) for t in filled)]
    out.append("")
    if data["organisations"]:
        out += ["## Organisaties", ""]
        for org in data["organisations"]:
            extra = f" (ingevuld: {', '.join(org['filled_in'])})" if org["filled_in"] else ""
            out.append(f"- {_code(org['key'])}: {org['name']}{extra}")
        out.append("")
    if data["notes"]:
        out += ["## Opmerkingen", ""] + [f"- {_text(n)}" for n in data["notes"]] + [""]
    if data["not_overwritten"]:
        out += ["## Niet overschreven", "",
                "Deze bestanden bestonden al met een andere inhoud; gebruik `--force` om ze te vervangen.", ""]
        out += [f"- {_code(p)}" for p in data["not_overwritten"]] + [""]
    out += ["## Doorverwijzingen die de build niet zelf maakt", ""]
    if data["term_redirects"]:
        out += ["De build verwijst `/category/<thema>/` en `/tag/<trefwoord>/` vanzelf door, en elk oud adres van "
                "een artikel of pagina. Deze oude adressen (van categorieën, tags en pagina's die een deelnemer "
                "werden) niet; zet ze in `netlify.toml`:", "", "```toml"]
        for old, new in data["term_redirects"]:
            out += _toml_redirect(old, new) + [""]
        out[-1] = "```"
        out.append("")
    else:
        out += ["Geen: de build maakt ze allemaal zelf.", ""]
    out += ["## Totalen", "", "| wat | aantal |", "| --- | ---: |"]
    out += [f"| {_TOTAL_LABELS[k]} | {v} |" for k, v in data["totals"].items()]
    return ("\n".join(out) + "\n").encode("utf-8")
