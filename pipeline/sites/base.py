"""What every site-family parser shares: page and listing types, dates, body text, furniture.

A family parser turns the HTML of one listing page into article cards and
next-page links, and the HTML of one article page into title, publication
date, body text and author. Parsers are pure (HTML string in, values out) so
that archived pages can be re-parsed without fetching and each family is
tested against a stored fixture.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

VN_TZ = "+07:00"

# Query parameters that never change what a page shows (tracking, Liferay redirects, ASP.NET cookie probe).
_NOISE_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|inheritRedirect|redirect|AspxAutoDetectCookieSupport|p_p_auth)$", re.I)


def canonical_url(url: str) -> str:
    """The URL under which a page is known: lower-case host, no default port, fragment or tracking parameters.

    >>> canonical_url("HTTPS://Bao.vn:443/a-1.html?utm_source=rss&b=2#top")
    'https://bao.vn/a-1.html?b=2'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _NOISE_PARAMS.match(k)]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def nfc(text: str) -> str:
    """Composed Unicode (windows-1258 pages decode to combining tone marks)."""
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- dates

_TIME_THEN_DATE = re.compile(r"(\d{1,2})[:hH](\d{2})(?::\d{2})?\s*(?:[|,\-–]|ngày)?\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_DATE_THEN_TIME = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s*(?:[|,\-–]|lúc)?\s*(\d{1,2})[:hH](\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


def _iso(year: int, month: int, day: int, hour: int | None, minute: int | None) -> str | None:
    """ISO date (and time in Vietnam time) when the values form a plausible publication date."""
    today = dt.date.today()
    if not 1995 <= year <= today.year + 1:  # source typos such as 13/12/2109
        return None
    try:
        day_ = dt.date(year, month, day)
    except ValueError:
        return None
    if hour is None or minute is None or hour > 23 or minute > 59:
        return day_.isoformat()
    return f"{day_.isoformat()}T{hour:02d}:{minute:02d}:00{VN_TZ}"


def parse_vn_datetime(text: str | None) -> str | None:
    """The first day-first date in TEXT as ISO 8601, with time when given.

    >>> parse_vn_datetime("15:55 | 10/07/2026")
    '2026-07-10T15:55:00+07:00'
    >>> parse_vn_datetime("Thứ Bảy, 17-12-2022 8:31")
    '2022-12-17T08:31:00+07:00'
    >>> parse_vn_datetime("Cập nhật 08/3/2019")
    '2019-03-08'
    """
    if not text:
        return None
    text = " ".join(text.split())
    m = _TIME_THEN_DATE.search(text)
    d = _DATE_THEN_TIME.search(text)
    if m and (not d or m.start() <= d.start()):
        return _iso(int(m[5]), int(m[4]), int(m[3]), int(m[1]), int(m[2]))
    if d:
        hour = int(d[4]) if d[4] else None
        minute = int(d[5]) if d[5] else None
        return _iso(int(d[3]), int(d[2]), int(d[1]), hour, minute)
    i = _ISO.search(text)
    if i:
        return _iso(int(i[1]), int(i[2]), int(i[3]), int(i[4]) if i[4] else None, int(i[5]) if i[5] else None)
    return None


# ---------------------------------------------------------------- text

FURNITURE_LINES = re.compile(
    r"^(xem với cỡ chữ.*|a\s*a|cỡ chữ.*|skip to main content|in bài( viết)?|bản in|gửi bài|chia sẻ.*|share|tweet|"
    r"quảng cáo|web liên kết|thư viện ảnh|video|lượt xem.*|số lượt xem.*|leftcenterrightdel.*|trở về|"
    r"về đầu trang|bình luận.*|ý kiến bạn đọc.*|đánh giá bài viết.*|tags?:.*|từ khóa:.*|nguồn:\s*$|"
    r"\(?ảnh:[^)]{1,80}\)?)$",
    re.I,
)
# Headings after which the rest of a body is related links, not the article.
STOP_LINES = re.compile(r"^(tin liên quan|các tin khác|tin khác|tin cùng chuyên mục|bài viết liên quan|tin đã đưa|xem thêm)\s*:?$", re.I)
CAPTION = re.compile(r"^.{0,250}[.)]?\s*\(?(?:ảnh|nguồn ảnh|photo)\s*:\s*[^.:]{1,40}\)?\.?$", re.I)
BYLINE = re.compile(r"^(?:(?:tin|bài)(?:\s*(?:,|và)\s*ảnh)?|ảnh|theo|nguồn)\s*:\s*(.{2,80})$", re.I)
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
          "blockquote", "figure", "figcaption", "ul", "ol", "header", "footer", "dd", "dt"}


