"""Sharing and search engines: Open Graph, Twitter cards, JSON-LD that no title can break out of,
and a picture per page drawn by the build, the same bytes every time, drawn only once."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html
from PIL import Image

from tests.kit import FIXTURE_BASE_URL, build

NASTY = "Wat </script><script>alert('x')</script> & <!-- doet"


def head_meta(page: Path) -> dict[str, str]:
    doc = html.parse(str(page)).getroot()
    found = {m.get("property") or m.get("name"): m.get("content") for m in doc.iter("meta")}
    found["canonical"] = doc.xpath("string(//link[@rel='canonical']/@href)")
    return found


def json_ld(page: Path) -> list[dict]:
    doc = html.parse(str(page)).getroot()
    return [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]


def local(public: Path, url: str) -> Path:
    assert url.startswith(FIXTURE_BASE_URL + "/"), url
    return public / url.removeprefix(FIXTURE_BASE_URL + "/")


def test_every_page_has_cards_with_an_existing_picture(public: Path) -> None:
    # /admin/ is the editors' web editor (noindex), not a page to share
    pages = [p for p in public.rglob("index.html") if p.parent.relative_to(public).parts[:1] != ("admin",)]
    assert len(pages) > 30
    for page in pages:
        meta = head_meta(page)
        for key in ("og:title", "og:description", "og:url", "og:image", "og:type", "twitter:card",
                    "twitter:image"):
            assert meta.get(key), f"{page}: no {key}"
        assert meta["og:url"] == meta["canonical"]
        assert meta["twitter:card"] == "summary_large_image"
        picture = local(public, meta["og:image"])
        assert picture.is_file(), f"{page}: {meta['og:image']} was not built"


def test_article_picture_is_its_own_1200_by_630_png(public: Path) -> None:
    meta = head_meta(public / "actueel" / "samen-leren-in-de-wijk" / "index.html")
    assert meta["og:image"] == f"{FIXTURE_BASE_URL}/actueel/samen-leren-in-de-wijk/deelbeeld.png"
    assert meta["og:type"] == "article"
    assert meta["article:published_time"] == "2021-04-12T10:00:00+02:00"
    with Image.open(local(public, meta["og:image"])) as picture:
        assert picture.format == "PNG" and picture.size == (1200, 630)
        # the movement's teal ground, with light title text on it
        rgb = picture.convert("RGB")
        assert rgb.getpixel((600, 400)) == (0x00, 0x60, 0x6B)
        assert all(high > 200 for _low, high in rgb.crop((80, 80, 1120, 160)).getextrema())
    other = (public / "actueel" / "windows-bestand" / "deelbeeld.png").read_bytes()
    assert local(public, meta["og:image"]).read_bytes() != other
    listing = head_meta(public / "actueel" / "index.html")
    assert listing["og:image"] == f"{FIXTURE_BASE_URL}/deelbeeld.png" and listing["og:type"] == "website"


def test_json_ld_describes_articles_events_and_organisations(public: Path) -> None:
    (article,) = json_ld(public / "actueel" / "samen-leren-in-de-wijk" / "index.html")
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Samen leren in de wijk"
    assert article["datePublished"] == "2021-04-12T10:00:00+02:00"
    assert article["image"] == [f"{FIXTURE_BASE_URL}/media/beelden/kring.svg",
                                f"{FIXTURE_BASE_URL}/actueel/samen-leren-in-de-wijk/deelbeeld.png"]
    (event,) = json_ld(public / "bijeenkomsten" / "lustrumbijeenkomst-2022" / "index.html")
    assert event["@type"] == "Event"
    assert event["startDate"] == "2022-04-07T10:00:00+02:00"
    assert event["location"]["@type"] == "Place" and event["location"]["name"] == "De Kapelle, Nieuwegein"
    (online,) = json_ld(public / "bijeenkomsten" / "inspiratiebijeenkomst-jet-bussemaker" / "index.html")
    assert online["location"]["@type"] == "VirtualLocation"
    (org,) = json_ld(public / "deelnemers" / "de-leyhoeve" / "index.html")
    assert org["@type"] == "Organization" and org["url"] == "https://www.leyhoeve.nl"
    assert org["address"]["addressLocality"] == "Tilburg"
    (home,) = json_ld(public / "index.html")
    assert home["@type"] == "Organization"


def test_a_title_with_script_tags_cannot_break_out(public: Path) -> None:
    page = public / "actueel" / "script-in-de-titel" / "index.html"
    source = page.read_text("utf-8")
    doc = html.parse(str(page)).getroot()
    scripts = doc.xpath("//script")
    # only the theme's own scripts and the one JSON-LD block: nothing injected
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)
    (data,) = json_ld(page)
    assert data["headline"] == NASTY
    assert "alert('x')</script>" not in source.split("application/ld+json", 1)[1].split("</script>", 1)[0]
    # attributes are escaped by Jinja; the typography filter only curls the quotes
    assert head_meta(page)["og:title"].startswith("Wat </script><script>alert(")


def pictures(public: Path) -> dict[str, bytes]:
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in public.rglob("deelbeeld.png")}


def cache_files(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / ".cache" / "rvz-site" / "social").rglob("*.png")}


def test_pictures_are_identical_across_builds_and_drawn_once(fresh_content: Path, tmp_path: Path) -> None:
    # two builds with their own (empty) caches draw the same bytes
    for name in ("a", "b"):
        assert build(fresh_content, tmp_path / name / "public").code == 0
    first = pictures(tmp_path / "a" / "public")
    assert len(first) == len(list((tmp_path / "a" / "public").rglob("deelbeeld.png"))) > 10
    assert first == pictures(tmp_path / "b" / "public")
    # the cache beside the output keeps one picture per title: a rebuild draws nothing
    drawn = cache_files(tmp_path / "a")
    assert len(drawn) == len(set(first.values()))
    assert build(fresh_content, tmp_path / "a" / "public").code == 0
    assert cache_files(tmp_path / "a") == drawn
    # a new title draws exactly one new picture
    article = fresh_content / "actueel" / "samen-leren-in-de-wijk.md"
    article.write_text(article.read_text("utf-8").replace("title: Samen leren in de wijk",
                                                          "title: Samen leren in de buurt"), "utf-8")
    assert build(fresh_content, tmp_path / "a" / "public").code == 0
    after = cache_files(tmp_path / "a")
    assert set(drawn) < set(after) and len(after) == len(drawn) + 1
    assert pictures(tmp_path / "a" / "public")["actueel/samen-leren-in-de-wijk/deelbeeld.png"] != \
        first["actueel/samen-leren-in-de-wijk/deelbeeld.png"]


def test_dutch_accents_are_drawn_not_replaced_by_a_box() -> None:
    # a font without é/ë/ï draws one and the same "missing glyph" box for each of them
    from rvz_site.outputs.socialimage import draw_social_image

    drawn = {draw_social_image(f"Idee{c}n", "Site") for c in ("ë", "é", "ê", "è")}
    assert len(drawn) == 4


def test_pictures_drawn_on_two_processes_equal_those_drawn_on_one(tmp_path: Path) -> None:
    from rvz_site.core.parallel import MIN_PARALLEL
    from rvz_site.outputs.socialimage import ImageCache, SocialImage, social_image_files

    titles = [f"Bijeenkomst nummer {n} over zeggenschap en ruimte voor één bewoner" for n in range(MIN_PARALLEL + 12)]
    wanted = [SocialImage(f"actueel/a{n}/deelbeeld.png", t) for n, t in enumerate(titles)]
    wanted.append(SocialImage("actueel/dubbel/deelbeeld.png", titles[0]))  # the same title: one picture
    drawn = {}
    for jobs in (1, 2):
        outputs = social_image_files(wanted, "Radicale vernieuwing zorg", ImageCache(tmp_path / str(jobs)), jobs)
        assert [o.path for o in outputs] == [w.path for w in wanted]
        drawn[jobs] = [Path(str(o.copy_from)).read_bytes() for o in outputs]
    assert drawn[1] == drawn[2]
    assert len(set(drawn[2])) == len(titles)
    assert len(list((tmp_path / "2").rglob("*.png"))) == len(titles)


# Titles that take every way through the drawing: each size, the cut with "…", accents, a word too
# long for the line, a line that runs right to left, a glyph Lato lacks, and nothing to draw at all.
SHARE_TITLES = [
    "Samen leren in de wijk",
    "Ideeën van cliënten over coöperaties: \"zeggenschap\" in één middag, met koffie & taart",
    "Van zorgen voor naar zorgen met: wat bewoners, medewerkers, familie en vrijwilligers in twaalf "
    "jaar leerden over zeggenschap, ruimte en vertrouwen in de wijk, en wat de gemeente ervan vond",
    " ".join(["Verantwoording"] * 40),
    "Arbeidsmarktvernieuwingsprogrammaontwikkelingstrajectbegeleidingsbijeenkomst",
    "Bezoek uit Haifa: שלום עולם in de huiskamer",
    "Zorg 🙂 met\tnul\x00tekens",
    "",
]


def test_share_picture_has_the_pixels_of_pillows_plain_drawing() -> None:
    # draw_social_image draws only the title's rows, from cached words, into its own PNG; the
    # plain way draws the whole picture with Pillow. Decoded, the two must not differ in one pixel.
    import io

    from rvz_site.outputs.socialimage import draw_social_image, plain_picture

    for title in SHARE_TITLES:
        for site_title in ("Radicale vernieuwing zorg", "Zorg 🙂 " * 30):
            drawn = Image.open(io.BytesIO(draw_social_image(title, site_title)))
            plain = plain_picture(title, site_title)
            assert (drawn.mode, drawn.size) == ("P", (1200, 630))
            assert drawn.getpalette() == plain.getpalette()
            assert drawn.tobytes() == plain.tobytes(), title


def test_share_picture_is_a_valid_png() -> None:
    # Pillow's decoder checks neither the Adler-32 nor the CRC of IDAT: check every chunk here.
    import zlib

    from rvz_site.outputs.socialimage import draw_social_image

    for title in SHARE_TITLES:
        png = draw_social_image(title, "Radicale vernieuwing zorg")
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        chunks, at = [], 8
        while at < len(png):
            size = int.from_bytes(png[at:at + 4], "big")
            kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + size]
            assert int.from_bytes(png[at + 8 + size:at + 12 + size], "big") == zlib.crc32(kind + data)
            chunks.append((kind, data))
            at += 12 + size
        assert [kind for kind, _ in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
        assert chunks[0][1] == bytes.fromhex("000004b0 00000276 08 03 000000")  # 1200x630, 8-bit palette
        rows = zlib.decompress(chunks[2][1])  # raises on a wrong Adler-32 or a stream cut short
        assert len(rows) == 630 * 1201 and set(rows[::1201]) == {0}  # every row: filter "none"


def test_joined_adler32_equals_zlibs_of_the_joined_bytes() -> None:
    import random
    import zlib

    from rvz_site.outputs.palettepng import combine_adler

    pick = random.Random(16)
    for _ in range(500):
        first = pick.randbytes(pick.randrange(300))
        second = pick.randbytes(pick.randrange(300)) * pick.choice((1, 700))
        assert combine_adler(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(first + second)
