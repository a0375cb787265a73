"""Draw the events table as one self-contained, interactive folium map.

>>> from mapper.render import render_map, write_map
>>> write_map(events, articles, Path("outputs/map.html"))  # doctest: +SKIP

Each event date (or ISO week, or month, when there are many) is one FeatureGroup in the
layer control, driven by our time slider; undated events have their own layer. Events are
drawn by a small JS library on a canvas (one marker per event, built from one compact JSON
table), so 100,000 events still open. Region-level events are translucent dashed areas,
claims are hollow dashed markers. Every string is HTML-escaped here, in Python.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import xyzservices  # folium's catalogue of tile providers, installed with it
from branca.element import Element

from mapper.events_schema import ARTICLE_COLUMNS, EVENT_COLUMNS, LIST_SEPARATOR
from mapper.files import atomic_writer
from mapper.mapcontrols import (
    BaseMap,
    DateLayer,
    EventLayers,
    FullscreenButton,
    Legend,
    MapAssets,
    PlaceSearch,
    ReadySignal,
    TimeControl,
    area_svg,
    symbol_svg,
)

__all__ = ["EventStyle", "EVENT_STYLES", "render_map", "write_map", "date_bins"]


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

# Radius (metres) of the area drawn for a place that is a region, not a point. Keys are
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
KM_PER_DEGREE = 111.2  # of latitude (and of longitude at the equator)

MAX_BINS = 30  # more dates than this: one layer per ISO week; more weeks: per month
MIN_RADIUS_PX, MAX_RADIUS_PX = 5.0, 14.0

# Order of the fields of one event row in the embedded JSON; mapper.js reads the same list.
ROW_FIELDS: tuple[str, ...] = (
    "lat", "lon", "bin", "type", "radius", "area", "claim", "date", "tprec", "sub",
    "loc", "adm2", "adm1", "cc", "qty", "unit", "actor1", "actor2", "attribution",
    "notes", "articles", "id", "gprec", "dead",
)  # fmt: skip
# Text columns interned in the string table, in ROW_FIELDS order.
_TEXT_FIELDS: dict[str, str] = {
    "date": "event_date",
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
}


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
    """A column as clean strings: NaN -> "", 30.0 -> "30"."""
    if col.dtype != object:
        return col.map(_clean_text).tolist()
    return [v.strip() if type(v) is str else _clean_text(v) for v in col.tolist()]


def _clean_text(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def date_bins(dates: pd.Series) -> tuple[list[str], np.ndarray, str]:
    """Group ISO dates into layers: (labels, bin index per row or -1 if undated, unit).

    One bin per date; per ISO week when there are more than MAX_BINS dates; per month when
    there are more than MAX_BINS weeks.

    >>> labels, idx, unit = date_bins(pd.Series(["2024-08-07", "", "2024-08-06"]))
    >>> labels, idx.tolist(), unit
    (['2024-08-06', '2024-08-07'], [1, -1, 0], 'date')
    """
    # Each distinct text is parsed once; `row_text` gives each row's.
    row_text, texts = pd.factorize(dates.astype(str))
    parsed = pd.to_datetime(pd.Series(texts, dtype=object), format="%Y-%m-%d", errors="coerce")
    valid = parsed.notna().to_numpy()
    days = parsed[valid]
    if days.dt.normalize().nunique() <= MAX_BINS:
        keys = days.dt.strftime("%Y-%m-%d")
        unit = "date"
    else:
        iso = days.dt.isocalendar()
        weeks = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
        if weeks.nunique() <= MAX_BINS:
            keys, unit = weeks, "week"
        else:
            keys, unit = days.dt.strftime("%Y-%m"), "month"
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


def _check_columns(events: pd.DataFrame, articles: pd.DataFrame) -> None:
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise ValueError(f"events table lacks columns {missing}; see mapper/events_schema.py")
    missing = [c for c in ARTICLE_COLUMNS if c not in articles.columns]
    if missing:
        raise ValueError(f"articles table lacks columns {missing}; see mapper/events_schema.py")


def _safe_url(url: str) -> str:
    url = url.strip()
    if url.lower().startswith(("http://", "https://")):
        return html.escape(url, quote=True)
    return ""


def _article_lists(ev: pd.DataFrame, articles: pd.DataFrame) -> tuple[list, list, list[int]]:
    """(article rows [title, outlet, date, url], lists of indices, list index per event)."""
    arts = articles.drop_duplicates("article_id")
    ids = _text(arts["article_id"])
    rows = [
        [html.escape(t), html.escape(s), html.escape(p), _safe_url(u)]
        for t, s, p, u in zip(
            _text(arts["title"]),
            _text(arts["source"]),
            _text(arts["published"]),
            _text(arts["url"]),
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
            rows.append([html.escape(a), "", "", _safe_url(url)])
            out.append(index[a or url])
        lists.append(out)
    return rows, lists, codes


def _area_radius_m(ev: pd.DataFrame) -> np.ndarray:
    """Radius in metres of the area drawn for each event (0: a point)."""
    gprec = pd.to_numeric(ev["geo_precision"], errors="coerce").fillna(0).astype(int).to_numpy()
    radius_m = pd.Series(
        [AREA_RADIUS_M.get(c.upper()) for c in _text(ev["feature_code"])], dtype=float
    )
    is_area = (gprec == 3) | radius_m.notna().to_numpy()
    return np.where(is_area, radius_m.fillna(AREA_DEFAULT_M).to_numpy(), 0).astype(int)


def _bounds(ev: pd.DataFrame, area_m: np.ndarray) -> list[list[float]] | None:
    """South-west and north-east corners holding every point and every area (`area_m`: the
    radius of each event's area, `_area_radius_m`) drawn whole."""
    if not len(ev):
        return None
    lat = ev["latitude"].to_numpy(dtype=float)
    lon = ev["longitude"].to_numpy(dtype=float)
    km = area_m / 1000.0
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * np.maximum(np.cos(np.radians(lat)), 0.05))
    return [
        [max(float((lat - dlat).min()), -90.0), max(float((lon - dlon).min()), -180.0)],
        [min(float((lat + dlat).max()), 90.0), min(float((lon + dlon).max()), 180.0)],
    ]


