"""`mapper build --dask`: a real LocalCluster of two worker processes, and a running scheduler
reached by its address, give the bytes of a local build; each worker loads its geoparser once."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")  # (installed with mapper[test])

from test_build_faults import _alive, kursk_corpus, run_build  # noqa: E402

from mapper.build import build  # noqa: E402
from mapper.cli import main  # noqa: E402
from mapper.geoparse import Geoparser  # noqa: E402
from mapper.store import STORE_FILE  # noqa: E402

COMPARED = ("events.csv", "events.geojson", "articles.csv", "map.html")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    arts = kursk_corpus(tmp_path_factory.mktemp("dask") / "articles", 24)
    records = [{"title": "T", "date": "2024-08-16", "text": "Drones struck Kursk."}, "x"]
    (arts / "batch.jsonl").write_text("\n".join(map(json.dumps, records)), "utf-8")
    (arts / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\nText in Kursk.\n")
    shutil.copy(arts / "a0002.md", arts / "a0002-again.md")
    return arts


@pytest.fixture(scope="module")
def local_outputs(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    report = build(corpus, out, geoparser=Geoparser(), progress=False)
    return report, {name: (out / name).read_bytes() for name in COMPARED}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as running:
        yield running


def test_a_build_on_a_local_cluster_gives_the_bytes_of_a_local_build(
    corpus, local_outputs, tmp_path
):
    local, expected = local_outputs
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--articles",
            str(corpus),
            "--out",
            str(out),
            "--dask",
            "local",
            "--workers",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert {name: (out / name).read_bytes() for name in COMPARED} == expected
    report = json.loads((out / "report.json").read_text())
    assert report["events"] == local.events and report["extracted"] == local.articles_read
    assert [s["reason"] for s in report["skipped"]] == [p.reason for p in local.problems]


def test_a_build_on_a_running_scheduler_gives_the_same_bytes(
    corpus, local_outputs, cluster, tmp_path
):
    _, expected = local_outputs
    out = tmp_path / "out"
    first = build(corpus, out, dask=cluster.scheduler_address, progress=False)
    assert {name: (out / name).read_bytes() for name in COMPARED} == expected
    again = build(corpus, out, dask=cluster.scheduler_address, progress=False)
    assert again.extracted == 0 and again.cached == first.articles_read


def test_each_worker_loads_its_geoparser_once_when_it_joins(corpus, cluster):
    from mapper.cluster import FileJob, GeoparserPlugin, run_jobs

    with distributed.Client(cluster) as client:
        client.register_plugin(GeoparserPlugin())

        def loaded():
            import mapper.cluster

            worker = mapper.cluster._WORKER
            return None if worker is None else id(worker.geoparser)

        before = client.run(loaded)
        assert len(before) == 2 and all(before.values())  # loaded before any task
        jobs = [[FileJob(str(p), str(p))] for p in sorted(corpus.glob("a00*.md"))]
        results = client.gather(client.map(run_jobs, jobs, pure=False))
        assert sum(len(r[0].extracted) for r in results) == len(jobs)
        assert all(not hasattr(r[0].items[0], "text") for r in results)
        assert client.run(loaded) == before  # the same geoparser, never shipped nor rebuilt


def test_a_scheduler_that_does_not_answer_is_a_clear_error(corpus, tmp_path):
    result = CliRunner().invoke(
        main, ["build", "--articles", str(corpus), "--out", str(tmp_path), "--dask", "nonsense://x"]
    )
    assert result.exit_code == 1
    assert "Error: cannot reach the Dask scheduler at nonsense://x" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_a_local_clusters_workers_end_with_their_build(tmp_path):
    arts, out = kursk_corpus(tmp_path / "articles", 1500), tmp_path / "out"
    process = run_build(arts, out, "--dask", "local", "--workers", "2")
    store = out / ".cache" / STORE_FILE
    children: list[int] = []
    working = 0
    deadline = time.monotonic() + 180
    try:
        while not working and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            children = _children_of_every_thread(process.pid)
            with (
                contextlib.suppress(sqlite3.Error),
                contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db,
            ):
                working = db.execute("SELECT count(*) FROM extracted").fetchone()[0]
        assert working and len(children) >= 2, "the workers never started extracting"
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in children)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _children_of_every_thread(pid: int) -> list[int]:
    """The child processes of `pid` (Dask starts its workers from a thread of its own)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found
