"""Build benchmark: a full `mapper build` of 1,000 articles (1 and 2 workers), and the rebuild
after adding one article; beside them, the geoparser alone on the same article texts in one
process, the speed a build is measured against. Results: benchmarks/results/build.json and .md.

Every measure gets a geoparser of its own, built before its clock starts and with nothing
memoised yet (its own gazetteer), as a new `mapper build` has. The rebuild is also timed as a
user runs it: `python -m mapper build` in a new process, imports and loading included. The
corpus files are dated an hour back, as articles saved before a build are (a file changed
within two seconds of a build is read again by the next one). The full builds and the geoparser
alone alternate over `--rounds` rounds, so that a slow spell of the machine hits them all:
medians, ranges, and the median of the per-round ratios are reported.

A third build shows what this design leaves for event extraction: two workers with extraction
free (`extraction_free`: each article is geoparsed as a build does, and its events, extracted
before the clock starts, are handed back), so reading, caching, merging and the outputs cost
what they do in a real build.

The corpus is synthetic Kursk reporting (benchmarks/corpus.py), as dense in events as our
sample digests. Where the developers' ../shared/eval is present, the full builds are measured
again on 1,000 real news articles joined from its corpora (as bench_geoparse.py makes them),
which tell far fewer events: the `news_` measures.

    python benchmarks/bench_build.py [--articles 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE.parents[1] / "shared" / "eval"  # the developers' corpora, when present
sys.path.insert(0, str(HERE))

from corpus import write_articles, write_corpus  # noqa: E402
from results_file import write_results  # noqa: E402


def fresh_geoparser():
    from mapper.gazetteer import Gazetteer, default_path
    from mapper.geoparse import Geoparser

    parser = Geoparser(Gazetteer.load(default_path()))
    parser.parse("Warm-up in Kyiv.")
    return parser


def _age(folder: Path, seconds: float = 3600) -> None:
    then = time.time() - seconds
    for path in folder.iterdir():
        os.utime(path, (then, then))


def _add_one(work: Path, arts: Path, seed: int) -> None:
    extra = work / f"extra{seed}"
    write_corpus(extra, 1, seed=seed)
    _age(extra)
    for path in extra.iterdir():
        shutil.move(str(path), arts / f"{seed}-{path.name}")


def full_builds(arts: Path, work: Path, rounds: int) -> tuple[dict, object]:
    """The full builds (1 and 2 workers) of `arts` and the geoparser alone on its texts,
    alternating over `rounds` rounds: medians, ranges, and the median same-round ratio."""
    from mapper.articles import load_articles
    from mapper.build import build

    result: dict = {}
    articles = load_articles(arts)[0]
    texts = [a.text for a in articles]  # what a build geoparses
    given = _events_of(articles)
    times: dict[str, list[float]] = {
        "geoparser_only": [],
        "1_workers": [],
        "2_workers": [],
        "2_workers_extraction_free": [],
    }
    cpu: dict[str, list[float]] = {name: [] for name in times}
    for _ in range(rounds):  # the measures alternate: a slow spell hits them all
        parser = fresh_geoparser()
        t, c = time.perf_counter(), _cpu_s()
        for text in texts:
            parser.parse(text)
        times["geoparser_only"].append(time.perf_counter() - t)
        cpu["geoparser_only"].append(_cpu_s() - c)
        for workers in (2, 1):  # the 2-worker build right after the geoparser it is held to
            parser = fresh_geoparser()
            out = work / f"out{workers}"
            shutil.rmtree(out, ignore_errors=True)  # a full build: no cache
            t, c = time.perf_counter(), _cpu_s()
            report = build(arts, out, workers=workers, geoparser=parser, progress=False)
            times[f"{workers}_workers"].append(time.perf_counter() - t)
            cpu[f"{workers}_workers"].append(_cpu_s() - c)
            result["events"] = report.events
            result["events_per_article_before_merging"] = round(
                sum(len(e) for e in _cached_events(out)) / len(texts), 1
            )
        parser, out = fresh_geoparser(), work / "out_free"
        shutil.rmtree(out, ignore_errors=True)
        with _extraction_free(given):
            t, c = time.perf_counter(), _cpu_s()
            free = build(arts, out, workers=2, geoparser=parser, progress=False)
            times["2_workers_extraction_free"].append(time.perf_counter() - t)
            cpu["2_workers_extraction_free"].append(_cpu_s() - c)
        assert free.events == report.events, "the extraction-free build maps other events"
    for name, values in times.items():
        key = name if name == "geoparser_only" else f"full_build_{name}"
        result[f"{key}_s"] = round(statistics.median(values), 2)
        result[f"{key}_s_range"] = f"{min(values):.2f}-{max(values):.2f}"
        result[f"{key}_articles_per_s"] = round(len(texts) / statistics.median(values), 1)
        # processor time, this process and its workers: steadier than the clock on a busy
        # machine, and what the workers cost beyond one process
        result[f"{key}_cpu_s"] = round(statistics.median(cpu[name]), 2)
    # >= 1: the 2-worker build is at the geoparser's speed or better (same round)
    for name in ("2_workers", "2_workers_extraction_free"):
        ratios = [g / b for g, b in zip(times["geoparser_only"], times[name], strict=True)]
        result[f"full_build_{name}_over_geoparser_only"] = round(statistics.median(ratios), 2)
        result[f"full_build_{name}_over_geoparser_only_range"] = (
            f"{min(ratios):.2f}-{max(ratios):.2f}"
        )
    return result, parser


def _events_of(articles: list) -> dict[str, tuple[bool, list]]:
    """Each article's events, extracted once, and whether extraction geoparsed it (an article
    with no trigger word is not geoparsed): for the extraction-free build."""
    from mapper.events import extract_events

    parser = fresh_geoparser()
    parse, parsed = parser.parse, set()

    def recording(text, *args, **kwargs):
        parsed.add(text)
        return parse(text, *args, **kwargs)

    parser.parse = recording
    events = {a.id: extract_events(a, parser) for a in articles}
    return {a.id: (a.text in parsed, events[a.id]) for a in articles}


@contextlib.contextmanager
def _extraction_free(given: dict[str, tuple[bool, list]]):
    """Builds in which extraction costs nothing beyond the geoparse: the workers (forked)
    geoparse each article extraction geoparses and hand back its events from `given`."""
    import mapper.store

    real = mapper.store.extract_events

    def geoparse_only(article, geoparser):
        parsed, events = given[article.id]
        if parsed:
            geoparser.parse(article.text)
        return events

    mapper.store.extract_events = geoparse_only
    try:
        yield
    finally:
        mapper.store.extract_events = real


def _cpu_s() -> float:
    """Processor time used so far by this process and its ended workers."""
    own, workers = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _cached_events(out: Path) -> list[list]:
    """Each extracted article's events, as its cache file keeps them."""
    files = (out / ".cache" / "events").glob("*.*.json")
    return [json.loads(f.read_text("utf-8"))["events"] for f in files]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the full-build measures")
    args = ap.parse_args()

    from mapper.build import build

    work = Path(tempfile.mkdtemp(prefix="mapper-bench-"))
    try:
        result: dict = {"articles": args.articles, "rounds": args.rounds}
        if EVAL.is_dir():  # the developers' eval corpora: real news, far fewer events
            from bench_geoparse import news_articles

            from mapper.evaluate import load_corpus

            news = work / "news"
            corpora = [load_corpus(EVAL / f"{n}.jsonl") for n in ("geowebnews", "tr_news")]
            docs = [d.text for corpus in corpora for d in corpus]
            write_articles(news, news_articles(docs, args.articles))
            _age(news)
            got, _ = full_builds(news, work, args.rounds)
            result.update({f"news_{k}": v for k, v in got.items()})
            shutil.rmtree(news)
        arts = work / "articles"
        write_corpus(arts, args.articles)
        _age(arts)
        got, parser = full_builds(arts, work, args.rounds)
        result.update(got)
        _add_one(work, arts, seed=99)
        t = time.perf_counter()
        report = build(arts, work / "out1", geoparser=parser, progress=False)
        result["rebuild_after_adding_one_article_s"] = round(time.perf_counter() - t, 2)
        result["rebuild_extracted_articles"] = report.extracted
        result["rebuild_files_read"] = report.files_read
        _add_one(work, arts, seed=98)
        command = [sys.executable, "-m", "mapper", "build", "--articles", str(arts)]
        t = time.perf_counter()
        subprocess.run([*command, "--out", str(work / "out1")], check=True, capture_output=True)
        result["rebuild_after_adding_one_article_command_s"] = round(time.perf_counter() - t, 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(write_results("build", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
