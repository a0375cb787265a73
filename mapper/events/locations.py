"""Where a sentence's events are: its toponyms read as candidate event places.

The geoparser's toponyms of a sentence become `_Candidate`s with what the text around them
says: a locative before them, a count ("26 in the Belgorod region"), a speaker's place
("officials in Moscow"), a governor's region, a list they belong to, a dateline."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from mapper.events.vocabulary import (
    _AREA,
    _CALENDAR,
    _COUNTRY,
    _DISTRICT,
    _SPOT,
    Vocabulary,
    _lower,
    load_vocabulary,
    parse_number,
)
from mapper.gazetteer import Place
from mapper.geoparse import Geoparser, Toponym
from mapper.text import MONTHS as _MONTHS

_WORD = re.compile(r"[\w'’-]+|[^\w\s]")


def _crossed_water(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) is crossed or followed as water: "across the Seym"."""
    vocab = load_vocabulary()
    return bool(
        vocab.water_before.search(text, max(0, start - 20), start)
        and vocab.water_after.match(text, end)
    )


_NEXT_NAME = re.compile(r" ([A-Z]\w*)\b(?!-)")  # a capitalised word right after a name


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
    count_noun: str = ""  # what it counts, where named: "people" of "two people in Toretsk"
    group: int = -1  # index of the list this toponym belongs to
    origin: bool = False  # "from X": where a strike came from, not where it fell
    # "toward X": where an advance heads, not where it was (unless no other place is named)
    objective: bool = False
    enemy_held: bool = False  # "occupied X": held by the enemy of the state whose land it is


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
        if (
            lw in vocab.fillers
            or lw.endswith(("'s", "’s"))
            or lw.rpartition("-")[2] in vocab.enemy_held  # "Russian-occupied"
            or (lw.rpartition("-")[2] in vocab.held_by and "-" in lw)  # "Russian-held"
        ):
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
        m = self.vocab.the_place.search(low, after)
        if m is None:
            return None
        rank = self.vocab.anaphor_ranks[m.group(1)]
        return next((c for c in reversed(spoken) if c.rank == rank), None)


def _place_then_locative(text: str, before: Toponym | None, start: int, passed: list[str]) -> bool:
    """Whether toponym `before` ends right before the locative and the `passed` fillers that
    lead to `start`: the capitalised word before a locative is then a place ("missiles from
    Belgorod at Kharkiv", "the village of Borok in the Pogarsky district", a village the
    gazetteer may not hold), not a body or someone speaking there."""
    return before is not None and len(text[before.end : start].split()) == 1 + len(passed)


def _armed_group_before(vocab: Vocabulary, before: str, passed: list[str]) -> bool:
    """Whether `before`, the text up to a toponym, ends with the name of a side's armed group,
    then a locative and the `passed` fillers: the group fought there ("clashes between the
    army and the RSF in Omdurman"), where a body named so only sits ("the Council in Tokyo").
    """
    return any(
        len(before[m.char_end :].split()) == 1 + len(passed)
        for m in vocab.armed_groups.find(before)
    )