def html_tree(html: str) -> Any:
    """Parse HTML leniently; an empty page becomes an empty document."""
    if not html.strip():
        return lxml.html.fromstring("<html><body></body></html>")
    return lxml.html.fromstring(html)


def element_lines(el: Any) -> list[str]:
    """Text lines of an element, one per block, whitespace collapsed."""
    el = _copy(el)
    for bad in el.xpath(".//script|.//style|.//noscript|.//iframe|.//form|.//button|.//select"):
        _drop(bad)
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for node in el.iter():
        if isinstance(node.tag, str) and node.tag.lower() in _BLOCK:
            node.tail = "\n" + (node.tail or "")
            node.text = "\n" + (node.text or "")
    raw = el.text_content()
    return [line for line in (" ".join(part.split()) for part in nfc(raw).split("\n")) if line]


def clean_body(lines: Iterable[str], title: str | None = None) -> tuple[str, str | None]:
    """Body text without furniture, and the byline found at its end (if any)."""
    kept: list[str] = []
    for line in lines:
        if STOP_LINES.match(line):
            break
        if FURNITURE_LINES.match(line) or CAPTION.match(line):
            continue
        if title and line == title and not kept:
            continue
        kept.append(line)
    author = None
    if kept:
        last = kept[-1]
        m = BYLINE.match(last)
        if m:
            author = m.group(1).strip()
            kept.pop()
        elif len(last) <= 40 and re.fullmatch(r"[A-ZÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZÀ-Ỹ][\wÀ-ỹ.]*){0,4}(?:\s*\([^)]{1,30}\))?", last) \
                and not last.endswith(".") and len(kept) > 1:
            author = last
            kept.pop()
    return "\n\n".join(kept), author


def _copy(el: Any) -> Any:
    return lxml.html.fromstring(etree.tostring(el, encoding="unicode")) if el is not None else None


def _drop(el: Any) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class Card:
    """One article link on a listing page, with what the card shows about it."""

    url: str
    title: str | None = None
    published: str | None = None

    @property
    def fingerprint(self) -> str:
        """What a change on the listing looks like: the title or date the card shows."""
        return f"{self.title or ''}|{self.published or ''}"


@dataclass
class Listing:
    cards: list[Card] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)


@dataclass
class Page:
    """The parsed article: what the record and the store need."""

    title: str | None
    published: str | None
    text: str
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ParseError(ValueError):
    """A page that is not an article of its family (layout changed, bot wall, error page)."""


# ---------------------------------------------------------------- the parser base

