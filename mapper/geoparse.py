"""Find the places a text names and resolve each to the gazetteer entry the writer meant.

Recognition proposes every span that the gazetteer (or the demonym table) knows, longest first,
then keeps those a small logistic model, over cues a careful reader uses, finds likely to be
places: is the word a common English word, is it part of a longer capitalised name ("Vladimir
Putin", "Kyiv Independent"), is it after a person's title or a locative preposition ...
Resolution scores each candidate place by its prior (feature type and population), explicit
hierarchy ("Oktyabrskoye in Rylsk district", "Paris, Texas"), the admin word ("Kursk region"),
the countries and regions of the document, and the distance to the other places it names.

>>> from mapper.geoparse import geoparse                                      # doctest: +SKIP
>>> [(t.text, t.place.name) for t in geoparse("Fighting near Sudzha, Kursk Oblast.")]  # +SKIP
[('Sudzha', 'Sudzha'), ('Kursk Oblast', 'Kursk Oblast')]
"""

from __future__ import annotations

import bisect
import csv
import itertools
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np

from mapper.gazetteer import (
    ADMIN_WORDS,
    SETTLEMENT_NOUNS,
    Containers,
    Gazetteer,
    Place,
    admin_core,
    cache_dir,
    hash_key,
    hash_keys,
    haversine_km,
    read_npz_cache,
    write_npz_cache,
)
from mapper.names import name_key
from mapper.text import DIRECTIONS, LANDFORMS, TOKEN, Token, sentence_starts, tokenize

RESOURCES = resources.files("mapper") / "resources"
# The version of what the geoparser returns for a text (its rules and the gazetteer's scoring):
# part of the build cache's key, so a change here re-extracts every article.
GEOPARSER_VERSION = "38"
# In a list of regions, a division named by its core ("Kyiv" of Kyiv Oblast) outweighs a city's
# own first-order division of that name: the list names regions
LIST_CORE_BONUS = 2.5

_GOVERNOR = re.compile(
    r"(?:['’]s)?\s+(?:acting\s+|regional\s+)?governor\b"
    r"|\s+(?:regional|oblast)\s+(?:military\s+|state\s+)?administration\b",  # Sumy's body
    re.IGNORECASE,
)
# Right after a name the gazetteer holds without it: the name is a city's ("Kharkiv City",
# "Kherson city"), whatever division of that name the text also names (not "the Hunan city
# of Yueyang", the province's)
_CITY_AFTER = re.compile(r" [Cc]ity\b(?! of\b)")
# "crossed into Kursk", "the incursion into Belgorod": across a border, into the region (unlike
# "pushed into Kharkiv", which may be the city)
_ACROSS_INTO = re.compile(r"\b(?:crossed|incursions?|cross-border \w+)\s+into\s+$", re.IGNORECASE)
# "Russian forces", "Ukrainian drones": an armed side, which fights abroad as often as at home,
# so no clue to the country of the places near it ("Russian forces advanced toward Pokrovsk")
_ARMED_AFTER = re.compile(
    r"\s+(?:(?:armed|air|special|ground|naval|military)\s+)?(?:forces?|troops|army|military|"
    r"soldiers|servicemen|units?|brigades?|marines|paratroopers|artillery|aircraft|warplanes|"
    r"jets|bombers|drones?|missiles?|shelling|strikes?|airstrikes?|attacks?|assaults?|"
    r"offensive|counteroffensive|counterattacks?|advances?|tanks)\b",
    re.IGNORECASE,
)
# Between a demonym and another one before the force they both name ("Russian and Ukrainian
# forces")
_AND_DEMONYM = re.compile(r"(?:,|\s+and|\s+or)\s+[A-Z][\w'’-]*")


def _names_armed_side(text: str, end: int) -> bool:
    """Whether the demonym that ends at `end` names an armed side: a force follows it, or
    another demonym and then a force ("Russian and Ukrainian troops")."""
    if _ARMED_AFTER.match(text, end):
        return True
    pair = _AND_DEMONYM.match(text, end)
    return pair is not None and _ARMED_AFTER.match(text, pair.end()) is not None


# "... the Kursk, Voronezh, Belgorod, and Nizhny Novgorod regions", "the Sumy and Kharkiv oblasts"
_REGIONS_LIST = re.compile(
    r"\b(?:and|&)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:regions|oblasts|provinces)\b"
)
# What may stand between a place and the larger place that holds it: "X, Y", "X (Y)", "X in Y".
_HOLDER_GAP = re.compile(r"\s*[,(]\s*")  # "Bethesda, Md.", "Sudzha (Kursk Oblast)"
# After a name in a list that ends with the regions' word: "[Kyiv], Sumy and Poltava oblasts"
_LISTED_REGION = re.compile(
    r"(?:,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)*,?\s+(?:and|or)\s+[A-Z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’-]*)?\s+(?:regions|oblasts|provinces)\b"
)
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")  # "Tolpino and Obshchy Kolodez"
# (a part of a town may stand between: "Bakara market in Mogadishu", "Jabalia camp in Gaza")
_PART_OF = r"(?:market|camp|neighbourhood|neighborhood|quarter|district|suburb)\s+in"
_PART_OF_TOWN = re.compile(rf"\s+{_PART_OF}\s+")
_QUALIFIER_GAP = re.compile(rf"\s*(,|\(|in|in the|of|of the|,\s*in|{_PART_OF})\s*")
# After a name that "near" goes before: what is near is its border ("near Mali border")
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier|boundary)\b", re.IGNORECASE)
# "Vesele near Pokrovsk", "Ostrovka, near Sudzha": a settlement placed by a town near it
_NEAR_GAP = re.compile(r",?\s+near\s+(?:the\s+)?")
_SENTENCE_BREAK = re.compile(r"[.?!]\s|\n")
# "the Krasnaya Yaruga district", "the Sudzha and Korenevo [districts]"
_DISTRICT_AFTER = re.compile(r"\s+(?:districts?|raions?)\b")
# After the first names of a list that ends with the districts' word: "the [Sudzha], Glushkovo
# and Korenevo districts" (each is a district)
_LISTED_DISTRICT = re.compile(
    r"(?:,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)*,?\s+(?:and|or)\s+[A-Z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’-]*)?\s+(?:districts|raions)\b"
)
# "A's B district": a name's possessive, then a district's name with its word (`_possessed`)
_POSSESSIVE_GAP = re.compile(r"['’]s\s+")
_ABBREVIATION_END = re.compile(r"(?:[A-Z]\.){2,}$")
_POSSESSIVE = re.compile(r"['’]s$")
# A word that ends with a participle is an adjective, never part of a name:
# "Russian-occupied", "Hamas-run", "RSF-held", "Russian-speaking" ("Rostov-on-Don" and
# "Al-Shabaab" end capitalised, "Nine-year-old" with no participle: a dateline may open a name)
_ADJECTIVE_COMPOUND = re.compile(r"-(?:[a-z]+(?:ed|ing)|held|run|led)$")
_BREAKS = frozenset('.!?;:()[]{}"“”')

