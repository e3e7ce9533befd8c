"""Raw HTML in articles: what runs code or loads something by itself is refused at
file:line:col (rvz_site/content/htmlpolicy.py has the written policy); ordinary HTML and code
examples build."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit import build_subprocess, copy_fixture, write

HEAD = "---\ntitle: Proef\ndate: 2020-01-01\n---\n"  # the body starts on line 5


def build_body(tmp_path: Path, body: str) -> tuple[int, str, Path]:
    content = copy_fixture(tmp_path)
    write(content / "actueel" / "proef.md", HEAD + body)
    out = tmp_path / "public"
    result = build_subprocess(content, out)
    assert "Traceback" not in result.err
    return result.code, result.err, out


@pytest.mark.parametrize(("body", "where", "message"), [
    ("Tekst.\n\n<script>alert(1)</script>\n", "proef.md:7:1", "een <script> is niet toegestaan"),
    ("Een <SCRIPT src=https://x.example/a.js></SCRIPT>\n", "proef.md:5:5", "een <script> is niet toegestaan"),
    ('<img src="/media/beelden/kring.svg" alt="k" onerror="alert(1)">\n', "proef.md:5:1",
     "het attribuut `onerror=` voert JavaScript uit"),
    ('Klik <a href="#" OnClick="x()">hier</a>.\n', "proef.md:5:6", "het attribuut `onclick=`"),
    ("[klik](javascript:alert(1))\n", "proef.md:5:8", "een link die met `javascript:` begint"),
    ("Zie [dit][1].\n\n[1]: JavaScript:alert(1)\n", "proef.md:7:6", "`javascript:` begint"),
    ('<a href="jav&#x61;script:alert(1)">x</a>\n', "proef.md:5:1", "`javascript:` begint voert code uit"),
    ('<a href="java\tscript:alert(1)">x</a>\n', "proef.md:5:1", "`javascript:` begint"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)\n", "proef.md:5:5", "`data:` begint"),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>\n', "proef.md:5:1", "een <iframe> is niet toegestaan"),
    ("Tekst\n<style>body{display:none}</style>\n", "proef.md:6:1", "een <style> is niet toegestaan"),
    ('<meta http-equiv="refresh" content="0;url=https://x.example">\n', "proef.md:5:1", "een <meta>"),
])
def test_code_in_an_article_is_refused_where_it_is(tmp_path: Path, body: str, where: str, message: str) -> None:
    code, err, out = build_body(tmp_path, body)
    assert code == 1, err
    assert f"fout: content/actueel/{where}" in err or f"{where}" in err.split("\n")[0], err
    assert message in err
    assert not out.exists()


def test_ordinary_html_and_code_examples_build(tmp_path: Path) -> None:
    body = ("<details><summary>Meer</summary>\n\nTekst met <abbr title=\"Verpleeghuis\">VH</abbr>.\n\n</details>\n\n"
            "Zo niet: `<script>alert(1)</script>` of `[x](javascript:y)`.\n\n"
            "```html\n<img src=x onerror=alert(1)>\n```\n\n"
            "[mail ons](mailto:radicalevernieuwing@loc.nl) en [de site](https://www.loc.nl/).\n")
    code, err, out = build_body(tmp_path, body)
    assert code == 0, err
    page = (out / "actueel" / "proef" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x onerror" not in page
    assert "<abbr title=\"Verpleeghuis\">VH</abbr>" in page


def test_a_style_attribute_builds_with_a_warning(tmp_path: Path) -> None:
    code, err, out = build_body(tmp_path, 'Een <span style="color: red">rode</span> tekst.\n')
    assert code == 0
    assert "waarschuwing: content/actueel/proef.md:5:5" in err or "proef.md:5:5" in err
    assert "een `style=`-attribuut werkt niet op de site" in err


def test_every_problem_of_a_body_is_reported_together(tmp_path: Path) -> None:
    body = "<script>a()</script>\n\n[x](javascript:b())\n\n<b onmouseover=\"c()\">d</b>\n"
    code, err, _ = build_body(tmp_path, body)
    assert code == 1
    assert "3 fouten in 1 bestand" in err
