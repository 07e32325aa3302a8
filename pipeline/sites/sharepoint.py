"""SharePoint publishing portals (Quảng Ninh, Thái Bình, Ninh Thuận, Bắc Kạn, ministries).

Article URLs: `/Pages/<long-slug>.aspx`, `…/Pages/<list>.aspx?ItemID=<n>`,
`/Trang/ChiTietTinTuc.aspx?nid=<n>`, `…/Chitiettintuc.aspx?Id=<n>`,
`…/Lists/<list>/View_Detail.aspx?ItemID=<n>`. Listings page with `?PageIndex=N`.
Rich text lives in `ms-rtestate-field` web parts.
"""

from __future__ import annotations

import re

from pipeline.sites.base import SiteParser


class SharePointParser(SiteParser):
    family = "sharepoint"
    article_url = re.compile(
        r"\.aspx\?(?:[^#]*&)?(?:ItemID|NewsID|nid|Id)=\d+"
        r"|/Pages/(?:[^/?]+/)*[^/?]*(?:-[^/?-]+){4,}\.aspx$",
        re.I,
    )
    listing_links = "//*[contains(@class,'news') or contains(@class,'item') or contains(@class,'title') or contains(@class,'dfwp')]//a[@href]"
    next_links = "//*[contains(@class,'paging') or contains(@class,'pagination') or contains(@class,'ms-paging')]//a[@href]"
    page_param = re.compile(r"[?&](?:PageIndex|Page|p)=(\d+)", re.I)
    title = ("//*[contains(@class,'title-detail') or contains(@class,'news-title') or contains(@class,'tieude')]",
             "//h1", "//*[contains(@id,'PageTitle')]")
    date = ("//*[contains(@class,'date') or contains(@class,'ngay') or contains(@class,'time')]",)
    body = ("//div[contains(@class,'ms-rtestate-field')]", "//*[contains(@class,'noidung') or contains(@class,'content-detail')]",
            "//*[contains(@class,'ms-rtestate')]")
    author = ("//*[contains(@class,'author') or contains(@class,'tacgia')]",)
