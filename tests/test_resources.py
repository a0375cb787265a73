"""Shape of the geoparser word lists in mapper/resources (demonyms, person titles, org words)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

RESOURCES = Path(__file__).resolve().parents[1] / "mapper" / "resources"
FEATURES = {"PCLI", "PCLD", "PCLS", "TERR", "CONT", "RGN", "PEN", "ISL"}
FEATURE_RE = re.compile(r"^(?:ADM[1-4]|PPL[A-Z0-9]*)$")


def read_demonyms() -> list[list[str]]:
    """Rows of demonyms.csv, header included."""
    with open(RESOURCES / "demonyms.csv", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def read_words(name: str) -> list[str]:
    """Entries of a one-per-line word list, without comment lines and surrounding spaces."""
    lines = (RESOURCES / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_demonyms_header_and_shape():
    rows = read_demonyms()
    assert rows[0] == ["demonym", "place", "country_code", "feature"]
    body = rows[1:]
    assert 400 <= len(body) <= 1000
    for row in body:
        assert len(row) == 4, row
        demonym, place, code, feature = row
        assert demonym == demonym.strip() and demonym[0].isupper(), row
        assert place.strip() and place == place.strip(), row
        assert code == "" or re.fullmatch(r"[A-Z]{2}", code), row
        assert feature in FEATURES or FEATURE_RE.match(feature), row
        # only continents and cross-border regions may lack a country
        assert code or feature in {"CONT", "RGN"}, row


def test_demonyms_unique_and_sorted():
    demonyms = [row[0] for row in read_demonyms()[1:]]
    assert not [d for d, n in Counter(demonyms).items() if n > 1]
    assert demonyms == sorted(demonyms, key=str.casefold)


@pytest.mark.parametrize(
    ("demonym", "place", "code"),
    [
        ("Russian", "Russia", "RU"),
        ("Americans", "United States", "US"),
        ("British", "United Kingdom", "GB"),
        ("European", "Europe", ""),
        ("Texan", "Texas", "US"),
        ("Muscovites", "Moscow", "RU"),
        ("Saudis", "Saudi Arabia", "SA"),
        ("Ukrainians", "Ukraine", "UA"),
        ("English", "England", "GB"),
        ("Congolese", "Democratic Republic of the Congo", "CD"),
        ("Crimean", "Crimea", "UA"),
    ],
)
def test_demonym_examples(demonym, place, code):
    table = {row[0]: row for row in read_demonyms()[1:]}
    assert table[demonym][1:3] == [place, code]


def test_every_country_has_a_demonym():
    codes = {row[2] for row in read_demonyms()[1:] if row[3] == "PCLI"}
    assert len(codes) >= 190


def test_demonyms_leave_out_ethnic_words():
    demonyms = {row[0] for row in read_demonyms()[1:]}
    assert not demonyms & {"Arab", "Arabs", "Kurdish", "Kurds", "Jewish", "Latino", "Hispanic"}


@pytest.mark.parametrize(
    ("name", "least"),
    [
        ("person_titles.txt", 100),
        ("org_words.txt", 100),
        ("outlet_words.txt", 30),
        ("org_names.txt", 5),
    ],
)
def test_word_list_shape(name, least):
    text = (RESOURCES / name).read_text(encoding="utf-8")
    assert text.startswith("# Compiled by the mapper developers")
    words = read_words(name)
    assert len(words) >= least
    assert not [w for w, n in Counter(words).items() if n > 1]
    assert all(w == w.strip() and "  " not in w for w in words)


def test_person_titles_examples():
    titles = set(read_words("person_titles.txt"))
    assert {"President", "Gen.", "Governor", "Mr.", "oligarch", "Pope", "Sheikh"} <= titles
    assert "St." not in titles


def test_org_words_examples_and_exclusions():
    words = set(read_words("org_words.txt"))
    assert {"University", "United", "Agreement", "FC"} <= words
    assert {"Times", "Post", "Independent", "Pravda"} <= set(read_words("outlet_words.txt"))
    # these end real place names (Soviet Union, Kansas City, airports, churches)
    assert not words & {"Union", "City", "Church", "Airport", "Cathedral", "Hospital"}


def test_country_neighbours_are_mutual_iso_codes():
    with open(RESOURCES / "country_neighbours.csv", encoding="utf-8") as f:
        assert next(f).startswith("# Derived by scripts/build_neighbours.py")
        rows = {r["country_code"]: set(r["neighbours"].split()) for r in csv.DictReader(f)}
    assert len(rows) > 150
    assert all(re.fullmatch("[A-Z]{2}", c) for row in rows.values() for c in row)
    assert all(code in rows[other] for code, row in rows.items() for other in row)
    assert {"IL", "EG", "JO"} <= rows["PS"] and "UA" in rows["RU"] and "TD" in rows["SD"]
    assert "US" not in rows["RU"]  # across the Bering Strait, not by land


def _sides() -> list[dict]:

    from mapper.events import vocabulary_data

    return vocabulary_data()["sides"]


@pytest.mark.parametrize("side", _sides(), ids=lambda side: side["actor"])
def test_each_side_of_a_war_is_named_by_its_example(side):
    from mapper.events import load_vocabulary
    from mapper.events.sentence import _Sentence

    vocab = load_vocabulary()
    sentence, actor = side["example"]
    assert actor == side["actor"]
    named = {name for *_, name in _Sentence(vocab, sentence.lower()).actor_mentions}
    assert actor in named, f"{sentence!r} names {named or 'no actor'}"
    for text in side.get("names_examples", ()):  # each names the side
        named = {name for *_, name in _Sentence(vocab, text.lower()).actor_mentions}
        assert actor in named, f"{text!r} names {named or 'no actor'}"


def test_the_sides_are_data_and_no_country_is_named_in_the_engine():
    from mapper.events import load_vocabulary

    vocab = load_vocabulary()
    sides = _sides()
    assert {s["country"] for s in sides if "country" in s} == set(vocab.states)
    assert vocab.enemies["Sudan"] == "Rapid Support Forces"
    assert vocab.enemies["Ukraine"] == "Military Forces of Russia"
    package = Path(__file__).resolve().parents[1] / "mapper" / "events"
    for module in package.glob("*.py"):
        engine = module.read_text()
        named = re.search(r"\"(?:Russia|Ukraine|Israel|Sudan|RU|UA|IL|SD)\"", engine)
        assert not named, f"{module.name} names {named.group()}"


def _trigger_rules() -> list[dict]:

    from mapper.events import vocabulary_data

    return vocabulary_data()["triggers"]


@pytest.mark.parametrize(
    "rule", _trigger_rules(), ids=lambda r: f"{r['event_type']}/{r['sub_event_type']}"
)
def test_every_trigger_pattern_has_an_example_and_every_example_tells_its_event(rule):
    import datetime

    from mapper.articles import Article
    from mapper.events import extract_events, vocabulary_data
    from mapper.tokenpatterns import Lexicon, TokenMatcher, compile_pattern

    examples = rule.get("examples") or []
    assert examples, "a rule without examples"
    data = vocabulary_data()
    lexicon = Lexicon.of(data["token_sets"], data["irregular_verbs"])
    for pattern in rule["patterns"]:
        matcher = TokenMatcher([("p", compile_pattern(pattern, lexicon))])
        assert any(matcher.find(text) for text, _ in examples), f"no example of {pattern}"
    for cue in rule.get("sub_types") or ():
        for pattern in cue["patterns"]:
            matcher = TokenMatcher([("p", compile_pattern(pattern, lexicon))])
            assert any(matcher.find(text) for text, _ in cue["examples"]), (
                f"no example of {pattern}"
            )
    geoparser = _geoparser()
    for text, place in examples:
        article = Article(
            "e" * 16, "t", datetime.date(2024, 8, 9), 1, "metadata", "", "", text, "example.md"
        )
        told = {(e.location, e.event_type) for e in extract_events(article, geoparser)}
        assert (place, rule["event_type"]) in told, f"{text!r} tells {told or 'nothing'}"
    for cue in rule.get("sub_types") or ():
        for text, place in cue["examples"]:
            article = Article(
                "e" * 16, "t", datetime.date(2024, 8, 9), 1, "metadata", "", "", text, "example.md"
            )
            told = {(e.location, e.sub_event_type) for e in extract_events(article, geoparser)}
            assert (place, cue["sub_event_type"]) in told, f"{text!r} tells {told or 'nothing'}"


def _token_tables() -> list[tuple[str, list, list[str]]]:
    """(name, token patterns, example sentences) of each table of the vocabulary that is not
    a trigger rule's."""
    from mapper.events import vocabulary_data

    data = vocabulary_data()
    tables = [
        (f"weapons/{w['sub_event_type']}", w["patterns"], w["examples"]) for w in data["weapons"]
    ]
    tables += [
        (f"weapon_mixes/{m['sub_event_type']}", [p for named in m["named"] for p in named],
         m["examples"])
        for m in data["weapon_mixes"]
    ]  # fmt: skip
    tables += [
        (k, data[k]["patterns"], data[k]["examples"])
        for k in ("other_senses", "heard", "conflict_context", "force_nouns", "owned", "state_acts")
    ]
    tables += [(f"units/{k}", u["patterns"], u["examples"]) for k, u in data["units"].items()]
    tables += [
        (f"attribution/{a['source']}", a["patterns"], a["examples"]) for a in data["attribution"]
    ]
    tables += [
        (f"relative_dates/{r['days']}", r["patterns"], r["examples"])
        for r in data["relative_dates"]
    ]
    tables += [(f"actors/{a['actor']}", a["patterns"], [a["example"]]) for a in data["actors"]]
    tables += [
        (f"groups/{s['actor']}", s["groups"], s["names_examples"])
        for s in data["sides"]
        if "groups" in s
    ]
    tables += [
        (f"regain/{t['event_type']}", t["regain"], [text for text, _ in t["examples"]])
        for t in data["triggers"]
        if "regain" in t
    ]
    return tables


