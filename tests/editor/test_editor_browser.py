"""The web editor in a real browser: an editor writes an article in /admin/ and the site accepts it.

Decap's `test-repo` backend keeps the repository in the page's memory (window.repoFiles), so
the test runs offline; only the backend differs from the config the build generated.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from rvz_site.content.schema import fields_for
from rvz_site.outputs.cms import bundle_dirs, find_bundle
from tests.kit import TODAY, build, need, run_in_process, write

READ_REPO = """() => { const out = {};
  const walk = (node, path) => { for (const [name, value] of Object.entries(node)) {
    if (value && typeof value.content === 'string') out[path + name] = value.content;
    else if (value && typeof value === 'object') walk(value, path + name + '/'); } };
  walk(window.repoFiles || {}, ''); return out; }"""


def markdown_mode(page) -> None:
    """Switch the body from rich text to Markdown and put the cursor in it, once Decap has swapped editors."""
    page.locator("[class*=ToolbarToggle] [role=switch]").click()
    page.locator("[class*=ToolbarToggle] [role=switch][aria-checked=true]").wait_for()
    raw = page.locator("[role=textbox][contenteditable=true][value]")  # only the Markdown editor has it
    raw.wait_for()
    raw.click()


def admin_site(content: Path, public: Path, serve) -> str:
    """Build the site with its real admin/config.yml, swap only the backend for test-repo, serve it."""
    need(bool(find_bundle(bundle_dirs(content))), "Decap ontbreekt: voer npm ci uit")
    assert build(content, public).code == 0
    config_file = public / "admin/config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["backend"] = {"name": "test-repo"}  # the only test-only change: no login, no network
    config.pop("local_backend")
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return serve(public)


@pytest.mark.browser
def test_editor_writes_an_article_in_admin_that_check_and_build_accept(
        chromium_browser, serve, content, tmp_path):
    base = admin_site(content, tmp_path / "public", serve)
    context = chromium_browser.new_context(timezone_id="Europe/Amsterdam", locale="nl-NL")
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Actueel").first.wait_for()
    page.get_by_text("＋ Nieuwsbericht").click()

    # Every field of the schema is in the form, in Dutch.
    page.locator("[id^=title-field-]").wait_for()
    for field in fields_for("actueel"):
        assert page.locator(f"label[for^='{field.name}-field-']").count() == 1, field.name
        assert field.label.upper() in page.locator(f"label[for^='{field.name}-field-']").inner_text().upper()

    page.locator("[id^=title-field-]").fill("Bewoners bepalen zelf: een proef in Tilburg")
    page.locator("[id^=date-field-]").fill("2026-11-20")
    page.locator("[id^=themes-field-]").click()
    page.get_by_text("Overige onderwerpen › Betrokkenen binnen zorgorganisaties", exact=True).click()
    page.locator("[id^=organisations-field-]").click()
    page.get_by_text("Sensire (Varsseveld)", exact=True).click()
    page.locator("[id^=keywords-field-]").fill("Zeggenschap, Dagbesteding")
    markdown_mode(page)
    page.keyboard.type("In Tilburg bepalen bewoners zelf hoe hun dag eruitziet.\n\n## Wat er verandert\n\n"
                       "Lees ook [het verslag](/actueel/inspiratiebijeenkomst-bussum/).")
    # the preview pane shows the text in the site's own style
    preview = page.frame_locator("iframe").first
    preview.locator("h2", has_text="Wat er verandert").wait_for()
    assert preview.locator("link[href^='/assets/css/site.']").count() == 1
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_role("menuitem", name="Publiceer nu").click()

    name = "content/actueel/bewoners-bepalen-zelf-een-proef-in-tilburg.md"
    page.wait_for_function(f"() => ({READ_REPO})()[{name!r}] !== undefined")
    markdown = page.evaluate(READ_REPO)[name]
    context.close()
    assert outside == []  # the editor made no request to any other site

    assert markdown.startswith("---\n")
    front = yaml.safe_load(markdown.split("---\n")[1])
    assert front["title"] == "Bewoners bepalen zelf: een proef in Tilburg"
    assert str(front["date"]) == "2026-11-20"
    assert front["themes"] == ["overig/betrokkenen-zorgorganisaties"]
    assert front["organisations"] == ["sensire"]
    assert front["keywords"] == ["Zeggenschap", "Dagbesteding"]
    write(content / name.removeprefix("content/"), markdown)

    checked = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert checked.code == 0, checked.err
    built = build(content, tmp_path / "site")
    assert built.code == 0, built.err
    html = (tmp_path / "site/actueel/bewoners-bepalen-zelf-een-proef-in-tilburg/index.html").read_text()
    assert 'id="wat-er-verandert"' in html
    assert 'href="/actueel/inspiratiebijeenkomst-bussum/"' in html
    for term_page in ("themas/overig/betrokkenen-zorgorganisaties", "deelnemers/sensire", "trefwoord/dagbesteding"):
        listing = (tmp_path / "site" / term_page / "index.html").read_text()
        assert "bewoners-bepalen-zelf-een-proef-in-tilburg" in listing


@pytest.mark.browser
def test_editing_an_existing_article_in_admin_keeps_its_markdown(chromium_browser, serve, content, tmp_path):
    """An article with an aligned table, a callout and a footnote, changed in the web editor's
    Markdown mode, keeps every character it had (rich text would drop the table's alignment)."""
    base = admin_site(content, tmp_path / "public", serve)
    rel = "actueel/vernieuwingsbeweging-wordt-steeds-sterker.md"
    original = (content / rel).read_text(encoding="utf-8")
    context = chromium_browser.new_context(timezone_id="Europe/Amsterdam", locale="nl-NL")
    # test-repo reads its repository from window.repoFiles: start it with the real file.
    repo = {"content": {"actueel": {rel.split("/")[1]: {"content": original}}}}
    context.add_init_script(f"window.repoFiles = {json.dumps(repo)};")
    page = context.new_page()
    page.goto(f"{base}/admin/#/collections/actueel/entries/vernieuwingsbeweging-wordt-steeds-sterker")
    page.get_by_role("button", name="Inloggen").click()
    title = page.locator("[id^=title-field-]")
    title.wait_for()
    assert title.input_value() == "Vernieuwingsbeweging wordt steeds sterker"
    title.fill("Vernieuwingsbeweging wordt nog sterker")
    markdown_mode(page)
    # At the end of the text, in one input event: Decap's Markdown editor re-renders after the first
    # key it gets and may then move the cursor to the start (about one run in three).
    page.keyboard.press("Control+End")
    page.keyboard.insert_text(" Zie ook het jaarverslag.")
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_role("menuitem", name="Publiceer nu").click()
    page.wait_for_function(f"() => ({READ_REPO})()['content/{rel}'].includes('jaarverslag')")
    saved = page.evaluate(READ_REPO)[f"content/{rel}"]
    context.close()

    def body(text: str) -> str:
        return text.split("\n---\n", 1)[1].strip()

    # table, callout block and footnote untouched; only the typed words are new
    assert body(saved).count(" Zie ook het jaarverslag.") == 1
    assert body(saved).replace(" Zie ook het jaarverslag.", "").strip() == body(original)
    write(content / rel, saved)
    checked = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert checked.code == 0, checked.err


@pytest.mark.browser
def test_the_preview_shows_an_articles_photo(chromium_browser, serve, content, tmp_path):
    """The site publishes a photo only in resized versions, without the name the editor gave it;
    the preview pane still shows it (voorvertoning.js points it at the site's own version)."""
    base = admin_site(content, tmp_path / "public", serve)
    rel = "praktijkvoorbeelden/zorgcentra-de-betuwe.md"
    assert "image: /media/beelden/moestuin.jpg" in (content / rel).read_text(encoding="utf-8")
    assert not (tmp_path / "public/media/beelden/moestuin.jpg").exists()  # only linked originals are published
    context = chromium_browser.new_context(timezone_id="Europe/Amsterdam", locale="nl-NL")
    repo = {"content": {"praktijkvoorbeelden": {rel.split("/")[1]: {"content": (content / rel).read_text()}}}}
    context.add_init_script(f"window.repoFiles = {json.dumps(repo)};")
    page = context.new_page()
    page.goto(f"{base}/admin/#/collections/praktijkvoorbeelden/entries/zorgcentra-de-betuwe")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("textbox", name="Titel", exact=True).wait_for()
    preview = page.frame_locator("iframe").first
    photos = preview.locator("img[src*='/media/beelden/moestuin']")
    photos.first.wait_for()
    page.wait_for_function("""() => { const doc = document.querySelector('iframe').contentDocument;
        const imgs = [...doc.querySelectorAll("img[src*='/media/beelden/moestuin']")];
        return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); }""")
    sources = [photos.nth(i).get_attribute("src") for i in range(photos.count())]
    context.close()
    assert all("/media/beelden/moestuin-" in s and s.endswith("-800.jpg") for s in sources), sources
