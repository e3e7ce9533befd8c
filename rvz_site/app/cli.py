"""The command line: `rvz-site build|serve|check|new|import-wordpress` and `python build.py`.

The one place that catches a SiteError, prints it and picks the exit code:
0 built, 1 the content has errors, 2 wrong usage, 3 a fault in rvz-site itself,
4 the site could not be written (a full disk, no permission).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ..core.errors import SiteError, UsageError, format_report, problems_json
from ..outputs.writer import WriteError, check_target
from ..speed.store import DEFAULT_DIR as DEFAULT_CACHE
from ..speed.uptodate import list_output_early
from .clitext import DutchArgumentParser

if TYPE_CHECKING:
    from ..build.pipeline import BuildOptions
    from ..core.progress import StageListener

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL, EXIT_WRITE = 0, 1, 2, 3, 4


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{value}` is geen datum; verwacht JJJJ-MM-DD") from None


def _common(parser: argparse.ArgumentParser, *, out: bool = True) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="MAP",
                        help="de contentmap (standaard: content)")
    if out:
        parser.add_argument("--out", type=Path, default=Path("public"), metavar="MAP",
                            help="waar de site komt (standaard: public)")
    parser.add_argument("--today", type=_day, default=None, metavar="JJJJ-MM-DD",
                        help="de dag van de build (standaard: vandaag in Amsterdam)")
    parser.add_argument("--drafts", action="store_true", help="ook concepten (draft: true) bouwen")
    parser.add_argument("--future", action="store_true", help="ook artikelen met een datum in de toekomst")


def _speed(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache", type=Path, default=None, metavar="MAP",
                        help="de buildcache, die een volgende build sneller maakt "
                             "(standaard: .cache/rvz-site naast de uitvoermap)")
    parser.add_argument("--no-cache", action="store_true", help="alles opnieuw maken, zonder buildcache")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="aantal processen (standaard: één per processorkern)")


def _talk(parser: argparse.ArgumentParser) -> None:
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument("--quiet", action="store_true",
                      help="alleen fouten en waarschuwingen tonen, geen voortgang en geen samenvatting")
    talk.add_argument("--verbose", action="store_true",
                      help="de tijd van elke stap van de build tonen, ook op een terminal")


def cache_dir(args: argparse.Namespace, out: Path) -> Path | None:
    if args.no_cache:
        return None
    return args.cache or out.absolute().parent / DEFAULT_CACHE


def make_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="rvz-site", description="Bouwt de site van Radicale vernieuwing zorg uit content/.")
    commands = parser.add_subparsers(dest="command", metavar="opdracht")
    build = commands.add_parser("build", help="bouw de site naar public/")
    _common(build)
    _talk(build)
    _speed(build)
    serve = commands.add_parser(
        "serve", help="bekijk de site in je browser; elke wijziging is meteen te zien")
    _common(serve, out=False)
    serve.add_argument("--out", type=Path, default=None, metavar="MAP",
                       help="waar het voorbeeld komt (standaard: een tijdelijke map, niet public/)")
    serve.add_argument("--host", default="127.0.0.1", help="adres (standaard: 127.0.0.1, alleen deze computer)")
    serve.add_argument("--port", type=int, default=8000, help="poort (standaard: 8000)")
    serve.add_argument("--zoals-gepubliceerd", dest="as_published", action="store_true",
                       help="zonder concepten en artikelen met een latere datum, zoals de build ze publiceert "
                            "(standaard worden ze getoond)")
    _speed(serve)
    check = commands.add_parser(
        "check", help="controleer alle content, ook concepten, zonder iets te schrijven")
    _common(check, out=False)
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="json: de meldingen als JSON, voor andere programma's (zonder voortgang)")
    _talk(check)
    new = commands.add_parser("new", help="maak een nieuw artikel: rvz-site new actueel \"Titel\"")
    new.add_argument("section", metavar="rubriek",
                     help="actueel, praktijkvoorbeelden, bijeenkomsten, publicaties of pages")
    new.add_argument("title", metavar="titel", help="de titel, tussen aanhalingstekens")
    new.add_argument("--content", type=Path, default=Path("content"), metavar="MAP",
                     help="de contentmap (standaard: content)")
    new.add_argument("--today", type=_day, default=None, metavar="JJJJ-MM-DD",
                     help="de datum voor het nieuwe artikel (standaard: vandaag)")
    wordpress = commands.add_parser(
        "import-wordpress", help="zet een WordPress-export (Extra → Exporteren) om in een contentmap")
    wordpress.add_argument("exports", nargs="+", type=Path, metavar="EXPORT.xml",
                           help="het exportbestand; een gesplitste export (.000.xml, .001.xml …) als één geheel")
    wordpress.add_argument("--content", type=Path, required=True, metavar="MAP",
                           help="de contentmap: nieuw, of een bestaande om aan toe te voegen")
    wordpress.add_argument("--uploads", type=Path, default=None, metavar="MAP",
                           help="een kopie van wp-content/uploads van de oude site")
    wordpress.add_argument("--map", type=Path, default=None, metavar="BESTAND",
                           help="de kaart (YAML) met rubrieken, thema's en organisaties; --dry-run schrijft er een")
    wordpress.add_argument("--dry-run", action="store_true",
                           help="niets importeren: toon wat de export bevat en schrijf een kaart om te bewerken")
    wordpress.add_argument("--force", action="store_true",
                           help="ook bestanden vervangen die al bestaan met een andere inhoud")
    return parser


def _options(args: argparse.Namespace) -> BuildOptions:
    from ..build.pipeline import BuildOptions
    from ..core.dates import today_in_amsterdam

    return BuildOptions(
        content_dir=args.content,
        out_dir=getattr(args, "out", Path("public")),
        today=args.today or today_in_amsterdam(),
        drafts=args.drafts,
        future=args.future,
    )


def run_build(args: argparse.Namespace) -> int:
    cache = cache_dir(args, args.out)
    # The output folder is listed on another core while this one loads the rest of rvz-site
    # (a third of a second), for the build's "is public/ as the last build left it?".
    listing = list_output_early(args.out) if cache else None
    from .building import build_site

    with _watching(args) as listener:
        report = build_site(replace(_options(args), jobs=args.jobs, cache_dir=cache, listener=listener), listing)
    if report.warnings and not args.quiet:  # --quiet: errors only (issue 14)
        print(format_report(report.warnings, wrote_nothing=False), file=sys.stderr)
    if not args.quiet:
        from .progress import counted, dutch_seconds

        seconds = dutch_seconds(sum(report.timings.values()))
        made = _articles_and_pages(report.articles, report.pages)
        if report.written is None:
            print(f"{made}: niets veranderd sinds de vorige build, {args.out} is al bij ({seconds})")
        else:
            print(f"{made} gebouwd: {counted(report.written.files, 'bestand', 'bestanden')} "
                  f"in {args.out} ({seconds})")
    return EXIT_OK


def _articles_and_pages(articles: int, pages: int) -> str:
    from .progress import counted

    return counted(articles, "artikel", "artikelen") + " en " + counted(pages, "pagina", "pagina's")


@contextlib.contextmanager
def _watching(args: argparse.Namespace) -> Iterator[StageListener | None]:
    """The progress view for this run (app/progress.py), stopped before any error is printed;
    none for `--quiet` and `--format json`, whose output is only the problems."""
    if args.quiet or getattr(args, "format", "text") == "json":
        yield None
        return
    from .progress import progress_view

    with progress_view(verbose=args.verbose) as view:
        yield view


def run_serve(args: argparse.Namespace) -> int:
    from .serve import preview_folder, serve

    out = args.out or preview_folder()
    cache = cache_dir(args, out) if args.out or args.cache or args.no_cache \
        else args.content.absolute().parent / DEFAULT_CACHE.with_name("rvz-site-serve")
    options = replace(_options(args), out_dir=out, jobs=args.jobs, cache_dir=cache or out.parent / "cache",
                      drafts=args.drafts or not args.as_published, future=args.future or not args.as_published)
    check_target(out, args.content)
    serve(options, args.host, args.port, keep_out=args.out is not None)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from ..build.pipeline import load_site

    options = replace(_options(args), everything=True)
    if args.format == "json":  # only the JSON on stdout: no progress view
        try:
            _site, _theme, problems = load_site(options)
        except SiteError as exc:
            problems = list(exc.problems)
        print(problems_json(problems))
        return EXIT_CONTENT if any(p.severity == "error" for p in problems) else EXIT_OK
    with _watching(args) as listener:
        site, _theme, warnings = load_site(replace(options, listener=listener))
    if warnings:
        print(format_report(warnings, wrote_nothing=False), file=sys.stderr)
    print(f"Geen fouten gevonden in {_articles_and_pages(len(site.articles), len(site.pages))} "
          "(concepten en artikelen met een latere datum meegeteld).")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from ..core.dates import today_in_amsterdam
    from .scaffold import plan_new, write_new

    planned = plan_new(args.content, args.section, args.title, args.today or today_in_amsterdam())
    write_new(planned)
    print(planned.path)
    return EXIT_OK


def run_import_wordpress(args: argparse.Namespace) -> int:
    from ..importers.wordpress import ImportOptions, ImportWriteError, import_wordpress

    try:
        return import_wordpress(ImportOptions(tuple(args.exports), args.content, args.uploads, args.map,
                                              args.dry_run, args.force))
    except ImportWriteError as exc:  # the machine, not the export: exit 4 like a build that cannot write
        raise WriteError(str(exc)) from None


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": run_build,
    "serve": run_serve,
    "check": run_check,
    "new": run_new,
    "import-wordpress": run_import_wordpress,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in {"-h", "--help"}:
        argv = ["build", *argv]  # `python build.py --out x` means build
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except SiteError as exc:
        print(format_report(exc.problems), file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"rvz-site: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WriteError as exc:  # the machine, not the content: a full disk, no permission
        print(f"rvz-site: {exc}", file=sys.stderr)
        return EXIT_WRITE
    except KeyboardInterrupt:
        print("rvz-site: afgebroken; public/ is niet veranderd.", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - last resort: never a bare traceback for editors
        traceback.print_exc()
        print("\nrvz-site: dit is een fout in rvz-site zelf, niet in de content. "
              "Meld het met de tekst hierboven; public/ is niet veranderd.", file=sys.stderr)
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The `rvz-site` command and build.py: main(), then end the process at once. Everything is
    written, closed and waited for by then; Python would only spend a tenth of a second more
    freeing the objects of a large site one by one."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
