"""The incremental store: one SQLite database holding what each article file gave when it was
last read, each article's events, the corpus (each article once, in file order) and the merged
events table, all updated in place; and the per-article work (read, geoparse, extract).

A build reads only new and changed files and extracts only articles whose events the store
lacks, then re-merges only the groups of events (place, type, sub-type) that those articles
touch: regenerating after adding one article reads one file, extracts its articles and merges
a few groups, not the corpus. The building process keeps no article text: a worker (this
process, a forked process, or a Dask worker: see `mapper.cluster`) reads a file, extracts the
articles the store lacks, and hands back each article's fields but its text (`ArticleEntry`)
and its events. An article whose events are missing later (another pipeline version) is
extracted again from its file.

What the outputs are made from is read from the store without loading the corpus: each row of
the corpus and of the merged table carries a digest of its values (`Store.digests`: a build
writes an output only when the digests it is made from changed), and each article its line of
articles.csv, ready to be joined (`Store.article_lines`).

The database is one file (`STORE_FILE`, written ahead in WAL mode), changed only in
transactions: a build killed at any moment leaves it as of its last commit, and the next build
goes on from there. A store that is damaged, or holds a value of a type its column never has,
is rebuilt whole; one of another layout, reading rules or pipeline version forgets what those
change.
"""

from __future__ import annotations

import ctypes
import datetime
import functools
import hashlib
import multiprocessing
import operator
import os
import signal
import sqlite3
import sys
import threading
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (pandas is imported where a table is made: a rebuild may need none)
    import pandas as pd

from mapper.articles import Article, Problem, list_article_files, read_file
from mapper.events import (
    EVENTS_VERSION,
    Event,
    extract_events,
    load_vocabulary,
    merge_events,
    vocabulary_files,
)
from mapper.events_schema import EVENT_COLUMNS
from mapper.gazetteer import Gazetteer
from mapper.geoparse import GEOPARSER_VERSION, Geoparser, model_path
from mapper.remote import UrlFile, is_url, list_url_files
from mapper.tables import ARTICLE_LINE_VERSION, article_line
from mapper.text import language_file

STORE_FILE = "store.sqlite3"  # its file name, in the build's cache folder
# The layout of the database; another layout is dropped and rebuilt.
STORE_LAYOUT = "2"
# The version of what reading makes of a file; a change of the reading rules bumps it.
READER_VERSION = "2"
_RACY_NS = 2_000_000_000  # a file changed this close to its reading is read again next time
# What workers gave is committed at least this often, so a killed build keeps it (the
# environment may set it: a test of a kill wants commits early).
_COMMIT_EVERY_S = float(os.environ.get("MAPPER_STORE_COMMIT_SECONDS", "2.0"))
_MERGE_CHUNK = 200_000  # events merged at once (groups are merged apart, in chunks)


def pipeline_version(gazetteer: Gazetteer) -> str:
    """A short hash of everything that changes what an article yields."""
    h = hashlib.blake2b(digest_size=6)
    h.update(EVENTS_VERSION.encode())
    h.update(GEOPARSER_VERSION.encode())
    h.update(STORE_LAYOUT.encode())
    h.update(model_path().read_bytes())
    for path in [*vocabulary_files(), language_file()]:  # a user may edit them
        h.update(path.read_bytes())
    h.update(str(gazetteer.cache_tag).encode())
    return h.hexdigest()


def reader_version() -> str:
    """A short hash of the reading rules (the code's version and the boilerplate patterns)
    and of the form the store keeps an article in."""
    h = hashlib.blake2b(digest_size=6)
    h.update(READER_VERSION.encode())
    h.update(ARTICLE_LINE_VERSION.encode())  # (the store keeps each article's CSV line)
    h.update(resources.files("mapper").joinpath("resources/boilerplate.txt").read_bytes())
    h.update(language_file().read_bytes())  # (months, captions: how an article is dated)
    return h.hexdigest()


# -- what flows between the workers and the store ----------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """An article as the store and the outputs keep it: every field of `Article` but its text."""

    id: str
    title: str
    published: datetime.date | None
    time_precision: int
    date_source: str
    url: str
    source: str
    path: str

    @classmethod
    def of(cls, article: Article) -> ArticleEntry:
        return cls(
            article.id,
            article.title,
            article.published,
            article.time_precision,
            article.date_source,
            article.url,
            article.source,
            article.path,
        )

    @property
    def dated(self) -> str:
        """What of an article, besides its content, changes its events: the date it is read
        with ("2024-08-07/1": date and precision; "/3" undated). With its id, the key of its
        events in the store."""
        return dated(self)


def dated(article: Article | ArticleEntry) -> str:
    """The date `article` is read with, as the store keys its events (see `ArticleEntry`)."""
    published = article.published.isoformat() if article.published else ""
    return f"{published}/{article.time_precision}"


@dataclass(frozen=True, slots=True)
class FileJob:
    """A file for a worker to read: `path` as the build names it (the articles' `path`, a date
    in the file name), `location` where the worker opens it (the same path, or an absolute one
    for a worker elsewhere), and the articles (`id|dated`) whose events the store holds."""

    path: str
    location: str
    skip: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FileResult:
    """What a worker made of a file: its articles (without text) and problems, in order, and
    for each article it extracted (id, dated, its events or why there are none)."""

    path: str
    items: list[ArticleEntry | Problem]
    extracted: list[tuple[str, str, list[Event] | str]]


