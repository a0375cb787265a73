"""The events table: per-article extraction, cached by content hash, merged across articles.

Each article's events are kept in a small JSON file named by the article's content hash and
the pipeline's version (extraction rules, recognition model, gazetteer). Adding one article
to a corpus extracts one article; a cache file that is unreadable or from another version is
rebuilt, never trusted.

Only new and changed article files are read (`ArticleIndex`). Worker processes are forked
from the building process where the system can (Linux): they share its geoparser, already
loaded, instead of each reading the gazetteer again. Each worker reads a file, extracts its
articles and writes their cache files; the building process only gathers articles and events.
"""

from __future__ import annotations

import ctypes
import datetime
import functools
import hashlib
import json
import multiprocessing
import operator
import os
import signal
import sys
import threading
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

import pandas as pd

from mapper.articles import Article, Problem, list_article_files, read_file
from mapper.events import (
    EVENTS_VERSION,
    Event,
    extract_events,
    load_vocabulary,
    merge_events,
    vocabulary_path,
)
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
    h.update(vocabulary_path().read_bytes())  # a user may edit it
    h.update(str(gazetteer.cache_tag).encode())
    return h.hexdigest()


class EventCache:
    """Per-article events on disk, keyed by the article (its content id and the date it is
    read with: a file renamed to give it a date is extracted again) and pipeline version.

    `get` gives back what `put` stored, or None for a file that is missing, unreadable, of
    another layout, of another date, or holding a value of the wrong type: never an event
    that the extraction would not have made."""

    def __init__(self, directory: Path, version: str) -> None:
        self.directory = Path(directory)
        self.version = version

    def _path(self, article_id: str) -> Path:
        return self.directory / f"{article_id}.{self.version}.json"

    def get(self, article: Article) -> list[Event] | None:
        try:
            saved = json.loads(self._path(article.id).read_text(encoding="utf-8"))
            if saved["fields"] != _FIELD_LIST or saved["dated"] != _dated(article):
                return None
            return [_event_from_values(values) for values in saved["events"]]
        except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None  # missing, corrupt or stale: extract again

    def put(self, article: Article, events: Sequence[Event]) -> None:
        saved = {
            "fields": _EVENT_FIELDS,
            "dated": _dated(article),
            "events": [_event_values(e) for e in events],
        }
        try:
            _write_whole(self._path(article.id), json.dumps(saved, ensure_ascii=False))
        except OSError as exc:
            print(f"mapper: cannot write the events cache ({exc}); continuing", file=sys.stderr)


def _dated(article: Article) -> list:
    """What of an article, besides its content, changes its events: the date it is read with."""
    published = article.published.isoformat() if article.published else None
    return [published, article.time_precision]


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
    """The Event of a cache file's row; TypeError for a value of a type its field never has."""
    if len(values) != len(_EVENT_FIELDS):
        raise ValueError("fields differ")
    for value, allowed in zip(values, _EVENT_TYPES, strict=True):
        if type(value) not in allowed:
            raise TypeError(f"{value!r:.40} is not of {allowed}")
    date = values[_DATE_AT]  # (the list is json's own: changed in place)
    values[_DATE_AT] = _iso_date(date) if date else None
    return Event(*values)


def _json_types(annotation: object) -> tuple[type, ...]:
    """The types json gives back for a field of this annotation (a date as its ISO string,
    a float possibly as an int)."""
    kinds = typing.get_args(annotation) or (annotation,)
    found: list[type] = []
    for kind in kinds:
        if kind is float:
            found += [float, int]
        elif kind is datetime.date:
            found.append(str)
        else:
            found.append(kind)
    return tuple(found)


_EVENT_TYPES = tuple(_json_types(typing.get_type_hints(Event)[name]) for name in _EVENT_FIELDS)


_iso_date = functools.lru_cache(maxsize=4096)(datetime.date.fromisoformat)  # few dates, many events


# -- reading: only the files that changed since the last build ----------------------------

# The version of what reading makes of a file; a change of the reading rules bumps it.
READER_VERSION = "1"
ARTICLE_INDEX = "articles-index.json"  # its file name, in the events cache folder
_RACY_NS = 2_000_000_000  # a file changed this close to its reading is read again next time


@dataclass(slots=True)
class _Plan:
    """What the index knows of a corpus folder: the files in order, what each unchanged one
    gave, and the files to read (with their size and modification time before reading)."""

    paths: list[Path]
    entries: dict[str, dict]
    items: dict[str, list[Article | Problem]]
    todo: list[tuple[Path, tuple[int, int]]]
    started: int  # when the folder was listed, ns
    old_entries: int
    unread: list[Problem]  # entries of the folder not read (links that leave it)


