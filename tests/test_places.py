"""The user's places file: reading it (bad rows named by line), adding to it, and its places
over a gazetteer, winning over the bundled ones, in the geocoder and the geoparser."""

from __future__ import annotations

import csv

import pytest

from mapper.gazetteer import COLUMNS, Gazetteer
from mapper.geocoder import GazetteerGeocoder
from mapper.geoparse import Geoparser
from mapper.places import PlacesFileError, add_place, read_places

# A small bundled gazetteer: a country, two regions, and an Oktyabrskoye in each region.
BUNDLED = [
    ("1", "Russia", "A", "PCLI", "RU", "00", "", "", 60.0, 100.0, 144000000, "Россия"),
    ("2", "Kursk Oblast", "A", "ADM1", "RU", "41", "Kursk Oblast", "", 51.5, 36.0, 0, ""),
    ("3", "Krasnodar Krai", "A", "ADM1", "RU", "38", "Krasnodar Krai", "", 45.0, 39.0, 0, ""),
    ("4", "Rylsk", "P", "PPL", "RU", "41", "Kursk Oblast", "Rylsky District", 51.57, 34.68, 15000,
     "Рыльск"),
    ("5", "Oktyabrskoye", "P", "PPL", "RU", "38", "Krasnodar Krai", "", 45.1, 39.1, 3000, ""),
    ("6", "Oktyabrskoye", "P", "PPL", "RU", "41", "Kursk Oblast", "Sovetsky District", 51.8,
     37.58, 900, ""),
]  # fmt: skip


@pytest.fixture
def bundled(tmp_path, monkeypatch) -> Gazetteer:
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "gazetteer.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for rid, name, fcls, fcode, cc, a1, a1name, a2, lat, lon, pop, alts in BUNDLED:
            w.writerow([rid, name, name, alts, lat, lon, fcls, fcode, cc, a1, a1name, a2, pop,
                        "test", "", 1])  # fmt: skip
    return Gazetteer.load(path)


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


# -- the file ----------------------------------------------------------------------------


def test_a_malformed_row_is_reported_with_its_line_and_skipped(tmp_path):
    path = write(
        tmp_path / "places.csv",
        "name,lat,lon,admin1,country,alternates\n"
        "Pisarevka,51.335,35.224,,,\n"  # line 2: good
        "Nowhere,north,35,,,\n"  # line 3: lat not a number
        ",51,35,,,\n"  # line 4: no name
        "\n"  # line 5: blank, ignored
        "Farout,51,200,,,\n"  # line 6: lon out of range
        "Comma, Town,51,35,,,\n"  # line 7: an unquoted comma
        '"Oktyabrskoye",51.577,34.802,Kursk Oblast,RU,Oktyabrskoe|Октябрьское\n',  # line 8
    )
    places = read_places(path)
    assert [(p.name, p.line) for p in places.places] == [("Pisarevka", 2), ("Oktyabrskoye", 8)]
    assert places.places[1].alternates == ("Oktyabrskoe", "Октябрьское")
    assert places.places[1].admin1 == "Kursk Oblast" and places.places[1].country == "RU"
    assert places.problems == [
        f"{path}, line 3: lat 'north' is not a number; skipped",
        f"{path}, line 4: no name; skipped",
        f"{path}, line 6: lon 200 is not between -180 and 180; skipped",
        f"{path}, line 7: 7 fields for 6 columns (a name with a comma needs quotes); skipped",
    ]


def test_a_missing_file_holds_no_places_and_a_bad_header_is_one_problem(tmp_path):
    missing = read_places(tmp_path / "none.csv")
    assert missing.places == [] and missing.problems == []
    bad = read_places(write(tmp_path / "p.csv", "place,latitude,longitude\nX,1,2\n"))
    assert bad.places == []
    assert bad.problems == [
        f"{tmp_path / 'p.csv'}, line 1: the header has no name, lat, lon column; no places "
        "loaded (the columns are name,lat,lon,admin1,country,alternates)"
    ]


def test_add_place_makes_the_file_then_appends_and_gives_the_line(tmp_path):
    path = tmp_path / "data" / "places.csv"
    assert add_place(path, "Oktyabrskoye", 51.577, 34.802, admin1="Kursk Oblast") == 2
    assert add_place(path, "Kamyshevka, Kursk", -33.5, 151.25, alternates=["Kamyshovka"]) == 3
    assert path.read_text(encoding="utf-8") == (
        "name,lat,lon,admin1,country,alternates\n"
        "Oktyabrskoye,51.577,34.802,Kursk Oblast,,\n"
        '"Kamyshevka, Kursk",-33.5,151.25,,,Kamyshovka\n'
    )
    assert [p.name for p in read_places(path).places] == ["Oktyabrskoye", "Kamyshevka, Kursk"]


