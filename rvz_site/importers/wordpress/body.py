"""One WordPress body turned into the site's Markdown, with what was changed on the way.

The order is WordPress's own: reusable blocks put inline, block comments read and removed,
shortcodes, bare oEmbed URLs, then wpautop for a classic body; then what the site's HTML
policy refuses is dropped, pictures and links are pointed at the new site, and the tree is
written as Markdown and checked by rendering it with the site's Markdown (roundtrip.py).
Pure apart from reading nothing: every fact about other items comes in a BodyContext.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from ...content.embeds import find_embed
from ...content.htmlpolicy import REFUSED_ELEMENTS, unsafe_scheme
from ...content.markdown import plain_text, render_markdown
from .autop import wpautop
from .blocks import embed_tag, inline_reusable, read_blocks
from .html2md import escape_text, to_markdown
from .items import Item
from .media import MediaRef, Uploads, is_image
from .roundtrip import compare
from .shortcodes import Shortcode, replace_shortcodes, shortcode_names

KNOWN_SHORTCODES = ("caption", "wp_caption", "gallery", "embed", "spotlight", "sourcecode", "source", "code",
                    "youtube", "vimeo", "issuu")
FORM_ELEMENTS = frozenset({"form", "input", "button", "select", "textarea", "option", "fieldset"})
# WordPress embeds a URL on a line of its own for these hosts; the site plays only some of them.
OEMBED_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "issuu.com", "twitter.com", "x.com", "soundcloud.com",
                "spotify.com", "flickr.com", "slideshare.net", "instagram.com", "facebook.com", "ted.com",
                "dailymotion.com", "mixcloud.com", "speakerdeck.com", "scribd.com", "tiktok.com")
_MORE = re.compile(r"<!--more(?:\s[^>]*)?-->", re.IGNORECASE)
_NEXTPAGE = re.compile(r"<!--nextpage-->", re.IGNORECASE)
_URL_LINE = re.compile(r"^(\s*)(https?://[^\s<>\"]+)(\s*)$", re.MULTILINE)
_URL_PARAGRAPH = re.compile(r"(<p(?: [^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)", re.IGNORECASE)
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")


@dataclass(frozen=True)
class BodyContext:
    attachments: Mapping[int, Item]
    children: Mapping[int, Sequence[Item]]  # attachments by the post they belong to
    reusable: Mapping[int, str]
    uploads: Uploads
    link_for: Callable[[str], str | None]  # an old address -> the new one, or None when unknown
    old_base: str  # the old site's address, for links this import cannot point at a new page


@dataclass
class BodyResult:
    markdown: str = ""
    more: str = ""  # plain text before <!--more-->
    unknown_shortcodes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    missing_media: list[str] = field(default_factory=list)
    media: list[MediaRef] = field(default_factory=list)
    alt_filled: list[str] = field(default_factory=list)
    links_kept: list[str] = field(default_factory=list)
    roundtrip: list[str] = field(default_factory=list)


def _is_player(url: str) -> bool:
    return find_embed(url) is not None


def _oembed(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return any(host == h or host.endswith("." + h) for h in OEMBED_HOSTS)


class _Shortcodes:
    """What each known shortcode becomes, as HTML the rest of the conversion reads."""

    def __init__(self, item: Item, ctx: BodyContext, classic: bool) -> None:
        self.item, self.ctx, self.classic = item, ctx, classic

    def __call__(self, code: Shortcode) -> str | None:
        if code.name in {"caption", "wp_caption"}:
            return self.caption(code)
        if code.name == "gallery":
            return self.gallery(code)
        if code.name in {"embed", "youtube", "vimeo", "issuu"}:
            url = (code.content or "").strip() or code.attrs.get("url", "") or \
                (code.positional[0] if code.positional else "")
            url = html.unescape(url)
            if code.name == "vimeo" and url.isdigit():
                url = f"https://vimeo.com/{url}"
            return embed_tag(url) if url.startswith(("http://", "https://")) else ""
        if code.name == "spotlight":
            title = code.attrs.get("title", "") or code.attrs.get("titel", "")
            inner = replace_shortcodes(code.content or "", KNOWN_SHORTCODES, self)
            if not self.classic:
                inner = wpautop(inner)  # a classic body gets its paragraphs below; a block body has none here
            return f'<rvz-callout data-title="{html.escape(title)}">\n\n{inner}\n\n</rvz-callout>'
        if code.name in {"sourcecode", "source", "code"}:
            text = html.unescape(code.content or "").strip("\n")
            return f"<pre><code>{html.escape(text, quote=False)}</code></pre>"
        return None

    def caption(self, code: Shortcode) -> str:
        content = code.content or ""
        soup = BeautifulSoup(content, "html.parser")
        image = soup.find("img")
        caption = code.attrs.get("caption", "")
        if image is None:
            return content
        link = image.parent if isinstance(image.parent, Tag) and image.parent.name == "a" else None
        (link or image).extract()
        if not caption:
            caption = soup.decode().strip()
        return f"<figure>{(link or image).decode()}<figcaption>{caption}</figcaption></figure>"

    def gallery(self, code: Shortcode) -> str:
        ids = [int(x) for x in re.findall(r"\d+", code.attrs.get("ids", "") or code.attrs.get("include", ""))]
        if ids:
            pictures = [self.ctx.attachments[i] for i in ids if i in self.ctx.attachments]
        else:
            exclude = {int(x) for x in re.findall(r"\d+", code.attrs.get("exclude", ""))}
            pictures = [a for a in self.ctx.children.get(self.item.post_id, ()) if a.post_id not in exclude]
        out = []
        for picture in pictures:
            if not is_image(picture.attachment_url or picture.meta_value("_wp_attached_file")):
                continue
            alt = html.escape(picture.meta_value("_wp_attachment_image_alt"))
            src = html.escape(picture.attachment_url)
            caption = html.escape(plain_text(picture.excerpt))
            tag = f'<img src="{src}" alt="{alt}" class="wp-image-{picture.post_id}">'
            out.append(f"<figure>{tag}<figcaption>{caption}</figcaption></figure>" if caption else
                       f"<figure>{tag}</figure>")
        return "<rvz-gallery>" + "".join(out) + "</rvz-gallery>"


def _bare_urls(text: str) -> str:
    """WordPress's autoembed: a URL alone on a line or in a paragraph of its own."""
    def line(m: re.Match[str]) -> str:
        return m.group(1) + embed_tag(m.group(2)) + m.group(3) if _oembed(m.group(2)) else m.group(0)

    text = _URL_LINE.sub(line, text)
    return _URL_PARAGRAPH.sub(lambda m: embed_tag(m.group(2)) if _oembed(m.group(2)) else m.group(0), text)


