"""Draw the events table as one self-contained, interactive folium map.

>>> from mapper.render import render_map, write_map
>>> write_map(events, articles, Path("outputs/map.html"))  # doctest: +SKIP

The events travel once, as one compact JSON table of columns (`_payload`); the map's own
elements (`mapcontrols.py`) read it in the browser: each event date (or ISO week, or month,
when there are many: the time control says so) is one FeatureGroup in the layer control,
driven by the time control; filters, an event list, a histogram, clusters that spread on
click, region outlines and a territorial-control layer all show one set of events, the one
that the filters, the time window and the date layers leave. Every string is HTML-escaped
here, in Python; a missing value is an empty string, never "<NA>" or "nan".
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mapper.events_schema import ARTICLE_COLUMNS, EVENT_COLUMNS, LIST_SEPARATOR
from mapper.files import atomic_writer, code_version

if TYPE_CHECKING:
    import folium
    from branca.element import Element

# The map's resources (mapcontrols.RESOURCES), read here without importing folium.
_RESOURCES = Path(__file__).parent / "resources"

__all__ = [
    "EventStyle",
    "EVENT_STYLES",
    "COLUMNS",
    "render_map",
    "write_map",
    "date_bins",
    "first_view",
]


@dataclass(frozen=True, slots=True)
class EventStyle:
    """How one ACLED event type is drawn."""

    event_type: str
    color: str
    shape: str  # circle, diamond, star, triangle, triangle-down, square (mapper.js)


# ACLED's six event types; anything else is drawn as the last row, "Other".
EVENT_STYLES: tuple[EventStyle, ...] = (
    EventStyle("Battles", "#d62728", "diamond"),
    EventStyle("Explosions/Remote violence", "#ff7f0e", "star"),
    EventStyle("Violence against civilians", "#7b3294", "triangle"),
    EventStyle("Protests", "#1f78b4", "square"),
    EventStyle("Riots", "#e7298a", "triangle-down"),
    EventStyle("Strategic developments", "#1b9e77", "circle"),
    EventStyle("Other", "#7f7f7f", "circle"),
)

# Radius (metres) of the circle drawn for an area that has no bundled outline. Keys are
# GeoNames feature codes; a geo_precision 3 event with another code gets AREA_DEFAULT_M.
AREA_RADIUS_M: dict[str, int] = {
    "PCLI": 150_000,
    "ADM1": 80_000,
    "ADM1H": 80_000,
    "SEA": 100_000,
    "GULF": 60_000,
    "PEN": 60_000,
    "RGN": 60_000,
    "RGNH": 60_000,
    "ADM2": 20_000,
    "ADM2H": 20_000,
    "BAY": 30_000,
    "STRT": 30_000,
    "ADM3": 10_000,
}
AREA_DEFAULT_M = 40_000
# Feature codes of a first-order division: drawn as its outline when one is bundled.
ADM1_CODES = frozenset({"ADM1", "ADM1H"})

MAX_BINS = 30  # more dates than this: one layer per ISO week; more weeks: per month
MIN_RADIUS_PX, MAX_RADIUS_PX = 5.0, 14.0

# ACLED sub-event types that say who holds a settlement afterwards: actor1 does.
CONTROL_SUB_EVENTS = frozenset(
    {
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    }
)

# Columns of the embedded table, in order; mapper.js reads the same list (COLUMNS there).
# Text columns are indices into the string table `s`; -1 means none where a column is an
# index into another list (bin, area, side1, side2, holder).
COLUMNS: tuple[str, ...] = (
    "lat", "lon", "day", "bin", "type", "sub", "radius", "claim", "tprec", "gprec",
    "loc", "adm2", "adm1", "cc", "qty", "unit", "actor1", "actor2", "side1", "side2",
    "attribution", "notes", "id", "dead", "date", "articles", "area", "place", "holder",
)  # fmt: skip
# Text columns interned in the string table.
_TEXT_FIELDS: dict[str, str] = {
    "sub": "sub_event_type",
    "loc": "location",
    "adm2": "admin2",
    "adm1": "admin1",
    "cc": "country_code",
    "qty": "quantity",
    "unit": "quantity_unit",
    "actor1": "actor1",
    "actor2": "actor2",
    "attribution": "attribution",
    "notes": "notes",
    "id": "event_id",
    "dead": "fatalities",
    "date": "event_date",
}
_EPOCH = np.datetime64("1970-01-01", "D")


def _unit_of(quantity: str, unit: str) -> str:
    """The unit as the popup reads after its quantity: "1 drone", "1 person evacuated", "2 km"
    (the tables keep the canonical unit)."""
    if quantity != "1":
        return unit
    if " and " in unit:  # "drones and missiles": "1 drone or missile"
        return " or ".join(_unit_of(quantity, u) for u in unit.split(" and "))
    first, _, rest = unit.partition(" ")
    if first == "people":
        first = "person"
    elif first.endswith("s") and len(first) > 3:
        first = first[:-1]
    return f"{first} {rest}" if rest else first


def _text(col: pd.Series) -> list[str]:
    """A column as clean strings: missing (None, NaN, pd.NA, NaT) -> "", 30.0 -> "30".

    >>> _text(pd.Series([" Sudzha ", None, float("nan"), 30.0, 2.5, pd.NA], dtype=object))
    ['Sudzha', '', '', '30', '2.5', '']
    """
    return [v.strip() if type(v) is str else _clean_text(v) for v in col.tolist()]


def _interned(values: list[str], table: dict[str, int]) -> np.ndarray:
    """Index of each value in the string table `table`, adding the new ones in the order
    they first appear."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    ids = np.array([table.setdefault(u, len(table)) for u in uniques.tolist()], dtype=np.int64)
    return ids[codes] if len(values) else np.zeros(0, dtype=np.int64)


