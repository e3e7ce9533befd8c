"""The map file (`--map FILE`): how the old site's types, categories and pages land on the new one.

Owns the map's fields, their defaults and their check: YAML read with the site's own reader
(every value keeps its line and column; an unknown key gets a did-you-mean), and the
starter map the dry run writes. Everything in the file is optional. The fields:

    site:            title, tagline, description, base_url, and contact: organisation, email, phone
                     (for a new content folder; the export holds no contact e-mail of its own)
    hosts:           more host names the uploads were served from (the export's own are known)
    post_types:      WordPress post type -> section (actueel, praktijkvoorbeelden, bijeenkomsten,
                     publicaties, pages); default post -> actueel, page -> pages
    categories:      per category slug: section (its posts go there), theme (a theme key, or
                     false for none), organisation (a key: the category becomes an organisation),
                     name, description, place, role, website
    pages:           per page slug: organisation (the page becomes an organisation), name,
                     place, role, website; or section (the page becomes an article there)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from ...content.config import _email  # the same check as site.yaml's contact
from ...content.registry import KEY_PATTERN
from ...content.registry import key as _key
from ...content.sourcetext import decode
from ...content.yamlread import (
    BOOL_TAG,
    Field,
    Invalid,
    Reporter,
    absolute_url,
    compose_yaml,
    node_pos,
    read_mapping,
    text,
    text_list,
)
from ...core.errors import Problem, SiteError, did_you_mean
from ...core.model import ARTICLE_SECTIONS, PAGES_SECTION

SECTIONS = (*ARTICLE_SECTIONS, PAGES_SECTION)
DEFAULT_POST_TYPES = {"post": "actueel", "page": PAGES_SECTION}
DEFAULT_MAP_NAME = "wordpress-map.yaml"


def _section(node: Node) -> str:
    value = text(node)
    if value not in SECTIONS:
        raise Invalid(f"onbekende rubriek `{value}`", "een van: " + ", ".join(SECTIONS),
                      hint=did_you_mean(value, SECTIONS))
    return value


def _theme(node: Node) -> str:
    """A theme key (`ouder` or `ouder/kind`), or false for no theme at all."""
    if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
        if str(node.value).lower() in {"false", "no", "off", "n"}:
            return ""
        raise Invalid("`true` is geen thema", "een themasleutel, of `false` voor geen thema")
    value = text(node)
    parts = value.split("/")
    if len(parts) > 2 or not all(KEY_PATTERN.match(p) for p in parts):
        raise Invalid(f"`{value}` is geen themasleutel", "een sleutel als `zorg` of `zorg/wonen`, of `false`")
    return value


def _node(node: Node) -> Node:
    return node


CONTACT_FIELDS = (Field("organisation", text), Field("email", _email), Field("phone", text))
SITE_FIELDS = (Field("title", text), Field("tagline", text), Field("description", text),
               Field("base_url", absolute_url), Field("contact", _node))
CATEGORY_FIELDS = (Field("section", _section), Field("theme", _theme), Field("organisation", _key),
                   Field("name", text), Field("description", text), Field("place", text), Field("role", text),
                   Field("website", absolute_url))
PAGE_FIELDS = (Field("section", _section), Field("organisation", _key), Field("name", text),
               Field("place", text), Field("role", text), Field("website", absolute_url))
MAP_FIELDS = (Field("site", _node), Field("hosts", text_list), Field("post_types", _node),
              Field("categories", _node), Field("pages", _node))


@dataclass(frozen=True)
class Rule:
    """What the map says about one category or page; None: the default."""

    section: str | None = None
    theme: str | None = None  # "" means: no theme
    organisation: str | None = None
    name: str | None = None
    description: str | None = None
    place: str | None = None
    role: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class ImportMap:
    site: dict[str, str] = field(default_factory=dict)
    contact: dict[str, str] = field(default_factory=dict)
    hosts: tuple[str, ...] = ()
    post_types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_POST_TYPES))
    categories: dict[str, Rule] = field(default_factory=dict)
    pages: dict[str, Rule] = field(default_factory=dict)

    def section_for_type(self, post_type: str) -> str | None:
        return self.post_types.get(post_type)


def _entries(node: Node | None, report: Reporter, what: str) -> list[tuple[str, Node]]:
    if node is None:
        return []
    if not isinstance(node, MappingNode):
        pos = node_pos(node, 0)
        report.at(pos.line, pos.col, f"`{what}` moet bestaan uit regels als `naam: waarde`",
                  expected=f"bijv.\n{what}:\n  nieuws: actueel", length=pos.length)
        return []
    out = []
    for key_node, value_node in node.value:
        out.append((str(key_node.value), value_node))
    return out


def _rule(values: dict[str, Any]) -> Rule:
    return Rule(**{k: values.get(k) for k in Rule.__dataclass_fields__})


def load_map(path: Path) -> ImportMap:
    """The map file, checked; a SiteError lists every problem with its line and column."""
    display = str(path)
    report = Reporter(display, [])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SiteError([Problem(display, 0, 0, f"de kaart kan niet gelezen worden ({exc.strerror})",
                                 expected="een YAML-bestand, bijv. het bestand dat --dry-run schrijft")]) from None
    source = decode(data, report)
    if source is None:
        raise SiteError(report.problems)
    report.lines = source.split("\n")
    root = compose_yaml(source, report)
    values = read_mapping(root, MAP_FIELDS, report, 0, what="de kaart")
    site = read_mapping(values.get("site"), SITE_FIELDS, report, 0, what="site")
    contact = read_mapping(site.pop("contact", None), CONTACT_FIELDS, report, 0, what="contact")
    post_types = dict(DEFAULT_POST_TYPES)
    for name, node in _entries(values.get("post_types"), report, "post_types"):
        try:
            post_types[name] = _section(node)
        except Invalid as exc:
            pos = node_pos(node, 0)
            report.at(pos.line, pos.col, exc.problem, expected=exc.expected, hint=exc.hint, length=pos.length)
    categories = {name: _rule(read_mapping(node, CATEGORY_FIELDS, report, 0, what=f"categorie `{name}`"))
                  for name, node in _entries(values.get("categories"), report, "categories")}
    pages = {name: _rule(read_mapping(node, PAGE_FIELDS, report, 0, what=f"pagina `{name}`"))
             for name, node in _entries(values.get("pages"), report, "pages")}
    if report.failed:
        raise SiteError(report.problems)
    return ImportMap(site=site, contact=contact, hosts=values.get("hosts", ()), post_types=post_types,
                     categories=categories, pages=pages)
