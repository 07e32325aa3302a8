"""Running a crawl: a Scrapy process of its own, driven from the library or the CLI.

Twisted's reactor cannot be restarted inside one Python process, so every
crawl runs in a child process (`python -m pipeline.crawl.runner`, the
configuration as JSON on stdin). The child prints one JSON event per line
on stdout, which the parent turns into progress and check reports; Scrapy's
own log goes to `<data>/crawl/logs/<run>.log`. On Linux the child is killed
with its parent (PR_SET_PDEATHSIG), so a `kill -9` of `thidua nightly` never
leaves an orphan crawler writing to the state.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pipeline.crawl.config import CrawlConfig

EventHandler = Callable[[dict[str, Any]], None]


@dataclass
class CrawlOutcome:
    returncode: int
    closed_reason: str | None
    log_path: Path
    events: int = 0
    checks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.closed_reason == "finished"


def _die_with_parent() -> None:
    """In the child, first thing: ask Linux to SIGKILL us when the parent dies (and leave if it already has)."""
    parent = int(os.environ.get("THIDUA_PARENT_PID", "0") or 0)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the inherited lock file descriptor still blocks overlapping runs
        return
    if parent and os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def run_crawl(config: CrawlConfig, on_event: EventHandler | None = None, pass_fds: tuple[int, ...] = ()) -> CrawlOutcome:
    """Run one crawl in a child process; calls ON_EVENT for each event line it prints."""
    log_dir = config.crawl_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{config.run_id or 'crawl'}.log"
    env = dict(os.environ)
    env.setdefault("PYTHONUNBUFFERED", "1")
    env["THIDUA_PARENT_PID"] = str(os.getpid())
    outcome = CrawlOutcome(returncode=-1, closed_reason=None, log_path=log_path)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.crawl.runner"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=log, env=env, pass_fds=pass_fds, text=True, encoding="utf-8",
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(config.to_json())
        proc.stdin.close()
        try:
            for line in proc.stdout:
                try:
                    event = json.loads(line)
                except json.JSONDecodeError:
                    continue
                outcome.events += 1
                if event.get("ev") == "closed":
                    outcome.closed_reason = event.get("reason")
                elif event.get("ev") == "check":
                    outcome.checks.append(event)
                if on_event is not None:
                    on_event(event)
        finally:
            outcome.returncode = proc.wait()
    return outcome


def main() -> int:
    """Child entry point: configuration JSON on stdin, events on stdout."""
    _die_with_parent()
    from scrapy.crawler import CrawlerProcess

    from pipeline.crawl.spider import SiteSpider

    config = CrawlConfig.from_json(sys.stdin.read())
    process = CrawlerProcess(settings=config.scrapy_settings())
    process.crawl(SiteSpider, config_json=config.to_json())
    process.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
