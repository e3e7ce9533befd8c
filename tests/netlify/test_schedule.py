"""Scheduled publishing: an article is on the site from its publish_date and gone from its
expiry_date, judged by whole Amsterdam days against --today; public/schedule.json tells
when the next build must run, without giving away what is still under embargo."""

from __future__ import annotations

import json
from pathlib import Path

from tests.kit import build_subprocess, copy_fixture, write

EMBARGO = """---
title: Nieuw kernteam gekozen
date: 2026-11-20
{extra}
---
Het geheime nieuws.
"""


def site_with(tmp_path: Path, extra: str, name: str = "nieuw-kernteam", section: str = "actueel") -> Path:
    content = copy_fixture(tmp_path)
    write(content / section / f"{name}.md", EMBARGO.format(extra=extra))
    return content


def built(content: Path, out: Path, today: str, *extra: str) -> Path:
    result = build_subprocess(content, out, *extra, today=today)
    assert result.code == 0, result.err
    return out


def everything(public: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(public.rglob("*")) if p.is_file())


def schedule(public: Path) -> dict[str, object]:
    return json.loads((public / "schedule.json").read_text(encoding="utf-8"))


def test_an_article_appears_on_its_publish_date_and_not_a_day_before(tmp_path: Path) -> None:
    content = site_with(tmp_path, "publish_date: 2026-12-01\naliases: [/oud-kernteam/]")
    before = built(content, tmp_path / "before", "2026-11-30")
    text = everything(before)
    # not in any page, feed, the sitemap, the redirects, nor in the schedule itself
    assert "Nieuw kernteam" not in text and "nieuw-kernteam" not in text and "oud-kernteam" not in text
    assert schedule(before) == {"built_for": "2026-11-30", "next_rebuild": "2026-12-01",
                                "changes": [{"date": "2026-12-01", "change": "verschijnt"},
                                            {"date": "2031-01-01", "change": "verschijnt"}]}
    on_the_day = built(content, tmp_path / "on", "2026-12-01")
    assert (on_the_day / "actueel" / "nieuw-kernteam" / "index.html").is_file()
    assert "Nieuw kernteam gekozen" in (on_the_day / "feed.xml").read_text(encoding="utf-8")
    assert "/actueel/nieuw-kernteam/" in (on_the_day / "sitemap.xml").read_text(encoding="utf-8")
    assert "/oud-kernteam/  /actueel/nieuw-kernteam/  301" in (on_the_day / "_redirects").read_text()
    assert schedule(on_the_day)["next_rebuild"] != "2026-12-01"


def test_the_day_is_the_amsterdam_day_of_a_moment_with_an_offset(tmp_path: Path) -> None:
    # 23:30 in New York on 1 December is 05:30 on 2 December in Amsterdam
    content = site_with(tmp_path, "publish_date: 2026-12-01T23:30:00-05:00")
    assert not (built(content, tmp_path / "a", "2026-12-01") / "actueel" / "nieuw-kernteam").exists()
    assert schedule(tmp_path / "a")["next_rebuild"] == "2026-12-02"
    assert (built(content, tmp_path / "b", "2026-12-02") / "actueel" / "nieuw-kernteam").is_dir()
    # a time early on the day still counts for the whole day: a build at 00:05 shows it
    content = site_with(tmp_path / "z", "publish_date: 2026-12-01T18:00:00+01:00")
    assert (built(content, tmp_path / "c", "2026-12-01") / "actueel" / "nieuw-kernteam").is_dir()


def test_an_article_is_gone_from_its_expiry_date(tmp_path: Path) -> None:
    content = site_with(tmp_path, "expiry_date: 2027-01-15")
    shown = built(content, tmp_path / "shown", "2027-01-14")
    assert (shown / "actueel" / "nieuw-kernteam" / "index.html").is_file()
    assert {"date": "2027-01-15", "change": "verdwijnt", "url": "/actueel/nieuw-kernteam/"} \
        in schedule(shown)["changes"]  # type: ignore[operator]
    gone = built(content, tmp_path / "gone", "2027-01-15")
    assert "nieuw-kernteam" not in everything(gone)
    # --future previews what is still to come, never what has expired
    assert not (built(content, tmp_path / "f", "2027-01-15", "--future") / "actueel" / "nieuw-kernteam").exists()


def test_future_previews_scheduled_articles(tmp_path: Path) -> None:
    content = site_with(tmp_path, "publish_date: 2026-12-01")
    preview = built(content, tmp_path / "p", "2026-11-24", "--future")
    assert (preview / "actueel" / "nieuw-kernteam" / "index.html").is_file()


def test_an_expiry_before_the_publish_date_is_an_error_at_its_line(tmp_path: Path) -> None:
    content = site_with(tmp_path, "publish_date: 2026-12-01\nexpiry_date: 2026-11-01")
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 1
    assert "actueel/nieuw-kernteam.md:5:14" in result.err
    assert "het artikel zou verdwijnen voordat het verschijnt" in result.err
    bad = site_with(tmp_path / "b", "publish_date: 1 december")
    result = build_subprocess(bad, tmp_path / "b" / "public")
    assert result.code == 1 and "nieuw-kernteam.md:4:15" in result.err
    assert "`1 december` is geen datum" in result.err


def test_schedule_lists_every_kind_of_change_in_order(tmp_path: Path) -> None:
    content = site_with(tmp_path, "publish_date: 2027-03-01\nexpiry_date: 2027-06-01")
    write(content / "actueel" / "later.md", "---\ntitle: Later\ndate: 2027-02-01\n---\nx\n")
    write(content / "bijeenkomsten" / "dag.md",
          "---\ntitle: Dag\ndate: 2026-10-01\nstart: 2027-01-10T10:00:00+01:00\n"
          "end: 2027-01-10T12:00:00+01:00\n---\nx\n")
    write(content / "actueel" / "concept-later.md", "---\ntitle: C\ndate: 2027-01-01\ndraft: true\n---\nx\n")
    public = built(content, tmp_path / "public", "2026-11-24")
    report = schedule(public)
    assert report["next_rebuild"] == "2027-01-11"
    assert report["changes"] == [
        {"date": "2027-01-11", "change": "bijeenkomst-voorbij", "url": "/bijeenkomsten/dag/"},
        {"date": "2027-02-01", "change": "verschijnt"},
        {"date": "2027-03-01", "change": "verschijnt"},
        {"date": "2027-06-01", "change": "verdwijnt", "url": "/actueel/nieuw-kernteam/"},
        {"date": "2031-01-01", "change": "verschijnt"},  # the fixture's article from the future
    ]
    again = built(content, tmp_path / "again", "2026-11-24")
    assert (again / "schedule.json").read_bytes() == (public / "schedule.json").read_bytes()


def test_nothing_scheduled_means_no_next_rebuild(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    (content / "actueel" / "toekomst.md").unlink()
    for event in (content / "bijeenkomsten").glob("*.md"):
        event.unlink()
    public = built(content, tmp_path / "public", "2040-01-01")
    assert schedule(public) == {"built_for": "2040-01-01", "next_rebuild": None, "changes": []}
