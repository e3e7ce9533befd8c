"""The seams through which the build is made faster without knowing how: runners and a recorder.

The build (pipeline.py) parses and renders through the runners it is handed, and tells the
recorder what it loaded, rendered and wrote. The plain ones here do everything afresh and keep
nothing, so the pipeline works, and is tested, on its own. The speed layer (rvz_site.speed) hands
in cached runners and a page index that records which pages show which article; it depends on
this module, never the reverse.

Owns: the shapes of a parse runner, a render runner (render.JobRunner) and a recorder, the plain
ones, and `Machinery`, the one value that carries them into a build.
Must not: cache anything or decide what is built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..content.discover import display_path
from ..content.parse import Vocabulary, parse_source
from ..core.errors import Problem
from ..core.model import Article, OutputFile, Site, SourceFile
from ..core.parallel import map_indices, worker_count
from ..outputs.search import SearchNotes
from ..render.render import CompiledTemplates, Job, JobRunner, Renderer, render_one
from .links import LinkIndex

Parsed = tuple[Article | None, list[Problem]]
# Parses the source files of the content folder: for each, in the order given, parse_source's result.
ParseRunner = Callable[[Sequence[SourceFile], Vocabulary, Path], list[Parsed]]


def parse_sources(sources: Sequence[SourceFile], vocabulary: Vocabulary, content: Path, jobs: int,
                  only: Sequence[int] | None = None) -> list[Parsed]:
    """parse_source for the files at `only` (every file when None), in that order, on `jobs`
    processes (0: one per core)."""
    todo = range(len(sources)) if only is None else only

    def work(indices: Sequence[int]) -> list[Parsed]:
        return [parse_source(sources[todo[i]], vocabulary, display_path(content, sources[todo[i]].rel))
                for i in indices]

    return map_indices(work, len(todo), worker_count(jobs))


def render_jobs(renderer: Renderer, todo: Sequence[Job], jobs: int) -> list[OutputFile | Problem]:
    """render_one for every job, in order, on `jobs` processes (0: one per core)."""

    def work(indices: Sequence[int]) -> list[OutputFile | Problem]:
        return [render_one(renderer, todo[i]) for i in indices]

    return map_indices(work, len(todo), worker_count(jobs))


class Recorder(Protocol):
    """Told by the build what it made, in this order, each only when that stage succeeded."""

    def loaded(self, site: Site, vocabulary: Vocabulary, links: LinkIndex) -> None:
        """The site is read, assembled and its links checked (`links`: what they were checked against)."""

    def rendered(self, renderer: Renderer, jobs: Sequence[Job]) -> None:
        """Every page job was rendered by this renderer, without a problem."""

    def written(self, search: SearchNotes | None) -> None:
        """The site is in place; `search`: what the search index holds, when its parts are kept."""


class NoRecorder:
    """Hears nothing: a build that keeps nothing for the next one."""

    def loaded(self, site: Site, vocabulary: Vocabulary, links: LinkIndex) -> None:
        return None

    def rendered(self, renderer: Renderer, jobs: Sequence[Job]) -> None:
        return None

    def written(self, search: SearchNotes | None) -> None:
        return None


@dataclass(frozen=True, slots=True)
class Machinery:
    """What a build is handed besides its options: how to parse and render, whom to tell, and
    where files are kept between builds (None: nowhere; the share pictures then go to `images`)."""

    parse: ParseRunner
    render: JobRunner
    recorder: Recorder = field(default_factory=NoRecorder)
    search_folder: Path | None = None  # search parts by what they indexed (search.py)
    spare: Path | None = None  # the site as the build before last left it (writer.py)
    images: Path | None = None  # drawn share pictures (socialimage.ImageCache)
    photos: Path | None = None  # encoded photos (outputs/images/store.py); None: beside out_dir
    templates: CompiledTemplates | None = None  # compiled templates kept between builds


def plain(jobs: int = 1) -> Machinery:
    """Everything parsed and rendered afresh on `jobs` processes, in order, and nothing kept."""
    return Machinery(parse=lambda sources, vocabulary, content: parse_sources(sources, vocabulary, content, jobs),
                     render=lambda renderer, todo: render_jobs(renderer, todo, jobs))
