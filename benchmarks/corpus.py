"""A deterministic benchmark corpus of news-length articles made from our own sample articles.

The sample corpus (data/articles, written by the project) is cut into sentences, and articles
of 3-5 KB are assembled from them with a seeded shuffle: the same text mix as real reporting
(place names, numbers, people), any size, no data from outside the project.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from mapper.articles import load_articles

REPO = Path(__file__).resolve().parents[1]


def sentences() -> list[str]:
    articles, _ = load_articles(REPO / "data" / "articles")
    out: list[str] = []
    for a in articles:
        out += [s for s in re.split(r"(?<=[.!?])\s+", a.text) if len(s) > 40]
    return out


def make_corpus(n: int, seed: int = 7, size: tuple[int, int] = (3000, 5000)) -> list[str]:
    """`n` article texts of 3-5 KB each."""
    pool = sentences()
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        target = rng.randint(*size)
        parts: list[str] = []
        length = 0
        while length < target:
            s = rng.choice(pool)
            parts.append(s)
            length += len(s) + 1
        # paragraphs of three sentences, as articles are written
        texts.append("\n\n".join(" ".join(parts[k : k + 3]) for k in range(0, len(parts), 3)))
    return texts


def write_corpus(directory: Path, n: int, seed: int = 7) -> list[Path]:
    """The corpus as dated .md articles with front matter (for build benchmarks)."""
    return write_articles(directory, make_corpus(n, seed), seed)


def write_articles(directory: Path, texts: list[str], seed: int = 7) -> list[Path]:
    """`texts` as .md articles with front matter, each dated a seeded day of Aug-Dec 2024."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i, text in enumerate(texts):
        day = 1 + rng.randrange(28)
        month = rng.choice([8, 9, 10, 11, 12])
        path = directory / f"2024-{month:02d}-{day:02d}-bench-{i:05d}.md"
        path.write_text(
            f"---\ntitle: Benchmark article {i}\ndate: 2024-{month:02d}-{day:02d}\n"
            f"source: bench\nurl: https://example.org/{i}\n---\n{text}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths
