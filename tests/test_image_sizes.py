"""Every <img> the site writes says its width and height, so nothing moves when the image arrives."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

from rvz_site.content.mediasize import svg_size
from tests.kit import build, make_site

SVG_PX = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="800px" height="450">'
SVG_BOX = b'<svg xmlns="http://www.w3.org/2000/svg"\n     viewBox="0 0 600 850" width="100%">'


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def test_an_svg_says_its_size_in_px_or_through_its_viewbox():
    assert svg_size(SVG_PX + b"</svg>") == (800, 450)
    assert svg_size(SVG_BOX + b"</svg>") == (600, 850)  # 100% is no size; the viewBox is
    assert svg_size(b'<svg width="2em" height="1em"></svg>') is None
    assert svg_size(b"<html></html>") is None


def test_every_img_of_an_article_its_card_and_its_body_has_width_and_height(tmp_path: Path):
    content = make_site(tmp_path, {
        "media/breed.svg": SVG_PX + b"</svg>",
        "media/omslag.svg": SVG_BOX + b"</svg>",
        "media/foto.png": png(40, 30),
        "actueel/met-beelden.md": (
            "---\ntitle: Met beelden\ndate: 2021-01-05\nimage: /media/omslag.svg\n"
            "image_alt: Een omslag\n---\n"
            "![Een brede tekening](/media/breed.svg)\n\nTekst.\n\n![Een foto](/media/foto.png)\n"),
    })
    assert build(content, tmp_path / "public").code == 0
    article = (tmp_path / "public/actueel/met-beelden/index.html").read_text(encoding="utf-8")
    listing = (tmp_path / "public/actueel/index.html").read_text(encoding="utf-8")
    sizes = {}
    for tag in re.findall(r"<img\b[^>]*>", article + listing):
        attrs = dict(re.findall(r'\s([a-z]+)="([^"]*)"', tag))
        sizes[attrs["src"]] = (attrs.get("width"), attrs.get("height"))
    # A photo is published in resized versions (outputs/images): its <img> is the fallback file.
    photo = next(src for src in sizes if src.startswith("/media/foto-"))
    assert sizes == {"/media/omslag.svg": ("600", "850"), "/media/breed.svg": ("800", "450"),
                     photo: ("40", "30")}
    every_img = re.findall(r"<img\b[^>]*>", article + listing)
    assert every_img and all(" width=" in tag and " height=" in tag for tag in every_img)
