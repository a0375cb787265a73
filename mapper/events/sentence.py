"""One sentence as the extractor reads it (`_Sentence`): its lower-cased text, tokens, numbers
and the vocabulary's words found in it, computed once and shared by the stages."""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable

from mapper.events.vocabulary import Vocabulary
from mapper.tokenpatterns import TokenText


class _Sentence:
    """A sentence, lower-cased, and what extraction reads in it: each found once, when first
    asked for (a sentence with one trigger and no number never looks for counts)."""

    def __init__(
        self, vocab: Vocabulary, low: str, tokens: TokenText | None = None, start: int = 0
    ) -> None:
        """`low`: the sentence lower-cased; `tokens`: those of the lower-cased text it is part
        of, from character `start` (None: the sentence's own)."""
        self.vocab = vocab
        self.low = low
        if tokens is None:
            tokens, start = TokenText(low), 0
        self.tokens, self.start = tokens, start
        self.token_range = tokens.span(start, start + len(low))
        self._counts: dict[str, list[re.Match[str]]] = {}

    @functools.cached_property
    def lexicon(self) -> dict[Hashable, list[tuple[int, int]]]:
        """The matches of the vocabulary's token patterns (`Vocabulary.lexicon`) in the
        sentence, by table: (start, end) in the sentence, in order."""
        s = self.start
        return {
            group: [(m.char_start - s, m.char_end - s) for m in found]
            for group, found in self.vocab.lexicon.find_groups(
                self.tokens, *self.token_range
            ).items()
        }

    def spans(self, table: Hashable) -> list[tuple[int, int]]:
        """(start, end) of each match of a table of the lexicon (see `lexicon`)."""
        return self.lexicon.get(table, [])

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
            words = self.spans(("unit", unit))  # a count ends with a word of the unit
            if not words:
                got = []
            else:
                last, match, low = words[-1][0], self.vocab.units[unit].match, self.low
                got = [m for n in self.numbers if n < last and (m := match(low, n))]
            self._counts[unit] = got
        return got

    @functools.cached_property
    def actor_mentions(self) -> list[tuple[int, int, str]]:
        """(start, end, actor name) of each mention, in the order of the vocabulary's table;
        a generic mention (its name a template: "Unidentified Armed Group ({country})") inside
        a longer one is none ("gunmen" of "Hamas gunmen"), and so is a mention that holds a
        named actor's other than its own ("Sudan's RSF attacks" names the RSF, not Sudan's
        army), or one by a side's adjective that another side's own name holds ("the Syrian
        National Army" names that group, not Syria's army); a generic mention of whom a named
        one's side is told right after is that side's ("jihadists from JNIM")."""
        actors, proper = self.vocab.actors, self.vocab.proper_names
        found = sorted(  # (the sentence's few tables of actors: ("actor", k))
            (table[1], spans)
            for table, spans in self.lexicon.items()
            if type(table) is tuple and table[0] == "actor"
        )
        mentions = [(a, b, actors[k][1]) for k, spans in found for a, b in spans]
        if len(mentions) < 2:
            return mentions
        own_names = [
            (a, b, actors[k][1]) for k, spans in found if ("actor", k) in proper for a, b in spans
        ]
        return [
            m
            for m in mentions
            if _kept_mention(m, mentions, own_names, self.low, self.vocab.members_of)
        ]

    @functools.cached_property
    def weapons(self) -> list[tuple[str, int]]:
        """(sub-event type, offset) of each weapon the sentence names, in the table's order."""
        return [(sub, a) for table, sub in self.vocab.weapons for a, _ in self.spans(table)]

    def weapon(self, clause: tuple[int, int]) -> str | None:
        """The sub-event type of the first weapon of the table that the `clause` names, else
        the first that the sentence names ("Russian forces shelled Sumy, and Ukrainian drones
        struck Belgorod": shelling in Sumy)."""
        named = self.weapons
        if named and self.vocab.weapon_mixes:
            inside = any(clause[0] <= at < clause[1] for _, at in named)
            a, b = clause if inside else (0, len(self.low))
            for tables, sub in self.vocab.weapon_mixes:
                if all(any(a <= x and y <= b for x, y in self.spans(t)) for t in tables):
                    return sub  # "drones and missiles": coded by the missiles
        return next(
            (sub for sub, at in named if clause[0] <= at < clause[1]),
            named[0][0] if named else None,
        )


def _kept_mention(
    m: tuple[int, int, str],
    mentions: list[tuple[int, int, str]],
    own_names: list[tuple[int, int, str]],
    low: str,
    members_of: re.Pattern[str],
) -> bool:
    """Whether the mention `m` (start, end, actor name) of the sentence `low` stands among
    `mentions`: a generic one where no longer mention holds it and no named one follows it
    as what they are members of (`members_of`: "jihadists from the al-Qaeda-linked JNIM"), a
    named one unless it is a possessive ("Sudan's") before another actor's named mention,
    which names that actor, or a side's adjective that another side's own name (of
    `own_names`, the mentions by a side's `groups`) holds ("the Syrian National Army")."""
    start, end, name = m
    if "{" in name:
        return not any(
            (a <= start and end <= b and b - a > end - start)
            or (a >= end and "{" not in n and members_of.fullmatch(low, end, a) is not None)
            for a, b, n in mentions
        )
    if m not in own_names and any(a <= start and end <= b and n != name for a, b, n in own_names):
        return False
    return not any(
        start < a
        and b <= end
        and n != name
        and "{" not in n
        and _POSSESSIVE_WORD.fullmatch(low, start, a) is not None
        for a, b, n in mentions
    )


_POSSESSIVE_WORD = re.compile(r"[\w-]+'s ")  # (after typographic apostrophes are made plain)
