"""`extract_events(article, geoparser)`: the events an article tells, sentence by sentence."""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from mapper.articles import Article
from mapper.events.actors import (
    _TERRITORY,
    _actors,
    _armed_sides,
    _attribution,
    _claimed_after,
    _quantity,
    _resolved,
    _Said,
    _said,
    _sub_type,
    _territory_sub_type,
    _unarmed_strike,
    _weapon_before,
    _with_country,
)
from mapper.events.dates import (
    _NAMES_A_DAY,
    _date_mentions,
    _DateMention,
    _days_after,
    _lead_date,
    _nearest,
    _not_dated_by_clause,
    _opening_date,
    _statement_date,
    _Template,
    _told_after,
    _told_dates,
    _undated_reference,
)
from mapper.events.filters import (
    _story_key,
    _with_strikers_told_before,
    _without_fought_attacks,
    _without_fought_transfers,
    _without_region_summaries,
    _without_retold,
    _without_strike_damage,
    _without_unarmed_strikes,
)
from mapper.events.locations import (
    _anaphor,
    _Candidate,
    _country,
    _geo_precision,
    _headline_candidates,
    _Places,
    _unknown_settlement,
)
from mapper.events.model import Event
from mapper.events.scopes import _told
from mapper.events.sentence import _Sentence
from mapper.events.tolls import (
    _deaths,
    _harm_told,
    _names_a_told_event,
    _own,
    _toll,
    _toll_before,
    _toll_told_after,
)
from mapper.events.vocabulary import _AREA, _SPOT, TriggerRule, Vocabulary, _lower, load_vocabulary
from mapper.geoparse import Geoparser, Toponym
from mapper.text import split_sentences
from mapper.tokenpatterns import TokenText


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


_LEAD_WORDS = 12  # the fewest words of a story's lead paragraph (fewer: a title, a byline)


