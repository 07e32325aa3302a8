"""Crawling provincial portals politely and incrementally, and the nightly job.

Modules: `config` (defaults and Scrapy settings), `middlewares` (robots
Crawl-delay, retry backoff, throttle floor), `spider` (one spider, family
parsers from `pipeline.sites`), `runner` (a crawl in a child process),
`state` (what is known between runs), `archive` (WARC), `prefilter`,
`process` (archived pages → extractor → store), `nightly` (the whole job),
`checks` (live site checks).
"""

from pipeline.crawl.config import CrawlConfig

__all__ = ["CrawlConfig"]