def _escaped(texts: list[str]) -> list[str]:
    """html.escape of each text, in one call over them all (joined by a character that
    escape leaves as it is and no text holds)."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a text holds the separator
        return [html.escape(t) for t in texts]
    return html.escape(joined).split("\x00") if texts else []


def _clean_text(v: object) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
    return str(v).strip()


def date_bins(dates: pd.Series, unit: str = "auto") -> tuple[list[str], np.ndarray, str]:
    """Group ISO dates into layers: (labels, bin index per row or -1 if undated, unit).

    `unit="auto"`: one bin per date; per ISO week when there are more than MAX_BINS dates;
    per month when there are more than MAX_BINS weeks. "date", "week" or "month" force one.

    >>> labels, idx, unit = date_bins(pd.Series(["2024-08-07", "", "2024-08-06"]))
    >>> labels, idx.tolist(), unit
    (['2024-08-06', '2024-08-07'], [1, -1, 0], 'date')
    """
    if unit not in ("auto", "date", "week", "month"):
        raise ValueError(f"unit is one of auto, date, week, month, not {unit!r}")
    # Each distinct text is parsed once; `row_text` gives each row's.
    row_text, texts = pd.factorize(dates.astype(str))
    parsed = pd.to_datetime(pd.Series(texts, dtype=object), format="%Y-%m-%d", errors="coerce")
    valid = parsed.notna().to_numpy()
    days = parsed[valid]
    iso = days.dt.isocalendar()
    weeks = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
    if unit == "auto":
        if days.dt.normalize().nunique() <= MAX_BINS:
            unit = "date"
        elif weeks.nunique() <= MAX_BINS:
            unit = "week"
        else:
            unit = "month"
    if unit == "date":
        keys = days.dt.strftime("%Y-%m-%d")
    elif unit == "week":
        keys = weeks
    else:
        keys = days.dt.strftime("%Y-%m")
    uniq = sorted(set(keys))
    pos = {k: i for i, k in enumerate(uniq)}
    idx = np.full(len(texts), -1, dtype=np.int64)
    idx[valid] = keys.map(pos).to_numpy()
    idx = idx[row_text]
    labels = uniq
    if unit == "week":
        labels = []
        for k in uniq:
            year, week = k.split("-W")
            monday = pd.Timestamp.fromisocalendar(int(year), int(week), 1)
            sunday = monday + pd.Timedelta(days=6)
            labels.append(f"{k} ({monday:%d %b}–{sunday:%d %b})")
    return labels, idx, unit


def _bin_spans(labels: list[str], unit: str) -> list[list[int]]:
    """First and last day (days since 1970-01-01) of each date layer."""
    spans = []
    for label in labels:
        if unit == "date":
            first = last = pd.Timestamp(label)
        elif unit == "week":
            year, week = label[:8].split("-W")
            first = pd.Timestamp.fromisocalendar(int(year), int(week), 1)
            last = first + pd.Timedelta(days=6)
        else:
            first = pd.Timestamp(label + "-01")
            last = first + pd.offsets.MonthEnd(0)
        spans.append([_day_number(first), _day_number(last)])
    return spans


def _day_number(ts: pd.Timestamp) -> int:
    return int((np.datetime64(ts.date(), "D") - _EPOCH).astype(int))


def _check_columns(events: pd.DataFrame, articles: pd.DataFrame) -> None:
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise ValueError(f"events table lacks columns {missing}; see mapper/events_schema.py")
    missing = [c for c in ARTICLE_COLUMNS if c not in articles.columns]
    if missing:
        raise ValueError(f"articles table lacks columns {missing}; see mapper/events_schema.py")


def _safe_url(url: str) -> str:
    """The URL escaped for HTML when it is a web address (http or https), else ""."""
    return _safe_urls([url])[0]


def _safe_urls(urls: list[str]) -> list[str]:
    """`_safe_url` of each URL, escaped in one call."""
    stripped = [u.strip() for u in urls]
    return _escaped(
        [u if u[:8].lower().startswith(("http://", "https://")) else "" for u in stripped]
    )


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _article_lists(
    ev: pd.DataFrame, articles: pd.DataFrame
) -> tuple[list, list, list[int], list[str]]:
    """(article rows [title, outlet index or -1, date, url, file name], lists of article
    indices, list index per event, outlet names), all text escaped."""
    arts = articles.drop_duplicates("article_id")
    ids = _text(arts["article_id"])
    outlets: dict[str, int] = {}
    rows = [
        [t, outlets.setdefault(s, len(outlets)) if s else -1, p, u, f]
        for t, s, p, u, f in zip(
            _escaped(_text(arts["title"])),
            _text(arts["source"]),
            _escaped(_text(arts["published"])),
            _safe_urls(_text(arts["url"])),
            _escaped([_file_name(f) for f in _text(arts["path"])]),
            strict=True,
        )
    ]
    index = {a: i for i, a in enumerate(ids)}
    combos: dict[tuple[str, str], int] = {}  # (article ids, urls) -> list index
    codes = [
        combos.setdefault(key, len(combos))
        for key in zip(_text(ev["article_ids"]), _text(ev["source_urls"]), strict=True)
    ]
    lists = []
    for id_part, url_part in combos:
        a_ids = id_part.split(LIST_SEPARATOR) if id_part else []
        known = [index.get(a) for a in a_ids if a]
        if a_ids and len(known) == len(a_ids) and None not in known:  # every article listed
            lists.append(known)
            continue
        urls = url_part.split(LIST_SEPARATOR) if url_part else []
        out = []
        for k, a in enumerate(a_ids or [""] * len(urls)):
            if a and a in index:
                out.append(index[a])
                continue
            url = urls[k] if k < len(urls) else ""
            if not (a or url):
                continue
            index[a or url] = len(rows)
            rows.append(["", -1, "", _safe_url(url), html.escape(a)])
            out.append(index[a or url])
        lists.append(out)
    return rows, lists, codes, [html.escape(o) for o in outlets]


def actor_side(actor: str) -> str:
    """The state or group an ACLED-style actor name stands for: the country in brackets or
    after "of", else the name itself.

    >>> actor_side("Military Forces of Russia"), actor_side("Civilians (Ukraine)")
    ('Russia', 'Ukraine')
    >>> actor_side("Wagner Group"), actor_side("")
    ('Wagner Group', '')
    """
    actor = actor.strip()
    bracket = re.search(r"\(([^()]+)\)\s*$", actor)
    if bracket:
        return bracket.group(1).strip()
    _, of, rest = actor.rpartition(" of ")
    return rest.strip() if of else actor


@cache
def _admin1_outlines() -> dict[tuple[str, str], dict]:
    """Bundled first-order division outlines by (country code, name casefolded)."""
    data = json.loads((_RESOURCES / "basemap" / "admin1.geojson").read_text(encoding="utf-8"))
    return {
        (f["properties"]["cc"], f["properties"]["name"].casefold()): f["geometry"]
        for f in data["features"]
    }


def _areas(ev: pd.DataFrame, strings: dict[str, int]) -> tuple[np.ndarray, list]:
    """Area index per event (-1: a point) and the areas: [name string index, lat, lon,
    radius in metres (0 when outlined), outline geometry or None].

    A region-level event (geo_precision 3, or a feature code of AREA_RADIUS_M) is drawn as
    its first-order division's bundled outline when it is one (feature code ADM1, or its
    location is its admin1), else as a circle of AREA_RADIUS_M around its point."""
    gprec = pd.to_numeric(ev["geo_precision"], errors="coerce").fillna(0).astype(int).tolist()
    codes = [c.upper() for c in _text(ev["feature_code"])]
    outlines = _admin1_outlines()
    areas: list[list] = []
    keys: dict[tuple, int] = {}
    index = np.full(len(ev), -1, dtype=np.int64)
    rows = zip(
        gprec,
        codes,
        _text(ev["location"]),
        _text(ev["admin1"]),
        _text(ev["country_code"]),
        ev["latitude"].tolist(),
        ev["longitude"].tolist(),
        strict=True,
    )
    for i, (gp, code, loc, adm1, cc, lat, lon) in enumerate(rows):
        radius = AREA_RADIUS_M.get(code)
        if gp != 3 and radius is None:
            continue
        outline = None
        if code in ADM1_CODES or (loc and loc.casefold() == adm1.casefold()):
            outline = outlines.get((cc.upper(), (adm1 or loc).casefold()))
        if outline is not None:
            key: tuple = ("outline", cc.upper(), (adm1 or loc).casefold())
        else:
            radius = radius or AREA_DEFAULT_M
            key = ("circle", round(lat, 5), round(lon, 5), radius)
        if key not in keys:
            keys[key] = len(areas)
            name = strings.setdefault(loc or adm1, len(strings))
            areas.append([name, round(lat, 5), round(lon, 5), 0 if outline else radius, outline])
        index[i] = keys[key]
    return index, areas


def first_view(lat: np.ndarray, lon: np.ndarray, share: float = 0.8) -> list[list[float]] | None:
    """South-west and north-east corners of the box that holds where most events are: the
    central `share` of latitudes and of longitudes (outliers left out), at least 0.3° wide.

    Ten events at two villages and one in Moscow: the view holds the villages.

    >>> lat = np.array([51.0] * 5 + [51.4] * 5 + [55.75])
    >>> lon = np.array([35.0] * 5 + [35.6] * 5 + [37.6])
    >>> first_view(lat, lon)
    [[50.95, 34.95], [51.45, 35.65]]
    """
    if not len(lat):
        return None
    cut = (1 - share) / 2 * 100
    south, north = np.percentile(lat, [cut, 100 - cut])
    west, east = np.percentile(lon, [cut, 100 - cut])
    if len(lat) >= 4:  # no outlier inside the box is cut: keep every event that it holds
        inside = (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)
        south, north = lat[inside].min(), lat[inside].max()
        west, east = lon[inside].min(), lon[inside].max()
    else:
        south, north, west, east = lat.min(), lat.max(), lon.min(), lon.max()
    pad_lat = max(0.3 - (north - south), 0) / 2 + 0.05
    pad_lon = max(0.3 - (east - west), 0) / 2 + 0.05
    return [
        [
            round(max(float(south - pad_lat), -85.0), 4),
            round(max(float(west - pad_lon), -180.0), 4),
        ],
        [
            round(min(float(north + pad_lat), 85.0), 4),
            round(min(float(east + pad_lon), 180.0), 4),
        ],
    ]


def _payload(ev: pd.DataFrame, articles: pd.DataFrame, bins: np.ndarray, days: np.ndarray) -> dict:
    """The compact JSON mapper.js reads: a string table `s`, columns `c` (COLUMNS), articles
    `a`, article lists `al`, outlets `o`, sides `sd`, places `p` [name, lat, lon], areas
    `ar`. Every string in it is HTML-escaped."""
    type_pos = {s.event_type: i for i, s in enumerate(EVENT_STYLES)}
    other = len(EVENT_STYLES) - 1
    types = [type_pos.get(t, other) for t in _text(ev["event_type"])]

    gprec = pd.to_numeric(ev["geo_precision"], errors="coerce").fillna(0).astype(int).to_numpy()
    tprec = pd.to_numeric(ev["time_precision"], errors="coerce").fillna(0).astype(int).to_numpy()

    qty = pd.to_numeric(ev["quantity"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    n_art = (
        pd.to_numeric(ev["num_articles"], errors="coerce")
        .fillna(1)
        .to_numpy(dtype=float, na_value=1.0)
    )
    magnitude = np.where(np.isfinite(qty) & (qty > 0), qty, n_art)
    magnitude = np.maximum(magnitude, 1.0)
    radius = np.clip(MIN_RADIUS_PX + 2.0 * np.log2(magnitude), MIN_RADIUS_PX, MAX_RADIUS_PX)
    radius = np.round(radius, 1)
    claim = [int(a != "") for a in _text(ev["attribution"])]

    # One string table for every text field, "" first: each string's index, in the order
    # strings first appear, field after field; escaped once each, at the end.
    table = {"": 0}
    texts = {field: _text(ev[column]) for field, column in _TEXT_FIELDS.items()}
    texts["unit"] = [_unit_of(q, u) for q, u in zip(texts["qty"], texts["unit"], strict=True)]
    columns: dict[str, object] = {
        field: _interned(values, table) for field, values in texts.items()
    }

    sides: dict[str, int] = {}
    side_of = {a: actor_side(a) for a in set(texts["actor1"]) | set(texts["actor2"])}
    for k in ("1", "2"):
        columns["side" + k] = [
            sides.setdefault(side, len(sides)) if side else -1
            for side in map(side_of.__getitem__, texts["actor" + k])
        ]
    subs = texts["sub"]
    columns["holder"] = [
        side1 if sub in CONTROL_SUB_EVENTS and gp == 1 else -1
        for sub, gp, side1 in zip(subs, gprec.tolist(), columns["side1"], strict=True)
    ]

    lat = np.round(ev["latitude"].astype(float).to_numpy(), 5)
    lon = np.round(ev["longitude"].astype(float).to_numpy(), 5)
    places: dict[tuple, int] = {}
    place_rows: list[list] = []
    place_index = []
    for la, lo, loc in zip(lat.tolist(), lon.tolist(), columns["loc"].tolist(), strict=True):
        key = (la, lo, loc)
        if key not in places:
            places[key] = len(place_rows)
            place_rows.append([loc, la, lo])
        place_index.append(places[key])

    area_index, areas = _areas(ev, table)
    art_rows, art_lists, art_codes, outlets = _article_lists(ev, articles)
    columns.update(
        {
            "lat": lat,
            "lon": lon,
            "day": days,
            "bin": bins,
            "type": types,
            "radius": radius,
            "claim": claim,
            "tprec": tprec,
            "gprec": gprec,
            "articles": art_codes,
            "area": area_index,
            "place": place_index,
        }
    )
    return {
        "n": len(ev),
        "s": _escaped(list(table)),
        "c": [np.asarray(columns[f]).tolist() for f in COLUMNS],
        "a": art_rows,
        "al": art_lists,
        "o": outlets,
        "sd": [html.escape(s) for s in sides],
        "p": place_rows,
        "ar": areas,
    }


def _empty_reason(n_events: int, n_unmapped: int, n_articles: int) -> str:
    if n_events == 0 and n_articles == 0:
        return "No events to map: no article was read. Put articles in the articles folder."
    if n_events == 0:
        return (
            f"No events to map: none of the {n_articles} article(s) reported an event "
            "that mapper could place."
        )
    if n_unmapped == n_events:
        return f"No events to map: none of the {n_events} event(s) found has coordinates."
    return ""


def _stable_ids(root: Element) -> None:
    """Replace branca's random element ids by a counter, so equal input gives equal bytes."""
    from branca.element import Element

    counter = 0
    stack = [root]
    seen: set[int] = set()
    while stack:
        el = stack.pop(0)
        if id(el) in seen:
            continue
        seen.add(id(el))
        el._id = f"{counter:05d}"
        counter += 1
        stack.extend(el._children.values())
        for attr in ("header", "html", "script"):
            sub = getattr(el, attr, None)
            if isinstance(sub, Element):
                stack.append(sub)


