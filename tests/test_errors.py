"""One case per kind of bad input: the whole message, exit code 1, and public/ left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit import REPO, SITE_YAML, build, make_site, run_in_process, snapshot

CASES = [
    pytest.param(
        'actueel/zonder-kop.md',
        'Gewoon tekst zonder kop.\n',
        'fout: content/actueel/zonder-kop.md:1:1\n  |\n1 | Gewoon tekst zonder kop.\n  | ^^^^^^^^^^^^^^^^^^^^^^^^ de kop met gegevens (front matter) ontbreekt\n  = verwacht: het bestand begint met een regel `---`, dan regels als `title: …` en `date: …`, dan weer `---`\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='no_front_matter',
    ),
    pytest.param(
        'actueel/open.md',
        '---\ntitle: Open\ndate: 2020-01-01\nTekst\n',
        'fout: content/actueel/open.md:1:1\n  |\n1 | ---\n  | ^^^ de kop met gegevens (front matter) wordt niet afgesloten\n  = verwacht: een regel `---` na de laatste regel van de kop\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='front_matter_not_closed',
    ),
    pytest.param(
        'actueel/dubbele-punt.md',
        '---\ntitle: Thema: zorg\ndate: 2020-01-01\n---\nx\n',
        'fout: content/actueel/dubbele-punt.md:2:13\n  |\n2 | title: Thema: zorg\n  |             ^ de YAML klopt hier niet: een dubbele punt op een plek waar die niet mag\n  = verwacht: zet tekst met een dubbele punt tussen aanhalingstekens, bijv. title: "Thema: zorg"\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='yaml_syntax_error',
    ),
    pytest.param(
        'actueel/lijst.md',
        '---\n- een\n- twee\n---\nx\n',
        'fout: content/actueel/lijst.md:2:1\n  |\n2 | - een\n  | ^ de kop met gegevens moet bestaan uit velden als `naam: waarde`\n  = verwacht: regels als `title: Een titel`\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='front_matter_not_a_mapping',
    ),
    pytest.param(
        'actueel/zonder-titel.md',
        '---\nsummary: Geen titel\n---\nx\n',
        'fout: content/actueel/zonder-titel.md:2:1\n  |\n2 | summary: Geen titel\n  | ^ het verplichte veld `date` ontbreekt\n  = verwacht: een regel `date: …` (de publicatiedatum, bijv. 2020-12-08)\n\nfout: content/actueel/zonder-titel.md:2:1\n  |\n2 | summary: Geen titel\n  | ^ het verplichte veld `title` ontbreekt\n  = verwacht: een regel `title: …` (de kop van het artikel)\n\n2 fouten in 1 bestand; er is niets geschreven.\n',
        id='missing_title_and_date',
    ),
    pytest.param(
        'actueel/lege-titel.md',
        '---\ntitle: ""\ndate: 2020-01-01\n---\nx\n',
        'fout: content/actueel/lege-titel.md:2:8\n  |\n2 | title: ""\n  |        ^^ deze tekst is leeg\n  = verwacht: tekst van minstens één teken\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='empty_title',
    ),
    pytest.param(
        'actueel/types.md',
        '---\ntitle: Goed\ndate: 2020-01-01\ndraft: misschien\nthemes: {a: b}\n---\nx\n',
        'fout: content/actueel/types.md:4:8\n  |\n4 | draft: misschien\n  |        ^^^^^^^^^ hier hoort ja of nee, maar er staat `misschien`\n  = verwacht: `true` of `false`\n\nfout: content/actueel/types.md:5:9\n  |\n5 | themes: {a: b}\n  |         ^^^^^^ hier hoort een lijst, maar er staat een blok met velden\n  = verwacht: een lijst als [een, twee]\n\n2 fouten in 1 bestand; er is niets geschreven.\n',
        id='wrong_types',
    ),
    pytest.param(
        'actueel/maand.md',
        '---\ntitle: Goed\ndate: 2022-13-01\n---\nx\n',
        'fout: content/actueel/maand.md:3:7\n  |\n3 | date: 2022-13-01\n  |       ^^^^^^^^^^ `2022-13-01` is geen geldige datum: maand 13 bestaat niet (1-12)\n  = verwacht: een datum als JJJJ-MM-DD, bijv. 2022-12-01, of 2022-12-01T09:30:00+01:00\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='impossible_month',
    ),
    pytest.param(
        'actueel/dag.md',
        '---\ntitle: Goed\ndate: 2020-02-30\n---\nx\n',
        'fout: content/actueel/dag.md:3:7\n  |\n3 | date: 2020-02-30\n  |       ^^^^^^^^^^ `2020-02-30` is geen geldige datum: deze maand heeft geen dag 30 (1-29)\n  = verwacht: een datum als JJJJ-MM-DD, bijv. 2022-12-01, of 2022-12-01T09:30:00+01:00\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='impossible_day',
    ),
    pytest.param(
        'actueel/woorden.md',
        '---\ntitle: Goed\ndate: gisteren\n---\nx\n',
        'fout: content/actueel/woorden.md:3:7\n  |\n3 | date: gisteren\n  |       ^^^^^^^^ `gisteren` is geen datum\n  = verwacht: een datum als JJJJ-MM-DD, bijv. 2022-12-01, of 2022-12-01T09:30:00+01:00\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='date_in_words',
    ),
    pytest.param(
        'actueel/tijd.md',
        '---\ntitle: Goed\ndate: 2020-01-01T10:00:00\n---\nx\n',
        'fout: content/actueel/tijd.md:3:7\n  |\n3 | date: 2020-01-01T10:00:00\n  |       ^^^^^^^^^^^^^^^^^^^ bij `2020-01-01T10:00:00` ontbreekt de tijdzone\n  = verwacht: een datum als JJJJ-MM-DD, bijv. 2022-12-01, of 2022-12-01T09:30:00+01:00\n  = bedoel je `2020-01-01T10:00:00+01:00` (wintertijd) of `2020-01-01T10:00:00+02:00` (zomertijd)?\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='datetime_without_offset',
    ),
    pytest.param(
        'actueel/sleutel.md',
        '---\ntitle: Goed\ndate: 2020-01-01\nkeyword: [zorg]\n---\nx\n',
        'fout: content/actueel/sleutel.md:4:1\n  |\n4 | keyword: [zorg]\n  | ^^^^^^^ onbekend veld `keyword`\n  = verwacht: een van: title, date, summary, subtitle, themes, keywords, organisations, slug, draft, image, image_alt, image_focus, aliases, publish_date, expiry_date\n  = bedoel je `keywords`?\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='unknown_key',
    ),
    pytest.param(
        'actueel/termen.md',
        '---\ntitle: Goed\ndate: 2020-01-01\nthemes: [verbreden-bewging, overig]\norganisations: [sensir]\n---\nx\n',
        'fout: content/actueel/termen.md:4:10\n  |\n4 | themes: [verbreden-bewging, overig]\n  |          ^^^^^^^^^^^^^^^^^ onbekend thema `verbreden-bewging`\n  = verwacht: een sleutel uit content/themes.yaml\n  = bedoel je `verbreden-beweging`?\n\nfout: content/actueel/termen.md:5:17\n  |\n5 | organisations: [sensir]\n  |                 ^^^^^^ onbekende deelnemer `sensir`\n  = verwacht: een sleutel uit content/organisations.yaml\n  = bedoel je `sensire`?\n\n2 fouten in 1 bestand; er is niets geschreven.\n',
        id='unknown_theme_and_organisation',
    ),
    pytest.param(
        'actueel/uitbraak.md',
        '---\ntitle: Goed\ndate: 2020-01-01\nslug: ../../etc\n---\nx\n',
        'fout: content/actueel/uitbraak.md:4:7\n  |\n4 | slug: ../../etc\n  |       ^^^^^^^^^ `../../etc` kan geen deel van een webadres zijn\n  = verwacht: kleine letters, cijfers en streepjes, bijv. `nieuwe-bijeenkomst`\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='slug_outside_public',
    ),
    pytest.param(
        'actueel/leeg.md',
        '',
        'fout: content/actueel/leeg.md:1:1\n  dit bestand is leeg\n  = verwacht: het bestand begint met een regel `---`, dan regels als `title: …` en `date: …`, dan weer `---`\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='empty_file',
    ),
    pytest.param(
        'actueel/bom.md',
        '---\ntitle: Goed\ndate: 2020-01-01\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\nx\n',
        'fout: content/actueel/bom.md:4:4\n  |\n4 | a: &a [x,x,x,x,x,x,x,x,x]\n  |    ^ ankers en verwijzingen (& en *) zijn hier niet toegestaan\n  = verwacht: elke waarde voluit geschreven\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='alias_bomb',
    ),
    pytest.param(
        'actueel/latin1.md',
        b'---\ntitle: Caf\xe9\ndate: 2020-01-01\n---\n',
        'fout: content/actueel/latin1.md:2:11\n  |\n2 | title: Caf�\n  |           ^ dit bestand is niet opgeslagen als UTF-8\n  = verwacht: een bestand in UTF-8\n  = sla het bestand in je editor op met de codering UTF-8\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='not_utf8',
    ),
    pytest.param(
        'actueel/dubbel.md',
        '---\ntitle: Dubbel\ndate: 2020-01-01\nslug: een-goed-artikel\n---\nx\n',
        'fout: content/actueel/een-goed-artikel.md:1:1\n  het webadres `een-goed-artikel` wordt al gebruikt door content/actueel/dubbel.md:4:7\n  = verwacht: een eigen slug per artikel in een rubriek\n  = geef een van beide een andere bestandsnaam of een eigen `slug:`\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='same_slug_twice',
    ),
    pytest.param(
        'actueel/zelfde-adres.md',
        '---\ntitle: Zelfde adres\ndate: 2020-01-01\nslug: een-goed-artikel\n---\nx\n',
        'fout: content/actueel/zelfde-adres.md:4:7\n  |\n4 | slug: een-goed-artikel\n  |       ^^^^^^^^^^^^^^^^ het webadres `een-goed-artikel` wordt al gebruikt door content/actueel/een-goed-artikel.md:1:1\n  = verwacht: een eigen slug per artikel in een rubriek\n  = geef een van beide een andere bestandsnaam of een eigen `slug:`\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='same_slug_as_a_file_name',
    ),
    pytest.param(
        'pages/themas-pagina.md',
        '---\ntitle: Thema\'s\nslug: themas\n---\nx\n',
        'fout: content/pages/themas-pagina.md:3:7\n  |\n3 | slug: themas\n  |       ^^^^^^ het webadres `/themas/` is al in gebruik door de site zelf\n  = verwacht: een andere naam voor deze pagina\n  = bijv. `slug: themas-pagina`\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='page_slug_taken_by_the_site',
    ),
    pytest.param(
        'actueel/nul.md',
        '---\ntitle: Nul\ndate: 2020-01-01\n---\nab\x00cd\n',
        'fout: content/actueel/nul.md:5:3\n  |\n5 | ab\ufffdcd\n  |   ^ dit bestand bevat nul-tekens en is waarschijnlijk geen tekstbestand\n  = verwacht: een Markdown-bestand in UTF-8\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='nul_character',
    ),
    pytest.param(
        'actueel/witruimte.md',
        '\n  \n',
        'fout: content/actueel/witruimte.md:1:1\n  dit bestand is leeg\n  = verwacht: het bestand begint met een regel `---`, dan regels als `title: …` en `date: …`, dan weer `---`\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='only_blank_lines',
    ),
    pytest.param(
        'actueel/Mijn Artikel.md',
        '---\ntitle: Goed\ndate: 2020-01-01\n---\nx\n',
        'fout: content/actueel/Mijn Artikel.md:1:1\n  de bestandsnaam `Mijn Artikel.md` kan geen webadres worden\n  = verwacht: een bestandsnaam van kleine letters, cijfers en streepjes, bijv. `nieuwe-bijeenkomst`\n  = hernoem het bestand naar `mijn-artikel.md`, of zet `slug: mijn-artikel` in de kop\n\n1 fout in 1 bestand; er is niets geschreven.\n',
        id='file_name_not_a_slug',
    ),
]


@pytest.mark.parametrize(("rel", "text", "message"), CASES)
def test_bad_input_is_explained_and_public_is_untouched(
    tmp_path: Path, rel: str, text: str | bytes, message: str
) -> None:
    content = make_site(tmp_path)
    public = tmp_path / "public"
    assert build(content, public).code == 0
    before = snapshot(public)

    bad = content / rel
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    result = build(content, public)

    assert result.code == 1
    assert result.err == message
    assert "Traceback" not in result.err
    assert snapshot(public) == before


def test_every_error_of_a_run_is_shown_together(tmp_path: Path) -> None:
    content = make_site(tmp_path, {
        "actueel/a.md": "---\ntitle: A\ndate: 2022-13-01\n---\n",
        "praktijkvoorbeelden/b.md": "---\ntitle: B\ndate: 2020-01-01\nthemes: [overg]\n---\n",
        "pages/c.md": "geen kop\n",
        "themes.yaml": "- key: Fout Sleutel\n  name: X\n  description: Y\n- key: overig\n  name: O\n  description: D\n",
    })
    result = build(content, tmp_path / "public")
    assert result.code == 1
    # the fifth: themes.yaml lost `verbreden-beweging`, which een-goed-artikel.md names
    assert result.err.count("fout: ") == 5
    assert result.err.endswith("5 fouten in 5 bestanden; er is niets geschreven.\n")
    order = [line.split(":")[1].strip() for line in result.err.splitlines() if line.startswith("fout: ")]
    assert order == sorted(order)
    assert "bedoel je `overig`?" in result.err
    assert not (tmp_path / "public").exists()


def test_registry_and_settings_errors_point_at_their_line(tmp_path: Path) -> None:
    content = make_site(tmp_path, {
        "organisations.yaml": "- key: sensire\n  name: Sensire\n  plaats: Varsseveld\n  role: Ambassadeur\n",
        "site.yaml": "title: X\ndescription: Y\nbase_url: geen-adres\ntheme: rvz\nmenu: []\n"
                     "contact: {organisation: LOC, email: a@b.nl}\n",
    })
    result = build(content, tmp_path / "public")
    assert result.code == 1
    assert "fout: content/organisations.yaml:3:3" in result.err
    assert "onbekend veld `plaats`" in result.err
    assert "bedoel je `place`?" in result.err
    assert "fout: content/site.yaml:3:11" in result.err
    assert "`geen-adres` is geen volledig webadres" in result.err


def test_template_error_names_template_file_and_line(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    theme = tmp_path / "themes" / "rvz"
    import shutil

    shutil.copytree(REPO / "themes" / "rvz", theme)
    page = theme / "templates" / "page.html"
    (theme / "templates" / "article.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ article.titel }}</h1>\n{% endblock %}\n')
    public = tmp_path / "public"
    result = build(content, public)
    assert result.code == 1
    assert "fout: themes/rvz/templates/article.html:3:1" in result.err
    assert "titel" in result.err
    assert "Traceback" not in result.err
    assert not public.exists()

    shutil.copy(REPO / "themes" / "rvz" / "templates" / "article.html",
                theme / "templates" / "article.html")
    (content / "pages").mkdir()
    (content / "pages" / "over-ons.md").write_text("---\ntitle: Over ons\n---\nTekst.\n")
    page.write_text("{% block main %}\n{% if %}\n")
    result = build(content, public)
    assert result.code == 1
    assert "fout: themes/rvz/templates/page.html:2:1" in result.err


def test_alias_bomb_fails_small_and_fast(tmp_path: Path) -> None:
    levels = ["a0: &a0 [" + ",".join(["x"] * 10) + "]"]
    for i in range(1, 12):  # 10**12 items if expanded
        levels.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 10) + "]")
    content = make_site(tmp_path, {
        "actueel/bom.md": "---\ntitle: Bom\ndate: 2020-01-01\n" + "\n".join(levels) + "\n---\n",
    })
    result = build(content, tmp_path / "public")
    assert result.code == 1
    assert "ankers en verwijzingen (& en *) zijn hier niet toegestaan" in result.err


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    assert run_in_process("build", "--today", "morgen").code == 2
    content = make_site(tmp_path)
    result = build(content, content)  # writing over the content folder is refused
    assert result.code == 2
    assert "contentmap" in result.err


def test_an_old_address_claimed_twice_names_both_places(tmp_path: Path) -> None:
    content = make_site(tmp_path, {
        "actueel/a-bericht.md": "---\ntitle: A\ndate: 2020-01-01\naliases: [/oud/adres/]\n---\nx\n",
        "actueel/b-bericht.md": "---\ntitle: B\ndate: 2020-01-02\naliases:\n  - /oud/adres\n---\nx\n",
    })
    result = build(content, tmp_path / "public")
    assert result.code == 1
    assert result.err == (
        "fout: content/actueel/b-bericht.md:5:5\n  |\n5 |   - /oud/adres\n  |     ^^^^^^^^^^ het oude adres "
        "`/oud/adres` verwijst al naar /actueel/a-bericht/, via content/actueel/a-bericht.md:4:11\n"
        "  = verwacht: een oud adres dat nog niet door de site of een ander artikel wordt gebruikt\n"
        "  = elk oud adres kan maar naar één pagina leiden; haal het bij een van beide weg\n\n"
        "1 fout in 1 bestand; er is niets geschreven.\n")


def test_an_unknown_theme_points_at_its_value_in_site_yaml(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"site.yaml": SITE_YAML.replace("theme: rvz", "theme: rvx")})
    result = build(content, tmp_path / "public")
    assert result.code == 1
    searched = f"{tmp_path.resolve()}/themes/rvx, {Path(__file__).resolve().parent.parent}/themes/rvx"
    assert result.err == (
        "fout: content/site.yaml:4:8\n  |\n4 | theme: rvx\n  |        ^^^ het thema `rvx` bestaat niet\n"
        f"  = verwacht: een map met templates/ in {searched}\n\n1 fout in 1 bestand; er is niets geschreven.\n")


def test_an_empty_settings_file_is_placed_at_its_start(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"site.yaml": "\n"})
    result = build(content, tmp_path / "public")
    assert result.code == 1
    assert result.err == ("fout: content/site.yaml:1:1\n  het bestand is leeg\n"
                          "  = verwacht: de instellingen van de site\n\n1 fout in 1 bestand; er is niets geschreven.\n")


def test_a_missing_included_template_points_at_the_include(tmp_path: Path) -> None:
    import shutil

    content = make_site(tmp_path)
    theme = tmp_path / "themes" / "rvz"
    shutil.copytree(Path(__file__).parent.parent / "themes" / "rvz", theme)
    (theme / "templates" / "article.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n  {% include "kaartje.html" %}\n{% endblock %}\n')
    result = build(content, tmp_path / "public")
    assert result.code == 1
    assert result.err == (
        "fout: themes/rvz/templates/article.html:3:1\n  |\n3 |   {% include \"kaartje.html\" %}\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ de template `kaartje.html` bestaat niet\n"
        "  = verwacht: een bestand in themes/rvz/templates/\n\n1 fout in 1 bestand; er is niets geschreven.\n")