def extract_events(article: Article, geoparser: Geoparser) -> list[Event]:
    """The events an article tells, one per thing that happened at a place (see module doc)."""
    vocab = load_vocabulary()
    text = article.text
    low_text = _lower(text)
    words = TokenText(low_text)
    triggered = vocab.any_trigger.find(words)
    rules = vocab.triggers
    if triggered and not vocab.conflict_context.search(words):
        # not about armed conflict: a crime story, an accident, a flood; only its protests
        # and riots are events
        rules = vocab.any_article
        triggered = vocab.any_article_trigger.find(words)
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
            weapons_before[end] = _weapon_before(vocab, words, end)
        return weapons_before[end]

    headline_found: list[list[_Candidate]] = []

    def headline() -> list[_Candidate]:  # the title's places, read once if a lead needs them
        if not headline_found:
            headline_found.append(_headline_candidates(vocab, geoparser, article.title))
        return headline_found[0]

    breaks = [m.start() for m in re.finditer(r"\n", text)]
    published = article.published
    reference: datetime.date | None = None  # what dates are read against: see below
    events: list[Event] = []
    last: _Template | None = None
    strike: _Template | None = None  # the article's last strike, whatever its paragraph
    last_para = -1
    past: list[tuple[int, int, int, int]] = []  # sentences so far, for "in the region"
    mentioned: set[tuple[int, str, str]] = set()  # "the Lipetsk strike": see _without_retold
    last_made = range(0)  # where in `events` the last sentence's events are
    made_by = -2  # the sentence that made them
    dated: dict[tuple[str, str, str, str], tuple[datetime.date, int]] = {}  # see _story_key
    # the day an event with none of its own takes: the last told in its paragraph, else the
    # lead's (`_lead_date`, read once)
    para_day: tuple[datetime.date, int] | None = None
    # the toll a sentence that made no event told of a place it names: the first violent event
    # told of that place afterwards ("An attack on Gao left 12 dead. ... The assault on Gao")
    tolls_told: dict[str, int] = {}
    lead_day: tuple[datetime.date, int] | None | bool = False  # False: not read yet
    # by (sentence, event type): the day a trigger with no place told (see below)
    unplaced_days: dict[tuple[int, str], tuple[datetime.date, int]] = {}
    sentences = split_sentences(text)
    s_starts = [s for s, _ in sentences]

    def lead_sentences() -> list[tuple[int, str]]:
        # the lead: the first paragraph that reads as prose (a title, a caption, a byline or
        # "Published" is none), or that heads a list with a day ("Key developments on
        # December 1:"), as its sentences
        for start, end in zip([0, *(b + 1 for b in breaks)], [*breaks, len(text)], strict=True):
            para = text[start:end].strip()
            if (
                para.endswith((".", '"', "”", "’"))
                and len(para.split()) >= _LEAD_WORDS
                and not vocab.caption.search(para)
            ) or (para.endswith(":") and _NAMES_A_DAY.search(para.lower())):
                lo, hi = bisect.bisect_left(s_starts, start), bisect.bisect_left(s_starts, end)
                return [(s0, low_text[s0 : s0 + len(s)]) for s0, s in sentences[lo:hi]]
        return []

    read: dict[int, _Sentence] = {}  # by where it starts: each sentence read once

    def toll_after(s0: int, low: str) -> None:
        # the toll of a sentence of its own, and the civilians it counts, to the events of the
        # sentence before it ("Russian forces shelled Vovchansk. One civilian was killed.")
        deaths = _harm_told(vocab, low)
        if deaths is None:
            return
        template = next(
            (n for *_, n in facts_at(s0, low).actor_mentions if n.startswith("Civilians")), ""
        )
        civilians = ""
        if template and last_made:
            civilians = _at_events_place(geoparser, template, events[last_made.start])
        _toll_told_after(events, last_made, deaths, civilians)

    def facts_at(start: int, low: str) -> _Sentence:
        facts = read.get(start)
        if facts is None:
            facts = read[start] = _Sentence(vocab, low, words, start)
        return facts

    def mentions_of(s0: int, lw: str) -> list[_DateMention]:
        return _date_mentions(vocab, facts_at(s0, lw), published)

    hits = {bisect.bisect_right(s_starts, m.char_start) - 1 for m in triggered}

    def group_before(i: int) -> str:
        # the armed group of no state named last in the sentences read before sentence i, for
        # "the rebels" (read only where a sentence names them so)
        for s0, _ in reversed(sentences[:i]):
            if (before := read.get(s0)) is not None:
                named = [n for *_, n in before.actor_mentions if n in vocab.groups]
                if named:
                    return named[-1]
        return ""

    for i, (s_start, sentence) in enumerate(sentences):
        para = bisect.bisect_left(breaks, s_start)
        if para != last_para:
            last, last_para, para_day = None, para, None
        s_end = s_start + len(sentence)
        lo, hi = bisect.bisect_left(starts, s_start), bisect.bisect_left(starts, s_end)
        past.append((s_start, s_end, lo, hi))
        low = low_text[s_start:s_end]
        hit = i in hits
        if (
            made_by >= 0
            and vocab.claimed.search(low)
            and (vocab.claimed_told.search(low) or (made_by == i - 1 and not hit))
        ):
            # who did the events just told: "Al-Shabaab claimed responsibility.", "JNIM claimed
            # responsibility for the attack." (of the last told, whatever came between; the
            # claim of an attack not told before tells it)
            _claimed_after(events, last_made, _armed_sides(facts_at(s_start, low)))
            if hit:
                continue
        if not hit:
            if strike is not None and (
                ev := _struck_elsewhere(
                    vocab, article, strike, low, sentence, s_start,
                    partial(places.of, s_start, s_end, lo, hi), partial(mentions_of, s_start, low),
                )
            ):  # fmt: skip
                last_made, made_by = range(len(events), len(events) + 1), i
                events.append(ev)
                continue
            if last is None:
                if made_by == i - 1 and (vocab.retelling.search(low) or lo == hi):
                    # "No one was killed in the attack." or "Three soldiers were killed,
                    # police said." (naming no place) opening the next paragraph: the toll of
                    # the events of the sentence before it
                    toll_after(s_start, low)
                elif lo < hi:
                    _toll_before(vocab, tolls_told, low, toponyms[lo:hi])
                continue
            if "dead" in last.rule.policies:
                # "Russian forces shelled Vovchansk. One civilian was killed.": the toll of
                # the paragraph's last violent event, told in a sentence of its own
                toll_after(s_start, low)
            if len(vocab.count_locative.findall(sentence)) < 2:
                last = None  # no list of counted places to inherit the last event
                continue
        facts = facts_at(s_start, low)
        told = hit and not vocab.caption.search(sentence)  # (a photo's caption: none)
        triggers = _told(vocab, rules, facts, sentence) if told else []
        if not triggers and last is None:
            if lo < hi:
                _toll_before(vocab, tolls_told, low, toponyms[lo:hi])
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
        group: str | None = None  # (read where an event is made, if "the rebels" are named)
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
                best = _held_by(best, here, s_start, clause)
                chosen = [c for c in here if c.group == best.group]
                listed = len(chosen) > 1
            elif spoken := places.spoken_for(s_start, low, b):
                chosen = [spoken]
            elif last is not None:
                chosen, geo, from_last = [last.candidate], last.geo_precision, True
            elif anaphor := _anaphor(low, past[:-1], places, headline if para == 0 else None):
                chosen = [anaphor]
            if not chosen:
                if "dead" in rule.policies and published is not None:
                    # "A unit was attacked on Friday." names no place: the day of an event
                    # of its kind the next sentence tells with none ("Attackers struck near X")
                    reference = reference or published
                    if dates is None:
                        dates = _date_mentions(vocab, facts, reference)
                    own = _not_dated_by_clause(vocab, dates, low, b)
                    m = _nearest(_told_dates(own, clause, low), a, b, clause)
                    if m is not None and 0 <= (published - m.date).days <= vocab.recap_days:
                        day = (m.date, max(m.precision, article.time_precision))
                        unplaced_days.setdefault((i, rule.event_type), day)
                continue
            if (
                "remote" in rule.policies
                and all(c.rank == _AREA for c in chosen)
                and (
                    vocab.tallied.search(low, a, b) or vocab.times_counted.search(low, b, clause[1])
                )
                and not vocab.one_target_after.match(low, b, clause[1])
                and not any(facts.counts(u) for u in rule.units)
            ):
                continue  # "killed in Russian strikes on the Kharkiv region": a tally (and
                # "shelled the Sumy region 112 times")
            if (
                rule.sub_event_type == _TERRITORY
                and vocab.vague_places.match(low, b)
                and all(c.rank == _AREA or c.start < t_start for c in chosen)
            ):
                continue  # "recaptured some settlements in the Kursk region": a sum
            if len(chosen) == 1 and _names_a_told_event(text, chosen[0], t_start):
                mentioned.add((s_start, chosen[0].place.id, rule.event_type))
            if said is None:
                said = _said(vocab, facts, sentence, last_of_paragraph, text, low_text, s_start)
            if reference is None:
                reference = published or _undated_reference(low_text) or datetime.date.min
            if dates is None:
                dates = _date_mentions(vocab, facts, reference) if reference.year > 1 else []
            sub = _sub_type(vocab, rule, facts, weapon_before, s_start, clause)
            own = _not_dated_by_clause(vocab, dates, low, b)
            date_m = (
                _nearest(_told_dates(own, clause, low), a, b, clause)
                or _opening_date(own, low)
                or _statement_date(own, low)
            )
            # "the strike" with no place nor day of its own is the last event, told again
            # ("The first bridge was hit on Friday. A commander posted a video of the
            # strike."), and so is damage that names no weapon ("Militants ambushed a convoy.
            # Six soldiers were killed and three vehicles destroyed."); not so "Fighting
            # continued on the fourth day"
            retold = (
                last
                if date_m is None
                and from_last
                and (
                    vocab.told_again_before.search(low, max(0, a - 30), a) is not None
                    or (rule.means_named and not facts.weapons)
                )
                else None
            )
            if published is None:
                if date_m is not None and (reference - date_m.date).days > vocab.recap_days:
                    continue  # an undated article's background: see `_undated_reference`
                date, precision = None, 3
            elif retold is not None:
                date, precision = retold.date, retold.precision
            elif date_m is None:
                date, precision = published, article.time_precision
                # the detail of an incident the article dated before ("recaptured two
                # villages on Monday ... Russian troops recaptured Plekhovo"): its day
                told_day = dated.get(_story_key(chosen[0].place, rule)) if rule.story_day else None
                if told_day is not None:
                    date, precision = told_day
                elif events and vocab.same_day.search(low):
                    date, precision = events[-1].event_date, events[-1].time_precision
                elif (
                    events
                    and (later_by := _days_after(vocab, low, [x for x, *_ in triggers])) is not None
                    and events[-1].event_date is not None
                    and events[-1].event_date + datetime.timedelta(later_by) <= published
                ):  # "the next day", "a day after the strike on Sumy"
                    date = events[-1].event_date + datetime.timedelta(later_by)
                    precision = events[-1].time_precision
                elif from_last and para_day and para_day[1] <= 2 and not vocab.ongoing.search(low):
                    date, precision = para_day  # more of the event the paragraph dated
                elif not from_last:  # (what goes on where it was, "Fighting continued.": today)
                    if para_day is None and lead_day is False:
                        lead_day = _lead_date(
                            vocab,
                            [(lw, mentions_of(s0, lw)) for s0, lw in lead_sentences()],
                            published,
                        )
                    told_unplaced = (
                        None if para_day else unplaced_days.get((i - 1, rule.event_type))
                    )
                    if carried := para_day or told_unplaced or lead_day:
                        date, precision = carried
            else:
                date, precision = date_m.date, max(date_m.precision, article.time_precision)
                if (published - date).days > vocab.recap_days:
                    continue  # told as background, not as news: see `recap_days`
                for c in chosen:
                    dated.setdefault(_story_key(c.place, rule), (date, precision))
                para_day = (date, precision)
            if date is not None:
                told_after = _told_after(vocab, low, a, date, precision)
                if told_after is None:
                    continue  # "days after RSF fighters stormed the village": undated
                date, precision = told_after
                if published is not None and (published - date).days > vocab.recap_days:
                    continue  # "a year after the 2022 massacre": background
            quantity, unit = _quantity(vocab, rule, facts, (a, b), clause)
            toll = None
            if "dead" in rule.policies and not listed:
                if deaths is None:
                    deaths = _deaths(vocab, low)
                rivals = [(x, y) for x, y, r, _ in triggers if "dead" in r.policies]
                # (`alone`: the sentence tells no other violent event)
                toll = _toll(deaths, (a, b), clause, len(rivals) == 1, rivals, low)
            attribution = _attribution(said.cues, (a, b), clause) or said.inherited
            if from_last:
                attribution = attribution or last.attribution
            side = vocab.sides.get(attribution, "")
            if group is None:
                group = next(
                    (group_before(i) for *_, n in facts.actor_mentions if n == "{group}"), ""
                )
            mentions = _resolved(facts.actor_mentions, side, geoparser, named, s_start, group, a)
            if listed:
                # a total ("75 drones", "117 drones") belongs to no single listed place, nor
                # does a count before the first of a list that counts no other ("80 of 120
                # drones over Kharkiv, Sumy and Poltava")
                unit = unit or (rule.units[0] if rule.units else "")
            each = listed and sum(c.count is not None for c in chosen) > 1
            # what the listed counts count, named by the first ("two people in Toretsk and one
            # in Kurakhove"): each place's dead where the sentence tells deaths, what was fired
            # where a word of the rule's units, else no figure of the event (houses hit)
            counted = next((c.count_noun for c in chosen if c.count_noun), "") if each else ""
            dead_each = False
            if counted and "dead" in rule.policies and vocab.toll_word.fullmatch(counted):
                if deaths is None:
                    deaths = _deaths(vocab, low)
                dead_each = bool(deaths)
            if counted and not dead_each:
                each = any(
                    low[x:y] == counted for u in rule.units for x, y in facts.spans(("unit", u))
                )
            single = "dead" in rule.policies and not listed
            for c in chosen:
                country = _country(geoparser, c.place, chosen[0].place)
                actors = _actors(
                    mentions, said, country, rule, side, clause, (low, a, b),
                    fights=vocab.fighting.get(attribution, ""), enemy_held=c.enemy_held,
                )  # fmt: skip
                dead = c.count if dead_each else toll
                if toll is None and single:
                    dead = tolls_told.pop(c.place.name, None)
                kind = (rule.event_type, sub or _unarmed_strike(vocab, actors[0]))
                if sub == _TERRITORY:
                    kind = (rule.event_type, _territory_sub_type(actors, country))
                if retold is not None:
                    # of its kind and by its sides, whatever word tells it again ("The strike
                    # hit the school. The assault wounded five soldiers.": no battle)
                    kind, actors = (retold.rule.event_type, retold.sub_event_type), retold.actors
                ev = _make_event(
                    article, c, date=date, precision=precision, event_type=kind[0],
                    sub_event_type=kind[1], actors=actors,
                    quantity=(
                        (c.count if each and not dead_each else None)
                        if listed
                        else _own(c, quantity, s_start)
                    ),
                    unit=unit,
                    attribution=attribution, sentence=sentence, sentence_start=s_start,
                    geo_precision=geo, fatalities=dead,
                )  # fmt: skip
                _add(found, ev)
            first = chosen[0]
            last = _Template(
                rule if retold is None else retold.rule, ev.sub_event_type, unit, attribution,
                (ev.actor1, ev.actor2), date, precision, first, geo or _geo_precision(first),
            )  # fmt: skip
            if "remote" in last.rule.policies and date is not None:
                strike = last
        if not found:
            last = None
            if lo < hi:
                _toll_before(vocab, tolls_told, low, toponyms[lo:hi])
        made = _without_strike_damage(
            _without_fought_attacks(_without_unarmed_strikes(found, bool(facts.weapons)))
        )
        if made:  # (a sentence that made none leaves the last told events the last)
            last_made, made_by = range(len(events), len(events) + len(made)), i
            events.extend(made)
    if mentioned:
        events = _without_retold(events, mentioned)
    return _with_strikers_told_before(_without_region_summaries(_without_fought_transfers(events)))


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
    # "fighting spread west of X toward Y": at X, not at the objective Y
    here = [c for c in here if not c.objective] or here
    t_start, t_end = span
    if "gathering" in rule.policies:
        # "protests by Turks angry over Russia's role in the destruction of Aleppo": what they
        # protest about, not where (no event, rather than one in Aleppo)
        kept = [c for c in here if not _protested_about(text, t_end, c)]
        if len(kept) < len(here):
            return kept or None
    if here and (unknown := _unknown_settlement(text, s_start, clause, toponyms)):
        # "clashed near the village of Aita al-Shaab, and fired rockets at Safed": a village
        # the gazetteer lacks is the clash's place, not a place of another clause, nor any
        # place but one it is near or one that holds it where it is the trigger's object
        # ("captured the town of Minova near Goma": near Goma; "stormed the village of Wad
        # al-Nourah in Gezira state": Gezira)
        object_unknown = any(t_start < m.end() and m.start() - t_end <= 5 for m in unknown)
        here = [
            c
            for c in here
            if clause[0] <= c.start - s_start < clause[1]
            and (c.near or c.rank != _SPOT or not object_unknown)
        ]
        return here or None
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


