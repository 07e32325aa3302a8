"""Live site checks: one listing and one article per site, results kept so `sites list` can show them.

A site is *verified* when its latest check passed. Results live in
`<data>/crawl/site_checks.json` (site key → result with date); failures are
told apart: network (DNS, refused, timeout: the site or our connection is
down) versus parser (the page came but the layout is not what the family
parser expects: the parser broke).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pipeline.crawl.config import CrawlConfig
from pipeline.crawl.runner import run_crawl
from pipeline.sites import Site


def checks_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / "crawl" / "site_checks.json"


def load_checks(data_dir: str | Path) -> dict[str, dict[str, Any]]:
    path = checks_path(data_dir)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def run_checks(sites: list[Site], config: CrawlConfig) -> list[dict[str, Any]]:
    """Check SITES live; returns one result per site and stores them."""
    config.mode = "check"
    config.sites = [s.to_dict() for s in sites]
    config.run_id = config.run_id or f"check-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}"
    outcome = run_crawl(config)
    by_site = {c["site"]: c for c in outcome.checks}
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    results = []
    for site in sites:
        result = by_site.get(site.key) or {"site": site.key, "ok": False, "stage": "listing", "network": True, "failure": "network",
                                           "reason": f"crawler ended before checking it (see {outcome.log_path})"}
        result = {k: v for k, v in result.items() if k != "ev"}
        result["checked_at"] = stamp
        results.append(result)
    stored = load_checks(config.data_dir)
    for result in results:
        old = stored.get(result["site"], {})
        if result["ok"]:
            result["verified_on"] = stamp[:10]
        elif old.get("verified_on"):
            result["last_verified_on"] = old.get("verified_on") or old.get("last_verified_on")
        stored[result["site"]] = result
    path = checks_path(config.data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return results
