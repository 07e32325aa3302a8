"""Liferay portals (asset publisher portlets): provincial and department portals.

Article URLs: `/web/<site>/-/<slug>`, `/…/-/asset_publisher/<id>/content/<slug>`,
`/news/-/details/<id>/<slug>`, `/-/view-content/<id>/<slug>`,
`/chi-tiet-tin/-/view-article/…`, `chi-tiet?id=<n>`. Listing pagination is a
portlet-namespaced `…_INSTANCE_<id>_cur=N`; desktop and mobile cards repeat
each item, which the base parser deduplicates.
"""

from __future__ import annotations

import re

from pipeline.sites.base import SiteParser


class LiferayParser(SiteParser):
    family = "liferay"
    article_url = re.compile(
        r"/-/(?:asset_publisher/\w+/(?:content/)?[^/?]+|details/\d+/|view-content/\d+/|view-article/\d+/"
        r"|(?!asset_publisher|view-article|details|view-content)[^/?]+/?(?:\?\d+)?$)"
        r"|/chi-tiet(?:-tin)?\?(?:[^#]*&)?id=\d+",
        re.I,
    )
    listing_links = ("//*[contains(@class,'asset-title') or contains(@class,'news-title') or contains(@class,'title')]//a[@href]"
                     " | //*[contains(@class,'asset-abstract') or contains(@class,'news-item') or contains(@class,'item')]//a[@href]")
    next_links = "//*[contains(@class,'pagination') or contains(@class,'lfr-pagination') or contains(@class,'taglib-page-iterator')]//a[@href]"
    page_param = re.compile(r"_cur=(\d+)", re.I)
    title = ("//h3[contains(@class,'header-title')]", "//*[contains(@class,'asset-title')][self::h1 or self::h2 or self::h3]",
             "//*[contains(@class,'title-detail')]", "//h1")
    date = ("//*[contains(@class,'metadata-publish-date')]", "//*[contains(@class,'asset-date') or contains(@class,'date')]",
            "//*[contains(@class,'time')]")
    body = ("//*[contains(@class,'journal-content-article')]", "//*[contains(@class,'asset-content')]",
            "//*[contains(@class,'news-content') or contains(@class,'detail-content')]")
    author = ("//*[contains(@class,'asset-author') or contains(@class,'author')]",)