def _held_by(
    best: _Candidate, here: list[_Candidate], s_start: int, clause: tuple[int, int]
) -> _Candidate:
    """`best`, or where `best` is a region, the first place inside it that the trigger's clause
    names after a locative: the more specific place of the event ("attempts came from the
    Sudzha district to infiltrate the Kursk region": the district)."""
    if best.rank != _AREA:
        return best
    return next(
        (
            c
            for c in here
            if c.rank > _AREA
            and c.locative
            and clause[0] <= c.start - s_start < clause[1]
            and c.place.country_code == best.place.country_code
            and c.place.admin1_name == best.place.admin1_name != ""
        ),
        best,
    )


def _protested_about(text: str, trigger_end: int, c: _Candidate) -> bool:
    """Whether candidate `c`, named after a protest that ends at `trigger_end` and with no
    locative of its own, is what the protest is about."""
    return (
        c.start >= trigger_end
        and not c.locative
        and load_vocabulary().grievance.search(text, trigger_end, c.start) is not None
    )


def _into_a_country(text: str, end: int, toponyms: list[Toponym]) -> bool:
    """Whether the trigger ending at `end` goes into or inside a country ("incursion into
    Russian territory", "pushed deep into Russia"), a toponym of `toponyms`."""
    # (the trigger may end with the word: "incursion into")
    m = load_vocabulary().into.match(text, end)
    if m is None or (m.group(1) is None and text[end - 4 : end].lower() != "into"):
        return False
    t = next((t for t in toponyms if t.start >= m.end()), None)
    return t is not None and t.start == m.end() and t.place is not None and t.place.is_country


