"""Event accuracy on the developers' hand-coded gold (../shared/eval/events/dev.jsonl):
`mapper evaluate-events` overall and per topic, written to benchmarks/results/events.json and
events.md (the table the README quotes), with the commit it was measured at.

    python benchmarks/bench_events.py [--gold ../shared/eval/events/dev.jsonl]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapper.evaluate_events import (  # noqa: E402
    evaluate_events,
    format_event_metrics,
    load_gold,
    predict_events,
)
from mapper.geoparse import Geoparser  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared/eval/events/dev.jsonl")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    metrics, _ = evaluate_events(gold, predict_events(gold, Geoparser()))
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    result = {"gold": args.gold.name, "commit": commit}
    result.update({topic: m.to_dict() for topic, m in metrics.items()})
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "events.json").write_text(json.dumps(result, indent=1) + "\n")
    table = format_event_metrics(metrics)
    (RESULTS / "events.md").write_text(f"`{args.gold.name}` at {commit}:\n\n{table}\n")
    print(table)


if __name__ == "__main__":
    main()
