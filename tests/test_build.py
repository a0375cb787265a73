"""`mapper build` end to end on real files: outputs, report, cache, parallel workers."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mapper.articles import Problem
from mapper.build import BuildReport, build
from mapper.cli import main
from mapper.events import vocabulary_files
from mapper.events_schema import EVENT_COLUMNS
from mapper.geoparse import Geoparser
from mapper.store import STORE_FILE
from mapper.text import language_file

REPO = Path(__file__).resolve().parents[1]

ARTICLE = """---
title: {title}
date: {date}
source: Test Wire
url: https://example.org/{slug}
---
{body}
"""


def damage(out: Path) -> None:
    """Overwrite the build's store with bytes that are no database."""
    store = out / ".cache" / STORE_FILE
    assert store.stat().st_size > 0
    store.write_bytes(b"{not a database" * 100)


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def write(folder: Path, slug: str, body: str, date: str = "2024-08-14", title: str = "T"):
    path = folder / f"{slug}.md"
    path.write_text(ARTICLE.format(title=title, date=date, slug=slug, body=body), "utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    write(arts, "a", "Belgorod governor Vyacheslav Gladkov declared a state of emergency "
          "in the Belgorod region on Wednesday as the war came closer.",
          title="Emergency in Belgorod")  # fmt: skip
    write(arts, "b", "The Belgorod region declared a state of emergency over the war, the "
          "regional governor said.", date="2024-08-15")  # fmt: skip
    write(arts, "c", "Russian forces repelled attacks at Russkoye Porechnoye in the Kursk "
          "region. <script>alert(1)</script>")  # fmt: skip
    (arts / "undated.txt").write_text(
        "Drones were shot down over Lipetsk, the regional governor said.\n", "utf-8"
    )
    (arts / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\nText in Kursk.\n")
    (arts / "latin1.txt").write_bytes("Caf\xe9 in Kursk was shelled.".encode("latin-1"))
    return arts


def test_build_writes_every_output_and_reports_problems(corpus, tmp_path, parser):
    out = tmp_path / "out"
    report = build(corpus, out, geoparser=parser, progress=False)
    for name in ("events.csv", "events.geojson", "articles.csv", "map.html", "report.json"):
        assert (out / name).stat().st_size > 0, name
    table = pd.read_csv(out / "events.csv", keep_default_na=False)
    assert list(table.columns[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
    skipped = {Path(p.path).name: p.reason for p in report.problems}
    assert set(skipped) == {"broken.md", "latin1.txt"}
    assert "UTF-8" in skipped["latin1.txt"]
    assert [Path(p).name for p in report.undated] == ["undated.txt"]
    # the same emergency told by two articles is one event with two articles
    belgorod = table[(table.location == "Belgorod Oblast") & (table.sub_event_type == "Other")]
    assert len(belgorod) == 1 and belgorod.iloc[0].num_articles == 2
    assert "|" in belgorod.iloc[0].source_urls
    # the undated article is mapped on no date, not dropped
    assert (table.event_date == "").any()
    geo = json.loads((out / "events.geojson").read_text())
    assert len(geo["features"]) == len(table)
    first = geo["features"][0]
    assert first["geometry"]["coordinates"] == [first["properties"]["longitude"],
                                                first["properties"]["latitude"]]  # fmt: skip
    saved = json.loads((out / "report.json").read_text())
    assert saved["events"] == len(table) and len(saved["skipped"]) == 2
    html = (out / "map.html").read_text()
    assert "<script>alert(1)</script>" not in html


def test_rebuild_reads_only_new_articles_and_distrusts_a_corrupt_cache(corpus, tmp_path, parser):
    out = tmp_path / "out"
    first = build(corpus, out, geoparser=parser, progress=False)
    again = build(corpus, out, geoparser=parser, progress=False)
    assert again.extracted == 0 and again.cached == first.articles_read
    write(corpus, "d", "Ukrainian drones struck an airfield near Lipetsk.", date="2024-08-16")
    added = build(corpus, out, geoparser=parser, progress=False)
    assert added.extracted == 1 and added.events >= first.events
    damage(out)
    healed = build(corpus, out, geoparser=parser, progress=False)
    assert healed.extracted == added.articles_read
    assert healed.events == added.events


def test_an_edited_vocabulary_re_extracts_every_article(corpus, tmp_path, parser, monkeypatch):
    out = tmp_path / "out"
    first = build(corpus, out, geoparser=parser, progress=False)
    files = vocabulary_files()
    edited = tmp_path / files[-1].name
    edited.write_text(files[-1].read_text("utf-8") + "# a user's note\n", "utf-8")
    monkeypatch.setattr("mapper.store.vocabulary_files", lambda: [*files[:-1], edited])
    again = build(corpus, out, geoparser=parser, progress=False)
    assert (again.extracted, again.cached) == (first.articles_read, 0)


def test_an_edited_language_file_reads_and_extracts_every_article_again(
    corpus, tmp_path, parser, monkeypatch
):
    out = tmp_path / "out"
    first = build(corpus, out, geoparser=parser, progress=False)
    edited = tmp_path / "en.yaml"
    edited.write_text(language_file().read_text("utf-8") + "# a user's note\n", "utf-8")
    monkeypatch.setattr("mapper.store.language_file", lambda: edited)
    again = build(corpus, out, geoparser=parser, progress=False)
    assert (again.files_read, again.extracted, again.cached) == (
        first.files_read,
        first.articles_read,
        0,
    )


def test_a_rebuild_reads_only_the_files_that_changed(corpus, tmp_path, parser):
    past = time.time() - 600
    for path in corpus.iterdir():
        os.utime(path, (past, past))
    out = tmp_path / "out"
    first = build(corpus, out, geoparser=parser, progress=False)
    assert first.files_read == 6
    again = build(corpus, out, geoparser=parser, progress=False)
    assert (again.files_read, again.extracted) == (0, 0)
    assert again.articles_read == first.articles_read and again.events == first.events
    assert again.problems == first.problems  # the broken files are still listed
    a = corpus / "a.md"
    a.write_text(a.read_text("utf-8").replace("Wednesday", "Tuesday"), "utf-8")
    os.utime(a, (past + 5, past + 5))
    os.utime(write(corpus, "d", "Shelling hit Sudzha overnight."), (past, past))
    changed = build(corpus, out, geoparser=parser, progress=False)
    assert (changed.files_read, changed.extracted) == (2, 2)
    assert changed.articles_read == first.articles_read + 1
    (corpus / "d.md").unlink()
    write(corpus, "e", "Drones struck Kursk.")  # written just now: its time may not tell
    for expected in (1, 1):  # ... a later change, so it is read again until it is older
        rebuilt = build(corpus, out, geoparser=parser, progress=False)
        assert rebuilt.files_read == expected and rebuilt.articles_read == first.articles_read + 1
    damage(out)  # every file is read again
    assert build(corpus, out, geoparser=parser, progress=False).files_read == 7


def test_two_workers_give_the_same_outputs_and_report(corpus, tmp_path, parser):
    records = [{"title": "T", "date": "2024-08-16", "text": "Drones struck Kursk."}, "x"]
    (corpus / "batch.jsonl").write_text("\n".join(map(json.dumps, records)), "utf-8")
    shutil.copy(corpus / "c.md", corpus / "c-again.md")  # the same article saved twice
    past = time.time() - 600  # (files changed just now are read again by the next build)
    for path in corpus.iterdir():
        os.utime(path, (past, past))
    one = build(corpus, tmp_path / "one", geoparser=parser, progress=False)
    two = build(corpus, tmp_path / "two", workers=2, progress=False)
    assert one.events == two.events > 0
    for name in ("events.csv", "articles.csv"):
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()
    assert one.problems == two.problems and len(two.problems) == 3  # 2 files, 1 line
    assert one.articles_read == two.articles_read == two.extracted == 5  # c once
    # the workers wrote the cache: a rebuild extracts nothing
    again = build(corpus, tmp_path / "two", workers=2, geoparser=parser, progress=False)
    assert again.extracted == 0 and again.events == two.events
    # files unchanged, events lost: the workers extract the articles the index gives them
    with contextlib.closing(sqlite3.connect(tmp_path / "two" / ".cache" / STORE_FILE)) as db:
        db.execute("DELETE FROM events")
        db.execute("DELETE FROM extracted")
        db.commit()
    lost = build(corpus, tmp_path / "two", workers=2, geoparser=parser, progress=False)
    assert (lost.files_read, lost.extracted, lost.cached) == (0, 5, 0)
    assert (tmp_path / "two" / "events.csv").read_text() == (
        tmp_path / "one" / "events.csv"
    ).read_text()


class _Failing:
    """The given geoparser, failing on the texts that name `place`."""

    def __init__(self, parser: Geoparser, place: str) -> None:
        self.parser, self.place, self.gazetteer = parser, place, parser.gazetteer

    def prepare(self) -> _Failing:
        self.parser.prepare()
        return self

    def parse(self, text: str) -> list:
        if self.place in text:
            raise RuntimeError(f"no parse of {self.place}")
        return self.parser.parse(text)

    def __getattr__(self, name: str):  # its word lists, as the real one's
        return getattr(self.parser, name)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers cannot be forked"
)
def test_forked_workers_use_the_given_geoparser(corpus, tmp_path, parser):
    report = build(corpus, tmp_path / "out", workers=2, geoparser=_Failing(parser, ""))
    # workers of their own would have built a real geoparser, which does not fail
    failed = [p for p in report.problems if "no parse of" in p.reason]
    assert len(failed) == report.extracted == report.articles_read > 1


def test_an_article_that_fails_extraction_is_listed_and_the_rest_build(corpus, tmp_path, parser):
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        report = build(corpus, out, workers=workers, geoparser=_Failing(parser, "Lipetsk"))
        failed = [p for p in report.problems if "no parse of Lipetsk" in p.reason]
        assert [Path(p.path).name for p in failed] == ["undated.txt"]
        assert report.events > 0 and "undated.txt" in (out / "report.json").read_text()


def test_a_failed_build_leaves_the_previous_outputs_whole(corpus, tmp_path, parser):
    out = tmp_path / "out"
    build(corpus, out, geoparser=parser, progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (out / "map.html").unlink()
    (out / "map.html").mkdir()  # the map cannot be written: the build fails there
    write(corpus, "e", "Shelling hit Sudzha overnight.", date="2024-08-20")
    with pytest.raises(OSError):
        build(corpus, out, geoparser=parser, progress=False)
    for name in ("events.csv", "articles.csv"):
        text = (out / name).read_bytes()
        assert text.endswith(b"\n") and pd.read_csv(out / name) is not None
    assert not list(out.glob(".*.tmp"))  # no temporary file left behind
    assert before["events.csv"]  # the first build's table existed


def test_the_bundled_sample_corpus_builds_cleanly(tmp_path, parser):
    report = build(REPO / "data" / "articles", tmp_path / "out", geoparser=parser, progress=False)
    assert report.problems == [] and report.undated == []
    assert report.articles_read >= 10 and report.events >= report.articles_read
    assert report.event_dates[0] >= "2024-08-01" and report.event_dates[-1] <= "2025-03-31"


def test_the_report_counts_in_words_and_keeps_each_file_on_one_line():
    report = BuildReport("in", "out", articles_read=1, files_read=1, extracted=1, events=1)
    report.places, report.event_dates = 1, ["2024-08-09"]
    report.problems = [
        Problem("in/a\nb.md", "the file is empty"),
        Problem("in/\x1b[2J\x1b]0;owned\x07.md", "the file is empty"),
    ]
    report.undated = ["in/c\r\nd.md", "in/e.md"]
    lines = report.format().splitlines()
    assert lines[0].startswith("Read 1 article from in (1 file read, 1 article extracted")
    assert "  - in/a\\nb.md: the file is empty" in lines
    assert "  - in/\\x1b[2J\\x1b]0;owned\\x07.md: the file is empty" in lines
    assert not any(c in report.format() for c in "\x1b\x07\r")
    assert (
        "2 articles without a date: their events are on the 'Undated' layer (date an article "
        "with 'date: YYYY-MM-DD' in its front matter or a YYYY-MM-DD- prefix of its file "
        "name):" in lines
    )
    assert "  - in/c\\r\\nd.md" in lines
    assert lines[-1] == "Mapped 1 event at 1 place on 1 date from 2024-08-09 to 2024-08-09."


def test_build_help_tells_the_front_matter_keys_and_how_an_article_is_dated():
    text = CliRunner().invoke(main, ["build", "--help"]).output
    for key in ("title:", "date:", "url:", "source:", "YYYY-MM-DD-", "subfolders"):
        assert key in text


def test_cli_build_prints_the_report(corpus, tmp_path):
    shutil.rmtree(tmp_path / "cli", ignore_errors=True)
    result = CliRunner().invoke(
        main, ["build", "--articles", str(corpus), "--out", str(tmp_path / "cli")]
    )
    assert result.exit_code == 0, result.output
    assert "Skipped 2:" in result.output and "broken.md" in result.output
    assert "Undated" in result.output or "no date" in result.output
    missing = CliRunner().invoke(main, ["build", "--articles", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no such folder" in missing.output


def test_the_store_gives_back_the_same_events_and_refuses_wrong_types(corpus, tmp_path, parser):
    from mapper.articles import load_articles
    from mapper.events import extract_events
    from mapper.store import ArticleEntry, FileResult, Store, StoreDamaged

    articles, _ = load_articles(corpus)
    store = Store(tmp_path / "store.sqlite3", "v1")
    extracted = {a.id: extract_events(a, parser) for a in articles}
    with store.batch():
        for n, article in enumerate(articles):
            result = FileResult(
                article.path,
                [ArticleEntry.of(article)],
                [(article.id, ArticleEntry.of(article).dated, extracted[article.id])],
            )
            store.record(result, (1, 1), 1, bytes([n]))
    for article in articles:
        assert store.events_of(article) == extracted[article.id]
    undated = next(a for a in articles if a.published is None)
    assert store.events_of(undated) and all(e.event_date is None for e in store.events_of(undated))
    store.close()
    assert Store(tmp_path / "store.sqlite3", "v2").events_of(articles[0]) is None  # other version
    store = Store(tmp_path / "store.sqlite3", "v2")
    with store.batch():
        result = FileResult("x", [], [(articles[0].id, "2024-08-14/1", extracted[articles[0].id])])
        store.record(result, None, 1, b"x")
    with pytest.raises(sqlite3.IntegrityError):  # SQLite refuses a value of another type
        store.db.execute("UPDATE events SET latitude = 'north'")
    store.db.execute("PRAGMA ignore_check_constraints = ON")  # (as a damaged file could hold)
    store.db.execute("UPDATE events SET latitude = 'north'")
    with pytest.raises(StoreDamaged):
        store.events_of(articles[0])


def test_the_store_gives_the_articles_rows_in_file_order_and_refuses_wrong_types(corpus, tmp_path):
    from mapper.articles import load_articles
    from mapper.store import ArticleEntry, FileResult, Store, StoreDamaged

    articles, _ = load_articles(corpus)
    store = Store(tmp_path / "store.sqlite3", "v1")
    with store.batch():
        for n, article in enumerate(reversed(articles)):  # (file keys in reverse order)
            result = FileResult(article.path, [ArticleEntry.of(article)], [])
            store.record(result, (1, 1), 1, bytes([n]))
    store.update_corpus()
    order = [a.id for a in reversed(articles)]
    assert [row[0] for row in store.article_rows()] == order
    some = {order[1], order[-1]}
    assert [row[0] for row in store.article_rows(some)] == [order[1], order[-1]]
    assert all(isinstance(v, str) for row in store.article_rows() for v in row)
    store.db.execute("PRAGMA ignore_check_constraints = ON")  # (as a damaged file could hold)
    store.db.execute("UPDATE corpus SET title = 7 WHERE article_id = ?", (order[-1],))
    with pytest.raises(StoreDamaged):
        store.article_rows(some)
    assert [row[0] for row in store.article_rows({order[0]})] == [order[0]]  # (the others)


def test_a_rebuild_that_changes_no_table_does_not_load_pandas(corpus, tmp_path, parser):
    # (pandas costs a fresh process 0.2 s to import: only a table's output needs it)
    past = time.time() - 600
    for path in corpus.iterdir():
        os.utime(path, (past, past))  # (read long after their change: not read again)
    out = tmp_path / "out"
    build(corpus, out, geoparser=parser, progress=False)
    write(corpus, "quiet", "The orchard keeper counted pears in the valley.")
    rebuild = (
        "import sys; from mapper.build import build; "
        f"r = build({str(corpus)!r}, {str(out)!r}, progress=False); "
        "print(r.written, 'pandas' in sys.modules)"
    )
    for expected in ("['articles.csv', 'report.json'] False", "['report.json'] False"):
        done = subprocess.run(
            [sys.executable, "-c", rebuild], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip().splitlines()[-1] == expected, done.stderr


def test_a_long_build_shows_a_progress_bar_and_a_short_one_none(tmp_path, parser, capsys):
    from mapper.build import PROGRESS_THRESHOLD

    arts = tmp_path / "articles"
    arts.mkdir()
    for n in range(PROGRESS_THRESHOLD):
        path = write(arts, f"a{n:03d}", f"Drones struck Kursk on day {n} of the offensive.")
        os.utime(path, (time.time() - 600,) * 2)  # (not read again by the next build)
    build(arts, tmp_path / "out", geoparser=parser, progress=True)
    bar = capsys.readouterr().err
    assert "mapper build" in bar and f"{PROGRESS_THRESHOLD}/{PROGRESS_THRESHOLD}" in bar
    (arts / "a000.md").unlink()
    write(arts, "b", "Shelling hit Sudzha.")  # one file to read: no bar
    build(arts, tmp_path / "out", geoparser=parser, progress=True)
    assert capsys.readouterr().err == ""
