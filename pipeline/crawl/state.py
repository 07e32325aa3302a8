"""What the crawler knows between runs, in one SQLite file (`<data>/crawl/state.sqlite`).

- `pages`: every listing and article URL fetched, by canonical URL: validators
  (ETag, Last-Modified), the hash of the parsed article, where its raw copy is
  in the WARC archive, the prefilter verdict, and `processed_sha`, the content
  hash the downstream stages (extract, load) have handled. A page whose
  `sha256` differs from `processed_sha` is pending: that is how a run resumes
  after a crash.
- `frontier`: requests decided but not finished (next listing pages, new
  articles). A run starts by re-queuing what an interrupted run left here.
- `runs` and `site_stats`: one row per run and per site and run.

Each page is committed as soon as it is archived, so a `kill -9` loses at most
the page in flight.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,            -- canonical URL (the identity; article ids derive from it)
    site TEXT NOT NULL,
    kind TEXT NOT NULL,              -- 'listing' or 'article'
    article_id TEXT,
    status INTEGER,                  -- last HTTP status
    final_url TEXT,                  -- after redirects
    etag TEXT,
    last_modified TEXT,
    card TEXT,                       -- what the listing card showed (title|date): a change triggers a refetch
    sha256 TEXT,                     -- hash of title + text of the parsed article
    title TEXT,
    published TEXT,
    candidate INTEGER,               -- cheap prefilter verdict
    in_scope INTEGER DEFAULT 1,      -- 0 when published before --since
    warc_path TEXT,
    warc_offset INTEGER,
    warc_length INTEGER,
    error TEXT,
    gone INTEGER DEFAULT 0,          -- 404/410 after having been fetched
    first_seen TEXT,
    fetched_at TEXT,                 -- last time a body was downloaded
    checked_at TEXT,                 -- last time it was requested (incl. 304)
    changed_at TEXT,
    processed_sha TEXT,              -- sha256 handled by extract+load
    processed_at TEXT,
    relevant INTEGER,
    run_id TEXT
);
CREATE INDEX IF NOT EXISTS pages_pending ON pages(kind, processed_sha, sha256);
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    depth INTEGER NOT NULL DEFAULT 0,
    card TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,  -- runs in which this request failed
    run_id TEXT,
    added_at TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    command TEXT,
    started_at TEXT,
    finished_at TEXT,
    status TEXT,                     -- running, ok, failed, interrupted
    pid INTEGER,
    summary TEXT                     -- JSON
);
CREATE TABLE IF NOT EXISTS site_stats (
    run_id TEXT NOT NULL,
    site TEXT NOT NULL,
    stat TEXT NOT NULL,
    value INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, site, stat)
);
"""


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def article_id(canonical: str) -> str:
    """Stable id of a crawled article: 'u-' + 10 hex of SHA-1 of its canonical URL."""
    return "u-" + hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:10]


