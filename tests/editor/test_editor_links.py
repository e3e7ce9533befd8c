"""Links an editor writes in Markdown: checked at the place they were typed, by build and check alike."""

from __future__ import annotations

from tests.kit import TODAY, build, run_in_process, write


def article(body: str, *, title: str = "Links", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2020-01-01\n{extra}---\n{body}"


def test_broken_page_link_fails_the_build_at_its_line_and_column(content, tmp_path):
    out = tmp_path / "public"
    assert build(content, out).code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    write(content / "actueel/links.md",
          article("Eerst tekst.\n\nZie [het verslag](/actueel/inspiratiebijeenkomst-busum/).\n"))
    result = build(content, out)
    assert result.code == 1
    assert "fout: content/actueel/links.md:7:19" in result.err
    assert "de pagina `/actueel/inspiratiebijeenkomst-busum/` bestaat niet op deze site" in result.err
    assert "bedoel je `/actueel/inspiratiebijeenkomst-bussum/`?" in result.err
    # the caret sits under the address as typed
    assert "7 | Zie [het verslag](/actueel/inspiratiebijeenkomst-busum/)." in result.err
    assert "  | " + " " * 18 + "^" * len("/actueel/inspiratiebijeenkomst-busum/") + " de pagina" in result.err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before  # public/ left as it was


def test_relative_md_links_become_page_addresses_in_the_html(content, tmp_path):
    write(content / "actueel/links.md", article(
        "Lees [het verslag](inspiratiebijeenkomst-bussum.md), [over ons](../pages/over-ons.md), "
        "[de tabel](vernieuwingsbeweging-wordt-steeds-sterker.md#landelijke-actieteams) en "
        "![Een kring](../media/beelden/kring.svg).\n"))
    result = build(content, tmp_path / "public")
    assert result.code == 0, result.err
    page = (tmp_path / "public/actueel/links/index.html").read_text()
    assert 'href="/actueel/inspiratiebijeenkomst-bussum/"' in page
    assert 'href="/over-ons/"' in page
    assert 'href="/actueel/vernieuwingsbeweging-wordt-steeds-sterker/#landelijke-actieteams"' in page
    assert 'src="/media/beelden/kring.svg"' in page
    assert ".md" not in page.split("<main", 1)[1]


def test_relative_link_to_a_missing_file(content):
    write(content / "actueel/links.md", article("Zie [dit](../actueel/inspiratiebijeenkomst-busum.md).\n"))
    result = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert result.code == 1
    assert "content/actueel/links.md:5:11" in result.err
    assert "het bestand `../actueel/inspiratiebijeenkomst-busum.md` bestaat niet" in result.err
    assert "bedoel je `inspiratiebijeenkomst-bussum.md`?" in result.err


def test_missing_anchor_on_this_and_another_page(content):
    write(content / "actueel/links.md", article(
        "## Eerste kop\n\nNaar [boven](#eerste-kopp) en "
        "[de tabel](/actueel/vernieuwingsbeweging-wordt-steeds-sterker/#actieteams).\n"
        "Goed: [kop](#eerste-kop) en [inhoud](#inhoud).\n"))
    result = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert result.code == 1
    line = "Naar [boven](#eerste-kopp) en [de tabel]"
    assert f"content/actueel/links.md:7:{line.index('#') + 1}" in result.err
    assert "het anker `#eerste-kopp` bestaat niet in dit artikel" in result.err
    assert "bedoel je `eerste-kop`?" in result.err
    assert ("het anker `#actieteams` bestaat niet op de pagina van "
            "content/actueel/vernieuwingsbeweging-wordt-steeds-sterker.md") in result.err
    assert "bedoel je `landelijke-actieteams`?" in result.err
    assert result.err.count("fout:") == 2


def test_images_and_pdfs_must_exist_and_images_need_alt_text(content):
    write(content / "actueel/links.md", article(
        "![](/media/beelden/kring.svg)\n\n"
        "![Kring](/media/beelden/krink.svg)\n\n"
        "[Download de pdf](/media/publicaties/rapport.pdf)\n\n"
        '<img src="/media/beelden/kring.svg">\n'))
    result = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert result.code == 1
    err = result.err
    assert "content/actueel/links.md:5:1" in err and "deze afbeelding heeft geen beschrijving (alt-tekst)" in err
    assert "content/actueel/links.md:7:10" in err and "het bestand `/media/beelden/krink.svg` bestaat niet" in err
    assert "bedoel je `/media/beelden/kring.svg`?" in err
    assert "content/actueel/links.md:9:19" in err and "het bestand `/media/publicaties/rapport.pdf` bestaat niet" in err
    assert "content/actueel/links.md:11:1" in err
    assert err.count("fout:") == 4


def test_links_that_are_fine(content, tmp_path):
    write(content / "actueel/links.md", article(
        "[thema](/themas/overig/), [feed](/themas/overig/feed.xml), [trefwoord](/trefwoord/communicatie/), "
        "[deelnemer](/deelnemers/sensire/), [home](/), [extern](https://www.loc.nl/x), [mail](mailto:a@loc.nl), "
        "[zonder slash](/actueel/inspiratiebijeenkomst-bussum), [lijst](/actueel/pagina/2/)\n\n"
        "Code is geen link: `[x](/bestaat-niet/)`\n\n```\n[y](/ook-niet/)\n```\n\n"
        "Met voetnoot.[^1]\n\n[^1]: Een bron.\n"))
    result = build(content, tmp_path / "public")
    assert result.code == 0, result.err


def test_a_published_article_may_not_link_to_a_draft_but_a_draft_may(content):
    write(content / "actueel/links.md", article("Zie [het concept](concept.md).\n"))
    write(content / "actueel/ander-concept.md", article("Zie [het concept](/actueel/concept/).\n",
                                                      extra="draft: true\n"))
    result = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert result.code == 1
    assert "content/actueel/links.md:5:19" in result.err
    assert "maar dat is een concept (draft: true) en wordt nog niet gepubliceerd" in result.err
    assert "ander-concept.md" not in result.err


def test_future_article_links_are_judged_by_todays_date(content):
    write(content / "actueel/links.md", article("Zie [later](/actueel/toekomst/).\n"))
    early = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert early.code == 1 and "van een latere datum" in early.err
    later = run_in_process("check", "--content", str(content), "--today", "2031-01-02")
    assert later.code == 0, later.err


def test_links_to_feeds_the_editor_and_redirected_old_addresses_are_not_broken(content):
    # Old addresses that Netlify redirects (WordPress's /feed/ and /tag/…/, an article's aliases:)
    # lead a reader to the right page, so check accepts them; a typo in one is still an error.
    write(content / "actueel/oud.md", article("Tekst.\n", title="Oud", extra="aliases: [/2019/05/oud-bericht/]\n"))
    write(content / "actueel/links.md", article(
        "Zie [de feed](/feed/), [zorg](/tag/communicatie/), [het oude bericht](/2019/05/oud-bericht/), "
        "[de webeditor](/admin/), [alle feeds](/feeds.opml) en [de agenda](/bijeenkomsten/agenda.ics).\n"))
    assert run_in_process("check", "--content", str(content), "--today", TODAY).code == 0
    write(content / "actueel/links.md", article("Zie [het oude bericht](/2019/05/oud-berict/).\n"))
    result = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert result.code == 1
    assert "de pagina `/2019/05/oud-berict/` bestaat niet op deze site" in result.err
