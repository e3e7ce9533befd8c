"""`rvz-site import-wordpress` on the fixture export, built with the real build."""

from __future__ import annotations

import difflib
import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from wpkit import (
    EXPECTED,
    EXPORT,
    FIXTURES,
    MAP,
    PRIVATE,
    golden,
    import_fixture,
)

from rvz_site.content.aliases import source_of
from tests.kit import build, run_in_process, snapshot


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture export imported into a new folder and built; shared by the read-only tests."""
    root = tmp_path_factory.mktemp("wp")
    result = import_fixture(root / "content")
    assert result.code == 0, result.err
    built = build(root / "content", root / "public", "--no-cache")
    assert built.code == 0, built.err
    return root


def test_imported_site_builds_and_matches_the_golden_tree(imported: Path) -> None:
    found, expected = golden(imported, imported / "public"), snapshot(EXPECTED)
    assert sorted(found) == sorted(expected), "files differ; run python tests/importers/update_golden.py"
    for name in expected:
        if found[name] != expected[name]:
            diff = "\n".join(difflib.unified_diff(
                expected[name].decode("utf-8", "replace").splitlines(),
                found[name].decode("utf-8", "replace").splitlines(), "expected/" + name, "built/" + name,
                lineterm=""))
            pytest.fail(f"{name} differs from the golden tree:\n{diff}")


def _items() -> list[dict[str, list[str]]]:
    """Every item of the fixture, read with regular expressions (not with the importer's reader)."""
    items = []
    for path in EXPORT:
        text = path.read_text("utf-8")
        for body in re.findall(r"<item>(.*?)</item>", text, re.DOTALL):
            fields: dict[str, list[str]] = {}
            m = re.search(r"<title>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</title>", body, re.DOTALL)
            fields["title"] = [m.group(1) if m else ""]
            m = re.search(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", body, re.DOTALL)
            fields["content"] = [m.group(1) if m else ""]
            for name in ("post_id", "post_type", "status", "post_password", "post_name"):
                m = re.search(rf"<wp:{name}>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</wp:{name}>", body, re.DOTALL)
                fields[name] = [m.group(1).strip()] if m else [""]
            m = re.search(r"<link>(.*?)</link>", body)
            fields["link"] = [html.unescape(m.group(1).strip())] if m else [""]
            fields["old_slugs"] = re.findall(
                r"<wp:meta_key>(?:<!\[CDATA\[)?_wp_old_slug(?:\]\]>)?</wp:meta_key>"
                r"<wp:meta_value>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</wp:meta_value>", body)
            items.append(fields)
    return items


ORGANISATION_PAGES = {"122"}  # the map turns this page into an organisation (de-leyhoeve)


def _published(*, organisations: bool = False) -> list[dict[str, list[str]]]:
    return [i for i in _items() if i["post_type"][0] in {"post", "page", "tribe_events"}
            and i["status"][0] == "publish" and not i["post_password"][0]
            and (i["post_id"][0] in ORGANISATION_PAGES) == organisations]


def _old_addresses(item: dict[str, list[str]]) -> list[str]:
    found = [f"/?p={item['post_id'][0]}"]
    if item["post_type"][0] == "page":
        found.append(f"/?page_id={item['post_id'][0]}")
    parts = urlsplit(item["link"][0])
    if parts.path not in {"", "/"} and not parts.query:
        path = re.sub("/{2,}", "/", parts.path)
        found.append(path)
        found += [path.rstrip("/").rsplit("/", 1)[0] + f"/{slug}/" for slug in item["old_slugs"]]
    return found


def _redirects(public: Path) -> dict[str, str]:
    rules = {}
    for line in (public / "_redirects").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            parts = line.split("  ")
            rules[parts[0].rstrip("/") if not parts[0].startswith("/ ") else parts[0]] = parts[1]
    return rules


def _page(public: Path, url: str) -> Path:
    return public / url.lstrip("/") / "index.html"


def test_every_published_item_is_a_page_with_its_title(imported: Path) -> None:
    public = imported / "public"
    rules = _redirects(public)
    published = _published()
    assert len(published) == 10  # the fixture's published posts, pages and events without a password
    for item in published:
        target = rules[source_of(f"/?p={item['post_id'][0]}")]
        page = _page(public, target)
        assert page.is_file(), f"post {item['post_id'][0]}: {target} was not built"
        shown = page.read_text("utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", shown, re.DOTALL)
        assert heading is not None
        title = " ".join(re.sub(r"<[^>]+>", "", html.unescape(html.unescape(item["title"][0]))).split())
        assert " ".join(html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).split()) == title
        text = re.sub(r"<!--.*?-->|<[^>]+>|\[[^\]]*\]", " ", item["content"][0], flags=re.DOTALL)
        first_words = " ".join(html.unescape(text).split()[:3])
        assert first_words in " ".join(html.unescape(re.sub(r"<[^>]+>", " ", shown)).split()), first_words


def test_every_old_address_redirects_to_a_page_that_exists(imported: Path) -> None:
    public = imported / "public"
    rules = _redirects(public)
    followed = 0
    for item in _published():
        targets = set()
        for old in _old_addresses(item):
            key = source_of(old) if old.startswith("/?") else old.rstrip("/")
            if key in rules:
                target = rules[key]
            else:
                assert _page(public, old).is_file(), f"{old} neither redirects nor is a page"
                target = old
            assert _page(public, target).is_file(), f"{old} -> {target}, which does not exist"
            targets.add(target)
            followed += 1
        assert len(targets) == 1, f"the addresses of {item['post_id'][0]} lead to different pages: {targets}"
    assert followed == 23  # ?p=, ?page_id=, the permalinks and the old slugs of the ten


def test_the_old_addresses_of_a_page_that_became_an_organisation_are_in_the_report(imported: Path) -> None:
    data = json.loads((imported / "import-report.json").read_text("utf-8"))
    rules = {old: new for old, new in data["term_redirects"]}
    (page,) = _published(organisations=True)
    for old in _old_addresses(page):
        assert rules[old] == "/deelnemers/de-leyhoeve/", old
    assert _page(imported / "public", "/deelnemers/de-leyhoeve/").is_file()
    report = (imported / "import-report.md").read_text("utf-8")
    assert 'from = "/"\nquery = {page_id = "122"}\nto = "/deelnemers/de-leyhoeve/"\nstatus = 301\nforce = true' \
        in report


def test_nothing_private_is_written_anywhere(imported: Path) -> None:
    for path in imported.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in PRIVATE:
                assert secret.encode() not in data, f"{secret!r} appears in {path.relative_to(imported)}"


def test_the_report_names_the_posts_to_read_over(imported: Path) -> None:
    items = {i["id"]: i for i in json.loads((imported / "import-report.json").read_text("utf-8"))["items"]}
    assert items[110]["roundtrip"] == ["alinea's: 7 in WordPress, 9 op de nieuwe site"]  # the <dl>
    assert items[101]["roundtrip"] == [] and items[102]["roundtrip"] == []
    assert items[110]["unknown_shortcodes"] == ["contact-form-7"]
    assert items[110]["missing_media"] == ["2019/11/verloren.jpg"]
    assert "een <iframe> van www.google.com" in items[102]["dropped"]
    assert items[103]["links"] == ["https://www.oudesite.nl/2020/07/01/alleen-voor-ons/ (geen gepubliceerde pagina "
                                   "van de import; adres gehouden)"]


def test_comments_and_authors_are_only_counted(imported: Path) -> None:
    report = (imported / "import-report.md").read_text("utf-8")
    assert "| reacties (niet overgenomen) | 2 |" in report
    assert "| auteurs (niet overgenomen) | 2 |" in report


def test_importing_twice_changes_no_byte(tmp_path: Path) -> None:
    assert import_fixture(tmp_path / "a" / "content").code == 0
    first = snapshot(tmp_path / "a")
    again = import_fixture(tmp_path / "a" / "content")
    assert again.code == 0, again.err
    assert snapshot(tmp_path / "a") == first
    assert import_fixture(tmp_path / "b" / "content").code == 0
    assert snapshot(tmp_path / "b") == first  # and a fresh import elsewhere gives the same bytes


def test_dry_run_prints_the_inventory_and_writes_only_the_starter_map(tmp_path: Path) -> None:
    result = run_in_process("import-wordpress", *EXPORT, "--content", tmp_path / "site" / "content", "--dry-run")
    assert result.code == 0, result.err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == \
        ["site/wordpress-map.yaml"]
    for expected in ("post                 publish", "nav_menu_item", "(wordt overgeslagen)", "Ouderen (ouderen)",
                     "Zorg & Welzijn", "caption (1)", "spotlight (1)", "core/embed (1)", "_thumbnail_id",
                     "www.oudesite.nl", "oudesite.files.wordpress.com", "Reacties: 2"):
        assert expected in result.out, expected
    # the starter map names each category's real default, and the import accepts it as it is
    starter = tmp_path / "site" / "wordpress-map.yaml"
    assert '"ouderen": {}   # Ouderen; standaard: thema zorg/wonen' in starter.read_text("utf-8")
    again = run_in_process("import-wordpress", *EXPORT, "--content", tmp_path / "x" / "content", "--map", starter)
    assert again.code == 0


def test_merge_never_overwrites_an_editors_file_without_force(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert import_fixture(content).code == 0
    article = content / "actueel" / "de-gids.md"
    article.write_text(article.read_text("utf-8").replace("De gids", "De gids, bijgewerkt"), "utf-8")
    edited = article.read_bytes()
    result = import_fixture(content)
    assert result.code == 0, result.err
    assert article.read_bytes() == edited
    assert "1 bestanden bestonden al" in result.out
    assert "`actueel/de-gids.md`" in (tmp_path / "import-report.md").read_text("utf-8").split("Niet overschreven")[1]
    assert import_fixture(content, "--force").code == 0
    assert b"bijgewerkt" not in article.read_bytes()


def test_import_into_an_existing_site_extends_its_registries(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "site" / "content", content)
    before = snapshot(content)
    result = import_fixture(content)
    assert result.code == 0, result.err
    after = snapshot(content)
    for name, data in before.items():
        if name not in {"themes.yaml"}:
            assert after[name] == data, f"{name} was changed"
    themes = after["themes.yaml"].decode()
    assert themes.startswith(before["themes.yaml"].decode())  # the editor's themes stay as they were
    assert "- key: zorg" in themes and "- key: ellada" in themes
    assert after["organisations.yaml"] == before["organisations.yaml"]  # sensire was there already
    built = build(content, tmp_path / "public", "--no-cache")
    assert built.code == 0, built.err


def test_unknown_map_key_gives_did_you_mean(tmp_path: Path) -> None:
    bad = tmp_path / "map.yaml"
    bad.write_text(MAP.read_text("utf-8").replace("categories:", "categoreis:"), "utf-8")
    result = run_in_process("import-wordpress", *EXPORT, "--content", tmp_path / "content", "--map", bad)
    assert result.code == 1
    assert f"{bad}:7:1" in result.err
    assert "onbekend veld `categoreis`" in result.err and "bedoel je `categories`?" in result.err
    assert not (tmp_path / "content").exists()


def test_a_wrong_section_in_the_map_is_named_with_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "map.yaml"
    bad.write_text(MAP.read_text("utf-8").replace("section: publicaties", "section: publicatie"), "utf-8")
    result = run_in_process("import-wordpress", *EXPORT, "--content", tmp_path / "content", "--map", bad)
    assert result.code == 1
    assert f"{bad}:9:14" in result.err and "bedoel je `publicaties`?" in result.err


def test_wxr_1_0_with_http_namespace_is_read(tmp_path: Path) -> None:
    export = FIXTURES / "wxr-1.0.xml"
    result = run_in_process("import-wordpress", export, "--content", tmp_path / "content")
    assert result.code == 0, result.err
    text = (tmp_path / "content" / "actueel" / "oud-bericht.md").read_text("utf-8")
    assert "title: Een oud bericht" in text and "date: 2009-03-01T13:00:00+01:00" in text
    assert "Tekst uit 2009." in text
    assert build(tmp_path / "content", tmp_path / "public", "--no-cache").code == 0


def test_without_uploads_no_picture_loads_from_the_old_site(tmp_path: Path) -> None:
    result = run_in_process("import-wordpress", *EXPORT, "--content", tmp_path / "content", "--map", MAP)
    assert result.code == 0, result.err
    for path in (tmp_path / "content").rglob("*.md"):
        text = path.read_text("utf-8")
        assert "/wp-content/uploads/" not in text, f"{path} still points at the old site's uploads"
        assert not re.search(r"!\[[^\]]*\]\(https?://", text), f"{path} shows a picture from elsewhere"
    report = (tmp_path / "import-report.md").read_text("utf-8")
    assert "2020/05/tuin.jpg" in report
    assert build(tmp_path / "content", tmp_path / "public", "--no-cache").code == 0


def test_an_item_the_map_now_sends_elsewhere_names_the_file_left_behind(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert import_fixture(content).code == 0
    moved = tmp_path / "map.yaml"
    text = MAP.read_text("utf-8").replace("categories:\n", "categories:\n  wonen:\n    section: praktijkvoorbeelden\n")
    moved.write_text(text, "utf-8")
    result = run_in_process("import-wordpress", *EXPORT, "--content", content, "--uploads", FIXTURES / "uploads",
                            "--map", moved)
    assert result.code == 0, result.err
    assert (content / "praktijkvoorbeelden" / "de-gids.md").is_file()
    assert (content / "actueel" / "de-gids.md").is_file()  # an editor's file is never deleted
    items = {i["id"]: i for i in json.loads((tmp_path / "import-report.json").read_text("utf-8"))["items"]}
    assert "een eerdere import schreef dit item als actueel/de-gids.md" in " ".join(items[110]["notes"])


def test_the_preview_with_drafts_and_future_items_builds_too(imported: Path, tmp_path: Path) -> None:
    """`rvz-site serve` shows drafts and scheduled items; the imported ones must build as well."""
    result = build(imported / "content", tmp_path / "preview", "--drafts", "--future", "--no-cache")
    assert result.code == 0, result.err
    for page in ("actueel/met-wachtwoord", "actueel/alleen-voor-ons", "actueel/de-toekomst",
                 "actueel/concept-zonder-datum"):
        assert (tmp_path / "preview" / page / "index.html").is_file(), page


def test_an_export_without_ids_or_dates_still_imports_every_item_once(tmp_path: Path) -> None:
    export = tmp_path / "zonder-ids.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules'
        '/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Zonder ids</title>'
        "<link>https://x.example</link><wp:wxr_version>1.2</wp:wxr_version>"
        "<item><title>Een</title><link>https://x.example/een/</link><content:encoded>Tekst een.</content:encoded>"
        "<wp:post_id>abc</wp:post_id><wp:post_date>2020-13-45 99:00:00</wp:post_date><wp:status>publish</wp:status>"
        "</item><item><title>Twee</title><content:encoded>Tekst twee.</content:encoded></item></channel></rss>\n",
        "utf-8")
    assert run_in_process("import-wordpress", export, "--content", tmp_path / "site" / "content").code == 0
    first = snapshot(tmp_path / "site")
    assert sorted(p for p in first if p.startswith("content/actueel/")) == ["content/actueel/een.md",
                                                                            "content/actueel/twee.md"]
    assert "/?p=" not in first["content/actueel/een.md"].decode()
    assert run_in_process("import-wordpress", export, "--content", tmp_path / "site" / "content").code == 0
    assert snapshot(tmp_path / "site") == first
    assert build(tmp_path / "site" / "content", tmp_path / "public", "--no-cache").code == 0
