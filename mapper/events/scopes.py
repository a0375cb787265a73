"""Which triggers of a sentence tell an event: the triggers found, less those in the scope of
a negation, a modal or an intent, a denial, another sense of the word, or a name."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from mapper.events.sentence import _Sentence
from mapper.events.vocabulary import TriggerRule, Vocabulary


def _triggers(rules: Sequence[TriggerRule], facts: _Sentence) -> list[tuple[int, int, TriggerRule]]:
    """(start, end, rule) of the triggers of `rules` in the sentence, in order: of two that
    overlap, the earlier rule's."""
    found: list[tuple[int, int, TriggerRule]] = []
    for rule in rules:
        for a, b in facts.spans(rule.table):
            if all(b <= x or a >= y for x, y, _ in found):
                found.append((a, b, rule))
    found.sort(key=lambda f: f[0])
    return found


def _is_modal(
    vocab: Vocabulary, sentence: str, start: int, clause: tuple[int, int], end: int | None = None
) -> bool:
    """Whether the trigger at `start` (to `end`) tells a plan, a wish or a purpose, not a
    thing that happened: a modal cue ("would", "plans", "vowed") before it in its clause, an
    infinitive of purpose ("assaults to push them out"; not "continued to advance"), or a
    modal right after it ("Capturing it would be a step").

    >>> from mapper.events.vocabulary import load_vocabulary
    >>> vocab = load_vocabulary()
    >>> _is_modal(vocab, "on 9 may, forces shelled shebekino", 18, (0, 34))
    False
    >>> _is_modal(vocab, "troops massed to strike sumy", 17, (0, 28), 23)
    True
    """
    if sentence.endswith("to ", 0, start):
        before = sentence[max(clause[0], start - 40) : start - 3].split()
        if not before or (
            before[-1] not in vocab.done_before_to
            and not vocab.used_before_to.intersection(before[-6:])
        ):
            return True
    if vocab.purpose_before.search(sentence, max(clause[0], start - 50), start):
        return True
    if end is not None and vocab.modal_after.match(sentence, end, clause[1]):
        return True
    low = max(clause[0], start - 60)
    for cue in vocab.modal.finditer(sentence, low, start):
        if cue.group() != "may":
            return True
        months = vocab.may_the_month.finditer(sentence, max(0, cue.start() - 7), cue.end() + 6)
        if not any(m.start() <= cue.start() < m.end() for m in months):
            return True
    return False


def _is_negated(
    vocab: Vocabulary, sentence: str, start: int, end: int, clause: tuple[int, int]
) -> bool:
    """Whether the trigger [start, end) is denied in its clause: by a negation word at most
    five words before it, with no conjunction, preposition or punctuation between ("did not
    capture", "denied shelling"; not "were not shot down over Kursk but struck"), or by words
    after it ("reports that Russian forces shelled Sumy were false")."""
    window = sentence[max(clause[0], start - 80) : start]
    if vocab.negated.search(window):
        return True
    return vocab.denied_after.search(sentence, end, min(clause[1], end + 80)) is not None


def _told(
    vocab: Vocabulary, rules: Sequence[TriggerRule], facts: _Sentence, sentence: str
) -> list[tuple[int, int, TriggerRule, tuple[int, int]]]:
    """The triggers of `rules` in a sentence that tell something happened, each with its
    clause: not a plan, not denied, not a habit, not told as known before ("previously"), not
    a word in another sense than war's, not part of a name, not the means of another trigger
    ("backed by air strikes")."""
    # "the quakes struck", "teachers went on strike"
    other = facts.spans("other_senses")
    heard = facts.spans("heard")
    low = facts.low
    told = [
        (a, b, r, clause)
        for a, b, r in _triggers(rules, facts)
        if not _is_modal(vocab, low, a, clause := facts.clause(a), b)
        and not _is_negated(vocab, low, a, b, clause)
        and not (other and _in_other_sense(other, a, b, clause))
        and not any(h0 <= a < h1 for h0, h1 in heard)
        and not vocab.habitual.search(low, max(clause[0], a - 40), min(clause[1], b + 45))
        and not vocab.told_before.search(low, clause[0], b)
        and not _in_a_name(sentence, a, b)
    ]
    # "troops backed by air strikes stopped the units": the strikes are the stop's means
    support = [
        t
        for t in told
        if (m := vocab.support_before.search(low, max(t[3][0], t[0] - 40), t[0]))
        and not any(m.start() <= u[0] < t[0] for u in told)
    ]
    if support and len(support) < len(told):
        told = [t for t in told if t not in support]
    protest = next((t for t in told if "gathering" in t[2].policies), None)
    if protest is None:
        return told
    # what a protest is against is no event of its own: "protested against the slow pace of
    # evacuations"
    return [
        t
        for t in told
        if not (
            t[0] > protest[1]
            and t[3] == protest[3]
            and "gathering" not in t[2].policies
            and vocab.grievance.search(sentence, protest[1], t[0])
        )
    ]


def _in_other_sense(
    other: list[tuple[int, int]], start: int, end: int, clause: tuple[int, int]
) -> bool:
    """Whether the trigger [start, end) is used in another sense than war's: one of the spans
    `other` (of `other_senses`, in order) in its clause, within 60 characters ("the quakes
    struck near Tabriz"). Offsets are the sentence's, and so is `other`'s."""
    lo, hi = max(clause[0], start - 60), min(clause[1], end + 60)
    i = bisect.bisect_left(other, (lo,))
    if i and other[i - 1][1] > lo:
        return True  # (a span begun before the window reaches into it)
    return i < len(other) and other[i][0] < hi


_LOWER_WORD = re.compile(r"\b[a-z]")


def _in_a_name(sentence: str, start: int, end: int | None = None) -> bool:
    """Whether the trigger at `start` (to `end`) is capitalised inside a sentence written in
    lower case, so part of a name ("Linda Battle", "the Battle of Kursk", "Strike Force"); not
    one whose first word only ends a name ("the Rapid Support Forces killed 124 people")."""
    if not sentence[start].isupper() or not any(c.isalpha() for c in sentence[:start]):
        return False
    if end is not None and _LOWER_WORD.search(sentence, start + 1, end):
        return False
    if _OPENS_AFTER.search(sentence, 0, start):
        return False  # the first word after a dateline or a quote's colon: "KYIV (AP) - Drones"
    words = sentence.split()
    return len(_LOWER_WORD.findall(sentence)) * 3 > len(words)  # not a headline in title case


# Right before a sentence's first word: a dash or a colon after its dateline or its title
_OPENS_AFTER = re.compile(r"(?:\s[-–—]+|:)\s+$")