class SiteParser:
    """Base of the family parsers; subclasses set selectors and URL patterns.

    `article_url` matches the path+query of article pages; `listing_links`
    selects the card anchors; `title`, `date`, `body`, `author` are XPath
    lists tried in order; `furniture` is removed from the body before text.
    """

    family: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    article_url: ClassVar[re.Pattern[str]] = re.compile(r"$^")
    listing_links: ClassVar[str] = "//a[@href]"
    next_links: ClassVar[str] = "//a[@rel='next'] | //*[contains(@class,'pag')]//a[@href]"
    page_param: ClassVar[re.Pattern[str]] = re.compile(r"(?:[?&](?:page|PageIndex|pg|p|trang)=|/page-|/page/|_cur=)(\d+)", re.I)
    title: ClassVar[tuple[str, ...]] = ("//h1",)
    date: ClassVar[tuple[str, ...]] = ()
    body: ClassVar[tuple[str, ...]] = ("//article",)
    author: ClassVar[tuple[str, ...]] = ()
    furniture: ClassVar[tuple[str, ...]] = (
        "//*[contains(@class,'related')]", "//*[contains(@class,'share')]", "//*[contains(@class,'social')]",
        "//*[contains(@class,'print')]", "//*[contains(@class,'breadcrumb')]", "//*[contains(@class,'tags')]",
        "//figcaption", "//*[contains(@class,'caption')]", "//*[contains(@class,'font-size')]",
    )
    min_text: ClassVar[int] = 80

    def __init__(self, site: Any = None) -> None:
        self.site = site

    # ------------------------------------------------ URLs
    def is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        return bool(self.article_url.search(target))

    def same_site(self, url: str, base: str) -> bool:
        host, base_host = urlsplit(url).hostname or "", urlsplit(base).hostname or ""
        return host == base_host or host.endswith("." + base_host.removeprefix("www.")) \
            or base_host.endswith("." + host.removeprefix("www."))

    # ------------------------------------------------ listing
    def parse_listing(self, html: str, url: str) -> Listing:
        """Article cards (deduplicated, first occurrence wins) and next-page links."""
        tree = html_tree(html)
        cards: dict[str, Card] = {}
        for a in tree.xpath(self.listing_links):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            link = canonical_url(urljoin(url, href))
            if not self.same_site(link, url) or not self.is_article_url(link):
                continue
            title = " ".join(nfc(a.text_content()).split()) or a.get("title")
            card = Card(link, title or None, self.card_date(a))
            old = cards.get(link)
            if old is None or (not old.title and card.title) or (not old.published and card.published):
                cards[link] = Card(link, (old and old.title) or card.title, (old and old.published) or card.published)
        return Listing(list(cards.values()), self.next_pages(tree, url))

    def card_date(self, anchor: Any) -> str | None:
        """The date shown next to a card link: in its card container, searched upwards two levels."""
        node = anchor.getparent()
        for _ in range(2):
            if node is None:
                break
            text = " ".join(t for t in node.xpath(".//text()[not(ancestor::a)]"))
            found = parse_vn_datetime(text)
            if found:
                return found
            node = node.getparent()
        return None

    def next_pages(self, tree: Any, url: str) -> list[str]:
        """Pagination links to the following page number (the next page only, in document order)."""
        current = self.page_number(url)
        out: list[str] = []
        for a in tree.xpath(self.next_links):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#")):
                continue
            link = canonical_url(urljoin(url, href))
            if not self.same_site(link, url) or self.is_article_url(link):
                continue
            n = self.page_number(link)
            if (a.get("rel") == "next" or n == current + 1) and link not in out and link != canonical_url(url):
                out.append(link)
        return out

    def page_number(self, url: str) -> int:
        m = self.page_param.search(url)
        return int(m.group(1)) if m else 1

    # ------------------------------------------------ article
    def parse_article(self, html: str, url: str) -> Page:
        """Title, publication date, body text without furniture and author; ParseError when it is no article."""
        tree = html_tree(html)
        title = self.first_text(tree, self.title) or self.meta(tree, "og:title")
        body_el = self.first(tree, self.body)
        if body_el is None:
            raise ParseError(f"{self.family}: no article body ({' | '.join(self.body)}) in {url}")
        body_el = _copy(body_el)
        for xp in self.furniture:
            for bad in body_el.xpath(xp):
                _drop(bad)
        text, byline = clean_body(element_lines(body_el), title)
        lead = self.lead(tree, title)
        if lead and not text.startswith(lead):  # before the length check: a short item may be mostly its lead
            text = f"{lead}\n\n{text}" if text else lead
        if len(text) < self.min_text:
            raise ParseError(f"{self.family}: article body too short ({len(text)} chars) in {url}")
        published = self.published(tree)
        author = self.first_text(tree, self.author) or byline
        return Page(title=title, published=published, text=text, author=author)

    def lead(self, tree: Any, title: str | None) -> str | None:
        """The lead paragraph kept outside the body element, if the family has one (see the newspaper parser)."""
        return None

    def published(self, tree: Any) -> str | None:
        for xp in self.date:
            for node in tree.xpath(xp):
                value = node if isinstance(node, str) else (node.get("content") or node.get("datetime") or node.text_content())
                found = parse_vn_datetime(str(value))
                if found:
                    return found
        for prop in ("article:published_time", "og:published_time", "pubdate", "date"):
            found = parse_vn_datetime(self.meta(tree, prop))
            if found:
                return found
        return None

    # ------------------------------------------------ helpers
    @staticmethod
    def first(tree: Any, xpaths: Iterable[str]) -> Any:
        for xp in xpaths:
            found = tree.xpath(xp)
            if found:
                return found[0]
        return None

    @classmethod
    def first_text(cls, tree: Any, xpaths: Iterable[str]) -> str | None:
        for xp in xpaths:
            for node in tree.xpath(xp):
                text = " ".join(nfc(node if isinstance(node, str) else node.text_content()).split())
                if text:
                    return text
        return None

    @staticmethod
    def meta(tree: Any, name: str) -> str | None:
        found = tree.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']/@content")
        return nfc(found[0]).strip() if found else None
