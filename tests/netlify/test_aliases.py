"""`aliases:` in front matter become lines of public/_redirects; an alias that could never
work (it is a page, or another file already claims it) stops the build at file:line:col."""

from __future__ import annotations

from pathlib import Path

from tests.kit import build_subprocess, copy_fixture, write

ARTICLE = """---
title: Oud bericht
date: 2019-03-01
{extra}
---
Tekst.
"""


def article(content: Path, name: str, extra: str, section: str = "actueel") -> Path:
    return write(content / section / f"{name}.md", ARTICLE.format(extra=extra))


def redirect_lines(public: Path) -> list[str]:
    return [line for line in (public / "_redirects").read_text().splitlines() if not line.startswith("#")]


def test_aliases_become_sorted_permanent_redirects(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    article(content, "oud-bericht", "aliases:\n  - /2019/03/01/oud-bericht/\n  - /?p=77")
    write(content / "pages" / "contact.md", "---\ntitle: Contact\naliases: /contact-2/\n---\nMail ons.\n")
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 0, result.err
    lines = redirect_lines(tmp_path / "public")
    assert "/2019/03/01/oud-bericht/  /actueel/oud-bericht/  301" in lines
    assert "/ p=77  /actueel/oud-bericht/  301!" in lines
    assert "/contact-2/  /contact/  301" in lines
    assert lines == sorted(lines)
    # a second build writes the very same file
    assert build_subprocess(content, tmp_path / "again").code == 0
    assert (tmp_path / "again" / "_redirects").read_bytes() == (tmp_path / "public" / "_redirects").read_bytes()


def test_an_unpublished_article_leaves_no_redirect(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    article(content, "concept-oud", "draft: true\naliases: [/oud-concept/]")
    assert build_subprocess(content, tmp_path / "public").code == 0
    assert not any("/oud-concept/" in line for line in redirect_lines(tmp_path / "public"))


def test_an_alias_that_is_a_page_of_the_site_is_an_error(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    out = tmp_path / "public"
    assert build_subprocess(content, out).code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    article(content, "oud-bericht", "aliases: [/actueel/, /themas/overig]")
    result = build_subprocess(content, out)
    assert result.code == 1
    assert "content/actueel/oud-bericht.md:4:11" in result.err or "oud-bericht.md:4:11" in result.err
    assert "het oude adres `/actueel/` is een pagina van de site zelf" in result.err
    assert "`/themas/overig` is een pagina van de site zelf (/themas/overig/)" in result.err
    assert "Traceback" not in result.err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_two_files_claiming_one_old_address_is_an_error_at_the_second(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    article(content, "a-bericht", "aliases: [/oud/adres/]")
    article(content, "b-bericht", "aliases:\n  - /andere/\n  - /oud/adres", section="praktijkvoorbeelden")
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 1
    assert "b-bericht.md:6:5" in result.err
    assert "`/oud/adres` verwijst al naar /actueel/a-bericht/" in result.err
    assert "a-bericht.md" in result.err.split("verwijst al naar")[1]


def test_an_alias_that_takes_an_old_wordpress_address_is_an_error(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    article(content, "oud-bericht", "aliases: [/tag/communicatie/, /feed/]")
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 1
    assert "`/tag/communicatie/` verwijst al naar /trefwoord/communicatie/" in result.err
    assert "`/feed/` verwijst al naar /feed.xml, via netlify.toml" in result.err


def test_aliases_cannot_leave_the_site_or_break_the_redirects_file(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    for i, bad in enumerate(["/../../etc/passwd", "javascript:alert(1)", "'/oud /nieuw 200!'",
                             "https://elders.nl/", "/?p=abc", "'/a\\tb/'"]):
        article(content, f"slecht-{i}", f"aliases: [{bad}]")
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 1
    assert result.err.count("verwacht: een oud adres dat met / begint") == 6, result.err
    assert not (tmp_path / "public").exists()
