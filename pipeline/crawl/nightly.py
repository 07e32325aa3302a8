"""The nightly job: crawl → extract → load → export, safe to run from cron or a systemd timer.

- A lock (`flock` on `<data>/crawl/nightly.lock`) refuses overlapping runs;
  the kernel releases it when the holder dies, even by `kill -9`.
- Every fetched page is committed to the crawl state as soon as it is
  archived, and the downstream stages work from "pending" pages (content not
  yet handled), so the run after a crash picks up exactly what is missing:
  the crawl frontier of the interrupted run and its unprocessed pages.
- Exit status: 0 ok (page-level errors are counted, not fatal), 1 a stage
  failed, 3 no site could be reached, 75 another run holds the lock.
- One screen of summary at the end; a live progress line on a terminal,
  plain log lines otherwise.
"""

from __future__ import annotations

import collections
import datetime as dt
import fcntl
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

from pipeline.crawl.config import CrawlConfig
from pipeline.crawl.runner import CrawlOutcome, run_crawl
from pipeline.crawl.state import CrawlState
from pipeline.sites import Site

EXIT_OK, EXIT_FAILED, EXIT_UNREACHABLE, EXIT_LOCKED = 0, 1, 3, 75


class Locked(RuntimeError):
    """Another crawl or nightly run holds the lock."""


class RunLock:
    """An exclusive, non-blocking flock on a file; records the holder's pid and start time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise Locked(f"another run holds {self.path} ({holder}); not starting") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M:%SZ}\n".encode(), 0)
        os.set_inheritable(fd, True)  # the crawler child keeps it locked while alive
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "RunLock":
        return self.acquire()

    def __exit__(self, *_: Any) -> None:
        self.release()


class Progress:
    """A redrawn status line on a terminal; a plain line every `every` steps otherwise."""

    def __init__(self, stream: IO[str], every: int = 25) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.every = every
        self._last = 0.0

    def line(self, text: str, step: int | None = None, force: bool = False) -> None:
        if self.tty:
            now = time.monotonic()
            if force or now - self._last > 0.1:
                self.stream.write("\r\x1b[K" + text[:150])
                self.stream.flush()
                self._last = now
        elif force or (step is not None and step % self.every == 0):
            self.stream.write(text + "\n")
            self.stream.flush()

    def bar(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        text = f"{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        self.line(text if self.tty else f"{label}: {done}/{total}", done, force=done == total)

    def end(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()

    def log(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self.stream.flush()


def new_run_id() -> str:
    return f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}-{os.getpid()}"


@dataclass
class CrawlTally:
    """Live counts from the crawler's event lines."""

    pages: int = 0
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    first_error: str | None = None

    def text(self) -> str:
        o = self.outcomes
        return (f"crawl: {self.pages} pages, {o['new']} new, {o['changed']} changed, "
                f"{o['unchanged'] + o['not_modified']} unchanged, {o['error']} errors")


def crawl_with_progress(config: CrawlConfig, progress: Progress, lock_fd: int | None) -> tuple[CrawlOutcome, CrawlTally]:
    tally = CrawlTally()

    def on_event(event: dict[str, Any]) -> None:
        if event.get("ev") != "page":
            return
        tally.pages += 1
        tally.outcomes[event.get("outcome", "?")] += 1
        if event.get("outcome") == "error" and tally.first_error is None:
            tally.first_error = f"{event.get('site')}: {event.get('reason')}"
        progress.line(f"{tally.text()}  [{event.get('site')}]", tally.pages)

    outcome = run_crawl(config, on_event, pass_fds=(lock_fd,) if lock_fd is not None else ())
    progress.line(tally.text(), force=True)
    if progress.tty:
        progress.end()
    return outcome, tally


@dataclass
class NightlyResult:
    exit_code: int
    run_id: str
    summary: str
    details: dict[str, Any]


