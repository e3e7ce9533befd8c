"""iCalendar (RFC 5545) files for events: one per event and one with them all, via `icalendar`.

Pure: same events, same bytes. DTSTAMP is the article's publication moment, never the clock;
UIDs are built from the event's URL path, so they survive edits to its title or time. Times are
written in Europe/Amsterdam with a VTIMEZONE, so calendar apps show the local time even across
a change to summer time. `icalendar` takes care of CRLF line ends and folding at 75 octets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date
from urllib.parse import urlsplit

from icalendar import Calendar
from icalendar import Event as IcsEvent

from ..core.dates import AMSTERDAM
from ..core.model import Article, SiteConfig
from ..core.urls import article_url

PRODUCT_ID = "-//Radicale vernieuwing zorg//rvz-site//NL"


def event_uid(config: SiteConfig, article: Article) -> str:
    """bijeenkomsten/<slug>@<host>: stable while the URL is."""
    host = urlsplit(config.base_url).hostname or "localhost"
    return f"{article.section}/{article.slug}@{host}"


def _event(config: SiteConfig, article: Article) -> IcsEvent:
    assert article.event is not None and article.published is not None
    url = config.absolute(article_url(article.section, article.slug))
    event = IcsEvent()
    event.add("uid", event_uid(config, article))
    # RFC 5545 3.8.7.2: DTSTAMP is in UTC. It is the publication moment, so a rebuild keeps it.
    event.add("dtstamp", article.published.astimezone(UTC))
    event.add("dtstart", article.event.start.astimezone(AMSTERDAM))
    if article.event.end is not None:
        event.add("dtend", article.event.end.astimezone(AMSTERDAM))
    event.add("summary", article.title)
    event.add("description", f"{article.summary}\n\n{url}" if article.summary else url)
    if article.event.location:
        event.add("location", article.event.location)
    event.add("url", url)
    return event


def _calendar(config: SiteConfig, name: str, events: Sequence[Article]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    starts = [a.event.start for a in events if a.event is not None]
    for article in events:
        calendar.add_component(_event(config, article))
    if starts:
        # Only the transitions around the events: a short VTIMEZONE that depends on the content alone.
        first = date(min(starts).year - 1, 1, 1)
        last = date(max(starts).year + 2, 1, 1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = calendar.to_ical()
    return data


def render_event_ics(config: SiteConfig, article: Article) -> bytes:
    return _calendar(config, article.title, [article])


def render_calendar(config: SiteConfig, events: Sequence[Article]) -> bytes:
    """All events, soonest first as given."""
    return _calendar(config, f"Bijeenkomsten van {config.title}", events)
