"""The map as HTML: contents, escaping, layers, offline assets, determinism, atomic writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import pytest
import shapely
from map_sample import DATES, SCRIPT, as_built, sample_articles, sample_events

from mapper.events_schema import EVENT_COLUMNS
from mapper.mapcontrols import DateLayer, EventLayers, TerritorialControl
from mapper.render import (
    COLUMNS,
    EVENT_STYLES,
    SKELETON_FILE,
    date_bins,
    first_view,
    render_map,
    write_map,
)

BASEMAP = Path(__file__).resolve().parents[1] / "mapper" / "resources" / "basemap"


def _html(**kwargs) -> str:
    return render_map(sample_events(), sample_articles(), **kwargs).get_root().render()


def _payload(m: folium.Map) -> dict:
    layers = [c for c in m._children.values() if isinstance(c, EventLayers)]
    assert len(layers) == 1
    return json.loads(layers[0].data_json)


def _rows(payload: dict) -> list[dict]:
    return [dict(zip(COLUMNS, row, strict=True)) for row in zip(*payload["c"], strict=True)]


def _row(payload: dict, event_id: str) -> dict:
    for named in _rows(payload):
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
    # the date layers are data (labels the page makes a layer of each); Undated is drawn
    (layers,) = [c for c in m._children.values() if isinstance(c, EventLayers)]
    assert json.loads(layers.labels_json) == list(DATES)
    names = [c.layer_name for c in m._children.values() if isinstance(c, DateLayer)]
    assert names == ["Undated"]
    assert "Territorial control (as of the time control)" in [
        c.layer_name for c in m._children.values() if isinstance(c, TerritorialControl)
    ]
    page = m.get_root().render()
    assert layers.labels_json in page and json.dumps("Undated") in page


def test_rows_carry_area_claim_and_articles():
    payload = _payload(render_map(sample_events(), sample_articles()))
    oblast = _row(payload, "ev-oblast")
    name, _lat, _lon, radius_m, outline = payload["ar"][oblast["area"]]
    assert payload["s"][name] == "Kursk Oblast"
    assert radius_m == 0 and outline["type"] in ("Polygon", "MultiPolygon")  # its outline
    region = shapely.geometry.shape(outline)
    for lon, lat in ((35.27, 51.19), (36.19, 51.73)):  # Sudzha, Kursk: inside
        assert region.contains(shapely.Point(lon, lat))
    for lon, lat in ((36.59, 50.6), (34.8, 50.91)):  # Belgorod, Sumy: outside
        assert not region.contains(shapely.Point(lon, lat))
    sudzha = _row(payload, "ev-sudzha")
    assert sudzha["area"] == -1 and sudzha["claim"] == 0
    assert len(payload["al"][sudzha["articles"]]) == 2
    drones = _row(payload, "ev-kursk-drones")
    assert drones["claim"] == 1
    assert drones["radius"] > sudzha["radius"]  # 30 drones outweigh 2 articles
    assert EVENT_STYLES[drones["type"]].event_type == "Explosions/Remote violence"
    assert _row(payload, "ev-undated")["bin"] == -1 and _row(payload, "ev-undated")["day"] == -1
    assert sudzha["day"] == 19941  # 2024-08-06, days since 1970-01-01: a true time axis
    assert payload["n"] == 5  # the event without coordinates is left out ...


def test_one_of_a_unit_reads_in_the_singular_in_the_popup():
    events = sample_events()
    events.loc[0, ["quantity", "quantity_unit"]] = [1, "drones and missiles"]
    events.loc[1, ["quantity", "quantity_unit"]] = [1, "people evacuated"]
    events.loc[2, ["quantity", "quantity_unit"]] = [1, "km"]
    payload = _payload(render_map(events, sample_articles()))
    units = {payload["s"][_row(payload, e)["unit"]] for e in events["event_id"][:3]}
    assert units == {"drone or missile", "person evacuated", "km"}
    assert events.loc[0, "quantity_unit"] == "drones and missiles"  # the table keeps its unit


def test_mapper_js_reads_the_columns_in_the_order_python_writes_them():
    js = (BASEMAP.parent / "map" / "mapper.js").read_text("utf-8")
    listed = re.search(r"var COLUMNS = \[(.*?)\];", js, re.DOTALL)
    assert listed is not None
    assert tuple(re.findall(r'"(\w+)"', listed.group(1))) == COLUMNS


def test_fatalities_reach_the_popup_row():
    events = sample_events()
    events.loc[events["event_id"] == "ev-lgov", "fatalities"] = 3
    payload = _payload(render_map(events, sample_articles()))
    assert payload["s"][_row(payload, "ev-lgov")["dead"]] == "3"
    assert payload["s"][_row(payload, "ev-kursk-drones")["dead"]] == "2"
    assert payload["s"][_row(payload, "ev-sudzha")["dead"]] == ""


def test_first_view_fits_where_most_events_are_not_every_extreme():
    events = sample_events()
    far = events.iloc[[0]].assign(event_id="ev-far", latitude=55.75, longitude=37.62)
    events = pd.concat([events] + [events.iloc[[0, 1]]] * 4 + [far], ignore_index=True)
    m = render_map(events, sample_articles())
    config = json.loads(
        next(c for c in m._children.values() if isinstance(c, EventLayers)).config_json
    )
    (south, west), (north, east) = config["view"]
    assert south < 51.19 < north and west < 35.27 < east  # Sudzha and Lgov ...
    assert north < 52.5 and east < 37.0  # ... not Moscow, 500 km away
    assert first_view(np.array([]), np.array([])) is None


def test_missing_values_never_reach_the_map_as_text():
    # pandas 3 reads and builds string columns whose missing values are pd.NA
    events = as_built(sample_events())
    articles = sample_articles().astype("string")
    articles.loc[2, "url"] = pd.NA
    payload = _payload(render_map(events, articles))
    for text in ("<NA>", "nan", "None", "NaT"):
        assert text not in payload["s"]
        assert all(
            text not in field for row in payload["a"] for field in row if isinstance(field, str)
        )
    assert payload["s"][_row(payload, "ev-sudzha")["dead"]] == ""
    assert payload["s"][_row(payload, "ev-kursk-drones")["dead"]] == "2"
    assert payload["s"][_row(payload, "ev-kursk-drones")["qty"]] == "30"


def test_sides_outlets_and_places_for_the_filters():
    payload = _payload(render_map(sample_events(), sample_articles()))
    sudzha = _row(payload, "ev-sudzha")
    assert (
        payload["sd"][sudzha["side1"]] == "Ukraine" and payload["sd"][sudzha["side2"]] == "Russia"
    )
    assert _row(payload, "ev-lgov")["side1"] == -1
    assert payload["o"] == ["Example News", "Wire &amp; Co", "Local Paper"]
    assert [payload["s"][p[0]] for p in payload["p"]][:2] == ["Sudzha", "Lgov"]


def test_a_settlement_taken_has_its_holder():
    events = sample_events()
    events.loc[0, ["sub_event_type", "actor1"]] = [
        "Government regains territory",
        "Military Forces of Russia",
    ]
    payload = _payload(render_map(events, sample_articles()))
    assert payload["sd"][_row(payload, "ev-sudzha")["holder"]] == "Russia"
    assert _row(payload, "ev-lgov")["holder"] == -1


def test_legend_counts_and_unmapped_note():
    page = _html()
    assert "1 event(s) without coordinates are not drawn." in page  # ... and said so
    assert "1 undated event(s)" in page
    assert '<span class="ml-total mp-muted">(5)</span>' in page


def test_many_dates_are_grouped_by_week_then_month():
    days = pd.date_range("2024-01-01", periods=60, freq="D").strftime("%Y-%m-%d")
    labels, idx, unit = date_bins(pd.Series(list(days) + [""]))
    assert unit == "week" and len(labels) == 9 and labels[0].startswith("2024-W01 (01 Jan")
    assert idx[-1] == -1 and idx[0] == 0 and idx[7] == 1
    days = pd.date_range("2023-01-01", periods=400, freq="D").strftime("%Y-%m-%d")
    labels, idx, unit = date_bins(pd.Series(days))
    assert unit == "month" and labels[0] == "2023-01" and len(labels) == 14
    labels, idx, unit = date_bins(pd.Series(days), "date")  # the user's choice
    assert unit == "date" and len(labels) == 400


def test_grouped_layers_are_said_so_on_the_map():
    events = pd.concat([sample_events()] * 12, ignore_index=True)
    events["event_date"] = pd.date_range("2024-01-01", periods=len(events), freq="D").strftime(
        "%Y-%m-%d"
    )
    page = render_map(events, sample_articles()).get_root().render()
    assert "Layers: one per week (" in page  # in the time control and the legend
    page = render_map(events, sample_articles(), date_layers="date").get_root().render()
    assert "Layers: one per week" not in page


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


def test_empty_table_renders_and_says_why():
    page = render_map(pd.DataFrame(columns=list(EVENT_COLUMNS)), sample_articles()).get_root()
    assert "No events to map: none of the 3 article(s) reported an event" in page.render()


def test_basemap_files_are_small_and_valid():
    files = sorted(BASEMAP.glob("*.geojson"))
    assert [f.name for f in files] == [
        "admin1.geojson",
        "countries.geojson",
        "towns.geojson",
    ]
    assert sum(f.stat().st_size for f in files) < 1_500_000
    regions = json.loads((BASEMAP / "admin1.geojson").read_text())
    by_country = Counter(f["properties"]["cc"] for f in regions["features"])
    assert by_country == {"UA": 27, "RU": 83}
    names = {f["properties"]["name"] for f in regions["features"]}
    assert {"Kursk Oblast", "Belgorod Oblast", "Sumy Oblast", "Odesa Oblast"} <= names
    towns = json.loads((BASEMAP / "towns.geojson").read_text())
    assert {"Kyiv", "Kursk", "Sumy", "Belgorod"} <= {
        f["properties"]["name"] for f in towns["features"]
    }


def _data_sets() -> list[tuple[str, pd.DataFrame, pd.DataFrame]]:
    """Maps of one shape and of others, in the order they are written in one cache folder."""
    events, articles = sample_events(), sample_articles()
    more = pd.concat([events, events.iloc[[0]].assign(event_id="ev-more", quantity=7)])
    far = more.copy()  # (the centre and the counts move, the dates stay)
    far.loc[far["event_id"] == "ev-more", ["latitude", "longitude"]] = (47.1, 37.5)
    text = '<b>Tom & "Jerry"</b> {{ x }} \u2028 </script><!-- it\'s'
    escaped = far.assign(notes=text, actor1=text)
    titled = articles.assign(title=text, source=text)
    new_date = far.assign(event_date=far["event_date"].replace(DATES[2], "2024-08-20"))
    more_dates = pd.concat(
        [new_date, new_date.iloc[[0]].assign(event_id="ev-later", event_date="2024-09-02")]
    )
    empty = pd.DataFrame(columns=list(EVENT_COLUMNS))
    return [
        ("sample", events, articles),
        ("events added", more, articles),
        ("events moved", far, articles),
        ("text to escape", escaped, titled),
        ("a date changed", new_date, articles),
        ("a date added", more_dates, articles),
        ("empty", empty, articles),
        ("empty, fewer articles", empty, articles.iloc[:1]),
        ("sample again", events, articles),
    ]


def test_page_from_a_skeleton_is_the_full_draw_of_the_same_data(tmp_path):
    cache = tmp_path / "cache"
    skeleton = cache / SKELETON_FILE
    kept = []
    for name, events, articles in _data_sets():
        page = write_map(events, articles, tmp_path / "map.html", skeleton_dir=cache)
        drawn = render_map(events, articles).get_root().render()
        assert page.read_text(encoding="utf-8") == drawn, name
        kept.append(skeleton.read_bytes())
    # Data changed only, dates too: the skeleton of the sample served; no event: drawn.
    assert kept[0] == kept[1] == kept[2] == kept[3] == kept[4] == kept[5]
    assert kept[6] != kept[5] and kept[7] == kept[6]
    assert kept[8] == kept[0]


def test_a_skeleton_of_another_key_or_damaged_is_not_used(tmp_path):
    events, articles = sample_events(), sample_articles()
    drawn = render_map(events, articles).get_root().render()
    cache = tmp_path / "cache"
    write_map(events, articles, tmp_path / "map.html", skeleton_dir=cache)
    skeleton = cache / SKELETON_FILE
    whole = skeleton.read_text(encoding="utf-8")
    kept = json.loads(whole)
    for damaged in (
        json.dumps({**kept, "key": "another", "parts": ["not the page"]}),
        whole[: len(whole) // 2],
        json.dumps({**kept, "parts": ["a", "no_such_slot", "b"]}),
        json.dumps({**kept, "parts": ["a", "data"]}),
        "[]",
    ):
        skeleton.write_text(damaged, encoding="utf-8")
        page = write_map(events, articles, tmp_path / "map.html", skeleton_dir=cache)
        assert page.read_text(encoding="utf-8") == drawn
        assert skeleton.read_text(encoding="utf-8") == whole  # (drawn, and kept again)


def test_a_page_from_a_skeleton_imports_no_folium(tmp_path):
    events, articles = sample_events(), sample_articles()
    write_map(events, articles, tmp_path / "map.html", skeleton_dir=tmp_path)
    more = pd.concat([events, events.iloc[[0]].assign(event_id="ev-more")])
    more.to_pickle(tmp_path / "events.pkl")
    articles.to_pickle(tmp_path / "articles.pkl")
    code = (
        "import sys, pandas as pd; from pathlib import Path; from mapper.render import write_map;"
        f"d = Path({str(tmp_path)!r});"
        "write_map(pd.read_pickle(d / 'events.pkl'), pd.read_pickle(d / 'articles.pkl'),"
        " d / 'again.html', skeleton_dir=d); print('folium' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "False"
    drawn = render_map(more, articles).get_root().render()
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == drawn
