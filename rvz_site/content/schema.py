"""The front matter every kind of content accepts: one declarative list of fields.

The build validates against it, and the web editor's configuration is generated
from it, so the two can never disagree. Labels and help texts are Dutch.
"""

from __future__ import annotations

import re

from yaml.nodes import Node

from ..core.model import EVENTS_SECTION, PAGES_SECTION, PUBLICATIONS_SECTION
from .aliases import alias_list
from .yamlread import (
    Field,
    Invalid,
    boolean,
    date_or_datetime,
    datetime_only,
    site_path,
    text,
    text_list,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_EXPECTED = "kleine letters, cijfers en streepjes, bijv. `nieuwe-bijeenkomst`"


FOCUS_PATTERN = r"^(\d{1,3})\s*%\s+(\d{1,3})\s*%$"
_FOCUS = re.compile(FOCUS_PATTERN)
FOCUS_EXPECTED = "twee percentages: van links en van boven, bijv. `30% 40%` (het midden is `50% 50%`)"


def focus_point(node: Node) -> tuple[float, float]:
    """Where the share picture's crop centres on `image:`: `30% 40%` from the left and the top."""
    value = text(node)
    match = _FOCUS.match(value.strip())
    if not match or int(match.group(1)) > 100 or int(match.group(2)) > 100:
        raise Invalid(f"`{value}` is geen punt in de afbeelding", FOCUS_EXPECTED)
    return int(match.group(1)) / 100, int(match.group(2)) / 100


def slug(node: Node) -> str:
    value = text(node)
    if not SLUG_PATTERN.match(value):
        raise Invalid(f"`{value}` kan geen deel van een webadres zijn", SLUG_EXPECTED)
    return value


TITLE = Field("title", text, required=True, label="Titel", help="de kop van het artikel",
              widget="string")
DATE = Field("date", date_or_datetime, required=True, label="Datum",
             help="de publicatiedatum, bijv. 2020-12-08", widget="datetime")
SUMMARY = Field("summary", text, label="Samenvatting",
                help="één of twee zinnen voor overzichten en feeds", widget="text")
SUBTITLE = Field("subtitle", text, label="Ondertitel", help="korte regel onder de datum")
THEMES = Field("themes", text_list, label="Thema's", help="kies uit de thema's van de site (content/themes.yaml)",
               widget="themes")
KEYWORDS = Field("keywords", text_list, label="Trefwoorden", help="vrije woorden, bijv. Communicatie", widget="list")
ORGANISATIONS = Field("organisations", text_list, label="Deelnemers",
                      help="de organisaties waar het over gaat (content/organisations.yaml)", widget="organisations")
SLUG = Field("slug", slug, label="Webadres (slug)",
             help="laatste deel van het webadres; leeg laten voor de bestandsnaam")
DRAFT = Field("draft", boolean, label="Concept", help="aan (true): nog niet publiceren",
              widget="boolean")
IMAGE = Field("image", site_path, label="Afbeelding", help="bijv. /media/beelden/foto.jpg",
              widget="image")
IMAGE_ALT = Field("image_alt", text, label="Beschrijving van de afbeelding",
                  help="wat er op de afbeelding te zien is")
IMAGE_FOCUS = Field("image_focus", focus_point, label="Belangrijkste punt van de afbeelding",
                    help="voor het deelbeeld (1200 x 630) wordt de foto rond dit punt bijgesneden; "
                         "van links en van boven, bijv. 30% 40%; leeg laten voor het midden",
                    pattern=(FOCUS_PATTERN, "twee percentages, van links en van boven, bijv. 30% 40%"))
ALIASES = Field("aliases", alias_list, label="Oude webadressen",
                help="adressen die hierheen moeten doorverwijzen", widget="list")
PUBLISH_DATE = Field("publish_date", date_or_datetime, label="Publiceren vanaf",
                     help="pas vanaf deze dag op de site, bijv. 2026-12-01", widget="datetime")
EXPIRY_DATE = Field("expiry_date", date_or_datetime, label="Verwijderen vanaf",
                    help="vanaf deze dag niet meer op de site", widget="datetime")
START = Field("start", datetime_only, required=True, label="Begin",
              help="datum en tijd, bijv. 2021-06-01T15:00:00+02:00", widget="datetime")
END = Field("end", datetime_only, label="Einde", help="datum en tijd", widget="datetime")
LOCATION = Field("location", text, label="Plaats", help="adres en plaats, of `Online`")
DOWNLOAD = Field("download", site_path, label="Download", help="een pdf in /media/",
                 widget="file")
COVER = Field("cover", site_path, label="Omslag", help="afbeelding van de omslag",
              widget="image")
COVER_ALT = Field("cover_alt", text, label="Beschrijving van de omslag")

ARTICLE_FIELDS: tuple[Field, ...] = (
    TITLE, DATE, SUMMARY, SUBTITLE, THEMES, KEYWORDS, ORGANISATIONS, SLUG, DRAFT,
    IMAGE, IMAGE_ALT, IMAGE_FOCUS, ALIASES, PUBLISH_DATE, EXPIRY_DATE,
)
EVENT_FIELDS: tuple[Field, ...] = ARTICLE_FIELDS + (START, END, LOCATION)
PUBLICATION_FIELDS: tuple[Field, ...] = ARTICLE_FIELDS + (DOWNLOAD, COVER, COVER_ALT)
PAGE_FIELDS: tuple[Field, ...] = (TITLE, SUMMARY, SLUG, DRAFT, IMAGE, IMAGE_ALT, IMAGE_FOCUS, ALIASES,
                                  PUBLISH_DATE, EXPIRY_DATE)


def fields_for(section: str) -> tuple[Field, ...]:
    if section == EVENTS_SECTION:
        return EVENT_FIELDS
    if section == PUBLICATIONS_SECTION:
        return PUBLICATION_FIELDS
    if section == PAGES_SECTION:
        return PAGE_FIELDS
    return ARTICLE_FIELDS
