"""WordPress shortcodes, parsed with WordPress's own grammar (get_shortcode_regex, shortcode_parse_atts).

Owns recognising `[name attr="x"]`, `[name /]`, `[name]content[/name]` and the escaped
`[[name]]`, and reading their attributes exactly as WordPress does. What a shortcode
becomes is body.py's business: it passes a handler. Pure: text in, text out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

NAME = r"[A-Za-z][\w-]*"


def shortcode_regex(names: Iterable[str] | None = None) -> re.Pattern[str]:
    """WordPress's get_shortcode_regex(); `names` None matches any name (to find unknown ones)."""
    tags = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) if names is not None else NAME
    return re.compile(
        r"\["
        r"(\[?)"  # 1: an extra [ escapes: [[tag]]
        rf"({tags})"  # 2: the name
        r"(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"  # 3: the attributes
        r"(?:"
        r"(/)\]"  # 4: self-closing
        r"|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?"  # 5: the content up to [/name]
        r")"
        r"(\]?)",  # 6: the extra ] of an escaped one
        re.DOTALL,
    )


_ATTRS = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
_SPACES = re.compile("[\u00a0\u200b]+")


def parse_attrs(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """WordPress's shortcode_parse_atts(): named attributes (names lower case) and positional ones."""
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in _ATTRS.finditer(_SPACES.sub(" ", text)):
        if m.group(1):
            named[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            named[m.group(3).lower()] = m.group(4)
        elif m.group(5):
            named[m.group(5).lower()] = m.group(6)
        elif m.group(7) is not None:
            positional.append(m.group(7))
        elif m.group(8) is not None:
            positional.append(m.group(8))
        elif m.group(9):
            positional.append(m.group(9))
    return named, tuple(positional)


@dataclass(frozen=True, slots=True)
class Shortcode:
    name: str
    attrs: dict[str, str] = field(default_factory=dict)
    positional: tuple[str, ...] = ()
    content: str | None = None  # None for a shortcode without a closing tag
    raw: str = ""


Handler = Callable[[Shortcode], str | None]


def replace_shortcodes(text: str, names: Iterable[str], handler: Handler) -> str:
    """Each shortcode named in `names` replaced by handler(shortcode); None keeps it as written."""
    if "[" not in text:
        return text
    pattern = shortcode_regex(names)

    def one(m: re.Match[str]) -> str:
        if m.group(1) == "[" and m.group(6) == "]":
            return m.group(0)[1:-1]  # [[gallery]] shows "[gallery]"
        named, positional = parse_attrs(m.group(3))
        result = handler(Shortcode(m.group(2).lower(), named, positional, m.group(5), m.group(0)))
        return m.group(0) if result is None else m.group(1) + result + m.group(6)

    return pattern.sub(one, text)


def shortcode_names(text: str) -> list[str]:
    """The names of every shortcode-like tag in a text, in order (for the inventory and the report)."""
    if "[" not in text:
        return []
    return [m.group(2).lower() for m in shortcode_regex().finditer(text)
            if not (m.group(1) == "[" and m.group(6) == "]")]
