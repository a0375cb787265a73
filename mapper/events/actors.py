"""Who did what to whom: actor1 and actor2 of an event from the sides a sentence names, the
source it is attributed to, the remote-attack sub-type from the weapons named, and quantities."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from mapper.events.dates import _Template
from mapper.events.locations import _country
from mapper.events.model import Event, unidentified
from mapper.events.sentence import _Sentence
from mapper.events.vocabulary import TriggerRule, Vocabulary, load_vocabulary, parse_number
from mapper.geoparse import Geoparser, Toponym
from mapper.tokenpatterns import TokenText


def _resolved(
    mentions: list[tuple[int, int, str]],
    speaker: str,
    geoparser: Geoparser,
    toponyms: list[Toponym],
    s_start: int,
    group: str = "",
    trigger: int = 0,
) -> list[tuple[int, int, str]]:
    """`mentions` (`_Sentence.actor_mentions`) with "{its}" read as `speaker`, the country the
    sentence's source speaks for ("the Russian defence ministry said its forces ..."), else
    as the country named last before the mention (`toponyms`, of the sentence from `s_start`),
    "{our}" ("we continue to advance") as `speaker` only, "{enemy}" as the other side of
    `speaker`'s war, "{group}" ("the rebels") before the `trigger` (its offset) as `group`,
    the armed group the article named last, and "{demonym}" as the country of the demonym
    right before the mention ("Pakistani troops"); those unread are dropped."""
    if not any("{" in name for _, _, name in mentions):
        return mentions
    if any(name == "{group}" for _, _, name in mentions):
        mentions = [
            (a, b, (group if a < trigger else "") if n == "{group}" else n) for a, b, n in mentions
        ]
        mentions = [m for m in mentions if m[2]]
        if not any("{" in name for _, _, name in mentions):
            return mentions
    if any("{demonym}" in name for _, _, name in mentions):
        mentions = _demonyms_read(mentions, geoparser, toponyms, s_start)
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


def _demonyms_read(
    mentions: list[tuple[int, int, str]],
    geoparser: Geoparser,
    toponyms: list[Toponym],
    s_start: int,
) -> list[tuple[int, int, str]]:
    """`mentions` with "{demonym}" read as the country of a demonym (a toponym of that kind)
    that ends one space before the mention, which then begins with it, where a place the
    sentence names lies in that country (a state's forces at home: not "Ugandan troops" of an
    African Union mission in Somalia); else dropped."""
    at_home = {t.place.country_code for t in toponyms if t.kind == "name" and t.place}
    before = {
        t.end - s_start + 1: t
        for t in toponyms
        if t.kind == "demonym" and t.place is not None and t.place.country_code in at_home
    }
    out = []
    for start, end, name in mentions:
        if "{demonym}" in name:
            t = before.get(start)
            if t is None:
                continue
            start, name = (
                t.start - s_start,
                name.replace("{demonym}", _country(geoparser, t.place, t.place)),
            )
        out.append((start, end, name))
    return out


def _with_country(name: str, country: str) -> str:
    """An actor template ("Civilians ({country})", "Military Forces of {country}") with its
    country; in brackets without its article, as ACLED writes it ("Civilians (Democratic
    Republic of Congo)"); where ACLED names that actor otherwise in that country, its name
    there (`Vocabulary.named_there`: "Islamic State (Mali)" is "Islamic State (Sahel)")."""
    name = name.replace("({country})", f"({country.removeprefix('the ')})")
    name = name.replace("{country}", country)
    return load_vocabulary().named_there.get(name, name)


# The roles of a side named in a sentence of violence, in the order actors take: it did it
# ("Russian counterattacks"), it is named, it was done to ("Russian troops were cleared").
_DID, _NAMED, _DONE_TO = 0, 1, 2


def _actors(
    mentions: list[tuple[int, int, str]],
    said: _Said,
    country: str,
    rule: TriggerRule,
    *rest,
    **named,
) -> tuple[str, str]:
    """actor1 and actor2 (`_named_actors`, which takes the same arguments), of the mentions
    of actors that are actors of the rule's events (`Vocabulary.actor_only_of`: the police of
    gatherings only). A gathering's actor1 is its type's crowd of `country`
    (`Vocabulary.crowds`: "Protesters (Kenya)", as ACLED names those who protest or riot)
    where no one, only civilians or a state's forces are named, and actor2 those forces ("riot
    police dispersed the protesters")."""
    vocab = load_vocabulary()
    only_of = vocab.actor_only_of
    if only_of:
        mentions = [m for m in mentions if only_of.get(m[2], "") in ("", *rule.policies)]
    actors = _named_actors(mentions, said, country, rule, *rest, **named)
    crowd = vocab.crowds.get(rule.event_type)
    if crowd is None or (actors[0] and not actors[0].startswith(_CROWD_OR_STATE)):
        return actors
    state = next((a for a in actors if a.startswith(_STATE_FORCES)), "")
    return _with_country(crowd, country), state


