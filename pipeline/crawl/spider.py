"""The Scrapy spider: listings of every selected site, each parsed by its family parser.

Incremental rules (the state database remembers every URL):

- listing pages are always requested (conditionally: If-None-Match /
  If-Modified-Since), so new articles are found;
- an article is requested when it is unknown, when its listing card shows a
  different title or date than last time, or when it was fetched less than
  `revalidate_days` ago; known articles are otherwise never requested again.
  Re-requests are conditional, and a 200 whose parsed text hashes the same
  counts as unchanged and is not archived again;
- a listing chain stops paging at a page with no unknown article, at a page
  whose dated cards are all older than `--since`, or after `max_pages`; in
  the last case the next page waits in the frontier and the next run goes on
  from there, so a backlog deeper than `max_pages` is crawled over several runs;
- decided but unfinished requests are kept in the `frontier` table and
  re-queued by the next run, so a killed run loses nothing.

In check mode the spider fetches the first listing and its first article per
site, without state or archive, and reports whether the parser still works.
"""

from __future__ import annotations

import collections
import json
import sys
import time
from typing import Any, AsyncIterator, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from pipeline.crawl.archive import WarcArchive, decode_html
from pipeline.crawl.config import CrawlConfig
from pipeline.crawl.prefilter import is_candidate
from pipeline.crawl.state import CrawlState, Known, article_id, content_sha, now
from pipeline.sites import ParseError, Site, SiteParser, canonical_url, parser_for

STATUS_HANDLED = [304, 404, 410]
FRONTIER_MAX_ATTEMPTS = 3


