"""Click-to-load videos and e-zines: a link on its own line becomes a still with a play button
and a link out; the browser asks the video host for nothing until the reader clicks, and the
player then loads under the site's real Content-Security-Policy (from netlify.toml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import html

from rvz_site.content.embeds import find_embed
from tests.kit import static_server

PAGE = "/praktijkvoorbeelden/lustrum-in-beeld/"
HOSTS = ("youtube", "ytimg", "vimeo", "issuu", "googlevideo", "doubleclick")
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.mark.parametrize("url, player, link", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?t=90", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90",
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s"),
    ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871/8272103f6e", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&h=8272103f6e",
     "https://vimeo.com/76979871/8272103f6e"),
    ("https://issuu.com/locz/docs/ezine-3", "https://e.issuu.com/embed.html?d=ezine-3&u=locz",
     "https://issuu.com/locz/docs/ezine-3"),
])
def test_known_links_get_a_privacy_friendly_player(url: str, player: str, link: str) -> None:
    embed = find_embed(url)
    assert embed is not None and (embed.player, embed.link) == (player, link)


@pytest.mark.parametrize("url", ["https://www.youtube.com/watch?v=kort", "https://vimeo.com/about",
                                 "https://issuu.com/locz", "https://www.example.org/video"])
def test_other_links_stay_links(url: str) -> None:
    assert find_embed(url) is None


def test_markdown_lines_become_figures_with_a_link_out(public: Path) -> None:
    page = public / PAGE.strip("/") / "index.html"
    doc = html.parse(str(page)).getroot()
    figures = doc.xpath("//figure[@data-embed-src]")
    assert [f.get("data-embed-src") for f in figures] == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=65",
        "https://player.vimeo.com/video/123456789?autoplay=1&dnt=1",
        "https://e.issuu.com/embed.html?d=zicht-op-vernieuwing-4&u=locz"]
    assert figures[1].xpath("string(.//figcaption/a)") == "Gesprek met bewoners"
    assert figures[1].xpath("string(.//figcaption/a/@href)") == "https://vimeo.com/123456789"
    assert not doc.xpath("//iframe"), "no player may be in the page before a click"
    # the URL inside a sentence stays text
    assert "erin blijft gewoon een zin" in doc.xpath("string(//p[contains(., 'Een zin met')])")
    # no inline script or style: the page works under script-src 'self'
    assert not [s for s in doc.xpath("//script") if not s.get("src") and s.get("type") != "application/ld+json"]
    assert doc.xpath("//script[contains(@src, '/assets/js/video.')]")
    # pages without a video do not load the script
    plain = html.parse(str(public / "actueel" / "samen-leren-in-de-wijk" / "index.html")).getroot()
    assert not plain.xpath("//script[contains(@src, '/assets/js/video.')]")


def fake_player(route: Any) -> None:
    route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>speler</title>")


@pytest.mark.browser
def test_nothing_from_the_video_host_until_the_click(chromium_browser: Any, public: Path) -> None:
    with static_server(public, netlify=True) as served:
        context = chromium_browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        # No network here: answer the player's address ourselves, after checking it was asked for.
        context.route("https://www.youtube-nocookie.com/**", fake_player)
        requests: list[str] = []
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(served.url(PAGE), wait_until="networkidle")
        assert not [u for u in requests if any(h in u for h in HOSTS)], requests
        assert all(u.startswith(served.base) for u in requests)
        play = page.get_by_role("button", name="Speel de video af: Video op YouTube")
        assert play.is_visible()
        play.click()
        frame = page.locator("figure.embed-video iframe").first
        frame.wait_for()
        assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=65"
        assert frame.get_attribute("title") == "Video op YouTube"
        page.wait_for_load_state("networkidle")
        foreign = [u for u in requests if not u.startswith(served.base)]
        assert foreign == ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=65"]
        assert page.evaluate("window.__violations") == []
        # the other players are still untouched
        assert page.locator("iframe").count() == 1
        context.close()


@pytest.mark.browser
def test_without_javascript_the_link_out_remains(chromium_browser: Any, public: Path) -> None:
    with static_server(public, netlify=True) as served:
        context = chromium_browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(served.url(PAGE))
        assert not page.get_by_role("button", name="Speel de video af: Video op YouTube").is_visible()
        link = page.get_by_role("link", name="Gesprek met bewoners")
        assert link.get_attribute("href") == "https://vimeo.com/123456789"
        context.close()
