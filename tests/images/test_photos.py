"""Phone photos through the real build: widths, formats, orientation, markup, and no metadata left."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PIL import Image

from rvz_site.outputs.images.plan import WIDTHS
from tests.images.conftest import SVG, PhotoSite, photo_files, small_gif
from tests.images.photokit import GPS_IFD, HEIGHT, WIDTH, phone_photo
from tests.kit import build, make_site, snapshot

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
# What a phone writes into a photo, as bytes that may appear nowhere in what the site publishes.
LEAKS = (b"Exif\0\0", b"Telefoonmerk", b"Model 12", b"MAKERNOTE", b"xmpmeta", b"GPSLatitude", b"ICC_PROFILE")
_PICTURE = re.compile(r"<picture>.*?</picture>")
_SRCSET = re.compile(r'srcset="([^"]+)"')


def page(site: PhotoSite, path: str) -> str:
    return (site.public / path / "index.html").read_text(encoding="utf-8")


def opened(path: Path) -> Image.Image:
    """The image in a file, read whole first (so no file is left open)."""
    return Image.open(io.BytesIO(path.read_bytes()))


def image_at(site: PhotoSite, url: str) -> Image.Image:
    return opened(site.public / url.lstrip("/"))


def test_every_photo_is_published_in_the_themes_widths_and_three_formats(photo_site: PhotoSite) -> None:
    html = page(photo_site, "actueel/eigen-tuin")
    pictures = _PICTURE.findall(html)
    assert len(pictures) == 3  # the article's own photo and the two in its body; not the SVG or GIF
    for picture in pictures:
        srcsets = _SRCSET.findall(picture)
        assert [s.split()[0].rsplit(".", 1)[1] for s in (x.split(", ")[0] for x in srcsets)] == ["avif", "webp", "jpg"]
        assert 'width="3000" height="4000"' in picture  # the photo as shown: upright
        for srcset in srcsets:
            widths = []
            for candidate in srcset.split(", "):
                url, width = candidate.split()
                image = image_at(photo_site, url)
                assert image.width == int(width.removesuffix("w"))
                assert image.height == round(4000 * image.width / 3000)
                assert image.format == {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG"}[url.rsplit(".", 1)[1]]
                widths.append(image.width)
            assert tuple(widths) == WIDTHS  # a 3000 px wide photo gets every width of the theme


def test_a_photo_smaller_than_the_widths_is_never_enlarged(tmp_path: Path) -> None:
    small = phone_photo(3, (700, 500))
    content = make_site(tmp_path, {"media/klein.jpg": small, "actueel/klein.md": (
        "---\ntitle: Klein\ndate: 2020-12-09\n---\n![Een kleine foto](/media/klein.jpg)\n")})
    assert build(content, tmp_path / "public").code == 0
    html = (tmp_path / "public/actueel/klein/index.html").read_text(encoding="utf-8")
    jpegs = _SRCSET.findall(_PICTURE.findall(html)[0])[-1]
    assert [c.split()[1] for c in jpegs.split(", ")] == ["480w", "500w"]  # upright: 500 wide, 700 high
    assert 'width="500" height="700"' in html


def test_the_exif_orientation_is_applied(photo_site: PhotoSite) -> None:
    # The phone stored the photo on its side (4000x3000, orientation 6) with a red top-left corner;
    # upright, that corner is at the top right.
    html = page(photo_site, "actueel/eigen-tuin")
    for url in re.findall(r"(/media/fotos/foto-0-[0-9a-f]{8}-\d+\.(?:jpg|webp|avif))", html):
        image = image_at(photo_site, url).convert("RGB")
        assert image.height > image.width
        red, green, _blue = image.getpixel((image.width - 3, 3))
        assert red > 180 and green < 80, url
        red, _green, _blue = image.getpixel((3, 3))
        assert not (red > 180 and _green < 80), url


def test_no_published_file_carries_location_or_any_other_metadata(photo_site: PhotoSite) -> None:
    images = [p for p in photo_site.public.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES]
    assert len(images) > 40
    for path in images:
        data = path.read_bytes()
        for leak in LEAKS:
            assert leak not in data, (path, leak)
        image = Image.open(io.BytesIO(data))
        exif = image.getexif()
        assert dict(exif) == {} and exif.get_ifd(GPS_IFD) == {}, path
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "photoshop"} & set(image.info), path
    # the sources did carry all of it
    source = Image.open(io.BytesIO(photo_site.photos[0]))
    assert source.getexif().get_ifd(GPS_IFD) and b"xmpmeta" in photo_site.photos[0]


def test_an_original_is_published_only_when_an_article_links_to_it_and_then_stripped(photo_site: PhotoSite) -> None:
    original = photo_site.public / "media/fotos/foto-3.jpg"
    image = opened(original)
    assert image.size == (HEIGHT, WIDTH)  # whole, and upright
    assert dict(image.getexif()) == {}
    assert 'href="/media/fotos/foto-3.jpg"' in page(photo_site, "actueel/eigen-tuin")
    for shown_only in ("foto-0.jpg", "foto-1.jpg", "foto-2.jpg"):
        assert not (photo_site.public / "media/fotos" / shown_only).exists()


def test_svg_and_gif_are_published_as_they_are(photo_site: PhotoSite) -> None:
    assert (photo_site.public / "media/tekening.svg").read_bytes() == SVG
    assert (photo_site.public / "media/bloem.gif").read_bytes() == small_gif()
    html = page(photo_site, "actueel/eigen-tuin")
    assert '<img alt="Een tekening van de tuin" src="/media/tekening.svg"' in html


def test_the_first_image_loads_first_and_the_others_lazily(photo_site: PhotoSite) -> None:
    html = page(photo_site, "actueel/eigen-tuin")
    images = re.findall(r"<img [^>]*>", html)
    photos = [i for i in images if "srcset=" in i]
    assert 'fetchpriority="high"' in photos[0] and 'loading="lazy"' not in photos[0]
    assert 'class="article-image"' in photos[0]
    for other in photos[1:]:
        assert 'loading="lazy" decoding="async"' in other and "fetchpriority" not in other
    assert 'sizes="(max-width: 48rem) calc(100vw - 2.5rem), 45.5rem"' in photos[0]
    # the caption stays with its photo
    assert re.search(r"<figure><picture>.*?</picture><figcaption>Foto: de moestuin", html)


def test_feeds_and_json_ld_give_the_1200_px_version_with_its_real_length(photo_site: PhotoSite) -> None:
    base = "https://proef.example.org"
    rss = ElementTree.parse(photo_site.public / "feed.xml").getroot()
    item = next(i for i in rss.iter("item") if i.findtext("title") == "Bewoners kiezen hun eigen tuin")
    enclosure = item.find("enclosure")
    assert enclosure is not None
    url = enclosure.get("url", "")
    assert url.startswith(base + "/media/fotos/foto-0-") and url.endswith("-1200.jpg")
    assert int(enclosure.get("length", "0")) == (photo_site.public / url.removeprefix(base + "/")).stat().st_size
    assert enclosure.get("type") == "image/jpeg"
    assert opened(photo_site.public / url.removeprefix(base + "/")).width == 1200
    feed = json.loads((photo_site.public / "feed.json").read_text(encoding="utf-8"))
    entry = next(i for i in feed["items"] if i["title"] == "Bewoners kiezen hun eigen tuin")
    assert entry["image"] == url
    assert "/media/fotos/foto-1.jpg" not in entry["content_html"] and "-1200.jpg" in entry["content_html"]
    html = page(photo_site, "actueel/eigen-tuin")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["image"] == [url, f"{base}/actueel/eigen-tuin/deelbeeld.jpg"]


def test_an_article_with_a_photo_shares_it_and_one_without_keeps_the_title_picture(photo_site: PhotoSite) -> None:
    share = opened(photo_site.public / "actueel/eigen-tuin/deelbeeld.jpg")
    assert share.size == (1200, 630) and share.format == "JPEG" and dict(share.getexif()) == {}
    html = page(photo_site, "actueel/eigen-tuin")
    assert '<meta property="og:image" content="https://proef.example.org/actueel/eigen-tuin/deelbeeld.jpg">' in html
    assert '<meta property="og:image:type" content="image/jpeg">' in html
    assert not (photo_site.public / "actueel/eigen-tuin/deelbeeld.png").exists()
    assert opened(photo_site.public / "actueel/zonder-foto/deelbeeld.png").size == (1200, 630)
    assert "deelbeeld.png" in page(photo_site, "actueel/zonder-foto")


@pytest.mark.parametrize(("focus", "red_at_top_right"), [("100% 0%", True), ("0% 100%", False)])
def test_the_share_picture_is_cropped_around_the_editors_focus_point(
        tmp_path: Path, phone_photos: tuple[bytes, ...], focus: str, red_at_top_right: bool) -> None:
    content = make_site(tmp_path, {"media/boom.jpg": phone_photos[0], "actueel/boom.md": (
        f"---\ntitle: Een boom\ndate: 2020-12-09\nimage: /media/boom.jpg\nimage_alt: Een boom\n"
        f"image_focus: {focus}\n---\nTekst.\n")})
    assert build(content, tmp_path / "public").code == 0
    share = opened(tmp_path / "public/actueel/boom/deelbeeld.jpg").convert("RGB")
    red, green, _blue = share.getpixel((1195, 5))  # the photo's red corner is at its top right
    assert (red > 180 and green < 80) is red_at_top_right


def test_photos_are_the_same_bytes_on_one_core_and_on_two(tmp_path: Path, phone_photos: tuple[bytes, ...]) -> None:
    files = photo_files(phone_photos[:4])
    outs = []
    for jobs in ("1", "2"):
        content = make_site(tmp_path / f"jobs-{jobs}", files)
        assert build(content, tmp_path / f"jobs-{jobs}/public", "--jobs", jobs, "--no-cache").code == 0
        outs.append({k: v for k, v in snapshot(tmp_path / f"jobs-{jobs}/public").items()
                     if k.startswith(("media/", "actueel/eigen-tuin/"))})
    assert len([k for k in outs[0] if k.endswith(".avif")]) == 4 * len(WIDTHS)
    assert outs[0] == outs[1]


def test_a_warm_build_encodes_no_photo(tmp_path: Path, phone_photos: tuple[bytes, ...],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_site(tmp_path, photo_files(phone_photos[:4]))
    cache = tmp_path / "cache"
    assert build(content, tmp_path / "one", "--cache", cache).code == 0
    from rvz_site.outputs.images import encode

    def refuse(*_args: object) -> None:
        raise AssertionError("a photo was encoded again")

    monkeypatch.setattr(encode, "encode_variants", refuse)
    monkeypatch.setattr(encode, "encode_original", refuse)
    # another output folder, so the build cannot take the "nothing changed" shortcut
    warm = build(content, tmp_path / "two", "--cache", cache)
    assert warm.code == 0, warm.err
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_an_edit_that_links_a_photo_publishes_its_original(tmp_path: Path, phone_photos: tuple[bytes, ...]) -> None:
    """The one-article lane re-renders pages only; a body edit that starts to use a photo
    differently goes through the image stage (a full build), so the file it links to is there."""
    content = make_site(tmp_path, photo_files(phone_photos[:4]))
    public, cache = tmp_path / "public", tmp_path / "cache"
    assert build(content, public, "--cache", cache).code == 0
    assert not (public / "media/fotos/foto-1.jpg").exists()
    article = content / "actueel/zonder-foto.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n[Download de foto](/media/fotos/foto-1.jpg)\n",
                       encoding="utf-8")
    assert build(content, public, "--cache", cache).code == 0
    original = opened(public / "media/fotos/foto-1.jpg")
    assert original.size == (HEIGHT, WIDTH) and dict(original.getexif()) == {}


def test_a_photo_no_page_uses_is_not_published_at_all(tmp_path: Path, phone_photos: tuple[bytes, ...]) -> None:
    content = make_site(tmp_path, {"media/fotos/ongebruikt.jpg": phone_photos[5]})
    assert build(content, tmp_path / "public").code == 0
    assert not [p for p in (tmp_path / "public").rglob("*") if "ongebruikt" in p.name]
