"""The old site's uploads: which address is an uploaded file, which original it is, where it goes.

Owns recognising upload addresses on every host that served them (the site's own hosts over
http and https, the i0/i1/i2.wp.com image proxy, and any *.wordpress.com, whose exports
have no wp-content/uploads path and are mapped through `_wp_attached_file`), finding the
original behind a `-300x200` or `-scaled` copy, and naming the file under content/media/.
Reads the --uploads folder's file list once; copies nothing (write.py does).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from slugify import slugify

from .items import Item

UPLOADS = "/wp-content/uploads/"
_PROXY = re.compile(r"^i[0-9]\.wp\.com$")
_SIZED = re.compile(r"-(?:\d{1,5}x\d{1,5}|scaled|rotated|e\d{10,13})(?=\.[A-Za-z0-9]+$)")
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_DATED = re.compile(r"^\d{4}/\d{2}/")
_MULTISITE = re.compile(r"^sites/\d+/(?=\d{4}/\d{2}/)")
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"})


@dataclass(frozen=True, slots=True)
class MediaRef:
    upload: str  # path under --uploads, e.g. 2020/05/foto.jpg
    target: str  # path under content/media/, e.g. 2020/05/foto.jpg


def media_name(upload: str) -> str:
    """The file's place under content/media/: the same year/month folders, a name the site can link to."""
    upload = _MULTISITE.sub("", upload)  # a multisite's uploads/sites/2/2020/05/x.jpg is 2020/05/x.jpg here
    folder, name = posixpath.split(upload)
    stem, ext = posixpath.splitext(name)
    if not _SAFE_NAME.match(name):
        name = (slugify(stem) or "bestand") + ext.lower()
    safe_folder = "/".join(slugify(part) or "map" for part in folder.split("/") if part)
    return f"{safe_folder}/{name}" if safe_folder else name


def original_candidates(upload: str) -> list[str]:
    """The original first, then the copies WordPress made of it, then the file as named."""
    folder, name = posixpath.split(upload)
    ext = posixpath.splitext(name)[1]
    bare = _SIZED.sub("", name)
    while _SIZED.search(bare):
        bare = _SIZED.sub("", bare)
    found = [posixpath.join(folder, bare)]
    base_stem = posixpath.splitext(bare)[0]
    found += [posixpath.join(folder, f"{base_stem}-scaled{ext}"), upload]
    return list(dict.fromkeys(found))


def uploads_root(folder: Path) -> Path:
    """The uploads folder itself, also when the person named the folder above it (wp-content, or the site)."""
    for inner in (folder / "wp-content" / "uploads", folder / "uploads"):
        if inner.is_dir() and not any(_YEAR.match(p.name) for p in folder.iterdir() if p.is_dir()):
            return inner
    return folder


_YEAR = re.compile(r"^(?:19|20)\d\d$")


class Uploads:
    """The old site's files and addresses; `resolve` gives the file behind an address, or None."""

    def __init__(self, root: Path | None, hosts: Iterable[str], attachments: Iterable[Item]) -> None:
        self.root = root
        self.hosts = frozenset(h.lower().removeprefix("www.") for h in hosts if h)
        self.files: frozenset[str] = frozenset(_walk(root)) if root is not None else frozenset()
        by_url: dict[str, str] = {}
        self.by_file: dict[str, Item] = {}
        for item in attachments:
            attached = item.meta_value("_wp_attached_file").strip()
            if item.attachment_url:
                key = _url_key(item.attachment_url)
                if attached:
                    by_url[key] = attached
            rel = attached or self.upload_path(item.attachment_url) or ""
            if rel:
                self.by_file[original_candidates(rel)[0]] = item
        self.by_url: Mapping[str, str] = by_url

    def is_own_host(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return host in self.hosts

    def is_upload_host(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return host in self.hosts or bool(_PROXY.match(host)) or host.endswith(".wordpress.com")

    def upload_path(self, url: str) -> str | None:
        """The path under wp-content/uploads of an address on any upload host, or None."""
        if not url:
            return None
        mapped = self.by_url.get(_url_key(url))
        if mapped:
            return mapped
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        path = unquote(parts.path)
        if _PROXY.match(host):
            # i0.wp.com/<host>/<path>: the proxy puts the original host first
            inner = path.lstrip("/")
            return self.upload_path("https://" + inner)
        if parts.scheme and not self.is_upload_host(host):
            return None
        if UPLOADS in path:
            return path.split(UPLOADS, 1)[1]
        if host.endswith(".wordpress.com") and _DATED.match(path.lstrip("/")):
            return path.lstrip("/")
        return None

    def resolve(self, url: str) -> tuple[MediaRef | None, str | None]:
        """(the file to copy, None) or (None, the upload path that is missing); (None, None): no upload."""
        upload = self.upload_path(url)
        if upload is None:
            return None, None
        for candidate in original_candidates(upload):
            if candidate in self.files:
                return MediaRef(candidate, media_name(original_candidates(upload)[0])), None
        return None, upload

    def attachment_of(self, upload: str) -> Item | None:
        return self.by_file.get(original_candidates(upload)[0])


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{(parts.hostname or '').lower().removeprefix('www.')}{unquote(parts.path)}"


def _walk(root: Path) -> Iterable[str]:
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            yield Path(dirpath, name).relative_to(root).as_posix()


def is_image(path: str) -> bool:
    return posixpath.splitext(path)[1].lower() in IMAGE_EXTENSIONS