def describe_failure(failure: Failure, timeout: float) -> tuple[str, int | None, bool]:
    """(reason, HTTP status, transient?) of a failed request, in words a log reader understands."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"HTTP {status}", status, status >= 500 or status in (408, 429)
    if isinstance(exc, (TimeoutError, TCPTimedOutError)) or "Timeout" in type(exc).__name__:
        return f"timeout after {timeout:g}s", None, True
    name = type(exc).__name__
    if isinstance(exc, DNSLookupError) or "DNS" in name or "Resolve" in name:
        host = urlsplit(failure.request.url).hostname if hasattr(failure, "request") else ""  # type: ignore[attr-defined]
        return f"network: DNS lookup failed for {host} (no internet, or the domain is gone)", None, True
    if isinstance(exc, ConnectionRefusedError) or "Refused" in name:
        return "network: connection refused", None, True
    network = any(word in name for word in ("Connect", "Connection", "Timeout", "NeverReceived", "Network", "NoRoute",
                                            "Unreachable", "TLS", "SSL"))
    return (f"network: {name}: {exc}" if network else f"{name}: {exc}")[:300], None, network


def failure_kind(reason: str, status: int | None) -> str:
    """What a failed check says about a site: 'network' (DNS, refused, timeout), 'server' (5xx, 408, 429: the
    site is down or overloaded), 'http' (404/410 and other client errors: the URL is wrong or gone), 'parser'."""
    if reason.startswith(("network", "timeout")):
        return "network"
    if status is not None and (status >= 500 or status in (408, 429)):
        return "server"
    if status is not None and status >= 400:
        return "http"
    return "parser"


class SiteSpider(scrapy.Spider):
    name = "thidua"

    def __init__(self, config_json: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cfg = CrawlConfig.from_json(config_json)
        self.sites: dict[str, Site] = {s.key: s for s in self.cfg.site_objects()}
        self.parsers: dict[str, SiteParser] = {k: parser_for(s) for k, s in self.sites.items()}
        self.check = self.cfg.mode == "check"
        self.state = None if self.check else CrawlState(self.cfg.state_path)
        self.archive = None if self.check else WarcArchive(self.cfg.warc_dir, self.cfg.run_id)
        self.counts: collections.Counter[tuple[str, str]] = collections.Counter()
        self._last_flush = time.monotonic()
        self.checked: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "SiteSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.closed_cleanly, signal=signals.spider_closed)
        return spider

    # ------------------------------------------------ helpers
    def emit(self, **event: Any) -> None:
        if self.cfg.events:
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
            sys.stdout.flush()

    def count(self, site: str, stat: str, n: int = 1) -> None:
        self.counts[(site, stat)] += n
        if self.state is not None and time.monotonic() - self._last_flush > 2.0:
            self.flush_stats()

    def flush_stats(self) -> None:
        if self.state is not None and self.counts:
            self.state.add_stats(self.cfg.run_id, dict(self.counts))
            self.counts.clear()
        self._last_flush = time.monotonic()

    def since(self, site: Site) -> str:
        return self.cfg.since or site.start_date

    def request(self, url: str, site: Site, kind: str, depth: int = 0, card: str | None = None,
                known: Known | None = None, root: bool = False) -> scrapy.Request:
        headers = {}
        # listings are asked conditionally (304: nothing new), except when recent articles are to be
        # revalidated: their cards are needed then
        listing_ok = kind == "listing" and self.cfg.revalidate_days <= 0
        if known is not None and (known.sha256 or listing_ok) and not known.gone and known.status != 404:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        meta = {"site": site.key, "kind": kind, "depth": depth, "card": card, "canon": url,
                "download_slot": urlsplit(url).netloc, "handle_httpstatus_list": STATUS_HANDLED}
        callback = self.parse_listing if kind == "listing" else self.parse_article
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers, meta=meta,
                              dont_filter=root, priority=10 - depth if kind == "listing" else 20)

    # ------------------------------------------------ start
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.initial_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:  # Scrapy < 2.13
        yield from self.initial_requests()

    def initial_requests(self) -> Iterator[scrapy.Request]:
        roots = {canonical_url(u) for s in self.sites.values() for u in s.listings}
        if self.state is not None:
            for row in self.state.frontier(self.sites):
                if row["url"] in roots:  # listing roots are requested below anyway
                    continue
                site = self.sites[row["site"]]
                known = self.state.known(row["url"]) if row["kind"] == "article" else None
                self.count(site.key, "resumed")
                yield self.request(row["url"], site, row["kind"], row["depth"], row["card"], known)
        for site in self.sites.values():
            listings = site.listings[:1] if self.check else site.listings
            for url in listings:
                url = canonical_url(url)
                known = None if self.state is None else self.state.known(url)
                yield self.request(url, site, "listing", 0, known=known, root=True)

    # ------------------------------------------------ listings
    def parse_listing(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        meta = response.meta
        site, canon, depth = self.sites[meta["site"]], meta["canon"], meta["depth"]
        self.count(site.key, "pages_seen")
        # the frontier entry of this page is dropped only once what it leads to is recorded (crash safety)
        if response.status == 304:
            self.count(site.key, "listing_not_modified")
            if self.state is not None:
                self.state.record_page(canon, site.key, "listing", self.cfg.run_id, status=304)
                self.state.pop(canon)
            self.emit(ev="page", site=site.key, kind="listing", url=canon, outcome="not_modified")
            return
        if response.status in (404, 410):
            self.fail(site, canon, "listing", f"HTTP {response.status}", response.status)
            return
        html = decode_html(response.body, _header(response, b"Content-Type"))
        listing = self.parsers[site.key].parse_listing(html, response.url)
        cards = [c for c in listing.cards if site.owns(c.url)]
        if self.check:
            yield from self.check_listing(site, canon, cards)
            return
        assert self.state is not None
        if not cards and depth == 0:
            # a first listing page without a single article link: the layout changed or a bot wall answered 200;
            # counted as a parser error (never a silent "nothing new"), no validators kept, so it is refetched
            self.count(site.key, "parse_errors")
            self.fail(site, canon, "listing", f"parse: {site.family}: no article links on the listing page "
                                              "(layout changed? bot wall?)", response.status)
            return
        self.count(site.key, "listing_pages")
        since = self.since(site)
        unknown = dated = old = 0
        for card in cards:
            self.count(site.key, "cards")
            if card.published:
                dated += 1
                if card.published[:10] < since:
                    old += 1
                    self.count(site.key, "skipped_before_since")
                    continue
            known = self.state.known(card.url)
            reason = self.decide(card.fingerprint, known)
            if reason is None:
                self.count(site.key, "skipped_known")
                continue
            unknown += reason == "new"
            self.state.push(card.url, site.key, "article", self.cfg.run_id, depth, card.fingerprint)
            yield self.request(card.url, site, "article", depth, card.fingerprint, known if reason != "new" else None)
        self.emit(ev="page", site=site.key, kind="listing", url=canon, outcome="listing", cards=len(cards), new=unknown)
        limit = min(self.cfg.max_pages, site.max_pages or self.cfg.max_pages)
        if dated and old == dated:
            stop = f"all cards older than {since}"
        elif unknown == 0:
            stop = "only known articles"
        elif depth + 1 >= limit:
            stop = f"max pages ({limit})"
            if listing.next_pages:
                # the next run goes on from the following page with a fresh budget: a backlog deeper than
                # max_pages (a new site, an earlier --since) is crawled over several runs instead of never
                self.state.push(listing.next_pages[0], site.key, "listing", self.cfg.run_id, 0)
                stop += f", the next run continues at {listing.next_pages[0]}"
        elif not listing.next_pages:
            stop = "last page"
        else:
            stop = ""
            nxt = listing.next_pages[0]
            self.state.push(nxt, site.key, "listing", self.cfg.run_id, depth + 1)
            yield self.request(nxt, site, "listing", depth + 1)
        if stop:
            self.logger.info("%s: stop paging at %s (%s)", site.key, canon, stop)
        # validators last: a run killed while queuing this page's cards must not get a 304 for it next time
        self.state.record_page(canon, site.key, "listing", self.cfg.run_id, status=response.status,
                               final_url=response.url, etag=_header(response, b"ETag"),
                               last_modified=_header(response, b"Last-Modified"), fetched_at=now(), error=None)
        self.state.pop(canon)

    def decide(self, fingerprint: str, known: Known | None) -> str | None:
        """Why to request a card's article: 'new', 'retry', 'card changed', 'recent', or None to skip it.

        Only 'new' keeps a listing chain paging: an article that failed before (server error, parse error)
        is asked again, but a page of such articles holds no unknown article, so paging stops there.
        """
        if known is None:
            return "new"
        if not known.sha256:  # never fetched successfully
            if known.status in (404, 410) and known.card == fingerprint:
                return None  # a dead link that has not changed on the listing: do not knock again
            return "retry"
        if known.gone:
            return "card changed"  # back on a listing after a 404: look again
        if fingerprint != "|" and known.card and known.card != fingerprint:
            return "card changed"
        if self.cfg.revalidate_days > 0 and known.fetched_at:
            age_days = (time.time() - _epoch(known.fetched_at)) / 86400
            if age_days < self.cfg.revalidate_days:
                return "recent"
        return None

    # ------------------------------------------------ articles
    def parse_article(self, response: scrapy.http.Response) -> Iterator[Any]:
        meta = response.meta
        site, canon, card = self.sites[meta["site"]], meta["canon"], meta.get("card")
        self.count(site.key, "pages_seen")
        if self.check:
            yield from self.check_article(site, canon, response)
            return
        assert self.state is not None and self.archive is not None
        known = self.state.known(canon)
        run = self.cfg.run_id
        if response.status == 304:
            self.count(site.key, "not_modified")
            self.state.record_page(canon, site.key, "article", run, status=304, card=card, gone=0)
            self.state.pop(canon)
            self.emit(ev="page", site=site.key, kind="article", url=canon, outcome="not_modified")
            return
        if response.status in (404, 410):
            if known is not None and known.sha256:
                self.count(site.key, "gone")
                self.state.record_page(canon, site.key, "article", run, status=response.status, gone=1)
                self.state.pop(canon)
                self.emit(ev="page", site=site.key, kind="article", url=canon, outcome="gone")
            else:
                self.fail(site, canon, "article", f"HTTP {response.status}", response.status, card=card)
            return
        self.count(site.key, "fetched")
        html = decode_html(response.body, _header(response, b"Content-Type"))
        try:
            page = self.parsers[site.key].parse_article(html, response.url)
        except ParseError as exc:
            # a layout change or a bot wall answering 200: keep the raw page once, for the parser fix
            self.count(site.key, "parse_errors")
            row = self.state.conn.execute("SELECT warc_path FROM pages WHERE url=?", (canon,)).fetchone()
            if row is None or row[0] is None:
                name, offset, length = self.archive.write(response.url, response.status, _reason(response.status),
                                                          _headers(response), response.body)
                self.state.record_page(canon, site.key, "article", run, article_id=article_id(canon),
                                       warc_path=name, warc_offset=offset, warc_length=length, final_url=response.url)
            self.fail(site, canon, "article", f"parse: {exc}", response.status, card=card)
            return
        sha = content_sha(page.title, page.text)
        validators = {"etag": _header(response, b"ETag"), "last_modified": _header(response, b"Last-Modified")}
        if known is not None and known.sha256 == sha:
            self.count(site.key, "unchanged")
            self.state.record_page(canon, site.key, "article", run, status=response.status, card=card, gone=0,
                                   error=None, **validators)
            self.state.pop(canon)
            self.emit(ev="page", site=site.key, kind="article", url=canon, outcome="unchanged")
            return
        in_scope = not (page.published and page.published[:10] < self.since(site))
        candidate = is_candidate(page.title, page.text, canon)
        name, offset, length = self.archive.write(
            response.url, response.status, _reason(response.status), _headers(response), response.body,
            [(k.decode("latin-1"), b", ".join(v).decode("latin-1")) for k, v in response.request.headers.items()])
        outcome = "changed" if known is not None and known.sha256 else "new"
        stamp = now()
        self.state.record_page(
            canon, site.key, "article", run, article_id=article_id(canon), status=response.status,
            final_url=response.url, card=card, sha256=sha, title=page.title, published=page.published,
            candidate=int(candidate), in_scope=int(in_scope), warc_path=name, warc_offset=offset, warc_length=length,
            error=None, gone=0, fetched_at=stamp, changed_at=stamp, **validators)
        self.state.pop(canon)
        self.count(site.key, outcome)
        self.count(site.key, "candidates", int(candidate and in_scope))
        self.emit(ev="page", site=site.key, kind="article", url=canon, outcome=outcome, candidate=candidate)

    # ------------------------------------------------ failures
    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        meta = request.meta
        site, canon, kind = self.sites[meta["site"]], meta["canon"], meta["kind"]
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self.count(site.key, "robots_blocked")
            if self.state is not None:
                self.state.pop(canon)
            self.emit(ev="page", site=site.key, kind=kind, url=canon, outcome="robots")
            if self.check:
                self.checked.setdefault(site.key, {"site": site.key, "ok": False, "stage": kind, "url": canon,
                                                   "reason": "forbidden by robots.txt", "network": False,
                                                   "failure": "robots"})
            return
        reason, status, transient = describe_failure(failure, self.cfg.timeout)
        self.fail(site, canon, kind, reason, status, transient, card=meta.get("card"))

    def fail(self, site: Site, canon: str, kind: str, reason: str, status: int | None, transient: bool = False,
             card: str | None = None) -> None:
        self.count(site.key, "errors")
        self.emit(ev="page", site=site.key, kind=kind, url=canon, outcome="error", reason=reason)
        self.logger.warning("%s %s %s: %s", site.key, kind, canon, reason)
        if self.check:
            failure = failure_kind(reason, status)
            self.checked.setdefault(site.key, {"site": site.key, "ok": False, "stage": kind, "url": canon,
                                               "reason": reason, "network": failure == "network", "failure": failure})
            return
        assert self.state is not None
        known = self.state.known(canon)
        # remember the card of a never-fetched page (a dead link is not retried until its card changes);
        # keep the old card of a fetched page, so a changed card is retried next run
        extra = {"card": card} if card is not None and (known is None or not known.sha256) else {}
        self.state.record_page(canon, site.key, kind, self.cfg.run_id, status=status, error=reason, **extra)
        if transient:  # keep it in the frontier for the next runs, FRONTIER_MAX_ATTEMPTS failures at most
            self.state.push(canon, site.key, kind, self.cfg.run_id)
            attempts = self.state.fail_frontier(canon)
            if attempts >= FRONTIER_MAX_ATTEMPTS:
                self.logger.warning("%s: giving up on %s after %d failed runs", site.key, canon, attempts)
                self.state.pop(canon)
        else:
            self.state.pop(canon)

    # ------------------------------------------------ check mode
    def check_listing(self, site: Site, canon: str, cards: list[Any]) -> Iterator[scrapy.Request]:
        if not cards:
            self.checked[site.key] = {"site": site.key, "ok": False, "stage": "listing", "url": canon,
                                      "reason": "listing parsed but no article links found (layout changed?)", "network": False,
                                      "failure": "parser"}
            return
        yield self.request(cards[0].url, site, "article", card=cards[0].fingerprint)

    def check_article(self, site: Site, canon: str, response: scrapy.http.Response) -> Iterator[Any]:
        result: dict[str, Any] = {"site": site.key, "stage": "article", "url": canon, "network": False}
        if response.status != 200:
            result.update(ok=False, reason=f"HTTP {response.status}", failure=failure_kind("", response.status))
        else:
            try:
                page = self.parsers[site.key].parse_article(decode_html(response.body, _header(response, b"Content-Type")),
                                                            response.url)
            except ParseError as exc:
                result.update(ok=False, reason=f"parse: {exc}", failure="parser")
            else:
                missing = [f for f in ("title", "published") if not getattr(page, f)]
                if len(page.text) < 200:
                    missing.append("text (under 200 characters)")
                if missing:
                    result["failure"] = "parser"
                result.update(ok=not missing, reason="missing " + ", ".join(missing) if missing else "",
                              title=page.title, published=page.published, chars=len(page.text))
        self.checked[site.key] = result
        return iter(())

    # ------------------------------------------------ close
    def closed_cleanly(self, spider: Any, reason: str) -> None:
        if self.check:
            for key in self.sites:
                result = self.checked.get(key) or {"site": key, "ok": False, "stage": "listing",
                                                   "reason": "no response (network?)", "network": True, "failure": "network"}
                self.emit(ev="check", **result)
        if self.archive is not None:
            self.archive.close()
        if self.state is not None:
            self.flush_stats()
            self.state.close()
        self.emit(ev="closed", reason=reason)


def _header(response: scrapy.http.Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _headers(response: scrapy.http.Response) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in response.headers.items() for v in values]


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _epoch(iso: str) -> float:
    import datetime as dt

    return dt.datetime.fromisoformat(iso).timestamp()
