"""The gazetteer loader: name folding, candidates, hierarchy, nearest place, bad files."""

from __future__ import annotations

import csv
import os
import zipfile

import numpy as np
import pytest

from mapper.gazetteer import (
    _COUNTRY_CODES,
    COLUMNS,
    LOOSE_COUNTRIES,
    Gazetteer,
    GazetteerError,
    admin_core,
    hash_key,
)
from mapper.names import has_caron, loose_key, loose_keys, name_key, name_keys

ROWS = [
    # id, name, ascii, alternates, lat, lon, fclass, fcode, cc, a1code, a1name, a2name, pop
    (
        "1",
        "Kursk",
        "Kursk",
        "Курск",
        51.73,
        36.19,
        "P",
        "PPLA",
        "RU",
        "41",
        "Kursk Oblast",
        "",
        440000,
    ),
    (
        "2",
        "Kursk Oblast",
        "Kursk Oblast",
        "Kursk region|Курская область",
        51.5,
        36.0,
        "A",
        "ADM1",
        "RU",
        "41",
        "Kursk Oblast",
        "",
        0,
    ),
    (
        "3",
        "Sudzha",
        "Sudzha",
        "Суджа|Sudža",
        51.19,
        35.27,
        "P",
        "PPL",
        "RU",
        "41",
        "Kursk Oblast",
        "Sudzhansky District",
        5500,
    ),
    (
        "ru:1",
        "Oktyabrskoye",
        "Oktyabrskoye",
        "Октябрьское",
        51.577,
        34.802,
        "P",
        "PPL",
        "RU",
        "41",
        "Kursk Oblast",
        "Rylsky District",
        204,
    ),
    (
        "ru:2",
        "Oktyabrskoye",
        "Oktyabrskoye",
        "Октябрьское",
        51.80,
        37.58,
        "P",
        "PPL",
        "RU",
        "41",
        "Kursk Oblast",
        "Sovetsky District",
        166,
    ),
    (
        "ru:3",
        "Oktyabrskoye",
        "Oktyabrskoye",
        "",
        45.0,
        39.0,
        "P",
        "PPL",
        "RU",
        "38",
        "Krasnodar Krai",
        "Seversky District",
        3000,
    ),
    (
        "4",
        "Rylsky District",
        "Rylsky District",
        "Rylsk district|Рыльский район",
        51.55,
        34.75,
        "A",
        "ADM2",
        "RU",
        "41",
        "Kursk Oblast",
        "",
        0,
    ),
    (
        "5",
        "Russia",
        "Russia",
        "Russian Federation|Россия",
        60.0,
        100.0,
        "A",
        "PCLI",
        "RU",
        "00",
        "",
        "",
        144000000,
    ),
    ("6", "Paris", "Paris", "", 48.85, 2.35, "P", "PPLC", "FR", "11", "Ile-de-France", "", 2100000),
    ("7", "Paris", "Paris", "", 33.66, -95.55, "P", "PPLA2", "US", "TX", "Texas", "", 25000),
    ("8", "Texas", "Texas", "", 31.25, -99.25, "A", "ADM1", "US", "TX", "Texas", "", 0),
]


def write_gazetteer(path, rows=ROWS):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([*r, "test", ""])
    return path


@pytest.fixture
def gaz(tmp_path, monkeypatch):
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    return Gazetteer.load(write_gazetteer(tmp_path / "g.csv"))


def test_name_keys_fold_case_diacritics_apostrophes_and_scripts():
    assert name_key("Ryl’sk") == name_key("RYL'SK") == name_key("rylsk")
    assert name_key("U.S.") == "us"
    assert loose_key("Sudzha") == loose_key("Sudža") == loose_key("Sudja") == loose_key("Суджа")
    assert loose_key("Rylsky") == loose_key("Rylskiy") == loose_key("Ryl'skyi")
    assert loose_key("Ryl'skyi") == loose_key("Rylsk")
    assert loose_key("Oryol") == loose_key("Orël") == loose_key("Орёл")
    assert loose_key("Kursk") != loose_key("Rylsk")


