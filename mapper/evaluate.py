"""Geoparsing metrics: recognition P/R/F1, resolution error, end-to-end accuracy@161 km.

The metrics are the field's standard ones (EUPEG; Gritta et al. 2018, "What's missing in
geographical parsing?"). Everything here is a pure function of gold documents and predictions
given as data; the only I/O is :func:`load_corpus`, which reads a corpus in the JSON-lines
schema of the developers' evaluation corpora (``{"doc_id", "text", "toponyms": [...]}``).

>>> gold = [GoldToponym(0, 5, "Kursk", 51.73, 36.19, None)]
>>> pred = [Prediction(0, 5, "Kursk", 51.73, 36.19)]
>>> evaluate([Document("d", "Kursk", gold)], {"d": pred}).end_to_end_acc161
1.0
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd

ACC_KM = 161.0  # 100 miles, the usual "correct" threshold
MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the largest possible error
EARTH_RADIUS_KM = 6371.009  # mean radius, the one geopy.distance.great_circle uses


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated place name: character span, coordinates (may be missing), gold class."""

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    type: str | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    """One place name found by a system, with its coordinates if it was resolved."""

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One evaluation document with its gold toponyms."""

    doc_id: str
    text: str
    gold: list[GoldToponym]


@dataclass(slots=True)
class Metrics:
    """Scores of one system on one corpus; see :func:`evaluate` for the definitions."""

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    n_gold_with_coords: int
    n_resolved: int
    acc161: float
    mean_km: float | None
    median_km: float | None
    auc: float | None
    end_to_end_acc161: float
    by_type: dict[str, dict[str, float | int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain JSON-serialisable dict, floats rounded to 4 decimals (``--json`` output)."""
        out: dict = {}
        for f in fields(self):
            name, value = f.name, getattr(self, f.name)
            if name == "by_type":
                value = {t: {k: _round(v) for k, v in d.items()} for t, d in value.items()}
            out[name] = _round(value)
        return out


def _round(value):
    if isinstance(value, float | np.floating):
        return round(float(value), 4)
    if isinstance(value, np.integer):
        return int(value)
    return value


def load_corpus(path: str | Path) -> list[Document]:
    """Read a JSON-lines evaluation corpus (one document per line) into :class:`Document` s."""
    documents = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            gold = [
                GoldToponym(
                    start=int(t["start"]),
                    end=int(t["end"]),
                    text=t["text"],
                    lat=None if t.get("lat") is None else float(t["lat"]),
                    lon=None if t.get("lon") is None else float(t["lon"]),
                    type=(t.get("meta") or {}).get("type"),
                )
                for t in row["toponyms"]
            ]
            documents.append(Document(doc_id=str(row["doc_id"]), text=row["text"], gold=gold))
    return documents


