"""`build`: articles in, map and tables out; every stage of the pipeline in order.

    articles (read, clean) -> store (extract per article, cached; merge) -> render

The outputs are written as one generation and published together (`mapper.files`), so a
failed build never leaves a half-written map or table. Each output is written only when what
it is made from changed since the published one was written (its tables' digests in the store,
the code that writes it); an output whose inputs did not change is carried over into the new
generation as it is (a hard link). The report is written by every build: it tells what this
build read, skipped and mapped, and which outputs it wrote.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (pandas is imported where a table is made: a rebuild may need none)
    import pandas as pd

from mapper.articles import ArticleError, Problem
from mapper.display import safe_display
from mapper.events_schema import ARTICLE_COLUMNS, EVENT_COLUMNS, LIST_SEPARATOR
from mapper.files import (
    OutputGeneration,
    atomic_write_text,
    atomic_writer,
    code_version,
    output_lock,
)
from mapper.gazetteer import Gazetteer
from mapper.geoparse import Geoparser
from mapper.remote import check_folder, is_url
from mapper.store import (
    STORE_FILE,
    Digests,
    JobRunner,
    Store,
    column_values,
    local_runner,
    pipeline_version,
    read_corpus,
    recovering,
)
from mapper.tables import article_line, spreadsheet_safe

# The files a build writes into its output folder, published together.
OUTPUT_NAMES = ("events.csv", "events.geojson", "articles.csv", "map.html", "report.json")
PROGRESS_THRESHOLD = 50  # files or articles to do: fewer build without a progress bar


@dataclass(slots=True)
class BuildReport:
    """What a build did: the figures a user checks before trusting the map."""

    articles_dir: str
    out_dir: str
    articles_read: int = 0
    files_read: int = 0  # files read this time; the others had not changed since the last build
    extracted: int = 0
    cached: int = 0
    problems: list[Problem] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    events: int = 0
    event_dates: list[str] = field(default_factory=list)
    places: int = 0
    outputs: list[str] = field(default_factory=list)
    # the outputs this build wrote (names); the others are as the build that wrote them left
    # them, what they are made from unchanged since
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "articles_dir": self.articles_dir,
            "out_dir": self.out_dir,
            "articles_read": self.articles_read,
            "files_read": self.files_read,
            "extracted": self.extracted,
            "from_cache": self.cached,
            "skipped": [{"path": p.path, "reason": p.reason} for p in self.problems],
            "undated_articles": self.undated,
            "events": self.events,
            "dates": len(self.event_dates),
            "first_date": self.event_dates[0] if self.event_dates else None,
            "last_date": self.event_dates[-1] if self.event_dates else None,
            "places": self.places,
            "outputs": self.outputs,
            "written": self.written,
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        """One line: what a rebuild did (`mapper build --watch` prints one per rebuild)."""
        skipped = f", {len(self.problems)} skipped" if self.problems else ""
        return (
            f"{time.strftime('%H:%M:%S')} rebuilt {self.out_dir}: {_n(self.events, 'event')} "
            f"from {_n(self.articles_read, 'article')} ({_n(self.files_read, 'file')} read, "
            f"{self.extracted} extracted{skipped}) in {self.seconds:.1f} s"
        )

    def format(self) -> str:
        """The closing report, as printed by `mapper build`."""
        lines = [
            f"Read {_n(self.articles_read, 'article')} from {self.articles_dir} "
            f"({_n(self.files_read, 'file')} read, {_n(self.extracted, 'article')} extracted, "
            f"{self.cached} from cache) in {self.seconds:.1f} s.",
        ]
        if self.problems:
            lines.append(f"Skipped {len(self.problems)}:")
            lines += [f"  - {_one_line(p.path)}: {_one_line(p.reason)}" for p in self.problems]
        if self.undated:
            lines.append(
                f"{_n(len(self.undated), 'article')} without a date: their events are on the "
                "'Undated' layer (date an article with 'date: YYYY-MM-DD' in its front matter "
                "or a YYYY-MM-DD- prefix of its file name):"
            )
            lines += [f"  - {_one_line(path)}" for path in self.undated]
        span = f" from {self.event_dates[0]} to {self.event_dates[-1]}" if self.event_dates else ""
        lines.append(
            f"Mapped {_n(self.events, 'event')} at {_n(self.places, 'place')} on "
            f"{_n(len(self.event_dates), 'date')}{span}."
        )
        kept = []
        for path in self.outputs:
            if Path(path).name in self.written:
                lines.append(f"Wrote {path}")
            else:
                kept.append(Path(path).name)
        if kept:
            lines.append(f"Unchanged (nothing they are made from changed): {', '.join(kept)}")
        return "\n".join(lines)


def _one_line(text: str) -> str:
    """A file name or a reason as the report shows it: one line, its control characters
    (a line break, a terminal's escape codes) written as escapes."""
    return safe_display(text, limit=None)


def _n(count: int, noun: str) -> str:
    """'1 event', '2 events'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def build(
    articles_dir: Path | str = "data/articles",
    out_dir: Path | str = "outputs",
    *,
    workers: int = 1,
    dask: str | None = None,
    cdn: bool = False,
    cache_dir: Path | str | None = None,
    geoparser: Geoparser | None = None,
    progress: bool | None = None,
) -> BuildReport:
    """Regenerate the map and the tables of `out_dir` from the articles of `articles_dir`.

    The per-article stages (read, geoparse, extract) run in this process, in `workers`
    processes, or on Dask (`dask`: "local" for a cluster of this machine's processes, or a
    scheduler's address, "tcp://HOST:8786"; see `mapper.cluster`); the outputs are the same
    bytes either way. What was read and extracted is kept in the store (`cache_dir`, by
    default `out_dir/.cache`), so the next build reads and extracts only what changed.

    `articles_dir` is a folder of this machine (on Dask, one every worker sees at the same
    absolute path), or a folder's URL that fsspec reads (`s3://bucket/articles`, a `str`:
    see `mapper.remote`), listed here and read by the workers wherever they run. ArticleError
    when it names no folder (or fsspec, or the protocol's package, is missing)."""
    articles_dir, out_dir = articles_folder(articles_dir), Path(out_dir)
    if isinstance(articles_dir, str):
        check_folder(articles_dir)  # (refused before anything is started or written)
    version = pipeline_version(geoparser.gazetteer if geoparser else Gazetteer.default())
    with _runner(dask, workers, geoparser, version) as (runner, locate):
        return _build(
            articles_dir,
            out_dir,
            runner,
            locate,
            version,
            cdn=cdn,
            cache_dir=cache_dir,
            progress=progress,
        )


def articles_folder(articles_dir: Path | str) -> Path | str:
    """`articles_dir` as the folder a build reads: a Path, or a `str` when it is a URL that
    names no folder here (`PROTOCOL://...`, read through fsspec: see `mapper.remote`).

    >>> articles_folder("data/articles")
    PosixPath('data/articles')
    >>> articles_folder("s3://bucket/corpus")
    's3://bucket/corpus'
    """
    text = str(articles_dir)
    if is_url(text) and not os.path.exists(text):
        return text
    return Path(articles_dir)


def watch(
    articles_dir: Path | str,
    out_dir: Path | str,
    *,
    on_build: Callable[[BuildReport], None],
    on_error: Callable[[Exception], None],
    workers: int = 1,
    dask: str | None = None,
    cdn: bool = False,
    cache_dir: Path | str | None = None,
    geoparser: Geoparser | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Build (as `build`), then build again each time files of `articles_dir` are added,
    changed or removed (hidden files and the outputs left out), until interrupted (Ctrl-C)
    or `stop` is set. Each build's report goes to `on_build`; a build that fails (a full
    disk, another build in the folder) goes to `on_error`, and the watch goes on. The
    geoparser and the workers (or the Dask cluster) are kept from one build to the next.
    ArticleError for a URL: only a folder of this machine is watched."""
    import watchfiles  # only a watch needs it

    articles_dir, out_dir = articles_folder(articles_dir), Path(out_dir)
    if isinstance(articles_dir, str):
        raise ArticleError(articles_dir, NOT_WATCHED)
    version = pipeline_version(geoparser.gazetteer if geoparser else Gazetteer.default())
    outputs = out_dir.resolve()

    def is_article(change: watchfiles.Change, path: str) -> bool:
        resolved = Path(path).resolve()
        return not (
            resolved == outputs
            or resolved.is_relative_to(outputs)
            or any(part.startswith(".") for part in Path(path).relative_to(articles_dir).parts)
        )

    with _runner(dask, workers, geoparser, version) as (runner, locate):

        def again() -> None:
            try:
                report = _build(
                    articles_dir, out_dir, runner, locate, version, cdn=cdn, cache_dir=cache_dir
                )
            except (OSError, ArticleError) as exc:  # (a ClusterError is an OSError)
                on_error(exc)
            else:
                on_build(report)

        again()
        for _ in watchfiles.watch(
            articles_dir, watch_filter=is_article, stop_event=stop, raise_interrupt=False
        ):
            again()


NOT_WATCHED = (
    "is a URL, and --watch watches a folder of this machine; build without --watch (each "
    "build reads only the files that changed)"
)


def _build(
    articles_dir: Path | str,
    out_dir: Path,
    runner: JobRunner,
    locate: Callable[[str], str],
    version: str,
    *,
    cdn: bool = False,
    cache_dir: Path | str | None = None,
    progress: bool | None = None,
) -> BuildReport:
    started = time.perf_counter()
    cache_dir = Path(cache_dir) if cache_dir else out_dir / ".cache"
    show = progress if progress is not None else sys.stderr.isatty()
    with output_lock(out_dir):
        store = Store(cache_dir / STORE_FILE, version)

        def read_and_write() -> BuildReport:
            corpus = read_corpus(
                articles_dir,
                store,
                runner=runner,
                progress=_progress_bar if show else None,
                exclude=_own_outputs(articles_dir, out_dir),
                locate=locate,
            )
            report = BuildReport(str(articles_dir), str(out_dir))
            report.articles_read, report.files_read = corpus.articles_read, corpus.files_read
            report.undated = store.undated()
            report.problems = corpus.problems
            report.extracted, report.cached = corpus.extracted, corpus.cached
            report.events, report.event_dates, report.places = store.event_summary()
            generation = OutputGeneration(out_dir)
            try:
                report.written = write_changed_outputs(store, generation, cdn=cdn)
                report.written.append("report.json")
                report.outputs = [str(out_dir / name) for name in OUTPUT_NAMES]
                report.seconds = time.perf_counter() - started
                atomic_write_text(
                    generation.path("report.json"),
                    json.dumps(report.to_dict(), indent=1, ensure_ascii=False),
                )
                generation.publish(list(OUTPUT_NAMES))
            except BaseException:
                generation.discard()
                raise
            return report

        try:
            return recovering(store, read_and_write)
        finally:
            store.close()


@contextmanager
def _runner(
    dask: str | None, workers: int, geoparser: Geoparser | None, version: str
) -> Iterator[tuple[JobRunner, Callable[[Path], str]]]:
    """What runs the per-article jobs, and where it opens a file."""
    if dask is None:
        yield local_runner(workers, geoparser), str
        return
    from mapper.cluster import dask_runner

    with dask_runner(dask, version, workers=workers if workers > 1 else None) as runner:
        yield runner, _absolute


def _absolute(path: str) -> str:
    return str(Path(path).absolute())


def _own_outputs(articles_dir: Path | str, out_dir: Path) -> list[Path]:
    """What a build writes that it must not read back as articles (an output folder inside the
    articles folder, or the same folder)."""
    own = [out_dir / name for name in OUTPUT_NAMES]
    if isinstance(articles_dir, str) or out_dir.resolve() != articles_dir.resolve():
        own.append(out_dir)
    return own


def events_geojson(table: pd.DataFrame) -> dict:
    """The events table as a GeoJSON FeatureCollection of Points (same rows, same columns)."""
    columns = list(table.columns)
    values = [column_values(table.iloc[:, k]) for k in range(len(columns))]
    features = []
    for row in zip(*values, strict=True):
        props = dict(zip(columns, row, strict=True))
        features.append(
            {
                "type": "Feature",
                "id": props["event_id"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [props["longitude"], props["latitude"]],
                },
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


# -- the outputs, each written when what it is made from changed ----------------------------

# In each generation, beside its outputs: what each was made from (a key of its inputs) and
# the size and time it was written with.
MADE_FROM = "made-from.json"


def write_changed_outputs(store: Store, generation: OutputGeneration, *, cdn: bool) -> list[str]:
    """Write into `generation` the outputs but the report (events.csv, events.geojson,
    articles.csv, map.html) from the store's tables: each output whose inputs (the tables it
    is made from, `cdn` for the map, and the code that writes it) are those of the published
    one is carried over as it is, a hard link to the published file; the others are written.
    Returns the names of the outputs written, in OUTPUT_NAMES order.

    The CSVs are made safe to open in a spreadsheet (`spreadsheet_safe`); the GeoJSON and the
    map keep every value as it is. The map is given the articles its events cite (an article
    that tells no event has nothing on it), or, when there is no event, every article (the
    map may say how many told none)."""
    digests = store.digests()
    version = _writer_version()
    published = generation.state / "current"
    before = _made_from(published)
    tables = [digests.articles, digests.events]
    cited = functools.cache(lambda: _cited_rows(store, digests))
    if before.get("tables") == tables and isinstance(before.get("cited"), str):
        cited_digest = before["cited"]  # (the same tables cite the same articles' rows)
    else:
        cited_digest = cited()[0]
    keys = {
        "events.csv": _key(version, digests.events),
        "events.geojson": _key(version, digests.events),
        "articles.csv": _key(version, digests.articles),
        "map.html": _key(version, digests.events, cited_digest, "cdn" if cdn else "inline"),
    }
    table = functools.cache(lambda: store.table().reindex(columns=list(EVENT_COLUMNS)))

    def write_map(path: Path) -> None:
        from mapper.render import write_map  # (folium: imported only when a map is drawn)

        rows = cited()[1]
        import pandas as pd

        articles = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
        write_map(table(), articles, path, cdn=cdn, skeleton_dir=store.path.parent)

    writers: dict[str, Callable[[Path], None]] = {
        "events.csv": lambda path: atomic_write_text(
            path, spreadsheet_safe(table()).to_csv(index=False)
        ),
        "events.geojson": lambda path: atomic_write_text(
            path, json.dumps(events_geojson(table()), ensure_ascii=False, default=_json_default)
        ),
        "articles.csv": lambda path: write_articles_csv(store.article_lines(), path),
        "map.html": write_map,
    }
    written = []
    made: dict[str, dict] = {}
    outputs = before.get("outputs", {})
    for name, key in keys.items():
        path = generation.path(name)
        if not _carry_over(outputs.get(name), key, published / name, path):
            writers[name](path)
            written.append(name)
        stat = path.stat()
        made[name] = {"from": key, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    record = {"outputs": made, "tables": tables, "cited": cited_digest}
    atomic_write_text(generation.path(MADE_FROM), json.dumps(record, indent=1))
    return written


def _key(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def _writer_version() -> str:
    """What writes the outputs besides their tables: mapper's own files and the versions of
    the libraries that format them. Another version writes every output again."""
    return code_version(("folium", "branca", "jinja2", "pandas", "numpy"))


def _cited_articles(store: Store) -> set[str]:
    """The ids of the articles the merged events cite."""
    cited: set[str] = set()
    for ids in store.event_article_ids():
        cited.update(ids.split(LIST_SEPARATOR))
    cited.discard("")
    return cited


def _cited_rows(store: Store, digests: Digests) -> tuple[str, list[tuple[str, ...]]]:
    """The digest of the articles table's rows of the articles the merged events cite, and
    those rows; with no event, the whole table's (the map may say how many told none)."""
    cited = _cited_articles(store)
    if not cited:
        return digests.articles, store.article_rows()
    return store.cited_articles(cited)


def _made_from(published: Path) -> dict:
    """The record (`MADE_FROM`) of the published generation (the folder `published`): what
    each output was made from (`outputs`), the digests of the tables (`tables`) and of the
    articles its events cite (`cited`); {} when there is none or it cannot be read."""
    try:
        record = json.loads((published / MADE_FROM).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict) or not isinstance(record.get("outputs"), dict):
        return {}
    return record


def _carry_over(made: object, key: str, published: Path, path: Path) -> bool:
    """Link the published output `published` to `path` when it was made from `key` (its
    record in MADE_FROM, `made`, says so) and is as it was written (its size and time); False
    when it must be written again."""
    if not isinstance(made, dict) or made.get("from") != key:
        return False
    try:
        stat = published.stat()
        if (stat.st_size, stat.st_mtime_ns) != (made.get("size"), made.get("mtime_ns")):
            return False
        os.link(os.path.realpath(published), path)
    except OSError:  # (gone, or a file system without hard links: written again)
        return False
    return True


def write_articles_csv(lines: Iterable[str], path: Path) -> None:
    """articles.csv, atomically: its header and `lines` (`mapper.tables.article_line`),
    streamed (the corpus need not be in memory)."""
    with atomic_writer(path) as fh:
        fh.write(article_line(ARTICLE_COLUMNS))
        fh.writelines(lines)


def _json_default(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def _progress_bar(iterable, total: int):
    if total < PROGRESS_THRESHOLD:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit="file", desc="mapper build", file=sys.stderr)
