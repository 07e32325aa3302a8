"""The cheap relevance prefilter: does a page mention an emulation bloc or cluster at all?

Runs on every crawled article before the (slower) extractor. It must not
drop relevant articles, so it only asks for "khối/cụm … thi đua" (or the
reverse order, or the URL slug) anywhere in the title, text or URL, with or
without diacritics. Irrelevant pages that pass are left to the extractor.
"""

from __future__ import annotations

import re
import unicodedata

_PATTERNS = [
    re.compile(r"\b(khoi|cum)\b(?:\W+\w+){0,6}?\W+thi\W+dua"),   # Khối thi đua số 4, Cụm thi đua các tỉnh
    re.compile(r"thi\W+dua(?:\W+\w+){0,12}?\W+\b(khoi|cum)\b"),  # thi đua … của Khối các cơ quan
    re.compile(r"\b(khoi|cum)\s+(truong|pho)\b"),               # Khối trưởng, Cụm phó
    re.compile(r"(khoi|cum)-thi-dua"),                           # URL slugs
]


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d), for matching."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def is_candidate(title: str | None, text: str, url: str | None = None) -> bool:
    """True when the page may report on a bloc; cheap (regex over folded text)."""
    haystack = fold(" \n".join(part for part in (title, text, url) if part))
    return any(p.search(haystack) for p in _PATTERNS)
