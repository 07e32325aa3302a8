"""Page layouts of each CMS family, as the replicas serve them.

Each family knows its URL shapes (article path, listing page path) and renders
a listing page (desktop and mobile blocks repeat every card, as Liferay and
many portals do) and an article page with the usual furniture: font-size
widget, breadcrumb, photo caption, share buttons, related links, byline.
"""

from __future__ import annotations

import html
import unicodedata
from typing import Callable

from .content import Story

E = html.escape

FURNITURE_TOP = ('<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="#">Tin hoạt động</a></div>'
                 '<div class="font-size">Xem với cỡ chữ <a href="#">A</a> <a href="#">A</a></div>')
FURNITURE_END = ('<div class="share-tools"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div>'
                 '<div class="related-news"><h4>Tin liên quan</h4><ul><li><a href="/khac/tin-cu-khong-lien-quan-123.html">'
                 'Một tin cũ không liên quan</a></li></ul></div>')


def _paras(story: Story) -> str:
    out = []
    for i, p in enumerate(story.paragraphs):
        out.append(f"<p>{E(p)}</p>")
        if i == 0 and story.caption:
            out.append(f'<figure><img src="/img/1.jpg" alt=""><figcaption>{E(story.caption)}</figcaption></figure>')
    return "".join(out)


def _page(title: str, body: str, charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!DOCTYPE html><html lang=\"vi\"><head>{meta}<title>{E(title)}</title></head>"
            f"<body><header><nav><a href=\"/\">Trang chủ</a> <a href=\"#\">Giới thiệu</a></nav></header>{body}"
            f"<footer>Bản quyền thuộc về cơ quan chủ quản. Web liên kết</footer></body></html>")


class Family:
    name = ""
    listing_base = "/"

    def article_path(self, story: Story, n: int) -> str:
        raise NotImplementedError

    def listing_path(self, page: int) -> str:
        raise NotImplementedError

    def card(self, path: str, story: Story, dated: bool = True) -> str:
        date = f'<span class="date">{E(story.published)}</span>' if dated else ""
        return f'<div class="news-item"><h3 class="title"><a href="{E(path)}">{E(story.title)}</a></h3>{date}</div>'

    def render_listing(self, cards: list[tuple[str, Story]], page: int, has_next: bool) -> str:
        items = "".join(self.card(p, s) for p, s in cards)
        mobile = "".join(self.card(p, s, dated=False) for p, s in cards)
        pager = self.pager(page, has_next)
        return _page("Tin tức", f'<main><div class="news-list desktop">{items}</div>'
                                f'<div class="news-list mobile">{mobile}</div>{pager}</main>')

    def pager(self, page: int, has_next: bool) -> str:
        links = []
        if page > 1:
            links.append(f'<a href="{E(self.listing_path(page - 1))}">Trước</a>')
        links.append(f"<span>{page}</span>")
        if has_next:
            links.append(f'<a href="{E(self.listing_path(page + 1))}">{page + 1}</a>')
            links.append(f'<a href="{E(self.listing_path(page + 1))}">Sau</a>')
        return f'<div class="pagination">{" ".join(links)}</div>'

    def render_article(self, story: Story, charset: str | None = "utf-8") -> str:
        raise NotImplementedError


class Liferay(Family):
    name = "liferay"

    def article_path(self, story: Story, n: int) -> str:
        return f"/web/sonoivu/-/asset_publisher/Ab12Cd/content/{story.slug}"

    def listing_path(self, page: int) -> str:
        base = "/web/sonoivu/tin-tuc"
        return base if page == 1 else f"{base}?_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_Ab12Cd_cur={page}"

    def card(self, path: str, story: Story, dated: bool = True) -> str:
        date = f'<span class="asset-date">{E(story.published.split()[1])} | {E(story.published.split()[0])}</span>' if dated else ""
        return f'<div class="asset-abstract"><h3 class="asset-title"><a href="{E(path)}">{E(story.title)}</a></h3>{date}</div>'

    def pager(self, page: int, has_next: bool) -> str:
        return super().pager(page, has_next).replace('class="pagination"', 'class="lfr-pagination"')

    def render_article(self, story: Story, charset: str | None = "utf-8") -> str:
        hh, day = story.published.split()[1], story.published.split()[0]
        body = (f'{FURNITURE_TOP}<div class="asset-full-content"><h3 class="header-title">{E(story.title)}</h3>'
                f'<div class="metadata-publish-date">{hh} | {day}</div>'
                f'<div class="journal-content-article">{_paras(story)}<p><strong>{E(story.author)}</strong></p></div>'
                f'{FURNITURE_END}</div>')
        return _page(story.title, body, charset)


class SharePoint(Family):
    name = "sharepoint"

    def article_path(self, story: Story, n: int) -> str:
        return f"/tintuc/Pages/tin-hoat-dong.aspx?ItemID={1000 + n}"

    def listing_path(self, page: int) -> str:
        return "/tintuc/Pages/tin-hoat-dong.aspx" + ("" if page == 1 else f"?PageIndex={page}")

    def pager(self, page: int, has_next: bool) -> str:
        return super().pager(page, has_next).replace('class="pagination"', 'class="paging"')

    def render_article(self, story: Story, charset: str | None = "utf-8") -> str:
        body = (f'<form id="aspnetForm">{FURNITURE_TOP}<div class="news-detail"><h1 class="title-detail">{E(story.title)}</h1>'
                f'<span class="date">Ngày đăng: {E(story.published.split()[0])}</span>'
                f'<div class="ms-rtestate-field">{_paras(story)}<p>{E(story.author)}</p></div>{FURNITURE_END}</div></form>')
        return _page(story.title, body, charset)


