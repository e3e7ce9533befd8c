"""Events: upcoming and past follow --today, and every event can be added to a calendar app.

The .ics files are parsed back with `icalendar` and checked against the content, and the
RFC 5545 wire rules (CRLF, folding at 75 octets, UTC DTSTAMP, VTIMEZONE) are checked on the bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from lxml import html

from tests.kit import FIXTURE_BASE_URL, build

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HOST = "www.radicalevernieuwing.nl"


def section_titles(page: Path, heading_id: str) -> list[str]:
    doc = html.parse(str(page)).getroot()
    section = doc.xpath(f"//section[@aria-labelledby='{heading_id}']")
    assert section, f"no section {heading_id} in {page}"
    return [a.text_content().strip() for a in section[0].xpath(".//h3/a")]


def test_listing_splits_upcoming_and_past_on_the_build_day(public: Path) -> None:
    listing = public / "bijeenkomsten" / "index.html"
    # soonest first; an event on the build day itself is still upcoming
    assert section_titles(listing, "kop-komend") == [
        "Actieteam zorgonderwijs", "Online inspiratiebijeenkomst met Jet Bussemaker",
        "Lustrumbijeenkomst vijf jaar beweging"]
    assert section_titles(listing, "kop-eerder") == [
        "Halfjaarlijkse ontmoeting van de beweging Radicale vernieuwing zorg, online en met café-gesprekken"]
    home = html.parse(str(public / "index.html")).getroot()
    assert "Actieteam zorgonderwijs" in home.xpath("string(//section[@aria-labelledby='kop-agenda'])")


def test_a_later_build_day_moves_events_to_the_past(content_dir: Path, tmp_path: Path) -> None:
    result = build(content_dir, tmp_path / "public", today="2021-06-02")
    assert result.code == 0, result.err
    listing = tmp_path / "public" / "bijeenkomsten" / "index.html"
    assert section_titles(listing, "kop-komend") == ["Lustrumbijeenkomst vijf jaar beweging"]
    assert section_titles(listing, "kop-eerder")[:2] == [
        "Online inspiratiebijeenkomst met Jet Bussemaker", "Actieteam zorgonderwijs"]


def wire_rules(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare LF: lines must end in CRLF"
    assert max(len(line) for line in lines) <= 75, "lines must be folded at 75 octets"
    assert any(line.startswith(b" ") for line in lines), "the long fixture lines should have been folded"


def events_of(path: Path) -> list:
    data = path.read_bytes()
    wire_rules(data)
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    zones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Amsterdam"]
    return calendar.walk("VEVENT")


def test_each_event_has_an_ics_file_that_matches_its_content(public: Path) -> None:
    page = html.parse(str(public / "bijeenkomsten" / "lustrumbijeenkomst-2022" / "index.html")).getroot()
    link = page.xpath("//a[@type='text/calendar']/@href")
    assert link == ["/bijeenkomsten/lustrumbijeenkomst-2022/lustrumbijeenkomst-2022.ics"]
    (event,) = events_of(public / link[0].lstrip("/"))
    assert str(event["UID"]) == f"bijeenkomsten/lustrumbijeenkomst-2022@{HOST}"
    assert str(event["SUMMARY"]) == "Lustrumbijeenkomst vijf jaar beweging"
    assert str(event["LOCATION"]) == "De Kapelle, Nieuwegein"
    assert str(event["URL"]) == f"{FIXTURE_BASE_URL}/bijeenkomsten/lustrumbijeenkomst-2022/"
    start = event.decoded("DTSTART")
    assert start == datetime(2022, 4, 7, 10, 0, tzinfo=AMSTERDAM)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert "DTEND" not in event
    # DTSTAMP: the publication moment, in UTC, not the time of the build
    assert event.decoded("DTSTAMP") == datetime(2021, 5, 10, 7, 0, tzinfo=UTC)
    assert event["DTSTAMP"].to_ical().endswith(b"Z")


def test_the_agenda_holds_every_event_in_winter_and_summer_time(public: Path) -> None:
    events = events_of(public / "bijeenkomsten" / "agenda.ics")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == 4 == len(set(uids))
    by_uid = {str(e["UID"]): e for e in events}
    winter = by_uid[f"bijeenkomsten/halfjaarlijkse-ontmoeting-maart-2021@{HOST}"]
    assert winter.decoded("DTSTART").astimezone(UTC) == datetime(2021, 3, 18, 12, 0, tzinfo=UTC)
    assert winter.decoded("DTEND").astimezone(UTC) == datetime(2021, 3, 18, 15, 30, tzinfo=UTC)
    assert str(winter["SUMMARY"]).endswith("café-gesprekken")
    summer = by_uid[f"bijeenkomsten/inspiratiebijeenkomst-jet-bussemaker@{HOST}"]
    assert summer.decoded("DTSTART").astimezone(UTC) == datetime(2021, 6, 1, 13, 0, tzinfo=UTC)
    # one VTIMEZONE with both summer and winter rules, so apps convert both correctly
    calendar = Calendar.from_ical((public / "bijeenkomsten" / "agenda.ics").read_bytes())
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone.walk("DAYLIGHT") and zone.walk("STANDARD")
    # the agenda and the single files agree
    for uid, event in by_uid.items():
        slug = uid.split("/")[1].split("@")[0]
        (single,) = events_of(public / "bijeenkomsten" / slug / f"{slug}.ics")
        assert single.to_ical() == event.to_ical()


def test_uids_survive_a_new_title_and_time(fresh_content: Path, rebuild) -> None:
    before = events_of(rebuild(fresh_content, "before") / "bijeenkomsten" / "agenda.ics")
    path = fresh_content / "bijeenkomsten" / "lustrumbijeenkomst-2022.md"
    path.write_text(path.read_text("utf-8").replace("title: Lustrumbijeenkomst vijf jaar beweging",
                                                    "title: Lustrum, vijf jaar beweging")
                    .replace("T10:00:00", "T11:00:00"), "utf-8")
    after = events_of(rebuild(fresh_content, "after") / "bijeenkomsten" / "agenda.ics")
    assert [str(e["UID"]) for e in before] == [str(e["UID"]) for e in after]
    assert "Lustrum, vijf jaar beweging" in [str(e["SUMMARY"]) for e in after]
