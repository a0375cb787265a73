"""Event metrics: how many of the events a hand-coded gold set holds the extraction finds.

The gold is JSON lines, one article a line: `id, url, outlet, published, topic, text,
events[], not_events[]` (the schema of the developers' event corpora). Each article is read as
a build reads a `.jsonl` record (`articles.read_file`: cleaning, dating, headline), its events
extracted and merged within the article (`events.extract_events`, `events.merge_events`), and
scored against its gold events:

- gold and output events of one article are paired greedily by distance, nearest first (at
  one distance, the output of the same date first, then of the same sub-type), each used
  once, within `MATCH_KM` (`REGION_MATCH_KM` when the gold event is region-level,
  geo_precision 3): *located* pairs need only the place, *typed* pairs also the event type;
- located recall, typed recall, typed precision and F1; among typed pairs the share with the
  same sub-event type, the same date (both undated counts as the same), the same toll of the
  dead (where gold states one) and the same side for actor1 (where gold names one, see
  `actor_side`);
- trap hits: output events that pair with no gold event and are told by a sentence the gold
  lists as telling no event (`not_events`).

>>> actor_side("Military Forces of Russia (2000-)"), actor_side("Civilians (Ukraine)")
('russia', 'civilians')
"""

from __future__ import annotations

import csv
import json
import math
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mapper.articles import Article, read_file
from mapper.evaluate import great_circle_km
from mapper.events import extract_events, merge_events
from mapper.geoparse import Geoparser

MATCH_KM = 25.0
REGION_MATCH_KM = 150.0

__all__ = [
    "EventMetrics",
    "GoldArticle",
    "Scored",
    "actor_side",
    "evaluate_events",
    "format_event_metrics",
    "load_gold",
    "predict_events",
    "score_article",
    "write_failures",
]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold article: its text and metadata, its events and its not-event sentences."""

    id: str
    topic: str
    url: str
    outlet: str
    published: str | None
    text: str
    events: list[dict]
    not_events: list[str]


def load_gold(path: str | Path) -> list[GoldArticle]:
    """The gold articles of a JSON-lines file; ValueError naming the line of a bad record."""
    gold = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                gold.append(
                    GoldArticle(
                        id=str(r["id"]),
                        topic=str(r.get("topic") or "all"),
                        url=str(r.get("url") or ""),
                        outlet=str(r.get("outlet") or ""),
                        published=r.get("published"),
                        text=str(r["text"]),
                        events=list(r.get("events") or []),
                        not_events=[str(n["sentence"]) for n in r.get("not_events") or []],
                    )
                )
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}, line {number}: not a gold article ({error})") from None
    return gold


def predict_events(gold: Sequence[GoldArticle], geoparser: Geoparser) -> dict[str, pd.DataFrame]:
    """Each gold article's output events (merged within the article), by gold id; an article
    that the reader rejects has none."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gold.jsonl"
        records = [
            {"text": g.text, "date": g.published, "url": g.url, "source": g.outlet} for g in gold
        ]
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        items = read_file(path)
    predicted = {g.id: merge_events([], {}) for g in gold}
    for item in items:
        if isinstance(item, Article):
            line = int(item.path.rsplit(":", 1)[1])
            events = extract_events(item, geoparser)
            predicted[gold[line - 1].id] = merge_events(events, {item.id: item})
    return predicted


_SIDE_PREFIX = re.compile(r"^(?:military|police|naval|air) forces of |^government of ", re.I)
_SIDE_DATES = re.compile(r"\s*\(\d{4}-?\d{0,4}\)\s*$")


def actor_side(actor: str) -> str:
    """The side an ACLED actor name stands for: the state of its forces or government, the
    group itself, "civilians" for any civilians and "unidentified armed group" for any such
    group (what follows in brackets is a country or a description: "(Mali)", "(jihadists)");
    lower case; "" for none.

    >>> actor_side("Unidentified Armed Group (Mali)") == actor_side("unidentified armed group")
    True
    """
    actor = _SIDE_DATES.sub("", actor.strip())
    for unnamed in ("civilians", "unidentified armed group"):
        if actor.lower().startswith(unnamed):
            return unnamed
    return _SIDE_PREFIX.sub("", actor).strip().lower()


