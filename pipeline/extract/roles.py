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

from pipeline.extract.gazetteer import provinces
from pipeline.extract.gazetteer import UNIT_HEADS
from pipeline.extract.sentences import sentence_bounds
from pipeline.extract.units import PLACE_HEADS, UnitSpan, clean_unit, unit_before

_ROLE = re.compile(
    r"(?P<pho1>Phó\s+(?:[Tt]rưởng\s+)?(?:Khối|Cụm|khối|cụm)(?:\s+trưởng)?(?:\s+\d)?|(?:Khối|Cụm|khối|cụm)\s+(?:phó|Phó))|"
    r"(?P<truong>(?:Khối|Cụm|khối|cụm)\s+(?:trưởng|Trưởng)|(?:Trưởng|trưởng)\s+(?:Khối|Cụm|khối|cụm)|"
    r"(?:đơn vị\s+)?[Tt]hường trực\s+(?:Khối|Cụm|khối|cụm))"
)
_ELECTION_BEFORE = re.compile(r"(?:bầu|bầu chọn|bình chọn|suy tôn|giới thiệu)[^.]{0,40}?"
                              r"(?:(?:Khối|Cụm|khối|cụm)\s+(?:trưởng|phó)|(?:[Tt]rưởng|[Pp]hó)(?:\s*,\s*(?:trưởng|phó))?\s+(?:khối|cụm|Khối|Cụm))"
                              r"(?:[^.]{0,60}?năm\s+(?:học\s+)?(\d{4}))?")
_ELECT = re.compile(r"(?<!\w)(?:[Bb]ầu|suy tôn|thống nhất chọn|thống nhất giới thiệu|giới thiệu|chọn|bàn giao|[Tt]rao cờ|"
                    r"[Tt]rao Cờ|tân|nhận nhiệm vụ|đảm nhận|đảm nhiệm|luân phiên|được giao|phân công|nhất trí|"
                    r"[Cc]huyển giao|[Bb]àn giao)(?!\w)")
