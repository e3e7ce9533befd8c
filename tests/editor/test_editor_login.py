"""Each login of /admin/ in the real Decap bundle: the generated config.yml opens the right login screen.

The config is served as the build wrote it; Decap reads it, picks the backend's login page and
shows its button in Dutch. A config Decap cannot use shows an error screen or logs to the console.
`local_backend: false`, because on 127.0.0.1 Decap would otherwise look for `npx decap-server`.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from rvz_site.outputs.cms import bundle_dirs, find_bundle
from tests.kit import TODAY, need, run_in_process

# backend -> (the `cms:` block in site.yaml, the button Decap's Dutch locale shows for that login,
#             where pressing it sends the editor: (address, query parameters it must carry))
LOGINS = {
    # /admin/ loads nothing from a third party, so not Netlify's Identity widget either: Decap then
    # shows its own e-mail and password form, which talks to the site's /.netlify/identity.
    "git-gateway": ("cms:\n  backend: git-gateway\n  local_backend: false\n", "Inloggen", None),
    "github": ("cms:\n  backend: github\n  repo: loc/rvz-site\n  local_backend: false\n", "Inloggen met GitHub",
               ("https://api.netlify.com/auth", {"provider": "github"})),
    # Without auth_type: pkce Decap shows the same button but sends the editor to Netlify instead.
    "gitlab": ("cms:\n  backend: gitlab\n  repo: loc/rvz-site\n  app_id: 4f2a9c\n  local_backend: false\n",
               "Inloggen met GitLab",
               ("https://gitlab.com/oauth/authorize", {"client_id": "4f2a9c", "response_type": "code",
                                                       "code_challenge_method": "S256"})),
}


def _left_for(urls: list[str], address: str, params: dict[str, str]) -> bool:
    for url in urls:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        if f"{parts.scheme}://{parts.netloc}{parts.path}" == address and params.items() <= query.items():
            return True
    return False


@pytest.mark.browser
@pytest.mark.parametrize("backend", LOGINS)
def test_login_screen_shows_the_backends_button_without_console_errors(
        backend, chromium_browser, serve, content, tmp_path):
    need(bool(find_bundle(bundle_dirs(content))), "Decap ontbreekt: voer npm ci uit")
    block, button, target = LOGINS[backend]
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + block, encoding="utf-8")
    public = tmp_path / "public"
    assert run_in_process("build", "--content", str(content), "--out", str(public), "--today", TODAY).code == 0
    base = serve(public)
    context = chromium_browser.new_context(locale="nl-NL")
    outside: list[str] = []  # the login's first step off the site, stopped before it leaves the machine

    def stop(route) -> None:
        outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(base), stop)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text} ({m.location.get('url')})")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    try:
        page.goto(f"{base}/admin/")
        page.get_by_role("button", name=button, exact=True).wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        logins = [b.strip() for b in page.get_by_role("button").all_inner_texts() if b.startswith("Inloggen")]
        assert logins == [button]
        if backend == "git-gateway":
            assert page.locator("input[type=password]").count() == 1
        assert problems == []
        assert outside == []  # nothing left the site before the editor pressed the button
        if target is not None:
            address, params = target
            # The popup (GitHub) or the redirect (GitLab) asks for the login page of the backend.
            with context.expect_event("request", lambda r: r.url.startswith(address), timeout=10_000):
                page.get_by_role("button", name=button, exact=True).click()
            assert _left_for(outside, address, params), outside
    finally:
        context.close()
