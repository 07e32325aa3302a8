"""Page text from HTML, for articles that arrive without a `text` field."""

from __future__ import annotations

import trafilatura
from bs4 import BeautifulSoup


def html_to_text(html: str) -> str:
    """Main text of an HTML page: trafilatura first, plain BeautifulSoup text if it finds nothing.

    trafilatura drops menus and footers; the fallback keeps everything, which is
    still better than losing an article whose layout trafilatura does not read.
    """
    extracted = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if extracted and extracted.strip():
        return extracted
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup.get_text("\n", strip=True)
