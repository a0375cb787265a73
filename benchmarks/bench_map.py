"""Benchmark the map: file size, time to write, time for headless Chromium to show it.

    python benchmarks/bench_map.py [--sizes 1000 10000 100000] [--runs 3]

Synthetic events over 200 dates around Kursk/Sumy. "shown" is the time from navigation
start until the page sets window.mapperReady (every layer and control built), as measured
by the page (performance.now()). "filter" and "slider" are the times from a change (an event
type hidden or shown again; the time control moved by one day, in "this day" mode) until the
next frame is painted, with the map, the list, the legend and the histogram redrawn: the
median of REDRAWS changes. Writes benchmarks/results/map.json and map.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapper.events_schema import ARTICLE_COLUMNS, EVENT_COLUMNS  # noqa: E402
from mapper.render import EVENT_STYLES, write_map  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
REDRAWS = 9

# Run in the page: make one change (arguments: "filter" or "slider", and a counter), then
# call back with the milliseconds until the next frame is painted.
_TIMED_CHANGE = """
var kind = arguments[0], k = arguments[1], done = arguments[arguments.length - 1];
var t0 = performance.now();
if (kind === "filter") {
    window.mapperEvents.setOff("type", 0, k % 2 === 0);
} else {
    var r = document.querySelector(".mapper-time .mt-to");
    r.value = +r.min + 100 + k;
    r.dispatchEvent(new Event("input"));
}
requestAnimationFrame(function () {
    setTimeout(function () { done(performance.now() - t0); }, 0);
});
"""


def synthetic(n: int, n_dates: int = 200, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n events with realistic string lengths; 5% undated, 10% region-level, 20% claims."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2024-08-06", periods=n_dates, freq="D").strftime("%Y-%m-%d")
    places = [f"Village {i}" for i in range(2000)]
    n_art = max(10, n // 5)
    articles = pd.DataFrame(
        {
            "article_id": [f"a{i:06d}" for i in range(n_art)],
            "title": [f"Report number {i} on fighting in the border region" for i in range(n_art)],
            "source": rng.choice(["Example News", "Wire Service", "Daily Paper"], n_art),
            "published": rng.choice(dates, n_art),
            "url": [f"https://news.example/{i}" for i in range(n_art)],
            "path": [f"data/articles/a{i}.md" for i in range(n_art)],
        },
        columns=list(ARTICLE_COLUMNS),
    )
    place = rng.integers(0, len(places), n)
    art = rng.integers(0, n_art, n)
    region = rng.random(n) < 0.10
    ev = pd.DataFrame(
        {
            "event_id": [f"ev{i:07d}" for i in range(n)],
            "event_date": np.where(rng.random(n) < 0.05, "", rng.choice(dates, n)),
            "time_precision": rng.integers(1, 4, n),
            "event_type": rng.choice([s.event_type for s in EVENT_STYLES[:-1]], n),
            "sub_event_type": "Armed clash",
            "actor1": "Military Forces of Ukraine",
            "actor2": "Military Forces of Russia",
            "quantity": np.where(rng.random(n) < 0.3, rng.integers(1, 200, n).astype(str), ""),
            "quantity_unit": "drones",
            "location": [places[i] for i in place],
            "place_id": place,
            "latitude": 51.0 + (place % 50) * 0.03 + rng.normal(0, 0.002, n),
            "longitude": 34.5 + (place // 50) * 0.05 + rng.normal(0, 0.002, n),
            "admin1": "Kursk Oblast",
            "country_code": "RU",
            "geo_precision": np.where(region, 3, 1),
            "attribution": np.where(rng.random(n) < 0.2, "Russian Ministry of Defence", ""),
            "num_articles": 1,
            "article_ids": [articles.article_id[i] for i in art],
            "source_urls": [articles.url[i] for i in art],
            "notes": [
                f"Event {i}: troops reported fighting near {places[p]} on the border, they said."
                for i, p in enumerate(place)
            ],
            "admin2": "Sudzhansky District",
            "feature_code": np.where(region, "ADM2", "PPL"),
        },
        columns=list(EVENT_COLUMNS),
    )
    return ev, articles


def browser_ms(path: Path, profile: Path) -> dict | None:
    """Milliseconds from navigation start to window.mapperReady, and the median redraw after
    a filter change and after a slider step; None without Chromium."""
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,860", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        f"--user-data-dir={profile}",
    ):  # fmt: skip
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.set_page_load_timeout(300)
        driver.set_script_timeout(60)
        driver.get(path.as_uri())
        deadline = time.monotonic() + 300
        while not driver.execute_script("return window.mapperReady === true"):
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)
        shown = float(driver.execute_script("return window.mapperReadyMs"))

        def timed(kind: str, k: int) -> float:
            return float(driver.execute_async_script(_TIMED_CHANGE, kind, k))

        filters = [timed("filter", k) for k in range(REDRAWS)]
        driver.execute_script(
            "var s = document.querySelector('.mapper-time .mt-mode'); s.value = 'single';"
            "s.dispatchEvent(new Event('change'));"
        )
        sliders = [timed("slider", k) for k in range(REDRAWS)]
        return {
            "shown": shown,
            "filter": statistics.median(filters),
            "slider": statistics.median(sliders),
        }
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            events, articles = synthetic(n)
            path = Path(tmp) / f"map_{n}.html"
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                write_map(events, articles, path)
                times.append(time.perf_counter() - t0)
            runs = [browser_ms(path, Path(tmp) / f"profile_{n}_{k}") for k in range(2)]
            runs_ok = [r for r in runs if r is not None]

            def median_of(key: str, scale: float, runs_ok: list = runs_ok) -> float | None:
                if not runs_ok:
                    return None
                return round(statistics.median(r[key] for r in runs_ok) / scale, 2)

            row = {
                "events": n,
                "dates": 200,
                "file_mb": round(path.stat().st_size / 1e6, 2),
                "write_s": round(statistics.median(times), 2),
                "shown_s": median_of("shown", 1000),
                "filter_ms": median_of("filter", 1),
                "slider_ms": median_of("slider", 1),
            }
            print(row, flush=True)
            results.append(row)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "map.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "| events | dates | file (MB) | write (s, median) | shown in Chromium (s) "
        "| filter change redrawn (ms) | slider step redrawn (ms) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r['events']:,} | {r['dates']} | {r['file_mb']} | {r['write_s']} | {r['shown_s']} "
        f"| {r['filter_ms']} | {r['slider_ms']} |"
        for r in results
    ]
    (RESULTS / "map.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
