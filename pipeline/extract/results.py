"""Result rules: scores, ranking, awards and attendance.

Scores: "đạt 983,5/1000 điểm", "với 949 điểm", "976/1000 điểm" — not aggregate
statements ("3 đơn vị đạt trên 95 điểm"). Ranking: "dẫn đầu", "nhất/nhì/ba",
"Nhất cụm: X", "xếp hạng 4", "hạng nhì thuộc về X". Awards: "Cờ thi đua của
Chính phủ", "Bằng khen của Chủ tịch UBND tỉnh". Attendance: "7/8 đơn vị".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.roles import list_end, parse_member_list
from pipeline.extract.units import UnitSpan, clean_unit, unit_before, units_list_at

_NUM = r"\d{1,4}(?:[.,]\d{1,3})?"
_SCORE = re.compile(r"(?P<score>" + _NUM + r")(?:\s*/\s*(?P<max>" + _NUM + r"))?\s*điểm")
_AGGREGATE = re.compile(r"(?:trên|từ|dưới|hơn|gần|khoảng|tối đa|chuẩn|trở lên|tổng số|bình quân|trung bình|thang)\s*$", re.I)
_AWARD = re.compile(
    r"(?P<award>(?:Cờ|cờ)(?!\s+(?:Khối|Cụm|khối|cụm|luân|Luân|truyền|Tổ quốc|Đảng))(?:\s+(?:thi đua|Thi đua))?|"
    r"(?:Bằng khen|bằng khen|Giấy khen|giấy khen))"
    r"(?P<rest>(?:\s+(?:xuất sắc|dẫn đầu)[^,.;()\n:]{0,20}?)?"
    r"(?:\s+(?:của\s+|cấp\s+)?(?:UBND|Ủy ban|Uỷ ban|Chủ tịch|Thủ tướng|Chính phủ|chính phủ|Bộ|Tổng|Ban|Hội đồng|"
    r"Thanh tra|ngành|Liên đoàn|Trung ương|Tỉnh ủy|Giám đốc|Cục|Bảo hiểm|BHXH|Viện|Tòa)[^,.;()\n:]{0,50}?)?)"
    r"(?=[”\"]?\s*(?:cho|đối với|,|\.|;|\(|\n|và|vì|năm|về|$|:|gồm|đơn vị))"
)
_ATTEND = re.compile(r"(?P<p>\d{1,3})\s*/\s*(?P<t>\d{1,3})\s*(?:đơn vị|thành viên|cơ quan|tỉnh|huyện|trường|sở)")


@dataclass
class Item:
    unit: str
    start: int
    end: int
    value: object = None
    extra: object = None


def _num(s: str) -> float:
    if re.fullmatch(r"\d{1,3}\.\d{3}", s):
        return float(s.replace(".", ""))
    return float(s.replace(",", "."))


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding `pos` starts: after a full stop, line break, semicolon or an open bracket."""
    bracket = text.rfind("(", 0, pos)
    if bracket != -1 and text.find(")", bracket, pos) != -1:
        bracket = -1  # "X (Vietcombank) dẫn đầu": a closed bracket does not start a clause
    return max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos), text.rfind(";", 0, pos), bracket) + 1


def extract_scores(text: str, units: list[UnitSpan]) -> list[Item]:
    out: list[Item] = []
    for m in _SCORE.finditer(text):
        before = text[max(0, m.start() - 25):m.start()]
        if _AGGREGATE.search(before) or re.search(r"\d+\s*/\s*\d+\s*đơn vị", before):
            continue
        if re.search(r"(?:có|có đến|gồm|thêm)\s*$", before) or re.match(r"\s*(?:du lịch|cầu|đến|thi|trường|nóng|sáng|nhấn)", text[m.end():m.end() + 12]):
            continue  # "có đến 8 điểm du lịch": places, not points
        floor = max(_clause_start(text, m.start()), m.start() - 140)
        unit = unit_before(units, m.start(), floor)
        if unit is None:
            continue
        between = text[unit.end:m.start()]
        if re.search(r"\d{1,4}(?:[.,]\d+)?\s*(?:/\s*\d+\s*)?điểm", between):
            continue
        score = _num(m.group("score"))
        mx = _num(m.group("max")) if m.group("max") else None
        if score <= 0 or (mx is not None and score > mx):
            continue
        out.append(Item(clean_unit(unit.text), unit.start, m.end(), score, mx))
    return out


