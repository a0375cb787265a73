"""Tests of mapper.evaluate on hand-made documents whose scores are worked out in comments."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from mapper.evaluate import (
    Document,
    GoldToponym,
    Metrics,
    Prediction,
    auc_of_errors,
    evaluate,
    format_table,
    load_corpus,
    match,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
KM_PER_DEGREE = 6371.009 * math.pi / 180  # 111.195 km per degree of latitude on a meridian


def gold(text: str, name: str, lat=None, lon=None, type=None, nth: int = 0) -> GoldToponym:
    start = _find(text, name, nth)
    return GoldToponym(start, start + len(name), name, lat, lon, type)


def pred(text: str, name: str, lat=None, lon=None, nth: int = 0) -> Prediction:
    start = _find(text, name, nth)
    return Prediction(start, start + len(name), name, lat, lon)


def _find(text: str, name: str, nth: int) -> int:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return start


def north_of(lat: float, km: float) -> float:
    """Latitude `km` north of `lat` on the same meridian."""
    return lat + km / KM_PER_DEGREE


TEXT = "Shelling hit Sudzha and Kursk; Belgorod was quiet, said a man in Moscow."


def test_three_gold_one_right_one_spurious():
    g = [
        gold(TEXT, "Sudzha", 51.19, 35.27),
        gold(TEXT, "Kursk", 51.73, 36.19),
        gold(TEXT, "Belgorod", 50.60, 36.59),
    ]
    p = [pred(TEXT, "Sudzha", 51.19, 35.27), pred(TEXT, "man", 10.0, 10.0)]
    m = evaluate([Document("d", TEXT, g)], {"d": p})
    # tp=1 (Sudzha), fp=1 ("man"), fn=2 (Kursk, Belgorod)
    assert (m.tp, m.fp, m.fn) == (1, 1, 2)
    # P = 1/2, R = 1/3, F1 = 2 * (1/2 * 1/3) / (1/2 + 1/3) = (1/3) / (5/6) = 0.4
    assert m.precision == pytest.approx(0.5)
    assert m.recall == pytest.approx(1 / 3)
    assert m.f1 == pytest.approx(0.4)
    # one resolved pair with error 0: acc161 1, mean = median = 0, AUC of [0] = 0
    assert m.n_resolved == 1
    assert m.acc161 == 1.0
    assert m.mean_km == pytest.approx(0.0, abs=1e-6)
    assert m.median_km == pytest.approx(0.0, abs=1e-6)
    assert m.auc == pytest.approx(0.0, abs=1e-6)
    # end to end: 1 correct out of 3 gold with coordinates
    assert m.n_gold_with_coords == 3
    assert m.end_to_end_acc161 == pytest.approx(1 / 3)


def test_errors_on_a_meridian():
    g = [
        gold(TEXT, "Sudzha", 50.0, 30.0),
        gold(TEXT, "Kursk", 50.0, 30.0),
        gold(TEXT, "Belgorod", 50.0, 30.0),
    ]
    p = [
        pred(TEXT, "Sudzha", 50.0, 30.0),  # 0 km
        pred(TEXT, "Kursk", north_of(50.0, 100.0), 30.0),  # 100 km
        pred(TEXT, "Belgorod", north_of(50.0, 500.0), 30.0),  # 500 km
    ]
    m = evaluate([Document("d", TEXT, g)], {"d": p})
    assert (m.tp, m.fp, m.fn) == (3, 0, 0)
    assert m.n_resolved == 3
    # 0 and 100 km are within 161 km, 500 km is not
    assert m.acc161 == pytest.approx(2 / 3)
    assert m.end_to_end_acc161 == pytest.approx(2 / 3)
    # mean (0 + 100 + 500) / 3 = 200, median 100
    assert m.mean_km == pytest.approx(200.0, abs=0.01)
    assert m.median_km == pytest.approx(100.0, abs=0.01)
    # AUC: curve y = ln(1 + e) / ln(20039) at x = 0, 1/2, 1 over sorted errors (0, 100, 500):
    # trapezoids 1/2 * (y0 + 2 y1 + y2) / 2 = (ln 101 + ln 501 / 2) / (2 ln 20039)
    # = (4.6151 + 3.1083) / (2 * 9.9056) = 0.3899
    assert m.auc == pytest.approx(0.3899, abs=1e-4)


def test_auc_bounds():
    assert auc_of_errors([0.0, 0.0, 0.0]) == 0.0
    # the largest error on the sphere, antipodes: pi * 6371.009 = 20015.1 km;
    # ln(20016.1) / ln(20039) = 0.99988 (the standard normaliser ln 20039, not ln 20040)
    text = "Null Island and its antipode"
    g = [gold(text, "Null Island", 0.0, 0.0), gold(text, "antipode", 0.0, 0.0)]
    p = [pred(text, "Null Island", 0.0, 180.0), pred(text, "antipode", 0.0, -180.0)]
    m = evaluate([Document("d", text, g)], {"d": p})
    assert m.mean_km == pytest.approx(20015.1, abs=0.1)
    assert m.auc == pytest.approx(0.99988, abs=1e-5)
    assert auc_of_errors([20039.0] * 4) == pytest.approx(1.0, abs=1e-5)
    assert auc_of_errors([]) is None
    # order of the input does not matter: the errors are sorted first
    assert auc_of_errors([500.0, 0.0, 100.0]) == pytest.approx(auc_of_errors([0.0, 100.0, 500.0]))
    # a bigger error anywhere never lowers the AUC
    assert auc_of_errors([0.0, 100.0, 5000.0]) > auc_of_errors([0.0, 100.0, 500.0])


def test_prediction_overlapping_two_golds_matches_one():
    text = "Sudzha, Kursk region"
    g = [gold(text, "Sudzha", 51.19, 35.27), gold(text, "Kursk", 51.73, 36.19)]
    # one predicted span "Sudzha, Kursk" overlaps Sudzha by 6 characters, Kursk by 5
    p = [Prediction(0, 13, "Sudzha, Kursk", 51.19, 35.27)]
    assert match(g, p) == [(0, 0), (1, None)]
    m = evaluate([Document("d", text, g)], {"d": p})
    assert (m.tp, m.fp, m.fn) == (1, 0, 1)
    assert m.precision == 1.0
    assert m.recall == pytest.approx(0.5)
    assert m.end_to_end_acc161 == pytest.approx(0.5)


def test_match_prefers_largest_overlap_and_is_one_to_one():
    text = "New York City and York"
    g = [GoldToponym(0, 13, "New York City", None, None), gold(text, "York", nth=1)]
    # "New York" overlaps the first gold by 8; "York City" by 9: "York City" wins it and
    # "New York" has no other gold to overlap, so it is spurious
    p = [Prediction(0, 8, "New York", None, None), Prediction(4, 13, "York City", None, None)]
    assert match(g, p) == [(0, 1), (1, None), (None, 0)]
    # nested gold spans each keep their own identical prediction
    g2 = [
        GoldToponym(0, 13, "New York City", None, None),
        GoldToponym(0, 8, "New York", None, None),
    ]
    p2 = [Prediction(0, 8, "New York", None, None), Prediction(0, 13, "New York City", None, None)]
    assert match(g2, p2) == [(0, 1), (1, 0)]
    # touching spans do not overlap
    assert match([GoldToponym(0, 3, "abc", None, None)], [Prediction(3, 6, "def", None, None)]) == [
        (0, None),
        (None, 0),
    ]


def test_gold_without_coordinates_counts_for_recognition_only():
    g = [gold(TEXT, "Sudzha"), gold(TEXT, "Kursk", 51.73, 36.19)]
    p = [pred(TEXT, "Sudzha", 51.19, 35.27), pred(TEXT, "Kursk", 51.73, 36.19)]
    m = evaluate([Document("d", TEXT, g)], {"d": p})
    assert (m.tp, m.fp, m.fn) == (2, 0, 0)
    assert m.recall == 1.0
    # only Kursk has gold coordinates: 1 resolved, and it is the whole e2e denominator
    assert m.n_gold_with_coords == 1
    assert m.n_resolved == 1
    assert m.end_to_end_acc161 == 1.0


def test_recognised_but_unresolved_prediction():
    g = [gold(TEXT, "Kursk", 51.73, 36.19), gold(TEXT, "Belgorod", 50.60, 36.59)]
    p = [pred(TEXT, "Kursk"), pred(TEXT, "Belgorod", 50.60, 36.59)]
    m = evaluate([Document("d", TEXT, g)], {"d": p})
    # both recognised, only Belgorod resolved (correctly): acc161 over resolved 1/1, e2e 1/2
    assert (m.tp, m.n_resolved) == (2, 1)
    assert m.acc161 == 1.0
    assert m.end_to_end_acc161 == pytest.approx(0.5)


def test_empty_predictions_give_zeros_not_errors():
    docs = [Document("d", TEXT, [gold(TEXT, "Kursk", 51.73, 36.19)])]
    for predictions in ({}, {"d": []}):
        m = evaluate(docs, predictions)
        assert (m.tp, m.fp, m.fn) == (0, 0, 1)
        # precision is defined as 0 when nothing is predicted
        assert (m.precision, m.recall, m.f1) == (0.0, 0.0, 0.0)
        assert (m.n_resolved, m.acc161, m.end_to_end_acc161) == (0, 0.0, 0.0)
        assert m.mean_km is None and m.median_km is None and m.auc is None
    m = evaluate([], {})
    assert (m.precision, m.recall, m.f1, m.end_to_end_acc161) == (0.0, 0.0, 0.0, 0.0)


def test_by_type_recall_and_end_to_end():
    g = [
        gold(TEXT, "Sudzha", 51.19, 35.27, "Literal"),
        gold(TEXT, "Kursk", 51.73, 36.19, "Literal"),
        gold(TEXT, "Moscow", 55.75, 37.62, "Metonymic"),
        gold(TEXT, "Belgorod", 50.60, 36.59, None),
    ]
    p = [
        pred(TEXT, "Sudzha", 51.19, 35.27),  # right
        pred(TEXT, "Kursk", north_of(51.73, 500), 36.19),  # recognised, 500 km off
        pred(TEXT, "Belgorod", 50.60, 36.59),  # untyped gold: not in by_type
        pred(TEXT, "man", 0.0, 0.0),  # spurious: no gold type, so no per-type precision
    ]
    m = evaluate([Document("d", TEXT, g)], {"d": p})
    assert set(m.by_type) == {"Literal", "Metonymic"}
    lit, met = m.by_type["Literal"], m.by_type["Metonymic"]
    assert (lit["n_gold"], lit["tp"], lit["recall"]) == (2, 2, 1.0)
    assert lit["end_to_end_acc161"] == pytest.approx(0.5)
    assert (met["n_gold"], met["tp"], met["recall"], met["end_to_end_acc161"]) == (1, 0, 0.0, 0.0)
    assert "precision" not in lit


def test_to_dict_is_json_and_rounded():
    g = [gold(TEXT, "Sudzha", 51.19, 35.27, "Literal"), gold(TEXT, "Kursk", 51.73, 36.19)]
    p = [pred(TEXT, "Sudzha", 51.19, 35.27)]
    d = evaluate([Document("d", TEXT, g)], {"d": p}).to_dict()
    back = json.loads(json.dumps(d))
    assert back["recall"] == 0.5
    assert back["end_to_end_acc161"] == 0.5
    assert back["by_type"]["Literal"]["recall"] == 1.0
    expected = {"tp", "fp", "fn", "precision", "recall", "f1", "n_resolved", "acc161"}
    assert expected | {"mean_km", "median_km", "auc", "end_to_end_acc161"} <= set(back)
    m = evaluate([Document("d", TEXT, g)], {"d": [pred(TEXT, "Kursk"), pred(TEXT, "Sudzha")]})
    assert m.to_dict()["precision"] == 1.0
    assert evaluate([], {}).to_dict()["auc"] is None
    three = Metrics(1, 2, 0, 1 / 3, 1.0, 0.5, 1, 1, 1.0, 1.23456, 1.0, 0.123456, 1.0)
    assert three.to_dict()["precision"] == 0.3333
    assert three.to_dict()["auc"] == 0.1235


def test_format_table():
    g = [gold(TEXT, "Sudzha", 51.19, 35.27), gold(TEXT, "Kursk", 51.73, 36.19)]
    docs = [Document("d", TEXT, g)]
    table = format_table(
        {
            "exact": evaluate(docs, {"d": [pred(TEXT, "Sudzha", 51.19, 35.27)]}),
            "nothing": evaluate(docs, {}),
        }
    )
    lines = table.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("| system | P | R | F1 | acc@161 of recognised |")
    assert lines[0].rstrip().endswith("| end-to-end acc@161 |")
    assert lines[2] == "| exact | 1.000 | 0.500 | 0.667 | 1.000 | 0 | 0 | 0.000 | 0.500 |"
    assert lines[3] == "| nothing | 0.000 | 0.000 | 0.000 | 0.000 |  |  |  | 0.000 |"


def test_load_corpus(tmp_path):
    row = {
        "corpus": "x",
        "doc_id": 7,
        "text": "To Kursk.",
        "toponyms": [
            {"start": 3, "end": 8, "text": "Kursk", "lat": 51.73, "lon": 36.19, "meta": {}},
            {
                "start": 3,
                "end": 8,
                "text": "Kursk",
                "lat": None,
                "lon": None,
                "meta": {"type": "Literal"},
            },
        ],
        "meta": {},
    }
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    (doc,) = load_corpus(path)
    assert doc.doc_id == "7" and doc.text == "To Kursk."
    assert doc.gold == [
        GoldToponym(3, 8, "Kursk", 51.73, 36.19, None),
        GoldToponym(3, 8, "Kursk", None, None, "Literal"),
    ]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (developers' corpora) is not here")
@pytest.mark.parametrize(
    ("name", "n_docs", "n_gold"), [("geowebnews", 200, 2720), ("tr_news", 118, 1319)]
)
def test_shared_corpora_gold_as_prediction(name, n_docs, n_gold):
    docs = load_corpus(SHARED / "eval" / f"{name}.jsonl")
    assert len(docs) == n_docs
    assert sum(len(d.gold) for d in docs) == n_gold
    perfect = {
        d.doc_id: [Prediction(g.start, g.end, g.text, g.lat, g.lon) for g in d.gold] for d in docs
    }
    m = evaluate(docs, perfect)
    assert (m.tp, m.fp, m.fn) == (n_gold, 0, 0)
    assert (m.precision, m.recall, m.acc161, m.end_to_end_acc161) == (1.0, 1.0, 1.0, 1.0)
    assert m.n_resolved == m.n_gold_with_coords > 0.9 * n_gold
    assert m.auc == pytest.approx(0.0, abs=1e-9)
    if name == "geowebnews":
        assert m.by_type["Literal"]["n_gold"] == 850
    # dropping every prediction of half the documents lowers recall but not precision
    half = {k: v for i, (k, v) in enumerate(perfect.items()) if i % 2}
    m_half = evaluate(docs, half)
    assert m_half.precision == 1.0 and 0.2 < m_half.recall < 0.8


def test_format_by_type_lists_types_and_leaves_accuracy_blank_without_coordinates():
    from mapper.evaluate import format_by_type

    doc = Document(
        "d",
        "Russians in Moscow",
        [
            GoldToponym(0, 8, "Russians", None, None, "Demonym"),
            GoldToponym(12, 18, "Moscow", 55.75, 37.62, "Literal"),
        ],
    )
    preds = {"d": [Prediction(12, 18, "Moscow", 55.75, 37.62)]}
    table = format_by_type(evaluate([doc], preds)).splitlines()
    assert table[2] == "| Demonym | 1 | 0.000 |  |"
    assert table[3] == "| Literal | 1 | 1.000 | 1.000 |"
