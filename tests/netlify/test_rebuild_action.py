"""The nightly GitHub Action calls the Netlify build hook exactly when schedule.json says a
scheduled change is due. Its shell step is run here for real against a local server that
plays both the live site and Netlify's build hook."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.kit import REPO

WORKFLOW = REPO / ".github" / "workflows" / "geplande-publicatie.yml"


def step() -> tuple[str, dict[str, str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert workflow[True]["schedule"][0]["cron"] == "5 23 * * *"
    (only,) = workflow["jobs"]["rebuild-when-due"]["steps"]
    assert only["env"]["HOOK"] == "${{ secrets.NETLIFY_BUILD_HOOK }}"
    return only["run"], only["env"]


@contextmanager
def fake_netlify(schedule: bytes | None) -> Iterator[tuple[str, list[str]]]:
    posts: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/schedule.json" and schedule is not None:
                self.send_response(200)
                self.end_headers()
                self.wfile.write(schedule)
            else:
                self.send_response(404)
                self.end_headers()

        def do_POST(self) -> None:
            posts.append(self.path)
            self.send_response(200)
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", posts
    finally:
        server.shutdown()
        server.server_close()


def amsterdam_day(offset: int) -> str:
    return (datetime.now(ZoneInfo("Europe/Amsterdam")).date() + timedelta(days=offset)).isoformat()


@pytest.mark.parametrize(("next_rebuild", "builds"), [
    (amsterdam_day(0), True),     # due today
    (amsterdam_day(-3), True),    # missed nights are caught up
    (amsterdam_day(1), False),    # tomorrow: not yet
    (None, False),                # nothing scheduled
])
def test_the_hook_is_called_when_a_change_is_due(next_rebuild: str | None, builds: bool) -> None:
    script, _ = step()
    body = json.dumps({"built_for": "2026-11-24", "next_rebuild": next_rebuild, "changes": []}).encode()
    with fake_netlify(body) as (base, posts):
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                                env={"PATH": "/usr/bin:/bin", "SITE": base, "HOOK": f"{base}/build_hooks/abc"})
    assert result.returncode == 0, result.stderr
    assert posts == (["/build_hooks/abc"] if builds else [])


def test_an_unreadable_schedule_builds_anyway() -> None:
    script, _ = step()
    with fake_netlify(None) as (base, posts):
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                                env={"PATH": "/usr/bin:/bin", "SITE": base, "HOOK": f"{base}/build_hooks/abc"})
    assert result.returncode == 0, result.stderr
    assert posts == ["/build_hooks/abc"]
