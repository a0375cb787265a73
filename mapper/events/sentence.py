"""One sentence as the extractor reads it (`_Sentence`): its lower-cased text, tokens, numbers
and the vocabulary's words found in it, computed once and shared by the stages."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from mapper.events.vocabulary import Vocabulary, WordPattern
from mapper.tokenpatterns import TokenText


def _tokens_within(tokens: TokenText, start: int, length: int) -> TokenText:
    """The tokens of text[start:start + length], offsets from `start`, read from `tokens`, the
    text's: what `TokenText(text[start:start + length])` holds where no token of the text
    crosses either end (as white space before and after ensures)."""
    lo = bisect.bisect_left(tokens.starts, start)
    hi = bisect.bisect_left(tokens.starts, start + length, lo)
    part = TokenText.__new__(TokenText)
    part.starts = [s - start for s in tokens.starts[lo:hi]]
    part.ends = [e - start for e in tokens.ends[lo:hi]]
    part.forms = tokens.forms[lo:hi]
    part.form_set = frozenset(part.forms)
    return part


class _Sentence:
    """A sentence, lower-cased, and what extraction reads in it: each found once, when first
    asked for (a sentence with one trigger and no number never looks for counts)."""

    def __init__(
        self,
        vocab: Vocabulary,
        low: str,
        found: list[tuple[int, str]],
        tokens: tuple[TokenText, int] | None = None,
    ) -> None:
        """`found`: (offset, head) of the vocabulary's heads in `low`; `tokens`: the tokens of
        the lower-cased article and where in it `low` begins, when the article is tokenized
        already (a sentence of `split_sentences` begins and ends at white space)."""
        self.vocab = vocab
        self.low = low
        self._tokens = tokens
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
        if self._tokens is None:
            return TokenText(self.low)
        return _tokens_within(*self._tokens, len(self.low))

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
