"""The events table: per-article extraction, cached by content hash, merged across articles.

Each article's events are kept in a small JSON file named by the article's content hash and
the pipeline's version (extraction rules, recognition model, gazetteer). Adding one article
to a corpus extracts one article; a cache file that is unreadable or from another version is
rebuilt, never trusted.

Worker processes are forked from the building process where the system can (Linux): they
share its geoparser, already loaded, instead of each reading the gazetteer again. Each worker
extracts its articles and writes their cache files; the building process only gathers events.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import multiprocessing
import operator
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, fields
from functools import partial
from importlib import resources
from pathlib import Path

import pandas as pd

from mapper.articles import Article, Problem, article_files, read_files
from mapper.events import EVENTS_VERSION, Event, extract_events, load_vocabulary, merge_events
from mapper.gazetteer import Gazetteer
from mapper.geoparse import GEOPARSER_VERSION, Geoparser, model_path

_EVENT_FIELDS = tuple(f.name for f in fields(Event))
# The layout of a cache file: {"fields": [...], "events": [[values in that order], ...]}.
CACHE_FORMAT = "2"
_DATE_AT = _EVENT_FIELDS.index("event_date")
_FIELD_LIST = list(_EVENT_FIELDS)  # as json reads them back


def pipeline_version(gazetteer: Gazetteer) -> str:
    """A short hash of everything that changes what an article yields."""
    h = hashlib.blake2b(digest_size=6)
    h.update(EVENTS_VERSION.encode())
    h.update(GEOPARSER_VERSION.encode())
    h.update(CACHE_FORMAT.encode())
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
            saved = json.loads(self._path(article_id).read_text(encoding="utf-8"))
            if saved["fields"] != _FIELD_LIST:
                return None
            return [_event_from_values(values) for values in saved["events"]]
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None  # missing, corrupt or stale: extract again

    def put(self, article_id: str, events: Sequence[Event]) -> None:
        saved = {"fields": _EVENT_FIELDS, "events": [_event_values(e) for e in events]}
        try:
            _write_whole(self._path(article_id), json.dumps(saved, ensure_ascii=False))
        except OSError as exc:
            print(f"mapper: cannot write the events cache ({exc}); continuing", file=sys.stderr)


def _write_whole(path: Path, text: str) -> None:
    """Write a cache file through a temporary file renamed into place, so no reader sees half
    of it. Unlike the outputs (`files.atomic_write_text`) it is not forced to disk first: a file
    that a crash leaves empty or torn does not parse, and is rebuilt."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # one writer per process and file
    try:
        try:
            tmp.write_text(text, encoding="utf-8")
        except FileNotFoundError:  # the first file of a new cache folder
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_values_of = operator.attrgetter(*_EVENT_FIELDS)


def _event_values(e: Event) -> list:
    values = list(_values_of(e))
    values[_DATE_AT] = e.event_date.isoformat() if e.event_date else None
    return values


def _event_from_values(values: list) -> Event:
    if len(values) != len(_EVENT_FIELDS):
        raise ValueError("fields differ")
    date = values[_DATE_AT]  # (the list is json's own: changed in place)
    values[_DATE_AT] = _iso_date(date) if date else None
    return Event(*values)


_iso_date = functools.lru_cache(maxsize=4096)(datetime.date.fromisoformat)  # few dates, many events


# -- reading: only the files that changed since the last build ----------------------------

# The version of what reading makes of a file; a change of the reading rules bumps it.
READER_VERSION = "1"
ARTICLE_INDEX = "articles-index.json"  # its file name, in the events cache folder
_RACY_NS = 2_000_000_000  # a file changed this close to its reading is read again next time


@dataclass(frozen=True, slots=True)
class Reading:
    """A corpus read through the index: its articles and problems, and the files read."""

    articles: list[Article]
    problems: list[Problem]
    files_read: int  # files read this time; the others came from the index


