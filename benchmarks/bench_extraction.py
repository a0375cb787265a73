"""Extraction benchmark: event extraction alone beside the geoparse alone, on the same texts in
one process. Results: benchmarks/results/extraction.json and .md.

The geoparser is warmed on the texts first (a pass not timed). `geoparse_s` is a pass of
`Geoparser.parse` over every text; `extraction_s` is `extract_events` over every article with
each text's toponyms handed back from a table made before the clock starts, so it counts
extraction's own work only (an article with no trigger word is not geoparsed by a build
either). The two alternate over `--rounds` rounds, so that a slow spell of the machine hits
both: medians, ranges and the median of the per-round ratios (the speed target is an
`extraction_over_geoparse` of at most 0.5 on the synthetic corpus).

The corpus is synthetic Kursk reporting (benchmarks/corpus.py); where the developers'
../shared/eval is present, the measures are taken again on real news articles joined from its
corpora (as bench_geoparse.py makes them): the `news_` measures.

    python benchmarks/bench_extraction.py [--articles 300] [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE.parents[1] / "shared" / "eval"  # the developers' corpora, when present
sys.path.insert(0, str(HERE))

from corpus import make_corpus  # noqa: E402
from results_file import write_results  # noqa: E402


class _Parsed:
    """A geoparser whose `parse` hands back toponyms found before (the rest is the real one)."""

    def __init__(self, geoparser, toponyms: dict[str, list]) -> None:
        self._geoparser, self._toponyms = geoparser, toponyms

    def __getattr__(self, name: str):
        return getattr(self._geoparser, name)

    def parse(self, text: str) -> list:
        return self._toponyms[text]


def measure(texts: list[str], rounds: int) -> dict:
    """Medians (and ranges) of the geoparse alone and of extraction alone over `texts`."""
    from mapper.articles import Article
    from mapper.events import extract_events
    from mapper.events.vocabulary import load_vocabulary
    from mapper.gazetteer import Gazetteer, default_path
    from mapper.geoparse import Geoparser

    articles = [
        Article(
            id=f"a{i}", title="", published=datetime.date(2024, 9, 1 + i % 28),
            time_precision=1, date_source="metadata", url="", source="bench", text=text,
            path=f"a{i}.md",
        )
        for i, text in enumerate(texts)
    ]  # fmt: skip
    geoparser = Geoparser(Gazetteer.load(default_path()))
    load_vocabulary()
    toponyms = {text: geoparser.parse(text) for text in texts}  # the warm-up
    parsed = _Parsed(geoparser, toponyms)
    geo, ext, events = [], [], 0
    for _ in range(rounds):
        t = time.perf_counter()
        for text in texts:
            geoparser.parse(text)
        geo.append(time.perf_counter() - t)
        t = time.perf_counter()
        events = sum(len(extract_events(a, parsed)) for a in articles)
        ext.append(time.perf_counter() - t)
    ratios = [e / g for e, g in zip(ext, geo, strict=True)]
    return {
        "articles": len(texts),
        "events": events,
        "geoparse_s": round(statistics.median(geo), 2),
        "geoparse_s_range": f"{min(geo):.2f}-{max(geo):.2f}",
        "extraction_s": round(statistics.median(ext), 2),
        "extraction_s_range": f"{min(ext):.2f}-{max(ext):.2f}",
        "extraction_over_geoparse": round(statistics.median(ratios), 2),
        "extraction_over_geoparse_range": f"{min(ratios):.2f}-{max(ratios):.2f}",
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    result: dict = {"rounds": args.rounds}
    result.update(measure(make_corpus(args.articles), args.rounds))
    if EVAL.is_dir():
        from bench_geoparse import news_articles

        from mapper.evaluate import load_corpus

        corpora = [load_corpus(EVAL / f"{n}.jsonl") for n in ("geowebnews", "tr_news")]
        docs = [d.text for corpus in corpora for d in corpus]
        news = measure(news_articles(docs, args.articles), args.rounds)
        result.update({f"news_{k}": v for k, v in news.items()})
    print(write_results("extraction", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
