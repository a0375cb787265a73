"""Article-level filters of the events found: retold incidents, strike damage told with its
strike, region summaries of events placed more precisely, transfers that were fought; and
strikes that name no one given the one side that struck before them."""

from __future__ import annotations

import datetime
from dataclasses import replace

from mapper.events.model import Event
from mapper.events.vocabulary import TriggerRule, load_vocabulary
from mapper.gazetteer import Place


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


def _without_fought_attacks(
    found: dict[tuple[str, str, str], Event],
) -> dict[tuple[str, str, str], Event]:
    """A sentence's events less an attack on civilians whose actor2 is no civilians, at a place
    where the sentence tells a battle: "Militants attacked the village and clashed with a
    militia" is the clash with the militia."""
    vocab = load_vocabulary()
    fought = {place for place, kind, _ in found if kind in vocab.ground_types}
    return {
        key: e
        for key, e in found.items()
        if key[1] not in vocab.civilian_types
        or key[0] not in fought
        or not e.actor2
        or e.actor2.startswith("Civilians")
    }


def _without_strike_damage(found: dict[tuple[str, str, str], Event]) -> list[Event]:
    """A sentence's events less property set on fire where the sentence tells a strike at the
    same place: "A Ukrainian drone attack set fire to an oil depot" is the strike, not arson."""
    remote = load_vocabulary().remote_types
    struck = {place for place, kind, _ in found if kind in remote}
    return [
        e for e in found.values() if e.sub_event_type != _DESTRUCTION or e.place_id not in struck
    ]


def _without_unarmed_strikes(
    found: dict[tuple[str, str, str], Event], weapons_named: bool
) -> dict[tuple[str, str, str], Event]:
    """A sentence's events less a remote one, where the sentence names no weapon, at a place
    where it tells an attack on civilians: "Gunmen killed 30 people in an attack on a village"
    is the attack on civilians, not a shelling of the village."""
    if weapons_named:
        return found
    vocab = load_vocabulary()
    attacked = {place for place, kind, _ in found if kind in vocab.civilian_types}
    remote = vocab.remote_types
    return {key: e for key, e in found.items() if key[1] not in remote or key[0] not in attacked}


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


def _with_strikers_told_before(events: list[Event]) -> list[Event]:
    """`events` (in the article's order), where a remote attack names no actor1, with the
    actor1 of the remote attacks told before it in the same country, where they all name the
    same one ("Israeli jets struck Tyre. A strike on a house in Sarafand killed seven":
    Israel's); a strike told after those of two sides keeps none."""
    remote = load_vocabulary().remote_types
    strikers: dict[str, set[str]] = {}  # country code -> the actor1s of its strikes so far
    out = []
    for e in events:
        if e.event_type in remote:
            named = strikers.setdefault(e.country_code, set())
            if e.actor1:
                named.add(e.actor1)
            elif len(named) == 1:
                e = replace(e, actor1=next(iter(named)))
        out.append(e)
    return out
