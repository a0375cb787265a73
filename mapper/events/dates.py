"""When a sentence's events happened: the date mentions of a sentence (absolute dates, weekdays,
months, "three days ago") and which of them dates a trigger."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mapper.events.locations import _Candidate
from mapper.events.sentence import _Sentence
from mapper.events.vocabulary import (
    _MONTH_ALT,
    _WEEKDAYS,
    TriggerRule,
    Vocabulary,
    load_vocabulary,
    parse_number,
)
from mapper.text import MONTHS as _MONTHS

# --------------------------------------------------------------------------- dates

# Written with a weekday's first letter first, which the regex engine skips to fast, and the
# \b before it looked back at: it reads rf"\b(?P<wd>{'|'.join(_WEEKDAYS)})\b(?!...)".
_WEEKDAY = re.compile(
    "(?P<wd>" + "|".join(rf"{d[0]}(?<!\w.){d[1:]}" for d in _WEEKDAYS) + ")"
    rf"\b(?!\s*,?\s+(?:\d|{_MONTH_ALT}))"
)

# What every match holds: of Vocabulary.abs_date and month_only a month, of _WEEKDAY a weekday
# (ending in "day"), of Vocabulary.ago one of its ago_words. A sentence without them is not
# searched, and a search begins no earlier than they allow.
_MONTH_HEADS = tuple(  # the months no other begins: "sept" for "sept" and "september"
    sorted(
        m
        for m in _MONTH_ALT.split("|")
        if not any(m != o and m.startswith(o) for o in _MONTH_ALT.split("|"))
    )
)
_RARITY = "jqxzvkbpygfwmucldrhsnioate"  # English letters, the rarest first


def _rarest(word: str) -> int:
    return min(range(len(word)), key=lambda i: _RARITY.index(word[i]))


# Months' first letters are common, their rarest letters are not: one scan for those ("b" of
# "december", the rest looked back at: "b(?<=decemb)()er") tries a tenth of the offsets. The
# empty group tells which month it found.
_MONTH_ANY = re.compile(
    "|".join(f"{h[i]}(?<={h[: i + 1]})(){h[i + 1 :]}" for h in _MONTH_HEADS for i in [_rarest(h)])
)
_MONTH_BACK = (0, *map(_rarest, _MONTH_HEADS))  # by group: the rarest letter's offset
# what follows a month in a match of month_only (in one of abs_date's "August 9": abs_tail)
_MONTH_ONLY_TAIL = re.compile(rf"(?:{_MONTH_ALT})\b(?!\s+\d{{1,2}}\b)")
# what may stand between the start of a match and its month: "Friday, 9 " of abs_date (and
# any other decimal digit), "since early " of month_only (its month_lead)
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # \s: none above U+3000
_ABS_LEAD = "".join(sorted(set("".join(_WEEKDAYS)))) + ",0123456789" + _SPACES
_WEEKDAY_DAY = max(map(len, _WEEKDAYS)) - len("day")  # the furthest a weekday's "day" is in


def _month_starts(sentence: str) -> list[int]:
    """Where a month's name (a head of one) begins in `sentence`, in order."""
    return [m.start() - _MONTH_BACK[m.lastindex] for m in _MONTH_ANY.finditer(sentence)]


def _day_before(sentence: str, month: int) -> bool:
    """Whether a day's number and spaces stand right before `month` ("9 August")."""
    before = sentence[:month].rstrip(_SPACES)
    return len(before) < month and before[-1:].isdecimal()


def _abs_dates(sentence: str, months: list[int]) -> Iterator[re.Match[str]]:
    """What `Vocabulary.abs_date.finditer(sentence)` finds; `months`: `_month_starts(sentence)`."""
    vocab = load_vocabulary()
    dated = [q for q in months if _day_before(sentence, q) or vocab.abs_tail.match(sentence, q)]
    return _month_matches(vocab.abs_date, sentence, dated, _ABS_LEAD)