_RANK_CUE = re.compile(
    r"(?P<lead>(?:đơn vị\s+)?(?:xuất sắc\s+)?(?:tiêu biểu\s+)?dẫn đầu)|"
    r"(?:xếp\s+|đạt\s+|đứng\s+)?(?:hạng|giải|thứ)\s+(?P<w>[Nn]hất|[Nn]hì|[Hh]ai|[Bb]a|[Tt]ư|\d)(?![\w/])|"
    r"(?P<w2>[Nn]hất|[Nn]hì)\s+(?:khối|cụm|Khối|Cụm)|(?<![\w])(?P<w3>Nhất|Nhì|Ba)\s*:"
)
_RANK_VALUE = {"nhất": 1, "nhì": 2, "hai": 2, "ba": 3, "tư": 4}
_BEFORE_LINK = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:đã\s+|được\s+|là\s+|xếp\s+|đứng\s+|đạt\s+)*(?:suy tôn\s+|bầu\s+|bình chọn\s+)?"
    r"(?:là\s+)?(?:đơn vị\s+)?(?:xuất sắc(?:\s+nhất)?\s*)?(?:tiêu biểu\s*)?(?:,\s*)?$"
)
_AFTER_LINK = re.compile(r"^\s*(?:(?:của\s+)?(?:khối|cụm|Khối|Cụm)(?:\s+thi đua)?\s*)?(?:năm\s+\d{4}\s*)?"
                         r"(?:để[^.;:,]{0,60}?)?(?:là|:|thuộc về|gồm:?|cho|đối với)\s*")


def _rank_of(m: re.Match[str]) -> int:
    w = m.group("w") or m.group("w2") or m.group("w3")
    if not w:
        return 1
    return int(w) if w.isdigit() else _RANK_VALUE[w.lower()]


def extract_ranking(text: str, units: list[UnitSpan]) -> list[Item]:
    """Units ranked within the bloc: the unit right before the cue, or the list right after it."""
    out: list[Item] = []
    for m in _RANK_CUE.finditer(text):
        if re.match(r"\s*(?:từ (?:trái|phải))", text[m.end():m.end() + 12]):
            continue  # "thứ nhất từ trái sang": a position in a photo
        rank = _rank_of(m)
        clause = _clause_start(text, m.start())
        linked: list[UnitSpan] = []
        before_unit = unit_before(units, m.start(), max(clause, m.start() - 120))
        tight_before = before_unit is not None and re.fullmatch(
            r"\s*(?:là|được suy tôn là|được bầu là|xếp|đứng|đạt)?\s*(?:đơn vị\s+)?(?:xuất sắc\s+)?(?:tiêu biểu\s+)?",
            text[before_unit.end:m.start()]) is not None and text[before_unit.end:m.start()].strip() != ""
        after = _AFTER_LINK.match(text[m.end():m.end() + 90])
        if after and not tight_before:
            linked = units_list_at(text, units, m.end() + after.end(), max_lead=5)
        if not linked:
            before = unit_before(units, m.start(), max(clause, m.start() - 120))
            if before and _BEFORE_LINK.match(text[before.end:m.start()]):
                linked = [before]
            elif before:
                # "suy tôn X là đơn vị dẫn đầu", "bầu X là đơn vị xuất sắc tiêu biểu dẫn đầu"
                gap = text[before.end:m.start()]
                if re.search(r"(?:suy tôn|bầu|bình chọn)\s*(?:đơn vị\s+)?$", text[max(clause, before.start - 30):before.start]) \
                        and len(gap) < 60 and not re.search(r"[.;]", gap):
                    linked = [before]
        for k, u in enumerate(linked):
            if k and _RANK_CUE.match(text[u.end:u.end + 25].lstrip(" ,")) or (
                    k and re.match(r"\s*(?:xếp|đứng|đạt)\s", text[u.end:u.end + 10])):
                break  # the next unit has a rank of its own ("…, tỉnh Long An xếp hạng Ba")
            name = clean_unit(u.text)
            if not any(i.unit == name for i in out):
                out.append(Item(name, u.start, u.end, rank))
    return out