# The legend's rows: (event type index or None for a key row, its label). Its svg is drawn
# with the map (mapcontrols); its count, when it has one, is a slot of the page.
_KEY_ROWS: tuple[str, ...] = (
    "Region or area: its outline, position approximate",
    "Hollow, dashed: claimed by a party, not confirmed",
)
_SIZE_NOTE = (
    "Size: quantity, or number of reporting articles (log scale). "
    "A ringed number: events at one place or nearby; click to spread them."
)


@dataclass(frozen=True, slots=True)
class _MapPlan:
    """What the page is drawn from, split in two.

    `shape` is everything the page's structure depends on besides mapper's code (the
    options, the date layers, which legend rows and notes there are, ...): a JSON-able dict,
    the key of a skeleton. `slots` is the rest, the data: each slot's name and its text in
    the page (the events' JSON, the counts, the reason an empty map gives, the centre).
    Pages of one shape differ only in their slots' texts."""

    shape: dict
    slots: dict[str, str]
    payload: dict
    config: dict
    center: list[float]
    counts: dict[str, int]
    reason: str


def _plan(
    events: pd.DataFrame, articles: pd.DataFrame, *, cdn: bool, title: str, date_layers: str
) -> _MapPlan:
    """The map's plan (no folium): the events' payload and everything derived from them."""
    _check_columns(events, articles)
    ev = events.reset_index(drop=True)
    n_events = len(ev)
    lat = pd.to_numeric(ev["latitude"], errors="coerce").astype(float)
    lon = pd.to_numeric(ev["longitude"], errors="coerce").astype(float)
    mappable = (lat.between(-90, 90) & lon.between(-180, 180)).to_numpy(dtype=bool, na_value=False)
    n_unmapped = int((~mappable).sum())
    ev = ev[mappable].reset_index(drop=True)
    ev["latitude"], ev["longitude"] = lat[mappable].to_numpy(), lon[mappable].to_numpy()

    date_text = pd.Series(_text(ev["event_date"]), dtype=object)
    labels, bins, unit = date_bins(date_text, date_layers)
    parsed = pd.to_datetime(date_text, format="%Y-%m-%d", errors="coerce")
    days = np.where(
        parsed.notna().to_numpy(),
        (parsed.to_numpy(dtype="datetime64[D]") - _EPOCH).astype(np.int64),
        -1,
    )
    days[bins < 0] = -1
    n_undated = int((bins < 0).sum())

    view = first_view(ev["latitude"].to_numpy(), ev["longitude"].to_numpy())
    center = [49.0, 32.0]  # Ukraine, the first corpus
    if view is not None:
        center = [(view[0][0] + view[1][0]) / 2, (view[0][1] + view[1][1]) / 2]

    payload = _payload(ev, articles, bins, days)
    config = {
        "types": [
            {"color": s.color, "shape": s.shape, "label": html.escape(s.event_type)}
            for s in EVENT_STYLES
        ],
        "bins": _bin_spans(labels, unit),
        "unit": unit,
        "view": view,
    }
    type_counts = Counter(_text(ev["event_type"]))
    known = {s.event_type for s in EVENT_STYLES}
    counts = {"total": len(ev), "undated": n_undated, "unmapped": n_unmapped}
    rows = []  # the legend's event rows: [type index, label]
    for i, s in enumerate(EVENT_STYLES):
        if s.event_type == "Other":
            count = int(sum(v for k, v in type_counts.items() if k not in known))
            if not count:
                continue
        else:
            count = int(type_counts.get(s.event_type, 0))
        rows.append([i, s.event_type])
        counts[f"type{i}"] = count
    notes = [_SIZE_NOTE]
    if unit != "date":
        notes.append(f"Layers: one per {unit} ({{layers}} in the layer control).")
    if n_undated:
        notes.append("{undated} undated event(s) on the 'Undated' layer.")
    if n_unmapped:
        notes.append("{unmapped} event(s) without coordinates are not drawn.")
    reason = _empty_reason(n_events, n_unmapped, int(articles["article_id"].nunique()))
    shape = {
        "cdn": cdn,
        "title": title,
        "dated": bool(labels),
        "unit": unit,
        "undated": n_undated > 0,
        "control": any(h >= 0 for h in payload["c"][COLUMNS.index("holder")]),
        "legend": rows,
        "notes": notes,
        "zoom": 6 if view is not None else 5,
    }
    slots = {
        "data": safe_json(payload),
        "config": safe_json(config),
        "center": _tojson(center),
        "reason": _tojson(reason)[1:-1],
        "labels": safe_json(labels),
        "layers": str(len(labels)),
        **{name: str(n) for name, n in counts.items()},
    }
    return _MapPlan(shape, slots, payload, config, center, counts, reason)


