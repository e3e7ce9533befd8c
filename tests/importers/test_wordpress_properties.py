"""Property: whatever HTML a WordPress body holds, the import gives Markdown the build accepts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rvz_site.content.htmlpolicy import check_html
from rvz_site.content.linkscan import find_links
from rvz_site.content.markdown import render_markdown
from rvz_site.content.yamlread import Reporter
from rvz_site.importers.wordpress.body import BodyContext, convert_body
from rvz_site.importers.wordpress.items import Item
from rvz_site.importers.wordpress.media import Uploads

WORDS = st.sampled_from(["zorg", "1.", "#", "-", "*", "_x_", "[a]", "`c`", "<b>", "&amp;", "{: .x }", "///",
                         "> q", "\\", "|", "Tekst", "https://youtu.be/dQw4w9WgXcQ", "[gallery]", "[spotlight]",
                         "[/spotlight]", "[caption]", "=", "..."])
INLINE = st.sampled_from(["em", "strong", "code", "a", "span", "sup"])
BLOCK = st.sampled_from(["p", "h2", "h3", "blockquote", "li", "ul", "ol", "pre", "div", "td", "table", "figure",
                         "figcaption", "script", "iframe", "form", "style"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 3 if depth < 3 else 1))
        if kind <= 1:
            parts.append(" ".join(draw(st.lists(WORDS, min_size=1, max_size=5))) + draw(st.sampled_from(["", "\n",
                                                                                                          "\n\n"])))
        elif kind == 2:
            tag = draw(INLINE)
            attrs = ' href="javascript:alert(1)" onclick="x()"' if tag == "a" and draw(st.booleans()) else \
                (' href="/?p=4"' if tag == "a" else ' style="color:red"')
            parts.append(f"<{tag}{attrs}>{draw(fragments(depth + 1))}</{tag}>")
        else:
            tag = draw(BLOCK)
            src = ' src="https://www.oud.nl/wp-content/uploads/2020/05/x.jpg"' if tag == "iframe" else ""
            parts.append(f"<{tag}{src}>{draw(fragments(depth + 1))}</{tag}>")
        if draw(st.integers(0, 9)) == 0:
            parts.append('<img src="https://elders.example/p.jpg" alt="">')
    return "".join(parts)


CTX = BodyContext({}, {}, {}, Uploads(None, ["www.oud.nl"], []), lambda url: None, "https://www.oud.nl")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=fragments(), block=st.booleans())
def test_every_imported_body_passes_the_html_policy(body: str, block: bool) -> None:
    content = f"<!-- wp:html -->\n{body}\n<!-- /wp:html -->" if block else body
    item = Item(7, "post", "publish", "Titel", "", "titel", "2020-01-01 00:00:00", "", content, "", 0, "", "")
    markdown = convert_body(item, CTX).markdown
    report = Reporter("x.md", markdown.split("\n"))
    check_html(markdown, 1, find_links(markdown, 1), render_markdown(markdown).html, report)
    assert not report.failed, (markdown, [p.problem for p in report.problems])
    assert "javascript:" not in markdown and "<script" not in markdown
