"""People rules: officials named in the report, with their titles.

Phrasings: "ông Đặng Hồng Sơn, Giám đốc Sở Lao động, Thương binh và Xã hội";
"Giám đốc Sở Y tế Nguyễn Văn A"; "đồng chí Phan Hữu Đức - UVTV Tỉnh ủy,
Chủ tịch UBMTTQ Việt Nam tỉnh"; "Thiếu tướng Phùng Quốc Tuấn - Phó Chính ủy".
Names lose honorifics and ranks; titles lose an appended bloc role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.gazetteer import HONORIFICS, RANKS, SURNAMES, TITLE_HEADS, index_by_first, provinces
from pipeline.extract.units import STOP_BIGRAMS, STOP_WORDS

_TOKEN = re.compile(r"[^\W_][\w'’]*|[^\w\s]|\n")
_NOT_NAMES = {"Hồ Chí Minh", "Việt Nam", "Trung ương", "Hà Nội", "Chính phủ", "Quốc hội", "Nhà nước",
              "Tổ quốc", "Mặt trận", "Thi đua", "Khen thưởng"}
_BLOC_ROLE_TAIL = re.compile(
    r"\s*(?:[-–,;]|\bkiêm\b)?\s*(?:đơn vị\s+|đại diện\s+)?(?:(?:Phó\s+)?(?:Khối|Cụm|khối|cụm)\s+(?:trưởng|phó|Trưởng|Phó)|"
    r"(?:Phó\s+)?(?:Trưởng|trưởng|Phó|phó)\s+(?:Khối|Cụm|khối|cụm)|đại diện (?:đơn vị )?(?:Khối|Cụm)|"
    r"đơn vị (?:Khối|Cụm)|Thường trực (?:Khối|Cụm))\b.*$",
    re.S,
)
_TITLE_STOP_WORDS = {
    "phát", "chủ", "dự", "tham", "đã", "cùng", "đến", "trao", "tặng", "chúc", "nhấn", "đề", "yêu", "ghi",
    "khẳng", "cho", "thay", "làm", "là", "được", "tới", "và", "với", "có", "đồng", "lên", "tại", "trình",
    "báo", "thông", "ký", "nhận", "chỉ", "về", "khai", "bế", "điều", "đánh", "biểu", "kết", "mong", "hy",
    "đọc", "công", "giới", "cảm", "gửi", "quán", "lưu", "bày", "trả", "nói", "cho", "vừa", "đang", "sẽ",
}


@lru_cache(maxsize=1)
def _comma_name_regex() -> re.Pattern[str]:
    from pipeline.extract.gazetteer import COMMA_NAMES

    names = [n for n in COMMA_NAMES if "," in n]
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.I)


def _comma_names_around(text: str, pos: int) -> list[re.Match[str]]:
    window_start = max(0, pos - 40)
    return [m for m in _comma_name_regex().finditer(text, window_start, min(len(text), pos + 40))]


@dataclass
class Person:
    name: str
    title: str | None
    start: int
    end: int
    title_span: tuple[int, int] | None


@dataclass
class _Tok:
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _title_heads() -> dict[str, list[list[str]]]:
    """Title and rank token sequences keyed by their first token, longest first."""
    return index_by_first(TITLE_HEADS + RANKS, _TOKEN.findall)


_SURNAMES = set(SURNAMES)
_HONORIFICS = {h.lower() for h in HONORIFICS}
_RANK_WORDS = {r for r in RANKS}


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_name_word(t: str) -> bool:
    return bool(t) and t[0].isupper() and (len(t) == 1 or not t[1:].isupper() or len(t) <= 2) and t.isalpha()


def _title_head_at(toks: list[_Tok], i: int) -> int:
    if i >= len(toks):
        return 0
    for words in _title_heads().get(toks[i].text, ()):
        if i + len(words) <= len(toks) and all(toks[i + k].text == w for k, w in enumerate(words)):
            return len(words)
    return 0


def _name_run(toks: list[_Tok], i: int) -> int:
    """Length of a person-name run starting at token i (2–5 capitalised words), else 0."""
    n = 0
    while i + n < len(toks) and n < 5 and _is_name_word(toks[i + n].text):
        if n and toks[i + n].start - toks[i + n - 1].end > 1:
            break
        n += 1
    return n if n >= 2 else 0


def _title_after(text: str, toks: list[_Tok], i: int) -> tuple[str, int, int] | None:
    """A title that starts at token i (after the name and its comma or dash)."""
    if i >= len(toks) or not _title_head_at(toks, i):
        return None
    start = toks[i].start
    j = i
    end = toks[i].end
    while j < len(toks):
        t = toks[j]
        if (t.text == "." and j + 1 < len(toks) and toks[j + 1].start == t.end and toks[j - 1].end == t.start
                and toks[j - 1].text.isupper()):
            j += 1  # "UB.MTTQ"
            continue
        if t.text in {"\n", ".", ";", ":", "(", ")", "“", "”", '"'}:
            break
        if t.text == "," and any(m.start() < t.start < m.end() for m in _comma_names_around(text, t.start)):
            j += 1  # "Giám đốc Sở Lao động, Thương binh và Xã hội": the comma is inside the name
            continue
        if t.text == ",":
            if j + 1 < len(toks) and _title_head_at(toks, j + 1) and not toks[j + 1].text.startswith(("Khối", "Cụm")):
                j += 1
                continue
            if j + 1 < len(toks) and toks[j + 1].text in _ORG_AFTER_COMMA:
                j += 1  # "Phó Cục trưởng Cục Công tác Đảng …, Bộ Công an"
                continue
            break
        if t.text in {"-", "–"}:
            # "Ban Thi đua - Khen thưởng" continues; a bloc role after the dash is cut later.
            if j + 1 < len(toks) and (toks[j + 1].text[:1].isupper() or toks[j + 1].text == "khen") \
                    and toks[j + 1].text.lower() not in _HONORIFICS:
                j += 1
                continue
            break
        low = t.text.lower()
        prev_cap = j > i and toks[j - 1].text[:1].isupper()
        nxt_low = toks[j + 1].text.lower() if j + 1 < len(toks) else ""
        if j > i and not t.text[0].isupper() and (
                low in STOP_WORDS or (low, nxt_low) in STOP_BIGRAMS or low == "và" or (low == "dự" and nxt_low != "khuyết")
                or (low, nxt_low) == ("thừa", "ủy")
                or (low in _TITLE_STOP_WORDS and not prev_cap)):
            if not (low == "và" and nxt_low and toks[j + 1].text[:1].isupper() and not _title_head_at(toks, j + 1)
                    and toks[j + 1].text not in _SURNAMES):
                break
        if t.text == "." and j + 1 < len(toks) and toks[j + 1].start == t.end and toks[j - 1].end == t.start:
            j += 1  # "UB.MTTQ"
            continue
        if low in _HONORIFICS and j > i:
            break
        end = t.end
        j += 1
    return text[start:end], start, end


_ORG_AFTER_COMMA = {"Bộ", "Sở", "Học", "Ủy", "Uỷ", "UBND", "Tổng", "Văn", "Ban"}


def _clean_title(title: str) -> str | None:
    title = _BLOC_ROLE_TAIL.sub("", title).strip(" ,-–;")
    title = re.sub(r"\s*[,;–-]\s*(?:Phó\s+)?(?:Trưởng|trưởng|Phó)$", "", title)
    title = re.sub(r"\s+", " ", title)
    for rank in sorted(_RANK_WORDS, key=len, reverse=True):
        if title == rank:
            return None
        if title.startswith(rank + " "):
            title = title[len(rank) + 1:]
    return title or None


@lru_cache(maxsize=1)
def _province_words() -> dict[str, list[list[str]]]:
    return index_by_first(provinces(), _TOKEN.findall)


def _province_prefix(toks: list[_Tok], i: int, n: int) -> int:
    """Tokens of a province name at the start of a capitalised run, else 0."""
    for words in _province_words().get(toks[i].text, ()):
        if len(words) <= n and all(toks[i + k].text == w for k, w in enumerate(words)):
            return len(words)
    return 0


def extract_people(text: str) -> list[Person]:
    toks = _tokens(text)
    people: dict[str, Person] = {}
    i = 0
    while i < len(toks):
        t = toks[i]
        n = _name_run(toks, i)
        if not n or toks[i].text not in _SURNAMES:
            i += 1
            continue
        # A province right before a name ("… tỉnh Đồng Nai Đỗ Thị Hải Yến") is not part of it,
        # nor is the end of one ("… tỉnh Hải Dương Nguyễn Minh Hùng": "Dương" is also a surname).
        if i and _province_prefix(toks, i - 1, n + 1) > 1:
            i += _province_prefix(toks, i - 1, n + 1) - 1
            continue
        prov = _province_prefix(toks, i, n)
        if prov:
            i += prov
            continue
        # Trim a trailing capitalised word that starts a title ("Nguyễn Văn Du Phó Chánh án").
        for k in range(2, n + 1):
            if _title_head_at(toks, i + k) and k < n:
                n = k
                break
        name = text[toks[i].start:toks[i + n - 1].end]
        if name in _NOT_NAMES or any(name.startswith(x) for x in ("Hồ Chí Minh",)):
            i += n
            continue
        prev = toks[i - 1].text if i else ""
        prev2 = toks[i - 2].text if i > 1 else ""
        if prev in {"Trường", "trường", "Đường", "đường", "Phường", "phường", "Xã", "xã"} or (
                prev == "trị" and prev2 == "Chính"):
            i += n  # a school or street named after a person
            continue
        honorific = prev.lower() in _HONORIFICS or f"{prev2} {prev}".lower() in _HONORIFICS or prev in _RANK_WORDS
        if (honorific and i + n + 1 < len(toks) and toks[i + n].text.isalpha() and toks[i + n].text.islower()
                and toks[i + n].start == toks[i + n - 1].end + 1 and toks[i + n + 1].text == ","
                and _title_head_at(toks, i + n + 2)):
            n += 1  # a source typo in capitalisation: "ông Huỳnh Thanh hải, Phó Giám đốc …"
            name = text[toks[i].start:toks[i + n - 1].end]
        title: tuple[str, int, int] | None = None
        j = i + n
        if j < len(toks) and toks[j].text in {",", "-", "–"}:
            title = _title_after(text, toks, j + 1)
        elif j < len(toks) and _title_head_at(toks, j):
            title = _title_after(text, toks, j)
        if title is not None and _clean_title(title[0]) is None and not honorific:
            title = None  # "… Ngô Văn Tuấn - Khối trưởng Khối thi đua": only a bloc role after the name
        if title is None and not honorific:
            # Title before the name: "Giám đốc Sở Y tế Nguyễn Văn A".
            k = i - 1
            while k >= 0 and i - k <= 16 and toks[k].text not in {"\n", ".", ";", ":", "(", ")"}:
                if _title_head_at(toks, k) and (k == 0 or toks[k - 1].text in {",", "\n", "(", "-", "–", ";", ":"} or
                                                toks[k - 1].text.lower() in _HONORIFICS or toks[k - 1].text.islower()
                                                or toks[k - 1].text in {"và", "Đồng", "Ông", "Bà"}):
                    span_start, span_end = toks[k].start, toks[i - 1].end
                    candidate = text[span_start:span_end]
                    if re.search(r"\b(?:tại|cho|tặng|của các|với|và các|phát biểu|trao)\b", candidate):
                        break
                    if "," in candidate and not re.search(r",\s*(?:" + "|".join(re.escape(h) for h in TITLE_HEADS) + r")", candidate):
                        k -= 1
                        continue
                    # Earlier positions joined by commas: "Tỉnh ủy viên, Phó Trưởng Ban Tổ chức Tỉnh ủy".
                    while k >= 2 and toks[k - 1].text == ",":
                        earlier = next((q for q in range(k - 2, max(-1, k - 12), -1)
                                        if _title_head_at(toks, q) and (q == 0 or not toks[q - 1].text[:1].isupper()
                                                                        or toks[q - 1].text in {",", "-", "–"})), None)
                        if earlier is None or re.search(r"[.;:\n]|\b(?:tại|cho|và các|với)\b",
                                                        text[toks[earlier].start:toks[k].start]):
                            break
                        k = earlier
                        span_start = toks[k].start
                    candidate = text[span_start:span_end]
                    title = (candidate, span_start, span_end)
                    break
                k -= 1
        if title is None and not honorific:
            i += n
            continue
        key = name.lower()
        clean = _clean_title(title[0]) if title else None
        if key not in people:
            people[key] = Person(name, clean, toks[i].start, toks[i + n - 1].end,
                                 (title[1], title[2]) if title else None)
        elif people[key].title is None and clean:
            people[key].title = clean
            people[key].title_span = (title[1], title[2]) if title else None
        i += n
    return list(people.values())