def _held_by_enemy(vocab: Vocabulary, geoparser: Geoparser, word: str, place: Place) -> bool:
    """Whether a filler `word` before `place` tells that the enemy of the state whose land it
    is holds it: "occupied", "Russian-occupied", or a word of `held_by` after the demonym of
    another country than the place's ("Russian-held" Oleshky; not "Ukrainian-held" Kherson,
    nor "rebel-held" Idlib, whose holder is no state)."""
    holder, _, last = word.rpartition("-")
    if last in vocab.enemy_held:
        return True
    if last not in vocab.held_by or not holder:
        return False
    country = geoparser.demonym_country(holder)
    return country is not None and country != place.country_code


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
    home = -9  # where the last place someone lives in ends ("of Austin|, Texas")
    previous: Toponym | None = None
    starts = {t.start for t in toponyms}
    ends = {t.end for t in toponyms}
    after_between: set[int] = set()  # the starts of the places named right after "between"
    for t in toponyms:
        place = t.place
        holder, previous = previous, t
        if t.kind != "name" or place is None or t.text.lower() in _MONTHS:
            continue
        if _held_elsewhere(text, holder, t):
            continue  # "Cairo's Abbasiya neighbourhood" is no namesake in Israel
        if (m := vocab.settlement_of.match(text, t.end)) and m.end() in starts:
            continue  # the region of the place named next: "the Donetsk town of Pokrovsk"
        if _is_dateline(text, t):
            continue  # where the report was filed
        if _lives_in(text, t.start, home):
            # where someone lives: "Sgt John Dunbar of Austin, Texas", "Kitchens, of Edmonton"
            home = t.end
            continue
        if (m := _NEXT_NAME.match(text, t.end)) and m.group(1) in geoparser.outlet_words:
            continue  # an outlet that reported it: "the Kyiv Post said", "Washington Post"
        if place.feature_class != "H" and (
            vocab.river_after.match(text, t.end) or _crossed_water(text, t.start, t.end)
        ):
            continue  # a river, not the town of its name: "the Seym river", "the Dnipro River"
        rank = _rank(place)
        if rank is None:
            continue
        start = t.start
        b0 = max(s_start, start - 80)  # `before` is text[b0:start]
        words, loc, passed = _words_before(vocab, text, b0, start)
        if rank == _COUNTRY:
            # a country is context, not a place to map: its centroid ("strikes deep inside
            # Russia") would put the event in Siberia; but "in southern Lebanon" is a region
            part = geoparser.part_of_country(place, passed[0]) if passed else None
            if part is None:
                continue
            place, rank = part, _AREA
        if rank == _SPOT and vocab.community_after.match(text, t.end):
            rank = _DISTRICT  # "in the Bilopillia hromada": its town's community, near it
        after = text[t.end : t.end + 40]
        governor = vocab.governor_after.match(after)
        low_before = _lower(text[b0:start])
        # governor_before ends with "of" or "the" and spaces: the last word of `before`
        # (IGNORECASE lets no other letters stand for those)
        if (
            governor is None
            and words
            and words[-1].lower() in ("of", "the")
            and ("governor" in low_before or "mayor" in low_before)
        ):
            governor = vocab.governor_before.search(text, b0, start)
        if loc == "-":
            continue  # "beyond the Kursk region"
        if vocab.located_from.search(low_before):
            continue  # a reference point: "the town, located 40 km east of the city of Sumy"
        if vocab.source_before.search(low_before):
            continue  # a source named like a town: "according to Baza"
        if t.text in geoparser.org_words or (place.feature_code == "BLDG" and not loc):
            continue  # a body, not a place: "in Congress", "The Pentagon ... concerned"
        if t.text.startswith(vocab.saints) and vocab.church.search(
            text, max(0, start - 60), t.end + 60
        ):
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
        if after.startswith(("'s", "’s")) and not vocab.possessed_place.match(after):
            continue  # "Kyiv's attacks", "Russia's military": an actor
        idx = len(words) - len(passed) - 2
        if loc:
            # "officials in Moscow", "said in Kyiv", "the Council in Tokyo": where one spoke
            prev = words[idx] if idx >= 0 else ""
            speaker = prev.lower() in vocab.speaker_before and not _hit_before(
                vocab, text, max(s_start, start - 80), start, prev
            )
            if speaker and loc == "from" and prev.lower() == "residents":
                speaker = False  # "evacuated 20,000 residents from the Belgorod region"
            # where someone spoke: "officials in Kharkiv", "In Kyiv, officials said ..."
            spoke_here = speaker or (idx < 0 and vocab.speech_after_place.match(after) is not None)
            if spoke_here and spoken is not None:
                spoken.append(_Candidate(t.start, t.end, place, rank, True, False, False))
            # a body where it sits ("the Council in Tokyo"), not a place where it happened
            body_there = (
                rank != _AREA  # (a region holds a village it lacks: "Kuriga in Kaduna state")
                and prev[:1].isupper()
                and not any(c.isdigit() for c in prev)  # a model: "a Su-34 at the airfield"
                and vocab.weapon_finder.match(prev.lower()) is None  # "17 UAVs over Kursk"
                and idx > 0
                and words[idx - 1] not in '.!?"“”'
                and prev.lower() not in _CALENDAR
                and not _place_then_locative(text, holder, start, passed)
                and prev.lower() not in vocab.feature_words  # "over the Seym River near Zvannoye"
                # a settlement told as one: "a depot of Agrotek in the village of Lipki" is
                # where it happened, and so is where an armed group fought
                and vocab.settlement_words.isdisjoint(passed)
                and not _armed_group_before(vocab, text[b0:start], passed)
            )
            if spoke_here or body_there:
                continue
        else:
            nxt = _WORD.search(after, 0, 20)  # the first of _WORD.findall(after[:20])
            word = nxt.group().lower() if nxt else ""
            if word in vocab.speaker_after and not _done_to(vocab, after, nxt, word):
                continue  # "Moscow reported", "Kyiv would open"; not "Sumy was shelled"
            if (
                place.feature_code == "PPLC"
                and after[:1].isspace()
                and vocab.state_acts.match(after.lower(), len(after) - len(after.lstrip()))
            ):
                continue  # a capital for its state: "Kyiv attacked the bridge", "Moscow fired"
        if rank == _DISTRICT:
            # a district's event is mapped at its centre, as ACLED codes it (geo-precision 2)
            seat = geoparser.gazetteer.seat(place)
            place = replace(place, lat=seat.lat, lon=seat.lon)
        near = (
            loc in vocab.near
            or bool(passed and not vocab.near.isdisjoint(passed))
            or (loc == "in" and vocab.near_area_before.search(low_before) is not None)
            or _unknown_before_aside(text, start, ends)
            or vocab.near_feature_after.match(text, t.end) is not None
        )
        cand = _Candidate(t.start, t.end, place, rank, bool(loc), near, False, origin=loc == "from")
        cand.objective = loc in ("toward", "towards")
        cand.enemy_held = any(_held_by_enemy(vocab, geoparser, w, place) for w in passed)
        if vocab.between_places.search(low_before):
            after_between.add(start)
        # "26 in the": only where the walk back met one of count_before's locatives
        if (
            len(passed) > 6
            or (
                loc in vocab.count_locatives and _may_count_before(words, passed, vocab.count_words)
            )
        ) and (m := vocab.count_before.search(before := text[b0:start], max(0, len(before) - 40))):
            cand.count = parse_number(m.group("n"), vocab.numbers)
            cand.count_noun = (m.group("noun") or "").lower()
            cand.count_start = t.start - (len(before) - m.start())
        out.append(cand)
    out = _without_holders(text, out)
    _group_lists(text, out)
    return _between_pairs(out, after_between)


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
    possessive_gap = load_vocabulary().possessive_gap
    for c in cands:
        held = out[-1] if out else None
        gap = possessive_gap.fullmatch(text, held.end, c.start) if held is not None else None
        if (
            gap is not None
            and (c.rank > held.rank or gap.group(1) is not None or _town_of_region(held, c))
            and held.count is None
        ):
            out[-1] = replace(c, locative=c.locative or held.locative, near=c.near or held.near)
            continue
        out.append(c)
    return out