def _pairs(gold: list[dict], output: list[dict], typed: bool) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, output index), nearest first, within reach."""
    options = []
    for g, ge in enumerate(gold):
        if ge.get("latitude") is None or ge.get("longitude") is None:
            continue
        reach = REGION_MATCH_KM if ge.get("geo_precision") == 3 else MATCH_KM
        for o, oe in enumerate(output):
            if typed and ge["event_type"] != oe["event_type"]:
                continue
            km = float(
                great_circle_km(ge["latitude"], ge["longitude"], oe["latitude"], oe["longitude"])
            )
            if km <= reach:
                # (at one distance, the output that agrees on the date, then the sub-type)
                other_day = (ge.get("event_date") or "") != oe["event_date"]
                other_sub = ge["sub_event_type"] != oe["sub_event_type"]
                options.append((km, other_day, other_sub, g, o))
    used_gold: set[int] = set()
    used_output: set[int] = set()
    pairs = []
    for *_, g, o in sorted(options):
        if g not in used_gold and o not in used_output:
            used_gold.add(g)
            used_output.add(o)
            pairs.append((g, o))
    return pairs


def _normal(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


def _told_by(sentence: str, candidates: Iterable[str]) -> bool:
    """Whether `sentence` is one of `candidates` (or holds one, or is held by one), ignoring
    punctuation, case and spacing."""
    mine = _normal(sentence)
    return bool(mine) and any(
        mine in other or other in mine for other in map(_normal, candidates) if other
    )


@dataclass(slots=True)
class Scored:
    """One article scored: counts, and the misses and spurious events for the failures file."""

    gold: int = 0
    output: int = 0
    located: int = 0
    typed: int = 0
    sub_type: int = 0
    date: int = 0
    fatalities_stated: int = 0
    fatalities: int = 0
    actor1_named: int = 0
    actor1_side: int = 0
    traps: int = 0
    failures: list[dict] = field(default_factory=list)


def score_article(article: GoldArticle, output: pd.DataFrame) -> Scored:
    """Score one article's output events (an events table) against its gold events."""
    out = [_output_record(row) for row in output.to_dict("records")]
    gold = article.events
    scored = Scored(gold=len(gold), output=len(out))
    scored.located = len(_pairs(gold, out, typed=False))
    typed = _pairs(gold, out, typed=True)
    scored.typed = len(typed)
    for g, o in typed:
        ge, oe = gold[g], out[o]
        scored.sub_type += ge["sub_event_type"] == oe["sub_event_type"]
        scored.date += (ge.get("event_date") or "") == oe["event_date"]
        if ge.get("fatalities") is not None:
            scored.fatalities_stated += 1
            scored.fatalities += ge["fatalities"] == oe["fatalities"]
        if ge.get("actor1"):
            scored.actor1_named += 1
            scored.actor1_side += actor_side(ge["actor1"]) == actor_side(oe["actor1"])
        for what, gv, ov in (
            ("sub-type", ge["sub_event_type"], oe["sub_event_type"]),
            ("date", ge.get("event_date") or "", oe["event_date"]),
            ("actor1 side", actor_side(ge.get("actor1") or ""), actor_side(oe["actor1"])),
            ("fatalities", ge.get("fatalities"), oe["fatalities"]),
        ):
            if gv != ov and (what not in ("actor1 side", "fatalities") or gv is not None and gv):
                scored.failures.append(_failure(article, f"wrong {what}", ge, oe, gv, ov))
    paired_gold = {g for g, _ in typed}
    paired_out = {o for _, o in typed}
    located_out = {o for _, o in _pairs(gold, out, typed=False)}
    for g, ge in enumerate(gold):
        if g not in paired_gold:
            scored.failures.append(_failure(article, "missed", ge, None))
    for o, oe in enumerate(out):
        if o in paired_out:
            continue
        trap = o not in located_out and _told_by(oe["sentence"], article.not_events)
        scored.traps += trap
        scored.failures.append(_failure(article, "trap" if trap else "spurious", None, oe))
    return scored


def _output_record(row: dict) -> dict:
    def text(value) -> str:
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else value

    fatalities = row.get("fatalities")
    return {
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "event_date": text(row["event_date"]),
        "actor1": text(row["actor1"]),
        "location": row["location"],
        "latitude": float(row["latitude"]),
        "longitude": float(row["longitude"]),
        "fatalities": None if pd.isna(fatalities) else int(fatalities),
        "sentence": text(row["notes"]),
    }