# Lower-case words that may sit inside a multi-word place name ("Sea of Azov", "Bosnia and
# Herzegovina", "Rylsk district", "Kursk nuclear power plant").
_CONNECTORS = frozenset(
    "of de del la le les da do dos das di du am im upon on and the al el en sur an der von "
    "y i e".split()
)
_NAME_TAILS = frozenset(
    {w for key in ADMIN_WORDS for w in key.split()}
    | set(
        "nuclear power plant station npp air base airbase airfield sea bridge strait gulf "
        "river lake peninsula island islands mountains".split()
    )
)
# Lower-case words that join the head of a longer name to the rest ("Stade de France").
_NAME_LINKS = frozenset("of de du des del di la le".split())
# The article joined to the next word of an Arabic name ("Wad al-Nourah", "Deir el-Balah")
_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ed|es|er|ez|ul)-[A-Z]")
# Words before a name that say "a place follows".
LOCATIVE = frozenset(
    "in at near from to into towards toward outside inside around across over of "
    "via through between along within throughout beyond".split()
)
# Verbs of war whose object is a place as often as a locative's ("shelled Kherson", "retook
# Robotyne"): read as a locative before a name.
ACTED_ON = frozenset(
    "shelled bombed struck attacked recaptured captured liberated retook seized stormed "
    "pounded targeted raided besieged encircled hit".split()
)
_LOCATIVE_CUE = LOCATIVE | ACTED_ON  # (the recognition model's `locative` cue)
# Months and weekdays: a date, never the first word of a name after them ("On Tuesday Sumy
# was shelled", "In August Sudzha was taken": Sumy and Sudzha are names of their own).
DATE_WORDS = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
# Capitalised words that are not places on their own: dates, compass adjectives and ordinals
# ("in March", "Western support", "First"); as part of a longer name they still count
# ("Western Cape", "First Knyazhy"). Alone they are no name even before a capital ("First
# Deputy", "Central Bank", "North Waziristan", a name the gazetteer lacks; "First" is an
# alternate name of a region of Yemen, "North" a region of Cameroon).
ORDINALS = frozenset("First Second Third".split())
NOT_ALONE = (
    DATE_WORDS
    | ORDINALS
    | frozenset("Western Eastern Northern Southern Central North South East West".split())
)
# Russian and Ukrainian villages numbered by an ordinal ("1-ye Knyazhy", "Vtoroye Ivanovo"),
# written in English with the English ordinal ("First Knyazhy"): the forms the gazetteer's
# names take for each (name keys: "1-ye" is "1 ye"). Where it holds none, the bare name's places
# stand for the numbered one (numbered villages lie side by side).
_ORDINAL_FORMS = {
    "first": ("1 y", "1 ye", "1 ya", "1 yy", "pervyy", "pervy", "pervoye", "pervaya", "pershe",
              "pershyi", "persha"),
    "second": ("2 y", "2 ye", "2 ya", "2 oy", "vtoroy", "vtoroye", "vtoraya", "druhe", "druhyi",
               "druha"),
    "third": ("3 y", "3 ye", "3 ya", "3 iy", "tretiy", "trety", "tretye", "tretya", "tretie",
              "tretia"),
}  # fmt: skip
# A name only villages bear (`Gazetteer.minor_list`) that is also a common English word (Zipf
# frequency at least this: "Gate", "Police", "Mission"), a person's name ("Chan" after a first
# name, "Aminu") or written in capitals ("MIDI plc") is kept only after one of these words or
# with the hierarchy that places it ("Lafiya, Borno State"; "the village of Lafiya").
VILLAGE_WORD_ZIPF = 3.0
VILLAGE_CUES = frozenset("in at near outside inside around into toward towards from".split())
# Words right before a name that say it is a settlement ("the village of Oktyabrskoye").
_SETTLEMENT_CUE = re.compile(
    r"(?P<noun>" + "|".join(SETTLEMENT_NOUNS) + r")\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
# Of those words, the ones that say it is a village: no city of VILLAGE_MAX_POPULATION people or
# more is called one ("the village of Murom" is Belgorod Oblast's, not the city in Vladimir
# Oblast)
VILLAGE_NOUNS = frozenset(("village", "villages", "hamlet"))
VILLAGE_MAX_POPULATION = 50_000
# Capitalised words that start sentences without being part of a name.
_FUNCTION_CAPS = frozenset(
    "the a an in at on of for from to by with and but or as if when while after before since "
    "this that these those it its his her their our we they he she i you there here then "
    "meanwhile however although though also according despite amid during under over near "
    "overnight yesterday today earlier later now last".split()
)

# The recognition model's cues, in the order `_describe` computes them.
FEATURES = tuple(
    "bias zipf zipf_high zipf_minor lower_in_doc prior country admin1 admin_word capital ncand "
    "initial locative title prev_name next_name org_next org_prev all_caps acronym multi "
    "demonym possessive comma_next repeated short first_name after_first_name then_surname".split()
)
# The cues that depend on the name alone (computed once per name and kept), and those that
# depend on where it stands in the text (all 0 or 1: their weights are added when they hold).
_STATIC_FEATURES = tuple(
    "bias zipf zipf_high zipf_minor prior country admin1 admin_word capital ncand all_caps "
    "acronym multi demonym short first_name".split()
)
_CONTEXT_FEATURES = tuple(
    "lower_in_doc initial locative title prev_name next_name org_next org_prev possessive "
    "comma_next repeated after_first_name then_surname".split()
)
assert sorted(_STATIC_FEATURES + _CONTEXT_FEATURES) == sorted(FEATURES)
_MAJOR = frozenset("PPLC ADM1 CONT RGN SEA OCN".split())

# Resolution weights, added to a candidate's prior (a log10-population scale): the share of the
# document's places in the candidate's country, a place of the document in its first-order
# division, and the nearness of the document's unambiguous places.
W_COUNTRY = 4.0
W_ADMIN1 = 2.0
W_NEAR = 3.0
NEAR_KM = 150.0
MAX_CONTEXT = W_COUNTRY + W_ADMIN1 + W_NEAR  # the most pass 2 can add to a candidate
# Where no candidate of a name lies in a country of the document, a place of the document in a
# country that borders the candidate's counts for this much of one in its own ("Israeli jets
# struck Gaza": Gaza in Palestine, not Mozambique's). Chosen among 0.25, 0.5 and 1 on
# GeoWebNews and TR-News.
NEIGHBOUR_SHARE = 1.0
MAX_CANDIDATES = 25  # by prior; context rarely lifts a place from further down
ANCHOR_MARGIN = 1.5  # a pass-1 pick this far ahead of the next candidate anchors distances
# "X near Y": the X within this distance of a settlement Y. Where no X is, X is a village the
# gazetteer does not hold (its namesakes lie elsewhere), and the text places it only near Y.
NEAR_QUALIFIER_KM = 30.0
OWN_TOWN_POPULATION = 20_000  # a town this large is known by its name, whatever "near" says
# "near Tillaberi", "outside Gao": one is near a town, not near a region one may be inside, so
# after these words a settlement of the name wins over a division of it, whatever the context
# (a region is named near with its word: "near the Kursk region")
NEAR_POINT_BONUS = 10.0
_NEAR_BEFORE = re.compile(r"\b(?:near|outside|outskirts of)\s+$", re.IGNORECASE)


def _read_lines(name: str) -> frozenset[str]:
    text = (RESOURCES / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _country_neighbours() -> dict[str, tuple[str, ...]]:
    """Each country's neighbours by land (`resources/country_neighbours.csv`), by ISO code."""
    with (RESOURCES / "country_neighbours.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {row["country_code"]: tuple(row["neighbours"].split()) for row in rows}


def _by_first_word(names: Iterable[str]) -> dict[str, list[tuple[str, ...]]]:
    """Each name's words (as `tokenize` splits them), grouped by its first word, the longest
    first.

    >>> _by_first_word(["Boko Haram", "Boko"])
    {'Boko': [('Boko', 'Haram'), ('Boko',)]}
    """
    out: dict[str, list[tuple[str, ...]]] = {}
    for name in sorted(names, key=lambda n: -len(tokenize(n))):
        words = tuple(t[2] for t in tokenize(name))
        out.setdefault(words[0], []).append(words)
    return out


@dataclass(frozen=True, slots=True)
class Toponym:
    """A span of text that names a place, and the place it was resolved to."""

    start: int
    end: int
    text: str
    place: Place | None
    score: float  # probability that the span names a place, from the recognition model
    kind: str = "name"  # "name" or "demonym" ("Russian" -> Russia)


@dataclass(slots=True, eq=False)  # compared and hashed by identity: one per surface form
class _Name:
    """What a surface form names (memoised per parser: names repeat across a corpus)."""

    cut: int  # characters dropped from the end of the raw text ("Russia's", "St.")
    rows: tuple[int, ...]
    levels: tuple[str, ...]
    kind: str
    key: str  # names.name_key of the surface
    single: bool  # one token
    static: tuple | None = None  # the static cues, their weighted sum, and the feature code
    base: list[float] | None = None  # the gazetteer's score of each candidate


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    first: int  # token indexes
    last: int
    name: _Name
    features: dict[str, float] | None = None
    prob: float = 0.0
    pick: int = -1
    word_like: bool = False  # a village's name that reads as a word or a person: see _kept


_UNSEEN = object()

# A token: (start, end, text); plain tuples, as the tokenizer makes thousands per article.
_Token = Token


_WORD_LISTS_FORMAT = "2"


class WordFrequencies:
    """English words' Zipf frequencies (wordfreq's scale): `get(word, default)` as a dict's.

    Held as two arrays, the words' 64-bit digests in order and their frequencies, so that
    they load in milliseconds where a dict of 320,000 words takes a tenth of a second; a
    word is looked up once a process and remembered. Two tables are equal when they hold
    the same words with the same frequencies."""

    _REMEMBERED = 500_000  # looked-up words kept before the memory is cleared

    def __init__(self, digests: np.ndarray, values: np.ndarray) -> None:
        """`digests` (`hash_key` of each word, ascending, uint64) and each one's frequency
        (float64): the arrays `of` makes, as a cache file keeps them."""
        self._digests = np.array(digests)  # (in memory: a search reads one page a step)
        self._values = values
        self._seen: dict[str, float | None] = {}

    @classmethod
    def of(cls, frequencies: dict[str, float]) -> WordFrequencies:
        digests = hash_keys(list(frequencies))
        values = np.fromiter(frequencies.values(), dtype=np.float64, count=len(frequencies))
        order = np.argsort(digests, kind="stable")
        return cls(digests[order], values[order])

    def get(self, word: str, default: float | None = None) -> float | None:
        value = self._seen.get(word, _UNSEEN)
        if value is _UNSEEN:
            if len(self._seen) > self._REMEMBERED:
                self._seen.clear()
            digest = np.uint64(hash_key(word))
            at = int(np.searchsorted(self._digests, digest))
            found = at < len(self._digests) and self._digests[at] == digest
            value = self._seen[word] = float(self._values[at]) if found else None
        return default if value is None else value

    def __len__(self) -> int:
        return len(self._digests)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordFrequencies):
            return NotImplemented
        return np.array_equal(self._digests, other._digests) and np.array_equal(
            self._values, other._values
        )

    __hash__ = None  # type: ignore[assignment]


def _load_word_lists() -> tuple[WordFrequencies, frozenset[str]]:
    """wordfreq's English Zipf frequencies and gender-guesser's first names (lower-cased).

    Read from a cache file after the first run: parsing the two packages' own files takes
    about 1.5 s, the cache file a few hundredths of a second."""
    from importlib.metadata import version

    tag = f"{_WORD_LISTS_FORMAT}:{version('wordfreq')}:{version('gender-guesser')}"
    cache = cache_dir() / f"wordlists-{hash_key(tag):016x}.npz"
    state = read_npz_cache(cache, tag)
    if state is not None:
        try:
            zipf = WordFrequencies(state["zipf_digests"], state["zipf_values"])
            return zipf, frozenset(_text_of(state["first_names"]).split("\n"))
        except (KeyError, ValueError):  # (UnicodeDecodeError is a ValueError)
            pass  # a damaged cache is rebuilt, never trusted
    from gender_guesser.detector import Detector
    from wordfreq import get_frequency_dict

    zipf = WordFrequencies.of(
        {
            w: math.log10(f) + 9
            for w, f in get_frequency_dict("en", wordlist="best").items()
            if f > 1e-8
        }
    )
    # get_gender() of a name is "unknown" exactly when the name is not among these
    names = frozenset(n for n in Detector(case_sensitive=False).names if "\n" not in n)
    write_npz_cache(
        cache,
        {
            "tag": np.array(tag),
            "zipf_digests": zipf._digests,
            "zipf_values": zipf._values,
            "first_names": _array_of("\n".join(sorted(names))),
        },
    )
    return zipf, names


def _array_of(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _text_of(array: np.ndarray) -> str:
    return array.tobytes().decode("utf-8")


class Demonyms:
    """Demonym key (`name_key`) -> the gazetteer rows (one) of the place it names
    ("russian" -> Russia), as a read-only mapping over `resources/demonyms.csv`: a key's
    place is looked up in the gazetteer at its first use. A demonym whose place the
    gazetteer lacks is not in it; of two lines with one key, the later one found wins."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._places: dict[str, list[tuple[str, str, str]]] = {}
        with (RESOURCES / "demonyms.csv").open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                self._places.setdefault(name_key(rec["demonym"]), []).append(
                    (rec["place"], rec["feature"], rec["country_code"])
                )
        self._rows: dict[str, tuple[int, ...] | None] = {}

    def get(self, key: str, default: tuple[int, ...] | None = None) -> tuple[int, ...] | None:
        if key not in self._places:  # (most words asked about: nothing to remember)
            return default
        rows = self._rows.get(key, _UNSEEN)
        if rows is _UNSEEN:
            rows = self._rows[key] = self._resolve(key)
        return default if rows is None else rows

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> tuple[int, ...]:
        rows = self.get(key)
        if rows is None:
            raise KeyError(key)
        return rows

    def _resolve(self, key: str) -> tuple[int, ...] | None:
        gaz = self._gazetteer
        for place, feature, country in reversed(self._places[key]):
            rows = gaz.candidate_rows(place, feature_codes=[feature])
            if country:
                rows = [r for r in rows if gaz.country_code[r] == country]
            if not rows:
                rows = gaz.candidate_rows(place)[:1]
            if rows:
                return (rows[0],)
        return None


class Geoparser:
    """Recognise and resolve toponyms. Build once (it holds the gazetteer and the model)."""

    def __init__(self, gazetteer: Gazetteer | None = None, model: dict | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self.model = model or json.loads((RESOURCES / "geoparse_model.json").read_text("utf-8"))
        self.threshold = float(self.model.get("threshold", 0.5))
        self.inside_name_cap = float(self.model.get("inside_name_cap", 0.3))
        self.titles = _read_lines("person_titles.txt")
        self._title_ends = {t.rsplit(" ", 1)[-1] for t in self.titles if " " in t}
        # a publication's words ("Kyiv Post") are organisation words too
        self.outlet_words = _read_lines("outlet_words.txt")
        self.org_words = _read_lines("org_words.txt") | self.outlet_words
        self.org_names = _by_first_word(_read_lines("org_names.txt"))
        self.demonyms = Demonyms(self.gazetteer)
        self.neighbours = _country_neighbours()
        self._memo: dict[str, tuple[int, ...]] = {}
        self._names: dict[str, _Name | None] = {}
        self._pairs: dict[tuple[_Name, _Name], tuple[int, int] | None] = {}
        self._demonym_names: dict[tuple[int, str, bool], _Name] = {}
        weights = self.model["weights"]
        self._static_weights = [weights.get(k, 0.0) for k in _STATIC_FEATURES]
        self._context_weights = [weights.get(k, 0.0) for k in _CONTEXT_FEATURES]

    # -- resources -------------------------------------------------------------------------

    @cached_property
    def _word_lists(self) -> tuple[WordFrequencies, frozenset[str]]:
        return _load_word_lists()

    @cached_property
    def _zipf(self) -> WordFrequencies:
        """English word frequencies (Zipf scale) from wordfreq: how common a word is."""
        return self._word_lists[0]

    @cached_property
    def _first_names(self):
        """Whether a word is a given name (gender-guesser's list of 40,000 first names)."""
        names = self._word_lists[1]

        def is_first_name(word: str) -> bool:
            return word[:1].isupper() and word.lower() in names

        return is_first_name

    # -- API -------------------------------------------------------------------------------

    def prepare(self) -> Geoparser:
        """Load now what `parse` would load at its first text (word frequencies, first names:
        about 1.5 s). Before forking workers, so that they share it instead of each loading it."""
        self._zipf  # noqa: B018 (cached properties: reading them loads them)
        self._first_names  # noqa: B018
        return self

    def parse(self, text: str) -> list[Toponym]:
        """The toponyms of `text`, in order, each resolved to a place."""
        tokens = tokenize(text)
        caps = _capitalised(text, tokens)
        spans = self._propose(text, tokens, caps)
        self._describe(text, tokens, spans, caps)
        kept = self._kept(text, tokens, spans)
        self._resolve(text, tokens, kept)
        self._told_apart(text, kept)
        gaz = self.gazetteer
        return [
            Toponym(
                s.start,
                s.end,
                text[s.start : s.end],
                gaz.place(s.pick) if s.pick >= 0 else None,
                round(s.prob, 4),
                s.name.kind,
            )
            for s in kept
        ]

    def proposals(self, text: str) -> list[_Span]:
        """Every candidate span with its cues and probability (for training and inspection)."""
        tokens = tokenize(text)
        caps = _capitalised(text, tokens)
        spans = self._propose(text, tokens, caps)
        self._describe(text, tokens, spans, caps, keep=True)
        return spans

    # -- recognition -----------------------------------------------------------------------

    def _propose(self, text: str, tokens: list[_Token], caps: list[int]) -> list[_Span]:
        """Every span the gazetteer or the demonym table knows, longest match first."""
        spans: list[_Span] = []
        n = len(tokens)
        resume = 0
        for i in caps:
            if i < resume:
                continue
            if tokens[i][2] in NOT_ALONE and (i + 1 >= n or not tokens[i + 1][2][:1].isupper()):
                continue
            organisation = next(
                (
                    len(words)
                    for words in self.org_names.get(tokens[i][2], ())
                    if tuple(t[2] for t in tokens[i : i + len(words)]) == words
                ),
                0,
            )
            if organisation:
                resume = i + organisation  # "Boko Haram": no Boko
                continue
            start = tokens[i][0]
            best: tuple[int, int, _Name] | None = None
            for j in range(i, min(n, i + 7)):
                t = tokens[j][2]
                if j > i and not t[:1].isupper():
                    if t in _BREAKS or t == ",":
                        break
                    if t.lower() not in _NAME_TAILS and not _ARABIC_ARTICLE.match(t):
                        if t in _CONNECTORS or t == "-":
                            continue  # inside a name, never its end ("Sea of Azov")
                        break  # (but "al-Balah" of "Deir al-Balah" goes on the name)
                end = tokens[j][1]
                name = self._name(text[start:end])
                if name is not None:
                    best = (end - name.cut, j, name)
                if t.endswith(("'s", "’s")):
                    break
            if best is not None and best[1] == i and tokens[i][2] in NOT_ALONE:
                # "First" of "First Knyazhy", "North" of "North Waziristan", where no longer
                # name was found
                best = None
            if (
                best is not None
                and best[1] == i
                and i + 1 < n
                and tokens[i + 1][0] == tokens[i][1] + 1
                and _ARABIC_ARTICLE.match(tokens[i + 1][2])
            ):
                best = None  # "Wad" of "Wad al-Nourah", a name the gazetteer does not hold
            if best is not None:
                end, j, name = best
                if (
                    name.kind == "name"
                    and name.key in self.demonyms
                    and _ARMED_AFTER.match(text, end)
                ):
                    # a demonym before a force ("Somali forces"), not the place of its name
                    name = self._demonym(name.cut, name.key, name.single)
                spans.append(_Span(start, end, i, j, name))
                # (a landform word after it is no name of its own: "Valley" of "the Bekaa Valley")
                resume = j + 2 if j + 1 < n and tokens[j + 1][2] in LANDFORMS else j + 1
        return spans

    def _name(self, raw: str) -> _Name | None:
        """What `raw` (a run of tokens) names, if anything (memoised per parser)."""
        hit = self._names.get(raw, _UNSEEN)
        if hit is _UNSEEN:
            if len(self._names) > 200_000:
                self._names.clear()
            hit = self._names[raw] = self._name_uncached(raw)
        return hit

    def _name_uncached(self, raw: str) -> _Name | None:
        cut = 2 if raw.endswith(("'s", "’s")) else 0
        surface = raw[: len(raw) - cut]
        if surface[-1] == "." and not _ABBREVIATION_END.search(surface):
            surface = surface[:-1]
            cut += 1
        key = name_key(surface)
        first = TOKEN.match(raw)[0]
        single = len(first) >= len(surface)
        rows, levels = self._rows_for(surface, key, first)
        minor = self.gazetteer.minor_list
        if rows and not (key in self.demonyms and all(minor[r] for r in rows)):
            return _Name(cut, rows, levels, "name", key, single)
        if key in self.demonyms:  # (a demonym before villages of its name: "Iraqi")
            return self._demonym(cut, key, single)
        return None

    def demonym_country(self, word: str) -> str | None:
        """The country code of the country that `word` is the demonym of ("Russian" -> "RU"),
        else None."""
        rows = self.demonyms.get(name_key(word))
        return self.gazetteer.country_code[rows[0]] if rows else None

    def part_of_country(self, country: Place, word: str) -> Place | None:
        """The region of `country` that a compass `word` before its name stands for
        ("southern" Lebanon: its South Governorate, "northern" Israel: its Northern District;
        `Gazetteer.part_of_country`), else None ("eastern" Ukraine names no division)."""
        direction = DIRECTIONS.get(word.lower())
        return None if direction is None else self.gazetteer.part_of_country(country, direction)

    def _demonym(self, cut: int, key: str, single: bool) -> _Name:
        """The demonym `key` read as its country (memoised per parser, as `_name` is)."""
        name = self._demonym_names.get((cut, key, single))
        if name is None:
            name = _Name(cut, self.demonyms[key], (), "demonym", key, single)
            self._demonym_names[(cut, key, single)] = name
        return name

    def _rows_for(self, surface: str, key: str, first: str) -> tuple[tuple[int, ...], tuple]:
        """Candidate rows and admin levels for a surface form."""
        gaz = self.gazetteer
        levels = admin_core(surface)[1]  # "Rylsk district", "Lipetsk municipal district"
        if levels:
            rows = gaz.candidate_rows(surface)
            if rows:
                divisions = tuple(r for r in rows if gaz.feature_code[r] in levels)
                return divisions or tuple(rows), levels
        rows = self._lookup(key)
        if rows:
            return rows, ()
        ordinal, _, rest = key.partition(" ")
        if rest and ordinal in _ORDINAL_FORMS:  # "First Knyazhy"
            for form in _ORDINAL_FORMS[ordinal]:
                rows = self._lookup(f"{form} {rest}")
                if rows:
                    return rows, ()
            rows = self._lookup(rest)
            if rows and all(gaz.feature_code[r].startswith("PPL") for r in rows[:5]):
                return rows, ()
        if " " not in key and first[:1].isupper() and not first.isupper() and len(first) > 3:
            loose = gaz.lookup_loose(surface)
            if loose and self._zipf.get(key, 0.0) < 1.5:
                return loose, ()
        return (), ()

    def _lookup(self, key: str) -> tuple[int, ...]:
        """The gazetteer's exact lookup, memoised (names repeat across a corpus)."""
        rows = self._memo.get(key)
        if rows is None:
            if len(self._memo) > 200_000:
                self._memo.clear()
            rows = self._memo[key] = self.gazetteer.lookup_key(key)
        return rows

    def _describe(
        self,
        text: str,
        tokens: list[_Token],
        spans: list[_Span],
        caps: list[int],
        *,
        keep: bool = False,
    ) -> None:
        """Compute each span's cues and its probability of naming a place (`keep`: store the
        cues on the span, for training)."""
        context_weights = self._context_weights
        titles = self.titles
        initial = sentence_starts(text)
        lower_words = set(filter(str.islower, map(operator.itemgetter(2), tokens)))
        is_first = self._first_names
        zipf = self._zipf
        # People named in full somewhere in the text ("Vyacheslav Gladkov"): their surnames
        # alone ("Gladkov said") are people too.
        surnames = set()
        for a, b in zip(caps, caps[1:], strict=False):
            if b == a + 1 and tokens[b][0] - tokens[a][1] == 1:
                word = tokens[a][2]
                if (
                    word not in NOT_ALONE
                    and zipf.get(word.lower(), 0.0) < 4.5  # "In", "May", "Will"
                    and is_first(word)
                ):
                    surnames.add(tokens[b][2])
        doc_keys = Counter(s.name.key for s in spans)
        n_tokens = len(tokens)
        minor = self.gazetteer.minor_list
        notable = self._names_a_notable_place
        for s in spans:
            name = s.name
            static_values, static_z, fcode = name.static or self._static_features(text, s)
            surface = text[s.start : s.end]
            single = name.single
            prev = tokens[s.first - 1][2] if s.first > 0 else ""
            prev2 = tokens[s.first - 2][2] if s.first > 1 else ""
            nxt = tokens[s.last + 1][2] if s.last + 1 < n_tokens else ""
            nxt_start = tokens[s.last + 1][0] if s.last + 1 < n_tokens else len(text)
            prev_is_name = (
                prev[:1].isupper()
                # a date opens no name ("On Tuesday Sumy"), but may end one ("Easter Sunday")
                and not (prev in DATE_WORDS and not _names_before(prev2))
                and not _POSSESSIVE.search(prev)
                and not _ADJECTIVE_COMPOUND.search(prev)
                and prev.lower() not in _FUNCTION_CAPS
                and (tokens[s.first - 1][0] not in initial or zipf.get(prev.lower(), 0.0) < 3.0)
                and prev not in titles
            )
            # a capitalised word right after the span, inside the same phrase
            next_is_name = (
                nxt[:1].isupper()
                and nxt_start - s.end <= 1
                and not surface.isupper()
                and not notable(nxt)
                and name_key(nxt) not in self.demonyms
            )
            first_name_cue = static_values[-1] > 0
            context = (  # in the order of _CONTEXT_FEATURES
                single and name.key in lower_words,
                s.start in initial,
                prev.lower() in _LOCATIVE_CUE,
                prev in titles or (prev in self._title_ends and f"{prev2} {prev}" in titles),
                prev_is_name,
                next_is_name,
                nxt in self.org_words,
                prev in self.org_words,
                tokens[s.last][2].endswith(("'s", "’s")),
                nxt == ",",
                doc_keys[name.key] > 1,
                bool(prev) and prev_is_name and is_first(prev),
                next_is_name and first_name_cue and name.kind == "name",
            )
            if keep:
                cues = dict(zip(_STATIC_FEATURES, static_values, strict=True))
                cues.update(zip(_CONTEXT_FEATURES, map(float, context), strict=True))
                s.features = {k: cues[k] for k in FEATURES}
            z = static_z + sum(itertools.compress(context_weights, context))
            s.prob = 1.0 / (1.0 + math.exp(-z))
            # "Vladimir Putin", "Jordan Henderson": a town's name used as a first name
            first_name = (
                single
                and name.kind == "name"
                and fcode.startswith("PPL")
                and fcode != "PPLC"
                and nxt[:1].isupper()
                and nxt_start - s.end == 1
                and nxt not in NOT_ALONE
                and nxt not in self.org_words
                and next_is_name
            ) or (single and name.kind == "name" and surface in surnames and fcode[:3] != "PCL")
            # the head of a longer name the gazetteer does not hold: "Stade de France",
            # "Walsh of Mississauga", "Hart of Dixie"
            headed = (
                single
                and name.kind == "name"
                and nxt in _NAME_LINKS
                and s.last + 2 < n_tokens
                and tokens[s.last + 2][2][:1].isupper()
            )
            if name.kind == "name" and all(minor[r] for r in name.rows):
                s.word_like = (
                    surface.isupper()
                    or (single and static_values[1] >= VILLAGE_WORD_ZIPF)  # zipf
                    or first_name_cue
                    or (single and surface in surnames)
                    or (bool(prev) and prev_is_name and is_first(prev))
                )
            if (
                (prev_is_name and name.kind == "name" and not notable(prev))
                or (next_is_name and nxt in self.org_words)
                or first_name
                or headed
            ):
                # part of a longer name: "Nikkei Asia", "Marco Rubio", "the Kyiv Independent"
                s.prob = min(s.prob, self.inside_name_cap)

    def _static_features(self, text: str, s: _Span) -> tuple:
        """The cues that depend on the name alone, in the order of _STATIC_FEATURES, their
        weighted sum and the feature code of the likeliest candidate (kept on the name)."""
        gaz = self.gazetteer
        name = s.name
        surface = text[s.start : s.end]
        single = name.single
        fcode = gaz.feature_code[name.rows[0]]
        zipf = self._zipf.get(name.key, 0.0) if single else 0.0
        values = (
            1.0,  # bias
            zipf,
            float(zipf > 4.5),  # zipf_high
            zipf * float(not (fcode.startswith("PCL") or fcode in _MAJOR)),  # zipf_minor
            float(gaz.prior[name.rows[0]]) / 10.0,  # prior
            float(fcode.startswith("PCL") or fcode in ("CONT", "RGN")),  # country
            float(fcode == "ADM1"),  # admin1
            float(bool(name.levels)),  # admin_word
            float(fcode == "PPLC"),  # capital
            math.log1p(_candidate_count(gaz, name.rows)) / 3.0,  # ncand
            float(surface.isupper() and len(surface) > 3),  # all_caps
            float(surface.isupper() and len(surface.replace(".", "")) <= 3),  # acronym
            float(not single),  # multi
            float(name.kind == "demonym"),  # demonym
            float(len(surface) <= 3),  # short
            float(single and self._first_names(surface)),  # first_name
        )
        z = sum(map(operator.mul, self._static_weights, values))
        name.static = (values, z, fcode)
        return name.static

    def _names_a_notable_place(self, word: str) -> bool:
        """Whether a word next to a name is itself the name of a place more than a village
        (so that "Patrick Chan" and "Aminu Tambuwal" stay people though villages bear "Chan"
        and "Aminu")."""
        rows = self._lookup(name_key(word))
        minor = self.gazetteer.minor_list
        return any(not minor[r] for r in rows[:3])

    def _kept(self, text: str, tokens: list[_Token], spans: list[_Span]) -> list[_Span]:
        """The spans likely enough to name places, and those that an explicit hierarchy
        confirms: "Bethesda, Md.", where a place the text names lies in the next name's.

        A village's name that reads as a word or a person (`_Span.word_like`) is kept only
        with a cue that a place is meant: a word of VILLAGE_CUES or "the village of" before
        it, or the next name holding it ("Lafiya, Borno State")."""
        kept: list[_Span] = []
        code = self.gazetteer.feature_code
        for k, s in enumerate(spans):
            if s.name.levels and code[s.name.rows[0]] in s.name.levels:
                kept.append(s)  # a division named with its word: "Russia's Kursk region"
                continue
            if s.prob >= self.threshold:
                if not s.word_like or self._village_cue(text, tokens, spans, k):
                    kept.append(s)
                continue
            if self._settlement_told(text, spans, k):
                kept.append(s)  # "the village of Chan", "Pozharna Balka, Poltava Oblast"
                continue
            a = spans[k - 1] if k else None
            if a is None or not kept or kept[-1] is not a or s.name.kind != "name":
                continue
            if _HOLDER_GAP.fullmatch(text, a.end, s.start) and self._qualified(text, a, s):
                kept.append(s)
            elif _LIST_GAP.fullmatch(text, a.end, s.start) and (
                self._same_region(a, s)
                or (code[s.name.rows[0]][:3] == "PPL" and self._settlement_told(text, spans, k - 1))
            ):
                # the next of a list of places of one region, or of settlements: "near the
                # villages of Tolpino and Obshchy Kolodez", "the villages of Nikolayevo-Daryino
                # and Darino", a village too small for its name alone to be kept
                kept.append(s)
        return kept

    def _settlement_told(self, text: str, spans: list[_Span], k: int) -> bool:
        """Whether the text says that span `k`, a weak name, is a settlement: "the village of"
        before it, or a division named with its admin word after it that holds it
        ("Pozharna Balka, Poltava Oblast")."""
        s = spans[k]
        if s.name.kind != "name" or self.gazetteer.feature_code[s.name.rows[0]][:3] != "PPL":
            return False
        return self._cued_or_held(text, spans, k, by_division=True)

    def _village_cue(self, text: str, tokens: list[_Token], spans: list[_Span], k: int) -> bool:
        """Whether span `k` follows a word of VILLAGE_CUES or "the village of", or is held by
        the name after it ("X, Y region", "X (Y)", "X in Y")."""
        s = spans[k]
        if s.first and tokens[s.first - 1][2].lower() in VILLAGE_CUES:
            return True
        return self._cued_or_held(text, spans, k, by_division=False)

    def _cued_or_held(self, text: str, spans: list[_Span], k: int, *, by_division: bool) -> bool:
        """Whether "the village of" stands before span `k`, or the name after it holds it
        ("X, Y region", "X (Y)", "X in Y"; with `by_division`, only a name with its admin
        word)."""
        s = spans[k]
        if _SETTLEMENT_CUE.search(text, max(0, s.start - 30), s.start):
            return True
        b = spans[k + 1] if k + 1 < len(spans) else None
        return (
            b is not None
            and b.name.kind == "name"
            and (bool(b.name.levels) or not by_division)
            and _QUALIFIER_GAP.fullmatch(text, s.end, b.start) is not None
            and self._qualified(text, s, b) is not None
        )

    def _told_apart(self, text: str, spans: list[_Span]) -> None:
        """Correct the picks that the words around a name decide, among places of that name or
        of the pick's own hierarchy:

        - "X district" (or "raion") where X was resolved to a settlement: the district X
          gives its name to, of the settlement's region ("the Krasnaya Yaruga district" is
          Krasnoyaruzhsky District, not the village); so too a name that opens a list ending
          with "districts" ("the Sudzha and Korenevo districts");
        - "the town of X" where X was resolved to a district or a region: the largest
          settlement of that name in it ("the town of Sudzha", not Sudzhansky District);
        - a settlement that a name fits only as an alternate name, in a sentence that names a
          country: the settlement of that very name in the country named nearest to it
          ("advances toward Pokrovsk in eastern Ukraine": the town in Ukraine).
        """
        gaz = self.gazetteer
        code = gaz.feature_code
        countries: dict[int, list[tuple[int, str]]] | None = None  # by sentence
        sentence_of = None
        for s in spans:
            r = s.pick
            if r < 0 or s.name.kind != "name":
                continue
            c = code[r]
            if _is_point(gaz.place(r)):
                if _DISTRICT_AFTER.match(text, s.end) or _LISTED_DISTRICT.match(text, s.end):
                    s.pick = self._district_of(r)
                    continue
                if not gaz.named_exactly(text[s.start : s.end], (r,))[0]:
                    if countries is None:
                        countries, sentence_of = self._countries_by_sentence(text, spans)
                    named = countries.get(sentence_of(s.start))
                    if named:
                        order = sorted(named, key=lambda n: abs(n[0] - s.start))
                        s.pick = self._namesake_in(
                            text[s.start : s.end], r, [cc for _, cc in order]
                        )
            elif c in ("ADM1", "ADM2", "ADM3", "ADM4", "ADMD") and _SETTLEMENT_CUE.search(
                text, max(0, s.start - 30), s.start
            ):
                s.pick = self._settlement_in(text[s.start : s.end], r)

    def _countries_by_sentence(self, text: str, spans: list[_Span]):
        """The countries each sentence names (their start and code), by sentence, and the
        function from a position to its sentence."""
        ends = [m.end() for m in _SENTENCE_BREAK.finditer(text)]

        def sentence_of(pos: int) -> int:
            return bisect.bisect_right(ends, pos)

        gaz = self.gazetteer
        out: dict[int, list[tuple[int, str]]] = {}
        for s in spans:
            if s.pick >= 0 and s.name.kind == "name" and gaz.feature_code[s.pick][:3] == "PCL":
                out.setdefault(sentence_of(s.start), []).append((s.start, gaz.country_code[s.pick]))
        return out, sentence_of

    def _district_of(self, row: int) -> int:
        """The second-order division that holds settlement `row` (`row` if none is known)."""
        gaz = self.gazetteer
        place = gaz.place(row)
        if not place.admin2_name:
            return row
        for r in gaz.lookup(place.admin2_name)[:10]:
            p = gaz.place(r)
            if p.feature_code == "ADM2" and p.admin1_name == place.admin1_name:
                return r
        return row

    def _settlement_in(self, name: str, row: int) -> int:
        """The most populous settlement called `name` in division `row` (`row` if none)."""
        gaz = self.gazetteer
        district = gaz.place(row)
        best, most = row, -1
        for r in gaz.lookup(name)[:50]:
            p = gaz.place(r)
            if (
                p.feature_class == "P"
                and p.admin1_name == district.admin1_name
                and (district.feature_code == "ADM1" or p.admin2_name == district.admin2_name)
                and p.population > most
            ):
                best, most = r, p.population
        return best

    def _namesake_in(self, name: str, row: int, countries: list[str]) -> int:
        """Of the settlements that bear `name` as their own name, the one in the first of
        `countries` that holds one; `row` if it lies in a country before that, or if none."""
        gaz = self.gazetteer
        key = name_key(name)
        own = gaz.country_code[row]
        same = [r for r in gaz.lookup(name)[:20] if name_key(gaz.fields(r)[1]) == key]
        for cc in countries:  # the country named nearest first
            if cc == own:
                return row
            for r in same:
                if gaz.feature_code[r][:1] == "P" and gaz.country_code[r] == cc:
                    return r
        return row

    def _same_region(self, a: _Span, b: _Span) -> bool:
        """Whether `b`, a name of more than one word (one word alone is too often a person's
        or a common word's), has a candidate in the first-order division of a candidate of
        `a` ("Lyubimovka, Nizhny Klin": Kursk's Lyubimovka, not Kherson's Liubymivka, which
        is likelier alone)."""
        if b.name.single or a.name.kind != "name":
            return False
        admin1 = self.gazetteer.admin1_list
        homes = {admin1[r] for r in a.name.rows} - {-1}
        return any(admin1[r] in homes for r in b.name.rows)

    # -- resolution ------------------------------------------------------------------------

    def _resolve(self, text: str, tokens: list[_Token], spans: list[_Span]) -> None:
        """Pick each span's place: prior, hierarchy, document countries, nearby places.

        One sense per discourse: spans with the same name and the same local cues are scored
        once per document.
        """
        gaz = self.gazetteer
        if not spans:
            return
        region_sentences, sentence_of = self._region_list_sentences(text, spans)
        groups: dict[tuple, list[int]] = {}
        for k, s in enumerate(spans):
            name = s.name
            in_list = bool(region_sentences) and sentence_of(s.start) in region_sentences
            regional = not name.levels and bool(
                _GOVERNOR.match(text, s.end)
                or _ACROSS_INTO.search(text, max(0, s.start - 40), s.start)
            )
            city = not name.levels and _CITY_AFTER.match(text, s.end) is not None
            key = (name.key, name.levels, name.kind, in_list, regional, city)
            groups.setdefault(key, []).append(k)

        # Pass 1: the prior (plus explicit hierarchy), to learn what the text is about.
        base: dict[tuple, list[float]] = {}
        confident: set[int] = set()
        fcode = gaz.feature_code
        for key, members in groups.items():
            s = spans[members[0]]
            rows = s.name.rows
            score = self._base_scores(text, s, regional=key[4], city=key[5])
            if key[3]:  # a list of regions: bare names are the regions ("Kyiv, Sumy and
                # Poltava oblasts": Kyiv Oblast, not the city's own division)
                core = LIST_CORE_BONUS if _LISTED_REGION.match(text, s.end) else 0.0
                exact = gaz.named_exactly(text[s.start : s.end], rows)
                score = [
                    v + 6.0 * (fcode[r] == "ADM1") + core * (fcode[r] == "ADM1" and not e)
                    for v, r, e in zip(score, rows, exact, strict=False)
                ]
            base[key] = score
            best = max(range(len(score)), key=score.__getitem__)
            pick = rows[best]
            for k in members:
                spans[k].pick = pick
            if fcode[pick][:1] != "A":
                runner_up = max(score[:best] + score[best + 1 :], default=-math.inf)
                if score[best] - runner_up >= ANCHOR_MARGIN:
                    confident.add(pick)  # a point place the document clearly names
        qualifiers = self._qualifiers(text, spans)
        for idx, q in qualifiers.items():
            spans[idx].pick = q
        countries: Counter[str] = Counter()
        armed: Counter[str] = Counter()  # the countries of armed sides ("Israeli troops")
        admin1s: Counter[int] = Counter()
        admin1_of = gaz.admin1_list
        country_of = gaz.country_code
        for s in spans:
            r = s.pick
            if r < 0:
                continue
            if s.name.kind == "demonym" and _names_armed_side(text, s.end):
                armed[country_of[r]] += 1
                continue
            countries[country_of[r]] += 1
            if admin1_of[r] >= 0:
                admin1s[admin1_of[r]] += 1
        total = sum(countries.values())
        anchors = sorted(confident | set(qualifiers.values()) - {-1})

        # Pass 2: context, once per group, all groups' candidates scored together.
        todo: list[tuple[list[int], int, int]] = []  # members, and the group's candidates
        rows: list[int] = []
        score: list[float] = []
        share: list[float] = []
        denominator: list[int] = []
        # a division named counts for its own candidates only where another name is in it
        in_named_division: list[bool] = []
        for key, members in groups.items():
            pending = [k for k in members if k not in qualifiers]
            if not pending or len(spans[pending[0]].name.rows) < 2:
                continue
            s = spans[pending[0]]
            group_score = base[key]
            # context adds at most MAX_CONTEXT: a candidate further behind can never win
            floor = max(group_score) - MAX_CONTEXT
            alive = [k for k, v in enumerate(group_score) if v >= floor]
            if len(alive) == 1:
                continue
            todo.append((pending, len(rows), len(rows) + len(alive)))
            own_cc = country_of[s.pick]
            inside = []
            for k in alive:
                r = s.name.rows[k]
                rows.append(r)
                score.append(group_score[k])
                cc = country_of[r]
                # (the group's own members count for none of its candidates)
                inside.append(countries[cc] - len(members) * (cc == own_cc))
                denominator.append(max(total - len(members), 1))
                division = admin1_of[r]
                in_named_division.append(
                    admin1s.get(division, 0) - len(pending) * (division == s.pick) > 0
                )
            if max(inside) > 0:
                share += inside
                continue
            # none of the text's countries holds a candidate: their neighbours count, and an
            # armed side's country and its neighbours ("Israeli troops ... in Jenin": the West
            # Bank's, not a village of Poland), where the side fights (counted nowhere else)
            for k, count in zip(alive, inside, strict=True):
                near = self.neighbours.get(country_of[s.name.rows[k]], ())
                beside = sum(countries[n] for n in near) - len(members) * (own_cc in near)
                beside += armed[country_of[s.name.rows[k]]] + sum(armed[n] for n in near)
                share.append(count + NEIGHBOUR_SHARE * beside)
        if not todo:
            return
        candidates = np.array(rows)
        context = np.array(score)
        context += W_COUNTRY * np.clip(np.array(share), 0, None) / np.array(denominator)
        context += W_ADMIN1 * np.array(in_named_division)
        if anchors:
            d = haversine_km(
                gaz.lat[candidates][:, None], gaz.lon[candidates][:, None],
                gaz.lat[anchors][None, :], gaz.lon[anchors][None, :],
            )  # fmt: skip
            for pending, lo, hi in todo:  # a name is not its own anchor
                own = spans[pending[0]].name.rows
                for col, a in enumerate(anchors):
                    if a in own:
                        d[lo:hi, col] = np.inf
            context += W_NEAR * np.exp(-d.min(axis=1) / NEAR_KM)
        final = context.tolist()
        for pending, lo, hi in todo:
            pick = rows[max(range(lo, hi), key=final.__getitem__)]
            for k in pending:
                spans[k].pick = pick

    def _base_scores(
        self, text: str, s: _Span, *, regional: bool = False, city: bool = False
    ) -> list[float]:
        """The gazetteer's score of each candidate for this name, and the admin context
        (`regional`: a governor's or a border's, so the region; `city`: "Kharkiv City")."""
        gaz = self.gazetteer
        name = s.name
        score = name.base
        if score is None:
            rows = name.rows[:MAX_CANDIDATES]
            if name.kind != "name":
                score = [gaz._prior_list[r] for r in rows]
            else:
                score = gaz.score_list(text[s.start : s.end], rows)
            name.base = score
        if name.kind != "name":
            return score
        fcode = gaz.feature_code
        rows = name.rows
        start = s.start
        before = text[max(0, start - 30) : start]
        # a settlement told as one, before it ("the town of X", the cue ending in "of" or "of
        # the": most names are passed without the search) or after it (`city`: "X City")
        cue = None
        if before.rstrip().lower().endswith(("of", "the")):
            cue = _SETTLEMENT_CUE.search(before)
        if cue is not None or city:
            village = cue is not None and cue["noun"].lower() in VILLAGE_NOUNS
            population = gaz.population
            score = [
                v
                + 5.0 * fcode[r].startswith("PPL")
                - 5.0 * (village and population[r] >= VILLAGE_MAX_POPULATION)
                for v, r in zip(score, rows, strict=False)
            ]
        if (
            not name.levels
            and before.endswith(" ")
            and _NEAR_BEFORE.search(before)
            and not _BORDER_AFTER.match(text, s.end)  # near a border: "near Mali border"
        ):
            score = [
                v + NEAR_POINT_BONUS * fcode[r].startswith("PPL")
                for v, r in zip(score, rows, strict=False)
            ]
        if regional:
            # "Belgorod governor": a governor governs the region, not the city; "crossed into
            # Kursk": the border is the region's
            score = [v + 8.0 * (fcode[r] == "ADM1") for v, r in zip(score, rows, strict=False)]
        return score

    def _qualifiers(self, text: str, spans: list[_Span]) -> dict[int, int]:
        """Spans resolved by explicit hierarchy: "X, Y", "X in Y district", "X (Y)", and
        "Y's X district" (`_possessed`). A place name whose every candidate lies outside the
        division named after it with its admin word ("Yantarne, Donetsk Oblast", where the
        gazetteer holds only the Yantarne of another oblast) is resolved to no place (-1): the
        qualifier is never ignored."""
        out: dict[int, int] = {}
        for k in range(len(spans) - 1):
            a, b = spans[k], spans[k + 1]
            if b.start - a.end > 20 and not text[a.end : b.start].isspace():
                continue  # too far apart for the connecting words below
            if _POSSESSIVE_GAP.fullmatch(text, a.end, b.start) and b.name.levels[:1] == ("ADM2",):
                held = self._possessed(text, a, b)
                if held is not None:
                    if held[0] is not None:
                        out.setdefault(k, held[0])
                    out[k + 1] = held[1]
                continue
            if _NEAR_GAP.fullmatch(text, a.end, b.start):
                near = self._near(a, b)
                if near is not None:
                    out[k] = near
                continue
            if not _QUALIFIER_GAP.fullmatch(text, a.end, b.start):
                continue
            if _LISTED_REGION.match(text, a.end):
                continue  # a list of regions, not "X, Y": "the Volyn, Rivne and Lviv regions"
            if b.name.kind == "demonym":
                continue  # "near Plekhovo, Ukrainian intelligence said": no "Plekhovo, Ukraine"
            within = text[a.end : b.start].strip() in ("in", "in the")
            if len(a.name.rows) < 2 and a.name.kind == "name":
                if self._outside(a, b, within):
                    out[k] = -1
                continue
            if k + 2 < len(spans) and text[a.end : b.start].strip() == "(":
                # "Pokrovsk district (Pokrovsk, Donetsk)": the aside's last name, the larger
                # division, holds it where it holds any of its places
                c = spans[k + 2]
                if text[b.end : c.start].strip() == "," and (hit := self._qualified(text, a, c)):
                    out[k] = hit[0]
                    out.setdefault(k + 2, hit[1])
                    continue
            hit = self._qualified(text, a, b)
            if hit is not None:
                out[k] = hit[0]
                out.setdefault(k + 1, hit[1])
            elif self._outside(a, b, within):
                out[k] = -1
            elif (part := _PART_OF_TOWN.fullmatch(text, a.end, b.start)) or within:
                # in a town: "Jabalia camp in Gaza"; a part of a town ("Bakara market in
                # Mogadishu") that none of the name's places near it is, is none of them
                near = self._near(a, b)
                if near is not None and (near >= 0 or part):
                    out[k] = near
        return out

    def _possessed(self, text: str, a: _Span, b: _Span) -> tuple[int | None, int] | None:
        """The places of A and B in "A's B district", a district that A holds (A a name's
        possessive, `a`; B a name whose admin word, "district" or "raion", makes it a
        second-order division: its `levels`, `b`).

        Where A may be read as first-order divisions or countries, and one holds a candidate
        of B, those two ("Sumy's Shostka district": Sumy Oblast and its Shostka Raion). Where
        none does, B is no namesake district elsewhere but a part of the town that A also
        names, one the gazetteer does not hold: B is no place (-1), and A the settlement of
        its name in that first-order division ("Kherson's Dniprovskyi district": the city of
        Kherson, not Kherson Oblast, since the Dnipro Raion lies in another region), or no
        decision on A (None) where it holds none. Where A names no such area, B is no place
        unless a candidate lies in the region of one of A's places (then None: no decision;
        "Dnipro's Samarskyi district" is no place, Samara Oblast lies in Russia)."""
        if a.name.kind != "name" or b.name.kind != "name":
            return None
        gaz = self.gazetteer
        code = gaz.feature_code
        rows = a.name.rows[:20]
        districts = b.name.rows[:20]
        areas = [r for r in rows if code[r] == "ADM1" or code[r].startswith("PCL")]
        if areas:
            containers = Containers(gaz, areas)
            inside = [r for r in districts if containers.hold(r)]
            if inside:
                return containers.first_holding(inside[0]), inside[0]
            surface = text[a.start : a.end]
            for r in areas:
                if code[r] == "ADM1" and (town := self._settlement_in(surface, r)) != r:
                    return town, -1
            return None, -1
        admin1 = gaz.admin1_list
        regions = {admin1[r] for r in rows} - {-1}
        return None if any(admin1[r] in regions for r in districts) else (None, -1)

    def _near(self, a: _Span, b: _Span) -> int | None:
        """The settlement `a` names that lies near a settlement `b` names ("Vesele near
        Pokrovsk": of the many Veseles, the one within NEAR_QUALIFIER_KM of Pokrovsk), the best
        by prior if several; -1 (no place) where none does and no candidate of `a` is a town
        of OWN_TOWN_POPULATION: a village the gazetteer does not hold, which is not its
        namesake far away. None (no decision) where either name is not a settlement's."""
        gaz = self.gazetteer
        if a.name.kind != "name" or b.name.kind != "name" or a.name.levels:
            return None
        code = gaz.feature_code
        rows = a.name.rows[:200]
        points = [r for r in b.name.rows[:10] if code[r].startswith("PPL")]
        if not points or not all(code[r].startswith("PPL") for r in rows):
            return None
        d = haversine_km(
            gaz.lat[list(rows)][:, None], gaz.lon[list(rows)][:, None],
            gaz.lat[points][None, :], gaz.lon[points][None, :],
        ).min(axis=1)  # fmt: skip
        near = [r for r, km in zip(rows, d.tolist(), strict=True) if km <= NEAR_QUALIFIER_KM]
        if near:
            prior = gaz._prior_list
            return max(near, key=prior.__getitem__)
        population = gaz.population
        return -1 if all(population[r] < OWN_TOWN_POPULATION for r in rows) else None

    def _outside(self, a: _Span, b: _Span, within: bool = False) -> bool:
        """Whether `b` names a division with its admin word ("Donetsk Oblast", "Sumy
        region"), or after "in" (`within`: "Rubaya in North Kivu") names one at all, and every
        candidate of `a`, a settlement's name, lies outside it. A name that may itself be a
        division of that level is left alone: "Kursk, Belgorod region" may list regions."""
        gaz = self.gazetteer
        if a.name.kind != "name" or b.name.kind != "name":
            return False
        code = gaz.feature_code
        levels = b.name.levels or (
            (code[b.name.rows[0]],) if within and code[b.name.rows[0]][:3] == "ADM" else ()
        )
        if not levels:
            return False
        rows = a.name.rows[:200]
        if not code[rows[0]].startswith("PPL") or any(code[r] in levels for r in rows):
            return False
        containers = Containers(gaz, b.name.rows[:20])
        return containers.names_areas and all(containers.rules_out(r) for r in rows)

    def _qualified(self, text: str, a: _Span, b: _Span) -> tuple[int, int] | None:
        """The candidate of `a` that lies in a candidate of `b`, and that container (memoised
        per pair of names)."""
        pair = (a.name, b.name)
        hit = self._pairs.get(pair, _UNSEEN)
        if hit is _UNSEEN:
            if len(self._pairs) > 50_000:
                self._pairs.clear()
            hit = self._pairs[pair] = self._qualified_uncached(text[a.start : a.end], *pair)
        return hit

    def _qualified_uncached(self, surface: str, a: _Name, b: _Name) -> tuple[int, int] | None:
        gaz = self.gazetteer
        containers = Containers(gaz, b.rows[:20])
        inside = [r for r in a.rows[:200] if containers.hold(r)]
        if not inside:
            return None
        if len(inside) > 1 and a.kind == "name":  # the likeliest of those inside
            scores = gaz.scores(surface, inside)
            inside = [inside[int(np.argmax(scores))]]
        return inside[0], containers.first_holding(inside[0])

    def _region_list_sentences(self, text: str, spans: list[_Span]):
        """Sentences that list regions ("26 in the Belgorod region, seven in Kursk ..."), and
        the function from a position to its sentence (sentence ends found at its first call)."""
        ends: list[int] | None = None
        out = set()

        def sentence_of(pos: int) -> int:
            nonlocal ends
            if ends is None:
                ends = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
            return bisect.bisect_right(ends, pos)

        for s in spans:
            if "ADM1" in s.name.levels:
                out.add(sentence_of(s.start))
        if "regions" in text or "oblasts" in text or "provinces" in text:
            for m in _REGIONS_LIST.finditer(text):
                out.add(sentence_of(m.start()))
        return out, sentence_of


def _is_point(place: Place) -> bool:
    """Whether `place` is a point of the map, a settlement or a site: no country, division,
    region, body of water or landform."""
    return (
        place.feature_class not in ("A", "H", "L", "T")
        and place.feature_code not in ("CONT", "RGN", "OCN", "ZN", "ZNB")
        and not place.is_country
    )


def _candidate_count(gaz: Gazetteer, rows: tuple[int, ...]) -> int:
    """How many places a name may mean, for the recognition model: villages count as one,
    however many bear the name (a word that a hundred villages bear is no likelier a place)."""
    minor = gaz.minor_list
    villages = sum(minor[r] for r in rows)
    return len(rows) - villages + (villages > 0)


def _names_before(word: str) -> bool:
    """Whether `word`, the token before a date word, may be part of a name with it."""
    return word[:1].isupper() and word.lower() not in _FUNCTION_CAPS


def _capitalised(text: str, tokens: list[_Token]) -> list[int]:
    """Indexes of the `tokens` of `text` where names can start: those that start with a
    capital letter, and an Arabic article joined to a capitalised word ("al-Mawasi",
    "el-Fasher")."""
    words = list(map(operator.itemgetter(2), tokens))
    first_letters = map(operator.itemgetter(0), words)
    caps = list(itertools.compress(itertools.count(), map(str.isupper, first_letters)))
    if _DASH_CAPITAL.search(text) is None:  # (most texts: no token is read again)
        return caps
    joined = list(itertools.compress(itertools.count(), map(_ARABIC_ARTICLE.match, words)))
    return sorted({*caps, *joined}) if joined else caps


_DASH_CAPITAL = re.compile(r"-[A-Z]")


_DEFAULT: Geoparser | None = None


def default_geoparser() -> Geoparser:
    """One shared geoparser over the bundled gazetteer."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Geoparser()
    return _DEFAULT


def geoparse(text: str, geoparser: Geoparser | None = None) -> list[Toponym]:
    """The toponyms of `text` (with the shared default geoparser unless one is given)."""
    return (geoparser or default_geoparser()).parse(text)


def model_path() -> Path:
    return Path(str(RESOURCES / "geoparse_model.json"))


def toponym_record(t: Toponym) -> dict:
    """The JSON shape of a toponym in `mapper geoparse --json` (DESIGN.md's contract)."""
    p = t.place
    return {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "name": p.name if p else None,
        "id": p.id if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "feature_code": p.feature_code if p else None,
        "country_code": p.country_code if p else None,
        "admin1": p.admin1_name if p else None,
        "score": t.score,
        "kind": t.kind,
    }
