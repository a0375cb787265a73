"""The event vocabulary: `resources/events/` read and compiled once per process (`load_vocabulary`).

The vocabulary's files are data with examples (`mapper/resources/README.md`); this module turns
them into matchers: token patterns (`mapper.tokenpatterns`) for the words of every table
(triggers, weapons, sources, actors, relative dates, units, conflict words), one grouped
matcher of them all read once per sentence, regexes for the rest (counts, tolls, cues), and
the tables (sides, sources, numbers) the other stages read."""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from mapper.articles import YAML_LOADER
from mapper.compiled import cache_file, load_compiled
from mapper.gazetteer import SETTLEMENT_NOUNS, cache_dir
from mapper.text import LANGUAGE as TEXT_LANGUAGE
from mapper.text import MONTHS as _MONTHS
from mapper.text import WEEKDAYS, tokenize
from mapper.tokenpatterns import (
    Lexicon,
    TokenMatcher,
    TokenPattern,
    compile_pattern,
    plain_apostrophes,
)

# --------------------------------------------------------------------------- vocabulary


class CompiledOnUse(Mapping[str, re.Pattern[str]]):
    """Regular expressions by name, each compiled the first time it is looked up (a process
    that meets a few of them compiles those only); kept and pickled as their sources. Every
    source is compiled once as the mapping is made, so a bad one fails there.

    >>> units = CompiledOnUse({"drones": r"\\d+ drones"})
    >>> units["drones"].match("26 drones")[0]
    '26 drones'
    """

    def __init__(self, sources: dict[str, str]) -> None:
        for source in sources.values():
            re.compile(source)
        self._sources = dict(sources)
        self._compiled: dict[str, re.Pattern[str]] = {}

    def __getitem__(self, name: str) -> re.Pattern[str]:
        pattern = self._compiled.get(name)
        if pattern is None:
            pattern = self._compiled[name] = re.compile(self._sources[name])
        return pattern

    def __iter__(self):
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def __getstate__(self) -> dict[str, str]:
        return self._sources

    def __setstate__(self, sources: dict[str, str]) -> None:
        self._sources = sources
        self._compiled = {}


