"""The gazetteer's villages, added to the rows `build_gazetteer.Builder` has made.

* Ukraine: every settlement of the official register (KATOTTG) under its national
  romanisation, with its oblast and raion, its earlier names (renamings linked by the
  register's codes), and the point of the Who's On First locality of that name in its oblast;
  the settlements WOF lacks are placed at the median of their hromada's located settlements
  (geo precision 2, and a note saying so).
* Who's On First's other localities of Ukraine and of the twelve conflict countries, and the
  districts ("counties") of the twelve, with their spelling variants.
* UNICEF Somalia's villages.

A new place is merged into a row the build already has when it bears the same GeoNames id, or
a same name within a few kilometres; its names then become alternate names of that row.
"""

from __future__ import annotations

import collections
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from village_sources import (
    SETTLEMENT_CATEGORIES,
    WOF_COUNTRIES,
    KatottgUnit,
    WofPlace,
    arabic_variants,
    cyrillic_language,
    katottg_path,
    median_point,
    read_katottg,
    read_renamed,
    read_somalia_villages,
    read_wof,
    romanize_ukrainian,
    somali_variants,
)

from mapper.names import loose_key, name_key

# Countries whose place names are romanised Arabic: their variants ("Um"/"Umm") are added.
ARABIC_COUNTRIES = frozenset(("SD", "SY", "PS", "LB", "YE", "IL"))
# Same name within this distance: one place (WOF holds some places twice, 1-4 km apart).
SAME_PLACE_KM = 5.0
# A row of the same GeoNames id is the same place only within this distance.
SAME_ID_KM = 20.0
# ... and for a point that is only the middle of its hromada's villages.
SAME_PLACE_APPROXIMATE_KM = 20.0
# A register settlement and a WOF locality of its name are one place only if the locality lies
# this near the middle of the settlement's hromada (hromadas are 10-60 km across).
HROMADA_KM = 45.0
# WOF localities keep at most this many of their Latin and Cyrillic names (many come from
# Wikipedia languages English news never writes).
MAX_WOF_NAMES = 12
WOF_FEATURE_CODES = frozenset(
    "PPL PPLA PPLA2 PPLA3 PPLA4 PPLF PPLH PPLL PPLQ PPLR PPLS PPLW".split()
)
KATOTTG_NOTE = (
    "KATOTTG settlement without a point in our sources: placed at the median of the {n} "
    "located settlements of its {unit} ({name}), geo precision 2"
)


def _dedupe_keys(names: Iterable[str], country: str) -> set[str]:
    """The keys under which two records of one place meet: each name's `name_key`, and for
    Ukraine its `loose_key` too (romanisations differ: Kharkivka, Kharkovka, Харківка)."""
    keys = {name_key(n) for n in names if n}
    if country == "UA":
        keys |= {loose_key(k) for k in keys}
    keys.discard("")
    return keys


def _match_keys(names: Iterable[str]) -> set[str]:
    """The keys under which a register name and a WOF name of one place meet: `name_key` and
    `loose_key` of each (Мар'янівка, Marianivka, Mar'yanivka)."""
    keys = set()
    for n in names:
        keys.add(name_key(n))
        keys.add(loose_key(n))
    keys.discard("")
    return keys


def _skeleton(name: str) -> str:
    """`consonant_skeleton` of a name, Cyrillic read through a simple transliteration (so that
    Ukrainian and Russian spellings of one name meet: Журавлинці, Журавлинцы)."""
    from mapper.names import transliterate

    # (Ukrainian г is Latin h, Russian г is g: one letter here)
    latin = transliterate(name) if _has_cyrillic(name) else name.lower()
    return consonant_skeleton(latin.replace("h", "g").replace("kg", "k"))


def consonant_skeleton(name: str) -> str:
    """A name's consonants, doubled letters once: how one Arabic or Somali name written with
    other vowels still meets ("Um Rawaba" and "Umm Ruwaba": 'mrwb').

    >>> consonant_skeleton("Um Rawaba") == consonant_skeleton("Umm Ruwaba")
    True
    """
    letters = re.sub(r"[^a-z]", "", _fold(name).lower())
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", letters))


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128)


