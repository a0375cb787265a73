"""Scale benchmark: full builds of large corpora with the fork pool and on Dask, the rebuilds of
a large corpus (nothing changed; one article added that tells events; one that tells none,
each measured --runs times: medians), and a paper estimate of a million articles. Results:
benchmarks/results/scale.json and scale.md.

Corpora are news-like (`news_like_texts`): articles of 3-5 KB made of sentences of real news
(the developers' ../shared/eval corpora when present, else our sample articles), one in ten
with sentences of our Kursk reporting mixed in, so that a few events are told, as in general
news. They are written as JSON-lines shards of 1,000 articles (how a million articles is best
kept), except the rebuild corpus, written as one .md file per article (the layout whose
rebuild was slow: every file listed and checked).

Each build runs in a process of its own (`python bench_scale.py --one ...`), so that its peak
memory is its own: the building process's peak resident memory (ru_maxrss), and each worker
process's, sampled from /proc every 0.2 s (fork pool workers and Dask workers alike).

    python benchmarks/bench_scale.py [--articles 100000] [--compare 10000] [--rebuild 50000]
        [--runs 5] [--parts compare,rebuild,large] [--keep]

`--parts` runs some of the three measures (`--keep` adds their figures to the results file's
instead of starting it afresh). Timings: `seconds` is `build()` in its process, `cpu_s` its
processor time (workers' included), `command_s` and `command_cpu_s` the whole command's
(interpreter, imports, gazetteer); `load` the machine's 1-minute load as a measure started.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE.parents[1] / "shared" / "eval"
sys.path.insert(0, str(HERE))

from results_file import RESULTS, write_results  # noqa: E402

SHARD = 1000  # articles a JSON-lines shard


def _sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        out += [s for s in re.split(r"(?<=[.!?])\s+", text) if 40 < len(s) < 400]
    return out


def news_like_texts(n: int, seed: int = 11) -> list[str]:
    """`n` article texts of 3-5 KB: sentences of news, one article in ten with three
    sentences of Kursk reporting among them."""
    from corpus import sentences as kursk_sentences

    if EVAL.is_dir():
        from mapper.evaluate import load_corpus

        docs = [
            d.text for n_ in ("geowebnews", "tr_news") for d in load_corpus(EVAL / f"{n_}.jsonl")
        ]
        news = _sentences(docs)
    else:
        news = _sentences(
            [p.read_text("utf-8") for p in (HERE.parent / "data" / "articles").glob("*.md")]
        )
    kursk = kursk_sentences()
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        size, parts, length = rng.randint(3000, 5000), [], 0
        while length < size:
            parts.append(rng.choice(news))
            length += len(parts[-1]) + 1
        if i % 10 == 0:
            for _ in range(3):
                parts.insert(rng.randrange(len(parts)), rng.choice(kursk))
        texts.append("\n\n".join(" ".join(parts[k : k + 3]) for k in range(0, len(parts), 3)))
    return texts


def _records(texts: list[str], first: int = 0):
    rng = random.Random(first + 3)
    for i, text in enumerate(texts, first):
        date = f"2024-{rng.choice([8, 9, 10, 11, 12]):02d}-{1 + rng.randrange(28):02d}"
        yield {"title": f"News-like article {i}", "date": date, "source": "bench",
               "url": f"https://example.org/{i}", "text": text}  # fmt: skip


def write_shards(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, SHARD):
        texts = news_like_texts(min(SHARD, n - start), seed=start)
        with open(folder / f"shard-{start // SHARD:05d}.jsonl", "w", encoding="utf-8") as fh:
            for record in _records(texts, start):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    _age(folder)


def write_files(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, SHARD):
        texts = news_like_texts(min(SHARD, n - start), seed=start)
        for r in _records(texts, start):
            (folder / f"{r['date']}-news-{int(r['url'].rsplit('/', 1)[1]):06d}.md").write_text(
                f"---\ntitle: {r['title']}\ndate: {r['date']}\nsource: bench\nurl: {r['url']}\n"
                f"---\n{r['text']}\n",
                encoding="utf-8",
            )
    _age(folder)


def _age(folder: Path, seconds: float = 3600) -> None:
    then = time.time() - seconds
    for path in folder.iterdir():
        os.utime(path, (then, then))


# -- one measure, in a process of its own ------------------------------------------------------


class ProcessPeaks:
    """The peak resident memory of each descendant of this process, sampled from /proc."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.2):
            for pid in _descendants(os.getpid()):
                rss = _rss_kb(pid)
                if rss:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), rss)

    def close(self) -> list[int]:
        self.stop.set()
        self.thread.join()
        return sorted(self.peaks.values(), reverse=True)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        here = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{here}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{here}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                todo.append(child)
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def one(arts: str, out: str, runner: str, workers: int) -> dict:
    """One build of `arts` into `out` in this process: its figures."""
    from mapper.build import build

    peaks = ProcessPeaks()
    started, cpu = time.perf_counter(), _cpu_s()
    report = build(
        arts, out, workers=workers, dask="local" if runner == "dask" else None, progress=False
    )
    seconds = time.perf_counter() - started
    workers_peak = peaks.close()
    store = Path(out) / ".cache" / "store.sqlite3"
    return {
        "seconds": round(seconds, 2),
        "articles": report.articles_read,
        "articles_per_s": round(report.articles_read / seconds, 1),
        "cpu_s": round(_cpu_s() - cpu, 2),
        "files_read": report.files_read,
        "extracted": report.extracted,
        "events": report.events,
        "written": report.written,
        "parent_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "worker_peaks_mb": [round(kb / 1024) for kb in workers_peak[:workers]],
        "store_mb": round(store.stat().st_size / 2**20, 1) if store.exists() else None,
    }


