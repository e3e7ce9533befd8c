"""Hostile input never gives a traceback: random bytes, deep nesting, huge values, YAML
alias bombs and control characters in front matter and Markdown end in a clear Dutch error
(exit 1) or a valid page (exit 0). Paths can never leave public/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kit import build, build_subprocess, copy_fixture, make_site, write

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIELDS = ["title", "date", "summary", "subtitle", "themes", "keywords", "organisations", "slug", "draft",
          "image", "image_alt", "aliases", "publish_date", "expiry_date", "start", "end", "location"]
CONTROL = "".join(map(chr, range(0, 32))) + "\x7f\u0085\u2028\u2029\u202e\ufeff\ud7ff\ue000"


def assert_clean(files: dict[str, bytes]) -> tuple[int, str, Path]:
    """Build a small site holding `files`; the outcome must be a page or a clear error."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_site(root, files)
        out = root / "public"
        run = build(content, out)
        code, err = run.code, run.err
        assert code in (0, 1), err
        assert "Traceback" not in err, err
        if code == 1:
            assert err.startswith("fout: ") or "\nfout: " in err, err
            assert "er is niets geschreven" in err
            assert not out.exists()
        else:
            assert (out / "index.html").is_file()
        return code, err, root


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_as_an_article(data: bytes) -> None:
    assert_clean({"actueel/willekeurig.md": data})


def yaml_value() -> st.SearchStrategy[str]:
    scalar = st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]) | st.sampled_from(CONTROL), max_size=40),
        st.sampled_from(["2020-01-01", "2020-13-45", "2020-02-30T25:61:00+01:00", "0001-01-01T00:00:00+14:00",
                         "9999-12-31T23:59:59-14:00", "yes", "~", "null", "[]", "{}", "&a x", "*a", "!!binary aGk=",
                         "!!python/object/apply:os.system ['ls']", "'", '"', "|", ">", "- x", "? x", "%TAG",
                         "/media/../../etc/passwd", "/?p=1", "javascript:alert(1)", "1e400", "0x" + "f" * 50]),
        st.integers().map(str),
        st.just("x" * 250_000),
    )
    nested = st.integers(min_value=1, max_value=400).map(lambda n: "[" * n + "a" + "]" * n)
    return st.one_of(scalar, nested, st.lists(scalar, max_size=5).map(lambda xs: "[" + ", ".join(xs) + "]"))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(FIELDS) | st.text(max_size=8), yaml_value()), max_size=8),
       st.booleans())
def test_fuzzed_front_matter(pairs: list[tuple[str, str]], with_required: bool) -> None:
    lines = ["title: Proef", "date: 2020-01-01"] if with_required else []
    lines += [f"{key}: {value}" for key, value in pairs]
    text = "---\n" + "\n".join(lines) + "\n---\nTekst.\n"
    assert_clean({"actueel/proef.md": text.encode("utf-8", "surrogatepass")})


MARKDOWN_BITS = ["# ", "> ", "- ", "1. ", "    ", "```", "`", "*", "_", "**", "[", "]", "(", ")", "![", "<", ">",
                 "</", "<div>", "<script>", "<a href='javascript:x'>", "&", "&#0;", "&#x110000;", "|", "|-|",
                 "[^1]", "[^1]: ", "///", "/// callout | ", "\n", "\n\n", "{: .x }", "{: onclick=x }", "\t"]


@FUZZ
@given(st.lists(st.sampled_from(MARKDOWN_BITS) | st.text(max_size=20), max_size=200),
       st.integers(min_value=0, max_value=200))
def test_fuzzed_markdown(bits: list[str], depth: int) -> None:
    # deeper nesting is slow to convert; NASTY below holds one of each kind, far deeper
    body = "".join(bits) + "\n" + "".join(("  " * i) + "- x\n" for i in range(depth)) \
        + ">" * depth + " citaat\n" + "[" * depth + "x" + "]" * depth + "\n"
    text = "---\ntitle: Proef\ndate: 2020-01-01\n---\n" + body
    assert_clean({"actueel/proef.md": text.encode("utf-8", "surrogatepass")})


NASTY = {
    "diepe-lijst": "".join("  " * i + "- a\n" for i in range(600)),
    "diepe-html": "<div>" * 5000 + "x" + "</div>" * 5000,
    "diepe-haken": "[" * 5000 + "x" + "]" * 5000 + "(/a/)",
    "voetnoten": "".join(f"x[^{i}]\n\n[^{i}]: y[^{i + 1}]\n\n" for i in range(300)),
    "brede-tabel": "|" + "a|" * 3000 + "\n|" + "-|" * 3000,
    "stuurtekens": "a\x07b\x1b[31mc\u202ed\u2028e",
}


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_bodies_build_or_fail_clearly(name: str) -> None:
    # Python-Markdown up to 3.10 recursed once per level of a list, and 600 levels were an error
    # ("te diep genest", content/parse.py); 3.11 stops nesting deeper on its own, so they build.
    code, err, _ = assert_clean({f"actueel/{name}.md": f"---\ntitle: x\ndate: 2020-01-01\n---\n{NASTY[name]}\n".encode()})
    if name == "diepe-lijst":
        assert code == 0 or (code == 1 and "te diep genest" in err), err