_STATE_FORCES = ("Police Forces of", "Military Forces of")
_CROWD_OR_STATE = ("Civilians", *_STATE_FORCES)


def _named_actors(
    mentions: list[tuple[int, int, str]],
    said: _Said,
    country: str,
    rule: TriggerRule,
    side: str = "",
    clause: tuple[int, int] | None = None,
    told: tuple[str, int, int] | None = None,
    fights: str = "",
    enemy_held: bool = False,
) -> tuple[str, str]:
    """actor1 and actor2: the sentence's actor mentions (`_resolved`) in order, those in the
    trigger's `clause` first. Of violence (`told` is the sentence and the trigger's span), a
    mention that ends with the trigger ("Russian counterattacks") comes first, those it was done
    to (`_is_target`) last; where only those are named, actor1 is the other side (below).
    A source is no actor of what it reports ("the governor reported explosions"), but a civil
    authority is of what it decides ("the governor declared an emergency"); authorities never
    fight, and civilians are never a side of a battle. For an interception, actor1 is the
    defender: the side whose air defences are named, or an armed group of no state that did
    it ("Houthi forces shot down a drone"), else the side the source speaks for
    (`side`), else `country`, the country of the
    place; for what authorities do (`rule.authority`: an emergency declared), where no one is
    named, the government of `country`; for strikes that a side's military (`fights`) tells
    of in another state, or a base it tells was set up there, where no one is named, that
    side. Where the place is held by the enemy of `country` (`enemy_held`), a strike there that
    names no one was `country`'s."""
    masked = said.masked if "decided" in rule.policies else said.speaking
    violent = "fight" in rule.policies
    strike = "remote" in rule.policies
    vocab = load_vocabulary()
    owned = vocab.owned  # a mention that ends with what a side owns was done to
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
        elif (
            rule.defender
            and told
            and not defending
            and name in vocab.groups
            and vocab.subject_gap.fullmatch(told[0], end, told[1]) is not None
            and not _is_target(told, start, end)
        ):
            defending = name  # an armed group that shot it down: "Houthi forces shot down"
        if "{country}" in name:
            if not country:
                continue
            name = _with_country(name, country)
        if "{state}" in name:
            if country not in vocab.states.values():
                continue  # "the military" in Gaza: no army of the place's own
            name = name.replace("{state}", country)
        if any(start < b and a < end for a, b in masked):
            continue
        if told is not None and vocab.speaks_after.match(told[0], end):
            continue  # who speaks of it, not who did it: "Hamas said Israeli forces stormed"
        if told is not None and vocab.ally_before.search(told[0], max(0, start - 40), start):
            continue  # an ally of the side told before it: "backed by clan militias"
        outside = clause is not None and not clause[0] <= start < clause[1]
        if (
            strike
            and outside
            and told is not None
            and (
                # air defences of another clause strike nothing: "...; debris fell"
                "defen" in told[0][start:end]
                # nor do the armed sides of a clause after it: "shelling in Toretsk, where
                # Ukrainian troops are holding off Russian forces" (its victims may: "..., and
                # two civilians were hurt")
                or (start > told[2] and not name.startswith("Civilians"))
                # nor is the actor of another clause's own event its target: "..., while
                # Hezbollah fired"
                or vocab.any_trigger.search(told[0][end : end + 30]) is not None
            )
        ):
            continue
        if (violent or "gathering" in rule.policies) and (
            name.startswith("Government")
            or ("ground" in rule.policies and name.startswith("Civilians"))
        ):
            continue  # "officials said", "residents fled as the fighting ..."; no state
            # protests ("a rally in Washington ..., officials said")
        role = _NAMED
        if told is not None and vocab.blamed_before.search(told[0], max(0, start - 20), start):
            found.append((False, _DID, start, name))  # "the army said, blaming the RSF"
            continue
        if violent and told is not None and not outside:
            a, b = told[1:]
            if a <= start and end <= b and vocab.act_noun.search(told[0], start, end):
                role = _DID  # it did the act named in the trigger: "hurt in a Russian attack"
            elif _is_target(told, start, end) or owned.search(told[0], start, end):
                role = _DONE_TO  # or its trucks were: "Russian military trucks in flames"
            elif end <= a and vocab.suffered.match(told[0], a, b):
                role = _DONE_TO  # the subject of "suffered heavy losses"
            elif vocab.object_of.search(told[0], max(0, start - 40), start):
                role = _DONE_TO  # the object of another verb of violence: "killed a Hamas ..."
            elif start >= b and vocab.owner_before.search(told[0], max(0, start - 30), start):
                role = _DONE_TO  # what was struck is its: "struck a compound used by Hamas"
            elif vocab.harmed_after.match(told[0], end):
                role = _DONE_TO  # "Ukrainian soldiers died when their vehicle hit a mine"
            elif start <= a < end <= b:
                role = _DID  # its last word is the trigger: "Russian counterattacks"
            elif subject is not None and end <= a:
                role = _DID if start == subject else _DONE_TO
            elif strike and "defen" in told[0][start:end]:
                role = _DONE_TO  # air defences strike nothing: "explosions rang out in Kyiv as
                # air defences repelled a Russian missile attack"
        found.append((outside, role, start, name))
    if told is not None and len(found) > 2 and rule.sub_event_type != _TERRITORY:
        found = _without_partners(vocab, found, mentions, told)
    names = list(dict.fromkeys(name for *_, name in sorted(found)))
    if rule.defender and (defending or side or country):
        defender = defending or f"Military Forces of {side or country}"
        other = next((n for n in names if n.startswith("Military") and n != defender), "")
        return defender, other
    if rule.sub_event_type == _TERRITORY and country:
        before = {n for outside, _, start, n in found if told and not outside and start < told[1]}
        ends = {start: end for start, end, _ in mentions}
        lost = {  # named after "from", or what was taken is its ("an army base")
            n
            for _, _, start, n in found
            if told
            and start >= told[2]
            and (
                vocab.taken_from_before.search(told[0], told[2], start)
                or owned.search(told[0], start, ends.get(start, start))
            )
        }
        return _took(names, country, side, rule, told, before, lost)
    roles = {role for outside, role, *_ in found if not outside}
    if violent and roles == {_DONE_TO}:
        # only those it was done to are named ("Russian troops had been cleared from Sudzha",
        # Ukraine's commander said): it was done by its enemy, else the side that tells of
        # it, or the one that holds the place
        target = names[0]
        state = target.removeprefix("Military Forces of ")
        enemy = vocab.enemies.get(state)
        if enemy:
            return enemy, target
        if state != target:
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
        and told is not None
        and all(start > told[1] for _, _, start, _ in found)
    ):
        # "Security forces arrested 12 suspected militants": its authorities did it to those
        # named after the trigger
        return f"Government of {country}", names[0]
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
        civilians = [n for n in names if n.startswith("Civilians")]
        if "on_civilians" in rule.policies and civilians and names[0] != civilians[0]:
            # "opened fire on villagers who had been ordered by the army": the villagers
            names = [names[0], civilians[0]]
    if strike and (not names or not names[0]) and country in vocab.struck_by_enemy:
        # no one named: a remote attack on the land of a side of a war between two states
        # was its enemy's ("a drone hit a house in Belgorod"; `land_struck_by_enemy`)
        rest = [n for n in names if n]
        doer = f"Military Forces of {country}" if enemy_held else vocab.enemies[country]
        return doer, rest[0] if rest else ""
    own = f"Military Forces of {country}"
    if names and names[0] == own and told and vocab.crossing.search(told[0], told[1], told[2]):
        # no state crosses into its own land: "the incursion into Kursk is not meant to ...,
        # and Russian forces are unlikely to be withdrawn"
        other = next((n for n in names[1:] if n.startswith("Military")), "")
        return other, own
    return (names[0] if names else "", names[1] if len(names) > 1 else "")


