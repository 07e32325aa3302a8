"""Slug-URL CMSs: NukeViet, WordPress, Joomla and alike (Hà Tĩnh, Lai Châu, Bắc Kạn, Lạng Sơn, districts).

Article URLs: `/vi/bai-viet/<slug>`, `/tin-tuc-su-kien/<cat>/<slug>.html`,
`/news/savefile/<cat>/<slug>-<id>/`, `index.php?nv=news&op=<cat>/<slug>-<id>`,
`/portal/read/…/<slug>.html`, Joomla `/<id>-<slug>.html`, WordPress
`/<long-slug>/`. Pagination `?page=N`, `/page-N`, `/page/N/`.
"""

from __future__ import annotations

import re

from pipeline.sites.base import SiteParser


class SlugCmsParser(SiteParser):
    family = "slugcms"
    article_url = re.compile(
        r"[?&]nv=news&op=[^&]+/[^&]+-\d+|/news/savefile/|/bai-viet/|/portal/read/"
        r"|/[a-z0-9]+(?:-[a-z0-9!]+){3,}(?:-\d+)?\.html?$|/\d{2,}-[a-z0-9-]+\.html$"
        r"|^/(?:[\w-]+/)?[a-z0-9]+(?:-[a-z0-9]+){5,}/?$",
        re.I,
    )
    listing_links = ("//*[contains(@class,'news') or contains(@class,'post') or contains(@class,'item') or contains(@class,'entry')"
                     " or contains(@class,'title')]//a[@href] | //article//a[@href] | //h2/a[@href] | //h3/a[@href]")
    next_links = "//a[@rel='next'] | //*[contains(@class,'pag') or contains(@class,'generate_page') or contains(@class,'nav-links')]//a[@href]"
    page_param = re.compile(r"(?:[?&](?:page|p|start)=|/page-|/page/)(\d+)", re.I)
    title = ("//*[contains(@class,'entry-title') or contains(@class,'news-title') or contains(@class,'title-detail')]", "//h1",
             "//*[@itemprop='headline']")
    date = ("//time/@datetime", "//*[contains(@class,'time') or contains(@class,'date') or contains(@class,'published')]")
    body = ("//*[@id='news-bodyhtml']", "//*[contains(@class,'bodytext')]", "//*[contains(@class,'entry-content')]",
            "//*[@itemprop='articleBody']", "//*[contains(@class,'news-content') or contains(@class,'content-detail')]")
    author = ("//*[contains(@class,'author') or @rel='author' or contains(@class,'byline')]",)
