"""Relevance: does the article report an activity of one named bloc (codebook, `relevant`)?

A named bloc plus a bloc activity (a meeting, its results or elections, a
collective activity) makes an article relevant. Near misses: a unit's own news
that mentions its bloc in passing, a decision that divides units into blocs,
national emulation congresses, tag pages of several headlines.
"""

from __future__ import annotations

import re

_ACTIVITY = re.compile(
    r"hội nghị|tổng kết|sơ kết|giao ước|ký kết|phát động|giao ban|chấm điểm|bình xét|suy tôn|bầu|hội thao|"
    r"hội thi|tọa đàm|kiểm tra chéo|thăm|trao|tổ chức|họp", re.I
)
_DIVIDES_BLOCS = re.compile(
    r"(?:chia|phân chia|phân|thành lập|kiện toàn|điều chỉnh|củng cố tổ chức|củng cố)\s+(?:các\s+|\d+\s+)?(?:cụm|khối)\s*(?:,\s*|\s+và\s+)?(?:khối|cụm)?\s*thi đua|"
    r"quy chế hoạt động (?:của )?các (?:cụm|khối)|biểu mẫu|mẫu (?:báo cáo|phiếu|bảng)|Quyết định (?:số\s+\S+\s+)?(?:về việc\s+)?(?:thành lập|phân chia|chia)",
    re.I,
)
_CONGRESS = re.compile(r"Đại hội thi đua yêu nước|Đại hội Thi đua yêu nước|Hội đồng Thi đua[- ]Khen thưởng (?:tỉnh|Trung ương)", re.I)


_DOCUMENT_TITLE = re.compile(r"^\s*(?:Hướng dẫn|Quyết định|Quy chế|Thông tư|Nghị định|Công văn|Kế hoạch số)\b")
_ITEM_DATE = re.compile(r"(?:^|\n|\.\s)\s*(?:[Ss]áng|[Cc]hiều|[Tt]ối)?\s*(?:ngày\s+|[Nn]gày\s+)?(\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?)\s*,")


def looks_like_listing(text: str, distinct_blocs: int) -> bool:
    """A tag or category page: several items, each opening with its own date, about several blocs."""
    dates = {m.group(1) for m in _ITEM_DATE.finditer(text)}
    return distinct_blocs >= 2 and len(dates) >= 3


def is_relevant(title: str, head: str, bloc_found: bool, bloc_in_title: bool, mentions: int,
                distinct_blocs: int = 1) -> bool:
    if not bloc_found:
        return False
    if _DOCUMENT_TITLE.search(title) or looks_like_listing(head, distinct_blocs):
        return False
    scope = title + "\n" + head
    if _DIVIDES_BLOCS.search(title) or (not bloc_in_title and _DIVIDES_BLOCS.search(head[:600])):
        return False
    if _CONGRESS.search(title) and not bloc_in_title:
        return False
    if not _ACTIVITY.search(scope):
        return False
    # A bloc named once, deep in the text and not in the title, is a passing mention.
    return bloc_in_title or mentions >= 2 or bool(_ACTIVITY.search(head[:700]))
