"""A load killed with SIGKILL in the middle leaves a consistent dataset, and the rerun completes it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.store import load_records, open_db
from pipeline.store.export import base_tables
from pipeline.store.synthetic import synthetic_records
from pipeline.store.tables import NAMES, table

N = 1200
BATCH = 40


def _count(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_kill_in_the_middle_then_rerun(tmp_path: Path) -> None:
    pairs = list(synthetic_records(N, seed=7))
    records_file = tmp_path / "records.jsonl"
    records_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r, _ in pairs), encoding="utf-8")
    db = tmp_path / "killed.sqlite"
    open_db(db).close()  # migrations and reference data first, so the child starts loading at once
    cmd = [sys.executable, "-c", "from pipeline.cli import main; main()", "load", str(records_file),
           "--db", str(db), "--batch-size", str(BATCH), "--extractor-version", "t"]
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _count(db) < 3 * BATCH and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, "the load finished before it could be killed; raise N"

    conn = open_db(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    committed = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 0 < committed < N and committed % BATCH == 0, committed  # whole batches, nothing half-written
    # Every committed article has all its facts.
    per_article = dict(conn.execute("SELECT article_id, COUNT(*) FROM memberships GROUP BY article_id"))
    expected = {r["id"]: len({m for m in r["members"]}) for r, _ in pairs}
    assert all(per_article.get(a) for a, in conn.execute("SELECT id FROM articles"))
    assert sum(per_article.values()) <= sum(expected[a] for a in per_article)

    report = load_records(conn, (r for r, _ in pairs), None, "t")
    assert report.unchanged == committed
    assert report.loaded == N - committed
    assert report.rejected == report.replaced == 0

    clean = open_db(tmp_path / "clean.sqlite")
    load_records(clean, (r for r, _ in pairs), None, "t")
    for name in base_tables(conn):
        if name in ("schema_migrations", "meta"):
            continue
        assert conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone() == clean.execute(f"SELECT COUNT(*) FROM {name}").fetchone(), name
    for name in NAMES:
        assert table(conn, name).equals(table(clean, name)), name
