"""The token-pattern matcher: each operator, inflections, sets, guards, the first-token index."""

from __future__ import annotations

import pickle

import pytest

from mapper.text import tokenize
from mapper.tokenpatterns import (
    Lexicon,
    TokenMatch,
    TokenMatcher,
    TokenText,
    compile_pattern,
    inflections,
    plain_apostrophes,
)

LEXICON = Lexicon.of(
    {"WEAPON": ["drone", "drones", {"STEM": "missile"}], "&TROOPS": ["troops", "soldiers"]},
    {"shoot": ["shot"], "take": ["took", "taken"]},
)


def spans(pattern, text: str, lexicon: Lexicon = LEXICON) -> list[str]:
    matcher = TokenMatcher([("p", compile_pattern(pattern, lexicon))])
    return [text[m.char_start : m.char_end] for m in matcher.find(text)]


def test_a_word_matches_a_whole_token_in_any_case():
    assert spans(["shelled"], "Troops SHELLED the town; it was shelled again.") == [
        "SHELLED",
        "shelled",
    ]
    assert spans(["shell"], "Troops shelled the town.") == []  # no part of a token


def test_lower_in_and_not_in():
    assert spans([{"LOWER": {"IN": ["shot", "hit"]}}, "down"], "They shot down one.") == [
        "shot down"
    ]
    assert spans([{"IN": ["shot"]}, {"NOT_IN": ["down"]}], "shot down, shot dead") == ["shot dead"]


def test_optional_takes_the_token_when_it_can():
    pattern = [{"IN": ["a", "the"], "OP": "?"}, "strike"]
    assert spans(pattern, "A strike and strike.") == ["A strike", "strike"]


def test_star_and_plus():
    star = ["very", {"LOWER": "very", "OP": "*"}, "big"]
    assert spans(star, "very big; very very very big") == ["very big", "very very very big"]
    plus = [{"LOWER": "boom", "OP": "+"}]
    assert spans(plus, "boom boom boom! boom") == ["boom boom boom", "boom"]


def test_negated_token_takes_one_token_that_does_not_match():
    pattern = ["fired", {"IN": ["at"], "OP": "!"}]
    assert spans(pattern, "fired at them; fired rockets") == ["fired rockets"]
    assert spans(pattern, "it fired") == []  # "!" needs a token


def test_a_gap_takes_as_few_words_as_it_can_and_no_punctuation():
    gap = ["fired", {"IS_PUNCT": False, "OP": "{0,3}"}, "at"]
    assert spans(gap, "fired two rockets at Sumy at dawn") == ["fired two rockets at"]
    assert spans(gap, "fired, at last") == []  # a comma is no word of the gap
    assert spans(gap, "fired one two three four at") == []  # too far
    assert spans(["a", {"OP": "{1,2}"}, "c"], "a c; a b c") == ["a b c"]


def test_a_gap_of_words_passes_over_an_aside_in_brackets_as_over_one_word():
    gap = ["hit", {"IS_PUNCT": False, "OP": "{0,2}"}, "with"]
    assert spans(gap, "hit Bilozerka (Kherson, Kherson) with shells") == [
        "hit Bilozerka (Kherson, Kherson) with"
    ]
    assert spans(gap, "hit it (one, two, three, four, five) with") == []  # a long aside
    assert spans(gap, "hit it (one) (two) with") == []  # two asides and a word: too far
    # a gap that refuses words refuses them outside the aside only
    refusing = ["hit", {"IS_PUNCT": False, "NOT_IN": ["near"], "OP": "{0,2}"}, "with"]
    assert spans(refusing, "hit Bilozerka (near Kherson) with") == [
        "hit Bilozerka (near Kherson) with"
    ]
    assert spans(refusing, "hit near (Kherson) with") == []


def test_is_digit():
    assert spans([{"IS_DIGIT": True}, "drones"], "12 drones and seven drones") == ["12 drones"]


