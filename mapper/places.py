"""The user's own places: a small CSV file the user edits, loaded over the bundled gazetteer.

The file (`data/places.csv` unless $MAPPER_PLACES names another) has a header and one place a
line; only `name`, `lat` and `lon` are needed:

    name,lat,lon,admin1,country,alternates
    Oktyabrskoye,51.577,34.802,Kursk Oblast,RU,Oktyabrskoe|Октябрьское
    Pisarevka,51.335,35.224,,,

`admin1` is the first-order division's name as the gazetteer knows it ("Kursk Oblast",
"Sumy region"), `country` an ISO code ("RU") or a country's name; both may be left empty, and
then come from the nearest bundled place. `alternates` are other names, `|`-separated; an
`admin2` column (a raion or district) may be added. A row that cannot be read is reported with
its line number and skipped; the others are still loaded. `mapper places add` appends a row.

This module reads and writes the file only; `Gazetteer.with_places` puts its places on the
map's hierarchy.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mapper.files import atomic_write_text

PLACES_COLUMNS = ("name", "lat", "lon", "admin1", "country", "alternates")


class PlacesFileError(ValueError):
    """A place cannot be added to the places file (the message says why)."""


@dataclass(frozen=True, slots=True)
class UserPlace:
    """One row of the user's places file, as written (names not yet resolved)."""

    name: str
    lat: float
    lon: float
    admin1: str = ""
    country: str = ""
    alternates: tuple[str, ...] = ()
    admin2: str = ""
    line: int = 0  # the row's line in the file (1 is the header)


@dataclass(slots=True)
class PlacesFile:
    """The places a file holds, and what was wrong with the rows that were skipped."""

    path: Path
    places: list[UserPlace] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "places.csv, line 4: ...; skipped"
    text: str = ""  # the file's content ("" when there is none), for cache keys


def places_path(gazetteer_file: Path) -> Path:
    """The user's places file: $MAPPER_PLACES, else `places.csv` beside `gazetteer_file`
    (`data/places.csv` in a checkout). It need not exist."""
    env = os.environ.get("MAPPER_PLACES")
    if env:
        return Path(env)
    return gazetteer_file.parent / "places.csv"


def read_places(path: str | os.PathLike[str]) -> PlacesFile:
    """The places of a places file. A missing or empty file holds none; a row without a name,
    or whose lat or lon is not a number in range, is skipped and named in `problems` with its
    line number. A file without the `name`, `lat` and `lon` columns is one problem."""
    path = Path(path)
    out = PlacesFile(path)
    try:
        out.text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return out
    except (OSError, UnicodeDecodeError) as error:
        out.problems.append(f"{path}: cannot be read ({error}); no places loaded from it")
        return out
    reader = csv.reader(io.StringIO(out.text))
    header = next(reader, None)
    if header is None:
        return out
    columns = [c.strip().lower() for c in header]
    missing = [c for c in ("name", "lat", "lon") if c not in columns]
    if missing:
        out.problems.append(
            f"{path}, line 1: the header has no {', '.join(missing)} column; no places loaded "
            f"(the columns are {','.join(PLACES_COLUMNS)})"
        )
        return out
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns):
            out.problems.append(
                f"{path}, line {line}: {len(values)} fields for {len(columns)} columns "
                "(a name with a comma needs quotes); skipped"
            )
            continue
        row = dict(zip(columns, (v.strip() for v in values), strict=False))
        try:
            out.places.append(_place(row, line))
        except ValueError as error:
            out.problems.append(f"{path}, line {line}: {error}; skipped")
    return out


def _place(row: dict[str, str], line: int) -> UserPlace:
    name = row.get("name", "")
    if not name:
        raise ValueError("no name")
    lat = _coordinate(row.get("lat", ""), "lat", 90.0)
    lon = _coordinate(row.get("lon", ""), "lon", 180.0)
    alternates = tuple(a.strip() for a in row.get("alternates", "").split("|") if a.strip())
    return UserPlace(
        name=name,
        lat=lat,
        lon=lon,
        admin1=row.get("admin1", ""),
        country=row.get("country", ""),
        alternates=alternates,
        admin2=row.get("admin2", ""),
        line=line,
    )


def _coordinate(text: str, what: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{what} {text} is not between -{limit:g} and {limit:g}")
    return value


def add_place(
    path: str | os.PathLike[str],
    name: str,
    lat: float,
    lon: float,
    *,
    admin1: str = "",
    country: str = "",
    alternates: Sequence[str] = (),
) -> int:
    """Append a place to the places file (made, with its header, if missing) and return the
    line it is on. The file is rewritten whole, atomically. Raises PlacesFileError for a
    place the file could not hold (no name, a coordinate out of range, a `|` in a name)."""
    path = Path(path)
    name = name.strip()
    names = [name, *(a.strip() for a in alternates)]
    if not name:
        raise PlacesFileError("a place needs a name")
    if any("|" in n or "\n" in n for n in names):
        raise PlacesFileError("a name cannot hold '|' or a line break")
    try:
        lat = _coordinate(str(lat), "lat", 90.0)
        lon = _coordinate(str(lon), "lon", 180.0)
    except ValueError as error:
        raise PlacesFileError(str(error)) from None
    existing = read_places(path)
    text = existing.text
    if not text.strip():
        text = ",".join(PLACES_COLUMNS) + "\n"
    elif not text.endswith("\n"):
        text += "\n"
    header = next(csv.reader(io.StringIO(text)))
    columns = [c.strip().lower() for c in header]
    values = {
        "name": name,
        "lat": f"{lat:g}",
        "lon": f"{lon:g}",
        "admin1": admin1.strip(),
        "country": country.strip(),
        "alternates": "|".join(n for n in names[1:] if n),
    }
    lost = [k for k, v in values.items() if v and k not in columns]
    if lost:
        raise PlacesFileError(f"{path} has no {', '.join(lost)} column; add it to the header")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([values.get(c, "") for c in columns])
    atomic_write_text(path, text + buffer.getvalue())
    return text.count("\n") + 1
