"""The tables `mapper build` writes: events.geojson from any values the table may hold."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from mapper.build import _json_default, events_geojson
from mapper.events_schema import EVENT_COLUMNS


def _table(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows).reindex(columns=list(EVENT_COLUMNS))
    table["quantity"] = table["quantity"].astype("Int64")
    return table


def _dumps(table: pd.DataFrame) -> str:
    return json.dumps(events_geojson(table), ensure_ascii=False, default=_json_default)


def test_geojson_holds_every_value_and_missing_ones_as_null():
    table = _table(
        [
            {
                "event_id": "a1",
                "event_date": "2024-08-06",
                "time_precision": 1,
                "event_type": "Battles",
                "actor1": 'Quote " and back\\slash, tab\t, newline\n, Ünïcode Суджа, emoji 🚀',
                "quantity": 30,
                "location": "Sudzha",
                "latitude": 51.19,
                "longitude": 35.27,
                "geo_precision": 1,
                "num_articles": 2,
                "notes": "</script> {# braces }} \u2028 \x00",
            },
            {
                "event_id": "a2",
                "event_date": "",
                "time_precision": 3,
                "quantity": None,
                "latitude": float("nan"),
                "longitude": 1e-07,
                "geo_precision": 3,
                "num_articles": 1,
                "notes": None,
            },
        ]
    )
    table["admin2"] = [np.int64(7), True]  # numpy scalars and booleans in a text column
    table["feature_code"] = [float("inf"), 2.5]
    features = json.loads(_dumps(table))["features"]
    assert [f["id"] for f in features] == ["a1", "a2"]
    assert features[0]["properties"]["notes"] == "</script> {# braces }} \u2028 \x00"
    assert features[1]["properties"]["latitude"] is None


def test_geojson_of_no_events():
    table = _table([])
    assert json.loads(_dumps(table)) == {"type": "FeatureCollection", "features": []}