def test_stem_inflections_and_irregular_forms():
    assert inflections("attack") == {"attack", "attacks", "attacked", "attacking"}
    assert inflections("push") == {"push", "pushes", "pushed", "pushing"}
    assert inflections("rally") == {"rally", "rallies", "rallied", "rallying"}
    assert inflections("advance") == {"advance", "advances", "advanced", "advancing"}
    assert {"repelled", "repelling"} <= inflections("repel")
    assert "took" in inflections("take", {"take": ["took", "taken"]})
    assert "taked" not in inflections("take", {"take": ["took", "taken"]})
    text = "They shot down one and shoot down more while shooting down others."
    assert spans([{"STEM": "shoot"}, "down"], text) == ["shot down", "shoot down", "shooting down"]


def test_sets_are_defined_once_and_named_in_patterns():
    assert spans(["&WEAPON"], "Drones and missiles, a missile.") == [
        "Drones",
        "missiles",
        "missile",
    ]
    assert spans([{"SET": "TROOPS"}], "troops, soldiers") == ["troops", "soldiers"]
    assert spans([{"IN": ["&WEAPON", "rockets"]}], "rockets and drones") == ["rockets", "drones"]
    with pytest.raises(ValueError, match="no synonym set named 'ARMOUR'"):
        compile_pattern(["&ARMOUR"], LEXICON)


def test_guards_with_a_window():
    captured = {
        "pattern": [{"STEM": "capture"}],
        "not_followed_by": ["&TROOPS"],
        "not_preceded_by": [{"IN": ["was", "were"]}],
        "window": 3,
    }
    assert spans(captured, "They captured Sudzha.") == ["captured"]
    assert spans(captured, "They captured two enemy soldiers.") == []
    assert spans(captured, "They captured them, and soldiers left.") == ["captured"]  # a comma
    assert spans(captured, "They captured one two three four soldiers.") == ["captured"]
    assert spans(captured, "It was captured.") == []
    emergency = {
        "pattern": ["emergency"],
        "followed_by": [{"NOT_IN": [".", ";"], "OP": "{0,4}"}, "declared"],
    }
    assert spans(emergency, "An emergency was declared.") == ["emergency"]
    assert spans(emergency, "An emergency. It was declared.") == []


def test_leftmost_longest_and_no_overlap():
    matcher = TokenMatcher(
        [
            ("one", compile_pattern(["air"])),
            ("two", compile_pattern(["air", "strike"])),
            ("three", compile_pattern(["strike", "hit"])),
        ]
    )
    found = matcher.find("An air strike hit Sumy.")
    assert [(m.id, m.start, m.end, m.char_start, m.char_end) for m in found] == [
        ("two", 1, 3, 3, 13)
    ]


def test_patterns_are_tried_only_where_their_first_token_is():
    matcher = TokenMatcher(
        [
            ("a", compile_pattern([{"LOWER": "regional", "OP": "?"}, "emergency"])),
            ("b", compile_pattern([{"STEM": "shell"}])),
        ]
    )
    assert matcher.heads == {"regional", "emergency", "shell", "shells", "shelled", "shelling"}
    ids = {head: [row[1] for row in rows] for head, rows in matcher.index.items()}
    assert ids["regional"] == ["a"] and ids["shelled"] == ["b"]
    assert not matcher.anywhere
    assert not matcher.may_match(TokenText("Nothing here at all."))
    assert [m.id for m in matcher.find("A regional emergency; shelling.")] == ["a", "b"]
    anywhere = TokenMatcher([("c", compile_pattern([{"IS_DIGIT": True}, "drones"]))])
    assert [row[1] for row in anywhere.anywhere] == ["c"]
    assert anywhere.may_match(TokenText("no digits"))


def test_groups_compete_within_and_overlap_across():
    patterns = [
        ("drone", compile_pattern(["drones"])),
        ("struck", compile_pattern(["drones", "struck"])),
        ("russian", compile_pattern(["russian", {"IN": ["drones", "troops"]}])),
    ]
    text = "Russian drones struck Sumy; drones struck Kursk."
    one = TokenMatcher(patterns)  # one group: the leftmost-longest match, none overlapping
    assert [m.id for m in one.find(text)] == ["russian", "struck"]
    by = TokenMatcher(patterns, ["weapon", "trigger", "actor"])
    found = by.find_groups(text)
    assert [text[m.char_start : m.char_end] for m in found["weapon"]] == ["drones", "drones"]
    assert [m.id for m in found["trigger"]] == ["struck", "struck"]
    assert [m.char_start for m in found["actor"]] == [0]
    assert [m.id for m in by.find(text)] == ["russian", "drone", "struck", "drone", "struck"]
    with pytest.raises(ValueError, match="one group"):
        TokenMatcher(patterns, ["weapon"])