class PlaceGrid:
    """Populated places by name key and by 0.1-degree cell: to find a place again under one
    of its names near a point, and the places near a point."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[str]] = collections.defaultdict(list)
        self.by_key: dict[str, list[str]] = collections.defaultdict(list)
        self.keys: dict[str, set[str]] = collections.defaultdict(set)
        self.points: dict[str, tuple[float, float]] = {}

    def add(self, rid: str, lat: float, lon: float, keys: set[str]) -> None:
        if rid not in self.points:
            self.cells[(int(lat * 10 // 1), int(lon * 10 // 1))].append(rid)
            self.points[rid] = (lat, lon)
        known = self.keys[rid]
        for key in keys - known:
            self.by_key[key].append(rid)
        known |= keys

    def near(self, lat: float, lon: float, km: float) -> Iterable[str]:
        """The places within `km` of a point."""
        reach_lat = int(km / 11.1) + 1
        reach_lon = int(km / (11.1 * max(0.1, math.cos(math.radians(lat))))) + 1
        cy, cx = int(lat * 10 // 1), int(lon * 10 // 1)
        for dy in range(-reach_lat, reach_lat + 1):
            for dx in range(-reach_lon, reach_lon + 1):
                for rid in self.cells.get((cy + dy, cx + dx), ()):
                    if _km(lat, lon, *self.points[rid]) <= km:
                        yield rid

    def same(self, keys: set[str], lat: float, lon: float, km: float) -> str | None:
        """The nearest place within `km` that shares a key with `keys`, or None."""
        best, best_km = None, km
        for rid in {rid for key in keys for rid in self.by_key.get(key, ())}:
            plat, plon = self.points[rid]
            if abs(plat - lat) * 111.0 > best_km:
                continue
            d = _km(lat, lon, plat, plon)
            if d < best_km or (d == best_km and best is not None and rid < best):
                best, best_km = rid, d
        return best


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Settlement:
    """A register settlement on its way to a row."""

    unit: KatottgUnit
    admin1: tuple[str, str]
    admin2: str  # the raion's English name
    latin: str  # national romanisation
    point: tuple[float, float] | None = None
    wof: WofPlace | None = None
    rid: str = ""


class Villages:
    """Adds the village sources to a `Builder` (see the module's docstring)."""

    def __init__(
        self,
        builder,
        geodata: Path,
        renamed: Path,
        *,
        is_latin_or_cyrillic: Callable[[str], bool],
        transliterate: Callable[[str], str],
    ) -> None:
        """`builder`: a build_gazetteer.Builder whose rows are made; `geodata`: the developers'
        geodata folder; `renamed`: the extract of the register's earlier names; the two
        functions: the build's script filter and Russian romanisation (Wikipedia scheme)."""
        self.b = builder
        self.is_latin_or_cyrillic = is_latin_or_cyrillic
        self.transliterate = transliterate
        self.geodata = geodata
        self.renamed_path = renamed
        self.grid = PlaceGrid()
        self.stats: collections.Counter[str] = collections.Counter()
        self._admin1_index: dict[str, tuple[np.ndarray, list[str]]] = {}
        for rid, row in builder.rows.items():
            cc = row.get("country_code", "")
            if row["feature_class"] == "P" and cc in WOF_COUNTRIES:
                self._grid_add(rid)

    # -- rows -----------------------------------------------------------------------------

    def _names(self, rid: str) -> list[str]:
        return [self.b.rows[rid]["name"], *self.b.extra_names.get(rid, ())]

    def _grid_add(self, rid: str) -> None:
        row = self.b.rows[rid]
        keys = _dedupe_keys(self._names(rid), row.get("country_code", ""))
        self.grid.add(rid, float(row["lat"]), float(row["lon"]), keys)

    def place(
        self,
        *,
        rid: str,
        primary: str,
        names: Sequence[str],
        lat: float,
        lon: float,
        admin1: tuple[str, str] | None,
        admin2: str = "",
        population: int = 0,
        feature_code: str = "PPL",
        source: str,
        note: str = "",
        precision: int = 1,
        rename: bool = False,
        km: float = SAME_PLACE_KM,
    ) -> str:
        """The row of a populated place: the row of its GeoNames id or of a same name within
        `km` (its names merged in, the name replaced by `primary` if `rename`), else a new
        row. Returns the row's id."""
        b = self.b
        cc = admin1[0] if admin1 else ""
        keys = _dedupe_keys([primary, *names], cc)
        existing = rid if rid in b.rows and b.rows[rid]["feature_class"] == "P" else None
        if existing is not None and not self._same_place(existing, keys, lat, lon):
            # a WOF record that gives another place's GeoNames id (a Mykolaiv of Lviv Oblast
            # with the id of Lviv): its own row, under its own id
            self.stats["GeoNames ids of another place, not followed"] += 1
            existing = None
        if existing is None:
            existing = self.grid.same(keys, lat, lon, km)
            if existing is not None and admin1 and b.rows[existing]["country_code"] != cc:
                existing = None
        if existing is not None:
            row = b.rows[existing]
            extra = b.extra_names[existing]
            if rename and row["name"] != primary:
                extra.append(row["name"])
                row["name"] = primary
                row.pop("ascii_name", None)
            extra.extend(n for n in (primary, *names) if n != row["name"])
            if admin1 and not row.get("admin1_code"):
                row["admin1_code"] = admin1[1]
                row["admin1_name"] = b.admin1_names.get(admin1, "")
            if admin2 and not row.get("admin2_name"):
                row["admin2_name"] = admin2
            row["population"] = max(int(row.get("population") or 0), population)
            self.grid.add(existing, float(row["lat"]), float(row["lon"]), keys)
            self.stats[f"{source} merged"] += 1
            return existing
        base_id, n = rid, 2
        while rid in b.rows:  # (UNICEF repeats a few P-codes)
            rid, n = f"{base_id}-{n}", n + 1
        b.add(
            {
                "id": rid,
                "name": primary,
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "feature_class": "P",
                "feature_code": feature_code,
                "country_code": cc,
                "admin1_code": admin1[1] if admin1 else "",
                "admin1_name": b.admin1_names.get(admin1, "") if admin1 else "",
                "admin2_name": admin2,
                "population": population,
                "source": source,
                "note": note,
                "geo_precision": precision,
            },
            [n for n in names if n != primary],
        )
        self.grid.add(rid, lat, lon, keys)
        self.stats[f"{source} added"] += 1
        return rid

    def _same_place(self, rid: str, keys: set[str], lat: float, lon: float) -> bool:
        """Whether a row is the place of these name keys at this point: a name in common,
        within SAME_ID_KM (a town's points differ by some kilometres between sources)."""
        row = self.b.rows[rid]
        names = _dedupe_keys(self._names(rid), row.get("country_code", ""))
        near = _km(lat, lon, float(row["lat"]), float(row["lon"])) <= SAME_ID_KM
        return near and bool(keys & names)

    # -- first-order divisions ------------------------------------------------------------

    def nearest_admin1(self, cc: str, lat: float, lon: float) -> tuple[str, str] | None:
        """The first-order division of a point: a vote of the 7 nearest GeoNames places."""
        index = self._admin1_index.get(cc)
        if index is None:
            cities = [c for c in self.b._cities_of_country(cc) if c["admin1code"] not in ("", "00")]
            points = np.array([(c["latitude"], c["longitude"]) for c in cities] or [(0, 0)])
            index = self._admin1_index[cc] = (points, [c["admin1code"] for c in cities])
        points, codes = index
        if not codes:
            return None
        d = (points[:, 0] - lat) ** 2 + ((points[:, 1] - lon) * math.cos(math.radians(lat))) ** 2
        k = min(7, len(codes))
        nearest = np.argpartition(d, k - 1)[:k]
        return cc, collections.Counter(codes[j] for j in nearest).most_common(1)[0][0]

    def _wof_regions(self, places: Sequence[WofPlace], cc: str) -> dict[str, tuple[str, str]]:
        """WOF region id -> the gazetteer's first-order division (by its GeoNames id, else by
        the vote of the places nearest the region's point)."""
        out = {}
        for w in places:
            if w.placetype != "region":
                continue
            row = self.b.rows.get(w.gn_id) if w.gn_id else None
            if row is not None and row["feature_code"] == "ADM1":
                out[w.wof_id] = (row["country_code"], row["admin1_code"])
            else:
                found = self.nearest_admin1(cc, w.lat, w.lon)
                if found:
                    out[w.wof_id] = found
        return out

    # -- Ukraine --------------------------------------------------------------------------

    def build_ukraine(self) -> None:
        units = read_katottg(katottg_path())
        renamed = read_renamed(self.renamed_path)
        for u in units:
            u.old_names = renamed.get(u.code, [])
        oblasts = self._ua_oblasts(units)
        raions = self._ua_raions(units, oblasts)
        settlements = [
            Settlement(
                unit=u,
                admin1=oblasts[u.oblast],
                admin2=raions.get(u.raion, ""),
                latin=romanize_ukrainian(u.name),
            )
            for u in units
            if u.category in SETTLEMENT_CATEGORIES or u.category == "K"
        ]
        places = list(read_wof(self.geodata / "wof" / "wof_ua.tsv.gz"))
        regions = self._wof_regions(places, "UA")
        kyiv_oblast = oblasts[next(u.code for u in units if u.name == "Київська")]
        kyiv_city = oblasts[next(u.code for u in units if u.category == "K" and u.name == "Київ")]
        localities = [w for w in places if w.placetype == "locality"]
        homes: dict[str, set[tuple[str, str]]] = {}
        for w in localities:
            a1 = regions.get(w.region_id) or self.nearest_admin1("UA", w.lat, w.lon)
            homes[w.wof_id] = {a1, kyiv_oblast} if a1 == kyiv_city else {a1}
        self._match(settlements, localities, homes)
        hromadas = {u.code: romanize_ukrainian(u.name) for u in units if u.category == "H"}
        self._add_settlements(settlements, hromadas)
        used = {s.wof.wof_id for s in settlements if s.wof is not None}
        for w in localities:
            if w.wof_id not in used:
                self._add_wof_locality(w, regions.get(w.region_id), "UA")

    def _ua_oblasts(self, units: Sequence[KatottgUnit]) -> dict[str, tuple[str, str]]:
        """Register oblast code -> the gazetteer's first-order division, found by the oblast's
        Ukrainian or romanised name; those names become alternate names of the division."""
        b = self.b
        by_key: dict[str, str] = {}
        for rid, row in b.rows.items():
            if row["feature_code"] == "ADM1" and row["country_code"] == "UA":
                for n in self._names(rid):
                    by_key.setdefault(name_key(n), rid)
        out = {}
        for u in units:
            if u.category not in ("O", "K"):
                continue
            latin = romanize_ukrainian(u.name)
            forms = [f"{u.name} область", f"{latin} oblast", f"Місто {u.name}", u.name]
            rid = next((by_key[name_key(f)] for f in forms if name_key(f) in by_key), None)
            if rid is None:
                raise ValueError(f"KATOTTG: no first-order division for {u.name} ({u.code})")
            row = b.rows[rid]
            out[u.code] = (row["country_code"], row["admin1_code"])
            if u.category == "O" and not u.name.startswith("Автономна"):
                b.extra_names[rid].extend([f"{u.name} область", f"{latin} oblast"])
        return out

    def _ua_raions(
        self, units: Sequence[KatottgUnit], oblasts: dict[str, tuple[str, str]]
    ) -> dict[str, str]:
        """Register raion code -> the English name of the gazetteer's raion (by its Ukrainian
        name, "Уманський район", or romanised, "Umanskyi raion")."""
        b = self.b
        by_key: dict[tuple[str, str], str] = {}
        for rid, row in b.rows.items():
            if row["feature_code"] == "ADM2" and row["country_code"] == "UA":
                for n in self._names(rid):
                    by_key.setdefault((row["admin1_code"], name_key(n)), rid)
        towns: dict[str, list[str]] = collections.defaultdict(list)
        for u in units:
            if u.category == "M":
                towns[u.raion].append(u.name)
        out = {}
        for u in units:
            if u.category != "P":
                continue
            a1 = oblasts[u.oblast][1]
            latin = romanize_ukrainian(u.name)
            forms = [f"{u.name} район", f"{latin} raion", *(f"{o} район" for o in u.old_names)]
            # a raion is named after its centre ("Шосткинський" after Шостка: Shostka Raion)
            forms += [f"{romanize_ukrainian(t)} Raion" for t in towns.get(u.code, ())]
            rid = next(by_key[(a1, name_key(f))] for f in forms if (a1, name_key(f)) in by_key)
            out[u.code] = b.rows[rid]["name"]
            b.extra_names[rid].extend([f"{u.name} район", f"{latin} raion", f"{latin} Raion"])
        return out

    def _match(
        self,
        settlements: list[Settlement],
        localities: Sequence[WofPlace],
        homes: dict[str, set[tuple[str, str]]],
    ) -> None:
        """Give each register settlement its WOF locality (`homes`: each locality's oblasts).

        First a name that one settlement and one locality of an oblast bear (its Ukrainian
        name, romanised or not, or an earlier one, folded by `name_key` and `loose_key`); then,
        among namesakes and across oblast borders, the locality nearest the middle of the
        settlement's hromada (of the settlements matched so far), within HROMADA_KM; last, a
        locality whose name has the same consonants (a Russian spelling: Марьяновка for
        Мар'янівка) within half that distance.
        """
        exact: dict[str, list[WofPlace]] = collections.defaultdict(list)
        skeleton: dict[str, list[WofPlace]] = collections.defaultdict(list)
        for w in localities:
            names = [n for n in (w.name, w.name_eng, *w.names) if n]
            for key in _match_keys(names):
                exact[key].append(w)
            for key in {_skeleton(n) for n in names} - {""}:
                skeleton[key].append(w)
        taken: set[str] = set()
        options = []
        for s in settlements:
            names = [s.unit.name, s.latin, *s.unit.old_names]
            names += [romanize_ukrainian(o) for o in s.unit.old_names]
            found = {w.wof_id: w for key in _match_keys(names) for w in exact.get(key, ())}
            near = {
                w.wof_id: w for key in {_skeleton(n) for n in names} for w in skeleton.get(key, ())
            }
            options.append((found, near))
        takers: dict[str, set[int]] = collections.defaultdict(set)
        home_options = []
        for i, (found, _) in enumerate(options):
            home = {wid: w for wid, w in found.items() if settlements[i].admin1 in homes[wid]}
            home_options.append(home)
            for wid in home:
                takers[wid].add(i)
        for i, home in enumerate(home_options):
            if len(home) == 1:
                wid, w = next(iter(home.items()))
                if len(takers[wid]) == 1:
                    settlements[i].wof, settlements[i].point = w, (w.lat, w.lon)
                    taken.add(wid)
        for stage, reach in ((0, HROMADA_KM), (1, HROMADA_KM / 2)):
            for _ in range(3):  # each round's matches sharpen the middles of the hromadas
                middles = self._middles(settlements)
                pairs = []
                for i, s in enumerate(settlements):
                    middle = middles.get(s.unit.hromada) or middles.get(s.unit.raion)
                    if s.wof is not None or middle is None:
                        continue
                    for wid, w in options[i][stage].items():
                        if wid not in taken:
                            d = _km(middle[0], middle[1], w.lat, w.lon)
                            if d <= reach:
                                # a city is the most populous of its namesakes nearby (its
                                # hromada's middle may lie nearer a village of its name)
                                if s.unit.category in ("M", "K"):
                                    d = -math.log10(w.population + 1)
                                pairs.append((d, i, wid, w))
                pairs.sort(key=lambda p: (p[0], p[1], p[2]))
                done = 0
                for _, i, wid, w in pairs:
                    s = settlements[i]
                    if s.wof is None and wid not in taken:
                        s.wof, s.point = w, (w.lat, w.lon)
                        taken.add(wid)
                        done += 1
                self.stats[f"KATOTTG settlements matched at stage {stage + 2}"] += done
                if not done:
                    break
        # A unique pair far from the rest of its hromada is two namesakes, not one place.
        middles = self._middles(settlements)
        for s in settlements:
            middle = middles.get(s.unit.hromada)
            if s.point and middle and _km(*middle, *s.point) > 2 * HROMADA_KM:
                s.wof, s.point = None, None
                self.stats["KATOTTG-WOF pairs too far from their hromada, undone"] += 1

    @staticmethod
    def _middles(settlements: Sequence[Settlement]) -> dict[str, tuple[float, float]]:
        """Hromada and raion code -> the median point of its located settlements."""
        groups: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
        for s in settlements:
            if s.point is not None:
                groups[s.unit.hromada].append(s.point)
                groups[s.unit.raion].append(s.point)
        groups.pop("", None)
        return {code: median_point(points) for code, points in groups.items()}

    def _settlement_names(self, s: Settlement) -> list[str]:
        """A settlement's names: romanised and Ukrainian, earlier names, and those of its WOF
        names that spell one of these or WOF's own name (some WOF records carry the names
        of a namesake: a Mykolaiv of Lviv Oblast with those of Lviv)."""
        u = s.unit
        names = [s.latin, u.name]
        for old in u.old_names:
            names += [old, romanize_ukrainian(old)]
        if s.wof is not None:
            spelt = {_skeleton(n) for n in (*names, s.wof.name)}
            names += [n for n in self._wof_names(s.wof, "UA") if _skeleton(n) in spelt]
        return names

    def _add_settlements(self, settlements: list[Settlement], hromadas: dict[str, str]) -> None:
        """Rows for the settlements: at their WOF point, else at the median of their hromada's
        located settlements (their raion's, if none), geo precision 2. `hromadas`: hromada
        code -> its romanised name."""
        for s in settlements:
            if s.point is None:
                continue
            w = s.wof
            s.rid = self.place(
                rid=w.id,
                primary=s.latin,
                names=self._settlement_names(s),
                lat=w.lat,
                lon=w.lon,
                admin1=s.admin1,
                admin2=s.admin2,
                population=_settlement_population(s, w),
                feature_code=_feature_code(w),
                source="wof",
                rename=True,
            )
            self.stats["KATOTTG settlements with a WOF point"] += 1
        middles = self._middles(settlements)
        located = collections.Counter()
        for s in settlements:
            if s.point is not None:
                located[s.unit.hromada] += 1
                located[s.unit.raion] += 1
        for s in settlements:
            if s.point is not None:
                continue
            unit, code = "hromada", s.unit.hromada
            if code not in middles:
                unit, code = "raion", s.unit.raion
            if code not in middles:
                self.stats["KATOTTG settlements left out (no located neighbour)"] += 1
                continue
            middle = middles[code]
            label = f"{hromadas.get(code, code)} hromada" if unit == "hromada" else s.admin2
            note = KATOTTG_NOTE.format(n=located[code], unit=unit, name=label)
            s.rid = self.place(
                rid=f"ua:{s.unit.code}",
                primary=s.latin,
                names=self._settlement_names(s),
                lat=middle[0],
                lon=middle[1],
                admin1=s.admin1,
                admin2=s.admin2,
                source="ua-register",
                note=note,
                precision=2,
                rename=True,
                km=SAME_PLACE_APPROXIMATE_KM,
            )
            self.stats["KATOTTG settlements placed in their " + unit] += 1

    # -- Who's On First -------------------------------------------------------------------

    def _add_wof_locality(self, w: WofPlace, admin1: tuple[str, str] | None, cc: str) -> None:
        names = self._wof_names(w, cc)
        if not names:
            self.stats["WOF localities without a Latin or Cyrillic name"] += 1
            return
        self.place(
            rid=w.id,
            primary=names[0],
            names=names[1:],
            lat=w.lat,
            lon=w.lon,
            admin1=admin1 or self.nearest_admin1(cc, w.lat, w.lon) or (cc, ""),
            population=w.population,
            feature_code=_feature_code(w),
            source="wof",
        )

    def build_wof_country(self, cc: str) -> None:
        """A country's WOF localities, and its counties as divisions (ADMD)."""
        places = list(read_wof(self.geodata / "wof" / f"wof_{cc.lower()}.tsv.gz"))
        regions = self._wof_regions(places, cc)
        for w in places:
            if w.placetype == "locality":
                self._add_wof_locality(w, regions.get(w.region_id), cc)
        skeletons: dict[str, list[str]] = collections.defaultdict(list)
        for rid in self.grid.points:
            if self.b.rows[rid]["country_code"] == cc:
                for n in {consonant_skeleton(n) for n in self._names(rid)[:5]}:
                    skeletons[n].append(rid)
        for w in places:
            if w.placetype == "county":
                self._add_county(w, regions.get(w.region_id), cc, skeletons)

    def _add_county(
        self,
        w: WofPlace,
        admin1: tuple[str, str] | None,
        cc: str,
        skeletons: dict[str, list[str]],
    ) -> None:
        """A district as a division ("Ceel Buur District", found by its names with the word
        "district" only); a town it is named
        after (the same consonants within 60 km, the largest) also takes its spellings.
        `skeletons`: the country's places by the `consonant_skeleton` of their names."""
        b = self.b
        names = self._wof_names(w, cc)
        if not names:
            return
        admin1 = admin1 or self.nearest_admin1(cc, w.lat, w.lon) or (cc, "")
        english = f"{names[0]} District"
        forms = [f"{n} {t}" for n in names for t in ("District", "district")]
        rid = w.id if w.id not in b.rows else f"wof:{w.wof_id}"
        if rid in b.rows:
            return
        b.add(
            {
                "id": rid,
                "name": english,
                "lat": round(w.lat, 5),
                "lon": round(w.lon, 5),
                "feature_class": "A",
                # (GeoNames' code of a division of no stated level: a division's bare core
                # is indexed as its name, and a district's core, "Midi", is too often a word)
                "feature_code": "ADMD",
                "country_code": cc,
                "admin1_code": admin1[1],
                "admin1_name": b.admin1_names.get(admin1, ""),
                "admin2_name": english,
                "source": "wof",
            },
            forms,
        )
        self.stats["WOF districts"] += 1
        seat, seat_pop = None, -1
        for rid_p in sorted({r for n in names for r in skeletons.get(consonant_skeleton(n), ())}):
            population = int(b.rows[rid_p].get("population") or 0)
            if population > seat_pop and _km(w.lat, w.lon, *self.grid.points[rid_p]) <= 60.0:
                seat, seat_pop = rid_p, population
        if seat is not None:
            b.extra_names[seat].extend(names)
            if not b.rows[seat].get("admin2_name"):
                b.rows[seat]["admin2_name"] = english
            self.stats["WOF districts' names given to their seat town"] += 1

    # -- Somalia --------------------------------------------------------------------------

    def build_somalia(self) -> None:
        """UNICEF Somalia's villages (their regions' names become alternate names of the
        first-order divisions, found by a vote of the places nearest each village)."""
        b = self.b
        villages = list(read_somalia_villages(self.geodata / "somalia_villages_unicef.csv.gz"))
        votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for v in villages[::5]:
            found = self.nearest_admin1("SO", v.lat, v.lon)
            if found:
                votes[v.region][found] += 1
        regions = {name: c.most_common(1)[0][0] for name, c in votes.items()}
        for name, key in regions.items():
            rid = b.admin1_ids.get(key)
            if rid is not None:
                b.extra_names[rid].extend([name, f"{name} region", f"{name} Region"])
        for v in villages:
            admin1 = regions.get(v.region) or self.nearest_admin1("SO", v.lat, v.lon)
            self.place(
                rid=f"so:{v.pcode}",
                primary=v.name,
                names=[n for n in somali_variants(v.name) if not _word(n)],
                lat=v.lat,
                lon=v.lon,
                admin1=admin1,
                admin2=f"{v.district} District" if v.district else "",
                source="unicef",
            )

    def _wof_names(self, w: WofPlace, cc: str) -> list[str]:
        """A WOF place's names that English news may write, the one to show first: Latin and
        Ukrainian/Russian Cyrillic names, romanised (Ukrainian by the national system), with
        the spelling variants of the country's names; at most MAX_WOF_NAMES of WOF's own."""
        is_latin_or_cyrillic, transliterate = self.is_latin_or_cyrillic, self.transliterate
        english = w.name_eng
        if english and _has_cyrillic(w.name) and _skeleton(english) != _skeleton(w.name):
            english = ""  # another place's English name (Миколаїв, "Lviv")
        own = [n for n in dict.fromkeys((w.name, english, *w.names)) if n]
        if not _consistent(w):
            own = [n for n in (w.name, english) if n]
            self.stats["WOF records whose names are another place's (own name kept)"] += 1
        latin = [n for n in own if is_latin_or_cyrillic(n) and not _has_cyrillic(n)]
        cyrillic = [n for n in own if _has_cyrillic(n) and is_latin_or_cyrillic(n)]
        out: list[str] = []
        if cc == "UA":
            ukrainian = [n for n in cyrillic if cyrillic_language(n) == "uk"]
            if _has_cyrillic(w.name) and cyrillic_language(w.name) in ("uk", ""):
                ukrainian.insert(0, w.name)
            russian = [n for n in cyrillic if cyrillic_language(n) in ("ru", "") and n != w.name]
            # shown first: the national romanisation, else WOF's Latin name, else a Russian
            # name's romanisation; a romanised soft sign is no part of it (Bach'kurino)
            first = [romanize_ukrainian(n) for n in ukrainian[:1]]
            first += [n for n in (w.name, english) if n in latin]
            first += [transliterate(n) for n in russian[:1]]
            if first and _SOFT_SIGN.search(first[0]):
                first.insert(0, _SOFT_SIGN.sub("", first[0]))
            out += first + ukrainian[:2] + russian[:2] + latin
        else:
            first = [n for n in (w.name, w.name_eng) if n in latin]
            out += first + latin + [c for c in cyrillic if cyrillic_language(c) != "other"][:1]
        # a common English word among a place's other names is another language's word
        # ("Gate", a name of Kiryat Gat), which news would read as the word
        out = [n for i, n in enumerate(dict.fromkeys(out)) if n and (i == 0 or not _word(n))]
        out = out[:MAX_WOF_NAMES]
        if cc in ARABIC_COUNTRIES:
            out += [v for n in out[:2] for v in arabic_variants(n) if not _word(v)]
        elif cc == "SO":
            out += [v for n in out[:3] for v in somali_variants(n) if not _word(v)]
        return list(dict.fromkeys(out))

    def run(self) -> collections.Counter:
        self.build_ukraine()
        for cc in WOF_COUNTRIES:
            if cc != "UA":
                self.build_wof_country(cc)
        self.build_somalia()
        return self.stats


# A village or a settlement of the register has fewer people than this; a WOF record of one
# that says more gives a namesake town's count (a Mykolaiv of Lviv Oblast with Mykolaiv's).
VILLAGE_MAX_POPULATION = 20_000


def _settlement_population(s: Settlement, w: WofPlace) -> int:
    if s.unit.category in ("C", "X") and w.population > VILLAGE_MAX_POPULATION:
        return 0
    return w.population


def _feature_code(w: WofPlace) -> str:
    """GeoNames' feature code of a WOF locality where it is one of a populated place (a
    destroyed or abandoned village keeps PPLW or PPLQ), else PPL."""
    return w.gn_fcode if w.gn_fcode in WOF_FEATURE_CODES else "PPL"


COMMON_WORD_ZIPF = 3.5
_SOFT_SIGN = re.compile(r"[’'ʹ]")


def _word(name: str) -> bool:
    """Whether a one-word name is a common English word (wordfreq's Zipf frequency at least
    COMMON_WORD_ZIPF: "Gate", "Ali" as a word of English text)."""
    from wordfreq import zipf_frequency

    return " " not in name and zipf_frequency(name.lower(), "en") >= COMMON_WORD_ZIPF


def _consistent(w: WofPlace) -> bool:
    """Whether a WOF record's names are its own: of three or more Latin names besides its
    name, one has the consonants of its name. A few records carry the names of another place
    (a village Янтарне in Crimea with those of Novoyavorivsk, Lviv Oblast) or translations of
    a word (a village "Gate" of Nigeria named "Brama", "Cancello" ...): their other names are
    not used."""
    own = _skeleton(w.name)
    latin = [n for n in w.names if _latin(n) and n != w.name]
    return len(latin) < 3 or not own or any(_skeleton(n) == own for n in latin)


def _latin(text: str) -> bool:
    """Whether every letter of `text` is a Latin one."""
    import unicodedata

    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