def test_folding_many_names_at_once_equals_folding_each():
    names = [
        "Sudzha", "Sudža", "SUDŽA", "Суджа", "Ryl’skiy  Rayon", " Kursk region ", "U.S.", "",
        " ", "-", "—Kyiv—", "ΟΔΟΣ", "𝚺𝚺", "ℌarkiv", "Café´", "Orël", "Ъ", "a ъ b", "ъ a",
        "Oktyabrs'koye", "İstanbul", "x\u0301y", "Rylsk district", "Zelenyi\u00a0Hai",
        "\tRYLSK -- (district).", "a\x1cb", "Kursk `Oblast`",
    ]  # fmt: skip
    assert name_keys(names) == [name_key(n) for n in names]
    assert loose_keys(names) == [loose_key(n) for n in names]
    names.append("a\0b")  # holds the NUL that joins names: folded on its own
    assert name_keys(names) == [name_key(n) for n in names]
    assert loose_keys(names) == [loose_key(n) for n in names]
    assert name_keys([]) == loose_keys([]) == []


def test_admin_core_splits_the_admin_word():
    assert admin_core("Kursk region") == ("kursk", ("ADM1", "ADM2", "RGN"))
    assert admin_core("Lipetsk municipal district") == ("lipetsk", ("ADM2",))
    assert admin_core("Region") == ("region", ())


def test_candidates_whatever_the_spelling(gaz):
    for query in ("Sudzha", "SUDZHA", "Sudža", "Sudja", "Суджа"):
        assert gaz.candidates(query)[0].id == "3", query


def test_a_name_spelt_only_with_a_caron_is_found_by_its_other_spellings(tmp_path, monkeypatch):
    # "Sudža" alone: its name key "sudza" is not "sudzha"; only its caron-read loose key meets
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    row = ("9", "Sudža", "Sudža", "", 51.19, 35.27, "P", "PPL", "RU", "41", "Kursk Oblast", "", 5)
    gaz = Gazetteer.load(write_gazetteer(tmp_path / "g.csv", [row]))
    for query in ("Sudzha", "Суджа", "Sudža"):
        assert [p.id for p in gaz.candidates(query)] == ["9"], query
    assert has_caron("Sudža") and not has_caron("Sudzha") and not has_caron("Суджа")
    for name in ("Sudzha", "Ryl’skiy", "Орёл", "Kursk region", "Zelenyi Hai"):
        assert loose_key(name) == loose_key(name_key(name))  # where no caron, one key serves


def test_admin_word_selects_the_division(gaz):
    assert gaz.candidates("Kursk")[0].feature_code == "PPLA"
    assert gaz.candidates("Kursk region")[0].feature_code == "ADM1"
    assert gaz.candidates("Kursk Oblast")[0].id == "2"
    assert gaz.candidates("Курская область")[0].id == "2"
    assert gaz.candidates("Rylsk district")[0].id == "4"
    assert gaz.candidates("Rylskiy Rayon")[0].id == "4"  # core + loose suffix folding


def test_candidates_rank_by_importance_and_filter(gaz):
    assert [p.id for p in gaz.candidates("Paris")] == ["6", "7"]
    assert [p.id for p in gaz.candidates("Paris", country_code="us")] == ["7"]
    assert gaz.candidates("Atlantis") == []


def test_hierarchy_and_nearest(gaz):
    sudzha = gaz.get("3")
    assert sudzha.admin2_name == "Sudzhansky District"
    assert gaz.admin1_of(sudzha).name == "Kursk Oblast"
    assert gaz.country_of(sudzha).name == "Russia"
    assert gaz.nearest(51.2, 35.3).id == "3"
    assert gaz.nearest(51.58, 34.81).id == "ru:1"
    assert gaz.get("nope") is None


def test_a_districts_seat_is_its_most_populous_settlement(gaz):
    # Rylsky District's settlements here: one Oktyabrskoye (the other lies in another district)
    assert gaz.seat(gaz.get("4")).id == "ru:1"
    sudzha = gaz.get("3")
    assert gaz.seat(sudzha) is sudzha  # no district: itself


