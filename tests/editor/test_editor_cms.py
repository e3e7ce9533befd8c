"""The web editor's configuration is made from the schema the build validates with, so they agree."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from rvz_site.build.pipeline import BuildOptions, build_site
from rvz_site.content.schema import fields_for
from rvz_site.core.dates import AMSTERDAM
from rvz_site.core.model import ARTICLE_SECTIONS, PAGES_SECTION
from rvz_site.outputs.cms import DATE_FORMAT, DATETIME_FORMAT, bundle_dirs, find_bundle
from tests.kit import TODAY, TODAY_DATE, build, need, run_in_process, write

SECTIONS = (*ARTICLE_SECTIONS, PAGES_SECTION)


def build_admin(content: Path, out: Path, dist: Path) -> tuple[dict, Path]:
    report = build_site(BuildOptions(content, out, TODAY_DATE, decap_dist=dist))
    assert not [w for w in report.warnings if w.severity == "error"]
    return yaml.safe_load((out / "admin/config.yml").read_text(encoding="utf-8")), out


@pytest.fixture
def fake_dist(tmp_path: Path) -> Path:
    """A stand-in for Decap's dist/: the build copies what is there, without the source maps."""
    dist = tmp_path / "dist"
    dist.mkdir()
    for name in ("decap-cms.js", "decap-cms.js.map", "103.decap-cms.js", "103.cms.js", "ab12.wasm", "cms.js"):
        (dist / name).write_text(f"// {name}\n")
    return dist


@pytest.fixture
def admin(content: Path, tmp_path: Path, fake_dist: Path) -> dict:
    return build_admin(content, tmp_path / "public", fake_dist)[0]


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def test_one_collection_per_section_with_every_schema_field_and_its_required_flag(admin):
    assert [c["name"] for c in admin["collections"]] == list(SECTIONS)
    for section in SECTIONS:
        coll = collection(admin, section)
        assert coll["folder"] == f"content/{section}"
        assert coll["extension"] == "md" and coll["format"] == "frontmatter"
        by_name = {f["name"]: f for f in coll["fields"]}
        schema = fields_for(section)
        assert list(by_name) == [f.name for f in schema] + ["body"]
        for field in schema:
            assert by_name[field.name]["required"] is field.required, (section, field.name)
            assert by_name[field.name]["label"] == field.label
        assert by_name["body"]["widget"] == "markdown"


def test_themes_and_organisations_are_choices_from_the_registries(admin, content):
    themes = yaml.safe_load((content / "themes.yaml").read_text())
    keys = []
    for theme in themes:
        keys.append(theme["key"])
        keys += [f"{theme['key']}/{child['key']}" for child in theme.get("children", [])]
    orgs = {o["key"] for o in yaml.safe_load((content / "organisations.yaml").read_text())}
    fields = {f["name"]: f for f in collection(admin, "actueel")["fields"]}
    assert fields["themes"]["widget"] == "select" and fields["themes"]["multiple"] is True
    assert [o["value"] for o in fields["themes"]["options"]] == keys
    assert {o["value"] for o in fields["organisations"]["options"]} == orgs


def test_dutch_interface_media_folder_and_default_backend(admin):
    assert admin["locale"] == "nl"
    assert admin["media_folder"] == "content/media" and admin["public_folder"] == "/media"
    assert admin["backend"] == {"name": "git-gateway", "branch": "main"}
    assert admin["local_backend"] is True


def _format(value: datetime, decap_format: str) -> str:
    """Decap's (moment) format tokens, as far as the config uses them."""
    py = decap_format.replace("YYYY", "%Y").replace("MM", "%m").replace("DD", "%d").replace("HH", "%H")
    py = py.replace("mm", "%M").replace("ss", "%S")
    text = value.strftime(py.replace("Z", ""))
    if "Z" in decap_format:
        offset = value.strftime("%z")
        text += offset[:3] + ":" + offset[3:]
    return text