@pytest.mark.parametrize(
    "name, lat, lon, message",
    [
        ("", 1, 2, "a place needs a name"),
        ("X", 91, 2, "lat 91 is not between -90 and 90"),
        ("X", 1, float("nan"), "lon nan is not between -180 and 180"),
        ("A|B", 1, 2, "a name cannot hold '|' or a line break"),
    ],
)
def test_add_place_refuses_what_the_file_could_not_hold(tmp_path, name, lat, lon, message):
    path = tmp_path / "places.csv"
    with pytest.raises(PlacesFileError, match=message.replace("|", r"\|")):
        add_place(path, name, lat, lon)
    assert not path.exists()


# -- over the gazetteer --------------------------------------------------------------------


def test_the_users_place_wins_over_the_bundled_ones_of_its_name(bundled, tmp_path):
    path = write(
        tmp_path / "places.csv",
        "name,lat,lon,admin1,country,alternates\nOktyabrskoye,51.577,34.802,Kursk Oblast,,"
        "Oktyabrskoe|Октябрьское\n",
    )
    gaz = bundled.with_places(read_places(path))
    assert len(gaz) == len(bundled) + 1
    for query in ("Oktyabrskoye", "Oktyabrskoe", "Октябрьское", "Oktiabrskoie"):
        top = gaz.candidates(query)[0]
        assert (top.id, top.source, top.lat) == ("user:oktyabrskoye", "user", 51.577), query
    top = gaz.candidates("Oktyabrskoye")[0]
    assert (top.country_code, top.admin1_code, top.admin1_name) == ("RU", "41", "Kursk Oblast")
    assert gaz.place(gaz.admin1_row(gaz.index_of("user:oktyabrskoye"))).name == "Kursk Oblast"
    assert gaz.get("user:oktyabrskoye").name == "Oktyabrskoye"
    # the bundled places of that name are still there, behind it
    assert {p.id for p in gaz.candidates("Oktyabrskoye")} == {"user:oktyabrskoye", "5", "6"}
    # and the hierarchy of the text still picks another one
    coder = GazetteerGeocoder(gaz)
    assert coder.geocode("Oktyabrskoye, Krasnodar Krai").raw["id"] == "5"
    assert coder.geocode("Oktyabrskoye").raw["source"] == "user"


def test_a_place_without_hierarchy_takes_its_nearest_bundled_neighbours(bundled, tmp_path):
    path = write(tmp_path / "places.csv", "name,lat,lon\nPisarevka,51.60,34.70\n")
    place = bundled.with_places(read_places(path)).candidates("Pisarevka")[0]
    assert (place.country_code, place.admin1_name, place.admin2_name) == (
        "RU",
        "Kursk Oblast",
        "Rylsky District",
    )


def test_an_unknown_region_is_kept_as_written_and_reported(bundled, tmp_path):
    path = write(tmp_path / "places.csv", "name,lat,lon,admin1\nZed,51.6,34.7,Nowhere Oblast\n")
    places = read_places(path)
    place = bundled.with_places(places).candidates("Zed")[0]
    assert place.admin1_name == "Nowhere Oblast" and place.admin1_code == ""
    assert places.problems == [
        f"{path}, line 2: no first-order division 'Nowhere Oblast' in the gazetteer; the place "
        "is kept with it as written"
    ]


def test_an_edit_of_the_file_changes_the_cache_tag(bundled, tmp_path):
    path = write(tmp_path / "places.csv", "name,lat,lon\nPisarevka,51.60,34.70\n")
    first = bundled.with_places(read_places(path)).cache_tag
    write(path, "name,lat,lon\nPisarevka,51.61,34.70\n")
    second = bundled.with_places(read_places(path)).cache_tag
    assert len({bundled.cache_tag, first, second}) == 3


def test_the_geoparser_finds_the_users_places(bundled, tmp_path):
    path = write(tmp_path / "places.csv", "name,lat,lon\nPisarevka,51.60,34.70\n")
    parser = Geoparser(bundled.with_places(read_places(path)))
    found = [(t.text, t.place.id) for t in parser.parse("Shelling near Pisarevka was reported.")]
    assert found == [("Pisarevka", "user:pisarevka")]
    assert Geoparser(bundled).parse("Shelling near Pisarevka was reported.") == []


def test_the_default_gazetteer_reads_the_places_file_and_names_bad_rows(
    bundled, tmp_path, monkeypatch, capsys
):
    path = write(tmp_path / "places.csv", "name,lat,lon\nPisarevka,51.60,34.70\nBad,x,1\n")
    monkeypatch.setenv("MAPPER_GAZETTEER", bundled.path)
    monkeypatch.setenv("MAPPER_PLACES", str(path))
    monkeypatch.setattr(Gazetteer, "_default", None)
    gaz = Gazetteer.default()
    assert gaz.candidates("Pisarevka")[0].source == "user"
    assert f"mapper: {path}, line 3: lat 'x' is not a number; skipped" in capsys.readouterr().err