def extract_awards(text: str, units: list[UnitSpan]) -> list[Item]:
    """Commendations given or proposed to units: "tặng Cờ thi đua … cho X, Y", "X được tặng Bằng khen"."""
    out: list[Item] = []
    for m in _AWARD.finditer(text):
        award = (m.group("award") + m.group("rest")).strip()
        if m.group("award").lower() == "cờ" and not re.match(r"\s*(?:thi đua|Thi đua)", m.group("rest") or "") \
                and not re.search(r"(?:tặng|trao|nhận|đề nghị)\s*(?:danh hiệu\s*)?[“\"]?$", text[max(0, m.start() - 30):m.start()]):
            continue  # "cờ" alone is a flag, not a commendation, unless given
        linked: list[UnitSpan] = []
        after = re.match(r"[”\"]?\s*(?:năm\s+\d{4}\s*)?(?:[^.;:\n]{0,45}?\s)?(?:cho|đối với|gồm:?|:)\s*", text[m.end():m.end() + 70])
        if after:
            linked = units_list_at(text, units, m.end() + after.end(), max_lead=25)
        if not linked:
            clause = _clause_start(text, m.start())
            before = unit_before(units, m.start(), max(clause, m.start() - 160))
            if before and re.match(r"\s*(?:đã\s+)?(?:trao\s+)?tặng\b", text[before.end:m.start()]):
                # "X được UBND tỉnh tặng Cờ", "X … đề nghị UBND tỉnh tặng Cờ": the unit right before
                # "tặng" is the giver, the recipient comes before "được" or "đề nghị".
                giver_at = before.start
                before = unit_before(units, giver_at, max(clause, m.start() - 160))
                if before and not re.search(r"(?:được|đề nghị)\s*$", text[before.end:giver_at]):
                    before = None
            if before:
                gap = text[before.end:m.start()]
                if re.match(r"^\s*(?:\([^)]*\)\s*)?(?:đã\s+)?(?:vinh dự\s+)?(?:được\s+)?(?:[^.;]{0,90}?\s)?"
                            r"(?:tặng|nhận|đón nhận|trao|tặng thưởng|đề nghị|đạt)\s*(?:danh hiệu\s*)?[“\"]?$", gap) \
                        and not _AWARD.search(gap):
                    linked = _units_list_before(text, units, before)
                    linked += _places_after(text, before, m.start())
        linked = [p for u in linked for p in (_places_of(text, u) or [u])]
        for u in linked:
            name = clean_unit(u.text)
            if name.startswith(("UBND", "Ủy ban nhân dân", "Chính phủ", "Thủ tướng", "Bộ ")):
                continue
            if not any(i.unit == name and i.value == award for i in out):
                out.append(Item(name, u.start, u.end, award))
    return out


def _units_list_before(text: str, units: list[UnitSpan], last: UnitSpan) -> list[UnitSpan]:
    """The list of units that ends with `last` ("Ban Tổ chức Tỉnh ủy và Văn phòng Tỉnh ủy")."""
    idx = units.index(last)
    out = [last]
    while idx > 0 and re.fullmatch(r"\s*(?:[,;]|và|,\s*và)\s*", text[units[idx - 1].end:out[0].start]):
        idx -= 1
        out.insert(0, units[idx])
    return out


def _places_after(text: str, unit: UnitSpan, limit: int) -> list[UnitSpan]:
    """"Công an tỉnh BR-VT, Đồng Tháp, Tây Ninh được tặng": bare places after a unit named with its province."""
    items = parse_member_list(text, unit.start, limit)
    return [UnitSpan(a, b, name) for name, a, b in items[1:]] if items else []


def _places_of(text: str, unit: UnitSpan) -> list[UnitSpan]:
    """"Công an 3 tỉnh: Lạng Sơn, Hà Giang, Lai Châu": one unit per place, under the shared head."""
    m = re.match(r"\s*(?:\d{1,2}|các)\s+(tỉnh|huyện|thành phố|xã|phường)\s*:?\s*", text[unit.end:unit.end + 20])
    if not m:
        return []
    pos = unit.end + m.end()
    return [UnitSpan(a, b, f"{unit.text} {m.group(1)} {name}") for name, a, b in parse_member_list(text, pos, list_end(text, pos))]


def ranks_from_awards(text: str, awards: list[Item], ranking: list[Item]) -> list[Item]:
    """A flag the bloc votes for a unit ("suy tôn đề nghị … tặng Cờ thi đua cho X") makes X its leading unit."""
    out = list(ranking)
    for a in awards:
        if not str(a.value).lower().startswith("cờ") or any(r.unit == a.unit for r in out):
            continue
        end = min([i for i in (text.find(".", a.end), text.find(";", a.end), text.find("\n", a.end)) if i != -1]
                  or [len(text)])
        # The vote may be told in the sentence before: "… bình xét, suy tôn danh hiệu thi đua. Đề nghị tặng Cờ …".
        start = _clause_start(text, a.start)
        if start and text[start - 1] in ".\n":
            start = _clause_start(text, max(0, start - 2))  # a new sentence: the vote may be in the one before
        clause = text[start:end]
        if re.search(r"suy tôn|bình chọn|bầu chọn|dẫn đầu", clause) or "dẫn đầu" in str(a.value).lower():
            out.append(Item(a.unit, a.start, a.end, 1))
    return out


def extract_attendance(text: str) -> tuple[dict[str, int], tuple[int, int]] | None:
    for m in _ATTEND.finditer(text):
        after = text[m.end():m.end() + 30]
        before = text[max(0, m.start() - 40):m.start()]
        if re.match(r"\s*(?:thành viên\s+)?(?:đạt|được|có|xếp|hoàn thành|vượt)", after) or re.search(r"(?:có|đạt)\s*$", before):
            continue
        p, t = int(m.group("p")), int(m.group("t"))
        if 0 < p <= t <= 200:
            return {"present": p, "total": t}, (m.start(), m.end())
    return None
