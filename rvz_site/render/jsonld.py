"""Structured data (schema.org JSON-LD) for search engines: NewsArticle, Event, Organization.

Pure: dicts from the model, and `script_json`, which makes JSON safe inside <script>: `<`, `>`
and `&` are written as \\u escapes, so a title like `</script><script>…` cannot end the element
early, and U+2028/U+2029 are escaped for old JavaScript parsers.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..core.model import Article, Organisation, Picture, Registries, SiteConfig
from ..core.urls import article_url, home, organisation_url, social_image

_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})
HEADLINE_LIMIT = 110  # what search engines show of a headline


def script_json(data: Any) -> Markup:
    return Markup(json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_SAFE))


def site_organisation(config: SiteConfig) -> dict[str, Any]:
    return {"@type": "Organization", "name": config.title, "url": config.absolute(home()),
            "email": config.contact.email}


def organisation_ld(config: SiteConfig, org: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Organization", "name": org.name,
        "url": org.website or config.absolute(organisation_url(org.key)),
        "address": {"@type": "PostalAddress", "addressLocality": org.place, "addressCountry": "NL"},
        "memberOf": site_organisation(config),
    }
    if org.description:
        data["description"] = org.description
    return data


def home_ld(config: SiteConfig) -> dict[str, Any]:
    return {"@context": "https://schema.org", **site_organisation(config), "description": config.description}


def _images(config: SiteConfig, article: Article, url: str, picture: Picture | None) -> list[str]:
    # A photo at 1200 px (outputs/images): search engines want one at least that wide, not 20 MB.
    own = [config.absolute(picture.large if picture else article.image)] if article.image else []
    return [*own, config.absolute(social_image(url, photo=picture is not None))]


def _event(config: SiteConfig, article: Article, url: str, picture: Picture | None) -> dict[str, Any]:
    assert article.event is not None
    event = article.event
    online = (event.location or "").strip().lower() == "online"
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "name": article.title,
        "description": article.summary, "url": config.absolute(url),
        "startDate": event.start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/" + (
            "OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": ({"@type": "VirtualLocation", "url": config.absolute(url)} if online
                     else {"@type": "Place", "name": event.location or config.title,
                           "address": event.location or ""}),
        "organizer": site_organisation(config),
        "image": _images(config, article, url, picture),
    }
    if event.end is not None:
        data["endDate"] = event.end.isoformat()
    return data


def article_ld(config: SiteConfig, registries: Registries, article: Article,
               picture: Picture | None = None) -> dict[str, Any]:
    """`picture`: the plan of the article's own `image:`, when it is a photo."""
    url = article_url(article.section, article.slug)
    if article.event is not None:
        return _event(config, article, url, picture)
    theme_names = {t.key: t.name for t in registries.themes}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebPage" if article.is_page else "NewsArticle",
        "headline": article.title[:HEADLINE_LIMIT],
        "description": article.summary,
        "url": config.absolute(url),
        "mainEntityOfPage": config.absolute(url),
        "inLanguage": config.language,
        "image": _images(config, article, url, picture),
        "publisher": site_organisation(config),
    }
    if article.published is not None:
        data["datePublished"] = article.published.isoformat()
        data["dateModified"] = article.published.isoformat()
        data["author"] = site_organisation(config)
    keywords = [theme_names[k] for k in article.themes] + [k.name for k in article.keywords]
    if keywords:
        data["keywords"] = keywords
    return data
