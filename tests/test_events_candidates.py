"""The quick forms of the candidate-place scans find what their plain forms find."""

from __future__ import annotations

import dataclasses
import random

from mapper import events
from mapper.events import locations


def random_texts(
    tokens: list[str], separators: tuple[str, ...], n: int, seed: int, lengths: tuple[int, int]
) -> list[str]:
    """`n` texts of random tokens, each followed by a random separator."""
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(tokens) + rnd.choice(separators) for _ in range(rnd.randint(*lengths)))
        for _ in range(n)
    ]


BEFORE_TOKENS = (
    "26 1,000 \u0663 a one twenty-five hundreds often weight x-five in at near over on across "
    "of the annexed occupied border town village Kursk officials said \u0131n acro\u017f\u017f "
    "occup\u0131ed The IN Ne\u0130r Sudzha's region’s Mr beyond outside _ " + "word " * 6
).split() + [",", ".", "-", "'", "’", '"', "\u201c"]
BEFORE_SEPARATORS = (" ", " ", " ", "  ", "", "\t", "\u00a0", "-", ", ")


def before_texts() -> list[str]:
    return random_texts(BEFORE_TOKENS, BEFORE_SEPARATORS, 6000, 19, (0, 18))


def test_words_before_walk_back_as_all_the_words_do():
    vocab = events.load_vocabulary()
    rnd = random.Random(23)
    for before in before_texts():
        text = "Xx " + before + "Kursk"
        start = rnd.randint(0, len(text) - 5)
        every = locations._WORD.findall(text[start:-5])
        loc, passed = locations._walk_back(vocab, every)
        words, got_loc, got_passed = locations._words_before(vocab, text, start, len(text) - 5)
        assert (got_loc, got_passed) == (loc, passed)
        keep = len(passed) + 3
        assert words[-keep:] == every[-keep:]
        assert len(words) == len(every) or len(words) >= keep


def test_count_before_matches_only_where_a_number_may_end_a_word_before_the_locative():
    vocab = events.load_vocabulary()
    numbers = vocab.count_words
    met = 0
    for before in before_texts():
        words = locations._WORD.findall(before)
        loc, passed = locations._walk_back(vocab, words)
        if loc not in vocab.count_locatives:
            continue
        m = vocab.count_before.search(before, max(0, len(before) - 40))
        if m:
            met += 1
            assert locations._may_count_before(words, passed, numbers), before
    assert met > 50


def test_count_before_is_looked_for_where_a_word_passed_is_not_ascii():
    # with a filler that count_before reads as its locative ("ın": dotless i), the walk's
    # locative is another, and the number may be further back
    vocab = events.load_vocabulary()
    vocab = dataclasses.replace(vocab, fillers=vocab.fillers | {"\u0131n"})
    before = "in a \u0131n the "
    words = locations._WORD.findall(before)
    loc, passed = locations._walk_back(vocab, words)
    assert loc == "in" and vocab.count_before.search(before)
    assert locations._may_count_before(words, passed, vocab.count_words)