def _cpu_s() -> float:
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(arts: Path, out: Path, runner: str, workers: int = 2) -> dict:
    """`one` build in a new process: its figures, and the whole command's wall and processor
    time (the interpreter's start, imports and the gazetteer's load included) and the load
    of the machine (1-minute average) as it started."""
    command = [sys.executable, __file__, "--one", str(arts), str(out), runner, str(workers)]
    load = os.getloadavg()[0]
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["command_s"] = round(time.perf_counter() - started, 2)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["command_cpu_s"] = round(
        after.ru_utime + after.ru_stime - kids.ru_utime - kids.ru_stime, 2
    )
    figures["load"] = round(load, 2)
    print(runner, arts.name, figures, flush=True)
    return figures


def medians(runs: list[dict]) -> dict:
    """The median of each timing over `runs`, and every run's build time and load."""
    middle = {
        key: round(statistics.median(run[key] for run in runs), 2)
        for key in ("seconds", "cpu_s", "command_s", "command_cpu_s")
    }
    return {
        "runs": len(runs),
        **{f"median_{key}": value for key, value in middle.items()},
        "seconds_each": [run["seconds"] for run in runs],
        "cpu_s_each": [run["cpu_s"] for run in runs],
        "load_each": [run["load"] for run in runs],
        "written": runs[-1]["written"],
        "files_read": runs[-1]["files_read"],
        "extracted": runs[-1]["extracted"],
        "articles": runs[-1]["articles"],
        "parent_peak_mb": max(run["parent_peak_mb"] for run in runs),
    }


def add_article(folder: Path, index: int, events: bool, new_date: bool = False) -> Path:
    """A new news-like article, numbered `index` (past the corpus's): with sentences of Kursk
    reporting in it and a strike told outright (it tells events), or without (it tells none,
    as nine articles in ten). With `new_date`, it is dated after every article of the corpus
    (a day of 2025, one a number), as the next day's news is: its strike adds a date."""
    text = news_like_texts(2, seed=index)[0 if events else 1]  # (the first has Kursk's)
    if events:
        text += "\n\nUkrainian drones struck an oil depot in Lgov overnight, the governor said."
    record = next(_records([text], index))
    if new_date:
        record["date"] = str(datetime.date(2025, 1, 1) + datetime.timedelta(days=index % 3000))
    path = folder / f"{record['date']}-added-{index:06d}.md"
    path.write_text(
        f"---\ntitle: {record['title']}\ndate: {record['date']}\nsource: bench\n"
        f"url: {record['url']}\n---\n{record['text']}\n",
        encoding="utf-8",
    )
    return path


