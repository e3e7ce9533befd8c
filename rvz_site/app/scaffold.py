"""`rvz-site new`: the text of a new content file, with front matter the build accepts.

Owns what a fresh article looks like per section: the required fields filled in,
the lists empty, `draft: true` so nothing goes live by accident, and for events
start and end placeholders in Amsterdam time. Writing the file is `write_new`'s
only side effect; it never overwrites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from slugify import slugify

from ..core.dates import AMSTERDAM
from ..core.errors import UsageError, did_you_mean
from ..core.model import ARTICLE_SECTIONS, EVENTS_SECTION, PAGES_SECTION, PUBLICATIONS_SECTION

SECTIONS: tuple[str, ...] = (*ARTICLE_SECTIONS, PAGES_SECTION)
BODY = "Schrijf hier de tekst. Zie docs/redactie.md voor koppen, links, afbeeldingen en video.\n"


@dataclass(frozen=True, slots=True)
class NewFile:
    path: Path
    text: str


def _quoted(value: str) -> str:
    # A JSON string is a valid double-quoted YAML string, whatever the title holds (: # ' ").
    return json.dumps(value, ensure_ascii=False)


def amsterdam_time(day: date, hour: int) -> str:
    """`2026-11-24T10:00:00+01:00`: the offset Amsterdam has on that day (winter or summer time)."""
    return datetime.combine(day, time(hour, 0), tzinfo=AMSTERDAM).isoformat()


def front_matter(section: str, title: str, today: date) -> str:
    lines = [f"title: {_quoted(title)}"]
    if section != PAGES_SECTION:
        lines.append(f"date: {today.isoformat()}")
    lines.append("summary:")
    if section != PAGES_SECTION:
        lines += ["themes: []", "keywords: []", "organisations: []"]
    if section == EVENTS_SECTION:
        lines += [f"start: {amsterdam_time(today, 10)}",
                  f"end: {amsterdam_time(today, 12)}",
                  "location: Online"]
    if section == PUBLICATIONS_SECTION:
        lines += ["# download: /media/publicaties/bestand.pdf",
                  "# cover: /media/publicaties/omslag.jpg",
                  "# cover_alt: Omslag van de publicatie"]
    lines.append("draft: true")
    return "---\n" + "\n".join(lines) + "\n---\n"


def plan_new(content_dir: Path, section: str, title: str, today: date) -> NewFile:
    """Where the new file goes and what it says; UsageError if the request cannot be met."""
    if section not in SECTIONS:
        hint = did_you_mean(section, SECTIONS)
        raise UsageError(f"onbekende rubriek `{section}`" + (f"; {hint}" if hint else "")
                         + f"\n  kies uit: {', '.join(SECTIONS)}")
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        raise UsageError(f"van de titel `{title}` kan geen bestandsnaam gemaakt worden; "
                         "gebruik letters of cijfers in de titel")
    if not content_dir.is_dir():
        raise UsageError(f"de contentmap `{content_dir}` bestaat niet; geef de juiste map met --content")
    path = content_dir / section / f"{slug}.md"
    return NewFile(path, front_matter(section, title, today) + "\n" + BODY)


def write_new(planned: NewFile) -> None:
    planned.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with planned.path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(planned.text)
    except FileExistsError:
        raise UsageError(f"{planned.path} bestaat al; er is niets overschreven. "
                         "Kies een andere titel of open het bestaande bestand") from None
