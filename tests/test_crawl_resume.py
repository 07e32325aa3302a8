"""Crash safety of the nightly job: kill -9 mid-run, the lock, and a crash during extraction."""

from __future__ import annotations

import collections
import dataclasses
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.crawl.nightly import EXIT_LOCKED, Locked, RunLock
from replicas.content import STORIES
from replicas.harness import FAST, THIDUA, Replicas, nightly, state_rows, store_rows, thidua
from replicas.server import build_replica

FACT_TABLES = ("memberships", "officers", "appearances", "scores", "rankings", "awards")


def _stories(n: int, tag: str) -> list:
    out = []
    for i in range(n):
        base = STORIES[i % len(STORIES)]
        day = 1 + i % 27
        out.append(dataclasses.replace(base, slug=f"{base.slug}-{tag}{i}", title=f"{base.title} ({tag}{i})",
                                       published=f"{day:02d}/05/2024 08:{i % 60:02d}"))
    return out


def _replicas(crawl_delay: float) -> list:
    return [build_replica("newspaper", stories=_stories(18, "a"), crawl_delay=crawl_delay),
            build_replica("liferay", stories=_stories(18, "b"), crawl_delay=crawl_delay)]


def _dataset(data: Path) -> tuple[set[str], dict[str, int]]:
    db = data / "thidua.sqlite"
    ids = {r[0] for r in store_rows(db, "SELECT id FROM articles")}
    facts = {t: store_rows(db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in FACT_TABLES}
    return ids, facts


def test_kill_9_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    with Replicas(_replicas(crawl_delay=0.1)) as servers:
        sites = servers.sites_file(tmp_path)
        reference = tmp_path / "reference"
        assert nightly(sites, reference, "--no-export").returncode == 0
        ref_ids, ref_facts = _dataset(reference)
        ref_pages = {(r["url"], r["sha256"]) for r in state_rows(reference, "SELECT url, sha256 FROM pages WHERE kind='article'")}
        assert len(ref_ids) > 10 and sum(ref_facts.values()) > 0
        servers.clear_logs()

        data = tmp_path / "data"
        victim = subprocess.Popen([THIDUA, "nightly", "--sites-file", str(sites), "--data-dir", str(data), *FAST, "--no-export"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        state = data / "crawl" / "state.sqlite"
        deadline = time.monotonic() + 60
        archived = 0
        while time.monotonic() < deadline:
            if state.exists():
                try:
                    archived = state_rows(data, "SELECT COUNT(*) FROM pages WHERE sha256 IS NOT NULL")[0][0]
                except Exception:  # the schema is being created
                    archived = 0
            if archived >= 8:
                break
            time.sleep(0.05)
        os.kill(victim.pid, signal.SIGKILL)  # the nightly process only: its crawler child must die with it
        victim.wait()
        assert 8 <= archived < len(ref_pages), "the kill did not land mid-crawl"
        time.sleep(0.5)
        RunLock(data / "crawl" / "nightly.lock").acquire().release()  # the lock died with the run
        hits_before = sum(len(s.replica.requests) for s in servers.servers)
        time.sleep(0.3)
        assert sum(len(s.replica.requests) for s in servers.servers) == hits_before, "an orphan crawler is still running"

        rerun = nightly(sites, data, "--no-export")
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert "resumed after interrupted run" in rerun.stdout
        ids, facts = _dataset(data)
        assert ids == ref_ids  # nothing lost
        assert facts == ref_facts  # nothing duplicated
        pages = {(r["url"], r["sha256"]) for r in state_rows(data, "SELECT url, sha256 FROM pages WHERE kind='article'")}
        assert pages == ref_pages
        assert not state_rows(data, "SELECT * FROM pages WHERE kind='article' AND processed_sha IS NOT sha256")
        assert not state_rows(data, "SELECT * FROM frontier")
        statuses = [r["status"] for r in state_rows(data, "SELECT status FROM runs ORDER BY started_at")]
        assert statuses == ["interrupted", "ok"]
        # articles fetched before the kill are not fetched again (only those in flight at the kill may be)
        for server in servers.servers:
            listing = set(server.replica._listing_paths) | {"/robots.txt"}
            counts = collections.Counter(r[2] for r in server.replica.requests if r[2] not in listing)
            assert sum(1 for n in counts.values() if n > 1) <= 2, counts
            assert set(counts) == set(server.replica.story_paths[s.slug] for s in server.replica.stories)


def test_lock_refuses_an_overlapping_run(tmp_path: Path) -> None:
    with Replicas([build_replica("generic", stories=STORIES[:3])]) as servers:
        sites = servers.sites_file(tmp_path)
        data = tmp_path / "data"
        lock = RunLock(data / "crawl" / "nightly.lock").acquire()
        try:
            with pytest.raises(Locked):
                RunLock(data / "crawl" / "nightly.lock").acquire()
            blocked = nightly(sites, data, "--no-export")
            assert blocked.returncode == EXIT_LOCKED
            assert "another run holds" in blocked.stdout and f"pid {os.getpid()}" in blocked.stdout
            assert not servers.servers[0].replica.requests
        finally:
            lock.release()
        assert nightly(sites, data, "--no-export").returncode == 0


def test_crash_during_extraction_then_rerun_completes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Crashes in extraction, and between the store's commit and marking pages handled: the rerun completes."""
    import pipeline.crawl.process as process
    import pipeline.extract as extract
    from pipeline.crawl.config import CrawlConfig
    from pipeline.crawl.state import CrawlState
    from pipeline.sites import Site
    from pipeline.store import open_db

    with Replicas([build_replica("sharepoint", stories=_stories(12, "c"))]) as servers:
        sites_file = servers.sites_file(tmp_path)
        data = tmp_path / "data"
        crawl = thidua("crawl", "--sites-file", str(sites_file), "--data-dir", str(data), *FAST)
        assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    config = CrawlConfig(data_dir=str(data))
    site = Site.from_dict(servers.servers[0].site())
    state = CrawlState(config.state_path)
    conn = open_db(data / "thidua.sqlite")
    candidates = {r["article_id"] for r in state.conn.execute(
        "SELECT article_id FROM pages WHERE kind='article' AND candidate=1")}
    assert len(candidates) >= 6
    monkeypatch.setattr(process, "BATCH", 2)

    # 1. the extractor dies on the 5th article
    real = extract.extract_article
    calls = {"n": 0}

    def flaky(article):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("simulated crash in the extractor")
        return real(article)

    monkeypatch.setattr(extract, "extract_article", flaky)
    with pytest.raises(RuntimeError, match="in the extractor"):
        process.process_pending(state, config.warc_dir, [site], conn)
    monkeypatch.setattr(extract, "extract_article", real)
    after_first = {r[0] for r in conn.execute("SELECT id FROM articles")}
    assert 0 < len(after_first) < len(candidates)

    # 2. the process dies after the store committed a batch, before the pages were marked handled
    import pipeline.store as store

    real_load = store.load_records

    def load_then_die(*args, **kwargs):
        real_load(*args, **kwargs)
        raise KeyboardInterrupt("simulated kill after the store's commit")

    monkeypatch.setattr(store, "load_records", load_then_die)
    with pytest.raises(KeyboardInterrupt):
        process.process_pending(state, config.warc_dir, [site], conn)
    monkeypatch.setattr(store, "load_records", real_load)

    # 3. the rerun completes; what the store already had comes back "unchanged", never twice
    report = process.process_pending(state, config.warc_dir, [site], conn)
    assert report.unchanged >= 1
    assert {r[0] for r in conn.execute("SELECT id FROM articles")} == candidates
    assert not state.pending()
    assert process.process_pending(state, config.warc_dir, [site], conn).handled == 0
    fresh = open_db(tmp_path / "fresh.sqlite")
    for row in state.conn.execute("UPDATE pages SET processed_sha=NULL RETURNING url"):
        pass
    process.process_pending(state, config.warc_dir, [site], fresh)
    for table in FACT_TABLES:  # the same facts as a clean load: nothing duplicated
        count = f"SELECT COUNT(*) FROM {table}"
        assert conn.execute(count).fetchone() == fresh.execute(count).fetchone(), table
    conn.close()
    fresh.close()
    state.close()
