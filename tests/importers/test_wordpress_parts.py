"""The importer's parts on small inputs: shortcodes, wpautop, blocks, HTML to Markdown, round trip, media."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rvz_site.content.markdown import render_markdown
from rvz_site.importers.wordpress.autop import wpautop
from rvz_site.importers.wordpress.blocks import block_names, inline_reusable, read_blocks
from rvz_site.importers.wordpress.html2md import to_markdown
from rvz_site.importers.wordpress.media import Uploads, original_candidates
from rvz_site.importers.wordpress.roundtrip import compare
from rvz_site.importers.wordpress.shortcodes import Shortcode, parse_attrs, replace_shortcodes, shortcode_names


def md(html: str) -> str:
    return to_markdown(BeautifulSoup(html, "html.parser"))


def rendered(html: str) -> str:
    return render_markdown(md(html)).html


# -- shortcodes --------------------------------------------------------------------------------

def test_attributes_are_read_as_wordpress_reads_them() -> None:
    named, positional = parse_attrs(' id="attachment_12" Align=\'left\' width=300 "los" https://x.nl/a\u00a0b')
    assert named == {"id": "attachment_12", "align": "left", "width": "300"}
    assert positional == ("los", "https://x.nl/a", "b")


def test_shortcodes_enclosing_self_closing_and_escaped() -> None:
    seen: list[Shortcode] = []

    def handler(code: Shortcode) -> str:
        seen.append(code)
        return f"<{code.name}:{code.content}>"

    out = replace_shortcodes('[embed]https://v.nl/1[/embed] [gallery ids="1,2" /] [[gallery]] [galleryx]',
                             ["embed", "gallery"], handler)
    assert out == "<embed:https://v.nl/1> <gallery:None> [gallery] [galleryx]"
    assert [c.attrs for c in seen] == [{}, {"ids": "1,2"}]
    assert shortcode_names("[a x=1] [[b]] [c-d]tekst[/c-d]") == ["a", "c-d"]


def test_a_shortcode_inside_another_is_found_by_the_outer_one_first() -> None:
    out = replace_shortcodes("[spotlight][caption]x[/caption][/spotlight]", ["spotlight"],
                             lambda code: f"({code.content})")
    assert out == "([caption]x[/caption])"


# -- wpautop -----------------------------------------------------------------------------------

def test_wpautop_makes_paragraphs_and_line_breaks_but_leaves_pre_alone() -> None:
    out = wpautop("Een\ntwee\n\nDrie\n<pre>a\n\nb</pre>\n<ul>\n<li>x</li>\n</ul>")
    assert out == "<p>Een<br />\ntwee</p>\n<p>Drie</p>\n<pre>a\n\nb</pre>\n<ul>\n<li>x</li>\n</ul>\n"


# -- blocks ------------------------------------------------------------------------------------

def test_block_comments_are_read_then_removed() -> None:
    body = ('<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->'
            '<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ"} --><figure>x</figure><!-- /wp:embed -->'
            '<!-- wp:jetpack/slideshow {"ids":[1]} /-->')
    assert block_names(body) == ["core/paragraph", "core/embed", "jetpack/slideshow"]
    assert read_blocks(body) == '<p>a</p><rvz-embed data-url="https://youtu.be/dQw4w9WgXcQ"></rvz-embed>'


def test_reusable_blocks_are_put_inline_and_a_loop_ends() -> None:
    missing: list[int] = []
    blocks = {1: 'A<!-- wp:block {"ref":2} /-->', 2: 'B<!-- wp:block {"ref":1} /-->'}
    out = inline_reusable('<!-- wp:block {"ref":1} /--> en <!-- wp:block {"ref":9} /-->', blocks, missing)
    assert out.startswith("ABABA") and out.endswith(" en ")
    assert missing.count(9) == 1


# -- HTML to the site's Markdown -----------------------------------------------------------------

def test_lists_nest_by_four_spaces_three_levels_deep() -> None:
    html = "<ul><li>een<ul><li>twee<ol><li>drie</li></ol></li></ul></li><li>vier</li></ul>"
    assert md(html) == "- een\n\n    - twee\n\n        1. drie\n\n- vier\n"
    assert compare(html, rendered(html)) == []


@pytest.mark.parametrize("text", ["1. geen lijst", "# geen kop", "- geen punt", "+ ook niet", "> geen citaat",
                                  "---", "-- twee", "=== geen kop"])
def test_text_that_looks_like_markdown_stays_text(text: str) -> None:
    out = rendered(f"<p>Regel<br>{text}</p>")
    assert out == f"<p>Regel<br>\n{text.replace('>', '&gt;').replace('=', '&#61;', 1)}</p>"


def test_markup_characters_in_text_are_escaped_for_python_markdown() -> None:
    html = "<p>a_b *c* [d](e) `f` &lt;script&gt; &amp;amp; {: .x }</p>"
    assert rendered(html) == "<p>a_b *c* [d](e) `f` &lt;script&gt; &amp;amp; {: .x }</p>"


def test_code_is_indented_and_kept_verbatim_even_after_a_list() -> None:
    html = "<ul><li>a</li></ul><pre><code>if a &lt; b:\n    print('[x]')</code></pre>"
    assert "<pre><code>if a &lt; b:\n    print('[x]')\n</code></pre>" in rendered(html)
    assert "```" not in md(html)


def test_a_figure_becomes_an_image_with_a_caption_line() -> None:
    html = '<figure><img src="/media/a.jpg" alt="A"><figcaption>Foto: <b>Jan</b></figcaption></figure>'
    assert md(html) == "![A](/media/a.jpg)\n*Foto: Jan*\n"
    assert "<figcaption>Foto: Jan</figcaption>" in rendered(html)


def test_a_player_is_a_bare_url_and_a_spotlight_a_callout() -> None:
    html = ('<rvz-embed data-url="https://vimeo.com/76979871"></rvz-embed>'
            '<rvz-callout data-title="Let op"><p>Tekst</p></rvz-callout>')
    assert md(html) == "https://vimeo.com/76979871\n\n/// callout | Let op\nTekst\n///\n"
    out = render_markdown(md(html)).html
    assert 'class="embed embed-video"' in out and '<aside aria-labelledby="let-op" class="callout">' in out


def test_a_heading_keeps_its_id_for_links_to_it() -> None:
    assert md('<h3 id="programma">Programma</h3>') == "### Programma {: #programma }\n"


# -- the round-trip check -----------------------------------------------------------------------

def test_round_trip_names_what_differs() -> None:
    source = "<p>Een</p><p>Twee <a href='/x/'>link</a></p><ul><li>a<ul><li>b</li></ul></li></ul>"
    assert compare(source, source) == []
    lost = "<p>Een Twee</p><ul><li>a</li><li>b</li></ul>"
    found = compare(source, lost)
    assert "alinea's: 2 in WordPress, 1 op de nieuwe site" in found
    assert "links: 1 in WordPress, 0 op de nieuwe site" in found
    assert "de nesting van de lijsten wijkt af" in found
    assert compare("<p>een twee</p>", "<p>een drie</p>") == ["de tekst wijkt af bij „een twee”"]


# -- media ------------------------------------------------------------------------------------

def test_the_original_comes_before_its_copies() -> None:
    assert original_candidates("2020/05/tuin-300x200.jpg") == [
        "2020/05/tuin.jpg", "2020/05/tuin-scaled.jpg", "2020/05/tuin-300x200.jpg"]
    assert original_candidates("2020/05/bord-scaled-1024x768.png")[0] == "2020/05/bord.png"


def test_media_names_keep_year_and_month_and_are_safe_to_link() -> None:
    from rvz_site.importers.wordpress.media import media_name

    assert media_name("2020/05/tuin.jpg") == "2020/05/tuin.jpg"
    assert media_name("sites/3/2020/05/Foto Tuin (1).JPG") == "2020/05/foto-tuin-1.jpg"
    assert media_name("logo.png") == "logo.png"


def test_the_folder_above_the_uploads_is_understood(tmp_path: Path) -> None:
    from rvz_site.importers.wordpress.media import uploads_root

    (tmp_path / "site" / "wp-content" / "uploads" / "2020").mkdir(parents=True)
    (tmp_path / "site" / "wp-content" / "themes").mkdir()
    assert uploads_root(tmp_path / "site") == tmp_path / "site" / "wp-content" / "uploads"
    assert uploads_root(tmp_path / "site" / "wp-content") == tmp_path / "site" / "wp-content" / "uploads"
    assert uploads_root(tmp_path / "site" / "wp-content" / "uploads") == tmp_path / "site" / "wp-content" / "uploads"


def test_upload_addresses_on_every_host(tmp_path: Path) -> None:
    (tmp_path / "2020" / "05").mkdir(parents=True)
    (tmp_path / "2020" / "05" / "tuin.jpg").write_bytes(b"x")
    uploads = Uploads(tmp_path, ["www.oudesite.nl"], [])
    for url in ("http://oudesite.nl/wp-content/uploads/2020/05/tuin-300x200.jpg",
                "https://www.oudesite.nl/wp-content/uploads/2020/05/tuin.jpg",
                "https://i2.wp.com/www.oudesite.nl/wp-content/uploads/2020/05/tuin.jpg?resize=300%2C200",
                "https://oudesite.files.wordpress.com/2020/05/tuin.jpg?w=640"):
        ref, missing = uploads.resolve(url)
        assert ref is not None and ref.upload == "2020/05/tuin.jpg" and missing is None, url
    assert uploads.resolve("https://elders.nl/wp-content/uploads/2020/05/tuin.jpg") == (None, None)
    assert uploads.resolve("https://www.oudesite.nl/wp-content/uploads/2020/05/weg.jpg") == (None, "2020/05/weg.jpg")


# -- the package's place -----------------------------------------------------------------------

def test_the_importer_imports_only_core_and_content() -> None:
    package = Path(__file__).resolve().parents[2] / "rvz_site" / "importers"
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 2:
                depth = len(path.relative_to(package).parts)  # importers/wordpress/x.py -> 2
                if node.level > depth:
                    assert (node.module or "").split(".")[0] in {"core", "content"}, f"{path}: {node.module}"
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("rvz_site"):
                assert (node.module or "").split(".")[1] in {"core", "content", "importers"}, path


# -- extending an editor's registry ----------------------------------------------------------------

def test_new_themes_join_an_editors_themes_yaml_without_changing_what_is_there() -> None:
    import yaml

    from rvz_site.importers.wordpress.output import extend_themes
    from rvz_site.importers.wordpress.terms import ThemeEntry

    editor = ("# mijn thema's\n- key: overig\n  name: Overig\n  description: De rest.\n  children:\n"
              "    - key: mensen\n      name: Mensen\n      description: Wie.\n"
              "- key: kaal\n  name: Kaal\n  description: Zonder kinderen.\n")
    new = [ThemeEntry("overig", "Overig", "x"), ThemeEntry("overig/plek", "Plek", "Waar."),
           ThemeEntry("kaal/kind", "Kind", "Eerste kind."), ThemeEntry("zorg", "Zorg", "Zorg."),
           ThemeEntry("zorg/wonen", "Wonen", "Wonen.")]
    out = extend_themes(editor, new, frozenset({"overig", "overig/mensen", "kaal"}))
    assert out.startswith("# mijn thema's\n- key: overig\n")
    data = yaml.safe_load(out)
    assert [t["key"] for t in data] == ["overig", "kaal", "zorg"]
    assert [c["key"] for c in data[0]["children"]] == ["mensen", "plek"]
    assert [c["key"] for c in data[1]["children"]] == ["kind"]
    assert [c["key"] for c in data[2]["children"]] == ["wonen"]
    assert extend_themes(out, new, frozenset({"overig", "overig/mensen", "overig/plek", "kaal", "kaal/kind",
                                              "zorg", "zorg/wonen"})) == out


# -- the build's alias rule for WordPress pages ----------------------------------------------------

def test_page_id_aliases_are_written_as_a_forced_netlify_query_rule(tmp_path: Path) -> None:
    from rvz_site.content.aliases import source_of
    from tests.kit import build, make_site

    assert source_of("/?page_id=56") == "/ page_id=56"
    content = make_site(tmp_path, {
        "pages/over-ons.md": '---\ntitle: Over ons\naliases: ["/?page_id=56"]\n---\nTekst.\n',
        "pages/fout.md": '---\ntitle: Fout\naliases: ["/?page_id=nul"]\n---\nTekst.\n'})
    result = build(content, tmp_path / "public")
    assert result.code == 1 and "/?page_id=56" in result.err  # the bad one names both forms it may take
    (content / "pages" / "fout.md").unlink()
    assert build(content, tmp_path / "public").code == 0
    assert "/ page_id=56  /over-ons/  301!\n" in (tmp_path / "public" / "_redirects").read_text("utf-8")


# -- categories to themes ----------------------------------------------------------------------------

def test_category_tree_becomes_two_levels_of_unique_theme_keys() -> None:
    from rvz_site.importers.wordpress.items import Channel, Export, Term
    from rvz_site.importers.wordpress.mapping import ImportMap
    from rvz_site.importers.wordpress.terms import plan_terms

    terms = (Term("category", "%f0%9f%8e%ad", "🎭"), Term("category", "%f0%9f%8e%a8", "🎨"),
             Term("category", "zorg", "Zorg &amp; welzijn"), Term("category", "wonen", "Wonen", "zorg"),
             Term("category", "ouderen", "Ouderen", "wonen"), Term("category", "uncategorized", "Uncategorized"))
    export = Export(Channel("", "", "", "", "", "", "1.2"), terms, (), 0, ())
    plan = plan_terms(export, ImportMap())
    assert plan.category_theme == {"%f0%9f%8e%a8": "thema", "%f0%9f%8e%ad": "thema-2", "uncategorized": "",
                                   "zorg": "zorg", "wonen": "zorg/wonen", "ouderen": "zorg/wonen"}
    assert [t.key for t in plan.themes.values()] == ["thema", "thema-2", "zorg", "zorg/wonen"]
    assert plan.themes["zorg"].name == "Zorg & welzijn"
    assert ("/category/zorg/wonen/ouderen/", "/themas/zorg/wonen/") in plan.redirects


@pytest.mark.parametrize("html", [
    "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td><p>d</p></td></tr></table>",  # no head, a <p> in a cell
    "<ul><li><p>los</p></li><li>vast</li></ul>",
    "<blockquote><p>een</p><p>twee</p></blockquote><hr><h4>Kop</h4><p>a<br>b</p>",
    "<p>Tekst met <em>nadruk</em>, <code>code</code> en <a href='/x/'>link</a>.</p>",
])
def test_round_trip_of_ordinary_html_finds_no_difference(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert compare(soup, render_markdown(to_markdown(soup)).html) == []


# -- one body, end to end -----------------------------------------------------------------------------

def _convert(html: str) -> tuple[str, list[str], list[str]]:
    from rvz_site.importers.wordpress.body import BodyContext, convert_body
    from rvz_site.importers.wordpress.items import Item

    item = Item(1, "post", "publish", "Titel", "", "titel", "2020-01-01 00:00:00", "", html, "", 0, "", "")
    ctx = BodyContext({}, {}, {}, Uploads(None, ["www.oud.nl"], []), lambda url: None, "https://www.oud.nl")
    result = convert_body(item, ctx)
    return result.markdown, result.dropped, result.missing_media


def test_nothing_on_the_page_loads_from_elsewhere() -> None:
    markdown, dropped, missing = _convert(
        '<p>Een <img src="https://farm1.flickr.com/x.jpg" alt="Boom"> en '
        '<img src="https://www.oud.nl/wp-content/uploads/2020/05/weg-300x200.jpg" alt="Weg"></p>'
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>'
        '<iframe src="https://maps.example/embed"></iframe><script src="https://x.example/a.js"></script>')
    assert markdown == ("Een [Boom](https://farm1.flickr.com/x.jpg) en\n\n"
                        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\n")
    assert missing == ["2020/05/weg-300x200.jpg"]
    assert dropped == ["een afbeelding van farm1.flickr.com: nu een link ernaartoe", "een <iframe> van maps.example",
                       "een <script>"]
    assert "<img" not in render_markdown(markdown).html.replace('class="embed-still"', "")


def test_html_nested_too_deep_keeps_its_words() -> None:
    markdown, _dropped, _missing = _convert("<div>" * 1200 + "Diep verstopt" + "</div>" * 1200 + "<p>Daarna</p>")
    assert markdown == "Diep verstopt\n\nDaarna\n"


def test_empty_spacer_paragraphs_go() -> None:
    markdown, _dropped, _missing = _convert("<p>Een</p><p>&nbsp;</p><p> <br> </p><p>Twee</p>")
    assert markdown == "Een\n\nTwee\n"


def test_an_old_caption_attribute_on_wordpress_com_without_its_file_keeps_the_caption() -> None:
    markdown, _dropped, missing = _convert(
        '[caption id="attachment_448" align="aligncenter" width="632" caption="Pas Firewall-Friendly?"]'
        '<a href="http://chamerling.files.wordpress.com/2010/04/img_3892.jpg"><img class="size-full wp-image-448" '
        'src="http://chamerling.files.wordpress.com/2010/04/img_3892.jpg?w=632" alt="" width="632"></a>[/caption]'
        "\n\nDaarna.")
    assert markdown == "Pas Firewall-Friendly?\n\nDaarna.\n"
    assert missing == ["2010/04/img_3892.jpg"]
