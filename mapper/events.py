"""Events: what happened, where and when, extracted sentence by sentence from an article.

`extract_events(article, geoparser)` is pure: the same article gives the same events, so the
build caches them by the article's content hash. `merge_events(events, articles)` joins the
same event told twice (same place, same type, dates within a day) into one row of the events
table (`mapper.events_schema.EVENT_COLUMNS`).

A sentence gives events when it holds a trigger (`resources/events/en/triggers.yaml`: ACLED's
event types, our words). Violence, interceptions and emergencies are read only in an article
about armed conflict, one with a word of war or a military actor in it (`conflict_context`):
ACLED codes political violence, and a crime story or an accident is none; protests and riots
are read in any article. Each trigger takes the toponym attached to it: after a locative
preposition, the most specific, nearest the trigger; places where someone spoke ("officials
in Moscow", "Kyiv would open") are not event places. A list of places ("26 in the Belgorod
region, seven in Kursk ...") gives one event per place, each with its own count.

>>> from mapper.geoparse import Geoparser                                     # doctest: +SKIP
>>> [e.location for e in extract_events(article, Geoparser())]               # doctest: +SKIP
['Oktyabrskoye', 'Belgorod Oblast', ...]
"""

from __future__ import annotations

import bisect
import datetime
import functools
import hashlib
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from mapper.articles import YAML_LOADER, Article
from mapper.events_schema import EVENT_COLUMNS, LIST_SEPARATOR
from mapper.gazetteer import Place
from mapper.geoparse import Geoparser, Toponym
from mapper.names import name_key
from mapper.text import MONTHS as _MONTHS
from mapper.text import WEEKDAYS, split_sentences
from mapper.tokenpatterns import Lexicon, TokenMatcher, TokenText, compile_pattern

__all__ = [
    "EVENTS_VERSION",
    "Event",
    "Vocabulary",
    "extract_events",
    "load_vocabulary",
    "merge_events",
    "split_sentences",
    "vocabulary_data",
    "vocabulary_files",
]

# The version of the extraction rules: a change here invalidates every cached article.
EVENTS_VERSION = "61"


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened at one place, as one article's sentence tells it."""

    article_id: str
    event_date: datetime.date | None  # None: undated
    time_precision: int  # ACLED 1-3
    event_type: str  # ACLED event type
    sub_event_type: str
    actor1: str
    actor2: str
    quantity: int | None
    quantity_unit: str
    place_id: str
    location: str
    latitude: float
    longitude: float
    admin1: str
    admin2: str
    country_code: str
    feature_code: str
    geo_precision: int  # ACLED 1-3
    attribution: str  # "" for a plain report
    sentence: str
    sentence_start: int  # offset of the sentence in the article's cleaned text
    fatalities: int | None = None  # the dead the sentence tells of a violent event


# --------------------------------------------------------------------------- vocabulary

