"""The `mapper` command through click's CliRunner: contracts of DESIGN.md and helpful errors."""

from __future__ import annotations

import doctest
import json

import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.gazetteer import Gazetteer


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_geocode_json_contract():
    result = run("geocode", "Sudzha", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    keys = {"name", "id", "lat", "lon", "feature_code", "country_code", "admin1", "admin2",
            "population"}  # fmt: skip
    assert keys <= set(record)
    assert record["name"] == "Sudzha" and record["country_code"] == "RU"


def test_geocode_limit_and_no_match():
    result = run("geocode", "Oktyabrskoye", "--json", "--limit", "3")
    assert len(result.output.strip().splitlines()) == 3
    missing = run("geocode", "Xqzzyvillex")
    assert missing.exit_code == 1
    assert "no place matches 'Xqzzyvillex'" in missing.output
    empty = run("geocode", "  ")
    assert empty.exit_code == 1 and "empty query" in empty.output


def test_geoparse_files_and_jsonl(tmp_path):
    text = "Drones were downed over Lipetsk and near Sudzha, Kursk Oblast."
    doc = tmp_path / "a.txt"
    doc.write_text(text, encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"doc_id": "x1", "text": text}) + "\n", encoding="utf-8")
    for args in (("geoparse", str(doc), "--json"), ("geoparse", "--jsonl", str(corpus), "--json")):
        result = run(*args)
        assert result.exit_code == 0, result.output
        record = json.loads(result.output.strip().splitlines()[-1])
        spans = [(t["start"], t["end"], t["text"]) for t in record["toponyms"]]
        assert all(text[a:b] == t for a, b, t in spans)
        assert {"Lipetsk", "Sudzha", "Kursk Oblast"} <= {t for _, _, t in spans}
    assert json.loads(run("geoparse", "--jsonl", str(corpus), "--json").output)["doc_id"] == "x1"


def test_geoparse_bad_input_names_the_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    result = run("geoparse", "--jsonl", str(bad), "--json")
    assert result.exit_code == 1 and "bad.jsonl, line 2" in result.output
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 in Kyiv".encode("latin-1"))
    result = run("geoparse", str(latin1))
    assert result.exit_code == 1 and "latin1.txt: not UTF-8" in result.output


def test_evaluate_on_a_hand_made_corpus(tmp_path):
    text = "Talks in Moscow, then a visit to Kharkiv."
    gold = [
        {"start": 9, "end": 15, "text": "Moscow", "lat": 55.75, "lon": 37.62},
        {"start": 33, "end": 40, "text": "Kharkiv", "lat": 49.99, "lon": 36.23},
    ]
    corpus = tmp_path / "gold.jsonl"
    corpus.write_text(json.dumps({"doc_id": "1", "text": text, "toponyms": gold}) + "\n")
    result = run("evaluate", str(corpus), "--json")
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output.strip().splitlines()[-1])
    assert metrics["recall"] == 1.0 and metrics["end_to_end_acc161"] == 1.0


def test_missing_gazetteer_is_a_clear_error(tmp_path, monkeypatch):
    from mapper.gazetteer import Gazetteer

    monkeypatch.setenv("MAPPER_GAZETTEER", str(tmp_path / "gone.csv"))
    monkeypatch.setattr(Gazetteer, "_default", None)
    result = run("geocode", "Sudzha")
    assert result.exit_code == 1
    assert "gazetteer file not found" in result.output and "gone.csv" in result.output
    assert "Traceback" not in result.output


# -- --online with no network ----------------------------------------------------------------


@pytest.fixture
def no_network(tmp_path, monkeypatch):
    """`mapper geocode --online` as on a machine with no network: its cache in tmp_path, and
    the real Nominatim client sent through a proxy on 127.0.0.1:9, which refuses. Returns the
    cache file."""
    Gazetteer.default()  # loaded (and indexed) from the usual cache before the cache moves
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path))
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "online-geocodes.json"


UNREACHABLE = "mapper: the online geocoder (Nominatim) could not be reached: "
UNREACHABLE_END = "; nothing was cached. Check the network, or run without --online."


def test_geocode_online_without_network_is_one_clear_message_and_caches_nothing(no_network):
    for _ in range(2):  # the second run asks again: no "no result" was cached the first time
        result = run("geocode", "--online", "Qwzzxyplace")
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
        assert result.stdout == "" and "Traceback" not in result.output
        message, error = result.stderr.splitlines()
        assert message.startswith(UNREACHABLE) and message.endswith(UNREACHABLE_END), message
        assert error == "Error: no place in the gazetteer matches 'Qwzzxyplace'."
        assert not no_network.exists()
    # an answer the service gave on an earlier run is still served, offline
    answer = {"address": "Qwzzxy Place, Russia", "lat": 51.5, "lon": 35.1, "raw": {}}
    no_network.write_text(json.dumps({"qwzzxyplace": answer}), encoding="utf-8")
    cached = run("geocode", "--online", "Qwzzxyplace", "--json")
    assert cached.exit_code == 0, cached.output
    assert json.loads(cached.stdout)["lat"] == 51.5


@pytest.mark.parametrize(
    "content",
    ["[1, 2]", '{"qwzzxyplace": {"lat": "north"}}', '{"qwzzxyplace": [51.5, 35.1]}', "{not json"],
)
def test_geocode_online_ignores_a_malformed_cache_with_one_warning(no_network, content):
    no_network.write_text(content, encoding="utf-8")
    result = run("geocode", "--online", "Qwzzxyplace")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    warning, message, error = result.stderr.splitlines()
    assert warning.startswith(f"mapper: ignoring the online-geocoder cache {no_network}: ")
    assert warning.endswith("; it is rewritten at the next online answer")
    assert message.startswith(UNREACHABLE) and error.startswith("Error: no place")
    assert no_network.read_text(encoding="utf-8") == content  # no answer: left as it was


