"""Tests of mapper.evaluate_events: the event metrics on a gold set written here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.evaluate_events import (
    actor_side,
    evaluate_events,
    load_gold,
    predict_events,
)
from mapper.geoparse import Geoparser

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval" / "events" / "dev.jsonl"

SUDZHA = {"latitude": 51.191, "longitude": 35.271, "location": "Sudzha", "geo_precision": 1}
LGOV = {"latitude": 51.659, "longitude": 35.263, "location": "Lgov", "geo_precision": 1}
KURSK_REGION = {"latitude": 51.73, "longitude": 36.19, "location": "Kursk", "geo_precision": 3}


def gold_event(place: dict, sentence: str, **fields) -> dict:
    event = {
        "sentence": sentence,
        "event_date": "2024-08-20",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Ukraine",
        "fatalities": None,
        **place,
    }
    event.update(fields)
    return event


STRIKE = "Ukrainian drones struck an oil depot in Sudzha on Tuesday, killing two workers."
SHELLING = "Russian artillery shelled Lgov on Tuesday."
THREAT = "The governor vowed to strike back at Korenevo."
ARTICLES = [
    {
        "id": "t-1",
        "topic": "kursk",
        "url": "https://example.org/1",
        "outlet": "Example Wire",
        "published": "2024-08-21",
        "text": f"{STRIKE} {SHELLING} {THREAT}",
        "events": [
            gold_event(SUDZHA, STRIKE, fatalities=2),
            gold_event(
                LGOV,
                SHELLING,
                sub_event_type="Shelling/artillery/missile attack",
                actor1="Military Forces of Russia",
            ),
            gold_event(
                KURSK_REGION,
                "(an event no sentence above tells)",
                event_type="Battles",
                sub_event_type="Armed clash",
            ),
        ],
        "not_events": [{"sentence": THREAT, "reason": "a threat"}],
    },
    {
        "id": "t-2",
        "topic": "other",
        "url": "",
        "outlet": "",
        "published": None,
        "text": "The weather in Lisbon was fine all week.",
        "events": [],
        "not_events": [],
    },
]


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    return path


def test_actor_sides():
    assert actor_side("Military Forces of Ukraine (2019-)") == "ukraine"
    assert actor_side("Government of Russia") == "russia"
    assert actor_side("Rapid Support Forces") == "rapid support forces"
    assert actor_side("Civilians (Sudan)") == "civilians" and actor_side("") == ""
    # an unnamed group's brackets hold its country or a description, not another side
    assert actor_side("Unidentified Armed Group (Mali)") == "unidentified armed group"
    assert actor_side("unidentified armed group (jihadists)") == "unidentified armed group"
    assert actor_side("Islamic State (Sahel)") != actor_side("Islamic State (West Africa)")


def test_scores_follow_the_definitions(gold_file, parser):
    gold = load_gold(gold_file)
    predicted = predict_events(gold, parser)
    assert len(predicted["t-2"]) == 0
    out = predicted["t-1"]
    metrics, failures = evaluate_events(gold, predicted)
    m = metrics["all"]
    # what the extraction made of the article, scored by hand from its own table
    places = set(out["location"])
    assert {"Sudzha", "Lgov"} <= places
    assert (m.gold, m.output, m.articles) == (3, len(out), 2)
    assert m.located_recall == pytest.approx(2 / 3, abs=1e-3)
    typed = sum(
        any(
            row.location == place and row.event_type == "Explosions/Remote violence"
            for row in out.itertuples()
        )
        for place in ("Sudzha", "Lgov")
    )
    assert m.typed_recall == pytest.approx(typed / 3, abs=1e-3)
    assert m.typed_precision == pytest.approx(typed / len(out), abs=1e-3)
    assert set(metrics) == {"all", "kursk", "other"}
    kinds = [f["kind"] for f in failures]
    assert kinds.count("missed") == 3 - typed  # the battle at the region, at least
    assert any(f["kind"] == "missed" and f["gold_type"] == "Armed clash" for f in failures)
    trap = [f for f in failures if f["kind"] == "trap"]
    assert m.trap_hits == len(trap) == sum(THREAT in (s or "") for s in out["notes"])


def test_a_region_level_gold_event_matches_within_150_km(parser, tmp_path):
    sentence = "Ukrainian drones struck Sudzha on Tuesday."
    article = dict(ARTICLES[0], text=sentence, not_events=[])
    article["events"] = [gold_event(KURSK_REGION, sentence, event_date="2024-08-20")]
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(article))
    gold = load_gold(path)
    metrics, _ = evaluate_events(gold, predict_events(gold, parser))
    assert metrics["all"].located_recall == 1.0  # Sudzha is 75 km from Kursk
    article["events"][0]["geo_precision"] = 1
    path.write_text(json.dumps(article))
    gold = load_gold(path)
    metrics, _ = evaluate_events(gold, predict_events(gold, parser))
    assert metrics["all"].located_recall == 0.0


def test_cli_prints_metrics_and_writes_failures(gold_file, tmp_path):
    failures = tmp_path / "failures.csv"
    result = CliRunner().invoke(
        main, ["evaluate-events", str(gold_file), "--json", "--failures", str(failures)]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert metrics["all"]["gold"] == 3 and "kursk" in metrics
    with open(failures, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert any(r["kind"] == "missed" and r["article"] == "t-1" for r in rows)
    text = CliRunner().invoke(main, ["evaluate-events", str(gold_file)]).output
    assert text.startswith("| topic |") and "| all |" in text


def test_a_bad_gold_line_is_named(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "x", "text": "t"}\n{"id": 1}\n')
    result = CliRunner().invoke(main, ["evaluate-events", str(path)])
    assert result.exit_code == 1 and "line 2" in result.output


@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/events is absent")
def test_the_dev_gold_scores(parser):
    gold = load_gold(DEV)
    metrics, failures = evaluate_events(gold, predict_events(gold, parser))
    m = metrics["all"]
    assert (m.articles, m.gold) == (30, 72)
    assert 0 < m.typed_f1 <= 1 and failures