def _payload(ev: pd.DataFrame, articles: pd.DataFrame, bins: np.ndarray, area: np.ndarray) -> dict:
    """The compact JSON table mapper.js draws: a string table, articles, one row per event."""
    n = len(ev)
    type_pos = {s.event_type: i for i, s in enumerate(EVENT_STYLES)}
    other = len(EVENT_STYLES) - 1
    types = [type_pos.get(t, other) for t in _text(ev["event_type"])]

    gprec = pd.to_numeric(ev["geo_precision"], errors="coerce").fillna(0).astype(int).to_numpy()
    tprec = pd.to_numeric(ev["time_precision"], errors="coerce").fillna(0).astype(int).to_numpy()

    qty = pd.to_numeric(ev["quantity"], errors="coerce").to_numpy(dtype=float)
    n_art = pd.to_numeric(ev["num_articles"], errors="coerce").fillna(1).to_numpy(dtype=float)
    magnitude = np.where(np.isfinite(qty) & (qty > 0), qty, n_art)
    magnitude = np.maximum(magnitude, 1.0)
    radius = np.clip(MIN_RADIUS_PX + 2.0 * np.log2(magnitude), MIN_RADIUS_PX, MAX_RADIUS_PX)
    radius = np.round(radius, 1)
    claim = [int(a != "") for a in _text(ev["attribution"])]

    # One string table for every text field, "" first: each string's index, in the order
    # strings first appear, field after field.
    table = {"": 0}
    texts = {field: _text(ev[column]) for field, column in _TEXT_FIELDS.items()}
    texts["unit"] = [_unit_of(q, u) for q, u in zip(texts["qty"], texts["unit"], strict=True)]
    per_field = {
        field: [table.setdefault(v, len(table)) for v in values] for field, values in texts.items()
    }
    strings = [html.escape(v) for v in table]

    art_rows, art_lists, art_codes = _article_lists(ev, articles)
    columns = {
        "lat": np.round(ev["latitude"].astype(float).to_numpy(), 5),
        "lon": np.round(ev["longitude"].astype(float).to_numpy(), 5),
        "bin": bins,
        "type": types,
        "radius": radius,
        "area": area,
        "claim": claim,
        "tprec": tprec,
        "articles": art_codes,
        "gprec": gprec,
        **per_field,
    }
    lists = [np.asarray(columns[f]).tolist() for f in ROW_FIELDS]
    rows = [list(r) for r in zip(*lists, strict=True)] if n else []
    return {"s": strings, "a": art_rows, "al": art_lists, "e": rows}


