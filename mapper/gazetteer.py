"""The bundled gazetteer: `Place`, and `Gazetteer` to find places by name or by point.

The gazetteer is `data/gazetteer.csv.gz` (built by `scripts/build_gazetteer.py`). Loading it
builds a name index once and keeps it in a cache file keyed by the CSV's content, so a later
process, from any checkout or install of the same gazetteer, starts in a fraction of a second
without pandas.

>>> gaz = Gazetteer.default()                                    # doctest: +SKIP
>>> gaz.candidates("Rylsk district")[0].feature_code             # doctest: +SKIP
'ADM2'
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import math
import mmap
import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from mapper.files import atomic_writer
from mapper.names import has_caron, loose_key, loose_keys, name_key, name_keys, transliterate
from mapper.places import PlacesFile, UserPlace, places_path, read_places

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = (
    "id", "name", "ascii_name", "alternate_names", "lat", "lon", "feature_class",
    "feature_code", "country_code", "admin1_code", "admin1_name", "admin2_name",
    "population", "source", "note", "geo_precision",
)  # fmt: skip
_REQUIRED = ("id", "name", "lat", "lon", "feature_class", "feature_code", "country_code")

CACHE_VERSION = 6
# How fast the index is built, for the notice of how long a first run takes: the bundled
# 33.8 MB in about 6 s of one core (a 2-core machine shared with other work, 2026).
INDEX_BYTES_PER_SECOND = 5_500_000

# Words before a settlement's name that say it is one ("the village of Kharkivka", "the town
# of Sudzha"), read by the geoparser as a cue and skipped by the geocoder.
SETTLEMENT_NOUNS = (
    "village", "villages", "town", "towns", "city", "settlement", "settlements", "hamlet",
    "urban-type settlement",
)  # fmt: skip
SETTLEMENT_PREFIX = re.compile(
    r"^(?:the\s+)?(?:" + "|".join(SETTLEMENT_NOUNS) + r")\s+of\s+(?:the\s+)?", re.IGNORECASE
)

# Words that say a name is an administrative division, with the GeoNames codes they point to.
# From the forms news uses for Russian, Ukrainian and other divisions ("Kursk region",
# "Rylsk district", "Lipetsk municipal district", "Krasnodar Krai", "Donetsk People's Republic").
ADMIN_WORDS: dict[str, tuple[str, ...]] = {
    "oblast": ("ADM1",),
    "region": ("ADM1", "ADM2", "RGN"),
    "province": ("ADM1",),
    "krai": ("ADM1",),
    "kray": ("ADM1",),
    "state": ("ADM1",),
    "governorate": ("ADM1",),
    "prefecture": ("ADM1",),
    "republic": ("ADM1", "PCLI"),
    "okrug": ("ADM1", "ADM2"),
    "autonomous okrug": ("ADM1",),
    "district": ("ADM2", "ADM1"),
    "municipal district": ("ADM2",),
    "municipal okrug": ("ADM2",),
    "urban okrug": ("ADM2",),
    "raion": ("ADM2",),
    "rayon": ("ADM2",),
    "county": ("ADM2",),
    "область": ("ADM1",),
    "край": ("ADM1",),
    "район": ("ADM2",),
    "область'": ("ADM1",),
}
# The words a first-order division's name is made of where it names a part of its country by
# a direction ("South Governorate", "Northern District", "Est", "North Lebanon"), in the
# languages of the gazetteer's names (English and French); `Gazetteer.part_of_country`.
DIRECTION_NAMES: dict[str, tuple[str, ...]] = {
    "north": ("north", "northern", "nord"),
    "south": ("south", "southern", "sud"),
    "east": ("east", "eastern", "est"),
    "west": ("west", "western", "ouest"),
    "central": ("central", "centre", "center"),
}
_ADMIN_SUFFIX = re.compile(
    r"\s+(" + "|".join(sorted((re.escape(w) for w in ADMIN_WORDS), key=len, reverse=True)) + r")$"
)

# A prior for "which place does a bare name mean": areas by their level; populated places by
# population, with a bonus for capitals and seats (news names the capital, not the namesake).
_FEATURE_PRIOR: dict[str, float] = {
    "PCLI": 9.0, "PCLD": 8.0, "PCLS": 8.0, "PCLF": 8.0, "PCLIX": 7.0, "PCL": 8.0, "TERR": 6.5,
    "CONT": 9.5, "RGN": 6.5, "OCN": 8.0, "SEA": 7.5, "GULF": 6.0, "STRT": 6.0, "BAY": 5.5,
    "PEN": 6.5, "ISL": 5.0, "ADM1": 6.6, "ADM2": 4.6, "PS": 5.0, "PSN": 5.0, "AIRB": 4.5,
    "AIRP": 4.5, "BDG": 4.5, "BLDG": 4.0,
}  # fmt: skip
_SEAT_BONUS: dict[str, float] = {"PPLC": 1.6, "PPLA": 0.5, "PPLG": 0.5, "PPLA2": 0.2}
CORE_ONLY_PENALTY = 2.0
# A place the name matches through one of its alternate names only ("Franklin", an old name of
# Columbus, Ohio), against the places that bear it as their own name: chosen among 0, 0.5, 1
# and 1.5 on GeoWebNews and TR-News together (end to end +0.007 and +0.002).
ALT_NAME_PENALTY = 1.0
# ... and this much more where a town bears the name as its own: "Pokrovsk" is the town in
# Donetsk Oblast, not Engels (Pokrovsk until 1931), even in a report full of Russian places. A
# name only some place's spelling variant ("Nizhny Novgorod", "Kiev"), which no town bears, keeps
# the plain penalty. Chosen among 0.5, 1, 1.5, 2: end to end GeoWebNews .7205 -> .7213, TR-News
# .7929 -> .7953 (in-sample recognition model, `python -m mapper evaluate`).
TOWN_BEARS_IT = 1.0
# In resolution only (the recognition model reads the prior as it is): a landmark named by its
# own name ("White House") outranks a city that bears the name as an alternate one
# (Casablanca, "Dar al-Bayda": the white house).
LANDMARK_BONUS = 2.5
# A second-order division named by its bare core ("Pokrovsk" for the Pokrovsky District of
# Oryol Oblast, whose generated forms include "Pokrovsk district"), where a town bears the name
# as its own name (Pokrovsk, Donetsk Oblast), loses this much more: news names a district with
# its word ("Rylsk district"), so the town, whatever the context. Without it, a report naming
# the Oryol region put Pokrovsk in Oryol; GeoWebNews and TR-News figures unchanged.
TOWN_OVER_DISTRICT = 3.0
_DEFAULT_PRIOR = {"A": 4.0, "H": 3.5, "T": 3.5, "L": 3.5, "S": 3.0}
# The user's own places win over the bundled ones: their prior is raised past any place's
# (a country's is about 9.5), so that a name they bear means them unless the text's own
# hierarchy ("X, Kursk Oblast") or context says otherwise.
USER_PLACE_BONUS = 10.0
# A populated place smaller than this (GeoNames' cities500 threshold), or of unknown size, and
# no seat of government is a minor place (`Gazetteer.minor_list`).
MINOR_POPULATION = 500
# How far from a district's point its centre may lie (`Gazetteer.seat`)
SEAT_KM = 60.0
_SEATS = frozenset(("PPLC", "PPLA", "PPLA2", "PPLG"))

_COUNTRY_CODES = frozenset(("PCLI", "PCLD", "PCLS", "PCLF", "PCLIX", "PCL", "TERR"))
# Areas outside the administrative hierarchy: regions, peninsulas, islands, seas ...
_UNRANKED_AREAS = frozenset("RGN CONT PEN ISL ISLS MTS PLN DSRT AREA CST".split())


class GazetteerError(RuntimeError):
    """The gazetteer file is missing or unreadable; the message says which and what to do."""


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry with its hierarchy (country, first- and second-order division)."""

    id: str
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    admin1_name: str
    admin2_name: str
    population: int
    source: str
    # ACLED's geo-precision of the point itself: 1 where the sources give the place's own
    # point, 2 where it was placed near it (a village at the middle of its hromada's villages)
    geo_precision: int = 1

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL") or self.feature_code == "TERR"

    @property
    def is_division(self) -> bool:
        return self.feature_code in ("ADM1", "ADM2", "ADM3", "ADMD")

    @property
    def is_area(self) -> bool:
        """A place that covers an area (country, division, sea, region), not a point."""
        return (
            self.is_country
            or self.is_division
            or self.feature_class in ("H", "L", "T")
            and self.feature_code not in ("ISL", "CAPE", "MT", "HLL", "PASS")
        )

    def label(self) -> str:
        """'Oktyabrskoye, Rylsky District, Kursk Oblast, RU' style label."""
        parts = [self.name]
        for part in (self.admin2_name, self.admin1_name, self.country_code):
            if part and part != parts[-1]:
                parts.append(part)
        return ", ".join(parts)


