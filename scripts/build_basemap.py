"""Build the bundled offline base layers of the map from the developers' raw geodata.

Run once by a developer (never at map time):

    python scripts/build_basemap.py [--geodata ../shared/geodata]

Writes small, simplified, rounded GeoJSON files to mapper/resources/basemap/:
countries.geojson (Natural Earth 50m borders), admin1.geojson (Ukraine's oblasts from
geoBoundaries UKR ADM1, CC BY 4.0; Russia's federal subjects derived from the gazetteer's
settlements, see `_russia_regions`) and towns.geojson (Natural Earth populated places).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "mapper" / "resources" / "basemap"
DEFAULT_GEODATA = ROOT.parent / "shared" / "geodata"
GAZETTEER = ROOT / "data" / "gazetteer.csv.gz"

# Towns: every place in this box (the corpus' theatre and its neighbours) plus, world-wide,
# places that Natural Earth labels at zoom <= 3 (capitals and megacities).
TOWN_BOX = (14.0, 40.0, 50.0, 60.0)  # lon_min, lat_min, lon_max, lat_max
WORLD_MIN_ZOOM = 3.0
# Natural Earth's English names where today's news spells Ukrainian towns differently.
NAME_FIXES = {"Kiev": "Kyiv", "Odessa": "Odesa", "Zaporizhzhya": "Zaporizhzhia"}
# Country borders inside this box keep more detail than the rest of the world.
DETAIL_BOX = (10.0, 35.0, 60.0, 65.0)
# geoBoundaries' names of Ukraine's divisions where the gazetteer (and so the events table's
# admin1 column) spells them otherwise.
UKRAINE_NAMES = {
    "Autonomous Republic of Crimea": "Republic of Crimea",
    "Odessa Oblast": "Odesa Oblast",
    "Zaporizhia Oblast": "Zaporizhzhia Oblast",
}
# Russia's regions: outlines in the front's box keep more detail (degrees of simplification).
FRONT_BOX = (30.0, 47.0, 46.0, 57.0)


def _round(obj: object, ndigits: int) -> object:
    if isinstance(obj, float):
        return round(obj, ndigits)
    if isinstance(obj, list | tuple):
        return [_round(x, ndigits) for x in obj]
    return obj


def _polygons(
    path: Path, name_key: str, tolerance: float, ndigits: int, far_tolerance: float | None = None
) -> dict:
    """Simplify every polygon; shapes away from DETAIL_BOX by far_tolerance, if given."""
    data = json.loads(path.read_text(encoding="utf-8"))
    detail = shapely.box(*DETAIL_BOX)
    features = []
    for feat in data["features"]:
        geom = shapely.make_valid(shape(feat["geometry"]))
        tol = tolerance
        if far_tolerance is not None and not geom.intersects(detail):
            tol = far_tolerance
        geom = geom.simplify(tol, preserve_topology=True)
        if geom.is_empty:
            continue
        geom = shapely.set_precision(geom, 10**-ndigits)
        if geom.is_empty:
            continue
        props = {"name": feat["properties"].get(name_key) or ""}
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": _round(mapping(geom), ndigits),
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def _ukraine_oblasts(path: Path) -> list[dict]:
    data = _polygons(path, "shapeName", 0.004, 3)
    for f in data["features"]:
        name = f["properties"]["name"]
        f["properties"] = {"name": UKRAINE_NAMES.get(name, name), "cc": "UA"}
    return data["features"]


def _russia_regions(gazetteer: Path, countries: Path) -> list[dict]:
    """Outlines of Russia's federal subjects, derived: each settlement of the gazetteer (its
    populated places, with their admin1) gets the part of Russia nearer to it than to any
    other (a Voronoi cell, on a plane where a degree of longitude is cos 55° of one of
    latitude); the cells of one region are merged and cut to Russia's border. A border
    between two regions lies halfway between their nearest settlements: a few km off in the
    front's regions, where every village is listed, tens of km where only towns are."""
    gaz = pd.read_csv(
        gazetteer,
        usecols=["lat", "lon", "feature_class", "country_code", "admin1_name"],
        dtype={"admin1_name": str, "country_code": str, "feature_class": str},
        keep_default_na=False,
    )
    pts = gaz[(gaz.country_code == "RU") & (gaz.feature_class == "P") & (gaz.admin1_name != "")]
    pts = pts.drop_duplicates(["lat", "lon"])
    world = json.loads(countries.read_text(encoding="utf-8"))
    (russia,) = [
        shape(f["geometry"]) for f in world["features"] if f["properties"]["name"] == "Russia"
    ]
    russia = shapely.make_valid(russia)
    squeeze = math.cos(math.radians(55))
    xy = np.column_stack([pts.lon.to_numpy() * squeeze, pts.lat.to_numpy()])
    points = shapely.multipoints(xy)
    x0, y0, x1, y1 = russia.bounds
    frame = shapely.box(x0 * squeeze - 5, y0 - 5, x1 * squeeze + 5, y1 + 5)
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame, ordered=True))
    cells = shapely.transform(cells, lambda c: c / np.array([squeeze, 1.0]))
    features = []
    for name, rows in pts.groupby("admin1_name", sort=True).indices.items():
        region = shapely.intersection(shapely.coverage_union_all(cells[rows]), russia)
        lon = float(shapely.centroid(region).x)
        front = shapely.intersects(region, shapely.box(*FRONT_BOX))
        tolerance = 0.01 if front else 0.03 if lon < 60 else 0.1
        region = shapely.simplify(region, tolerance, preserve_topology=True)
        region = shapely.set_precision(region, 0.01)
        if region.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "cc": "RU"},
                "geometry": _round(mapping(region), 2),
            }
        )
    return features


