"""Crawling commands: `thidua sites list`, `thidua sites check`, `thidua crawl`, `thidua nightly`."""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click

from pipeline.crawl.config import DEFAULT_DATA_DIR, CrawlConfig
from pipeline.sites import FAMILIES, RegistryError, Site, select_sites

SITE_FIELDS = ("key", "domain", "province", "family", "verified", "verified_on", "name", "listings")


def site_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--site, --family, --sites-file, --data-dir: which sites, and where the crawl data lives."""
    func = click.option("--data-dir", type=click.Path(file_okay=False), default=str(DEFAULT_DATA_DIR), show_default=True,
                        envvar="THIDUA_DATA", help="Crawl state, WARC archive, logs and lock live in DATA_DIR/crawl.")(func)
    func = click.option("--sites-file", type=click.Path(dir_okay=False, exists=True), default=None,
                        help="Crawl the sites of this JSON file (a list of site objects) instead of the registry.")(func)
    func = click.option("--family", "families", multiple=True, type=click.Choice(sorted(FAMILIES)),
                        help="Only sites of this family (repeatable).")(func)
    func = click.option("--site", "keys", multiple=True, metavar="KEY", help="Only this site (repeatable).")(func)
    return func


def politeness_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Overrides of the packaged politeness defaults (pipeline/crawl/config.py)."""
    defaults = CrawlConfig()
    opts = [
        click.option("--delay", type=float, default=defaults.delay, show_default=True,
                     help="Minimum seconds between requests to one host (robots.txt Crawl-delay raises it)."),
        click.option("--concurrency-per-host", type=int, default=defaults.concurrency_per_host, show_default=True,
                     help="Parallel requests per host."),
        click.option("--timeout", type=float, default=defaults.timeout, show_default=True, help="Seconds per request."),
        click.option("--retries", type=int, default=defaults.retries, show_default=True,
                     help="Retries of 5xx/408/429/network failures, with exponential backoff."),
        click.option("--backoff", type=float, default=defaults.backoff, show_default=True,
                     help="Seconds before the first retry (doubling after)."),
        click.option("--autothrottle/--no-autothrottle", default=defaults.autothrottle, show_default=True,
                     help="Adapt delays to server latency (never below --delay or Crawl-delay)."),
        click.option("--user-agent", default=None, help="User-Agent (default names thidua and $THIDUA_CONTACT)."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def crawl_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--revalidate-days", type=float, default=0.0, show_default=True,
                        help="Also re-request (conditionally) known articles fetched less than this many days ago.")(func)
    func = click.option("--max-pages", type=int, default=CrawlConfig().max_pages, show_default=True,
                        help="Listing pages followed per listing URL and run; a deeper backlog is continued by the next run.")(func)
    func = click.option("--since", metavar="YYYY-MM-DD", default=None,
                        help="Skip articles published before this date (default: each site's start date).")(func)
    return politeness_options(func)


def _sites(keys: tuple[str, ...], families: tuple[str, ...], sites_file: str | None) -> list[Site]:
    try:
        sites = select_sites(keys, families, sites_file)
    except (RegistryError, OSError, json.JSONDecodeError) as exc:
        raise click.ClickException(str(exc)) from None
    if not sites:
        raise click.ClickException("no site matches the given --site/--family")
    return sites


def _config(data_dir: str, **kw: Any) -> CrawlConfig:
    config = CrawlConfig(data_dir=data_dir)
    since = kw.pop("since", None)
    if since:
        import datetime as dt

        try:
            dt.date.fromisoformat(since)
        except ValueError:
            raise click.BadParameter(f"{since!r} is not a date like 2024-01-31", param_hint="--since") from None
        config.since = since
    user_agent = kw.pop("user_agent", None)
    if user_agent:
        config.user_agent = user_agent
    for key, value in kw.items():
        setattr(config, key, value)
    return config


# ---------------------------------------------------------------- sites

@click.group("sites")
def sites_group() -> None:
    """The site registry: which portals are crawled, by which family parser.

    Example: thidua sites list --family sharepoint
    """


@sites_group.command("list")
@site_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
def sites_list(keys: tuple[str, ...], families: tuple[str, ...], sites_file: str | None, data_dir: str, fmt: str) -> None:
    """List the registered sites: key, domain, province, family, and whether a live check has verified them.

    A site is unverified until `thidua sites check` has passed for it (results
    are kept in DATA_DIR/crawl/site_checks.json).

    Example: thidua sites list --format json
    """
    from pipeline.crawl.checks import load_checks

    checks = load_checks(data_dir)
    rows = []
    for site in _sites(keys, families, sites_file):
        check = checks.get(site.key, {})
        rows.append({"key": site.key, "domain": site.domain, "province": site.province, "family": site.family,
                     "verified": bool(check.get("ok")), "verified_on": check.get("verified_on"),
                     "name": site.name, "listings": list(site.listings)})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    click.echo(f"{'key':<22} {'family':<10} {'province':<18} {'verified':<9} domain")
    for row in rows:
        click.echo(f"{row['key']:<22} {row['family']:<10} {str(row['province'] or '-'):<18} "
                   f"{'yes' if row['verified'] else 'no':<9} {row['domain']}")
    provinces = {r["province"] for r in rows if r["province"]}
    click.echo(f"{len(rows)} sites, {len(provinces)} provinces, {sum(r['verified'] for r in rows)} verified")


@sites_group.command("check")
@site_options
@politeness_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
def sites_check(keys: tuple[str, ...], families: tuple[str, ...], sites_file: str | None, data_dir: str,
                fmt: str, **options: Any) -> None:
    """Fetch one listing and its first article per site and report which parsers broke.

    Each site is PASSED (title, date and text found) or FAILED with a kind:
    parser (the page came but the family parser found no cards, no body or
    no date: the layout changed), http (404 and other client errors: the
    registered URL is wrong or gone), server (5xx, 429: the site is down),
    robots (robots.txt forbids the page) or network (DNS, refused, timeout).
    Passing marks a site verified. Exit status 0 when all passed, 1 when a
    parser broke or a URL is wrong, 3 when the only failures are on the
    site's or the network's side (network, server, robots).

    Example: thidua sites check --site baokhanhhoa --site quangngai
    """
    from pipeline.crawl.checks import run_checks

    sites = _sites(keys, families, sites_file)
    config = _config(data_dir, max_pages=1, **options)
    results = run_checks(sites, config)
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        for r in results:
            if r["ok"]:
                click.echo(f"PASSED  {r['site']:<22} {r.get('published') or ''} {str(r.get('title') or '')[:60]}")
            else:
                click.echo(f"FAILED  {r['site']:<22} [{_failure(r)}] {r['stage']}: {r['reason']}")
    passed = sum(r["ok"] for r in results)
    kinds = collections.Counter(_failure(r) for r in results if not r["ok"])
    network, parser = kinds["network"], kinds["parser"] + kinds["http"]
    others = "".join(f", {kinds[k]} {label}" for k, label in (("http", "HTTP errors"), ("server", "server errors"),
                                                               ("robots", "robots-blocked")) if kinds[k])
    click.echo(f"{passed}/{len(results)} passed, {kinds['parser']} parser failures{others}, {network} network failures",
               err=fmt == "json")
    if network and network == len(results):
        click.echo("No site could be reached: this machine seems to have no internet access (DNS lookups or "
                   "connections failed). Nothing is wrong with the parsers as far as this check can tell; "
                   "the sites stay unverified.", err=True)
    if parser:
        sys.exit(1)
    if kinds:
        sys.exit(3)


def _failure(result: dict[str, Any]) -> str:
    """The kind of a failed check (results stored before kinds existed only say network or not)."""
    return str(result.get("failure") or ("network" if result.get("network") else "parser"))


# ---------------------------------------------------------------- crawl

@click.command("crawl")
@site_options
@crawl_options
@click.option("--stats", "stats_run", metavar="RUN_ID", default=None, help="Only show the per-site stats of an earlier run.")
def crawl_cmd(keys: tuple[str, ...], families: tuple[str, ...], sites_file: str | None, data_dir: str,
              stats_run: str | None, **options: Any) -> None:
    """Crawl the sites (no extraction): new and changed articles are archived as WARC and recorded in the state.

    Obeys robots.txt (Disallow and Crawl-delay), throttles per host, retries
    with backoff, sends conditional requests. Listings are revisited; known
    articles are not fetched again unless their listing card changed. Prints
    per-site stats. Takes the same lock as `thidua nightly`.

    Example: thidua crawl --site baokhanhhoa --since 2024-01-01 --max-pages 3
    """
    from pipeline.crawl.nightly import Locked, Progress, RunLock, crawl_with_progress, new_run_id
    from pipeline.crawl.state import CrawlState

    config = _config(data_dir, **options)
    if stats_run:
        if not config.state_path.is_file():
            raise click.ClickException(f"no crawl state in {config.crawl_dir} (wrong --data-dir?)")
        state = CrawlState(config.state_path)
        stats = state.stats(stats_run)
        state.close()
        if not stats:
            raise click.ClickException(f"no stats for run {stats_run!r} in {config.state_path}")
        _print_stats(stats, stats_run)
        return
    sites = _sites(keys, families, sites_file)
    config.sites = [s.to_dict() for s in sites]
    config.run_id = new_run_id()
    try:
        lock = RunLock(config.crawl_dir / "nightly.lock").acquire()
    except Locked as exc:
        click.echo(f"thidua crawl: {exc}", err=True)
        sys.exit(75)
    try:
        state = CrawlState(config.state_path)
        state.start_run(config.run_id, "crawl", __import__("os").getpid())
        outcome, tally = crawl_with_progress(config, Progress(sys.stderr), lock.fd)
        stats = state.stats(config.run_id)
        state.finish_run(config.run_id, "ok" if outcome.ok else "failed", {"pages": tally.pages, **tally.outcomes})
        state.close()
    finally:
        lock.release()
    _print_stats(stats, config.run_id)
    click.echo(f"crawler log: {outcome.log_path}")
    if not outcome.ok:
        sys.exit(1)


def _print_stats(stats: dict[str, dict[str, int]], run_id: str) -> None:
    from pipeline.crawl.nightly import COLUMNS

    click.echo(f"run {run_id}")
    click.echo(f"{'site':<24}" + "".join(f"{name:>7}" for name, _ in COLUMNS))
    for key, counts in sorted(stats.items()):
        cells = [sum(counts.get(p, 0) for p in stat.split("+")) for _, stat in COLUMNS]
        click.echo(f"{key[:24]:<24}" + "".join(f"{c:>7}" for c in cells))


# ---------------------------------------------------------------- nightly

@click.command("nightly")
@site_options
@crawl_options
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None, envvar="THIDUA_DB",
              help="The dataset (SQLite) to load into [default: DATA_DIR/thidua.sqlite; $THIDUA_DB].")
