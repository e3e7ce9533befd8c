"""`rvz-site serve`: build the site, watch the content and the theme, rebuild on a change, reload the browser.

Owns the preview server for editors: livereload serves the built folder and tells the browser to
reload; watchfiles reports changes as they are saved; a change is rebuilt through the same stages
and the same build cache as `rvz-site build`, so only the changed file is parsed again and only the
pages whose inputs changed are rendered again, and the preview is what the build would make.
While the content has errors every page shows them, in the same words as the command line, and
the page comes back by itself once the file is fixed.

Must not: build in any other way than pipeline.py, or write into public/ unless told to.
"""

from __future__ import annotations

import html
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from ..build.pipeline import BuildOptions, Timings, load_site, make_photos, render_site
from ..core.errors import SiteError, UsageError, format_report
from ..core.model import OutputFile, Site
from ..outputs import treesync
from ..outputs.writer import write_tree
from ..render.theme import theme_dirs
from ..speed.cache import BuildCache
from ..speed.quickedit import quick_edit

ERROR_PAGE = """<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Fout in de content</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}}
pre{{white-space:pre-wrap;background:#fff4f4;border-left:.4rem solid #b00020;padding:1rem;font-size:1rem}}</style>
</head>
<body><main><h1>De site kan niet gebouwd worden</h1>
<p>Verbeter de content; deze pagina laadt vanzelf opnieuw zodra het bestand is opgeslagen.</p>
<pre id="fouten">{text}</pre></main></body>
</html>
"""


class Preview:
    """The built preview folder, kept up to date; the text of the errors while there are any."""

    def __init__(self, options: BuildOptions) -> None:
        assert options.cache_dir is not None
        self.options = options
        self.cache = BuildCache(options.cache_dir, in_memory=True)
        self.error: str | None = None
        self.lock = threading.Lock()
        # What the preview folder holds, by path, after the last rebuild (only this process writes it).
        self.written: dict[str, tuple[OutputFile, treesync.Stamp]] = {}
        self.site: Site | None = None  # the site the folder shows, when the last rebuild succeeded
        self.quick_edits = 0  # rebuilds done by the quick lane (quickedit.py), for the tests

    def rebuild(self, changed: Sequence[Path] = ()) -> float:
        """Bring the folder up to date after `changed` (unknown: look at everything); returns the
        seconds it took. Content errors are kept, not raised."""
        start = time.perf_counter()
        with self.lock:
            if changed and self.error is None and self.site is not None:
                quick = quick_edit(self.cache.last, self.site, self.options.content_dir, changed)
                if quick is not None:
                    self.options.out_dir.mkdir(parents=True, exist_ok=True)
                    treesync.write_some(self.written, quick.outputs, self.options.out_dir, write_tree)
                    self.site = quick.site
                    self.quick_edits += 1
                    if quick.warnings:
                        print(format_report(list(quick.warnings), wrote_nothing=False), file=sys.stderr)
                    return time.perf_counter() - start
            self.site = None
            timings = Timings()
            try:
                site, theme, warnings = load_site(self.options, timings, self.cache)
                site, photos = make_photos(site, self.options, timings, warnings)
                outputs = render_site(site, theme, timings, self.options.jobs, self.cache) + photos
            except SiteError as exc:
                self.error = format_report(exc.problems)
                print(self.error, file=sys.stderr)
                return time.perf_counter() - start
            out = self.options.out_dir
            out.mkdir(parents=True, exist_ok=True)
            # The preview folder is written in place: nobody publishes it, and a swap of 30,000 files
            # would cost more than the edit itself.
            todo = treesync.plan_from(self.written, outputs) if self.written else treesync.plan(outputs, out)
            self.written = {}  # should writing fail halfway, the next rebuild compares with the disk
            treesync.apply(todo, out, write_tree)
            treesync.prune_empty_folders(out, todo.remove)
            self.written = treesync.record(outputs)
            self.site = site
            if warnings:
                print(format_report(warnings, wrote_nothing=False), file=sys.stderr)
            self.error = None
        return time.perf_counter() - start

    def error_page(self) -> bytes:
        return ERROR_PAGE.format(text=html.escape(self.error or "")).encode("utf-8")


class _NoPolling(Watcher):  # type: ignore[misc]
    """livereload would poll the working folder every 0.8 s; watchfiles reports changes instead."""

    def start(self, callback: Any) -> bool:
        return True

    def examine(self) -> tuple[None, None]:
        return None, None


def _handler(preview: Preview) -> type[StaticFileHandler]:
    class Handler(StaticFileHandler):  # type: ignore[misc]
        async def get(self, path: str, include_body: bool = True) -> None:
            if preview.error is not None:
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(preview.error_page())
                return
            await super().get(path, include_body)

    return Handler


def watched(options: BuildOptions) -> list[Path]:
    return [p for p in (options.content_dir, *theme_dirs(options.content_dir)) if p.is_dir()]


def _watch(preview: Preview, paths: Iterable[Path], loop: IOLoop, stop: threading.Event) -> None:
    from watchfiles import watch

    for changes in watch(*paths, debounce=20, step=5, stop_event=stop, raise_interrupt=False):
        seconds = preview.rebuild([Path(p) for _, p in changes])
        names = sorted({Path(p).name for _, p in changes})
        state = "fouten gevonden" if preview.error else "bijgewerkt"
        print(f"{', '.join(names[:3])}: {state} in {seconds * 1000:.0f} ms", flush=True)
        loop.add_callback(LiveReloadHandler.reload_waiters)


def serve(options: BuildOptions, host: str, port: int, keep_out: bool) -> None:
    """Build, then serve and rebuild until Ctrl+C. The folder is removed afterwards unless `keep_out`."""
    _check_port(host, port)
    preview = Preview(options)
    seconds = preview.rebuild()
    print(f"Voorbeeld gebouwd in {seconds:.1f} s: http://{host}:{port}/ (stoppen: Ctrl+C)", flush=True)
    server = Server(watcher=_NoPolling())
    server.SFH = _handler(preview)
    stop = threading.Event()
    loop = IOLoop.current()
    thread = threading.Thread(target=_watch, args=(preview, watched(options), loop, stop), daemon=True)
    thread.start()
    try:
        server.serve(port=port, host=host, root=str(options.out_dir), restart_delay=0)
    finally:
        stop.set()
        thread.join(5)
        preview.cache.close()
        if not keep_out:
            shutil.rmtree(options.out_dir, ignore_errors=True)


def _check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(f"kan niet luisteren op {host}:{port} ({exc.strerror}); "
                             "kies een andere poort met --port") from None


def preview_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="rvz-site-voorbeeld-")) / "site"
