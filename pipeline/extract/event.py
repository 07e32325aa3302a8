"""Event rules: what kind of meeting, on which day, about which emulation year.

Dates are day first and often unpadded ("Ngày 08/3/2019", "sáng 15/1",
"Chiều ngày 21-3"); a year-less date takes its year from context only when it
is certain (addendum C2). The publication date is never the meeting date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_TYPE_PATTERNS = [
    ("tong_ket", re.compile(r"tổng kết|TỔNG KẾT|Tổng kết", re.I)),
    ("so_ket", re.compile(r"sơ kết|SƠ KẾT|Sơ kết", re.I)),
    ("giao_uoc", re.compile(r"giao ước|ký kết thi đua|ký giao ước|GIAO ƯỚC", re.I)),
]
_FIRST_HALF = re.compile(r"6 tháng đầu năm|sáu tháng đầu năm|giữa năm|9 tháng", re.I)

_DATE = re.compile(
    r"(?P<cue>(?:(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa)\s+(?:ngày\s+|nay\s*[,(]?\s*|hôm\s+nay\s*[,(]?\s*)?|[Nn]gày\s+|[Nn]gay\s+|[Hh]ôm\s+))"
    r"(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})(?:\s*[/\-.]\s*(?P<y>\d{4}|\d{2}))?(?![\d])"
)
_DATE_LONG = re.compile(r"[Nn]gày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>\d{4}))?")
# A date inside a document reference is not the meeting ("Quyết định số 997/QĐ-CT ngày 10/04/2019").
_DOC_REF = re.compile(r"(?:số\s+[\w.]+/[\w./-]+|Quyết định|quyết định|Kế hoạch|kế hoạch|Công văn|Thông báo|Chỉ thị|"
                      r"Nghị quyết|Hướng dẫn|ban hành|\bký)\s*(?:[^\s.]+\s+){0,3}$")
_PUBLISHED = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})")
_PUBLISHED_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_YEAR_AFTER_KIND = {
    "tong_ket": re.compile(r"(?:tổng kết|Tổng kết|TỔNG KẾT)[^.\n]{0,120}?(?:năm|NĂM)\s+(?:học\s+)?(\d{4})"),
    "so_ket": re.compile(r"(?:sơ kết|Sơ kết|SƠ KẾT)[^.\n]{0,120}?(?:năm|NĂM)\s+(?:học\s+)?(\d{4})"),
    "giao_uoc": re.compile(r"(?:giao ước|ký kết|GIAO ƯỚC)[^.\n]{0,80}?(?:năm|NĂM)\s+(?:học\s+)?(\d{4})"),
    "other": re.compile(r"(?:phát động|triển khai|giao ban|thi đua|chấm điểm)[^.\n]{0,80}?(?:năm|NĂM)\s+(?:học\s+)?(\d{4})"),
}
_ANY_YEAR = re.compile(r"(?:năm|NĂM)\s+(?:học\s+)?(\d{4})")


@dataclass
class Event:
    type: str | None
    date: str | None
    year: int | None
    date_span: tuple[int, int] | None = None
    year_span: tuple[int, int] | None = None


# The meeting looked back on a year: a review, whatever the title stresses (codebook, event.type).
_REVIEW_CUES = re.compile(
    r"đánh giá (?:kết quả|các hoạt động|công tác|phong trào)|báo cáo tổng kết|kết quả thực hiện|"
    r"tình hình thực hiện nhiệm vụ|suy tôn|kết quả chấm điểm|nhìn lại|"
    r"bàn giao (?:cờ |Cờ )?(?:Khối|Cụm|khối|cụm) trưởng|trao (?:cờ|Cờ) (?:Khối|Cụm|khối|cụm) trưởng", re.I)


def event_type(title: str, head: str) -> str:
    """The main activity: the title decides, the opening paragraphs if the title says nothing.

    A pact signing or launch that also reviews the past year is a year-end
    review (tong_ket) of that year, as the codebook says.
    """
    kind = "other"
    for source in (title, head):
        found = {k: m.start() for k, rx in _TYPE_PATTERNS for m in [rx.search(source)] if m}
        reviews = [k for k in ("tong_ket", "so_ket") if k in found]
        if reviews:
            return min(reviews, key=found.__getitem__)  # the review named first is the meeting's
        if "giao_uoc" in found:
            kind = "giao_uoc"
            break
    if "tổng kết" in head.lower() or _REVIEW_CUES.search(head):
        return "tong_ket"
    if kind == "other" and _FIRST_HALF.search(head[:400]):
        return "so_ket"  # "Trong 6 tháng đầu năm 2013, … các tỉnh trong Cụm …": a mid-year report
    return kind


def published_date(published: str | None) -> dt.date | None:
    if not published:
        return None
    m = _PUBLISHED.search(published)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _PUBLISHED_ISO.search(published)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None
    return None


def _fix_year(year: int) -> int:
    """Source typos like 2109 for 2019 (addendum C4)."""
    if year > 2100:
        s = str(year)
        swapped = int(s[0] + s[2] + s[1] + s[3])
        if 1990 <= swapped <= 2099:
            return swapped
    if year < 100:
        return 2000 + year
    return year


def _infer_year(day: int, month: int, kind: str, year_hint: int | None, pub: dt.date | None,
                school_year: bool = False) -> int | None:
    if pub is not None:
        # A meeting reported after it happened: same year, or last year if the month is later.
        return pub.year if (month, day) <= (pub.month, pub.day) or month <= pub.month + 1 else pub.year - 1
    if year_hint is None:
        return None
    if kind == "tong_ket":
        if school_year:
            return year_hint + 1 if 5 <= month <= 9 else None  # a school year ends in summer
        return year_hint if month >= 10 else year_hint + 1 if month <= 4 else None
    if kind in ("so_ket", "giao_uoc", "other"):
        return year_hint
    return None


_STAMP_BEFORE = re.compile(r"(?:Cập nhật|cập nhật|Ngày đăng|đăng ngày|Đăng ngày|date|Thứ \w+,?)\s*:?\s*$")


def meeting_date(text: str, kind: str, year_hint: int | None, pub: dt.date | None,
                 school_year: bool = False) -> tuple[str | None, tuple[int, int] | None]:
    """The first day-first date in the text that is a meeting day, not a reference or a page stamp."""
    candidates = sorted(list(_DATE.finditer(text)) + list(_DATE_LONG.finditer(text)), key=lambda m: m.start())
    for m in candidates:
        before = text[max(0, m.start() - 40):m.start()]
        if _DOC_REF.search(before) or _STAMP_BEFORE.search(before):
            continue
        if re.match(r"\s*\d{1,2}:\d{2}", text[m.end():m.end() + 8]):
            continue  # "07/03/2016 00:00:00": a page's time stamp
        day, month = int(m.group("d")), int(m.group("m"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        year = _fix_year(int(m.group("y"))) if m.group("y") else _infer_year(day, month, kind, year_hint, pub, school_year)
        if year is None:
            continue
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if 1990 <= date.year <= 2035:
            return date.isoformat(), (m.start(), m.end())
    return None, None


def emulation_year(title: str, text: str, kind: str) -> tuple[int | None, tuple[int, int] | None]:
    for source, offset in ((title, None), (text, 0)):
        m = _YEAR_AFTER_KIND[kind].search(source)
        if m:
            y = _fix_year(int(m.group(1)))
            if 1990 <= y <= 2035:
                span = (m.start(1), m.end(1)) if offset is not None else None
                return y, span
    return None, None


def extract_event(title: str, text: str, published: str | None) -> Event:
    head = text[:1500]
    kind = event_type(title, head)
    if kind == "tong_ket" and _FIRST_HALF.search(title) and "sơ kết" not in title.lower():
        kind = "so_ket"
    year, year_span = emulation_year(title, text, kind)
    if kind == "tong_ket" and year is None:
        # A pact or launch for year Y that reviews the past year reviews Y - 1 when the
        # text names it; otherwise the first year the opening names is the one reviewed.
        mentioned = [_fix_year(int(y)) for y in _ANY_YEAR.findall(title + "\n" + head)]
        pact = next((y for y in (emulation_year(title, text, k)[0] for k in ("giao_uoc", "other")) if y), None)
        if pact is not None and pact - 1 in mentioned:
            year = pact - 1
        elif mentioned:
            year = mentioned[0]
    pub = published_date(published)
    date, date_span = meeting_date(text, kind, year, pub, school_year="năm học" in (title + head).lower())
    if year is None:
        m = _ANY_YEAR.search(title) or _ANY_YEAR.search(head)
        if m:
            year = _fix_year(int(m.group(1)))
        elif date:
            d = dt.date.fromisoformat(date)
            year = d.year - 1 if kind == "tong_ket" and d.month <= 4 else d.year
    return Event(kind, date, year, date_span, year_span)
