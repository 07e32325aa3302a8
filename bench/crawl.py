"""Benchmark: crawl throughput against replica sites on 127.0.0.1, politeness off and on, next to a plain loop.

Starts `--hosts` replica sites (one per family, cycling), each with `--articles`
articles and `--latency` seconds of server think time per request, then in one
run measures pages per second of:

- a plain sequential fetch loop (urllib, one page after the other, the same
  URLs the crawler fetches: listings and articles), the baseline;
- the Scrapy crawler with politeness off (robots.txt ignored, no delay, no
  AutoThrottle, 16 parallel requests per host);
- the Scrapy crawler with politeness on (robots.txt obeyed with the replicas'
  `--crawl-delay`, AutoThrottle, 2 requests per host; the packaged default
  delay of 1 s per host would make this --crawl-delay at least 1 s).

Each crawl runs in its child process from an empty state; "crawl" time is
from the first to the last page event (the crawl itself), "wall" adds the
child's start-up. Prints figures; asserts nothing. Example:

    .venv/bin/python bench/crawl.py                      # 7 hosts x 40 articles, 50 ms, Crawl-delay 0.1 s
    .venv/bin/python bench/crawl.py --hosts 3 --articles 200 --latency 0.01 --crawl-delay 0.05
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.crawl.config import CrawlConfig  # noqa: E402
from pipeline.crawl.runner import run_crawl  # noqa: E402
from tests.replicas.content import STORIES  # noqa: E402
from tests.replicas.harness import Replicas  # noqa: E402
from tests.replicas.server import build_replica  # noqa: E402

FAMILIES = ["liferay", "sharepoint", "aspnet", "webcenter", "slugcms", "newspaper", "generic"]


def stories(n: int, tag: str) -> list:
    out = []
    for i in range(n):
        base = STORIES[i % len(STORIES)]
        out.append(dataclasses.replace(base, slug=f"{base.slug}-{tag}{i}", title=f"{base.title} ({tag}{i})",
                                       published=f"{1 + i % 27:02d}/{1 + i % 12:02d}/2024 08:00"))
    return out


def sequential(urls: list[str]) -> float:
    """Seconds to fetch URLS one after the other with urllib."""
    start = time.perf_counter()
    for url in urls:
        with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 (local replicas only)
            resp.read()
    return time.perf_counter() - start


def crawl(servers: Replicas, polite: bool, crawl_delay: float) -> tuple[int, float, float]:
    """(pages, crawl seconds, wall seconds) of one crawl from an empty state."""
    with tempfile.TemporaryDirectory() as tmp:
        config = CrawlConfig(data_dir=tmp, sites=[s.site() for s in servers.servers], run_id="bench", max_pages=1000,
                             retries=0, timeout=30)
        if polite:
            config.obey_robots, config.delay, config.autothrottle, config.concurrency_per_host = True, 0.0, True, 2
        else:
            config.obey_robots, config.delay, config.autothrottle = False, 0.0, False
            config.concurrency, config.concurrency_per_host, config.jitter = 64, 16, 0.0
        stamps: list[float] = []
        start = time.perf_counter()
        outcome = run_crawl(config, lambda ev: stamps.append(time.perf_counter()) if ev.get("ev") == "page" else None)
        wall = time.perf_counter() - start
        if not outcome.ok:
            raise SystemExit(f"crawl failed: see {outcome.log_path}")
    pages = len(stamps)
    return pages, (stamps[-1] - stamps[0]) if pages > 1 else wall, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=7, help="replica sites (one port each)")
    ap.add_argument("--articles", type=int, default=40, help="articles per site")
    ap.add_argument("--latency", type=float, default=0.05, help="server seconds per request")
    ap.add_argument("--crawl-delay", type=float, default=0.1, help="robots.txt Crawl-delay of the replicas")
    args = ap.parse_args()

    replicas = [build_replica(FAMILIES[i % len(FAMILIES)], stories=stories(args.articles, f"h{i}"),
                              crawl_delay=args.crawl_delay) for i in range(args.hosts)]
    for replica in replicas:
        replica.latency = args.latency
    with Replicas(replicas) as servers:
        urls = [s.url + p for s in servers.servers for p in sorted(s.replica.pages)
                if not p.startswith("/private") and s.replica.pages[p].status == 200]
        print(f"{args.hosts} hosts x {args.articles} articles, {len(urls)} pages, server latency {args.latency * 1000:.0f} ms, "
              f"Crawl-delay {args.crawl_delay} s")
        base = sequential(urls)
        rows = [("sequential urllib loop (baseline)", len(urls), base, base)]
        for polite in (False, True):
            servers.clear_logs()
            pages, busy, wall = crawl(servers, polite, args.crawl_delay)
            label = ("Scrapy, politeness on (robots, Crawl-delay, AutoThrottle, 2/host)" if polite
                     else "Scrapy, politeness off (no robots, no delay, 16/host)")
            rows.append((label, pages, busy, wall))
    print(f"{'':<68} {'pages':>6} {'crawl s':>8} {'pages/s':>8} {'wall s':>7} {'pages/s':>8}")
    for label, pages, busy, wall in rows:
        print(f"{label:<68} {pages:>6} {busy:>8.2f} {pages / busy:>8.1f} {wall:>7.2f} {pages / wall:>8.1f}")
    per_host = 1 / max(args.crawl_delay, args.latency)
    print(f"politeness bound: {per_host:.0f} pages/s per host x {args.hosts} hosts = {per_host * args.hosts:.0f} pages/s "
          f"(the packaged default delay of 1 s per host: {args.hosts} pages/s)")


if __name__ == "__main__":
    main()