def test_extreme_dates_are_errors_not_crashes() -> None:
    for value in ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "1899-12-31"):
        for key in ("date", "publish_date"):
            extra = "date: 2020-01-01\n" if key != "date" else ""
            code, err, _ = assert_clean({"actueel/x.md": f"---\ntitle: x\n{extra}{key}: {value}\n---\nx\n".encode()})
            assert code == 1 and "ligt niet tussen 1900 en 2999" in err, err


def test_the_real_command_line_on_every_nasty_file_at_once(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    for name, body in NASTY.items():
        write(content / "actueel" / f"{name}.md", f"---\ntitle: x\ndate: 2020-01-01\n---\n{body}\n")
    (content / "actueel" / "bytes.md").write_bytes(bytes(range(256)) * 4)
    bomb = "\n".join(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}" if i else "x"] * 9) + "]" for i in range(12))
    write(content / "actueel" / "bom.md", f"---\ntitle: x\ndate: 2020-01-01\n{bomb}\n---\nx\n")
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 1
    assert "Traceback" not in result.err
    for name in ("bytes", "bom"):  # (diepe-lijst: see test_nasty_bodies_build_or_fail_clearly)
        assert f"content/actueel/{name}.md" in result.err
    assert not (tmp_path / "public").exists()


def test_a_ten_megabyte_article_fails_clearly(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    paragraph = "De zorg wordt anders georganiseerd, samen met bewoners en familie. " * 10 + "\n\n"
    big = "---\ntitle: Groot\ndate: 2020-01-01\n---\n" + paragraph * (10_000_000 // len(paragraph))
    write(content / "actueel" / "groot.md", big)
    write(content / "actueel" / "lang.md", "---\ntitle: Lang\ndate: 2020-01-01\n---\n" + paragraph * 300)
    out = tmp_path / "public"
    result = build_subprocess(content, out)
    assert result.code == 1
    assert "fout: content/actueel/groot.md:1:1\n  dit bestand is 10.0 MB groot; een artikel mag hoogstens 1 MB zijn" \
        in result.err
    assert "lang.md" not in result.err
    (content / "actueel" / "groot.md").unlink()
    assert build_subprocess(content, out).code == 0  # a long (200 kB) article builds
    assert (out / "actueel" / "lang" / "index.html").stat().st_size > 200_000


def test_no_path_from_the_content_reaches_outside_public(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write(content / "actueel" / "uitbraak.md",
          "---\ntitle: x\ndate: 2020-01-01\nslug: ../../buiten\nimage: /media/../../../etc/passwd\n"
          "image_alt: x\naliases: [/../../../tmp/x/]\n---\n![x](/media/../../geheim.txt)\n")
    write(content / "pages" / "..md", "---\ntitle: x\n---\nx\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    site = tmp_path / "site"
    result = build_subprocess(content, site / "public")
    assert result.code == 1, result.err
    assert "uitbraak.md:4:7" in result.err  # the slug
    assert "uitbraak.md:5:8" in result.err  # the image
    assert "uitbraak.md:7:10" in result.err  # the alias
    assert sorted(p.name for p in tmp_path.iterdir() if p != site) == before
    # The one thing a failed build may leave is its build cache (parsed articles, no pages).
    assert sorted(p.name for p in site.iterdir()) in ([], [".cache"])
    assert not any(p.name in {"buiten", "passwd", "geheim.txt"} for p in tmp_path.rglob("*"))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_symlink_out_of_the_content_folder_is_refused(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    secret = write(tmp_path / "elders" / "geheim.md", "---\ntitle: Geheim\ndate: 2020-01-01\n---\nGeheim.\n")
    (content / "actueel" / "link.md").symlink_to(secret)
    (content / "media" / "geheim.svg").symlink_to(secret)
    (content / "media" / "map").symlink_to(tmp_path / "elders", target_is_directory=True)
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 1
    assert "content/actueel/link.md" in result.err and "content/media/geheim.svg" in result.err
    assert "snelkoppeling naar een bestand buiten de contentmap" in result.err
    assert not (tmp_path / "public").exists()
    # a link that stays inside the content folder is an ordinary file
    (content / "actueel" / "link.md").unlink()
    (content / "media" / "geheim.svg").unlink()
    (content / "actueel" / "kopie.md").symlink_to(content / "actueel" / "toekomst.md")
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 0, result.err
    assert not (tmp_path / "public" / "media" / "map").exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_section_folder_that_links_out_of_the_content_folder_is_refused(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    outside = tmp_path / "elders" / "publicaties"
    outside.mkdir(parents=True)
    for article in (content / "publicaties").iterdir():
        article.rename(outside / article.name)
    (content / "publicaties").rmdir()
    (content / "publicaties").symlink_to(outside, target_is_directory=True)
    result = build_subprocess(content, tmp_path / "public")
    assert result.code == 1
    assert "content/publicaties/" in result.err
    assert "snelkoppeling naar een bestand buiten de contentmap" in result.err
    assert not (tmp_path / "public").exists()