class AspNet(Family):
    name = "aspnet"

    def article_path(self, story: Story, n: int) -> str:
        return f"/pages/chitiettin.aspx?newsId=00000000-0000-4000-8000-{n:012d}"

    def listing_path(self, page: int) -> str:
        return "/pages/tintuc.aspx" + ("" if page == 1 else f"?page={page}")

    def render_article(self, story: Story, charset: str | None = "utf-8") -> str:
        day, hh = story.published.split()
        body = (f'{FURNITURE_TOP}<div id="ctl00_divContent"><span class="news-title" id="ctl00_lblTitle">{E(story.title)}</span>'
                f'<span class="date" id="ctl00_lblDate">{day} - {hh}</span>'
                f'<div class="news-content">{_paras(story)}<p>Tin, ảnh: {E(story.author)}</p></div>{FURNITURE_END}</div>')
        return _page(story.title, body, charset)


class WebCenter(Family):
    name = "webcenter"

    def article_path(self, story: Story, n: int) -> str:
        return f"/webcenter/portal/sotuphap/pages_tin-tuc/chi-tiet?dDocName=PORTAL{470000 + n}"

    def listing_path(self, page: int) -> str:
        return "/webcenter/portal/sotuphap/pages_tin-tuc" + ("" if page == 1 else f"?page={page}")

    def render_article(self, story: Story, charset: str | None = "utf-8") -> str:
        body = (f'{FURNITURE_TOP}<div class="af_panelGroupLayout"><div class="title-news">{E(story.title)}</div>'
                f'<div class="ngay-dang">Ngày {E(story.published.split()[0])}</div>'
                f'<div class="content-news">{_paras(story)}<p style="text-align:right"><b>{E(story.author)}</b></p></div>'
                f'{FURNITURE_END}</div>')
        return _page(story.title, body, charset)


class SlugCms(Family):
    """NukeViet layout."""

    name = "slugcms"

    def article_path(self, story: Story, n: int) -> str:
        return f"/news/tin-tuc/{story.slug}-{200 + n}.html"

    def listing_path(self, page: int) -> str:
        return "/news/tin-tuc/" + ("" if page == 1 else f"page-{page}")

    def pager(self, page: int, has_next: bool) -> str:
        return super().pager(page, has_next).replace('class="pagination"', 'class="generate_page"')

    def render_article(self, story: Story, charset: str | None = "utf-8") -> str:
        day, hh = story.published.split()
        body = (f'{FURNITURE_TOP}<div class="news_column"><h1 class="title">{E(story.title)}</h1>'
                f'<span class="time">Thứ năm, {day} {hh}</span>'
                f'<div id="news-bodyhtml" class="bodytext">{_paras(story)}</div>'
                f'<div class="author">{E(story.author)}</div>{FURNITURE_END}</div>')
        return _page(story.title, body, charset)


class Newspaper(Family):
    name = "newspaper"

    def article_path(self, story: Story, n: int) -> str:
        month = story.iso_date[:7].replace("-", "")
        return f"/chinh-tri/{month}/{story.slug}-{8100000 + n}/"

    def listing_path(self, page: int) -> str:
        return "/chinh-tri/" + ("" if page == 1 else f"?page={page}")

    def card(self, path: str, story: Story, dated: bool = True) -> str:
        date = f'<time>{E(story.published)}</time>' if dated else ""
        return f'<article class="story"><h2 class="story__heading"><a href="{E(path)}">{E(story.title)}</a></h2>{date}</article>'

    def render_article(self, story: Story, charset: str | None = "utf-8") -> str:
        day, hh = story.published.split()
        lead, rest = story.paragraphs[0], Story(story.slug, story.title, story.published, story.paragraphs[1:] or [""],
                                                  story.author, story.relevant, story.caption)
        body = (f'{FURNITURE_TOP}<div class="detail"><h1 class="detail-title">{E(story.title)}</h1>'
                f'<div class="detail-time">Thứ Bảy, {day.replace("/", "-")} {hh}</div>'
                f'<div class="detail-sapo">{E(lead)}</div>'
                f'<div class="detail-content">{_paras(rest)}<p style="text-align:right"><strong>{E(story.author)}</strong></p></div>'
                f'{FURNITURE_END}</div>')
        return _page(story.title, body, charset)


class Generic(Family):
    """A WordPress-like site no family parser covers."""

    name = "generic"

    def article_path(self, story: Story, n: int) -> str:
        return f"/{story.slug}/"

    def listing_path(self, page: int) -> str:
        return "/tin-tuc/" + ("" if page == 1 else f"page/{page}/")

    def render_article(self, story: Story, charset: str | None = "utf-8") -> str:
        body = (f'<div id="primary"><article class="post"><header class="entry-header"><h1 class="entry-title">{E(story.title)}</h1>'
                f'<div class="entry-meta"><time class="entry-date published" datetime="{story.iso_date}T08:00:00+07:00">'
                f'{E(story.published.split()[0])}</time></div></header>'
                f'<div class="entry-content">{_paras(story)}<p>{E(story.author)}</p></div></article></div>')
        return _page(story.title, body, charset)


FAMILIES: dict[str, Callable[[], Family]] = {f.name: f for f in (Liferay, SharePoint, AspNet, WebCenter, SlugCms, Newspaper, Generic)}


def to_cp1258(text: str) -> bytes:
    """Vietnamese text in windows-1258: base letters precomposed where the code page has them, tones combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in list(marks):  # fold a circumflex, breve or horn into the base letter when cp1258 has it
            merged = unicodedata.normalize("NFC", base + mark)
            try:
                merged.encode("cp1258")
            except UnicodeEncodeError:
                continue
            if len(merged) == 1:
                base = merged
                marks.remove(mark)
        out += (base + "".join(marks)).encode("cp1258", errors="xmlcharrefreplace")
    return bytes(out)