_HANDOVER = re.compile(r"bàn giao|trao (?:cờ|Cờ)|chuyển giao", re.I)
_YEAR = re.compile(r"năm\s+(\d{4})")
_MEMBER_CUE = re.compile(
    r"(?:gồm(?:\s+có)?|bao gồm|(?:các\s+)?(?:đơn vị|cơ quan|thành viên)\s+(?:trong|thuộc|của)\s+(?:Khối|Cụm|khối|cụm)[^:.\n()]{0,40}?(?::|là|gồm|\()|"
    r"(?:đơn vị|cơ quan)\s+thành viên[^:.\n]{0,30}?(?::|là|gồm|\s)|thành viên\s+(?:Khối|Cụm|khối|cụm)[^:.\n]{0,30}?:|"
    r"\d+\s+(?:đơn vị|cơ quan|thành viên|sở|trường|bệnh viện|huyện|doanh nghiệp)[^:.\n]{0,40}?:)"
)
@dataclass
class Officer:
    role: str
    unit: str
    year: int | None
    start: int
    end: int


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around `pos`, cut at a semicolon before it (clauses of a list of results)."""
    start, end = sentence_bounds(text, pos)
    return max(start, text.rfind(";", start, pos) + 1), end


def _unit_starting_near(units: list[UnitSpan], pos: int, slack: int = 3) -> UnitSpan | None:
    """The unit that starts at `pos` (give or take a few characters of spacing or punctuation)."""
    return next((u for u in units if pos <= u.start <= pos + slack), None)


_ROLE_WORD = r"(?:(?:Khối|Cụm|khối|cụm)\s+(?:trưởng|phó|Trưởng|Phó)|(?:Trưởng|trưởng|Phó|phó)\s+(?:khối|cụm|Khối|Cụm))"
_RESPECTIVELY = re.compile(
    r"(?P<roles>" + _ROLE_WORD + r"(?:\s*(?:,|và)\s*" + _ROLE_WORD + r")+)(?:[^.;:]{0,30}?năm\s+(?P<year>\d{4}))?"
    r"[^.;:]{0,20}?lần lượt (?:là|thuộc về)\s*")


def _respectively(text: str, kind: str | None, year: int | None) -> list[Officer]:
    """"Trưởng khối, Phó khối năm 2023 lần lượt là các Sở: Giáo dục và Đào tạo; Khoa học và Công nghệ"."""
    out: list[Officer] = []
    for m in _RESPECTIVELY.finditer(text):
        roles = ["pho" if re.search(r"phó", r, re.I) else "truong" for r in re.findall(_ROLE_WORD, m.group("roles"))]
        pos = m.end()
        shared = None
        head_m = re.match(r"(?:các\s+|Các\s+)(sở|Sở|ban|Ban|đơn vị|huyện)\s*:?\s*", text[pos:])
        if head_m:
            shared = head_m.group(1)[0].upper() + head_m.group(1)[1:]
            shared = None if shared == "Đơn vị" else shared
            pos += head_m.end()
        items = parse_member_list(text, pos, list_end(text, pos), shared)
        if m.group("year"):
            term: int | None = int(m.group("year"))
        else:
            term = year + 1 if (kind == "tong_ket" and year is not None) else year
        for role, (name, a, b) in zip(roles, items):
            out.append(Officer(role, name, term, a, b))
    return out


def extract_officers(text: str, units: list[UnitSpan], people_titles: list[tuple[str, int, int]],
                     kind: str | None, year: int | None) -> list[Officer]:
    """Officers with the year of their term (addendum: current at a review of X → X, newly elected → X+1)."""
    out: list[Officer] = _respectively(text, kind, year)
    taken = [(o.start, o.end) for o in out]
    roles = list(_ROLE.finditer(text))
    paired = {k for k in range(len(roles) - 1)
              if re.fullmatch(r"\s*(?:và|,)\s*", text[roles[k].end():roles[k + 1].start()])}
    paired |= {k + 1 for k in paired}
    for k, m in enumerate(roles):
        if any(abs(m.start() - a) < 80 and m.start() < a for a, _ in taken):
            continue  # already read as "… lần lượt là …"
        if k in paired:
            continue  # "bầu cụm trưởng và cụm phó … là X (Cụm trưởng) và Y (Cụm phó)": the pair only announces
        role = "pho" if m.group("pho1") else "truong"
        s_start, s_end = _sentence_bounds(text, m.start())
        before = text[max(s_start, m.start() - 60):m.start()]
        after = text[m.end():min(s_end, m.end() + 80)]
        unit: UnitSpan | None = None
        elected_here = False
        # A handover names the new officer after "cho": "bàn giao Cụm trưởng năm 2021 từ X cho Y",
        # "chuyển giao vai trò cụm trưởng cho Y".
        handover = re.match(r"[^.;]{0,90}?\bcho\s+(?:đơn vị\s+|[Ll]ãnh đạo\s+)?", after) if _HANDOVER.search(
            text[max(s_start, m.start() - 60):m.end()]) else None
        if handover:
            unit = _unit_starting_near(units, m.end() + handover.end())
            elected_here = unit is not None
        announced = False
        if unit is None:
            # "Khối trưởng là X", "Khối trưởng: X", "bàn giao Cụm trưởng cho X".
            link = re.match(r"\s*[-–(]\s*(?=[A-ZĐ])|\s*(?:\d\s*)?(?:(?:của\s+)?(?:khối|cụm|Khối|Cụm)[^.;:]{0,60}?)?"
                            r"(?:năm \d{4}\s*)?(?:là|:|cho|thuộc về|gồm)\s+(?:đơn vị\s+)?", after + " ")
            if link:
                unit = _unit_starting_near(units, m.end() + link.end())
                announced = unit is not None
        # "X (Khối trưởng)", "X làm Khối trưởng", "X - đơn vị Cụm trưởng", "X là Cụm phó".
        if unit is None and re.search(r"(?:\(|\blàm\s+|\blà\s+|[-–,]\s*(?:đơn vị\s+)?|\bgiữ\s+(?:vai trò\s+)?|\bvai trò\s+|"
                     r"đảm nhận\s+|đảm nhiệm\s+|được bầu làm\s+|giữ chức\s+|\bđơn vị\s+)\s*$", before):
            cand = unit_before(units, m.start(), max(s_start, m.start() - 160))
            if cand and not re.search(r"[.;]", text[cand.end:m.start()]):
                unit = cand
        if unit is None:
            # A person's title carries the unit: "Giám đốc Sở Nội vụ – Trưởng Khối".
            for title, t_start, t_end in people_titles:
                if t_end <= m.start() and re.fullmatch(r"\s*[,–-]?\s*(?:đơn vị\s+|đại diện\s+)?", text[t_end:m.start()]):
                    # The first position's unit: "Trưởng ban Dân vận Tỉnh ủy, Phó Chủ tịch HĐND tỉnh, đơn vị
                    # trưởng Khối" makes the Ban Dân vận the head.
                    cand = next((u for u in units if t_start <= u.start and u.end <= t_end + 1), None)
                    if cand:
                        unit = cand
                        break
        if unit is None:
            continue
        sentence = text[s_start:s_end]
        local = text[max(s_start, unit.start - 80):min(s_end, m.end() + 40)]
        ym = _YEAR.search(text[m.end():min(s_end, m.end() + 25)]) or _YEAR.search(local)
        elect_cues = list(_ELECT.finditer(text, s_start, m.start()))
        elected = elected_here or bool(elect_cues) or bool(_ELECT.search(text[max(s_start, unit.start - 60):m.end()]))
        # "bầu chọn cụm trưởng và cụm phó … năm 2023 là X (Cụm trưởng)": the year named after the election verb.
        elect_year = _YEAR.search(text, elect_cues[-1].end(), m.start()) if elect_cues else None
        if _HANDOVER.search(sentence) and re.search(r"\bcho\s*$", text[max(s_start, unit.start - 12):unit.start]):
            elected = True
        # "… bầu Khối trưởng, Khối phó năm học 2023-2024 trong đó – Khối trưởng: X": the election
        # was announced just before the list that names the officers.
        election = None
        if announced:
            for election in _ELECTION_BEFORE.finditer(text[max(0, m.start() - 400):m.start()]):
                pass
        if election:
            elected = True
        right_after = _YEAR.match(text[m.end():min(s_end, m.end() + 40)].lstrip(" ,") or "") or re.match(
            r"\s*(?:(?:khối|cụm|Khối|Cụm|thi đua)[^.;:]{0,60}?)?năm\s+(?:học\s+)?(\d{4})", text[m.end():min(s_end, m.end() + 80)])
        opening = re.match(r"\s*(?:Trong\s+)?[Nn]ăm\s+(\d{4})\s*,", text[s_start:m.start()])
        if right_after:
            term: int | None = int(right_after.group(1))
        elif opening:
            term = int(opening.group(1))  # "Năm 2019, X được bầu làm Cụm trưởng": the year is stated
        elif election and election.group(1):
            term = int(election.group(1))
        elif elect_year:
            term = int(elect_year.group(1))
        elif elected and year is not None:
            term = year + 1 if kind == "tong_ket" else year
        elif ym and not elected and abs(m.end() - ym.start()) < 30:
            term = int(ym.group(1))
        else:
            term = year
        name = clean_unit(unit.text)
        if not any(o.role == role and o.unit == name and o.year == term for o in out):
            out.append(Officer(role, name, term, unit.start, unit.end))
    return out


# Names that contain a comma or "và" and stay one list item.
_PROTECTED = [
    "Lao động, Thương binh và Xã hội", "Lao động - Thương binh và Xã hội", "Lao động – Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch", "Văn hóa - Thể thao và Du lịch", "Văn hóa, Thông tin", "Giáo dục và Đào tạo",
    "Khoa học và Công nghệ", "Kế hoạch và Đầu tư", "Tài nguyên và Môi trường", "Thông tin và Truyền thông",
    "Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và PTNT", "Văn hóa và Thể thao", "Nông nghiệp và Môi trường",
    "Dân tộc và Tôn giáo", "Phát thanh và Truyền hình", "Khoa học và Kỹ thuật", "Văn học và Nghệ thuật",
    "Đoàn Đại biểu Quốc hội và Hội đồng nhân dân", "Đoàn ĐBQH và HĐND", "HĐND và UBND", "Hội đồng nhân dân và Ủy ban nhân dân",
    "Xây dựng và Phát triển", "Đầu tư và Phát triển", "Công nghiệp và Thương mại", "Giao thông và Vận tải",
    "Thể dục và Thể thao", "Du lịch và Thể thao", "Tư pháp và Hộ tịch", "Đào tạo, bồi dưỡng", "Thương binh và Xã hội",
]
_LEVELS = r"(?:tỉnh,?\s*thành phố|tỉnh,?\s*thành|tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)"
_ROLE_BRACKET = re.compile(r"\s*\((?:đơn vị\s+)?(?:Khối|Cụm|khối|cụm|Trưởng|trưởng|Phó|phó)[^)]*\)|\s*\([^)]{1,12}\)")
_ITEM_STOP = re.compile(r"\s(?:đã|đang|tổ chức|tham dự|cùng|với sự|đại diện|đến dự|tiến hành|thống nhất|ký kết|"
                        r"thực hiện|tham gia|trong đó|được|do|làm|là|vừa|năm \d{4}|tại|họp|ký|bàn|thảo luận|"
                        r"triển khai|sơ kết|tổng kết|phát động|đăng cai|chủ trì|nhóm họp|gặp mặt)\b")
_SHARED_BEFORE = re.compile(r"(?:các|Các)\s+(sở|Sở|ban|Ban|trường|Trường|bệnh viện|Bệnh viện|cục|Cục|đài|Đài|"
                            r"hội|Hội|công ty|Công ty|phòng|Phòng|chi cục|Chi cục)"
                            r"(?:\s*,\s*(?:ban\s*,\s*)?ngành)?(?:\s+(?:thuộc|trong|của)\s+(?:Khối|Cụm|khối|cụm)[^:.;]{0,30}?)?"
                            r"\s*(?:gồm|bao gồm)?\s*:?\s*$")
_BRACKET_AFTER_BLOC = re.compile(r"(?:Khối|Cụm|khối|cụm)(?:\s+[^\s()]+){0,6}?\s*\(\s*(?:gồm\s*:?\s*)?(?:\d{1,2}\s+)?"
                                 r"(?:tỉnh|thành phố|tỉnh, thành phố|đơn vị|huyện|trường|cơ quan)?\s*:?\s*(?=[A-ZĐ])")
_PLACE_LIST = re.compile(r"(?:các|\d{1,2})\s+(?P<level>" + _LEVELS + r")(?![\w])(?P<tail>[^:;.\n]{0,70}?)(?:\s+gồm(?:\s+có)?|:|\s+là)\s*:?\s*"
                         r"|(?:các|\d{1,2})\s+(?P<level2>" + _LEVELS + r")\s+(?=[A-ZĐ])")


def _mask(region: str) -> str:
    """Hide the commas and "và" inside protected names so that splitting leaves them whole."""
    masked = region
    low = region.lower()
    for phrase in _PROTECTED:
        pl = phrase.lower()
        pos = low.find(pl)
        while pos != -1:
            inner = masked[pos:pos + len(pl)].replace(",", "\x00").replace(" và ", " \x01\x01 ").replace("-", "\x02").replace("–", "\x02")
            masked = masked[:pos] + inner + masked[pos + len(pl):]
            pos = low.find(pl, pos + len(pl))
    return masked


def split_list(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The items of an enumeration between start and end, with their offsets.

    "và" ends an item only where the next one starts with a head noun, or when
    the items are bare names: "Quỹ Bảo vệ và Phát triển rừng" is one unit,
    "Hưng Yên, Hải Dương và Quảng Ninh" three.
    """
    masked = _mask(text[start:end])
    items = []
    pos = 0
    for m in re.finditer(r"\s*(?:[,;]\s*(?:và\s+)?|\s+và\s+(?:các\s+(?=" + _LEVELS + r"\s))?|\n\s*[-–•]\s+)", masked):
        chunk = masked[pos:m.start()]
        chunk = chunk[chunk.rfind(":") + 1:].lstrip()  # "trong Cụm: Quỹ …" — the item starts after the colon
        if m.group().strip() == "và" and _HEAD_START.match(chunk) and not _HEAD_START.match(masked[m.end():]):
            continue
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, len(masked)))
    out = []
    for a, b in items:
        raw = text[start + a:start + b]
        lead = len(raw) - len(raw.lstrip())
        raw = raw.strip()
        if raw:
            out.append((raw, start + a + lead, start + a + lead + len(raw)))
    return out


