"""Newspaper CMSs of the provincial Party papers (báo tỉnh) and national papers.

Article URLs: `/<section>/<yyyymm>/<slug>-<id>/`, `/<slug>-post<id>.html`,
`/<slug>-a<id>.html`, `/<slug>-<id>.htm[l]`, `/news/<n>/<id>/<slug>`,
`/news/<id>p<n>c<n>/<slug>.htm`. Pagination `?page=N`. Dates read like
`Thứ Bảy, 17-12-2022 8:31`; the lead paragraph (sapo) sits outside the body
and is put in front of it.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.sites.base import SiteParser, clean_body, element_lines


class NewspaperParser(SiteParser):
    family = "newspaper"
    article_url = re.compile(
        r"/\d{6}/[a-z0-9-]+-[0-9a-z]{4,}/?(?:index\.html?)?$|/\d{3,}-[a-z0-9-]+\.html$|-post\d+\.html?$|-a\d+\.html$|-\d{4,}\.html?$|/news/\d+/\d+/[a-z0-9-]+"
        r"|/news/\d+p\d+c\d+/|-c\d+\.epi$|-\d{5,}/?$|-\d+\.(?:ldo|bld)$",
        re.I,
    )
    listing_links = ("//article//a[@href] | //*[contains(@class,'story') or contains(@class,'item') or contains(@class,'news')"
                     " or contains(@class,'title')]//a[@href] | //h2/a[@href] | //h3/a[@href]")
    next_links = "//a[@rel='next'] | //*[contains(@class,'pag')]//a[@href]"
    page_param = re.compile(r"[?&](?:page|trang|p)=(\d+)|/trang-(\d+)", re.I)
    title = ("//h1[contains(@class,'title') or contains(@class,'detail')]", "//h1", "//*[contains(@class,'article-title')]")
    date = ("//*[contains(@class,'detail-time') or contains(@class,'publish') or contains(@class,'date') or contains(@class,'time')]",
            "//time/@datetime")
    body = ("//*[contains(@class,'detail-content') or contains(@class,'article-content') or contains(@class,'content-detail')]",
            "//*[@itemprop='articleBody']", "//*[contains(@class,'__body') or contains(@class,'article-body')]", "//article")
    sapo = ("//*[contains(@class,'sapo') or contains(@class,'lead') or contains(@class,'summary')]",)
    author = ("//*[contains(@class,'author') or contains(@class,'byline')]",)

    def page_number(self, url: str) -> int:
        m = self.page_param.search(url)
        return int(m.group(1) or m.group(2)) if m else 1

    def lead(self, tree: Any, title: str | None) -> str | None:
        """The sapo, put in front of the body (and counted in its length: a short news item is mostly sapo)."""
        lead_el = self.first(tree, self.sapo)
        if lead_el is None:
            return None
        lead, _ = clean_body(element_lines(lead_el), title)
        return lead or None
