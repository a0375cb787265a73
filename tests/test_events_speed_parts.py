"""The fast forms of mapper.events's scans find exactly what their plain forms find."""

from __future__ import annotations

import datetime
import random
import re
import sys

import pytest

from mapper import events, text
from mapper.articles import Article
from mapper.events import dates, extract_events, sentence, vocabulary
from mapper.events.vocabulary import _MONTH_ALT, _WEEKDAYS
from mapper.geoparse import Geoparser
from mapper.text import split_sentences
from mapper.tokenpatterns import TokenText

# words and separators that dates, numbers, sentence ends and clause breaks are made of
TOKENS = (
    "monday friday sunday tuesday wednesday saturday may mayor sept september august december "
    "october jan june july march marches april february november since in from by until "
    "through throughout during early late mid- mid 5 9 12 31 2024 1999 \u0663 \u0669\u0661 st th "
    "days day ago earlier before three a twenty-one hundred today kursk x \u0130 \u00e9t\u00e9 _ "
    "Gen Mr U.S. A. e.g. and while but whereas"
).split() + [",", ".", "-", "'", "(", ";", ":", "!", "?", '"', "\u201d"]
SEPARATORS = (" ", " ", " ", "", ", ", "  ", "\t", "\n", "\n\n", "\u2003", "\u00a0", "\u3000", "-")


def strings(n: int = 4000, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(TOKENS) + rnd.choice(SEPARATORS) for _ in range(rnd.randint(1, 12)))
        for _ in range(n)
    ]


def spans(matches) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in matches]


def test_spaces_are_every_character_of_backslash_s():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert "".join(re.findall(r"\s", every)) == dates._SPACES


def test_month_starts_are_where_a_month_head_begins():
    plain = re.compile("|".join(dates._MONTH_HEADS))
    for s in strings():
        assert dates._month_starts(s) == [m.start() for m in plain.finditer(s)]


def test_weekday_finds_what_the_plain_regex_finds():
    plain = re.compile(rf"\b(?P<wd>{'|'.join(_WEEKDAYS)})\b(?!\s*,?\s+(?:\d|{_MONTH_ALT}))")
    for s in strings():
        assert spans(dates._WEEKDAY.finditer(s)) == spans(plain.finditer(s))
        start = max(0, s.find("day") - dates._WEEKDAY_DAY)
        assert spans(dates._WEEKDAY.finditer(s, start)) == spans(plain.finditer(s))


@pytest.mark.parametrize(
    "extra",
    ["on friday, \u0669 august 2024", "since\u3000mid- june", "5 may, 2024", "3 \u0663 may"],
)
def test_month_searches_find_what_finditer_finds(extra):
    vocab = events.load_vocabulary()
    for s in [*strings(), extra, f"x {extra} x"]:
        months = dates._month_starts(s)
        assert spans(dates._abs_dates(s, months)) == spans(vocab.abs_date.finditer(s))
        assert spans(dates._months_only(s, months)) == spans(vocab.month_only.finditer(s))


def test_numbers_are_where_the_plain_number_regex_matches():
    vocab = events.load_vocabulary()
    plain = re.compile(rf"\b{vocab.number}")
    for s in [*strings(), "a", "1,000", "twenty-one hundred", "x1 2", "\u0663 three"]:
        got = sentence._Sentence(vocab, s).numbers
        assert got == [m.start() for m in plain.finditer(s)], s


def test_longest_first_matches_the_longest_word():
    rnd = random.Random(5)
    for _ in range(300):
        words = {"".join(rnd.choices("abc", k=rnd.randint(1, 4))) for _ in range(rnd.randint(1, 8))}
        trie = re.compile(vocabulary._longest_first(words))
        flat = re.compile("|".join(sorted(words, key=len, reverse=True)))
        for s in ("".join(rnd.choices("abcd", k=20)) for _ in range(20)):
            assert [m.span() for m in trie.finditer(s)] == [m.span() for m in flat.finditer(s)]


def plain_split(sample: str) -> list[tuple[int, str]]:
    # split_sentences as first written: every full stop's abbreviation searched for
    out, start = [], 0
    ends = [*text._SENTENCE_END.finditer(sample), None]
    for m in ends:
        end = len(sample) if m is None else m.end()
        dot = m is not None and m.group(0)[0] == "."
        if dot and text._ABBREVIATION.search(sample, max(0, m.start() - 8), m.start() + 1):
            continue
        chunk = sample[start:end]
        if chunk.strip():
            out.append((start + len(chunk) - len(chunk.lstrip()), chunk.strip()))
        start = end
    return out


def test_split_sentences_skips_the_abbreviation_search_only_where_none_can_end():
    words = "Mr Mrs approx Sept U.S e.g x Gen A B capital approxim Xapprox said Ivanov 2024".split()
    ends = [". ", ".\n", " ", ".", '." ', "! "]
    rnd = random.Random(11)
    texts = ["".join(rnd.choice(words) + rnd.choice(ends) for _ in range(12)) for _ in range(3000)]
    for sample in [*texts, *strings(), "Gen. X", "approx. Y", "Ab. C", "a.b. C", "U.S. Forces"]:
        assert split_sentences(sample) == plain_split(sample), sample


def test_an_article_with_no_sentence_end_costs_what_its_pieces_cost():
    # 30,000 words in one run: read as one sentence, each trigger was weighed against each
    # place and side in it (minutes); cut into pieces of a bounded length, a few seconds
    clauses = [
        "Russian forces shelled Vovchansk overnight",
        "Ukrainian drones struck an oil depot in the Belgorod region",
        "two civilians were killed in shelling of Kupiansk",
        "Ukrainian troops advanced near Sudzha",
    ]
    run = ", and ".join(clauses[i % 4] for i in range(4500))  # about 30,000 words
    art = Article(
        id="run", title="t", published=datetime.date(2024, 8, 9), time_precision=1,
        date_source="metadata", url="", source="test", text=run + ". The war goes on.",
        path="run.md",
    )  # fmt: skip
    got = extract_events(art, Geoparser())
    assert {e.location for e in got} >= {"Vovchansk", "Sudzha", "Kupiansk"}
    # events all along the run, each from a piece of a bounded length
    assert max(e.sentence_start for e in got) > 0.9 * len(run)
    assert max(len(e.sentence) for e in got) <= text.MAX_SENTENCE


def test_a_sentences_tokens_read_from_the_articles_are_its_own():
    samples = [
        *strings(1500),
        "Drones hit Sumy.\nGen. Ivanov’s men_at_arms said: \u0130stanbul!",
        "\u00a0".join(["drones hit sumy,"] * 200),  # a run cut in pieces
    ]
    for s in samples:
        low = vocabulary._lower(s)
        article = TokenText(low)
        for start, sent in split_sentences(s):
            lo, hi = article.span(start, start + len(sent))
            own = TokenText(low[start : start + len(sent)])
            assert article.forms[lo:hi] == own.forms, (s, sent)
            assert [b - start for b in article.starts[lo:hi]] == own.starts, (s, sent)
            assert [e - start for e in article.ends[lo:hi]] == own.ends, (s, sent)
