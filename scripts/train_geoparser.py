"""Train the geoparser's recognition model (a logistic regression over span cues).

    python scripts/train_geoparser.py --train A.jsonl [--train B.jsonl] [--test C.jsonl] \
        [--write mapper/resources/geoparse_model.json]

Each span the gazetteer proposes is an example, labelled 1 when it overlaps a gold toponym.
The weights are fitted by Newton's method with an L2 penalty (a dozen lines of numpy; no
scikit-learn needed for 25 features). `--test` reports the metrics of shared/eval/README.md
on a corpus the model never saw: quote only those figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from mapper.evaluate import evaluate, format_table, load_corpus, predict
from mapper.geoparse import Geoparser

L2 = 1.0


def examples(parser: Geoparser, documents) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Feature matrix and labels of every proposed span in `documents`."""
    names: list[str] = []
    rows, labels = [], []
    for doc in documents:
        spans = parser.proposals(doc.text)
        gold = [(g.start, g.end) for g in doc.gold]
        for s in spans:
            if not names:
                names = list(s.features)
            rows.append([s.features[n] for n in names])
            labels.append(float(any(s.start < e and b < s.end for b, e in gold)))
    return names, np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 30) -> np.ndarray:
    """Logistic regression weights by Newton's method (bias is column 0, not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def choose_threshold(parser: Geoparser, model: dict, docs, min_precision: float = 0.88) -> float:
    """The threshold with the best end-to-end accuracy on the training corpora among those
    whose precision there is at least `min_precision` (test corpora are never looked at)."""
    best, best_acc = 0.5, -1.0
    for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        trial = Geoparser(parser.gazetteer, {**model, "threshold": t})
        m = evaluate(docs, predict(docs, trial.parse))
        print(f"threshold {t}: P {m.precision:.3f} e2e {m.end_to_end_acc161:.3f}", file=sys.stderr)
        if m.precision >= min_precision and m.end_to_end_acc161 > best_acc:
            best, best_acc = t, m.end_to_end_acc161
    return best


def fit_model(parser: Geoparser, docs) -> dict:
    names, x, y = examples(parser, docs)
    model = {"weights": dict(zip(names, fit(x, y).tolist(), strict=True)), "threshold": 0.5}
    model["threshold"] = choose_threshold(parser, model, docs)
    return model


def cross_validate(parser: Geoparser, paths: list[Path], k: int) -> int:
    """Out-of-fold metrics: documents dealt to k folds in file order (doc i -> fold i % k)."""
    corpora = {path.stem: load_corpus(path) for path in paths}
    tagged = [(name, d) for name, docs in corpora.items() for d in docs]
    predictions: dict[str, dict] = {name: {} for name in corpora}
    for fold in range(k):
        train = [d for i, (_, d) in enumerate(tagged) if i % k != fold]
        test = [(n, d) for i, (n, d) in enumerate(tagged) if i % k == fold]
        model = fit_model(parser, train)
        trial = Geoparser(parser.gazetteer, model)
        for name, d in test:
            predictions[name].update(predict([d], trial.parse))
        print(f"fold {fold}: threshold {model['threshold']}", file=sys.stderr)
    table = {
        f"mapper, {k}-fold out-of-fold, on {name}": evaluate(docs, predictions[name])
        for name, docs in corpora.items()
    }
    print(format_table(table))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", action="append", type=Path, required=True)
    ap.add_argument("--test", action="append", type=Path, default=[])
    ap.add_argument(
        "--threshold",
        type=float,
        help="Recognition threshold; default: chosen on the training corpora (see below).",
    )
    ap.add_argument("--write", type=Path, help="Write the model JSON here.")
    ap.add_argument(
        "--cv",
        type=int,
        default=0,
        help="K-fold cross-validation over the --train corpora: each document is scored by a "
        "model (weights and threshold) fitted without it; metrics per corpus.",
    )
    args = ap.parse_args(argv)

    parser = Geoparser()
    if args.cv:
        return cross_validate(parser, args.train, args.cv)
    train_docs = [d for path in args.train for d in load_corpus(path)]
    names, x, y = examples(parser, train_docs)
    w = fit(x, y)
    model = {
        "about": "Recognition weights fitted by scripts/train_geoparser.py on "
        + ", ".join(p.name for p in args.train)
        + f" ({len(y)} proposed spans, {int(y.sum())} toponyms).",
        "threshold": args.threshold if args.threshold is not None else 0.5,
        "weights": {n: round(float(v), 4) for n, v in zip(names, w, strict=True)},
    }
    if args.threshold is None:
        model["threshold"] = choose_threshold(parser, model, train_docs)
    print(json.dumps(model, indent=1), file=sys.stderr)
    trained = Geoparser(parser.gazetteer, model)
    for path in args.test:
        docs = load_corpus(path)
        metrics = evaluate(docs, predict(docs, trained.parse))
        print(
            format_table(
                {
                    f"mapper (trained on {'+'.join(p.stem for p in args.train)}) "
                    f"on {path.stem}": metrics
                }
            )
        )
    if args.write:
        args.write.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
