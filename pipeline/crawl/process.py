"""From archived pages to the dataset: re-parse, prefilter, extract, load.

Works on the pages the state marks pending (content hash not yet handled),
reading each raw page back from the WARC archive, so extraction can be re-run
without fetching. Articles that pass the cheap prefilter (and are not older
than --since) are extracted and loaded into the store; the others are only
marked handled. A page is marked handled after the store has committed its
record, so a crash in between makes the next run load it again, which the
store's idempotent load turns into "unchanged": nothing lost, nothing doubled.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from pipeline.corpus import Article
from pipeline.crawl.archive import read_record
from pipeline.crawl.prefilter import is_candidate
from pipeline.crawl.state import CrawlState, content_sha
from pipeline.sites import ParseError, Site, parser_for

log = logging.getLogger(__name__)

BATCH = 25


@dataclass
class ProcessReport:
    handled: int = 0
    extracted: int = 0
    relevant: int = 0
    skipped: int = 0          # not a candidate, or published before --since
    errors: int = 0
    loaded: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejected: int = 0
    per_site: dict[str, collections.Counter[str]] = field(default_factory=dict)

    def bump(self, site: str, stat: str, n: int = 1) -> None:
        self.per_site.setdefault(site, collections.Counter())[stat] += n


def process_pending(state: CrawlState, warc_dir: Path, sites: Iterable[Site], conn: sqlite3.Connection,
                    progress: Callable[[int, int], None] | None = None) -> ProcessReport:
    """Extract and load every pending article of SITES; returns what happened."""
    from pipeline.extract import EXTRACTOR_VERSION, extract_article
    from pipeline.store import ArticleMeta, load_records, record_article_error

    by_key = {s.key: s for s in sites}
    rows = state.pending(by_key)
    report = ProcessReport()
    batch: list[tuple[str, str, dict, ArticleMeta, bool]] = []

    def flush() -> None:
        if not batch:
            return
        records = [b[2] for b in batch]
        metas = {b[3].id: b[3] for b in batch}
        result = load_records(conn, records, metas, EXTRACTOR_VERSION)
        report.loaded += result.loaded
        report.unchanged += result.unchanged
        report.replaced += result.replaced
        report.rejected += result.rejected
        with state.transaction():
            for url, sha, record, _meta, _cand in batch:
                state.mark_processed(url, sha, bool(record.get("relevant")))
        batch.clear()

    for done, row in enumerate(rows, 1):
        site = by_key[row["site"]]
        url, sha = row["url"], row["sha256"]
        try:
            raw = read_record(warc_dir / row["warc_path"], row["warc_offset"])
            page = parser_for(site).parse_article(raw.html, row["final_url"] or url)
        except (OSError, ValueError, ParseError) as exc:
            report.errors += 1
            report.bump(site.key, "errors")
            log.warning("%s %s: cannot re-read archived page: %s", site.key, row["article_id"], exc)
            meta = ArticleMeta(id=row["article_id"], url=url, title=row["title"], published=row["published"],
                               fetched_at=row["fetched_at"], site=site.domain, province_hint=site.province)
            record_article_error(conn, row["article_id"], f"{site.key} {url}", str(exc), meta)
            state.mark_processed(url, sha, None)
            continue
        if content_sha(page.title, page.text) != sha:
            log.info("%s %s: parser output changed since the crawl (parser updated); using the new parse",
                     site.key, row["article_id"])
        report.handled += 1
        candidate = is_candidate(page.title, page.text, url) and bool(row["in_scope"])
        if not candidate and row["processed_sha"] is not None and row["relevant"]:
            # was loaded as relevant; its new content no longer passes: replace the record by an empty one
            from pipeline.record import empty_record

            meta = ArticleMeta(id=row["article_id"], url=url, title=page.title, published=page.published,
                               fetched_at=row["fetched_at"], site=site.domain, province_hint=site.province)
            batch.append((url, sha, dict(empty_record(row["article_id"])), meta, False))
            report.skipped += 1
            report.bump(site.key, "skipped")
        elif not candidate:
            report.skipped += 1
            report.bump(site.key, "skipped")
            state.mark_processed(url, sha, False)
        else:
            article = Article(id=row["article_id"], text=page.text, url=url, title=page.title,
                              published=page.published, source=site.key)
            record = dict(extract_article(article))
            report.extracted += 1
            report.bump(site.key, "extracted")
            if record.get("relevant"):
                report.relevant += 1
                report.bump(site.key, "relevant")
            meta = ArticleMeta(id=article.id, url=url, title=page.title, published=page.published,
                               fetched_at=row["fetched_at"], text_sha256=hashlib.sha256(page.text.encode("utf-8")).hexdigest(),
                               site=site.domain, province_hint=site.province)
            batch.append((url, sha, record, meta, candidate))
            if len(batch) >= BATCH:
                flush()
        if progress is not None:
            progress(done, len(rows))
    flush()
    return report