def _clean_item(raw: str) -> str:
    item = re.sub(r"\s*\([^)]*\)|\s*\([^)]*$", "", raw)  # roles, abbreviations and asides in brackets
    item = re.sub(r"(?:\s+(?:và|các))+\s*$", "", item)
    item = re.sub(r"^(?:và|các|đơn vị|cơ quan|Đồng chí|đồng chí)\s+", "", item.strip())
    item = re.sub(r"^\d{1,2}\s+(?=[A-ZĐ])", "", item)
    item = re.split(r"\s+(?:của|trong|thuộc|trên)\s+", item)[0]
    m = _ITEM_STOP.search(" " + item)
    if m:
        item = item[:max(0, m.start() - 1)]
    return clean_unit(item)


_HEAD_START = re.compile(r"^(?:" + "|".join(re.escape(h) for h in sorted(UNIT_HEADS + PLACE_HEADS, key=len, reverse=True)) + r")(?![\w])")


# Heads whose name is completed by a place ("Huyện ủy Ea H'leo"): a bare place after one takes its head.
_PLACE_BOUND_HEAD = re.compile(r"(?:Huyện ủy|Thị ủy|Thành ủy|Quận ủy|Huyện uỷ|Thị uỷ|Thành uỷ|UBND|BHXH|VKSND|TAND|Công an|"
                               r"Thanh tra|Chi cục Thuế|Chi cục|Kho bạc Nhà nước|Hội Nhà báo|Đài PT-TH|Đài PTTH)\s+(?=[A-ZĐ])")


