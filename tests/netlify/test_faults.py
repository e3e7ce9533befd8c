"""Faults during a build leave public/ exactly as it was: a build killed (SIGKILL) at any
moment, a full disk, an exception in a template. public/ is always byte for byte the old
tree or the new one, and the editor gets a Dutch message, never a traceback."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.kit import REPO, build, build_args, build_subprocess, cli_command, copy_fixture, snapshot

N_ARTICLES = 100


def corpus(tmp_path: Path, seed: int) -> Path:
    out = tmp_path / f"corpus-{seed}"
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), str(N_ARTICLES), str(out),
                    "--seed", str(seed)], check=True, capture_output=True)
    return out


def build_command(content: Path, out: Path) -> list[str]:
    return cli_command(*build_args(content, out, "--quiet"))


def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_tree(tmp_path: Path) -> None:
    old_content, new_content = corpus(tmp_path, 1), corpus(tmp_path, 2)
    site = tmp_path / "site"
    pristine, expected_new, public = site / "pristine", site / "expected-new", site / "public"
    # all builds share one folder, so they share the image cache beside it and take as long
    subprocess.run(build_command(old_content, pristine), check=True)
    subprocess.run(build_command(new_content, expected_new), check=True)
    start = time.monotonic()
    subprocess.run(build_command(new_content, expected_new), check=True)
    duration = time.monotonic() - start
    old, new = snapshot(pristine), snapshot(expected_new)
    assert old != new and len(new) > 500

    seen = []
    # one kill surely before the swap (Python has barely started), the others anywhere
    moments = [0.2] + sorted(random.Random(20261124).uniform(0.1, 1.1) * duration for _ in range(5))
    for moment in moments:
        if public.exists():
            shutil.rmtree(public)
        shutil.copytree(pristine, public)
        process = subprocess.Popen(build_command(new_content, public))
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(public)
        assert now in (old, new), f"public/ is half old, half new after a kill at {moment:.2f} s"
        seen.append("old" if now == old else "new")
    assert "old" in seen, seen  # at least one kill landed before the swap
    # the next build cleans up whatever the killed ones left beside public/
    subprocess.run(build_command(new_content, public), check=True)
    assert snapshot(public) == new
    assert sorted(p.name for p in site.iterdir() if p.name != ".cache") == ["expected-new", "pristine", "public"]


@pytest.mark.parametrize(("error", "message"), [
    (errno.ENOSPC, "de schijf is vol"),
    (errno.EACCES, "er is geen toestemming om daar te schrijven"),
])
def test_a_full_disk_leaves_public_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             error: int, message: str) -> None:
    content = copy_fixture(tmp_path)
    public = tmp_path / "public"
    assert build_subprocess(content, public).code == 0
    before = snapshot(public)
    (content / "actueel" / "toekomst.md").write_text("---\ntitle: Nu\ndate: 2020-01-01\n---\nNieuw.\n")

    # A file of the new tree is written, or linked from the build cache (most are): each takes
    # room on the disk, and the disk fills up in the middle of the new tree.
    written = 0
    real_write_bytes, real_link = Path.write_bytes, os.link

    def room_for_one_more(name: object) -> None:
        nonlocal written
        written += 1
        if written > 12:
            raise OSError(error, os.strerror(error), str(name))

    def filling_disk(self: Path, data: bytes) -> int:  # type: ignore[override]
        room_for_one_more(self)
        return real_write_bytes(self, data)

    def linking_on_a_full_disk(source: object, target: object, *args: object, **kwargs: object) -> None:
        room_for_one_more(target)
        real_link(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_bytes", filling_disk)
    monkeypatch.setattr(os, "link", linking_on_a_full_disk)
    run = build(content, public)
    code, err = run.code, run.err
    monkeypatch.undo()
    assert written > 12
    assert code == 4
    assert err.startswith(f"rvz-site: de site kon niet worden geschreven: {message}")
    assert f"{public} is niet veranderd" in err
    assert "Traceback" not in err
    assert snapshot(public) == before
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache")  # .cache: the build's cache
    assert leftovers == ["content", "public"]  # no staging folder left
    assert build_subprocess(content, public).code == 0  # with room again, the build goes through


def test_a_full_disk_while_copying_media_leaves_public_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = copy_fixture(tmp_path)
    public = tmp_path / "public"
    assert build_subprocess(content, public).code == 0
    before = snapshot(public)

    def no_room(src: str, dst: str, *args: object, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), dst)

    # An editor changes an article, so this build has work to do (an unchanged site is not written again).
    article = next((content / "actueel").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    monkeypatch.setattr(shutil, "copyfile", no_room)
    monkeypatch.setattr(os, "link", no_room)  # the media are linked from the build cache where they can be
    run = build(content, public)
    code, err = run.code, run.err
    monkeypatch.undo()
    assert (code, "Traceback" in err) == (4, False)
    assert "de schijf is vol" in err
    assert snapshot(public) == before


@pytest.mark.parametrize(("template", "broken", "message"), [
    ("article.html", "{{ 1 // 0 }}", "fout in de template bij het maken van /"),
    ("article.html", "{{ article.geen_veld.dieper }}", "onbekende naam in de template"),
    ("term.html", "{% if %}", "fout in de template"),
])
def test_an_exception_in_a_template_leaves_public_as_it_was(
        tmp_path: Path, template: str, broken: str, message: str) -> None:
    content = copy_fixture(tmp_path)
    public = tmp_path / "public"
    assert build_subprocess(content, public).code == 0
    before = snapshot(public)
    theme = tmp_path / "themes" / "rvz"  # a theme beside the content folder wins
    shutil.copytree(REPO / "themes" / "rvz", theme)
    path = theme / "templates" / template
    path.write_text(path.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}" + broken, 1),
                    encoding="utf-8")
    result = build_subprocess(content, public)
    assert result.code == 1, result.err
    assert f"fout: themes/rvz/templates/{template}:" in result.err
    assert message in result.err
    assert "Traceback" not in result.err
    assert snapshot(public) == before
