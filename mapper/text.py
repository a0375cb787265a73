"""The text layer every stage reads through: one tokenizer, one sentence splitter, one date
grammar.

- `tokenize`: words, abbreviations, numbers, punctuation, with their offsets (the geoparser's
  tokens);
- `split_sentences`: sentences with their offsets (the events' unit); `sentence_starts`: where
  a capital word opens a sentence, a line or what follows a colon (the geoparser's cue);
- `MONTHS`, `WEEKDAYS`, `FULL_DATES`, `date_of`, `date_from_text`: month and weekday names, the
  full dates ("9 August 2024", "2024-08-09") and the publication date near a text's top.

>>> split_sentences("Drones hit Sudzha. Gen. Ivanov said so.")
[(0, 'Drones hit Sudzha.'), (19, 'Gen. Ivanov said so.')]
>>> date_from_text("KYIV, 9 August 2024 - Drones hit Sudzha.")
(datetime.date(2024, 8, 9), 2)
"""

from __future__ import annotations

import datetime
import itertools
import operator
import re
from importlib import resources
from pathlib import Path

import yaml

__all__ = [
    "DIRECTIONS",
    "FULL_DATES",
    "LANGUAGE",
    "MONTHS",
    "TOKEN",
    "WEEKDAYS",
    "Token",
    "date_from_text",
    "date_of",
    "language_file",
    "language_words",
    "sentence_starts",
    "split_sentences",
    "token_columns",
    "tokenize",
]

Token = tuple[int, int, str]  # (start, end, text)

LANGUAGE = "en"  # the language of the texts read: its words are resources/text/<LANGUAGE>.yaml


def language_file(language: str = LANGUAGE) -> Path:
    """The file of `language`'s words (`resources/text/<language>.yaml`): part of the build's
    cache keys, as an edit of it changes how articles are dated and split."""
    return Path(str(resources.files("mapper") / "resources" / "text" / f"{language}.yaml"))


