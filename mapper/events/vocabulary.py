"""The event vocabulary: `resources/events/` read and compiled once per process (`load_vocabulary`).

The vocabulary's files are data with examples (`mapper/resources/README.md`); this module turns
them into matchers: token patterns (`mapper.tokenpatterns`) for the triggers, word regexes for
the rest, and the tables (sides, attribution, units, numbers) the other stages read."""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from mapper.articles import YAML_LOADER
from mapper.compiled import cache_file, load_compiled
from mapper.gazetteer import cache_dir
from mapper.text import LANGUAGE as TEXT_LANGUAGE
from mapper.text import MONTHS as _MONTHS
from mapper.text import WEEKDAYS
from mapper.tokenpatterns import Lexicon, TokenMatcher, TokenPattern, compile_pattern

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


Table = Hashable  # a table's group in `Vocabulary.lexicon`: ("weapon", 0), "heard"


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One kind of event and the words that say it happened."""

    event_type: str
    sub_event_type: str  # "weapon": from the weapons table
    units: tuple[str, ...]
    defender: bool
    table: tuple[str, int]  # its token patterns' group in `Vocabulary.lexicon`
    any_article: bool = False  # read in any article, not only in one about armed conflict
    authority: bool = False  # done by the state that holds the place, where no one is named
    means_named: bool = False  # an event only where a weapon or a counted unit is named
    regain: TokenMatcher | None = None  # a territory trigger that is a regain by itself
    story_day: bool = False  # with no day of its own, the day the article gave one like it
    policies: frozenset[str] = frozenset()  # its type's (resources/events/taxonomy.yaml)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The event vocabulary (`resources/events/`, see `vocabulary_files`), compiled."""

    triggers: tuple[TriggerRule, ...]
    weapons: tuple[tuple[Table, str], ...]  # (its table in `lexicon`, sub-event type)
    weapon_default: str
    weapon_mixes: tuple[tuple[tuple[Table, ...], str], ...]  # named together -> one
    weapon_finder: TokenMatcher  # the weapons' patterns alone (grouped as in `lexicon`)
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
    told_before: re.Pattern[str]  # before a trigger: "previously": context, not news
    vague_places: re.Pattern[str]  # right after a trigger: "some settlements": uncounted
    caption: re.Pattern[str]  # a sentence that is a photo's caption, which tells no event
    suffered: re.Pattern[str]  # a trigger whose subject is the side it was done to
    negated: re.Pattern[str]  # a negation and up to five words, to the end: see _is_negated
    denied_after: re.Pattern[str]  # "... were false" after a trigger
    # tables of `lexicon`: "other_senses" ("quakes struck", "teachers striking": no event of
    # war) and "heard" ("explosions were heard": a trigger inside tells no event)
    any_trigger: TokenMatcher  # every trigger pattern at once: a quick first pass
    lexicon: TokenMatcher  # every token pattern, grouped by table: what a sentence holds
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


def _matcher(patterns: list, words: Lexicon) -> TokenMatcher:
    """One table's token patterns (data), compiled into a matcher of their own."""
    return TokenMatcher((k, compile_pattern(p, words)) for k, p in enumerate(patterns))