def test_cache_is_used_and_invalidated(tmp_path, monkeypatch):
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    path = write_gazetteer(tmp_path / "g.csv")
    Gazetteer.load(path)
    assert len(list((tmp_path / "cache").glob("gazetteer-*.npz"))) == 1
    write_gazetteer(path, ROWS[:3])  # changed file: a new index, not the stale one
    assert len(Gazetteer.load(path)) == 3
    for f in (tmp_path / "cache").glob("*.npz"):
        f.write_bytes(b"garbage")  # a corrupt cache is rebuilt, never trusted
    assert len(Gazetteer.load(path)) == 3


def test_a_cache_file_is_read_mapped_as_numpy_wrote_it(tmp_path):
    from mapper.gazetteer import read_npz_cache, write_npz_cache

    arrays = {
        "tag": np.array("t1"),
        "ints": np.arange(1000, dtype=np.int64).reshape(10, 100),
        "floats": np.linspace(0, 1, 7, dtype=np.float32),
        "words": np.array(["Sudzha", "Rylsk"]),
        "empty": np.zeros(0, np.uint64),
    }
    cache = tmp_path / "kind-0.npz"
    write_npz_cache(cache, arrays)
    state = read_npz_cache(cache, "t1")
    assert state.keys() == arrays.keys()
    for name, array in arrays.items():
        assert state[name].dtype == array.dtype and np.array_equal(state[name], array), name
    assert not state["ints"].flags.writeable  # a view of the file, never written through
    assert read_npz_cache(cache, "t2") is None  # another tag
    whole = cache.read_bytes()
    for cut in (len(whole) // 3, len(whole) - 30):
        cache.write_bytes(whole[:cut])  # torn anywhere: refused, never trusted
        assert read_npz_cache(cache, "t1") is None
    with (
        zipfile.ZipFile(cache, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("tag.npy", "w") as fh,
    ):
        np.save(fh, np.array("t1"))
    assert read_npz_cache(cache, "t1") is None  # a compressed member cannot be mapped


def test_copies_of_one_gazetteer_share_one_index_and_one_tag(tmp_path, monkeypatch, capsys):
    from mapper.store import pipeline_version

    cache = tmp_path / "cache"
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(cache))
    for checkout in ("checkout-a", "checkout-b"):
        (tmp_path / checkout).mkdir()
    first = write_gazetteer(tmp_path / "checkout-a" / "gazetteer.csv")
    second = tmp_path / "checkout-b" / "gazetteer.csv"
    second.write_bytes(first.read_bytes())  # another checkout: another path, a later mtime
    os.utime(second, (2_000_000_000, 2_000_000_000))
    a = Gazetteer.load(first)
    capsys.readouterr()
    b = Gazetteer.load(second)
    assert capsys.readouterr().err == ""  # the second copy is not indexed again
    assert len(list(cache.glob("gazetteer-*.npz"))) == 1
    assert a.cache_tag == b.cache_tag
    assert str(tmp_path) not in a.cache_tag and "checkout" not in a.cache_tag
    assert pipeline_version(a) == pipeline_version(b)  # per-article caches are shared too
    assert Gazetteer.load(first, use_cache=False).cache_tag == a.cache_tag


def test_an_edited_gazetteer_gets_a_new_index_and_tag(tmp_path, monkeypatch):
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    path = write_gazetteer(tmp_path / "g.csv")
    before = Gazetteer.load(path)
    stat = path.stat()
    edited = [row if row[0] != "8" else ("8", "Texaz", "Texaz", *row[3:]) for row in ROWS]
    write_gazetteer(path, edited)  # one letter changed: the same size, and the same mtime
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    after = Gazetteer.load(path)
    assert after.cache_tag != before.cache_tag
    assert [p.id for p in after.candidates("Texaz")] == ["8"]
    assert len(list((tmp_path / "cache").glob("gazetteer-*.npz"))) == 2


def test_old_cache_files_are_removed_when_new_ones_are_written(tmp_path, monkeypatch):
    from mapper.gazetteer import CACHE_FILES_KEPT

    cache = tmp_path / "cache"
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(cache))
    path = write_gazetteer(tmp_path / "g.csv")
    other = cache / "wordlists-0.npz"  # another kind: never removed by the gazetteer's
    cache.mkdir()
    other.write_bytes(b"x")
    written = []
    for n in range(CACHE_FILES_KEPT + 2):  # a changed file each time: a new index each time
        write_gazetteer(path, ROWS[: 3 + n])
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
        assert len(Gazetteer.load(path)) == 3 + n
        written.append({p.name for p in cache.glob("gazetteer-*.npz")} - set().union(*written))
    kept = {p.name for p in cache.glob("gazetteer-*.npz")}
    assert kept == set().union(*written[-CACHE_FILES_KEPT:])  # the newest ones
    assert other.exists()


