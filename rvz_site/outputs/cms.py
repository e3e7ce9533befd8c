"""The web editor at /admin/: Decap CMS, configured from the same schema the build validates with.

Owns `admin/config.yml` (collections and fields made from schema.py's Fields, theme and
organisation choices from the registries, the backend from site.yaml's `cms:` block)
and `admin/index.html`, plus finding the pinned Decap bundle (npm `decap-cms`, its
dist/ without source maps) to copy beside them. Pure apart from `find_bundle`, which
only lists files; nothing here writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import yaml

from ..content.schema import fields_for
from ..content.yamlread import Field, datetime_only
from ..core.model import (
    ARTICLE_SECTIONS,
    PAGES_SECTION,
    SECTION_NAMES,
    CmsConfig,
    OutputFile,
    Pictures,
    Registries,
    SiteConfig,
)

ADMIN = "admin/"
BUNDLE_SCRIPT = "decap-cms.js"
PREVIEW_SCRIPT = "voorvertoning.js"
SITE_CSS = "css/site.css"  # the theme's stylesheet, as templates ask for it
SITE_ICON = "img/favicon.svg"  # the theme's icon: without a link to it the browser asks for /favicon.ico, a 404
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
# Front matter dates the parser accepts: a day for articles, a time with its offset for events.
DATE_FORMAT = "YYYY-MM-DD"
DATETIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"

SINGULAR = {
    "actueel": "Nieuwsbericht",
    "praktijkvoorbeelden": "Praktijkvoorbeeld",
    "bijeenkomsten": "Bijeenkomst",
    "publicaties": "Publicatie",
    PAGES_SECTION: "Pagina",
}


def _widget(field: Field, registries: Registries) -> dict[str, Any]:
    """The Decap widget for one schema field."""
    kind = field.widget
    if kind == "themes":
        return {"widget": "select", "multiple": True,
                "options": [{"label": t.name if t.parent is None else f"{_theme_name(t.parent, registries)} › {t.name}",
                             "value": t.key} for t in registries.themes]}
    if kind == "organisations":
        return {"widget": "select", "multiple": True,
                "options": [{"label": f"{o.name} ({o.place})", "value": o.key}
                            for o in sorted(registries.organisations, key=lambda o: o.name.lower())]}
    if kind == "datetime":
        if field.convert is datetime_only:
            return {"widget": "datetime", "format": DATETIME_FORMAT, "date_format": "DD-MM-YYYY",
                    "time_format": "HH:mm"}
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": "DD-MM-YYYY", "time_format": False}
    if kind == "list":
        return {"widget": "list", "allow_add": True}
    if kind == "boolean":
        return {"widget": "boolean", "default": False}
    return {"widget": kind}


def _theme_name(key: str, registries: Registries) -> str:
    return registries.theme(key).name


def decap_field(field: Field, registries: Registries) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": field.name, "label": field.label or field.name}
    entry.update(_widget(field, registries))
    entry["required"] = field.required
    if field.pattern:
        entry["pattern"] = list(field.pattern)
    if field.help:
        entry["hint"] = field.help[0].upper() + field.help[1:]
    return entry


# Decap opens in rich text (it remembers an editor's last choice). Rich text rewrites the
# whole body when it is changed, e.g. it drops column alignment in tables; the guide says
# to switch to Markdown for such articles, and a browser test proves Markdown mode keeps all.
BODY_FIELD = {"name": "body", "label": "Tekst", "widget": "markdown", "required": False,
              "hint": "Tussenkoppen, links, afbeeldingen en kaders: zie de handleiding voor de redactie."}


def _collection(section: str, registries: Registries) -> dict[str, Any]:
    fields = [decap_field(f, registries) for f in fields_for(section)]
    collection: dict[str, Any] = {
        "name": section,
        "label": SECTION_NAMES[section],
        "label_singular": SINGULAR[section],
        "folder": f"content/{section}",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "fields": [*fields, dict(BODY_FIELD)],
    }
    if section != PAGES_SECTION:
        collection["sortable_fields"] = ["date", "title"]
        collection["summary"] = "{{title}} ({{date}})"
    return collection


# GitHub logs in through Netlify's OAuth provider (Netlify keeps the OAuth app's secret); Decap's
# defaults are these, written out so the file says where the login goes.
NETLIFY_OAUTH = {"base_url": "https://api.netlify.com", "auth_endpoint": "auth"}


def decap_backend(cms: CmsConfig) -> dict[str, Any]:
    """The `backend:` block Decap expects for each login: git-gateway, github via Netlify, gitlab with PKCE."""
    backend: dict[str, Any] = {"name": cms.backend, "branch": cms.branch}
    if cms.repo:
        backend["repo"] = cms.repo
    if cms.backend == "github":
        backend.update(NETLIFY_OAUTH)
    if cms.backend == "gitlab":
        # PKCE needs no server holding a secret: the browser proves itself to GitLab with the app's ID.
        backend.update({"auth_type": "pkce", "app_id": cms.app_id})
    return backend


def decap_config(config: SiteConfig, registries: Registries) -> dict[str, Any]:
    cms = config.cms
    backend = decap_backend(cms)
    return {
        "locale": "nl",
        "local_backend": cms.local_backend,
        "backend": backend,
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": "content/media",
        "public_folder": "/media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_collection(s, registries) for s in (*ARTICLE_SECTIONS, PAGES_SECTION)],
    }


def render_config(config: SiteConfig, registries: Registries) -> bytes:
    header = ("# Gemaakt door rvz-site uit rvz_site/schema.py en content/; niet met de hand aanpassen.\n")
    body = yaml.safe_dump(decap_config(config, registries), allow_unicode=True, sort_keys=False, width=100)
    return (header + body).encode("utf-8")


def render_index(config: SiteConfig, icon: str | None = None) -> bytes:
    title = escape(f"Redactie | {config.title}")
    icon_link = f'<link rel="icon" href="{escape(icon)}" type="image/svg+xml">\n' if icon else ""
    return f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
{icon_link}<link rel="cms-config-url" type="text/yaml" href="/admin/config.yml">
</head>
<body>
<noscript>De webeditor van {escape(config.title)} werkt alleen met JavaScript aan.
Je kunt artikelen ook als Markdown-bestand in git schrijven: zie docs/redactie.md.</noscript>
<script src="/admin/{BUNDLE_SCRIPT}"></script>
<script src="/admin/{PREVIEW_SCRIPT}"></script>
</body>
</html>
""".encode()


