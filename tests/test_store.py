"""The incremental store: a rebuild merges only what changed, yet gives the bytes of a full
build; it keeps no article text; a build killed at any moment leaves a store the next goes on
from."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_build_faults import assert_no_leftovers, assert_one_set, kursk_corpus, write

from mapper.build import OUTPUT_NAMES, build
from mapper.geoparse import Geoparser
from mapper.store import STORE_FILE, ArticleEntry

COMPARED = ("events.csv", "events.geojson", "articles.csv", "map.html")


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def fresh_outputs(arts: Path, out: Path, parser, **options) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(arts, out, geoparser=parser, progress=False, **options)
    return {name: (out / name).read_bytes() for name in COMPARED}


def test_each_incremental_rebuild_gives_the_bytes_of_a_full_build(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 24), tmp_path / "out"
    changes = [
        lambda: None,
        lambda: (arts / "a0003.md").unlink(),  # an article leaves: its events' groups merge again
        lambda: shutil.copy(arts / "a0010.md", arts / "0-first.md"),  # the same content, earlier
        lambda: write(
            arts,
            "a0011",
            "Russian forces shelled Sudzha on Tuesday, killing 9 civilians.",
            date="2024-08-12",
        ),  # fmt: skip
        lambda: write(
            arts, "zz", "Ukrainian drones struck an oil depot in Lgov overnight.", date="2024-08-03"
        ),  # fmt: skip
        lambda: os.rename(arts / "a0020.md", arts / "2024-09-09-a.md"),
        lambda: (arts / "0-first.md").unlink(),
    ]
    for change in changes:
        change()
        report = build(arts, out, geoparser=parser, progress=False)
        incremental = {name: (out / name).read_bytes() for name in COMPARED}
        assert incremental == fresh_outputs(arts, tmp_path / "fresh", parser)
        assert report.events > 0
    with contextlib.closing(sqlite3.connect(out / ".cache" / STORE_FILE)) as db:
        (articles,) = db.execute("SELECT count(*) FROM corpus").fetchone()
        (kept,) = db.execute("SELECT count(DISTINCT article_id) FROM extracted").fetchone()
    assert kept == articles == report.articles_read  # the events of removed articles are gone


def test_a_rebuild_writes_only_the_outputs_whose_inputs_changed(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 12), tmp_path / "out"
    age(arts)
    build(arts, out, geoparser=parser, progress=False)

    def rebuild(**options) -> list[str]:
        """The outputs the next build writes (checked against their links' files), having
        checked that all five are of one build and the bytes of a full build."""
        before = inodes(out)
        report = build(arts, out, geoparser=parser, progress=False, **options)
        assert sorted(n for n, i in inodes(out).items() if i != before[n]) == sorted(report.written)
        assert_one_set(out)
        assert_no_leftovers(out)
        saved = json.loads((out / "report.json").read_text())
        assert saved["written"] == report.written and saved["files_read"] == report.files_read
        fresh = fresh_outputs(arts, tmp_path / "fresh", parser, **options)
        assert {name: (out / name).read_bytes() for name in COMPARED} == fresh
        return report.written

    assert rebuild() == ["report.json"]  # nothing changed: the report says so, and no more
    lines = build(arts, out, geoparser=parser, progress=False).format().splitlines()
    assert lines[-2:] == [
        f"Wrote {out / 'report.json'}",
        "Unchanged (nothing they are made from changed): events.csv, events.geojson, "
        "articles.csv, map.html",
    ]
    age(write(arts, "quiet", "The orchard keeper counted pears in the valley.", date="2024-08-20"))
    assert rebuild() == ["articles.csv", "report.json"]  # no event: not on the map
    age(write(arts, "lgov", "Ukrainian drones struck an oil depot in Lgov.", date="2024-08-21"))
    assert rebuild() == ["events.csv", "events.geojson", "articles.csv", "map.html", "report.json"]
    lgov = "Ukrainian drones struck an oil depot in Lgov."
    age(write(arts, "lgov", lgov, date="2024-08-21", source="Agency"))  # (a cited article)
    assert rebuild() == ["articles.csv", "map.html", "report.json"]
    (out / "events.csv").write_text("edited by hand\n")  # (through the link, into the build's file)
    assert rebuild() == ["events.csv", "report.json"]
    assert rebuild(cdn=True) == ["map.html", "report.json"]


def test_a_file_changed_keeping_its_size_and_time_is_read_again_if_it_was_read_just_after(
    tmp_path, parser
):
    # a file read just after its last change may have changed again within the clock's tick:
    # it is read again; one read long after its change is not (its size and time are kept)
    arts, out = tmp_path / "articles", tmp_path / "out"
    just_changed = write(arts, "just", "Russian forces shelled Lgov on Monday.", date="2024-08-12")
    settled = write(arts, "long", "Ukrainian drones struck Kursk on Monday.", date="2024-08-12")
    age(settled)
    build(arts, out, geoparser=parser, progress=False)
    for path, old, new in ((just_changed, "Lgov", "Sumy"), (settled, "Kursk", "Rylsk")):
        stat = path.stat()
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert path.stat().st_size == stat.st_size
    report = build(arts, out, geoparser=parser, progress=False)
    places = (out / "events.csv").read_text("utf-8")
    assert report.files_read == 1
    assert "Sumy" in places and "Lgov" not in places  # read again
    assert "Kursk" in places and "Rylsk" not in places  # kept as it was read


def inodes(out: Path) -> dict[str, int]:
    """Each output's file (through its link) as the file system knows it."""
    return {name: (out / name).stat().st_ino for name in OUTPUT_NAMES}


def age(*paths: Path) -> None:
    """Date files ten minutes back (a file changed just before a build is read again by the
    next, in case it changed again within the time's resolution)."""
    past = time.time() - 600
    for path in paths:
        for file in path.rglob("*") if path.is_dir() else [path]:
            os.utime(file, (past, past))


def test_the_store_and_the_building_process_keep_no_article_text(tmp_path, parser):
    arts = kursk_corpus(tmp_path / "articles", 3)
    quiet = "The orchard keeper counted seventeen pears in the quiet valley that week."
    write(arts, "quiet", f"Drones struck Sudzha on Tuesday. {quiet}", date="2024-08-20")
    out = tmp_path / "out"
    from mapper.store import Store, local_runner, pipeline_version, read_corpus

    store = Store(out / STORE_FILE, pipeline_version(parser.gazetteer))
    corpus = read_corpus(arts, store, runner=local_runner(1, parser))
    articles = store.articles()
    store.close()
    assert corpus.articles_read == len(articles) == 4
    assert all(type(a) is ArticleEntry and not hasattr(a, "text") for a in articles)
    data = b"".join(p.read_bytes() for p in out.iterdir())
    assert b"Drones struck Sudzha" in data  # the sentence of an event is its notes
    assert quiet.encode() not in data


def test_a_build_killed_at_any_moment_leaves_a_store_the_next_goes_on_from(tmp_path, parser):
    articles = 1200
    # long enough that extraction outlasts the first commit (2 s) on an idle machine (600 such
    # articles were extracted within it)
    arts, out = kursk_corpus(tmp_path / "articles", articles), tmp_path / "out"
    past = time.time() - 600
    for path in arts.iterdir():
        head, body = path.read_text("utf-8").split("---\n", 2)[1:]
        path.write_text(f"---\n{head}---\n" + "\n\n".join([body.strip()] * 8) + "\n", "utf-8")
        os.utime(path, (past, past))
    command = [sys.executable, "-m", "mapper", "build", "--articles", str(arts), "--out", str(out)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "MAPPER_STORE_COMMIT_SECONDS": "0.05"},  # (a fast machine: early)
    )
    store = out / ".cache" / STORE_FILE
    committed = 0
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline and not committed:
            time.sleep(0.2)
            with (
                contextlib.suppress(sqlite3.Error),
                contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db,
            ):
                committed = db.execute("SELECT count(*) FROM extracted").fetchone()[0]
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert 0 < committed < articles, "the build ended before it was killed"
    report = build(arts, out, geoparser=parser, progress=False)
    assert report.articles_read == articles
    assert report.extracted <= articles - committed  # what was committed was not extracted again
    assert {n: (out / n).read_bytes() for n in COMPARED} == fresh_outputs(
        arts, tmp_path / "fresh", parser
    )
