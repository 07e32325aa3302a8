"""Politeness Scrapy does not give by default: robots.txt Crawl-delay, retry backoff, a throttle with a floor.

- `PoliteRobotsMiddleware` is Scrapy's robots.txt middleware plus Crawl-delay:
  when a host's robots.txt sets one for our User-Agent (or `*`), that host's
  download slot gets the delay as a floor, no jitter and one request at a time.
- `PoliteThrottle` is AutoThrottle that never lowers a slot's delay below
  the Crawl-delay floor (stock AutoThrottle would adapt it away).
- `BackoffRetryMiddleware` waits before each retry (`THIDUA_BACKOFF` seconds,
  doubling, at most `THIDUA_BACKOFF_MAX`, or the server's `Retry-After`).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)


def _floors(crawler: Crawler) -> dict[str, float]:
    """Crawl-delay floors by download slot, shared by the robots middleware and the throttle."""
    if not hasattr(crawler, "thidua_floors"):
        crawler.thidua_floors = {}  # type: ignore[attr-defined]
    return crawler.thidua_floors  # type: ignore[attr-defined,no-any-return]


class PoliteRobotsMiddleware(RobotsTxtMiddleware):
    """robots.txt Disallow (Scrapy) and Crawl-delay (added here)."""

    def process_request_2(self, rp: Any, request: Request) -> None:
        super().process_request_2(rp, request)  # raises IgnoreRequest when disallowed
        if rp is None:
            return
        useragent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        delay = rp.crawl_delay(useragent)
        if delay:
            self._apply_crawl_delay(request, float(delay))

    def _apply_crawl_delay(self, request: Request, delay: float) -> None:
        ceiling = self.crawler.settings.getfloat("THIDUA_MAX_CRAWL_DELAY", 120.0)
        if delay > ceiling:
            logger.warning("robots.txt Crawl-delay %.1fs of %s clamped to %.1fs", delay, request.url, ceiling)
            delay = ceiling
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        floors = _floors(self.crawler)
        if floors.get(key) != delay:
            logger.info("robots.txt Crawl-delay %.2fs applied to %s", delay, key)
            self.crawler.stats.set_value(f"thidua/crawl_delay/{key}", delay)
        floors[key] = delay
        slot_settings = downloader.per_slot_settings.setdefault(key, {})
        slot_settings.update(delay=max(delay, float(slot_settings.get("delay", 0.0))), jitter=0.0, concurrency=1)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, delay)
            slot.jitter = 0.0
            slot.concurrency = 1


class PoliteThrottle(AutoThrottle):
    """AutoThrottle (enabled by THIDUA_AUTOTHROTTLE) that keeps every slot at or above its Crawl-delay."""

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("THIDUA_AUTOTHROTTLE"):
            raise NotConfigured
        self.crawler = crawler
        self.debug = crawler.settings.getbool("AUTOTHROTTLE_DEBUG")
        self.target_concurrency = crawler.settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY")
        crawler.signals.connect(self._spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        floor = _floors(self.crawler).get(key or "")
        if slot is not None and floor and slot.delay < floor:
            slot.delay = floor


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, with an exponential wait before each new attempt."""

    async def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response.headers.get(b"Retry-After"))
        return result

    async def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> Any:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, retry_after: bytes | None) -> None:
        base = self.crawler.settings.getfloat("THIDUA_BACKOFF", 2.0)
        ceiling = self.crawler.settings.getfloat("THIDUA_BACKOFF_MAX", 60.0)
        attempt = int(retry.meta.get("retry_times", 1))
        wait = base * 2 ** (attempt - 1)
        if retry_after:
            try:
                wait = max(wait, float(retry_after.decode("ascii", "ignore").strip()))
            except ValueError:  # an HTTP date instead of seconds: keep our own wait
                pass
        wait = min(wait, ceiling)
        retry.meta["backoff_waited"] = retry.meta.get("backoff_waited", 0.0) + wait
        self.crawler.stats.inc_value("thidua/retry_backoff_seconds", wait)
        if wait > 0:
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
