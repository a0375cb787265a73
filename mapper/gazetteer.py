"""The bundled gazetteer: `Place`, and `Gazetteer` to find places by name or by point.

The gazetteer is `data/gazetteer.csv` (built by `scripts/build_gazetteer.py`). Loading it
builds a name index once and keeps it in a cache file keyed by the CSV's size and mtime, so a
later process starts in a fraction of a second without pandas.

>>> gaz = Gazetteer.default()                                    # doctest: +SKIP
>>> gaz.candidates("Rylsk district")[0].feature_code             # doctest: +SKIP
'ADM2'
"""

from __future__ import annotations

import csv
import math
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from mapper.names import loose_key, name_key

COLUMNS = (
    "id", "name", "ascii_name", "alternate_names", "lat", "lon", "feature_class",
    "feature_code", "country_code", "admin1_code", "admin1_name", "admin2_name",
    "population", "source", "note",
)  # fmt: skip
_REQUIRED = ("id", "name", "lat", "lon", "feature_class", "feature_code", "country_code")

CACHE_VERSION = 3

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
_ADMIN_SUFFIX = re.compile(
    r"\s+(" + "|".join(sorted((re.escape(w) for w in ADMIN_WORDS), key=len, reverse=True)) + r")$"
)

# A prior for "which place does a bare name mean": feature type first, then population.
_FEATURE_PRIOR: dict[str, float] = {
    "PCLI": 9.0, "PCLD": 8.0, "PCLS": 8.0, "PCLF": 8.0, "PCLIX": 7.0, "PCL": 8.0, "TERR": 6.5,
    "CONT": 9.5, "RGN": 6.5, "OCN": 8.0, "SEA": 7.5, "GULF": 6.0, "STRT": 6.0, "BAY": 5.5,
    "PEN": 6.5, "ISL": 5.0, "ADM1": 6.6, "ADM2": 4.6, "PPLC": 7.2, "PPLA": 5.4, "PPLA2": 4.8,
    "PPLG": 5.4,
    "PS": 5.0, "PSN": 5.0, "AIRB": 4.5, "AIRP": 4.5, "BDG": 4.5, "BLDG": 4.0,
}  # fmt: skip
_DEFAULT_PRIOR = {"P": 4.0, "A": 4.0, "H": 3.5, "T": 3.5, "L": 3.5, "S": 3.0}

_LEVEL_OF_CODE = {"PCLI": 0, "PCLD": 0, "PCLS": 0, "PCLF": 0, "PCLIX": 0, "PCL": 0, "TERR": 0}


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
    """Where the gazetteer is: $MAPPER_GAZETTEER, the installed package data, or the repo's data/."""
    env = os.environ.get("MAPPER_GAZETTEER")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "gazetteer.csv", here.parent / "data" / "gazetteer.csv"):
        if candidate.exists():
            return candidate
    return here.parent / "data" / "gazetteer.csv"


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
    key = name_key(name)
    m = _ADMIN_SUFFIX.search(key)
    if not m or m.start() == 0:
        return key, ()
    return key[: m.start()], ADMIN_WORDS[m.group(1)]


def _prior(feature_class: str, feature_code: str, population: int) -> float:
    base = _FEATURE_PRIOR.get(feature_code, _DEFAULT_PRIOR.get(feature_class, 3.0))
    return base + 0.55 * math.log10(population + 1)


