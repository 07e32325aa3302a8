"""The site registry: one parser per site family, thin per-site entries in one table.

`FAMILIES` maps a family name to its parser class (one module each);
`pipeline.sites.table.SITES` lists the real sites (domain, province, family,
listing URLs). The registry is checked when this package is imported: a
duplicate key or domain, a non-ASCII key, an unknown family, a site without
listing URLs or a listing on another domain raises `RegistryError`.

Whether a site is *verified* is not written in the table: it is the result
of the last live check (`thidua sites check`), kept in the crawl data
directory, so a site stays unverified until a check has passed.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from pipeline.sites.aspnet import AspNetParser
from pipeline.sites.base import Card, Listing, Page, ParseError, SiteParser, canonical_url
from pipeline.sites.generic import GenericParser
from pipeline.sites.liferay import LiferayParser
from pipeline.sites.newspaper import NewspaperParser
from pipeline.sites.sharepoint import SharePointParser
from pipeline.sites.slugcms import SlugCmsParser
from pipeline.sites.webcenter import WebCenterParser

__all__ = ["FAMILIES", "REGISTRY", "Card", "Listing", "Page", "ParseError", "RegistryError", "Site", "SiteParser",
           "build_registry", "canonical_url", "load_sites_file", "parser_for", "select_sites", "site_for_url"]

FAMILIES: dict[str, type[SiteParser]] = {
    cls.family: cls
    for cls in (LiferayParser, SharePointParser, AspNetParser, WebCenterParser, SlugCmsParser, NewspaperParser, GenericParser)
}

_KEY = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class RegistryError(ValueError):
    """The site table is inconsistent; the message names the entry and the fix."""


@dataclass(frozen=True)
class Site:
    """One crawlable site: where its listings are and which family parses it."""

    key: str
    domain: str
    province: str | None
    family: str
    listings: tuple[str, ...]
    name: str = ""
    start_date: str = "2015-01-01"
    max_pages: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["listings"] = list(self.listings)
        data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Site":
        known = {"key", "domain", "province", "family", "listings", "name", "start_date", "max_pages", "extra"}
        unknown = set(data) - known
        if unknown:
            raise RegistryError(f"site {data.get('key')!r}: unknown fields {sorted(unknown)}")
        values = dict(data)
        values["listings"] = tuple(values.get("listings") or ())
        return cls(**values)

    def owns(self, url: str) -> bool:
        """Whether URL is on this site (its domain or a subdomain of it)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        dom = self.domain.split(":")[0].lower()
        if _port(self.domain) is not None and parts.port != _port(self.domain):
            return False  # a domain given with a port (a local replica) owns that port only
        return host == dom or host.endswith("." + dom)


def build_registry(sites: Iterable[Site]) -> dict[str, Site]:
    """Sites by key, validated; raises RegistryError on the first inconsistency."""
    by_key: dict[str, Site] = {}
    by_domain: dict[str, str] = {}
    for site in sites:
        if not _KEY.match(site.key):
            raise RegistryError(f"site key {site.key!r} must be an ASCII slug (a-z, 0-9, _)")
        if site.key in by_key:
            raise RegistryError(f"duplicate site key {site.key!r}")
        if site.domain in by_domain:
            raise RegistryError(f"site {site.key!r}: domain {site.domain!r} is already registered as {by_domain[site.domain]!r}")
        if site.family not in FAMILIES:
            raise RegistryError(f"site {site.key!r}: unknown family {site.family!r} (one of {sorted(FAMILIES)})")
        if not site.listings:
            raise RegistryError(f"site {site.key!r}: no listing URLs")
        for url in site.listings:
            if not site.owns(url):
                raise RegistryError(f"site {site.key!r}: listing {url} is not on {site.domain}")
        by_key[site.key] = site
        by_domain[site.domain] = site.key
    return by_key


def _port(domain: str) -> int | None:
    return int(domain.split(":")[1]) if ":" in domain else None


def parser_for(site: Site) -> SiteParser:
    return FAMILIES[site.family](site)


def site_for_url(url: str, sites: Iterable[Site] | None = None) -> Site | None:
    """The registered site a URL belongs to (the longest matching domain)."""
    best: Site | None = None
    for site in (sites if sites is not None else REGISTRY.values()):
        if site.owns(url) and (best is None or len(site.domain) > len(best.domain)):
            best = site
    return best


def load_sites_file(path: str | Path) -> list[Site]:
    """Extra sites from a JSON file: a list of objects with the Site fields."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise RegistryError(f"{path}: expected a JSON list of site objects")
    return list(build_registry(Site.from_dict(item) for item in data).values())


def select_sites(keys: Iterable[str] = (), families: Iterable[str] = (), sites_file: str | Path | None = None) -> list[Site]:
    """The sites a command works on: the registry (or a sites file), filtered by key and family."""
    pool = load_sites_file(sites_file) if sites_file else list(REGISTRY.values())
    keys, families = list(keys), list(families)
    by_key = {s.key: s for s in pool}
    missing = [k for k in keys if k not in by_key]
    if missing:
        raise RegistryError(f"unknown site key(s): {', '.join(missing)} (see `thidua sites list`)")
    chosen = [by_key[k] for k in keys] if keys else pool
    return [s for s in chosen if not families or s.family in families]


from pipeline.sites.table import SITES  # noqa: E402  (the table imports Site from this module)

REGISTRY: dict[str, Site] = build_registry(SITES)
