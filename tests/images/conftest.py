"""Fixtures for the photo tests: ten phone photos made once, and a site that shows them, built once.

The site (`photo_site`) has a news article with its own photo, three photos in its body (one
captioned, one linked as a download), an SVG and a GIF; a page with ten photos (`fotoboek`)
for the browser's weight and layout checks; and an article without a photo.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from tests.images.photokit import phone_photo
from tests.kit import build, make_site

PHOTO_COUNT = 10


def small_gif() -> bytes:
    out = io.BytesIO()
    frames = [Image.new("P", (40, 30), i) for i in (1, 2)]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n'

ARTICLE = """\
---
title: Bewoners kiezen hun eigen tuin
date: 2020-12-09
image: /media/fotos/foto-0.jpg
image_alt: Bewoners en medewerkers planten samen een boom
---
In de tuin werd hard gewerkt.

![Twee bewoners bij de moestuin](/media/fotos/foto-1.jpg)
*Foto: de moestuin in het voorjaar*

![Een kas vol tomaten](/media/fotos/foto-2.jpg)

![Een tekening van de tuin](/media/tekening.svg) en ![Een knipperende bloem](/media/bloem.gif)

Wie wil, kan [de foto van de boom downloaden](/media/fotos/foto-3.jpg).
"""



def photo_book(count: int) -> str:
    """A page that shows `count` photos, one after another."""
    return "---\ntitle: Fotoboek\nsummary: Foto's van een dag in de tuin.\n---\nEen dag in de tuin.\n\n" + "".join(
        f"![Foto {i + 1} van een dag in de tuin](/media/fotos/foto-{i}.jpg)\n\nBij foto {i + 1}.\n\n"
        for i in range(count))

WITHOUT_PHOTO = """\
---
title: Een artikel zonder foto
date: 2020-12-10
---
Alleen tekst.
"""


@dataclass(frozen=True)
class PhotoSite:
    content: Path
    public: Path
    photos: tuple[bytes, ...]


@pytest.fixture(scope="session")
def phone_photos() -> tuple[bytes, ...]:
    return tuple(phone_photo(seed) for seed in range(PHOTO_COUNT))


def photo_files(photos: tuple[bytes, ...]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {f"media/fotos/foto-{i}.jpg": data for i, data in enumerate(photos)}
    files.update({"media/tekening.svg": SVG, "media/bloem.gif": small_gif(),
                  "actueel/eigen-tuin.md": ARTICLE, "actueel/zonder-foto.md": WITHOUT_PHOTO,
                  "pages/fotoboek.md": photo_book(len(photos))})
    return files


@pytest.fixture(scope="session")
def photo_site(tmp_path_factory: pytest.TempPathFactory, phone_photos: tuple[bytes, ...]) -> PhotoSite:
    root = tmp_path_factory.mktemp("photo-site")
    content = make_site(root, photo_files(phone_photos))
    result = build(content, root / "public")
    assert result.code == 0, result.err
    return PhotoSite(content, root / "public", phone_photos)
