"""Token patterns: rules written as data, lists of token specs, compiled to a matcher that tries
a pattern only where a token that can begin it is found (the design of spaCy's `Matcher` and
`PhraseMatcher`, and PETRARCH2's synonym sets and generated inflections; no dependency).

A **pattern** is a list of token specs, matched on the tokens of `mapper.text.tokenize`. A
token's *form* is its lower case with curly apostrophes read as "'" ("Commandant’s" ->
"commandant's"). A **token spec** is one of:

- a string: the token whose form is that word (`shot`); a string that begins with `&` names a
  synonym set (`&WEAPON`);
- a mapping of conditions that all hold for the token:
  - `LOWER: shot`, `LOWER: {IN: [shot, shoot]}`, `LOWER: {NOT_IN: [near, in]}`, or the short
    forms `IN: [...]`, `NOT_IN: [...]`;
  - `STEM: intercept`: the stem and its inflections (see `inflections`): intercept, intercepts,
    intercepted, intercepting;
  - `SET: WEAPON`: any word of the synonym set `WEAPON` defined once beside the patterns;
  - `IS_PUNCT: true|false` (a punctuation mark, or a word or number), `IS_DIGIT: true|false`
    (a token that begins with a digit);
  - `PART: first|last|any`: the spec's word list may hold, instead of for the whole token,
    for a part of a token that joins words with hyphens or apostrophes (`mapper.text` keeps
    "drone-launched", "pro-Russian", "governor's" whole): its first part ("governor" of
    "governor's", "drone" of "drone-launched"), its last ("occupied" of "Russian-occupied"),
    or either. The match takes the whole token;
  - `OP`: how many tokens the spec takes: `?` (0 or 1), `*` (0 or more), `+` (1 or more), `!`
    (one token the spec does NOT accept), `{m,n}` (m to n: a gap); none: exactly one. `?`, `*`
    and `+` take as many tokens as they can, a gap `{m,n}` as few as let the pattern match. A
    gap of words (`IS_PUNCT: false` and no word list; `NOT_IN` holds for its words only) passes
    over an aside in brackets of up to six tokens as over one word ("hit Bilozerka (Kherson,
    Kherson) with artillery").
  `{}` is any token.

A pattern may instead be a mapping with the token list under `pattern` and **guards**, token
patterns that must not (or must) match right next to it: `not_followed_by`, `followed_by`
(starting at the token after the match), `not_preceded_by`, `preceded_by` (ending at the token
before it), each optionally with a `window: n` of words (not punctuation) that may stand
between the match and the guard.

>>> lexicon = Lexicon(sets={"WEAPON": frozenset({"drone", "drones", "missile"})})
>>> matcher = TokenMatcher([
...     ("down", compile_pattern([{"IN": ["shot", "shoots"]}, "down"], lexicon)),
...     ("intercept", compile_pattern([{"STEM": "intercept"}], lexicon)),
...     ("attack", compile_pattern(
...         [{"STEM": "attack"}, {"IS_PUNCT": False, "OP": "{0,3}"}, "with", "&WEAPON"],
...         lexicon)),
...     ("captured", compile_pattern({
...         "pattern": ["captured"],
...         "not_followed_by": [{"IN": ["soldiers", "troops"]}], "window": 3}, lexicon)),
... ])
>>> [(m.id, m.char_start, m.char_end) for m in matcher.find("They shot down drones.")]
[('down', 5, 14)]
>>> [m.id for m in matcher.find("Troops captured two Russian soldiers; Kyiv intercepted it.")]
['intercept']
>>> [m.id for m in matcher.find("Troops attacked the town with drones and captured Sudzha.")]
['attack', 'captured']
>>> said = TokenMatcher([("governor", compile_pattern([{"LOWER": "governor", "PART": "first"}]))])
>>> [m.char_end for m in said.find("The governor's office and the governor said.")]
[14, 38]

A pattern is matched as one regular expression over the text's forms, each followed by a
space (`TokenText.line`), so a match's preferences are the regex engine's. Matching: the
leftmost match, there the longest of the matcher's patterns (the first added on
a tie), then the next match after it: matches never overlap. Every pattern is indexed by the
forms its first required token (and the optional ones before it) can take (one that reads
`PART`s also at the joined tokens whose first or last part is one); a pattern that can begin
with any token (a first spec with no word list) is tried everywhere, correct but slower.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from mapper.text import token_columns

__all__ = [
    "Lexicon",
    "TokenMatch",
    "TokenMatcher",
    "TokenPattern",
    "TokenText",
    "compile_pattern",
    "inflections",
    "plain_apostrophes",
]

_CURLY_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")
_GAP = re.compile(r"\{(\d+),(\d+)\}")
_JOINED = re.compile(r"[-_']+")  # what joins the parts of a token (apostrophes read as "'")
_GUARD_REACH = 40  # a guard before a match is looked for in at most this many tokens
_VOWELS = frozenset("aeiou")


# --------------------------------------------------------------------------- inflections


def inflections(stem: str, irregular: Mapping[str, Sequence[str]] | None = None) -> frozenset[str]:
    """The forms of an English verb or noun `stem`, generated by a few rules, irregular ones
    from `irregular` (stem -> its past forms, which replace the generated "-ed").

    - `-s`: "es" after s, x, z, ch, sh ("pushes"); "ies" for a consonant and y ("rallies");
    - `-ed` and `-ing`: a final e dropped ("advanced", "advancing"; not "ee": "freeing"); a
      consonant and y makes "ied" ("rallied"); a final consonant after one vowel is also
      doubled ("repelled" beside "repeled", "levelled" beside "leveled": both spellings).

    A form no one writes ("repeled") matches nothing, so generating too many is harmless.

    >>> sorted(inflections("repel"))
    ['repel', 'repeled', 'repeling', 'repelled', 'repelling', 'repels']
    >>> sorted(inflections("advance"))
    ['advance', 'advanced', 'advances', 'advancing']
    >>> sorted(inflections("shoot", {"shoot": ["shot"]}))
    ['shoot', 'shooting', 'shoots', 'shot']
    """
    stem = stem.lower()
    forms = {stem}
    y_after_consonant = len(stem) > 1 and stem[-1] == "y" and stem[-2] not in _VOWELS
    if stem.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(stem + "es")
    elif y_after_consonant:
        forms.add(stem[:-1] + "ies")
    else:
        forms.add(stem + "s")
    if stem.endswith("e") and not stem.endswith("ee") and len(stem) > 2:
        base = stem[:-1]
        forms |= {base + "ed", base + "ing"}
    elif y_after_consonant:
        forms |= {stem[:-1] + "ied", stem + "ing"}
    else:
        forms |= {stem + "ed", stem + "ing"}
        if (
            len(stem) > 2
            and stem[-1] not in _VOWELS | {"w", "x", "y"}
            and stem[-2] in _VOWELS
            and stem[-3] not in _VOWELS
        ):
            forms |= {stem + stem[-1] + "ed", stem + stem[-1] + "ing"}
    past = (irregular or {}).get(stem)
    if past:
        forms = {f for f in forms if not f.endswith("ed")} | {p.lower() for p in past}
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What patterns may name: synonym sets (name -> forms) and irregular inflections (stem ->
    its past forms)."""

    sets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    irregular: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, sets: Mapping[str, Iterable] | None, irregular: Mapping | None = None) -> Lexicon:
        """A lexicon from data: each set a list of words and `{STEM: ...}` entries."""
        lexicon = cls({}, {str(k).lower(): list(v) for k, v in (irregular or {}).items()})
        built = {}
        for name, words in (sets or {}).items():
            forms: set[str] = set()
            for word in words:
                if isinstance(word, Mapping) and "STEM" in word:
                    forms |= inflections(str(word["STEM"]), lexicon.irregular)
                else:
                    forms.add(_form(str(word)))
            built[str(name).lstrip("&")] = frozenset(forms)
        return cls(built, lexicon.irregular)


