"""Geoparser benchmark: articles per second on 1,000 news-length articles, beside a simple
baseline (geotext, a regex city/country matcher, resolved to the most populous namesake) on
the same texts in the same process; and both systems' accuracy on the eval corpora when the
developers' ../shared/eval is present. Results: benchmarks/results/geoparse.json and .md.

    pip install -e '.[bench]' && python benchmarks/bench_geoparse.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
EVAL = HERE.parents[1] / "shared" / "eval"

from corpus import make_corpus  # noqa: E402


def geotext_parser(gaz):
    """The baseline: geotext's names, each resolved to the gazetteer's first candidate."""
    from geotext import GeoText

    from mapper.geoparse import Toponym

    def parse(text: str):
        found = GeoText(text)
        out, pos = [], 0
        for name in [*found.cities, *found.countries]:
            start = text.find(name, pos)
            if start < 0:
                continue
            rows = gaz.candidate_rows(name)
            place = gaz.place(rows[0]) if rows else None
            out.append(Toponym(start, start + len(name), name, place, 1.0))
        return out

    return parse


def news_articles(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """`n` articles of 3-5 KB, each joined from consecutive documents and cut at the last
    sentence end before its drawn size."""
    rng = random.Random(seed)
    out, k = [], 0
    while len(out) < n:
        size = rng.randint(3000, 5000)
        parts, length = [], 0
        while length < size:
            parts.append(texts[k % len(texts)])
            length += len(parts[-1]) + 2
            k += 1
        article = "\n\n".join(parts)[:size]
        cut = max(article.rfind(". "), article.rfind(".\n"))
        out.append(article[: cut + 1] if cut > 2000 else article)
    return out


def rate(parse, texts, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for text in texts:
            parse(text)
        runs.append(len(texts) / (time.perf_counter() - t))
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from mapper.evaluate import evaluate, load_corpus, predict
    from mapper.geoparse import Geoparser

    t = time.perf_counter()
    parser = Geoparser()
    parser.parse("Warm-up in Kyiv.")
    startup = time.perf_counter() - t
    baseline = geotext_parser(parser.gazetteer)
    texts = make_corpus(args.articles)
    kb = sum(len(x.encode()) for x in texts) / len(texts) / 1024
    ours = rate(parser.parse, texts, args.repeat)
    theirs = rate(baseline, texts, args.repeat)
    news_rates = {}
    if EVAL.is_dir():
        # real news: the eval corpora's documents joined into 3-5 KB articles
        docs = [d.text for n in ("geowebnews", "tr_news") for d in load_corpus(EVAL / f"{n}.jsonl")]
        news = news_articles(docs, args.articles)
        news_rates = {
            "news_articles": len(news),
            "news_mean_article_kb": round(sum(len(x.encode()) for x in news) / len(news) / 1024, 2),
            "mapper_news_articles_per_s_median": round(rate(parser.parse, news, args.repeat), 1),
            "geotext_news_articles_per_s_median": round(rate(baseline, news, args.repeat), 1),
        }
    result = {
        "articles": len(texts),
        "mean_article_kb": round(kb, 2),
        "geoparser_startup_s": round(startup, 3),
        "mapper_articles_per_s_median": round(ours, 1),
        "geotext_articles_per_s_median": round(theirs, 1),
        "speed_ratio_mapper_over_geotext": round(ours / theirs, 2),
        **news_rates,
        "accuracy": {},
    }
    if EVAL.is_dir():
        for name in ("geowebnews", "tr_news"):
            docs = load_corpus(EVAL / f"{name}.jsonl")
            result["accuracy"][name] = {
                "mapper": evaluate(docs, predict(docs, parser.parse)).to_dict(),
                "geotext": evaluate(docs, predict(docs, baseline)).to_dict(),
            }
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "geoparse.json").write_text(json.dumps(result, indent=1) + "\n")
    lines = [
        "| measure | mapper | geotext baseline |",
        "| --- | --- | --- |",
        f"| articles/s ({len(texts)} articles, mean {kb:.1f} KB, median of {args.repeat}) "
        f"| {ours:.0f} | {theirs:.0f} |",
    ]
    if news_rates:
        lines.append(
            f"| articles/s, real news ({news_rates['news_articles']} articles of "
            f"{news_rates['news_mean_article_kb']} KB from the eval corpora) "
            f"| {news_rates['mapper_news_articles_per_s_median']:.0f} "
            f"| {news_rates['geotext_news_articles_per_s_median']:.0f} |"
        )
    for name, acc in result["accuracy"].items():
        for key in ("precision", "recall", "acc161", "end_to_end_acc161"):
            lines.append(f"| {name} {key} | {acc['mapper'][key]:.3f} | {acc['geotext'][key]:.3f} |")
    md = "\n".join(lines) + "\n"
    (out / "geoparse.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
