"""Site settings from content/site.yaml: a frozen SiteConfig checked against a small schema."""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import MappingNode, Node

from ..core.errors import Problem, did_you_mean
from ..core.model import CMS_BACKENDS, CmsConfig, Contact, MenuItem, Place, SiteConfig
from .sourcetext import decode
from .yamlread import (
    Field,
    Invalid,
    Reporter,
    absolute_url,
    boolean,
    compose_yaml,
    node_pos,
    positive_int,
    read_mapping,
    sequence_items,
    text,
)

SITE_FILE = "site.yaml"


def _internal_or_absolute(node: Node) -> str:
    value = text(node)
    if value.startswith(("/", "https://", "http://", "mailto:")):
        return value
    raise Invalid(f"`{value}` is geen link", "een pad als /actueel/ of een volledig adres")


def _email(node: Node) -> str:
    value = text(node)
    if "@" not in value or " " in value:
        raise Invalid(f"`{value}` is geen e-mailadres", "een adres als naam@voorbeeld.nl")
    return value


def _base_url(node: Node) -> str:
    return absolute_url(node).rstrip("/")


def _theme_name(node: Node) -> str:
    value = text(node)
    if not value.replace("-", "").replace("_", "").isalnum():
        raise Invalid(f"`{value}` is geen naam van een thema-map", "een naam als rvz")
    return value


MENU_FIELDS = (
    Field("title", text, required=True, label="Titel"),
    Field("url", _internal_or_absolute, required=True, label="Link"),
)
CONTACT_FIELDS = (
    Field("organisation", text, required=True, label="Organisatie"),
    Field("email", _email, required=True, label="E-mail"),
    Field("phone", text, label="Telefoon"),
)


def _keep_node(node: Node) -> Node:
    return node


SITE_FIELDS = (
    Field("title", text, required=True, label="Naam van de site"),
    Field("tagline", text, label="Ondertitel"),
    Field("description", text, required=True, label="Beschrijving"),
    Field("base_url", _base_url, required=True, label="Webadres"),
    Field("theme", _theme_name, required=True, label="Thema-map"),
    Field("per_page", positive_int, label="Items per pagina"),
    Field("menu", _keep_node, required=True, label="Menu"),
    Field("contact", _keep_node, required=True, label="Contact"),
    Field("cms", _keep_node, label="Webeditor", help="waar /admin/ opslaat"),
)


def _cms_backend(node: Node) -> str:
    value = text(node)
    if value not in CMS_BACKENDS:
        raise Invalid(f"onbekende opslag `{value}` voor de webeditor", "een van: " + ", ".join(CMS_BACKENDS),
                      hint=did_you_mean(value, CMS_BACKENDS))
    return value


def _repo(node: Node) -> str:
    value = text(node)
    if value.count("/") != 1 or " " in value or value.startswith("/") or value.endswith("/"):
        raise Invalid(f"`{value}` is geen repository", "eigenaar/naam, bijv. loc/rvz-site")
    return value


def _app_id(node: Node) -> str:
    value = text(node)
    if not value.isalnum():
        raise Invalid(f"`{value}` is geen Application ID van GitLab",
                      "de reeks letters en cijfers die GitLab bij de applicatie toont")
    return value


CMS_FIELDS = (
    Field("backend", _cms_backend, label="Opslag"),
    Field("repo", _repo, label="Repository"),
    Field("app_id", _app_id, label="GitLab Application ID"),
    Field("branch", text, label="Branch"),
    Field("local_backend", boolean, label="Lokaal opslaan"),
)
# What each backend cannot work without; reported at the `cms:` block, since the line is missing.
REQUIRED_FOR_BACKEND = {
    "github": (("repo", "een regel `repo: eigenaar/naam` (de GitHub-repository van de site)"),),
    "gitlab": (("repo", "een regel `repo: eigenaar/naam` (het GitLab-project van de site)"),
               ("app_id", "een regel `app_id: …` met de Application ID van de GitLab-applicatie")),
}


def _cms(node: Node | None, report: Reporter) -> CmsConfig:
    if node is None:
        return CmsConfig()
    values = read_mapping(node, CMS_FIELDS, report, 0, what="cms")
    config = CmsConfig(values.get("backend", "git-gateway"), values.get("repo"), values.get("app_id"),
                       values.get("branch", "main"), values.get("local_backend", True))
    if not isinstance(node, MappingNode):
        return config
    start = node_pos(node, 0)
    for key, expected in REQUIRED_FOR_BACKEND.get(config.backend, ()):
        if values.get(key) is None:
            report.at(start.line, start.col, f"bij `backend: {config.backend}` hoort een `{key}`", expected=expected)
    if config.app_id is not None and config.backend != "gitlab":
        key_node = next(k for k, _ in node.value if k.value == "app_id")
        pos = node_pos(key_node, 0)
        report.at(pos.line, pos.col, f"`app_id` hoort bij `backend: gitlab`, niet bij `{config.backend}`",
                  expected="`backend: gitlab`, of de regel `app_id` weglaten", length=pos.length)
    return config


def load_config(content_dir: Path) -> tuple[SiteConfig | None, list[Problem]]:
    path = content_dir / SITE_FILE
    display = f"content/{SITE_FILE}" if content_dir.name == "content" else str(path)
    if not path.is_file():
        report = Reporter(display, [])
        report.file("het bestand met de instellingen van de site ontbreekt",
                    expected=f"een bestand {SITE_FILE} in de contentmap")
        return None, report.problems
    data = path.read_bytes()
    report = Reporter(display, [])
    source = decode(data, report)
    if source is None:
        return None, report.problems
    report.lines = source.split("\n")
    root = compose_yaml(source, report)
    if root is None and not report.failed:
        report.start("het bestand is leeg", expected="de instellingen van de site")
    values = read_mapping(root, SITE_FIELDS, report, 0, what=SITE_FILE)
    menu: list[MenuItem] = []
    for item in sequence_items(values.get("menu"), report, 0, "menu"):
        entry = read_mapping(item, MENU_FIELDS, report, 0, what="een menu-item")
        if "title" in entry and "url" in entry:
            menu.append(MenuItem(entry["title"], entry["url"]))
    contact = None
    contact_node = values.get("contact")
    if isinstance(contact_node, MappingNode):
        c = read_mapping(contact_node, CONTACT_FIELDS, report, 0, what="contact")
        if "organisation" in c and "email" in c:
            contact = Contact(c["organisation"], c["email"], c.get("phone"))
    elif contact_node is not None:
        read_mapping(contact_node, CONTACT_FIELDS, report, 0, what="contact")
    cms = _cms(values.get("cms"), report)
    if report.failed or contact is None:
        return None, report.problems
    config = SiteConfig(
        title=values["title"],
        tagline=values.get("tagline", ""),
        description=values["description"],
        base_url=values["base_url"],
        theme=values["theme"],
        per_page=values.get("per_page", 10),
        menu=tuple(menu),
        contact=contact,
        cms=cms,
        theme_place=_place_of(root, "theme", report),
        settings_file=display,
    )
    return config, report.problems


def _place_of(root: Node | None, key: str, report: Reporter) -> Place | None:
    if isinstance(root, MappingNode):
        for key_node, value in root.value:
            if key_node.value == key:
                return report.place(value)
    return None