def language_words(language: str = LANGUAGE) -> dict:
    """The words of `language` the text layer reads (`resources/text/<language>.yaml`):
    `months` (number -> names), `weekdays`, `abbreviations`, `publication_cues`,
    `other_line_openers`, `photo_credits`, `directions` (direction -> compass words), each
    word a string. Raises ValueError naming the file and the key of a value that is not a word
    (YAML reads a bare `No` or `on` as a boolean)."""
    path = language_file(language)
    data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for key in (
        "months", "weekdays", "abbreviations", "publication_cues", "other_line_openers",
        "photo_credits", "directions", "landforms",
    ):  # fmt: skip
        value = data.get(key)
        words = [w for names in value.values() for w in names] if isinstance(value, dict) else value
        if not words or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{path}: {key} must list words (quote YAML's No, On, Yes)")
    return data


_WORDS = language_words()
WEEKDAYS: tuple[str, ...] = tuple(_WORDS["weekdays"])
# A compass word -> the direction it gives ("southern" -> "south"): see Geoparser.part_of_country
DIRECTIONS: dict[str, str] = {
    word: direction for direction, words in _WORDS["directions"].items() for word in words
}
# Capitalised words of a landform after a name ("Valley" of "the Bekaa Valley")
LANDFORMS: frozenset[str] = frozenset(_WORDS["landforms"])


# --------------------------------------------------------------------------- tokens

# Tokens: dotted abbreviations (U.S., B.C.), words with inner apostrophes or hyphens, numbers,
# single punctuation marks. The first branch is the common case, a word that cannot start an
# abbreviation (it does not end in a capital or before a dot), tried first for speed.
_WORD = r"[^\W\d_][^\W_]*+(?:[_’'ʼ-]+[^\W_]++)*+"
TOKEN = re.compile(
    rf"{_WORD}(?<![A-Z])(?!\.)|(?:[A-Z]\.){{2,}}|(?:St|Ste|Mt|Ft|Pt)\.|{_WORD}|\d[\d,.]*+|[^\w\s]"
)
_SPACED_TOKEN = re.compile(r"\s*(?:" + TOKEN.pattern + ")")


def tokenize(text: str) -> list[Token]:
    """The tokens of `text` as (start, end, token): words (with inner apostrophes and
    hyphens), dotted abbreviations (U.S.), numbers and single punctuation marks.

    >>> tokenize("Sudzha's U.S.-made radar, 2.5 km away.")[:4]
    [(0, 8, "Sudzha's"), (9, 13, 'U.S.'), (13, 14, '-'), (14, 18, 'made')]
    """
    return list(zip(*token_columns(text), strict=True))


def token_columns(text: str) -> tuple[list[int], list[int], list[str]]:
    """The tokens of `tokenize` as three lists: their starts, their ends and their texts (for
    a reader of whole columns, made without a tuple for each token).

    >>> token_columns("Sudzha's U.S.-made")
    ([0, 9, 13, 14], [8, 13, 14, 18], ["Sudzha's", 'U.S.', '-', 'made'])
    """
    if "_" in text:  # the tokens skip underscores, so the lengths of pieces would not add up
        found = list(TOKEN.finditer(text))
        return [m.start() for m in found], [m.end() for m in found], [m[0] for m in found]
    # Each piece is a token with the white space before it: the pieces tile the text, so the
    # running sum of their lengths is where each token ends (no Python code per token).
    pieces = _SPACED_TOKEN.findall(text)
    words = list(map(str.lstrip, pieces))
    ends = list(itertools.accumulate(map(len, pieces)))
    return list(map(operator.sub, ends, map(len, words))), ends, words


# --------------------------------------------------------------------------- sentences

_SENTENCE_START = re.compile(r"[.!?\n:][ \t\"“'‘(]*")  # (a charset first: the engine skips)
_LEADING_QUOTES = re.compile(r"[ \t\"“'‘(]*")


def sentence_starts(text: str) -> set[int]:
    """Where sentences (and lines, and what follows a colon) start, past quotes and brackets."""
    starts = {m.end() for m in _SENTENCE_START.finditer(text)}
    starts.add(_LEADING_QUOTES.match(text).end())
    return starts


# A full stop (quotes, brackets) and spaces before a capital or digit; or line breaks. Written
# with the one class that every end starts with first, which the regex engine skips to fast:
# it reads "[.!?]["”’')\]]*\s+(?=["“‘(\[]?[A-Z0-9\u0400-\u042f])|\n+".
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9\u0400-\u042f])|(?<=\n)\n*)"
)
_ABBREVIATION = re.compile(
    rf"(?:\b(?:[A-Z]|{'|'.join(re.escape(a) for a in _WORDS['abbreviations'])})"
    r"|\b[a-z]\.[a-z])\.$"
)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split text into sentences: (offset in text, sentence without outer spaces).

    Lines are sentences of their own (a heading with no full stop is one); abbreviations
    (Gen., U.S.) do not end a sentence. A run longer than `MAX_SENTENCE` characters is cut at
    white space, after a clause mark where it can be: no sentence is longer, unless a run of
    that length has no white space at all.

    >>> split_sentences("Fighting near Sudzha. Gen. Ivanov said so.\\nA heading")
    [(0, 'Fighting near Sudzha.'), (22, 'Gen. Ivanov said so.'), (43, 'A heading')]
    """
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        dot = m.start()
        if (
            text[dot] == "."
            # an abbreviation is at most 6 characters after a non-word one: none ends 7 letters
            and not (dot >= 7 and text[dot - 7 : dot].isalnum())
            and _ABBREVIATION.search(text, max(0, dot - 8), dot + 1)
        ):
            continue
        _add_sentence(out, text, start, m.end())
        start = m.end()
    _add_sentence(out, text, start, len(text))
    return out


# A run of text with no sentence end is cut into pieces of at most this many characters (a
# list, a table, a text with no full stops): every stage that reads a sentence does work that
# grows faster than its length (each trigger against each mention and place in it).
MAX_SENTENCE = 1000
_CLAUSE_END = re.compile(r"[,;:\u2013\u2014)]\s")  # where a clause ends: the mark, then a space
_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s*")


def _add_sentence(out: list[tuple[int, str]], text: str, start: int, end: int) -> None:
    lead = text[start:end].lstrip()
    if not lead:
        return
    start = end - len(lead)
    end = start + len(lead.rstrip())
    while end - start > MAX_SENTENCE:
        cut = _cut(text, start, end)
        if cut is None:
            break
        out.append((start, text[start:cut].rstrip()))
        start = _SPACES.match(text, cut, end).end()
    out.append((start, text[start:end]))


def _cut(text: str, start: int, end: int) -> int | None:
    """Where to cut the sentence text[start:end], longer than MAX_SENTENCE: at the space after
    the last clause mark in its first MAX_SENTENCE characters (and past half of them), else at
    the last white space there, else at the first one after (None: there is none). A cut is
    always at white space, so no token is cut in two."""
    bound = start + MAX_SENTENCE
    last = None
    for m in _CLAUSE_END.finditer(text, start + MAX_SENTENCE // 2, bound):
        last = m.start() + 1
    if last is not None:
        return last
    space = text.rfind(" ", start + 1, bound)
    if space < 0:
        m = _SPACE.search(text, start + 1, end)
        return m.start() if m else None
    return space


# --------------------------------------------------------------------------- dates

MONTHS: dict[str, int] = {
    name: int(number) for number, names in _WORDS["months"].items() for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Full dates, each giving day precision: 2024-08-09, August 9, 2024, 9 August 2024, 09.08.2024.
FULL_DATES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b{_YEAR}-(?P<mon>[01]\d)-{_DAY}\b",
        rf"\b{_MONTH} {_DAY},? {_YEAR}\b",
        rf"\b{_DAY} {_MONTH},? {_YEAR}\b",
        rf"\b{_DAY}\.(?P<mon>[01]?\d)\.{_YEAR}\b",
    )
)
# A month alone counts only right after a publication cue: "Published August 2024".
_CUE = rf"(?:{'|'.join(_WORDS['publication_cues'])})(?: on)?:?\s+"
_CUED_MONTH = re.compile(rf"\b{_CUE}{_MONTH},? {_YEAR}\b", re.IGNORECASE)
_CUED_BEFORE = re.compile(rf"{_CUE}$", re.IGNORECASE)
_TEXT_DATE_WINDOW = 500  # dates further into an article are events, not its publication


def date_of(match: re.Match[str]) -> datetime.date | None:
    """The date a match of FULL_DATES (or of a month and year) names; None for one the
    calendar lacks (30 February)."""
    parts = match.groupdict()
    month = int(parts["mon"]) if parts.get("mon") else MONTHS[parts["month"].lower()]
    day = int(parts["day"]) if parts.get("day") else 1
    try:
        return datetime.date(int(parts["year"]), month, day)
    except ValueError:
        return None


# A line that is not the article's own text, so its date is not the article's: a photo's
# caption, which ends with its credit ("A shelled school in Kharkiv, May 3, 2024. (JANE DOE /
# AFP)", "... (Reuters)"), or a related link ("Read more: Drones hit Sumy, 9 May 2024").
_NOT_THE_ARTICLES = re.compile(
    r"^[^\n]*\((?:[A-Z][\w.'’-]*\s*(?:/\s*)?)+\)[ \t]*$"
    rf"|^[ \t]*(?:{'|'.join(map(re.escape, _WORDS['other_line_openers']))})\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_CREDIT_CASE = re.compile(r"\(([^()\n]*)\)[ \t]*$")
_AGENCY = re.compile(rf"\b(?:{'|'.join(map(re.escape, _WORDS['photo_credits']))})\b", re.IGNORECASE)
# A day named with its weekday and no year: "Saturday October 5", "Saturday, 5 October"
_WEEKDAY_DATES = tuple(
    re.compile(
        rf"\b(?P<weekday>{'|'.join(WEEKDAYS)}),?\s+{order}\b(?!,?\s+(?:19|20)\d\d)",
        re.IGNORECASE,
    )
    for order in (rf"{_MONTH}\s+{_DAY}", rf"{_DAY}\s+{_MONTH}")
)
_ANY_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _other_lines(head: str) -> list[tuple[int, int]]:
    """The spans of `head`'s lines that are a caption or a related link (`_NOT_THE_ARTICLES`);
    a caption's credit is written in capitals or is an agency's ("(JANE DOE / AFP)",
    "(Reuters)"), not a clause in parentheses ("(the town was shelled)")."""
    spans = []
    for m in _NOT_THE_ARTICLES.finditer(head):
        credit = _CREDIT_CASE.search(m.group())
        said = credit.group(1) if credit else ""
        if not credit or said.isupper() or "/" in said or _AGENCY.search(said):
            spans.append(m.span())
    return spans


def _weekday_year(match: re.Match[str], years: list[int]) -> datetime.date | None:
    """The date of a weekday and a day without a year (`_WEEKDAY_DATES`): in the year nearest
    the first of `years` (those the text names) where that day is that weekday, no more than
    a year after it; None when no year is named or none fits."""
    parts = match.groupdict()
    month = MONTHS[parts["month"].lower()]
    day = int(parts["day"])
    weekday = WEEKDAYS.index(parts["weekday"].lower())
    for year in (years[0], years[0] + 1) if years else ():
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            return None
        if date.weekday() == weekday:
            return date
    return None


def date_from_text(text: str) -> tuple[datetime.date, int] | None:
    r"""The publication date found near the start of `text` and its ACLED precision (2 or 3).

    A date after "Published"/"Posted"/"Updated" wins; otherwise the first full date that is
    not a photo caption's or a related link's; otherwise a day named with its weekday, in the
    year the text names ("on Saturday October 5", and a caption of 22 September 2024: 5
    October 2024, the Saturday).

    >>> date_from_text("KYIV - Published 9 August 2024. Ukrainian forces ...")
    (datetime.date(2024, 8, 9), 2)
    >>> date_from_text("Ruins in Sumy, May 3, 2024. (A. B / AFP)\nOn Friday May 10, drones hit.")
    (datetime.date(2024, 5, 10), 2)
    """
    head = text[:_TEXT_DATE_WINDOW]
    others = _other_lines(head)
    found: list[tuple[bool, int, datetime.date]] = []
    for pattern in FULL_DATES:
        for match in pattern.finditer(head):
            date = date_of(match)
            if date is not None and not any(a <= match.start() < b for a, b in others):
                cued = bool(_CUED_BEFORE.search(head[max(0, match.start() - 20) : match.start()]))
                found.append((not cued, match.start(), date))
    if found:
        return min(found)[2], 2
    years = [int(y.group()) for y in _ANY_YEAR.finditer(head)]
    weekday_dates = [m for rx in _WEEKDAY_DATES for m in rx.finditer(head)]
    for match in sorted(weekday_dates, key=lambda m: m.start()):
        date = _weekday_year(match, years)
        if date is not None and not any(a <= match.start() < b for a, b in others):
            return date, 2
    cued_month = _CUED_MONTH.search(head)
    if cued_month:
        date = date_of(cued_month)
        if date is not None:
            return date, 3
    return None