def _struck_elsewhere(
    vocab: Vocabulary,
    article: Article,
    strike: _Template,
    low: str,
    sentence: str,
    s_start: int,
    candidates: Callable[[], list[_Candidate]],
    dates: Callable[[], list[_DateMention]],
) -> Event | None:
    """The event at another place of the article's last strike (`strike`), where a sentence
    with no trigger tells a toll there or people hurt, and nothing else ("Russia launched a
    barrage of missiles at Ukrainian cities on Monday. ... In Kryvyi Rih, 10 people were
    killed."; "In Kupiansk, a man was wounded."): its one toll of the dead, if any, one place
    (with the areas that hold it) other than the strike's, no date of its own and no cue of a
    habit or of what went on before. None where it tells no such event."""
    deaths = _harm_told(vocab, low)
    if deaths is None or (deaths and not deaths[0][2]):
        return None
    if (
        vocab.habitual.search(low)
        or vocab.told_before.search(low)
        or vocab.another_time.search(low)
    ):
        return None
    cands = candidates()
    if not cands or dates():
        return None
    spot = max(cands, key=lambda c: c.rank)
    if any(c.place != spot.place and c.rank >= spot.rank for c in cands) or (
        spot.place == strike.candidate.place
    ):
        return None
    return _make_event(
        article, spot, date=strike.date, precision=strike.precision,
        event_type=strike.rule.event_type, sub_event_type=strike.sub_event_type,
        actors=strike.actors, quantity=None, unit="", attribution=strike.attribution,
        sentence=sentence, sentence_start=s_start,
        fatalities=deaths[0][2] if deaths else None,
    )  # fmt: skip