def parse_member_list(text: str, start: int, end: int, shared: str | None = None) -> list[tuple[str, int, int]]:
    """Member names from an enumeration, writing out a shared head ("các sở: Nội vụ, Y tế")."""
    out: list[tuple[str, int, int]] = []
    level: str | None = None
    for raw, a, b in split_list(text, start, end):
        if ":" in raw and not out:
            # "6 Thuế tỉnh: Phú Thọ" — the words before the colon are the shared head;
            # "trong Cụm: Quỹ …" — a lower-case lead-in before the colon is dropped.
            head, _, rest = raw.partition(":")
            head = re.sub(r"^(?:\d{1,2}|các|Các)\s+", "", head.strip())
            limit = 12 if _HEAD_START.match(head) else 6  # "Ban Quản lý dự án … các công trình: Giao thông, …"
            if head and head[0].isupper() and len(head.split()) <= limit:
                shared = head
            if head and (head[0].isupper() and len(head.split()) <= limit or head[0].islower()):
                a += len(raw) - len(rest.lstrip())
                raw = rest.strip()
        item = _clean_item(raw)
        if shared and not out and item[:1].islower():
            # "7 trường chính trị tỉnh Bắc Giang, Bắc Kạn": the head continues in the first item.
            item, shared = f"{shared} {item}", None
        lm = re.match(r"(.*?(?:^|\s)" + _LEVELS + r")\s+[A-ZĐ]", item)
        head_m = _PLACE_BOUND_HEAD.match(item)
        if lm:
            level = lm.group(1)  # "BHXH tỉnh Hải Dương" → later bare names take "BHXH tỉnh"
        elif head_m and not shared:
            level = head_m.group(0).strip()  # "Huyện ủy Ea H'leo, Krông Pắc" → "Huyện ủy Krông Pắc"
        elif level and not _HEAD_START.match(item) and len(item.split()) <= 4 and all(
                w[:1].isupper() for w in item.split()):
            item = f"{level} {item}"  # "phường Bến Cát, Tân Uyên" → "phường Tân Uyên"
        if not item or not item[0].isupper() and not re.match(r"(?:sở|ban|huyện|tỉnh|thành phố|thị xã|xã|phường)\s", item):
            break
        words = item.split()
        if len(words) > 22:  # syllables: "Ban Quản lý dự án đầu tư xây dựng các công trình Giao thông tỉnh" has 15
            break
        if item.startswith(("Khối", "Cụm")):
            continue  # the bloc itself, named inside its own list
        level_item = re.match(_LEVELS + r"\s", item) is not None
        if (_HEAD_START.match(item) and not (shared and level_item)) or not shared:
            if not _HEAD_START.match(item) and len(words) > 8:
                break
            out.append((item, a, a + len(item)))
        else:
            out.append((f"{shared} {item}", a, a + len(item)))
        if raw != item and _ITEM_STOP.search(" " + raw) and not _ROLE_BRACKET.search(raw):
            break  # the list ended inside this item ("… Ngoại vụ tổ chức hội nghị")
    return out


