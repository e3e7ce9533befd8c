"""The test kit itself does what the other tests rely on: need() skips here and fails in CI, the two
runners give the same Run, snapshot() sees every byte, and the static server serves, answers as
Netlify does when asked to, and is gone when its block ends."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import kit
from tests.kit import (
    NOT_GOLDEN,
    TODAY,
    build,
    copy_fixture,
    make_site,
    need,
    run_in_process,
    run_subprocess,
    snapshot,
    static_server,
    write,
)


def test_need_skips_on_this_machine_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    need(True, "er is niets mis")  # a present tool: the test simply goes on
    monkeypatch.setattr(kit, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="faketime ontbreekt"):
        need(False, "faketime ontbreekt")
    monkeypatch.setattr(kit, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="faketime ontbreekt.*CI=true"):
        need(False, "faketime ontbreekt")


def test_the_two_runners_give_the_same_run_for_the_same_command(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"actueel/kapot.md": "---\ntitle: Kapot\n---\nGeen datum.\n"})
    args = ("check", "--content", content, "--today", TODAY)
    here, there = run_in_process(*args), run_subprocess(*args)
    assert here.code == there.code == 1
    assert "kapot.md" in here.err and here.err == there.err
    # a usage mistake stops argparse with SystemExit: both give the exit code of a process
    wrong = ("build", "--today", "morgen")
    assert run_in_process(*wrong).code == run_subprocess(*wrong).code == 2
    assert run_in_process(*wrong).err == run_subprocess(*wrong).err


def test_snapshot_sees_every_byte_and_leaves_out_only_what_it_is_told(tmp_path: Path) -> None:
    assert snapshot(tmp_path / "bestaat-niet") == {}
    write(tmp_path / "a" / "index.html", "<p>een</p>")
    write(tmp_path / "admin" / "config.yml", "backend: x\n")
    write(tmp_path / "pagefind" / "pagefind.js", b"\x00\x01")
    before = snapshot(tmp_path)
    assert sorted(before) == ["a/index.html", "admin/config.yml", "pagefind/pagefind.js"]
    assert sorted(snapshot(tmp_path, leave_out=NOT_GOLDEN)) == ["a/index.html"]
    write(tmp_path / "a" / "index.html", "<p>eeN</p>")  # one byte, same size
    assert snapshot(tmp_path) != before


def test_the_fixture_is_built_once_and_equals_a_fresh_build(fixture_public: Path, tmp_path: Path) -> None:
    """The session's fixture site is what a build of the fixture gives now: no test changed it."""
    fresh = tmp_path / "public"
    assert build(copy_fixture(tmp_path), fresh).code == 0
    assert snapshot(fixture_public) == snapshot(fresh)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_static_server_serves_the_folder_only_while_its_block_runs(tmp_path: Path) -> None:
    write(tmp_path / "a" / "index.html", "<p>hallo</p>")
    with static_server(tmp_path) as served:
        assert served.root == tmp_path
        assert get(served.url("/a/")) == (200, b"<p>hallo</p>")
        assert get(served.url("/bestaat-niet/"))[0] == 404
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(served.url("/a/"), timeout=2)


def test_the_netlify_like_server_sends_headers_redirects_and_the_404_page(fixture_public: Path) -> None:
    with static_server(fixture_public, netlify=True) as served:
        status, body = get(served.url("/bestaat-niet/"))
        assert status == 404 and "Pagina niet gevonden" in body.decode()
        conn = http.client.HTTPConnection(served.base.removeprefix("http://"), timeout=10)
        conn.request("GET", "/feed/")
        response = conn.getresponse()
        assert (response.status, response.getheader("Location")) == (301, "/feed.xml")
        conn.close()
        with urllib.request.urlopen(served.url("/"), timeout=10) as home:
            assert "script-src 'self'" in home.headers["Content-Security-Policy"]