class Gazetteer:
    """Places by name and by point. Load once (`Gazetteer.default()`) and share.

    Rows are kept as their CSV lines and parsed into `Place`s on demand; the numeric columns
    (lat, lon, population, prior) are numpy arrays so that resolution can work on many
    candidates at once.
    """

    def __init__(self, state: dict) -> None:
        self._lines: list[str] = state["lines"]
        self.lat: np.ndarray = state["lat"]
        self.lon: np.ndarray = state["lon"]
        self.population: np.ndarray = state["population"]
        self.prior: np.ndarray = state["prior"]
        self.feature_code: list[str] = state["feature_code"]
        self.country_code: list[str] = state["country_code"]
        self.admin1_code: list[str] = state["admin1_code"]
        self._exact: dict[str, tuple[int, ...]] = state["exact"]
        self._loose: dict[str, tuple[int, ...]] = state["loose"]
        self._ids: dict[str, int] = state["ids"]
        self._admin1: dict[tuple[str, str], int] = state["admin1"]
        self._countries: dict[str, int] = state["countries"]
        self.path: str = state["path"]

    # -- loading ---------------------------------------------------------------------------

    _default: Gazetteer | None = None

    @classmethod
    def default(cls) -> Gazetteer:
        """The bundled gazetteer, loaded once per process."""
        if cls._default is None:
            cls._default = cls.load(default_path())
        return cls._default

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, use_cache: bool = True) -> Gazetteer:
        """Load a gazetteer CSV (through the index cache when it is fresh)."""
        path = Path(path)
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise GazetteerError(
                f"gazetteer file not found: {path}. Rebuild it with "
                "`python scripts/build_gazetteer.py`, or point MAPPER_GAZETTEER at one."
            ) from None
        tag = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{CACHE_VERSION}"
        cache = cache_dir() / f"gazetteer-{abs(hash_text(tag)):016x}.pkl"
        if use_cache:
            state = _read_cache(cache, tag)
            if state is not None:
                return cls(state)
        state = _build_state(path)
        state["tag"] = tag
        if use_cache:
            _write_cache(cache, state)
        return cls(state)

    # -- rows --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._lines)

    def row(self, i: int) -> dict[str, str]:
        """The CSV fields of row `i`."""
        return dict(zip(COLUMNS, next(csv.reader([self._lines[i]])), strict=False))

    def place(self, i: int) -> Place:
        """The `Place` of row `i`."""
        f = next(csv.reader([self._lines[i]]))
        return Place(
            id=f[0], name=f[1], lat=float(self.lat[i]), lon=float(self.lon[i]),
            feature_class=f[6], feature_code=f[7], country_code=f[8], admin1_code=f[9],
            admin1_name=f[10], admin2_name=f[11], population=int(self.population[i]),
            source=f[13],
        )  # fmt: skip

    def alternate_names(self, i: int) -> list[str]:
        alt = self.row(i)["alternate_names"]
        return alt.split("|") if alt else []

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        i = self._ids.get(place_id)
        return None if i is None else self.place(i)

    def index_of(self, place_id: str) -> int | None:
        return self._ids.get(place_id)

    # -- names -----------------------------------------------------------------------------

    def lookup(self, name: str, *, loose: bool = True) -> tuple[int, ...]:
        """Row numbers whose names match `name`, best prior first; loose variants if none."""
        key = name_key(name)
        rows = self._exact.get(key, ())
        if not rows and loose:
            rows = self._loose.get(loose_key(name), ())
        return rows

    def has_name(self, key: str) -> bool:
        """Whether `key` (already a `name_key`) names any place exactly."""
        return key in self._exact

    def candidate_rows(
        self,
        name: str,
        *,
        feature_codes: Iterable[str] | None = None,
        country_code: str | None = None,
    ) -> list[int]:
        """Rows that `name` may mean, best first. Admin words ("Kursk region") restrict levels."""
        core, levels = admin_core(name)
        rows: Sequence[int] = ()
        if levels:
            # "Kursk region": the full form if the gazetteer has it, else the core among divisions.
            rows = [r for r in self.lookup(name, loose=False) if self.feature_code[r] in levels]
            if not rows:
                rows = [r for r in self.lookup(core) if self.feature_code[r] in levels]
            if not rows:
                rows = [r for r in self._loose.get(loose_key(core), ()) if self.feature_code[r] in levels]
        if not rows:
            rows = self.lookup(name)
        if feature_codes is not None:
            wanted = set(feature_codes)
            rows = [r for r in rows if self.feature_code[r] in wanted]
        if country_code:
            rows = [r for r in rows if self.country_code[r] == country_code.upper()]
        return list(rows)

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
        return self._admin1.get((self.country_code[i], self.admin1_code[i]))

    def country_row(self, country_code: str) -> int | None:
        return self._countries.get(country_code)

    def admin1_of(self, place: Place) -> Place | None:
        i = self._admin1.get((place.country_code, place.admin1_code))
        return None if i is None else self.place(i)

    def country_of(self, place: Place) -> Place | None:
        i = self._countries.get(place.country_code)
        return None if i is None else self.place(i)

    # -- points ----------------------------------------------------------------------------

    @cached_property
    def _populated(self) -> np.ndarray:
        return np.flatnonzero(np.array([c.startswith("PPL") for c in self.feature_code]))

    def nearest(self, lat: float, lon: float, *, populated_only: bool = True) -> Place:
        """The place nearest to a point (a populated place unless `populated_only=False`)."""
        rows = self._populated if populated_only else np.arange(len(self))
        d = haversine_km(lat, lon, self.lat[rows], self.lon[rows])
        return self.place(int(rows[int(np.argmin(d))]))


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; works on numpy arrays (shapely-style: whole arrays at once)."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def hash_text(text: str) -> int:
    """A stable 64-bit hash (Python's hash() is salted per process)."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _read_cache(cache: Path, tag: str) -> dict | None:
    try:
        with open(cache, "rb") as fh:
            state = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return state if isinstance(state, dict) and state.get("tag") == tag else None


def _write_cache(cache: Path, state: dict) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home still works, just without the cache


def _build_state(path: Path) -> dict:
    """Parse the CSV and build the name indexes (the slow path, once per gazetteer file)."""
    with open(path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    raw_lines = text.splitlines()
    if not raw_lines:
        raise GazetteerError(f"gazetteer file is empty: {path}")
    header = next(csv.reader([raw_lines[0]]))
    missing = [c for c in _REQUIRED if c not in header]
    if header[: len(COLUMNS)] != list(COLUMNS):
        if missing:
            raise GazetteerError(f"{path}: missing columns {', '.join(missing)}")
        raise GazetteerError(f"{path}: columns must be, in order: {', '.join(COLUMNS)}")

    lines: list[str] = []
    lat: list[float] = []
    lon: list[float] = []
    pop: list[int] = []
    prior: list[float] = []
    fcode: list[str] = []
    ccode: list[str] = []
    a1code: list[str] = []
    exact: dict[str, list[int]] = {}
    loose: dict[str, list[int]] = {}
    ids: dict[str, int] = {}
    admin1: dict[tuple[str, str], int] = {}
    countries: dict[str, int] = {}

    # Physical lines are records: the build script writes no newline inside a field.
    for lineno, line in enumerate(raw_lines[1:], start=2):
        if not line.strip():
            continue
        f = next(csv.reader([line]))
        try:
            if len(f) != len(header):
                raise ValueError(f"{len(f)} fields, expected {len(header)}")
            y, x = float(f[4]), float(f[5])
            if not (-90 <= y <= 90 and -180 <= x <= 180):
                raise ValueError(f"coordinates out of range ({y}, {x})")
            p = int(float(f[12])) if f[12] else 0
        except ValueError as exc:
            raise GazetteerError(f"{path}, line {lineno}: malformed row ({exc}): {line[:80]}") from None
        i = len(lines)
        lines.append(line)
        lat.append(y)
        lon.append(x)
        pop.append(p)
        fcode.append(f[7])
        ccode.append(f[8])
        a1code.append(f[9])
        prior.append(_prior(f[6], f[7], p))
        ids[f[0]] = i
        if f[7] == "ADM1":
            admin1.setdefault((f[8], f[9]), i)
        elif f[7] in ("PCLI", "PCLD", "PCLS", "PCLF", "PCLIX", "PCL", "TERR"):
            countries.setdefault(f[8], i)
        names = {f[1], f[2], *(f[3].split("|") if f[3] else ())}
        names.discard("")
        keys = {name_key(n) for n in names}
        if f[7] in ("ADM1", "ADM2"):
            # A division is also meant by its bare core: "seven in Kursk" may be the region.
            keys |= {admin_core(n)[0] for n in names}
        for k in keys:
            if k:
                exact.setdefault(k, []).append(i)
        for k in {loose_key(n) for n in names} | {loose_key(k) for k in keys}:
            if k:
                loose.setdefault(k, []).append(i)

    prior_arr = np.array(prior, dtype=np.float32)

    def ranked(index: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
        return {k: tuple(sorted(v, key=lambda r: -prior_arr[r])) for k, v in index.items()}

    return {
        "path": str(path),
        "lines": lines,
        "lat": np.array(lat, dtype=np.float64),
        "lon": np.array(lon, dtype=np.float64),
        "population": np.array(pop, dtype=np.int64),
        "prior": prior_arr,
        "feature_code": fcode,
        "country_code": ccode,
        "admin1_code": a1code,
        "exact": ranked(exact),
        "loose": ranked(loose),
        "ids": ids,
        "admin1": admin1,
        "countries": countries,
    }