def _months_only(sentence: str, months: list[int]) -> Iterator[re.Match[str]]:
    """What `Vocabulary.month_only.finditer(sentence)` finds; `months`:
    `_month_starts(sentence)`."""
    vocab = load_vocabulary()
    only = [q for q in months if _MONTH_ONLY_TAIL.match(sentence, q)]
    return _month_matches(vocab.month_only, sentence, only, vocab.month_lead + _SPACES)


def _month_matches(
    rx: re.Pattern[str], sentence: str, months: list[int], lead: str
) -> Iterator[re.Match[str]]:
    """What `rx.finditer(sentence)` finds, for a regex whose every match holds one of `months`
    and, between its start and that month, only characters of `lead` (or decimal digits).

    A search begins where the lead of the next month does: no match begins before it.
    """
    pos = 0
    for month in months:
        if month < pos:
            continue
        head = sentence[:month].rstrip(lead)
        while head[-1:].isdecimal():  # a digit not in `lead` stops rstrip, not the lead
            head = head[:-1].rstrip(lead)
        m = rx.search(sentence, max(pos, len(head)))
        if m is None:
            return
        yield m
        pos = m.end()  # never empty: a match holds a month


def _day_range(sentence: str, m: re.Match[str]) -> tuple[int, int, int] | None:
    """(start, end, first day) of the range of days that the date `m` (of
    `Vocabulary.abs_date`) ends or begins, else None: ACLED dates a range by its first day, at
    precision 2.

    >>> m = load_vocabulary().abs_date.search("between 14 and 15 december, troops shelled kherson")
    >>> _day_range("between 14 and 15 december, troops shelled kherson", m)
    (0, 26, 14)
    """
    vocab = load_vocabulary()
    if m.group("d1"):
        before = vocab.first_day_before.search(sentence, max(0, m.start() - 16), m.start())
        if before is None or int(before.group(1)) >= int(m.group("d1")):
            return None
        return before.start(), m.end(), int(before.group(1))
    after = vocab.last_day_after.match(sentence, m.end("d2"))
    if after is None or m.group("y") or int(after.group(1)) <= int(m.group("d2")):
        return None
    return m.start(), after.end(), int(m.group("d2"))


@dataclass(slots=True)
class _DateMention:
    start: int  # offsets in the sentence
    end: int
    date: datetime.date | None
    precision: int
    ranged: bool = False  # the first of a range of days ("14 and 15 december"), precision 2


# A day named (a month and its day, or a weekday), lower case: a heading that dates the list it
# opens ("key developments on december 1:")
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NAMES_A_DAY = re.compile(
    rf"\b(?:(?:{_MONTH_WORDS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_WORDS})"
    rf"|{'|'.join(_WEEKDAYS)})\b"
)


