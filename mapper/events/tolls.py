"""Fatalities: the toll of the dead a sentence tells, and which event it belongs to."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from mapper.events.locations import _Candidate
from mapper.events.model import Event
from mapper.events.vocabulary import Vocabulary, load_vocabulary, parse_number
from mapper.geoparse import Toponym


def _deaths(vocab: Vocabulary, low: str) -> list[tuple[int, int, int]]:
    """(start, end, count) of each toll of the dead the lower-cased sentence tells ("killing
    two civilians", "35 people were killed"), in order."""
    if not any(w in low for w in vocab.death_words):
        return []
    found: dict[int, tuple[int, int, int]] = {}  # by where the count is: one toll each
    for rx in vocab.fatalities:
        for m in rx.finditer(low):
            named = m.groupdict()
            if named.get("none"):  # "no one was killed": a toll of 0
                found.setdefault(m.start(), (m.start(), m.end(), 0))
                continue
            if named.get("one"):  # "killing the driver": a toll of 1
                found.setdefault(m.start("one"), (m.start(), m.end(), 1))
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
    deaths: list[tuple[int, int, int]],
    span: tuple[int, int],
    clause: tuple[int, int],
    alone: bool,
    rivals: Sequence[tuple[int, int]] = (),
    low: str = "",
) -> int | None:
    """The dead of the trigger at `span`: the toll nearest it in its clause, else, where the
    sentence tells no other violent event (`alone`), the one nearest it in the sentence. The
    dead are counted once: a toll nearer another violent trigger of the lower-cased sentence
    `low` (`rivals`, spans) is that one's, and one told by a participle ("killing nine") is
    the nearest trigger's before it, where one is ("shelled a hospital, killing nine, as
    fighting intensified": the shelling's)."""

    spans = [span, *rivals]
    participles = load_vocabulary().toll_participles

    def gap(d: tuple[int, int, int], s: tuple[int, int]) -> float:
        if s[0] > d[0] and low.startswith(participles, d[0]) and any(t[0] < d[0] for t in spans):
            return math.inf  # a trigger before it told the event: "shelled X, killing nine"
        return max(d[0] - s[1], s[0] - d[1], 0)

    inside = [d for d in deaths if clause[0] <= d[0] < clause[1]]
    pool = inside or (deaths if alone else [])
    if inside:  # (a trigger of another clause has no claim on a toll of this one)
        rivals = [r for r in rivals if clause[0] <= r[0] < clause[1]]
    pool = [
        d for d in pool if (g := gap(d, span)) < math.inf and all(g <= gap(d, r) for r in rivals)
    ]
    if not pool:
        return None
    return min(pool, key=lambda d: gap(d, span))[2]


def _incident_deaths(vocab: Vocabulary, low: str) -> list[tuple[int, int, int]]:
    """`_deaths` of a lower-cased sentence that tells no event of its own, where its toll may
    be an incident's: none where it sums a time ("killed over the past two weeks", "since
    2022")."""
    return [] if vocab.habitual.search(low) else _deaths(vocab, low)


def _harm_told(vocab: Vocabulary, low: str) -> list[tuple[int, int, int]] | None:
    """`_incident_deaths` of a lower-cased sentence that tells no event of its own, where it
    tells one toll of the dead, or none but people hurt ("A woman was wounded.": []); None
    where it tells neither, or more than one toll."""
    deaths = _incident_deaths(vocab, low)
    if len(deaths) > 1 or not (deaths or vocab.hurt.search(low)):
        return None
    return deaths


def _toll_told_after(
    events: list[Event],
    last_made: range,
    deaths: list[tuple[int, int, int]],
    civilians: str = "",
) -> None:
    """Give the one toll of a sentence that tells no event (`deaths`, see `_deaths`; none:
    it tells people hurt) to the violent events of the sentence before it that have none, when
    they are at one place; and where that sentence counts civilians (`civilians`, their actor
    at that place: "1 civilian was killed", "A woman was wounded"), those as actor2 of the
    events that name none."""
    if len(deaths) > 1:
        return
    violent = [i for i in last_made if events[i].event_type in load_vocabulary().dead_types]
    if violent and len({events[i].place_id for i in violent}) == 1:
        for i in violent:
            if deaths and events[i].fatalities is None:
                events[i] = replace(events[i], fatalities=deaths[0][2])
            if civilians and not events[i].actor2 and events[i].actor1 != civilians:
                events[i] = replace(events[i], actor2=civilians)


def _toll_before(
    vocab: Vocabulary, tolls: dict[str, int], low: str, toponyms: list[Toponym]
) -> None:
    """Keep in `tolls` (by place name) the one toll of the dead that a lower-cased sentence which
    told no event gives ("An attack on Gao has left 12 people dead"), for each place it names
    that holds none yet: the toll of the first violent event the article then tells there."""
    deaths = _incident_deaths(vocab, low)
    if len(deaths) != 1 or not deaths[0][2]:
        return
    for t in toponyms:
        if t.place is not None and not t.place.is_country:
            tolls.setdefault(t.place.name, deaths[0][2])


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
        and bool(load_vocabulary().the_before.search(text, max(0, c.start - 5), c.start))
    )
