"""`rvz-site serve`: build the site, watch the content and the theme, rebuild on a change, reload the browser.

Owns the preview server for editors: livereload serves the built folder and tells the browser to
reload; watchfiles reports changes as they are saved; a change is rebuilt by the same build as
`rvz-site build` (pipeline.build_site, in a preview mode: the folder is synced in place), through
the same cached runners and one-article lane, so only the changed file is parsed again, only the
pages whose inputs changed are rendered again, and the preview is what the build would make,
/admin/, share pictures and search included.
While the content has errors every page shows them, in the same words as the command line, and
the page comes back by itself once the file is fixed.

Must not: build in any other way than pipeline.build_site and speed/lane.py, or write into
public/ unless told to.
"""

from __future__ import annotations

import html
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from ..build.pipeline import BuildOptions, build_site
from ..core.errors import SiteError, UsageError, format_report
from ..core.model import OutputFile
from ..outputs import treesync
from ..outputs.search import SEARCH_BUNDLE, stage_parts, swap_parts
from ..outputs.writer import WriteStats, write_tree
from ..render.theme import theme_dirs
from ..speed.lane import one_body
from ..speed.pageindex import MemoryIndex
from ..speed.runners import cached_machinery
from ..speed.store import ResidentCache

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


class PreviewFolder:
    """The one-article lane's Place (speed/lane.py) for the preview folder: only this process
    writes it, and nobody publishes it, so each page is written at once (the editor's page is on
    disk before the other pages are even rendered) and the search parts are swapped in last."""

    def __init__(self, preview: Preview) -> None:
        self._preview = preview
        self.folder = preview.options.out_dir
        self.search_folder = preview.cache.search_folder

    def unchanged(self, output: OutputFile) -> bool:
        try:
            return (self.folder / output.path).read_bytes() == output.data
        except OSError:
            return False

    def stage(self, output: OutputFile) -> str:
        treesync.write_some(self._preview.written, [output], self.folder, write_tree)
        # For the search index, a file named by its bytes: the name is what a kept part is known by.
        cache = self._preview.cache
        return cache.blob_path(cache.put_blob(output.data or b""))

    def put(self, pages: dict[str, str], search: dict[str, Path]) -> bool:
        swap_parts(stage_parts(self.folder, search))
        return True


class Preview:
    """The built preview folder, kept up to date; the text of the errors while there are any.

    Every rebuild is the build's own (pipeline.build_site, with /admin/, the share pictures and
    the search index), through the cached runners and the memory page index; a save that changes
    one article's body alone takes the one-article lane (speed/lane.py), as `build` does."""

    def __init__(self, options: BuildOptions) -> None:
        assert options.cache_dir is not None
        self.options = options
        self.cache = ResidentCache(options.cache_dir)
        self.index = MemoryIndex()
        self.machinery = cached_machinery(self.cache, options.jobs, self.index)
        self.error: str | None = None
        self.lock = threading.Lock()
        # What the preview folder holds, by path, after the last rebuild (only this process writes
        # it); the search index besides.
        self.written: dict[str, tuple[OutputFile, treesync.Stamp]] = {}
        self._whole = False  # whether the folder is what the last rebuild made, whole
        self.quick_edits = 0  # rebuilds done by the one-article lane, for the tests

    def rebuild(self, changed: Sequence[Path] = ()) -> float:
        """Bring the folder up to date after `changed` (unknown: look at everything); returns the
        seconds it took. Content errors are kept, not raised."""
        start = time.perf_counter()
        with self.lock:
            if len(set(changed)) == 1 and self.error is None and self._whole and self.index.ready:
                try:
                    done = one_body(Path(next(iter(changed))), self.options.content_dir, self.index,
                                    PreviewFolder(self), self.options.jobs)
                except SiteError:  # Pagefind failed: the full rebuild says so in the usual words
                    done = None
                if done is not None:
                    self.quick_edits += 1
                    if done.warnings:
                        print(format_report(list(done.warnings), wrote_nothing=False), file=sys.stderr)
                    return time.perf_counter() - start
            self._whole = False
            try:
                report = build_site(self.options, self.machinery, put_in_place=self._put_in_place)
            except SiteError as exc:
                self.error = format_report(exc.problems)
                print(self.error, file=sys.stderr)
                return time.perf_counter() - start
            self._whole = True
            if report.warnings:
                print(format_report(list(report.warnings), wrote_nothing=False), file=sys.stderr)
            self.error = None
        return time.perf_counter() - start

    def _put_in_place(self, outputs: Sequence[OutputFile], out: Path, index: Callable[[Path], None],
                      spare: Path | None) -> WriteStats:
        """The preview folder is written in place: nobody publishes it, and a swap of 30,000 files
        would cost more than the edit itself. The search index is made last, from its kept parts."""
        out.mkdir(parents=True, exist_ok=True)
        todo = treesync.plan_from(self.written, outputs) if self.written else treesync.plan(outputs, out)
        self.written = {}  # should writing fail halfway, the next rebuild compares with the disk
        treesync.apply(todo, out, write_tree)
        treesync.prune_empty_folders(out, todo.remove)
        self.written = treesync.record(outputs)
        shutil.rmtree(out / SEARCH_BUNDLE, ignore_errors=True)
        index(out)
        return WriteStats(todo.files, todo.bytes)

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