def default_path() -> Path:
    """The gazetteer file: $MAPPER_GAZETTEER, the package's data, or the repo's data/."""
    env = os.environ.get("MAPPER_GAZETTEER")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for folder in (here / "data", here.parent / "data"):
        for name in ("gazetteer.csv.gz", "gazetteer.csv"):
            if (folder / name).exists():
                return folder / name
    return here.parent / "data" / "gazetteer.csv.gz"


def content_tag(content: bytes | BinaryIO) -> str:
    """The cache tag of a gazetteer with this content (its bytes, or a file open at its start):
    a SHA-256 of the bytes, their size, and `CACHE_VERSION`. Equal for equal bytes whatever the
    file's path or mtime; another one for any edit. Some 25 ms for the bundled 34 MB, streamed
    from the file (SHA-256 has this processor's help: BLAKE2b took 48 ms)."""
    if isinstance(content, bytes):
        digest, size = hashlib.sha256(content), len(content)
    else:
        digest, size = hashlib.file_digest(content, "sha256"), content.tell()
    return f"sha256:{digest.hexdigest()}|{size}|{CACHE_VERSION}"


def _cache_file(tag: str) -> Path:
    """The index cache file for a gazetteer of this `content_tag`."""
    return cache_dir() / f"gazetteer-{hash_key(tag):016x}.npz"