def _without_partners(
    vocab: Vocabulary,
    found: list[tuple[bool, int, int, str]],
    mentions: list[tuple[int, int, str]],
    told: tuple[str, int, int],
) -> list[tuple[bool, int, int, str]]:
    """`found` (outside, role, start, name) less the mentions joined by "and" to the one before
    them, before the trigger of `told`, where a side is named after it: partners of one side
    ("Somali forces and clan militias clashed with al-Shabaab": al-Shabaab is actor2)."""
    low, a, _ = told
    ends = {start: end for start, end, _ in mentions}
    before = sorted(start for _, _, start, _ in found if start in ends and ends[start] <= a)
    if not any(start > a for _, _, start, _ in found):
        return found
    partners = {
        start
        for previous, start in zip(before, before[1:], strict=False)
        if vocab.partners_joined.fullmatch(low, ends[previous], start)
    }
    return [f for f in found if f[2] not in partners]


def _claimed_after(events: list[Event], last_made: range, sides: list[str]) -> None:
    """Give the one armed side (`sides`, actor names) of a sentence that claims the events of
    the sentence before it ("Al-Shabaab claimed responsibility.") to those of them whose
    actor1 is unnamed or an unidentified armed group."""
    if len(set(sides)) != 1:
        return
    for i in last_made:
        actor1 = events[i].actor1
        if (not actor1 or unidentified(actor1)) and events[i].actor2 != sides[0]:
            events[i] = replace(events[i], actor1=sides[0])


