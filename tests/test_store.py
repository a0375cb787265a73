"""The incremental store: a rebuild merges only what changed, yet gives the bytes of a full
build; it keeps no article text; a build killed at any moment leaves a store the next goes on
from."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_build_faults import kursk_corpus, write

from mapper.build import build
from mapper.geoparse import Geoparser
from mapper.store import STORE_FILE, ArticleEntry

COMPARED = ("events.csv", "events.geojson", "articles.csv", "map.html")


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def fresh_outputs(arts: Path, out: Path, parser) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(arts, out, geoparser=parser, progress=False)
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


def test_the_store_and_the_building_process_keep_no_article_text(tmp_path, parser):
    arts = kursk_corpus(tmp_path / "articles", 3)
    quiet = "The orchard keeper counted seventeen pears in the quiet valley that week."
    write(arts, "quiet", f"Drones struck Sudzha on Tuesday. {quiet}", date="2024-08-20")
    out = tmp_path / "out"
    from mapper.store import Store, local_runner, pipeline_version, read_corpus

    store = Store(out / STORE_FILE, pipeline_version(parser.gazetteer))
    corpus = read_corpus(arts, store, runner=local_runner(1, parser))
    store.close()
    assert corpus.articles and all(type(a) is ArticleEntry for a in corpus.articles)
    assert not any(hasattr(a, "text") for a in corpus.articles)
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
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
