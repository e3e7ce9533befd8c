"""The import in order: read, map, plan, convert, decide what to write, report, write once.

Owns the steps of `rvz-site import-wordpress` and what it prints; every step is a module of
its own. A SiteError from any step reaches the command line before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ...content.registry import load_organisations, load_themes
from ...core.errors import Problem, SiteError
from .inventory import inventory, starter_map
from .items import Export
from .mapping import DEFAULT_MAP_NAME, SECTIONS, ImportMap, load_map
from .media import Uploads, uploads_root
from .output import (
    MARKER_PATTERN,
    article_text,
    extend_organisations,
    extend_themes,
    organisations_text,
    site_text,
    themes_text,
)
from .plan import Existing, Plan, plan_import
from .report import REPORT_JSON, REPORT_MD, WriteNotes, report_data, report_json, report_markdown
from .write import choose, commit
from .wxr import read_export


@dataclass(frozen=True)
class ImportOptions:
    exports: tuple[Path, ...]
    content: Path
    uploads: Path | None = None
    map: Path | None = None
    dry_run: bool = False
    force: bool = False


def _hosts(export: Export, imap: ImportMap) -> list[str]:
    links = [export.channel.link, export.channel.base_site_url, export.channel.base_blog_url, *imap.hosts]
    hosts = [urlsplit(link).hostname or link for link in links if link]
    return [h for h in hosts if h]


def scan_existing(content: Path) -> Existing:
    """Which files an earlier import made (by the marker line), the slugs in use, the registry keys."""
    if not content.exists():
        return Existing()
    by_id: dict[int, str] = {}
    slugs: dict[str, frozenset[str]] = {}
    for section in SECTIONS:
        folder = content / section
        if not folder.is_dir():
            continue
        names = set()
        for path in sorted(folder.glob("*.md")):
            names.add(path.stem)
            with path.open("rb") as handle:
                head = handle.read(300).decode("utf-8", errors="replace").split("\n")
            if len(head) > 1 and (m := MARKER_PATTERN.match(head[1])):
                by_id[int(m.group(1))] = f"{section}/{path.name}"
        slugs[section] = frozenset(names)
    problems: list[Problem] = []
    themes, organisations = frozenset[str](), frozenset[str]()
    if (content / "themes.yaml").is_file():
        found, theme_problems = load_themes(content)
        problems += [p for p in theme_problems if p.severity == "error"]
        themes = frozenset(t.key for t in found)
    if (content / "organisations.yaml").is_file():
        orgs, org_problems = load_organisations(content)
        problems += [p for p in org_problems if p.severity == "error"]
        organisations = frozenset(o.key for o in orgs)
    if problems:
        raise SiteError(problems)
    return Existing(by_id, slugs, themes, organisations)


def _files(options: ImportOptions, export: Export, imap: ImportMap, plan: Plan,
           existing: Existing) -> tuple[dict[str, bytes], frozenset[str], list[str]]:
    files = {a.rel: article_text(a).encode("utf-8") for a in plan.articles}
    content = options.content
    replaceable: set[str] = set()
    themes = list(plan.terms.themes.values())
    organisations = list(plan.terms.organisations.values())
    if (content / "themes.yaml").is_file():
        source = (content / "themes.yaml").read_text("utf-8")
        files["themes.yaml"] = extend_themes(source, themes, existing.themes).encode("utf-8")
        replaceable.add("themes.yaml")
    else:
        files["themes.yaml"] = themes_text(themes).encode("utf-8")
    if (content / "organisations.yaml").is_file():
        source = (content / "organisations.yaml").read_text("utf-8")
        files["organisations.yaml"] = extend_organisations(source, organisations,
                                                           existing.organisations).encode("utf-8")
        replaceable.add("organisations.yaml")
    else:
        files["organisations.yaml"] = organisations_text(organisations).encode("utf-8")
    pages = {a.slug: a.title for a in plan.articles if a.section == "pages" and a.live and a.slug == "over-ons"}
    site, site_notes = site_text(export.channel, imap, pages)
    if not (content / "site.yaml").is_file() or (content / "site.yaml").read_bytes() == site.encode("utf-8"):
        files["site.yaml"] = site.encode("utf-8")
    else:
        site_notes = []  # the editor's own site.yaml stays as it is; what we would fill in does not matter
    return files, frozenset(replaceable), site_notes


def import_wordpress(options: ImportOptions, say: Callable[[str], None] = print) -> int:
    """Run the import; returns 0. Raises SiteError (nothing written) for bad input."""
    for path in options.exports:
        if not path.is_file():
            raise SiteError([Problem(str(path), 0, 0, "dit exportbestand bestaat niet",
                                     expected="het .xml-bestand dat WordPress schreef (Extra → Exporteren)")])
    if options.uploads is not None and not options.uploads.is_dir():
        raise SiteError([Problem(str(options.uploads), 0, 0, "deze uploadsmap bestaat niet",
                                 expected="een kopie van wp-content/uploads van de oude site")])
    export = read_export(sorted(options.exports))
    map_path = options.map
    imap = load_map(map_path) if map_path is not None and map_path.is_file() else ImportMap()
    if options.dry_run:
        say(inventory(export))
        target = map_path or options.content.absolute().parent / DEFAULT_MAP_NAME
        if target.exists():
            say(f"De kaart {target} bestaat al; niet overschreven.")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(starter_map(export), "utf-8")
            os.replace(tmp, target)
            say(f"Kaart om te bewerken geschreven: {target}")
        say("Proefdraai: verder is er niets geschreven.")
        return 0
    if map_path is not None and not map_path.is_file():
        raise SiteError([Problem(str(map_path), 0, 0, "deze kaart bestaat niet",
                                 expected="een kaart; `--dry-run` schrijft er een om te bewerken")])
    existing = scan_existing(options.content)
    attachments = [i for i in export.items if i.post_type == "attachment"]
    root = uploads_root(options.uploads) if options.uploads is not None else None
    uploads = Uploads(root, _hosts(export, imap), attachments)
    plan = plan_import(export, imap, uploads, existing)
    files, replaceable, site_notes = _files(options, export, imap, plan, existing)
    media: dict[str, Path] = {}
    if root is not None:
        for article in plan.articles:
            refs = [*article.body.media, *(r for r in (article.image, article.download) if r is not None)]
            for ref in refs:
                media.setdefault(f"media/{ref.target}", root / ref.upload)
    writes = choose(options.content, files, media, options.force, replaceable)
    notes = WriteNotes(tuple(writes.kept), tuple(site_notes), len(media))
    data = report_data(export, plan, notes)
    reports = {REPORT_MD: report_markdown(data), REPORT_JSON: report_json(data)}
    commit(options.content, writes, reports)
    totals = data["totals"]
    say(f"{totals['articles']} artikelen en {totals['pages']} pagina's geïmporteerd in {options.content} "
        f"({totals['published']} gepubliceerd, {totals['drafts']} concept, {totals['scheduled']} gepland; "
        f"{totals['skipped']} overgeslagen); {len(writes.files) + len(writes.media)} bestanden geschreven.")
    if writes.kept:
        say(f"{len(writes.kept)} bestanden bestonden al met een andere inhoud en zijn niet overschreven "
            "(--force vervangt ze).")
    say(f"Verslag: {options.content.absolute().parent / REPORT_MD}")
    return 0