def _legend(ev: pd.DataFrame, n_unmapped: int, n_undated: int, unit: str) -> Legend:
    counts = Counter(_text(ev["event_type"]))
    known = {s.event_type for s in EVENT_STYLES}
    rows = []
    for s in EVENT_STYLES:
        if s.event_type == "Other":
            count = int(sum(v for k, v in counts.items() if k not in known))
            if not count:
                continue
        else:
            count = int(counts.get(s.event_type, 0))
        rows.append({"svg": symbol_svg(s.shape, s.color), "label": s.event_type, "count": count})
    grey = "#555555"
    rows.append(
        {"svg": area_svg(grey), "label": "Region or area: position approximate", "count": None}
    )
    rows.append(
        {
            "svg": symbol_svg("circle", grey, hollow=True),
            "label": "Hollow, dashed: claimed by a party, not confirmed",
            "count": None,
        }
    )
    notes = [
        "Size: quantity, or number of reporting articles (log scale).",
        f"Layers: one per {unit}; the slider shows one {unit} or all up to it.",
    ]
    if n_undated:
        notes.append(f"{n_undated} undated event(s) on the 'Undated' layer.")
    if n_unmapped:
        notes.append(f"{n_unmapped} event(s) without coordinates are not drawn.")
    return Legend(rows, notes, title=f"Events ({len(ev):,})")


def _stable_ids(root: Element) -> None:
    """Replace branca's random element ids by a counter, so equal input gives equal bytes."""
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


def render_map(
    events: pd.DataFrame, articles: pd.DataFrame, *, cdn: bool = False, title: str = "mapper"
) -> folium.Map:
    """Build the folium map of an events table (EVENT_COLUMNS) and its articles table.

    With `cdn=False` (default) the page needs no network except for the OpenStreetMap
    tiles: Leaflet and our controls are inlined, and bundled borders and town labels
    show underneath when tiles cannot load.
    """
    _check_columns(events, articles)
    ev = events.reset_index(drop=True)
    lat = pd.to_numeric(ev["latitude"], errors="coerce")
    lon = pd.to_numeric(ev["longitude"], errors="coerce")
    mappable = (lat.between(-90, 90) & lon.between(-180, 180)).to_numpy()
    n_unmapped = int((~mappable).sum())
    ev = ev[mappable].reset_index(drop=True)
    ev["latitude"], ev["longitude"] = lat[mappable].to_numpy(), lon[mappable].to_numpy()

    labels, bins, unit = date_bins(pd.Series(_text(ev["event_date"]), dtype=object))
    n_undated = int((bins < 0).sum())

    area = _area_radius_m(ev)
    bounds = _bounds(ev, area)
    if bounds is not None:
        center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    else:
        center = [49.0, 32.0]  # Ukraine, the first corpus
    # The layer folium makes of tiles="OpenStreetMap", without its search of every provider.
    osm = folium.TileLayer(xyzservices.providers.OpenStreetMap.Mapnik, name="openstreetmap")
    m = folium.Map(
        location=center,
        zoom_start=6,
        tiles=osm,
        prefer_canvas=True,
        control_scale=True,
    )
    # Drop folium's jQuery/Bootstrap/awesome-markers: nothing here needs them.
    m.default_js = []
    m.default_css = []
    m.get_root().title = html.escape(title)
    m.add_child(MapAssets(cdn=cdn))
    m.add_child(BaseMap())
    pane = folium.map.CustomPane("mapper-areas", z_index=390, pointer_events=True)
    m.add_child(pane)

    groups = [DateLayer(name=label, overlay=True) for label in labels]
    for g in groups:
        m.add_child(g)
    undated = DateLayer(name="Undated", overlay=True, control=n_undated > 0)
    m.add_child(undated)

    config = {
        "types": [{"color": s.color, "shape": s.shape} for s in EVENT_STYLES],
        "typeLabels": [html.escape(s.event_type) for s in EVENT_STYLES],
        "areaPane": "mapper-areas",
    }
    layers = EventLayers(_payload(ev, articles, bins, area), config, groups, undated)
    m.add_child(layers)
    if groups:
        m.add_child(TimeControl(groups, labels, unit=unit))
    m.add_child(_legend(ev, n_unmapped, n_undated, unit))
    names = sorted({n for n in _text(ev["location"]) if n}, key=str.casefold)
    m.add_child(PlaceSearch(layers, names))
    m.add_child(FullscreenButton())
    m.add_child(folium.LayerControl(position="topright", collapsed=True))
    if bounds is not None:
        m.fit_bounds(bounds, padding=(30, 30), max_zoom=10)
    m.add_child(ReadySignal())
    _stable_ids(m.get_root())
    return m


def write_map(
    events: pd.DataFrame, articles: pd.DataFrame, path: Path, *, cdn: bool = False
) -> Path:
    """Render the map and write it to `path` atomically (same input, same bytes)."""
    path = Path(path)
    page = render_map(events, articles, cdn=cdn).get_root().render()
    with atomic_writer(path, "wb") as fh:
        fh.write(page.encode("utf-8"))
    return path