def run_nightly(sites: list[Site], config: CrawlConfig, db_path: str | Path, export_dir: str | Path | None,
                stream: IO[str] = sys.stderr, skip_crawl: bool = False, reprocess: bool = False) -> NightlyResult:
    """Run the whole job once; never raises for page- or stage-level failures (they set the exit code)."""
    progress = Progress(stream)
    run_id = config.run_id or new_run_id()
    config.run_id = run_id
    config.sites = [s.to_dict() for s in sites]
    started = time.monotonic()
    lock = RunLock(config.crawl_dir / "nightly.lock")
    try:
        lock.acquire()
    except Locked as exc:
        return NightlyResult(EXIT_LOCKED, run_id, f"thidua nightly: {exc}", {})
    state = CrawlState(config.state_path)
    failures: list[str] = []
    details: dict[str, Any] = {"run_id": run_id}
    try:
        stale = state.start_run(run_id, "nightly", os.getpid())
        if stale:
            details["resumed"] = [r["run_id"] for r in stale]
            progress.log(f"resuming after interrupted run(s): {', '.join(details['resumed'])}")
        if reprocess:
            details["reprocess"] = state.reset_processed(s.key for s in sites)
            progress.log(f"reprocess: {details['reprocess']} archived articles marked pending")
        pending_before = len(state.pending(s.key for s in sites))
        details["pending_before"] = pending_before
        # 1. crawl
        outcome = None
        if not skip_crawl:
            progress.log(f"crawl: {len(sites)} sites, run {run_id}")
            outcome, tally = crawl_with_progress(config, progress, lock.fd)
            details["crawl"] = {"pages": tally.pages, **tally.outcomes, "log": str(outcome.log_path),
                                "returncode": outcome.returncode, "closed": outcome.closed_reason,
                                "first_error": tally.first_error}
            if not outcome.ok:
                failures.append(f"crawl stopped abnormally (exit {outcome.returncode}, {outcome.closed_reason}); "
                                f"see {outcome.log_path}")
        # 2+3. extract and load
        conn = None
        try:
            from pipeline.crawl.process import process_pending
            from pipeline.store import open_db

            conn = open_db(db_path)
            progress.log("extract and load: pending archived articles")
            report = process_pending(state, config.warc_dir, sites, conn,
                                     progress=lambda done, total: progress.bar("extract", done, total))
            if progress.tty and report.handled:
                progress.end()
            details["process"] = {k: getattr(report, k) for k in
                                  ("handled", "extracted", "relevant", "skipped", "errors", "loaded", "unchanged",
                                   "replaced", "rejected")}
            details["per_site_process"] = {k: dict(v) for k, v in report.per_site.items()}
            state.add_stats(run_id, {(site, stat): n for site, counts in report.per_site.items()
                                     for stat, n in counts.items()})
            # 4. export
            if export_dir is not None:
                from pipeline.store.export import export

                files = export(conn, export_dir)
                details["export"] = {"files": len(files), "dir": str(export_dir)}
        except Exception as exc:  # a stage failure: reported, exit 1, the next run resumes
            failures.append(f"{type(exc).__name__}: {exc}")
            details["traceback"] = traceback.format_exc()
        finally:
            if conn is not None:
                conn.close()
        stats = state.stats(run_id)
        details["per_site"] = stats
        details["failures"] = failures
        exit_code = EXIT_OK
        if failures:
            exit_code = EXIT_FAILED
        elif outcome is not None and _all_unreachable(stats, sites):
            exit_code = EXIT_UNREACHABLE
        details["seconds"] = round(time.monotonic() - started, 1)
        state.finish_run(run_id, "ok" if exit_code == EXIT_OK else "failed", details)
        return NightlyResult(exit_code, run_id, summarize(details, sites, db_path, exit_code), details)
    finally:
        state.close()
        lock.release()


