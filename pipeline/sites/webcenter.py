"""Oracle WebCenter portals (Quảng Nam departments, the people's courts).

Article URLs carry the content id: `/webcenter/portal/<site>/pages_tin-tuc/chi-tiet?dDocName=<id>`
or `/webcenter/portal/<site>/chitiettin?dDocName=<id>`. Listings page with a
`?page=N` parameter where one exists; ADF postback pagers are not followed.
"""

from __future__ import annotations

import re

from pipeline.sites.base import SiteParser


class WebCenterParser(SiteParser):
    family = "webcenter"
    article_url = re.compile(r"[?&]dDocName=\w+", re.I)
    listing_links = "//a[contains(@href,'dDocName=')]"
    next_links = "//*[contains(@class,'pag')]//a[@href] | //a[@rel='next']"
    page_param = re.compile(r"[?&](?:page|pageNumber|p)=(\d+)", re.I)
    title = ("//*[contains(@class,'title-news') or contains(@class,'tieu-de') or contains(@class,'news-title')]", "//h1")
    date = ("//*[contains(@class,'date') or contains(@class,'ngay-dang') or contains(@class,'time')]",)
    body = ("//*[contains(@class,'content-news') or contains(@class,'noi-dung') or contains(@class,'news-content')]",
            "//*[contains(@class,'detail')]")
    author = ("//*[contains(@class,'author') or contains(@class,'tac-gia')]",)