def list_end(text: str, start: int) -> int:
    s_start, s_end = _sentence_bounds(text, start)
    end = s_end
    close = text.find(")", start, end)
    open_ = text.rfind("(", max(0, start - 80), start)
    if close != -1 and open_ != -1 and text.find(")", open_, start) == -1:
        end = close
    return end


_SHARED_NAMED = re.compile(r"(?:các|Các)\s+(sở|Sở|đài|Đài|ban|Ban|trường|Trường)\s+([A-ZĐ][\w&-]*(?:\s+[A-ZĐ][\w&-]*){0,2})"
                           r"(?:\s+(?:thuộc|trong|của)\s+(?:Khối|Cụm|khối|cụm)[^:.;]{0,30}?)?\s*(?:gồm|bao gồm|:)\s*:?\s*$")


def _shared_head_before(text: str, pos: int, units: list[UnitSpan]) -> tuple[str | None, str | None]:
    """('Sở', None) for "các sở:", ('Sở VH-TT&DL', None) for "các sở VH-TT&DL thuộc Cụm gồm:"."""
    window = text[max(0, pos - 120):pos]
    m = _SHARED_BEFORE.search(window)
    if m:
        head = m.group(1)
        return head[0].upper() + head[1:], None
    m = _SHARED_NAMED.search(window)
    if m:
        return f"{m.group(1)[0].upper()}{m.group(1)[1:]} {m.group(2)}", None
    return None, None


