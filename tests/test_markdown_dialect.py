"""The Markdown dialect editors write, as readers get it: Dutch typography, figures, callouts."""

from __future__ import annotations

from lxml import html as lxml_html

from rvz_site.content.markdown import render_markdown
from rvz_site.content.typography import typeset


def tree(source: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(render_markdown(source).html, create_parent="div")


def test_image_with_italic_line_becomes_a_figure_with_caption() -> None:
    doc = tree("Voor.\n\n![Een kring van mensen](/media/kring.svg)\n*Foto: de kring in Bussum*\n\nNa.")
    (figure,) = doc.findall("figure")
    assert figure.find("img").get("alt") == "Een kring van mensen"
    assert figure.find("figcaption").text_content() == "Foto: de kring in Bussum"
    assert not doc.xpath("//p[img]"), "the image left its paragraph"


def test_caption_keeps_its_links_and_an_image_alone_stays_an_image() -> None:
    doc = tree("![Kring](/media/kring.svg)\n*Foto: [LOC](https://www.loc.nl)*\n\n![Alleen](/media/a.svg)")
    assert doc.xpath("//figcaption/a/@href") == ["https://www.loc.nl"]
    assert doc.xpath("//p/img/@alt") == ["Alleen"]


def test_italic_text_after_text_is_not_a_caption() -> None:
    doc = tree("Zie ![Kring](/media/kring.svg)\n*nadruk*")
    assert not doc.findall("figure")


def test_callout_is_an_aside_named_by_its_heading() -> None:
    doc = tree("## Inleiding\n\n/// callout | Meer weten\nMail naar [ons](mailto:x@loc.nl).\n///\n")
    (aside,) = doc.findall("aside")
    heading = aside.find("h2")
    assert heading.text == "Meer weten"
    assert heading.get("id") and aside.get("aria-labelledby") == heading.get("id")
    assert aside.xpath(".//p/a/@href") == ["mailto:x@loc.nl"]
    assert not doc.xpath("//*[contains(@class,'admonition')]")


def test_two_callouts_with_one_title_get_distinct_names_and_untitled_gets_a_label() -> None:
    doc = tree("/// callout | Meer weten\nA\n///\n\n/// callout | Meer weten\nB\n///\n\n/// callout\nC\n///\n")
    labels = [a.get("aria-labelledby") for a in doc.findall("aside")[:2]]
    assert len(set(labels)) == 2 and all(doc.get_element_by_id(i) is not None for i in labels)
    assert doc.findall("aside")[2].get("aria-label") == "Uitgelicht"


def test_headings_have_ids_and_footnotes_link_back_in_dutch() -> None:
    result = render_markdown("## Samen uitvinden\n\nTekst.[^1]\n\n[^1]: Bron.")
    doc = lxml_html.fragment_fromstring(result.html, create_parent="div")
    assert doc.xpath("//h2/@id") == ["samen-uitvinden"]
    assert "samen-uitvinden" in result.anchors
    back = doc.xpath("//a[@class='footnote-backref']")[0]
    assert back.get("title") == "Terug naar voetnoot 1 in de tekst"


def test_dutch_quotes_and_elisions_in_markdown() -> None:
    text = tree("\"Het netwerk,\" zegt 't Zorghuus uit 's-Hertogenbosch, \"zo'n club.\"").text_content()
    assert text == "„Het netwerk,” zegt ’t Zorghuus uit ’s-Hertogenbosch, „zo’n club.”"


def test_typeset_for_registry_names_and_titles() -> None:
    assert typeset("'t Zorghuus") == "’t Zorghuus"
    assert typeset("Van \"omgeving bij het huis\" naar zo'n 's avonds") == \
        "Van „omgeving bij het huis” naar zo’n ’s avonds"
    assert typeset("'Droom van de beweging nog groter'") == "‘Droom van de beweging nog groter’"
    assert typeset("Wetenswaardigheden #18 | januari - maart '22") == \
        "Wetenswaardigheden #18 | januari - maart ’22"
    assert typeset("Sensire") == "Sensire"