def cache_dir() -> Path:
    env = os.environ.get("MAPPER_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mapper"


def admin_core(name: str) -> tuple[str, tuple[str, ...]]:
    """Split a division's name into its core and the levels its admin word allows.

    >>> admin_core("Lipetsk municipal district")
    ('lipetsk', ('ADM2',))
    >>> admin_core("Sudzha")
    ('sudzha', ())
    """
    return _split_admin_word(name_key(name))


def _split_admin_word(key: str) -> tuple[str, tuple[str, ...]]:
    """`admin_core` of a name already folded by `name_key`."""
    m = _ADMIN_SUFFIX.search(key)
    if not m or m.start() == 0:
        return key, ()
    return key[: m.start()], ADMIN_WORDS[m.group(1)]


def _prior(feature_class: str, feature_code: str, population: int) -> float:
    if feature_class == "P":
        return 0.9 * math.log10(population + 10) + _SEAT_BONUS.get(feature_code, 0.0)
    base = _FEATURE_PRIOR.get(feature_code, _DEFAULT_PRIOR.get(feature_class, 3.0))
    return base + 0.1 * math.log10(population + 1)


class Gazetteer:
    """Places by name and by point. Load once (`Gazetteer.default()`) and share.

    Everything is held in numpy arrays (no Python object per place): the CSV rows as one byte
    string parsed into a `Place` on demand, the numeric columns (lat, lon, population, prior)
    for resolving many candidates at once, and the name indexes as sorted 64-bit key hashes
    with their postings, so that a cached gazetteer loads in milliseconds.
    """

    def __init__(self, state: dict[str, np.ndarray], path: str = "") -> None:
        self._s = state
        self._blob = memoryview(state["blob"])  # (the rows' CSV text, read in place)
        self._offsets = state["offsets"]
        self.lat: np.ndarray = state["lat"]
        self.lon: np.ndarray = state["lon"]
        self.population: np.ndarray = state["population"]
        self.prior: np.ndarray = state["prior"]
        self.admin1_rows: np.ndarray = state["admin1_row"]
        self.country_rows: np.ndarray = state["country_row"]
        self.path = path
        self._exact = _HashIndex(state, "exact")
        self._loose = _HashIndex(state, "loose")
        self._ids = _HashIndex(state, "id")
        self._memo: dict[tuple, tuple[int, ...]] = {}  # names repeat: candidate_rows memo
        self._places: dict[int, Place] = {}
        self._parts: dict[tuple[str, str], Place | None] = {}  # see part_of_country

    # -- loading ---------------------------------------------------------------------------

    _default: Gazetteer | None = None

    @classmethod
    def default(cls) -> Gazetteer:
        """The bundled gazetteer with the user's places file over it (`places.places_path`),
        loaded once per process. A row of the places file that cannot be used is named on
        stderr with its line number and left out."""
        if cls._default is None:
            gaz = cls.load(default_path())
            places = read_places(places_path(default_path()))
            if places.places:
                gaz = gaz.with_places(places)
            for problem in places.problems:
                print(f"mapper: {problem}", file=sys.stderr)
            cls._default = gaz
        return cls._default

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, use_cache: bool = True) -> Gazetteer:
        """Load a gazetteer CSV, with its index from the cache if one was built for the same
        content (by any checkout or install: the cache is keyed by the bytes, not the path);
        else the index is built now, and kept in the cache if `use_cache`.

        Raises `GazetteerError` for a missing or malformed file.
        """
        path = Path(path)
        try:
            if use_cache:
                with open(path, "rb") as fh:
                    tag = content_tag(fh)
                state = read_npz_cache(_cache_file(tag), tag)
                if state is not None:
                    return cls(state, str(path))
            stored = path.read_bytes()
        except FileNotFoundError:
            raise GazetteerError(
                f"gazetteer file not found: {path}. Rebuild it with "
                "`python scripts/build_gazetteer.py`, or point MAPPER_GAZETTEER at one."
            ) from None
        tag = content_tag(stored)  # (of the bytes indexed, should the file have changed since)
        raw = gzip.decompress(stored) if path.suffix == ".gz" else stored
        cache = _cache_file(tag)
        seconds = max(1, round(len(raw) / INDEX_BYTES_PER_SECOND))
        when = f", once, about {seconds} s; later runs reuse it from {cache.parent}"
        print(
            f"mapper: indexing the gazetteer {path.name}"
            + (when if use_cache else f", about {seconds} s"),
            file=sys.stderr,
        )
        state = _build_state(path, raw)
        state["tag"] = np.array(tag)
        if use_cache:
            write_npz_cache(cache, state)
        return cls(state, str(path))

    @property
    def cache_tag(self) -> str:
        """Identifies the gazetteer's content and the index layout (`content_tag`): the same
        for a copy at another path or with another mtime, another for any edit."""
        return str(self._s.get("tag", self.path))

    def with_places(self, places: PlacesFile) -> Gazetteer:
        """This gazetteer with the user's places after its rows, winning over them.

        Each place is a populated place (source `user`, id `user:<name>`) found first under
        its names and their romanisation variants, its prior raised by USER_PLACE_BONUS, so
        that a bare name means it. Its country and first-order division are read from the
        file's `country` and `admin1` (a name the gazetteer knows), else taken from the
        nearest bundled place; an `admin1` the gazetteer does not know is kept as written and
        added to `places.problems`. Only the user's rows are indexed here: a file of a few
        hundred places costs milliseconds, and the bundled index is reused as it is.
        """
        base = len(self)
        fields: list[list[str]] = []
        exact: dict[str, list[int]] = {}
        loose: dict[str, list[int]] = {}
        ids: dict[str, list[int]] = {}
        fcode_table = self._s["fcode_table"].tolist()
        cc_table = self._s["cc_table"].tolist()
        columns: dict[str, list] = {k: [] for k in ("lat", "lon", "a1", "country", "cc", "hash")}
        country_rows = {self.country_code[r]: r for r in set(self.country_rows.tolist()) - {-1}}
        for place in places.places:
            row = base + len(fields)
            cc, a1_row, admin1_name, admin2 = self._place_hierarchy(place, places)
            slug = re.sub(r"[^a-z0-9]+", "-", transliterate(name_key(place.name))).strip("-")
            slug = slug or "place"
            rid = f"user:{slug}"
            n = 2
            while rid in ids:
                rid, n = f"user:{slug}-{n}", n + 1
            names = [place.name, *place.alternates]
            fields.append(
                [
                    rid, place.name, place.name, "|".join(place.alternates),
                    f"{place.lat:.5f}", f"{place.lon:.5f}", "P", "PPL", cc,
                    self.fields(a1_row)[9] if a1_row >= 0 else "", admin1_name, admin2, "0",
                    "user", f"{places.path.name}, line {place.line}", "1",
                ]
            )  # fmt: skip
            ids[rid] = [row]
            for key in {name_key(n) for n in names} - {""}:
                exact.setdefault(key, []).append(row)
            for key in {loose_key(n) for n in names} - {""}:
                loose.setdefault(key, []).append(row)
            if cc not in cc_table:
                cc_table.append(cc)
            columns["lat"].append(place.lat)
            columns["lon"].append(place.lon)
            columns["a1"].append(a1_row)
            columns["country"].append(country_rows.get(cc, -1))
            columns["cc"].append(cc_table.index(cc))
            columns["hash"].append(hash_key(name_key(place.name)))
        if "PPL" not in fcode_table:
            fcode_table.append("PPL")
        count = len(fields)
        prior = _prior("P", "PPL", 0) + USER_PLACE_BONUS
        digest = hashlib.blake2b(places.text.encode(), digest_size=8).hexdigest()
        state = {
            **self._s,
            "lat": np.concatenate([self.lat, columns["lat"]]),
            "lon": np.concatenate([self.lon, columns["lon"]]),
            "population": np.concatenate([self.population, np.zeros(count, np.int64)]),
            "prior": np.concatenate([self.prior, np.full(count, prior, np.float32)]),
            "fcode_table": np.array(fcode_table),
            "fcode_idx": np.concatenate(
                [self._s["fcode_idx"], np.full(count, fcode_table.index("PPL"), np.uint16)]
            ),
            "cc_table": np.array(cc_table),
            "cc_idx": np.concatenate([self._s["cc_idx"], np.array(columns["cc"], np.uint16)]),
            "admin1_row": np.concatenate([self.admin1_rows, np.array(columns["a1"], np.int32)]),
            "country_row": np.concatenate(
                [self.country_rows, np.array(columns["country"], np.int32)]
            ),
            "name_hash": np.concatenate(
                [self._s["name_hash"], np.array(columns["hash"], np.uint64)]
            ),
            "tag": np.array(f"{self.cache_tag}|places:{digest}"),
        }
        out = Gazetteer(state, self.path)
        out._user_fields = fields
        out._exact = _StackedIndex(exact, self._exact)
        out._loose = _StackedIndex(loose, self._loose)
        out._ids = _StackedIndex(ids, self._ids)
        return out

    def _place_hierarchy(self, place: UserPlace, file: PlacesFile) -> tuple[str, int, str, str]:
        """A user's place's country code, first-order division (row, name) and district:
        from what the file names, else from the nearest bundled populated place."""
        nearest: list[Place] = []

        def near() -> Place:
            if not nearest:
                nearest.append(self.nearest(place.lat, place.lon))
            return nearest[0]

        cc = place.country.upper() if len(place.country) == 2 else ""
        if place.country and not cc:
            code = self.feature_code
            found = [r for r in self.lookup(place.country) if code[r] in _COUNTRY_CODES]
            cc = self.country_code[found[0]] if found else ""
            if not found:
                file.problems.append(
                    f"{file.path}, line {place.line}: no country {place.country!r} in the "
                    f"gazetteer; the place is kept in {near().country_code}"
                )
        if place.admin1:
            rows = [r for r in self.candidate_rows(place.admin1) if self.feature_code[r] == "ADM1"]
            rows = [r for r in rows if not cc or self.country_code[r] == cc] or rows
            if rows:
                own = self.fields(rows[0])[1]
                return cc or self.country_code[rows[0]], rows[0], own, place.admin2
            file.problems.append(
                f"{file.path}, line {place.line}: no first-order division {place.admin1!r} in "
                "the gazetteer; the place is kept with it as written"
            )
            return cc or near().country_code, -1, place.admin1, place.admin2
        cc = cc or near().country_code
        if near().country_code != cc:
            return cc, -1, "", place.admin2
        row = self.index_of(near().id)
        a1 = -1 if row is None else self.admin1_list[row]
        return cc, a1, near().admin1_name, place.admin2 or near().admin2_name

    # -- rows --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.lat)

    # The rows of the user's places file (`with_places`), after the bundled ones.
    _user_fields: Sequence[list[str]] = ()

    def fields(self, i: int) -> list[str]:
        """The CSV fields of row `i`, in COLUMNS order."""
        user = i - (len(self._offsets) - 1)
        if user >= 0:
            return list(self._user_fields[user])
        line = str(self._blob[self._offsets[i] : self._offsets[i + 1]], "utf-8")
        return next(csv.reader([line]))

    @property
    def user_rows(self) -> range:
        """The rows of the user's places (none unless loaded through `with_places`)."""
        return range(len(self._offsets) - 1, len(self))

    def row(self, i: int) -> dict[str, str]:
        """The CSV fields of row `i` by column name."""
        return dict(zip(COLUMNS, self.fields(i), strict=False))

    def place(self, i: int) -> Place:
        """The `Place` of row `i` (immutable, so shared between callers)."""
        place = self._places.get(i)
        if place is None:
            if len(self._places) > 100_000:
                self._places.clear()
            place = self._places[i] = self._make_place(i)
        return place

    def _make_place(self, i: int) -> Place:
        f = self.fields(i)
        return Place(
            id=f[0], name=f[1], lat=float(self.lat[i]), lon=float(self.lon[i]),
            feature_class=f[6], feature_code=f[7], country_code=f[8], admin1_code=f[9],
            admin1_name=f[10], admin2_name=f[11], population=int(self.population[i]),
            source=f[13], geo_precision=int(f[15]) if len(f) > 15 and f[15] else 1,
        )  # fmt: skip

    @cached_property
    def feature_code(self) -> list[str]:
        """Feature code of every row (a list, for fast indexing in loops)."""
        return _decoded(self._s["fcode_table"], self._s["fcode_idx"])

    @cached_property
    def country_code(self) -> list[str]:
        return _decoded(self._s["cc_table"], self._s["cc_idx"])

    def index_of(self, place_id: str) -> int | None:
        """The row of the place with this id."""
        for r in self._ids.get(place_id):
            if self.fields(r)[0] == place_id:
                return r
        return None

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        i = self.index_of(place_id)
        return None if i is None else self.place(i)

    # -- names -----------------------------------------------------------------------------

    def lookup(self, name: str, *, loose: bool = True) -> tuple[int, ...]:
        """Row numbers whose names match `name`, best prior first; loose variants if none."""
        rows = self._exact.get(name_key(name))
        if not rows and loose:
            rows = self._loose.get(loose_key(name))
        return rows

    def lookup_key(self, key: str) -> tuple[int, ...]:
        """Rows for an already-folded `name_key` (the geoparser's hot path)."""
        return self._exact.get(key)

    def lookup_loose(self, name: str) -> tuple[int, ...]:
        return self._loose.get(loose_key(name))

    def candidate_rows(
        self,
        name: str,
        *,
        feature_codes: Iterable[str] | None = None,
        country_code: str | None = None,
    ) -> list[int]:
        """Rows that `name` may mean, best first. Admin words ("Kursk region") restrict levels."""
        memo_key = (name, tuple(feature_codes) if feature_codes else None, country_code)
        hit = self._memo.get(memo_key)
        if hit is None:
            hit = self._candidate_rows(name, feature_codes, country_code)
            if len(self._memo) >= 100_000:
                self._memo.clear()
            self._memo[memo_key] = hit
        return list(hit)

    def _candidate_rows(self, name, feature_codes, country_code) -> tuple[int, ...]:
        core, levels = admin_core(name)
        fcode = self.feature_code
        rows: Sequence[int] = ()
        if levels:
            # "Kursk region": the full form if the gazetteer has it, else the core among divisions.
            rows = [r for r in self.lookup(name, loose=False) if fcode[r] in levels]
            if not rows:
                rows = [r for r in self.lookup(core) if fcode[r] in levels]
            if not rows:
                rows = [r for r in self.lookup_loose(core) if fcode[r] in levels]
        if not rows:
            rows = self.lookup(name)
            division = self._division_list
            if len(rows) > 1 and any(division[r] for r in rows[:50]):
                scores = self.scores(name, rows[:50])
                rows = [rows[k] for k in np.argsort(-scores, kind="stable")] + list(rows[50:])
        if feature_codes is not None:
            wanted = set(feature_codes)
            rows = [r for r in rows if fcode[r] in wanted]
        if country_code:
            cc = self.country_code
            rows = [r for r in rows if cc[r] == country_code.upper()]
        return tuple(rows)

    def scores(self, name: str, rows: Sequence[int]) -> np.ndarray:
        """How likely `name` means each row, before context: the prior, less a penalty for a
        division named by its bare core ("Lipetsk" for Lipetsk Oblast: the city, unless the
        context says region) and a smaller one for a place `name` fits only as an alternate
        name ("Kiev" for Kyiv)."""
        return np.array(self.score_list(name, rows), dtype=np.float64)

    def named_exactly(self, name: str, rows: Sequence[int]) -> list[bool]:
        """Whether each row bears `name` as its own name, not as an alternate or a bare core
        ("Kyiv" is the city's own name, and Kyiv Oblast's core)."""
        own = hash_key(name_key(name))
        hashes = self._name_hash_list
        return [hashes[r] == own for r in rows]

    def score_list(self, name: str, rows: Sequence[int]) -> list[float]:
        """`scores` as a list (cheaper than numpy for the few candidates of one name)."""
        prior = self._prior_list
        if admin_core(name)[1]:
            return [prior[r] for r in rows]
        division, name_hash = self._division_list, self._name_hash_list
        own = hash_key(name_key(name))
        code = self.feature_code
        if not any(name_hash[r] == own for r in rows):
            # a name found through a romanisation variant ("Sudja"): the row whose own name
            # is a spelling of it bears it as its own ("Sudzha", not Sudzhansky District)
            variant = loose_key(name)
            for r in rows:
                if not division[r] and loose_key(self.fields(r)[1]) == variant:
                    own = name_hash[r]
                    break
        # a district by its bare core loses more where a town bears the name as its own
        town = any(name_hash[r] == own and code[r].startswith("PPL") for r in rows)
        district = CORE_ONLY_PENALTY + TOWN_OVER_DISTRICT * town
        out = []
        for r in rows:
            if name_hash[r] == own:
                out.append(prior[r] + LANDMARK_BONUS * (code[r] == "BLDG"))
            elif not division[r]:
                out.append(prior[r] - ALT_NAME_PENALTY - TOWN_BEARS_IT * town)
            else:
                out.append(prior[r] - (district if code[r] == "ADM2" else CORE_ONLY_PENALTY))
        return out

    @cached_property
    def admin1_list(self) -> Sequence[int]:
        """The row of each row's first-order division (itself for a division), -1 if none."""
        rows = np.array(self.admin1_rows)
        divisions = np.flatnonzero((self._s["fcode_table"] == "ADM1")[self._s["fcode_idx"]])
        rows[divisions] = divisions
        return _hot(rows)

    @cached_property
    def minor_list(self) -> Sequence[bool]:
        """Whether each row is a minor place: a village, a populated place of fewer than
        MINOR_POPULATION people (or of unknown population) that is no seat of government.
        Its name alone is weak evidence of a place ("Gate", "Chan" and "Lafiya" are villages
        of Nigeria); the user's own places are never minor."""
        table = self._s["fcode_table"]
        village = np.array([str(c).startswith("PPL") and str(c) not in _SEATS for c in table])
        minor = village[self._s["fcode_idx"]] & (self.population < MINOR_POPULATION)
        minor[self.user_rows.start :] = False
        return _hot(minor)

    @cached_property
    def _prior_list(self) -> Sequence[float]:
        return _hot(self.prior.astype(np.float64))

    @cached_property
    def _division_list(self) -> Sequence[bool]:
        table = self._s["fcode_table"]
        return _hot(np.isin(table, ["ADM1", "ADM2"])[self._s["fcode_idx"]])

    @cached_property
    def _name_hash_list(self) -> Sequence[int]:
        return _hot(self._s["name_hash"])

    def candidates(
        self,
        name: str,
        *,
        feature_codes: Iterable[str] | None = None,
        country_code: str | None = None,
        limit: int | None = None,
    ) -> list[Place]:
        """Places that `name` may mean, best first (case, diacritics, transliteration folded)."""
        rows = self.candidate_rows(name, feature_codes=feature_codes, country_code=country_code)
        return [self.place(r) for r in rows[:limit]]

    # -- hierarchy -------------------------------------------------------------------------

    def admin1_row(self, i: int) -> int | None:
        """The row of the first-order division that contains row `i`."""
        r = int(self.admin1_rows[i])
        return None if r < 0 else r

    def country_row(self, i: int) -> int | None:
        """The row of the country that contains row `i`."""
        r = int(self.country_rows[i])
        return None if r < 0 else r

    def admin1_of(self, place: Place) -> Place | None:
        i = self.index_of(place.id)
        r = None if i is None else self.admin1_row(i)
        return None if r is None else self.place(r)

    def part_of_country(self, country: Place, direction: str) -> Place | None:
        """The first-order division of `country` that its name says is the part of it in a
        `direction` (a key of DIRECTION_NAMES): named by the direction's word alone, before an
        admin word or before the country's name ("Est", "South Governorate", "Northern
        District", "North Lebanon") and lying that way from the country's point. Of several so
        named, the one whose own name (not an alternate) is; None where no one division is."""
        key = (country.country_code, direction)
        if key not in self._parts:
            names = [
                name
                for word in DIRECTION_NAMES.get(direction, ())
                for name in (word, f"{word} {name_key(country.name)}")
            ]
            rows = list(
                dict.fromkeys(
                    r
                    for name in names
                    for r in self.lookup_key(name)
                    if self.feature_code[r] == "ADM1" and self.country_code[r] == key[0]
                )
            )
            if len(rows) > 1:  # (a division's alternate name may be its old one's)
                rows = [r for r in rows if admin_core(self.fields(r)[1])[0] in names]
            rows = [r for r in rows if _lies_to(direction, self.place(r), country)]
            self._parts[key] = self.place(rows[0]) if len(rows) == 1 else None
        return self._parts[key]

    def country_of(self, place: Place) -> Place | None:
        i = self.index_of(place.id)
        r = None if i is None else self.country_row(i)
        return None if r is None else self.place(r)

    # -- points ----------------------------------------------------------------------------

    @cached_property
    def _populated(self) -> np.ndarray:
        table = self._s["fcode_table"]
        ppl = np.array([str(c).startswith("PPL") for c in table])
        return np.flatnonzero(ppl[self._s["fcode_idx"]])

    @cached_property
    def _populated_by_lat(self) -> tuple[np.ndarray, np.ndarray]:
        """The populated rows in order of latitude, and their latitudes."""
        rows = self._populated[np.argsort(self.lat[self._populated], kind="stable")]
        return rows, self.lat[rows]

    def nearest(self, lat: float, lon: float, *, populated_only: bool = True) -> Place:
        """The place nearest to a point (a populated place unless `populated_only=False`)."""
        rows = self._populated if populated_only else np.arange(len(self))
        d = haversine_km(lat, lon, self.lat[rows], self.lon[rows])
        return self.place(int(rows[int(np.argmin(d))]))

    def seat(self, district: Place) -> Place:
        """The centre of a second-order division: its most populous settlement within
        SEAT_KM of its point ("Izyum Raion": Izium), where ACLED places an event told of the
        district; `district` itself if it is no ADM2 or none of its settlements is known."""
        if district.feature_code != "ADM2":
            return district
        hit = self._seats.get(district.id)
        if hit is None:
            # the settlements in the band of latitude SEAT_KM wide on each side of its point
            by_lat, lats = self._populated_by_lat
            reach = SEAT_KM / 110.0  # (a degree of latitude is 110-111 km)
            lo, hi = np.searchsorted(lats, [district.lat - reach, district.lat + reach])
            rows = by_lat[lo:hi]
            d = haversine_km(district.lat, district.lon, self.lat[rows], self.lon[rows])
            near = np.sort(rows[d <= SEAT_KM])  # (in row order: ties go to the first row)
            hit = district
            for r in near[np.argsort(-self.population[near], kind="stable")][:200].tolist():
                f = self.fields(r)
                if f[11] == district.name and f[10] == district.admin1_name:
                    hit = self.place(r)
                    break
            self._seats[district.id] = hit
        return hit

    @cached_property
    def _seats(self) -> dict[str, Place]:
        return {}