def decap_value(field: dict, content: Path):
    """What Decap writes for a field of this widget when an editor fills it in."""
    widget = field["widget"]
    if widget == "select":
        return [field["options"][-1]["value"]]
    if widget == "datetime":
        moment = datetime(2026, 6, 1, 15, 0, tzinfo=AMSTERDAM)
        if field["name"] == "end":
            moment = moment.replace(hour=17)
        if field["name"] == "expiry_date":  # after the build day, so the page is still built
            moment = moment.replace(year=2027)
        return _format(moment, field["format"])
    if widget == "list" and field["name"] == "aliases":
        return ["/oud/adres-van-decap/"]
    if widget == "list":
        return ["Communicatie", "Zorg & welzijn"]
    if widget == "boolean":
        return False
    if widget in {"image", "file"}:
        return "/media/beelden/kring.svg"
    if field["name"] == "slug":
        return "van-decap"
    if "pattern" in field:  # what the web editor lets through (image_focus: two percentages)
        assert re.match(field["pattern"][0], "30% 40%")
        return "30% 40%"
    return f"Ingevuld: {field['label']}"


@pytest.mark.parametrize("section", SECTIONS)
def test_an_entry_written_as_decap_writes_it_passes_check_and_builds(admin, content, tmp_path, section):
    fields = [f for f in collection(admin, section)["fields"] if f["name"] != "body"]
    data = {f["name"]: decap_value(f, content) for f in fields}
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\nDe tekst.\n"
    write(content / f"{section}/van-decap.md", text)
    checked = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert checked.code == 0, checked.err
    built = build(content, tmp_path / "site")
    assert built.code == 0, built.err
    url = "van-decap" if section == PAGES_SECTION else f"{section}/van-decap"
    assert (tmp_path / "site" / url / "index.html").is_file()


def test_optional_fields_left_empty_by_decap_are_not_errors(content):
    write(content / "bijeenkomsten/leeg.md", '---\ntitle: Leeg\ndate: 2026-01-01\nsummary: ""\nsubtitle: ""\n'
          'themes: []\nkeywords: []\norganisations: []\nimage: ""\nimage_alt: ""\n'
          'start: 2026-01-05T10:00:00+01:00\nend: ""\nlocation: ""\ndraft: false\n---\nTekst.\n')
    result = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert result.code == 0, result.err


def test_date_formats_are_what_the_parser_accepts():
    assert DATE_FORMAT == "YYYY-MM-DD"
    assert _format(datetime(2026, 1, 5, 10, 0, tzinfo=AMSTERDAM), DATETIME_FORMAT) == "2026-01-05T10:00:00+01:00"


def test_backend_from_site_yaml(content, tmp_path, fake_dist):
    site = content / "site.yaml"
    base = site.read_text()
    site.write_text(base + "cms:\n  backend: github\n  repo: loc/rvz-site\n"
                           "  branch: productie\n  local_backend: false\n")
    config, _ = build_admin(content, tmp_path / "a", fake_dist)
    assert config["backend"] == {"name": "github", "branch": "productie", "repo": "loc/rvz-site",
                                 "base_url": "https://api.netlify.com", "auth_endpoint": "auth"}
    assert config["local_backend"] is False

    site.write_text(base + "cms:\n  backend: github-gateway\n")
    wrong = run_in_process("check", "--content", str(content))
    assert wrong.code == 1
    assert "onbekende opslag `github-gateway` voor de webeditor" in wrong.err
    assert "bedoel je `git-gateway`?" in wrong.err

    site.write_text(base + "cms:\n  backend: github\n")
    no_repo = run_in_process("check", "--content", str(content))
    assert no_repo.code == 1 and "bij `backend: github` hoort een `repo`" in no_repo.err


def test_gitlab_backend_logs_in_with_pkce_and_its_app_id(content, tmp_path, fake_dist):
    site = content / "site.yaml"
    site.write_text(site.read_text() + "cms:\n  backend: gitlab\n  repo: loc/rvz-site\n  app_id: 4f2a9c\n")
    config, _ = build_admin(content, tmp_path / "a", fake_dist)
    assert config["backend"] == {"name": "gitlab", "branch": "main", "repo": "loc/rvz-site",
                                 "auth_type": "pkce", "app_id": "4f2a9c"}