_WEEKDAYS = WEEKDAYS
_CALENDAR = frozenset(_MONTHS) | frozenset(WEEKDAYS)
_MONTH_ALT = "|".join(
    sorted((m for m in _MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True)
)


Table = Hashable  # a table's group in `Vocabulary.lexicon`: ("weapon", 0), ("actor", 3), "heard"


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
    # (its table in `lexicon`, sub-type): cues in the trigger's clause that change the
    # sub-type, the first found wins ("tear gas": a protest with intervention)
    sub_types: tuple[tuple[Table, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The event vocabulary (`resources/events/`, see `vocabulary_files`), compiled."""

    triggers: tuple[TriggerRule, ...]
    weapons: tuple[tuple[Table, str], ...]  # (its table in `lexicon`, sub-event type)
    weapon_default: str
    strike_weapons: dict[str, str]  # actor -> the sub-type of its strikes that name no weapon
    weapon_mixes: tuple[tuple[tuple[Table, ...], str], ...]  # named together -> one
    weapon_finder: TokenMatcher  # the weapons' patterns alone (grouped as in `lexicon`)
    units: CompiledOnUse  # canonical unit -> "NUMBER ... UNIT" pattern
    # (the words of a unit, in every match of its pattern: table ("unit", unit) of `lexicon`)
    numbers: dict[str, int]
    count_words: tuple[str, ...]  # what a word ends with where count_before may read a number
    number: str  # regex of one number (digits or words)
    # (its table in `lexicon`, source, how a match that names an armed force ends: "army")
    attribution: tuple[tuple[Table, str, tuple[str, ...]], ...]
    sources: TokenMatcher  # the attribution's patterns alone (grouped as in `lexicon`)
    sides: dict[str, str]  # source -> the country it speaks for ("Russian Ministry of Defence")
    fighting: dict[str, str]  # a side's armed forces speaking -> that side
    civil: frozenset[str]  # the sources that may be actors of what they decide
    actors: tuple[tuple[Table, str], ...]  # (its table in `lexicon`, actor), in order
    # the tables of `actors` that are a side's own name (its `groups`: "Syrian National
    # Army"), not its adjective before a force noun ("Syrian army")
    proper_names: frozenset[Table]
    states: dict[str, str]  # country code -> the name of the state that is a side there
    country_names: dict[str, str]  # country code -> ACLED's name, where the gazetteer's differs
    enemies: dict[str, str]  # a side -> the side its own sources call "the enemy"
    groups: frozenset[str]  # the sides that are no state's forces ("Al Shabaab"): see `{group}`
    struck_by_enemy: frozenset[str]  # states whose land, struck by no one named, its enemy struck
    dead_types: frozenset[str]  # the event types whose toll of the dead is read
    crowds: Mapping[str, str]  # event type -> who gathers, unnamed ("Protesters ({country})")
    # an actor (its template) -> the policy of the only events it is an actor of ("gathering")
    actor_only_of: Mapping[str, str]
    named_there: Mapping[str, str]  # a template filled with a country -> ACLED's name there
    remote_types: frozenset[str]  # the event types done from afar
    ground_types: frozenset[str]  # the event types fought on the ground
    civilian_types: frozenset[str]  # the event types done to civilians (`on_civilians`)
    locatives: frozenset[str]
    fillers: frozenset[str]
    enemy_held: frozenset[str]  # a filler before a place that its state's enemy holds it
    held_by: frozenset[str]  # "-held": a filler before a place held by the side named first
    near: frozenset[str]
    speaker_before: frozenset[str]
    speech_after_place: re.Pattern[str]  # after a toponym: ", officials said": one spoke there
    speech_near: re.Pattern[str]  # right after a source: "said", "wrote": it speaks
    speaks_after: re.Pattern[str]  # right after an actor mention: "said": it speaks, no actor
    spoke_before: re.Pattern[str]  # right before a date: "said on ": the day one spoke on
    back_reference: re.Pattern[str]  # "the ministry said": a source named again (group 1)
    surname_said: re.Pattern[str]  # "Petrenko said": a source named again by surname (group 1)
    opening_pronoun: re.Pattern[str]  # "It": the source of the last event goes on speaking
    source_before: re.Pattern[str]  # right before a toponym: "according to ": a source
    near_area_before: re.Pattern[str]  # "in the area of " right before a place: near it
    ally_before: re.Pattern[str]  # right before an actor mention: "backed by ": an ally
    taken_from_before: re.Pattern[str]  # right before a mention: "from the ": it lost a place
    claimed: re.Pattern[str]  # "claimed responsibility": who did the event told before
    claimed_told: re.Pattern[str]  # "for the (attack)": a claim of an event told before
    another_time: re.Pattern[str]  # "since", "after": a toll of another time than the story's
    toll_participles: tuple[str, ...]  # "killing": a toll told after its event's trigger
    partners_joined: re.Pattern[str]  # " and " between mentions: partners of one side
    members_of: re.Pattern[str]  # " from the " after armed men: whose members they are
    hurt: re.Pattern[str]  # "was wounded": people hurt, told alone after a strike
    speaker_after: frozenset[str]
    not_here: frozenset[str]
    governor_after: re.Pattern[str]  # right after a toponym: " governor": it speaks for it
    governor_before: re.Pattern[str]  # right before a toponym: "the governor of the "
    auxiliaries: frozenset[str]  # after a toponym, before `auxiliary_run`: "was", "has"
    auxiliary_run: re.Pattern[str]  # " been repeatedly ": what may stand before a participle
    saints: tuple[str, ...]  # what a saint's name, not a place's, may begin with: "St. "
    church: re.Pattern[str]  # near a saint's name: a church's noun
    river_after: re.Pattern[str]  # right after a town's name: " River"
    near_feature_after: re.Pattern[str]  # right after a town's name: " Forest": near it
    water_before: re.Pattern[str]  # right before a name: "across the ": a river's
    water_after: re.Pattern[str]  # right after a river's name: "." or " near"
    plain_gap: re.Pattern[str]  # between toponyms of one list: ", the town of "
    count_gap: re.Pattern[str]  # between counted places of one list: " and "
    settlement_words: frozenset[str]  # fillers that tell a settlement: "village"
    feature_words: frozenset[str]  # words that end a feature's name: "river", "bridge"
    possessive_gap: re.Pattern[str]  # between a place and one it holds: " region's "
    residence: re.Pattern[str]  # right before a toponym: "Maria Hall of ": where one lives
    settlement_of: re.Pattern[str]  # between toponyms: " town of ": the first the region
    named_settlement: re.Pattern[str]  # "the village of " before a name
    name_before_aside: re.Pattern[str]  # right before a toponym: "Kamyanka village ("
    anaphor_ranks: dict[str, int]  # a place's noun ("city") -> the rank of what it stands for
    the_place: re.Pattern[str]  # "the city" (group 1: its noun)
    anaphora: re.Pattern[str]  # "in the city" (group 1: its noun), not "the city of"
    possessed_place: re.Pattern[str]  # right after a toponym: "'s port", "'s border villages"
    armed_groups: TokenMatcher  # the sides' own names of their groups: "RSF", "Hamas"
    modal: re.Pattern[str]
    done_before_to: frozenset[str]  # "continued to advance": an infinitive that happened
    used_before_to: frozenset[str]  # "used a drone to attack": so did this one
    purpose_before: re.Pattern[str]  # "to carry out a ... " right before a trigger
    modal_after: re.Pattern[str]  # right after a trigger: "(capturing it) would be"
    habitual: re.Pattern[str]  # near a trigger: "almost daily", "constant": a habit
    ongoing: re.Pattern[str]  # "continued": what goes on where the last event was, to this day
    # right before a trigger: "the ", "blaming Russian ": it tells the last event again
    told_again_before: re.Pattern[str]
    retelling: re.Pattern[str]  # "the attack": the last event named again
    grievance: re.Pattern[str]  # between a protest and a place: "against": what it is about
    into: re.Pattern[str]  # right after a trigger: " deep into the " (group 1) a country
    place_object_gap: re.Pattern[str]  # between a trigger and a place: " of most of the "
    the_before: re.Pattern[str]  # right before a place before a trigger: "the "
    told_before: re.Pattern[str]  # before a trigger: "previously": context, not news
    support_before: re.Pattern[str]  # before a trigger: "backed by": another's means
    vague_places: re.Pattern[str]  # right after a trigger: "some settlements": uncounted
    caption: re.Pattern[str]  # a sentence that is a photo's caption, which tells no event
    suffered: re.Pattern[str]  # a trigger whose subject is the side it was done to
    object_of: re.Pattern[str]  # right before an actor mention: "killed a senior": done to
    owner_before: re.Pattern[str]  # right before one after the trigger: "used by": done to
    crossing: re.Pattern[str]  # a trigger that crosses a border: "incursion", "crossed"
    passive_gap: re.Pattern[str]  # between a mention and a trigger: " were": done to
    passive_be: re.Pattern[str]  # a trigger that begins "were hit": a passive
    progressive: re.Pattern[str]  # a trigger that begins "shelling": no passive
    appositive: re.Pattern[str]  # between a mention and a participle set off: ", who were "
    object_gap: re.Pattern[str]  # between a trigger and a mention: " on the ": done to
    object_pronoun: re.Pattern[str]  # in a trigger: "them": its object is a pronoun
    pronoun_after: re.Pattern[str]  # right after a trigger: " them"
    subject_gap: re.Pattern[str]  # between a subject and its trigger: " had quickly "
    harmed_after: re.Pattern[str]  # right after an actor mention: "were killed": done to
    blamed_before: re.Pattern[str]  # right before an actor mention: "blaming ": it did it
    negated: re.Pattern[str]  # a negation and up to five words, to the end: see _is_negated
    denied_after: re.Pattern[str]  # "... were false" after a trigger
    # tables of `lexicon`: "other_senses" ("quakes struck", "teachers striking": no event of
    # war) and "heard" ("explosions were heard": a trigger inside tells no event)
    any_trigger: TokenMatcher  # every trigger pattern at once: a quick first pass
    lexicon: TokenMatcher  # every token pattern, grouped by table: what a sentence holds
    conflict_context: TokenMatcher  # words that make an article one about armed conflict
    any_article: tuple[TriggerRule, ...]  # the triggers read in other articles too
    any_article_trigger: TokenMatcher  # their patterns, each rule's table a group
    state_acts: TokenMatcher  # after a capital: its state acting ("Kyiv attacked")
    owned: re.Pattern[str]  # an actor mention that ends so names the side done to: "trucks"
    any_number: re.Pattern[str]  # a number right after a non-word character: see _Sentence
    ago: re.Pattern[str]  # "three days ago", "a year ago", "two weeks earlier"
    # a date: a day and a month, a weekday before it may be ("friday, 9 august", "august 9th")
    abs_date: re.Pattern[str]
    abs_tail: re.Pattern[str]  # what follows a month in an `abs_date`: "august 9"
    month_only: re.Pattern[str]  # a month with no day: "since early march" (group since)
    month_lead: str  # the letters of what may stand before the month of a `month_only`
    since_then: tuple[str, ...]  # `since` of a month or year told as of the publication
    abbr_months: dict[str, int]  # "sept" -> 9
    abbr_date: re.Pattern[str]  # "sept. 12, 2024"
    year: re.Pattern[str]  # "in 2022", "the 2019 flood" (group y)
    ago_words: tuple[str, ...]  # what every match of `ago` holds: "ago", "earlier"
    # "two days after " and up to 16 words (no clause break) right before a trigger: the
    # event it tells came that long before the date of the sentence's own ("days after ": some
    # time before, undated)
    time_after: re.Pattern[str]
    days_after: re.Pattern[str]  # "the next day", "a day after the strike": see words.yaml
    clause_break: re.Pattern[str]
    recap_days: int  # an event dated further back than this before publication is background
    dated_by_clause: re.Pattern[str]  # "(the offensive) that began " right before a date
    trigger_phrase: re.Pattern[str]  # between a trigger and that clause: " of the depot"
    bound_before: re.Pattern[str]  # right before a day: "since last ": a bound of a span
    month_end: re.Pattern[str]  # right before a month: "the end of ": its last day
    day_before: re.Pattern[str]  # "the day before", "a day earlier"
    first_day_before: re.Pattern[str]  # "between 3 and " right before "5 march" (group 1: 3)
    last_day_after: re.Pattern[str]  # " and 5" right after "march 3" (group 1: 5)
    dated_dateline: re.Pattern[str]  # "lviv, oct 4 - ": the day a report was filed
    may_the_month: re.Pattern[str]  # "in may", "may 9": the month, not the verb
    act_noun: re.Pattern[str]  # an actor mention that ends so names the side that did it
    tallied: re.Pattern[str]  # a remote trigger so ended, on a region only, is a tally
    times_counted: re.Pattern[str]  # "112 times" after a remote trigger: a tally on a region
    same_day: re.Pattern[str]  # "hours later": the day of the last event told
    community_after: re.Pattern[str]  # "hromada" after a town's name: its community
    one_target_after: re.Pattern[str]  # "on a village" after it: one attack, no tally
    between_places: re.Pattern[str]  # "between " right before two places: near the first
    located_from: re.Pattern[str]  # "located 40 km east of " right before a reference point
    # (table, days, precision, weekday: the last of which up to that day is the day, or -1)
    relative_dates: tuple[tuple[Table, int, int, int], ...]
    count_before: re.Pattern[str]  # "26 in the " right before a listed place
    count_locatives: frozenset[str]  # the locatives of `count_before`
    count_locative: re.Pattern[str]  # " in": one in each match of `count_before`
    fatalities: tuple[re.Pattern[str], ...]  # "killing two civilians": group n, the dead
    toll_before: re.Pattern[str]  # "24 civilians, " right before the next count of a toll
    toll_after: re.Pattern[str]  # " and a civilian" right after a count's noun phrase
    toll_noun: re.Pattern[str]  # " police officers": a count's noun phrase
    toll_word: re.Pattern[str]  # fullmatch: a word a toll counts ("people", "soldiers")
    death_words: tuple[str, ...]  # what every toll of `fatalities` holds: "kill", "died"


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


_ONE_WORD = r"(?:[\w'’-]+\s+)?"
_SETTLEMENT_OF = rf"(?:(?:{'|'.join(SETTLEMENT_NOUNS)})\s+of\s+)?"  # "the villages of"


def _ending_with(cue: str, then: str = "") -> re.Pattern[str]:
    """A regex of text that ends with the alternation `cue`, "the" and what `then` reads (a
    regex: `_ONE_WORD`, `_SETTLEMENT_OF`): what stands right before a mention or a place
    ("according to the", "backed by local", "between the villages of").

    >>> _ending_with("backed by", _ONE_WORD).search("forces backed by local ") is not None
    True
    """
    return re.compile(rf"\b(?:{cue})\s+(?:the\s+)?{then}$")


def _as_regex(patterns: list) -> str:
    """A regex alternation of token patterns of words (`units`, `owned`), matched on lower-cased
    text: each spec a word or `IN` list, `OP: "?"` on one before the last; in their order
    (write the longer first). ValueError on any other.

    >>> _as_regex([[{"IN": ["armoured", "armored"], "OP": "?"}, "vehicles"], ["tanks"]])
    '(?:(?:armoured|armored) )?(?:vehicles)|(?:tanks)'
    """
    out = []
    for pattern in patterns:
        parts = []
        for i, spec in enumerate(pattern):
            spec = {"LOWER": spec} if isinstance(spec, str) else spec
            words = spec.get("IN") or [spec.get("LOWER")] if isinstance(spec, Mapping) else []
            last = i == len(pattern) - 1
            op = spec.get("OP") if isinstance(spec, Mapping) else None
            if (
                not isinstance(spec, Mapping)
                or set(spec) - {"LOWER", "IN", "OP", "PART"}
                or op not in (None, "?")
                or (op and last)
                or not all(isinstance(w, str) and w and w[0] != "&" for w in words)
            ):
                raise ValueError(f"event vocabulary: {pattern!r} is no pattern of words")
            alternation = "|".join(re.escape(w.lower()) for w in words)
            parts.append(
                f"(?:(?:{alternation}) )?" if op else f"(?:{alternation})" + " " * (not last)
            )
        out.append("".join(parts))
    return "|".join(out)


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
        for sub in [t["sub_event_type"], *(c["sub_event_type"] for c in t.get("sub_types", ()))]:
            if sub not in (*kind["sub_event_types"], "weapon", "territory"):
                raise ValueError(f"event vocabulary: {sub!r} is no sub-type of {t['event_type']}")
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


# The entries of words.yaml that are regular expressions compiled as written, each onto the
# `Vocabulary` field of its name
_AS_WRITTEN = (
    "members_of", "community_after", "same_day", "back_reference", "surname_said",
    "opening_pronoun", "auxiliary_run", "church", "river_after", "near_feature_after",
    "water_after", "count_gap", "residence", "modal_after", "retelling",
    "into", "crossing", "passive_gap", "passive_be", "progressive", "appositive", "object_gap",
    "subject_gap", "trigger_phrase", "bound_before", "month_end", "day_before",
    "first_day_before", "last_day_after", "dated_dateline", "may_the_month", "one_target_after"
)  # fmt: skip


def compile_vocabulary() -> Vocabulary:
    """Read and compile the event vocabulary (`load_vocabulary` keeps it compiled)."""
    v = vocabulary_data()
    attribution_rows = [*v["attribution"], *_side_sources(v)]
    numbers = {str(k).lower(): int(n) for k, n in v["number_words"].items()}
    word = "|".join(sorted(numbers, key=len, reverse=True))
    number = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{word})(?:[\s-]+(?:{word}))*)"
    trie = _longest_first(numbers)  # matches what `word` does
    not_counts = v["not_counts"]
    units = CompiledOnUse(
        {
            unit: rf"\b(?P<n>{number})(?:\s*(?:to|-|–|or)\s*(?P<n2>{number}))?\s+"
            rf"(?:[\w-]+\s+){{0,2}}?(?:{_as_regex(u['patterns'])})\b(?!\s+(?:{not_counts}"
            rf"{'|' + v['not_distances'] if unit == 'km' else ''})\b)"
            for unit, u in v["units"].items()
        }
    )
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
            tuple(
                (("sub_type", n, k), c["sub_event_type"])
                for k, c in enumerate(t.get("sub_types", ()))
            ),
        )
        for n, t in enumerate(v["triggers"])
    )
    modal = _longest_first(w.lower() for w in v["modal_cues"])
    blocks_negation = v["blocks_negation"]
    since, part = "|".join(v["since_words"]), "|".join(v["month_parts"])
    ordinals = v["ordinal_suffixes"]
    count_locatives = "|".join(sorted(_words(v["count_locatives"])))
    said = v["said_verbs"]
    settlement = "|".join(SETTLEMENT_NOUNS)
    places = "|".join(v["anaphor_ranks"])
    side_rows = _side_rows(v)
    actor_rows = [*side_rows, *((a["patterns"], a["actor"], False) for a in v["actors"])]
    tables: list[tuple[Table, list]] = [
        *((("trigger", n), t["patterns"]) for n, t in enumerate(v["triggers"])),
        *((("weapon", k), w["patterns"]) for k, w in enumerate(v["weapons"])),
        *(
            (("sub_type", n, k), c["patterns"])
            for n, t in enumerate(v["triggers"])
            for k, c in enumerate(t.get("sub_types", ()))
        ),
        *(
            (("mix", k, j), named)
            for k, mix in enumerate(v["weapon_mixes"])
            for j, named in enumerate(mix["named"])
        ),
        ("other_senses", v["other_senses"]["patterns"]),
        ("heard", v["heard"]["patterns"]),
        *((("actor", k), patterns) for k, (patterns, *_) in enumerate(actor_rows)),
        *((("source", k), a["patterns"]) for k, a in enumerate(attribution_rows)),
        *((("relative_date", k), r["patterns"]) for k, r in enumerate(v["relative_dates"])),
        *((("unit", unit), u["patterns"]) for unit, u in v["units"].items()),
    ]
    attribution = tuple(
        (("source", k), a["source"], tuple(a.get("armed") or ()))
        for k, a in enumerate(attribution_rows)
    )
    states = {s["country"]: _side_name(s["actor"]) for s in v["sides"] if "country" in s}
    actor_of = {_side_name(side["actor"]): side["actor"] for side in v["sides"]}
    if not (
        _words(v["count_locatives"]).issubset(_words(v["locatives"]))
        and _words(v["place_fillers"]).issuperset(v["count_fillers"])
    ):  # _candidates looks for a count only where the walk back over fillers met a locative
        raise ValueError("event vocabulary: count_before's words must be locatives and fillers")
    any_trigger = TokenMatcher(p for patterns in rule_patterns for p in patterns)
    compiled = [
        (table, [((table, k), compile_pattern(p, words)) for k, p in enumerate(patterns)])
        for table, patterns in tables
    ]
    lexicon = _grouped(compiled)
    # the words of war, and every pattern of an armed actor: a side's forces or groups
    # ("Russian units", "JNIM", "its forces"; not "we", which is military only when a source
    # speaks, nor a side's officials, nor "forces" alone, a state's only after its demonym)
    military = {
        ("actor", k)
        for k, (_, actor, _) in enumerate(actor_rows)
        if (k < len(side_rows) and not actor.startswith("Government of"))
        or (
            actor.startswith("Military Forces of")
            and "{our}" not in actor
            and "{demonym}" not in actor
        )
    }
    conflict_context = _matcher(v["conflict_context"]["patterns"], words).patterns + tuple(
        p for table, patterns in compiled if table in military for p in patterns
    )
    return Vocabulary(
        **{key: re.compile(v[key]) for key in _AS_WRITTEN},
        triggers=triggers,
        weapons=tuple((("weapon", k), w["sub_event_type"]) for k, w in enumerate(v["weapons"])),
        weapon_default=v["weapon_default"],
        strike_weapons={s["actor"]: s["strike_weapon"] for s in v["sides"] if "strike_weapon" in s},
        weapon_mixes=tuple(
            (tuple(("mix", k, j) for j in range(len(mix["named"]))), mix["sub_event_type"])
            for k, mix in enumerate(v["weapon_mixes"])
        ),
        weapon_finder=_grouped([(t, ps) for t, ps in compiled if t[0] == "weapon"]),
        units=units,
        numbers=numbers,
        count_words=_number_words(numbers),
        number=number,
        attribution=attribution,
        sources=_grouped([(t, ps) for t, ps in compiled if t[0] == "source"]),
        sides={a["source"]: a["side"] for a in attribution_rows if a.get("side")},
        fighting={a["source"]: a["side"] for a in attribution_rows if a.get("military")},
        civil=frozenset(a["source"] for a in attribution_rows if a.get("civil")),
        actors=tuple((("actor", k), actor) for k, (_, actor, _) in enumerate(actor_rows)),
        proper_names=frozenset(("actor", k) for k, (*_, own) in enumerate(actor_rows) if own),
        states=states,
        country_names={str(k): str(n) for k, n in (v.get("country_names") or {}).items()},
        groups=frozenset(
            s["actor"]
            for s in v["sides"]
            if not s.get("country") and not s["actor"].startswith("Military Forces of")
        ),
        enemies={
            _side_name(side["actor"]): actor_of[side["enemy"]]
            for side in v["sides"]
            if side.get("enemy")
        },
        dead_types=_types_with(v, "dead"),
        crowds={name: kind["crowd"] for name, kind in v["types"].items() if "crowd" in kind},
        actor_only_of={a["actor"]: a["only_of"] for a in v["actors"] if "only_of" in a},
        named_there={str(k): str(n) for k, n in (v.get("named_there") or {}).items()},
        remote_types=_types_with(v, "remote"),
        ground_types=_types_with(v, "ground"),
        civilian_types=_types_with(v, "on_civilians"),
        struck_by_enemy=frozenset(
            _side_name(side["actor"]) for side in v["sides"] if side.get("land_struck_by_enemy")
        ),
        locatives=_words(v["locatives"]),
        fillers=_words(v["place_fillers"]),
        enemy_held=_words(v["enemy_held"]),
        held_by=_words(v["held_by"]),
        near=_words(v["near_words"]),
        speaker_before=_words(v["speaker_before"]),
        speech_after_place=re.compile(rf"^,\s+(?:[\w'’.-]+\s+){{0,5}}?(?:{said})\b"),
        speech_near=re.compile(rf"[^.;]{{0,45}}?\b(?:{said}|{v['shown_verbs']})\b"),
        speaks_after=re.compile(v["speaks_after"].replace("{said}", said)),
        spoke_before=re.compile(v["spoke_before"].replace("{said}", said)),
        source_before=_ending_with("|".join(v["source_before"])),
        near_area_before=_ending_with("|".join(v["near_area_before"]), _SETTLEMENT_OF),
        claimed=re.compile(rf"\b(?:{v['claimed']})\b"),
        claimed_told=re.compile(rf"\b(?:{v['claimed_told']})\b"),
        another_time=re.compile(rf"\b(?:{v['another_time']})\b"),
        toll_participles=tuple(v["toll_participles"]),
        hurt=re.compile(rf"\b(?:{v['hurt']})\b"),
        partners_joined=re.compile(
            rf"\s*(?:,\s*)?(?:{v['partners_joined']})\s+(?:the\s+)?|\s*,\s*"
        ),
        ally_before=_ending_with("|".join(v["ally_before"]), _ONE_WORD),
        taken_from_before=_ending_with("|".join(v["taken_from_before"])),
        speaker_after=_words(v["speaker_after"]),
        not_here=_words(v["not_here"]),
        governor_after=re.compile(v["governor_after"], re.IGNORECASE),
        governor_before=re.compile(v["governor_before"], re.IGNORECASE),
        auxiliaries=_words(v["auxiliaries"]),
        saints=tuple(v["saints"]),
        water_before=re.compile(v["water_before"], re.IGNORECASE),
        plain_gap=re.compile(v["plain_gap"].replace("{settlement}", settlement)),
        settlement_words=_words(v["settlement_words"]),
        feature_words=_words(v["feature_words"]),
        possessive_gap=re.compile(v["possessive_gap"], re.IGNORECASE),
        settlement_of=re.compile(v["settlement_of"].replace("{settlement}", settlement)),
        named_settlement=re.compile(v["named_settlement"].replace("{settlement}", settlement)),
        name_before_aside=re.compile(v["name_before_aside"].replace("{settlement}", settlement)),
        anaphor_ranks={str(k): _RANK_NAMES[r] for k, r in v["anaphor_ranks"].items()},
        the_place=re.compile(v["the_place"].replace("{places}", places)),
        anaphora=re.compile(v["anaphora"].replace("{places}", places)),
        armed_groups=_matcher([g for side in v["sides"] for g in side.get("groups") or ()], words),
        possessed_place=re.compile(
            rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:{_longest_first(v['possessed_places'])})\b",
            re.IGNORECASE,  # (in a name too: "Sagaing Region's Kani Township")
        ),
        modal=re.compile(rf"\b(?:{modal})\b"),
        done_before_to=_words(v["done_before_to"]),
        used_before_to=_words(v["used_before_to"]),
        purpose_before=re.compile(
            rf"\bto (?:{v['purpose_verbs']}) (?:an? |the |its |their )?(?:[\w'-]+ ){{0,2}}$"
        ),
        habitual=re.compile(rf"\b(?:{v['habitual_cues']})\b"),
        ongoing=re.compile(rf"\b(?:{v['ongoing_cues']})\b"),
        grievance=re.compile(v["grievance"], re.IGNORECASE),
        place_object_gap=re.compile(v["place_object_gap"], re.IGNORECASE),
        the_before=re.compile(v["the_before"], re.IGNORECASE),
        told_before=re.compile(v["told_before_cues"]),
        support_before=re.compile(v["support_before_cues"]),
        vague_places=re.compile(rf"\s*(?:{v['vague_places']})\b"),
        caption=re.compile("|".join(f"(?:{c})" for c in v["captions"])),
        suffered=re.compile(rf"(?:{v['suffered'].lower()})\b"),
        harmed_after=re.compile(rf"\s+(?:{v['harmed_after']})\b"),
        blamed_before=_ending_with(v["blamed_before"]),
        told_again_before=re.compile(
            rf"(?:{v['definite_before']})|\b(?:{v['blamed_before']})\s+(?:[\w'’-]+\s+){{0,3}}$"
        ),
        owner_before=_ending_with(v["owner_before"]),
        object_pronoun=re.compile(rf"\b(?:{v['object_pronouns']})\b"),
        pronoun_after=re.compile(rf"\s+(?:{v['object_pronouns']})\b"),
        object_of=re.compile(
            rf"\b(?:{v['object_of']})\s+(?:(?!(?:{blocks_negation})\b)[\w'’-]+\s+){{0,2}}$"
        ),
        negated=re.compile(
            rf"(?:\b(?:{_longest_first(v['negation_cues'])})|n['’]t)\b"
            rf"(?!\s+(?:{_longest_first(v['not_negation'])})\b)"
            # (a conjunction begins another statement; after a preposition the trigger is a
            # noun in another verb's phrase: "did not comment on the Lipetsk strike")
            rf"(?:\s+(?!(?:{blocks_negation})\b)[\w'’-]+){{0,5}}\s+$"
        ),
        denied_after=re.compile(rf"\b(?:{_longest_first(v['denied_after'])})\b"),
        any_trigger=any_trigger,
        lexicon=lexicon,
        conflict_context=TokenMatcher(conflict_context),
        any_article=tuple(t for t in triggers if t.any_article),
        any_article_trigger=_grouped(
            [c for c in compiled if c[0] in {t.table for t in triggers if t.any_article}]
        ),
        state_acts=_matcher(
            [{"pattern": act, "not_followed_by": ["by"]} for act in _state_acts(v)], words
        ),
        owned=re.compile(rf"\b(?:{_as_regex(v['owned']['patterns'])})$"),
        # (as count_before, not the part after a decimal point: "1.5 kilometres" counts no 5)
        any_number=re.compile(
            rf"\W(?<!\d[.,])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{trie})(?:[\s-]+(?:{trie}))*)"
        ),
        ago=re.compile(
            v["ago"].replace("{number}", number).replace("{ago}", "|".join(v["ago_words"]))
        ),
        ago_words=tuple(v["ago_words"]),
        abs_date=re.compile(
            rf"\b(?:(?:{'|'.join(WEEKDAYS)})\s*,?\s+)?(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_ALT})"
            rf"|(?P<m2>{_MONTH_ALT})\s+(?P<d2>\d{{1,2}})(?:{ordinals})?\b)(?:,?\s+(?P<y>\d{{4}}))?"
        ),
        abs_tail=re.compile(rf"(?:{_MONTH_ALT})\s+\d{{1,2}}(?:{ordinals})?\b"),
        month_only=re.compile(
            rf"\b(?P<since>{since})?\s*(?:{part})?\s*"
            rf"(?P<m>{_MONTH_ALT})\b(?!\s+\d{{1,2}}\b)(?:\s+(?P<y>\d{{4}}))?"
        ),
        month_lead="".join(sorted(set("".join(v["since_words"] + v["month_parts"])))),
        since_then=tuple(v["since_then"]),
        abbr_months={str(k): int(n) for k, n in v["abbreviated_months"].items()},
        abbr_date=re.compile(
            rf"\b(?P<m>{'|'.join(sorted(v['abbreviated_months'], key=len, reverse=True))})\."
            r"\s+(?P<d>\d{1,2})\b(?:,?\s+(?P<y>\d{4}))?"
        ),
        year=re.compile(v["year"].replace("{since}", since).replace("{part}", part)),
        time_after=re.compile(v["time_after"].replace("{number}", number)),
        days_after=re.compile(v["days_after"].replace("{number}", number)),
        clause_break=re.compile(v["clause_breaks"]),
        recap_days=int(v["recap_days"]),
        dated_by_clause=re.compile(rf"\b(?:{v['dated_by_clause']})\s+$"),
        act_noun=re.compile(rf"\b(?:{v['act_nouns'].lower()})$"),
        tallied=re.compile(rf"\b(?:{v['tallied_strikes']})\W*$"),
        times_counted=re.compile(rf"\b(?:{v['times_counted'].replace('{number}', number)})"),
        between_places=_ending_with("|".join(v["between_places"]), _SETTLEMENT_OF),
        located_from=re.compile(rf"\b(?:{v['located_from'].replace('{number}', number)})$"),
        relative_dates=tuple(
            (
                ("relative_date", k),
                int(r["days"]),
                int(r["precision"]),
                WEEKDAYS.index(r["weekday"]) if "weekday" in r else -1,
            )
            for k, r in enumerate(v["relative_dates"])
        ),
        count_before=re.compile(
            # (not the part after a decimal point: "1.5 kilometres in the Kursk region")
            rf"(?<!\d[.,])\b(?P<n>{number})\s+(?:(?P<noun>[a-z]+)\s+)?"
            rf"(?:{count_locatives})\s+(?:(?:{'|'.join(v['count_fillers'])})\s+)*$",
            re.IGNORECASE,
        ),
        count_locatives=_words(v["count_locatives"]),
        # (case as count_before's; the lookahead leaves the space after a locative for the
        # next one to begin with)
        count_locative=re.compile(rf"\s(?:{count_locatives})(?=\s)", re.I),
        fatalities=tuple(
            re.compile(
                r"\b(?:"
                + f.replace("{number}", number)
                .replace("{person}", f"(?:{v['toll_person']})")
                .replace("{about}", f"(?:{v['approximators']})")
                + ")"
            )  # (lower case)
            for f in v["fatalities"]
        ),
        toll_before=re.compile(
            rf"\b(?P<n>{number}) (?:[\w'’-]+ ){{0,3}}?(?:{v['toll_nouns']}),?(?: and)? "
            rf"(?:(?:{v['approximators']}) )?$"
        ),
        toll_after=re.compile(
            rf",?(?: and)? (?:(?:{v['approximators']}) )?(?P<n>{number}) (?:[\w'’-]+ ){{0,3}}?"
            rf"(?:{v['toll_nouns']})\b"
        ),
        toll_noun=re.compile(rf" (?:[\w'’-]+ ){{0,3}}?(?:{v['toll_nouns']})\b"),
        toll_word=re.compile(rf"(?:{v['toll_nouns']})"),
        death_words=tuple(v["death_words"]),
    )


def _side_rows(v: dict) -> list[tuple[list, str, bool]]:
    """The actor rows (token patterns, actor, whether the row is a group's own name) of each
    side of the vocabulary's `sides`: its names before what it owns, with no force noun between
    (the side done to: "Russian military trucks"; not "Israeli jets struck targets"), before a
    force noun ("Russian troops"; not "Russian military bloggers"), for a state its government
    ("Russian officials"), each of its groups' own names alone or before a force noun ("AFU
    soldiers", "RSF drones"), and its state acting ("Russia launched", "Kyiv attacked").

    >>> rows = _side_rows({"sides": [{"actor": "Military Forces of X", "names": ["Xian"]}],
    ...                    "force_nouns": {"patterns": [["troops"]]}, "not_forces": ["bloggers"],
    ...                    "owned": {"patterns": [["trucks"]]}, "state_acts": {"patterns": []}})
    >>> rows[1][0][0]["pattern"]
    [{'IN': ['xian'], 'PART': 'last'}, {'IS_PUNCT': False, 'OP': '{0,2}'}, 'troops']
    """
    gap = {"IS_PUNCT": False, "OP": "{0,2}"}
    # before a force noun of more than one word, a gap over no force noun of one: the nearest
    # force noun is the mention's ("Russian warplanes", not "Russian warplanes dropped glide
    # bombs")
    one_word = [force[0] for force in v["force_nouns"]["patterns"] if len(force) == 1]
    nearest = {"IS_PUNCT": False, "NOT_IN": one_word, "OP": "{0,2}"}
    forces = [([gap] if len(f) == 1 else [nearest], f) for f in v["force_nouns"]["patterns"]]
    not_forces = [{"IN": v["not_forces"]}]
    rows: list[tuple[list, str, bool]] = []
    for side in v["sides"]:
        actor = side["actor"]
        # a name's first word, also as the last part of a joined word ("pro-Russian"); the
        # names of one word in one spec (fewer patterns to try)
        words = _name_tokens(side)
        one = [first for first, *rest in words if not rest]
        names = [[{"IN": one, "PART": "last"}]] if one else []
        names += [[{"LOWER": first, "PART": "last"}, *rest] for first, *rest in words if rest]
        if names:
            owned = v["owned"]["patterns"]
            rows.append(([[*n, nearest, *o] for n in names for o in owned], actor, False))
            rows.append(
                (
                    [
                        {"pattern": [*n, *before, *force], "not_followed_by": not_forces}
                        for n in names
                        for before, force in forces
                    ],
                    actor,
                    False,
                )
            )
            if side.get("country"):
                government = f"Government of {_side_name(actor)}"
                officials = {"IN": ["authorities", "officials", "government"]}
                rows.append(([[*n, officials] for n in names], government, False))
        rows += [
            ([group, *([*group, *force] for _, force in forces)], actor, True)
            for group in side.get("groups") or ()
        ]
        if side.get("state"):
            acts = _state_acts(v)
            state = [
                {"pattern": str(name).lower().split(), "followed_by": acts,
                 "not_followed_by": [[*act, "by"] for act in acts]}
                for name in side["state"]
            ]  # fmt: skip
            rows.append((state, actor, False))
    return rows


def _name_tokens(side: dict) -> list[list[str]]:
    """The tokens of each of a side's `names`, as the lower-cased text is tokenized ("U.S." is
    four tokens, "u . s .")."""
    return [[w for *_, w in tokenize(str(n).lower())] for n in side.get("names") or ()]


def _side_sources(v: dict) -> list[dict]:
    """Attribution rows for each state of `sides` whose military no row of `attribution`
    speaks for: its military or army, or its defence ministry, speaking ("the Israeli
    military said"); a mention of its military or army is an actor elsewhere ("the Sudanese
    army shelled the town").

    >>> rows = _side_sources({"attribution": [], "sides": [
    ...     {"actor": "Military Forces of X", "country": "XX", "names": ["Xian"]}]})
    >>> rows[0]["source"], rows[0]["side"], rows[0]["patterns"][0]
    ('Xian military', 'X', ['xian', {'IN': ['military', 'army']}])
    """
    spoken_for = {a.get("side") for a in v["attribution"] if a.get("military")}
    rows = []
    for side in v["sides"]:
        name = _side_name(side["actor"])
        if not side.get("country") or not side.get("names") or name in spoken_for:
            continue
        names = _name_tokens(side)
        rows.append(
            {
                "patterns": [
                    *([*n, {"IN": ["military", "army"]}] for n in names),
                    *([*n, "&DEFENCE", "ministry"] for n in names),
                ],
                "source": f"{side['names'][0]} military",
                "military": True,
                "side": name,
                "armed": ["military", "army"],
            }
        )
    return rows


def _state_acts(v: dict) -> list[list]:
    """Token patterns of what a state does as its military, after its name ("launched", "has
    attacked"; `not_followed_by` "by" where it is read: not "attacked by drones")."""
    return [
        [{"IN": ["has", "had", "have"], "OP": "?"}, *act] for act in v["state_acts"]["patterns"]
    ]


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
_RANK_NAMES = {"spot": _SPOT, "district": _DISTRICT, "area": _AREA, "country": _COUNTRY}


def _number_words(numbers: Iterable[str]) -> tuple[str, ...]:
    """The words count_before reads as numbers; ("",), which every word ends with, if
    one is not ASCII (then _may_count's lower() may not fold as IGNORECASE does)."""
    words = tuple(numbers)
    return words if "".join(words).isascii() else ("",)


def _side_name(actor: str) -> str:
    """What "Military Forces of {its}" and a source's side call a side: its state's name for
    a state's forces, else the actor's own name."""
    return actor.removeprefix("Military Forces of ")


def _lower(text: str) -> str:
    """Lower-case text with plain apostrophes, keeping every offset (a few letters grow when
    lower-cased)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return plain_apostrophes(low)  # (read as the plain one the vocabulary writes)
