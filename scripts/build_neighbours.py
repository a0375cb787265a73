"""Build mapper/resources/country_neighbours.csv, the countries that share a land border.

Run once by a developer (never at map time):

    python scripts/build_neighbours.py [--geodata ../shared/geodata]

Reads Natural Earth's 50m country borders (public domain; world-atlas 2.0.2) and names each
country by the ISO code of the gazetteer's country of that name. Two countries are neighbours
where their outlines come within `TOUCH_DEGREES` of each other (the borders are generalised:
shared edges do not always meet exactly).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, shape
from shapely.strtree import STRtree

from mapper.gazetteer import Gazetteer, default_path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "mapper" / "resources" / "country_neighbours.csv"
DEFAULT_GEODATA = ROOT.parent / "shared" / "geodata"
TOUCH_DEGREES = 0.01
COUNTRY_CODES = ("PCLI", "PCLD", "PCLS", "PCLF", "PCL", "PCLIX", "TERR")
# Natural Earth's short names that the gazetteer spells out.
NAME_FIXES = {
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Central African Rep.": "Central African Republic",
    "Dem. Rep. Congo": "Democratic Republic of the Congo",
    "Dominican Rep.": "Dominican Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "S. Sudan": "South Sudan",
    "W. Sahara": "Western Sahara",
}


def country_code(gazetteer: Gazetteer, name: str) -> str | None:
    """The ISO code of the gazetteer's country named `name`, None if it holds none."""
    name = NAME_FIXES.get(name, name)
    rows = [r for r in gazetteer.candidate_rows(name) if gazetteer.feature_code[r] in COUNTRY_CODES]
    return gazetteer.country_code[rows[0]] if rows else None


def land_outline(geometry: dict) -> MultiPolygon:
    """A country's outline, its parts that cross the antimeridian unwrapped east of it (these
    borders draw them around the whole globe: Russia's mainland with Chukotka, Fiji)."""
    parts = shape(geometry)
    parts = getattr(parts, "geoms", [parts])
    return MultiPolygon(
        [
            p if p.bounds[2] - p.bounds[0] < 180 else shapely.transform(p, _east_of_antimeridian)
            for p in parts
        ]
    )


def _east_of_antimeridian(xy: np.ndarray) -> np.ndarray:
    xy = xy.copy()
    xy[xy[:, 0] < 0, 0] += 360.0
    return xy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geodata", type=Path, default=DEFAULT_GEODATA)
    args = parser.parse_args()
    borders = json.loads((args.geodata / "world_countries_50m.geojson").read_text("utf-8"))
    gazetteer = Gazetteer.load(default_path())
    countries = []
    for feature in borders["features"]:
        code = country_code(gazetteer, feature["properties"].get("name", ""))
        if code and feature.get("geometry"):
            countries.append((code, land_outline(feature["geometry"]).buffer(TOUCH_DEGREES / 2)))
    tree = STRtree([outline for _, outline in countries])
    neighbours: dict[str, set[str]] = {}
    for code, outline in countries:
        for other in tree.query(outline, predicate="intersects"):
            if countries[other][0] != code:
                neighbours.setdefault(code, set()).add(countries[other][0])
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# Derived by scripts/build_neighbours.py from Natural Earth (public domain).\n")
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["country_code", "neighbours"])
        for code in sorted(neighbours):
            writer.writerow([code, " ".join(sorted(neighbours[code]))])


if __name__ == "__main__":
    main()