class ArticleIndex:
    """What each article file gave when it was last read (articles, or why not), kept by its
    path with its size and modification time: a rebuild reads only new and changed files.

    An entry is trusted only for the same size and modification time, and when the file was
    last changed well before it was read (a file written again within the same clock tick
    keeps its time). An index that is unreadable or from other reading rules is ignored."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.version = _reader_version()

    def read(self, directory: Path, *, workers: int = 1) -> Reading:
        """`load_articles(directory)`, from the index for the files that did not change."""
        paths = article_files(directory)
        old, old_items = self._entries()
        started = time.time_ns()
        entries: dict[str, dict] = {}
        items: dict[str, list[Article | Problem]] = {}
        todo: list[tuple[Path, tuple[int, int]]] = []
        for path in paths:
            key, stat = str(path), _stat(path)  # taken before reading: a later change shows
            entry = old.get(key)
            if (
                entry is not None
                and stat[0] >= 0
                and (entry["size"], entry["mtime_ns"]) == stat
                and stat[1] < entry["read_ns"] - _RACY_NS
            ):
                entries[key], items[key] = entry, old_items[key]
            else:
                todo.append((path, stat))
        read = read_files([path for path, _ in todo], workers=workers)
        for (path, (size, mtime)), got in zip(todo, read, strict=True):
            entries[str(path)] = {
                "size": size,
                "mtime_ns": mtime,
                "read_ns": started,
                "items": [_item_record(i) for i in got],
            }
            items[str(path)] = got
        articles: list[Article] = []
        problems: list[Problem] = []
        for path in paths:
            for item in items[str(path)]:
                (problems if isinstance(item, Problem) else articles).append(item)
        if todo or len(entries) != len(old):
            self._write(entries)
        return Reading(articles, problems, files_read=len(todo))

    def _entries(self) -> tuple[dict[str, dict], dict[str, list[Article | Problem]]]:
        """The index's entries, and what each file gave; none when the index is unreadable,
        damaged anywhere, or written by other reading rules."""
        try:
            index = json.loads(self.path.read_text(encoding="utf-8"))
            if index["version"] != self.version:
                return {}, {}
            entries = index["files"]
            items = {}
            for key, entry in entries.items():
                int(entry["size"]), int(entry["mtime_ns"]), int(entry["read_ns"])
                items[key] = [_item_from_record(r) for r in entry["items"]]
            return entries, items
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}, {}  # missing, corrupt or stale: every file is read again

    def _write(self, entries: dict[str, dict]) -> None:
        text = json.dumps({"version": self.version, "files": entries}, ensure_ascii=False)
        try:
            _write_whole(self.path, text)
        except OSError as exc:
            print(f"mapper: cannot write the articles index ({exc}); continuing", file=sys.stderr)


def _reader_version() -> str:
    h = hashlib.blake2b(digest_size=6)
    h.update(READER_VERSION.encode())
    # the reading rules that live in data
    h.update(resources.files("mapper").joinpath("resources/boilerplate.txt").read_bytes())
    return h.hexdigest()


def _stat(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return -1, -1  # (an unreadable file is read, and its problem listed, every time)
    return stat.st_size, stat.st_mtime_ns


_ARTICLE_FIELDS = frozenset(f.name for f in fields(Article))


def _item_record(item: Article | Problem) -> dict:
    if isinstance(item, Problem):
        return {"problem": [item.path, item.reason]}
    record = {f.name: getattr(item, f.name) for f in fields(Article)}
    record["published"] = item.published.isoformat() if item.published else None
    return {"article": record}


def _item_from_record(record: dict) -> Article | Problem:
    if "problem" in record:
        path, reason = record["problem"]
        return Problem(str(path), str(reason))
    values = dict(record["article"])
    if values.keys() != _ARTICLE_FIELDS:
        raise KeyError("fields differ")
    date = values["published"]
    values["published"] = datetime.date.fromisoformat(date) if date else None
    return Article(**values)


# -- extraction, in this process or in worker processes ------------------------------------


def _extract(
    article: Article, geoparser: Geoparser, cache: EventCache | None
) -> tuple[str, list[Event] | str]:
    """An article's events (written to the cache), or the reason they could not be extracted."""
    try:
        events = extract_events(article, geoparser)
    except Exception as exc:  # one broken article never stops a build
        return article.id, f"could not extract events ({type(exc).__name__}: {exc})"
    if cache:
        cache.put(article.id, events)
    return article.id, events


# What a worker process extracts with: the building process's own, when workers are forked
# from it, else built by each worker when it starts.
_WORKER: tuple[Geoparser, EventCache | None] | None = None


def _init_worker(cache: EventCache | None) -> None:
    global _WORKER
    _WORKER = (Geoparser(), cache)


def _extract_in_worker(article: Article) -> tuple[str, list[Event] | str]:
    return _extract(article, *_WORKER)


@contextmanager
def _worker_pool(
    workers: int, geoparser: Geoparser | None, cache: EventCache | None
) -> Iterator[ProcessPoolExecutor]:
    """Worker processes: forked where the system can, sharing this process's geoparser (built
    here if not given) and vocabulary; else started afresh, each building its own."""
    global _WORKER
    if "fork" in multiprocessing.get_all_start_methods():
        _WORKER = ((geoparser or Geoparser()).prepare(), cache)
        load_vocabulary()  # compiled once, here, for every worker
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(cache,))
    try:
        yield pool
    finally:
        pool.shutdown()
        _WORKER = None


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
    with ExitStack() as stack:
        if workers > 1 and len(todo) > 1:
            pool = stack.enter_context(_worker_pool(workers, geoparser, cache))
            # small chunks: at the end, no worker waits long for the other
            chunk = max(1, min(16, len(todo) // (workers * 8)))
            results = pool.map(_extract_in_worker, todo, chunksize=chunk)
        else:
            if todo:  # a rebuild from the cache never builds a geoparser
                geoparser = geoparser or Geoparser()
            results = map(partial(_extract, geoparser=geoparser, cache=cache), todo)
        if progress is not None:
            results = progress(results, total=len(todo))
        for article_id, outcome in results:
            if isinstance(outcome, str):
                problems.append(Problem(by_id[article_id].path, outcome))
            else:
                events.extend(outcome)
    return Extraction(events, problems, extracted=len(todo), cached=cached)


def events_table(events: Sequence[Event], articles: Sequence[Article]) -> pd.DataFrame:
    """The merged events table (one row per event, columns of events_schema.EVENT_COLUMNS)."""
    return merge_events(events, {a.id: a for a in articles})