PARTS = ("compare", "rebuild", "large")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--compare", type=int, default=10_000)
    ap.add_argument("--rebuild", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=5, help="rebuilds measured of each kind")
    ap.add_argument("--parts", default=",".join(PARTS), help=f"some of {', '.join(PARTS)}")
    ap.add_argument("--keep", action="store_true", help="add to the results file's figures")
    ap.add_argument("--name", default="scale", help="of the results files (results/NAME.json)")
    ap.add_argument("--one", nargs=4, metavar=("ARTICLES", "OUT", "RUNNER", "WORKERS"))
    args = ap.parse_args()
    if args.one:
        arts, out, runner, workers = args.one
        print(json.dumps(one(arts, out, runner, int(workers))))
        return 0
    parts = args.parts.split(",")

    work = Path(tempfile.mkdtemp(prefix="mapper-scale-"))
    result: dict = {"machine": f"{os.cpu_count()} cores", "workers": 2}
    if args.keep and (RESULTS / f"{args.name}.json").exists():
        result = json.loads((RESULTS / f"{args.name}.json").read_text())
    partial = RESULTS / f"{args.name}.partial.json"

    def keep(key: str, value) -> None:
        result[key] = value
        RESULTS.mkdir(exist_ok=True)
        partial.write_text(json.dumps(result, indent=1))

    try:
        if "compare" in parts:  # Dask's overhead on two local workers against the fork pool
            small = work / f"shards{args.compare}"
            write_shards(small, args.compare)
            keep(f"fork_{args.compare}", measure(small, work / "o-fork-small", "fork"))
            keep(f"dask_{args.compare}", measure(small, work / "o-dask-small", "dask"))
            fork, dask = result[f"fork_{args.compare}"], result[f"dask_{args.compare}"]
            keep(f"dask_over_fork_time_{args.compare}", round(dask["seconds"] / fork["seconds"], 3))
            keep(f"dask_over_fork_cpu_{args.compare}", round(dask["cpu_s"] / fork["cpu_s"], 3))
            shutil.rmtree(small)
        if "rebuild" in parts:  # the rebuilds of a corpus of one file per article
            n, files, out = args.rebuild, work / f"files{args.rebuild}", work / "o-files"
            write_files(files, n)
            keep(f"full_build_{n}_files", measure(files, out, "fork"))
            keep(f"rebuild_{n}_nothing_changed", medians(
                [measure(files, out, "fork") for _ in range(args.runs)]))  # fmt: skip
            added = n
            for events, new_date, name in (
                (True, False, "telling_events"),
                (True, True, "telling_events_of_a_new_date"),
                (False, False, "telling_none"),
            ):
                runs = []
                for _ in range(args.runs):
                    add_article(files, added, events, new_date)
                    added += 1
                    time.sleep(2.5)  # (a file changed within 2 s of a build is read again next)
                    runs.append(measure(files, out, "fork"))
                keep(f"rebuild_{n}_one_added_{name}", medians(runs))
            shutil.rmtree(files)
            shutil.rmtree(out)
        if "large" in parts:  # the large corpus, fork pool and Dask side by side
            big = work / f"shards{args.articles}"
            write_shards(big, args.articles)
            keep(f"fork_{args.articles}", measure(big, work / "o-fork", "fork"))
            shutil.rmtree(work / "o-fork")
            keep(f"dask_{args.articles}", measure(big, work / "o-dask", "dask"))
            keep("estimate_1m", estimate(result, args.articles))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(write_results(args.name, result))
    partial.unlink(missing_ok=True)
    return 0


def estimate(result: dict, n: int) -> dict:
    """A million articles on N workers, from the measured cost per article and memory."""
    fork, dask = result[f"fork_{n}"], result[f"dask_{n}"]
    cpu_per_article_ms = fork["cpu_s"] / fork["articles"] * 1000
    worker_mb = max(dask["worker_peaks_mb"] or [0])
    small = result[f"fork_{result_key_small(result)}"]
    parent_growth_kb = (
        (fork["parent_peak_mb"] - small["parent_peak_mb"])
        * 1024
        / (fork["articles"] - small["articles"])
    )
    store_kb = fork["store_mb"] * 1024 / fork["articles"]
    per_worker_rate = dask["articles_per_s"] / 2
    return {
        "cpu_ms_per_article": round(cpu_per_article_ms, 2),
        "hours_on_n_workers": {
            str(w): round(1_000_000 / (per_worker_rate * w) / 3600, 2) for w in (2, 8, 32, 64)
        },
        "memory_per_worker_mb": worker_mb,
        "parent_growth_kb_per_article": round(parent_growth_kb, 2),
        "parent_peak_mb_at_1m": round(
            fork["parent_peak_mb"] + parent_growth_kb * (1_000_000 - n) / 1024
        ),
        "store_gb_at_1m": round(store_kb * 1_000_000 / 2**20, 1),
    }


def result_key_small(result: dict) -> int:
    return min(int(k.split("_")[1]) for k in result if re.fullmatch(r"fork_\d+", k))


if __name__ == "__main__":
    sys.exit(main())
