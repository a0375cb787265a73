"""`merge_events`: the same event told twice (same place, type, sub-type, dates within a day)
joined into one row of the events table (`mapper.events_schema.EVENT_COLUMNS`)."""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (pandas is imported where a table is made: a rebuild may need none)
    import pandas as pd

from mapper.articles import Article
from mapper.events.model import Event, unidentified
from mapper.events_schema import EVENT_COLUMNS, LIST_SEPARATOR

# --------------------------------------------------------------------------- merging


def event_id(date: str, place_id: str, event_type: str, sub_event_type: str) -> str:
    """A stable short id of a merged event."""
    key = "\x1f".join((date, place_id, event_type, sub_event_type))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def merge_events(events: Sequence[Event], articles: Mapping[str, Article]) -> pd.DataFrame:
    """One row per event: the same event told twice, in one article or several, is one row.

    Events merge when they share place, event type and sub-type and their dates are within
    one day of the group's earliest (undated only with undated). The row keeps the earliest
    date, the best precisions, the largest quantity and toll of the dead, the first actors
    named (an unidentified one only where no event names one), every attribution and article,
    and the first sentence as notes. Columns: `EVENT_COLUMNS`; sorted by date (undated
    last), place.
    """
    import pandas as pd

    told = list(map(_TOLD_BY_EACH, events))
    urls = {article_id: article.url for article_id, article in articles.items()}
    rows = [_merged_row(cluster, events, told, urls) for cluster in _clusters(events)]
    rows.sort(key=_row_order)
    table = pd.DataFrame.from_records(rows, columns=list(_ROW_COLUMNS))
    if rows:
        table["quantity"] = table["quantity"].astype("Int64")
        table["fatalities"] = table["fatalities"].astype("Int64")
    if _ROW_COLUMNS != EVENT_COLUMNS:
        table = table.reindex(columns=list(EVENT_COLUMNS))
    return table


def _clusters(events: Sequence[Event]) -> Iterator[list[int]]:
    """Positions of the events that merge into one, each cluster in the order of `events`."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, ev in enumerate(events):
        groups.setdefault((ev.place_id, ev.event_type, ev.sub_event_type), []).append(i)
    days = [ev.event_date.toordinal() if ev.event_date else None for ev in events]
    for members in groups.values():
        dated = sorted((i for i in members if days[i] is not None), key=days.__getitem__)
        start = 0
        for k in range(1, len(dated) + 1):  # a cluster ends more than a day after its first
            if k == len(dated) or days[dated[k]] - days[dated[start]] > 1:
                yield sorted(dated[start:k])
                start = k
        undated = [i for i in members if days[i] is None]
        if undated:
            yield undated


# What a merged row reads from every event of its cluster; the rest comes from the first.
_TOLD_BY_EACH = operator.attrgetter(
    "event_date", "time_precision", "geo_precision", "quantity", "actor1", "actor2",
    "article_id", "attribution", "fatalities",
)  # fmt: skip


def _merged_row(
    cluster: list[int], events: Sequence[Event], told: list[tuple], urls: Mapping[str, str]
) -> tuple:
    """The row (values in `_ROW_COLUMNS` order) of the events at the positions `cluster`;
    `told[i]`: `_TOLD_BY_EACH` of `events[i]`; `urls`: each article's URL by id."""
    first = events[cluster[0]]
    dates, time_prec, geo_prec, quantities, actors1, actors2, ids, attributions, tolls = zip(
        *[told[i] for i in cluster], strict=True
    )
    date = min(filter(None, dates), default=None)
    known = [q for q in quantities if q is not None]
    quantity = max(known) if known else None  # and the unit of the first event that gives it
    unit = events[cluster[quantities.index(quantity)]].quantity_unit if known else ""
    article_ids = dict.fromkeys(ids)  # ordered sets
    day = date.isoformat() if date else ""
    return (
        event_id(day, first.place_id, first.event_type, first.sub_event_type),
        day,
        min(time_prec),
        first.event_type,
        first.sub_event_type,
        _named_first(actors1),
        _named_first(actors2),
        quantity,
        unit,
        first.location,
        first.place_id,
        first.latitude,
        first.longitude,
        first.admin1,
        first.country_code,
        min(geo_prec),
        LIST_SEPARATOR.join(dict.fromkeys(filter(None, attributions))),
        len(article_ids),
        LIST_SEPARATOR.join(article_ids),
        LIST_SEPARATOR.join([urls.get(a, "") for a in article_ids]),
        first.sentence,
        first.admin2,
        first.feature_code,
        # the highest toll any article gives (0, "no one was killed", is a toll)
        max((t for t in tolls if t is not None), default=None),
    )


def _named_first(actors: Sequence[str]) -> str:
    """The first of `actors` (one for each event merged) that names an actor, else the first
    unidentified one, else ""."""
    given = [a for a in actors if a]
    return next((a for a in given if not unidentified(a)), given[0] if given else "")


# The values of a merged row, in the order _merged_row gives them.
_ROW_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "quantity", "quantity_unit", "location", "place_id", "latitude", "longitude",
    "admin1", "country_code", "geo_precision", "attribution", "num_articles", "article_ids",
    "source_urls", "notes", "admin2", "feature_code", "fatalities",
)  # fmt: skip
_ORDER = ("event_date", "location", "place_id", "event_type", "sub_event_type")
_ORDER_VALUES = operator.itemgetter(*(_ROW_COLUMNS.index(c) for c in _ORDER))


def _row_order(row: tuple) -> tuple:
    """Rows by date (undated last), location, place, event type and sub-type."""
    date, *rest = _ORDER_VALUES(row)
    return (date or "9999", *rest)