# After a dateline's place: ", State" or ", Month Day" (or both), "(Agency)", then a dash or a
# colon ("BEIRUT (AP) —", "EDMONTON, Ky (WBKO) --", "GOMA, Jan 26 -", "MAIDUGURI, Nigeria, June
# 29 (Reuters) -", "LOS ANGELES:"); U+FFFD stands for a dash lost to a bad encoding.
_DATELINE_AFTER = re.compile(
    r"(?:,? [A-Z][\w.]*(?: [A-Z][\w.]*)?(?: \d{1,2}(?:,? \d{4})?)?){0,2}\s*"
    r"(?:\([^()\n]{1,40}\)\s*)?(?:—|–|--?|:|\ufffd)"
)


def _lives_in(text: str, start: int, home: int) -> bool:
    """Whether the toponym at `start` says where someone lives: after a person's name or a
    comma and "of", or after ", " that follows such a place (ending at `home`)."""
    if start == home + 2 and text.startswith(", ", home):
        return True
    return text.endswith(" of ", 0, start) and bool(
        load_vocabulary().residence.search(text, max(0, start - 60), start)
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


def _hit_before(vocab: Vocabulary, text: str, lo: int, start: int, noun: str) -> bool:
    """Whether `noun`, the last word of text[lo:start] but fillers, is what a trigger that ends
    at most four words before it hit: then "in X" after it is where it was hit, not where
    someone sits ("debris damaged the border guard office in Tetkino", as not "the press
    office in Kyiv said")."""
    window = _lower(text[lo:start])
    k = window.rfind(noun.lower())
    if k <= 0:
        return False
    return any(len(window[m.char_end : k].split()) <= 4 for m in vocab.any_trigger.find(window[:k]))


def _unknown_settlement(
    text: str, s_start: int, clause: tuple[int, int], toponyms: list[Toponym]
) -> list[re.Match[str]]:
    """The settlements the clause (of the sentence from `s_start`) names after their noun
    ("the village of X") that no toponym reads: those the gazetteer does not hold."""
    starts = {t.start for t in toponyms}
    return [
        m
        for m in load_vocabulary().named_settlement.finditer(
            text, s_start + clause[0], s_start + clause[1]
        )
        if m.end() not in starts
    ]


def _unknown_before_aside(text: str, start: int, ends: set[int]) -> bool:
    """Whether the toponym at `start` opens an aside after a name no toponym reads (one the
    gazetteer lacks): the event is near the toponym, a division that holds the name."""
    if not text.endswith("(", 0, start):
        return False
    m = load_vocabulary().name_before_aside.search(text, max(0, start - 60), start)
    return m is not None and not any(m.start() < e <= m.end() - 2 for e in ends)


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
    if word not in vocab.auxiliaries:
        return False
    low = after.lower()
    run = vocab.auxiliary_run.match(low, aux.end())
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


def _may_count(word: str, numbers: tuple[str, ...]) -> bool:
    """Whether `word` (of `_WORD`) may end a number of count_before, which is digits or
    number words (IGNORECASE) followed by a space: so the word ends with a digit or,
    lowercased, with a number word, unless it has other than ASCII letters."""
    return word[-1].isdecimal() or not word.isascii() or word.lower().endswith(numbers)


def _group_lists(text: str, cands: list[_Candidate]) -> None:
    """Mark toponyms written as one list ("the Kursk, Belgorod and Bryansk regions")."""
    vocab = load_vocabulary()
    group = 0
    for i, c in enumerate(cands):
        if i:
            p = cands[i - 1]
            counted = (
                c.count is not None
                and p.count is not None
                and vocab.count_gap.match(text[p.end : c.count_start])
            )
            plain = (
                c.count is None
                and c.rank == p.rank
                and c.rank != _COUNTRY
                and vocab.plain_gap.match(text[p.end : c.start])
            )
            if counted or plain:
                c.group = p.group
                if plain and p.near and not c.locative:
                    c.near = True  # "near the villages of Tolpino and Obshchy Kolodez"
                continue
        group += 1
        c.group = group


def _between_pairs(cands: list[_Candidate], after_between: set[int]) -> list[_Candidate]:
    """`cands` (grouped by `_group_lists`) less the places listed after the first one that
    "between" goes before (`after_between`: their starts; "on the road between Rylsk and
    Glushkovo"): one place, near the first."""
    out: list[_Candidate] = []
    pair = None  # the group of the last place named after "between"
    for c in cands:
        if c.group == pair:
            continue
        if c.start in after_between:
            pair, c.near = c.group, True
        out.append(c)
    return out


def _geo_precision(c: _Candidate) -> int:
    if c.rank == _SPOT:
        # a point the gazetteer itself has only near the place (a village at the middle of
        # its hromada) is no better than "near" it
        return max(2 if c.near else 1, c.place.geo_precision)
    return 2 if c.rank == _DISTRICT else 3


def _anaphor(
    sentence: str,
    past: list[tuple[int, int, int, int]],
    places: _Places,
    headline: Callable[[], list[_Candidate]] | None = None,
) -> _Candidate | None:
    """'declared an emergency in the region': the region named last, of a country at war that
    the vocabulary's sides name (`Vocabulary.states`); where no sentence before names one, the
    last that the `headline`'s candidates (if given) name ("Ukraine takes town of Sudzha" over
    "Its forces have been in the town since Wednesday"), at offset 0."""
    m = places.vocab.anaphora.search(sentence)
    if m is None:
        return None
    rank = places.vocab.anaphor_ranks[m.group(1)]
    for s_start, s_end, lo, hi in reversed(past):
        for c in reversed(places.of(s_start, s_end, lo, hi)):
            if c.rank == rank and c.place.country_code in places.vocab.states:
                return c
    for c in reversed(headline() if headline is not None else []):
        if c.rank == rank and c.place.country_code in places.vocab.states:
            return replace(c, start=0, end=0, count=None, group=-1)
    return None


def _headline_candidates(vocab: Vocabulary, geoparser: Geoparser, title: str) -> list[_Candidate]:
    """The candidate places of an article's title (offsets in the title)."""
    toponyms = sorted(geoparser.parse(title), key=lambda t: t.start) if title else []
    return _candidates(vocab, geoparser, title, 0, toponyms)


def _country(geoparser: Geoparser, place: Place, fallback: Place) -> str:
    code = place.country_code or fallback.country_code
    vocab = load_vocabulary()
    if code in vocab.states:
        return vocab.states[code]
    if code in vocab.country_names:
        return vocab.country_names[code]
    country = geoparser.gazetteer.country_of(place) if code else None
    return country.name if country is not None else ""
