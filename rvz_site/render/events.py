"""Which events are still to come and which are past, on the build's day. Pure: `today` is given."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..core.dates import local_day
from ..core.model import Article


def _last_day(article: Article) -> date:
    assert article.event is not None
    return local_day(article.event.end or article.event.start)


def split_events(articles: Iterable[Article], today: date) -> tuple[tuple[Article, ...], tuple[Article, ...]]:
    """(upcoming soonest first, past most recent first). An event is upcoming through its last day."""
    events = [a for a in articles if a.event is not None]
    upcoming = sorted((a for a in events if _last_day(a) >= today),
                      key=lambda a: (a.event.start, a.slug))  # type: ignore[union-attr]
    past = sorted((a for a in events if _last_day(a) < today),
                  key=lambda a: (-a.event.start.timestamp(), a.slug))  # type: ignore[union-attr]
    return tuple(upcoming), tuple(past)
