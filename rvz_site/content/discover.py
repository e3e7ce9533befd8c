"""Find the content files, in a fixed order. Reads bytes; parses nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problem, did_you_mean
from ..core.model import ARTICLE_SECTIONS, PAGES_SECTION, MediaFile, SourceFile
from .mediasize import image_size

MEDIA_DIR = "media"
KNOWN_DIRS = (*ARTICLE_SECTIONS, PAGES_SECTION, MEDIA_DIR)
# Editors' tools leave these behind; they are never content.
_IGNORED = (".", "~", "#")


@dataclass(frozen=True, slots=True)
class Discovered:
    sources: tuple[SourceFile, ...]
    media: tuple[MediaFile, ...]
    problems: tuple[Problem, ...]


def display_path(content_dir: Path, rel: str) -> str:
    return f"content/{rel}" if content_dir.name == "content" else str(content_dir / rel)


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, all links followed, lies in `root` (resolving costs a system call per part)."""
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def discover_sources(content_dir: Path) -> Discovered:
    root = content_dir.resolve()
    sources: list[SourceFile] = []
    media: list[MediaFile] = []
    problems: list[Problem] = []

    def refuse_link(rel: str) -> None:
        problems.append(Problem(display_path(content_dir, rel), 0, 0,
                                "dit is een snelkoppeling naar een bestand buiten de contentmap",
                                expected="een gewoon bestand binnen content/"))

    for section in (*ARTICLE_SECTIONS, PAGES_SECTION):
        folder = content_dir / section
        if not folder.is_dir():
            continue
        # Once the folder itself is known to lie inside, only a link can lead a file out of it;
        # resolving every file of 10,000 took most of a rebuild's discovery.
        folder_inside = _inside(folder, root)
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            rel = f"{section}/{entry.name}"
            if entry.name.startswith(_IGNORED) or entry.name.endswith("~"):
                continue
            if entry.is_dir():
                problems.append(Problem(display_path(content_dir, rel), 0, 0,
                                        "een map binnen een rubriek wordt niet gelezen",
                                        expected=f"de artikelen direct in content/{section}/"))
                continue
            if entry.suffix.lower() != ".md":
                problems.append(Problem(display_path(content_dir, rel), 0, 0,
                                        "dit bestand is geen Markdown-bestand (.md)",
                                        expected="artikelen als .md-bestand; afbeeldingen en pdf's in content/media/"))
                continue
            if (entry.is_symlink() or not folder_inside) and not _inside(entry, root):
                refuse_link(rel)
                continue
            sources.append(SourceFile(entry, rel, section, entry.read_bytes()))

    media_root = content_dir / MEDIA_DIR
    if media_root.is_dir():
        media_inside = _inside(media_root, root)  # os.walk below does not follow links to folders
        for dirpath, dirnames, filenames in os.walk(media_root, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                if name.startswith(_IGNORED):
                    continue
                path = Path(dirpath) / name
                rel = path.relative_to(media_root).as_posix()
                if (path.is_symlink() or not media_inside) and not _inside(path, root):
                    refuse_link(f"{MEDIA_DIR}/{rel}")
                    continue
                media.append(MediaFile(rel, path, path.stat().st_size, image_size(path)))

    for entry in sorted(content_dir.iterdir(), key=lambda p: p.name) if content_dir.is_dir() else []:
        if entry.is_dir() and entry.name not in KNOWN_DIRS and not entry.name.startswith(_IGNORED):
            hint = did_you_mean(entry.name, KNOWN_DIRS)
            problems.append(Problem(display_path(content_dir, entry.name), 0, 0,
                                    f"onbekende map `{entry.name}`: de bestanden erin worden niet gebouwd",
                                    expected="een van: " + ", ".join(KNOWN_DIRS), hint=hint))
    return Discovered(tuple(sources), tuple(media), tuple(problems))