def test_a_range_of_tokens_is_read_as_a_text_of_its_own():
    matcher = TokenMatcher(
        [
            ("down", compile_pattern(["shot", "down"])),
            ("after", compile_pattern({"pattern": ["struck"], "not_preceded_by": ["drones"]})),
        ]
    )
    text = TokenText("They shot. Down came drones. Struck at dawn.")
    lo, hi = text.span(0, 10)  # "They shot."
    assert (lo, hi) == (0, 3)
    assert matcher.find(text, lo, hi) == []  # "down" is in the next sentence
    assert [m.id for m in matcher.find(text, *text.span(29, 44))] == ["after"]
    assert matcher.find("drones struck") == []


def test_match_at_a_character_offset():
    matcher = TokenMatcher([("hit", compile_pattern([{"IN": ["was", "were"]}, "hit"]))])
    text = "Sumy was hit again"
    m = matcher.match(text, 5)
    assert m is not None and text[m.char_start : m.char_end] == "was hit"
    assert matcher.match(text, 0) is None
    assert matcher.match(text, 6) is None  # not where a token begins
    assert matcher.match(TokenText(text), 5).char_start == 5


def test_odd_unicode_and_empty_text():
    pattern = [{"IN": ["commandant's"]}, "office"]
    assert spans(pattern, "The Commandant’s office.") == ["Commandant’s office"]
    assert spans(["drones"], "") == []
    assert spans(["drones"], "   \n\t ") == []
    text = "İstanbul drones \u0663 ﬁre émeute drones"
    assert spans(["drones"], text) == ["drones", "drones"]
    assert spans(["émeute"], "ÉMEUTE à Paris") == ["ÉMEUTE"]


def test_a_long_text_is_matched():
    text = "Troops shelled the town and drones were seen. " * 12_500  # 100,000 words
    matcher = TokenMatcher(
        [
            ("s", compile_pattern(["shelled"])),
            ("g", compile_pattern(["drones", {"OP": "{0,2}"}, "seen"])),
            ("t", compile_pattern(["town", {"OP": "*"}])),  # to the text's end, once
        ]
    )
    found = matcher.find(text)
    assert [m.id for m in found] == ["s", "t"]
    found = TokenMatcher(matcher.patterns[:2]).find(text)
    assert len(found) == 25_000 and found[-1].char_end == len(text) - 2


def test_malformed_patterns_are_refused_with_a_reason():
    for bad, reason in [
        ([], "at least one token"),
        ([{"LOWER": "x", "OP": "?"}], "at least one token"),
        ([{"LOWER": "x", "OP": "%"}], "unknown OP"),
        ([{"COLOUR": "red"}], "unknown key"),
        ([True], "quote on/off"),
        ({"not_followed_by": ["x"]}, "needs `pattern`"),
        ([{"OP": "{3,1}"}], "empty range"),
    ]:
        with pytest.raises(ValueError, match=reason):
            compile_pattern(bad)


def test_a_matcher_pickles():
    matcher = TokenMatcher([("p", compile_pattern([{"STEM": "strike"}, "&WEAPON"], LEXICON))])
    again = pickle.loads(pickle.dumps(matcher))
    assert [m.id for m in again.find("strikes drones")] == ["p"]


