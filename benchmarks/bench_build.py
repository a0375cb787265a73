"""Build benchmark: a full `mapper build` of 1,000 articles (1 and 2 workers), and the rebuild
after adding one article. Results: benchmarks/results/build.json and .md.

    python benchmarks/bench_build.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from results_file import write_results  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()

    from mapper.build import build
    from mapper.geoparse import Geoparser

    work = Path(tempfile.mkdtemp(prefix="mapper-bench-"))
    try:
        arts = work / "articles"
        write_corpus(arts, args.articles)
        parser = Geoparser()
        parser.parse("Warm-up in Kyiv.")
        result: dict = {"articles": args.articles}
        for workers in (1, 2):
            out = work / f"out{workers}"
            t = time.perf_counter()
            report = build(arts, out, workers=workers, geoparser=parser, progress=False)
            seconds = time.perf_counter() - t
            result[f"full_build_{workers}_workers_s"] = round(seconds, 2)
            result[f"full_build_{workers}_workers_articles_per_s"] = round(
                args.articles / seconds, 1
            )
            result["events"] = report.events
        write_corpus(work / "extra", 1, seed=99)
        for path in (work / "extra").iterdir():
            shutil.move(str(path), arts / path.name)
        t = time.perf_counter()
        report = build(arts, work / "out1", geoparser=parser, progress=False)
        result["rebuild_after_adding_one_article_s"] = round(time.perf_counter() - t, 2)
        result["rebuild_extracted_articles"] = report.extracted
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(write_results("build", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