def safe_json(obj: object) -> str:
    """JSON for inclusion inside a <script> element, as a JS value or as JSON to parse: every
    `<` is written `\\u003c`, so no `</script>` or `<!--` can end or change the element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")


def _tojson(obj: object) -> str:
    """What Jinja's `tojson` filter writes of `obj` (folium's and our templates use it)."""
    text = json.dumps(obj, sort_keys=True)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, code)
    return text


# A slot of a skeleton as the page holds it while it is drawn with markers.
_MARK = "@@mapper-slot:{}@@"
_MARK_RE = re.compile(r"@@mapper-slot:(\w+)@@")
# The centre the skeleton is drawn at: folium reads the location as numbers (no marker).
_MARK_CENTER = [-12.3456789012345, 123.456789012345]


def _draw(plan: _MapPlan, *, marked: bool = False) -> folium.Map:
    """The folium map of `plan`; `marked`: each slot's text is its marker (_MARK) instead,
    the centre _MARK_CENTER."""
    import folium
    import xyzservices  # folium's catalogue of tile providers, installed with it
    from branca.element import Element

    from mapper.mapcontrols import (
        BaseMap,
        DateLayer,
        EmptyNotice,
        EventClusters,
        EventFilters,
        EventLayers,
        EventList,
        FullscreenButton,
        LayerList,
        Legend,
        MapAssets,
        PlaceSearch,
        ReadySignal,
        RegionAreas,
        TerritorialControl,
        TimeControl,
        ViewInUrl,
        area_svg,
        symbol_svg,
    )

    shape = plan.shape

    def slot(name: str) -> str:
        return _MARK.format(name) if marked else plan.slots[name]

    # The layer folium makes of tiles="OpenStreetMap", without its search of every provider.
    osm = folium.TileLayer(xyzservices.providers.OpenStreetMap.Mapnik, name="openstreetmap")
    m = folium.Map(
        location=_MARK_CENTER if marked else plan.center,
        zoom_start=shape["zoom"],
        tiles=osm,
        prefer_canvas=True,
        control_scale=True,
        max_zoom=18,
    )
    # Drop folium's jQuery/Bootstrap/awesome-markers: nothing here needs them.
    m.default_js = []
    m.default_css = []
    m.get_root().title = html.escape(shape["title"])
    m.get_root().header.add_child(
        Element('<meta name="viewport" content="width=device-width, initial-scale=1"/>'),
        name="viewport",
    )
    m.add_child(MapAssets(cdn=shape["cdn"]))
    m.add_child(BaseMap())

    undated = DateLayer(name="Undated", overlay=True, control=shape["undated"])
    m.add_child(undated)

    layers = EventLayers({}, {}, [], undated)
    layers.data_json, layers.config_json = slot("data"), slot("config")
    layers.labels_json = slot("labels")
    m.add_child(layers)
    m.add_child(RegionAreas(layers))
    m.add_child(EventClusters(layers))
    m.add_child(TerritorialControl(layers, show=shape["control"]))
    m.add_child(EventFilters(layers))
    m.add_child(EventList(layers))
    if shape["dated"]:
        m.add_child(TimeControl(layers, slot("layers"), unit=shape["unit"]))
    rows = [
        {
            "svg": symbol_svg(EVENT_STYLES[i].shape, EVENT_STYLES[i].color),
            "label": label,
            "count": slot(f"type{i}"),
            "type": i,
        }
        for i, label in shape["legend"]
    ]
    grey = "#555555"
    rows += [
        {"svg": area_svg(grey), "label": _KEY_ROWS[0], "count": None, "type": None},
        {
            "svg": symbol_svg("circle", grey, hollow=True),
            "label": _KEY_ROWS[1],
            "count": None,
            "type": None,
        },
    ]
    notes = [
        n.format(undated=slot("undated"), unmapped=slot("unmapped"), layers=slot("layers"))
        for n in shape["notes"]
    ]
    m.add_child(Legend(layers, rows, notes, title="Events", total=slot("total")))
    m.add_child(PlaceSearch(layers))
    m.add_child(FullscreenButton())
    m.add_child(LayerList(layers, position="topright", collapsed=True))
    notice = EmptyNotice(layers)
    notice.reason = _MARK.format("reason") if marked else plan.reason
    m.add_child(notice)
    m.add_child(ViewInUrl(layers))
    m.add_child(ReadySignal())
    _stable_ids(m.get_root())
    return m


def render_map(
    events: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    cdn: bool = False,
    title: str = "mapper",
    date_layers: str = "auto",
) -> folium.Map:
    """Build the folium map of an events table (EVENT_COLUMNS) and its articles table.

    With `cdn=False` (default) the page needs no network except for the OpenStreetMap
    tiles: Leaflet and our controls are inlined, and bundled borders and town labels
    show underneath when tiles cannot load. `date_layers` ("auto", "date", "week", "month")
    is what one layer of the layer control holds; "auto" groups by week or month only past
    MAX_BINS dates, and the time control and legend say so.
    """
    return _draw(_plan(events, articles, cdn=cdn, title=title, date_layers=date_layers))


SKELETON_FILE = "map-skeleton.json"


def write_map(
    events: pd.DataFrame,
    articles: pd.DataFrame,
    path: Path,
    *,
    cdn: bool = False,
    skeleton_dir: Path | None = None,
) -> Path:
    """Render the map and write it to `path` atomically (same input, same bytes).

    With `skeleton_dir` (a cache folder), the page of a map of the shape of the last one
    drawn there (same code, options, kind of date layer, legend rows and notes: `_MapPlan.shape`)
    is that map's skeleton with this map's data put in, without folium; any other is drawn,
    and its skeleton kept in `skeleton_dir` for the next (`SKELETON_FILE`). The bytes are
    those of `render_map(...).get_root().render()` either way: a skeleton is kept only when
    it gives back the page it was made with, and one that cannot be read is not used."""
    path = Path(path)
    plan = _plan(events, articles, cdn=cdn, title="mapper", date_layers="auto")
    page = None
    if skeleton_dir is not None:
        key = _skeleton_key(plan.shape)
        file = Path(skeleton_dir) / SKELETON_FILE
        parts = _read_skeleton(file, key)
        if parts is not None and all(name in plan.slots for name in parts[1::2]):
            page = _fill(parts, plan.slots)
    if page is None:
        page = _draw(plan).get_root().render()
        if skeleton_dir is not None:
            _keep_skeleton(plan, page, file, key)
    with atomic_writer(path, "wb") as fh:
        fh.write(page.encode("utf-8"))
    return path


def _fill(parts: list[str], slots: dict[str, str]) -> str:
    """The page of a skeleton (text, slot name, text, ..., text) with the slots' texts."""
    return "".join(part if k % 2 == 0 else slots[part] for k, part in enumerate(parts))


