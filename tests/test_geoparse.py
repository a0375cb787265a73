"""The geoparser on the bundled gazetteer: recognition, resolution and the JSON contract."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from mapper.gazetteer import haversine_km
from mapper.geoparse import Demonyms, Geoparser, toponym_record


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def names(parser, text):
    return {t.text: t for t in parser.parse(text)}


def near(place, lat, lon, km=25):
    return float(haversine_km(place.lat, place.lon, lat, lon)) <= km


def test_village_in_district_is_the_one_in_that_district(parser):
    found = names(parser, "Videos showed fires near the village of Oktyabrskoye in Rylsk district.")
    assert near(found["Oktyabrskoye"].place, 51.58, 34.80, km=5)
    assert found["Rylsk district"].place.feature_code == "ADM2"


def test_admin_word_gives_the_division_not_the_city(parser):
    found = names(parser, "Ukrainian forces advanced in the Kursk region on Tuesday.")
    assert found["Kursk region"].place.feature_code == "ADM1"
    assert found["Ukrainian"].kind == "demonym"
    assert found["Ukrainian"].place.country_code == "UA"


def test_list_of_regions_reads_bare_names_as_regions(parser):
    text = (
        "Air defences destroyed 75 drones: 26 in the Belgorod region, seven in Kursk, "
        "five in Bryansk, four in Voronezh and 19 in Lipetsk."
    )
    found = names(parser, text)
    for name in ("Kursk", "Bryansk", "Voronezh", "Lipetsk"):
        assert found[name].place.feature_code == "ADM1", name
    # "oblasts" and "provinces" end such a list as "regions" does
    found = names(parser, "Drones were shot down over the Sumy, Kharkiv and Poltava oblasts.")
    for name in ("Sumy", "Kharkiv", "Poltava"):
        assert found[name].place.feature_code == "ADM1", name
    # the same bare name elsewhere, outside a list of regions, is the city
    city = names(parser, "In Lipetsk, a military airfield was struck.")["Lipetsk"].place
    assert city.feature_code.startswith("PPL")
    # a city that is a first-order division of its own is not its region's name in a list
    found = names(parser, "Drones were downed over Kyiv, Sumy and Poltava oblasts.")
    assert found["Kyiv"].place.name == "Kyiv Oblast"
    found = names(parser, "Drones were downed over the Moscow, Kursk and Belgorod regions.")
    assert found["Moscow"].place.name == "Moscow Oblast"
    assert names(parser, "Russian missiles struck Kyiv.")["Kyiv"].place.feature_code == "PPLC"
    # nor is a name of the list's sentence outside the list
    text = "Officials in Moscow announced a regime in the Kursk, Belgorod and Bryansk regions."
    assert names(parser, text)["Moscow"].place.name == "Moscow"
    # a comma of the list is no "village, region": villages named Rivne lie in Volyn and Lviv
    found = names(parser, "Power plants were hit in the Volyn, Rivne, Lviv and Odesa regions.")
    for name in ("Volyn", "Rivne", "Lviv", "Odesa"):
        assert found[name].place.feature_code == "ADM1", name


def test_people_and_organisations_are_not_places(parser):
    text = (
        "Oleg Deripaska spoke in Tokyo. Marco Rubio and Donald Trump met General Gerasimov. "
        "Nikkei Asia and the Kyiv Independent reported it, as did the Institute for the "
        "Study of War in Washington."
    )
    found = names(parser, text)
    assert "Tokyo" in found and found["Tokyo"].place.country_code == "JP"
    assert "Washington" in found and near(found["Washington"].place, 38.9, -77.04, km=30)
    for word in ("Oleg", "Deripaska", "Rubio", "Trump", "Gerasimov", "Asia", "Kyiv", "Marco"):
        assert word not in found, word


def test_an_armed_group_named_like_a_town_is_no_place(parser):
    # the gazetteer holds a Boko (Congo) and "Hamas" among Hamm's names
    found = names(parser, "Jets hit Boko Haram positions near Maiduguri and Hamas camps in Rafah.")
    assert set(found) == {"Maiduguri", "Rafah"}
    # a name listed as an organisation's is still a place where it stands alone
    assert names(parser, "The army retook Azov.")["Azov"].place.country_code == "RU"
    # a weapon's name ("Dome" is a town of Ghana)
    assert set(names(parser, "The Iron Dome intercepted rockets over Haifa.")) == {"Haifa"}


def test_a_place_in_a_neighbouring_country_of_the_story_wins_over_a_namesake_elsewhere(parser):
    # alone, "Gaza" is Mozambique's province (a first-order division outranks a city)
    for text in ("Israeli jets struck Gaza overnight.", "Rockets hit Tel Aviv and Gaza."):
        assert names(parser, text)["Gaza"].place.country_code == "PS", text
    # a division named does not count as a place of the story inside itself
    found = names(parser, "Sirens sounded in Haifa. Gaza was quiet.")
    assert found["Gaza"].place.country_code == "PS"


def test_an_armed_side_counts_for_its_country_and_its_neighbours_only_where_nothing_else_does(
    parser,
):
    # alone, "Jenin" is a village of Poland that bears the name as its own; the West Bank city
    # bears it as an alternate name
    text = "Israeli troops killed two men in Jenin refugee camp."
    assert names(parser, text)["Jenin"].place.country_code == "PS"
    # a side's forces do not move a place into their own country against the story's
    found = names(parser, "Russian forces shelled Sumy, Ukraine.")
    assert found["Sumy"].place.country_code == "UA"


def test_a_word_ending_with_a_participle_opens_no_longer_name(parser):
    for text in ("A drone hit a bus station in Russian-held Oleshky.", "Hamas-run Gaza."):
        assert len(names(parser, text)) == 1, text
    # a capitalised word of no participle still may ("Eight-year-old" is no place's)
    assert not names(parser, "INVERNESS - Eight-year-old Georgia Mills won the race.").get(
        "Georgia"
    )


def test_a_compass_word_alone_before_a_name_the_gazetteer_lacks_is_no_place(parser):
    # "North" is a region of Cameroon; "North Waziristan" is no name of the gazetteer's
    assert names(parser, "Militants attacked a checkpoint in North Waziristan.") == {}
    assert names(parser, "Fighting spread in North Darfur.")["North Darfur"].place
    assert names(parser, "Shelling hit the Central Market of Kharkiv.").keys() == {"Kharkiv"}


def test_a_landform_word_after_a_name_is_no_place_of_its_own(parser):
    # "Valley" is a town in Nebraska; the name before the landform word stays
    found = names(parser, "Jets struck depots in the Bekaa Valley and the Hula Valley.")
    assert "Valley" not in found
    assert found["Bekaa"].place.country_code == "LB"


def test_the_last_name_of_an_aside_holds_the_name_before_it(parser):
    # (district, region), as event notes write them: Russia's Orel Oblast has a Pokrovsky
    # District too, and the Russian aircraft named first is no clue to where it fell
    text = "Ukrainian forces shot down a Russian Su-25 over Pokrovsk district (Pokrovsk, Donetsk)."
    place = names(parser, text)["Pokrovsk district"].place
    assert (place.country_code, place.admin1_name) == ("UA", "Donetsk Oblast")


def test_the_head_of_a_longer_name_is_no_place(parser):
    # "Stade" (Lower Saxony) heads the stadium's name, "Walsh" (a town) a person's
    text = "The attackers struck at the Stade de France. Walsh of Mississauga spoke."
    found = names(parser, text)
    assert "Stade" not in found and "Walsh" not in found
    assert found["France"].place.country_code == "FR" and "Mississauga" in found


def test_an_arabic_name_that_opens_with_its_article_is_a_name(parser):
    found = names(parser, "Strikes hit tents in al-Mawasi, and RSF fighters shelled el-Fasher.")
    assert found["al-Mawasi"].place.country_code == "PS"
    assert found["el-Fasher"].place.country_code == "SD"


def test_an_arabic_name_with_its_article_is_read_whole(parser):
    found = names(parser, "A strike killed five people in Deir al-Balah in central Gaza.")
    assert found["Deir al-Balah"].place.country_code == "PS"
    assert names(parser, "Drones struck Deir ez-Zor.")["Deir ez-Zor"].place.country_code == "SY"
    # one the gazetteer lacks gives no place for its head ("Wad", a village elsewhere)
    assert not names(parser, "Fighters stormed Wad al-Nourah.")


def test_common_words_that_are_towns_are_not_places(parser):
    found = names(parser, "March was cold. Nice work. Reading the report, he said it was a Split.")
    assert not set(found) & {"March", "Nice", "Reading", "Split"}


def test_possessive_cyrillic_and_abbreviations(parser):
    found = names(parser, "Russia's army shelled Суджа while U.S. officials watched.")
    assert found["Russia"].place.country_code == "RU"
    assert near(found["Суджа"].place, 51.19, 35.27)
    assert found["U.S."].place.country_code == "US"


def test_readers_default_for_bare_names(parser):
    for text, lat, lon in (
        ("He flew to Paris.", 48.86, 2.35),
        ("Talks were held in Moscow.", 55.75, 37.62),
        ("Shelling hit Donetsk again.", 48.0, 37.8),
    ):
        (t,) = parser.parse(text)
        assert near(t.place, lat, lon, km=60), text


def test_a_landmark_named_by_its_own_name_is_the_landmark(parser):
    # "White House" is also an alternate name of Casablanca (Dar al-Bayda), a city of three
    # million: a landmark named by its own name outranks a place that bears it as another
    found = names(parser, "Officials at the White House said the talks would go on.")
    assert near(found["White House"].place, 38.8977, -77.0365, km=5)


def test_explicit_qualifier_wins_over_population(parser):
    (paris, texas) = parser.parse("A storm hit Paris, Texas on Monday.")
    assert paris.place.country_code == "US" and texas.place.feature_code == "ADM1"


def test_a_weak_name_that_holds_the_place_before_it_is_kept(parser):
    # "Md." and "Va." alone score under the threshold; after a place they contain, they are
    # its state, and they choose that place among its namesakes
    for text, town, state in (
        ("He lives in Bethesda, Md., with his wife.", "Bethesda", "Maryland"),
        ("The plane landed in Franklin, Va. on Sunday.", "Franklin", "Virginia"),
    ):
        found = {t.text: t.place for t in parser.parse(text)}
        assert found[town].admin1_name == state, text
        assert [p.name for k, p in found.items() if k != town] == [state], text
    # a weak name after a place it does not hold stays out
    assert [t.text for t in parser.parse("They met in Sudzha, Va.")] == ["Sudzha"]


def test_a_weak_name_listed_after_a_place_of_its_region_is_kept(parser):
    # "Obshchy Kolodez" (77 people) scores under the threshold after "and"; listed after a
    # village of its region, it is the next village of the list
    text = "Russia said it repelled attacks near the villages of Tolpino and Obshchy Kolodez."
    found = {t.text: t.place for t in parser.parse(text)}
    assert found["Obshchy Kolodez"].admin2_name == "Korenevsky District"
    assert found["Tolpino"].admin1_name == "Kursk Oblast"
    # nor is a name kept by a list with a place of another region
    assert "Obshchy Kolodez" not in names(parser, "We flew to Paris and Obshchy Kolodez.")
    # the region may be that of any reading of the name before it: Kursk's Lyubimovka, not
    # the likelier Liubymivka of Kherson
    text = "Shelling was reported in Lyubimovka, Nizhny Klin and Korenevo on Monday."
    found = {t.text: t.place for t in parser.parse(text)}
    assert found["Nizhny Klin"].admin1_name == "Kursk Oblast"


def test_a_part_of_a_town_is_none_of_its_namesakes_far_from_that_town(parser):
    # Bakara is a French village's name (Baccarat) among others, none near Mogadishu
    text = "Gunmen shot a trader dead at Bakara market in Mogadishu on Friday."
    found = {t.text: t.place for t in parser.parse(text)}
    assert found.get("Bakara") is None and found["Mogadishu"].country_code == "SO"


def test_a_name_near_which_a_border_lies_is_no_point(parser):
    # "near X" favours a point (a village X), but near X's border X is the country
    found = {t.text: t.place for t in parser.parse("Gunmen killed 12 soldiers near Mali border")}
    assert found["Mali"].feature_code.startswith("PCL")


def test_a_weak_name_listed_after_a_settlement_told_as_one_is_kept(parser):
    text = "Troops retook the villages of Nikolayevo-Daryino and Darino on Tuesday."
    found = {t.text: t.place for t in parser.parse(text)}
    assert found["Darino"].admin1_name == "Kursk Oblast"
    assert "Darino" not in names(parser, "We flew to Paris and Darino.")


def test_record_contract_offsets_match_text(parser):
    text = "Fighting continued near Sudzha, Kursk Oblast, and in Crimea."
    records = [toponym_record(t) for t in parser.parse(text)]
    assert records, "no toponym found"
    for r in records:
        assert text[r["start"] : r["end"]] == r["text"]
        keys = {"start", "end", "text", "name", "id", "lat", "lon", "feature_code",
                "country_code", "admin1", "score"}  # fmt: skip
        assert keys <= set(r)
        assert 0.0 <= r["score"] <= 1.0


def test_features_are_computed_in_the_model_order(parser):
    from mapper.geoparse import FEATURES

    (span,) = parser.proposals("They met in Kharkiv.")
    assert tuple(span.features) == FEATURES
    assert 0.5 < span.prob <= 1.0


def test_a_governor_governs_the_region(parser):
    found = names(parser, "Belgorod governor Vyacheslav Gladkov declared an emergency.")
    assert found["Belgorod"].place.feature_code == "ADM1"
    # and so does a regional administration
    found = names(parser, "The Sumy Regional Military Administration reported explosions.")
    assert found["Sumy"].place.feature_code == "ADM1"
    assert "Gladkov" not in found and "Vyacheslav" not in found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ukrainian forces crossed into Kursk on Tuesday.", "ADM1"),  # across the border
        ("The incursion into Belgorod continued.", "ADM1"),
        ("Russian forces pushed into Kharkiv in February.", "PPLA"),  # may be the city
        ("A drone struck a building in Kursk.", "PPLA"),
    ],
)
def test_across_the_border_into_a_region(parser, text, code):
    (name,) = [t for t in parser.parse(text) if t.text in ("Kursk", "Belgorod", "Kharkiv")]
    assert name.place.feature_code == code


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces advanced toward Pokrovsk on Tuesday.",  # Engels was once Pokrovsk
        "Russian troops advanced toward Marinka.",
        "Russian artillery hit Pokrovsk again.",
        "Ukrainian soldiers held Pokrovsk.",
        "Russian and Ukrainian forces clashed near Pokrovsk.",  # both sides: neither a clue
    ],
)
def test_an_armed_side_says_nothing_of_where_its_places_are(parser, text):
    """ "Russian forces" fight abroad: the demonym does not draw a Ukrainian town's name to a
    Russian namesake (or a Russian town that bore the name)."""
    (town,) = [t for t in parser.parse(text) if t.kind == "name"]
    assert town.place.country_code == "UA", town.place


def test_a_demonym_before_a_force_is_the_side_not_the_place_of_its_name(parser):
    # "Somali" is also a region of Ethiopia: before a force it is Somalia's side
    (side, town) = parser.parse("Somali forces clashed with militants near Baidoa.")
    assert (side.kind, side.place.country_code, town.place.country_code) == ("demonym", "SO", "SO")
    (region, _) = parser.parse("The Somali region of Ethiopia had floods.")
    assert (region.kind, region.place.country_code) == ("name", "ET")


def test_a_demonym_after_a_comma_holds_no_place(parser):
    # "Plekhovo, Ukraine" would put it in Ukraine (Plekhiv, once Plekhovo); "Plekhovo, Ukrainian
    # intelligence said" does not
    text = "Soldiers suffered heavy losses near Plekhovo, Ukrainian military intelligence said."
    assert names(parser, text)["Plekhovo"].place.admin1_name == "Kursk Oblast"


def test_a_demonym_that_is_no_armed_side_is_still_context(parser):
    # the same names as above, but "Russian officials" speak where they are
    found = names(parser, "Russian officials in Pokrovsk said the plant would reopen.")
    assert found["Pokrovsk"].place.country_code == "RU"


def test_a_bare_name_is_the_town_that_bears_it_not_a_district_elsewhere(parser):
    # Oryol's Pokrovsky District is also "Pokrovsk district", and Engels was once Pokrovsk: a
    # report that names the Oryol region and many Russian places still means the town of
    # Pokrovsk in Donetsk Oblast
    text = (
        "Drones were downed over the Kursk, Belgorod and Oryol regions, Moscow said. "
        "Fighting continued near Sudzha in the Kursk region. "
        "In eastern Ukraine, the fighting for Pokrovsk went on."
    )
    assert names(parser, text)["Pokrovsk"].place.admin1_name == "Donetsk Oblast"
    # and a district named with its word is still the district
    found = names(parser, "Shelling was reported in Pokrovsk district of the Oryol region.")
    assert found["Pokrovsk district"].place.feature_code == "ADM2"


SHARED_ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "articles"


@pytest.mark.skipif(not SHARED_ARTICLES.is_dir(), reason="../shared/articles is not here")
def test_the_real_kursk_articles(parser):
    from mapper.articles import read_article

    found: dict[str, list] = {}
    for path in sorted(SHARED_ARTICLES.glob("*.txt")):
        for t in parser.parse(read_article(path).text):
            found.setdefault(t.text, []).append(t.place)

    def one(text, code=None, lat=None, lon=None, km=30):
        places = found.get(text)
        assert places, f"{text} not found"
        p = places[0]
        if code:
            assert p.feature_code.startswith(code), (text, p)
        if lat is not None:
            assert near(p, lat, lon, km), (text, p)
        return p

    assert one("Oktyabrskoye", "PPL", 51.58, 34.80, 5).admin2_name == "Rylsky District"
    one("Rylsk district", "ADM2")
    for region in ("Belgorod region", "Kursk", "Bryansk", "Voronezh", "Oryol"):
        assert any(p.feature_code == "ADM1" for p in found[region]), region
    one("Black Sea", "SEA")
    assert any(p.feature_code == "ADM1" for p in found["Lipetsk"])  # "19 in Lipetsk"
    assert any(p.feature_code.startswith("PPL") for p in found["Lipetsk"])  # "In Lipetsk, ..."
    one("Lipetsk municipal district", "ADM2")
    one("Tokyo", "PPL", 35.69, 139.69)
    one("Sochi", "PPL", 43.6, 39.73)
    one("Russkoye Porechnoye", "PPL", 51.32, 35.34, 5)
    one("Kursk nuclear power plant", "PS", 51.675, 35.606, 5)
    for name, lat, lon in (("Kyiv", 50.45, 30.52), ("Moscow", 55.75, 37.62),
                           ("Donetsk", 48.0, 37.8), ("Washington", 38.9, -77.04)):  # fmt: skip
        one(name, "PPL", lat, lon)
    one("Crimea")
    assert any(t.startswith("Nizhny Novgorod") for t in found)
    people = {"Oleg", "Deripaska", "Vladimir", "Putin", "Farhan", "Haq", "Zelenskiy", "Volodymyr",
              "Ihor", "Klymenko", "Yuri", "Podolyaka", "Vyacheslav", "Gladkov", "Iryna",
              "Vereshchuk", "Nikkei", "Asia"}  # fmt: skip
    assert not people & set(found), people & set(found)


def test_prepare_loads_the_word_lists_before_the_first_text(parser):
    fresh = Geoparser(parser.gazetteer)
    assert not {"_zipf", "_first_names"} & vars(fresh).keys()  # loaded at the first text
    assert fresh.prepare() is fresh
    assert {"_zipf", "_first_names"} <= vars(fresh).keys()
    text = "Drones struck Lipetsk, Anna Petrova said."
    assert fresh.parse(text) == parser.parse(text)


def test_word_lists_are_cached_and_read_back_the_same(tmp_path, monkeypatch):
    from gender_guesser.detector import Detector
    from wordfreq import get_frequency_dict

    from mapper.geoparse import _load_word_lists

    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path))
    zipf, names = _load_word_lists()  # built from the packages' own files
    assert [p.name.startswith("wordlists-") for p in tmp_path.iterdir()] == [True]
    assert _load_word_lists() == (zipf, names)  # read from the cache file
    assert zipf.get("the") > 7 > zipf.get("kursk") > 0
    assert zipf.get("qzxwvjj") is None and zipf.get("qzxwvjj", 0.0) == 0.0
    frequencies = get_frequency_dict("en", wordlist="best")
    for word in itertools.islice(frequencies, 0, 300_000, 997):  # as wordfreq gives them
        assert zipf.get(word) == pytest.approx(math.log10(frequencies[word]) + 9)
    detector = Detector(case_sensitive=False)
    for word in ("Anna", "Vladimir", "Lipetsk", "Sudzha", "Maria", "Drone", "Olena"):
        assert (word.lower() in names) == (detector.get_gender(word) != "unknown")
    cache = next(tmp_path.iterdir())
    cache.write_bytes(cache.read_bytes()[:1000])  # torn: rebuilt, never trusted
    assert _load_word_lists() == (zipf, names)


def test_demonyms_name_their_place_once_looked_up(parser):
    demonyms = Demonyms(parser.gazetteer)
    gaz = parser.gazetteer
    (russia,) = demonyms["russian"]
    assert (gaz.place(russia).country_code, gaz.place(russia).feature_code) == ("RU", "PCLI")
    assert demonyms.get("ukrainians") == demonyms.get("ukrainian") != demonyms["russian"]
    assert "kursk" not in demonyms and demonyms.get("kursk") is None
    with pytest.raises(KeyError):
        demonyms["kursk"]


# -- villages: the region the text names, dates before names, spellings --------------------


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit Kharkivka, Sumy region, overnight.",
        "Russian troops entered the village of Kharkivka in Sumy Oblast.",
        "A drone struck Kharkivka (Sumy Oblast) at dawn.",
    ],
)
def test_a_village_is_the_one_in_the_region_the_text_names(parser, text):
    # Kharkivka is a village of Cherkasy Oblast too, and of others
    found = names(parser, text)
    kharkivka = found["Kharkivka"].place
    assert kharkivka.admin1_name == "Sumy Oblast" and near(kharkivka, 51.70, 34.24, km=10)
    region = next(t for k, t in found.items() if k.startswith("Sumy"))
    assert region.place.feature_code == "ADM1"  # the oblast, not the city of Sumy


def test_a_bare_region_name_after_a_village_is_the_region_not_the_city(parser):
    found = names(parser, "Shelling hit Kharkivka, Sumy, overnight.")
    assert found["Kharkivka"].place.admin1_name == "Sumy Oblast"
    assert found["Sumy"].place.feature_code == "ADM1"


@pytest.mark.parametrize(
    "text, lat, lon",
    [
        ("Fighting went on near Yantarne, Donetsk Oblast.", 47.94, 37.16),
        ("Russian forces took Robotyne, Zaporizhzhia Oblast.", 47.45, 35.83),
        ("A strike hit Pozharna Balka, Poltava Oblast.", 49.46, 34.53),
    ],
)
def test_villages_of_ukraine_by_their_national_spelling(parser, text, lat, lon):
    (village, oblast) = parser.parse(text)[-2:]
    assert near(village.place, lat, lon, km=10), village.place
    assert oblast.place.feature_code == "ADM1"


def test_a_name_right_after_a_weekday_or_a_month_is_found(parser):
    assert "Sumy" in names(parser, "On Tuesday Sumy was shelled.")
    assert "Sudzha" in names(parser, "In August Sudzha was taken.")
    assert "Kupiansk" in names(parser, "Last Friday Kupiansk came under fire.")
    # a date word that ends a longer name still opens no place: "Easter Sunday Mass" is no
    # "Mass" (Massachusetts)
    assert "Mass" not in names(parser, "Crowds gathered for the Easter Sunday Mass.")


def test_a_romanisation_variant_is_the_town_not_its_district(parser):
    (sudja,) = parser.parse("Ukrainian troops held Sudja for months.")[1:]
    assert sudja.place.name == "Sudzha" and near(sudja.place, 51.191, 35.271, km=1)


SMALL = [
    # id, name, class, code, cc, admin1, admin1 name, lat, lon, population
    ("1", "Ukraine", "A", "PCLI", "UA", "00", "", 49.0, 32.0, 44000000),
    ("2", "Donetsk Oblast", "A", "ADM1", "UA", "05", "Donetsk Oblast", 48.1, 37.8, 0),
    ("3", "Republic of Crimea", "A", "ADM1", "UA", "11", "Republic of Crimea", 45.2, 34.6, 0),
    ("4", "Yantarne", "P", "PPL", "UA", "11", "Republic of Crimea", 45.43, 34.22, 2368),
    ("5", "Nigeria", "A", "PCLI", "NG", "00", "", 10.0, 8.0, 190000000),
    ("6", "Borno State", "A", "ADM1", "NG", "27", "Borno State", 11.5, 13.0, 0),
    ("7", "Lafiya", "P", "PPL", "NG", "27", "Borno State", 10.34, 12.04, 0),
    ("8", "Chan", "P", "PPL", "NG", "26", "", 7.39, 8.90, 0),
    ("9", "Gate", "P", "PPL", "NG", "49", "", 9.29, 9.47, 0),
    ("10", "Patrick", "P", "PPL", "IM", "00", "", 54.2, -4.7, 1200),
    ("11", "Kramatorsk", "P", "PPL", "UA", "05", "Donetsk Oblast", 48.72, 37.56, 150000),
]


@pytest.fixture(scope="module")
def small_parser(tmp_path_factory):
    import csv

    from mapper.gazetteer import COLUMNS, Gazetteer

    folder = tmp_path_factory.mktemp("small")
    path = folder / "gazetteer.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for rid, name, fcls, fcode, cc, a1, a1name, lat, lon, pop in SMALL:
            w.writerow([rid, name, name, "", lat, lon, fcls, fcode, cc, a1, a1name, "", pop,
                        "test", "", 1])  # fmt: skip
    return Geoparser(Gazetteer.load(path, use_cache=False))


def test_a_region_named_with_its_admin_word_is_never_ignored(small_parser):
    # the gazetteer's only Yantarne is in Crimea: it is no answer for one in Donetsk Oblast
    found = names(small_parser, "Fighting went on near Yantarne, Donetsk Oblast.")
    assert found["Yantarne"].place is None
    assert found["Donetsk Oblast"].place.feature_code == "ADM1"
    # the same name with the region it lies in, or alone, is the place
    crimea = names(small_parser, "Fighting went on near Yantarne, Republic of Crimea.")
    assert crimea["Yantarne"].place.id == "4"
    assert names(small_parser, "Fighting went on near Yantarne.")["Yantarne"].place.id == "4"


def test_a_village_named_like_a_word_or_a_person_needs_a_cue(small_parser):
    # villages of Nigeria are named Chan, Gate and Lafiya; a skater is named Patrick Chan
    assert small_parser.parse("The skater Patrick Chan won silver in Kramatorsk.")[0].text == (
        "Kramatorsk"
    )
    assert len(small_parser.parse("The skater Patrick Chan won silver in Kramatorsk.")) == 1
    assert small_parser.parse("Gate 10 was closed all day.") == []
    # with a cue, each is the village
    assert [t.text for t in small_parser.parse("Gunmen attacked Lafiya, Borno State.")] == [
        "Lafiya",
        "Borno State",
    ]
    assert [t.text for t in small_parser.parse("Gunmen stormed the village of Chan.")] == ["Chan"]


def test_a_settlement_near_a_town_is_the_namesake_near_it(parser):
    # of the many Novoselivkas none lies within NEAR_QUALIFIER_KM of Pokrovsk: the village
    # the text means is not in the gazetteer, and no namesake far away stands for it
    found = names(parser, "Russian troops took Novoselivka near Pokrovsk on Monday.")
    assert found["Novoselivka"].place is None
    assert found["Pokrovsk"].place.admin1_name == "Donetsk Oblast"
    # of the Kalynivkas, the one near Bakhmut
    found = names(parser, "Troops entered Kalynivka near Bakhmut.")
    assert near(found["Kalynivka"].place, *_latlon(found["Bakhmut"].place), km=30)
    # a town of its own standing keeps its name whatever "near" says
    assert names(parser, "Fighting near Kramatorsk, near Pokrovsk.")["Kramatorsk"].place


def test_near_a_name_is_near_its_settlement_not_its_region(parser):
    # Tillabéri is a town and the region around it; one is near the town
    found = names(parser, "Gunmen attacked soldiers near Tillaberi in western Niger.")
    assert found["Tillaberi"].place.feature_code.startswith("PPL")
    # with its admin word a region is meant
    found = names(parser, "Gunmen attacked soldiers near the Tillaberi region of Niger.")
    assert found["Tillaberi region"].place.feature_code == "ADM1"


def _latlon(place):
    return place.lat, place.lon


def test_a_village_numbered_by_an_english_ordinal(parser):
    # the gazetteer has "2-y Knyazhy" (Russian "second"); English writes "Second Knyazhy"
    found = names(
        parser, "Fighting went on near Second Knyazhy and First Knyazhy in the Kursk region."
    )
    assert found["Second Knyazhy"].place.name == "2-y Knyazhy"
    # no "1-y Knyazhy" in the gazetteer: the village of the bare name, next to it
    assert near(found["First Knyazhy"].place, *_latlon(found["Second Knyazhy"].place), km=5)
    # an ordinal alone is no place, before a capital or not ("First" is an alternate name of
    # a region of Yemen)
    assert parser.parse("First, the troops left.") == []
    assert "First" not in names(parser, "First Deputy Minister spoke in Kyiv.")


def test_a_settlements_name_before_district_is_its_district(parser):
    # "the Krasnaya Yaruga district" is named after the village, and is Krasnoyaruzhsky
    # District (the events read the toponym as it is: the geoparser decides)
    (t,) = parser.parse("Shells fell on the Krasnaya Yaruga district overnight.")
    assert (t.text, t.place.name, t.place.feature_code) == (
        "Krasnaya Yaruga",
        "Krasnoyaruzhsky District",
        "ADM2",
    )
    # without the word, the village
    (t,) = parser.parse("Shells fell on Krasnaya Yaruga overnight.")
    assert t.place.feature_code.startswith("PPL")


def test_names_listed_before_districts_are_the_districts(parser):
    # "the Sudzha and Korenevo districts": each name of the list is a district, not its town
    found = names(parser, "Shelling was reported in the Sudzha and Korenevo districts overnight.")
    assert {found[n].place.name for n in ("Sudzha", "Korenevo")} == {
        "Sudzhansky District",
        "Korenevsky District",
    }
    found = names(parser, "Fighting went on in the Glushkovo, Rylsk and Korenevo districts.")
    assert {t.place.feature_code for t in found.values()} == {"ADM2"}
    # a list of towns is towns
    found = names(parser, "Shelling was reported in Sudzha and Korenevo overnight.")
    assert {t.place.feature_code[:3] for t in found.values()} == {"PPL"}


def test_a_district_no_district_of_the_possessors_region_is_a_part_of_the_town(parser):
    # "Kherson's Dniprovskyi district": the region holds no Dniprovskyi district (the Dnipro
    # Raion of that name lies in another region), so it is one of the town's own districts,
    # which the gazetteer does not hold: the town, and the district no place
    for text, town, region, district in (
        (
            "A glide bomb hit a bus stop in Kherson's Dniprovskyi district on Monday morning.",
            "Kherson",
            "Kherson Oblast",
            "Dniprovskyi district",
        ),
        (
            "Shrapnel damaged houses in Dnipro’s Samarskyi district.",
            "Dnipro",
            "Dnipropetrovsk Oblast",
            "Samarskyi district",
        ),
        # the region is the possessor's, not that of a namesake town of Rostov Oblast, whose
        # region has a Kuybyshevsky District
        (
            "Artillery shells landed in Donetsk's Kuibyshevskyi district before dawn.",
            "Donetsk",
            "Donetsk Oblast",
            "Kuibyshevskyi district",
        ),
    ):
        found = names(parser, text)
        place = found[town].place
        assert (place.name, place.feature_class, place.admin1_name) == (town, "P", region)
        assert found[district].place is None, text
    # a district the gazetteer does not know leaves the town as it is
    kyiv = names(parser, "Drones struck Kyiv's Darnytskyi district at night.")["Kyiv"].place
    assert kyiv.feature_code == "PPLC"


def test_a_possessive_before_a_district_is_the_region_where_the_region_holds_it(parser):
    for text, holder, district in (
        ("Guided bombs fell on Kharkiv's Kupiansk district again.", "Kharkiv", "Kupiansk"),
        ("Mortar fire reached Sumy's Shostka district.", "Sumy", "Shostka"),
        ("Drones struck Kyiv's Shevchenkivskyi district at night.", "Kyiv", "Shevchenkivskyi"),
    ):
        found = names(parser, text)
        region = found[holder].place
        assert region.feature_code == "ADM1", text
        place = found[f"{district} district"].place
        assert (place.feature_code, place.admin1_name) == ("ADM2", region.name), text
    # the same region's name before a district it does not hold is the city
    found = names(parser, "Debris fell on a school in Kharkiv's Kyivskyi district overnight.")
    assert (found["Kharkiv"].place.feature_class, found["Kharkiv"].place.admin1_name) == (
        "P",
        "Kharkiv Oblast",
    )
    assert found["Kyivskyi district"].place is None


def test_a_town_told_as_one_is_the_town_not_its_district(parser):
    for town in ("Sudzha", "Korenevo", "Glushkovo"):
        (t,) = parser.parse(f"Troops entered the town of {town} on Tuesday.")
        assert t.place.feature_code.startswith("PPL"), town


def test_a_division_named_with_its_word_is_kept(parser):
    found = names(parser, "Officials said Ukrainian troops shelled Russia's Kursk region.")
    assert found["Kursk region"].place.feature_code == "ADM1"


def test_the_city_of_a_regions_name_is_the_city(parser):
    # after a region, a bare name of another may be that region; "the city of" says it is not
    found = names(parser, "Drones launched from the Sumy region struck the city of Kursk.")
    assert (found["Kursk"].place.feature_class, found["Kursk"].place.admin1_name) == (
        "P",
        "Kursk Oblast",
    )


@pytest.mark.parametrize(
    "text",
    ["Fighters stormed the village of Wad al-Nourah.", "Clashes broke out near Ras al-Qarnit."],
)
def test_the_head_of_an_arabic_name_the_gazetteer_does_not_hold_is_no_place(parser, text):
    # "Wad" is a village in Russia (Vad), "Ras" a loose fit of Rasht in Iran; "Ras al-Qarnit"
    # is a name of our own making ("Ras al-Ain", which the gazetteer holds, is read whole)
    assert parser.parse(text) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Israeli aircraft struck Rafah overnight.", "PS"),
        ("Ukrainian troops recaptured Robotyne.", "UA"),
        ("Drones hit Rafah overnight.", "PS"),
    ],
)
def test_the_object_of_a_verb_of_war_reads_as_a_place_after_a_locative(parser, text, place):
    (town,) = [t for t in parser.parse(text) if t.kind == "name"]
    assert town.place.country_code == place


def test_a_town_after_in_and_a_region_holding_none_of_its_namesakes_is_no_place(parser):
    # the gazetteer holds no Rubaya in North Kivu, only namesakes in Yemen and Syria
    found = names(parser, "M23 rebels seized the town of Rubaya in North Kivu.")
    assert found["Rubaya"].place is None and found["North Kivu"].place.country_code == "CD"
    # a country after "in" is no division: the town stays
    assert names(parser, "A strike on Kharkiv in Ukraine.")["Kharkiv"].place.country_code == "UA"


def test_the_village_of_a_citys_name_is_a_village(parser):
    found = names(parser, "Ukrainian forces shelled the village of Murom, wounding a man.")
    assert found["Murom"].place.admin1_name == "Belgorod Oblast"
    assert names(parser, "Drones struck the city of Murom.")["Murom"].place.population > 100_000


def test_a_name_before_city_is_the_city_not_the_division_the_text_also_names(parser):
    text = "Russian forces struck Kharkiv City overnight, the Kharkiv Oblast governor said."
    city, region = [t for t in parser.parse(text) if t.kind == "name"]
    assert (city.place.feature_code, region.place.feature_code) == ("PPLA", "ADM1")
    # "the Kharkiv city of Izium": the region's
    text = "Glide bombs hit the Kharkiv city of Izium, Kharkiv Oblast officials said."
    region = next(t for t in parser.parse(text) if t.text == "Kharkiv")
    assert region.place.feature_code == "ADM1"


def test_the_democratic_republic_of_congo_is_one_country_by_each_of_its_news_names(parser):
    # news writes the country without "the" too (data/sources/country_names.csv)
    for text in (
        "Rebels advanced in eastern Democratic Republic of Congo on Monday.",
        "Rebels advanced in the Democratic Republic of the Congo on Monday.",
        "Rebels advanced in eastern DR Congo on Monday.",
        "Rebels advanced in the east of the DRC on Monday.",
    ):
        (found,) = parser.parse(text)
        assert found.text.endswith(("Congo", "DRC")), text
        assert found.place.feature_code == "PCLI" and found.place.country_code == "CD", text