def match(
    gold: Sequence[GoldToponym | Prediction], predicted: Sequence[Prediction]
) -> list[tuple[int | None, int | None]]:
    """One-to-one matching of gold spans to predicted spans in one document.

    Rule: a gold and a predicted span can match when their character ranges overlap (share at
    least one character). Candidate pairs are taken greedily, best first, by: longest overlap,
    then identical span, then identical lowercased text, then gold index, then predicted index
    (so the result is deterministic). A pair is kept when neither side is matched yet: each
    gold span matches at most one prediction and vice versa.

    Returns ``(gold_index, predicted_index)`` for every matched pair, in gold order, with
    ``(gold_index, None)`` for each missed gold span, followed by ``(None, predicted_index)``
    for each spurious prediction in predicted order.

    >>> g = [GoldToponym(0, 5, "Kursk", None, None)]
    >>> match(g, [Prediction(0, 11, "Kursk Oblast", None, None), Prediction(20, 25, "x", 0, 0)])
    [(0, 0), (None, 1)]
    """
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                same_span = (g.start, g.end) == (p.start, p.end)
                same_text = g.text.lower() == p.text.lower()
                candidates.append((-overlap, not same_span, not same_text, i, j))
    candidates.sort()
    gold_to_pred: dict[int, int] = {}
    used_pred: set[int] = set()
    for *_, i, j in candidates:
        if i not in gold_to_pred and j not in used_pred:
            gold_to_pred[i] = j
            used_pred.add(j)
    pairs: list[tuple[int | None, int | None]] = [
        (i, gold_to_pred.get(i)) for i in range(len(gold))
    ]
    pairs += [(None, j) for j in range(len(predicted)) if j not in used_pred]
    return pairs


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km (haversine), vectorised over arrays of degrees."""
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2)
    )
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def auc_of_errors(errors_km: Sequence[float] | np.ndarray) -> float | None:
    """Area under the curve of sorted log errors, in [0, 1], lower is better (Gritta et al. 2018).

    The errors are sorted, mapped to ``ln(1 + km) / ln(20039)`` (20,039 km, half the Earth's
    circumference, is the largest possible error, so each value lies in [0, 1]) and integrated
    with the trapezoidal rule over an x axis scaled to [0, 1]. All errors 0 km give 0, all
    errors 20,039 km give 1 (to 5 decimals: the numerator is ln(1 + km), as in the published
    evaluation code, and on a sphere the largest error is 20,015 km). With a single error the
    curve is a point: its value is returned. ``None`` when there is no error to measure.
    """
    errors = np.sort(np.asarray(errors_km, dtype=float))
    if errors.size == 0:
        return None
    curve = np.log1p(errors) / np.log(MAX_ERROR_KM)
    if errors.size == 1:
        return float(curve[0])
    # trapezoidal rule with step 1 / (n - 1), i.e. np.trapz(curve, dx=1 / (n - 1)) (np.trapz is
    # renamed in numpy 2, so written out)
    return float((curve.sum() - (curve[0] + curve[-1]) / 2) / (errors.size - 1))


def pairs_table(
    documents: Sequence[Document], predictions_by_doc: Mapping[str, Sequence[Prediction]]
) -> pd.DataFrame:
    """One row per gold toponym and per spurious prediction, with the match and its error.

    Columns: ``doc_id, gold_index, pred_index, gold_text, pred_text, type, gold_has_coords,
    pred_has_coords, error_km`` (``error_km`` is NaN unless both sides have coordinates).
    Predictions for doc_ids absent from ``documents`` are ignored.
    """
    rows = []
    for doc in documents:
        preds = list(predictions_by_doc.get(doc.doc_id, ()))
        for i, j in match(doc.gold, preds):
            g = doc.gold[i] if i is not None else None
            p = preds[j] if j is not None else None
            rows.append(
                (
                    doc.doc_id,
                    i,
                    j,
                    g.text if g else None,
                    p.text if p else None,
                    g.type if g else None,
                    g is not None and g.lat is not None and g.lon is not None,
                    p is not None and p.lat is not None and p.lon is not None,
                    g.lat if g else None,
                    g.lon if g else None,
                    p.lat if p else None,
                    p.lon if p else None,
                )
            )
    columns = [
        "doc_id",
        "gold_index",
        "pred_index",
        "gold_text",
        "pred_text",
        "type",
        "gold_has_coords",
        "pred_has_coords",
        "gold_lat",
        "gold_lon",
        "pred_lat",
        "pred_lon",
    ]
    table = pd.DataFrame(rows, columns=columns)
    for name in ("gold_index", "pred_index"):
        table[name] = table[name].astype("Int64")
    coords = table[["gold_lat", "gold_lon", "pred_lat", "pred_lon"]].astype(float)
    both = table["gold_has_coords"] & table["pred_has_coords"]
    table["error_km"] = np.nan
    if both.any():
        c = coords[both]
        table.loc[both, "error_km"] = great_circle_km(
            c["gold_lat"], c["gold_lon"], c["pred_lat"], c["pred_lon"]
        )
    return table.drop(columns=["gold_lat", "gold_lon", "pred_lat", "pred_lon"])


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def evaluate(
    documents: Sequence[Document], predictions_by_doc: Mapping[str, Sequence[Prediction]]
) -> Metrics:
    """Score predictions against gold documents (spans matched with :func:`match`).

    - ``tp`` matched pairs, ``fp`` unmatched predictions, ``fn`` unmatched gold toponyms
      (gold without coordinates count here too); ``precision = tp / (tp + fp)``,
      ``recall = tp / (tp + fn)``, ``f1`` their harmonic mean. A ratio whose denominator is 0
      is 0.0 (e.g. precision when nothing is predicted).
    - Resolution, over the ``n_resolved`` matched pairs where both gold and prediction have
      coordinates: ``acc161`` share with error <= 161 km (0.0 when ``n_resolved`` is 0),
      ``mean_km``, ``median_km`` and ``auc`` (:func:`auc_of_errors`), all ``None`` when
      ``n_resolved`` is 0 (0 would read as a perfect score).
    - ``end_to_end_acc161``: matched pairs with error <= 161 km divided by
      ``n_gold_with_coords``, all gold toponyms that have coordinates. The ranking number.
    - ``by_type``: per gold class (GoldToponym.type; gold without a type are left out):
      ``n_gold, tp, recall, n_gold_with_coords, end_to_end_acc161``. Precision is not defined
      per class: a spurious prediction has no gold class.
    """
    table = pairs_table(documents, predictions_by_doc)
    is_gold = table["gold_index"].notna()
    matched = is_gold & table["pred_index"].notna()
    tp = int(matched.sum())
    fn = int((is_gold & ~matched).sum())
    fp = int((~is_gold).sum())
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    errors = table.loc[matched, "error_km"].dropna().to_numpy()
    correct = table["error_km"] <= ACC_KM  # NaN compares False
    n_gold_coords = int(table["gold_has_coords"].sum())

    by_type: dict[str, dict[str, float | int]] = {}
    typed = table[is_gold & table["type"].notna()]
    for gold_type, group in typed.groupby("type", sort=True):
        n_matched = int(group["pred_index"].notna().sum())
        n_coords = int(group["gold_has_coords"].sum())
        by_type[str(gold_type)] = {
            "n_gold": len(group),
            "tp": n_matched,
            "recall": _ratio(n_matched, len(group)),
            "n_gold_with_coords": n_coords,
            "end_to_end_acc161": _ratio(int(correct[group.index].sum()), n_coords),
        }

    return Metrics(
        tp=tp,
        fp=fp,
        fn=fn,
        precision=precision,
        recall=recall,
        f1=f1,
        n_gold_with_coords=n_gold_coords,
        n_resolved=int(errors.size),
        acc161=_ratio(int((errors <= ACC_KM).sum()), errors.size),
        mean_km=float(errors.mean()) if errors.size else None,
        median_km=float(np.median(errors)) if errors.size else None,
        auc=auc_of_errors(errors),
        end_to_end_acc161=_ratio(int(correct.sum()), n_gold_coords),
        by_type=by_type,
    )


def format_table(metrics_by_name: Mapping[str, Metrics]) -> str:
    """Markdown table, one row per system, in the column order of the README's anchors."""

    def cell(value: float | None, digits: int) -> str:
        return "" if value is None else f"{value:.{digits}f}"

    lines = [
        "| system | P | R | F1 | acc@161 of recognised | mean km | median km | AUC "
        "| end-to-end acc@161 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, m in metrics_by_name.items():
        cells = [
            name,
            cell(m.precision, 3),
            cell(m.recall, 3),
            cell(m.f1, 3),
            cell(m.acc161, 3),
            cell(m.mean_km, 0),
            cell(m.median_km, 0),
            cell(m.auc, 3),
            cell(m.end_to_end_acc161, 3),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_by_type(metrics: Metrics) -> str:
    """Markdown table of recall and end-to-end accuracy per gold annotation type ("" if none)."""
    if not metrics.by_type:
        return ""
    lines = [
        "| annotation type | gold | R | end-to-end acc@161 |",
        "| --- | --- | --- | --- |",
    ]
    for name, row in sorted(metrics.by_type.items(), key=lambda kv: -kv[1]["n_gold"]):
        # types annotated without coordinates (demonyms, languages) have no accuracy
        acc = f"{row['end_to_end_acc161']:.3f}" if row["n_gold_with_coords"] else ""
        lines.append(f"| {name} | {row['n_gold']} | {row['recall']:.3f} | {acc} |")
    return "\n".join(lines)


def predict(documents: Sequence[Document], parse) -> dict[str, list[Prediction]]:
    """Run a geoparser (`parse(text) -> [Toponym]`) over documents, as evaluation predictions."""
    out: dict[str, list[Prediction]] = {}
    for doc in documents:
        out[doc.doc_id] = [
            Prediction(
                t.start,
                t.end,
                t.text,
                t.place.lat if t.place else None,
                t.place.lon if t.place else None,
                t.score,
            )
            for t in parse(doc.text)
        ]
    return out