# --------------------------------------------------------------------------- text


def plain_apostrophes(text: str) -> str:
    """`text` with each typographic apostrophe as the plain one ("commandant’s" ->
    "commandant's"); the same length."""
    for curly in _CURLY_APOSTROPHES:
        if curly in text:  # (str.replace: many times faster than a translation table)
            text = text.replace(curly, "'")
    return text


def _form(token: str) -> str:
    return plain_apostrophes(token.lower())


class TokenText:
    """A text's tokens, their forms and where each begins and ends: what a matcher reads.

    Make one per text (an article) and match its parts (sentences) as token ranges: `span`
    gives the range of a part's characters."""

    __slots__ = ("forms", "starts", "ends", "form_set", "line", "offsets", "_joined", "_rows")

    def __init__(self, text: str) -> None:
        self.starts, self.ends, words = token_columns(text)
        if not text.isascii():
            self.forms = list(map(_form, words))
        else:  # (the words of a text without capitals are their own forms)
            self.forms = words if text.islower() else list(map(str.lower, words))
        self.form_set = frozenset(self.forms)
        # the forms, each followed by a space, as one string that the patterns' regexes read;
        # token i begins at offsets[i] (offsets[-1]: its length)
        self.line = " ".join(self.forms) + " " if self.forms else ""
        lengths = itertools.accumulate(map(len, self.forms), initial=0)
        self.offsets = list(map(operator.add, lengths, itertools.count()))
        self._joined: list[int] | None = None
        # a matcher -> what it keeps of this text (`TokenMatcher._text_rows`)
        self._rows: dict[object, tuple[dict, frozenset[int]]] = {}

    def joined(self) -> list[int]:
        """The tokens (their numbers, in order) that join words with hyphens or apostrophes."""
        if self._joined is None:
            offsets = self.offsets
            at = {bisect.bisect_right(offsets, m.start()) - 1 for m in _JOINED.finditer(self.line)}
            self._joined = sorted(at)
        return self._joined

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The range [lo, hi) of the tokens that begin in the characters [start, end)."""
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)


# --------------------------------------------------------------------------- patterns


def _alternation(words: Iterable[str]) -> str:
    """A regex that matches exactly the `words`, written as a trie ("drone|drones|dnepr" ->
    "d(?:nepr|rones?)"), so that the engine reads each character once, not each word.

    >>> _alternation(["drone", "drones", "dnepr"])
    'd(?:nepr|rones?)'
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(c) + branch(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else f"{body}?"
        return body

    return branch(tree)


class _Spec:
    """One token spec: the conditions its tokens meet and how many tokens it takes, written
    as a regular expression over a `TokenText.line` (`regex`)."""

    __slots__ = ("words", "not_words", "punct", "digit", "negated", "low", "high", "lazy", "part")

    def __init__(self, entry: object, lexicon: Lexicon) -> None:
        self.words: frozenset[str] | None = None
        self.not_words: frozenset[str] = frozenset()
        self.punct: bool | None = None
        self.digit: bool | None = None
        self.negated = False
        self.low, self.high, self.lazy = 1, 1, False
        self.part: str | None = None
        if isinstance(entry, str):
            entry = {"SET": entry[1:]} if entry.startswith("&") else {"LOWER": entry}
        if isinstance(entry, bool):  # YAML reads on, off, yes, no as true or false
            raise ValueError(f"token pattern: {entry!r} for a word: quote on/off/yes/no in YAML")
        if not isinstance(entry, Mapping):
            raise ValueError(f"token pattern: a token spec is a word or a mapping, not {entry!r}")
        for key, value in entry.items():
            if key == "LOWER" and isinstance(value, Mapping):
                self._words(value, lexicon)
            elif key == "LOWER":
                self._restrict(frozenset({_form(str(value))}))
            elif key in ("IN", "NOT_IN"):
                self._words({key: value}, lexicon)
            elif key == "STEM":
                self._restrict(inflections(str(value), lexicon.irregular))
            elif key == "SET":
                name = str(value).lstrip("&")
                if name not in lexicon.sets:
                    raise ValueError(f"token pattern: no synonym set named {name!r}")
                self._restrict(lexicon.sets[name])
            elif key == "IS_PUNCT":
                self.punct = bool(value)
            elif key == "IS_DIGIT":
                self.digit = bool(value)
            elif key == "OP":
                self._op(str(value))
            elif key == "PART":
                if value not in ("first", "last", "any"):
                    raise ValueError(f"token pattern: PART is first, last or any, not {value!r}")
                self.part = value
            else:
                raise ValueError(f"token pattern: unknown key {key!r} in {dict(entry)!r}")
        if self.part is not None and (self.words is None or self.negated):
            raise ValueError(f"token pattern: PART needs a word list, in {dict(entry)!r}")

    def _words(self, value: Mapping, lexicon: Lexicon) -> None:
        for key, words in value.items():
            forms = frozenset().union(*(_Spec(w, lexicon).words or () for w in words))
            if key == "IN":
                self._restrict(forms)
            elif key == "NOT_IN":
                self.not_words |= forms
            else:
                raise ValueError(f"token pattern: unknown key {key!r} under LOWER")

    def _restrict(self, forms: frozenset[str]) -> None:
        self.words = forms if self.words is None else self.words & forms

    def _op(self, op: str) -> None:
        if op == "?":
            self.low, self.high = 0, 1
        elif op == "*":
            self.low, self.high = 0, _MANY
        elif op == "+":
            self.low, self.high = 1, _MANY
        elif op == "!":
            self.negated = True
        elif gap := _GAP.fullmatch(op.replace(" ", "")):
            self.low, self.high, self.lazy = int(gap[1]), int(gap[2]), True
            if self.low > self.high:
                raise ValueError(f"token pattern: empty range {op!r}")
        else:
            raise ValueError(f"token pattern: unknown OP {op!r} (?, *, +, ! or {{m,n}})")

    def _plain(self) -> str:
        """A regex of one token that meets the conditions (before `!` and `PART`), with the
        space after it."""
        checks = ""
        if self.not_words:
            checks += f"(?!(?:{_alternation(self.not_words)}) )"
        if self.punct is not None:  # a token that begins with a letter or digit is no mark
            checks += "(?![^\\W_])" if self.punct else "(?=[^\\W_])"
        if self.digit is not None:
            checks += "(?=\\d)" if self.digit else "(?!\\d)"
        if self.words is None:
            return checks + "[^ ]+ "
        return checks + f"(?:{_alternation(self.words)}) " if self.words else "(?!)"

    def regex(self) -> str:
        """The spec as a regex over a `TokenText.line`: its tokens, each with its space."""
        one = self._plain()
        if self.negated:
            one = f"(?!{one})[^ ]+ "
        elif self.part is not None:
            words = _alternation(w for w in self.words if not _JOINED.search(w))
            alternatives = [one]
            if words and self.part in ("first", "any"):
                alternatives.append(f"(?:{words})[-_'][^ ]* ")
            if words and self.part in ("last", "any"):
                alternatives.append(f"[^ ]*[-_'](?:{words}) ")
            one = "(?:" + "|".join(alternatives) + ")"
        if (self.low, self.high) == (1, 1):
            return one
        if self.lazy and self.punct is False and self.words is None:
            one = f"(?:{one}|{_ASIDE})"  # a gap of words passes over an aside as over a word
        high = "" if self.high == _MANY else self.high
        return f"(?:{one}){{{self.low},{high}}}" + ("?" if self.lazy else "")

    def one_of_words(self) -> frozenset[str] | None:
        """The spec's word list when it takes one token of it and asks nothing else, else
        None (such a spec is read by a set's test, without a regex)."""
        simple = not (self.negated or self.not_words or self.part)
        if self.low == self.high == 1 and self.words and simple:
            return self.words if self.punct is None and self.digit is None else None
        return None

    def heads(self) -> frozenset[str] | None:
        """The forms a token this spec takes may have (None: any form)."""
        return None if self.negated else self.words


_MANY = 1 << 30  # the most tokens of `*` and `+`
# The most entries a matcher keeps of what it worked out for forms (`_plan`, `_part_rows`):
# a long run meets new joined words ("pro-russian") without end; past this, it starts again.
_MOST_KEPT = 50_000
# An aside in brackets of one to six tokens: "(Kherson, Kherson)", "(as reported)"
_ASIDE = r"\( (?:[^ ()]+ ){1,6}\) "


class TokenPattern:
    """A compiled pattern: a regex of its specs and its guards after it (compiled when first
    matched), the guards before it, and what the matcher indexes it by."""

    __slots__ = ("source", "not_before", "before", "heads", "needs", "by_part", "phrase", "second")

    def __init__(
        self,
        specs: Sequence[_Spec],
        guards: Mapping[str, Sequence[tuple[_Spec, ...]]] | None = None,
    ) -> None:
        if not specs or all(s.low == 0 for s in specs):
            raise ValueError("token pattern: a pattern must take at least one token")
        guards = guards or {}
        self.source = "".join(s.regex() for s in specs)
        for key, sign in (("followed_by", "="), ("not_followed_by", "!")):
            if guards.get(key):
                self.source += f"(?{sign}{_either(guards[key])})"
        # a guard before the match: a regex that begins at a token and ends where it begins
        self.not_before = _before(guards.get("not_preceded_by"))
        self.before = _before(guards.get("preceded_by"))
        heads: set[str] | None = set()
        self.by_part = False  # whether a match may begin with a token read by a part (PART)
        for spec in specs:
            words = spec.heads()
            if words is None:
                heads = None
                break
            heads |= words
            self.by_part = self.by_part or spec.part is not None
            if spec.low:
                break
        self.heads = None if heads is None else frozenset(heads)
        # the word lists of which a match takes a token: a text without one has no match (a
        # spec that reads parts may take a token of none)
        self.needs = tuple(
            {
                s.words
                for s in specs
                if s.low and s.words is not None and not s.negated and s.part is None
            }
        )
        plain = [s.one_of_words() for s in specs]
        # a phrase (one token of a word list for each spec, no guard): read without the regex
        self.phrase = tuple(plain) if not guards and all(plain) else None
        # the forms token i + 1 may take in a match from token i (the matcher's quick
        # rejection; None: any)
        self.second = _second(specs)

    def end(self, text: TokenText, start: int, limit: int | None = None, floor: int = 0):
        """Where the pattern's preferred match from token `start` ends (None: no match),
        reading the tokens [floor, limit) of `text` only: ?, * and + take as many tokens as
        they can, a gap as few as it can, so long as the rest matches."""
        forms = text.forms
        limit = len(forms) if limit is None else limit
        phrase = self.phrase
        if phrase is not None:
            end = start + len(phrase)
            if end > limit:
                return None
            for k, words in enumerate(phrase):
                if forms[start + k] not in words:
                    return None
            return end
        line, offsets = text.line, text.offsets
        m = _compiled(self.source).match(line, offsets[start], offsets[limit])
        if m is None:  # (the guards before, searched over many tokens, are read after)
            return None
        if self.not_before and _ends_at(self.not_before, line, offsets, start, floor):
            return None
        if self.before and not _ends_at(self.before, line, offsets, start, floor):
            return None
        return bisect.bisect_left(offsets, m.end(), start)


def _second(specs: Sequence[_Spec]) -> frozenset[str] | None:
    """The forms the second token of a match may take, where the first spec takes exactly
    one token: those of the specs after it up to the first that must take one (None: any
    form, or a match of one token).

    >>> sorted(_second([_Spec("fired", Lexicon()), _Spec({"IN": ["two", "three"], "OP": "?"},
    ...     Lexicon()), _Spec("rockets", Lexicon())]))
    ['rockets', 'three', 'two']
    """
    if specs[0].low != 1 or specs[0].high != 1:
        return None
    forms: set[str] = set()
    for spec in specs[1:]:
        if spec.words is None or spec.negated or spec.part is not None:
            return None
        forms |= spec.words
        if spec.low:
            return frozenset(forms)
    return None


def _either(guards: Sequence[tuple[_Spec, ...]]) -> str:
    return "|".join("".join(s.regex() for s in g) for g in guards)


def _before(guards: Sequence[tuple[_Spec, ...]] | None) -> str | None:
    # searched from a token's start ("(?<![^ ])") for a match that ends right at the end
    return f"(?<![^ ])(?:{_either(guards)})\\Z" if guards else None


_compiled = functools.cache(re.compile)  # a pattern's regex, compiled when first matched


def _ends_at(before: str, line: str, offsets: Sequence[int], end: int, floor: int) -> bool:
    """Whether a match of the guard `before` (in the tokens from `floor` on, beginning at most
    _GUARD_REACH tokens back) ends right before token `end`."""
    pos = offsets[max(floor, end - _GUARD_REACH + 1)]
    return _compiled(before).search(line, pos, offsets[end]) is not None


def compile_pattern(entry: object, lexicon: Lexicon | None = None) -> TokenPattern:
    """A pattern of data (a list of token specs, or a mapping with `pattern` and guards; see
    the module doc) compiled. Raises ValueError, with what is wrong, on a malformed one."""
    lexicon = lexicon or Lexicon()
    if isinstance(entry, Mapping):
        unknown = set(entry) - {"pattern", "window", *_GUARD_KEYS}
        if unknown or "pattern" not in entry:
            raise ValueError(f"token pattern: needs `pattern`, may have guards, got {dict(entry)}")
        window = int(entry.get("window", 0))
        guards = {
            key: tuple(_guard(g, key, window, lexicon) for g in _alternatives(entry[key]))
            for key in _GUARD_KEYS
            if key in entry
        }
        return TokenPattern(_specs(entry["pattern"], lexicon), guards)
    return TokenPattern(_specs(entry, lexicon))


_GUARD_KEYS = ("not_followed_by", "followed_by", "not_preceded_by", "preceded_by")


def _alternatives(guard: object) -> list:
    """A guard is a pattern or a list of patterns (any of which counts)."""
    if isinstance(guard, list) and guard and all(isinstance(g, list) for g in guard):
        return guard
    return [guard]


def _guard(guard: object, key: str, window: int, lexicon: Lexicon) -> tuple[_Spec, ...]:
    specs = _specs(guard, lexicon)
    if window:
        gap = _Spec({"IS_PUNCT": False, "OP": f"{{0,{window}}}"}, lexicon)
        specs = [gap, *specs] if key.endswith("followed_by") else [*specs, gap]
    return tuple(specs)


def _specs(entry: object, lexicon: Lexicon) -> list[_Spec]:
    if isinstance(entry, str):
        entry = [entry]
    if not isinstance(entry, list):
        raise ValueError(f"token pattern: a pattern is a list of token specs, not {entry!r}")
    return [_Spec(e, lexicon) for e in entry]


# --------------------------------------------------------------------------- matcher


class TokenMatch(NamedTuple):
    """A match: its pattern's id, its tokens [start, end) and its characters [start, end)."""

    id: Hashable
    start: int
    end: int
    char_start: int
    char_end: int


class TokenMatcher:
    """Patterns (each with an id, and a group) indexed by the forms that can begin them.

    The patterns of one group compete: `find` returns each group's leftmost-longest matches,
    none overlapping another of its group (the first pattern added wins a tie); the matches
    of different groups may overlap. All groups are matched in one pass over the tokens, each
    pattern tried only where a form that can begin it is. Picklable."""

    __slots__ = (
        "patterns", "groups", "index", "anywhere", "heads", "by_part", "_numbers",
        "_need_bits", "_needs_of", "_need_mask", "_parts", "_plans",
    )  # fmt: skip

    def __init__(
        self,
        patterns: Iterable[tuple[Hashable, TokenPattern]],
        groups: Iterable[Hashable] | None = None,
    ) -> None:
        self.patterns = tuple(patterns)
        self.groups = tuple(groups) if groups is not None else (None,) * len(self.patterns)
        if len(self.groups) != len(self.patterns):
            raise ValueError("token matcher: one group for each pattern")
        index: dict[str, list[int]] = {}
        by_part: dict[str, list[int]] = {}  # a part -> the patterns that may begin with it
        anywhere = []
        for n, (_, pattern) in enumerate(self.patterns):
            if pattern.heads is None:
                anywhere.append(n)
            for head in pattern.heads or ():
                index.setdefault(head, []).append(n)
                if pattern.by_part:
                    by_part.setdefault(head, []).append(n)
        self.anywhere = tuple(self._rows(anywhere))
        self.index = {head: tuple(self._rows({*ns, *anywhere})) for head, ns in index.items()}
        self.heads = frozenset(index)  # the forms where a match may begin (all, if `anywhere`)
        self.by_part = {head: tuple(ns) for head, ns in by_part.items()}
        self._numbers = {head: {*ns, *anywhere} for head, ns in index.items()}
        self._numbers[None] = set(anywhere)  # (None: where no form is a head)
        # the word lists patterns need (of those that need more than one), and the numbers of
        # the patterns that need each: a text without a word of one has none of them
        needed_by: dict[frozenset[str], set[int]] = {}
        for n, (_, pattern) in enumerate(self.patterns):
            if len(pattern.needs) > 1:
                for need in pattern.needs:
                    needed_by.setdefault(need, set()).add(n)
        # as bit sets (bit k: the k-th such word list): a word -> the lists that hold it, a
        # pattern's number -> the lists it needs (0: none checked)
        need_bits: dict[str, int] = {}
        needs_of = [0] * len(self.patterns)
        for k, (need, ns) in enumerate(needed_by.items()):
            for word in need:
                need_bits[word] = need_bits.get(word, 0) | 1 << k
            for n in ns:
                needs_of[n] |= 1 << k
        self._need_bits = need_bits
        self._needs_of = tuple(needs_of)
        # a head (None: any other form) -> the word lists its rows' patterns need, as a bit set
        self._need_mask = {
            head: functools.reduce(operator.or_, (needs_of[n] for n in ns), 0)
            for head, ns in self._numbers.items()
        }
        self._parts: dict[str, tuple | None] = {}  # a form -> `_part_rows(form)`, once found
        self._plans: dict[tuple, tuple] = {}  # what `_plan` works out, kept (see there)

    def _rows(self, ns: Iterable[int]) -> list[tuple[Hashable, Hashable, TokenPattern, int]]:
        return [(self.groups[n], *self.patterns[n], n) for n in sorted(ns)]

    def may_match(self, text: TokenText) -> bool:
        """Whether a match may begin in `text` (False: `find` finds none)."""
        return bool(self.anywhere or self.by_part) or not self.heads.isdisjoint(text.form_set)

    def _part_rows(self, form: str) -> tuple[tuple, ...] | None:
        """The rows to try at a token of `form` whose parts begin patterns (None: no part
        does): those of the form and those of its first and last parts, in their order."""
        if form in self._parts:
            return self._parts[form]
        if len(self._parts) > _MOST_KEPT:
            self._parts.clear()
        parts = _JOINED.split(form)
        extra = {n for part in (parts[0], parts[-1]) for n in self.by_part.get(part, ())}
        rows = None
        if extra:
            rows = tuple(self._rows(extra | self._numbers.get(form, self._numbers[None])))
        self._parts[form] = rows
        return rows

    def find(self, text: str | TokenText, lo: int = 0, hi: int | None = None) -> list[TokenMatch]:
        """The matches in `text` (in its tokens [lo, hi), read as a text of their own), in
        order of their start, none overlapping another of its group."""
        return [m for _, m in self._find(text, lo, hi)]

    def find_groups(
        self, text: str | TokenText, lo: int = 0, hi: int | None = None
    ) -> dict[Hashable, list[TokenMatch]]:
        """The matches of `find`, by group (only the groups that match), each group's in
        order."""
        out: dict[Hashable, list[TokenMatch]] = {}
        for group, m in self._find(text, lo, hi):
            if group in out:
                out[group].append(m)
            else:
                out[group] = [m]
        return out

    def search(
        self, text: str | TokenText, lo: int = 0, hi: int | None = None
    ) -> TokenMatch | None:
        """The first match of `find` (None: no match), found without looking further."""
        found = self._find(text, lo, hi, first=True)
        return found[0][1] if found else None

    def _find(
        self, text: str | TokenText, lo: int, hi: int | None, first: bool = False
    ) -> list[tuple[Hashable, TokenMatch]]:
        if isinstance(text, str):
            text = TokenText(text)
        forms, index = text.forms, self.index
        hi = len(forms) if hi is None else hi
        if self.anywhere:
            starts: Iterable[int] = range(lo, hi)
        else:  # (an iterator: `search` reads no further than its match)
            starts = itertools.compress(range(lo, hi), map(index.__contains__, forms[lo:hi]))
        by_part: dict[int, tuple] = {}  # a token read by a part -> the rows to try there
        if self.by_part:
            joined = text.joined()
            for i in joined[bisect.bisect_left(joined, lo) : bisect.bisect_left(joined, hi)]:
                if (rows := self._part_rows(forms[i])) is not None:
                    by_part[i] = rows
            if by_part and not self.anywhere:
                starts = sorted({*starts, *by_part})
        out: list[tuple[Hashable, TokenMatch]] = []
        free: dict[Hashable, int] = {}  # group -> the first token its next match may take
        tstarts, tends = text.starts, text.ends
        # (form or ("part", form)) -> the rows to try there (`_plan`), worked out once for
        # each form of the text, whichever part is matched
        plans, lacking = text._rows.get(self) or self._text_rows(text)
        present = set(forms[lo:hi])  # (the part's own words: a need the part lacks skips)
        here: dict[tuple, bool] = {}  # a pattern's needs -> whether the part has a word of each
        for start in starts:
            key = forms[start] if start not in by_part else ("part", forms[start])
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = self._plan(key, lacking)
            after = forms[start + 1] if start + 1 < hi else None
            best: dict[Hashable, tuple[int, Hashable]] = {}
            for group, id_, second, needs, end_of in plan:
                if free.get(group, 0) > start:
                    continue
                if second is not None and after not in second:
                    continue
                if needs is not None:
                    ok = here.get(needs)
                    if ok is None:
                        ok = here[needs] = not any(map(present.isdisjoint, needs))
                    if not ok:
                        continue
                end = start + 1 if end_of is None else end_of(text, start, hi, lo)
                if end is not None and (group not in best or end > best[group][0]):
                    best[group] = (end, id_)
            for group, (end, id_) in best.items():
                out.append((group, TokenMatch(id_, start, end, tstarts[start], tends[end - 1])))
                free[group] = end
            if first and out:
                break
        return out

    def _text_rows(self, text: TokenText) -> tuple[dict, int]:
        """What `_find` keeps of a text, worked out once for all its parts: a form (or
        ("part", form)) -> the rows to try there (`_plan`, filled as forms are met), and the
        word lists patterns need that have no word in it, as a bit set (a pattern that needs
        one cannot match in it)."""
        bits = self._need_bits
        present = functools.reduce(operator.or_, map(bits.get, text.form_set & bits.keys()), 0)
        return text._rows.setdefault(self, ({}, ~present))

    def _plan(self, key: str | tuple[str, str], lacking: int) -> tuple:
        """The rows to try at a token of a text whose needed word lists `lacking` (a bit set)
        have no word in it, as `_find` reads them: (group, id, the forms the next token may
        take or None, the pattern's word lists to find in the part or None, its `end` or None
        where the pattern is one token of a word list the token's form is in, a certain match).
        `key` is the token's form, or ("part", form) where its parts begin patterns.

        The rows left depend on the text only through those of its lacking word lists that
        the form's patterns need: kept by that, once for the matcher, not for each text."""
        if isinstance(key, tuple):
            form = key[1]
            rows = self._part_rows(form) or ()
            mask = functools.reduce(operator.or_, (self._needs_of[row[3]] for row in rows), 0)
        else:
            form = key
            rows = self.index.get(form, self.anywhere)
            mask = self._need_mask.get(form, self._need_mask[None])
        kept = (key, lacking & mask)
        plan = self._plans.get(kept)
        if plan is None:
            if len(self._plans) > _MOST_KEPT:
                self._plans.clear()
            plan = self._plans[kept] = tuple(
                _tried(row, form) for row in rows if not self._needs_of[row[3]] & lacking
            )
        return plan

    def match(self, text: str | TokenText, pos: int = 0) -> TokenMatch | None:
        """The longest match (of any group) that begins with the token that begins at
        character `pos` (a string is tokenized from `pos` on)."""
        if isinstance(text, str):
            text = TokenText(text[pos:]) if pos else TokenText(text)
            start = 0 if text.starts and text.starts[0] == 0 else None
            m = None if start is None else self._longest(text, start)
            return m and m._replace(char_start=m.char_start + pos, char_end=m.char_end + pos)
        i = bisect.bisect_left(text.starts, pos)
        if i == len(text.starts) or text.starts[i] != pos:
            return None
        return self._longest(text, i)

    def _longest(self, text: TokenText, start: int) -> TokenMatch | None:
        best, best_id = start, None
        forms = text.forms
        rows = self.by_part and self._part_rows(forms[start])
        for _, id_, pattern, _ in rows or self.index.get(forms[start], self.anywhere):
            end = pattern.end(text, start)
            if end is not None and end > best:
                best, best_id = end, id_
        if best == start:
            return None
        return TokenMatch(best_id, start, best, text.starts[start], text.ends[best - 1])


def _tried(row: tuple, form: str) -> tuple:
    """A matcher's row (group, id, pattern, number) as `_find` tries it at a token of `form`
    (see `TokenMatcher._plan`)."""
    group, id_, pattern, _ = row
    needs = pattern.needs if len(pattern.needs) > 1 and pattern.phrase is None else None
    phrase = pattern.phrase
    certain = phrase is not None and len(phrase) == 1 and form in phrase[0]
    return (group, id_, pattern.second, needs, None if certain else pattern.end)