class ArticleWorker:
    """Reads a file and extracts its articles but those the job skips; callable on a
    `FileJob`. The geoparser is built at the first article to extract, if none was given."""

    def __init__(self, geoparser: Geoparser | None = None) -> None:
        self.given = geoparser

    @functools.cached_property
    def geoparser(self) -> Geoparser:
        return self.given or Geoparser()

    def __call__(self, job: FileJob) -> FileResult:
        data = None
        if job.location != job.path:
            try:
                data = Path(job.location).read_bytes()
            except OSError as exc:
                reason = f"cannot be read where the worker runs: {exc.strerror}"
                return FileResult(job.path, [Problem(job.path, reason)], [])
        # (a file at a URL is read where the job runs, through fsspec)
        items = read_file(UrlFile(job.path) if is_url(job.path) else Path(job.path), data)
        seen: set[str] = set()
        extracted: list[tuple[str, str, list[Event] | str]] = []
        for item in items:
            if isinstance(item, Article):
                key = f"{item.id}|{dated(item)}"
                if key not in seen and key not in job.skip:
                    seen.add(key)
                    extracted.append((item.id, dated(item), self._events(item)))
        entries = [i if isinstance(i, Problem) else ArticleEntry.of(i) for i in items]
        return FileResult(job.path, entries, extracted)

    def _events(self, article: Article) -> list[Event] | str:
        try:
            return extract_events(article, self.geoparser)
        except Exception as exc:  # one broken article never stops a build
            return f"could not extract events ({type(exc).__name__}: {exc})"


# -- the database -----------------------------------------------------------------------------

_EVENT_FIELDS = tuple(f.name for f in fields(Event))
_ENTRY_FIELDS = tuple(f.name for f in fields(ArticleEntry))
# The columns that keep an ArticleEntry's fields but its id (its `path` as `label`: the file
# it came from is the items' `path`).
_ENTRY_COLUMNS = (*_ENTRY_FIELDS[1:-1], "label")
_DATE_AT = _EVENT_FIELDS.index("event_date")
_GROUP = ("place_id", "event_type", "sub_event_type")  # what merge_events merges within
# Merged rows by date (undated last), location, place, event type and sub-type: the order of
# merge_events (no two rows tie).
_ROW_ORDER = ("event_date", "location", "place_id", "event_type", "sub_event_type")


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


class StoreDamaged(Exception):
    """A value in the store of a type its column never has: the store is rebuilt."""


def _types_of(annotation: object) -> tuple[type, ...]:
    """The types SQLite gives back for a field of this annotation (a date as its ISO string,
    a float possibly as an int)."""
    found: list[type] = []
    for kind in typing.get_args(annotation) or (annotation,):
        if kind is float:
            found += [float, int]
        elif kind is datetime.date:
            found.append(str)
        else:
            found.append(kind)
    return tuple(found)


_EVENT_TYPES = tuple(_types_of(t) for t in typing.get_type_hints(Event).values())
_ENTRY_TYPES = tuple(_types_of(t) for t in typing.get_type_hints(ArticleEntry).values())
# The merged table's columns as merge_events fills them: text but these; a column it may
# gain, any value SQLite keeps.
_ROW_TEXT = frozenset(
    "event_id event_date event_type sub_event_type actor1 actor2 quantity_unit location place_id "
    "admin1 country_code attribution article_ids source_urls notes admin2 feature_code".split()
)
_KNOWN_ROW_TYPES: dict[str, tuple[type, ...]] = {
    "time_precision": (int,),
    "geo_precision": (int,),
    "num_articles": (int,),
    "quantity": (int, type(None)),
    "fatalities": (int, type(None)),
    "latitude": (float, int),
    "longitude": (float, int),
}
_ROW_TYPES = tuple(
    _KNOWN_ROW_TYPES.get(c, (str,) if c in _ROW_TEXT else (str, int, float, type(None)))
    for c in EVENT_COLUMNS
)


_SQL_TYPES = {str: "text", int: "integer", float: "real", type(None): "null"}


def _typed(names: Sequence[str], kinds: Sequence[tuple[type, ...]], nullable: bool = False) -> str:
    """Column definitions that keep each value as Python gave it (no declared type: an int
    stays an int, a float a float) and refuse a value of another type than its field's."""
    return ", ".join(
        f'"{name}" CHECK ({_type_test(name, allowed, nullable)})'
        for name, allowed in zip(names, kinds, strict=True)
    )


def _type_test(name: str, allowed: tuple[type, ...], nullable: bool = False) -> str:
    """SQL that is true when the column `name` holds a value of the `allowed` types."""
    sql = sorted({_SQL_TYPES[k] for k in allowed} | ({"null"} if nullable else set()))
    return f"""typeof("{name}") IN ({", ".join(f"'{t}'" for t in sql)})"""


def _types_test(names: Sequence[str], kinds: Sequence[tuple[type, ...]]) -> str:
    """SQL that is true when each column of `names` holds a value of its kinds: read beside
    a row's values, it checks them in SQLite rather than value by value in Python."""
    return " AND ".join(_type_test(n, k) for n, k in zip(names, kinds, strict=True))