def _armed_sides(facts: _Sentence) -> list[str]:
    """The actors a sentence names that may fight: no placeholder ("its forces"), no
    government, no civilians."""
    return [
        name
        for _, _, name in facts.actor_mentions
        if "{" not in name and not name.startswith(("Government", "Civilians"))
    ]


def _is_target(told: tuple[str, int, int], start: int, end: int) -> bool:
    """Whether the actor mention [start, end) of the sentence is what the trigger [a, b) was
    done to: its subject in the passive voice, its object, or a mention inside it not after
    "by" ("taken 100 Russian soldiers prisoner"; not "killed by Ukrainian artillery")."""
    low, a, b = told
    vocab = load_vocabulary()
    if end <= a:
        if vocab.appositive.fullmatch(low, end, a):
            # a participle set off after it: "The Ukrainian brigade, attacked by Russian
            # forces near Sudzha, held its positions"
            return low.startswith(" by ", b)
        gap = vocab.passive_gap.fullmatch(low, end, a)
        return (
            gap is not None
            and (gap["be"] is not None or vocab.passive_be.match(low, a) is not None)
            and not vocab.progressive.match(low, a)
        )
    if start >= b:
        return vocab.object_gap.fullmatch(low, b, start) is not None
    return start > a and " by " not in low[a:start]


def _pronoun_subject(
    mentions: list[tuple[int, int, str]], told: tuple[str, int, int]
) -> int | None:
    """The start of the mention right before a trigger whose object is a pronoun (which stands
    for a side named before that mention), else None."""
    low, a, b = told
    vocab = load_vocabulary()
    if not (vocab.object_pronoun.search(low, a, b) or vocab.pronoun_after.match(low, b)):
        return None
    before = [(start, end) for start, end, _ in mentions if end <= a]
    if len(before) < 2:
        return None  # no side named before the doer for the pronoun to stand for
    start, end = max(before, key=lambda m: m[1])
    # the subject of the trigger: only auxiliaries and adverbs between ("Ukrainian units had
    # pushed them back"; not "detected Russian groups and had struck them": the pronoun
    # stands for those)
    return start if vocab.subject_gap.fullmatch(low, end, a) else None


_TERRITORY = "territory"  # the sub-type of a place taken, chosen by who took it (`_took`)
_REGAINS = "Government regains territory"
_BASE = "Headquarters or base established"  # set up by a side's military: see `_actors`
_OVERTAKES = "Non-state actor overtakes territory"


