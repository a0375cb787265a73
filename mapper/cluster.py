"""The per-article stages (read, geoparse, extract) on Dask: `mapper build --dask local` starts
a `LocalCluster` of this machine's processes; `--dask tcp://HOST:8786` uses a running
scheduler, whose workers must read the articles at the same path (a shared folder mounted
alike on every machine) and run the same mapper.

Each worker process loads the gazetteer and the geoparser once, when it joins (a worker
plugin, `GeoparserPlugin`), and keeps them: a task carries only the names of files to read and
gives back their articles without text and their events. The building process (the client)
writes them to the store, merges and writes the outputs, byte for byte those of a local build.

Dask is an optional dependency (`pip install 'mapper[dask]'`): imported here only, and only
for a build that asks for it.

>>> with dask_runner("local", version, workers=2) as run:  # doctest: +SKIP
...     results = list(run([FileJob("a.md", "/abs/a.md")]))
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from mapper.events import load_vocabulary
from mapper.store import ArticleWorker, FileJob, FileResult, JobRunner, end_with_parent

try:
    from distributed import WorkerPlugin
except ImportError:  # Dask is optional: a build that asks for it is told how to install it
    WorkerPlugin = object

INSTALL_HINT = "pip install 'mapper[dask]'"
_BATCHES_PER_WORKER = 8  # at the end, no worker waits long for the others
_MOST_FILES_A_TASK = 32


class ClusterError(OSError):
    """Dask is missing, the cluster cannot be reached, or its workers run another mapper: what
    the machines lack, like an OSError (a build reports it and stops)."""


# One worker of this process: built at the plugin's setup (or the first task), kept.
_WORKER: ArticleWorker | None = None


def process_worker() -> ArticleWorker:
    """This process's worker, its geoparser and vocabulary loaded (once per process)."""
    global _WORKER
    if _WORKER is None:
        worker = ArticleWorker()
        worker.geoparser.prepare()
        load_vocabulary()
        _WORKER = worker
    return _WORKER


def run_jobs(jobs: list[FileJob]) -> list[FileResult]:
    """A task: read and extract `jobs` with this process's worker."""
    worker = process_worker()
    return [worker(job) for job in jobs]


def worker_pipeline_version() -> str:
    """The pipeline version of this process's mapper and data (see `store.pipeline_version`)."""
    from mapper.store import pipeline_version

    return pipeline_version(process_worker().geoparser.gazetteer)


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--dask needs Dask's distributed scheduler: {INSTALL_HINT}") from None
    return distributed


class GeoparserPlugin(WorkerPlugin):
    """Loads the gazetteer and the geoparser once in each worker process, as it joins."""

    name = "mapper-geoparser"

    def __init__(self, end_with_parent: bool = False) -> None:
        self.end_with_parent = end_with_parent

    def setup(self, worker) -> None:
        if self.end_with_parent:  # a local cluster's worker ends with the build
            end_with_parent(os.getppid())  # (its nanny lives in the building process)
        process_worker()


@contextmanager
def dask_runner(address: str, version: str, *, workers: int | None = None) -> Iterator[JobRunner]:
    """A runner of file jobs on Dask: "local" (a LocalCluster of `workers` processes, one per
    core by default) or a scheduler's address, reached at the first job (a build with nothing
    to read starts no cluster). Checks that every worker runs the pipeline version `version`
    (the client's). ClusterError, with what to do, when Dask is missing, the scheduler does
    not answer or a worker differs. A LocalCluster's workers are processes started afresh:
    a script that builds with it needs the `if __name__ == "__main__":` guard."""
    distributed = _distributed()
    opened: list = []  # the client, and the local cluster

    def connect():
        if opened:
            return opened[0], opened[1]
        cluster = None
        try:
            if address == "local":
                cluster = distributed.LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                client = distributed.Client(cluster)
            else:
                client = distributed.Client(address, timeout=30)
        except (OSError, TimeoutError, ValueError) as exc:
            if cluster is not None:
                cluster.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        opened.extend((client, cluster))
        try:
            client.register_plugin(GeoparserPlugin(end_with_parent=cluster is not None))
            versions = client.run(worker_pipeline_version)
        except Exception as exc:  # (a worker without mapper, or with a broken install)
            raise ClusterError(
                f"the Dask workers cannot run mapper ({type(exc).__name__}: {exc}); install the "
                "same mapper on every worker"
            ) from None
        if not versions:
            raise ClusterError(f"the Dask scheduler at {address} has no workers")
        other = sorted(w for w, v in versions.items() if v != version)
        if other:
            raise ClusterError(
                f"Dask workers {', '.join(other)} run another mapper or other data (pipeline "
                f"{versions[other[0]]}, here {version}); install the same mapper, gazetteer "
                "and vocabulary on every worker"
            )
        return client, cluster

    def run(jobs: list[FileJob]) -> Iterator[FileResult]:
        client, _ = connect()
        workers_now = max(1, len(client.scheduler_info().get("workers", {})))
        size = max(1, min(_MOST_FILES_A_TASK, len(jobs) // (workers_now * _BATCHES_PER_WORKER)))
        batches = [jobs[k : k + size] for k in range(0, len(jobs), size)]
        futures = client.map(run_jobs, batches, pure=False)
        try:
            for future, results in distributed.as_completed(futures, with_results=True):
                future.release()
                yield from results
        finally:
            client.cancel(futures)

    try:
        yield run
    finally:
        for closable in opened:
            if closable is not None:
                with suppress(Exception):
                    closable.close()
