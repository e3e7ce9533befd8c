"""The controlled vocabularies: content/themes.yaml and content/organisations.yaml."""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import Node, SequenceNode

from ..core.errors import Problem
from ..core.model import Organisation, Registries, Theme
from .sourcetext import decode
from .yamlread import (
    Field,
    Invalid,
    Reporter,
    absolute_url,
    compose_yaml,
    node_pos,
    read_mapping,
    sequence_items,
    text,
)

THEMES_FILE = "themes.yaml"
ORGANISATIONS_FILE = "organisations.yaml"
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_EXPECTED = "kleine letters, cijfers en streepjes, bijv. `verbreden-beweging`"


def key(node: Node) -> str:
    value = text(node)
    if not KEY_PATTERN.match(value):
        raise Invalid(f"`{value}` is geen geldige sleutel", KEY_EXPECTED)
    return value


def _children(node: Node) -> Node:
    if not isinstance(node, SequenceNode):
        raise Invalid("`children` moet een lijst van thema's zijn", "regels die met `- key:` beginnen")
    return node


THEME_FIELDS = (
    Field("key", key, required=True, label="Sleutel"),
    Field("name", text, required=True, label="Naam"),
    Field("description", text, required=True, label="Beschrijving"),
    Field("children", _children, label="Onderliggende thema's"),
)
CHILD_THEME_FIELDS = THEME_FIELDS[:3]
ORGANISATION_FIELDS = (
    Field("key", key, required=True, label="Sleutel"),
    Field("name", text, required=True, label="Naam"),
    Field("place", text, required=True, label="Plaats"),
    Field("role", text, required=True, label="Rol in de beweging"),
    Field("website", absolute_url, label="Website"),
    Field("description", text, label="Beschrijving"),
)


def _open(content_dir: Path, name: str) -> tuple[Reporter, Node | None]:
    path = content_dir / name
    display = f"content/{name}" if content_dir.name == "content" else str(path)
    report = Reporter(display, [])
    if not path.is_file():
        report.file("dit register ontbreekt", expected=f"een bestand {name} in de contentmap")
        return report, None
    source = decode(path.read_bytes(), report)
    if source is None:
        return report, None
    report.lines = source.split("\n")
    return report, compose_yaml(source, report)


def _duplicate(report: Reporter, node: Node, seen: set[str], value: str, what: str) -> bool:
    if value in seen:
        pos = node_pos(node, 0)
        report.at(pos.line, pos.col, f"de sleutel `{value}` komt twee keer voor",
                  expected=f"elke {what} een eigen sleutel")
        return True
    seen.add(value)
    return False


def load_themes(content_dir: Path) -> tuple[tuple[Theme, ...], list[Problem]]:
    report, root = _open(content_dir, THEMES_FILE)
    themes: list[Theme] = []
    seen: set[str] = set()
    for item in sequence_items(root, report, 0, THEMES_FILE):
        values = read_mapping(item, THEME_FIELDS, report, 0, what="een thema")
        if not {"key", "name", "description"} <= values.keys():
            continue
        parent_key = values["key"]
        if _duplicate(report, item, seen, parent_key, "thema"):
            continue
        children: list[Theme] = []
        for child in sequence_items(values.get("children"), report, 0, "children"):
            c = read_mapping(child, CHILD_THEME_FIELDS, report, 0, what="een onderliggend thema")
            if not {"key", "name", "description"} <= c.keys():
                continue
            full = f"{parent_key}/{c['key']}"
            if _duplicate(report, child, seen, full, "thema"):
                continue
            children.append(Theme(full, c["name"], c["description"], parent_key))
        themes.append(Theme(parent_key, values["name"], values["description"], None,
                            tuple(t.key for t in children)))
        themes.extend(children)
    return tuple(themes), report.problems


def load_organisations(content_dir: Path) -> tuple[tuple[Organisation, ...], list[Problem]]:
    report, root = _open(content_dir, ORGANISATIONS_FILE)
    organisations: list[Organisation] = []
    seen: set[str] = set()
    for item in sequence_items(root, report, 0, ORGANISATIONS_FILE):
        values = read_mapping(item, ORGANISATION_FIELDS, report, 0, what="een organisatie")
        if not {"key", "name", "place", "role"} <= values.keys():
            continue
        if _duplicate(report, item, seen, values["key"], "organisatie"):
            continue
        organisations.append(Organisation(
            key=values["key"], name=values["name"], place=values["place"], role=values["role"],
            website=values.get("website"), description=values.get("description", ""),
        ))
    return tuple(organisations), report.problems


def load_registries(content_dir: Path) -> tuple[Registries, list[Problem]]:
    themes, theme_problems = load_themes(content_dir)
    organisations, org_problems = load_organisations(content_dir)
    return Registries(themes, organisations), theme_problems + org_problems
