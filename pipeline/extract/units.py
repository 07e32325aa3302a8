"""Unit mentions: where a public body's name starts and where it ends.

A spaCy PhraseMatcher finds the head nouns of the gazetteer (Sở, Ban, Văn
phòng, Công an, BHXH…); the extent of each name is then grown token by token:
Vietnamese body names are runs of capitalised words each followed by a few
lower-case syllables ("Sở Giáo dục và Đào tạo", "Tòa án nhân dân tỉnh"), and
they end at punctuation, a bracket, or a function word or verb ("làm", "đã",
"tổ chức").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline.extract.gazetteer import COMMA_NAMES, UNIT_HEADS, provinces

# Lower-case words that never continue a unit name.
STOP_WORDS = {
    "làm", "là", "được", "đã", "đang", "sẽ", "bị", "có", "không", "cũng", "vẫn", "đạt", "với", "cùng", "tại",
    "trong", "do", "cho", "về", "từ", "đến", "theo", "để", "nhằm", "vì", "nên", "thì", "mà", "khi", "sau",
    "trước", "gồm", "các", "những", "này", "đó", "kia", "đều", "luôn", "rất", "như", "vừa", "mới", "được",
    "tổ", "thực", "tham", "dự", "chủ", "phát", "ký", "nhận", "trao", "tặng", "xếp", "giữ", "đăng", "dẫn",
    "đứng", "năm", "tháng", "ngày", "đơn", "thành", "khối", "cụm", "trưởng", "phó", "đại", "lãnh", "số",
    "điểm", "hạng", "nhất", "nhì", "tiếp", "triển", "thống", "bầu", "suy", "bình", "đề", "báo", "thông",
    "tiến", "hoàn", "góp", "đạt", "chấm", "đánh", "kết", "tổng", "sơ", "giao", "hội", "phối", "thuộc",
    "tuy", "nhưng", "hoặc", "hay", "cả", "toàn", "mỗi", "từng", "bao", "gần", "trên", "dưới", "hơn",
    "lần", "lượt", "riêng", "chung", "đồng", "cùng", "ra", "vào", "lên", "xuống", "qua", "lại", "đi",
    "nay", "hiện", "tân", "nguyên", "ông", "bà", "chị", "anh", "em", "tôi", "ảnh", "phụ", "trách",
    "việc", "nhiệm", "hoạt",
}
# Function words and verbs that end a name even right after a capitalised word.
STRONG_STOPS = {
    "làm", "là", "được", "đã", "đang", "sẽ", "có", "với", "tại", "trong", "do", "cho", "về", "từ", "đến",
    "theo", "để", "các", "những", "đều", "năm", "đạt", "dự", "ký", "nhận", "trao", "tặng", "xếp", "giữ",
    "đăng", "dẫn", "gồm", "thuộc", "cùng", "vừa", "bầu", "đơn", "tổ", "tham", "chủ", "phát", "luôn", "không",
    "cũng", "vẫn", "bị", "khi", "sau", "trước", "nhằm", "vì", "mà", "thì", "nên", "hoặc", "hay", "tiếp",
    "thực", "triển", "thống", "suy", "bình", "đề", "tiến", "hoàn", "góp", "chấm", "đánh", "ngày", "tháng",
    "số", "điểm", "hạng", "khối", "cụm", "ông", "bà", "đồng", "lãnh", "đại", "phụ", "này", "đó",
}
# Lower-case words that do continue a name although they look like stop words.
NAME_WORDS = {
    "nhân", "dân", "tỉnh", "huyện", "thành", "phố", "thị", "xã", "quận", "phường", "và", "nông", "thôn",
    "mới", "khen", "thưởng", "đua", "sự", "nghiệp", "quốc", "gia", "việt", "nam", "chính", "trị", "tế",
}
# After a head, these words mean the head was not a unit ("Hội nghị", "Báo cáo").
NOT_A_UNIT_AFTER = {
    "Hội": {"nghị", "trường", "thi", "thao", "viên", "diễn", "đồng thi", "chợ"},
    "Báo": {"cáo", "chí", "động"},
    "Đoàn": {"viên", "kết", "thể", "kiểm", "công", "giám", "đại"},
    "Ban": {"hành", "đầu", "ngày", "chấp", "tổ", "chỉ", "giám", "Chấp", "Tổ", "Chỉ", "bí", "biên", "Biên",
            "Giám", "Thường", "thường", "tổ chức", "lãnh", "Lãnh", "Chỉ đạo", "thi", "Thi"},
    "Phòng": {"chống", ",", "họp", "ngừa"},
    "Trường": {"hợp"},
    "Đài": {"tưởng"},
    "Bộ": {"phận", "tiêu", "máy", "mặt", "Chính", "Tư", "Tài", "Nội", "Quốc", "Công", "Y", "Giáo", "Lao",
           "Xây", "Giao", "Nông", "Khoa", "Kế", "Văn", "Ngoại", "Thông", "Tài", "Quốc phòng"},
    "Quỹ": {"đất", "thi"},
    "Trung tâm": {"hành"},
    "Cục": {"diện"},
    "Hội đồng": {"Thi", "thi", "chấm", "bình"},
    "Công đoàn": {"viên"},
    "Thuế": {"thu", "giá"},
}

_WORD = re.compile(r"^[^\W\d_][\w'’]*$")
_ABBR = re.compile(r"^[A-ZĐ][A-ZĐ0-9&.]*[A-ZĐ0-9]$|^[A-ZĐ]{2,}")


@dataclass(frozen=True)
class UnitSpan:
    start: int  # character offsets in the working text
    end: int
    text: str


@lru_cache(maxsize=1)
def nlp() -> spacy.language.Language:
    """A blank multi-language pipeline: syllable tokens with punctuation split off."""
    return spacy.blank("xx")


@lru_cache(maxsize=1)
def _head_matcher() -> PhraseMatcher:
    matcher = PhraseMatcher(nlp().vocab, attr="ORTH")
    matcher.add("HEAD", [nlp().make_doc(h) for h in UNIT_HEADS])
    return matcher


@lru_cache(maxsize=1)
def _comma_name_starts() -> list[list[str]]:
    return [[t.text for t in nlp().make_doc(name)] for name in COMMA_NAMES]


@lru_cache(maxsize=1)
def _province_tokens() -> list[list[str]]:
    return [[t.text for t in nlp().make_doc(p)] for p in provinces()]


def make_doc(text: str) -> Doc:
    return nlp().make_doc(text)


def _is_cap(tok: str) -> bool:
    return bool(tok) and tok[0].isupper()


def _starts_with(doc: Doc, i: int, words: list[str]) -> bool:
    if i + len(words) > len(doc):
        return False
    return all(doc[i + k].text == w for k, w in enumerate(words))


def _province_at(doc: Doc, i: int) -> int:
    """Number of tokens of a province name starting at token i, else 0."""
    for words in _province_tokens():
        if _starts_with(doc, i, words):
            return len(words)
    return 0


def grow_unit(doc: Doc, head_start: int, head_end: int, head_starts: frozenset[int] = frozenset(),
              max_tokens: int = 16) -> int:
    """The token index where a unit name that starts with a head at [head_start, head_end) ends.

    `head_starts` are the token indices where other head nouns begin: "và"
    before one of them joins two units instead of continuing this one.
    """
    i = head_end
    lower_run = 0
    last_good = head_end
    while i < len(doc) and i - head_start < max_tokens:
        tok = doc[i]
        text = tok.text
        prev = doc[i - 1]
        if tok.is_space and "\n" not in text:
            i += 1
            continue
        # A name that contains commas ("Lao động, Thương binh và Xã hội").
        matched_comma = False
        for words in _comma_name_starts():
            if _starts_with(doc, i, words):
                i += len(words)
                last_good = i
                lower_run = 0
                matched_comma = True
                break
        if matched_comma:
            continue
        if text in {"-", "–"}:
            # Joined without spaces ("LĐ-TB&XH") or a province like "Bà Rịa - Vũng Tàu".
            if not prev.whitespace_ and i + 1 < len(doc):
                i += 1
                continue
            n = _province_at(doc, i - 2) if i >= 2 else 0
            if n and i + 1 < len(doc) and _province_at(doc, i - 2) > 2:
                i += 1
                continue
            break
        if text == "&" and i + 1 < len(doc):
            i += 1
            continue
        if not _WORD.match(text) and not _ABBR.match(text):
            if re.fullmatch(r"\d{1,3}", text) and prev.text.lower() in {"số", "đoàn", "khu", "đội"}:
                i += 1
                last_good = i
                continue
            break
        low = text.lower()
        if _is_cap(text) or _ABBR.match(text):
            if text in {"Khối", "Cụm"} and doc[head_start].text not in {"Đảng ủy", "Đảng"} and not (
                doc[head_start].text == "Đảng" and i == head_start + 2
            ):
                if not (doc[head_start].text == "Đảng" or (i >= 1 and doc[i - 1].text.lower() == "ủy")):
                    break
            if text in {"Khối", "Cụm", "Trưởng", "Phó", "Ông", "Bà", "Đồng", "Ảnh", "Năm", "Ngày", "Tại", "Theo",
                        "Sáng", "Chiều", "Hội", "Trong"} and not (text in {"Khối", "Cụm"} and doc[i - 1].text.lower() == "ủy"):
                break
            lower_run = 0
            i += 1
            last_good = i
            continue
        if low == "và":
            # "và" joins two units when a head follows; inside a name otherwise.
            nxt = doc[i + 1].text if i + 1 < len(doc) else ""
            if (i + 1) in head_starts or nxt.lower() in STRONG_STOPS or nxt.lower() in {"đại", "các", "lãnh"}:
                break
            i += 1
            continue
        if low in STRONG_STOPS or (lower_run >= 1 and low in STOP_WORDS and low not in NAME_WORDS):
            break
        if low not in NAME_WORDS:
            lower_run += 1
        if lower_run > 4:
            break
        i += 1
        last_good = i
    end = last_good
    # Never end on a connector.
    while end > head_end and doc[end - 1].text.lower() in {"và", "-", "–", "&", ","}:
        end -= 1
    return end




def find_units(doc: Doc) -> list[UnitSpan]:
    """Every unit mention in the doc, left to right, not overlapping."""
    out: list[UnitSpan] = []
    matches = sorted(_head_matcher()(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    head_starts = frozenset(m[1] for m in matches)
    taken_until = -1
    for _, start, end in matches:
        if start < taken_until:
            continue
        head = doc[start:end].text
        nxt = doc[end].text if end < len(doc) else ""
        if nxt in NOT_A_UNIT_AFTER.get(head, ()) or nxt.lower() in NOT_A_UNIT_AFTER.get(head, ()):
            continue
        if start > 0 and doc[start - 1].text.lower() in {"cơ", "hội", "ban", "văn"} and head in {"Quan", "Phòng"}:
            continue
        stop = grow_unit(doc, start, end, head_starts)
        if stop == end and len(head) < 4 and not _ABBR.match(head):
            continue  # a bare "Sở", "Ban" is not a name
        span = doc[start:stop]
        out.append(UnitSpan(span.start_char, span.end_char, span.text))
        taken_until = stop
    return out


def clean_unit(text: str) -> str:
    """A unit as the record writes it: no surrounding punctuation, no leading 'đơn vị'."""
    s = re.sub(r"^\W+|[^\w)]+$", "", text.strip())
    s = re.sub(r"^(?:đơn vị|Đơn vị)\s+", "", s)
    return re.sub(r"\s+", " ", s)
