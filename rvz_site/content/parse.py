"""From one SourceFile to one checked Article, or to the problems that stop it.

Owns every check that needs only the file itself and the registries. Collisions
between files are assemble.py's; nothing here touches the file system.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath

from slugify import slugify
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.dates import as_moment
from ..core.errors import Problem, did_you_mean
from ..core.model import PAGES_SECTION, Article, Event, Keyword, Place, Registries, SourceFile
from .frontmatter import FRONT_MATTER_EXAMPLE, split_front_matter
from .htmlpolicy import check_html
from .linkscan import find_links
from .markdown import render_markdown, shorten
from .schema import SLUG_EXPECTED, SLUG_PATTERN, fields_for
from .sourcetext import decode
from .yamlread import Reporter, compose_yaml, node_pos, read_mapping

MEDIA_PREFIX = "/media/"
# Longer than this is cut off in listings, feeds and search results: a warning, not an error.
TITLE_LIMIT, SUMMARY_LIMIT = 90, 250
LENGTH_LIMITS = (("title", TITLE_LIMIT, "titel"), ("summary", SUMMARY_LIMIT, "samenvatting"))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What a file may refer to: the registries' keys and the media files that exist."""

    theme_keys: frozenset[str]
    organisation_keys: frozenset[str]
    media: frozenset[str]  # paths under /media/, without the prefix

    @classmethod
    def of(cls, registries: Registries, media: Collection[str]) -> Vocabulary:
        return cls(
            frozenset(t.key for t in registries.themes),
            frozenset(o.key for o in registries.organisations),
            frozenset(media),
        )


def keyword_slug(name: str) -> str:
    # Lower case first: slugify decodes HTML entities only in lower case ("&amp;" but not
    # "&AMP;"), so "Zorg &AMP; Welzijn" and "zorg &amp; welzijn" must meet before it runs.
    return slugify(name.lower())


def _value_nodes(node: Node | None) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value if isinstance(k, ScalarNode)}


def _items(node: Node | None) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    return [node] if node is not None else []


# A long publication is some 100 kB of Markdown; converting takes about 10 s per MB, so a
# bigger file is a mistake (a pasted export, a binary) that would stall every build.
MAX_ARTICLE_BYTES = 1_000_000