def test_a_spec_may_read_the_first_or_last_part_of_a_joined_token():
    first = TokenMatcher([("p", compile_pattern([{"LOWER": "governor", "PART": "first"}]))])
    last = TokenMatcher([("p", compile_pattern([{"LOWER": "russian", "PART": "last"}, "forces"]))])
    text = "The governor's aide, pro-governor crowds, pro-Russian forces and Russian-backed forces."
    # the match takes the whole token; a plain spec reads whole tokens only
    assert [text[m.char_start : m.char_end] for m in first.find(text)] == ["governor's"]
    assert [text[m.char_start : m.char_end] for m in last.find(text)] == ["pro-Russian forces"]
    plain = TokenMatcher([("p", compile_pattern(["governor"]))])
    assert plain.find(text) == [] and plain.search(text) is None
    # a spec that reads parts is no word a text must hold: "year's" has the year
    dated = TokenMatcher([("p", compile_pattern(["last", {"LOWER": "year", "PART": "first"}]))])
    assert [m.id for m in dated.find("During last year's offensive.")] == ["p"]
    assert dated.may_match(TokenText("last year's")) and dated.search("last year's").start == 0
    with pytest.raises(ValueError, match="PART is first, last or any"):
        compile_pattern([{"LOWER": "x", "PART": "middle"}])


def test_search_finds_the_first_match_of_find():
    matcher = TokenMatcher([("a", compile_pattern(["a"])), ("b", compile_pattern(["b"]))])
    assert matcher.search("x b a b") == matcher.find("x b a b")[0]
    assert matcher.search("x y") is None


def test_a_guard_of_alternatives_holds_where_any_of_them_does():
    pattern = {"pattern": ["kyiv"], "followed_by": [["attacked"], ["has", "launched"]]}
    matcher = TokenMatcher([("p", compile_pattern(pattern))])
    assert [len(matcher.find(t)) for t in ("Kyiv attacked", "Kyiv has launched", "Kyiv is")] == [
        1, 1, 0,
    ]  # fmt: skip


def test_the_token_after_a_one_token_start_is_checked_first_and_after_pickling():
    # a first spec of one token, then word lists: the token after the start must be one of
    # the words of those up to the first that must take a token (an optional one and the
    # next); a gap or a spec read by parts rejects nothing
    patterns = [
        ("gap", compile_pattern(["fired", {"IS_PUNCT": False, "OP": "{1,2}"}, "&WEAPON"], LEXICON)),
        ("optional", compile_pattern(["struck", {"LOWER": "at", "OP": "?"}, "&WEAPON"], LEXICON)),
        ("part", compile_pattern(["pro", {"LOWER": "russian", "PART": "first"}])),
        ("word", compile_pattern(["hit", {"IN": ["a", "the"]}, "&WEAPON"], LEXICON)),
    ]
    matcher = TokenMatcher(patterns)
    again = pickle.loads(pickle.dumps(matcher))
    for m in (matcher, again):
        assert [x.id for x in m.find("Troops fired two drones.")] == ["gap"]
        assert m.find("Troops fired, drones fell.") == []
        assert [x.id for x in m.find("It struck drones; it struck at drones.")] == ["optional"] * 2
        assert [x.id for x in m.find("A pro russian-backed unit.")] == ["part"]
        assert m.find("It fired") == [] and m.find("pro") == []
        assert [x.id for x in m.find("Shells hit the drone, hit two drones, hit a")] == ["word"]
    assert [p.second is not None for _, p in again.patterns] == [False, True, False, True]
    assert again.patterns[1][1].second == {"at"} | LEXICON.sets["WEAPON"]


def test_a_pattern_is_not_tried_in_a_text_that_lacks_a_word_it_needs():
    matcher = TokenMatcher(
        [
            ("forces", compile_pattern(["russian", {"IN": ["forces", "troops"]}])),
            ("gap", compile_pattern(["russian", {"OP": "{0,2}"}, "drones"])),
            ("one", compile_pattern([{"IN": ["russian", "ukrainian"]}])),
        ],
        groups=["a", "b", "c"],
    )

    def impossible(text: TokenText) -> set[int]:
        lacking = matcher._text_rows(text)[1]
        return {n for n in range(3) if matcher._needs_of[n] & lacking}

    lacking = TokenText("Russian artillery shelled Sumy.")
    assert impossible(lacking) == {0, 1}  # (a need of one word list only: tried)
    assert [m.id for m in matcher.find(lacking)] == ["one"]
    text = TokenText("Russian troops advanced. Russian heavy drones struck. Russian drones.")
    assert not impossible(text)
    found = [(m.id, m.start) for m in matcher.find(text)]
    assert found == [("forces", 0), ("one", 0), ("gap", 4), ("one", 4), ("gap", 9), ("one", 9)]