def _at_events_place(geoparser: Geoparser, template: str, event: Event) -> str:
    """An actor template ("Civilians ({country})") with the country of an event's place; ""
    when its place is not in the gazetteer."""
    gazetteer = geoparser.gazetteer
    row = gazetteer.index_of(event.place_id)
    if row is None:
        return ""
    place = gazetteer.place(row)
    country = _country(geoparser, place, place)
    return _with_country(template, country) if country else ""


def _add(found: dict[tuple[str, str, str], Event], ev: Event) -> None:
    """Keep one event per place and type in a sentence, with the largest count and toll, and
    the sides of a trigger that tells as done to the side another told as doing it ("an
    airstrike by unidentified aircraft hit an Al Shabaab gathering": Al Shabaab was hit)."""
    key = (ev.place_id, ev.event_type, ev.sub_event_type)
    old = found.get(key)
    if old is None:
        found[key] = ev
        return
    if old.actor1 and ev.actor2 == old.actor1 and ev.actor1 != old.actor2:
        old = found[key] = replace(old, actor1=ev.actor1, actor2=ev.actor2)
    if (ev.quantity or 0) > (old.quantity or 0):
        old = found[key] = replace(old, quantity=ev.quantity, quantity_unit=ev.quantity_unit)
    if ev.fatalities is not None and (old.fatalities is None or ev.fatalities > old.fatalities):
        found[key] = replace(old, fatalities=ev.fatalities)


def _score(
    c: _Candidate, text: str, t_start: int, t_end: int, rule: TriggerRule, s_start: int, clause
) -> float:
    gap = max(c.start - t_end, t_start - c.end, 0)
    inside = clause[0] <= c.start - s_start < clause[1]
    # the trigger's object is where it happened, as a locative says ("bombed Korenevo", "the
    # shelling of Kharkiv", "pushed Ukrainian forces out of most of the Kursk region")
    done_to = 0 <= c.start - t_end <= 1 or (
        0 <= c.start - t_end <= 24
        and load_vocabulary().place_object_gap.fullmatch(text, t_end, c.start) is not None
    )
    # (its object outweighs a place named before it: "crossed into the Sumy region after
    # pushing them out of most of the Kursk region"; a region in its clause outweighs a town
    # in another: "repelled attacks near Tyotkino and that jets struck units in the Sumy
    # region")
    score = c.rank + 1.5 * (c.locative or done_to) + 0.5 * done_to + 4.0 * inside - gap / 40
    if c.governor and "decided" in rule.policies:
        score += 2.0
    if "gathering" in rule.policies and 0 <= t_start - c.end <= 1:
        score += 2.0  # where it was held: "a London rally", "Kyiv protesters"
    return score