def _towns(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    lon0, lat0, lon1, lat1 = TOWN_BOX
    features = []
    for feat in data["features"]:
        p = feat["properties"]
        lon, lat = feat["geometry"]["coordinates"][:2]
        min_zoom = float(p.get("min_zoom") or 10)
        in_box = lon0 <= lon <= lon1 and lat0 <= lat <= lat1
        if not (in_box or min_zoom <= WORLD_MIN_ZOOM):
            continue
        name = p.get("NAME_EN") or p.get("NAME") or ""
        name = NAME_FIXES.get(name, name)
        if not name:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "min_zoom": round(min_zoom, 1),
                    "population": int(p.get("POP_MAX") or 0),
                    "capital": int(p.get("FEATURECLA", "").startswith("Admin-0 capital")),
                },
                "geometry": {"type": "Point", "coordinates": [round(lon, 3), round(lat, 3)]},
            }
        )
    features.sort(key=lambda f: (f["properties"]["min_zoom"], -f["properties"]["population"]))
    return {"type": "FeatureCollection", "features": features}


def _write(obj: dict, path: Path) -> None:
    path.write_text(json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n", "utf-8")
    print(f"{path.relative_to(ROOT)}: {len(obj['features'])} features, {path.stat().st_size:,} B")


def main() -> None:
    """Build mapper/resources/basemap/*.geojson."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--geodata", type=Path, default=DEFAULT_GEODATA)
    args = parser.parse_args()
    geo: Path = args.geodata
    OUT.mkdir(parents=True, exist_ok=True)
    _write(
        _polygons(geo / "world_countries_50m.geojson", "name", 0.02, 2, far_tolerance=0.08),
        OUT / "countries.geojson",
    )
    regions = _ukraine_oblasts(geo / "geoBoundaries-UKR-ADM1_simplified.geojson")
    regions += _russia_regions(GAZETTEER, geo / "world_countries_50m.geojson")
    _write({"type": "FeatureCollection", "features": regions}, OUT / "admin1.geojson")
    _write(_towns(geo / "ne_10m_populated_places.json"), OUT / "towns.geojson")


if __name__ == "__main__":
    main()
