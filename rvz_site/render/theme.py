"""A theme on disk: its templates folder and its static files with content-hashed names.

Owns finding the theme and naming its assets; reads files, renders nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problem
from ..core.model import Place, SiteConfig
from ..core.urls import ASSETS

# Theme files get a content hash in their name so they can be cached for a year (netlify.toml
# caches all of /assets/ so). Icons too: the favicon is asked for by name through asset().
HASHED_SUFFIXES = frozenset({".css", ".js", ".svg", ".png", ".ico", ".woff2"})
PACKAGE_THEMES = Path(__file__).resolve().parents[2] / "themes"


@dataclass(frozen=True, slots=True)
class Asset:
    source: Path
    logical: str  # "css/site.css", as templates ask for it
    url: str  # "/assets/css/site.3f2a9c1b.css"
    data: bytes


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    root: Path
    templates: tuple[tuple[str, str], ...]  # (name under templates/, source text)
    assets: tuple[Asset, ...]

    def template_path(self, name: str) -> str:
        """How a template is named in an error message."""
        return f"themes/{self.name}/templates/{name}"

    def asset_urls(self) -> dict[str, str]:
        return {a.logical: a.url for a in self.assets}


def theme_dirs(content_dir: Path) -> list[Path]:
    """Themes next to the content folder win over the themes shipped with rvz-site."""
    dirs = [content_dir.resolve().parent / "themes", PACKAGE_THEMES]
    return list(dict.fromkeys(dirs))


def _asset(path: Path, static: Path) -> Asset:
    data = path.read_bytes()
    logical = path.relative_to(static).as_posix()
    if path.suffix in HASHED_SUFFIXES:
        digest = hashlib.sha256(data).hexdigest()[:10]
        url_path = logical[: -len(path.suffix)] + f".{digest}{path.suffix}"
    else:
        url_path = logical
    return Asset(path, logical, ASSETS + url_path, data)


def load_theme(config: SiteConfig, content_dir: Path) -> tuple[Theme | None, list[Problem]]:
    """The theme site.yaml names, or a problem at its `theme:` value."""
    name = config.theme
    for base in theme_dirs(content_dir):
        root = base / name
        if (root / "templates").is_dir():
            static = root / "static"
            files = sorted(p for p in static.rglob("*") if p.is_file()) if static.is_dir() else []
            folder = root / "templates"
            templates = tuple(
                (p.relative_to(folder).as_posix(), p.read_text(encoding="utf-8"))
                for p in sorted(folder.rglob("*")) if p.is_file()
            )
            return Theme(name, root, templates, tuple(_asset(p, static) for p in files)), []
    searched = ", ".join(str(b / name) for b in theme_dirs(content_dir))
    place = config.theme_place or Place(0, 0)
    return None, [Problem(config.settings_file, place.line, place.col, f"het thema `{name}` bestaat niet",
                          expected=f"een map met templates/ in {searched}",
                          source_line=place.source_line, length=place.length)]