def test_each_login_names_what_it_misses_at_the_cms_block(content):
    site = content / "site.yaml"
    base = site.read_text()
    cms_line = base.count("\n") + 2  # the mapping under `cms:` starts on the line after it
    site.write_text(base + "cms:\n  backend: gitlab\n")
    missing = run_in_process("check", "--content", str(content))
    assert missing.code == 1
    assert f"site.yaml:{cms_line}:3" in missing.err
    assert "bij `backend: gitlab` hoort een `repo`" in missing.err
    assert "bij `backend: gitlab` hoort een `app_id`" in missing.err  # both at once, not one per run
    assert "Application ID van de GitLab-applicatie" in missing.err

    site.write_text(base + "cms:\n  backend: github\n  repo: loc/rvz-site\n  app_id: 4f2a9c\n")
    stray = run_in_process("check", "--content", str(content))
    assert stray.code == 1
    assert f"site.yaml:{cms_line + 2}:3" in stray.err
    assert "`app_id` hoort bij `backend: gitlab`, niet bij `github`" in stray.err

    site.write_text(base + "cms:\n  backend: gitlab\n  repo: loc/rvz-site\n  ap_id: 4f2a9c\n")
    typo = run_in_process("check", "--content", str(content))
    assert typo.code == 1 and "bedoel je `app_id`?" in typo.err

    site.write_text(base + "cms:\n  backend: gitlap\n")
    unknown = run_in_process("check", "--content", str(content))
    assert unknown.code == 1
    assert f"site.yaml:{cms_line}:12" in unknown.err and "bedoel je `gitlab`?" in unknown.err


def test_admin_page_is_dutch_noindex_and_not_in_the_sitemap(content, tmp_path, fake_dist):
    _, out = build_admin(content, tmp_path / "public", fake_dist)
    page = (out / "admin/index.html").read_text()
    assert '<html lang="nl">' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<script src="/admin/decap-cms.js"></script>' in page
    assert "/admin/" not in (out / "sitemap.xml").read_text()
    copied = sorted(p.name for p in (out / "admin").iterdir())
    assert copied == ["103.decap-cms.js", "ab12.wasm", "config.yml", "decap-cms.js", "index.html",
                      "voorvertoning.js"]
    # the preview pane uses the site's own stylesheet, from a file (the admin CSP has no unsafe-inline)
    assert '<script src="/admin/voorvertoning.js"></script>' in page and "<script>" not in page
    [css] = re.findall(r'CMS\.registerPreviewStyle\("(/assets/css/site\.[0-9a-f]+\.css)"\);',
                       (out / "admin/voorvertoning.js").read_text())
    assert (out / css.lstrip("/")).is_file()


def test_without_decap_the_site_builds_and_says_admin_is_left_out(content, tmp_path):
    report = build_site(BuildOptions(content, tmp_path / "public", TODAY_DATE,
                                     decap_dist=tmp_path / "niet-geinstalleerd"))
    assert (tmp_path / "public/index.html").is_file()
    assert not (tmp_path / "public/admin").exists()
    [warning] = [w for w in report.warnings if "webeditor" in w.problem]
    assert warning.severity == "warning"
    assert "/admin/ is weggelaten" in warning.problem and "npm ci" in warning.hint


def test_the_pinned_decap_bundle_is_found_after_npm_ci(content):
    bundle = find_bundle(bundle_dirs(content))
    need(bool(bundle), "node_modules/decap-cms ontbreekt; voer npm ci uit")
    names = {p.name for p in bundle}
    assert "decap-cms.js" in names
    assert not any(n.endswith(".map") for n in names)
    assert not any(n.endswith(".cms.js") or n == "cms.js" for n in names)
    assert sum(p.stat().st_size for p in bundle) < 8_000_000
