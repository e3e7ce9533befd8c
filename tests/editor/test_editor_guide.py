"""docs/redactie.md, the editors' guide: it covers every field and every message, and its example works."""

from __future__ import annotations

import re
import shutil

import pytest
from editor_messages import messages, normalise

from rvz_site.app.cli import make_parser
from rvz_site.content.schema import fields_for
from rvz_site.core.model import ARTICLE_SECTIONS, PAGES_SECTION
from tests.kit import REPO, TODAY, build, run_in_process, write

GUIDE = (REPO / "docs/redactie.md").read_text(encoding="utf-8")


def all_fields():
    seen = {}
    for section in (*ARTICLE_SECTIONS, PAGES_SECTION):
        for field in fields_for(section):
            seen.setdefault(field.name, field)
    return list(seen.values())


@pytest.mark.parametrize("field", all_fields(), ids=lambda f: f.name)
def test_every_front_matter_field_has_a_row_with_its_label_and_whether_it_is_required(field):
    rows = [line for line in GUIDE.splitlines() if line.startswith(f"| `{field.name}` |")]
    assert len(rows) == 1, f"docs/redactie.md: no row for `{field.name}` in the field table"
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert cells[1] == field.label
    assert cells[2] == ("ja" if field.required else "nee")


def test_every_message_the_code_can_show_is_explained():
    found = messages()
    assert len(found) > 60  # the collector really reads the code
    guide = normalise(GUIDE)
    missing = sorted({f"{m.where}: {m.key}" for m in found if m.key not in guide})
    assert not missing, "docs/redactie.md does not explain:\n" + "\n".join(missing)


def test_the_collector_sees_a_new_message():
    """The test above would fail on a message nobody documented: the collector finds this one."""
    keys = {m.key for m in messages()}
    assert "deze afbeelding heeft geen beschrijving (alt-tekst)" in keys
    assert "onbekende deelnemer" in keys
    assert "nieuw verzonnen melding" not in normalise(GUIDE)


def test_the_example_article_passes_check_and_builds(tmp_path):
    """A newcomer copies the example of step 2 into the real content and follows steps 3 and 5."""
    example = re.search(r"```markdown\n(---\n.*?)```", GUIDE, re.S)
    assert example, "the guide shows a whole article"
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    name = "actueel/bewoners-bepalen-zelf-hoe-hun-dag-eruitziet.md"
    write(content / name, example.group(1))
    checked = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert checked.code == 0, checked.err
    published = example.group(1).replace("draft: true\n", "")
    write(content / name, published)
    built = build(content, tmp_path / "public")
    assert built.code == 0, built.err
    page = (tmp_path / "public/actueel/bewoners-bepalen-zelf-hoe-hun-dag-eruitziet/index.html").read_text()
    assert 'href="/bijeenkomsten/inspiratiebijeenkomst-bussum-2017/"' in page


def test_the_commands_in_the_guide_exist():
    commands = set(make_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    for verb in re.findall(r"^rvz-site (\w+)", GUIDE, re.M):
        assert verb in commands, verb
    assert {"new", "check", "serve"} <= commands


def test_the_guides_own_anchors_exist():
    headings = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
                for h in re.findall(r"^#+ (.*)$", GUIDE, re.M)}
    for anchor in re.findall(r"\]\(#([^)]+)\)", GUIDE):
        assert anchor in headings, anchor


PYTHON_WORDS = re.compile(r"\b(None|True|False|dict|str|int|list\[|tuple|exception|traceback|error|"
                          r"invalid|expected|required|argument|usage)\b")


def test_messages_speak_dutch_without_python_terms():
    bad = [f"{m.where}: {m.template}" for m in messages() if PYTHON_WORDS.search(m.template)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(("argv", "said"), [
    (["new", "actueel"], "dit ontbreekt nog: titel"),
    (["check", "--format", "xml"], "--format: 'xml' kan niet; kies uit 'text', 'json'"),
    (["build", "--today", "2020-13-01"], "--today: `2020-13-01` is geen datum; verwacht JJJJ-MM-DD"),
    (["check", "--bla"], "onbekende opties: --bla"),
])
def test_command_line_mistakes_are_explained_in_dutch(argv, said):
    stopped = run_in_process(*argv)
    err = stopped.err
    assert stopped.code == 2
    assert said in err
    assert "gebruik: rvz-site" in err
    assert not PYTHON_WORDS.search(err.replace("--format", "")), err