def _took(
    names: list[str],
    country: str,
    side: str,
    rule: TriggerRule,
    told: tuple[str, int, int] | None,
    before: set[str] = frozenset(),
    lost: set[str] = frozenset(),
) -> tuple[str, str]:
    """actor1 and actor2 of a place taken in `country`: the first side named (not a
    government, not civilians), else the side the source speaks for (`side`), else, for a
    `rule.regain` word, the state whose land it is; actor2 the other side named, else the one
    it was taken from (`lost`: named after "from" the trigger), else the state whose land it
    is, or, when that state took it, its enemy.
    Where the state whose land it is is named before the trigger (`before`) with the first
    side, its allies ("African Union and Somali troops retook the town"), it took it."""
    own = f"Military Forces of {country}"
    sides = [n for n in names if n and not n.startswith(("Government", "Civilians"))]
    if sides and sides[0] != own and {own, sides[0]} <= before:
        enemy = load_vocabulary().enemies.get(country, "")
        return own, enemy if enemy in sides else next((n for n in sides if n not in before), "")
    takers = [n for n in sides if n not in lost]
    taker = takers[0] if takers else (f"Military Forces of {side}" if side else "")
    if not taker and told is not None and rule.regain is not None:
        low, start, end = told
        taker = own if rule.regain.match(low[start:end]) else ""
    # the other side: one named after the trigger first ("from al-Shabaab"), not a partner
    # named with the taker ("Somali forces and clan militias recaptured ...")
    others = [n for n in sides if n != taker]
    other = next((n for n in others if n not in before), others[0] if others else "")
    if not other and taker:
        other = load_vocabulary().enemies.get(country, "") if taker == own else own
    return taker, other


def _territory_sub_type(actors: tuple[str, str], country: str) -> str:
    """ACLED's sub-type of a place taken: a regain when the state whose land it is took it."""
    return _REGAINS if actors[0] == f"Military Forces of {country}" else _OVERTAKES


@dataclass(slots=True)
class _Cue:
    start: int
    end: int
    source: str
    spoken: bool  # "X said", "according to X": the whole sentence is X's claim
    military: bool  # "Russia's military": not an actor of the event


def _cues(vocab: Vocabulary, facts: _Sentence) -> list[_Cue]:
    sentence = facts.low
    out: list[_Cue] = []
    for table, source, armed in vocab.attribution:
        for a, b in facts.spans(table):
            # "X said", "according to X" (`source_before`)
            spoken = bool(
                vocab.speech_near.match(sentence, b) or vocab.source_before.search(sentence, 0, a)
            )
            if armed and not spoken and sentence[a:b].endswith(armed):
                continue  # "the Russian army shelled Sumy": an actor, not a source
            # a civil authority may be an actor of what it decides ("officials declared an
            # emergency"); the military, a ministry of defence or a blogger only report
            military = source not in vocab.civil
            out.append(_Cue(a, b, source, spoken, military))
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
    if not cues and last is not None and vocab.opening_pronoun.match(sentence):
        inherited = last.attribution  # "It gave a count for each area: ..."
    elif not cues and (m := vocab.back_reference.search(facts.low)):
        # "The ministry said ...": the ministry named last before (in `low_text`, the
        # article lower-cased, before the sentence's start)
        inherited = _named_before(vocab, low_text, s_start, m.group(1))
    elif not cues and (m := vocab.surname_said.search(sentence)):
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
    found = vocab.sources.find_groups(window)
    for table, name, _ in vocab.attribution:
        for m in found.get(table, ()):
            if m.char_start > best and noun in window[m.char_start : m.char_end]:
                best, source = m.char_start, name
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
    """The rule's sub-event type: that of the first of its `sub_types` with a cue in the
    trigger's `clause` (in its sentence, for a gathering: "thousands marched, and police shot
    dead five protesters"), else its own; for a weapon's, the weapon of the `clause`, else of
    the sentence, else the one named last before it, else "" (no weapon named: see
    `_unarmed_strike`)."""
    a0, b0 = (0, len(sentence.low)) if "gathering" in rule.policies else clause
    for table, sub in rule.sub_types:
        if any(a0 <= a and b <= b0 for a, b in sentence.spans(table)):
            return sub
    if rule.sub_event_type != "weapon":
        return rule.sub_event_type
    return sentence.weapon(clause) or weapon_before(s_start) or ""


def _unarmed_strike(vocab: Vocabulary, actor1: str) -> str:
    """The sub-event type of a strike that names no weapon: its actor's kind of strike
    (`strike_weapon` in the sides), else the default."""
    return vocab.strike_weapons.get(actor1, vocab.weapon_default)


def _weapon_before(vocab: Vocabulary, words: TokenText, end: int) -> str | None:
    """The sub-event type of the weapon named last in the 400 characters before `end` ("75
    drones ... In Lipetsk, an airfield was struck"), of `words`, the article's tokens."""
    found = vocab.weapon_finder.find_groups(words, *words.span(max(0, end - 400), end))
    best: tuple[int, str] | None = None
    for table, sub in vocab.weapons:
        if (ms := found.get(table)) and (best is None or ms[-1].char_end > best[0]):
            best = (ms[-1].char_end, sub)
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
