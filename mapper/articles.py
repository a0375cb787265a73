"""Read news articles from files: .md/.txt (YAML front matter), saved .html pages, .json/.jsonl,
Telegram Desktop exports (a channel's result.json) and RSS/Atom feeds (.rss, .atom, .xml); and
save web articles as .md files (`fetch_article`, the only reader that uses the network).

Every format goes through the same steps: decode, split off metadata, `clean_text` (scraped
boilerplate, comment sections, paragraphs the site repeated), then date the article from its
metadata, its file name (`YYYY-MM-DD-...`) or its text, in that order.

>>> from pathlib import Path
>>> articles, problems = load_articles(Path("data/articles"))  # doctest: +SKIP
>>> clean_text("Drones were downed over Kursk.\\n\\nShare.\\nExit mobile version")
'Drones were downed over Kursk.'
"""

from __future__ import annotations

import datetime
import difflib
import functools
import hashlib
import json
import operator
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from mapper.text import FULL_DATES, date_from_text, date_of

__all__ = [
    "Article",
    "ArticleError",
    "Boilerplate",
    "Problem",
    "ArticleFiles",
    "FRONT_MATTER_KEYS",
    "SUPPORTED_SUFFIXES",
    "clean_text",
    "date_from_text",
    "load_articles",
    "list_article_files",
    "load_boilerplate",
    "read_article",
    "read_file_articles",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".md",
    ".markdown",
    ".txt",
    ".html",
    ".htm",
    ".json",
    ".jsonl",
    ".rss",
    ".atom",
    ".xml",
)
FEED_SUFFIXES: tuple[str, ...] = (".rss", ".atom", ".xml")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, cleaned and dated.

    `time_precision` uses ACLED's codes: 1 when the date comes from metadata or the file
    name, 2 when a full date was found in the text, 3 for a month found in the text or no date.
    `path` is the file, followed by `:LINE` for a .jsonl record or `#N` for the N-th record
    of a .json list.
    """

    id: str
    title: str
    published: datetime.date | None
    time_precision: int
    date_source: str  # "metadata", "filename", "text" or "none"
    url: str
    source: str
    text: str
    path: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A file (or a line of one) that could not be read, and what to do about it."""

    path: str
    reason: str


class ArticleError(ValueError):
    """A file that is not a readable article; the message names the file and the problem."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(str(path), reason)

    @property
    def path(self) -> str:
        return self.args[0]

    @property
    def reason(self) -> str:
        return self.args[1]

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# --------------------------------------------------------------------------- boilerplate


_NEVER = re.compile(r"(?!x)x")
_ALWAYS = re.compile("")
# What a pattern cannot keep when joined with others into one: a group number, a group name
# (two patterns may use the same), a conditional on a group.
_GROUP_REFERENCE = re.compile(r"\\\d|\(\?P|\(\?\(")
# A phrase or marker glued to the sentence before it follows one of these characters.
_SENTENCE_END_CHAR = r"[.!?\"”’)]"


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Compiled patterns of `mapper/resources/boilerplate.txt` (see its header)."""

    phrases: tuple[re.Pattern[str], ...]  # whole line, glued at a line start, glued at an end
    lines: tuple[re.Pattern[str], ...]  # must match a whole stripped line
    cuts: tuple[re.Pattern[str], ...]  # the marker and all after it go
    # Where any phrase / any marker could begin (see `_may_hold`): most lines have none, and
    # are passed after two quick searches instead of one per pattern.
    any_phrase: tuple[re.Pattern[str], re.Pattern[str]] = (_NEVER, _NEVER)
    any_cut: tuple[re.Pattern[str], re.Pattern[str]] = (_NEVER, _NEVER)


_SECTIONS = ("phrase", "line", "cut")
# libyaml's loader when PyYAML was built with it (ten times faster), else the Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A phrase glued to the text after it: that text starts at once with a capital, digit or quote.
_GLUED_AFTER = r"(?=[A-Z\u0400-\u042f\d\"“‘'(])"
_SENTENCE_END = rf"(?<={_SENTENCE_END_CHAR})"


def load_boilerplate(path: Path | None = None) -> Boilerplate:
    """Compile a boilerplate pattern file; the default is the one shipped with mapper."""
    if path is None:
        source = resources.files("mapper").joinpath("resources/boilerplate.txt")
        text, name = source.read_text(encoding="utf-8"), "mapper/resources/boilerplate.txt"
    else:
        text, name = path.read_text(encoding="utf-8"), str(path)
    found: dict[str, list[re.Pattern[str]]] = {s: [] for s in _SECTIONS}
    raw: dict[str, list[str]] = {s: [] for s in _SECTIONS}
    section = None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            section = header.group(1)
            if section not in found:
                raise ValueError(f"{name}:{number}: unknown section [{section}]")
            continue
        if section is None:
            raise ValueError(f"{name}:{number}: pattern before any [section]")
        if section == "phrase" and _GROUP_REFERENCE.search(line):
            raise ValueError(  # a phrase is compiled three times over in one pattern
                f"{name}:{number}: a [phrase] pattern cannot refer to its groups ({line!r}); "
                "write it without back-references"
            )
        try:
            if section == "phrase":
                pattern = re.compile(
                    rf"^\s*(?:{line})\s*$|^\s*(?:{line}){_GLUED_AFTER}|{_SENTENCE_END}(?:{line})\s*$"
                )
            elif section == "line":
                pattern = re.compile(line)
            else:
                pattern = re.compile(rf"(?:^\s*|{_SENTENCE_END})(?:{line})")
        except re.error as error:
            raise ValueError(f"{name}:{number}: bad pattern {line!r}: {error}") from error
        found[section].append(pattern)
        raw[section].append(f"(?:{line})")
    return Boilerplate(
        tuple(found["phrase"]),
        tuple(found["line"]),
        tuple(found["cut"]),
        _where_any_begins(raw["phrase"]),
        _where_any_begins(raw["cut"]),
    )


