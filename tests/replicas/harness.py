"""Helpers for the crawl tests: start replica servers, write a sites file, run `thidua` as a subprocess."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .server import Replica, ReplicaServer

THIDUA = str(Path(sys.executable).parent / "thidua")
# Fast but still polite settings for tests: no base delay (robots Crawl-delay still applies), short timeouts and backoff.
FAST = ["--delay", "0", "--timeout", "1", "--retries", "1", "--backoff", "0.05", "--no-autothrottle"]


class Replicas:
    """Several replica servers started together, each a site of its own (own port = own throttle slot)."""

    def __init__(self, replicas: Iterable[Replica]) -> None:
        self.stack = ExitStack()
        self.servers = [self.stack.enter_context(ReplicaServer(r)) for r in replicas]

    def __enter__(self) -> "Replicas":
        return self

    def __exit__(self, *_: Any) -> None:
        self.stack.close()

    def by_family(self, family: str) -> ReplicaServer:
        return next(s for s in self.servers if s.replica.family.name == family)

    def sites_file(self, folder: Path) -> Path:
        path = folder / "sites.json"
        path.write_text(json.dumps([s.site() for s in self.servers], ensure_ascii=False), encoding="utf-8")
        return path

    def clear_logs(self) -> None:
        for s in self.servers:
            with s.replica.lock:
                s.replica.requests.clear()


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def thidua(*args: str, timeout: float = 120) -> Ran:
    """Run a `thidua` command in this process (its crawls still run in child processes, as always).

    In-process saves the CLI's start-up (spaCy and pandas imports) on every call; the
    kill -9 test uses `thidua_process` instead, a real separate process.
    """
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)


def thidua_process(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([THIDUA, *args], capture_output=True, text=True, timeout=timeout)


def nightly(sites_file: Path, data: Path, *extra: str, timeout: float = 120) -> Ran:
    return thidua("nightly", "--sites-file", str(sites_file), "--data-dir", str(data), *FAST, *extra, timeout=timeout)


def state_rows(data: Path, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(data / "crawl" / "state.sqlite")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def store_rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
