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

from pipeline.extract.gazetteer import COMMA_NAMES, SURNAMES, UNIT_HEADS, index_by_first, provinces

# Lower-case function words and verbs that end a unit name wherever they stand.
STOP_WORDS = {
    "làm", "là", "được", "đã", "đang", "sẽ", "có", "với", "tại", "trong", "do", "cho", "về", "từ", "đến",
    "theo", "để", "những", "đều", "năm", "đạt", "dự", "ký", "nhận", "trao", "tặng", "xếp", "giữ", "gồm",
    "thuộc", "cùng", "vừa", "bầu", "luôn", "không", "cũng", "vẫn", "bị", "khi", "sau", "trước", "nhằm",
    "vì", "mà", "thì", "nên", "hoặc", "hay", "ngày", "tháng", "điểm", "hạng", "khối", "cụm", "ông", "bà",
    "này", "đó", "đơn", "tuy", "nhưng", "mỗi", "từng", "bao", "gần", "hơn", "lần", "lượt", "ra", "vào",
    "lên", "xuống", "qua", "lại", "đi", "nay", "tân", "chị", "anh", "tôi", "ảnh", "như", "rất",
    "đứng", "thứ", "đảm", "nhận", "của", "tới", "bằng", "nhưng", "hoặc",
}
# Two-syllable verbs and nouns that end a name ("Sở Y tế tổ chức", "Sở Nội vụ đại diện").
STOP_BIGRAMS = {
    ("tổ", "chức"), ("thực", "hiện"), ("tham", "dự"), ("tham", "gia"), ("chủ", "trì"), ("phát", "biểu"),
    ("phát", "động"), ("tiến", "hành"), ("triển", "khai"), ("thống", "nhất"), ("suy", "tôn"), ("bình", "chọn"),
    ("bình", "xét"), ("đề", "nghị"), ("đề", "xuất"), ("hoàn", "thành"), ("góp", "phần"), ("chấm", "điểm"),
    ("đánh", "giá"), ("tiếp", "tục"), ("đại", "diện"), ("lãnh", "đạo"), ("đăng", "cai"), ("dẫn", "đầu"),
    ("phụ", "trách"), ("kết", "quả"), ("tổng", "kết"), ("sơ", "kết"), ("giao", "ước"), ("báo", "cáo"),
    ("thông", "qua"), ("nhiệm", "vụ"), ("hoạt", "động"), ("công", "tác"), ("phối", "hợp"), ("trao", "đổi"),
    ("hưởng", "ứng"), ("quán", "triệt"), ("toàn", "thể"), ("thành", "viên"), ("đơn", "vị"), ("vai", "trò"),
    ("thay", "mặt"), ("chúc", "mừng"), ("nhấn", "mạnh"), ("ghi", "nhận"), ("khẳng", "định"), ("hiện", "nay"),
    ("trực", "thuộc"), ("luân", "phiên"), ("xem", "xét"), ("đồng", "chí"), ("đồng", "chủ"), ("đồng", "thời"), ("đồng", "loạt"), ("cán", "bộ"), ("chính", "thức"), ("đồng", "thời"), ("vinh", "dự"),
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
    "Đoàn": {"viên", "kết", "thể", "kiểm", "công", "giám"},
    "Ban": {"hành", "đầu", "ngày", "chấp", "tổ", "chỉ", "giám", "Chấp", "Tổ", "Chỉ", "bí", "biên", "Biên",
            "Giám", "Thường", "thường", "tổ chức", "lãnh", "Lãnh", "Chỉ đạo", "thi", "Thi"},
    "Phòng": {"chống", ",", "họp", "ngừa"},
    "Trường": {"hợp"},
    "Đài": {"tưởng"},
    "Bộ": {"phận", "tiêu", "máy", "mặt", "luật", "đội", "sưu"},
    "Quỹ": {"đất", "thi"},
    "Trung tâm": {"hành"},
    "Cục": {"diện"},
    "Hội đồng": {"Thi", "thi", "chấm", "bình"},
    "Công đoàn": {"viên"},
    "Thuế": {"thu", "giá"},
    "Viện": {"trưởng", "phó", "Trưởng"},
    "Tỉnh ủy": {"viên"}, "Thành ủy": {"viên"}, "Huyện ủy": {"viên"}, "Thị ủy": {"viên"}, "Quận ủy": {"viên"},
}

_WORD = re.compile(r"^[^\W\d_][\w'’-]*$")
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
    matcher.add("PLACE", [nlp().make_doc(h) for h in PLACE_HEADS])
    matcher.add("LOWER", [nlp().make_doc(h) for h in LOWER_HEADS])
    return matcher


@lru_cache(maxsize=1)
def _comma_names() -> dict[str, list[list[str]]]:
    """Lower-cased: sources capitalise these names freely ("Thương Binh và Xã hội")."""
    return index_by_first(COMMA_NAMES, lambda p: [t.lower_ for t in nlp().make_doc(p)])