def _lies_to(direction: str, place: Place, country: Place) -> bool:
    """Whether `place` lies in `direction` (a key of DIRECTION_NAMES) from `country`'s point."""
    return {
        "north": place.lat > country.lat,
        "south": place.lat < country.lat,
        "east": place.lon > country.lon,
        "west": place.lon < country.lon,
    }.get(direction, True)


class Containers:
    """The places a qualifier names ("Kursk Oblast", "Russia", "Rylsky District", "Texas"),
    ready to test many candidate rows against: does the row lie in one of them?

    Used by the geocoder ("Oktyabrskoye, Rylsky District") and the geoparser ("Sudzha, Kursk
    Oblast", "the village of Oktyabrskoye in Rylsk district").
    """

    __slots__ = ("gaz", "rows", "countries", "admin1", "admin2", "core", "regions")

    def __init__(self, gaz: Gazetteer, rows: Sequence[int], qualifier: str = "") -> None:
        """`rows`: the qualifier's candidate rows; `qualifier`: its text, when the rows may
        miss it (then a place whose district or region name has the same core also counts)."""
        self.gaz, self.rows = gaz, rows
        code = gaz.feature_code
        self.countries = {gaz.country_code[q] for q in rows if code[q].startswith("PCL")}
        self.admin1 = {q for q in rows if code[q] == "ADM1"}
        self.admin2 = {name_key(gaz.fields(q)[1]) for q in rows if code[q] == "ADM2"}
        self.core = loose_key(admin_core(qualifier)[0]) if qualifier else ""
        # areas that no hierarchy describes (the Crimean peninsula holds Sevastopol, which
        # is no part of the Republic of Crimea)
        self.regions = any(gaz.feature_code[q] in _UNRANKED_AREAS for q in rows)

    def hold(self, row: int) -> bool:
        """Whether `row` lies in one of the containers (and is not one of them)."""
        gaz = self.gaz
        if gaz.country_code[row] in self.countries and not gaz.feature_code[row].startswith("PCL"):
            return True
        if gaz.admin1_list[row] in self.admin1 and row not in self.admin1:
            return True
        if self.admin2 or self.core:
            fields = gaz.fields(row)
            district, region = fields[11], fields[10]
            if district and name_key(district) in self.admin2:
                return True
            if self.core:
                return any(
                    own and loose_key(admin_core(own)[0]) == self.core for own in (district, region)
                )
        return False

    @property
    def names_areas(self) -> bool:
        """Whether the qualifier names a country or a division, and no other kind of area
        (then it is never ignored)."""
        return bool(self.countries or self.admin1 or self.admin2) and not self.regions

    def rules_out(self, row: int) -> bool:
        """Whether `row` lies outside every country and division the qualifier names, as far
        as the gazetteer's hierarchy tells: "Yantarne, Donetsk Oblast" rules out the Yantarne
        of Crimea. A row whose division is not known is not ruled out by that division; a
        qualifier that names no area rules nothing out."""
        if not self.names_areas or self.hold(row):
            return False
        gaz = self.gaz
        cc = gaz.country_code[row]
        if cc in self.countries:
            return False
        own_admin1 = gaz.admin1_list[row]
        for q in self.admin1:
            if gaz.country_code[q] == cc and own_admin1 < 0:
                return False  # in the country of that division, its own division unknown
        if self.admin2:
            district = gaz.fields(row)[11]
            for q in self.rows:
                if gaz.feature_code[q] == "ADM2" and not district:
                    same = gaz.admin1_list[q]
                    if same == own_admin1 or (own_admin1 < 0 and gaz.country_code[q] == cc):
                        return False  # in the district's region, its own district unknown
        return True

    def first_holding(self, row: int) -> int:
        """The first container (in rank order) that holds `row`."""
        return next(q for q in self.rows if Containers(self.gaz, [q]).hold(row))


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; works on numpy arrays (shapely-style: whole arrays at once)."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def hash_key(text: str) -> int:
    """A stable 64-bit hash of a key (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


class _StackedIndex:
    """The user's places' index (a dict of key to rows) over a bundled one: the user's rows
    first, so that they win."""

    __slots__ = ("first", "then")

    def __init__(self, first: dict[str, list[int]], then: _HashIndex | _StackedIndex) -> None:
        self.first, self.then = first, then

    def get(self, key: str) -> tuple[int, ...]:
        mine = self.first.get(key)
        return (*mine, *self.then.get(key)) if mine else self.then.get(key)


def _hot(column: np.ndarray) -> memoryview:
    """A column that Python code reads one value at a time: a memoryview of its array, made
    at no cost (no list of half a million objects), indexed about as fast as a list (a
    numpy scalar costs ten times more), its values Python's float, int and bool."""
    native = np.ascontiguousarray(column, dtype=column.dtype.newbyteorder("="))
    return memoryview(native).cast("B").cast(native.dtype.char)  # (a format of one letter)