@pytest.mark.parametrize("name, patterns, examples", _token_tables(), ids=lambda x: str(x)[:40])
def test_every_token_pattern_of_a_table_matches_one_of_its_examples(name, patterns, examples):
    from mapper.events import vocabulary_data
    from mapper.tokenpatterns import Lexicon, TokenMatcher, compile_pattern

    data = vocabulary_data()
    lexicon = Lexicon.of(data["token_sets"], data["irregular_verbs"])
    assert examples, f"{name}: no examples"
    for pattern in patterns:
        matcher = TokenMatcher([("p", compile_pattern(pattern, lexicon))])
        assert any(matcher.find(text) for text in examples), f"{name}: no example of {pattern}"


_GEOPARSER = []


def _geoparser():
    from mapper.geoparse import Geoparser

    if not _GEOPARSER:
        _GEOPARSER.append(Geoparser())
    return _GEOPARSER[0]


def test_the_vocabulary_is_a_taxonomy_and_a_folder_of_files_per_language():
    from mapper.events import load_vocabulary, vocabulary_data, vocabulary_files
    from mapper.events.vocabulary import _checked_triggers

    files = vocabulary_files()
    assert files[0].name == "taxonomy.yaml" and all(f.parent.name == "en" for f in files[1:])
    data = vocabulary_data()
    assert {"types", "triggers", "sides", "fatalities"} <= set(data)
    vocab = load_vocabulary()
    assert vocab.dead_types == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
    }
    assert {r.event_type for r in vocab.triggers} <= set(data["types"])
    wrong = {"types": data["types"], "triggers": [dict(data["triggers"][0], sub_event_type="Duel")]}
    with pytest.raises(ValueError, match="'Duel' is no sub-type"):
        _checked_triggers(wrong)