def _date_mentions(
    vocab: Vocabulary, facts: _Sentence, published: datetime.date
) -> list[_DateMention]:
    sentence = facts.low
    out: list[_DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    months = _month_starts(sentence)
    day_at = sentence.find("day")
    weekdays = day_at >= 0 and any(d in sentence for d in _WEEKDAYS)
    ago = any(w in sentence for w in vocab.ago_words)
    if months and (dateline := vocab.dated_dateline.match(sentence)):
        taken.append(dateline.span())  # when the report was filed, not when it happened
    for m in _abs_dates(sentence, months):
        if not free(*m.span()):
            continue
        day = int(m.group("d1") or m.group("d2"))
        start, end, precision = m.start(), m.end(), 1
        if ranged := _day_range(sentence, m):  # "14 and 15 december": its first day
            start, end, day, precision = *ranged, 2
        month = _MONTHS[(m.group("m1") or m.group("m2")).lower()]
        year = int(m.group("y")) if m.group("y") else published.year
        try:
            d = datetime.date(year, month, day)
        except ValueError:
            continue
        if not m.group("y") and d > published:
            d = d.replace(year=year - 1)
        out.append(_DateMention(start, end, d, precision, ranged is not None))
        taken.append((start, end))
    for m in vocab.abbr_date.finditer(sentence) if "." in sentence else ():
        # AP style: "Aug. 8", "Sept. 12, 2024"
        year = int(m.group("y")) if m.group("y") else published.year
        try:
            d = datetime.date(year, vocab.abbr_months[m.group("m")], int(m.group("d")))
        except ValueError:
            continue
        if not m.group("y") and d > published:
            d = d.replace(year=year - 1)
        if free(*m.span()):
            out.append(_DateMention(m.start(), m.end(), d, 1))
            taken.append(m.span())
    for m in _WEEKDAY.finditer(sentence, max(0, day_at - _WEEKDAY_DAY)) if weekdays else ():
        if free(*m.span()):
            delta = (published.weekday() - _WEEKDAYS.index(m.group("wd").lower())) % 7
            out.append(_DateMention(m.start(), m.end(), published - datetime.timedelta(delta), 1))
            taken.append(m.span())
    for m in _months_only(sentence, months):
        if not free(m.start("m"), m.end("m")):
            continue
        month = _MONTHS[m.group("m").lower()]
        precision = 3
        if month == 5 and not (m.group("since") or m.group("y")):
            continue  # "may", the verb
        year = int(m.group("y")) if m.group("y") else published.year
        if (m.group("since") or "").lower() in vocab.since_then:
            d = published
        else:
            d = datetime.date(year, month, 1)
            # "in March" is the last March, and so is "last August" in August: a year back
            last = month == published.month and sentence[: m.start("m")].rstrip().endswith("last")
            if not m.group("y") and (d > published or last):
                d = d.replace(year=year - 1)
            if (d.year, d.month) == (published.year, published.month):
                d = published
            elif vocab.month_end.search(sentence, max(0, m.start("m") - 16), m.start("m")):
                # "at the end of September", "late October": its last day, within a week
                following = d.replace(day=28) + datetime.timedelta(days=4)
                d = min(following - datetime.timedelta(days=following.day), published)
                precision = 2
        out.append(_DateMention(m.start(), m.end(), d, precision))
        taken.append(m.span())
    if "day" in sentence and (m := vocab.day_before.search(sentence)):
        # "the day before", "a day earlier": of the day told nearest to it, else of the
        # publication ("police probed on Monday the blast of the day before": Sunday)
        exact = [d for d in out if d.precision == 1]
        anchor = min(exact, key=lambda d: abs(d.start - m.start())).date if exact else published
        out.append(_DateMention(m.start(), m.end(), anchor - datetime.timedelta(1), 1))
        taken.append(m.span())
    for table, days, precision, weekday in vocab.relative_dates:
        for a, b in facts.spans(table):
            if free(a, b):
                d = published + datetime.timedelta(days)
                if weekday >= 0:  # "over the weekend": its Saturday
                    d -= datetime.timedelta((d.weekday() - weekday) % 7)
                if precision == 3 and (d.year, d.month) != (published.year, published.month):
                    d = d.replace(day=1)  # "last month": as "in May", its first day
                out.append(_DateMention(a, b, d, precision))
                taken.append((a, b))
    for m in vocab.ago.finditer(sentence) if ago else ():
        n = 1 if m.group("n") in ("a", "an") else parse_number(m.group("n"), vocab.numbers)
        if n and free(*m.span()):
            out.append(_DateMention(m.start(), m.end(), *_before(published, n, m.group("unit"))))
            taken.append(m.span())
    for m in vocab.year.finditer(sentence) if "19" in sentence or "20" in sentence else ():
        year = int(m.group("y"))
        if free(*m.span()) and year <= published.year:
            if year == published.year or m.group("since") in vocab.since_then:
                d = published  # this year, or since then: told as of the publication
            else:
                d = datetime.date(year, 1, 1)  # a year alone: its first day, at month precision
            out.append(_DateMention(m.start(), m.end(), d, 3))
    return out


_NAMED_MONTH = re.compile(rf"\b(?:{_MONTH_ALT})\b")
_NAMED_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _undated_reference(low_text: str) -> datetime.date | None:
    """What an article with no date (`low_text`, lower case) is dated no earlier than: the
    first day of the latest month it names, in the latest year it names (2000 when none).
    The latest is the month that the others are the nearest before, around the year's end
    ("in August ... in late November": November; "in December ... on January 3": January).
    None when it names no month ("may" counts only as a month: "in may", "may 9").

    >>> _undated_reference("fighting began in august; by late november ukraine had lost half")
    datetime.date(2000, 11, 1)
    >>> _undated_reference("drones may strike again") is None
    True
    """
    months = set()
    may_the_month = load_vocabulary().may_the_month
    for m in _NAMED_MONTH.finditer(low_text):
        near = low_text[max(0, m.start() - 8) : m.end() + 6]
        if m.group() == "may" and not may_the_month.search(near):
            continue
        months.add(_MONTHS[m.group()])
    if not months:
        return None
    latest = min(months, key=lambda m: max((m - o) % 12 for o in months))
    years = [int(y.group()) for y in _NAMED_YEAR.finditer(low_text)]
    return datetime.date(max(years, default=2000), latest, 1)


def _told_after(
    vocab: Vocabulary, low: str, a: int, date: datetime.date, precision: int
) -> tuple[datetime.date, int] | None:
    """The date of a trigger at `a` of the lower-cased sentence `low` dated `date`: as it is,
    or, where "<n> <unit>s after" comes right before it ("two days after an air strike on
    the camp killed 45"), that long before `date`, at the unit's precision; None where no
    number says how long ("days after"): an earlier event of no known day.

    >>> from mapper.events.vocabulary import load_vocabulary
    >>> low = "tanks entered rafah on tuesday, two days after an air strike killed 45."
    >>> _told_after(load_vocabulary(), low, low.index("air strike"), datetime.date(2024, 5, 28), 1)
    (datetime.date(2024, 5, 26), 1)
    """
    m = vocab.time_after.search(low, max(0, a - 160), a)
    if m is None:
        return date, precision
    word = m.group("n")
    n = 1 if word in ("a", "an") else parse_number(word, vocab.numbers) if word else None
    if not n:
        return None
    shifted, unit_precision = _before(date, n, m.group("unit"))
    return shifted, max(precision, unit_precision)


def _days_after(vocab: Vocabulary, low: str, trigger_starts: list[int]) -> int | None:
    """How many days after the last event the article told the lower-cased sentence `low`
    tells its own: "the next day" (1), "two days later" (2), or "a day after" what the rest of
    its clause tells where an event of the sentence is told there (a trigger starts there, of
    `trigger_starts`); None where it says none ("a day after the talks").

    >>> from mapper.events.vocabulary import load_vocabulary
    >>> low = "a day after the strike on sumy, drones hit konotop."
    >>> _days_after(load_vocabulary(), low, [low.index("strike"), low.index("hit")])
    1
    >>> _days_after(load_vocabulary(), "a day after the talks, drones hit konotop.", [32])
    """
    m = vocab.days_after.search(low) if "day" in low else None
    if m is None:
        return None
    what = m.span("what")
    if low[what[0] : what[1]].strip() and not any(what[0] <= x < what[1] for x in trigger_starts):
        return None
    word = m.group("n")
    return 1 if word in (None, "a", "an") else parse_number(word, vocab.numbers)


def _before(published: datetime.date, n: int, unit: str) -> tuple[datetime.date, int]:
    """The date and precision of `n` units ("day", "week", "month", "year") before
    `published`: a day exact, a week within a week, a month or a year within its month."""
    if unit == "day":
        return published - datetime.timedelta(n), 1
    if unit == "week":
        return published - datetime.timedelta(7 * n), 2
    months = published.year * 12 + published.month - 1 - (n if unit == "month" else 12 * n)
    if months < 12:  # (before year 1)
        return datetime.date.min, 3
    return datetime.date(months // 12, months % 12 + 1, 1), 3


# --------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class _Template:
    """What a following sentence may inherit from the last event of a paragraph."""

    rule: TriggerRule
    sub_event_type: str
    unit: str
    attribution: str
    actors: tuple[str, str]
    date: datetime.date | None
    precision: int
    candidate: _Candidate
    geo_precision: int


def _nearest(items, start: int, end: int, clause: tuple[int, int]):
    """The item nearest the span [start, end), those inside `clause` first."""

    def key(it):
        gap = max(it.start - end, start - it.end, 0)
        inside = clause[0] <= it.start < clause[1]
        return (not inside, gap)

    return min(items, key=key) if items else None


def _opening_date(dates: list[_DateMention], low: str) -> _DateMention | None:
    """A date that opens the sentence, a few words at most before it and a comma after ("Since
    Monday, August 12, residents were moved away as Ukrainian forces advanced"): it holds for
    every clause that names no date of its own."""
    first = min(dates, key=lambda d: d.start, default=None)
    if first and low.startswith(",", first.end) and low.count(" ", 0, first.start) <= 2:
        return first
    return None


def _not_dated_by_clause(
    vocab: Vocabulary, dates: list[_DateMention], low: str, trigger_end: int
) -> list[_DateMention]:
    """`dates` without those that a relative clause gives to another noun than the trigger
    ending at `trigger_end` ("the offensive that began on Monday"; but "the shelling of the
    town that began on Monday killed two" keeps Monday: the clause follows the trigger's
    phrase)."""
    out = []
    for d in dates:
        m = vocab.dated_by_clause.search(low, max(0, d.start - 60), d.start)
        if m is None or (
            trigger_end <= m.start() and vocab.trigger_phrase.fullmatch(low, trigger_end, m.start())
        ):
            out.append(d)
    return out


def _told_dates(dates: list[_DateMention], clause: tuple[int, int], low: str) -> list[_DateMention]:
    """The dates of the `clause` that may be its event's: not the day a source spoke on where
    the clause tells the day before it ("officials said on Friday that shelling had hit the
    town the previous day"; but "said on Thursday that its forces had recaptured Sudzha, held
    since August": Thursday)."""
    here = [d for d in dates if clause[0] <= d.start < clause[1]]
    vocab = load_vocabulary()
    if len(here) < 2 or not any(vocab.day_before.match(low, d.start) for d in here):
        return here
    return [d for d in here if not vocab.spoke_before.search(low, max(0, d.start - 20), d.start)]


def _statement_date(dates: list[_DateMention], low: str) -> _DateMention | None:
    """The date a source spoke on ("Russian officials and Ukrainian commanders said on Sunday,
    August 18"): like an opening date, it holds for every clause that names no date of its
    own."""
    spoke_before = load_vocabulary().spoke_before
    return next((d for d in dates if spoke_before.search(low, max(0, d.start - 20), d.start)), None)


def _lead_date(
    vocab: Vocabulary, sentences: list[tuple[str, list[_DateMention]]], published: datetime.date
) -> tuple[datetime.date, int] | None:
    """The day a story's lead tells, which its later events that name no day of their own
    share ("On Saturday, drones struck Rylsk ... A second drone hit a car in Lgov": Saturday):
    the latest day-precise date (or first day of a range of days, with its precision) of the
    opening `sentences` (each lower-cased, with its date mentions) that is no later than
    `published`, at most `recap_days` before it, not a bound
    of a span ("since last Wednesday") nor given by a relative clause to another noun ("the
    operation that began on Tuesday"). Where a lead tells two days, the later is the story's
    ("attacked on Tuesday, and fighting went on on Wednesday"). None when it tells no day."""
    days = [
        d
        for low, dates in sentences
        for d in dates
        if d.date is not None
        and (d.precision == 1 or d.ranged)
        and 0 <= (published - d.date).days <= vocab.recap_days
        and not vocab.bound_before.search(low, max(0, d.start - 20), d.start)
        and not vocab.dated_by_clause.search(low, max(0, d.start - 60), d.start)
    ]
    if not days:
        return None
    latest = max(days, key=lambda d: (d.date, -d.precision))  # (a day over a range from it)
    return latest.date, latest.precision
