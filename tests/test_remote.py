"""`mapper build --articles URL`: a folder read through fsspec (its real `file://` and
`memory://` file systems), locally and on a LocalCluster, gives the outputs of a build of the
same files by path; the store keys its files by URL and finds what changed."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

fsspec = pytest.importorskip("fsspec")  # (installed with mapper[dask])

from test_build_faults import kursk_corpus  # noqa: E402

from mapper.articles import ArticleError  # noqa: E402
from mapper.build import build  # noqa: E402
from mapper.cli import main  # noqa: E402
from mapper.geoparse import Geoparser  # noqa: E402
from mapper.remote import UrlFile, change_stamp, list_url_files  # noqa: E402

SAME_BYTES = ("events.csv", "events.geojson", "map.html")


@pytest.fixture(scope="module")
def geoparser():
    return Geoparser()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    arts = kursk_corpus(tmp_path_factory.mktemp("remote") / "articles", 12)
    (arts / "sub").mkdir()
    (arts / "sub" / "2024-08-20-feed-note.txt").write_text(
        "Drones struck a fuel depot near Rylsk on Tuesday, the governor said.\n", "utf-8"
    )
    (arts / ".hidden.md").write_text("---\ntitle: Not read\n---\nShelling in Lgov.\n", "utf-8")
    (arts / "README.md").write_text("What this folder holds.\n", "utf-8")
    (arts / "broken.json").write_text("{not json", "utf-8")
    _age(arts)
    return arts


@pytest.fixture(scope="module")
def by_path(corpus, geoparser, tmp_path_factory):
    out = tmp_path_factory.mktemp("by-path") / "out"
    report = build(corpus, out, geoparser=geoparser, progress=False)
    return report, out


def _age(folder: Path, then: float = 1_700_000_000) -> None:
    """Date the files in the past, all alike (a file changed within 2 s of a build is read
    again)."""
    for path in folder.rglob("*"):
        os.utime(path, (then, then))


def _articles_by_url(out: Path, folder: Path, url: str) -> str:
    """articles.csv of `out` with each path under `folder` named under `url` instead."""
    rows = list(csv.reader(io.StringIO((out / "articles.csv").read_text("utf-8"))))
    for row in rows[1:]:
        assert row[-1].startswith(str(folder) + "/")
        row[-1] = url + row[-1][len(str(folder)) :]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue()


def _same_outputs(url_out: Path, path_out: Path, folder: Path, url: str) -> None:
    for name in SAME_BYTES:
        assert (url_out / name).read_bytes() == (path_out / name).read_bytes(), name
    # articles.csv names each file where it was read: the URL, else the same bytes
    assert (url_out / "articles.csv").read_text("utf-8") == _articles_by_url(path_out, folder, url)


def test_a_file_url_build_gives_the_outputs_of_a_build_by_path(
    corpus, by_path, geoparser, tmp_path
):
    path_report, path_out = by_path
    url = corpus.as_uri()  # file:///...
    out = tmp_path / "out"
    report = build(url, out, geoparser=geoparser, progress=False)
    _same_outputs(out, path_out, corpus, url)
    assert report.articles_read == path_report.articles_read > 10
    assert report.events == path_report.events > 0
    skipped = [p.path for p in report.problems]
    assert skipped == [f"{url}/broken.json"]  # (and neither the hidden file nor the README)

    again = build(url, out, geoparser=geoparser, progress=False)
    assert (again.files_read, again.extracted, again.written) == (0, 0, ["report.json"])

    changed = corpus / "a0003.md"
    before = changed.read_text("utf-8")
    try:
        changed.write_text(before.replace("oil depot", "ammunition depot"), "utf-8")
        _age(corpus)  # (the same time, its size changed)
        third = build(url, out, geoparser=geoparser, progress=False)
        assert (third.files_read, third.extracted) == (1, 1)
    finally:
        changed.write_text(before, "utf-8")
        _age(corpus)


def test_a_memory_url_build_reads_the_files_in_the_folder(corpus, by_path, geoparser, tmp_path):
    _, path_out = by_path
    root = f"/corpus-{uuid.uuid4().hex}"
    memory = fsspec.filesystem("memory")
    for path in corpus.rglob("*"):
        if path.is_file():
            memory.pipe(f"{root}/{path.relative_to(corpus).as_posix()}", path.read_bytes())
    url = f"memory://{root}"
    try:
        build(url, tmp_path / "out", geoparser=geoparser, progress=False)
        _same_outputs(tmp_path / "out", path_out, corpus, url)
    finally:
        memory.rm(root, recursive=True)


def test_a_url_build_on_a_local_cluster_gives_the_same_outputs(corpus, by_path, tmp_path):
    pytest.importorskip("distributed")
    path_report, path_out = by_path
    url, out = corpus.as_uri(), tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--articles", url, "--out", str(out), "--dask", "local", "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    _same_outputs(out, path_out, corpus, url)
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["articles_dir"] == url and report["files_read"] == path_report.files_read


def test_the_listing_names_each_file_by_url_in_path_order(tmp_path):
    folder = tmp_path / "arts"
    for name in ("b.md", "a/z.md", "a/.git/x.md", "readme.txt", "c.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", "utf-8")
    url = folder.as_uri() + "/"  # (a trailing slash names the same folder)
    listing = list_url_files(url, stat=True, exclude=[folder / "c.txt"])
    base = folder.as_uri()
    assert listing.paths == [f"{base}/a/z.md", f"{base}/b.md"]
    assert listing.parts == [("a", "z.md"), ("b.md",)]
    stat = (folder / "b.md").stat()
    size, stamp = listing.stats[1]  # (the local file system gives a time in float seconds)
    assert size == stat.st_size and abs(stamp - stat.st_mtime_ns) < 1000


def test_a_url_file_reads_as_a_path_does():
    memory = fsspec.filesystem("memory")
    url = f"memory:///t-{uuid.uuid4().hex}/2024-08-07-lgov.md"
    memory.pipe(url.removeprefix("memory://"), b"Shelling hit Lgov.\n")
    file = UrlFile(url)
    assert (file.name, file.suffix, file.stem) == ("2024-08-07-lgov.md", ".md", "2024-08-07-lgov")
    assert file.read_bytes() == b"Shelling hit Lgov.\n" and str(file) == url
    with pytest.raises(OSError):
        UrlFile(url + ".gone").read_bytes()


def test_a_change_stamp_is_a_time_else_a_digest():
    import datetime

    utc = datetime.timezone.utc  # noqa: UP017
    stamp = change_stamp({"LastModified": datetime.datetime(2024, 8, 7, tzinfo=utc)})
    assert stamp == 1722988800 * 10**9
    assert change_stamp({"updated": "2024-08-07T00:00:00Z"}) == stamp
    one, other = change_stamp({"ETag": '"ab"'}), change_stamp({"ETag": '"ac"'})
    assert one < 0 and other < 0 and one != other
    assert change_stamp({"size": 3}) is None


def test_a_url_that_cannot_be_read_is_a_clear_error(tmp_path, monkeypatch):
    result = CliRunner().invoke(
        main, ["build", "--articles", "nosuchprotocol://b/x", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1 and "--articles nosuchprotocol://b/x is no URL" in result.output
    gone = (tmp_path / "gone").as_uri()
    result = CliRunner().invoke(main, ["build", "--articles", gone, "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and f"--articles {gone} no such folder" in result.output
    with pytest.raises(ArticleError, match="--watch watches a folder"):
        from mapper.build import watch

        watch(gone, tmp_path / "o", on_build=print, on_error=print)
    for name in [m for m in sys.modules if m == "fsspec" or m.startswith("fsspec.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "fsspec", None)  # (as if it were not installed)
    result = CliRunner().invoke(
        main, ["build", "--articles", "s3://bucket/articles", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "read with fsspec, which is not installed: pip install 'mapper[dask]'" in result.output
    assert not (tmp_path / "o").exists()  # refused before anything was written


def test_a_protocol_whose_package_is_missing_names_it(tmp_path):
    try:
        import s3fs  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("s3fs is installed")
    with pytest.raises(ArticleError, match="s3fs"):
        build("s3://bucket/articles", tmp_path / "o", progress=False)
    assert not (tmp_path / "o").exists()


def test_outputs_inside_a_file_url_folder_are_not_read_back(tmp_path, geoparser):
    arts = kursk_corpus(tmp_path / "articles", 3)
    _age(arts)
    url = arts.as_uri()
    first = build(url, arts / "out", geoparser=geoparser, progress=False)
    again = build(url, arts / "out", geoparser=geoparser, progress=False)
    assert first.files_read == 3 and (again.files_read, again.problems) == (0, [])
    assert again.articles_read == 3  # (not map.html, events.csv, ... of the first build)
