"""Custom ASP.NET portals (Hải Phòng, Huế, Hải Dương and many department sites).

Article URLs: `…/p-<site>/d<id>`, `default.aspx?mid=news&it=<n>`,
`pages/chitiettin.aspx?newsId=<guid>`, `…/tid/<slug>/newsid/<GUID>/cid/<GUID>`,
`Default.aspx?tabid=<n>&ID=<n>` (DotNetNuke), `NoiDung.aspx?tintuc=<n>`,
`print.aspx?news_id=<n>`, `detailNews[Print].aspx?id=<n>`,
`/trang/TinTuc/<cat>/<id>/<slug>.html`, `/post/<id>/<slug>.aspx`.
Pagination is `?page=N` where the site offers it; postback-only pagers
(`javascript:__doPostBack`) are not followed, so such sites are crawled from
their first listing page each run.
"""

from __future__ import annotations

import re

from pipeline.sites.base import SiteParser


class AspNetParser(SiteParser):
    family = "aspnet"
    article_url = re.compile(
        r"/p-[\w-]+/d\d+|[?&]mid=news&it=\d+|chitiettin\.aspx\?newsId=[\w-]+|/newsid/[0-9a-f-]{36}"
        r"|[?&]tabid=\d+&ID=\d+|NoiDung\.aspx\?tintuc=\d+|print\.aspx\?news_id=\d+|detailNews(?:Print)?\.aspx\?id=\d+"
        r"|/trang/TinTuc/\d+/\d+/|/post/\d+/[^/]+\.aspx|/[\w%]+(?:-[\w%]+){4,}\.aspx$",
        re.I,
    )
    listing_links = "//*[contains(@class,'news') or contains(@class,'item') or contains(@class,'title') or contains(@class,'tin')]//a[@href]"
    next_links = "//*[contains(@class,'pag') or contains(@class,'trang')]//a[@href]"
    page_param = re.compile(r"[?&](?:page|p|trang|pageindex)=(\d+)", re.I)
    title = ("//*[contains(@class,'news-title') or contains(@class,'title-detail') or contains(@class,'tieude')]",
             "//h1", "//*[contains(@id,'lblTitle') or contains(@id,'Title')]")
    date = ("//*[contains(@class,'date') or contains(@class,'time') or contains(@id,'Date') or contains(@id,'lblNgay')]",)
    body = ("//*[contains(@class,'news-content') or contains(@class,'noidung') or contains(@class,'content-detail')]",
            "//*[contains(@id,'NewsContent') or contains(@id,'lblContent')]", "//*[contains(@class,'detail')]")
    author = ("//*[contains(@class,'author') or contains(@class,'tacgia') or contains(@id,'Author')]",)