def extract_members(text: str, units: list[UnitSpan]) -> list[tuple[str, int, int]]:
    """Units listed as the bloc's members, in order of first mention."""
    found: list[tuple[str, int, int]] = []
    covered: list[tuple[int, int]] = []
    # "Thanh tra 5 tỉnh: Hưng Yên, Vĩnh Phúc…" → "Thanh tra tỉnh Hưng Yên", …
    for m in _PLACE_LIST.finditer(text):
        context = text[max(0, m.start() - 250):m.end() + 250]
        if not re.search(r"Khối|Cụm|khối|cụm", context):
            continue
        level = m.group("level") or m.group("level2")
        level = "tỉnh" if level.startswith("tỉnh") and "," not in level else level
        head = _head_before(text, m.start(), units)
        if "thành viên" in (m.group("tail") or ""):
            head = None  # "12 phường thành viên gồm: …": the places themselves are the members
        if head is None:
            continue
        head_at = text.rfind(head.split()[0], max(0, m.start() - len(head) - 20), m.start())
        lead = text[max(0, head_at - 40):max(0, head_at)]
        if re.search(r"(?:lãnh đạo|đại diện|đại biểu|tham dự|đến dự|có sự tham gia của|chứng kiến)\s*(?:các\s+)?$", lead) and \
                not re.search(r"thuộc|trong|thành viên", m.group("tail") or ""):
            continue  # "lãnh đạo Công an các tỉnh: …" names who attended, not who belongs (addendum D1)
        end = list_end(text, m.end())
        items = parse_member_list(text, m.end(), end)
        for item, a, b in items:
            if _HEAD_START.match(item) and not re.match(_LEVELS + r"\s", item):
                found.append((item, a, b))  # "Công an 6 tỉnh, gồm: Công an tỉnh Thanh Hóa, …"
            elif re.match(_LEVELS + r"\s", item) or "," in level:
                found.append((f"{head} {item}", a, b))
            else:
                found.append((f"{head} {level} {item}", a, b))
        if items:
            covered.append((m.start() - len(head) - 1, end))
    # "Cụm Thi đua số IV (09 tỉnh Phú Yên, Bình Định, …)": the bloc's members in brackets after its name.
    for m in _BRACKET_AFTER_BLOC.finditer(text):
        pos = m.end()
        close = text.find(")", pos, pos + 400)
        if close == -1:
            continue
        items = parse_member_list(text, pos, close)
        if len(items) >= 2:
            found.extend(items)
            covered.append((pos, close))
    for m in _MEMBER_CUE.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        context = text[max(0, m.start() - 400):m.start()]
        if not re.search(r"Khối|Cụm|khối|cụm|thành viên", context + m.group()):
            continue
        shared, _ = _shared_head_before(text, m.end(), units)
        after = re.match(r"\s*(?:có\s+)?(?:\d{1,2}\s+(?!(?:sở|Sở|ban|Ban|trường|Trường|bệnh viện|cục|Cục|đài|Đài|hội|Hội)\b))?"
                         r"(?:các\s+(?=đơn vị|cơ quan|thành viên))?"
                         r"(?:(?:đơn vị|cơ quan|thành viên)|(?<=\d\s)(?:tỉnh|thành phố|huyện|xã|phường)(?=\s*(?:là|:)))?"
                         r"\s*(?:là|gồm)?\s*:?\s*\(?\s*", text[m.end():])  # "gồm 7 đơn vị (Sở Du lịch, …)"
        pos = m.end() + (after.end() if after else 0)
        heads = (r"(sở|Sở|ban|Ban|trường|Trường|bệnh viện|cục|Cục|đài|Đài|hội|Hội|"
                 r"huyện|thị xã|xã|phường|quận|tỉnh|thành phố)")
        head_m = re.match(r"(?:(?:các|Các|\d{1,2})\s+" + heads + r"\s*:?\s*(?=[A-ZĐ]|[a-zđà-ỹ]+\s+[a-zđà-ỹ]+\s+(?:tỉnh|thành phố))|"
                          + heads.replace("(", "(?P<colon>", 1) + r"\s*:\s*(?=[A-ZĐ]))", text[pos:])
        prefix_m = re.match(r"((?:" + "|".join(re.escape(h) for h in UNIT_HEADS) + r")(?:\s+[A-ZĐ][\w&-]*){0,3})\s+các\s+"
                            r"(?:đơn vị|cơ quan)\s*:\s*", text[pos:])
        if prefix_m:
            # "Thanh tra các đơn vị: Sở Tài chính, Sở Xây dựng" → "Thanh tra Sở Tài chính", …
            pos += prefix_m.end()
            for item, a, b in parse_member_list(text, pos, list_end(text, pos)):
                found.append((f"{prefix_m.group(1)} {item}", a, b))
            continue
        wide_m = re.match(r"(?:các\s+|Các\s+)((?:" + "|".join(re.escape(h) for h in UNIT_HEADS) + r")(?:\s+[A-ZĐ][\w&]*(?:\s+[a-zđà-ỹ]+)?){0,3})\s*:\s*", text[pos:])
        if wide_m:
            shared = wide_m.group(1)
            pos += wide_m.end()
        elif head_m:
            word = head_m.group(1) or head_m.group("colon")
            shared = word if re.fullmatch(_LEVELS, word) else word[0].upper() + word[1:]
            pos += head_m.end()
        for item in parse_member_list(text, pos, list_end(text, pos), shared):
            if not any(a <= item[1] < b for a, b in covered):
                found.append(item)
    # "Sở Xây dựng" read bare by one cue and "Thanh tra Sở Xây dựng" by another: keep the full form.
    names = [n for n, _, _ in found]
    return [f for f in found if not any(o != f[0] and o.endswith(" " + f[0]) and _HEAD_START.match(o) for o in names)]


def _head_before(text: str, pos: int, units: list[UnitSpan]) -> str | None:
    """The head written before "các tỉnh": a unit ending there, or a known head noun ("thanh tra", "Công an")."""
    while True:
        m = re.search(r"\s*(?:của|các|thuộc)\s*$", text[max(0, pos - 12):pos])
        if not m or m.start() == m.end():
            break
        pos = max(0, pos - 12) + m.start()
    for u in units:
        if 0 <= pos - u.end <= 1:
            return clean_unit(u.text)
    m = re.search(r"(?:^|[\s(])(" + "|".join(re.escape(h) for h in sorted(UNIT_HEADS, key=len, reverse=True))
                  + r")((?:\s+[A-ZĐ][\w&.-]*|\s*-\s*[A-ZĐ][\w&.]*){0,3})\s*$", text[max(0, pos - 60):pos], re.I)
    if m:
        head = (m.group(1) + m.group(2)).strip()
        return head[0].upper() + head[1:]
    return None
