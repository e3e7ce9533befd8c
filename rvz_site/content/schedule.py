"""Scheduled publishing: `publish_date` and `expiry_date`, and public/schedule.json.

Owns the rule "shown from publish_date on, gone from expiry_date on", judged by whole
days in Amsterdam against the build's day (BuildOptions.today, never the clock): an
article with `publish_date: 2026-12-01T09:00:00+01:00` is on the site in every build
made on 1 December, also one made at 00:05. A static site changes only when it is
built, so the site also tells when it must be built again: schedule.json lists the
days on which a build would change something (an article appears or expires, a
future-dated article reaches its date, an event moves to the past) and the first of
them as `next_rebuild`. A scheduled Netlify build hook reads it (docs/publiceren.md).

A change that makes something appear names no address or title: an article under
embargo must not be findable before its day. Pure: no file system, no clock.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta

from ..core.dates import local_day
from ..core.model import Article, OutputFile, ScheduledChange
from ..core.urls import article_url

SCHEDULE_FILE = "schedule.json"

APPEARS = "verschijnt"  # a scheduled or future-dated article appears
EXPIRES = "verdwijnt"  # an article reaches its expiry_date
EVENT_PAST = "bijeenkomst-voorbij"  # an event moves from 'upcoming' to 'past'


def in_window(article: Article, today: date, *, future: bool = False) -> bool:
    """Inside its publish_date / expiry_date window on `today` (whole Amsterdam days).
    `future` (the --future preview) shows what is still to appear; expired stays gone."""
    if article.publish_at is not None and local_day(article.publish_at) > today and not future:
        return False
    return not (article.expire_at is not None and local_day(article.expire_at) <= today)


def _appear_day(article: Article, today: date, *, future: bool) -> date | None:
    """The first day after `today` on which the article is shown, if it is not shown yet."""
    days = []
    if future:
        return None  # the --future preview already shows everything still to appear
    if article.publish_at is not None:
        days.append(local_day(article.publish_at))
    if article.day is not None:
        days.append(article.day)
    first = max(days, default=today)
    return first if first > today else None


def scheduled_changes(articles: Iterable[Article], today: date, *, drafts: bool = False,
                      future: bool = False) -> tuple[ScheduledChange, ...]:
    """Every day after `today` on which a build would give a different site, with why."""
    changes: set[ScheduledChange] = set()
    for article in articles:
        if article.draft and not drafts:
            continue  # a draft appears when an editor publishes it, not on a day
        gone = local_day(article.expire_at) if article.expire_at is not None else None
        appears = _appear_day(article, today, future=future)
        if gone is not None and gone <= (appears or today):
            continue  # expired, or expires before it ever appears: never on the site again
        url = article_url(article.section, article.slug)
        if appears is not None:
            changes.add(ScheduledChange(appears, APPEARS, ""))
        if gone is not None:
            changes.add(ScheduledChange(gone, EXPIRES, url))
        if article.event is not None:
            last = local_day(article.event.end or article.event.start)
            moved = last + timedelta(days=1)
            if moved > max(appears or today, today) and (gone is None or moved < gone):
                changes.add(ScheduledChange(moved, EVENT_PAST, url))
    return tuple(sorted(changes, key=lambda c: (c.day, c.kind, c.url)))


def render_schedule(changes: tuple[ScheduledChange, ...], today: date) -> OutputFile:
    report = {
        "built_for": today.isoformat(),
        "next_rebuild": changes[0].day.isoformat() if changes else None,
        "changes": [{"date": c.day.isoformat(), "change": c.kind, **({"url": c.url} if c.url else {})}
                    for c in changes],
    }
    text = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return OutputFile(SCHEDULE_FILE, data=text.encode("utf-8"))
