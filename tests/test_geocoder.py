"""GazetteerGeocoder on the bundled gazetteer: the places the Kursk reporting names."""

from __future__ import annotations

import json

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from mapper.gazetteer import haversine_km
from mapper.geocoder import GazetteerGeocoder, GeocodeQueryError


@pytest.fixture(scope="module")
def coder():
    return GazetteerGeocoder()


@pytest.mark.parametrize(
    "query, lat, lon, km",
    [
        ("Sudzha", 51.19, 35.27, 5),
        ("Суджа", 51.19, 35.27, 5),
        ("Sudža", 51.19, 35.27, 5),
        ("Rylsk", 51.57, 34.68, 5),
        ("Lipetsk", 52.60, 39.57, 10),
        ("Oktyabrskoye, Rylsk district", 51.58, 34.80, 3),
        ("Oktyabrskoye, Rylsky District", 51.58, 34.80, 3),
        ("Russkoye Porechnoye", 51.32, 35.34, 5),
        ("Kursk nuclear power plant", 51.675, 35.606, 5),
        ("Black Sea", 43.5, 34.0, 400),
        ("Crimea", 45.3, 34.4, 150),
        ("Nizhny Novgorod", 56.33, 44.0, 10),
        ("Kharkov", 49.99, 36.23, 10),
        ("Kiev", 50.45, 30.52, 10),
        ("Orel", 52.97, 36.08, 10),
        ("Paris", 48.86, 2.35, 20),
        ("Paris, Texas", 33.66, -95.56, 20),
        ("Moscow", 55.75, 37.62, 20),
        ("Washington", 38.90, -77.04, 20),
        ("Donetsk", 48.0, 37.8, 30),
    ],
)
def test_resolves_near_the_right_place(coder, query, lat, lon, km):
    location = coder.geocode(query)
    assert isinstance(location, Location)
    assert float(haversine_km(location.latitude, location.longitude, lat, lon)) <= km, (
        query,
        location.address,
    )


def test_kursk_region_is_the_oblast_not_the_city(coder):
    raw = coder.geocode("Kursk region").raw
    assert raw["feature_code"] == "ADM1" and raw["country_code"] == "RU"
    assert coder.geocode("Kursk").raw["feature_code"].startswith("PPL")


def test_qualifier_narrows_among_namesakes(coder):
    many = coder.geocode("Oktyabrskoye", exactly_one=False, limit=50)
    assert len(many) > 5  # dozens of Oktyabrskoyes exist
    rylsk = coder.geocode("Oktyabrskoye, Kursk Oblast", exactly_one=False, limit=10)
    assert all(loc.raw["admin1_name"] == "Kursk Oblast" for loc in rylsk[:2])


def test_is_a_geopy_geocoder_with_reverse(coder):
    assert isinstance(coder, Geocoder)
    near_sudzha = coder.reverse("51.19, 35.27")
    assert near_sudzha.raw["name"] == "Sudzha"
    assert json.dumps(near_sudzha.raw)  # raw holds plain fields


def test_bad_queries_raise_clear_errors(coder):
    with pytest.raises(GeocodeQueryError, match="empty query"):
        coder.geocode("   ")
    with pytest.raises(GeocodeQueryError, match="must be text"):
        coder.geocode(None)
    assert coder.geocode("Xqzzyvillex") is None


def test_online_fallback_answers_are_kept_and_reused_offline(tmp_path):
    """A real geopy geocoder stands in for the online service: our own, on a second gazetteer
    answer. Its answers must land in the cache file and be served from it afterwards."""

    calls = []

    class Recording(GazetteerGeocoder):
        def geocode(self, query, **kwargs):
            calls.append(query)
            return super().geocode("Sudzha", **kwargs)

    cache = tmp_path / "online.json"
    coder = GazetteerGeocoder(fallback=Recording(), fallback_cache=cache, min_delay_seconds=0)
    first = coder.geocode("Qwertyuiopville")
    assert first is not None and calls == ["Qwertyuiopville"]
    assert "qwertyuiopville" in json.loads(cache.read_text())
    offline = GazetteerGeocoder(fallback_cache=cache)  # no fallback service at all
    again = offline.geocode("Qwertyuiopville")
    assert (again.latitude, again.longitude) == (first.latitude, first.longitude)
