"""netlify.toml: it parses, builds what the README builds, and its headers and redirects
say what the site needs. The headers are checked on every file of a real build."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from rvz_site.render.redirects import STATIC_REDIRECTS
from tests.kit import FIXTURE_CONTENT, REAL_CONTENT, REPO, build_subprocess, static_server
from tests.netlifyrules import headers_for, netlify_config, pattern_regex, redirect_rules, target_file

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "Permissions-Policy", "X-Frame-Options")
YEAR = "public, max-age=31536000, immutable"


def directives(csp: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            assert words[0] not in parsed, f"directive {words[0]} twice"
            parsed[words[0]] = words[1:]
    return parsed


def test_build_settings_follow_the_readme() -> None:
    config = netlify_config()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install -e . && python build.py" in readme
    assert config["build"]["command"].startswith("pip install -e . && python build.py")
    assert config["build"]["publish"] == "public"
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    # the build cache folder survives between Netlify builds only through the cache plugin
    plugins = {p["package"]: p for p in config["plugins"]}
    assert plugins["netlify-plugin-cache"]["inputs"]["paths"] == [".cache/rvz-site"]


def test_static_redirects_are_the_ones_the_build_keeps_free() -> None:
    config = netlify_config()
    assert {r["from"]: r["to"] for r in config["redirects"]} == STATIC_REDIRECTS
    assert all(r["status"] == 301 for r in config["redirects"])


def test_patterns_match_like_netlify() -> None:
    assert pattern_regex("/*").match("/")
    assert pattern_regex("/assets/*").match("/assets/css/site.1234567890.css")
    assert not pattern_regex("/assets/*").match("/media/assets/x.css")
    assert pattern_regex("/themas/:key/").match("/themas/overig/")
    assert not pattern_regex("/themas/:key/").match("/themas/overig/sub/")


def test_every_file_gets_the_security_headers_and_the_right_caching(fixture_public: Path) -> None:
    files = sorted(p for p in fixture_public.rglob("*") if p.is_file())
    assert len(files) > 30
    for file in files:
        rel = file.relative_to(fixture_public).as_posix()
        url = "/" + rel.removesuffix("index.html")
        headers = headers_for(url)
        assert set(SECURITY_HEADERS) <= set(headers), url
        if rel.startswith("admin/"):
            continue  # the web editor's own CSP: test_only_the_admin_csp_overrides_a_header_of_another_rule
        csp = directives(headers["Content-Security-Policy"])
        assert csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"], url
        assert "'unsafe-inline'" not in csp["style-src"], url
        assert csp["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com",
                                   "https://e.issuu.com"]
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        if rel.startswith("assets/"):
            assert headers["Cache-Control"] == YEAR, url
            assert any(c.isdigit() for c in file.stem.rsplit(".", 1)[-1]), f"{rel} has no hash"
        elif rel.endswith((".html", ".xml", ".json", ".txt")) or rel == "_redirects":
            # Netlify's own default (max-age=0, must-revalidate) keeps HTML and feeds fresh
            assert "Cache-Control" not in headers, url


def test_only_the_admin_csp_overrides_a_header_of_another_rule(fixture_public: Path) -> None:
    """Netlify applies every matching rule; a header set by two of them for one path is a
    trap (some hosts join the values). Only /admin/ replaces the site's CSP on purpose."""
    config = netlify_config()
    paths = ["/" + p.relative_to(fixture_public).as_posix() for p in fixture_public.rglob("*")]
    paths += ["/admin/", "/admin/config.yml", "/admin/decap-cms.js", "/onbekend/"]
    for path in paths:
        seen: dict[str, str] = {}
        for rule in config["headers"]:
            if not pattern_regex(rule["for"]).match(path):
                continue
            for name in rule["values"]:
                if name in seen:
                    assert (name, seen[name], rule["for"]) == ("Content-Security-Policy", "/*", "/admin/*"), path
                seen[name] = rule["for"]
    admin = directives(headers_for("/admin/")["Content-Security-Policy"])
    assert "'unsafe-eval'" in admin["script-src"] and "'unsafe-inline'" in admin["style-src"]
    assert admin["frame-ancestors"] == ["'none'"] and admin["object-src"] == ["'none'"]


SITES = [
    pytest.param(FIXTURE_CONTENT, id="fixture"),
    pytest.param(REAL_CONTENT, id="content", marks=pytest.mark.skipif(
        not (REAL_CONTENT / "site.yaml").exists(), reason="content/ is not written yet")),
]


@pytest.mark.parametrize("content", SITES)
def test_every_redirect_leads_to_a_file_of_the_build(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = build_subprocess(content, out)
    assert result.code == 0, result.err
    rules = redirect_rules(out)
    assert rules, "no redirects at all"
    for rule in rules:
        assert rule.status == 301
        assert target_file(out, rule.target) is not None, f"{rule.source} -> {rule.target} leads nowhere"
        shadowed = target_file(out, rule.source) is not None
        assert rule.forced if shadowed else not rule.forced, \
            f"{rule.source}: a real file there needs 301!, elsewhere a forced rule would hide pages"
        assert not rule.forced or rule.query, rule.source
    assert (out / "404.html").is_file()


def test_the_served_site_redirects_and_has_a_custom_404(fixture_public: Path) -> None:
    with static_server(fixture_public, netlify=True) as served:
        host = served.base.removeprefix("http://")

        def get(path: str) -> http.client.HTTPResponse:
            conn = http.client.HTTPConnection(host, timeout=10)
            conn.request("GET", path)
            return conn.getresponse()

        cases = {
            "/feed/": "/feed.xml",
            "/?p=1234": "/actueel/vernieuwingsbeweging-wordt-steeds-sterker/",
            "/2020/12/08/vernieuwingsbeweging-wordt-steeds-sterker/":
                "/actueel/vernieuwingsbeweging-wordt-steeds-sterker/",
            "/tag/communicatie/": "/trefwoord/communicatie/",
            "/tag/communicatie/feed/": "/trefwoord/communicatie/feed.xml",
            "/trefwoord/communicatie/feed/": "/trefwoord/communicatie/feed.xml",
            "/category/overig/betrokkenen-zorgorganisaties/": "/themas/overig/betrokkenen-zorgorganisaties/",
            "/themas/verbreden-beweging/feed/": "/themas/verbreden-beweging/feed.xml",
            "/deelnemers/sensire/feed/": "/deelnemers/sensire/feed.xml",
        }
        for old, new in cases.items():
            response = get(old)
            assert (response.status, response.getheader("Location")) == (301, new), old
            followed = get(new)
            assert followed.status == 200, new
        missing = get("/bestaat-niet/")
        assert missing.status == 404
        assert "Pagina niet gevonden" in missing.read().decode()
        assert get("/?p=999").status == 200  # an unknown id is just the home page