_WEEKDAYS = WEEKDAYS
_AGO = ("earlier", "ago", "before")  # "three days ago"
_CALENDAR = frozenset(_MONTHS) | frozenset(WEEKDAYS)
_MONTH_ALT = "|".join(
    sorted((m for m in _MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True)
)


class WordPattern:
    """A vocabulary regex, matched on lower-cased text from the start of a word, and the
    strings its matches begin with (`heads`; None when the regex does not tell)."""

    __slots__ = ("regex", "heads", "prefixes")

    def __init__(self, regex: re.Pattern[str], heads: tuple[str, ...] | None) -> None:
        self.regex = regex
        self.heads = heads
        # where a scan finds "drone", the head "drone " may begin
        self.prefixes = frozenset(h[:n] for h in heads or () for n in range(1, len(h) + 1))

    def matches(self, text: str, found: Sequence[tuple[int, str]]) -> list[re.Match[str]]:
        """What `regex.finditer(text)` finds, the regex tried only where `found` (a HeadScan
        of `text`) says one of its heads may begin."""
        if self.heads is None:
            return list(self.regex.finditer(text))
        prefixes = self.prefixes
        return self.matches_at(text, [pos for pos, head in found if head in prefixes])

    def matches_at(self, text: str, offsets: Iterable[int]) -> list[re.Match[str]]:
        """What `regex.finditer(text)` finds, when its matches can begin only at `offsets`
        (in order): the regex tried there, left to right, no match overlapping the last."""
        out = []
        end = 0
        match = self.regex.match
        for pos in offsets:
            if pos >= end and (m := match(text, pos)):
                out.append(m)
                end = m.end()  # never empty: a match begins with a head
        return out


@dataclass(frozen=True, slots=True)
class HeadScan:
    """Where the heads of a set of word patterns begin in a text, found in one pass.

    Most sentences hold no head of most patterns: those patterns are passed at once, and the
    others tried only where a head of theirs begins.
    """

    regex: re.Pattern[str]  # a match at each word start where a head begins; group 1: the head
    patterns: dict[str, frozenset[WordPattern]]  # head -> the patterns it may begin
    anywhere: frozenset[WordPattern]  # the patterns whose heads are not known

    @classmethod
    def of(cls, patterns: Iterable[WordPattern]) -> HeadScan:
        patterns = list(patterns)
        # at most one head begins at any offset
        shortest = set(_shortest({h for p in patterns for h in p.heads or ()}))
        return cls(
            # nested by first letters ("a(?:ir|blaze)"): much faster than a flat list
            re.compile(rf"\b(?=({_nested(shortest)}))"),
            {h: frozenset(p for p in patterns if h in p.prefixes) for h in shortest},
            frozenset(p for p in patterns if p.heads is None),
        )

    def find(self, text: str) -> list[tuple[int, str]]:
        """(offset, head) of each head in `text`, in order."""
        after = _after_non_word(self.regex)
        if after is None:
            return [(m.start(), m.group(1)) for m in self.regex.finditer(text)]
        # a match in " " + text is of the character before a head: at the head's offset in text
        return [(m.start(), m.group(1)) for m in after.finditer(" " + text)]


@functools.cache
def _after_non_word(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    r"""r"\W(?=X)" for a regex r"\b(?=X)" whose X begins with a word character (else None).

    Both find the same words, but the regex engine skips fast to a class that comes first,
    and tries \b at every offset. A match at the start of a text is one after " " + text.
    """
    look = regex.pattern.removeprefix(r"\b(?=")
    if not (look != regex.pattern and look.startswith("(") and look.endswith("))")):
        return None
    if not all(re.match(r"\w", a) for a in _alternatives(look[1:-2])):
        return None
    return re.compile(r"\W(?=" + look, regex.flags)


def _longest_first(words: Iterable[str]) -> str:
    """An alternation of `words` shaped as a trie, which like the words sorted longest first
    matches the longest word that fits: "seven(?:t(?:een|y))?" for seven, seventeen, seventy.

    >>> _longest_first(["seven", "seventeen", "seventy", "six"])
    's(?:even(?:t(?:een|y))?|ix)'
    """
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    alternatives = []
    for first, rests in sorted(by_first.items()):
        low, high = min(rests), max(rests)  # their common start is these two's
        n = next((i for i, (a, b) in enumerate(zip(low, high, strict=False)) if a != b), len(low))
        rests = [r[n:] for r in rests]
        head = re.escape(first + low[:n])
        if longer := [r for r in rests if r]:
            optional = "?" if "" in rests else ""
            alternatives.append(f"{head}(?:{_longest_first(longer)}){optional}")
        else:
            alternatives.append(head)
    return "|".join(alternatives)


def _nested(words: set[str]) -> str:
    by_first: dict[str, set[str]] = {}
    for w in words:
        by_first.setdefault(w[0], set()).add(w[1:])
    alternatives = []
    for first, rests in sorted(by_first.items()):
        if len(rests) == 1:
            alternatives.append(re.escape(first + rests.pop()))
        else:
            alternatives.append(f"{re.escape(first)}(?:{_nested(rests)})")
    return "|".join(alternatives)


_LITERAL = re.compile(r"[\w ',-]*")  # what stands for itself in the vocabulary's patterns
_OPTIONAL = re.compile(r"(?:[?*]|\{(?:0|0?,\d*)\})[?+]?")  # a quantifier that allows zero


def _pattern_heads(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which begins every match of `pattern`, or None when it cannot tell.

    Reads what the vocabulary writes: alternatives, groups (optional or not), lookarounds,
    letters made optional. An alternative that begins with a class or an escape gives None.

    >>> _pattern_heads("intercept(?:ed|s)?|shoots? down|(?:regional )?governor")
    ('governor', 'intercept', 'regional ', 'shoot')
    """
    heads = _heads(pattern)
    return None if heads is None else _shortest(heads)


def _shortest(heads: set[str]) -> tuple[str, ...]:
    """The heads no other head begins: "fight" begins wherever "fighting" does."""
    return tuple(sorted(h for h in heads if not any(h != o and h.startswith(o) for o in heads)))


def _heads(pattern: str) -> set[str] | None:
    out: set[str] = set()
    for alternative in _alternatives(pattern):
        heads = _alternative_heads(alternative)
        if heads is None:
            return None
        out |= heads
    return out


def _alternative_heads(alternative: str) -> set[str] | None:
    if alternative.startswith("("):
        end = _group_end(alternative)
        inner, rest = alternative[1:end], alternative[end + 1 :]
        if inner.startswith(("?=", "?!", "?<=", "?<!")):  # matches no character
            return _alternative_heads(rest)
        inner = re.sub(r"^\?(?::|P<\w+>)", "", inner)
        heads = _heads(inner)
        if heads is None or not (zero := _OPTIONAL.match(rest)):
            return heads
        after = _alternative_heads(rest[zero.end() :])  # the group may be left out
        return None if after is None else heads | after
    literal = _LITERAL.match(alternative).group()
    if _OPTIONAL.match(alternative, len(literal)):
        literal = literal[:-1]  # "shoots?": the "s" may be left out
    return {literal} if literal else None


def _syntax(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(offset, character, depth) of each character of `pattern` outside escapes and classes."""
    depth, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i += 2 if pattern.startswith("[^", i) else 1
            i += pattern[i] == "]"  # a "]" first is a member
            while pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
            continue
        depth -= c == ")"
        yield i, c, depth
        depth += c == "("
        i += 1


def _alternatives(pattern: str) -> list[str]:
    cuts = [i for i, c, depth in _syntax(pattern) if c == "|" and depth == 0]
    return [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]


def _group_end(pattern: str) -> int:
    """Offset of the ")" that closes the group opening `pattern`."""
    return next(i for i, c, depth in _syntax(pattern) if c == ")" and depth == 0)


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One kind of event and the words that say it happened."""

    event_type: str
    sub_event_type: str  # "weapon": from the weapons table
    units: tuple[str, ...]
    defender: bool
    matcher: TokenMatcher  # its token patterns (resources/events/en/triggers.yaml)
    any_article: bool = False  # read in any article, not only in one about armed conflict
    authority: bool = False  # done by the state that holds the place, where no one is named
    means_named: bool = False  # an event only where a weapon or a counted unit is named
    regain: re.Pattern[str] | None = None  # a territory trigger that is a regain by itself
    story_day: bool = False  # with no day of its own, the day the article gave one like it
    policies: frozenset[str] = frozenset()  # its type's (resources/events/taxonomy.yaml)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The event vocabulary (`resources/events/`, see `vocabulary_files`), compiled."""

    triggers: tuple[TriggerRule, ...]
    weapons: tuple[tuple[WordPattern, str], ...]
    weapon_default: str
    weapon_mixes: tuple[tuple[tuple[WordPattern, ...], str], ...]  # named together -> one
    units: dict[str, re.Pattern[str]]  # canonical unit -> "NUMBER ... UNIT" pattern
    unit_words: dict[str, WordPattern]  # the words of a unit: in every match of its pattern
    numbers: dict[str, int]
    count_words: tuple[str, ...]  # what a word ends with where count_before may read a number
    number: str  # regex of one number (digits or words)
    # pattern, source, and how a match that names an armed force ends ("army"; or None)
    attribution: tuple[tuple[WordPattern, str, re.Pattern[str] | None], ...]
    sides: dict[str, str]  # source -> the country it speaks for ("Russian Ministry of Defence")
    fighting: dict[str, str]  # a side's armed forces speaking -> that side
    civil: frozenset[str]  # the sources that may be actors of what they decide
    actors: tuple[tuple[WordPattern, str], ...]
    states: dict[str, str]  # country code -> the name of the state that is a side there
    enemies: dict[str, str]  # a side -> the side its own sources call "the enemy"
    struck_by_enemy: frozenset[str]  # states whose land, struck by no one named, its enemy struck
    dead_types: frozenset[str]  # the event types whose toll of the dead is read
    remote_types: frozenset[str]  # the event types done from afar
    ground_types: frozenset[str]  # the event types fought on the ground
    locatives: frozenset[str]
    fillers: frozenset[str]
    near: frozenset[str]
    speaker_before: frozenset[str]
    speaker_after: frozenset[str]
    not_here: frozenset[str]
    modal: re.Pattern[str]
    done_before_to: frozenset[str]  # "continued to advance": an infinitive that happened
    used_before_to: frozenset[str]  # "used a drone to attack": so did this one
    purpose_before: re.Pattern[str]  # "to carry out a ... " right before a trigger
    modal_after: re.Pattern[str]  # right after a trigger: "(capturing it) would be"
    habitual: re.Pattern[str]  # near a trigger: "almost daily", "constant": a habit
    caption: re.Pattern[str]  # a sentence that is a photo's caption, which tells no event
    suffered: re.Pattern[str]  # a trigger whose subject is the side it was done to
    negated: re.Pattern[str]  # a negation and up to five words, to the end: see _is_negated
    denied_after: re.Pattern[str]  # "... were false" after a trigger
    other_senses: WordPattern  # "quakes struck", "teachers striking": no event of war
    heard: WordPattern  # "explosions were heard": a trigger inside tells no event
    any_trigger: TokenMatcher  # every trigger pattern at once: a quick first pass
    conflict_context: re.Pattern[str]  # a word that makes an article one about armed conflict
    any_article: tuple[TriggerRule, ...]  # the triggers read in other articles too
    state_acts: re.Pattern[str]  # after a capital: its state acting ("Kyiv attacked")
    owned: re.Pattern[str]  # an actor mention that ends so names the side done to: "trucks"
    scan: HeadScan  # of every WordPattern above
    any_number: re.Pattern[str]  # a number right after a non-word character: see _Sentence
    ago: re.Pattern[str]  # "three days ago", "a year ago", "two weeks earlier"
    clause_break: re.Pattern[str]
    recap_days: int  # an event dated further back than this before publication is background
    dated_by_clause: re.Pattern[str]  # "(the offensive) that began " right before a date
    act_noun: re.Pattern[str]  # an actor mention that ends so names the side that did it
    tallied: re.Pattern[str]  # a remote trigger so ended, on a region only, is a tally
    located_from: re.Pattern[str]  # "located 40 km east of " right before a reference point
    relative_dates: tuple[tuple[WordPattern, int, int], ...]
    count_before: re.Pattern[str]  # "26 in the " right before a listed place
    fatalities: tuple[re.Pattern[str], ...]  # "killing two civilians": group n, the dead
    toll_before: re.Pattern[str]  # "24 civilians, " right before the next count of a toll
    toll_after: re.Pattern[str]  # " and a civilian" right after a count's noun phrase
    toll_noun: re.Pattern[str]  # " police officers": a count's noun phrase


_BLOCKS_NEGATION = (
    "but|and|or|yet|then|on|in|at|of|over|about|for|to|from|after|before|during|with|by|near|when"
)


def _words(value: str | list[str]) -> frozenset[str]:
    return frozenset(value if isinstance(value, list) else value.split())


def _rx(pattern: str) -> WordPattern:
    # matched on lower-cased text (faster than IGNORECASE); the vocabulary has no \B \S \W \D
    pattern = pattern.lower()
    heads = _pattern_heads(pattern)
    if heads is not None and not all(re.match(r"\w", h) for h in heads):
        heads = None  # the scan finds heads at word starts only
    return WordPattern(re.compile(rf"\b(?:{pattern})\b"), heads)


LANGUAGE = "en"  # the language of the texts read (a folder of resources/events/)


def vocabulary_files(language: str = LANGUAGE) -> list[Path]:
    """The event vocabulary's files: the taxonomy, then the language's own (`resources/events/
    taxonomy.yaml`, `resources/events/<language>/*.yaml`). Part of the build's cache key: an
    edit of any re-extracts every article."""
    folder = Path(str(resources.files("mapper") / "resources" / "events"))
    return [folder / "taxonomy.yaml", *sorted((folder / language).glob("*.yaml"))]


def vocabulary_data(language: str = LANGUAGE) -> dict:
    """The vocabulary's files read into one mapping, uncompiled (each key in one file only).

    Raises ValueError naming the file of a key given twice."""
    data: dict = {}
    for path in vocabulary_files(language):
        part = yaml.load(path.read_text("utf-8"), Loader=YAML_LOADER) or {}
        twice = set(part) & set(data)
        if twice:
            raise ValueError(f"{path}: {', '.join(sorted(twice))} given in another file too")
        data.update(part)
    return data


def _checked_triggers(v: dict) -> list[dict]:
    """The trigger rules, each of a type and sub-type of the taxonomy (ValueError if not)."""
    for t in v["triggers"]:
        kind = v["types"].get(t["event_type"])
        if kind is None:
            raise ValueError(f"event vocabulary: {t['event_type']!r} is no type of the taxonomy")
        if t["sub_event_type"] not in (*kind["sub_event_types"], "weapon", "territory"):
            raise ValueError(
                f"event vocabulary: {t['sub_event_type']!r} is no sub-type of {t['event_type']}"
            )
    return v["triggers"]


def _types_with(v: dict, policy: str) -> frozenset[str]:
    return frozenset(name for name, kind in v["types"].items() if policy in kind["policies"])


@functools.cache
def load_vocabulary() -> Vocabulary:
    """Read and compile the event vocabulary (once per process)."""
    v = vocabulary_data()
    numbers = {str(k).lower(): int(n) for k, n in v["number_words"].items()}
    word = "|".join(sorted(numbers, key=len, reverse=True))
    number = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{word})(?:[\s-]+(?:{word}))*)"
    trie = _longest_first(numbers)  # matches what `word` does
    not_counts = v["not_counts"]
    units = {
        unit: re.compile(
            rf"\b(?P<n>{number})(?:\s*(?:to|-|–|or)\s*(?P<n2>{number}))?\s+"
            rf"(?:[\w-]+\s+){{0,2}}?(?:{words.lower()})\b(?!\s+(?:{not_counts}"
            rf"{'|' + v['not_distances'] if unit == 'km' else ''})\b)"
        )
        for unit, words in v["units"].items()
    }
    lexicon = Lexicon.of(v["token_sets"], v["irregular_verbs"])
    rule_patterns = [
        [((n, k), compile_pattern(p, lexicon)) for k, p in enumerate(t["patterns"])]
        for n, t in enumerate(_checked_triggers(v))
    ]
    triggers = tuple(
        TriggerRule(
            t["event_type"],
            t["sub_event_type"],
            tuple(t.get("units") or ()),
            bool(t.get("defender", False)),
            TokenMatcher(patterns),
            bool(t.get("any_article", False)),
            bool(t.get("authority", False)),
            bool(t.get("means_named", False)),
            re.compile(rf"\b(?:{t['regain']})\b") if "regain" in t else None,
            bool(t.get("story_day", False)),
            frozenset(v["types"][t["event_type"]]["policies"]),
        )
        for t, patterns in zip(v["triggers"], rule_patterns, strict=True)
    )
    modal = _longest_first(w.lower() for w in v["modal_cues"])
    weapons = tuple((_rx(w["pattern"]), w["sub_event_type"]) for w in v["weapons"])
    other_senses = _rx("|".join(f"(?:{p})" for p in v["other_senses"]))
    heard = _rx("|".join(f"(?:{p})" for p in v["heard"]))
    attribution = tuple(
        (
            _rx(a["pattern"]),
            a["source"],
            re.compile(rf"(?:{a['armed']})$") if "armed" in a else None,
        )
        for a in v["attribution"]
    )
    acts = _state_acts(v)
    # (pattern, actor), "{acts}" read as a state acting: "Russia launched", "Kyiv attacked"
    # and "{owned}" as what a side fights with or from: "Russian military trucks"
    actor_rows = [
        (a["pattern"].replace("{acts}", f"(?= {acts})").replace("{owned}", v["owned"]), a["actor"])
        for a in [*_side_rows(v), *v["actors"]]
    ]
    states = {s["country"]: _side_name(s["actor"]) for s in v["sides"] if "country" in s}
    actor_of = {_side_name(side["actor"]): side["actor"] for side in v["sides"]}
    actors = tuple((_rx(pattern), actor) for pattern, actor in actor_rows)
    relative_dates = tuple(
        (_rx(r["pattern"]), int(r["days"]), int(r["precision"])) for r in v["relative_dates"]
    )
    unit_words = {unit: _rx(words) for unit, words in v["units"].items()}
    if not (
        _COUNT_LOCATIVES.issubset(_words(v["locatives"]))
        and _words(v["place_fillers"]).issuperset(_COUNT_FILLERS)
    ):  # _candidates looks for a count only where the walk back over fillers met a locative
        raise ValueError("event vocabulary: count_before's words must be locatives and fillers")
    any_trigger = TokenMatcher(p for patterns in rule_patterns for p in patterns)
    word_patterns: list[WordPattern] = [
        *unit_words.values(),
        other_senses,
        heard,
        *(rx for rx, *_ in (*weapons, *attribution, *actors, *relative_dates)),
    ]
    scan = HeadScan.of(word_patterns)
    return Vocabulary(
        triggers=triggers,
        weapons=weapons,
        weapon_default=v["weapon_default"],
        weapon_mixes=tuple(
            (tuple(map(_rx, mix["named"])), mix["sub_event_type"]) for mix in v["weapon_mixes"]
        ),
        units=units,
        unit_words=unit_words,
        numbers=numbers,
        count_words=_number_words(numbers),
        number=number,
        attribution=attribution,
        sides={a["source"]: a["side"] for a in v["attribution"] if a.get("side")},
        fighting={a["source"]: a["side"] for a in v["attribution"] if a.get("military")},
        civil=frozenset(a["source"] for a in v["attribution"] if a.get("civil")),
        actors=actors,
        states=states,
        enemies={
            _side_name(side["actor"]): actor_of[side["enemy"]]
            for side in v["sides"]
            if side.get("enemy")
        },
        dead_types=_types_with(v, "dead"),
        remote_types=_types_with(v, "remote"),
        ground_types=_types_with(v, "ground"),
        struck_by_enemy=frozenset(
            _side_name(side["actor"]) for side in v["sides"] if side.get("land_struck_by_enemy")
        ),
        locatives=_words(v["locatives"]),
        fillers=_words(v["place_fillers"]),
        near=_words(v["near_words"]),
        speaker_before=_words(v["speaker_before"]),
        speaker_after=_words(v["speaker_after"]),
        not_here=_words(v["not_here"]),
        modal=re.compile(rf"\b(?:{modal})\b"),
        done_before_to=_words(v["done_before_to"]),
        used_before_to=_words(v["used_before_to"]),
        purpose_before=re.compile(
            rf"\bto (?:{v['purpose_verbs']}) (?:an? |the |its |their )?(?:[\w'-]+ ){{0,2}}$"
        ),
        modal_after=re.compile(v["modal_after"]),
        habitual=re.compile(rf"\b(?:{v['habitual_cues']})\b"),
        caption=re.compile("|".join(f"(?:{c})" for c in v["captions"])),
        suffered=re.compile(rf"(?:{v['suffered'].lower()})\b"),
        negated=re.compile(
            rf"(?:\b(?:{_longest_first(v['negation_cues'])})|n['’]t)\b"
            rf"(?!\s+(?:{_longest_first(v['not_negation'])})\b)"
            # (a conjunction begins another statement; after a preposition the trigger is a
            # noun in another verb's phrase: "did not comment on the Lipetsk strike")
            rf"(?:\s+(?!(?:{_BLOCKS_NEGATION})\b)[\w'’-]+){{0,5}}\s+$"
        ),
        denied_after=re.compile(rf"\b(?:{_longest_first(v['denied_after'])})\b"),
        other_senses=other_senses,
        heard=heard,
        any_trigger=any_trigger,
        conflict_context=_rx(
            "|".join(f"(?:{p})" for p in _conflict_words(v["conflict_context"], actor_rows))
        ).regex,
        any_article=tuple(t for t in triggers if t.any_article),
        state_acts=re.compile(r"\s+" + acts.replace(" ", r"\s+")),
        owned=re.compile(rf"\b(?:{v['owned'].lower()})$"),
        scan=scan,
        # (as count_before, not the part after a decimal point: "1.5 kilometres" counts no 5)
        any_number=re.compile(
            rf"\W(?<!\d[.,])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{trie})(?:[\s-]+(?:{trie}))*)"
        ),
        ago=re.compile(
            rf"\b(?P<n>{number}|an?)\s+(?P<unit>day|week|month|year)s?\s+(?:{'|'.join(_AGO)})\b"
        ),
        clause_break=re.compile(v["clause_breaks"]),
        recap_days=int(v["recap_days"]),
        dated_by_clause=re.compile(rf"\b(?:{v['dated_by_clause']})\s+$"),
        act_noun=re.compile(rf"\b(?:{v['act_nouns'].lower()})$"),
        tallied=re.compile(rf"\b(?:{v['tallied_strikes']})\W*$"),
        located_from=re.compile(rf"\b(?:{v['located_from'].replace('{number}', number)})$"),
        relative_dates=relative_dates,
        count_before=re.compile(
            # (not the part after a decimal point: "1.5 kilometres in the Kursk region")
            rf"(?<!\d[.,])\b(?P<n>{number})\s+(?:[a-z]+\s+)?"
            rf"(?:{'|'.join(sorted(_COUNT_LOCATIVES))})\s+"
            rf"(?:(?:{'|'.join(_COUNT_FILLERS)})\s+)*$",
            re.IGNORECASE,
        ),
        fatalities=tuple(
            re.compile(r"\b(?:" + f.replace("{number}", number) + ")")  # (lower case)
            for f in v["fatalities"]
        ),
        toll_before=re.compile(
            rf"\b(?P<n>{number}) (?:[\w'’-]+ ){{0,3}}?(?:{v['toll_nouns']}),?(?: and)? $"
        ),
        toll_after=re.compile(
            rf",?(?: and)? (?P<n>{number}) (?:[\w'’-]+ ){{0,3}}?(?:{v['toll_nouns']})\b"
        ),
        toll_noun=re.compile(rf" (?:[\w'’-]+ ){{0,3}}?(?:{v['toll_nouns']})\b"),
    )


def _side_rows(v: dict) -> list[dict[str, str]]:
    """The actor rows (`pattern`, `actor`) of each side of the vocabulary's `sides`: its
    names before what it owns (the side done to: "Russian military trucks"), before a force
    noun ("Russian troops"; not "Russian military bloggers"), its own names ("IDF"), its state
    acting ("Russia launched"), and, for a state, its government ("Russian officials").

    >>> rows = _side_rows({"sides": [{"actor": "Military Forces of X", "names": ["Xian"]}],
    ...                    "force_nouns": "troops", "not_forces": "bloggers"})
    >>> print(rows[1]["pattern"])
    (?:xian) (?:[\\w-]+ ){0,2}?(?:troops)(?! (?:[\\w-]+ )?(?:bloggers)\\b)
    """
    rows: list[dict[str, str]] = []
    for side in v["sides"]:
        actor = side["actor"]
        if side.get("names"):
            names = _longest_first(n.lower() for n in side["names"]).replace("'", "['’]")
            owned = rf"(?:{names}) (?:[\w-]+ ){{0,2}}?(?:{{owned}})"
            rows.append({"pattern": owned, "actor": actor})
            rows.append(
                {
                    "pattern": rf"(?:{names}) (?:[\w-]+ ){{0,2}}?(?:{v['force_nouns']})"
                    rf"(?! (?:[\w-]+ )?(?:{v['not_forces']})\b)",
                    "actor": actor,
                }
            )
            if side.get("country"):
                government = f"Government of {_side_name(actor)}"
                pattern = rf"(?:{names}) (?:authorities|officials|government)"
                rows.append({"pattern": pattern, "actor": government})
        # a group's own name, and what it fights with after it ("AFU soldiers", "RSF drones")
        rows += [
            {"pattern": rf"(?:{group})(?: (?:{v['force_nouns']}))?", "actor": actor}
            for group in side.get("groups", [])
        ]
        if side.get("state"):
            states = _longest_first(n.lower() for n in side["state"])
            rows.append({"pattern": f"(?:{states}){{acts}}", "actor": actor})
    return rows


def _state_acts(v: dict) -> str:
    """A regex of what a state does as its military, after its name and a space ("launched",
    "has attacked"; not "attacked by drones")."""
    return rf"(?:has |had |have )?(?:{_longest_first(v['state_acts'])})\b(?! by\b)"


def _conflict_words(words: list[str], actor_rows: list[tuple[str, str]]) -> list[str]:
    """The patterns of words that make an article one about armed conflict: the vocabulary's
    `conflict_context` (`words`), and its military actors' (`actor_rows`: "Russian units", "its
    forces"; not "we", which is military only when a source speaks)."""
    military = [
        pattern
        for pattern, actor in actor_rows
        if actor.startswith("Military Forces of") and "{our}" not in actor
    ]
    return [*words, *military]


def parse_number(text: str, numbers: Mapping[str, int] | None = None) -> int | None:
    """'200,000' -> 200000, 'seven' -> 7, 'twenty-five' -> 25, 'two hundred' -> 200."""
    text = text.strip().lower()
    if text[:1].isdigit():
        return int(text.replace(",", ""))
    numbers = numbers if numbers is not None else load_vocabulary().numbers
    total = current = 0
    for w in re.split(r"[\s-]+", text):
        n = numbers.get(w)
        if n is None:
            continue
        if n == 100:
            current = (current or 1) * 100
        elif n >= 1000:
            total += (current or 1) * n
            current = 0
        else:
            current += n
    value = total + current
    return value or None


# --------------------------------------------------------------------------- sentences

# --------------------------------------------------------------------------- places

_SPOT, _DISTRICT, _AREA, _COUNTRY = 3, 2, 1, 0  # specificity ranks
# A place's governor speaks for its region, its mayor for the town: "Belgorod governor",
# "the governor of the Kursk region", "Kursk mayor Igor Kutsak", "the mayor of Kursk".
_GOVERNOR_AFTER = re.compile(
    r"^(?:\s+(?:region|oblast|province)['’]s|['’]s)?\s+(?:acting\s+|regional\s+)?"
    r"(?P<title>governor|mayor)\b"
    # "the Sumy Regional Military Administration": the region's governing body
    r"|^\s+(?P<body>(?:regional|oblast)\s+(?:military\s+|state\s+)?administration)\b",
    re.IGNORECASE,
)
_GOVERNOR_BEFORE = re.compile(r"\b(?P<title>governor|mayor)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+|[^\w\s]")
# The verbs of a source speaking; _SPEECH_NEAR adds those of one showing or stressing.
_SAID = "said|says|told|stated|announced|reported|claimed|added|confirmed"
_SPEECH = re.compile(rf"^,\s+(?:[\w'’.-]+\s+){{0,5}}?(?:{_SAID})\b")  # "In Kyiv, officials said"
# After a place: an auxiliary and the words that may follow it before a participle ("was
# shelled", "has been repeatedly hit").
_AUXILIARIES = frozenset("is was were are has have had been being".split())
_AUXILIARY_RUN = re.compile(
    r"(?:\s+(?:been|being|again|also|repeatedly|heavily|reportedly|partly|partially|badly))*\s+"
)
_SAINT = ("St ", "St. ", "Saint ", "San ", "Santa ", "Sankt ")
_CHURCH = re.compile(r"\b(?:[Cc]hurch|[Cc]athedral|[Cc]hapel|[Mm]onastery|[Bb]asilica|[Aa]bbey)\b")
_RIVER_AFTER = re.compile(r"\s+[Rr]iver\b")
# Before and after a name that is a river's even where a town bears it: "the bridge across the
# Seym near Glushkovo", "crossed the Oskil." (not "along the Sudzha-Oboyan highway": a town's
# name before a noun; nor "over the Kursk, Voronezh and Belgorod regions": a list)
_WATER_BEFORE = re.compile(
    r"\b(?:across|along|crossing|crossed|banks of|bridges? (?:on|over|across)) the $",
    re.IGNORECASE,
)
_WATER_AFTER = re.compile(
    r"(?:\s*[.;:)]|\s+(?:near|in|at|by|from|to|between|north|south|east|west)\b|\s*$)"
)


def _crossed_water(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) is crossed or followed as water: "across the Seym"."""
    return bool(
        _WATER_BEFORE.search(text, max(0, start - 20), start) and _WATER_AFTER.match(text, end)
    )


_NEXT_NAME = re.compile(r" ([A-Z]\w*)\b(?!-)")  # a capitalised word right after a name
_PLAIN_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?$")
_COUNT_GAP = re.compile(r"^\s*[,;]?\s*(?:and\s+)?$")
# The locatives of Vocabulary.count_before; the words it allows after them are place fillers.
_COUNT_LOCATIVES = frozenset("in over at near across on".split())
_COUNT_FILLERS = ("the", "annexed", "occupied")
# one in each Vocabulary.count_before match (case as there); the lookahead leaves the space
# after a locative for the next one to begin with
_COUNT_LOCATIVE = re.compile(rf"\s(?:{'|'.join(sorted(_COUNT_LOCATIVES))})(?=\s)", re.I)
_SETTLEMENT_WORDS = frozenset("town village city settlement".split())
_DISTRICT_AFTER = re.compile(r"\s+(?:district|raion)\b")


def _rank(place: Place) -> int | None:
    key = (place.feature_code, place.feature_class)  # all the rank depends on
    if key not in _RANKS:
        _RANKS[key] = _rank_of(place)
    return _RANKS[key]


_RANKS: dict[tuple[str, str], int | None] = {}


def _rank_of(place: Place) -> int | None:
    code, cls = place.feature_code, place.feature_class
    if place.is_country:
        return _COUNTRY
    if code in ("CONT", "RGN", "OCN", "ZN", "ZNB"):
        return None
    if code in ("ADM2", "ADM3", "ADM4", "ADMD"):
        return _DISTRICT
    if code == "ADM1" or cls in ("A", "H", "L", "T"):
        return _AREA
    return _SPOT


@dataclass(slots=True)
class _Candidate:
    """A toponym that may be the place of an event in its sentence."""

    start: int  # offsets in the article text
    end: int
    place: Place
    rank: int
    locative: bool
    near: bool  # "near X", "outside X": ACLED geo-precision 2
    governor: bool  # "Belgorod governor": the region
    count: int | None = None  # "26 in the Belgorod region"
    count_start: int = -1
    group: int = -1  # index of the list this toponym belongs to
    origin: bool = False  # "from X": where a strike came from, not where it fell


def _walk_back(vocab: Vocabulary, words: list[str]) -> tuple[str, list[str]]:
    """The locative word before a toponym (or ""), and the filler words passed on the way.

    `words`: the words (`_WORD`) of the text just before the toponym."""
    passed: list[str] = []
    for w in reversed(words):
        lw = w.lower()
        if lw in vocab.locatives and lw != "of":
            return lw, passed
        if lw in vocab.not_here:
            return "-", passed
        if lw in vocab.fillers or lw.endswith(("'s", "’s")):
            passed.append(lw)
            if len(passed) > 6:
                break
            continue
        break
    return "", passed


class _Places:
    """The candidate places of an article's sentences, each sentence's found once (a later
    sentence's "in the region" looks back at them). `toponyms` in order of their start."""

    def __init__(
        self, vocab: Vocabulary, geoparser: Geoparser, text: str, toponyms: list[Toponym]
    ) -> None:
        self.vocab, self.geoparser, self.text, self.toponyms = vocab, geoparser, text, toponyms
        self._found: dict[int, list[_Candidate]] = {}
        self.spoken: dict[int, list[_Candidate]] = {}  # by sentence: see _candidates

    def of(self, s_start: int, s_end: int, lo: int, hi: int) -> list[_Candidate]:
        """The candidates of the sentence [s_start, s_end), whose toponyms are [lo, hi)."""
        got = self._found.get(s_start)
        if got is None:
            toponyms = self.toponyms[lo:hi]
            missed = _missed_divisions(
                self.geoparser, self.division_phrases(s_start, s_end), toponyms
            )
            if missed:
                toponyms = sorted(toponyms + missed, key=_START)
            spoken = self.spoken[s_start] = []
            got = self._found[s_start] = _candidates(
                self.vocab, self.geoparser, self.text, s_start, toponyms, spoken
            )
        return got

    def spoken_for(self, s_start: int, low: str, after: int) -> _Candidate | None:
        """The place where someone in the sentence from `s_start` spoke, that "the city"
        after offset `after` of its lower-cased text `low` stands for ("Officials in Kharkiv
        said Russian missiles hit the city")."""
        spoken = self.spoken.get(s_start)
        if not spoken:
            return None
        m = _THE_PLACE.search(low, after)
        if m is None:
            return None
        rank = _ANAPHOR_RANK[m.group(1)]
        return next((c for c in reversed(spoken) if c.rank == rank), None)

    def division_phrases(self, start: int, end: int) -> list[re.Match[str]]:
        """What `_DIVISION_PHRASE.finditer(text, start, end)` finds."""
        text = self.text
        first = end  # where the sentence's first division word is
        for word in _DIVISION_WORDS:
            i = text.find(word, start, end)
            if 0 <= i < first:
                first = i
        if first == end:
            return []  # each phrase ends with one
        # A phrase is one or two words and the spaces after each, then a division word: the
        # one at `first` or a later one (`first` then inside those words). So text[a:first] of
        # a phrase from `a` holds at most two words, and none starts before `lo`, the spaces
        # before the last two words before `first`. (The lookbehind looks before where the
        # search starts, as over the whole text.)
        head = text[start:first].rsplit(None, 2)
        lo = start + len(head[0]) if len(head) == 3 else start
        return list(_DIVISION_PHRASE.finditer(text, lo, end))


# Capitalised words that end the name of a feature, not of someone who speaks somewhere
_FEATURE_WORDS = frozenset(
    "river lake sea bay gulf strait bridge dam reservoir canal station plant road highway"
    " railway border".split()
)


def _place_then_locative(text: str, before: Toponym | None, start: int) -> bool:
    """Whether toponym `before` ends one word before `start`: the capitalised word before a
    locative is a place ("missiles from Belgorod at Kharkiv"), not someone speaking there."""
    return before is not None and len(text[before.end : start].split()) == 1


def _candidates(
    vocab: Vocabulary,
    geoparser: Geoparser,
    text: str,
    s_start: int,
    toponyms: list[Toponym],
    spoken: list[_Candidate] | None = None,
) -> list[_Candidate]:
    """The candidates among `toponyms`, those starting in the sentence from `s_start`, in
    order of their start; `spoken` receives the places where someone spoke ("officials in
    Kharkiv"), which "the city" of the same sentence may stand for."""
    out: list[_Candidate] = []
    if not toponyms:
        return out
    countries: list[tuple[int, str]] | None = None  # made when a spot first needs them
    home = -9  # where the last place someone lives in ends ("of Austin|, Texas")
    previous: Toponym | None = None
    for t in toponyms:
        place = t.place
        holder, previous = previous, t
        if t.kind != "name" or place is None or t.text.lower() in _MONTHS:
            continue
        if _held_elsewhere(text, holder, t):
            continue  # "Cairo's Abbasiya neighbourhood" is no namesake in Israel
        if _is_dateline(text, t):
            continue  # where the report was filed
        if _lives_in(text, t.start, home):
            # where someone lives: "Sgt John Dunbar of Austin, Texas", "Kitchens, of Edmonton"
            home = t.end
            continue
        if (m := _NEXT_NAME.match(text, t.end)) and m.group(1) in geoparser.outlet_words:
            continue  # an outlet that reported it: "the Kyiv Post said", "Washington Post"
        if place.feature_class != "H" and (
            _RIVER_AFTER.match(text, t.end) or _crossed_water(text, t.start, t.end)
        ):
            continue  # a river, not the town of its name: "the Seym river", "the Dnipro River"
        rank = _rank(place)
        if rank is None or rank == _COUNTRY:
            # a country is context, not a place to map: its centroid ("strikes deep inside
            # Russia") would put the event in Siberia
            continue
        if rank == _SPOT:
            if countries is None:
                countries = [
                    (c.start, c.place.country_code)
                    for c in toponyms
                    if c.kind == "name" and c.place is not None and c.place.is_country
                ]
            if countries:
                order = sorted(countries, key=lambda c: abs(c[0] - t.start))
                place = _namesake_in(geoparser, t.text, place, [code for _, code in order])
        start = t.start
        b0 = max(s_start, start - 80)  # `before` is text[b0:start]
        after = text[t.end : t.end + 40]
        words, loc, passed = _words_before(vocab, text, b0, start)
        governor = _GOVERNOR_AFTER.match(after)
        # _GOVERNOR_BEFORE ends with "of" or "the" and spaces: the last word of `before`
        # (IGNORECASE lets no other letters stand for those)
        if governor is None and words and words[-1].lower() in ("of", "the"):
            low_before = (before := text[b0:start]).lower()
            if "governor" in low_before or "mayor" in low_before:
                governor = _GOVERNOR_BEFORE.search(before)
        if loc == "-":
            continue  # "beyond the Kursk region"
        if vocab.located_from.search(_lower(text[b0:start])):
            continue  # a reference point: "the town, located 40 km east of the city of Sumy"
        if t.text in geoparser.org_words or (place.feature_code == "BLDG" and not loc):
            continue  # a body, not a place: "in Congress", "The Pentagon ... concerned"
        if t.text.startswith(_SAINT) and _CHURCH.search(text, max(0, start - 60), t.end + 60):
            continue  # a church's saint: "the church of St. Peter and St. Paul"
        if governor is not None:
            if (
                (governor.groupdict().get("body") or governor["title"].lower() == "governor")
                and rank > _AREA
                and (admin1 := geoparser.gazetteer.admin1_of(place)) is not None
            ):
                place, rank = admin1, _AREA
            out.append(_Candidate(t.start, t.end, place, rank, True, False, True))
            continue
        if after.startswith(("'s", "’s")) and not _POSSESSED_PLACE.match(after):
            continue  # "Kyiv's attacks", "Russia's military": an actor
        idx = len(words) - len(passed) - 2
        if loc:
            # "officials in Moscow", "said in Kyiv", "the Council in Tokyo": where one spoke
            prev = words[idx] if idx >= 0 else ""
            speaker = prev.lower() in vocab.speaker_before
            if speaker and loc == "from" and prev.lower() == "residents":
                speaker = False  # "evacuated 20,000 residents from the Belgorod region"
            # where someone spoke: "officials in Kharkiv", "In Kyiv, officials said ..."
            spoke_here = speaker or (idx < 0 and _SPEECH.match(after) is not None)
            if spoke_here and spoken is not None:
                spoken.append(_Candidate(t.start, t.end, place, rank, True, False, False))
            if spoke_here or (
                prev[:1].isupper()
                and idx > 0
                and words[idx - 1] not in '.!?"“”'
                and prev.lower() not in _CALENDAR
                and not _place_then_locative(text, holder, start)  # "from Belgorod at Kharkiv"
                and prev.lower() not in _FEATURE_WORDS  # "over the Seym River near Zvannoye"
            ):
                continue
        else:
            nxt = _WORD.search(after, 0, 20)  # the first of _WORD.findall(after[:20])
            word = nxt.group().lower() if nxt else ""
            if word in vocab.speaker_after and not _done_to(vocab, after, nxt, word):
                continue  # "Moscow reported", "Kyiv would open"; not "Sumy was shelled"
            if place.feature_code == "PPLC" and vocab.state_acts.match(after):
                continue  # a capital for its state: "Kyiv attacked the bridge", "Moscow fired"
        if rank == _SPOT and _DISTRICT_AFTER.match(after) and place.admin2_name:
            district = _division_named(geoparser, place.admin2_name, place)
            if district is not None:  # "the Krasnaya Yaruga district" resolved to the village
                place, rank = district, _DISTRICT
        if passed and rank == _DISTRICT and not _SETTLEMENT_WORDS.isdisjoint(passed):
            town = _settlement_named(geoparser, t.text, place)
            if town is not None:
                place, rank = town, _SPOT
        near = loc in vocab.near or bool(passed and not vocab.near.isdisjoint(passed))
        cand = _Candidate(t.start, t.end, place, rank, bool(loc), near, False, origin=loc == "from")
        # "26 in the": only where the walk back met one of count_before's locatives
        if (
            len(passed) > 6
            or (loc in _COUNT_LOCATIVES and _may_count_before(words, passed, vocab.count_words))
        ) and (m := vocab.count_before.search(before := text[b0:start], max(0, len(before) - 40))):
            cand.count = parse_number(m.group("n"), vocab.numbers)
            cand.count_start = t.start - (len(before) - m.start())
        out.append(cand)
    out = _without_holders(text, out)
    _group_lists(text, out)
    return out


# Between a place and one it holds: "Kursk's Belaya", "the Belgorod region's Shebekino"
_POSSESSIVE_GAP = re.compile(r"(?: (region|oblast|district|raion|province))?['’]s ", re.IGNORECASE)


def _town_of_region(held: _Candidate, c: _Candidate) -> bool:
    """Whether town `c`, after town `held`'s possessive, is another town of its region:
    "Kursk's Belaya village" is the Kursk region's."""
    return (
        c.rank == held.rank == _SPOT
        and c.place.id != held.place.id
        and c.place.admin1_name == held.place.admin1_name != ""
    )


def _without_holders(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """The candidates less each one that a more specific one follows as its possessive ("in
    the Kursk region's Glushkovo district": the district, in its place and with its locative)."""
    if len(cands) < 2:
        return cands
    out: list[_Candidate] = []
    for c in cands:
        held = out[-1] if out else None
        gap = _POSSESSIVE_GAP.fullmatch(text, held.end, c.start) if held is not None else None
        if (
            gap is not None
            and (c.rank > held.rank or gap.group(1) is not None or _town_of_region(held, c))
            and held.count is None
        ):
            out[-1] = replace(c, locative=c.locative or held.locative, near=c.near or held.near)
            continue
        out.append(c)
    return out


_START = operator.attrgetter("start")

# After a place: its own parts, which make it the place ("Sumy's border villages"), not an
# actor ("Kyiv's attacks")
_POSSESSED_PLACE = re.compile(
    r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:villages?|towns?|settlements?|outskirts|suburbs?"
    r"|districts?|border areas?|frontier areas?|city cent(?:re|er)|neighbou?rhoods?)\b"
)

# After a dateline's place: ", State", "(Agency)", then a dash or a colon ("BEIRUT (AP) —",
# "EDMONTON, Ky (WBKO) --", "LOS ANGELES:"); U+FFFD stands for a dash lost to a bad encoding.
_DATELINE_AFTER = re.compile(
    r"(?:,? [A-Z][\w.]*(?: [A-Z][\w.]*)?)?\s*(?:\([^()\n]{1,40}\)\s*)?(?:—|–|--?|:|\ufffd)"
)


# Before a toponym: a person's name and "of" ("John J. Dunbar of", "Linda Battle of"), or a
# comma and "of" ("Kitchens, 59, of"): the toponym says where someone lives or comes from.
_RESIDENCE = re.compile(
    r"(?:,|\b[A-Z][\w.'’-]* (?!(?:Sea|Gulf|Bay|Republic|Isles?|Islands?|Port|Lake|Cape|Strait"
    r"|Oblast|Region|District|Province|Governor|Mayor|Battle|Siege|City|Town|Village)\b)"
    r"[A-Z][\w.'’-]*) of $"
)


def _lives_in(text: str, start: int, home: int) -> bool:
    """Whether the toponym at `start` says where someone lives: after a person's name or a
    comma and "of", or after ", " that follows such a place (ending at `home`)."""
    if start == home + 2 and text.startswith(", ", home):
        return True
    return text.endswith(" of ", 0, start) and bool(
        _RESIDENCE.search(text, max(0, start - 60), start)
    )


def _is_dateline(text: str, t: Toponym) -> bool:
    """Whether toponym `t` opens a paragraph or sentence as a dateline: in capitals, or before
    an agency's name in brackets, then a dash or a colon."""
    after = text[t.end : t.end + 2]
    if not (t.text.isupper() or after[:1] in ("(", ",") or after == " ("):
        return False  # (most toponyms: at once)
    before = text[max(0, t.start - 3) : t.start].rstrip(" ")
    if before and before[-1] not in '\n.!?"”':
        return False
    m = _DATELINE_AFTER.match(text, t.end)
    return m is not None and (t.text.isupper() or "(" in m.group())


def _words_before(
    vocab: Vocabulary, text: str, start: int, end: int
) -> tuple[list[str], str, list[str]]:
    """`_WORD.findall(text[start:end])`, or an end of it, and `_walk_back` over it: the same
    walk, and the same last len(passed) + 3 words (all of them, if fewer).

    First the words after the last space before the final 30 characters (no word crosses a
    space, so they end the list of all; _WORD has no anchor, so findall(text, pos, endpos)
    reads text[pos:endpos]). Enough unless the walk passed them all, or left fewer than two
    before its locative (the speaker check reads those)."""
    cut = text.rfind(" ", start, end - 30) + 1
    if cut:
        words = _WORD.findall(text, cut, end)
        loc, passed = _walk_back(vocab, words)
        if len(words) >= len(passed) + 3:
            return words, loc, passed
    words = _WORD.findall(text, start, end)
    return (words, *_walk_back(vocab, words))


def _held_elsewhere(text: str, holder: Toponym | None, t: Toponym) -> bool:
    """Whether toponym `t` follows a town's possessive ("Cairo's Abbasiya") but lies in another
    country than that town: a namesake, not the place the text means."""
    return (
        holder is not None
        and holder.place is not None
        and holder.place.feature_class == "P"
        and t.start - holder.end == 3
        and text[holder.end : t.start] in ("'s ", "’s ")
        and t.place.country_code != holder.place.country_code
    )


def _done_to(vocab: Vocabulary, after: str, aux: re.Match[str], word: str) -> bool:
    """Whether the auxiliary `word` (`aux`, in `after`, the text after a place) begins a passive
    that tells what was done to the place: "Sumy was shelled", "Kharkiv has been hit"."""
    if word not in _AUXILIARIES:
        return False
    low = after.lower()
    run = _AUXILIARY_RUN.match(low, aux.end())
    trigger = vocab.any_trigger.match
    return trigger(low, aux.start()) is not None or (  # "was hit" is a trigger of its own
        run is not None and trigger(low, run.end()) is not None
    )


def _may_count_before(words: list[str], passed: list[str], numbers: tuple[str, ...]) -> bool:
    """Whether count_before may match where the walk back over `words` passed `passed` and
    met one of count_before's locatives.

    It matches "<number> [word] <locative> <fillers>" at the end. With `passed` ASCII, its
    locative is the walk's: not a word after (a word it reads as a locative, lowercased, is
    one of its locatives, at which the walk stops), nor one before (the walk's locative is no
    filler of count_before, which are longer, with letters no others stand for). So the
    number ends the word before that locative, or the one before that."""
    idx = len(words) - len(passed) - 2
    return (
        (idx >= 0 and _may_count(words[idx], numbers))
        or (idx > 0 and _may_count(words[idx - 1], numbers))
        or not "".join(passed).isascii()
    )


def _number_words(numbers: Iterable[str]) -> tuple[str, ...]:
    """The words count_before reads as numbers; ("",), which every word ends with, if
    one is not ASCII (then _may_count's lower() may not fold as IGNORECASE does)."""
    words = tuple(numbers)
    return words if "".join(words).isascii() else ("",)


def _may_count(word: str, numbers: tuple[str, ...]) -> bool:
    """Whether `word` (of `_WORD`) may end a number of count_before, which is digits or
    number words (IGNORECASE) followed by a space: so the word ends with a digit or,
    lowercased, with a number word, unless it has other than ASCII letters."""
    return word[-1].isdecimal() or not word.isascii() or word.lower().endswith(numbers)


_DIVISION_WORDS = ("region", "oblast", "district", "raion", "krai")
# The capital first, then the lookbehind (no word character before it): the regex engine then
# skips from capital to capital instead of trying the phrase at every offset. Possessive runs
# (++) match what greedy ones do: each run is followed by a character it cannot take (a space
# after [\w-], a capital or a division word's letter after \s), so giving some back never helps.
_DIVISION_PHRASE = re.compile(
    rf"[A-Z](?<![\w'’][A-Z])[\w-]++(?:\s++[A-Z][\w-]++)?\s++(?:{'|'.join(_DIVISION_WORDS)})\b"
)


def _missed_divisions(
    geoparser: Geoparser, phrases: list[re.Match[str]], toponyms: list[Toponym]
) -> list[Toponym]:
    """'Kursk region' phrases (of a sentence) the geoparser left out (it does, now and then,
    after "Russia's"): looked up in the gazetteer as first- or second-order divisions."""
    if not phrases:
        return []
    out: list[Toponym] = []
    gaz = geoparser.gazetteer
    for m in phrases:
        start, end = m.span()
        for t in toponyms:
            if t.start < end and start < t.end and t.kind == "name":
                break  # covered
        else:
            for row in gaz.lookup(m.group(0))[:5]:
                p = gaz.place(row)
                if p.feature_code in ("ADM1", "ADM2") and p.country_code in ("RU", "UA"):
                    out.append(Toponym(start, end, m.group(0), p, 0.5))
                    break
    return out


def _namesake_in(geoparser: Geoparser, name: str, place: Place, countries: list[str]) -> Place:
    """'eastern Ukraine, where Russian advances toward Pokrovsk': a place of that very name in
    the country the sentence names, rather than a namesake elsewhere."""
    key = name_key(name)
    if name_key(place.name) == key:
        return place
    gaz = geoparser.gazetteer
    same = [p for p in map(gaz.place, gaz.lookup(name)[:20]) if name_key(p.name) == key]
    for code in countries:  # the country named nearest first
        if code == place.country_code:
            return place
        for p in same:
            if p.feature_class == "P" and p.country_code == code:
                return p
    return place


def _division_named(geoparser: Geoparser, name: str, within: Place) -> Place | None:
    gaz = geoparser.gazetteer
    for row in gaz.lookup(name)[:10]:
        p = gaz.place(row)
        if p.feature_code == "ADM2" and p.admin1_name == within.admin1_name:
            return p
    return None


def _settlement_named(geoparser: Geoparser, name: str, district: Place) -> Place | None:
    """'the town of Sudzha' resolved to Sudzhansky District: the town of that name in it."""
    gaz = geoparser.gazetteer
    best: Place | None = None
    for row in gaz.lookup(name)[:50]:
        p = gaz.place(row)
        if (
            p.feature_class == "P"
            and p.admin1_name == district.admin1_name
            and p.admin2_name == district.admin2_name
            and (best is None or p.population > best.population)
        ):
            best = p
    return best


def _group_lists(text: str, cands: list[_Candidate]) -> None:
    """Mark toponyms written as one list ("the Kursk, Belgorod and Bryansk regions")."""
    group = 0
    for i, c in enumerate(cands):
        if i:
            p = cands[i - 1]
            counted = (
                c.count is not None
                and p.count is not None
                and _COUNT_GAP.match(text[p.end : c.count_start])
            )
            plain = (
                c.count is None
                and c.rank == p.rank
                and c.rank != _COUNTRY
                and _PLAIN_GAP.match(text[p.end : c.start])
            )
            if counted or plain:
                c.group = p.group
                if plain and p.near and not c.locative:
                    c.near = True  # "near the villages of Tolpino and Obshchy Kolodez"
                continue
        group += 1
        c.group = group


# --------------------------------------------------------------------------- dates

_SINCE = ("since", "in", "during", "through", "throughout", "from", "by", "until")
_PART = ("early", "late", "mid-")  # of a month
_ABS_DATE = re.compile(
    rf"\b(?:(?:{'|'.join(_WEEKDAYS)})\s*,?\s+)?(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_ALT})"
    rf"|(?P<m2>{_MONTH_ALT})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+(?P<y>\d{{4}}))?"
)
# Written with a weekday's first letter first, which the regex engine skips to fast, and the
# \b before it looked back at: it reads rf"\b(?P<wd>{'|'.join(_WEEKDAYS)})\b(?!...)".
_WEEKDAY = re.compile(
    "(?P<wd>" + "|".join(rf"{d[0]}(?<!\w.){d[1:]}" for d in _WEEKDAYS) + ")"
    rf"\b(?!\s*,?\s+(?:\d|{_MONTH_ALT}))"
)
_MONTH_ONLY = re.compile(
    rf"\b(?P<since>{'|'.join(_SINCE)})?\s*(?:{'|'.join(_PART)})?\s*"
    rf"(?P<m>{_MONTH_ALT})\b(?!\s+\d{{1,2}}\b)(?:\s+(?P<y>\d{{4}}))?"
)

# A month abbreviated with a full stop, and a day: "aug. 8", "sept. 12, 2024" (lower case)
_ABBR_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_ABBR_DATE = re.compile(
    rf"\b(?P<m>{'|'.join(sorted(_ABBR_MONTHS, key=len, reverse=True))})\.\s+(?P<d>\d{{1,2}})\b"
    r"(?:,?\s+(?P<y>\d{4}))?"
)

# A year after a preposition ("in 2022", "since 2014"), not a count ("in 2000 strikes").
_YEAR = re.compile(
    rf"\b(?P<since>{'|'.join(_SINCE)})\s+(?:(?:{'|'.join(_PART)})\s*)?(?P<y>(?:19|20)\d\d)\b"
    # (not before a plural: "in 2000 strikes")
    r"(?!\s*(?:[,.]\d|%)|\s+(?!(?:has|was|is|as|this|its)\b)[a-z-]+s\b)"
)

# What every match holds: of _ABS_DATE and _MONTH_ONLY a month, of _WEEKDAY a weekday (ending
# in "day"), of Vocabulary.ago one of _AGO. A sentence without them is not searched, and a
# search begins no earlier than they allow.
_MONTH_HEADS = _pattern_heads(_MONTH_ALT)
_RARITY = "jqxzvkbpygfwmucldrhsnioate"  # English letters, the rarest first


def _rarest(word: str) -> int:
    return min(range(len(word)), key=lambda i: _RARITY.index(word[i]))


# Months' first letters are common, their rarest letters are not: one scan for those ("b" of
# "december", the rest looked back at: "b(?<=decemb)()er") tries a tenth of the offsets. The
# empty group tells which month it found.
_MONTH_ANY = re.compile(
    "|".join(f"{h[i]}(?<={h[: i + 1]})(){h[i + 1 :]}" for h in _MONTH_HEADS for i in [_rarest(h)])
)
_MONTH_BACK = (0, *map(_rarest, _MONTH_HEADS))  # by group: the rarest letter's offset
# what follows a month in a match of _MONTH_ONLY, in one of _ABS_DATE's "August 9"
_MONTH_ONLY_TAIL = re.compile(rf"(?:{_MONTH_ALT})\b(?!\s+\d{{1,2}}\b)")
_ABS_TAIL = re.compile(rf"(?:{_MONTH_ALT})\s+\d{{1,2}}(?:st|nd|rd|th)?\b")
# what may stand between the start of a match and its month: "Friday, 9 " of _ABS_DATE (and
# any other decimal digit), "since early " of _MONTH_ONLY
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # \s: none above U+3000
_ABS_LEAD = "".join(sorted(set("".join(_WEEKDAYS)))) + ",0123456789" + _SPACES
_MONTH_ONLY_LEAD = "".join(sorted(set("".join(_SINCE + _PART)))) + _SPACES
_WEEKDAY_DAY = max(map(len, _WEEKDAYS)) - len("day")  # the furthest a weekday's "day" is in


def _month_starts(sentence: str) -> list[int]:
    """Where a month's name (a head of one) begins in `sentence`, in order."""
    return [m.start() - _MONTH_BACK[m.lastindex] for m in _MONTH_ANY.finditer(sentence)]


def _day_before(sentence: str, month: int) -> bool:
    """Whether a day's number and spaces stand right before `month` ("9 August")."""
    before = sentence[:month].rstrip(_SPACES)
    return len(before) < month and before[-1:].isdecimal()


def _abs_dates(sentence: str, months: list[int]) -> Iterator[re.Match[str]]:
    """What `_ABS_DATE.finditer(sentence)` finds; `months`: `_month_starts(sentence)`."""
    dated = [q for q in months if _day_before(sentence, q) or _ABS_TAIL.match(sentence, q)]
    return _month_matches(_ABS_DATE, sentence, dated, _ABS_LEAD)


def _months_only(sentence: str, months: list[int]) -> Iterator[re.Match[str]]:
    """What `_MONTH_ONLY.finditer(sentence)` finds; `months`: `_month_starts(sentence)`."""
    only = [q for q in months if _MONTH_ONLY_TAIL.match(sentence, q)]
    return _month_matches(_MONTH_ONLY, sentence, only, _MONTH_ONLY_LEAD)


def _month_matches(
    rx: re.Pattern[str], sentence: str, months: list[int], lead: str
) -> Iterator[re.Match[str]]:
    """What `rx.finditer(sentence)` finds, for a regex whose every match holds one of `months`
    and, between its start and that month, only characters of `lead` (or decimal digits).

    A search begins where the lead of the next month does: no match begins before it.
    """
    pos = 0
    for month in months:
        if month < pos:
            continue
        head = sentence[:month].rstrip(lead)
        while head[-1:].isdecimal():  # a digit not in `lead` stops rstrip, not the lead
            head = head[:-1].rstrip(lead)
        m = rx.search(sentence, max(pos, len(head)))
        if m is None:
            return
        yield m
        pos = m.end()  # never empty: a match holds a month


@dataclass(slots=True)
class _DateMention:
    start: int  # offsets in the sentence
    end: int
    date: datetime.date | None
    precision: int


def _date_mentions(
    vocab: Vocabulary, facts: _Sentence, published: datetime.date
) -> list[_DateMention]:
    sentence = facts.low
    out: list[_DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    months = _month_starts(sentence)
    day_at = sentence.find("day")
    weekdays = day_at >= 0 and any(d in sentence for d in _WEEKDAYS)
    ago = any(w in sentence for w in _AGO)
    for m in _abs_dates(sentence, months):
        day = int(m.group("d1") or m.group("d2"))
        month = _MONTHS[(m.group("m1") or m.group("m2")).lower()]
        year = int(m.group("y")) if m.group("y") else published.year
        try:
            d = datetime.date(year, month, day)
        except ValueError:
            continue
        if not m.group("y") and d > published:
            d = d.replace(year=year - 1)
        out.append(_DateMention(m.start(), m.end(), d, 1))
        taken.append(m.span())
    for m in _ABBR_DATE.finditer(sentence) if "." in sentence else ():
        # AP style: "Aug. 8", "Sept. 12, 2024"
        year = int(m.group("y")) if m.group("y") else published.year
        try:
            d = datetime.date(year, _ABBR_MONTHS[m.group("m")], int(m.group("d")))
        except ValueError:
            continue
        if not m.group("y") and d > published:
            d = d.replace(year=year - 1)
        if free(*m.span()):
            out.append(_DateMention(m.start(), m.end(), d, 1))
            taken.append(m.span())
    for m in _WEEKDAY.finditer(sentence, max(0, day_at - _WEEKDAY_DAY)) if weekdays else ():
        if free(*m.span()):
            delta = (published.weekday() - _WEEKDAYS.index(m.group("wd").lower())) % 7
            out.append(_DateMention(m.start(), m.end(), published - datetime.timedelta(delta), 1))
            taken.append(m.span())
    for m in _months_only(sentence, months):
        if not free(m.start("m"), m.end("m")):
            continue
        month = _MONTHS[m.group("m").lower()]
        if month == 5 and not (m.group("since") or m.group("y")):
            continue  # "may", the verb
        year = int(m.group("y")) if m.group("y") else published.year
        if (m.group("since") or "").lower() in ("since", "from"):
            d = published
        else:
            d = datetime.date(year, month, 1)
            # "in March" is the last March, and so is "last August" in August: a year back
            last = month == published.month and sentence[: m.start("m")].rstrip().endswith("last")
            if not m.group("y") and (d > published or last):
                d = d.replace(year=year - 1)
            if (d.year, d.month) == (published.year, published.month):
                d = published
        out.append(_DateMention(m.start(), m.end(), d, 3))
        taken.append(m.span())
    if "day" in sentence and (m := _DAY_BEFORE.search(sentence)):
        # "the day before", "a day earlier": of the day told nearest to it, else of the
        # publication ("police probed on Monday the blast of the day before": Sunday)
        exact = [d for d in out if d.precision == 1]
        anchor = min(exact, key=lambda d: abs(d.start - m.start())).date if exact else published
        out.append(_DateMention(m.start(), m.end(), anchor - datetime.timedelta(1), 1))
        taken.append(m.span())
    for rx, days, precision in facts.rows(vocab.relative_dates):
        for m in facts.matches(rx):
            if free(*m.span()):
                d = published + datetime.timedelta(days)
                out.append(_DateMention(m.start(), m.end(), d, precision))
                taken.append(m.span())
    for m in vocab.ago.finditer(sentence) if ago else ():
        n = 1 if m.group("n") in ("a", "an") else parse_number(m.group("n"), vocab.numbers)
        if n and free(*m.span()):
            out.append(_DateMention(m.start(), m.end(), *_before(published, n, m.group("unit"))))
            taken.append(m.span())
    for m in _YEAR.finditer(sentence) if "19" in sentence or "20" in sentence else ():
        year = int(m.group("y"))
        if free(*m.span()) and year <= published.year:
            if year == published.year or m.group("since") in ("since", "from"):
                d = published  # this year, or since then: told as of the publication
            else:
                d = datetime.date(year, 1, 1)  # a year alone: its first day, at month precision
            out.append(_DateMention(m.start(), m.end(), d, 3))
    return out


_DAY_BEFORE = re.compile(
    r"\b(?:the day before(?! yesterday)|the previous day|the preceding day|a day (?:earlier|before)"
    r"|the day earlier)\b"
)


def _before(published: datetime.date, n: int, unit: str) -> tuple[datetime.date, int]:
    """The date and precision of `n` units ("day", "week", "month", "year") before
    `published`: a day exact, a week within a week, a month or a year within its month."""
    if unit == "day":
        return published - datetime.timedelta(n), 1
    if unit == "week":
        return published - datetime.timedelta(7 * n), 2
    months = published.year * 12 + published.month - 1 - (n if unit == "month" else 12 * n)
    if months < 12:  # (before year 1)
        return datetime.date.min, 3
    return datetime.date(months // 12, months % 12 + 1, 1), 3


# --------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class _Template:
    """What a following sentence may inherit from the last event of a paragraph."""

    rule: TriggerRule
    sub_event_type: str
    unit: str
    attribution: str
    actors: tuple[str, str]
    date: datetime.date | None
    precision: int
    candidate: _Candidate
    geo_precision: int


def _nearest(items, start: int, end: int, clause: tuple[int, int]):
    """The item nearest the span [start, end), those inside `clause` first."""

    def key(it):
        gap = max(it.start - end, start - it.end, 0)
        inside = clause[0] <= it.start < clause[1]
        return (not inside, gap)

    return min(items, key=key) if items else None


def _opening_date(dates: list[_DateMention], low: str) -> _DateMention | None:
    """A date that opens the sentence, a few words at most before it and a comma after ("Since
    Monday, August 12, residents were moved away as Ukrainian forces advanced"): it holds for
    every clause that names no date of its own."""
    first = min(dates, key=lambda d: d.start, default=None)
    if first and low.startswith(",", first.end) and low.count(" ", 0, first.start) <= 2:
        return first
    return None


def _not_dated_by_clause(
    vocab: Vocabulary, dates: list[_DateMention], low: str, trigger_end: int
) -> list[_DateMention]:
    """`dates` without those that a relative clause gives to another noun than the trigger
    ending at `trigger_end` ("the offensive that began on Monday"; but "the shelling of the
    town that began on Monday killed two" keeps Monday: the clause follows the trigger's
    phrase)."""
    out = []
    for d in dates:
        m = vocab.dated_by_clause.search(low, max(0, d.start - 60), d.start)
        if m is None or (
            trigger_end <= m.start() and _TRIGGER_PHRASE.fullmatch(low, trigger_end, m.start())
        ):
            out.append(d)
    return out


# Between a trigger and a relative clause on it: nothing, or the rest of its phrase ("the
# shelling of the town that began on Monday")
_TRIGGER_PHRASE = re.compile(r"[\s,]*(?:(?:of|on|in|near|at|against)(?:\s+[\w'’-]+){1,3}[\s,]*)?")


_SPOKE_BEFORE = re.compile(rf"\b(?:{_SAID})(?:\s+on)?\s*$")


def _told_dates(dates: list[_DateMention], clause: tuple[int, int], low: str) -> list[_DateMention]:
    """The dates of the `clause` that may be its event's: not the day a source spoke on where
    the clause tells the day before it ("officials said on Friday that shelling had hit the
    town the previous day"; but "said on Thursday that its forces had recaptured Sudzha, held
    since August": Thursday)."""
    here = [d for d in dates if clause[0] <= d.start < clause[1]]
    if len(here) < 2 or not any(_DAY_BEFORE.match(low, d.start) for d in here):
        return here
    return [d for d in here if not _SPOKE_BEFORE.search(low, max(0, d.start - 20), d.start)]


def _statement_date(dates: list[_DateMention], low: str) -> _DateMention | None:
    """The date a source spoke on ("Russian officials and Ukrainian commanders said on Sunday,
    August 18"): like an opening date, it holds for every clause that names no date of its
    own."""
    return next(
        (d for d in dates if _SPOKE_BEFORE.search(low, max(0, d.start - 20), d.start)), None
    )


class _Sentence:
    """A sentence, lower-cased, and what extraction reads in it: each found once, when first
    asked for (a sentence with one trigger and no number never looks for counts)."""

    def __init__(self, vocab: Vocabulary, low: str, found: list[tuple[int, str]]) -> None:
        self.vocab = vocab
        self.low = low
        # pattern -> the offsets (in order) where a head of it begins: the patterns that may
        # match, and the only places where they may
        at: dict[WordPattern, list[int]] = dict.fromkeys(vocab.scan.anywhere, [])
        patterns = vocab.scan.patterns
        for pos, head in found:
            for p in patterns[head]:
                if p in at:
                    at[p].append(pos)
                else:
                    at[p] = [pos]
        self.possible = at
        self._counts: dict[str, list[re.Match[str]]] = {}

    def matches(self, rx: WordPattern) -> list[re.Match[str]]:
        """What `rx.regex.finditer(low)` finds, tried only where a head of it begins."""
        positions = self.possible.get(rx)
        if positions is None:
            return []
        if rx.heads is None:
            return list(rx.regex.finditer(self.low))
        return rx.matches_at(self.low, positions)

    def rows(self, table: Sequence[tuple]) -> list[tuple]:
        """The rows of a vocabulary table whose pattern (first) may match in the sentence."""
        possible = self.possible
        return [row for row in table if row[0] in possible]

    @functools.cached_property
    def words(self) -> TokenText:
        """The sentence's tokens, which the trigger rules read."""
        return TokenText(self.low)

    @functools.cached_property
    def breaks(self) -> list[tuple[int, int]]:
        return [m.span() for m in self.vocab.clause_break.finditer(self.low)]

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause that holds offset `pos`: from the break before it to the break after."""
        a, b = 0, len(self.low)
        for start, end in self.breaks:
            if end <= pos:
                a = end
            elif start >= pos:
                b = start
                break
        return a, b

    @functools.cached_property
    def numbers(self) -> list[int]:
        # Where rf"\b{vocab.number}" matches (a number begins with a word character and ends
        # with one); searched for after a non-word character, which the regex engine skips to
        # fast, in " " + low, where a number begins one character later than in low.
        return [m.start() for m in self.vocab.any_number.finditer(" " + self.low)]

    def counts(self, unit: str) -> list[re.Match[str]]:
        """The matches of a unit's count pattern ("26 drones"), at the sentence's numbers."""
        got = self._counts.get(unit)
        if got is None:
            vocab, low = self.vocab, self.low
            if vocab.unit_words[unit] not in self.possible:
                got = []  # no word of this unit: no count of it
            else:
                # a count ends with a word of the unit, which begins where a head of it is
                words = vocab.unit_words[unit]
                last = self.possible[words][-1] if words.heads is not None else len(low)
                match = vocab.units[unit].match
                got = [m for n in self.numbers if n < last and (m := match(low, n))]
            self._counts[unit] = got
        return got

    @functools.cached_property
    def actor_mentions(self) -> list[tuple[int, int, str]]:
        """(start, end, actor name) of each mention, in the order of the vocabulary's table."""
        return [
            (m.start(), m.end(), name)
            for rx, name in self.rows(self.vocab.actors)
            for m in self.matches(rx)
        ]

    @functools.cached_property
    def weapons(self) -> list[tuple[str, int]]:
        """(sub-event type, offset) of each weapon the sentence names, in the table's order."""
        return [
            (sub, m.start()) for rx, sub in self.rows(self.vocab.weapons) for m in self.matches(rx)
        ]

    def weapon(self, clause: tuple[int, int]) -> str | None:
        """The sub-event type of the first weapon of the table that the `clause` names, else
        the first that the sentence names ("Russian forces shelled Sumy, and Ukrainian drones
        struck Belgorod": shelling in Sumy)."""
        named = self.weapons
        if named and self.vocab.weapon_mixes:
            inside = any(clause[0] <= at < clause[1] for _, at in named)
            a, b = clause if inside else (0, len(self.low))
            for words, sub in self.vocab.weapon_mixes:
                if all(rx.regex.search(self.low, a, b) for rx in words):
                    return sub  # "drones and missiles": coded by the missiles
        return next(
            (sub for sub, at in named if clause[0] <= at < clause[1]),
            named[0][0] if named else None,
        )


def _geo_precision(c: _Candidate) -> int:
    if c.rank == _SPOT:
        # a point the gazetteer itself has only near the place (a village at the middle of
        # its hromada) is no better than "near" it
        return max(2 if c.near else 1, c.place.geo_precision)
    return 2 if c.rank == _DISTRICT else 3


def _side_name(actor: str) -> str:
    """What "Military Forces of {its}" and a source's side call a side: its state's name for
    a state's forces, else the actor's own name."""
    return actor.removeprefix("Military Forces of ")


def _resolved(
    mentions: list[tuple[int, int, str]],
    speaker: str,
    geoparser: Geoparser,
    toponyms: list[Toponym],
    s_start: int,
) -> list[tuple[int, int, str]]:
    """`mentions` (`_Sentence.actor_mentions`) with "{its}" read as `speaker`, the country the
    sentence's source speaks for ("the Russian defence ministry said its forces ..."), else
    as the country named last before the mention (`toponyms`, of the sentence from `s_start`),
    and "{our}" ("we continue to advance") as `speaker` only, "{enemy}" as the other side of
    `speaker`'s war; those unread are dropped."""
    if not any("{" in name for _, _, name in mentions):
        return mentions
    enemy = load_vocabulary().enemies.get(speaker)
    mentions = [m for m in mentions if "{enemy}" not in m[2] or enemy]
    if speaker:
        return [
            (
                start,
                end,
                enemy
                if "{enemy}" in name and enemy
                else name.replace("{its}", speaker).replace("{our}", speaker),
            )
            for start, end, name in mentions
        ]
    mentions = [m for m in mentions if "{our}" not in m[2]]
    if not any("{its}" in name for _, _, name in mentions):
        return mentions
    countries = [
        (t.start - s_start, _country(geoparser, t.place, t.place))
        for t in toponyms
        if t.place is not None and t.place.is_country
    ]
    out = []
    for start, end, name in mentions:
        if "{its}" in name:
            its = next((c for at, c in reversed(countries) if at < start), "")
            if not its:
                continue
            name = name.replace("{its}", its)
        out.append((start, end, name))
    return out


# The roles of a side named in a sentence of violence, in the order actors take: it did it
# ("Russian counterattacks"), it is named, it was done to ("Russian troops were cleared").
_DID, _NAMED, _DONE_TO = 0, 1, 2


def _actors(
    mentions: list[tuple[int, int, str]],
    said: _Said,
    country: str,
    rule: TriggerRule,
    side: str = "",
    clause: tuple[int, int] | None = None,
    told: tuple[str, int, int] | None = None,
    fights: str = "",
) -> tuple[str, str]:
    """actor1 and actor2: the sentence's actor mentions (`_resolved`) in order, those in the
    trigger's `clause` first. Of violence (`told` is the sentence and the trigger's span), a
    mention that ends with the trigger ("Russian counterattacks") comes first, those it was done
    to (`_is_target`) last; where only those are named, actor1 is the other side (below).
    A source is no actor of what it reports ("the governor reported explosions"), but a civil
    authority is of what it decides ("the governor declared an emergency"); authorities never
    fight, and civilians are never a side of a battle. For an interception, actor1 is the
    defender: the side whose air defences are named, else the side the source speaks for
    (`side`), else `country`, the country of the
    place; for what authorities do (`rule.authority`: an emergency declared), where no one is
    named, the government of `country`; for strikes that a side's military (`fights`) tells
    of in another state, or a base it tells was set up there, where no one is named, that
    side."""
    masked = said.masked if "decided" in rule.policies else said.speaking
    violent = "fight" in rule.policies
    strike = "remote" in rule.policies
    owned = load_vocabulary().owned  # a mention that ends with what a side owns was done to
    found: list[tuple[bool, int, int, str]] = []  # (outside the clause, role, start, name)
    # "Russian troops regrouped after Ukrainian units had pushed them back": the trigger's
    # object is a pronoun, so the mention right before it did it, and those before that were
    # done to (`subject`: that mention's start)
    subject = _pronoun_subject(mentions, told) if violent and told is not None else None
    defending = ""  # a side's air defences named ("Russian air defences"): the defender
    for start, end, name in mentions:
        if rule.defender and told and "defen" in told[0][start:end]:
            if "{" not in name:
                defending = defending or name
            elif defending:
                continue  # the same air defences, its side named: "Russian air defences"
        if "{country}" in name:
            if not country:
                continue
            name = name.replace("{country}", country)
        if any(a <= start < b for a, b in masked):
            continue
        if (violent or "gathering" in rule.policies) and (
            name.startswith("Government")
            or ("ground" in rule.policies and name.startswith("Civilians"))
        ):
            continue  # "officials said", "residents fled as the fighting ..."; no state
            # protests ("a rally in Washington ..., officials said")
        outside = clause is not None and not clause[0] <= start < clause[1]
        role = _NAMED
        if violent and told is not None and not outside:
            a, b = told[1:]
            if a <= start and end <= b and load_vocabulary().act_noun.search(told[0], start, end):
                role = _DID  # it did the act named in the trigger: "hurt in a Russian attack"
            elif _is_target(told, start, end) or owned.search(told[0], start, end):
                role = _DONE_TO  # or its trucks were: "Russian military trucks in flames"
            elif end <= a and load_vocabulary().suffered.match(told[0], a, b):
                role = _DONE_TO  # the subject of "suffered heavy losses"
            elif start <= a < end <= b:
                role = _DID  # its last word is the trigger: "Russian counterattacks"
            elif subject is not None and end <= a:
                role = _DID if start == subject else _DONE_TO
            elif strike and "defen" in told[0][start:end]:
                role = _DONE_TO  # air defences strike nothing: "explosions rang out in Kyiv as
                # air defences repelled a Russian missile attack"
        found.append((outside, role, start, name))
    names = list(dict.fromkeys(name for *_, name in sorted(found)))
    if rule.defender and (defending or side or country):
        defender = defending or f"Military Forces of {side or country}"
        other = next((n for n in names if n.startswith("Military") and n != defender), "")
        return defender, other
    if rule.sub_event_type == _TERRITORY and country:
        return _took(names, country, side, rule, told)
    roles = {role for outside, role, *_ in found if not outside}
    if violent and roles == {_DONE_TO}:
        # only those it was done to are named ("Russian troops had been cleared from Sudzha",
        # Ukraine's commander said): it was done by its enemy, else the side that tells of
        # it, or the one that holds the place
        target = names[0]
        if target.startswith("Military Forces of "):
            state = target.removeprefix("Military Forces of ")
            enemy = load_vocabulary().enemies.get(state)
            if enemy:
                return enemy, target
            doer = next((s for s in (side, country) if s and s != state), "")
            return (f"Military Forces of {doer}" if doer else ""), target
    # a side's military tells of strikes in another state, or of a base set up there, no one
    # named: its own ("Ukraine's General Staff confirmed strikes on the Borisoglebsk airbase";
    # "the commander said a commandant's office was set up in the town"; not so battles: "they
    # attacked on foot" may be the enemy)
    if (
        (strike or rule.sub_event_type == _BASE)
        and not names
        and fights
        and country not in ("", fights)
    ):
        return f"Military Forces of {fights}", ""
    if rule.authority and not names and country:
        # "He declared an emergency regime in the Lipetsk municipal district": its authorities
        return f"Government of {country}", ""
    if (
        rule.authority
        and country
        and names
        and all(n.startswith("Civilians") for n in names)
        and told is not None
        and told[0].startswith("evacuat", told[1])
    ):
        # "Ukraine evacuated civilians from border villages": its authorities moved them (but
        # "residents fled their homes" on their own)
        return f"Government of {country}", names[0]
    if not rule.policies & {"decided", "gathering"}:
        # civilians are those it was done to, never actor1 ("two civilians were killed in
        # shelling"): named soldiers first, an unnamed attacker left blank
        names.sort(key=lambda n: n.startswith("Civilians"))
        if names and names[0].startswith("Civilians"):
            names.insert(0, "")
    vocab = load_vocabulary()
    if strike and (not names or not names[0]) and country in vocab.struck_by_enemy:
        # no one named: a remote attack on the land of a side of a war between two states
        # was its enemy's ("a drone hit a house in Belgorod"; `land_struck_by_enemy`)
        rest = [n for n in names if n]
        return vocab.enemies[country], rest[0] if rest else ""
    own = f"Military Forces of {country}"
    if names and names[0] == own and told and _CROSSING.search(told[0], told[1], told[2]):
        # no state crosses into its own land: "the incursion into Kursk is not meant to ...,
        # and Russian forces are unlikely to be withdrawn"
        other = next((n for n in names[1:] if n.startswith("Military")), "")
        return other, own
    return (names[0] if names else "", names[1] if len(names) > 1 else "")


# A trigger that crosses a border: "incursion into", "crossed into", "invaded", "invasion of"
# (not "pushed into": a state may push into its own town, held by the enemy)
_CROSSING = re.compile(r"incursion|invad|invasion|crossed|cross-border")


# Between a mention and a trigger that tells what was done to it: "Russian troops had been
# cleared", "Ukrainian units were quickly repelled", "Russian positions near Glushkovo were hit"
# (not "Ukrainian troops have entered").
_PASSIVE_GAP = re.compile(
    r"(?:\s+(?:in|near|at|around|outside|inside|on)(?:\s+[\w'’-]+){1,3})?"
    r"(?:\s+(?:has|have|had|also|reportedly|reported to have|said to have|now|already"
    r"|largely|partly|finally|eventually|then|later|all))*"
    r"(?P<be>(?:\s+(?:was|were|is|are|been|being|got|get))+)?(?:\s+\w+ly)?\s+"
)
_BE = re.compile(r"(?:was|were|is|are|been|being)\b")  # a trigger that is a passive: "were hit"
# A side set off before a participle: "The brigade, (repeatedly) attacked by", "Russian troops,
# who had been pushed back by"
_APPOSITIVE = re.compile(
    r"\s*,\s*(?:(?:who|which|that)\s+(?:(?:had|have|has)\s+)?(?:been|were|was|are|is)\s+)?"
    r"(?:\w+ly\s+)?"
)
_ING = re.compile(r"\w+ing\b")  # "were repelling attacks": no passive
# Between a trigger and a mention it was done to: "struck Russian positions", "assaults on
# Ukrainian positions", "attacked two Ukrainian brigades" (not "attacks by Ukrainian drones");
# "of" only after a trigger done to what follows ("the shelling of Ukrainian positions"; not
# "the advance of Russian troops").
_OBJECT_GAP = re.compile(
    r"\s*(?:(?:on|upon|against|at|targeting"
    r"|(?:(?<=shelling )|(?<=bombing )|(?<=capture )|(?<=storming ))of)\s+)?"
    r"(?:(?:the|a|an|two|three|several|some|many|\d[\d,]*|dozens of|hundreds of)\s+)*"
)


def _is_target(told: tuple[str, int, int], start: int, end: int) -> bool:
    """Whether the actor mention [start, end) of the sentence is what the trigger [a, b) was
    done to: its subject in the passive voice, its object, or a mention inside it not after
    "by" ("taken 100 Russian soldiers prisoner"; not "killed by Ukrainian artillery")."""
    low, a, b = told
    if end <= a:
        if _APPOSITIVE.fullmatch(low, end, a):
            # a participle set off after it: "The Ukrainian brigade, attacked by Russian
            # forces near Sudzha, held its positions"
            return low.startswith(" by ", b)
        gap = _PASSIVE_GAP.fullmatch(low, end, a)
        return (
            gap is not None
            and (gap["be"] is not None or _BE.match(low, a) is not None)
            and not _ING.match(low, a)
        )
    if start >= b:
        return _OBJECT_GAP.fullmatch(low, b, start) is not None
    return start > a and " by " not in low[a:start]


# An object pronoun in or right after a trigger: "pushed them back", "took them prisoner",
# "attacked them"
_OBJECT_PRONOUN = re.compile(r"\b(?:them|him)\b")
_PRONOUN_AFTER = re.compile(r"\s+(?:them|him)\b")


def _pronoun_subject(
    mentions: list[tuple[int, int, str]], told: tuple[str, int, int]
) -> int | None:
    """The start of the mention right before a trigger whose object is a pronoun (which stands
    for a side named before that mention), else None."""
    low, a, b = told
    if not (_OBJECT_PRONOUN.search(low, a, b) or _PRONOUN_AFTER.match(low, b)):
        return None
    before = [(start, end) for start, end, _ in mentions if end <= a]
    if len(before) < 2:
        return None  # no side named before the doer for the pronoun to stand for
    start, end = max(before, key=lambda m: m[1])
    # the subject of the trigger: only auxiliaries and adverbs between ("Ukrainian units had
    # pushed them back"; not "detected Russian groups and had struck them": the pronoun
    # stands for those)
    return start if _SUBJECT_GAP.fullmatch(low, end, a) else None


_SUBJECT_GAP = re.compile(r"(?:\s+(?:has|have|had|also|then|later|finally|\w+ly))*\s+")


_TERRITORY = "territory"  # the sub-type of a place taken, chosen by who took it (`_took`)
_REGAINS = "Government regains territory"
_BASE = "Headquarters or base established"  # set up by a side's military: see `_actors`
_OVERTAKES = "Non-state actor overtakes territory"


def _took(
    names: list[str], country: str, side: str, rule: TriggerRule, told: tuple[str, int, int] | None
) -> tuple[str, str]:
    """actor1 and actor2 of a place taken in `country`: the first side named (not a
    government, not civilians), else the side the source speaks for (`side`), else, for a
    `rule.regain` word, the state whose land it is; actor2 the other side named, else the one
    it was taken from: the state whose land it is, or, when that state took it, its enemy."""
    own = f"Military Forces of {country}"
    sides = [n for n in names if n and not n.startswith(("Government", "Civilians"))]
    taker = sides[0] if sides else (f"Military Forces of {side}" if side else "")
    if not taker and told is not None and rule.regain is not None:
        low, start, end = told
        taker = own if rule.regain.match(low, start, end) else ""
    other = next((n for n in sides if n != taker), "")
    if not other and taker:
        other = load_vocabulary().enemies.get(country, "") if taker == own else own
    return taker, other


def _territory_sub_type(actors: tuple[str, str], country: str) -> str:
    """ACLED's sub-type of a place taken: a regain when the state whose land it is took it."""
    return _REGAINS if actors[0] == f"Military Forces of {country}" else _OVERTAKES


_SPEECH_NEAR = re.compile(
    rf"[^.;]{{0,45}}?\b(?:{_SAID}|wrote|posted|showed|emphasi[sz]ed|stressed|insisted|insists?"
    r"|noted|acknowledged|admitted)\b"
)


@dataclass(slots=True)
class _Cue:
    start: int
    end: int
    source: str
    spoken: bool  # "X said", "according to X": the whole sentence is X's claim
    military: bool  # "Russia's military": not an actor of the event


_ACCORDING_TO = re.compile(r"according to\s+(?:the\s+)?$", re.I)


def _cues(vocab: Vocabulary, facts: _Sentence) -> list[_Cue]:
    sentence = facts.low
    out: list[_Cue] = []
    according = "accord" in sentence  # (lower-cased: IGNORECASE finds no other spelling)
    for rx, source, armed in facts.rows(vocab.attribution):
        for m in facts.matches(rx):
            spoken = bool(
                _SPEECH_NEAR.match(sentence, m.end())
                or (according and _ACCORDING_TO.search(sentence, 0, m.start()))
            )
            if armed is not None and not spoken and armed.search(m.group()):
                continue  # "the Russian army shelled Sumy": an actor, not a source
            # a civil authority may be an actor of what it decides ("officials declared an
            # emergency"); the military, a ministry of defence or a blogger only report
            military = source not in vocab.civil
            out.append(_Cue(m.start(), m.end(), source, spoken, military))
    return sorted(out, key=lambda c: c.start)


@dataclass(slots=True)
class _Said:
    """Who a sentence says is speaking: its cues, what it inherits from the paragraph's last
    event ("It gave a count ..."), and the sentence's own speaker. `masked` and `speaking` are
    the spans of cues that are not actors of the event (see `_actors`)."""

    cues: list[_Cue]
    masked: list[tuple[int, int]]  # the cues that never are actors (a ministry of defence)
    speaking: list[tuple[int, int]]  # the masked cues and those that speak ("X said")
    inherited: str
    attribution: str


def _said(
    vocab: Vocabulary,
    facts: _Sentence,
    sentence: str,
    last: _Template | None,
    text: str = "",
    low_text: str = "",
    s_start: int = 0,
) -> _Said:
    cues = _cues(vocab, facts)
    inherited = ""
    if not cues and last is not None and _PRONOUN.match(sentence):
        inherited = last.attribution  # "It gave a count for each area: ..."
    elif not cues and (m := _BACK_REFERENCE.search(facts.low)):
        # "The ministry said ...": the ministry named last before (in `low_text`, the
        # article lower-cased, before the sentence's start)
        inherited = _named_before(vocab, low_text, s_start, m.group(1))
    elif not cues and (m := _SURNAME_SAID.search(sentence)):
        # "..., Smirnov said": the source he was named with before, with his first name
        # ("Acting Kursk governor Alexei Smirnov told President Vladimir Putin ...")
        inherited = _titled_before(vocab, text, low_text, s_start, m.group(1))
    return _Said(
        cues,
        [(c.start, c.end) for c in cues if c.military],
        [(c.start, c.end) for c in cues if c.military or c.spoken],
        inherited,
        inherited or next((c.source for c in cues if c.spoken), ""),
    )


# A source named again by its head noun alone: "The ministry said", "the General Staff added"
_BACK_REFERENCE = re.compile(
    r"\bthe (?:(?:defen[cs]e|foreign) )?(ministry|general staff)\b(?=,? (?:\w+ly |also |later "
    r"|then )?(?:said|says|reported|reports|stated|added|claimed|announced|confirmed|wrote))"
)


# A capitalised name and a speech verb: "Smirnov said", "Gladkov wrote"
_SURNAME_SAID = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?= (?:also |later |then )?(?:said|says|told|wrote|added"
    r"|reported|claimed|announced|stated)\b)"
)


def _titled_before(vocab: Vocabulary, text: str, low_text: str, end: int, surname: str) -> str:
    """The source of the attribution cue that comes at most 40 characters before a person
    named in full with `surname` ("governor Alexei Smirnov") in the 3,000 characters of `text`
    before `end` (`low_text`: the same lower-cased); "" when there is none."""
    start = max(0, end - 3000)
    named = list(re.finditer(rf"\b[A-Z][a-z]+ {re.escape(surname)}\b", text[start:end]))
    for m in reversed(named):
        at = start + m.start()
        if source := _last_cue(vocab, low_text[max(start, at - 40) : at]):
            return source
    return ""


def _named_before(vocab: Vocabulary, low_text: str, end: int, noun: str) -> str:
    """The source of the attribution cue that names `noun` ("ministry") last in the 3,000
    characters of `low_text` before `end`; "" when none does."""
    return _last_cue(vocab, low_text[max(0, end - 3000) : end], noun)


def _last_cue(vocab: Vocabulary, window: str, noun: str = "") -> str:
    """The source of the attribution cue that begins last in the lower-cased `window` (of
    those whose words hold `noun`); "" when there is none."""
    best, source = -1, ""
    for rx, name, _ in vocab.attribution:
        for m in rx.regex.finditer(window):
            if m.start() > best and noun in m.group():
                best, source = m.start(), name
    return source


def _attribution(cues: list[_Cue], span: tuple[int, int], clause: tuple[int, int]) -> str:
    """Who says so: a cue in the trigger's clause, else the speaker of the sentence."""
    inside = [c for c in cues if clause[0] <= c.start < clause[1]]
    if inside:
        return min(inside, key=lambda c: max(c.start - span[1], span[0] - c.end, 0)).source
    return next((c.source for c in cues if c.spoken), "")


def _sub_type(
    vocab: Vocabulary,
    rule: TriggerRule,
    sentence: _Sentence,
    weapon_before: Callable[[int], str | None],
    s_start: int,
    clause: tuple[int, int],
) -> str:
    """The rule's sub-event type; for a weapon's, the weapon of the trigger's `clause`, else of
    the sentence, else the one named last before it, else the default."""
    if rule.sub_event_type != "weapon":
        return rule.sub_event_type
    return sentence.weapon(clause) or weapon_before(s_start) or vocab.weapon_default


def _weapon_before(
    vocab: Vocabulary, low_text: str, heads: list[tuple[int, str]], head_starts: list[int], end: int
) -> str | None:
    """The sub-event type of the weapon named last in the 400 characters before `end` ("75
    drones ... In Lipetsk, an airfield was struck"): what `finditer` over that slice finds,
    each pattern tried at the slice's start and where the text's scan found a head of it."""
    start = max(0, end - 400)
    before = low_text[start:end]
    here = heads[bisect.bisect_left(head_starts, start + 1) : bisect.bisect_left(head_starts, end)]
    best: tuple[int, str] | None = None
    patterns = vocab.scan.patterns
    for rx, sub in vocab.weapons:
        if rx.heads is None:
            found = list(rx.regex.finditer(before))
        else:
            found = rx.matches_at(before, (0, *(p - start for p, h in here if rx in patterns[h])))
        if found and (best is None or found[-1].end() > best[0]):
            best = (found[-1].end(), sub)
    return best[1] if best else None


def _quantity(
    vocab: Vocabulary, rule: TriggerRule, sentence: _Sentence, span: tuple[int, int], clause
) -> tuple[int | None, str]:
    best = None
    for order, unit in enumerate(rule.units):
        for m in sentence.counts(unit):
            gap = max(m.start() - span[1], span[0] - m.end(), 0)
            inside = clause[0] <= m.start() < clause[1]
            if not inside and gap > 40:
                continue
            key = (not inside, gap, order)
            if best is None or key < best[0]:
                n = parse_number(m.group("n"), vocab.numbers)
                if m.group("n2"):
                    n = max(n or 0, parse_number(m.group("n2"), vocab.numbers) or 0)
                best = (key, n, unit)
    if best is None:
        return None, (rule.units[0] if rule.units else "")
    return best[1], best[2]


def _triggers(rules: Sequence[TriggerRule], facts: _Sentence) -> list[tuple[int, int, TriggerRule]]:
    found: list[tuple[int, int, TriggerRule]] = []
    words = facts.words
    for rule in rules:
        if not rule.matcher.may_match(words):
            continue  # (most rules: no word that begins one of theirs in the sentence)
        for m in rule.matcher.find(words):
            a, b = m.char_start, m.char_end
            if all(b <= x or a >= y for x, y, _ in found):
                found.append((a, b, rule))
    found.sort(key=lambda f: f[0])
    return found


# "may" that is the month: by a day or a year ("9 may", "may 9", "may 2024"), or after a word
# that goes before a month ("in may", "since may", "early may").
_MAY_THE_MONTH = re.compile(
    r"(?:\d\s+|\b(?:in|since|until|till|by|from|of|during|early|late|mid|last|next|this)[\s-]+)"
    r"may\b|\bmay,?\s+\d"
)


def _is_modal(
    vocab: Vocabulary, sentence: str, start: int, clause: tuple[int, int], end: int | None = None
) -> bool:
    """Whether the trigger at `start` (to `end`) tells a plan, a wish or a purpose, not a
    thing that happened: a modal cue ("would", "plans", "vowed") before it in its clause, an
    infinitive of purpose ("assaults to push them out"; not "continued to advance"), or a
    modal right after it ("Capturing it would be a step").

    >>> vocab = load_vocabulary()
    >>> _is_modal(vocab, "on 9 may, forces shelled shebekino", 18, (0, 34))
    False
    >>> _is_modal(vocab, "troops massed to strike sumy", 17, (0, 28), 23)
    True
    """
    if sentence.endswith("to ", 0, start):
        before = sentence[max(clause[0], start - 40) : start - 3].split()
        if not before or (
            before[-1] not in vocab.done_before_to
            and not vocab.used_before_to.intersection(before[-6:])
        ):
            return True
    if vocab.purpose_before.search(sentence, max(clause[0], start - 50), start):
        return True
    if end is not None and vocab.modal_after.match(sentence, end, clause[1]):
        return True
    low = max(clause[0], start - 60)
    for cue in vocab.modal.finditer(sentence, low, start):
        if cue.group() != "may":
            return True
        months = _MAY_THE_MONTH.finditer(sentence, max(0, cue.start() - 7), cue.end() + 6)
        if not any(m.start() <= cue.start() < m.end() for m in months):
            return True
    return False


def _is_negated(
    vocab: Vocabulary, sentence: str, start: int, end: int, clause: tuple[int, int]
) -> bool:
    """Whether the trigger [start, end) is denied in its clause: by a negation word at most
    five words before it, with no conjunction, preposition or punctuation between ("did not
    capture", "denied shelling"; not "were not shot down over Kursk but struck"), or by words
    after it ("reports that Russian forces shelled Sumy were false")."""
    window = sentence[max(clause[0], start - 80) : start]
    if vocab.negated.search(window):
        return True
    return vocab.denied_after.search(sentence, end, min(clause[1], end + 80)) is not None


def _told(
    vocab: Vocabulary, rules: Sequence[TriggerRule], facts: _Sentence, sentence: str
) -> list[tuple[int, int, TriggerRule, tuple[int, int]]]:
    """The triggers of `rules` in a sentence that tell something happened, each with its
    clause: not a plan, not denied, not a word in another sense than war's, not part of a
    name."""
    # "the quakes struck", "teachers went on strike"
    other = [m.span() for m in facts.matches(vocab.other_senses)]
    heard = [m.span() for m in facts.matches(vocab.heard)]
    low = facts.low
    told = [
        (a, b, r, clause)
        for a, b, r in _triggers(rules, facts)
        if not _is_modal(vocab, low, a, clause := facts.clause(a), b)
        and not _is_negated(vocab, low, a, b, clause)
        and not (other and _in_other_sense(other, a, b, clause))
        and not any(h0 <= a < h1 for h0, h1 in heard)
        and not vocab.habitual.search(low, max(clause[0], a - 40), min(clause[1], b + 30))
        and not _in_a_name(sentence, a)
    ]
    protest = next((t for t in told if "gathering" in t[2].policies), None)
    if protest is None:
        return told
    # what a protest is against is no event of its own: "protested against the slow pace of
    # evacuations"
    return [
        t
        for t in told
        if not (
            t[0] > protest[1]
            and t[3] == protest[3]
            and "gathering" not in t[2].policies
            and _GRIEVANCE.search(sentence, protest[1], t[0])
        )
    ]


def _in_other_sense(
    other: list[tuple[int, int]], start: int, end: int, clause: tuple[int, int]
) -> bool:
    """Whether the trigger [start, end) is used in another sense than war's: one of the spans
    `other` (of `other_senses`, in order) in its clause, within 60 characters ("the quakes
    struck near Tabriz"). Offsets are the sentence's, and so is `other`'s."""
    lo, hi = max(clause[0], start - 60), min(clause[1], end + 60)
    i = bisect.bisect_left(other, (lo,))
    if i and other[i - 1][1] > lo:
        return True  # (a span begun before the window reaches into it)
    return i < len(other) and other[i][0] < hi


_LOWER_WORD = re.compile(r"\b[a-z]")


def _in_a_name(sentence: str, start: int) -> bool:
    """Whether the trigger at `start` is capitalised inside a sentence written in lower case,
    so part of a name ("Linda Battle", "the Battle of Kursk", "Strike Force")."""
    if not sentence[start].isupper() or not any(c.isalpha() for c in sentence[:start]):
        return False
    words = sentence.split()
    return len(_LOWER_WORD.findall(sentence)) * 3 > len(words)  # not a headline in title case


def _make_event(
    article: Article,
    c: _Candidate,
    *,
    date: datetime.date | None,
    precision: int,
    event_type: str,
    sub_event_type: str,
    actors: tuple[str, str],
    quantity: int | None,
    unit: str,
    attribution: str,
    sentence: str,
    sentence_start: int,
    geo_precision: int | None = None,
    fatalities: int | None = None,
) -> Event:
    p = c.place
    return Event(
        article_id=article.id,
        event_date=date,
        time_precision=precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actors[0],
        actor2=actors[1],
        quantity=quantity,
        quantity_unit=unit if quantity is not None else "",
        place_id=p.id,
        location=p.name,
        latitude=p.lat,
        longitude=p.lon,
        admin1=p.admin1_name,
        admin2=p.admin2_name,
        country_code=p.country_code,
        feature_code=p.feature_code,
        geo_precision=geo_precision or _geo_precision(c),
        attribution=attribution,
        sentence=sentence,
        sentence_start=sentence_start,
        fatalities=fatalities,
    )


_PRONOUN = re.compile(r"(?:It|He|She|They)\b")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?$")


def extract_events(article: Article, geoparser: Geoparser) -> list[Event]:
    """The events an article tells, one per thing that happened at a place (see module doc)."""
    vocab = load_vocabulary()
    text = article.text
    low_text = _lower(text)
    heads = vocab.scan.find(low_text)
    head_starts = [pos for pos, _ in heads]
    words = TokenText(low_text)
    triggered = vocab.any_trigger.find(words)
    rules = vocab.triggers
    if triggered and not vocab.conflict_context.search(low_text):
        # not about armed conflict: a crime story, an accident, a flood; only its protests
        # and riots are events
        rules = vocab.any_article
        triggered = [m for r in rules for m in r.matcher.find(words)]
    if not triggered:
        # Every event begins at a trigger ("It gave a count ..." continues one): an article
        # with none tells no event, and is not geoparsed (about half of general news).
        return []
    toponyms = sorted(geoparser.parse(text), key=lambda t: t.start)
    starts = [t.start for t in toponyms]
    places = _Places(vocab, geoparser, text, toponyms)
    weapons_before: dict[int, str | None] = {}

    def weapon_before(end: int) -> str | None:  # looked for once a sentence, if at all
        if end not in weapons_before:
            weapons_before[end] = _weapon_before(vocab, low_text, heads, head_starts, end)
        return weapons_before[end]

    breaks = [m.start() for m in re.finditer(r"\n", text)]
    published = article.published
    events: list[Event] = []
    last: _Template | None = None
    last_para = -1
    past: list[tuple[int, int, int, int]] = []  # sentences so far, for "in the region"
    mentioned: set[tuple[int, str, str]] = set()  # "the Lipetsk strike": see _without_retold
    last_made = range(0)  # where in `events` the last sentence's events are
    dated: dict[tuple[str, str, str, str], tuple[datetime.date, int]] = {}  # see _story_key
    sentences = split_sentences(text)
    s_starts = [s for s, _ in sentences]
    hits = {bisect.bisect_right(s_starts, m.char_start) - 1 for m in triggered}
    for i, (s_start, sentence) in enumerate(sentences):
        para = bisect.bisect_left(breaks, s_start)
        if para != last_para:
            last, last_para = None, para
        s_end = s_start + len(sentence)
        lo, hi = bisect.bisect_left(starts, s_start), bisect.bisect_left(starts, s_end)
        past.append((s_start, s_end, lo, hi))
        if i not in hits:
            if last is None:
                continue
            if "dead" in last.rule.policies:
                # "Russian forces shelled Vovchansk. One civilian was killed.": the toll of
                # the paragraph's last violent event, told in a sentence of its own
                _toll_told_after(events, last_made, _deaths(vocab, low_text[s_start:s_end]))
            if len(_COUNT_LOCATIVE.findall(sentence)) < 2:
                last = None  # no list of counted places to inherit the last event
                continue
        low = low_text[s_start:s_end]
        here = heads[
            bisect.bisect_left(head_starts, s_start) : bisect.bisect_left(head_starts, s_end)
        ]
        facts = _Sentence(vocab, low, [(pos - s_start, h) for pos, h in here])
        told = i in hits and not vocab.caption.search(sentence)  # (a photo's caption: none)
        triggers = _told(vocab, rules, facts, sentence) if told else []
        if not triggers and last is None:
            continue
        last_of_paragraph = last  # (the loop below moves `last` on)
        cands = places.of(s_start, s_end, lo, hi)
        counted = [c for c in cands if c.count is not None]
        if not triggers and (len(counted) < 2 or last.unit == "km"):
            # (a list of counted places breaks down a count of things, never a distance)
            last = None
            continue
        named = toponyms[lo:hi]  # the sentence's toponyms, countries included
        # dates and attribution are read when an event needs them: a trigger with no place
        # makes none
        dates: list[_DateMention] | None = None
        said: _Said | None = None
        deaths: list[tuple[int, int, int]] | None = None  # (start, end, dead): see _deaths
        alone = False  # whether the sentence tells one violent event only
        found: dict[tuple[str, str, str], Event] = {}

        if not triggers:
            # "It gave a count for each area: 26 over the Belgorod region, 19 over ..."
            t = last
            said = _said(vocab, facts, sentence, last, text, low_text, s_start)
            attribution = said.attribution or t.attribution
            side = vocab.sides.get(attribution, "")
            mentions = _resolved(facts.actor_mentions, side, geoparser, named, s_start)
            for c in counted:
                country = _country(geoparser, c.place, t.candidate.place)
                actors = _actors(mentions, said, country, t.rule, side)
                _add(
                    found,
                    _make_event(
                        article, c, date=t.date, precision=t.precision,
                        event_type=t.rule.event_type, sub_event_type=t.sub_event_type,
                        actors=actors if any(actors) else t.actors, quantity=c.count,
                        unit=t.unit, attribution=attribution,
                        sentence=sentence, sentence_start=s_start,
                    )
                )  # fmt: skip
        for a, b, rule, clause in triggers:
            if (
                rule.means_named
                and last_of_paragraph is None
                and not (facts.weapons or any(facts.counts(u) for u in rule.units))
                and weapon_before(s_start) is None
            ):
                continue  # damage with no weapon: "a smoker which they damaged"
            t_start, t_end = s_start + a, s_start + b
            chosen: list[_Candidate] = []
            geo: int | None = None
            listed = from_last = False
            here = _eligible(cands, rule, text, (t_start, t_end), named, s_start, clause)
            if here is None:
                continue  # it went into a country, and no place named near it
            if here:
                best = max(
                    here, key=lambda c: _score(c, text, t_start, t_end, rule, s_start, clause)
                )
                chosen = [c for c in here if c.group == best.group]
                listed = len(chosen) > 1
            elif spoken := places.spoken_for(s_start, low, b):
                chosen = [spoken]
            elif last is not None:
                chosen, geo, from_last = [last.candidate], last.geo_precision, True
            elif anaphor := _anaphor(low, past[:-1], places):
                chosen = [anaphor]
            if not chosen:
                continue
            if (
                "remote" in rule.policies
                and all(c.rank == _AREA for c in chosen)
                and vocab.tallied.search(low, a, b)
                and not any(facts.counts(u) for u in rule.units)
            ):
                continue  # "killed in Russian strikes on the Kharkiv region": a tally
            if len(chosen) == 1 and _names_a_told_event(text, chosen[0], t_start):
                mentioned.add((s_start, chosen[0].place.id, rule.event_type))
            if said is None:
                said = _said(vocab, facts, sentence, last_of_paragraph, text, low_text, s_start)
            if dates is None:
                dates = _date_mentions(vocab, facts, published) if published else []
            sub = _sub_type(vocab, rule, facts, weapon_before, s_start, clause)
            own = _not_dated_by_clause(vocab, dates, low, b)
            date_m = (
                _nearest(_told_dates(own, clause, low), a, b, clause)
                or _opening_date(own, low)
                or _statement_date(own, low)
            )
            if published is None:
                date, precision = None, 3
            elif date_m is None and from_last and _DEFINITE_BEFORE.search(low, max(0, a - 30), a):
                # "the strike" with no place of its own is the last event, told again, and on
                # its day ("The first bridge was hit on Friday. A commander posted a video of
                # the strike."); not so "Fighting continued on the fourth day"
                date, precision = last.date, last.precision
            elif date_m is None:
                date, precision = published, article.time_precision
                # the detail of an incident the article dated before ("recaptured two
                # villages on Monday ... Russian troops recaptured Plekhovo"): its day
                told_day = dated.get(_story_key(chosen[0].place, rule)) if rule.story_day else None
                if told_day is not None:
                    date, precision = told_day
            else:
                date, precision = date_m.date, max(date_m.precision, article.time_precision)
                if (published - date).days > vocab.recap_days:
                    continue  # told as background, not as news: see `recap_days`
                for c in chosen:
                    dated.setdefault(_story_key(c.place, rule), (date, precision))
            quantity, unit = _quantity(vocab, rule, facts, (a, b), clause)
            toll = None
            if "dead" in rule.policies and not listed:
                if deaths is None:
                    deaths = _deaths(vocab, low)
                    alone = sum("dead" in r.policies for *_, r, _ in triggers) == 1
                toll = _toll(deaths, (a, b), clause, alone)
            attribution = _attribution(said.cues, (a, b), clause) or said.inherited
            if from_last:
                attribution = attribution or last.attribution
            side = vocab.sides.get(attribution, "")
            mentions = _resolved(facts.actor_mentions, side, geoparser, named, s_start)
            if listed:
                # a total ("75 drones", "117 drones") belongs to no single listed place, nor
                # does a count before the first of a list that counts no other ("80 of 120
                # drones over Kharkiv, Sumy and Poltava")
                unit = unit or (rule.units[0] if rule.units else "")
            each = listed and sum(c.count is not None for c in chosen) > 1
            for c in chosen:
                country = _country(geoparser, c.place, chosen[0].place)
                actors = _actors(
                    mentions, said, country, rule, side, clause, (low, a, b),
                    fights=vocab.fighting.get(attribution, ""),
                )  # fmt: skip
                kind = (rule.event_type, sub)
                if sub == _TERRITORY:
                    kind = (rule.event_type, _territory_sub_type(actors, country))
                ev = _make_event(
                    article, c, date=date, precision=precision, event_type=kind[0],
                    sub_event_type=kind[1], actors=actors,
                    quantity=(c.count if each else None) if listed else _own(c, quantity, s_start),
                    unit=unit,
                    attribution=attribution, sentence=sentence, sentence_start=s_start,
                    geo_precision=geo, fatalities=toll,
                )  # fmt: skip
                _add(found, ev)
            first = chosen[0]
            last = _Template(
                rule, ev.sub_event_type, unit, attribution, (ev.actor1, ev.actor2), date, precision,
                first, geo or _geo_precision(first),
            )  # fmt: skip
        if not found:
            last = None
        made = _without_strike_damage(found)
        last_made = range(len(events), len(events) + len(made))
        events.extend(made)
    if mentioned:
        events = _without_retold(events, mentioned)
    return _without_region_summaries(_without_fought_transfers(events))


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


_DEATH_WORDS = ("kill", "dead", "died", "death", "slain", "slew", "slaying", "gunned")


def _deaths(vocab: Vocabulary, low: str) -> list[tuple[int, int, int]]:
    """(start, end, count) of each toll of the dead the lower-cased sentence tells ("killing
    two civilians", "35 people were killed"), in order."""
    if not any(w in low for w in _DEATH_WORDS) and "no " not in low:
        return []
    found: dict[int, tuple[int, int, int]] = {}  # by where the count is: one toll each
    for rx in vocab.fatalities:
        for m in rx.finditer(low):
            if m.groupdict().get("none"):  # "no one was killed": a toll of 0
                found.setdefault(m.start(), (m.start(), m.end(), 0))
                continue
            n = parse_number(m.group("n"), vocab.numbers)
            if n:
                found.setdefault(
                    m.start("n"), (m.start(), m.end(), n + _listed_with(vocab, low, m))
                )
    return sorted(found.values())


def _listed_with(vocab: Vocabulary, low: str, m: re.Match[str]) -> int:
    """The dead of the other counts listed with the toll count of match `m`: before it ("24
    civilians, 24 Kurdish fighters and 25 militiamen have been killed") and after its noun
    ("killed six police officers and a civilian")."""
    total, end = 0, m.start("n")
    while item := vocab.toll_before.search(low, max(0, end - 80), end):
        total += parse_number(item.group("n"), vocab.numbers) or 0
        end = item.start()
    noun = vocab.toll_noun.match(low, m.end("n"))
    start = noun.end() if noun else -1
    while start >= 0 and (item := vocab.toll_after.match(low, start)):
        total += parse_number(item.group("n"), vocab.numbers) or 0
        start = item.end()
    return total


def _toll(
    deaths: list[tuple[int, int, int]], span: tuple[int, int], clause: tuple[int, int], alone: bool
) -> int | None:
    """The dead of the trigger at `span`: the toll nearest it in its clause, else, where the
    sentence tells no other violent event (`alone`), the one nearest it in the sentence."""
    inside = [d for d in deaths if clause[0] <= d[0] < clause[1]]
    pool = inside or (deaths if alone else [])
    if not pool:
        return None
    a, b = span
    return min(pool, key=lambda d: max(d[0] - b, a - d[1], 0))[2]


def _toll_told_after(
    events: list[Event], last_made: range, deaths: list[tuple[int, int, int]]
) -> None:
    """Give the one toll of a sentence that tells no event (`deaths`, see `_deaths`) to the
    violent events of the sentence before it that have none, when they are at one place."""
    if len(deaths) != 1:
        return
    violent = [i for i in last_made if events[i].event_type in load_vocabulary().dead_types]
    if violent and len({events[i].place_id for i in violent}) == 1:
        for i in violent:
            if events[i].fatalities is None:
                events[i] = replace(events[i], fatalities=deaths[0][2])


def _own(c: _Candidate, quantity: int | None, s_start: int) -> int | None:
    """The count of the one place an event is at: its own where the sentence (from `s_start`)
    gives one as part of the trigger's ("shot down 117 drones, including 37 over the Kursk
    region": 37), else the trigger's. A place taken from an earlier sentence brings no count
    of its own, and a count with no total may count something else ("attacked 10 communities
    in Sumy Oblast")."""
    own = c.count if c.start >= s_start else None
    return own if own is not None and quantity is not None and own <= quantity else quantity


def _names_a_told_event(text: str, c: _Candidate, t_start: int) -> bool:
    """Whether the trigger at `t_start` and the place before it name an event as a known one:
    "the Lipetsk strike", "the Kursk incursion"."""
    return (
        c.end <= t_start
        and not text[c.end : t_start].strip()
        and bool(_THE_BEFORE.search(text, max(0, c.start - 5), c.start))
    )


def _without_retold(events: list[Event], mentioned: set[tuple[int, str, str]]) -> list[Event]:
    """`events` less those that only name an event the article tells elsewhere ("Kyiv did not
    comment on the Lipetsk strike", after "a drone attack struck an airfield in the Lipetsk
    region"): of the same type, in the same first-order division, within a day."""

    def retold(e: Event) -> bool:
        return (e.sentence_start, e.place_id, e.event_type) in mentioned

    told = [e for e in events if not retold(e)]
    return [
        e
        for e in events
        if not retold(e)
        or not any(
            o.event_type == e.event_type
            and o.admin1 == e.admin1
            and _within_a_day(o.event_date, e.event_date)
            for o in told
        )
    ]


_TRANSFER = "Non-violent transfer of territory"
_DESTRUCTION = "Looting/property destruction"


def _without_strike_damage(found: dict[tuple[str, str, str], Event]) -> list[Event]:
    """A sentence's events less property set on fire where the sentence tells a strike at the
    same place: "A Ukrainian drone attack set fire to an oil depot" is the strike, not arson."""
    remote = load_vocabulary().remote_types
    struck = {place for place, kind, _ in found if kind in remote}
    return [
        e for e in found.values() if e.sub_event_type != _DESTRUCTION or e.place_id not in struck
    ]


def _within_a_day(a: datetime.date | None, b: datetime.date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= 1


def _story_key(place: Place, rule: TriggerRule) -> tuple[str, str, str, str]:
    """What makes two sentences of an article tell one incident when the second gives no day:
    the same kind of event in the same region."""
    return (place.country_code, place.admin1_name, rule.event_type, rule.sub_event_type)


def _without_region_summaries(events: list[Event]) -> list[Event]:
    """`events` less an event at a region (a first-order division) where the article tells
    the same kind of event, within a day, at a place inside that region: the region's is the
    summary of those ("recaptured two villages in the Kursk region" before the villages are
    named; ACLED codes the most specific place)."""
    inside: dict[tuple[str, str, str, str], list[datetime.date | None]] = {}
    for e in events:
        if e.feature_code != "ADM1" and e.admin1:
            key = (e.country_code, e.admin1, e.event_type, e.sub_event_type)
            inside.setdefault(key, []).append(e.event_date)
    if not inside:
        return events
    return [
        e
        for e in events
        if e.feature_code != "ADM1"
        or not any(
            _within_a_day(day, e.event_date)
            for day in inside.get((e.country_code, e.location, e.event_type, e.sub_event_type), [])
        )
    ]


def _without_fought_transfers(events: list[Event]) -> list[Event]:
    """`events` less a withdrawal from a place where the article tells of a battle within a
    day: "The withdrawal from Sudzha", after "Russian forces had recaptured Sudzha", is the
    same change of hands, and not a non-violent one (ACLED: control taken without fighting)."""
    if not any(e.sub_event_type == _TRANSFER for e in events):
        return events
    ground = load_vocabulary().ground_types
    fought = [(e.place_id, e.event_date) for e in events if e.event_type in ground]
    return [
        e
        for e in events
        if e.sub_event_type != _TRANSFER
        or not any(p == e.place_id and _within_a_day(d, e.event_date) for p, d in fought)
    ]


def _eligible(
    cands: list[_Candidate],
    rule: TriggerRule,
    text: str,
    span: tuple[int, int],
    toponyms: list[Toponym],
    s_start: int,
    clause: tuple[int, int],
) -> list[_Candidate] | None:
    """The candidates that may be the place of the trigger at `span` (article offsets); None
    when it went into a country and none is near it (no event then, not an inherited place).
    `toponyms`: the sentence's, from `s_start`; `clause`: the trigger's, in the sentence."""
    here = cands
    if rule.defender or "remote" in rule.policies:
        # "shelled Sumy from the Belgorod region": where it fell, not where it came from (the
        # only place named may still be where it fell: "roads from the Sumy region")
        here = [c for c in cands if not c.origin] or cands
    t_start, t_end = span
    if "gathering" in rule.policies:
        # "protests by Turks angry over Russia's role in the destruction of Aleppo": what they
        # protest about, not where (no event, rather than one in Aleppo)
        kept = [c for c in here if not _protested_about(text, t_end, c)]
        if len(kept) < len(here):
            return kept or None
    if here and _into_a_country(text, t_end, toponyms):
        # "their incursion into Russian territory": not into a place named long before it
        # ("Near Sudzha, they pushed deeper into Russia": near Sudzha)
        # (nor into one named after it in another clause: "The strikes deep inside Russia
        # came as Ukrainian units kept pushing into the Kursk region")
        here = [
            c
            for c in here
            if (c.start >= t_end and c.start - s_start < clause[1])
            or (0 <= t_start - c.end <= 60 and c.start - s_start >= clause[0])
        ]
        return here or None
    return here


# Between a protest and a place: the place is what it is about ("protests over", "rallied
# against", "angry at")
_GRIEVANCE = re.compile(
    r"\b(?:over|against|about|angry|angered|outraged|condemn\w*|denounc\w*|in support of"
    r"|in solidarity with)\b",
    re.IGNORECASE,
)


def _protested_about(text: str, trigger_end: int, c: _Candidate) -> bool:
    """Whether candidate `c`, named after a protest that ends at `trigger_end` and with no
    locative of its own, is what the protest is about."""
    return (
        c.start >= trigger_end
        and not c.locative
        and _GRIEVANCE.search(text, trigger_end, c.start) is not None
    )


_INTO = re.compile(r"(\s+(?:deep\s+)?(?:into|inside))?\s+(?:the\s+)?")


def _into_a_country(text: str, end: int, toponyms: list[Toponym]) -> bool:
    """Whether the trigger ending at `end` goes into or inside a country ("incursion into
    Russian territory", "pushed deep into Russia"), a toponym of `toponyms`."""
    m = _INTO.match(text, end)  # (the trigger may end with the word: "incursion into")
    if m is None or (m.group(1) is None and text[end - 4 : end].lower() != "into"):
        return False
    t = next((t for t in toponyms if t.start >= m.end()), None)
    return t is not None and t.start == m.end() and t.place is not None and t.place.is_country


# Typographic apostrophes read as the plain one the vocabulary writes ("commandant’s").
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc", "'"))


def _lower(text: str) -> str:
    """Lower-case text with plain apostrophes, keeping every offset (a few letters grow when
    lower-cased)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.translate(_APOSTROPHES)


def _add(found: dict[tuple[str, str, str], Event], ev: Event) -> None:
    """Keep one event per place and type in a sentence, with the largest count and toll."""
    key = (ev.place_id, ev.event_type, ev.sub_event_type)
    old = found.get(key)
    if old is None:
        found[key] = ev
        return
    if (ev.quantity or 0) > (old.quantity or 0):
        old = found[key] = replace(old, quantity=ev.quantity, quantity_unit=ev.quantity_unit)
    if (ev.fatalities or 0) > (old.fatalities or 0):
        found[key] = replace(old, fatalities=ev.fatalities)


_ANAPHOR_RANK = {
    "region": _AREA,
    "district": _DISTRICT,
    "town": _SPOT,
    "village": _SPOT,
    "city": _SPOT,
}
_THE_PLACE = re.compile(rf"\bthe ({'|'.join(_ANAPHOR_RANK)})\b")  # "hit the city"
_ANAPHORA = re.compile(rf"\b(?:in|at|near|over|across|throughout) {_THE_PLACE.pattern[2:]}")


def _anaphor(
    sentence: str, past: list[tuple[int, int, int, int]], places: _Places
) -> _Candidate | None:
    """'declared an emergency in the region': the region (of Russia or Ukraine) named last."""
    m = _ANAPHORA.search(sentence)
    if m is None:
        return None
    rank = _ANAPHOR_RANK[m.group(1)]
    for s_start, s_end, lo, hi in reversed(past):
        for c in reversed(places.of(s_start, s_end, lo, hi)):
            if c.rank == rank and c.place.country_code in ("RU", "UA"):
                return c
    return None


# Between a trigger and the place it was done to: "the shelling of Kharkiv", "pushed them out
# of most of the Kursk region", "struck the Belgorod region" (_OBJECT_GAP: to a side)
_PLACE_OBJECT_GAP = re.compile(
    r"\s*(?:(?:of|most of|much of|parts? of|all of|the rest of)\s+)?(?:the\s+)?", re.IGNORECASE
)


def _score(
    c: _Candidate, text: str, t_start: int, t_end: int, rule: TriggerRule, s_start: int, clause
) -> float:
    gap = max(c.start - t_end, t_start - c.end, 0)
    inside = clause[0] <= c.start - s_start < clause[1]
    # the trigger's object is where it happened, as a locative says ("bombed Korenevo", "the
    # shelling of Kharkiv", "pushed Ukrainian forces out of most of the Kursk region")
    done_to = 0 <= c.start - t_end <= 1 or (
        0 <= c.start - t_end <= 24 and _PLACE_OBJECT_GAP.fullmatch(text, t_end, c.start) is not None
    )
    # (its object outweighs a place named before it: "crossed into the Sumy region after
    # pushing them out of most of the Kursk region")
    score = c.rank + 1.5 * (c.locative or done_to) + 0.5 * done_to + 2.0 * inside - gap / 40
    if c.governor and "decided" in rule.policies:
        score += 2.0
    if "gathering" in rule.policies and 0 <= t_start - c.end <= 1:
        score += 2.0  # where it was held: "a London rally", "Kyiv protesters"
    return score


def _country(geoparser: Geoparser, place: Place, fallback: Place) -> str:
    code = place.country_code or fallback.country_code
    states = load_vocabulary().states
    if code in states:
        return states[code]
    country = geoparser.gazetteer.country_of(place) if code else None
    return country.name if country is not None else ""


# --------------------------------------------------------------------------- merging


def event_id(date: str, place_id: str, event_type: str, sub_event_type: str) -> str:
    """A stable short id of a merged event."""
    key = "\x1f".join((date, place_id, event_type, sub_event_type))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def merge_events(events: Sequence[Event], articles: Mapping[str, Article]) -> pd.DataFrame:
    """One row per event: the same event told twice, in one article or several, is one row.

    Events merge when they share place, event type and sub-type and their dates are within
    one day of the group's earliest (undated only with undated). The row keeps the earliest
    date, the best precisions, the largest quantity and toll of the dead, every attribution and
    article, and the first sentence as notes. Columns: `EVENT_COLUMNS`; sorted by date (undated
    last), place.
    """
    told = list(map(_TOLD_BY_EACH, events))
    urls = {article_id: article.url for article_id, article in articles.items()}
    rows = [_merged_row(cluster, events, told, urls) for cluster in _clusters(events)]
    rows.sort(key=_row_order)
    table = pd.DataFrame.from_records(rows, columns=list(_ROW_COLUMNS))
    if rows:
        table["quantity"] = table["quantity"].astype("Int64")
        table["fatalities"] = table["fatalities"].astype("Int64")
    if _ROW_COLUMNS != EVENT_COLUMNS:
        table = table.reindex(columns=list(EVENT_COLUMNS))
    return table


def _clusters(events: Sequence[Event]) -> Iterator[list[int]]:
    """Positions of the events that merge into one, each cluster in the order of `events`."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, ev in enumerate(events):
        groups.setdefault((ev.place_id, ev.event_type, ev.sub_event_type), []).append(i)
    days = [ev.event_date.toordinal() if ev.event_date else None for ev in events]
    for members in groups.values():
        dated = sorted((i for i in members if days[i] is not None), key=days.__getitem__)
        start = 0
        for k in range(1, len(dated) + 1):  # a cluster ends more than a day after its first
            if k == len(dated) or days[dated[k]] - days[dated[start]] > 1:
                yield sorted(dated[start:k])
                start = k
        undated = [i for i in members if days[i] is None]
        if undated:
            yield undated


# What a merged row reads from every event of its cluster; the rest comes from the first.
_TOLD_BY_EACH = operator.attrgetter(
    "event_date", "time_precision", "geo_precision", "quantity", "actor1", "actor2",
    "article_id", "attribution", "fatalities",
)  # fmt: skip


def _merged_row(
    cluster: list[int], events: Sequence[Event], told: list[tuple], urls: Mapping[str, str]
) -> tuple:
    """The row (values in `_ROW_COLUMNS` order) of the events at the positions `cluster`;
    `told[i]`: `_TOLD_BY_EACH` of `events[i]`; `urls`: each article's URL by id."""
    first = events[cluster[0]]
    dates, time_prec, geo_prec, quantities, actors1, actors2, ids, attributions, tolls = zip(
        *[told[i] for i in cluster], strict=True
    )
    date = min(filter(None, dates), default=None)
    known = [q for q in quantities if q is not None]
    quantity = max(known) if known else None  # and the unit of the first event that gives it
    unit = events[cluster[quantities.index(quantity)]].quantity_unit if known else ""
    article_ids = dict.fromkeys(ids)  # ordered sets
    day = date.isoformat() if date else ""
    return (
        event_id(day, first.place_id, first.event_type, first.sub_event_type),
        day,
        min(time_prec),
        first.event_type,
        first.sub_event_type,
        next(filter(None, actors1), ""),
        next(filter(None, actors2), ""),
        quantity,
        unit,
        first.location,
        first.place_id,
        first.latitude,
        first.longitude,
        first.admin1,
        first.country_code,
        min(geo_prec),
        LIST_SEPARATOR.join(dict.fromkeys(filter(None, attributions))),
        len(article_ids),
        LIST_SEPARATOR.join(article_ids),
        LIST_SEPARATOR.join([urls.get(a, "") for a in article_ids]),
        first.sentence,
        first.admin2,
        first.feature_code,
        max(filter(None, tolls), default=None),  # the highest toll any article gives
    )


# The values of a merged row, in the order _merged_row gives them.
_ROW_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "quantity", "quantity_unit", "location", "place_id", "latitude", "longitude",
    "admin1", "country_code", "geo_precision", "attribution", "num_articles", "article_ids",
    "source_urls", "notes", "admin2", "feature_code", "fatalities",
)  # fmt: skip
_ORDER = ("event_date", "location", "place_id", "event_type", "sub_event_type")
_ORDER_VALUES = operator.itemgetter(*(_ROW_COLUMNS.index(c) for c in _ORDER))


def _row_order(row: tuple) -> tuple:
    """Rows by date (undated last), location, place, event type and sub-type."""
    date, *rest = _ORDER_VALUES(row)
    return (date or "9999", *rest)