def content_sha(title: str | None, text: str) -> str:
    return hashlib.sha256(f"{title or ''}\n{text}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Known:
    """What the state says about one URL when a listing card points at it."""

    url: str
    status: int | None
    etag: str | None
    last_modified: str | None
    card: str | None
    sha256: str | None
    fetched_at: str | None
    gone: bool


class CrawlState:
    """The crawl state database; one connection, autocommitted page by page."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------ pages
    def known(self, url: str) -> Known | None:
        row = self.conn.execute("SELECT * FROM pages WHERE url=?", (url,)).fetchone()
        if row is None:
            return None
        return Known(row["url"], row["status"], row["etag"], row["last_modified"], row["card"], row["sha256"],
                     row["fetched_at"], bool(row["gone"]))

    def record_page(self, url: str, site: str, kind: str, run_id: str, **values: Any) -> None:
        """Insert or update one page; only the given columns change."""
        stamp = now()
        cols = ["url", "site", "kind", "run_id", "first_seen", "checked_at", *values]
        params = [url, site, kind, run_id, stamp, stamp, *values.values()]
        updates = ", ".join(f"{c}=excluded.{c}" for c in ["site", "kind", "run_id", "checked_at", *values])
        self.conn.execute(
            f"INSERT INTO pages ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
            f"ON CONFLICT(url) DO UPDATE SET {updates}",
            params,
        )

    def pending(self, sites: Iterable[str] | None = None) -> list[sqlite3.Row]:
        """Archived articles whose current content the downstream stages have not handled."""
        rows = self.conn.execute(
            "SELECT * FROM pages WHERE kind='article' AND sha256 IS NOT NULL AND warc_path IS NOT NULL "
            "AND (processed_sha IS NULL OR processed_sha != sha256) ORDER BY first_seen, url"
        ).fetchall()
        wanted = set(sites) if sites is not None else None
        return [r for r in rows if wanted is None or r["site"] in wanted]

    def reset_processed(self, sites: Iterable[str]) -> int:
        """Mark every archived article of SITES pending again (re-extraction after an extractor change)."""
        wanted = list(sites)
        marks = ",".join("?" * len(wanted))
        cur = self.conn.execute(f"UPDATE pages SET processed_sha=NULL WHERE kind='article' AND site IN ({marks})", wanted)
        return cur.rowcount

    def mark_processed(self, url: str, sha: str, relevant: bool | None) -> None:
        self.conn.execute("UPDATE pages SET processed_sha=?, processed_at=?, relevant=? WHERE url=?",
                          (sha, now(), None if relevant is None else int(relevant), url))

    # ------------------------------------------------ frontier
    def push(self, url: str, site: str, kind: str, run_id: str, depth: int = 0, card: str | None = None) -> None:
        self.conn.execute("INSERT OR IGNORE INTO frontier(url, site, kind, depth, card, run_id, added_at) VALUES (?,?,?,?,?,?,?)",
                          (url, site, kind, depth, card, run_id, now()))

    def pop(self, url: str) -> None:
        self.conn.execute("DELETE FROM frontier WHERE url=?", (url,))

    def fail_frontier(self, url: str) -> int:
        """Count one more failed attempt of a frontier entry; returns the attempts so far."""
        self.conn.execute("UPDATE frontier SET attempts=attempts+1 WHERE url=?", (url,))
        row = self.conn.execute("SELECT attempts FROM frontier WHERE url=?", (url,)).fetchone()
        return int(row[0]) if row else 0

    def frontier(self, sites: Iterable[str]) -> list[sqlite3.Row]:
        wanted = list(sites)
        marks = ",".join("?" * len(wanted))
        return self.conn.execute(f"SELECT * FROM frontier WHERE site IN ({marks}) ORDER BY added_at, url", wanted).fetchall()

    # ------------------------------------------------ runs and stats
    def start_run(self, run_id: str, command: str, pid: int) -> list[sqlite3.Row]:
        """Open a run; earlier runs still marked running are marked interrupted and returned."""
        stale = self.conn.execute("SELECT * FROM runs WHERE status='running'").fetchall()
        self.conn.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
        self.conn.execute("INSERT INTO runs(run_id, command, started_at, status, pid) VALUES (?,?,?,?,?)",
                          (run_id, command, now(), "running", pid))
        return stale

    def finish_run(self, run_id: str, status: str, summary: dict[str, Any]) -> None:
        self.conn.execute("UPDATE runs SET finished_at=?, status=?, summary=? WHERE run_id=?",
                          (now(), status, json.dumps(summary, ensure_ascii=False), run_id))

    def add_stats(self, run_id: str, counts: dict[tuple[str, str], int]) -> None:
        with self.transaction():
            for (site, stat), value in counts.items():
                self.conn.execute(
                    "INSERT INTO site_stats(run_id, site, stat, value) VALUES (?,?,?,?) "
                    "ON CONFLICT(run_id, site, stat) DO UPDATE SET value=value+excluded.value",
                    (run_id, site, stat, value))

    def stats(self, run_id: str) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for row in self.conn.execute("SELECT site, stat, value FROM site_stats WHERE run_id=? ORDER BY site", (run_id,)):
            out.setdefault(row["site"], {})[row["stat"]] = row["value"]
        return out

    def transaction(self) -> "_Tx":
        return _Tx(self.conn)

    def iter_articles(self) -> Iterator[sqlite3.Row]:
        yield from self.conn.execute("SELECT * FROM pages WHERE kind='article' ORDER BY url")


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
