"""`GazetteerGeocoder`: a geopy geocoder over the bundled gazetteer, offline.

It fills the same two methods as every geopy geocoder, so it can stand wherever one does:

>>> from mapper.geocoder import GazetteerGeocoder                   # doctest: +SKIP
>>> GazetteerGeocoder().geocode("Oktyabrskoye, Rylsky District").point  # doctest: +SKIP
Point(51.57667, 34.80222, 0.0)

A qualifier after a comma ("Paris, Texas", "Sudzha, Kursk Oblast") narrows the choice; without
one, the choice is the one a reader would make (the most important place of that name). An
opt-in online fallback asks one of geopy's own geocoders for names the gazetteer lacks, at most
one request a second, and keeps its answers in a JSON file that later runs read offline.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict
from pathlib import Path

from geopy.exc import GeocoderTimedOut, GeocoderUnavailable, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from mapper.display import safe_display
from mapper.files import atomic_write_text
from mapper.gazetteer import SETTLEMENT_PREFIX, Containers, Gazetteer
from mapper.names import name_key

_QUALIFIER_SPLIT = re.compile(r"\s*,\s*|\s+in\s+(?:the\s+)?(?=[A-ZА-Я])")
_QUALIFIER_BONUS = 20.0
_QUALIFIER_CANDIDATES = 20  # a qualifier's likeliest meanings, tested as containers


class GeocodeQueryError(ValueError):
    """The query cannot be geocoded as given (empty, or not text)."""


class OnlineGeocoderError(GeopyError):
    """The online fallback failed to answer; nothing was cached, so a later call asks again.

    `service` names the geocoder ("Nominatim"), `cause` is geopy's own exception, and
    `unreachable` tells a service that could not be reached or did not answer in time
    (GeocoderUnavailable, GeocoderTimedOut: check the network) from one that answered with an
    error (any other GeopyError: a refusal, a rate limit, an answer that is not JSON).
    """

    def __init__(self, service: str, cause: GeopyError) -> None:
        self.service = service
        self.cause = cause
        self.unreachable = isinstance(cause, GeocoderUnavailable | GeocoderTimedOut)
        what = "could not be reached" if self.unreachable else "answered with an error"
        super().__init__(
            f"the online geocoder ({service}) {what}: {_root_reason(cause)}; nothing was cached"
        )


def _root_reason(error: BaseException) -> str:
    """The first cause of `error` ("[Errno 111] Connection refused", not the three layers of
    HTTP library wrapped around it), made safe and short enough for a message."""
    seen = {id(error)}
    root = error
    while (inner := root.__cause__ or root.__context__) is not None and id(inner) not in seen:
        seen.add(id(inner))
        root = inner
    return safe_display(str(root) or str(error) or type(root).__name__, limit=160)


def place_location(gaz: Gazetteer, row: int, score: float | None = None) -> Location:
    """A geopy `Location` for a gazetteer row; `raw` holds the Place's fields."""
    place = gaz.place(row)
    raw = asdict(place)
    if score is not None:
        raw["score"] = round(float(score), 3)
    return Location(place.label(), Point(place.lat, place.lon), raw)


def location_record(location: Location) -> dict:
    """The JSON shape of a geocoded place in `mapper geocode --json` (DESIGN.md's contract,
    with the source the place came from: `geonames`, `wof`, `ua-register`, ..., `user` for
    the user's places file, `online`); a fallback answer from an online geocoder has only
    its address and point."""
    raw = location.raw
    return {
        "name": raw.get("name", location.address),
        "id": raw.get("id"),
        "lat": location.latitude,
        "lon": location.longitude,
        "feature_code": raw.get("feature_code"),
        "country_code": raw.get("country_code"),
        "admin1": raw.get("admin1_name"),
        "admin2": raw.get("admin2_name"),
        "population": raw.get("population"),
        "source": raw.get("source"),
        "geo_precision": raw.get("geo_precision", 1),
    }


