"""Bloc rules: the bloc's name, kind (Khối/Cụm), number and province.

Examples: "Khối thi đua số 4", "Cụm thi đua số III", "Khối thi đua XII",
"Khối 9", "khối ngân hàng I", "Khối thi đua các cơ quan tham mưu II",
"Cụm thi đua các tỉnh miền Đông Nam Bộ", "Khối thi đua các cơ quan Đảng tỉnh
Khánh Hòa".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.gazetteer import PROVINCE_CANONICAL, provinces

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11,
         "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18, "XIX": 19, "XX": 20}

_ROMAN_RE = r"(?:XX|XIX|XVIII|XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
# Words that end a bloc name ("Khối thi đua số 4 tổ chức Hội nghị").
_NAME_STOP = (
    r"(?:tổ chức|đã|đang|sẽ|do|năm|họp|ký|tổng kết|sơ kết|triển khai|thống nhất|gồm|có|là|được|với|tại|"
    r"vừa|trong|và(?=\s+(?:[A-ZĐ]|các\b|khối\b|cụm\b|đơn vị\b))|về|lần|giai đoạn|cho|bầu|diễn ra|phát động|chấm|nhằm|để|theo|thuộc|tiến hành|đạt|"
    r"dẫn đầu|cùng|luôn|đều|hội nghị|Hội nghị|ra mắt|thực hiện|tiếp tục|quý|\d{1,2}\s*tháng)"
)
_BLOC = re.compile(
    r"(?<![\w])(?P<kind>Khối|Cụm|khối|cụm|KHỐI|CỤM)(?!\s+(?:trưởng|phó|Trưởng|Phó)\b)"
    r"(?P<rest>(?:\s+(?:thi đua|Thi đua|THI ĐUA|TĐ))?"
    r"(?:\s*(?:số|Số|SỐ)\s*(?:\d{1,2}|" + _ROMAN_RE + r")(?![\w])|\s+\d{1,2}(?![\w/.,])|\s+" + _ROMAN_RE + r"(?![\w]))?"
    r"(?:\s+(?!" + _NAME_STOP + r"\b)[^\s,.;:()\"“”\n]+){0,14})"
)
_NOT_A_BLOC_BEFORE = re.compile(r"(?:Đảng ủy|Đảng bộ|Đảng uỷ|Đoàn|Công đoàn|ủy|uỷ|các|những|từng|mỗi|và|cụm,|khối,)\s*$", re.I)


@dataclass
class BlocMention:
    start: int
    end: int
    name: str
    kind: str
    number: int | None
    in_title: bool


def _number(rest: str) -> int | None:
    m = re.search(r"(?:số|Số|SỐ)\s*(\d{1,2}|" + _ROMAN_RE + r")(?![\w])", rest)
    if m:
        v = m.group(1)
        return int(v) if v.isdigit() else ROMAN.get(v)
    m = re.match(r"\s+(?:thi đua\s+|Thi đua\s+)?(\d{1,2})(?![\w/.,])(?!\s*(?:tỉnh|thành phố|đơn vị|trường|huyện|cơ quan|doanh nghiệp|thành viên|tháng))", rest)
    if m:
        return int(m.group(1))
    # A Roman numeral that ends the name ("Khối thi đua các cơ quan tham mưu II").
    m = re.search(r"\s(" + _ROMAN_RE + r")$", rest.strip() and " " + rest.strip())
    if m:
        return ROMAN.get(m.group(1))
    m = re.match(r"\s+(?:thi đua\s+|Thi đua\s+)?(" + _ROMAN_RE + r")(?![\w])", rest)
    if m:
        return ROMAN.get(m.group(1))
    return None


def _trim_name(rest: str) -> str:
    words = rest.split()
    # Drop trailing lower-case function words that slipped through.
    while words and words[-1].lower() in {"các", "và", "của", "số", "đơn", "tỉnh,"}:
        words.pop()
    return " ".join(words)


def find_blocs(text: str, in_title: bool = False, offset: int = 0) -> list[BlocMention]:
    out = []
    for m in _BLOC.finditer(text):
        before = text[max(0, m.start() - 20):m.start()]
        if _NOT_A_BLOC_BEFORE.search(before):
            continue
        rest = m.group("rest")
        if not rest.strip():
            continue
        low = rest.lower().strip()
        first_words = rest.split()[:3]
        if not (low.startswith(("thi đua", "tđ", "số")) or re.match(r"\d|" + _ROMAN_RE + r"\b", rest.strip())
                or rest.strip()[:1].isupper() or low.startswith("các")
                or (low.startswith(("cơ quan", "doanh nghiệp", "đơn vị", "trường", "ngân hàng", "sở", "ban"))
                    and any(w[:1].isupper() for w in first_words[1:]))):
            continue
        if low.startswith("thi đua") and len(low) <= 7 and m.group("kind").islower():
            continue  # "khối thi đua" used as a common noun
        kind_word = m.group("kind").lower()
        name = _trim_name(m.group("kind") + rest)
        out.append(BlocMention(offset + m.start(), offset + m.start() + len(name), name,
                               "khoi" if kind_word == "khối" else "cum", _number(rest), in_title))
    return out


def _specificity(b: BlocMention) -> int:
    """Prefer mentions that carry a number or a scope over a bare 'Khối thi đua'."""
    words = b.name.split()
    return (2 if b.number is not None else 0) + (1 if len(words) > 3 else 0)


def choose_bloc(title_blocs: list[BlocMention], body_blocs: list[BlocMention]) -> BlocMention | None:
    """The bloc the article reports on: the first specific mention, title first."""
    candidates = [b for b in title_blocs + body_blocs if len(b.name.split()) >= 2]
    if not candidates:
        return None
    best = max(_specificity(b) for b in candidates)
    for b in candidates:
        if _specificity(b) == best:
            # Use the body's fuller form of the same bloc when there is one (addendum B4).
            return b
    return candidates[0]


_NATIONAL = re.compile(
    r"các tỉnh|các thành phố|miền|khu vực|vùng|Trung ương|trung ương|toàn quốc|Việt Nam|TANDTC|TƯ|T\.Ư|"
    r"Bộ đội Biên phòng|BĐBP|Đồng bằng|đồng bằng|Tây Nguyên|Tây Bắc|Đông Bắc|Nam Bộ|Bắc Bộ|Trung Bộ|duyên hải|"
    r"ĐBSH|ĐBSCL|(?<![Ss]ố )(?<!\d)\d+\s*(?:tỉnh|thành phố)|Tổng cục|Bộ\s|Ngành|ngành\s+(?:Kiểm sát|Tòa án|Thuế|Hải quan|Ngân hàng)|"
    r"Chính phủ|Cục Thuế|Kiểm toán|Quân khu|Hải quân|Bộ Công an|Bộ Quốc phòng|BHXH Việt Nam|Ban Tổ chức Trung ương"
)
# Head nouns of provincial public bodies: "Báo Bình Thuận", "Tỉnh đoàn Khánh Hòa", "Sở Y tế tỉnh Yên Bái".
_PROVINCIAL_BODY = re.compile(
    r"^(?:Sở|Ban|Văn phòng|Thanh tra|Công an|Bộ Chỉ huy|Viện|VKSND|Tòa|TAND|Cục|Trường Chính trị|Tỉnh đoàn|Tỉnh Đoàn|"
    r"Ủy ban|Uỷ ban|UBND|UBMTTQ|Hội|Liên đoàn|LĐLĐ|Đài|Báo|Kho bạc|BHXH|Bảo hiểm xã hội|Đảng ủy|Tỉnh ủy|Trung tâm)"
)


def _canon_province(name: str) -> str:
    return PROVINCE_CANONICAL.get(name, name)


@lru_cache(maxsize=1)
def _province_regex() -> re.Pattern[str]:
    alt = "|".join(re.escape(p) for p in provinces())
    return re.compile(r"(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Tp\.?)\s*(" + alt + r")(?![\w])")


@lru_cache(maxsize=1)
def _bare_province_regex() -> re.Pattern[str]:
    alt = "|".join(re.escape(p) for p in provinces())
    return re.compile(r"(?:(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Tp\.?)\s*)?(" + alt + r")(?![\w])")


_PLACE_CUES = re.compile(
    r"(?:trên địa bàn|địa bàn|sở,? ban,? ngành|sở, ngành|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Tỉnh ủy|Tỉnh uỷ|"
    r"xây dựng|quê hương|Chủ tịch|HĐND|Hội đồng nhân dân|của|các cơ quan|cơ quan|đơn vị|Khối|Cụm|khối|cụm|"
    r"Người|người|Quảng trường|tại)\s*$"
)


def find_province(bloc_names: list[str], title: str, text: str, unit_texts: list[str]) -> str | None:
    """The province named as the bloc's (codebook: name, place, running or rewarding bodies).

    Null for national and regional clusters (addendum B3): a bloc name of that
    scope, or member units from two or more provinces.
    """
    if any(_NATIONAL.search(name) for name in bloc_names):
        return None
    rx = _province_regex()
    for name in bloc_names:
        m = rx.search(name) or _bare_province_regex().search(name.split(" ", 3)[-1])
        if m:
            return _canon_province(m.group(1))
    member_provinces = {_canon_province(m.group(1)) for u in unit_texts for m in [_bare_province_regex().search(u)] if m}
    if len(member_provinces) >= 2:
        return None
    head = title + "\n" + text[:2000]
    found: list[str] = []
    for m in rx.finditer(head):
        before = head[max(0, m.start() - 40):m.start()]
        wider = head[max(0, m.start() - 90):m.start()]
        # "các sở, ngành thuộc lĩnh vực văn hóa - xã hội tỉnh Hà Tĩnh": the bodies named a little earlier.
        if _PLACE_CUES.search(before) or (re.search(r"sở,\s*(?:ban,\s*)?ngành", wider) and not re.search(r"[.;]", wider)):
            found.append(_canon_province(m.group(1)))
    for unit in unit_texts:
        m = _bare_province_regex().search(unit)
        if m and _PROVINCIAL_BODY.match(unit):
            found.append(_canon_province(m.group(1)))
    if not found:
        return None
    counts = {p: found.count(p) for p in dict.fromkeys(found)}
    top = max(counts.values())
    leaders = [p for p in counts if counts[p] == top]
    return leaders[0] if len(leaders) == 1 else None
