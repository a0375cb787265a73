"""Where benchmarks write their figures: results/NAME.json and a markdown table results/NAME.md."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def write_results(name: str, result: dict) -> str:
    """Write `result` as JSON and as a two-column markdown table; return the table."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    md = "| measure | value |\n| --- | --- |\n" + "".join(
        f"| {k} | {v} |\n" for k, v in result.items()
    )
    (RESULTS / f"{name}.md").write_text(md)
    return md