def _where_any_begins(patterns: list[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line start and a sentence end followed by any of `patterns`: the places where a
    phrase or marker can begin. The second search starts with a character class, which lets
    the regex engine skip to the few candidate characters instead of trying every pattern at
    every position of the line."""
    if not patterns:
        return _NEVER, _NEVER
    if len(patterns) > 1 and any(_GROUP_REFERENCE.search(p) for p in patterns):
        return _ALWAYS, _NEVER  # joined, the groups would be renumbered: every line is tested
    alternatives = "|".join(patterns)
    return re.compile(rf"\s*(?:{alternatives})"), re.compile(
        rf"{_SENTENCE_END_CHAR}(?:{alternatives})"
    )


def _may_hold(line: str, where: tuple[re.Pattern[str], re.Pattern[str]]) -> bool:
    """False when no pattern of a [phrase] or [cut] section can match `line`."""
    at_start, after_sentence = where
    return bool(at_start.match(line) or after_sentence.search(line))


@functools.cache
def _where_either_begins(
    cut: tuple[re.Pattern[str], re.Pattern[str]], phrase: tuple[re.Pattern[str], re.Pattern[str]]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a marker or a phrase could begin: a line start and a sentence end (see
    `_where_any_begins`) where `cut` or `phrase` matches, or the places of either when the
    patterns cannot be joined into one (other flags, group references that would move)."""
    joined = []
    for a, b in zip(cut, phrase, strict=True):
        if a.flags != b.flags or _GROUP_REFERENCE.search(a.pattern + b.pattern):
            return _NEVER, re.compile(r"(?s:.)")  # every line is tested apart
        joined.append(re.compile(f"(?:{a.pattern})|(?:{b.pattern})", a.flags))
    return joined[0], joined[1]


@functools.cache
def _default_boilerplate() -> Boilerplate:
    return load_boilerplate()


# Words too common to tell two paragraphs apart (English function words).
_STOPWORDS_TABLE = (
    "a an the and or but nor of in on at to for from by with as is are was were be been being "
    "has have had it its this that these those which who whom whose their they them there than "
    "into onto over under after before about not no also said says such any all other some more "
    "most would could should will can may might do does did so if while since because we our he "
    "his she her you your i"
)
_STOPWORDS = frozenset(_STOPWORDS_TABLE.split())
# Two paragraphs are the same when this similar (difflib ratio over their words) ...
_SAME_PARAGRAPH_RATIO = 0.6
# ... and a paragraph restates earlier ones when this share of its content words (first five
# letters, so "declared"/"declaring" agree) already appeared. Measured on real articles:
# ordinary paragraphs reach 0.0-0.5, the paraphrased repeats of a site reached 0.83 and 0.88.
_RESTATED_SHARE = 0.75
_RESTATED_MIN_WORDS = 15  # shorter paragraphs (headings, quotes) are never judged restatements
# `[line]` patterns describe short lines (tags, captions, share buttons); a paragraph is
# never one, and testing long lines against them only costs time.
_MAX_LINE_PATTERN_LENGTH = 250
_BLANK_LINE = re.compile(r"\n(?:[ \t\xa0]*\n)+")


def clean_text(text: str, boilerplate: Boilerplate | None = None) -> str:
    """Remove scraped boilerplate, comment sections and repeated paragraphs from `text`.

    The first line is taken for a headline and is never removed as a tag line. Characters are
    otherwise kept as they are: lines are not reflowed, only stripped at their right end.

    >>> clean_text("Kursk is quiet.\\n\\n War in Ukraine, Kursk, Drones\\n3 Comments\\nBob: hi")
    'Kursk is quiet.'
    """
    rules = boilerplate or _default_boilerplate()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # The lines where a marker or a phrase may begin, found with one search for both; a line
    # with spaces at its end is tested for markers without them, and so for phrases apart.
    either_start, either_after = _where_either_begins(rules.any_cut, rules.any_phrase)
    maybe: set[int] = set()
    blank = False
    for index, line in enumerate(lines):
        tail = line.rstrip()
        if not tail:
            blank = True
        elif len(tail) < len(line) or either_start.match(tail) or either_after.search(tail):
            maybe.add(index)
    if (blank and _may_hold("", rules.any_cut)) or any(
        _may_hold(lines[index].rstrip(), rules.any_cut) for index in maybe
    ):
        lines = _cut_at_marker(lines, rules.cuts)
    kept: list[str] = []
    first = True
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            kept.append("")  # stripping phrases leaves a blank line as it is
            continue
        if index in maybe and _may_hold(line, rules.any_phrase):
            line = _strip_phrases(line, rules.phrases)
            if line is None:
                continue
            stripped = line.strip()  # not blank: a line that only held phrases is None
        if (
            not first
            and len(stripped) <= _MAX_LINE_PATTERN_LENGTH
            and any(p.fullmatch(stripped) for p in rules.lines)
        ):
            continue
        first = False
        kept.append(line.rstrip())
    separator, paragraphs = _paragraphs("\n".join(kept))
    return separator.join(_drop_repeats(paragraphs))


def _cut_at_marker(lines: list[str], cuts: Iterable[re.Pattern[str]]) -> list[str]:
    for index, line in enumerate(lines):
        for pattern in cuts:
            match = pattern.search(line.rstrip())
            if match:
                head = line[: match.start()]
                return [*lines[:index], head] if head.strip() else lines[:index]
    return lines


def _strip_phrases(line: str, phrases: Iterable[re.Pattern[str]]) -> str | None:
    """The line without boilerplate phrases, or None when nothing else was on it."""
    changed = True
    had_text = bool(line.strip())
    while changed and line.strip():
        changed = False
        for pattern in phrases:
            new = pattern.sub("", line, count=1)
            if new != line:
                line, changed = new, True
    return None if had_text and not line.strip() else line


def _paragraphs(text: str) -> tuple[str, list[str]]:
    """Blocks separated by blank lines, or each line in a text with no blank lines; and the
    separator that joins them back."""
    text = text.strip()
    if _BLANK_LINE.search(text):
        separator, blocks = "\n\n", _BLANK_LINE.split(text)
    else:
        separator, blocks = "\n", text.split("\n")
    return separator, [block.strip("\n") for block in blocks if block.strip()]


_WORD = re.compile(r"\w+")
# `_WORD.findall(text.lower())` of an ASCII text, with cheaper byte operations: each ASCII
# letter (made small), digit or "_" is kept, every other byte becomes a space.
_ASCII_WORD_BYTES = (
    bytes(
        c | 0x20 if chr(c).isalpha() else c if chr(c).isdigit() or c == 0x5F else 0x20
        for c in range(128)
    )
    + b" " * 128
)


def _words(paragraph: str) -> list[str]:
    """The words (`\\w+`) of a paragraph, lowercased."""
    if paragraph.isascii():
        return paragraph.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    return _WORD.findall(paragraph.lower())


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Keep the first of paragraphs the site repeated, verbatim or reworded."""
    kept: list[str] = []
    # the kept paragraphs of five words or more: (how many words, repeats, distinct words, the
    # words), repeats being the words that are not the first of their kind
    comparable: list[tuple[int, int, set[str], list[str]]] = []
    seen_stems: set[str] = set()
    for paragraph in paragraphs:
        words = _words(paragraph)
        distinct = set(words)
        stems = {w[:5] for w in distinct - _STOPWORDS if len(w) > 2}
        new_stems = stems - seen_stems
        if len(words) >= 5:
            if len(stems) >= _RESTATED_MIN_WORDS and (
                len(stems) - len(new_stems) >= _RESTATED_SHARE * len(stems)
            ):
                continue
            # A kept paragraph shares none of the words whose stem is new, and so at most
            # this many distinct words with this one (each new stem has a word of its own).
            most_shared = len(distinct) - len(new_stems)
            if _same_as_any(words, distinct, most_shared, comparable):
                continue
            comparable.append((len(words), len(words) - len(distinct), distinct, words))
        kept.append(paragraph)
        seen_stems |= new_stems
    return kept


def _same_as_any(
    words: list[str],
    distinct: set[str],
    most_shared: int,
    others: list[tuple[int, int, set[str], list[str]]],
) -> bool:
    """Whether the paragraph of `words` is as similar as `_SAME_PARAGRAPH_RATIO` to any other
    (difflib's ratio over words, the paragraph first)."""
    size = len(words)
    repeats = size - len(distinct)
    counts = None
    for other_size, other_repeats, other_distinct, other_words in others:
        # difflib's ratio is at most 2 * (shared words) / (all words): most pairs stop here,
        # before the costly SequenceMatcher is built. First bounds found with set operations
        # alone: a paragraph shares at most its words less one for each distinct word the
        # other lacks, and distinct words no more than `most_shared`.
        enough = _SAME_PARAGRAPH_RATIO * (size + other_size)
        fewer_repeats = min(repeats, other_repeats)
        if 2 * (fewer_repeats + most_shared) < enough:
            continue
        common = distinct & other_distinct
        if 2 * (fewer_repeats + len(common)) < enough:
            continue
        counts = counts or Counter(words)
        other_counts = Counter(other_words)
        if 2 * sum(min(counts[w], other_counts[w]) for w in common) < enough:
            continue
        matcher = difflib.SequenceMatcher(None, words, other_words, autojunk=False)
        if matcher.ratio() >= _SAME_PARAGRAPH_RATIO:
            return True
    return False


# --------------------------------------------------------------------------- dates

# The date grammar (month names, full dates, the publication date in a text) is
# mapper.text's, shared with the events.
_FULL_DATES = FULL_DATES
_date_of = date_of
_FILENAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=$|[-_ .])")


def _parse_date_value(value: Any) -> datetime.date | None:
    """A metadata date: a date, a datetime, or a string holding one date; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        value = value.strip()
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            pass
        for pattern in _FULL_DATES:
            match = pattern.fullmatch(value)
            if match:
                date = _date_of(match)
                if date is None:
                    raise ValueError(f"date {value!r} is not a day of the calendar")
                return date
    raise ValueError(f"date {value!r} is not a date; write it as YYYY-MM-DD")


def _filename_date(path: Path) -> datetime.date | None:
    match = _FILENAME_DATE.match(path.name)
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


# --------------------------------------------------------------------------- building articles


def _looks_like_headline(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= 200 and len(line.split()) <= 25 and not line.endswith((".", ",", ";", ":"))
    )


def _title_from_filename(path: Path) -> str:
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}[-_ .]*", "", path.stem)
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:]


def _source_from_url(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _build(
    path: Path,
    label: str,
    text: str,
    *,
    title: Any = None,
    date: Any = None,
    url: Any = None,
    source: Any = None,
    headline_in_text: bool = True,
) -> Article:
    """Clean `text`, fill the missing title and date, and hash the result into an Article."""
    try:
        published = _parse_date_value(date)
    except ValueError as error:
        raise ArticleError(label, str(error)) from None
    title = str(title).strip() if title else ""
    url = str(url).strip() if url else ""
    source = str(source).strip() if source else ""

    if not text.strip():
        raise ArticleError(label, "the article text is empty")
    cleaned = clean_text(text)
    lines = cleaned.split("\n")
    first = lines[0].strip().lstrip("#").strip()
    if title and first.lower() == title.lower():
        cleaned = "\n".join(lines[1:]).strip()  # the title repeated as the first line
    elif not title and headline_in_text and _looks_like_headline(first) and len(lines) > 1:
        title, cleaned = first, "\n".join(lines[1:]).strip()
    if not cleaned:
        raise ArticleError(label, "empty after removing boilerplate; is this an article?")

    precision, date_source = 1, "metadata"
    if published is None:
        published, date_source = _filename_date(path), "filename"
    if published is None:
        in_text = date_from_text(f"{title}\n{cleaned}")
        published, precision, date_source = (None, 3, "none")
        if in_text is not None:
            published, precision, date_source = in_text[0], in_text[1], "text"

    title = title or _title_from_filename(path)
    digest = hashlib.sha256(f"{title}\n{cleaned}".encode()).hexdigest()[:16]
    return Article(
        id=digest,
        title=title,
        published=published,
        time_precision=precision,
        date_source=date_source,
        url=url,
        source=source or _source_from_url(url),
        text=cleaned,
        path=label,
    )


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(
            path,
            f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "re-save it as UTF-8",
        ) from None


# The front-matter keys mapper reads (others are kept out of the way, not errors).
FRONT_MATTER_KEYS: tuple[str, ...] = ("title", "date", "published", "url", "source")
# Front matter longer than this is no article's metadata (and YAML's cost grows with it).
_FRONT_MATTER_LIMIT = 64 * 1024

_SOURCE_LINE = re.compile(r"^[ \t]*Source:[ \t]*(\S.{0,79}?)[ \t]*(?:\n|\Z)", re.M)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)


# Front matter of `key: value` lines, as our corpora and most scrapers write it, is read without
# YAML (several times faster than even libyaml) where YAML surely reads the same: ASCII, each
# value a date or a plain string that starts with a letter and has no ": ", " #", double or
# trailing space. Anything else goes to YAML.
_PLAIN_FRONT_MATTER = re.compile(
    r"(?:[A-Za-z][\w-]*: +(?:\d{4}-\d\d-\d\d|[A-Za-z](?: ?(?:[\w.,'/?=&%+()-]|:(?=\S)))*)\n)*",
    re.ASCII,
)
_PLAIN_LINE = re.compile(r"([\w-]+): +(?:(\d{4})-(\d\d)-(\d\d)|(.*))", re.ASCII)
# plain strings that YAML reads as booleans or null (it would read dates, numbers and the rest
# from their first character, never a letter)
_YAML_WORDS = frozenset("yes no true false on off null".split())


def _plain_front_matter(text: str) -> dict[str, Any] | None:
    """What YAML reads from front matter of plain `key: value` lines, or None for other text."""
    if not _PLAIN_FRONT_MATTER.fullmatch(text):
        return None
    meta: dict[str, Any] = {}
    for key, year, month, day, value in _PLAIN_LINE.findall(text):
        if key.lower() in _YAML_WORDS or value.lower() in _YAML_WORDS:
            return None
        if year:
            try:
                meta[key] = datetime.date(int(year), int(month), int(day))
            except ValueError:
                return None  # YAML's error for it
        else:
            meta[key] = value
    return meta


def _yaml_front_matter(text: str) -> Any:
    """What YAML reads from front matter, refusing anchors and aliases: an article's metadata
    never needs them, and nested aliases expand exponentially ("billion laughs")."""
    for token in yaml.scan(text, Loader=YAML_LOADER):
        if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
            mark = token.start_mark
            raise ArticleError(
                "",
                f"front matter uses a YAML anchor or alias (line {mark.line + 2}), which "
                "mapper does not read; write each value out",
            )
    return yaml.load(text, Loader=YAML_LOADER)


def _read_text_file(path: Path, text: str) -> list[Article]:
    meta: dict[str, Any] = {}
    if "\r" in text[:_FRONT_MATTER_LIMIT]:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac lines
    if re.match(r"---[ \t]*\n", text):
        match = _FRONT_MATTER.match(text, 0, _FRONT_MATTER_LIMIT)
        if not match:
            closed = _FRONT_MATTER.match(text)
            if closed:
                raise ArticleError(
                    path,
                    f"front matter is longer than {_FRONT_MATTER_LIMIT // 1024} KB; keep it to "
                    "the article's title, date, url and source",
                )
            raise ArticleError(
                path, "front matter starts with --- but has no closing --- line; add one"
            )
        try:
            loaded = _plain_front_matter(match.group(1))
            if loaded is None:
                loaded = _yaml_front_matter(match.group(1))
        except ArticleError as error:
            raise ArticleError(path, error.reason) from None
        except RecursionError:
            raise ArticleError(path, "front matter is nested too deeply to be metadata") from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            problem = getattr(error, "problem", None) or str(error).split("\n")[0]
            raise ArticleError(
                path, f"front matter is not valid YAML: {problem}{where}; fix or remove it"
            ) from None
        except ValueError as error:  # a value YAML reads but cannot make: "date: 2024-13-45"
            raise ArticleError(
                path, f"front matter holds an impossible value ({error}); dates are YYYY-MM-DD"
            ) from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ArticleError(
                path, "front matter is not a list of 'key: value' lines (title, date, url, source)"
            )
        meta = loaded or {}
        for key in FRONT_MATTER_KEYS:
            if isinstance(meta.get(key), list | dict | set):
                raise ArticleError(path, f"front matter '{key}' must be one value, not a list")
        text = text[match.end() :]
    source = meta.get("source")
    if not source:
        # a plain text may name its outlet on a line of its own: "Source: Reuters"
        line = _SOURCE_LINE.search(text)
        if line:
            source, text = line.group(1), text[: line.start()] + text[line.end() :]
    return [
        _build(
            path,
            str(path),
            text,
            title=meta.get("title"),
            date=meta.get("date", meta.get("published")),
            url=meta.get("url"),
            source=source,
        )
    ]


def _decode_html(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = re.search(rb"""charset=["']?([\w.:-]+)""", data[:4096], re.I)
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        return _decode(path, data)


def _extract_page(html: str, url: str | None = None) -> Any:
    """trafilatura's reading of a saved or fetched page: its main text and metadata (None
    when it finds no article); dates come from the page's markup only, never guessed from its
    text (ours does that)."""
    import trafilatura  # slow to import; only pages need it
    from trafilatura.settings import set_date_params

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=set_date_params(extensive=False),
    )


def _read_html(path: Path, html: str) -> list[Article]:

    document = _extract_page(html)
    text = (document.text if document is not None else None) or ""
    if not text.strip():
        raise ArticleError(path, "no article text found in the page; save the article page itself")
    return [
        _build(
            path,
            str(path),
            text,
            title=document.title,
            date=document.date,
            url=document.url,
            source=document.sitename or document.hostname,
            headline_in_text=False,
        )
    ]


def _from_record(path: Path, label: str, record: Any) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(label, "a record must be a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        raise ArticleError(label, "the record has no 'text' string; add the article text")
    return _build(
        path,
        label,
        _without_lone_surrogates(text),
        title=_without_lone_surrogates(record.get("title")),
        date=record.get("date", record.get("published")),
        url=_without_lone_surrogates(record.get("url")),
        source=_without_lone_surrogates(record.get("source")),
    )


def _without_lone_surrogates(value: Any) -> Any:
    """A JSON string with each lone half of a surrogate pair ("\\ud800", an escape no UTF-8
    file can hold) made U+FFFD; any other value as it is."""
    if not isinstance(value, str) or value.isascii():
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _json_problem(error: RecursionError | ValueError) -> str:
    """What json.loads failed on: the syntax, the depth, or a number too long to read."""
    if isinstance(error, json.JSONDecodeError):
        return error.msg
    if isinstance(error, RecursionError):
        return "nested too deeply to be an article record"
    return str(error).split(";")[0]  # (for a long number: Python's advice is not the user's)


def _read_json(path: Path, text: str) -> Iterator[Article | Problem]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ArticleError(
            path, f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except (RecursionError, ValueError) as error:  # too deep; a number of 4,300 digits
        raise ArticleError(path, f"not valid JSON: {_json_problem(error)}") from None
    if isinstance(value, dict) and "messages" in value and "text" not in value:
        yield from _read_telegram(path, value)
    elif isinstance(value, list):
        if not value:
            raise ArticleError(path, "the JSON list holds no articles")
        for number, record in enumerate(value, 1):
            try:
                yield _from_record(path, f"{path}#{number}", record)
            except ArticleError as error:
                yield Problem(str(path), f"record {number}: {error.reason}")
    else:
        yield _from_record(path, str(path), value)


def _read_jsonl(path: Path, text: str) -> Iterator[Article | Problem]:
    empty = True
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        empty = False
        try:
            record = json.loads(line)
        except (RecursionError, ValueError) as error:  # (JSONDecodeError is a ValueError)
            yield Problem(
                str(path),
                f"line {number}: not valid JSON ({_json_problem(error)}); fix or delete the line",
            )
            continue
        try:
            yield _from_record(path, f"{path}:{number}", record)
        except ArticleError as error:
            yield Problem(str(path), f"line {number}: {error.reason}")
    if empty:
        raise ArticleError(path, "the file is empty")


# --------------------------------------------------------------------------- Telegram exports


def _read_telegram(path: Path, export: dict) -> Iterator[Article | Problem]:
    """The posts of a Telegram Desktop export of a channel (`result.json`: "Export chat
    history", JSON): each message with text is an article, dated by its `date`, linked as
    https://t.me/<username>/<id> (or t.me/c/<channel id>/<id> when the export names no
    username), its channel the source. A message that is not of this shape is a Problem."""
    messages = export["messages"]
    if not isinstance(messages, list):
        raise ArticleError(path, "a Telegram export's 'messages' must be a list of messages")
    channel = export.get("name")
    channel = channel.strip() if isinstance(channel, str) and channel.strip() else path.stem
    username = export.get("username")
    if isinstance(username, str) and username.strip().lstrip("@"):
        link = f"https://t.me/{username.strip().lstrip('@')}/"
    elif isinstance(export.get("id"), int):
        link = f"https://t.me/c/{export['id']}/"
    else:
        link = ""
    found = False
    for number, message in enumerate(messages, 1):
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            if not isinstance(message, dict):
                yield Problem(str(path), f"message {number}: not a JSON object; skipped")
            continue  # a service message (channel created, photo changed): no article
        post = message.get("id")
        try:
            text = _telegram_text(message.get("text", ""))
        except TypeError as error:
            yield Problem(str(path), f"message {post or number}: {error}; skipped")
            continue
        if not text.strip():
            continue  # a photo or a poll without a caption
        if not isinstance(post, int):
            yield Problem(str(path), f"message {number}: no numeric 'id'; skipped")
            continue
        first = text.strip().split("\n", 1)[0]
        found = True
        try:
            yield _build(
                path,
                f"{path}#{post}",
                _without_lone_surrogates(text),
                title=_without_lone_surrogates(f"{channel} #{post}: {_shortened(first, 80)}"),
                date=message.get("date"),
                url=f"{link}{post}" if link else "",
                source=_without_lone_surrogates(channel),
                headline_in_text=False,
            )
        except ArticleError as error:
            yield Problem(str(path), f"message {post}: {error.reason}")
    if not found:
        raise ArticleError(path, "the Telegram export holds no message with text")


def _telegram_text(value: Any) -> str:
    """A message's text: a string, or a list of strings and entities ({"type", "text"})."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise TypeError("'text' is neither a string nor a list of text entities")
    parts = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
        else:
            raise TypeError("'text' holds an entity that is neither a string nor {type, text}")
    return "".join(parts)


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- RSS and Atom feeds

_ATOM = "{http://www.w3.org/2005/Atom}"
# Where a feed item keeps its text, best first (RSS: content:encoded, description; Atom:
# content, summary), by the element's name without its namespace.
_FEED_TEXT = ("encoded", "content", "description", "summary")
_FEED_DATE = ("pubDate", "published", "date", "updated", "issued", "modified")


def _read_feed(path: Path, data: bytes) -> Iterator[Article | Problem]:
    """The items of an RSS 2.0 (or 1.0) or Atom feed: each an article with its link, date and
    title, its content (else its description or summary) as text, HTML markup removed. The XML
    is read with entity declarations refused (defusedxml), so a feed built to expand into
    gigabytes (a "billion laughs") is reported, never expanded."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree
    from defusedxml import DefusedXmlException

    try:
        root = defusedxml.ElementTree.fromstring(data)
    except DefusedXmlException as error:
        raise ArticleError(
            path,
            f"the feed declares XML entities or a DTD ({type(error).__name__}), which mapper "
            "never expands (a feed built to blow up when read); not read",
        ) from None
    except ParseError as error:
        line, column = error.position
        raise ArticleError(
            path, f"not well-formed XML ({_xml_problem(error)}, line {line}, column {column})"
        ) from None
    kind = _local(root.tag)
    if kind == "rss":
        channel = root.find("channel")
        feed_title = _child_text(channel, "title") if channel is not None else ""
        items = channel.findall("item") if channel is not None else []
    elif kind == "feed":
        feed_title = _child_text(root, "title")
        items = root.findall(f"{_ATOM}entry") or root.findall("entry")
    elif kind == "RDF":  # RSS 1.0
        channel = next((e for e in root if _local(e.tag) == "channel"), None)
        feed_title = _child_text(channel, "title") if channel is not None else ""
        items = [e for e in root if _local(e.tag) == "item"]
    else:
        raise ArticleError(
            path, f"not an RSS or Atom feed (its root element is <{kind}>, not <rss> or <feed>)"
        )
    if not items:
        raise ArticleError(path, "the feed holds no items")
    for number, item in enumerate(items, 1):
        try:
            yield _feed_article(path, number, item, feed_title)
        except ArticleError as error:
            yield Problem(str(path), f"item {number}: {error.reason}")


def _xml_problem(error: Exception) -> str:
    return str(error).split(":")[0]


def _local(tag: Any) -> str:
    """An element's name without its namespace ("{http://...}entry" -> "entry")."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: Any, name: str) -> str:
    """The text of `element`'s first child named `name` (any namespace), stripped."""
    for child in element:
        if _local(child.tag) == name:
            return "".join(child.itertext()).strip()
    return ""


def _feed_article(path: Path, number: int, item: Any, feed_title: str) -> Article:
    label = f"{path}#{number}"
    children: dict[str, Any] = {}
    for child in item:
        children.setdefault(_local(child.tag), child)
    text = ""
    for name in _FEED_TEXT:
        if name in children:
            text = _html_text("".join(children[name].itertext()))
            if text.strip():
                break
    if not text.strip():
        raise ArticleError(label, "no text (no content, description or summary); not read")
    url = ""
    for link in item:
        if _local(link.tag) == "link":
            href = link.get("href")
            if href is None:  # RSS: the link is the element's text
                url = (link.text or "").strip()
                break
            if link.get("rel", "alternate") == "alternate":
                url = href.strip()
                break
            url = url or href.strip()
    date = next((_child_text(item, name) for name in _FEED_DATE if name in children), None)
    return _build(
        path,
        label,
        text,
        title=_html_text(_child_text(item, "title")) or None,
        date=_feed_date(date) if date else None,
        url=url,
        source=feed_title or _source_from_url(url),
        headline_in_text=False,
    )


def _feed_date(value: str) -> str:
    """A feed's date (RFC 822 in RSS: "Tue, 06 Aug 2024 10:00:00 GMT"; ISO 8601 in Atom) as
    YYYY-MM-DD, the day where it was written; the value as it is when it is neither."""
    import email.utils

    try:
        return datetime.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return value  # (reported as a date that is none)


class _HtmlText(HTMLParser):
    """The text of an HTML fragment: a paragraph break at each block, no script or style."""

    _BLOCKS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section".split())
    _HIDDEN = frozenset(("script", "style"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _html_text(html: str) -> str:
    """`html` as plain text: markup removed, entities decoded, blocks as paragraphs.

    >>> _html_text("<p>Drones struck <b>Kursk</b> &amp; Lgov.</p><p>Two were hurt.</p>")
    'Drones struck Kursk & Lgov.\\n\\nTwo were hurt.'
    """
    if "<" not in html and "&" not in html:
        return html.strip()
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _read(path: Path, data: bytes | None = None) -> Iterator[Article | Problem]:
    """The articles of one file (its bytes `data`, else read from `path`), and a Problem for
    each bad record; raise for a bad file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"type {suffix}" if suffix else "type (no extension)"
        raise ArticleError(
            path,
            f"unsupported file {kind}; save it as .md, .txt, .html, .json, .jsonl, or a feed "
            "(.rss, .atom, .xml)",
        )
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ArticleError(path, f"cannot be read: {error.strerror}") from None
    if not data.strip():
        raise ArticleError(path, "the file is empty")
    if suffix in (".html", ".htm"):
        yield from _read_html(path, _decode_html(path, data))
    elif suffix == ".json":
        yield from _read_json(path, _decode(path, data))
    elif suffix == ".jsonl":
        yield from _read_jsonl(path, _decode(path, data))
    elif suffix in FEED_SUFFIXES:
        yield from _read_feed(path, data)
    else:
        yield from _read_text_file(path, _decode(path, data))


# --------------------------------------------------------------------------- public readers


def read_file_articles(path: Path) -> list[Article]:
    """All articles of one file (a .jsonl or .json list holds several).

    Raises ArticleError for a file, or any record in it, that cannot be read.
    """
    articles = []
    for item in _read(Path(path)):
        if isinstance(item, Problem):
            raise ArticleError(item.path, item.reason)
        articles.append(item)
    return articles


def read_article(path: Path) -> Article:
    """The one article in `path`; raises ArticleError for bad input or several articles."""
    articles = read_file_articles(path)
    if len(articles) != 1:
        raise ArticleError(
            path, f"holds {len(articles)} articles; read it with read_file_articles()"
        )
    return articles[0]


# --------------------------------------------------------------------------- saving web articles

FETCH_TIMEOUT_S = 30
FETCH_LIMIT = 20 * 1024 * 1024  # no article page is larger
_USER_AGENT = "mapper/0.1 (mapper add: one article saved for offline mapping)"


def fetch_article(url: str, directory: Path, *, timeout: float = FETCH_TIMEOUT_S) -> Path:
    """Fetch the web page at `url`, extract its article (text, title, date, site: trafilatura)
    and save it in `directory` as `YYYY-MM-DD-title.md` with front matter (title, date, url,
    source), the form `mapper build` reads. A page whose markup gives no date is saved without
    one (its text may still date it). Returns the file written.

    Raises ValueError for a URL that is not http(s) or a page that holds no article, and
    OSError for one that cannot be fetched (the reason: refused, not found, too large)."""
    import http.client
    import urllib.error
    import urllib.request

    from mapper.files import atomic_write_text

    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ValueError("not an http:// or https:// URL")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(FETCH_LIMIT + 1)
            charset = response.headers.get_content_charset()
            final_url = response.geturl()
    except urllib.error.HTTPError as error:
        raise OSError(f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise OSError(f"cannot be fetched ({error.reason})") from None
    except (TimeoutError, ValueError, http.client.HTTPException) as error:
        raise OSError(f"cannot be fetched ({type(error).__name__}: {error})") from None
    if len(data) > FETCH_LIMIT:
        raise OSError(f"the page is larger than {FETCH_LIMIT // 2**20} MB; not an article")
    try:
        html = data.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        html = data.decode("utf-8", "replace")
    document = _extract_page(html, final_url)
    text = (document.text if document is not None else None) or ""
    if not text.strip():
        raise ValueError("no article text found in the page")
    meta: dict[str, Any] = {"title": (document.title or "").strip() or None}
    try:
        meta["date"] = _parse_date_value(document.date)
    except ValueError:
        meta["date"] = None
    meta["url"] = url
    meta["source"] = document.sitename or document.hostname or _source_from_url(final_url)
    meta = {key: value for key, value in meta.items() if value}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    content = f"---\n{front}---\n{text.strip()}\n"
    path = _free_name(directory, _article_file_name(meta, url), content)
    atomic_write_text(path, content)
    return path


def _article_file_name(meta: dict[str, Any], url: str) -> str:
    """`YYYY-MM-DD-a-slug-of-the-title.md` (no date prefix when there is no date)."""
    words = re.findall(r"\w+", (meta.get("title") or urlsplit(url).path or "article").lower())
    slug = "-".join(words)[:60].strip("-") or "article"
    date = meta.get("date")
    return f"{date.isoformat()}-{slug}.md" if date else f"{slug}.md"


def _free_name(directory: Path, name: str, content: str) -> Path:
    """`directory/name`, or `name-2.md`, `name-3.md`...: the first that is free or already
    holds `content`."""
    stem = name.removesuffix(".md")
    for n in range(1, 1000):
        path = directory / (name if n == 1 else f"{stem}-{n}.md")
        try:
            if path.read_text("utf-8") == content:
                return path
        except FileNotFoundError:
            return path
        except (OSError, UnicodeDecodeError):
            pass
    raise OSError(f"{directory}: no free file name for {name}")


def _is_ignored(name: str) -> bool:
    """Hidden files and folders, and READMEs, are not articles."""
    return name.startswith(".") or name.rsplit(".", 1)[0].lower() == "readme"


def load_articles(directory: Path) -> tuple[list[Article], list[Problem]]:
    """Read every article file of `directory` and its subfolders (see `list_article_files`).

    A file that cannot be read, a bad line of a .jsonl file, or a link that leaves the folder
    becomes a Problem; the other files and lines still load.
    """
    listing = list_article_files(directory)
    articles: list[Article] = []
    problems: list[Problem] = list(listing.problems)
    for path in listing.files:
        for item in read_file(path):
            (problems if isinstance(item, Problem) else articles).append(item)
    return articles, problems


@dataclass(frozen=True, slots=True)
class ArticleFiles:
    """The article files of a folder, in order, each with its path's parts under the folder
    (and its size and modification time, when the listing was asked for them), and the
    entries that were left unread."""

    paths: list[str]  # as `os.path.join` makes them from the folder's name
    problems: list[Problem]
    parts: list[tuple[str, ...]] = field(default_factory=list)  # (`paths[k]` under the folder)
    # (size, st_mtime_ns) of each file as listed, (-1, -1) for one that could not be stat'ed
    stats: list[tuple[int, int]] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [Path(p) for p in self.paths]


_FOLDER_OUTSIDE = "a link to a folder outside the articles folder; not read"


def list_article_files(
    directory: Path, *, exclude: Iterable[Path] = (), stat: bool = False
) -> ArticleFiles:
    """The article files of `directory` and of its subfolders, in path order; with `stat`,
    each file's size and modification time too (`stats`), taken as it is listed: a build
    compares them with the last build's, and a change made after the listing shows next time.

    Hidden files and folders and README files are left out, and so are the paths of
    `exclude` (files, or folders with all they hold: a build's own outputs). Links are
    followed only to files inside `directory`: a link to a file outside it, a broken link
    and a link to a folder outside it are listed as problems, not read; a link to a folder
    inside it is not followed (its files are read through their own path), so a loop of
    links is never entered. Special files (pipes, devices) are left out.

    Raises ArticleError when `directory` is not a folder.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ArticleError(directory, "no such folder; put the articles in a folder and name it")
    root = directory.resolve()
    excluded: dict[Path, set[str]] = {}  # by the folder that holds them
    for path in exclude:
        resolved = Path(path).resolve()
        excluded.setdefault(resolved.parent, set()).add(resolved.name)
    # (its parts under `directory`, its path, its DirEntry: stat'ed after the walk if asked)
    found: list[tuple[tuple[str, ...], str, os.DirEntry]] = []
    problems: list[Problem] = []
    # (folder as named, its parts under `directory`, the folder resolved)
    folders = [(str(directory), (), root)]
    while folders:
        folder, parts, resolved = folders.pop()
        here_excluded = excluded.get(resolved, set())
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)  # (in any order: what is found is sorted at the end)
        except OSError as error:
            problems.append(Problem(folder, f"cannot be listed: {error.strerror}"))
            continue
        for entry in entries:
            name = entry.name
            if name[0] == "." or (name[:6].lower() == "readme" and _is_ignored(name)):
                continue
            if entry.is_file(follow_symlinks=False):  # (a file, no link: the common case first)
                if name not in here_excluded:
                    found.append(((*parts, name), entry.path, entry))
                continue
            path = entry.path  # (`folder` joined with `name`)
            if entry.is_symlink():
                target = Path(path).resolve()
                if target.name in excluded.get(target.parent, ()):
                    continue
                if entry.is_dir():
                    if not target.is_relative_to(root):
                        problems.append(Problem(path, _FOLDER_OUTSIDE))
                    continue  # a link to a folder inside is read through the folder itself
                if not target.exists():
                    problems.append(Problem(path, "a broken link; not read"))
                elif not target.is_relative_to(root):
                    problems.append(
                        Problem(path, "a link to a file outside the articles folder; not read")
                    )
                elif entry.is_file():
                    found.append(((*parts, name), path, entry))
            elif name in here_excluded:
                continue
            elif entry.is_dir(follow_symlinks=False):
                folders.append((path, (*parts, name), resolved / name))
    found.sort(key=_first)
    problems.sort(key=lambda p: p.path)
    return ArticleFiles(
        [f[1] for f in found],
        problems,
        [f[0] for f in found],
        [_size_and_time(f[2]) for f in found] if stat else [],
    )


_first = operator.itemgetter(0)


def _size_and_time(entry: os.DirEntry) -> tuple[int, int]:
    """A listed file's size and modification time (a link's target's), (-1, -1) when it
    cannot be stat'ed."""
    try:
        stat = entry.stat()
    except OSError:
        return -1, -1
    return stat.st_size, stat.st_mtime_ns


def article_files(directory: Path) -> list[Path]:
    """The article files of `directory` and its subfolders (see `list_article_files`)."""
    return list_article_files(directory).files


def read_file(path: Path, data: bytes | None = None) -> list[Article | Problem]:
    """The articles of one file and its problems, the file's own last if it is unreadable.
    `data`: the file's bytes, when they were read elsewhere (from a URL); `path` still names
    the articles' file and may date them."""
    items: list[Article | Problem] = []
    try:
        for item in _read(path, data):
            items.append(item)
    except ArticleError as error:
        items.append(Problem(error.path, error.reason))
    except Exception as error:  # one broken file never stops a build
        items.append(Problem(str(path), f"could not be read ({type(error).__name__}: {error})"))
    return items


def plain_documents(
    files: Sequence[Path], corpus: Path | None = None
) -> Iterator[tuple[str, str] | Problem]:
    """(doc_id, text) of plain-text files as they are (no cleaning), then of the records of a
    JSON-lines corpus (`text` and optional `doc_id`, which defaults to the line number): what
    `mapper geoparse` reads.

    A file that cannot be read, or a corpus line that is not such a record (not UTF-8, not
    JSON, nested too deeply, not an object, no `text` or a `text` that is not a string), is
    yielded in its place as a Problem naming the file (and the line: "corpus.jsonl, line 3")
    and the reason; the documents after it still follow. Only a corpus that cannot be opened
    raises (OSError).
    """
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(str(path), f"not UTF-8 ({exc.reason} at byte {exc.start})")
        except OSError as exc:
            yield Problem(str(path), f"cannot be read ({exc.strerror or exc})")
        else:
            yield str(path), text
    if corpus is None:
        return
    with open(corpus, "rb") as fh:
        for n, data in enumerate(fh, start=1):
            where = f"{corpus}, line {n}"
            try:
                line = data.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(where, f"not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (RecursionError, ValueError) as error:  # (JSONDecodeError is a ValueError)
                yield Problem(where, f"not valid JSON ({_json_problem(error)})")
                continue
            if not isinstance(record, dict):
                yield Problem(where, "not a JSON object with `text`")
            elif "text" not in record:
                yield Problem(where, "no `text`")
            elif not isinstance(record["text"], str):
                yield Problem(where, "`text` is not a string")
            else:
                yield str(record.get("doc_id", n)), record["text"]
