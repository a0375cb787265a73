"""`build`: articles in, map and tables out; every stage of the pipeline in order.

    articles (read, clean) -> store (extract per article, cached; merge) -> render

Outputs go to temporary files renamed into place, so a failed build never leaves a half-written
map or table; the report lists what was read, what was skipped and why, and what was mapped.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mapper.articles import Article, ArticleError, Problem
from mapper.display import safe_display
from mapper.events_schema import ARTICLE_COLUMNS, EVENT_COLUMNS
from mapper.files import OutputGeneration, atomic_write_text, output_lock
from mapper.gazetteer import Gazetteer
from mapper.geoparse import Geoparser
from mapper.render import write_map
from mapper.store import (
    STORE_FILE,
    ArticleEntry,
    JobRunner,
    Store,
    local_runner,
    pipeline_version,
    read_corpus,
)

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
        lines += [f"Wrote {path}" for path in self.outputs]
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
    default `out_dir/.cache`), so the next build reads and extracts only what changed."""
    articles_dir, out_dir = Path(articles_dir), Path(out_dir)
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
    geoparser and the workers (or the Dask cluster) are kept from one build to the next."""
    import watchfiles  # only a watch needs it

    articles_dir, out_dir = Path(articles_dir), Path(out_dir)
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


def _build(
    articles_dir: Path,
    out_dir: Path,
    runner: JobRunner,
    locate: Callable[[Path], str],
    version: str,
    *,
    cdn: bool = False,
    cache_dir: Path | str | None = None,
    progress: bool | None = None,
) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport(str(articles_dir), str(out_dir))
    cache_dir = Path(cache_dir) if cache_dir else out_dir / ".cache"
    show = progress if progress is not None else sys.stderr.isatty()
    with output_lock(out_dir):
        store = Store(cache_dir / STORE_FILE, version)
        try:
            corpus = read_corpus(
                articles_dir,
                store,
                runner=runner,
                progress=_progress_bar if show else None,
                exclude=_own_outputs(articles_dir, out_dir),
                locate=locate,
            )
        finally:
            store.close()
        articles = corpus.articles
        report.articles_read, report.files_read = len(articles), corpus.files_read
        report.undated = [a.path for a in articles if a.published is None]
        report.problems = corpus.problems
        report.extracted, report.cached = corpus.extracted, corpus.cached

        table = corpus.table
        report.events = len(table)
        report.event_dates = sorted({d for d in table["event_date"] if d})
        report.places = table["place_id"].nunique() if len(table) else 0
        generation = OutputGeneration(out_dir)
        try:
            write_outputs(table, articles, generation.folder, cdn=cdn)
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


def _absolute(path: Path) -> str:
    return str(path.absolute())


def _own_outputs(articles_dir: Path, out_dir: Path) -> list[Path]:
    """What a build writes that it must not read back as articles (an output folder inside the
    articles folder, or the same folder)."""
    own = [out_dir / name for name in OUTPUT_NAMES]
    if out_dir.resolve() != articles_dir.resolve():
        own.append(out_dir)
    return own


def articles_table(articles: Sequence[Article | ArticleEntry]) -> pd.DataFrame:
    """One row per article (outputs/articles.csv), keyed by article_id."""
    rows = [
        {
            "article_id": a.id,
            "title": a.title,
            "source": a.source,
            "published": a.published.isoformat() if a.published else "",
            "url": a.url,
            "path": a.path,
        }
        for a in articles
    ]
    return pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))


def events_geojson(table: pd.DataFrame) -> dict:
    """The events table as a GeoJSON FeatureCollection of Points (same rows, same columns)."""
    columns = list(table.columns)
    values = [_column_values(table.iloc[:, k]) for k in range(len(columns))]
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


def _column_values(column: pd.Series) -> list:
    """A column's values as Python objects, missing ones (NaN, None, NA) as None."""
    values = column.tolist()
    missing = column.isna().to_numpy()
    if missing.any():
        values = [None if gone else v for v, gone in zip(values, missing.tolist(), strict=True)]
    return values


def write_outputs(
    table: pd.DataFrame,
    articles: Sequence[Article | ArticleEntry],
    out_dir: Path,
    *,
    cdn: bool = False,
) -> list[Path]:
    """events.csv, events.geojson, articles.csv and map.html, each written atomically. The
    CSVs are made safe to open in a spreadsheet (`spreadsheet_safe`); the GeoJSON and the map
    keep every value as it is."""
    out_dir.mkdir(parents=True, exist_ok=True)
    table = table.reindex(columns=list(EVENT_COLUMNS))
    arts = articles_table(articles)
    paths = [out_dir / n for n in ("events.csv", "events.geojson", "articles.csv", "map.html")]
    atomic_write_text(paths[0], spreadsheet_safe(table).to_csv(index=False))
    atomic_write_text(
        paths[1], json.dumps(events_geojson(table), ensure_ascii=False, default=_json_default)
    )
    atomic_write_text(paths[2], spreadsheet_safe(arts).to_csv(index=False))
    write_map(table, arts, paths[3], cdn=cdn)
    return paths


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with every text cell that a spreadsheet would run as a formula ("=HYPERLINK(..)",
    "+1", "@SUM") prefixed with a single quote, as OWASP advises; numbers are left as they
    are.

    >>> safe = spreadsheet_safe(pd.DataFrame({"title": ["=1+2", "Sudzha"], "lat": [-1.5, 2.0]}))
    >>> safe["title"].tolist(), safe["lat"].tolist()
    (["'=1+2", 'Sudzha'], [-1.5, 2.0])
    """
    safe = table.copy()
    for name in safe.columns:
        column = safe[name]
        if not (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)):
            continue
        risky = column.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START))
        if risky.any():
            safe[name] = column.mask(risky.astype(bool), "'" + column.astype(object).astype(str))
    return safe


def _json_default(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def _progress_bar(iterable, total: int):
    if total < PROGRESS_THRESHOLD:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit="file", desc="mapper build", file=sys.stderr)
