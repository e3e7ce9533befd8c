"""The newsletter sign-up works with Netlify Forms: the form Netlify detects in the built HTML,
a honeypot it honours, a Dutch thank-you page to land on, and no script from anyone else."""

from __future__ import annotations

from pathlib import Path

from lxml import html


def test_the_nieuwsbrief_page_has_a_form_netlify_can_take(public: Path) -> None:
    doc = html.parse(str(public / "nieuwsbrief" / "index.html")).getroot()
    (form,) = doc.xpath("//form[@data-netlify='true']")
    assert form.get("name") == "nieuwsbrief" and form.get("method") == "post"
    assert form.get("action") == "/nieuwsbrief/bedankt/"
    # Netlify matches a post to its form through the hidden form-name field
    assert form.xpath("string(.//input[@type='hidden'][@name='form-name']/@value)") == "nieuwsbrief"
    honeypot = form.get("data-netlify-honeypot")
    (trap,) = form.xpath(f".//input[@name='{honeypot}']")
    assert any(a.get("hidden") is not None for a in trap.iterancestors("p")), "the honeypot must be hidden"
    (email,) = form.xpath(".//input[@name='email']")
    assert email.get("type") == "email" and email.get("required") is not None
    # every visible field has a label that names it
    for field in form.xpath(".//input[not(@type='hidden')][not(@name=$trap)]", trap=honeypot):
        assert form.xpath(f".//label[@for='{field.get('id')}']"), field.get("name")
    assert form.xpath(".//button[@type='submit']")[0].text_content().strip() == "Aanmelden"
    assert doc.xpath("//link[@rel='stylesheet'][contains(@href, '/assets/css/forms.')]")


def test_the_thank_you_page_exists_in_dutch_and_stays_out_of_search_engines(public: Path) -> None:
    doc = html.parse(str(public / "nieuwsbrief" / "bedankt" / "index.html")).getroot()
    assert doc.xpath("string(//h1)") == "Bedankt voor je aanmelding"
    assert doc.xpath("string(//meta[@name='robots']/@content)") == "noindex"
    assert "/nieuwsbrief/bedankt/" not in (public / "sitemap.xml").read_text("utf-8")


def test_no_page_loads_a_script_from_elsewhere(public: Path) -> None:
    # /admin/ is the editors' Decap CMS, with its own policy (tests/editor); readers never see it
    pages = [p for p in public.rglob("*.html") if not p.relative_to(public).as_posix().startswith("admin/")]
    assert len(pages) > 30
    for page in pages:
        doc = html.parse(str(page)).getroot()
        for src in doc.xpath("//script/@src"):
            assert src.startswith("/") and not src.startswith("//"), f"{page}: {src}"
    other = html.parse(str(public / "over-ons" / "index.html")).getroot()
    assert not other.xpath("//form"), "the form belongs on the nieuwsbrief page only"