@click.option("--export-dir", type=click.Path(file_okay=False), default=None,
              help="Where the dataset is exported [default: DATA_DIR/export].")
@click.option("--no-export", is_flag=True, help="Skip the export stage.")
@click.option("--no-crawl", is_flag=True, help="Fetch nothing: extract, load and export what is archived and pending.")
@click.option("--reprocess", is_flag=True,
              help="Re-extract every archived article from the WARC archive (after an extractor change), no refetch.")
def nightly_cmd(keys: tuple[str, ...], families: tuple[str, ...], sites_file: str | None, data_dir: str,
                db_path: str | None, export_dir: str | None, no_export: bool, no_crawl: bool, reprocess: bool,
                **options: Any) -> None:
    """Crawl, extract, load and export in one run; safe from cron or a systemd timer.

    Refuses to start while another run holds the lock (exit 75). After a crash
    or kill -9 the next run resumes: unfinished requests and archived but
    unprocessed pages are picked up, nothing is fetched or loaded twice.
    Exit status 0 ok, 1 a stage failed, 3 no site reachable. Prints a one-screen
    summary; a progress line on a terminal, plain log lines otherwise.

    With --no-crawl --reprocess it re-extracts the archived pages without
    fetching anything (after an extractor or parser change).

    Example: thidua nightly --data-dir /var/lib/thidua --since 2024-01-01
    """
    from pipeline.crawl.nightly import run_nightly

    sites = _sites(keys, families, sites_file)
    config = _config(data_dir, **options)
    db = Path(db_path) if db_path else Path(data_dir) / "thidua.sqlite"
    out = None if no_export else Path(export_dir) if export_dir else Path(data_dir) / "export"
    result = run_nightly(sites, config, db, out, skip_crawl=no_crawl, reprocess=reprocess)
    click.echo(result.summary)
    sys.exit(result.exit_code)


def register(cli: click.Group) -> None:
    for command in (sites_group, crawl_cmd, nightly_cmd):
        cli.add_command(command)