# -- geoparse: a bad record is skipped, not fatal -------------------------------------------


def test_geoparse_jsonl_reports_each_bad_record_and_parses_the_rest(tmp_path):
    good = "Drones were downed over Lipetsk."
    lines = [
        json.dumps({"doc_id": "first", "text": good}),
        '{"text": 5}',
        "not json",
        "[1, 2]",
        '{"doc_id": "no-text"}',
        "[" * 100_000,
        "",
        json.dumps({"doc_id": "last", "text": good}),
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("geoparse", "--jsonl", str(corpus), "--json")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["first", "last"]
    assert all(r["toponyms"][0]["text"] == "Lipetsk" for r in records)
    assert result.stderr.splitlines() == [
        f"{corpus}, line 2: `text` is not a string; skipped",
        f"{corpus}, line 3: not valid JSON (Expecting value); skipped",
        f"{corpus}, line 4: not a JSON object with `text`; skipped",
        f"{corpus}, line 5: no `text`; skipped",
        f"{corpus}, line 6: not valid JSON (nested too deeply to be an article record); skipped",
        "Error: 5 documents were skipped (named above); fix or remove them and run again.",
    ]


def test_geoparse_files_skip_an_unreadable_file_and_parse_the_rest(tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 in Kyiv".encode("latin-1"))
    good = tmp_path / "good.txt"
    good.write_text("Talks in Moscow.", encoding="utf-8")
    result = run("geoparse", str(latin1), str(good), "--json")
    assert result.exit_code == 1
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == [str(good)]
    assert result.stderr.splitlines()[0] == (
        f"{latin1}: not UTF-8 (invalid continuation byte at byte 3); skipped"
    )


# -- user-supplied text in messages ----------------------------------------------------------


def test_safe_display_examples_hold():
    from mapper import display

    outcome = doctest.testmod(display)
    assert outcome.attempted >= 3 and outcome.failed == 0


def test_errors_shorten_long_queries_and_escape_control_characters(tmp_path):
    query = "Kursk\x1b[2J\r\n" + "x" * 100_000
    result = run("geocode", query)
    assert result.exit_code == 1
    shown = "Kursk\\x1b[2J\\r\\n" + "x" * 69 + "... (100,011 characters)"
    assert result.stderr == (
        f"Error: no place matches '{shown}'. Check the spelling, or try --online.\n"
    )

    evil = tmp_path / "evil\x1b[31m.txt"
    evil.write_bytes(b"Caf\xe9")
    result = run("geoparse", str(evil))
    assert result.exit_code == 1 and "\x1b" not in result.output
    assert "evil\\x1b[31m.txt: not UTF-8" in result.stderr

    gone = tmp_path / "gone\x1b]0;retitled\x07"
    result = run("build", "--articles", str(gone), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "\x1b" not in result.output and "\x07" not in result.output
    assert "no such folder: " in result.stderr and "gone\\x1b]0;retitled\\x07" in result.stderr


# -- the user's places ---------------------------------------------------------------------


@pytest.fixture
def own_places(tmp_path, monkeypatch):
    """A places file of the user's in tmp_path, read by a gazetteer loaded afresh."""
    path = tmp_path / "places.csv"
    monkeypatch.setenv("MAPPER_PLACES", str(path))
    monkeypatch.setattr(Gazetteer, "_default", None)
    return path


def test_places_add_writes_the_file_and_geocode_finds_it_from_the_users_file(own_places):
    result = run("places", "add", "Oktyabrskoye", "51.577", "34.802", "--admin1", "Kursk Oblast")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Added Oktyabrskoye (51.577, 34.802) to {own_places}, line 2.")
    assert own_places.read_text(encoding="utf-8") == (
        "name,lat,lon,admin1,country,alternates\nOktyabrskoye,51.577,34.802,Kursk Oblast,,\n"
    )
    found = run("geocode", "Oktyabrskoye", "--json")
    record = json.loads(found.output.strip().splitlines()[-1])
    assert (record["id"], record["source"], record["admin1"]) == (
        "user:oktyabrskoye",
        "user",
        "Kursk Oblast",
    )
    # a negative coordinate is a number, not an option; a second place goes on line 3
    south = run("places", "add", "Cape Point Camp", "-34.35", "-18.5", "--alternate", "CPC")
    assert south.exit_code == 0 and "line 3" in south.output, south.output


def test_places_add_refuses_a_bad_place_with_a_message(own_places):
    result = run("places", "add", "Nowhere", "95", "30")
    assert result.exit_code == 1
    assert "Error: lat 95.0 is not between -90 and 90" in result.output
    assert not own_places.exists()


def test_geocode_names_a_bad_row_of_the_places_file_by_its_line(own_places):
    own_places.write_text("name,lat,lon\nPisarevka,51.335,35.224\nBroken,x,35\n", "utf-8")
    result = run("geocode", "Pisarevka")
    assert result.exit_code == 0, result.output
    try:  # (click 8.2 and later keep stderr apart; 8.1 mixes it into the output)
        stderr = result.stderr
    except ValueError:
        stderr = result.output
    assert f"mapper: {own_places}, line 3: lat 'x' is not a number; skipped" in stderr
    assert result.stdout.rstrip().endswith("\tuser")


def test_geocode_says_which_source_a_place_came_from():
    text = run("geocode", "Sudzha")
    assert text.output.rstrip().split("\t")[-1] == "geonames"
    record = json.loads(run("geocode", "Robotyne, Zaporizhzhia Oblast", "--json").output)
    assert record["source"] == "wof" and record["geo_precision"] == 1