_INT = ((int,),)
# Each row of the items, the corpus and the merged table carries a digest of its values
# (`_digest`): the sum of a table's digests tells whether it changed (`Store.digests`).
_DIGEST = _typed(("row_digest",), _INT)
_DIGEST_TEST = _type_test("row_digest", (int,))
_LOW_BITS = 2**31 - 1  # a digest's low bits, summed apart from its high ones
# Every value is checked twice: by SQLite as it is written (a CHECK of its type), and as it is
# read back (`_checked`), which also catches a file damaged outside SQLite.
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, {_typed(("size", "mtime_ns", "read_ns"), _INT * 3)});
CREATE TABLE IF NOT EXISTS items (
    path TEXT NOT NULL, position INTEGER NOT NULL, file_key BLOB NOT NULL,
    {_typed(("article_id", "dated", *_ENTRY_COLUMNS), ((str,), (str,), *_ENTRY_TYPES[1:]), True)},
    {_typed(("problem_path", "problem"), ((str,), (str,)), True)},
    {_typed(("line",), ((str,),), True)}, {_DIGEST},
    PRIMARY KEY (path, position)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_article ON items (article_id, dated);
CREATE TABLE IF NOT EXISTS extracted (
    article_id TEXT NOT NULL, dated TEXT NOT NULL, PRIMARY KEY (article_id, dated)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
    article_id TEXT NOT NULL, dated TEXT NOT NULL, n INTEGER NOT NULL,
    {_typed(_EVENT_FIELDS[1:], _EVENT_TYPES[1:])}, PRIMARY KEY (article_id, dated, n)
    ) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_group ON events ({_quoted(_GROUP)});
CREATE TABLE IF NOT EXISTS corpus (
    article_id TEXT NOT NULL, dated TEXT NOT NULL, path TEXT NOT NULL,
    file_key BLOB NOT NULL, position INTEGER NOT NULL,
    {_typed(_ENTRY_COLUMNS, _ENTRY_TYPES[1:])}, {_typed(("line",), ((str,),))}, {_DIGEST},
    PRIMARY KEY (file_key, position)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS corpus_article ON corpus (article_id);
CREATE INDEX IF NOT EXISTS corpus_undated ON corpus (file_key, position) WHERE published IS NULL;
CREATE TABLE IF NOT EXISTS merged ({_typed(EVENT_COLUMNS, _ROW_TYPES)}, {_DIGEST});
CREATE INDEX IF NOT EXISTS merged_group ON merged ({_quoted(_GROUP)});
CREATE TABLE IF NOT EXISTS dirty (article_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dirty_groups (
    place_id, event_type, sub_event_type, PRIMARY KEY (place_id, event_type, sub_event_type)
    ) WITHOUT ROWID;
"""
_TABLES = ("meta", "files", "items", "extracted", "events", "corpus", "merged", "dirty")


def _checked(values: Sequence, allowed: Sequence[tuple[type, ...]]) -> Sequence:
    """`values`, if each is of its allowed types; else StoreDamaged."""
    if len(values) != len(allowed):
        raise StoreDamaged("a row of another width")
    for value, kinds in zip(values, allowed, strict=True):
        if type(value) not in kinds:
            raise StoreDamaged(f"{value!r:.40} is not of {kinds}")
    return values


def _digest(values: Sequence) -> int:
    """A 62-bit digest of a row's values (str, int, float, bytes, None). Sums of up to 2**32
    of them, taken in two halves of 31 bits, stay within SQLite's 64-bit integers."""
    data = repr(tuple(values)).encode("utf-8", "backslashreplace")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big") >> 2


_iso_date = functools.lru_cache(maxsize=4096)(datetime.date.fromisoformat)


def _entry(values: Sequence) -> ArticleEntry:
    """The ArticleEntry of stored values (in `_ENTRY_FIELDS` order), checked."""
    values = list(_checked(values, _ENTRY_TYPES))
    if values[2]:
        try:
            values[2] = _iso_date(values[2])
        except ValueError:
            raise StoreDamaged("a date that is none") from None
    return ArticleEntry(*values)


def _article_cells(entry: ArticleEntry) -> tuple[str, ...]:
    """An entry's row of the articles table (ARTICLE_COLUMNS)."""
    published = entry.published.isoformat() if entry.published else ""
    return (entry.id, entry.title, entry.source, published, entry.url, entry.path)


def _entry_values(entry: ArticleEntry) -> tuple:
    """The values of an entry's `_ENTRY_COLUMNS`."""
    published = entry.published.isoformat() if entry.published else None
    e = entry
    return (e.title, published, e.time_precision, e.date_source, e.url, e.source, e.path)


_event_values_of = operator.attrgetter(*_EVENT_FIELDS)


def _event_values(event: Event) -> list:
    values = list(_event_values_of(event))
    values[_DATE_AT] = event.event_date.isoformat() if event.event_date else None
    return values


def _event(values: Sequence) -> Event:
    """The Event of stored values (in `_EVENT_FIELDS` order), checked."""
    values = list(_checked(values, _EVENT_TYPES))
    if values[_DATE_AT]:
        try:
            values[_DATE_AT] = _iso_date(values[_DATE_AT])
        except ValueError:
            raise StoreDamaged("a date that is none") from None
    return Event(*values)


def file_key(relative_parts: Sequence[str]) -> bytes:
    """A file's place in the corpus order (its path's parts under the articles folder, compared
    part by part) as bytes SQLite compares the same way: the parts in UTF-8 (which keeps the
    order of code points), joined by a zero byte, which no file name holds."""
    return "\0".join(relative_parts).encode("utf-8", "surrogatepass")


class Store:
    """The incremental store of one build's outputs (see the module doc). Not shared between
    processes: workers hand their results to the building process, which writes them.

    Events are keyed by article id, the date the article is read with (`dated`) and the
    pipeline version (the store holds one version's events: those of another are dropped
    when it opens). Every value read back is type-checked; StoreDamaged (or SQLite's own
    DatabaseError) means the store must be rebuilt (`reset`)."""

    def __init__(self, path: Path, pipeline: str) -> None:
        self.path = Path(path)
        self.pipeline = pipeline
        self.reader = reader_version()
        self._wanted: frozenset[str] | None = None  # what the temporary table `wanted` holds
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):  # locked, full, not writable
                raise OSError(f"the store {self.path} cannot be used: {exc}") from None
            self._remove()  # not a database, or a damaged one
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # (in WAL mode: a kill loses nothing)
            with _transaction(db):
                layout = None
                if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                    layout = _meta(db, "layout")
                if layout != STORE_LAYOUT:
                    for table in _TABLES + ("dirty_groups",):
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in _SCHEMA.split(";"):
                    db.execute(statement)
                _set_meta(db, "layout", STORE_LAYOUT)
                if _meta(db, "reader") != self.reader:
                    db.execute("DELETE FROM files")
                    db.execute("DELETE FROM items")
                    _set_meta(db, "reader", self.reader)
                    _set_meta(db, "merge_all", "1")
                if _meta(db, "pipeline") != self.pipeline:
                    db.execute("DELETE FROM extracted")
                    db.execute("DELETE FROM events")
                    _set_meta(db, "pipeline", self.pipeline)
                    _set_meta(db, "merge_all", "1")
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.close()

    def reset(self) -> None:
        """Forget everything: remove the database and start an empty one."""
        self.db.close()
        self._remove()
        self.db = self._open()
        self._wanted = None

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    # -- what the files gave -------------------------------------------------------------

    def file_entries(self) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        """Each file's size and modification time (ns) when last read, and the same of the
        files that need not be read again while they have that size and time: those that
        could be stat'ed and were read more than _RACY_NS after their last change (a change
        made within the same tick of the clock may not have changed their time)."""
        numbers = ("size", "mtime_ns", "read_ns")
        rows = self.db.execute(
            f"SELECT path, size, mtime_ns, {_types_test(numbers, _INT * 3)},"
            f" size >= 0 AND mtime_ns < read_ns - {_RACY_NS} FROM files"
        ).fetchall()
        if not all(map(_fourth, rows)):
            raise StoreDamaged("a file's size or time that is no integer")
        known = {row[0]: row[1:3] for row in rows}
        return known, {row[0]: row[1:3] for row in rows if row[4]}

    def known_keys(self, path: str) -> frozenset[str]:
        """The articles (`id|dated`) of `path`, as last read, whose events the store holds."""
        rows = self.db.execute(
            "SELECT i.article_id || '|' || i.dated FROM items i JOIN extracted x"
            " ON x.article_id = i.article_id AND x.dated = i.dated WHERE i.path = ?",
            (path,),
        )
        return frozenset(key for (key,) in rows)

    def record(self, result: FileResult, stat: tuple[int, int] | None, read_ns: int, key: bytes):
        """Keep what a worker made of a file: its articles and problems (when it was read as
        new or changed: `stat` is its size and time before reading) and their events. Call
        inside `batch`."""
        db = self.db
        if stat is not None:
            db.execute(
                "INSERT OR IGNORE INTO dirty SELECT article_id FROM items"
                " WHERE path = ? AND article_id IS NOT NULL",
                (result.path,),
            )
            db.execute("DELETE FROM items WHERE path = ?", (result.path,))
            no_entry = (None,) * (2 + len(_ENTRY_COLUMNS))
            rows = [
                (result.path, position, key, *no_entry, item.path, item.reason, None)
                if isinstance(item, Problem)
                else (
                    result.path,
                    position,
                    key,
                    item.id,
                    item.dated,
                    *_entry_values(item),
                    None,
                    None,
                    article_line(_article_cells(item)),
                )  # fmt: skip
                for position, item in enumerate(result.items)
            ]
            marks = ", ".join("?" * (9 + len(_ENTRY_COLUMNS)))
            db.executemany(
                f"INSERT INTO items VALUES ({marks})", [(*row, _digest(row)) for row in rows]
            )
            db.executemany(
                "INSERT OR IGNORE INTO dirty VALUES (?)",
                [(i.id,) for i in result.items if isinstance(i, ArticleEntry)],
            )
            db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", (result.path, *stat, read_ns)
            )
        event_marks = ", ".join("?" * (2 + len(_EVENT_FIELDS)))
        for article_id, article_dated, events in result.extracted:
            if isinstance(events, str):
                continue  # a failure is not kept: extracted again next time
            db.execute(
                "DELETE FROM events WHERE article_id = ? AND dated = ?", (article_id, article_dated)
            )
            rows = [
                (article_id, article_dated, n, *_event_values(e)[1:]) for n, e in enumerate(events)
            ]
            db.executemany(f"INSERT INTO events VALUES ({event_marks})", rows)
            db.execute("INSERT OR IGNORE INTO extracted VALUES (?, ?)", (article_id, article_dated))
            db.execute("INSERT OR IGNORE INTO dirty VALUES (?)", (article_id,))

    def events_of(self, article: Article | ArticleEntry) -> list[Event] | None:
        """The events stored for `article` (read with its date), or None when the store has
        none: never an event that the extraction would not have made (StoreDamaged for a
        value of the wrong type)."""
        key = (article.id, dated(article))
        if not self.db.execute(
            "SELECT 1 FROM extracted WHERE article_id = ? AND dated = ?", key
        ).fetchone():
            return None
        rows = self.db.execute(
            f"SELECT ?, {_quoted(_EVENT_FIELDS[1:])} FROM events"
            " WHERE article_id = ? AND dated = ? ORDER BY n",
            (article.id, *key),
        )
        return [_event(row) for row in rows]

    def forget_files(self, paths: Iterable[str]) -> None:
        """Drop the entries of files no longer in the corpus. Call inside `batch`."""
        for path in paths:
            self.db.execute(
                "INSERT OR IGNORE INTO dirty SELECT article_id FROM items"
                " WHERE path = ? AND article_id IS NOT NULL",
                (path,),
            )
            self.db.execute("DELETE FROM items WHERE path = ?", (path,))
            self.db.execute("DELETE FROM files WHERE path = ?", (path,))

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """A transaction for `record` and `forget_files`, committed every few seconds (a kill
        keeps what was committed) and at the end."""
        batch = Batch(self.db)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield batch
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- the corpus and the merged table -----------------------------------------------------

    def update_corpus(self) -> None:
        """Bring the corpus (each article once, at its first file, in file order) up to date
        with the files read, and note which groups of events it changes."""
        with _transaction(self.db):
            db = self.db
            if _meta(db, "merge_all") == "1":
                for table in ("corpus", "merged", "dirty", "dirty_groups"):
                    db.execute(f"DELETE FROM {table}")
                db.execute(
                    "INSERT INTO dirty SELECT DISTINCT article_id FROM items"
                    " WHERE article_id IS NOT NULL"
                )
                _set_meta(db, "merge_all", "0")
            self._note_groups()  # the groups the corpus touched before
            db.execute("DELETE FROM corpus WHERE article_id IN (SELECT article_id FROM dirty)")
            db.execute(
                f"""INSERT INTO corpus
                SELECT article_id, dated, path, file_key, position, {_quoted(_ENTRY_COLUMNS)},
                       line, row_digest
                FROM (SELECT *, row_number() OVER (
                          PARTITION BY article_id ORDER BY file_key, position) AS nth
                      FROM items WHERE article_id IN (SELECT article_id FROM dirty))
                WHERE nth = 1"""
            )

    def _note_groups(self) -> None:
        self.db.execute(
            """INSERT OR IGNORE INTO dirty_groups
            SELECT DISTINCT e.place_id, e.event_type, e.sub_event_type
            FROM dirty d CROSS JOIN corpus c ON c.article_id = d.article_id
            CROSS JOIN events e ON e.article_id = c.article_id AND e.dated = c.dated"""
        )

    def missing_events(self) -> list[tuple[str, str]]:
        """(file, `id|dated`) of the corpus's articles whose events the store lacks."""
        return self.db.execute(  # (a scan of the corpus in its order, not of an index)
            "SELECT c.path, c.article_id || '|' || c.dated FROM corpus c WHERE NOT EXISTS"
            " (SELECT 1 FROM extracted x WHERE x.article_id = c.article_id AND x.dated = c.dated)"
        ).fetchall()

    def merge(self) -> None:
        """Merge again the groups of events that changed, and drop the events of articles no
        longer in the corpus."""
        with _transaction(self.db):
            db = self.db
            self._note_groups()
            groups = db.execute(
                "SELECT g.place_id, g.event_type, g.sub_event_type, count(e.n)"
                " FROM dirty_groups g LEFT JOIN events e ON e.place_id = g.place_id"
                " AND e.event_type = g.event_type AND e.sub_event_type = g.sub_event_type"
                " GROUP BY g.place_id, g.event_type, g.sub_event_type"
            ).fetchall()
            db.executemany(
                "DELETE FROM merged WHERE place_id = ? AND event_type = ? AND sub_event_type = ?",
                [g[:3] for g in groups],
            )
            chunk: list[tuple] = []
            size = 0
            for group in groups:
                chunk.append(group[:3])
                size += group[3]
                if size >= _MERGE_CHUNK:
                    self._merge_groups(chunk)
                    chunk, size = [], 0
            if chunk:
                self._merge_groups(chunk)
            for table in ("events", "extracted"):
                db.execute(
                    f"""DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM dirty)
                    AND NOT EXISTS (SELECT 1 FROM corpus c WHERE c.article_id = {table}.article_id
                                    AND c.dated = {table}.dated)"""
                )
            db.execute("DELETE FROM dirty")
            db.execute("DELETE FROM dirty_groups")

    def _merge_groups(self, groups: list[tuple]) -> None:
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS merging (place_id, event_type, sub_event_type)")
        db.execute("DELETE FROM merging")
        db.executemany("INSERT INTO merging VALUES (?, ?, ?)", groups)
        rows = db.execute(
            f"""SELECT c.article_id, {", ".join(f'e."{f}"' for f in _EVENT_FIELDS[1:])}, c.url
            FROM merging g
            CROSS JOIN events e ON e.place_id = g.place_id AND e.event_type = g.event_type
                AND e.sub_event_type = g.sub_event_type
            CROSS JOIN corpus c ON c.article_id = e.article_id AND c.dated = e.dated
            ORDER BY c.file_key, c.position, e.n"""  # (the groups' events by index, then sorted)
        )
        events: list[Event] = []
        urls: dict[str, _Url] = {}
        for row in rows:
            events.append(_event(row[:-1]))
            if row[0] not in urls:
                urls[row[0]] = _Url(_checked(row[-1:], ((str,),))[0])
        if not events:
            return
        table = merge_events(events, urls)
        columns = [column_values(table[c]) for c in EVENT_COLUMNS]
        marks = ", ".join("?" * (1 + len(EVENT_COLUMNS)))
        db.executemany(
            f"INSERT INTO merged VALUES ({marks})",
            [(*row, _digest(row)) for row in zip(*columns, strict=True)],
        )

    def articles(self) -> list[ArticleEntry]:
        """The corpus: each article once, in file order."""
        rows = self.db.execute(
            f"SELECT article_id, {_quoted(_ENTRY_COLUMNS)} FROM corpus ORDER BY file_key, position"
        )
        return [_entry(row) for row in rows]

    def problems(self) -> list[Problem]:
        """What could not be read, in file order."""
        rows = self.db.execute(
            "SELECT problem_path, problem FROM items WHERE problem IS NOT NULL"
            " ORDER BY file_key, position"
        )
        return [Problem(*_checked(row, ((str,), (str,)))) for row in rows]

    def table(self) -> pd.DataFrame:
        """The merged events table, as `merge_events` makes it from the whole corpus."""
        import pandas as pd

        rows = [
            _checked(row, _ROW_TYPES)
            for row in self.db.execute(f"SELECT {_quoted(EVENT_COLUMNS)} FROM merged")
        ]
        order = operator.itemgetter(*(EVENT_COLUMNS.index(c) for c in _ROW_ORDER))
        rows.sort(key=lambda row: (order(row)[0] or "9999", *order(row)[1:]))
        table = pd.DataFrame.from_records(rows, columns=list(EVENT_COLUMNS))
        if rows:
            table["quantity"] = table["quantity"].astype("Int64")
            table["fatalities"] = table["fatalities"].astype("Int64")
        return table

    # -- what the outputs are made from, read without loading the corpus ---------------------

    def digests(self) -> Digests:
        """Digests of the corpus and of the merged events table: equal digests, equal tables
        (each row's digest covers its values and its place in the order; a table's digest is
        their count and sum). Read in SQLite, whatever the corpus's size."""
        return Digests(self._digest("corpus"), self._digest("merged"))

    def cited_articles(self, ids: Iterable[str]) -> tuple[str, list[tuple[str, ...]]]:
        """The digest of the articles table's rows of the articles `ids` (as `digests` gives
        a table's), and those rows (as `article_rows`), read in one pass."""
        rows = self.article_rows(ids, digests=True)
        digests = [row[-1] for row in rows]
        high, low = sum(d >> 31 for d in digests), sum(d & _LOW_BITS for d in digests)
        return _digest_text(len(rows), high, low), [row[:-1] for row in rows]

    def _digest(self, rows: str) -> str:
        ((count, high, low, good),) = self.db.execute(
            "SELECT count(*), coalesce(sum(row_digest >> 31), 0),"
            f" coalesce(sum(row_digest & {_LOW_BITS}), 0),"
            f" coalesce(sum({_DIGEST_TEST}), 0) FROM {rows}"
        ).fetchall()
        if good != count:
            raise StoreDamaged("a row digest that is no integer")
        return _digest_text(count, high, low)

    def _want(self, ids: Iterable[str]) -> None:
        """Fill the temporary table `wanted` with the article ids `ids` (unless it holds them)."""
        ids = frozenset(ids)
        if ids == self._wanted:
            return
        self._wanted = None
        with _temporary(self.db):
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (article_id PRIMARY KEY)")
            self.db.execute("DELETE FROM wanted")
            self.db.executemany("INSERT INTO wanted VALUES (?)", ((i,) for i in ids))
        self._wanted = ids

    def event_article_ids(self) -> list[str]:
        """Each merged event's `article_ids` (joined by LIST_SEPARATOR)."""
        rows = self.db.execute(
            f"SELECT article_ids, {_type_test('article_ids', (str,))} FROM merged"
        ).fetchall()
        if not all(map(_last, rows)):
            raise StoreDamaged("an event's article ids that are no text")
        return [row[0] for row in rows]

    def article_rows(
        self, ids: Iterable[str] | None = None, *, digests: bool = False
    ) -> list[tuple]:
        """The articles table's rows (ARTICLE_COLUMNS: id, title, source, published or "",
        url, path; with `digests`, each row's digest after them) of the corpus, or of its
        articles `ids`, in file order. Their values are checked in SQLite as they are read
        (StoreDamaged)."""
        if ids is None:
            rows = "corpus c"
        else:
            self._want(ids)
            rows = "wanted w CROSS JOIN corpus c ON c.article_id = w.article_id"
        digest, test = ("c.row_digest, ", f"{_DIGEST_TEST} AND ") if digests else ("", "")
        found = self.db.execute(
            "SELECT c.article_id, c.title, c.source, coalesce(c.published, ''), c.url, c.label,"
            f" {digest}{test}{_ARTICLE_ROW_TEST} FROM {rows} ORDER BY c.file_key, c.position"
        ).fetchall()
        if not all(map(_last, found)):
            raise StoreDamaged("an article's field of the wrong type")
        return [row[:-1] for row in found]

    def article_lines(self) -> Iterator[str]:
        """The corpus as the lines of articles.csv (`mapper.tables.article_line`), in file
        order; StoreDamaged for a line that is no text."""
        for (line,) in self.db.execute("SELECT line FROM corpus ORDER BY file_key, position"):
            if type(line) is not str:
                raise StoreDamaged("an article's line that is no text")
            yield line

    def attempts(self, attempted: dict[str, str | None]) -> tuple[int, int, list[Problem]]:
        """The corpus's count of articles, how many of them are of `attempted` (`id|dated`
        extracted by this build, with why it failed or None), and the failures, in file
        order."""
        db = self.db
        with _temporary(db):
            db.execute("CREATE TEMP TABLE IF NOT EXISTS attempted (article_id, dated, failure)")
            db.execute("DELETE FROM attempted")
            db.executemany(
                "INSERT INTO attempted VALUES (?, ?, ?)",
                ((*key.split("|", 1), failure) for key, failure in attempted.items()),
            )
        ((articles,),) = db.execute("SELECT count(*) FROM corpus").fetchall()
        joined = "corpus c JOIN attempted a ON a.article_id = c.article_id AND a.dated = c.dated"
        ((extracted,),) = db.execute(f"SELECT count(*) FROM {joined}").fetchall()
        rows = db.execute(
            f"SELECT c.label, a.failure, {_type_test('label', (str,))} FROM {joined}"
            " WHERE a.failure IS NOT NULL ORDER BY c.file_key, c.position"
        ).fetchall()
        if not all(map(_last, rows)):
            raise StoreDamaged("an article's path that is no text")
        db.execute("DELETE FROM attempted")
        return articles, extracted, [Problem(label, failure) for label, failure, _ in rows]

    def undated(self) -> list[str]:
        """The corpus's articles without a date (their `path`), in file order."""
        rows = self.db.execute(
            f"SELECT label, {_type_test('label', (str,))} FROM corpus WHERE published IS NULL"
            " ORDER BY file_key, position"
        ).fetchall()
        if not all(map(_last, rows)):
            raise StoreDamaged("an article's path that is no text")
        return [row[0] for row in rows]

    def event_summary(self) -> tuple[int, list[str], int]:
        """The merged events table's count of rows, dates (sorted, undated left out) and
        count of places."""
        ((count, places, good),) = self.db.execute(
            "SELECT count(*), count(DISTINCT place_id),"
            f" coalesce(sum({_types_test(('event_date', 'place_id'), ((str,), (str,)))}), 0)"
            " FROM merged"
        ).fetchall()
        if good != count:
            raise StoreDamaged("an event's date or place that is no text")
        dates = [d for (d,) in self.db.execute(
            "SELECT DISTINCT event_date FROM merged WHERE event_date != ''")]  # fmt: skip
        return count, sorted(dates), places


# True for a corpus row whose values `article_rows` gives are of their fields' types.
_ARTICLE_ROW_TEST = (
    _types_test(
        ("title", "source", "published", "url", "label"),
        [
            _ENTRY_TYPES[_ENTRY_FIELDS.index(f)]
            for f in ("title", "source", "published", "url", "path")
        ],
    )
    + " AND (published IS NULL OR date(published) IS published)"
)


class Digests(typing.NamedTuple):
    """What the outputs are made from, as `Store.digests` gives it."""

    articles: str  # of the corpus (the articles table)
    events: str  # of the merged events table


def _digest_text(count: int, high: int, low: int) -> str:
    """A table's digest: its rows' count and the sums of their digests' high and low bits."""
    return f"{count}.{high:x}.{low:x}"


_last = operator.itemgetter(-1)
_fourth = operator.itemgetter(3)


@dataclass(frozen=True, slots=True)
class _Url:
    """What merge_events reads of an article."""

    url: str


class Batch:
    """An open transaction of the store, committed every `_COMMIT_EVERY_S` seconds."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db, self.since = db, time.monotonic()

    def tick(self) -> None:
        if time.monotonic() - self.since >= _COMMIT_EVERY_S:
            self.db.execute("COMMIT")
            self.db.execute("BEGIN IMMEDIATE")
            self.since = time.monotonic()


@contextmanager
def _transaction(db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    """The body as one transaction: committed whole, or rolled back on any error."""
    db.execute(begin)
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _temporary(db: sqlite3.Connection):
    """A transaction for writes to temporary tables only (deferred: it locks no database
    file), so that rows inserted many at once are not committed one by one."""
    return _transaction(db, "BEGIN")


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def column_values(column: pd.Series) -> list:
    """A column's values as Python objects, missing ones (NaN, None, NA) as None."""
    values = column.tolist()
    missing = column.isna().to_numpy()
    if missing.any():
        values = [None if gone else v for v, gone in zip(values, missing.tolist(), strict=True)]
    return values


# -- a corpus read into the store -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Corpus:
    """A corpus read into the store, and what that took: its articles (each content once) and
    their merged events are in the store (`Store.article_rows`, `Store.table`), never all in
    this process at once; what could not be read or extracted is here."""

    articles_read: int  # articles of the corpus
    problems: list[Problem]
    files_read: int  # files read this time as new or changed; the others came from the store
    extracted: int  # articles extracted this time
    cached: int  # articles whose events came from the store


# Runs the workers' jobs: gives each job's result, in any order, as it comes.
JobRunner = Callable[[list[FileJob]], Iterable[FileResult]]


T = typing.TypeVar("T")


def recovering(store: Store, work: Callable[[], T]) -> T:
    """`work()`, which reads and writes `store`; when it finds the store damaged (a value of a
    type its column never has, a file SQLite cannot read), the store is rebuilt and `work()`
    runs again, once. A store that cannot be written (a full disk, a folder not writable) is
    an OSError."""
    try:
        try:
            return work()
        except (StoreDamaged, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.OperationalError):
                raise
            print(f"mapper: the store {store.path} is damaged ({exc}); rebuilding it",
                  file=sys.stderr)  # fmt: skip
            store.reset()
            return work()
    except sqlite3.OperationalError as exc:
        raise OSError(f"the store {store.path} cannot be written: {exc}") from None


def read_corpus(
    directory: Path | str,
    store: Store,
    *,
    runner: JobRunner,
    progress: Callable[[Iterable, int], Iterable] | None = None,
    exclude: Iterable[Path] = (),
    locate: Callable[[str], str] = str,
) -> Corpus:
    """Bring the store up to date with the articles of `directory` (but `exclude`): new and
    changed files read, articles whose events the store lacks extracted, by `runner` (see
    `local_runner`, `mapper.cluster.dask_runner`), and the events merged again where they
    changed; `locate` gives where a worker opens a file (named by its path). `directory` may
    be a folder's URL (`mapper.remote`): its files are named, keyed in the store and opened
    by their URLs, and a change is told by their size and fsspec's stamp. A file renamed
    (or moved) since the last build, its size and time kept, is read again but its articles
    are not extracted again where their events are in the store. A damaged store is
    rebuilt, and the corpus read again."""
    return recovering(
        store, lambda: _read_corpus(directory, store, runner, progress, exclude, locate)
    )


def _read_corpus(directory, store, runner, progress, exclude, locate) -> Corpus:
    # each file's size and time, taken before reading: a later change shows next time
    if is_url(directory):  # (its files are read at their URL, wherever the job runs)
        listing, locate = list_url_files(directory, exclude=exclude, stat=True), str
    else:
        listing = list_article_files(directory, exclude=exclude, stat=True)
    started = time.time_ns()
    known, settled = store.file_entries()
    paths, stats = listing.paths, listing.stats
    listed = dict(zip(paths, zip(listing.parts, stats, strict=True), strict=True))
    # (a file that cannot be stat'ed, size -1, is read, and its problem listed, every time)
    todo = [name for name, stat in zip(paths, stats, strict=True) if settled.get(name) != stat]
    gone = [path for path in known if path not in listed]
    # A new file with the size and time of a file gone is likely that file renamed: the
    # articles the store holds of the one are not extracted again from the other (only those
    # whose id and date are the same: a name that dated its articles may have changed).
    gone_by_stat: dict[tuple[int, int], list[str]] = {}
    for path in gone:
        gone_by_stat.setdefault(known[path], []).append(path)

    def known_keys(path: str) -> frozenset[str]:
        keys = store.known_keys(path)
        if path not in known:
            for before in gone_by_stat.get(listed[path][1], ()):
                keys |= store.known_keys(before)
        return keys

    attempted: dict[str, str | None] = {}  # `id|dated` extracted this time: why it failed

    def run(jobs: list[FileJob], as_read: bool) -> None:
        if not jobs:
            return
        results = runner(jobs)
        if progress is not None:
            results = progress(results, len(jobs))
        with store.batch() as batch:
            if as_read:
                store.forget_files(gone)
            for result in results:
                parts, stat = listed[result.path]
                store.record(result, stat if as_read else None, started, file_key(parts))
                for article_id, article_dated, events in result.extracted:
                    failure = events if isinstance(events, str) else None
                    attempted[f"{article_id}|{article_dated}"] = failure
                batch.tick()

    if gone and not todo:
        with store.batch():
            store.forget_files(gone)
    run([FileJob(p, locate(p), known_keys(p)) for p in todo], as_read=True)
    store.update_corpus()
    missing: dict[str, set[str]] = {}
    for path, key in store.missing_events():
        if key not in attempted:  # (one that failed this time is not tried twice)
            missing.setdefault(path, set()).add(key)
    run([FileJob(p, locate(p), store.known_keys(p)) for p in missing], as_read=False)
    store.merge()

    articles, extracted, failed = store.attempts(attempted)
    problems = listing.problems + store.problems() + failed
    return Corpus(articles, problems, len(todo), extracted, articles - extracted)


# -- running the workers: in this process, or in forked processes -----------------------------


def local_runner(workers: int, geoparser: Geoparser | None) -> JobRunner:
    """Jobs run in this process (one worker), or in `workers` processes: forked where the
    system can (Linux), sharing this process's geoparser (built here if not given) and
    vocabulary, else started afresh, each building its own."""
    worker = ArticleWorker(geoparser)

    def run(jobs: list[FileJob]) -> Iterator[FileResult]:
        if workers <= 1 or len(jobs) <= 1:
            yield from map(worker, jobs)
            return
        with _worker_pool(workers, worker) as pool:
            # small chunks: at the end, no worker waits long for the other
            chunk = max(1, min(16, len(jobs) // (workers * 8)))
            yield from pool.map(_in_worker, jobs, chunksize=chunk)

    return run


# The worker of a worker process: the building process's own, when workers are forked from
# it (sharing its geoparser), else one made by each worker when it starts.
_WORKER: ArticleWorker | None = None


def _init_worker(parent: int) -> None:
    global _WORKER
    end_with_parent(parent)
    _WORKER = ArticleWorker()


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


def _in_worker(job: FileJob) -> FileResult:
    return _WORKER(job)


@contextmanager
def _worker_pool(workers: int, worker: ArticleWorker) -> Iterator[ProcessPoolExecutor]:
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
        pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(os.getpid(),))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)
        _WORKER = None
