"""Publications: /publicaties/ grouped by year, newest first, and a download button that says
what the file is and how big, in Dutch number format, measured from the file in content/media."""

from __future__ import annotations

from pathlib import Path

from lxml import html


def download_button(public: Path, slug: str) -> tuple[str, str]:
    doc = html.parse(str(public / "publicaties" / slug / "index.html")).getroot()
    (link,) = doc.xpath("//p[@class='download']/a")
    visible = "".join(link.xpath("text()")).strip()
    return visible, link.get("href")


def test_listing_groups_publications_by_year(public: Path) -> None:
    doc = html.parse(str(public / "publicaties" / "index.html")).getroot()
    groups = doc.xpath("//section[contains(@class, 'publication-year')]")
    assert [g.xpath("string(h2)") for g in groups] == ["2021", "2019"]
    titles = [[a.text_content().strip() for a in g.xpath(".//*[contains(@class, 'card-title')]/a")] for g in groups]
    assert titles == [["Zicht op vernieuwing 5", "Zicht op vernieuwing 4"], ["Werkboek van regels naar relaties"]]
    assert not (public / "publicaties" / "pagina").exists(), "one page, however small per_page is"


def test_download_button_names_type_and_size(public: Path) -> None:
    text, href = download_button(public, "werkboek-relaties")
    assert text == "Download de pdf (1 kB)"
    assert (public / href.lstrip("/")).read_bytes().startswith(b"%PDF-")


def test_sizes_in_dutch_format_from_the_real_file(fresh_content: Path, rebuild) -> None:
    (fresh_content / "media" / "publicaties" / "werkboek-relaties.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 1_250_000)
    (fresh_content / "media" / "publicaties" / "werkblad.docx").write_bytes(b"PK" + b"0" * 348_158)
    (fresh_content / "publicaties" / "werkblad.md").write_text(
        "---\ntitle: Werkblad\ndate: 2020-02-02\ndownload: /media/publicaties/werkblad.docx\n---\nEen werkblad.\n",
        "utf-8")
    public = rebuild(fresh_content)
    assert download_button(public, "werkboek-relaties")[0] == "Download de pdf (1,2 MB)"
    assert download_button(public, "werkblad")[0] == "Download het DOCX-bestand (340 kB)"