def _decoded(table: np.ndarray, codes: np.ndarray) -> list[str]:
    """A column kept as a table of its distinct values and each row's code, as a list (each
    distinct value one str, shared by its rows)."""
    return np.array(table.tolist(), dtype=object)[codes].tolist()


class _HashIndex:
    """One hashed name index: sorted 64-bit key hashes, and each key's rows (best first)."""

    __slots__ = ("hashes", "starts", "rows", "size")

    def __init__(self, state: dict[str, np.ndarray], name: str) -> None:
        # (in memory: a binary search of a mapped file's pages would read one page a step)
        self.hashes = np.array(state[f"{name}_hash"])
        self.starts = state[f"{name}_start"]
        self.rows = state[f"{name}_rows"]
        self.size = len(self.hashes)

    def get(self, key: str) -> tuple[int, ...]:
        if not key:
            return ()
        h = hash_key(key)
        k = int(self.hashes.searchsorted(np.uint64(h)))
        if k >= self.size or int(self.hashes[k]) != h:
            return ()
        a, b = self.starts[k : k + 2].tolist()
        return tuple(self.rows[a:b].tolist())


def hash_keys(texts: Sequence[str]) -> np.ndarray:
    """`hash_key` of each text, as a uint64 array (equal to `[hash_key(t) for t in texts]`)."""
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(t.encode(), digest_size=8).digest() for t in texts])
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: `np.unique(values)` by a sort (numpy 2.3+ takes a hash
    table for a plain `np.unique`, some fifty times slower on a million integers)."""
    values = np.sort(values)
    first = np.ones(len(values), dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return values[first]


def _index(
    name: str, keys: np.ndarray, rows: np.ndarray, key_hashes: np.ndarray, prior: np.ndarray
) -> dict[str, np.ndarray]:
    """The hashed index `name` of (key, row) pairs, as `_HashIndex` reads it.

    Pair j is key `keys[j]` (an index into `key_hashes`) and row `rows[j]`; pairs may repeat.
    Returns `{name}_hash`, the distinct keys' hashes, ascending (uint64); `{name}_rows`, each
    key's rows, best prior first (int32); and `{name}_start`, where each key's rows start in
    it, then their end (int64). Rows of equal prior come in the order that
    `sorted(set(rows), key=lambda r: -prior[r])` gives them, `rows` ascending: the order of the
    index's first, row-by-row build, which the ranking of equal places has depended on since.
    """
    n = len(prior)
    pairs = _distinct(keys.astype(np.int64) * n + rows)  # by key and then by row
    pair_key, pair_row = np.divmod(pairs, n)
    used, counts = np.unique(pair_key, return_counts=True)
    order = np.argsort(key_hashes[used], kind="stable")
    rank = np.empty(len(key_hashes), dtype=np.int64)
    rank[used[order]] = np.arange(len(used))
    pair_rank = rank[pair_key]
    sort = np.lexsort((pair_row, -prior[pair_row], pair_rank))
    flat, flat_rank = pair_row[sort], pair_rank[sort]
    starts = np.zeros(len(used) + 1, dtype=np.int64)
    np.cumsum(counts[order], out=starts[1:])
    flat_prior = prior[flat]
    tied = (flat_rank[1:] == flat_rank[:-1]) & (flat_prior[1:] == flat_prior[:-1])
    for k in _distinct(flat_rank[1:][tied]).tolist():
        a, b = int(starts[k]), int(starts[k + 1])
        ascending = np.sort(flat[a:b]).tolist()
        flat[a:b] = sorted(set(ascending), key=lambda r: -prior[r])
    return {
        f"{name}_hash": key_hashes[used[order]],
        f"{name}_start": starts,
        f"{name}_rows": flat.astype(np.int32),
    }


def read_npz_cache(cache: Path, tag: str) -> dict[str, np.ndarray] | None:
    """The arrays of a cache file written by `write_npz_cache` with this `tag`; None when the
    file is missing, corrupt or of another tag.

    The arrays are read-only views of the file mapped into memory: only the pages a process
    touches are read, and processes that load the same file share them."""
    try:
        with open(cache, "rb") as fh, zipfile.ZipFile(fh) as archive:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            state = {
                member.filename.removesuffix(".npy"): _mapped_array(fh, mapped, member)
                for member in archive.infolist()
            }
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # a corrupt cache is rebuilt, never trusted
    return state if str(state.get("tag", "")) == tag else None


def _mapped_array(fh: BinaryIO, mapped: mmap.mmap, member: zipfile.ZipInfo) -> np.ndarray:
    """The array a stored (uncompressed) `.npy` member of the open archive `fh` holds, as a
    view of `mapped`, the archive mapped whole. ValueError for anything else."""
    if member.compress_type != zipfile.ZIP_STORED or not member.filename.endswith(".npy"):
        raise ValueError(f"{member.filename}: not a stored array")
    local = mapped[member.header_offset : member.header_offset + 30]
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise ValueError(f"{member.filename}: no local header")
    name_length, extra_length = (
        int.from_bytes(local[26:28], "little"),
        int.from_bytes(local[28:30], "little"),
    )
    fh.seek(member.header_offset + 30 + name_length + extra_length)
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
    else:
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
    if fortran or dtype.hasobject:
        raise ValueError(f"{member.filename}: not an array of plain values")
    count = math.prod(shape)
    return np.frombuffer(mapped, dtype=dtype, count=count, offset=fh.tell()).reshape(shape)


# Cache files kept per kind ("gazetteer-*.npz"): one per gazetteer content or package version
# in use; older ones are removed when a new one is written, so the cache never piles up.
CACHE_FILES_KEPT = 3


def write_npz_cache(cache: Path, state: dict[str, np.ndarray]) -> None:
    """Write arrays (one named "tag") to a cache file named "<kind>-<key>.npz", atomically,
    and remove all but the newest `CACHE_FILES_KEPT` of its kind. A cache that cannot be
    written is left out."""
    try:
        with atomic_writer(cache, "wb") as fh:
            np.savez(fh, **state)
        kind = cache.name.split("-", 1)[0]
        older = sorted(
            (p for p in cache.parent.glob(f"{kind}-*.npz") if p != cache),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for path in older[CACHE_FILES_KEPT - 1 :]:
            path.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home still works, just without the cache


# Countries whose names come in several romanisations: only their places get loose keys
# (Sudja/Sudzha, Rylskiy/Rylsky), which keeps the loose index small and its matches safe.
LOOSE_COUNTRIES = frozenset(
    ["RU", "UA", "BY", "KZ", "GE", "AM", "AZ", "MD", "UZ", "KG", "TJ", "TM"]
)


def _build_state(path: Path, raw: bytes | None = None) -> dict[str, np.ndarray]:
    """The arrays of a `Gazetteer` for the CSV at `path` (`raw`: its bytes, if read already).

    The slow path, once per gazetteer content: the same bytes always give the same arrays.
    Raises `GazetteerError` for a file without the columns, with a malformed row or with a
    newline inside a field. The work is done column by column (numpy, pandas), and names are
    folded and hashed once per distinct name, not once per row.
    """
    import pandas as pd  # only needed here: a cached load stays free of pandas

    if raw is None:
        raw = path.read_bytes()
    df, body, offsets = _read_rows(path, raw)
    lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(np.float64)
    lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(np.float64)
    pop = pd.to_numeric(df["population"].replace("", "0"), errors="coerce")
    bad = np.isnan(lat) | np.isnan(lon) | pop.isna().to_numpy() | (np.abs(lat) > 90)
    bad |= np.abs(lon) > 180
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        line = body[offsets[i] : offsets[i + 1]].decode("utf-8", "replace").strip()
        raise GazetteerError(
            f"{path}, line {i + 2}: malformed row (lat, lon or population is not a number "
            f"in range): {line[:80]}"
        )
    population = pop.to_numpy(np.float64).astype(np.int64)

    fcode_table, fcode_idx = _distinct_values(df["feature_code"].tolist())
    cc_table, cc_idx = _distinct_values(df["country_code"].tolist())
    class_table, class_idx = _distinct_values(df["feature_class"].tolist())
    a1_table, a1_idx = _distinct_values(df["admin1_code"].tolist())

    # One prior per distinct (class, code, population): some 41,000 of 271,000 rows.
    pop_table, pop_idx = np.unique(population, return_inverse=True)
    kind = class_idx.astype(np.int64) * len(fcode_table) + fcode_idx
    triples, where = np.unique(kind * len(pop_table) + pop_idx.reshape(-1), return_inverse=True)
    kinds, pop_at = np.divmod(triples, len(pop_table))
    class_at, code_at = np.divmod(kinds, len(fcode_table))
    classes, codes = class_table[class_at].tolist(), fcode_table[code_at].tolist()
    pops = pop_table[pop_at].tolist()
    prior = np.array(
        [_prior(c, f, p) for c, f, p in zip(classes, codes, pops, strict=True)], dtype=np.float32
    )[where.reshape(-1)]

    is_country = np.isin(fcode_table, sorted(_COUNTRY_CODES))[fcode_idx]
    admin1 = cc_idx.astype(np.int64) * len(a1_table) + a1_idx
    division = np.isin(fcode_table, ["ADM1", "ADM2"])[fcode_idx]
    loose = division | is_country | np.isin(cc_table, sorted(LOOSE_COUNTRIES))[cc_idx]
    return {
        "blob": np.frombuffer(body, dtype=np.uint8),
        "offsets": offsets,
        "lat": lat,
        "lon": lon,
        "population": population,
        "prior": prior,
        "fcode_table": fcode_table,
        "fcode_idx": fcode_idx.astype(np.uint16),
        "cc_table": cc_table,
        "cc_idx": cc_idx.astype(np.uint16),
        "admin1_row": _first_in_group(np.isin(fcode_table, ["ADM1"])[fcode_idx], admin1),
        "country_row": _first_in_group(is_country, cc_idx),
        **_name_indexes(df, prior, division, loose),
    }


def _read_rows(path: Path, raw: bytes) -> tuple[pd.DataFrame, bytes, np.ndarray]:
    """The CSV's rows as a pandas DataFrame of strings; the bytes after the header; and where
    each row's line starts in them (one more offset than rows, the last the end)."""
    import pandas as pd

    header_end = raw.find(b"\n")
    if header_end < 0:
        raise GazetteerError(f"gazetteer file is empty or has no rows: {path}")
    header = next(csv.reader([raw[:header_end].decode("utf-8", "replace").strip()]))
    if header[: len(COLUMNS)] != list(COLUMNS):
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise GazetteerError(f"{path}: missing columns {', '.join(missing)}")
        raise GazetteerError(f"{path}: columns must be, in order: {', '.join(COLUMNS)}")
    try:
        df = pd.read_csv(
            io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8",
            engine="c", on_bad_lines="error",
        )  # fmt: skip
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: malformed gazetteer ({exc})") from None

    # One physical line per record (the build script writes no newline inside a field).
    body = raw[header_end + 1 :]
    ends = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == ord("\n"))
    offsets = np.concatenate([[0], ends + 1]).astype(np.int64)
    if len(body) and not body.endswith(b"\n"):
        offsets = np.append(offsets, len(body))
    if len(offsets) - 1 != len(df):
        raise GazetteerError(
            f"{path}: {len(df)} records on {len(offsets) - 1} lines; a field holds a newline"
        )
    return df, body, offsets