def _failure(
    article: GoldArticle,
    kind: str,
    gold: dict | None,
    output: dict | None,
    expected: object = "",
    found: object = "",
) -> dict:
    def of(event: dict | None, key: str) -> object:
        return "" if event is None or event.get(key) is None else event[key]

    return {
        "article": article.id,
        "topic": article.topic,
        "kind": kind,
        "expected": expected,
        "found": found,
        "gold_type": of(gold, "sub_event_type"),
        "gold_place": of(gold, "location"),
        "gold_date": of(gold, "event_date"),
        "gold_sentence": of(gold, "sentence"),
        "output_type": of(output, "sub_event_type"),
        "output_place": of(output, "location"),
        "output_date": of(output, "event_date"),
        "output_sentence": of(output, "sentence"),
    }


@dataclass(frozen=True, slots=True)
class EventMetrics:
    """The event metrics of a set of articles (see the module doc)."""

    articles: int
    gold: int
    output: int
    located_recall: float
    typed_recall: float
    typed_precision: float
    typed_f1: float
    sub_type: float
    date_exact: float
    fatalities: float
    fatalities_stated: int
    actor1_side: float
    trap_hits: int

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _metrics(scores: Sequence[Scored]) -> EventMetrics:
    def total(name: str) -> int:
        return sum(getattr(s, name) for s in scores)

    recall = _share(total("typed"), total("gold"))
    precision = _share(total("typed"), total("output"))
    f1 = round(2 * recall * precision / (recall + precision), 3) if recall + precision else 0.0
    return EventMetrics(
        articles=len(scores),
        gold=total("gold"),
        output=total("output"),
        located_recall=_share(total("located"), total("gold")),
        typed_recall=recall,
        typed_precision=precision,
        typed_f1=f1,
        sub_type=_share(total("sub_type"), total("typed")),
        date_exact=_share(total("date"), total("typed")),
        fatalities=_share(total("fatalities"), total("fatalities_stated")),
        fatalities_stated=total("fatalities_stated"),
        actor1_side=_share(total("actor1_side"), total("actor1_named")),
        trap_hits=total("traps"),
    )


def evaluate_events(
    gold: Sequence[GoldArticle], predicted: dict[str, pd.DataFrame]
) -> tuple[dict[str, EventMetrics], list[dict]]:
    """Metrics overall ("all") and per topic, and every failure (a row per missed, spurious,
    trap or wrongly filled event)."""
    scores = {g.id: score_article(g, predicted[g.id]) for g in gold}
    by_topic: dict[str, list[Scored]] = {}
    for g in gold:
        by_topic.setdefault(g.topic, []).append(scores[g.id])
    metrics = {"all": _metrics(list(scores.values()))}
    metrics.update({topic: _metrics(s) for topic, s in sorted(by_topic.items())})
    failures = [f for g in gold for f in scores[g.id].failures]
    return metrics, failures


_COLUMNS = (
    ("articles", "articles"),
    ("gold", "gold"),
    ("output", "out"),
    ("located_recall", "located R"),
    ("typed_recall", "typed R"),
    ("typed_precision", "typed P"),
    ("typed_f1", "typed F1"),
    ("sub_type", "sub-type"),
    ("date_exact", "date"),
    ("fatalities", "fatal."),
    ("actor1_side", "actor1"),
    ("trap_hits", "traps"),
)


def format_event_metrics(metrics: dict[str, EventMetrics]) -> str:
    """A Markdown table, one row per topic ("all" first)."""
    header = "| topic | " + " | ".join(label for _, label in _COLUMNS) + " |"
    lines = [header, "| --- |" + " ---: |" * len(_COLUMNS)]
    for topic, m in metrics.items():
        cells = [f"{getattr(m, name):.3f}" if isinstance(getattr(m, name), float)
                 else f"{getattr(m, name)}" for name, _ in _COLUMNS]  # fmt: skip
        lines.append(f"| {topic} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_failures(failures: Sequence[dict], path: str | Path) -> None:
    """The failures as CSV, one row each (columns of `_failure`)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if not failures:
            fh.write("")
            return
        writer = csv.DictWriter(fh, fieldnames=list(failures[0]))
        writer.writeheader()
        writer.writerows(failures)