class GazetteerGeocoder(Geocoder):
    """Geocode against the bundled gazetteer; optionally fall back to an online geocoder.

    :param gazetteer: the gazetteer to use (default: the bundled one, loaded once).
    :param fallback: a geopy geocoder asked when the gazetteer has no answer (e.g.
        ``Nominatim(user_agent="mapper")``). None (the default) keeps everything offline.
    :param fallback_cache: JSON file where fallback answers are kept, read on later runs.
        Only answers are kept (a place, or the service's "no result"), never a failure; a
        file that is not what this class writes is ignored with a warning on stderr.
    :param min_delay_seconds: the fallback's rate limit.

    `geocode` raises OnlineGeocoderError when the gazetteer has no answer and the fallback
    fails (unreachable, timed out, or answering with an error); nothing is cached then.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        fallback: Geocoder | None = None,
        fallback_cache: str | os.PathLike[str] | None = None,
        min_delay_seconds: float = 1.0,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.default()
        self.fallback = fallback
        self._fallback_call = (
            # No retry: a retry of an unreachable service only adds a wait and a logged
            # traceback; errors reach _ask_fallback, which must not cache them.
            RateLimiter(
                fallback.geocode,
                min_delay_seconds=min_delay_seconds,
                max_retries=0,
                swallow_exceptions=False,
            )
            if fallback is not None
            else None
        )
        self.fallback_cache = Path(fallback_cache) if fallback_cache else None
        self._answers: dict[str, dict | None] | None = None

    # -- geopy API -------------------------------------------------------------------------

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country_codes: str | list[str] | None = None,
        feature_codes: list[str] | None = None,
        timeout=None,
    ) -> Location | list[Location] | None:
        """Resolve a place name (with optional qualifiers) to a `Location` or a list of them."""
        ranked = self.rank(query, country_codes=country_codes, feature_codes=feature_codes)
        if ranked:
            keep = 1 if exactly_one else limit or None
            locations = [place_location(self.gazetteer, r, s) for r, s in ranked[:keep]]
        else:
            online = self._ask_fallback(query)
            locations = [online] if online is not None else []
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        """The nearest populated place to a point ("lat, lon" string, tuple or geopy Point)."""
        point = query if isinstance(query, Point) else Point(query)
        place = self.gazetteer.nearest(point.latitude, point.longitude)
        row = self.gazetteer.index_of(place.id)
        location = place_location(self.gazetteer, row)
        return location if exactly_one else [location]

    # -- ranking ---------------------------------------------------------------------------

    def rank(
        self,
        query: str,
        *,
        country_codes: str | list[str] | None = None,
        feature_codes: list[str] | None = None,
    ) -> list[tuple[int, float]]:
        """Candidate rows for a query with their scores, best first."""
        if not isinstance(query, str):
            raise GeocodeQueryError(f"query must be text, not {type(query).__name__}")
        # "the village of Kharkivka in Sumy Oblast": the name, then what holds it
        parts = [p for p in _QUALIFIER_SPLIT.split(query.strip()) if p.strip()]
        if parts:
            parts[0] = SETTLEMENT_PREFIX.sub("", parts[0].strip()) or parts[0]
        if not parts or not name_key(parts[0]):
            raise GeocodeQueryError("empty query: give a place name, e.g. 'Sudzha, Kursk Oblast'")
        gaz = self.gazetteer
        rows = gaz.candidate_rows(parts[0], feature_codes=feature_codes)
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        if country_codes:
            wanted = {c.upper() for c in country_codes}
            rows = [r for r in rows if gaz.country_code[r] in wanted]
        qualifiers = [
            Containers(gaz, gaz.candidate_rows(q)[:_QUALIFIER_CANDIDATES], q) for q in parts[1:]
        ]
        # a qualifier that names a country or a division is never ignored: "Yantarne, Donetsk
        # Oblast" is no Yantarne of another region, even where Donetsk Oblast holds none
        rows = [r for r in rows if not any(c.rules_out(r) for c in qualifiers)]
        scored = []
        base = gaz.scores(parts[0], rows) if rows else []
        for r, score in zip(rows, base, strict=True):
            bonus = sum(_QUALIFIER_BONUS for c in qualifiers if c.hold(r))
            scored.append((r, float(score) + bonus))
        scored.sort(key=lambda rs: -rs[1])
        return scored

    # -- online fallback -------------------------------------------------------------------

    def _ask_fallback(self, query: str) -> Location | None:
        """The cached answer for `query`, else the fallback's, cached; None when neither has one.

        Only an answer, or the service's own "no result", is cached: a failure to ask raises
        OnlineGeocoderError and leaves the cache as it was, so the next call asks again.
        """
        answers = self._load_answers()
        key = name_key(query)
        if key in answers:
            return _answer_location(answers[key])
        if self._fallback_call is None:
            return None
        try:
            found = self._fallback_call(query)
        except GeopyError as error:
            raise OnlineGeocoderError(type(self.fallback).__name__, error) from error
        saved = None
        if found is not None:
            saved = {
                "address": found.address,
                "lat": found.latitude,
                "lon": found.longitude,
                "raw": {"source": "online", "online_raw": dict(found.raw)},
            }
        answers[key] = saved
        self._save_answers()
        return _answer_location(saved)

    def _load_answers(self) -> dict[str, dict | None]:
        """The cache file's answers, read once. A file that is not valid JSON, or not the shape
        `_save_answers` writes, is set aside with one warning: it is never trusted, and the
        next answer rewrites it."""
        if self._answers is None:
            self._answers = {}
            path = self.fallback_cache
            if path is not None and path.exists():
                try:
                    self._answers = _valid_answers(json.loads(path.read_text(encoding="utf-8")))
                except (OSError, ValueError, RecursionError) as error:
                    reason = getattr(error, "strerror", None) or str(error)
                    print(
                        f"mapper: ignoring the online-geocoder cache "
                        f"{safe_display(path, limit=None)}: {safe_display(reason, limit=120)}; "
                        "it is rewritten at the next online answer",
                        file=sys.stderr,
                    )
        return self._answers

    def _save_answers(self) -> None:
        """Write the answers to the cache file; a cache that cannot be written costs only the
        reuse of this answer on later runs, so it is a warning, not an error."""
        if not self.fallback_cache:
            return
        text = json.dumps(self._answers, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            atomic_write_text(self.fallback_cache, text)
        except OSError as error:
            print(
                f"mapper: could not save the online answer to "
                f"{safe_display(self.fallback_cache, limit=None)}: {error.strerror or error}",
                file=sys.stderr,
            )


def _answer_location(saved: dict | None) -> Location | None:
    """The Location of a cached answer (None: the service had no result)."""
    if saved is None:
        return None
    return Location(saved["address"], Point(saved["lat"], saved["lon"]), saved["raw"])


_JSON_TYPES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    bool: "true or false",
    type(None): "null",
}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "a number")


def _answer_problem(saved: object) -> str | None:
    """What keeps `saved` from being a cached answer as `_ask_fallback` writes it, or None."""
    if saved is None:
        return None  # the service's "no result"
    if not isinstance(saved, dict):
        return f"{_json_type(saved)}, not an object"
    if not isinstance(saved.get("address"), str) or not isinstance(saved.get("raw"), dict):
        return "no `address` text or no `raw` object"
    lat, lon = saved.get("lat"), saved.get("lon")
    if type(lat) not in (int, float) or type(lon) not in (int, float):
        return "`lat` and `lon` are not numbers"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # (False for NaN too)
        return "`lat` or `lon` is out of range"
    return None


def _valid_answers(value: object) -> dict[str, dict | None]:
    """`value` (a parsed cache file) if it is what `_save_answers` writes; else ValueError."""
    if not isinstance(value, dict):
        raise ValueError(f"{_json_type(value)}, not an object of answers")
    for key, saved in value.items():
        problem = _answer_problem(saved)
        if problem:
            raise ValueError(f"the answer for '{safe_display(key, limit=40)}': {problem}")
    return value


def default_geocoder(*, online: bool = False) -> GazetteerGeocoder:
    """The bundled gazetteer's geocoder; with `online`, Nominatim answers what it lacks."""
    if not online:
        return GazetteerGeocoder()
    from geopy.geocoders import Nominatim

    from mapper.gazetteer import cache_dir

    return GazetteerGeocoder(
        fallback=Nominatim(user_agent="mapper-news-event-mapper"),
        fallback_cache=cache_dir() / "online-geocodes.json",
    )
