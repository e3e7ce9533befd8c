"""Reading WordPress export files (WXR 1.0, 1.1, 1.2) safely, mending what real exports get wrong.

Owns: parsing with defusedxml (no entity may expand, no external file or DTD may be read),
the repairs (control characters, namespace prefixes used without a declaration, values
padded with spaces, text before the XML declaration), and every bad-input message, in
Dutch with file:line:col. Several files (a split export, `.000.xml`, `.001.xml`) are read
as one. Nothing here writes; a bad file raises a SiteError.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from ...core.errors import Problem, SiteError
from .items import Channel, Export, Item, ItemTerm, Term

# The `wp` and `excerpt` namespaces of every WXR version, over http and over https.
_WP = re.compile(r"^https?://wordpress\.org/export/1\.[0-9]+/$")
_EXCERPT = re.compile(r"^https?://wordpress\.org/export/1\.[0-9]+/excerpt/$")
KNOWN_PREFIXES = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "atom": "http://www.w3.org/2005/Atom",
}
_URI_PREFIX = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# XML 1.0 forbids these; WordPress copies them from pasted Word text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PREFIX_USE = re.compile(r"</?([A-Za-z_][\w.-]*):[A-Za-z_]")
_PREFIX_DECL = re.compile(r"xmlns:([A-Za-z_][\w.-]*)\s*=")
_CDATA_OR_COMMENT = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.DOTALL)  # the <o:p> of pasted Word text is no tag
_ROOT = re.compile(r"<(?![?!])([A-Za-z_][\w.:-]*)")
_ENTITY = re.compile(r"<!ENTITY\s+(?:%\s*)?([^\s>]+)")
_DOCTYPE = re.compile(r"<!DOCTYPE\b")
# A shortcut for the field names that are never free text: their padding is a mistake.
_PADDED = ("post_id", "post_name", "status", "post_type", "post_parent", "post_date", "post_date_gmt",
           "attachment_url", "meta_key", "category_nicename", "category_parent", "tag_slug", "term_slug")

EXPECTED_WXR = "een exportbestand van WordPress (Extra → Exporteren), een .xml-bestand dat met <rss begint"


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _line_at(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _refuse(path: str, text: str, line: int, col: int, problem: str, *, expected: str = EXPECTED_WXR,
             hint: str = "", length: int = 1) -> SiteError:
    return SiteError([Problem(path, line, col, problem, expected=expected, hint=hint,
                              source_line=_line_at(text, line), length=length)])


def _decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = data.decode("utf-8", errors="replace")
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _refuse(path, shown, line, col, "dit bestand is geen tekst in UTF-8, dus geen WordPress-export",
                       hint="WordPress schrijft zijn export altijd in UTF-8; is dit het goede bestand?") from None


def _repair(text: str, repairs: list[str], path: str) -> str:
    """The text mended so that a strict XML parser reads it; line numbers stay as they were."""
    name = Path(path).name
    stripped = text.lstrip(" \t\r\n")
    if len(stripped) != len(text) and stripped.startswith("<?xml"):
        # The declaration must be the very first thing; move the blank lines after it, so lines keep their numbers.
        end = stripped.find("?>") + 2
        skipped = text[: len(text) - len(stripped)]
        text = stripped[:end] + "\n" * skipped.count("\n") + stripped[end:]
        repairs.append(f"{name}: lege regels vóór de XML-declaratie weggehaald")
    controls = _CONTROL.findall(text)
    if controls:
        text = _CONTROL.sub("", text)
        repairs.append(f"{name}: {len(controls)} onzichtbare stuurtekens weggehaald (XML staat ze niet toe)")
    root = _ROOT.search(text)
    if root is not None:
        end = text.find(">", root.end())
        markup = _CDATA_OR_COMMENT.sub("", text)
        declared = set(_PREFIX_DECL.findall(markup))  # on the root or on an element further down
        used = sorted(set(_PREFIX_USE.findall(markup)) - declared - {"xml", "xmlns"})
        if used and end > 0:
            decls = "".join(f' xmlns:{p}="{KNOWN_PREFIXES.get(p, "urn:rvz-site:onbekend:" + p)}"' for p in used)
            insert = end - 1 if text[end - 1] == "/" else end
            text = text[:insert] + decls + text[insert:]
            repairs.append(f"{name}: voorvoegsel {', '.join(used)} gebruikt zonder declaratie; declaratie toegevoegd")
    return text


def _parse(text: str, path: str) -> Element:
    try:
        root: Element = safe_xml.fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        return root
    except EntitiesForbidden as exc:
        offset = 0
        for match in _ENTITY.finditer(text):
            if match.group(1) == exc.name:
                offset = match.start()
                break
        line, col = _place(text, offset)
        if exc.sysid or exc.pubid:
            raise _refuse(path, text, line, col,
                           f"dit bestand wil via de entiteit `{exc.name}` een ander bestand of adres inlezen "
                           f"({exc.sysid or exc.pubid}); dat wordt nooit gedaan",
                           hint="een echte WordPress-export heeft geen <!ENTITY>; dit bestand is aangepast "
                                "of komt niet van WordPress", length=8) from None
        raise _refuse(path, text, line, col,
                       f"dit bestand definieert een eigen entiteit `{exc.name}` (een XML-truc die een bestand "
                       "enorm kan laten uitdijen); die wordt niet uitgevoerd",
                       hint="een echte WordPress-export heeft geen <!ENTITY>; maak de export opnieuw in WordPress",
                       length=8) from None
    except (ExternalReferenceForbidden, DTDForbidden) as exc:
        doctype = _DOCTYPE.search(text)
        line, col = _place(text, doctype.start() if doctype else 0)
        raise _refuse(path, text, line, col,
                       f"dit bestand verwijst naar een extern bestand ({getattr(exc, 'sysid', '') or 'DTD'}); "
                       "dat wordt nooit ingelezen",
                       hint="een echte WordPress-export heeft geen <!DOCTYPE>; maak de export opnieuw in WordPress",
                       length=9) from None
    except ParseError as exc:
        line, col0 = exc.position
        col = col0 + 1
        at_end = line >= len(text.rstrip().split("\n"))
        first = text.lstrip()[:1]
        if first != "<":
            line, col = _place(text, len(text) - len(text.lstrip()))
            raise _refuse(path, text, line, col, "dit bestand is geen XML (het begint niet met <)",
                           hint="open het bestand in een teksteditor: een WordPress-export begint met "
                                "<?xml version=\"1.0\" …?> en <rss") from None
        if at_end and _ROOT.search(text):
            raise _refuse(path, text, line, col,
                           "het bestand houdt hier midden in op: de export is afgebroken of niet helemaal "
                           "gedownload",
                           hint="maak de export opnieuw in WordPress (Extra → Exporteren) en download hem "
                                "helemaal") from None
        raise _refuse(path, text, line, col, f"de XML klopt hier niet ({_dutch_xml(str(exc))})",
                       hint="een export die met de hand is bewerkt? Maak hem opnieuw in WordPress") from None


_XML_ERRORS = {
    "mismatched tag": "een sluittag hoort bij een andere openingstag",
    "not well-formed": "een teken dat hier niet mag",
    "undefined entity": "een onbekende entiteit (&…;)",
    "unclosed token": "iets wat niet is afgesloten",
    "junk after document element": "tekst na het einde van het document",
    "syntax error": "een syntaxfout",
    "unbound prefix": "een voorvoegsel zonder declaratie",
}


def _dutch_xml(message: str) -> str:
    for english, dutch in _XML_ERRORS.items():
        if message.startswith(english):
            return dutch
    return "onleesbare XML"


def _local(tag: str) -> tuple[str, str]:
    """('wp', 'post_id') for '{http://wordpress.org/export/1.2/}post_id'."""
    if tag.startswith("{"):
        uri, _, name = tag[1:].partition("}")
        if _WP.match(uri):
            return "wp", name
        if _EXCERPT.match(uri):
            return "excerpt", name
        return _URI_PREFIX.get(uri, uri), name
    return "", tag


def _children(element: Element) -> dict[tuple[str, str], list[Element]]:
    found: dict[tuple[str, str], list[Element]] = {}
    for child in element:
        found.setdefault(_local(child.tag), []).append(child)
    return found


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.padded = 0

    def value(self, kids: dict[tuple[str, str], list[Element]], ns: str, name: str) -> str:
        elements = kids.get((ns, name))
        raw = (elements[0].text or "") if elements else ""
        if name in _PADDED:
            clean = raw.strip()
            self.padded += clean != raw
            return clean
        return raw

    def number(self, kids: dict[tuple[str, str], list[Element]], name: str) -> int:
        value = self.value(kids, "wp", name)
        return int(value) if value.isdigit() else 0


def _channel(reader: _Reader, kids: dict[tuple[str, str], list[Element]]) -> Channel:
    return Channel(
        title=reader.value(kids, "", "title").strip(),
        link=reader.value(kids, "", "link").strip(),
        description=reader.value(kids, "", "description").strip(),
        language=reader.value(kids, "", "language").strip(),
        base_site_url=reader.value(kids, "wp", "base_site_url").strip(),
        base_blog_url=reader.value(kids, "wp", "base_blog_url").strip(),
        wxr_version=reader.value(kids, "wp", "wxr_version").strip(),
    )


def _terms(reader: _Reader, kids: dict[tuple[str, str], list[Element]]) -> list[Term]:
    terms: list[Term] = []
    for element in kids.get(("wp", "category"), []):
        k = _children(element)
        terms.append(Term("category", reader.value(k, "wp", "category_nicename"),
                          reader.value(k, "wp", "cat_name").strip(), reader.value(k, "wp", "category_parent"),
                          reader.value(k, "wp", "category_description").strip()))
    for element in kids.get(("wp", "tag"), []):
        k = _children(element)
        terms.append(Term("post_tag", reader.value(k, "wp", "tag_slug"), reader.value(k, "wp", "tag_name").strip(),
                          "", reader.value(k, "wp", "tag_description").strip()))
    for element in kids.get(("wp", "term"), []):
        k = _children(element)
        terms.append(Term(reader.value(k, "wp", "term_taxonomy").strip(), reader.value(k, "wp", "term_slug"),
                          reader.value(k, "wp", "term_name").strip(), reader.value(k, "wp", "term_parent"),
                          reader.value(k, "wp", "term_description").strip()))
    return terms


def _item(reader: _Reader, element: Element) -> Item:
    k = _children(element)
    terms = tuple(ItemTerm(c.get("domain", "").strip(), (c.get("nicename") or "").strip(), (c.text or "").strip())
                  for c in k.get(("", "category"), []))
    meta: list[tuple[str, str]] = []
    for m in k.get(("wp", "postmeta"), []):
        mk = _children(m)
        meta.append((reader.value(mk, "wp", "meta_key"), reader.value(mk, "wp", "meta_value")))
    return Item(
        post_id=reader.number(k, "post_id"),
        post_type=reader.value(k, "wp", "post_type") or "post",
        status=reader.value(k, "wp", "status") or "publish",
        title=reader.value(k, "", "title"),
        link=reader.value(k, "", "link").strip(),
        post_name=reader.value(k, "wp", "post_name"),
        post_date=reader.value(k, "wp", "post_date"),
        post_date_gmt=reader.value(k, "wp", "post_date_gmt"),
        content=reader.value(k, "content", "encoded"),
        excerpt=reader.value(k, "excerpt", "encoded"),
        parent=reader.number(k, "post_parent"),
        password=reader.value(k, "wp", "post_password"),
        attachment_url=reader.value(k, "wp", "attachment_url"),
        terms=terms,
        meta=tuple(meta),
        comments=len(k.get(("wp", "comment"), [])),
        source=reader.path,
    )


def read_file(path: Path, display: str) -> tuple[Channel, list[Term], list[Item], int, list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SiteError([Problem(display, 0, 0, f"dit bestand kan niet gelezen worden ({exc.strerror})",
                                 expected=EXPECTED_WXR)]) from None
    text = _decode(data, display)
    repairs: list[str] = []
    text = _repair(text, repairs, display)
    root = _parse(text, display)
    match = _ROOT.search(text)
    line, col = _place(text, match.start() if match else 0)
    kids = _children(root)
    channels = kids.get(("", "channel"), [])
    if _local(root.tag) != ("", "rss") or not channels:
        raise _refuse(display, text, line, col,
                       f"dit is XML, maar geen WordPress-export: het hoofdelement is <{_local(root.tag)[1]}> "
                       "in plaats van <rss> met een <channel>", length=len(_local(root.tag)[1]) + 1)
    channel_kids = _children(channels[0])
    if ("wp", "wxr_version") not in channel_kids and not any(ns == "wp" for ns, _ in channel_kids) \
            and not any(ns == "wp" for item in channel_kids.get(("", "item"), []) for ns, _ in _children(item)):
        raise _refuse(display, text, line, col,
                       "dit is een RSS-feed, maar geen WordPress-export: de WordPress-gegevens "
                       "(wp:post_id, wp:wxr_version …) ontbreken",
                       hint="een feed (…/feed/) bevat alleen de laatste berichten; maak de export in WordPress "
                            "via Extra → Exporteren", length=4)
    reader = _Reader(display)
    channel = _channel(reader, channel_kids)
    terms = _terms(reader, channel_kids)
    items = [_item(reader, element) for element in channel_kids.get(("", "item"), [])]
    if reader.padded:
        repairs.append(f"{Path(display).name}: {reader.padded} waarden met spaties eromheen ingekort")
    authors = len(channel_kids.get(("wp", "author"), []))
    return channel, terms, items, authors, repairs


def read_export(paths: Sequence[Path]) -> Export:
    """Every file of one export, read as one: the first file's channel, terms and items of all."""
    channel: Channel | None = None
    terms: dict[tuple[str, str], Term] = {}
    items: dict[int, Item] = {}
    authors = 0
    repairs: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        display = str(path)
        try:
            ch, file_terms, file_items, file_authors, file_repairs = read_file(path, display)
        except SiteError as exc:
            problems.extend(exc.problems)
            continue
        if channel is None or (not channel.title and ch.title):
            channel = ch
        for term in file_terms:
            terms.setdefault((term.kind, term.slug), term)
        for item in file_items:
            if item.post_id in items:
                continue  # a split export repeats nothing, but two overlapping exports do
            if item.post_id <= 0:  # a hand-made export without ids: a stand-in id, never a ?p= address
                item = replace(item, post_id=-len(items) - 1)
            items[item.post_id] = item
        authors = max(authors, file_authors)  # every part of a split export lists the authors again
        repairs.extend(file_repairs)
    if problems:
        raise SiteError(problems)
    assert channel is not None
    return Export(channel, tuple(terms.values()), tuple(items.values()), authors,
                  tuple(str(p) for p in paths), tuple(repairs))