class ArticleIndex:
    """What each article file gave when it was last read (articles, or why not), kept by its
    path with its size and modification time: a rebuild reads only new and changed files.

    An entry is trusted only for the same size and modification time, and when the file was
    last changed well before it was read (a file written again within the same clock tick
    keeps its time). An index that is unreadable or from other reading rules is ignored."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.version = _reader_version()

    def plan(self, directory: Path, exclude: Iterable[Path] = ()) -> _Plan:
        """The files of `directory` (but `exclude`, see `list_article_files`): from the index
        those that did not change, the rest to read."""
        listing = list_article_files(directory, exclude=exclude)
        old, old_items = self._entries()
        plan = _Plan(listing.files, {}, {}, [], time.time_ns(), len(old), listing.problems)
        for path in listing.files:
            key, stat = str(path), _stat(path)  # taken before reading: a later change shows
            entry = old.get(key)
            if (
                entry is not None
                and stat[0] >= 0
                and (entry["size"], entry["mtime_ns"]) == stat
                and stat[1] < entry["read_ns"] - _RACY_NS
            ):
                plan.entries[key], plan.items[key] = entry, old_items[key]
            else:
                plan.todo.append((path, stat))
        return plan

    def update(self, plan: _Plan, read: dict[str, list[Article | Problem]]) -> None:
        """Keep what the files to read gave (`read`, by path), and write the index."""
        for path, (size, mtime) in plan.todo:
            got = plan.items[str(path)] = read[str(path)]
            plan.entries[str(path)] = {
                "size": size,
                "mtime_ns": mtime,
                "read_ns": plan.started,
                "items": [_item_record(i) for i in got],
            }
        if plan.todo or len(plan.entries) != plan.old_entries:
            self._write(plan.entries)

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
_ARTICLE_TYPES = {name: _json_types(hint) for name, hint in typing.get_type_hints(Article).items()}


def _item_record(item: Article | Problem) -> dict:
    if isinstance(item, Problem):
        return {"problem": [item.path, item.reason]}
    record = {f.name: getattr(item, f.name) for f in fields(Article)}
    record["published"] = item.published.isoformat() if item.published else None
    return {"article": record}


def _item_from_record(record: dict) -> Article | Problem:
    """The Article or Problem of an index record; TypeError or KeyError for one of another
    shape or with a value of the wrong type."""
    if "problem" in record:
        path, reason = record["problem"]
        if not (isinstance(path, str) and isinstance(reason, str)):
            raise TypeError("a problem is two strings")
        return Problem(path, reason)
    values = dict(record["article"])
    if values.keys() != _ARTICLE_FIELDS:
        raise KeyError("fields differ")
    for name, allowed in _ARTICLE_TYPES.items():
        if type(values[name]) not in allowed:
            raise TypeError(f"article {name} of the wrong type")
    date = values["published"]
    values["published"] = datetime.date.fromisoformat(date) if date else None
    return Article(**values)


# -- reading and extraction, in this process or in worker processes ----------------------


@dataclass(frozen=True, slots=True)
class Corpus:
    """A corpus read and extracted: its articles (each content once, in file order), what
    could not be read or extracted, and the articles' events."""

    articles: list[Article]
    problems: list[Problem]
    events: list[Event]
    files_read: int  # files read this time; the others came from the index
    extracted: int  # articles extracted this time
    cached: int  # articles whose events came from the cache


# What a job gives: a file's items (None for an article given as the job), and for each of
# its articles (id, events or the reason there are none, whether they came from the cache).
_Outcome = tuple[str, "list[Event] | str", bool]
_Result = tuple["list[Article | Problem] | None", list[_Outcome]]


class _Worker:
    """Reads files and extracts their articles (or given articles), the events cache first.
    The geoparser is built at the first article to extract, if none was given."""

    def __init__(self, geoparser: Geoparser | None, cache: EventCache | None) -> None:
        self.given, self.cache = geoparser, cache

    @functools.cached_property
    def geoparser(self) -> Geoparser:
        return self.given or Geoparser()

    def __call__(self, job: Path | Article) -> _Result:
        if isinstance(job, Article):
            return None, [self._events(job)]
        items = read_file(job)
        seen: set[str] = set()
        outcomes = []
        for item in items:
            if isinstance(item, Article) and item.id not in seen:
                seen.add(item.id)
                outcomes.append(self._events(item))
        return items, outcomes

    def _events(self, article: Article) -> _Outcome:
        hit = self.cache.get(article) if self.cache else None
        if hit is not None:
            return article.id, hit, True
        try:
            events = extract_events(article, self.geoparser)
        except Exception as exc:  # one broken article never stops a build
            return article.id, f"could not extract events ({type(exc).__name__}: {exc})", False
        if self.cache:
            self.cache.put(article, events)
        return article.id, events, False


