"""Dates as the site shows them: Dutch words, Amsterdam time. Pure; never reads the clock."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=1)
def _dutch() -> Locale:
    return Locale.parse("nl_NL")


def as_moment(value: date | datetime) -> datetime:
    """A date alone means the start of that day in Amsterdam."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0, 0), tzinfo=AMSTERDAM)


def local_day(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


@lru_cache(maxsize=4096)
def dutch_date(day: date) -> str:
    """8 december 2020"""
    return format_date(day, "d MMMM y", locale=_dutch())


@lru_cache(maxsize=4096)
def dutch_weekday_date(day: date) -> str:
    """dinsdag 8 december 2020"""
    return format_date(day, "EEEE d MMMM y", locale=_dutch())


def dutch_time(moment: datetime) -> str:
    """15:00, in Amsterdam time"""
    return format_time(moment.astimezone(AMSTERDAM), "HH:mm", locale=_dutch())


def today_in_amsterdam() -> date:
    """The default build day. Called only by the command line, never by the build itself."""
    return datetime.now(AMSTERDAM).date()