def _skeleton_parts(plan: _MapPlan) -> list[str] | None:
    """The skeleton of `plan`'s shape: the page drawn with markers, cut at each slot (text,
    slot name, text, ...); None when a marker or the centre is not where it can be cut."""
    page = _draw(plan, marked=True).get_root().render()
    center = _tojson(_MARK_CENTER)
    if page.count(center) != 1:
        return None
    page = page.replace(center, _MARK.format("center"))
    parts = _MARK_RE.split(page)
    if any(part not in plan.slots for part in parts[1::2]):
        return None
    return parts


def _keep_skeleton(plan: _MapPlan, page: str, file: Path, key: str) -> None:
    """Write the skeleton of `plan` to `file` when it gives back `page` (drawn from `plan`)."""
    parts = _skeleton_parts(plan)
    if parts is None or _fill(parts, plan.slots) != page:
        return
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(file, "w") as fh:
            json.dump({"key": key, "parts": parts}, fh, ensure_ascii=False)


def _read_skeleton(file: Path, key: str) -> list[str] | None:
    """The parts of the skeleton in `file` when it is one of `key`, else None."""
    try:
        kept = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != key:
        return None
    parts = kept.get("parts")
    if not isinstance(parts, list) or len(parts) % 2 != 1:
        return None
    if not all(isinstance(p, str) for p in parts):
        return None
    return parts


def _skeleton_key(shape: dict) -> str:
    h = hashlib.blake2b(_code_version().encode(), digest_size=16)
    h.update(json.dumps(shape, sort_keys=True).encode())
    return h.hexdigest()


def _code_version() -> str:
    """What draws the page besides its plan: mapper's files and the libraries that write it."""
    return code_version(("folium", "branca", "jinja2", "xyzservices", "xstatic-leaflet"))