@lru_cache(maxsize=1)
def _province_index() -> dict[str, list[list[str]]]:
    return index_by_first(provinces(), lambda p: [t.text for t in nlp().make_doc(p)])


# Nouns after "các" that stay inside a body's name.
_AFTER_CAC = {"công", "khu", "KCN", "KKT", "tổ", "cơ", "trường", "dự", "đơn", "hội", "ngân"}
_PARTY_BODIES = {"Tỉnh", "Thành", "Huyện", "Quận", "Thị", "Trung", "Đảng", "TW", "TƯ", "Tỉnh ủy", "Thành ủy"}
# Capitalised words after "và" that start something other than a unit ("và Bằng khen UBND tỉnh").
_NOT_NAME_AFTER_VA = {"Bằng", "Cờ", "Giấy", "Huân", "Danh", "Kỷ", "Chiến", "Thư", "Phó", "Trưởng", "Ban"}
# Administrative places: a unit when a capitalised name follows ("huyện Bắc Sơn", "thành phố Lạng Sơn").
# Lower-case heads that sloppy sources use for "Sở", "Ban" ("sở Giáo dục và đào tạo").
LOWER_HEADS = ["sở", "ban"]
PLACE_HEADS = ["huyện", "Huyện", "thị xã", "Thị xã", "thành phố", "Thành phố", "quận", "Quận", "tỉnh", "Tỉnh",
               "TP", "TP.", "Tp", "Tp.", "xã", "Xã", "phường", "Phường", "thị trấn", "Thị trấn"]
_DASH_BREAKERS = {"Trưởng", "Phó", "Khối", "Cụm", "Giám", "Chánh", "Chủ", "Bí", "Viện", "Đơn", "Đại", "Thường",
                  "Ủy", "Uỷ", "UVTV", "Tỉnh", "Huyện", "Cục", "Tổng", "Hiệu", "Chỉ", "Ông", "Bà", "Đồng", "Thủ"}