def parse_source(source: SourceFile, vocabulary: Vocabulary, display: str) -> tuple[Article | None, list[Problem]]:
    report = Reporter(display, [])
    if len(source.data) > MAX_ARTICLE_BYTES:
        report.start(f"dit bestand is {len(source.data) / 1e6:.1f} MB groot; een artikel mag hoogstens "
                     f"{MAX_ARTICLE_BYTES // 1_000_000} MB zijn",
                     expected="een kortere tekst; een lang document als pdf in content/media/ met een link")
        return None, report.problems
    text = decode(source.data, report)
    if text is None:
        return None, report.problems
    report.lines = text.split("\n")
    split = split_front_matter(text, report)
    if split is None:
        return None, report.problems
    offset = split.front_matter_line - 1
    root = compose_yaml(split.front_matter, report, offset)
    if root is None and not report.failed:
        report.at(1, 1, "de kop met gegevens (front matter) is leeg",
                  expected=FRONT_MATTER_EXAMPLE, length=3)
        return None, report.problems
    fields = fields_for(source.section)
    values = read_mapping(root, fields, report, offset, what="de kop met gegevens")
    nodes = _value_nodes(root)

    def at_node(node: Node, problem: str, expected: str = "", hint: str = "") -> None:
        pos = node_pos(node, offset)
        report.at(pos.line, pos.col, problem, expected=expected, hint=hint, length=pos.length)

    def check_keys(field: str, known: frozenset[str], what: str, registry: str) -> tuple[str, ...]:
        good: list[str] = []
        for item in _items(nodes.get(field)) if field in values else []:
            key = str(item.value).strip() if isinstance(item, ScalarNode) else ""
            if key in known:
                if key not in good:
                    good.append(key)
                continue
            at_node(item, f"{what} `{key}`",
                    expected=f"een sleutel uit content/{registry}", hint=did_you_mean(key, known))
        return tuple(good)

    themes = check_keys("themes", vocabulary.theme_keys, "onbekend thema", "themes.yaml")
    organisations = check_keys("organisations", vocabulary.organisation_keys, "onbekende deelnemer",
                               "organisations.yaml")
    keywords: list[Keyword] = []
    for item in _items(nodes.get("keywords")) if "keywords" in values else []:
        name = " ".join(str(item.value).split())
        kslug = keyword_slug(name)
        if not kslug:
            at_node(item, f"van het trefwoord `{name}` kan geen webadres gemaakt worden",
                    expected="een trefwoord met letters of cijfers")
        elif kslug not in {k.slug for k in keywords}:
            keywords.append(Keyword(kslug, name))

    def check_media(field: str, alt_field: str | None) -> None:
        if field not in values:
            return
        path: str = values[field]
        node = nodes[field]
        if not path.startswith(MEDIA_PREFIX):
            at_node(node, f"`{path}` staat niet in /media/",
                    expected="een bestand in content/media/, geschreven als /media/…")
        elif path[len(MEDIA_PREFIX):] not in vocabulary.media:
            at_node(node, f"het bestand `{path}` bestaat niet",
                    expected=f"een bestand content{path}",
                    hint=did_you_mean(path, (MEDIA_PREFIX + m for m in vocabulary.media)))
        if alt_field and alt_field not in nodes:
            at_node(node, f"bij `{field}` hoort een beschrijving in `{alt_field}`",
                    expected=f"een regel `{alt_field}: wat er te zien is` voor wie het beeld niet ziet")

    check_media("image", "image_alt")
    check_media("cover", "cover_alt")
    check_media("download", None)

    event = None
    if "start" in values:
        end = values.get("end")
        if end is not None and end < values["start"]:
            at_node(nodes["end"], "de bijeenkomst eindigt voordat hij begint",
                    expected="een einde na het begin")
        event = Event(values["start"], end, values.get("location"))

    stem = PurePosixPath(source.rel).stem
    slug = values.get("slug")
    if slug is None:
        if SLUG_PATTERN.match(stem):
            slug = stem
        elif "slug" not in nodes:
            suggestion = slugify(stem) or "artikel"
            report.start(f"de bestandsnaam `{stem}.md` kan geen webadres worden",
                         expected=f"een bestandsnaam van {SLUG_EXPECTED}",
                         hint=f"hernoem het bestand naar `{suggestion}.md`, of zet `slug: {suggestion}` in de kop")

    for name, limit, where in LENGTH_LIMITS:
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit:
            pos = node_pos(nodes[name], offset)
            report.at(pos.line, pos.col, f"de {where} is {len(value)} tekens lang; "
                      f"in overzichten en zoekmachines wordt hij afgekapt",
                      expected=f"hoogstens {limit} tekens", length=pos.length, severity="warning")

    publish_at, expire_at = (as_moment(values[k]) if k in values else None
                             for k in ("publish_date", "expiry_date"))
    if publish_at is not None and expire_at is not None and expire_at <= publish_at:
        at_node(nodes["expiry_date"], "het artikel zou verdwijnen voordat het verschijnt",
                expected="een `expiry_date` na de `publish_date`")

    aliases: tuple[str, ...] = values.get("aliases", ())
    alias_places = tuple(report.place(n, offset) for n in _items(nodes.get("aliases"))) if aliases else ()
    slug_place = report.place(nodes["slug"], offset) if "slug" in values else Place(1, 1)

    try:
        rendered = render_markdown(split.body)
    except RecursionError:  # Python-Markdown recurses once per level of nesting
        deepest = max(range(len(body_lines := split.body.split("\n"))),
                      key=lambda i: len(body_lines[i]) - len(body_lines[i].lstrip(" \t>")))
        report.at(split.body_line + deepest, 1, "de tekst is te diep genest (lijsten in lijsten of "
                  "citaten in citaten)", expected="hoogstens een paar niveaus diep")
        return None, report.problems
    links = find_links(split.body, split.body_line)
    check_html(split.body, split.body_line, links, rendered.html, report)
    if report.failed or slug is None:
        return None, report.problems

    published = None
    if source.section != PAGES_SECTION:
        published = as_moment(values["date"])
    summary = values.get("summary") or shorten(rendered.first_paragraph)
    article = Article(
        source=display,
        section=source.section,
        slug=slug,
        title=values["title"],
        published=published,
        date_only=source.section != PAGES_SECTION and not hasattr(values["date"], "hour"),
        summary=summary,
        body_html=rendered.html,
        subtitle=values.get("subtitle"),
        themes=themes,
        keywords=tuple(keywords),
        organisations=organisations,
        draft=values.get("draft", False),
        image=values.get("image"),
        image_alt=values.get("image_alt"),
        image_place=report.place(nodes["image"], offset) if "image" in values else None,
        cover_place=report.place(nodes["cover"], offset) if "cover" in values else None,
        image_focus=values.get("image_focus"),
        aliases=aliases,
        alias_places=alias_places,
        slug_place=slug_place,
        publish_at=publish_at,
        expire_at=expire_at,
        event=event,
        download=values.get("download"),
        cover=values.get("cover"),
        cover_alt=values.get("cover_alt"),
        rel=source.rel,
        links=links,
    )
    return article, report.problems