# The worker of a worker process: the building process's own, when workers are forked from
# it (sharing its geoparser), else one made by each worker when it starts.
_WORKER: _Worker | None = None


def _init_worker(parent: int, cache: EventCache | None) -> None:
    global _WORKER
    end_with_parent(parent)
    _WORKER = _Worker(None, cache)


_PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent ends


def end_with_parent(parent: int) -> None:
    """Make this process (a worker) end when the process `parent` ends, however it ends
    (a `kill -9` of a build included): on Linux the kernel sends it SIGKILL; elsewhere a
    thread of its own checks every second. Call it first thing in the worker."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            _watch_parent(parent)
    else:
        _watch_parent(parent)
    if os.getppid() != parent:  # it ended before the line above took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _in_worker(job: Path | Article) -> _Result:
    return _WORKER(job)


@contextmanager
def _worker_pool(workers: int, worker: _Worker) -> Iterator[ProcessPoolExecutor]:
    """Worker processes: forked where the system can, sharing this process's geoparser (built
    here if not given) and vocabulary; else started afresh, each building its own."""
    global _WORKER
    if "fork" in multiprocessing.get_all_start_methods():
        worker.geoparser.prepare()
        load_vocabulary()  # compiled once, here, for every worker
        _WORKER = worker
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        )
    else:
        pool = ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(os.getpid(), worker.cache)
        )
    try:
        yield pool
    finally:
        pool.shutdown()
        _WORKER = None


def read_corpus(
    directory: Path,
    index: ArticleIndex,
    cache: EventCache | None,
    *,
    geoparser: Geoparser | None = None,
    workers: int = 1,
    progress: Callable[[Iterable, int], Iterable] | None = None,
    exclude: Iterable[Path] = (),
) -> Corpus:
    """The articles of `directory` (but `exclude`) and their events: files that did not
    change from the index, events from the cache when fresh; the rest read and extracted, by
    `workers` processes (each reading a file and extracting its articles, so no stage waits
    on another)."""
    plan = index.plan(directory, exclude)
    outcomes: dict[str, _Outcome] = {}
    jobs: list[Path | Article] = []
    seen: set[str] = set()
    for got in plan.items.values():  # unchanged files: their articles' events, if cached
        for item in got:
            if isinstance(item, Article) and item.id not in seen:
                seen.add(item.id)
                hit = cache.get(item) if cache else None
                if hit is None:
                    jobs.append(item)
                else:
                    outcomes[item.id] = (item.id, hit, True)
    jobs += [path for path, _ in plan.todo]
    worker = _Worker(geoparser, cache)
    read: dict[str, list[Article | Problem]] = {}
    with ExitStack() as stack:
        if workers > 1 and len(jobs) > 1:
            pool = stack.enter_context(_worker_pool(workers, worker))
            # small chunks: at the end, no worker waits long for the other
            chunk = max(1, min(16, len(jobs) // (workers * 8)))
            results: Iterable = pool.map(_in_worker, jobs, chunksize=chunk)
        else:
            results = map(worker, jobs)
        if progress is not None:
            results = progress(results, len(jobs))
        for job, (items, got) in zip(jobs, results, strict=True):
            if items is not None:
                read[str(job)] = items
            for outcome in got:
                outcomes.setdefault(outcome[0], outcome)  # (an article saved twice: once)
    index.update(plan, read)
    return _gather(plan, outcomes)


def _gather(plan: _Plan, outcomes: dict[str, _Outcome]) -> Corpus:
    """The corpus in file order, each article once (the same content saved twice is read
    once), its events or the reason it has none."""
    articles: list[Article] = []
    problems: list[Problem] = list(plan.unread)
    failed: list[Problem] = []
    events: list[Event] = []
    extracted = cached = 0
    seen: set[str] = set()
    for path in plan.paths:
        for item in plan.items[str(path)]:
            if isinstance(item, Problem):
                problems.append(item)
            elif item.id not in seen:
                seen.add(item.id)
                articles.append(item)
                _, got, from_cache = outcomes[item.id]
                cached += from_cache
                extracted += not from_cache
                if isinstance(got, str):
                    failed.append(Problem(item.path, got))
                else:
                    events.extend(got)
    return Corpus(articles, problems + failed, events, len(plan.todo), extracted, cached)


def events_table(events: Sequence[Event], articles: Sequence[Article]) -> pd.DataFrame:
    """The merged events table (one row per event, columns of events_schema.EVENT_COLUMNS)."""
    return merge_events(events, {a.id: a for a in articles})
