"""Membership and officer rules: who belongs to the bloc, who heads it, for which year.

Members: "Khối gồm …", "N đơn vị trong Khối: …", "các đơn vị thành viên …",
lists with a shared head ("các sở: Nội vụ, Tài chính, Y tế"), and the head and
deputies (officers are members).
Officers: "Sở Ngoại vụ (Khối trưởng)", "do Sở X làm Khối trưởng", "bầu chọn
Sở Du lịch làm Khối trưởng, Sở Khoa học và Công nghệ làm Khối phó năm 2020",
"Khối trưởng là …", "bàn giao Cụm trưởng … cho …", "Giám đốc Sở Nội vụ –
Trưởng Khối".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.extract.gazetteer import provinces
from pipeline.extract.units import UnitSpan, clean_unit, grow_unit

_ROLE = re.compile(
    r"(?P<pho1>Phó\s+(?:Khối|Cụm|khối|cụm)(?:\s+trưởng)?(?:\s+\d)?|(?:Khối|Cụm|khối|cụm)\s+(?:phó|Phó))|"
    r"(?P<truong>(?:Khối|Cụm|khối|cụm)\s+(?:trưởng|Trưởng)|(?:Trưởng|trưởng)\s+(?:Khối|Cụm|khối|cụm)|"
    r"(?:đơn vị\s+)?[Tt]hường trực\s+(?:Khối|Cụm|khối|cụm))"
)
_ELECT = re.compile(r"bầu|suy tôn|thống nhất chọn|thống nhất giới thiệu|giới thiệu|chọn|bàn giao|trao cờ|trao Cờ|"
                    r"tân|nhận nhiệm vụ|đảm nhận|đảm nhiệm|luân phiên|được giao|phân công|nhất trí", re.I)
_HANDOVER = re.compile(r"bàn giao|trao (?:cờ|Cờ)|chuyển giao", re.I)
_YEAR = re.compile(r"năm\s+(\d{4})")
_MEMBER_CUE = re.compile(
    r"(?:gồm(?:\s+có)?|bao gồm|(?:các\s+)?(?:đơn vị|cơ quan|thành viên)\s+(?:trong|thuộc|của)\s+(?:Khối|Cụm|khối|cụm)[^:.\n]{0,40}?(?::|là|gồm)|"
    r"(?:đơn vị|cơ quan)\s+thành viên[^:.\n]{0,30}?(?::|là|gồm|\s)|thành viên\s+(?:Khối|Cụm|khối|cụm)[^:.\n]{0,30}?:|"
    r"\d+\s+(?:đơn vị|cơ quan|thành viên|sở|trường|bệnh viện|huyện|doanh nghiệp)[^:.\n]{0,40}?:)"
)
_SHARED_HEAD = re.compile(r"(?:các|Các)\s+(sở|Sở|ban|Ban|trường|Trường|huyện|Huyện|bệnh viện|Bệnh viện|Hội|hội|"
                          r"cục|Cục|chi cục|Chi cục|phòng|Phòng|đài|Đài|xã|phường|công ty|Công ty)\s*:?\s*$")


@dataclass
class Officer:
    role: str
    unit: str
    year: int | None
    start: int
    end: int


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos), text.rfind(";", 0, pos)) + 1
    ends = [i for i in (text.find(".", pos), text.find("\n", pos)) if i != -1]
    return start, min(ends) if ends else len(text)


def _nearest_unit_before(units: list[UnitSpan], pos: int, floor: int) -> UnitSpan | None:
    best = None
    for u in units:
        if floor <= u.start and u.end <= pos:
            best = u
    return best


def _first_unit_after(units: list[UnitSpan], pos: int, ceil: int) -> UnitSpan | None:
    for u in units:
        if u.start >= pos and u.end <= ceil:
            return u
    return None


def extract_officers(text: str, units: list[UnitSpan], people_titles: list[tuple[str, int, int]],
                     kind: str | None, year: int | None) -> list[Officer]:
    """Officers with the year of their term (addendum: current at a review of X → X, newly elected → X+1)."""
    out: list[Officer] = []
    for m in _ROLE.finditer(text):
        role = "pho" if m.group("pho1") else "truong"
        s_start, s_end = _sentence_bounds(text, m.start())
        before = text[max(s_start, m.start() - 60):m.start()]
        after = text[m.end():min(s_end, m.end() + 80)]
        unit: UnitSpan | None = None
        # "X (Khối trưởng)", "X làm Khối trưởng", "X - đơn vị Cụm trưởng", "X là Cụm phó".
        if re.search(r"(?:\(|\blàm\s+|\blà\s+|[-–,]\s*(?:đơn vị\s+)?|\bgiữ\s+(?:vai trò\s+)?|\bvai trò\s+|"
                     r"đảm nhận\s+|đảm nhiệm\s+|được bầu làm\s+|giữ chức\s+|\bđơn vị\s+)\s*$", before):
            cand = _nearest_unit_before(units, m.start(), max(s_start, m.start() - 160))
            if cand and not re.search(r"[.;]", text[cand.end:m.start()]):
                unit = cand
        if unit is None:
            # "Khối trưởng là X", "Khối trưởng: X", "bàn giao Cụm trưởng cho X".
            if re.match(r"\s*(?:năm \d{4}\s*)?(?:là|:|cho|thuộc về|gồm)\s", after + " "):
                unit = _first_unit_after(units, m.end(), min(s_end, m.end() + 120))
        if unit is None:
            # A person's title carries the unit: "Giám đốc Sở Nội vụ – Trưởng Khối".
            for title, t_start, t_end in people_titles:
                if t_end <= m.start() and m.start() - t_end <= 6:
                    cand = _nearest_unit_before(units, t_end + 1, t_start)
                    if cand:
                        unit = cand
                        break
        if unit is None:
            continue
        sentence = text[s_start:s_end]
        local = text[max(s_start, unit.start - 80):min(s_end, m.end() + 40)]
        ym = _YEAR.search(text[m.end():min(s_end, m.end() + 25)]) or _YEAR.search(local)
        elected = bool(_ELECT.search(text[max(s_start, unit.start - 60):m.end()]))
        if _HANDOVER.search(sentence) and re.search(r"\bcho\s*$", text[max(s_start, unit.start - 12):unit.start]):
            elected = True
        if ym and (elected or abs(m.end() - ym.start()) < 30):
            term: int | None = int(ym.group(1))
        elif elected and year is not None:
            term = year + 1 if kind == "tong_ket" else year
        else:
            term = year
        name = clean_unit(unit.text)
        if not any(o.role == role and o.unit == name and o.year == term for o in out):
            out.append(Officer(role, name, term, unit.start, unit.end))
    return out


def _expand_shared(doc: Doc, text: str, start: int, end: int, units: list[UnitSpan]) -> list[tuple[str, int, int]]:
    """Items of a member list from `start` to `end`, writing out a shared head noun."""
    segment = text[start:end]
    head_m = re.search(r"(?:các|Các)\s+(sở|Sở|ban|Ban|trường|Trường|huyện|Huyện|bệnh viện|Bệnh viện|cục|Cục|"
                       r"đài|Đài|xã|phường)\s*:?\s*", segment[:40])
    items: list[tuple[str, int, int]] = []
    inside = [u for u in units if start <= u.start < end]
    if head_m:
        shared = head_m.group(1)
        shared = shared[0].upper() + shared[1:]
        pos = start + head_m.end()
        for part in re.finditer(r"(?:(?!\svà\s)[^,;.])+", text[pos:end]):
            raw = part.group().strip()
            lead = re.match(r"\s*(?:và\s+)?", part.group()).end()
            raw = raw[lead - (len(part.group()) - len(part.group().lstrip())):] if lead else raw
            p_start = pos + part.start() + lead
            if not raw or not raw[0].isupper():
                break
            if any(u.start <= p_start < u.end for u in inside):
                break
            words = raw.split()
            if len(words) > 6:
                break
            items.append((f"{shared} {raw}", p_start, p_start + len(raw)))
        inside = [u for u in inside if u.start >= (items[-1][2] if items else pos)]
    provs = provinces()
    last_unit: UnitSpan | None = None
    for u in inside:
        items.append((clean_unit(u.text), u.start, u.end))
        last_unit = u
    # "BHXH tỉnh Hải Dương, Tuyên Quang, Hải Phòng": bare province names after a unit with a province.
    if last_unit is None and inside:
        last_unit = inside[-1]
    if inside:
        first = inside[0]
        m = re.match(r"(.+?\s(?:tỉnh|thành phố|huyện))\s+\S", first.text)
        if m:
            for part in re.finditer(r",\s*([A-ZĐÀ-Ỹ][^,;.\n]{1,25}?)(?=\s*(?:,|;|\.|\n|và|$))", text[first.end:end]):
                name = part.group(1).strip()
                if name in provs or (len(name.split()) <= 3 and all(w[:1].isupper() for w in name.split())):
                    if not any(u.start <= first.end + part.start(1) < u.end for u in inside):
                        items.append((f"{m.group(1)} {name}", first.end + part.start(1), first.end + part.end(1)))
    return items


def extract_members(doc: Doc, text: str, units: list[UnitSpan]) -> list[tuple[str, int, int]]:
    """Units listed as the bloc's members, in order of first mention."""
    found: list[tuple[str, int, int]] = []
    for m in _MEMBER_CUE.finditer(text):
        context = text[max(0, m.start() - 200):m.start()]
        if not re.search(r"Khối|Cụm|khối|cụm|thành viên", context + m.group()):
            continue
        s_start, s_end = _sentence_bounds(text, m.end())
        end = s_end
        # A list ends at the sentence end or at the first verb phrase after it.
        stop = re.search(r"\s(?:đã|tổ chức|tham dự|cùng|với sự|và đại diện|và lãnh đạo|đại diện)\s", text[m.end():end])
        if stop:
            end = m.end() + stop.start()
        found.extend(_expand_shared(doc, text, m.end(), end, units))
    return found