@pytest.mark.parametrize(
    "sample",
    [
        "drones hit sudzha's u.s.-made radar, 2 km away.",  # (lower case: its words are forms)
        "Drones hit Sudzha's U.S.-made radar.",
        "The commandant’s HQ in Сумы",
        "snake_case_names",
        "",
    ],
)
def test_a_texts_forms_are_its_tokens_lower_cased_with_plain_apostrophes(sample):
    text = TokenText(sample)
    tokens = tokenize(sample)
    assert text.forms == [plain_apostrophes(t.lower()) for *_, t in tokens]
    assert list(zip(text.starts, text.ends, strict=True)) == [(a, b) for a, b, _ in tokens]
    assert text.line == "".join(f + " " for f in text.forms)
    assert [text.line[o:].split(" ")[0] for o in text.offsets[:-1]] == text.forms


def _every_pattern_everywhere(matcher: TokenMatcher, text: TokenText, lo: int, hi: int) -> list:
    """What `find` finds, found by trying every pattern at every token (no index, no word a
    pattern needs, no rows kept): leftmost-longest in each group, the first pattern on a tie."""
    out, free = [], {}
    for start in range(lo, hi):
        best = {}
        for (id_, pattern), group in zip(matcher.patterns, matcher.groups, strict=True):
            if free.get(group, 0) <= start:
                end = pattern.end(text, start, hi, lo)
                if end is not None and (group not in best or end > best[group][0]):
                    best[group] = (end, id_)
        for group, (end, id_) in best.items():
            out.append(TokenMatch(id_, start, end, text.starts[start], text.ends[end - 1]))
            free[group] = end
    return out


def test_find_finds_what_trying_every_pattern_everywhere_finds():
    # one-token words (a match certain where the form is one of them), phrases, gaps, guards,
    # parts, words a pattern needs, groups: the matcher's shortcuts change nothing, in texts
    # that lack some needed words and in parts of a text, and with what it keeps from before
    entries = [
        ("drone", ["&WEAPON"], "w"),
        ("drones hit", ["&WEAPON", {"STEM": "hit"}], "w"),
        ("hit", [{"STEM": "hit"}], "v"),
        ("shot down", [{"STEM": "shoot"}, "down"], "v"),
        ("hit with", [{"STEM": "hit"}, {"OP": "{0,3}"}, "with", "&WEAPON"], "v"),
        ("troops", {"pattern": ["&TROOPS"], "not_preceded_by": ["no"], "window": 2}, "t"),
        ("pro", [{"LOWER": "russian", "PART": "any"}, {"IN": ["troops", "forces"]}], "t"),
        ("said", {"pattern": ["said"], "followed_by": ["&TROOPS"]}, "v"),
        ("down", ["down"], "v"),
    ]
    matcher = TokenMatcher(
        [(id_, compile_pattern(p, LEXICON)) for id_, p, _ in entries], [g for *_, g in entries]
    )
    samples = [
        "Troops shot down two drones; the drones hit a depot. Pro-Russian troops hit it with "
        "two big drones, said troops, and no (as reported) troops came. Russian-backed forces "
        "hit back; drones hit.",
        "Drones hit. Missiles shot down the drone. No soldiers hit a drone with a missile.",
        "Down, down: nothing here hits.",
    ]
    for _ in range(2):
        for sample in samples:
            text = TokenText(sample)
            n = len(text.forms)
            for lo, hi in [(0, n), (0, 12), (5, n), (9, 20)]:
                lo, hi = min(lo, n), min(hi, n)
                found = matcher.find(text, lo, hi)
                assert found == _every_pattern_everywhere(matcher, text, lo, hi), (sample, lo)
            assert len(matcher.find(text)) >= 3