def test_a_first_load_says_how_long_it_takes_and_where_the_index_goes(
    tmp_path, monkeypatch, capsys
):
    cache = tmp_path / "cache"
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(cache))
    path = write_gazetteer(tmp_path / "g.csv")
    Gazetteer.load(path)
    assert capsys.readouterr().err == (
        f"mapper: indexing the gazetteer g.csv, once, about 1 s; later runs reuse it from {cache}\n"
    )
    Gazetteer.load(path)
    assert capsys.readouterr().err == ""  # a later run is silent


def test_missing_file_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(GazetteerError, match=r"not found: .*nowhere\.csv.*build_gazetteer"):
        Gazetteer.load(tmp_path / "nowhere.csv")


def test_malformed_row_names_the_line(tmp_path):
    path = write_gazetteer(tmp_path / "g.csv")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("9,Bad,Bad,,north,east,P,PPL,RU,41,,,0,test,\n")
    with pytest.raises(GazetteerError, match=r"line 13: malformed row"):
        Gazetteer.load(path, use_cache=False)


def test_wrong_columns_are_named(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("name,lat\nKursk,51\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing columns"):
        Gazetteer.load(path, use_cache=False)


def test_a_name_that_is_only_an_alternate_scores_lower(tmp_path, monkeypatch):
    from mapper.gazetteer import ALT_NAME_PENALTY, TOWN_BEARS_IT

    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    rows = [  # a city once called Franklin, and a town called Franklin today
        ("1", "Columbus", "Columbus", "Franklin", 39.96, -83.0, "P", "PPLA", "US", "OH",
         "Ohio", "", 900000),
        ("2", "Franklin", "Franklin", "", 35.93, -86.87, "P", "PPL", "US", "TN", "Tennessee",
         "", 80000),
    ]  # fmt: skip
    gaz = Gazetteer.load(write_gazetteer(tmp_path / "g.csv", rows))
    columbus, franklin = (
        gaz.candidate_rows("Columbus")[0],
        gaz.candidate_rows("Franklin", feature_codes=["PPL"])[0],
    )
    prior = gaz._prior_list
    assert gaz.score_list("Columbus", [columbus]) == [prior[columbus]]  # its own name
    assert gaz.score_list("Franklin", [columbus]) == [
        prior[columbus] - ALT_NAME_PENALTY,  # a name it no longer bears
    ]
    assert gaz.score_list("Franklin", [columbus, franklin]) == [
        prior[columbus] - ALT_NAME_PENALTY - TOWN_BEARS_IT,  # and a town bears today
        prior[franklin],
    ]
    assert ALT_NAME_PENALTY > 0 and TOWN_BEARS_IT > 0


def _row_by_row_index(rows: list[tuple], prior: np.ndarray) -> dict[str, np.ndarray]:
    """The name indexes as the gazetteer first built them, one row and one name at a time."""
    exact: dict[str, list[int]] = {}
    loose: dict[str, list[int]] = {}
    ids: dict[str, list[int]] = {}
    for i, (pid, name, ascii_name, alternates, *_, fcode, cc) in enumerate(
        r[:4] + r[6:9] for r in rows
    ):
        ids.setdefault(pid, []).append(i)
        names = {name, ascii_name, *(alternates.split("|") if alternates else ())} - {""}
        keys = {name_key(n) for n in names}
        division = fcode in ("ADM1", "ADM2")
        if division:
            keys |= {admin_core(n)[0] for n in names}
        for k in keys - {""}:
            exact.setdefault(k, []).append(i)
        if division or cc in LOOSE_COUNTRIES or fcode in _COUNTRY_CODES:
            folded = {loose_key(k) for k in keys} | {loose_key(n) for n in names if has_caron(n)}
            for k in folded - {""}:
                loose.setdefault(k, []).append(i)
    out = {}
    for label, index in (("exact", exact), ("loose", loose), ("id", ids)):
        items = sorted(((hash_key(k), rows) for k, rows in index.items()), key=lambda kv: kv[0])
        postings = [sorted(set(rows), key=lambda r: -prior[r]) for _, rows in items]
        out[f"{label}_hash"] = np.array([h for h, _ in items], dtype=np.uint64)
        out[f"{label}_start"] = np.cumsum([0] + [len(p) for p in postings], dtype=np.int64)
        out[f"{label}_rows"] = np.array([r for p in postings for r in p], dtype=np.int32)
    return out


def test_the_index_is_the_one_built_row_by_row(tmp_path):
    # Two places of equal prior under one name, at rows whose set iterates them out of order
    # ({3, 9} gives 9, then 3): the index keeps the order of its first, row-by-row build.
    def village(pid: str, name: str) -> tuple:
        return (pid, name, name, "", 51.0, 35.0, "P", "PPL", "RU", "41", "Kursk Oblast", "", 0)

    rows = [village(str(100 + i), f"Place {i}") for i in range(12)]
    rows[3], rows[9] = village("ru:3", "Novaya Derevnya"), village("ru:9", "Novaya Derevnya")
    rows += [(row[0] + "x", *row[1:]) for row in ROWS]
    rows.append(("ru:3", "Sudža", "Sudza", "", 51.2, 35.3, "P", "PPL", "RU", "41", "", "", 0))
    gaz = Gazetteer.load(write_gazetteer(tmp_path / "g.csv", rows), use_cache=False)
    expected = _row_by_row_index([tuple(map(str, r)) for r in rows], gaz.prior)
    for name, array in expected.items():
        assert gaz._s[name].dtype == array.dtype, name
        assert np.array_equal(gaz._s[name], array), name
    assert gaz.lookup("Novaya Derevnya") == (9, 3)


def test_the_part_of_a_country_a_direction_names_is_its_one_division_so_named(tmp_path):
    def area(pid, name, alternates, lat, lon, code="ADM1", cc="XL"):
        return (pid, name, name, alternates, lat, lon, "A", code, cc, pid, "", "", 0)

    rows = [
        area("1", "Xland", "", 30.0, 40.0, code="PCLI"),
        area("2", "Al Janub", "South Governorate", 29.0, 40.0),
        area("3", "Northern", "", 31.0, 40.0),
        area("4", "Savanna", "Northern", 31.5, 40.5),  # (its old name: a division split off)
        area("5", "Ash Sharqi", "Eastern", 30.0, 38.0),  # (named east, lying west)
        area("6", "Est", "", 30.0, 42.0, cc="YL"),
        area("7", "Yland", "", 30.0, 41.0, code="PCLI", cc="YL"),
        area("8", "Mid Xland", "Central Xland", 30.1, 40.1),
    ]
    gaz = Gazetteer.load(write_gazetteer(tmp_path / "g.csv", rows), use_cache=False)
    xland, yland = gaz.place(0), gaz.place(6)
    assert gaz.part_of_country(xland, "south").name == "Al Janub"
    assert gaz.part_of_country(xland, "north").name == "Northern"  # its own name, not an old one
    assert gaz.part_of_country(xland, "central").name == "Mid Xland"  # before the country's name
    assert gaz.part_of_country(xland, "east") is None  # it lies the other way
    assert gaz.part_of_country(xland, "west") is None  # no division is so named
    assert gaz.part_of_country(yland, "east").name == "Est"  # the gazetteer's French names
    assert gaz.part_of_country(yland, "south") is None