_SURNAME_SET = set(SURNAMES)
_CAP_STOP_BIGRAMS = {("Công", "bố"), ("Phát", "biểu"), ("Chủ", "trì"), ("Tham", "dự"), ("Trao", "tặng"),
                     ("Quang", "cảnh"), ("Toàn", "cảnh"), ("Ký", "kết"), ("Tặng", "hoa"), ("Đại", "diện")}


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
    for words in _province_index().get(doc[i].text, ()):
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
        for words in _comma_names().get(text.lower(), ()):
            if i + len(words) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words)):
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
            # "Bà Rịa - Vũng Tàu", "Bình Chánh - Củ Chi", "Hành chính - Chính trị": a dash between
            # capitalised words inside a name; not before a role, a title or a person.
            nxt = doc[i + 1].text if i + 1 < len(doc) else ""
            if _WORD.match(prev.text) and _is_cap(nxt) and nxt not in _DASH_BREAKERS and nxt not in _SURNAME_SET:
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
            # "Trường Văn hóa 3", "Công ty 78": a short number closing a name, not a date or a count.
            nxt = doc[i + 1].text if i + 1 < len(doc) else ""
            if (re.fullmatch(r"\d{1,3}", text) and _WORD.match(prev.text) and nxt not in {"/", ".", "-", "%"}
                    and nxt.lower() not in {"năm", "tháng", "đơn", "điểm", "người", "tỉnh", "huyện", "cơ", "thành"}):
                i += 1
                last_good = i
                continue
            break
        low = text.lower()
        if (text, doc[i + 1].text if i + 1 < len(doc) else "") in _CAP_STOP_BIGRAMS:
            break  # a caption's verb after the name ("… Hồ Chí Minh Công bố Quyết định")
        if (text in _SURNAME_SET and i + 1 < len(doc) and _is_cap(doc[i + 1].text) and doc[i + 1].text.isalpha()
                and not _province_at(doc, i) and not (text == "Hồ" and doc[i + 1].text == "Chí")
                and doc[head_start].text not in {"Trường", "Đường", "Học viện"} and _WORD.match(doc[i + 1].text)
                and i + 2 < len(doc) and (_is_cap(doc[i + 2].text) or not doc[i + 2].text.isalpha())):
            break  # a person's name after the unit ("UBND tỉnh Sóc Trăng Trần Văn Lâu")
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
        if low == "các" and i + 1 < len(doc) and (_is_cap(doc[i + 1].text) or doc[i + 1].text in _AFTER_CAC):
            i += 1  # "Liên hiệp các Hội Khoa học", "Ban Quản lý dự án … các công trình Giao thông"
            continue
        if low == "số" and i + 1 < len(doc) and re.fullmatch(r"\d{1,3}", doc[i + 1].text):
            i += 2  # "Trường THPT số 1"
            last_good = i
            continue
        if low == "và":
            # "và" joins two units when a head follows; inside a name otherwise.
            nxt = doc[i + 1].text if i + 1 < len(doc) else ""
            nxt2 = doc[i + 2].text.lower() if i + 2 < len(doc) else ""
            if (i + 1) in head_starts or nxt.lower() in STOP_WORDS or ((nxt, nxt2) in STOP_BIGRAMS) \
                    or nxt.lower() == "các" or nxt in _NOT_NAME_AFTER_VA:
                break
            i += 1
            continue
        nxt_low = doc[i + 1].text.lower() if i + 1 < len(doc) else ""
        if low in STOP_WORDS or (low, nxt_low) in STOP_BIGRAMS or low == "các":
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
    place_label = nlp().vocab.strings["PLACE"]
    lower_label = nlp().vocab.strings["LOWER"]
    for label, start, end in matches:
        if start < taken_until:
            continue
        head = doc[start:end].text
        if label == place_label and not (end < len(doc) and _is_cap(doc[end].text) and doc[end].text not in {"Khối", "Cụm"}):
            continue  # "tỉnh" alone, or "các tỉnh" as a common noun
        if label == lower_label and not (end < len(doc) and (_is_cap(doc[end].text) or _ABBR.match(doc[end].text))
                                         and (start == 0 or doc[start - 1].lower_ not in {"cơ", "trụ", "các", "những"})):
            continue  # "cơ sở", "trụ sở Sở Nội vụ": not a head
        nxt = doc[end].text if end < len(doc) else ""
        if nxt in NOT_A_UNIT_AFTER.get(head, ()) or nxt.lower() in NOT_A_UNIT_AFTER.get(head, ()):
            # "Ban Tổ chức" is an organising committee, "Ban Tổ chức Tỉnh ủy" a party department.
            follow = doc[end + 2].text if end + 2 < len(doc) else ""
            if not (head == "Ban" and follow in _PARTY_BODIES):
                continue
        if start > 0 and doc[start - 1].text.lower() in {"cơ", "hội", "ban", "văn"} and head in {"Quan", "Phòng"}:
            continue
        stop = grow_unit(doc, start, end, head_starts)
        if stop == end and len(head) < 4 and not _ABBR.match(head):
            continue  # a bare "Sở", "Ban" is not a name
        span = doc[start:stop]
        last = doc[stop - 1].text
        if stop == len(doc) and (last.islower() and len(last) <= 3 and last not in NAME_WORDS or len(last) == 1):
            continue  # cut off by the end of an excerpt ("Công an tỉ"): not a name
        if out and re.fullmatch(r"\s*\(\s*", doc.text[out[-1].end:span.start_char]) and \
                doc.text[span.end_char:span.end_char + 2].lstrip().startswith(")"):
            taken_until = stop
            continue  # "Ngân hàng Ngoại thương (Vietcombank)": the bracket repeats the unit before it
        out.append(UnitSpan(span.start_char, span.end_char, span.text))
        taken_until = stop
    return out


def clean_unit(text: str) -> str:
    """A unit as the record writes it: no surrounding punctuation, no leading 'đơn vị'."""
    s = re.sub(r"^\W+|[^\w)]+$", "", text.strip())
    s = re.sub(r"^(?:đơn vị|Đơn vị)\s+", "", s)
    return re.sub(r"\s+", " ", s)


def unit_before(units: list[UnitSpan], pos: int, floor: int) -> UnitSpan | None:
    """The last unit that starts at or after `floor` and ends by `pos`."""
    best = None
    for u in units:
        if floor <= u.start and u.end <= pos:
            best = u
    return best


_LIST_LEAD = re.compile(r"^\s*(?:cho\s+|là\s+|:\s*|gồm:?\s*|thuộc về\s+)*(?:các\s+|\d{1,2}\s+)?"
                        r"(?:đơn vị|tập thể|cơ quan)?\s*(?:gồm|là)?\s*:?\s*$")
_LIST_GAP = re.compile(r"^\s*(?:[,;]|và|,\s*và|;\s*và)\s*(?:đơn vị\s+|tập thể\s+)?$")


def units_list_at(text: str, units: list[UnitSpan], pos: int, max_lead: int = 40) -> list[UnitSpan]:
    """The units of a list that starts at `pos` ("cho 06 tập thể: A; B và C"), in order."""
    out: list[UnitSpan] = []
    for u in units:
        if u.start < pos:
            continue
        if not out:
            if u.start - pos > max_lead or not _LIST_LEAD.match(text[pos:u.start]):
                break
            out.append(u)
            continue
        gap = text[out[-1].end:u.start]
        if _LIST_GAP.match(gap) and (";" not in gap or re.match(r"\s*(?:[,;.)]|và\s|$)", text[u.end:u.end + 5])):
            out.append(u)  # after ";" only a list item continues the list, not a new clause ("; UBND tỉnh tặng …")
        else:
            break
    return out
