"""Build benchmark: a full `mapper build` of 1,000 articles (1 and 2 workers), and the rebuild
after adding one article; beside them, the geoparser alone on the same article texts in one
process, the speed a build is measured against. Results: benchmarks/results/build.json and .md.

Every measure gets a geoparser of its own, built before its clock starts and with nothing
memoised yet (its own gazetteer), as a new `mapper build` has. The rebuild is also timed as a
user runs it: `python -m mapper build` in a new process, imports and loading included. The
corpus files are dated an hour back, as articles saved before a build are (a file changed
within two seconds of a build is read again by the next one).

    python benchmarks/bench_build.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()

    from mapper.articles import load_articles
    from mapper.build import build

    work = Path(tempfile.mkdtemp(prefix="mapper-bench-"))
    try:
        arts = work / "articles"
        write_corpus(arts, args.articles)
        _age(arts)
        result: dict = {"articles": args.articles}
        texts = [a.text for a in load_articles(arts)[0]]  # what a build geoparses
        parser = fresh_geoparser()
        t = time.perf_counter()
        for text in texts:
            parser.parse(text)
        seconds = time.perf_counter() - t
        for workers in (1, 2):
            parser = fresh_geoparser()
            out = work / f"out{workers}"
            t = time.perf_counter()
            report = build(arts, out, workers=workers, geoparser=parser, progress=False)
            build_seconds = time.perf_counter() - t
            result[f"full_build_{workers}_workers_s"] = round(build_seconds, 2)
            result[f"full_build_{workers}_workers_articles_per_s"] = round(
                args.articles / build_seconds, 1
            )
            result["events"] = report.events
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
        result["geoparser_only_s"] = round(seconds, 2)
        result["geoparser_only_articles_per_s"] = round(len(texts) / seconds, 1)
        result["full_build_2_workers_over_geoparser_only"] = round(
            result["full_build_2_workers_articles_per_s"] / result["geoparser_only_articles_per_s"],
            2,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(write_results("build", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
