"""The events table: per-article extraction, cached by content hash, merged across articles.

Each article's events are kept in a small JSON file named by the article's content hash and
the pipeline's version (extraction rules, recognition model, gazetteer). Adding one article
to a corpus extracts one article; a cache file that is unreadable or from another version is
rebuilt, never trusted.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from functools import partial
from pathlib import Path

import pandas as pd

from mapper.articles import Article, Problem
from mapper.events import EVENTS_VERSION, Event, extract_events, merge_events
from mapper.files import atomic_write_text
from mapper.gazetteer import Gazetteer
from mapper.geoparse import Geoparser, model_path

_EVENT_FIELDS = tuple(f.name for f in fields(Event))


def pipeline_version(gazetteer: Gazetteer) -> str:
    """A short hash of everything that changes what an article yields."""
    h = hashlib.blake2b(digest_size=6)
    h.update(EVENTS_VERSION.encode())
    h.update(model_path().read_bytes())
    h.update(str(gazetteer.cache_tag).encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the store did for one corpus: events per article, and what it could not read."""

    events: list[Event]
    problems: list[Problem]
    extracted: int  # articles extracted in this run
    cached: int  # articles whose events came from the cache


class EventCache:
    """Per-article events on disk, keyed by article id and pipeline version."""

    def __init__(self, directory: Path, version: str) -> None:
        self.directory = Path(directory)
        self.version = version

    def _path(self, article_id: str) -> Path:
        return self.directory / f"{article_id}.{self.version}.json"

    def get(self, article_id: str) -> list[Event] | None:
        try:
            records = json.loads(self._path(article_id).read_text(encoding="utf-8"))
            return [_event_from_record(r) for r in records]
        except (OSError, ValueError, TypeError, KeyError):
            return None  # missing, corrupt or stale: extract again

    def put(self, article_id: str, events: Sequence[Event]) -> None:
        records = [_event_record(e) for e in events]
        try:
            atomic_write_text(self._path(article_id), json.dumps(records, ensure_ascii=False))
        except OSError as exc:
            print(f"mapper: cannot write the events cache ({exc}); continuing", file=sys.stderr)


def _event_record(e: Event) -> dict:
    record = {name: getattr(e, name) for name in _EVENT_FIELDS}  # flat: no deep copy needed
    record["event_date"] = e.event_date.isoformat() if e.event_date else None
    return record


def _event_from_record(record: dict) -> Event:
    if set(record) != set(_EVENT_FIELDS):
        raise KeyError("fields differ")
    values = dict(record)
    date = values["event_date"]
    values["event_date"] = datetime.date.fromisoformat(date) if date else None
    return Event(**values)


# -- extraction, in this process or in worker processes ------------------------------------


def _extract(article: Article, geoparser: Geoparser) -> tuple[str, list[Event] | str]:
    """An article's events, or the reason they could not be extracted."""
    try:
        return article.id, extract_events(article, geoparser)
    except Exception as exc:  # one broken article never stops a build
        return article.id, f"could not extract events ({type(exc).__name__}: {exc})"


_WORKER: Geoparser | None = None  # a worker process's own geoparser


def _init_worker() -> None:
    global _WORKER
    _WORKER = Geoparser()


def _extract_in_worker(article: Article) -> tuple[str, list[Event] | str]:
    return _extract(article, _WORKER)


def extract_corpus(
    articles: Sequence[Article],
    cache: EventCache | None,
    *,
    geoparser: Geoparser | None = None,
    workers: int = 1,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> Extraction:
    """Events of every article: from the cache when fresh, else extracted (in parallel)."""
    events: list[Event] = []
    problems: list[Problem] = []
    todo: list[Article] = []
    cached = 0
    for article in articles:
        hit = cache.get(article.id) if cache else None
        if hit is None:
            todo.append(article)
        else:
            events.extend(hit)
            cached += 1
    by_id = {a.id: a for a in todo}
    results: Iterable[tuple[str, list[Event] | str]]
    if workers > 1 and len(todo) > 1:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
        chunk = max(1, min(64, len(todo) // (workers * 4)))
        results = pool.map(_extract_in_worker, todo, chunksize=chunk)
    else:
        pool = None
        if todo:  # a rebuild from the cache never builds a geoparser
            geoparser = geoparser or Geoparser()
        results = map(partial(_extract, geoparser=geoparser), todo)
    if progress is not None:
        results = progress(results, total=len(todo))
    try:
        for article_id, outcome in results:
            article = by_id[article_id]
            if isinstance(outcome, str):
                problems.append(Problem(article.path, outcome))
                continue
            events.extend(outcome)
            if cache:
                cache.put(article_id, outcome)
    finally:
        if pool is not None:
            pool.shutdown()
    return Extraction(events, problems, extracted=len(todo), cached=cached)


def events_table(events: Sequence[Event], articles: Sequence[Article]) -> pd.DataFrame:
    """The merged events table (one row per event, columns of events_schema.EVENT_COLUMNS)."""
    return merge_events(events, {a.id: a for a in articles})
