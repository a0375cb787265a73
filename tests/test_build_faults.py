"""`mapper build` under faults and hostile input: kills, a full disk, two builds at once,
links out of the corpus, damaged caches, formulas in the CSVs.

Each test runs the real command (in a subprocess where the fault is a process's: a kill, a
file size limit) on articles written here."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from mapper.build import OUTPUT_NAMES, build
from mapper.files import OUTPUT_STATE, OutputsBusy, output_lock
from mapper.geoparse import Geoparser
from mapper.store import STORE_FILE

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")

ARTICLE = """---
title: {title}
date: {date}
source: {source}
url: https://example.org/{slug}
---
{body}
"""


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def write(folder: Path, slug: str, body: str, *, date="2024-08-14", title="T", source="Wire"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    path.write_text(
        ARTICLE.format(title=title, date=date, slug=slug, body=body, source=source), "utf-8"
    )
    return path


def kursk_corpus(folder: Path, articles: int) -> Path:
    """`articles` short articles, each an event at a place of the Kursk region."""
    places = ["Sudzha", "Korenevo", "Glushkovo", "Rylsk", "Lgov", "Kursk", "Belgorod"]
    for n in range(articles):
        place = places[n % len(places)]
        write(
            folder,
            f"a{n:04d}",
            f"Ukrainian drones struck an oil depot in {place} overnight, the governor said. "
            f"Russian forces shelled the outskirts of {place} on Tuesday, killing {n % 5 + 1} "
            "civilians.",
            date=f"2024-08-{n % 28 + 1:02d}",
            title=f"Report {n}",
        )
    return folder


def run_build(articles: Path, out: Path, *args: str, **popen) -> subprocess.Popen:
    """`mapper build` in a process of its own."""
    command = [sys.executable, "-m", "mapper", "build", "--articles", str(articles)]
    return subprocess.Popen(
        [*command, "--out", str(out), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_NAMES}


def assert_one_set(out: Path) -> None:
    """The outputs of `out` are of one build: the report's counts are the tables' rows."""
    report = json.loads((out / "report.json").read_text())
    assert len(pd.read_csv(out / "events.csv")) == report["events"]
    assert len(pd.read_csv(out / "articles.csv")) == report["articles_read"]
    assert len(json.loads((out / "events.geojson").read_text())["features"]) == report["events"]
    assert (out / "map.html").read_text().rstrip().endswith("</html>")


def assert_no_leftovers(out: Path) -> None:
    assert not list(out.glob(".*.tmp")) and not list((out / OUTPUT_STATE).glob(".*.tmp"))
    current = os.readlink(out / OUTPUT_STATE / "current")
    assert [p.name for p in (out / OUTPUT_STATE).glob("gen-*")] == [current]


# -- the outputs change together ---------------------------------------------------------


def test_a_build_killed_while_writing_leaves_the_previous_set_whole(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 30), tmp_path / "out"
    build(arts, out, geoparser=parser, progress=False)
    before = outputs(out)
    kursk_corpus(tmp_path / "articles", 60)  # the next build has twice the events
    first_csv = (out / "events.csv").stat().st_mtime_ns
    process = run_build(arts, out)
    killed = False
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        written = list((out / OUTPUT_STATE).glob("gen-*/events.csv"))
        new_generation = [p for p in written if p.parent.name != _current(out)]
        if new_generation or (out / "events.csv").stat().st_mtime_ns != first_csv:
            process.send_signal(signal.SIGKILL)  # the new events.csv is written: kill now
            killed = True
            break
        time.sleep(0.001)
    process.wait()
    assert killed, "the build ended before its events table was written"
    assert_one_set(out)
    assert outputs(out) == before  # not published: the previous build's, byte for byte
    again = build(arts, out, geoparser=parser, progress=False)
    assert again.articles_read == 60
    assert_one_set(out)
    assert_no_leftovers(out)  # what the killed build wrote is gone


def _current(out: Path) -> str | None:
    try:
        return os.readlink(out / OUTPUT_STATE / "current")
    except OSError:
        return None


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_disk_full_while_writing_the_map_fails_and_keeps_the_previous_set(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 10), tmp_path / "out"
    build(arts, out, geoparser=parser, progress=False)
    before = outputs(out)
    kursk_corpus(tmp_path / "articles", 20)
    # Files up to 200 KB can be written: the tables can, the map (over 900 KB) cannot.
    process = run_build(arts, out, preexec_fn=_limit_file_size(200_000))
    _, err = process.communicate(timeout=300)
    assert process.returncode == 1 and "Error:" in err and "Traceback" not in err
    assert outputs(out) == before
    assert build(arts, out, geoparser=parser, progress=False).articles_read == 20
    assert_one_set(out)
    assert_no_leftovers(out)


def test_a_second_build_into_the_same_folder_stops_with_a_message(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 3), tmp_path / "out"
    build(arts, out, geoparser=parser, progress=False)
    before = outputs(out)
    write(arts, "new", "Drones struck Kursk.", date="2024-09-01")
    with output_lock(out):  # a build of this process is writing
        process = run_build(arts, out)
        _, err = process.communicate(timeout=300)
        with pytest.raises(OutputsBusy, match=f"process {os.getpid()}"):
            build(arts, out, geoparser=parser, progress=False)
    assert process.returncode == 1
    assert "another mapper build" in err and "another --out" in err
    assert outputs(out) == before
    assert build(arts, out, geoparser=parser, progress=False).articles_read == 4


def test_stale_temporary_files_and_generations_are_removed(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 2), tmp_path / "out"
    build(arts, out, geoparser=parser, progress=False)
    (out / ".events.csv.x1y2.tmp").write_text("half")
    (out / OUTPUT_STATE / "gen-killed").mkdir()
    (out / OUTPUT_STATE / "gen-killed" / "events.csv").write_text("half")
    build(arts, out, geoparser=parser, progress=False)
    assert_no_leftovers(out)


@linux_only
def test_workers_end_with_their_build(tmp_path):
    arts = kursk_corpus(tmp_path / "articles", 400)
    process = run_build(arts, tmp_path / "out", "--workers", "2")
    children: list[int] = []
    deadline = time.monotonic() + 120
    try:
        while len(children) < 2 and process.poll() is None and time.monotonic() < deadline:
            children = _children(process.pid)
            time.sleep(0.02)
        assert len(children) >= 2, "the build never started its workers"
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in children)
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent that does not reap it is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


# -- nothing outside the corpus is read; nothing it wrote is trusted blindly ------------------


def test_a_link_out_of_the_corpus_is_reported_and_its_file_never_read(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 2), tmp_path / "out"
    secret = tmp_path / "private" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:Secret Keeper:/root:/bin/bash\n")
    (arts / "passwd.txt").symlink_to(secret)
    write(arts / "more" / "deeper", "nested", "Drones struck Lgov.", date="2024-08-20")
    report = build(arts, out, geoparser=parser, progress=False)
    assert report.articles_read == 3  # the subfolder's article too
    assert [(Path(p.path).name, p.reason) for p in report.problems] == [
        ("passwd.txt", "a link to a file outside the articles folder; not read")
    ]
    for path in [*out.rglob("*")]:
        if path.is_file():
            assert b"Secret Keeper" not in path.read_bytes(), path


def test_an_output_folder_inside_or_equal_to_the_corpus_is_not_read_back(tmp_path, parser):
    for arts, out in (
        (tmp_path / "one", tmp_path / "one"),
        (tmp_path / "two", tmp_path / "two" / "outputs"),
    ):
        kursk_corpus(arts, 3)
        first = build(arts, out, geoparser=parser, progress=False)
        again = build(arts, out, geoparser=parser, progress=False)
        assert first.problems == again.problems == []
        assert first.articles_read == again.articles_read == 3
        assert (out / "events.csv").read_bytes() == outputs(out)["events.csv"]


def test_a_renamed_file_that_gains_a_date_is_extracted_again(tmp_path, parser):
    arts, out = tmp_path / "articles", tmp_path / "out"
    arts.mkdir()
    (arts / "convoy.txt").write_text("Ukrainian drones struck a convoy near Sudzha.\n")
    first = build(arts, out, geoparser=parser, progress=False)
    assert first.events > 0 and first.event_dates == []
    (arts / "convoy.txt").rename(arts / "2024-08-09-convoy.txt")
    again = build(arts, out, geoparser=parser, progress=False)
    assert again.undated == [] and again.event_dates == ["2024-08-09"]


def test_a_renamed_or_moved_file_is_read_again_but_its_articles_not_extracted(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 4), tmp_path / "out"
    past = time.time() - 600
    for path in arts.iterdir():  # (not read again for having changed just before a build)
        os.utime(path, (past, past))
    build(arts, out, geoparser=parser, progress=False)
    (arts / "a0001.md").rename(arts / "renamed.md")  # a rename keeps the size and the time
    (arts / "sub").mkdir()
    (arts / "a0003.md").rename(arts / "sub" / "a0003.md")
    again = build(arts, out, geoparser=parser, progress=False)
    assert (again.files_read, again.extracted, again.cached) == (2, 0, 4)
    build(arts, tmp_path / "fresh", geoparser=parser, progress=False)
    assert outputs(out) | {"report.json": b""} == outputs(tmp_path / "fresh") | {"report.json": b""}
    assert "sub/a0003.md" in (out / "articles.csv").read_text()


def test_cache_files_of_the_right_shape_but_wrong_types_are_not_trusted(tmp_path, parser):
    arts, out = kursk_corpus(tmp_path / "articles", 3), tmp_path / "out"
    first = build(arts, out, geoparser=parser, progress=False)
    tables = outputs(out)["events.csv"]
    with contextlib.closing(sqlite3.connect(out / ".cache" / STORE_FILE)) as db:
        with pytest.raises(sqlite3.IntegrityError):  # the store refuses them as they come
            db.execute("UPDATE events SET latitude = 'north', quantity = '[1]'")
        db.execute("PRAGMA ignore_check_constraints = ON")  # as a file damaged on disk holds
        db.execute("UPDATE events SET latitude = 'north', quantity = '[1]'")
        db.execute("UPDATE items SET time_precision = 'one'")
        db.commit()
    past = time.time() - 600
    for path in arts.iterdir():  # read again: their articles' events are merged again
        os.utime(path, (past, past))
    again = build(arts, out, geoparser=parser, progress=False)
    assert (again.extracted, again.files_read) == (first.articles_read, 3)
    assert outputs(out)["events.csv"] == tables


# -- the CSVs open safely in a spreadsheet -----------------------------------------------


def test_cells_that_a_spreadsheet_would_run_are_neutralised_in_the_csvs_only(tmp_path, parser):
    arts, out = tmp_path / "articles", tmp_path / "out"
    write(
        arts,
        "a",
        "Ukrainian drones struck an oil depot in Sudzha overnight.",
        title='=HYPERLINK("http://evil.example","Click")',
        source='"@SUM(1+1)"',  # (quoted: YAML reserves a leading @)
    )
    write(arts, "b", "-2+3 drones struck Lgov, the governor said.", title="+cmd")
    build(arts, out, geoparser=parser, progress=False)
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert set(articles["title"]) == {'\'=HYPERLINK("http://evil.example","Click")', "'+cmd"}
    assert set(articles["source"]) == {"'@SUM(1+1)", "Wire"}
    text = (out / "events.csv").read_text()
    assert "\n=" not in text and ",=" not in text and ',"=' not in text
    events = pd.read_csv(out / "events.csv")
    assert (events["longitude"] > 0).all()  # numbers are left as numbers
    features = json.loads((out / "events.geojson").read_text())["features"]
    assert any(f["properties"]["notes"].startswith("-2+3") for f in features)
    assert any(n.startswith("'-2+3") for n in events["notes"])
