"""The dev server's quick lane: an article whose body alone was edited is rendered again on the
pages that show it, and nothing else is built.

An editor mostly types in the body of one article. Its front matter is what places it in the site
(section, slug, date, title, summary, themes, keywords, organisations, draft, ...); when all of
that is as before, the site is laid out exactly as before and only the pages whose render context
holds this article can change: its own page, its section's and its terms' listings and feeds,
the home page, the related-articles blocks that name it. Which pages those are was noted while the
last full rebuild digested every page's context (runners.py), so at 10,000 articles a save
costs tens of milliseconds instead of seconds.

Owns: deciding that a change is such an edit (article_section, body_edit; the build's quick lane,
quickbuild.py, decides by them too), and producing the new Site and the pages to write.
Falls back (returns None) whenever it cannot be sure: another file changed too, the front matter
or the file's anchors changed, a link or a template has a problem (the full rebuild reports it in
the usual words), or a page still holds the old article. The equivalence tests (tests/test_incremental.py)
compare every kind of edit, through this lane and through a clean build.

Must not: write files (serve.py does) or decide what a page shows (render.py).
"""

from __future__ import annotations

import copy
import dataclasses
import io
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build.links import LinkIndex, recheck_article
from ..content.assemble import replace_articles
from ..content.discover import display_path
from ..content.parse import parse_source
from ..core.errors import Problem
from ..core.model import ARTICLE_SECTIONS, PAGES_SECTION, Article, OutputFile, Site, SourceFile
from ..render.render import Job, render_one
from .pageindex import MemoryIndex

_SECTIONS = (*ARTICLE_SECTIONS, PAGES_SECTION)


@dataclass(frozen=True, slots=True)
class QuickEdit:
    site: Site
    outputs: tuple[OutputFile, ...]  # the pages that show the article, rendered anew
    warnings: tuple[Problem, ...]


def article_section(rel: str, path: Path) -> str | None:
    """The section of an article or stand-alone page file (`actueel/x.md`, as `rel` in the content
    folder), or None for any other file."""
    section, _, name = rel.partition("/")
    if section not in _SECTIONS or "/" in name or not name.endswith(".md") or path.is_symlink():
        return None
    return section


def body_edit(before: Article, new: Article | None, problems: Sequence[Problem], shown: Article,
              links: LinkIndex) -> tuple[Article, list[Problem], LinkIndex] | None:
    """The site's article `shown` after an edit of its body alone, its link warnings, and `links`
    with it. `before` is the file as parsed last time, `new` as parsed now. None when the file has
    errors, its front matter or anchors changed, or a link is broken: then a full build must."""
    if new is None or any(p.severity == "error" for p in problems):
        return None
    if dataclasses.replace(new, body_html=before.body_html, links=before.links) != before:
        return None  # the front matter changed: the site's layout may change
    checked = recheck_article(links, before, new)
    if checked is None or any(p.severity == "error" for p in checked[1]):
        return None
    checked_article, link_warnings, index = checked
    # The site's article is more than the parsed file (assemble.py gives keywords their site-wide
    # spelling); with the front matter as before, only what the body makes can differ.
    article = dataclasses.replace(shown, body_html=checked_article.body_html, links=checked_article.links)
    return article, link_warnings, index


def quick_edit(last: MemoryIndex, site: Site, content: Path, changed: Sequence[Path]) -> QuickEdit | None:
    """The pages to write after `changed` (as reported by the watcher), or None for a full rebuild."""
    if last.renderer is None or last.links is None or last.vocabulary is None or len(set(changed)) != 1:
        return None
    path = Path(next(iter(changed)))
    try:
        rel = path.absolute().relative_to(content.absolute()).as_posix()
    except ValueError:
        return None
    section = article_section(rel, path)
    if section is None:
        return None
    shown = {a.rel: a for a in (*site.articles, *site.pages)}.get(rel)
    before = last.links.by_rel.get(rel)  # as parsed, before its links were made into addresses
    if shown is None or before is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    new, problems = parse_source(SourceFile(path, rel, section, data), last.vocabulary, display_path(content, rel))
    edited = body_edit(before, new, problems, shown, last.links)
    if edited is None:
        return None
    article, link_warnings, links = edited
    indices = last.article_jobs.get(id(shown), [])
    jobs = [_swap(last.jobs[i], shown, article) for i in indices]
    if any(_holds(job, shown) for job in jobs):
        return None
    new_site = replace_articles(site, {shown.source: article})
    renderer = copy.copy(last.renderer)  # the same templates, registries and related articles
    renderer.site = new_site
    outputs: list[OutputFile] = []
    for job in jobs:
        result = render_one(renderer, job)
        if isinstance(result, Problem):
            return None
        outputs.append(result)
    # From now on the site holds the new article: the next quick edit starts from here.
    for i, job in zip(indices, jobs, strict=True):
        last.jobs[i] = job
    last.article_jobs[id(article)] = last.article_jobs.pop(id(shown))
    last.renderer, last.links = renderer, links
    return QuickEdit(new_site, tuple(outputs), (*problems, *link_warnings))


def _swap(value: Any, old: Article, new: Article) -> Any:
    """`value` with every reference to `old` replaced by `new`, rebuilt only where it held one."""
    if value is old:
        return new
    kind = type(value)
    if kind is dict:
        items = {k: _swap(v, old, new) for k, v in value.items()}
        return items if any(items[k] is not value[k] for k in value) else value
    if kind in (tuple, list):
        # Lists of thousands of articles (a section, a calendar) are common: look at those directly.
        swapped = [(new if v is old else v) if type(v) is Article else _swap(v, old, new) for v in value]
        return kind(swapped) if any(a is not b for a, b in zip(swapped, value, strict=True)) else value
    if dataclasses.is_dataclass(value) and kind is not Article and not isinstance(value, type):
        changes = {f.name: _swap(getattr(value, f.name), old, new) for f in dataclasses.fields(value) if f.init}
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return dataclasses.replace(value, **changed) if changed else value
    return value


class _Finder(pickle.Pickler):
    """Walks a job as the context digests do, to be sure no page still holds the old article."""

    def __init__(self, target: Article) -> None:
        super().__init__(io.BytesIO(), protocol=5)
        self.target = target
        self.found = False

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Article:
            self.found = self.found or obj is self.target
            return _nothing, ()
        return NotImplemented


def _nothing() -> None:
    return None


def _holds(job: Job, article: Article) -> bool:
    finder = _Finder(article)
    try:
        finder.dump(job.context)
    except (pickle.PicklingError, TypeError, AttributeError):
        return True
    return finder.found
