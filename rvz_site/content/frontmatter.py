"""Split a content file into its front matter and its body, keeping line numbers.

The boundary is python-frontmatter's own (`---` on a line of its own), so files
that tool reads are read the same here; we locate it ourselves because every
error must point at a line of the original file.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontmatter.default_handlers import YAMLHandler

from .yamlread import Reporter

_BOUNDARY = YAMLHandler.FM_BOUNDARY

FRONT_MATTER_EXAMPLE = "het bestand begint met een regel `---`, dan regels als `title: …` en `date: …`, dan weer `---`"


@dataclass(frozen=True, slots=True)
class SplitSource:
    front_matter: str  # text from the line after the opening `---`
    front_matter_line: int  # file line of front_matter's first line
    body: str
    body_line: int  # file line where the body starts


def split_front_matter(text: str, report: Reporter) -> SplitSource | None:
    if not text.strip():
        report.start("dit bestand is leeg", expected=FRONT_MATTER_EXAMPLE)
        return None
    lines = text.split("\n")
    if not _BOUNDARY.fullmatch(lines[0].rstrip()):
        report.at(1, 1, "de kop met gegevens (front matter) ontbreekt",
                  expected=FRONT_MATTER_EXAMPLE, length=max(len(lines[0]), 1))
        return None
    for index in range(1, len(lines)):
        if _BOUNDARY.fullmatch(lines[index].rstrip()):
            return SplitSource(
                front_matter="\n".join(lines[1:index]),
                front_matter_line=2,
                body="\n".join(lines[index + 1:]),
                body_line=index + 2,
            )
    report.at(1, 1, "de kop met gegevens (front matter) wordt niet afgesloten",
              expected="een regel `---` na de laatste regel van de kop", length=len(lines[0]))
    return None
