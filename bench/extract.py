"""Extraction speed: articles/s and peak memory over the dev corpus repeated to >= 2,000 articles.

Prints the project's extractor next to a plain-regex baseline (bloc number,
dates and scores by regular expressions only) measured in the same run, so
the cost of the real extractor is read against something simple.

    .venv/bin/python bench/extract.py [--corpus ../shared/corpus/dev] [--min-articles 2000]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import resource
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.corpus import Article, read_articles  # noqa: E402
from pipeline.extract import extract_article  # noqa: E402

_BLOC = re.compile(r"(Khối|Cụm)\s+thi đua\s+số\s+(\d+)")
_DATE = re.compile(r"[Nn]gày\s+(\d{1,2})/(\d{1,2})/(\d{4})")
_SCORE = re.compile(r"(\d+(?:,\d+)?)\s*(?:/\s*(\d+))?\s*điểm")


def baseline(article: Article) -> dict:
    """What a few regular expressions alone find: the floor any extractor is compared with."""
    bloc = _BLOC.search(article.text)
    date = _DATE.search(article.text)
    return {
        "id": article.id,
        "relevant": bool(bloc),
        "number": int(bloc.group(2)) if bloc else None,
        "date": f"{date.group(3)}-{int(date.group(2)):02d}-{int(date.group(1)):02d}" if date else None,
        "scores": [m.group(1) for m in _SCORE.finditer(article.text)],
    }


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, fn: Callable[[Article], object], articles: list[Article]) -> None:
    fn(articles[0])  # load models and caches outside the timing
    started = time.perf_counter()
    for article in articles:
        fn(article)
    elapsed = time.perf_counter() - started
    print(f"{name:<12} {len(articles):>6} articles  {elapsed:8.2f} s  {len(articles) / elapsed:9.1f} articles/s"
          f"  peak RSS so far {_peak_rss_mib():7.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    parser.add_argument("--min-articles", type=int, default=2000)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        corpus = ROOT / "corpus"
        print(f"shared corpus not found; using {corpus}")
    base = [a for a in read_articles([str(corpus)]) if isinstance(a, Article)]
    articles = (base * (args.min_articles // len(base) + 1))[: max(args.min_articles, len(base))]
    chars = sum(len(a.text) for a in articles)
    print(f"{len(base)} distinct articles repeated to {len(articles)} ({chars / len(articles):.0f} chars on average), one process")
    # Repeated articles hit the string caches of unit matching; the first pass over the
    # distinct articles is the honest figure for a stream of new ones.
    measure("baseline", baseline, articles)
    measure("thidua-cold", extract_article, base)
    measure("thidua", extract_article, articles)


if __name__ == "__main__":
    main()