def _grouped(tables: list[tuple[Table, list[tuple[Hashable, TokenPattern]]]]) -> TokenMatcher:
    """One matcher of the compiled patterns of `tables`, each table a group of its own."""
    return TokenMatcher(
        [p for _, patterns in tables for p in patterns],
        [table for table, patterns in tables for _ in patterns],
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


LANGUAGE = TEXT_LANGUAGE  # the language of the texts read (a folder of resources/events/)


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
    """The compiled event vocabulary, once per process: read from the cache folder's copy
    (`mapper.compiled`) when it was compiled from these vocabulary files, words of the
    language and code, else compiled (`compile_vocabulary`) and the copy written again."""
    text_words = Path(str(resources.files("mapper") / "resources" / "text")).glob("*.yaml")
    return load_compiled(
        cache_file(cache_dir(), "events-vocabulary"),
        [*vocabulary_files(), *sorted(text_words)],
        compile_vocabulary,
        Vocabulary,
    )


def compile_vocabulary() -> Vocabulary:
    """Read and compile the event vocabulary (`load_vocabulary` keeps it compiled)."""
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
    words = Lexicon.of(v["token_sets"], v["irregular_verbs"])
    rule_patterns = [
        [((n, k), compile_pattern(p, words)) for k, p in enumerate(t["patterns"])]
        for n, t in enumerate(_checked_triggers(v))
    ]
    triggers = tuple(
        TriggerRule(
            t["event_type"],
            t["sub_event_type"],
            tuple(t.get("units") or ()),
            bool(t.get("defender", False)),
            ("trigger", n),
            bool(t.get("any_article", False)),
            bool(t.get("authority", False)),
            bool(t.get("means_named", False)),
            _matcher(t["regain"], words) if "regain" in t else None,
            bool(t.get("story_day", False)),
            frozenset(v["types"][t["event_type"]]["policies"]),
        )
        for n, t in enumerate(v["triggers"])
    )
    modal = _longest_first(w.lower() for w in v["modal_cues"])
    tables: list[tuple[Table, list]] = [
        *((("trigger", n), t["patterns"]) for n, t in enumerate(v["triggers"])),
        *((("weapon", k), w["patterns"]) for k, w in enumerate(v["weapons"])),
        *(
            (("mix", k, j), named)
            for k, mix in enumerate(v["weapon_mixes"])
            for j, named in enumerate(mix["named"])
        ),
        ("other_senses", v["other_senses"]["patterns"]),
        ("heard", v["heard"]["patterns"]),
    ]
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
    compiled = [
        (table, [((table, k), compile_pattern(p, words)) for k, p in enumerate(patterns)])
        for table, patterns in tables
    ]
    lexicon = _grouped(compiled)
    word_patterns: list[WordPattern] = [
        *unit_words.values(),
        *(rx for rx, *_ in (*attribution, *actors, *relative_dates)),
    ]
    scan = HeadScan.of(word_patterns)
    return Vocabulary(
        triggers=triggers,
        weapons=tuple((("weapon", k), w["sub_event_type"]) for k, w in enumerate(v["weapons"])),
        weapon_default=v["weapon_default"],
        weapon_mixes=tuple(
            (tuple(("mix", k, j) for j in range(len(mix["named"]))), mix["sub_event_type"])
            for k, mix in enumerate(v["weapon_mixes"])
        ),
        weapon_finder=_grouped([(t, ps) for t, ps in compiled if t[0] == "weapon"]),
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
        told_before=re.compile(v["told_before_cues"]),
        vague_places=re.compile(rf"\s*(?:{v['vague_places']})\b"),
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
        any_trigger=any_trigger,
        lexicon=lexicon,
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
# The locatives of Vocabulary.count_before; the words it allows after them are place fillers.
_COUNT_LOCATIVES = frozenset("in over at near across on".split())
_COUNT_FILLERS = ("the", "annexed", "occupied")


def _number_words(numbers: Iterable[str]) -> tuple[str, ...]:
    """The words count_before reads as numbers; ("",), which every word ends with, if
    one is not ASCII (then _may_count's lower() may not fold as IGNORECASE does)."""
    words = tuple(numbers)
    return words if "".join(words).isascii() else ("",)


def _side_name(actor: str) -> str:
    """What "Military Forces of {its}" and a source's side call a side: its state's name for
    a state's forces, else the actor's own name."""
    return actor.removeprefix("Military Forces of ")


# Typographic apostrophes read as the plain one the vocabulary writes ("commandant’s").
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc", "'"))


def _lower(text: str) -> str:
    """Lower-case text with plain apostrophes, keeping every offset (a few letters grow when
    lower-cased)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.translate(_APOSTROPHES)
