"""Build the bundled offline base layers of the map from the developers' raw geodata.

Run once by a developer (never at map time):

    python scripts/build_basemap.py [--geodata ../shared/geodata]

Writes small, simplified, rounded GeoJSON files to mapper/resources/basemap/:
countries.geojson (Natural Earth 50m borders), ukraine_oblasts.geojson (geoBoundaries
UKR ADM1, CC BY 4.0) and towns.geojson (Natural Earth populated places for labels).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "mapper" / "resources" / "basemap"
DEFAULT_GEODATA = ROOT.parent / "shared" / "geodata"

# Towns: every place in this box (the corpus' theatre and its neighbours) plus, world-wide,
# places that Natural Earth labels at zoom <= 3 (capitals and megacities).
TOWN_BOX = (14.0, 40.0, 50.0, 60.0)  # lon_min, lat_min, lon_max, lat_max
WORLD_MIN_ZOOM = 3.0
# Natural Earth's English names where today's news spells Ukrainian towns differently.
NAME_FIXES = {"Kiev": "Kyiv", "Odessa": "Odesa", "Zaporizhzhya": "Zaporizhzhia"}
# Country borders inside this box keep more detail than the rest of the world.
DETAIL_BOX = (10.0, 35.0, 60.0, 65.0)


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
    _write(
        _polygons(geo / "geoBoundaries-UKR-ADM1_simplified.geojson", "shapeName", 0.004, 3),
        OUT / "ukraine_oblasts.geojson",
    )
    _write(_towns(geo / "ne_10m_populated_places.json"), OUT / "towns.geojson")


if __name__ == "__main__":
    main()
