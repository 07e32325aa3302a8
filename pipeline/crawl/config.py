"""Crawl configuration: packaged defaults, one comment per key, and the Scrapy settings they make.

A `CrawlConfig` travels to the crawler subprocess as JSON, so every value
here is plain data.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.sites import Site

DEFAULT_DATA_DIR = Path("data")


def default_user_agent() -> str:
    """Descriptive User-Agent; set THIDUA_CONTACT (an e-mail or URL) so site operators can reach you."""
    contact = os.environ.get("THIDUA_CONTACT", "contact unset")
    return f"thidua/{__version__} (research crawler of public provincial news on emulation blocs; {contact})"


@dataclass
class CrawlConfig:
    data_dir: str = str(DEFAULT_DATA_DIR)   # state.sqlite, warc/, nightly.lock live under <data_dir>/crawl
    sites: list[dict[str, Any]] = field(default_factory=list)  # Site.to_dict() of each site to crawl
    mode: str = "crawl"                     # "crawl" (incremental, archived) or "check" (one listing + one article per site)
    since: str | None = None                # ISO date: skip articles published before it (default: each site's start_date)
    max_pages: int = 10                     # listing pages followed per listing URL and run
    revalidate_days: float = 0.0            # re-request (conditionally) known articles fetched less than this many days ago
    user_agent: str = field(default_factory=default_user_agent)
    obey_robots: bool = True                # robots.txt Disallow and Crawl-delay
    delay: float = 1.0                      # minimum seconds between requests to one host (Crawl-delay raises it)
    jitter: float = 0.25                    # ± fraction of random variation of that delay
    concurrency_per_host: int = 2           # parallel requests per host
    concurrency: int = 16                   # parallel requests overall
    autothrottle: bool = True               # adapt the delay to server latency (never below delay / Crawl-delay)
    timeout: float = 30.0                   # seconds before a request is abandoned
    retries: int = 2                        # retries after the first attempt, for 5xx, 408, 429 and network errors
    backoff: float = 2.0                    # first retry waits this many seconds, then doubles
    backoff_max: float = 60.0               # ceiling of one retry wait
    max_crawl_delay: float = 120.0          # a robots Crawl-delay above this is clamped (and logged)
    run_id: str = ""                        # set by the caller; names the WARC files and the stats rows
    events: bool = True                     # print one JSON event line per page on stdout (progress for the parent)

    @property
    def crawl_dir(self) -> Path:
        return Path(self.data_dir) / "crawl"

    @property
    def state_path(self) -> Path:
        return self.crawl_dir / "state.sqlite"

    @property
    def warc_dir(self) -> Path:
        return self.crawl_dir / "warc"

    def site_objects(self) -> list[Site]:
        return [Site.from_dict(s) for s in self.sites]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "CrawlConfig":
        return cls(**json.loads(text))

    def scrapy_settings(self) -> dict[str, Any]:
        """Scrapy settings of this configuration."""
        return {
            "BOT_NAME": "thidua",
            "USER_AGENT": self.user_agent,
            "ROBOTSTXT_OBEY": self.obey_robots,
            "CONCURRENT_REQUESTS": self.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrency_per_host,
            "DOWNLOAD_DELAY": self.delay,
            "DOWNLOAD_DELAY_JITTER": self.jitter,
            "DOWNLOAD_TIMEOUT": self.timeout,
            "DNS_TIMEOUT": min(self.timeout, 20),
            "AUTOTHROTTLE_ENABLED": False,  # replaced by PoliteThrottle below, which keeps the Crawl-delay floor
            "AUTOTHROTTLE_START_DELAY": max(self.delay, 0.5) if self.autothrottle else self.delay,
            "AUTOTHROTTLE_MAX_DELAY": max(60.0, self.delay),
            "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
            "THIDUA_AUTOTHROTTLE": self.autothrottle,
            "RETRY_ENABLED": True,
            "RETRY_TIMES": self.retries,
            "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
            "THIDUA_BACKOFF": self.backoff,
            "THIDUA_BACKOFF_MAX": self.backoff_max,
            "THIDUA_MAX_CRAWL_DELAY": self.max_crawl_delay,
            "REDIRECT_MAX_TIMES": 5,
            "COOKIES_ENABLED": True,        # some ASP.NET portals probe with a cookie redirect
            "HTTPCACHE_ENABLED": False,     # conditional requests from the state database instead
            "TELNETCONSOLE_ENABLED": False,
            "REMOTE_CONTROL_ENABLED": False,  # Scrapy's code-execution web endpoint: never on an unattended job
            "LOG_LEVEL": "INFO",            # to DATA/crawl/logs/<run>.log only: stop-paging reasons, Crawl-delays, stats
            "DOWNLOADER_MIDDLEWARES": {
                "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                "pipeline.crawl.middlewares.PoliteRobotsMiddleware": 100,
                "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
                "pipeline.crawl.middlewares.BackoffRetryMiddleware": 550,
            },
            "EXTENSIONS": {"pipeline.crawl.middlewares.PoliteThrottle": 0},
            "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
            "DOWNLOAD_WARNSIZE": 5 * 1024 * 1024,
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        }