def _all_unreachable(stats: dict[str, dict[str, int]], sites: Iterable[Site]) -> bool:
    keys = [s.key for s in sites]
    fetched = sum(stats.get(k, {}).get("pages_seen", 0) for k in keys)
    return bool(keys) and fetched == 0


COLUMNS = (("seen", "pages_seen"), ("new", "new"), ("chg", "changed"), ("same", "unchanged+not_modified"),
           ("gone", "gone"), ("cand", "candidates"), ("rel", "relevant"), ("err", "errors"), ("robots", "robots_blocked"))


def summarize(details: dict[str, Any], sites: Iterable[Site], db_path: str | Path, exit_code: int, limit: int = 12) -> str:
    """The one-screen report of a run."""
    status = {EXIT_OK: "ok", EXIT_FAILED: "FAILED", EXIT_UNREACHABLE: "NO SITE REACHABLE"}.get(exit_code, str(exit_code))
    lines = [f"thidua nightly {details['run_id']}: {status} in {details.get('seconds', 0)}s (exit {exit_code})"]
    if details.get("resumed"):
        lines.append(f"  resumed after interrupted run(s) {', '.join(details['resumed'])}; "
                     f"{details.get('pending_before', 0)} archived pages were pending")
    crawl = details.get("crawl")
    if crawl:
        same = crawl.get("unchanged", 0) + crawl.get("not_modified", 0)
        lines.append(f"  crawl    {crawl['pages']} pages: {crawl.get('new', 0)} new, {crawl.get('changed', 0)} changed, "
                     f"{same} unchanged, {crawl.get('gone', 0)} gone, {crawl.get('error', 0)} errors, "
                     f"{crawl.get('robots', 0)} robots-blocked")
    proc = details.get("process")
    if proc:
        lines.append(f"  extract  {proc['handled']} articles: {proc['extracted']} extracted, {proc['relevant']} relevant, "
                     f"{proc['skipped']} left out by the prefilter, {proc['errors']} errors")
        lines.append(f"  load     {proc['loaded']} loaded, {proc['replaced']} replaced, {proc['unchanged']} unchanged, "
                     f"{proc['rejected']} rejected -> {db_path}")
    if details.get("export"):
        lines.append(f"  export   {details['export']['files']} files -> {details['export']['dir']}")
    per_site = {k: dict(v) for k, v in details.get("per_site", {}).items()}
    if per_site:
        lines.append("  " + f"{'site':<24}" + "".join(f"{name:>7}" for name, _ in COLUMNS))
        order = sorted(per_site.items(), key=lambda kv: (-kv[1].get("errors", 0), -kv[1].get("pages_seen", 0), kv[0]))
        for key, counts in order[:limit]:
            cells = [sum(counts.get(p, 0) for p in stat.split("+")) for _, stat in COLUMNS]
            lines.append("  " + f"{key[:24]:<24}" + "".join(f"{c:>7}" for c in cells))
        if len(order) > limit:
            lines.append(f"  … {len(order) - limit} more sites (thidua crawl --stats {details['run_id']})")
    broken = sorted(k for k, v in per_site.items() if v.get("parse_errors"))
    if broken:
        lines.append(f"  parser errors on {', '.join(broken[:6])}{' …' if len(broken) > 6 else ''}: "
                     "layout changed or a bot wall? run `thidua sites check`")
    silent = [s.key for s in sites if s.key not in per_site]
    if silent:
        lines.append(f"  no activity: {', '.join(silent[:8])}{' …' if len(silent) > 8 else ''}")
    if exit_code == EXIT_UNREACHABLE and crawl and crawl.get("first_error"):
        lines.append(f"  every site failed; first error: {crawl['first_error']}"[:160])
        lines.append("  is this machine online? (`thidua sites check` tells network from parser failures)")
    for failure in details.get("failures", []):
        lines.append(f"  FAILED: {failure}"[:240])
    if crawl:
        lines.append(f"  crawler log: {crawl['log']}")
    return "\n".join(lines)