def bundle_dirs(content_dir: Path) -> list[Path]:
    """Where `npm ci` puts Decap: beside the content folder's project, or beside rvz-site itself."""
    dirs = [content_dir.resolve().parent / "node_modules/decap-cms/dist",
            PACKAGE_ROOT / "node_modules/decap-cms/dist"]
    return list(dict.fromkeys(dirs))


def is_bundle_file(name: str) -> bool:
    """What /admin/ needs of Decap's dist/: decap-cms.js, its lazy chunks and wasm, its licence; no
    source maps, and not the second copy of everything (cms.js) that dist/ also holds."""
    return name in {BUNDLE_SCRIPT, f"{BUNDLE_SCRIPT}.LICENSE.txt"} or name.endswith((".decap-cms.js", ".wasm"))


def find_bundle(dirs: Sequence[Path]) -> list[Path]:
    """The files of the first Decap dist/ found."""
    for dist in dirs:
        if (dist / BUNDLE_SCRIPT).is_file():
            return sorted(p for p in dist.iterdir() if p.is_file() and is_bundle_file(p.name))
    return []


# The site publishes a photo only in its resized versions (outputs/images), not under the name
# the editor gave it; Decap's preview asks for that name. This points each preview image at
# the version the site has. Decap draws the preview in an iframe of this page, again and again.
_PREVIEW_PHOTOS = """var PHOTOS = %s;
function mend(doc) {
  doc.querySelectorAll("img").forEach(function (img) {
    var src = img.getAttribute("src"), to = src && PHOTOS[src.replace(/^https?:\\/\\/[^/]+/, "")];
    if (to) img.setAttribute("src", to);
  });
}
function watch(frame) {
  if (frame.rvzWatched) return;
  frame.rvzWatched = true;
  var hook = function () {
    var doc = frame.contentDocument;
    if (!doc) return;
    mend(doc);
    new MutationObserver(function () { mend(doc); })
      .observe(doc, {subtree: true, childList: true, attributes: true, attributeFilter: ["src"]});
  };
  frame.addEventListener("load", hook);
  hook();
}
new MutationObserver(function () { document.querySelectorAll("iframe").forEach(watch); })
  .observe(document.documentElement, {subtree: true, childList: true});
"""


def render_preview(stylesheets: Sequence[str], pictures: Pictures | None = None) -> bytes:
    """The editor's preview pane in the site's own style, with the site's photos.
    A file, not inline: /admin/'s CSP has no unsafe-inline."""
    lines = ["// Gemaakt door rvz-site: de voorvertoning in de webeditor krijgt de opmaak van de site.\n"]
    lines += [f"CMS.registerPreviewStyle({json.dumps(url)});\n" for url in stylesheets]
    photos = {url: picture.src for url, picture in (pictures or Pictures()).by_url.items()}
    lines.append(_PREVIEW_PHOTOS % json.dumps(photos, sort_keys=True, separators=(",", ":")))
    return "".join(lines).encode()


def admin_outputs(config: SiteConfig, registries: Registries, bundle: Sequence[Path],
                  stylesheets: Sequence[str] = (), icon: str | None = None,
                  pictures: Pictures | None = None) -> list[OutputFile]:
    files = [OutputFile(ADMIN + "index.html", data=render_index(config, icon)),
             OutputFile(ADMIN + "config.yml", data=render_config(config, registries)),
             OutputFile(ADMIN + PREVIEW_SCRIPT, data=render_preview(stylesheets, pictures))]
    files += [OutputFile(ADMIN + p.name, copy_from=p) for p in bundle]
    return files
