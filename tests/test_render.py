"""The map as HTML: contents, escaping, layers, offline assets, determinism, atomic writes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import folium
import pandas as pd
import pytest
from map_sample import DATES, SCRIPT, sample_articles, sample_events

from mapper.events_schema import EVENT_COLUMNS
from mapper.mapcontrols import EventLayers
from mapper.render import EVENT_STYLES, ROW_FIELDS, date_bins, render_map, write_map

BASEMAP = Path(__file__).resolve().parents[1] / "mapper" / "resources" / "basemap"


def _html(**kwargs) -> str:
    return render_map(sample_events(), sample_articles(), **kwargs).get_root().render()


def _payload(m: folium.Map) -> dict:
    layers = [c for c in m._children.values() if isinstance(c, EventLayers)]
    assert len(layers) == 1
    return json.loads(layers[0].data_json)


def _row(payload: dict, event_id: str) -> dict:
    for row in payload["e"]:
        named = dict(zip(ROW_FIELDS, row, strict=True))
        if payload["s"][named["id"]] == event_id:
            return named
    raise AssertionError(f"{event_id} not in the map")


def test_offline_page_has_no_external_script_or_style():
    page = _html()
    external = re.findall(
        r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", page
    )
    assert external == []
    assert "L.map(" in page and "Leaflet" in page  # Leaflet itself is inlined
    assert "jquery" not in page.lower()


def test_cdn_page_links_leaflet():
    page = _html(cdn=True)
    assert re.search(r'<script src="https://[^"]+/leaflet\.js"', page)
    assert len(page) < len(_html()) - 100_000


def test_all_text_is_escaped():
    page = _html()
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Troops cross into &lt;Kursk&gt;" in page
    assert "Wire &amp; Co" in page


def test_template_syntax_in_text_is_printed_as_it_is():
    events, articles = sample_events(), sample_articles()
    events.loc[0, "notes"] = "Shelling {# near {{ 7*7 }} and {% raw %}"
    articles.loc[0, "title"] = "{{ title }}"
    page = render_map(events, articles).get_root().render()
    assert "Shelling {# near {{ 7*7 }} and {% raw %}" in page
    assert '"{{ title }}"' in page


def test_unsafe_article_url_is_not_a_link():
    payload = _payload(render_map(sample_events(), sample_articles()))
    urls = {a[0]: a[3] for a in payload["a"]}
    assert urls["Sumy shelled"] == ""
    assert urls["Emergency declared"] == "https://news.example/2"


def test_one_layer_per_date_plus_undated():
    m = render_map(sample_events(), sample_articles())
    names = [c.layer_name for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert names == [*DATES, "Undated"]
    page = m.get_root().render()
    for name in names:
        assert json.dumps(name) in page  # listed in the layer control


def test_rows_carry_area_claim_and_articles():
    payload = _payload(render_map(sample_events(), sample_articles()))
    oblast = _row(payload, "ev-oblast")
    assert oblast["area"] == 80_000  # ADM1: a translucent area, not a pin
    sudzha = _row(payload, "ev-sudzha")
    assert sudzha["area"] == 0 and sudzha["claim"] == 0
    assert len(payload["al"][sudzha["articles"]]) == 2
    drones = _row(payload, "ev-kursk-drones")
    assert drones["claim"] == 1
    assert drones["radius"] > sudzha["radius"]  # 30 drones outweigh 2 articles
    assert EVENT_STYLES[drones["type"]].event_type == "Explosions/Remote violence"
    assert _row(payload, "ev-undated")["bin"] == -1
    assert len(payload["e"]) == 5  # the event without coordinates is left out ...


def test_one_of_a_unit_reads_in_the_singular_in_the_popup():
    events = sample_events()
    events.loc[0, ["quantity", "quantity_unit"]] = [1, "drones and missiles"]
    events.loc[1, ["quantity", "quantity_unit"]] = [1, "people evacuated"]
    events.loc[2, ["quantity", "quantity_unit"]] = [1, "km"]
    payload = _payload(render_map(events, sample_articles()))
    units = {payload["s"][_row(payload, e)["unit"]] for e in events["event_id"][:3]}
    assert units == {"drone or missile", "person evacuated", "km"}
    assert events.loc[0, "quantity_unit"] == "drones and missiles"  # the table keeps its unit


def test_mapper_js_reads_the_rows_in_the_order_python_writes_them():
    js = (BASEMAP.parent / "map" / "mapper.js").read_text("utf-8")
    listed = re.search(r"var F = \{\};\s*\[(.*?)\]\.forEach", js, re.DOTALL)
    assert listed is not None
    assert tuple(re.findall(r'"(\w+)"', listed.group(1))) == ROW_FIELDS


def test_fatalities_reach_the_popup_row():
    events = sample_events()
    events.loc[events["event_id"] == "ev-lgov", "fatalities"] = 3
    payload = _payload(render_map(events, sample_articles()))
    assert payload["s"][_row(payload, "ev-lgov")["dead"]] == "3"
    assert payload["s"][_row(payload, "ev-kursk-drones")["dead"]] == "2"
    assert payload["s"][_row(payload, "ev-sudzha")["dead"]] == ""


def test_first_view_holds_every_point_and_every_area_whole():
    from geopy.distance import distance

    m = render_map(sample_events(), sample_articles())
    (fit,) = [c for c in m._children.values() if isinstance(c, folium.map.FitBounds)]
    (south, west), (north, east) = fit.bounds
    payload = _payload(m)
    areas = 0
    for row in payload["e"]:
        r = dict(zip(ROW_FIELDS, row, strict=True))
        reach_km = r["area"] / 1000
        for bearing in (0, 90, 180, 270):  # the circle's north, east, south and west ends
            end = distance(kilometers=reach_km).destination((r["lat"], r["lon"]), bearing)
            assert south - 0.01 <= end.latitude <= north + 0.01
            assert west - 0.01 <= end.longitude <= east + 0.01
        areas += r["area"] > 0
    assert areas >= 1
    # the Kursk Oblast area (80 km around 51.5 N) reaches further north than any point
    assert north > max(r[ROW_FIELDS.index("lat")] for r in payload["e"]) + 0.4


def test_legend_counts_and_unmapped_note():
    page = _html()
    assert "1 event(s) without coordinates are not drawn." in page  # ... and said so
    assert "1 undated event(s)" in page
    assert "Events (5)" in page


def test_many_dates_are_grouped_by_week_then_month():
    days = pd.date_range("2024-01-01", periods=60, freq="D").strftime("%Y-%m-%d")
    labels, idx, unit = date_bins(pd.Series(list(days) + [""]))
    assert unit == "week" and len(labels) == 9 and labels[0].startswith("2024-W01 (01 Jan")
    assert idx[-1] == -1 and idx[0] == 0 and idx[7] == 1
    days = pd.date_range("2023-01-01", periods=400, freq="D").strftime("%Y-%m-%d")
    labels, idx, unit = date_bins(pd.Series(days))
    assert unit == "month" and labels[0] == "2023-01" and len(labels) == 14


def test_same_input_same_bytes(tmp_path):
    a = write_map(sample_events(), sample_articles(), tmp_path / "a.html").read_bytes()
    b = write_map(sample_events(), sample_articles(), tmp_path / "b.html").read_bytes()
    assert a == b


def test_missing_columns_are_named():
    events = sample_events().drop(columns=["geo_precision"])
    with pytest.raises(ValueError, match="geo_precision"):
        render_map(events, sample_articles())


def test_failed_write_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "map.html"
    path.write_text("old map")
    with pytest.raises(ValueError):
        write_map(sample_events().drop(columns=["notes"]), sample_articles(), path)
    assert path.read_text() == "old map"

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_map(sample_events(), sample_articles(), path)
    assert path.read_text() == "old map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]  # no temp file left


def test_empty_table_renders():
    page = render_map(pd.DataFrame(columns=list(EVENT_COLUMNS)), sample_articles()).get_root()
    assert "Events (0)" in page.render()


def test_basemap_files_are_small_and_valid():
    files = sorted(BASEMAP.glob("*.geojson"))
    assert [f.name for f in files] == [
        "countries.geojson",
        "towns.geojson",
        "ukraine_oblasts.geojson",
    ]
    assert sum(f.stat().st_size for f in files) < 1_500_000
    oblasts = json.loads((BASEMAP / "ukraine_oblasts.geojson").read_text())
    assert len(oblasts["features"]) == 27
    towns = json.loads((BASEMAP / "towns.geojson").read_text())
    assert {"Kyiv", "Kursk", "Sumy", "Belgorod"} <= {
        f["properties"]["name"] for f in towns["features"]
    }
