"""GazetteerGeocoder on the bundled gazetteer: the places the Kursk reporting names."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.exc import GeocoderRateLimited, GeocoderUnavailable, GeopyError
from geopy.geocoders import Nominatim
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


# -- the online fallback against a real Nominatim client -----------------------------------------
# `proxies={}`: the requests go straight to 127.0.0.1, whatever proxy the machine is set up with.


@pytest.fixture
def nominatim():
    """A local stand-in for Nominatim's /search on 127.0.0.1, asked by geopy's own Nominatim.

    `answers` maps a query to (HTTP status, JSON body), by default (200, []): no result;
    `asked` lists the queries the server received."""
    answers: dict[str, tuple[int, object]] = {}
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            query = parse_qs(urlsplit(self.path).query)["q"][0]
            asked.append(query)
            status, body = answers.get(query, (200, []))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    service = Nominatim(
        user_agent="mapper-test",
        domain=f"127.0.0.1:{server.server_port}",
        scheme="http",
        timeout=5,
        proxies={},
    )
    yield SimpleNamespace(service=service, answers=answers, asked=asked)
    server.shutdown()
    server.server_close()
    thread.join()


def _place(name, lat, lon):
    """One result as Nominatim's /search?format=json gives it."""
    return {"place_id": 1, "lat": str(lat), "lon": str(lon), "display_name": name}


def test_unreachable_fallback_raises_one_clear_error_and_caches_nothing(tmp_path):
    cache = tmp_path / "online.json"
    refused = Nominatim(
        user_agent="mapper-test", domain="127.0.0.1:9", scheme="http", timeout=2, proxies={}
    )
    coder = GazetteerGeocoder(fallback=refused, fallback_cache=cache, min_delay_seconds=0)
    for _ in range(2):  # a failure is not remembered: the second call asks again
        with pytest.raises(GeopyError, match=r"\(Nominatim\) could not be reached: .+") as caught:
            coder.geocode("Qwertyuiopville")
        assert caught.value.unreachable
        assert isinstance(caught.value.__cause__, GeocoderUnavailable)
        assert "nothing was cached" in str(caught.value)
    assert not cache.exists()


def test_fallback_answer_and_no_result_are_cached_but_a_service_error_is_not(tmp_path, nominatim):
    cache = tmp_path / "online.json"
    nominatim.answers["Qwertyuiopville"] = (200, [_place("Qwertyuiopville, Russia", 51.5, 35.1)])
    nominatim.answers["Brokenville"] = (500, {"error": "internal"})
    nominatim.answers["Busyville"] = (429, {"error": "slow down"})
    coder = GazetteerGeocoder(fallback=nominatim.service, fallback_cache=cache, min_delay_seconds=0)

    found = coder.geocode("Qwertyuiopville")
    assert (found.latitude, found.longitude) == (51.5, 35.1)
    assert coder.geocode("Nowhereville") is None  # the service's own "no result"
    for query, cause in (("Brokenville", GeopyError), ("Busyville", GeocoderRateLimited)):
        with pytest.raises(GeopyError, match="answered with an error") as caught:
            coder.geocode(query)
        assert not caught.value.unreachable and isinstance(caught.value.__cause__, cause)

    saved = json.loads(cache.read_text(encoding="utf-8"))
    assert saved["nowhereville"] is None and saved["qwertyuiopville"]["lat"] == 51.5
    assert "brokenville" not in saved and "busyville" not in saved
    asked_before = list(nominatim.asked)
    again = GazetteerGeocoder(fallback=nominatim.service, fallback_cache=cache, min_delay_seconds=0)
    assert again.geocode("Qwertyuiopville").latitude == 51.5
    assert again.geocode("Nowhereville") is None
    assert nominatim.asked == asked_before  # both answered from the cache, offline


MALFORMED_CACHES = {
    "a list": "[1, 2]",
    "an answer of the wrong shape": '{"qwertyuiopville": {"lat": "north"}}',
    "an answer that is a list": '{"qwertyuiopville": [51.5, 35.1]}',
    "a latitude out of range": (
        '{"qwertyuiopville": {"address": "Q", "lat": 951.5, "lon": 35.1, "raw": {}}}'
    ),
    "invalid JSON": '{"qwertyuiopville": ',
    "JSON nested too deeply": "[" * 100_000,
    "not UTF-8": b"\xff\xfe{}",
}


@pytest.mark.parametrize("content", MALFORMED_CACHES.values(), ids=MALFORMED_CACHES)
def test_malformed_cache_is_ignored_with_one_warning_and_rewritten(
    tmp_path, nominatim, capsys, content
):
    cache = tmp_path / "online.json"
    if isinstance(content, bytes):
        cache.write_bytes(content)
    else:
        cache.write_text(content, encoding="utf-8")
    before = cache.read_bytes()

    offline = GazetteerGeocoder(fallback_cache=cache)
    assert offline.geocode("Qwertyuiopville") is None
    assert offline.geocode("Qwertyuiopville") is None  # read once, warned once
    warning = capsys.readouterr().err.splitlines()
    assert len(warning) == 1 and warning[0].startswith("mapper: ignoring the online-geocoder cache")
    assert cache.read_bytes() == before  # no answer, so nothing is rewritten

    nominatim.answers["Qwertyuiopville"] = (200, [_place("Qwertyuiopville, Russia", 51.5, 35.1)])
    coder = GazetteerGeocoder(fallback=nominatim.service, fallback_cache=cache, min_delay_seconds=0)
    assert coder.geocode("Qwertyuiopville").latitude == 51.5
    assert json.loads(cache.read_text(encoding="utf-8"))["qwertyuiopville"]["lon"] == 35.1


# -- villages: the region a query names ------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "Kharkivka, Sumy region",
        "Kharkivka, Sumy Oblast",
        "the village of Kharkivka in Sumy Oblast",
        "Kharkivka, Sumy",
    ],
)
def test_a_village_is_the_one_of_the_region_the_query_names(coder, query):
    location = coder.geocode(query)
    assert location.raw["admin1_name"] == "Sumy Oblast", location.address
    assert float(haversine_km(location.latitude, location.longitude, 51.70, 34.24)) <= 10


def test_a_region_the_query_names_is_never_ignored(coder):
    # the Yantarne of Donetsk Oblast, not the Yantarnoye of Crimea it gave before
    location = coder.geocode("Yantarne, Donetsk Oblast")
    assert location.raw["admin1_name"] == "Donetsk Oblast"
    assert float(haversine_km(location.latitude, location.longitude, 47.94, 37.16)) <= 10
    # no Sudzha lies in Ukraine: no answer rather than the one in Russia
    assert coder.geocode("Sudzha, Ukraine") is None
    assert coder.geocode("Sudzha, Kursk Oblast").raw["name"] == "Sudzha"
    # a region outside the hierarchy (the Crimean peninsula) rules nothing out
    assert coder.geocode("Sevastopol, Crimea") is not None


def test_a_romanisation_variant_is_the_town_not_its_district(coder):
    sudja = coder.geocode("Sudja")
    assert sudja.raw["name"] == "Sudzha"
    assert float(haversine_km(sudja.latitude, sudja.longitude, 51.191, 35.271)) <= 1


def test_a_place_says_where_it_comes_from(coder):
    assert coder.geocode("Sudzha").raw["source"] == "geonames"
    assert coder.geocode("Robotyne, Zaporizhzhia Oblast").raw["source"] == "wof"
    placed = coder.geocode("Ceel Buur, Somalia")
    assert placed is not None and placed.raw["country_code"] == "SO"