def _distinct_values(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (a sorted str array) and each value's position among them."""
    table, idx = np.unique(np.array(values, dtype=str), return_inverse=True)
    return table, idx.reshape(-1)


def _first_in_group(chosen: np.ndarray, group: np.ndarray) -> np.ndarray:
    """For each row, the first `chosen` row of its `group` (a non-negative int per row), or
    -1 where its group has none (int32)."""
    rows = np.flatnonzero(chosen)
    found, first = np.unique(group[rows], return_index=True)
    out = np.full(int(group.max(initial=-1)) + 1, -1, dtype=np.int32)
    out[found] = rows[first]
    return out[group]


def _name_indexes(
    df: pd.DataFrame, prior: np.ndarray, division: np.ndarray, loose: np.ndarray
) -> dict[str, np.ndarray]:
    """The name indexes ("exact", "loose", "id") and each row's own name's key hash.

    Each row is found under the `name_key` of each of its names (own, ASCII, alternates), a
    `division` row also under their cores without the admin word ("seven in Kursk" may mean
    the region), and a `loose` row also under the `loose_key` of these keys and of its names
    spelt with a caron. Empty keys are left out.
    """
    import pandas as pd

    n = len(df)
    every = np.arange(n)
    alternates = df["alternate_names"].tolist()
    joined = "|".join([a for a in alternates if a])
    texts = df["name"].tolist() + df["ascii_name"].tolist() + (joined.split("|") if joined else [])
    alternate_counts = np.array([a.count("|") + 1 if a else 0 for a in alternates], np.int64)
    text_rows = np.concatenate([every, every, np.repeat(every, alternate_counts)])
    text_code, text_table = pd.factorize(np.array(texts, dtype=object))
    text_table = text_table.tolist()
    key_code, key_table = pd.factorize(np.array(name_keys(text_table), dtype=object))
    text_key = key_code[text_code]

    # All keys (name keys, cores, loose keys) in one table, so that each is hashed once.
    strings: list[str] = key_table.tolist()
    ids = dict(zip(strings, range(len(strings)), strict=True))

    def intern(values: Iterable[str]) -> np.ndarray:
        out = []
        for value in values:
            k = ids.get(value)
            if k is None:
                k = ids[value] = len(strings)
                strings.append(value)
            out.append(k)
        return np.array(out, dtype=np.int64)

    def mapped(keys: np.ndarray, fold: Callable[[list[str]], list[str]]) -> np.ndarray:
        """The keys `fold` maps these keys to, interned (it folds each distinct key once)."""
        distinct, inverse = np.unique(keys, return_inverse=True)
        return intern(fold([strings[k] for k in distinct.tolist()]))[inverse.reshape(-1)]

    def cores(keys: list[str]) -> list[str]:
        return [_split_admin_word(k)[0] for k in keys]

    on_division = division[text_rows]
    exact_keys = np.concatenate([text_key, mapped(text_key[on_division], cores)])
    exact_rows = np.concatenate([text_rows, text_rows[on_division]])

    on_loose = loose[exact_rows]
    # (a name's own loose key is its name key's, but where a caron spells two letters)
    caron = np.fromiter(map(has_caron, text_table), dtype=bool, count=len(text_table))[text_code]
    with_caron = loose[text_rows] & caron
    caron_names = [text_table[c] for c in text_code[with_caron].tolist()]
    loose_key_ids = np.concatenate(
        [mapped(exact_keys[on_loose], loose_keys), intern(loose_keys(caron_names))]
    )
    loose_rows = np.concatenate([exact_rows[on_loose], text_rows[with_caron]])

    hashes = hash_keys(strings)
    exact_kept = exact_keys != ids.get("", -1)
    loose_kept = loose_key_ids != ids.get("", -1)
    id_code, id_table = pd.factorize(np.array(df["id"].tolist(), dtype=object))
    return {
        "name_hash": hashes[text_key[:n]],  # (the first n texts are the rows' own names)
        **_index("exact", exact_keys[exact_kept], exact_rows[exact_kept], hashes, prior),
        **_index("loose", loose_key_ids[loose_kept], loose_rows[loose_kept], hashes, prior),
        **_index("id", id_code, every, hash_keys(id_table.tolist()), prior),
    }
