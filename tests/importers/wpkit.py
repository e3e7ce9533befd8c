"""The WordPress importer's fixture export and what its tests import it with; the runners, the
build and snapshot() are the one kit's (tests/kit.py)."""

from __future__ import annotations

from pathlib import Path

from tests.kit import Run, run_in_process, snapshot

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
EXPORT = (FIXTURES / "export.000.xml", FIXTURES / "export.001.xml")
UPLOADS = FIXTURES / "uploads"
MAP = FIXTURES / "map.yaml"
BAD = FIXTURES / "bad"
EXPECTED = HERE / "expected"
PASSWORD = "Geheim-Wachtwoord-8231"
# Everything of commenters and authors that an export holds and the site must never show.
PRIVATE = (PASSWORD, "auteur.geheim@oudesite.nl", "redacteur.prive@example.com", "lezer.een@voorbeeld-mail.nl",
           "lezer.twee@voorbeeld-mail.nl", "192.0.2.77", "2001:db8::4242", "Lezer Een", "Mooi stuk")


def import_fixture(content: Path, *extra: str | Path) -> Run:
    """The fixture export, its uploads and its map imported into `content`."""
    return run_in_process("import-wordpress", *EXPORT, "--content", content, "--uploads", UPLOADS, "--map", MAP,
                          *extra)


def golden(root: Path, public: Path) -> dict[str, bytes]:
    """What the golden tree holds: the imported folder and reports, and of the built site its
    _redirects and the list of pages (the pages' HTML is the renderer's, checked by tests/test_golden.py)."""
    found = {f"content/{k}": v for k, v in snapshot(root / "content").items()}
    for name in ("import-report.md", "import-report.json"):
        found[name] = (root / name).read_bytes()
    found["built/_redirects"] = (public / "_redirects").read_bytes()
    pages = sorted(p.relative_to(public).as_posix() for p in public.rglob("index.html")
                   if not p.relative_to(public).as_posix().startswith(("admin/", "pagefind/")))
    found["built/pages.txt"] = ("\n".join(pages) + "\n").encode()
    return found
