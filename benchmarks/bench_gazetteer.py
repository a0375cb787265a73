"""Gazetteer benchmark: load time, `mapper geocode Sudzha` whole-process time, lookups per
second in process, peak memory. Results: benchmarks/results/gazetteer.json and .md.

    python benchmarks/bench_gazetteer.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from results_file import write_results  # noqa: E402

QUERIES = (
    "Sudzha|Rylsk|Kursk region|Oktyabrskoye, Rylsky District|Kharkov|Kiev|Paris|"
    "Nizhny Novgorod|Black Sea|Суджа|Washington|Orel"
).split("|")


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable

    # Warm the index cache once (a first run on a fresh machine builds it).
    cold = timed([py, "-m", "mapper", "geocode", "Sudzha"])
    baseline = [timed([py, "-c", "pass"]) for _ in range(args.repeat)]
    geocode = [timed([py, "-m", "mapper", "geocode", "Sudzha"]) for _ in range(args.repeat)]
    load = [
        timed([py, "-c", "from mapper.gazetteer import Gazetteer; Gazetteer.default()"])
        for _ in range(args.repeat)
    ]

    from mapper.gazetteer import Gazetteer
    from mapper.geocoder import GazetteerGeocoder

    t = time.perf_counter()
    gaz = Gazetteer.default()
    load_in_process = time.perf_counter() - t
    coder = GazetteerGeocoder(gaz)
    # Distinct names (every lookup a first lookup) and a realistic mix where names repeat.
    import random

    rng = random.Random(3)
    distinct = [gaz.fields(rng.randrange(len(gaz)))[1] for _ in range(20_000)]
    rates, distinct_rates, geocode_rates = [], [], []
    for _ in range(args.repeat):
        gaz._memo.clear()
        t = time.perf_counter()
        for q in distinct:
            gaz.candidate_rows(q)
        distinct_rates.append(len(distinct) / (time.perf_counter() - t))
        n, t = 0, time.perf_counter()
        while n < 50_000:
            for q in QUERIES:
                gaz.candidate_rows(q)
            n += len(QUERIES)
        rates.append(n / (time.perf_counter() - t))
        n, t = 0, time.perf_counter()
        while n < 5_000:
            for q in QUERIES:
                coder.geocode(q)
            n += len(QUERIES)
        geocode_rates.append(n / (time.perf_counter() - t))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "machine": f"{os.cpu_count()} cores, {sys.platform}, Python {sys.version.split()[0]}",
        "gazetteer_rows": len(gaz),
        "first_geocode_with_index_build_s": round(cold, 3),
        "python_startup_median_s": round(statistics.median(baseline), 3),
        "mapper_geocode_sudzha_median_s": round(statistics.median(geocode), 3),
        "gazetteer_load_median_s": round(statistics.median(load), 3),
        "gazetteer_load_in_process_s": round(load_in_process, 3),
        "lookups_per_s_distinct_names_median": round(statistics.median(distinct_rates)),
        "lookups_per_s_repeated_names_median": round(statistics.median(rates)),
        "geocode_calls_per_s_median": round(statistics.median(geocode_rates)),
        "peak_rss_mb": round(peak_mb, 1),
        "repeat": args.repeat,
    }
    print(write_results("gazetteer", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
