"""Opening the dataset: one SQLite file, WAL journal, foreign keys, migrations applied."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

DEFAULT_DB = Path("data/thidua.sqlite")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL and foreign keys on."""
    if readonly:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a crash loses at most the last commits, never consistency.
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def open_db(path: str | Path = DEFAULT_DB) -> sqlite3.Connection:
    """Open (creating it and its parent directories if needed) the dataset at `path`, migrated and with reference data current."""
    from pipeline.store import migrations, reference

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    migrations.migrate(conn)
    reference.refresh(conn)
    return conn


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an existing dataset for queries only; a clear error when it does not exist."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no dataset at {path}: build one with `thidua load RECORDS.jsonl --db {path}`")
    return connect(path, readonly=True)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (the connection is in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