class _Cleaner:
    """The tree made fit for the site: the HTML policy, pictures and links, alt text."""

    def __init__(self, item: Item, ctx: BodyContext, result: BodyResult) -> None:
        self.item, self.ctx, self.result = item, ctx, result
        self.styles = 0

    def drop(self, what: str) -> None:
        self.result.dropped.append(what)

    def run(self, soup: BeautifulSoup) -> None:
        ids = {str(t.get("id")) for t in soup.find_all(re.compile(r"^h[1-6]$")) if t.get("id")}
        for tag in list(soup.find_all(True)):
            if tag.decomposed:
                continue
            self.element(tag, ids)
        if self.styles:
            self.drop(f"{self.styles}× een style-attribuut (opmaak hoort in het thema)")

    def element(self, tag: Tag, ids: set[str]) -> None:
        name = tag.name
        if name in {"iframe", "embed", "object"}:
            src = str(tag.get("src") or tag.get("data") or "")
            if not src and tag.find("param", attrs={"name": "movie"}):
                src = str(tag.find("param", attrs={"name": "movie"}).get("value") or "")  # type: ignore[union-attr]
            if src.startswith("//"):
                src = "https:" + src
            if _is_player(src):
                tag.replace_with(BeautifulSoup(embed_tag(src), "html.parser"))
                return
            host = urlsplit(src).hostname or "onbekend"
            self.drop(f"een <{name}> van {host}")
            tag.decompose()
            return
        if name in REFUSED_ELEMENTS or name == "noscript":
            self.drop(f"een <{name}>")
            tag.decompose()
            return
        if name == "form":
            self.drop("een formulier (<form>)")
            tag.decompose()
            return
        if name in FORM_ELEMENTS:
            self.drop(f"een formulierveld (<{name}>)")
            tag.decompose()
            return
        for attr in list(tag.attrs):
            if attr.lower().startswith("on"):
                self.drop(f"het attribuut {attr}= (JavaScript)")
                del tag.attrs[attr]
            elif attr.lower() == "style":
                self.styles += 1
                del tag.attrs[attr]
            elif attr.lower() in {"srcset", "sizes"}:
                del tag.attrs[attr]  # the copies on the old site; the site serves the original
        if name == "a" and isinstance(tag.parent, Tag) and tag.parent.name == "figure" and tag.find("img") \
                and not tag.get_text(strip=True):
            tag.unwrap()  # a captioned picture that links to its own file: the site shows the picture
            return
        if name == "p" and not tag.get_text(strip=True) and tag.find(["img", "rvz-embed", "a", "iframe"]) is None:
            tag.decompose()  # WordPress's <p>&nbsp;</p> spacers: the theme spaces paragraphs itself
            return
        if name == "img":
            self.image(tag)
        elif name == "a":
            self.link(tag, ids)

    def image(self, tag: Tag) -> None:
        src = str(tag.get("src") or "")
        if unsafe_scheme(src, image_source=True):
            self.drop("een afbeelding met een script-adres")
            tag.decompose()
            return
        ref, missing = self.ctx.uploads.resolve(src)
        attachment = self._attachment(tag, ref.upload if ref else missing)
        if ref is None and missing is None and src.startswith("/") and not src.startswith("/media/"):
            ref, missing = self.ctx.uploads.resolve(self.ctx.old_base + src)
        if missing is not None or (ref is None and self._old_site(src)):
            self.result.missing_media.append(missing or src)
            self._replace_by_text(tag)
            return
        if ref is not None:
            self.result.media.append(ref)
            tag["src"] = "/media/" + ref.target
        elif urlsplit(src).scheme in {"http", "https"} or src.startswith("//"):
            self._link_instead(tag, src)
            return
        alt = " ".join(str(tag.get("alt") or "").split())
        if not alt:
            alt, how = self._alt(attachment, ref)
            tag["alt"] = alt
            self.result.alt_filled.append(f"{posixpath.basename(ref.target if ref else src)}: {how}")

    def _link_instead(self, tag: Tag, src: str) -> None:
        """A picture from another site becomes a link to it: the site's pages load nothing from elsewhere
        (its Content-Security-Policy would block the picture anyway)."""
        host = urlsplit(src if not src.startswith("//") else "https:" + src).hostname or "elders"
        words = " ".join(str(tag.get("alt") or "").split()) or f"afbeelding op {host}"
        self.result.dropped.append(f"een afbeelding van {host}: nu een link ernaartoe")
        parent = tag.parent
        if isinstance(parent, Tag) and parent.name == "a":
            tag.replace_with(words)
            return
        link = BeautifulSoup("", "html.parser").new_tag("a", href=src if not src.startswith("//") else "https:" + src)
        link.string = words
        tag.replace_with(link)

    def _old_site(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return bool(host) and self.ctx.uploads.is_upload_host(host)

    def _attachment(self, tag: Tag, upload: str | None) -> Item | None:
        classes = " ".join(tag.get_attribute_list("class") or [])
        m = _WP_IMAGE_CLASS.search(classes)
        if m and int(m.group(1)) in self.ctx.attachments:
            return self.ctx.attachments[int(m.group(1))]
        return self.ctx.uploads.attachment_of(upload) if upload else None

    def _alt(self, attachment: Item | None, ref: MediaRef | None) -> tuple[str, str]:
        if attachment is not None:
            alt = " ".join(attachment.meta_value("_wp_attachment_image_alt").split())
            if alt:
                return alt, "alt-tekst uit de mediabibliotheek"
            caption = plain_text(attachment.excerpt)
            if caption:
                return caption, "alt-tekst ontbrak; het bijschrift uit de mediabibliotheek gebruikt, lees het na"
            title = plain_text(attachment.title)
            if title:
                return title, "alt-tekst ontbrak; de titel uit de mediabibliotheek gebruikt, lees het na"
        title = plain_text(self.item.title) or "dit artikel"
        return f"Afbeelding bij {title}", "alt-tekst ontbrak; „Afbeelding bij <titel>” ingevuld, vul een echte in"

    def _replace_by_text(self, tag: Tag) -> None:
        """A picture that cannot be shown goes; its caption, if any, stays as a paragraph."""
        figure = tag.find_parent("figure")
        parent = tag.parent
        tag.decompose()
        if isinstance(parent, Tag) and parent.name == "a" and not parent.get_text(strip=True) \
                and not parent.find("img"):
            parent.decompose()
        if figure is not None and not figure.find("img"):
            caption = figure.find("figcaption")
            if caption is not None and caption.get_text(strip=True):
                caption.name = "p"
                figure.replace_with(caption)
            else:
                figure.decompose()

    def link(self, tag: Tag, ids: set[str]) -> None:
        href = str(tag.get("href") or "").strip()
        if not href:
            tag.unwrap()
            return
        if unsafe_scheme(href):
            self.drop(f"een link met {unsafe_scheme(href)}")
            tag.unwrap()
            return
        if href.startswith("#"):
            if href[1:] not in ids:
                self.result.links_kept.append(f"{href} (anker bestaat niet meer; link weggehaald)")
                tag.unwrap()
            return
        absolute = self.ctx.old_base + href if href.startswith("/") and not href.startswith("//") else href
        ref, missing = self.ctx.uploads.resolve(absolute)
        if ref is not None:
            self.result.media.append(ref)
            tag["href"] = "/media/" + ref.target
            return
        if missing is not None:
            self.result.missing_media.append(missing)
            tag.unwrap()
            return
        new = self.ctx.link_for(absolute)
        if new is not None:
            tag["href"] = new
            return
        if href.startswith("/") and not href.startswith("//"):
            # Not a page this import makes; the old address may still redirect on the new site.
            tag["href"] = absolute
            self.result.links_kept.append(f"{href} (geen pagina van de import; volledig adres gehouden)")
        elif self.ctx.uploads.is_own_host(urlsplit(href).hostname or ""):
            self.result.links_kept.append(f"{href} (geen gepubliceerde pagina van de import; adres gehouden)")


def convert_body(item: Item, ctx: BodyContext) -> BodyResult:
    result = BodyResult()
    missing_blocks: list[int] = []
    text = inline_reusable(item.content, ctx.reusable, missing_blocks)
    if missing_blocks:
        result.dropped.append(f"{len(missing_blocks)} herbruikbaar blok dat niet in de export staat")
    classic = "<!-- wp:" not in text
    more = _MORE.search(text)
    if more:
        result.more = plain_text(_strip_codes(text[: more.start()]))
    text = _NEXTPAGE.sub("", _MORE.sub("", text))
    text = read_blocks(text)
    text = replace_shortcodes(text, KNOWN_SHORTCODES, _Shortcodes(item, ctx, classic))
    outside_code = _PRE.sub("", text)  # a [tag] in a code example is text, not a shortcode
    result.unknown_shortcodes = sorted(set(n for n in shortcode_names(outside_code) if n not in KNOWN_SHORTCODES))
    if classic:
        # WordPress embeds a URL alone on a line, and runs wpautop over every classic body when showing
        # it, with or without <p> of its own.
        text = wpautop(_bare_urls(text))
    soup = BeautifulSoup(text, "html.parser")
    for gallery in soup.find_all("rvz-gallery"):
        gallery.unwrap()
    _Cleaner(item, ctx, result).run(soup)
    try:
        result.markdown = to_markdown(soup)
        rendered = render_markdown(result.markdown).html
        result.roundtrip = compare(soup, rendered)
    except RecursionError:
        # HTML nested hundreds deep (pasted from elsewhere): keep its words, as paragraphs, and say so.
        words = [" ".join(line.split()) for line in soup.get_text("\n").split("\n")]
        result.markdown = "\n\n".join(escape_text(w) for w in words if w) + "\n"
        result.roundtrip = ["de HTML is zo diep genest dat alleen de tekst is overgenomen, zonder opmaak"]
    return result


def _strip_codes(text: str) -> str:
    text = read_blocks(text)
    return replace_shortcodes(text, KNOWN_SHORTCODES, lambda code: "")
