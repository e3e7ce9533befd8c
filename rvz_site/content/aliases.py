"""What an `aliases:` entry may look like: a path on the site, or an old WordPress short address.

Owns the rule and its spelling in Netlify's `_redirects` (a query rule on `/`); the redirects
themselves are written by render/redirects.py.
"""

from __future__ import annotations

import re

from yaml.nodes import Node, ScalarNode

from .yamlread import Invalid, site_path, text_list
from .yamlread import text as text_value

# WordPress's own short address of a post, /?p=1234, and of a page, /?page_id=56. Netlify
# matches it as a query rule on `/`; since / itself is a page, the rule must be forced (301!)
# or Netlify serves the home page instead ("shadowing").
_WORDPRESS_ID = re.compile(r"^/\?(p|page_id)=([1-9][0-9]{0,9})$")
ALIAS_EXPECTED = ("een oud adres dat met / begint, bijv. /2020/12/08/oude-titel/, "
                  "of een oud WordPress-adres als /?p=1234 of /?page_id=56")


def alias(node: Node) -> str:
    value = text_value(node)
    if _WORDPRESS_ID.match(value):
        return value
    try:
        return site_path(node)
    except Invalid as exc:
        raise Invalid(exc.problem, ALIAS_EXPECTED) from None


def alias_list(node: Node) -> tuple[str, ...]:
    """The `aliases:` field: one old address or a list of them."""
    values = text_list(node)
    for value in values:
        alias(ScalarNode("tag:yaml.org,2002:str", value))
    return values


def source_of(alias_path: str) -> str:
    if m := _WORDPRESS_ID.match(alias_path):
        return f"/ {m[1]}={m[2]}"
    return alias_path
