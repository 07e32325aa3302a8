"""The fallback for sites no family covers: trafilatura for the text, htmldate for the date.

Listing pages yield same-site links whose path looks like an article (a long
hyphenated slug, or a numeric id ending in .html/.htm/.aspx).
"""

from __future__ import annotations

import re

import trafilatura
from htmldate import find_date

from pipeline.sites.base import Page, ParseError, SiteParser, clean_body, nfc, parse_vn_datetime


class GenericParser(SiteParser):
    family = "generic"
    article_url = re.compile(r"/[^/?]*[\w%](?:-[\w%]+){4,}[^/?]*/?(?:\?.*)?$|[-/]\d{3,}\.(?:html?|aspx|ldo|bld|epi)$", re.I)
    listing_links = "//a[@href]"

    def parse_article(self, html: str, url: str) -> Page:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=True)
        if doc is None or not (doc.text or "").strip():
            raise ParseError(f"generic: trafilatura found no text in {url}")
        text, byline = clean_body((" ".join(line.split()) for line in nfc(doc.text).splitlines()), doc.title)
        if len(text) < self.min_text:
            raise ParseError(f"generic: article body too short ({len(text)} chars) in {url}")
        published = None
        try:
            published = find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d", extensive_search=False)
        except (ValueError, TypeError):  # htmldate raises on odd markup; fall back on the text
            published = None
        published = parse_vn_datetime(published) if published else parse_vn_datetime(text[:300])
        return Page(title=nfc(doc.title) if doc.title else None, published=published, text=text,
                    author=nfc(doc.author) if doc.author else byline)
