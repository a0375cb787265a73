"""Tests of mapper.text: the one tokenizer, sentence splitter and date grammar every stage uses."""

from __future__ import annotations

import datetime

import pytest

from mapper import articles, events, geoparse, text
from mapper.text import (
    date_from_text,
    sentence_starts,
    split_sentences,
    token_columns,
    tokenize,
)


def test_every_stage_reads_through_the_one_text_layer():
    assert events.split_sentences is text.split_sentences
    assert geoparse.tokenize is text.tokenize and geoparse.sentence_starts is text.sentence_starts
    assert articles.date_from_text is text.date_from_text


def test_tokens_tile_the_text_with_their_offsets():
    sample = "Sudzha's U.S.-made radar, 2.5 km away; St. Petersburg snake_case."
    tokens = tokenize(sample)
    assert all(sample[a:b] == t for a, b, t in tokens)
    assert [t for *_, t in tokens][:6] == ["Sudzha's", "U.S.", "-", "made", "radar", ","]
    assert "St." in [t for *_, t in tokens] and "2.5" in [t for *_, t in tokens]


@pytest.mark.parametrize(
    "sample",
    [
        "Sudzha's U.S.-made radar, 2.5 km away; St. Petersburg.",
        "snake_case and  spaces\n\tand a tab_",  # (underscores: read by the other branch)
        "Командир’s drone — «Сумы»",
        "",
        "   ",
    ],
)
def test_token_columns_are_the_tokens_of_tokenize(sample):
    starts, ends, words = token_columns(sample)
    assert list(zip(starts, ends, words, strict=True)) == tokenize(sample)


def test_sentences_keep_offsets_and_skip_abbreviations():
    sample = "Fighting near Sudzha. Gen. Ivanov said so.\nA heading\n\nThe U.S. Army said nothing."
    got = split_sentences(sample)
    assert [s for _, s in got] == [
        "Fighting near Sudzha.",
        "Gen. Ivanov said so.",
        "A heading",
        "The U.S. Army said nothing.",
    ]
    assert all(sample[o : o + len(s)] == s for o, s in got)


def test_sentence_starts_are_after_stops_lines_and_colons():
    sample = '"Drones hit Sumy. Then: Kursk\nLipetsk'
    starts = sentence_starts(sample)
    assert {1, 18, 24, 30} <= starts


@pytest.mark.parametrize(
    "sample, expected",
    [
        ("KYIV, 9 August 2024 - Drones hit Sudzha.", (datetime.date(2024, 8, 9), 2)),
        ("Posted 2024-08-10. Fighting on 9 August 2024.", (datetime.date(2024, 8, 10), 2)),
        ("Published August 2024. Fighting.", (datetime.date(2024, 8, 1), 3)),
        ("On 30 February 2024 nothing happened.", None),
        ("No date here.", None),
        # a photo's caption and a related link date the photo and the link, not the article
        (
            "Ruins of a school in Sumy, May 3, 2024. (JANE ROE / AFP)\n"
            "Read more: Shelling hits Kharkiv, 2 May 2024\n"
            "Drones struck a depot on Friday May 10, the governor said.",
            (datetime.date(2024, 5, 10), 2),
        ),
        ("Troops shelled Izium on Tuesday, 4 June, officials said.", None),  # no year at all
        ("Drones hit Sumy on Sunday May 6 (local time), 2024 reports say.", None),  # a Monday
        ("Sumy, 3 May 2024 (an old photo). Drones hit it.", (datetime.date(2024, 5, 3), 2)),
    ],
)
def test_the_publication_date_near_the_top(sample, expected):
    assert date_from_text(sample) == expected


def test_the_language_words_are_data_and_every_one_is_a_word():
    words = text.language_words()
    assert set(words["weekdays"]) == set(text.WEEKDAYS)
    assert {n for names in words["months"].values() for n in names} == set(text.MONTHS)
    assert all(isinstance(a, str) for a in words["abbreviations"])
    # each abbreviation of the file keeps a sentence going
    for abbreviation in words["abbreviations"]:
        sentence = f"Officials met {abbreviation}. Petrenko in Sumy."
        assert len(text.split_sentences(sentence)) == 1, abbreviation


def test_a_run_with_no_sentence_end_is_cut_at_clause_marks_and_spaces():
    clause = "drones struck a depot near Sumy, and troops held the line west of Kupiansk"
    run = "; ".join([clause] * 200)
    sample = f"Intro.\n{run}\n{'x' * 1500} y\nLast."
    got = split_sentences(sample)
    assert all(sample[o : o + len(s)] == s for o, s in got)
    assert got[0] == (0, "Intro.") and got[-1][1] == "Last."
    pieces = [s for _, s in got[1:-3]]
    assert len(pieces) > 10 and all(len(s) <= text.MAX_SENTENCE for s in pieces)
    assert all(s.endswith(("Sumy,", "Kupiansk;")) for s in pieces[:-1])  # after a clause mark
    assert " ".join(pieces) == run
    # a run with no white space within the bound is cut at the first white space after it
    assert [s for _, s in got[-3:-1]] == ["x" * 1500, "y"]
    assert split_sentences("x" * 3000) == [(0, "x" * 3000)]
