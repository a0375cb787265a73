"""The event vocabulary's matching time: every table of it (triggers, weapons, other senses,
what was heard, actors, sources, relative dates, counts) matched in every sentence of 300
synthetic articles (benchmarks/corpus.py), as extraction reads them, with no geoparsing.

    python benchmarks/bench_lexicon.py [--articles 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import make_corpus  # noqa: E402

from mapper.events.scopes import _triggers  # noqa: E402
from mapper.events.sentence import _Sentence  # noqa: E402
from mapper.events.vocabulary import _lower, load_vocabulary  # noqa: E402
from mapper.text import split_sentences  # noqa: E402
from mapper.tokenpatterns import TokenText  # noqa: E402


def match_all(texts: list[str]) -> int:
    """Match every table in every sentence of `texts`; the number of matches."""
    vocab = load_vocabulary()
    n = 0
    for text in texts:
        low_text = _lower(text)
        words = TokenText(low_text)
        n += len(vocab.any_trigger.find(words))
        vocab.conflict_context.search(words)
        for s_start, sentence in split_sentences(text):
            facts = _Sentence(vocab, low_text[s_start : s_start + len(sentence)], words, s_start)
            n += len(_triggers(vocab.triggers, facts))
            n += len(facts.actor_mentions) + len(facts.weapons)
            n += len(facts.spans("other_senses")) + len(facts.spans("heard"))
            for table, *_ in vocab.relative_dates + vocab.attribution:
                n += len(facts.spans(table))
            for unit in vocab.units:
                n += len(facts.counts(unit))
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    texts = make_corpus(args.articles)
    matches = match_all(texts)  # (a warm-up: the vocabulary compiled)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        match_all(texts)
        times.append(time.perf_counter() - t)
    print(f"{args.articles} articles: {min(times):.3f}s (best of 3), {matches} matches")


if __name__ == "__main__":
    main()
