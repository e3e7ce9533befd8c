"""What raw HTML an article may hold: the written policy, and its check at file:line:col.

Policy. Editors are trusted colleagues, so Markdown may hold raw HTML (a <table>, an
<abbr>, a <details>). But the site promises its readers that no page runs code or
loads anything from elsewhere before they click, and its Content-Security-Policy
(netlify.toml) makes the browser refuse such things silently. So the build refuses
them loudly, where the editor can mend them:

  * <script>, and elements that load or run something by themselves: <iframe>,
    <frame>, <object>, <embed>, <applet>, <base>, <meta>, <style>, <link>;
  * event attributes (onclick=, onerror=, onload= …): any attribute starting with on;
  * links and sources with a scheme that runs code: javascript:, vbscript:, and
    data: (except data:image/… as an image source), also when hidden by entities,
    capitals, tabs or line breaks (jav&#x61;script:, JavaScript:, java\\tscript:).

A `style="…"` attribute is a warning: it builds, but the browser ignores it.
Code (```fenced``` or `inline`) is text, not HTML, and is never checked.

The check reads the Markdown source, so every problem has a line and column; a second
pass over the rendered HTML catches what Markdown itself produced from harmless-looking
text (it is reported at the start of the body). Pure: text in, problems to a Reporter.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from html.parser import HTMLParser

from ..core.model import LinkRef
from .linkscan import _mask_code as mask_code  # the same masking of code as the link check
from .yamlread import Reporter

REFUSED_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "style", "link",
})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                            "background", "cite", "srcset", "lowsrc", "dynsrc", "ping"})
EXPECTED_LINK = "een gewoon webadres (https://…), een pad op de site (/…) of mailto:"
EXPECTED_HTML = "gewone Markdown of eenvoudige HTML zonder scripts; een video met het videoblok"


def unsafe_scheme(value: str, *, image_source: bool = False) -> str | None:
    """The code-running scheme a URL starts with, as a browser reads it, or None."""
    plain = "".join(c for c in html.unescape(value) if ord(c) > 32).lower()
    for scheme in ("javascript:", "vbscript:", "data:"):
        if plain.startswith(scheme):
            if scheme == "data:" and image_source and plain.startswith("data:image/") \
                    and not plain.startswith("data:image/svg"):
                return None
            return scheme
    return None


class _Finder(HTMLParser):
    """Collects (line, col, length, problem, severity) for each refused thing in a text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        length = len(self.get_starttag_text() or tag)
        if tag in REFUSED_ELEMENTS:
            self.found.append((line, offset, length,
                               f"een <{tag}> is niet toegestaan in een artikel: de browser voert het "
                               "niet uit (beveiliging van de site)", "error"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, offset, length,
                                   f"het attribuut `{name}=` voert JavaScript uit en is niet toegestaan",
                                   "error"))
            elif name in URL_ATTRIBUTES and value is not None:
                scheme = unsafe_scheme(value, image_source=tag == "img" and name == "src")
                if scheme:
                    self.found.append((line, offset, length,
                                       f"een adres dat met `{scheme}` begint voert code uit en is "
                                       "niet toegestaan", "error"))
            elif name == "style":
                self.found.append((line, offset, length,
                                   "een `style=`-attribuut werkt niet op de site: de browser negeert "
                                   "het (beveiliging); opmaak hoort in het thema", "warning"))

    handle_startendtag = handle_starttag


def _scan(text: str) -> list[tuple[int, int, int, str, str]]:
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.found


def check_html(body: str, body_line: int, links: Iterable[LinkRef], rendered: str,
               report: Reporter) -> None:
    """Report every refused element, attribute and link of one article body."""
    found = 0
    for line, offset, length, problem, severity in _scan(mask_code(body)):
        found += severity == "error"
        report.at(body_line + line - 1, offset + 1, problem, length=length, severity=severity,
                  expected=EXPECTED_LINK if "adres" in problem else EXPECTED_HTML)
    for link in links:
        if link.from_html:
            continue  # already seen above, as an attribute
        scheme = unsafe_scheme(link.target, image_source=link.image)
        if scheme:
            found += 1
            report.at(link.line, link.col, f"een link die met `{scheme}` begint voert code uit en is "
                      "niet toegestaan", expected=EXPECTED_LINK, length=link.length)
    if found:
        return
    # Markdown may still have produced something from text that looked harmless.
    for _line, _offset, _length, problem, severity in _scan(rendered):
        if severity == "error":
            report.at(body_line, 1, f"na het omzetten van de Markdown: {problem}",
                      expected=EXPECTED_HTML)
            return
