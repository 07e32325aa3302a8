"""Word lists of the genre: public-body head nouns, titles, honorifics, surnames.

All entries are in the working form of the text (NFC, new-style tone marks).
Longer entries win where lists overlap, because the matchers take the longest
match at a position.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Callable

# Head nouns that start the name of a public body, an enterprise or a school.
UNIT_HEADS = [
    "Sở", "Ban", "Văn phòng", "VP", "Thanh tra", "Công an", "Bộ Chỉ huy", "Bộ chỉ huy", "BCH",
    "Bộ CHQS", "BCHQS", "Bộ đội Biên phòng", "Bộ đội biên phòng", "BĐBP", "Viện kiểm sát", "Viện Kiểm sát",
    "VKSND", "VKS", "Tòa án", "Toà án", "TAND", "Cục", "Chi cục", "Kho bạc", "KBNN", "Bảo hiểm xã hội",
    "Bảo hiểm Xã hội", "BHXH", "Đài", "Báo", "Tạp chí", "Hội", "Liên đoàn", "Liên hiệp", "Ủy ban", "UBND",
    "UBMTTQ", "UBMTTQVN", "UB.MTTQ", "UBMTTQ tỉnh", "Ủy ban MTTQ", "Ủy ban Mặt trận", "Mặt trận", "Huyện ủy", "Thành ủy", "Thị ủy", "Quận ủy",
    "Tỉnh ủy", "Đảng ủy", "Đảng bộ", "Tỉnh đoàn", "Tỉnh Đoàn", "Thành đoàn", "Huyện đoàn", "Đoàn",
    "Trường", "Học viện", "Đại học", "Bệnh viện", "Trung tâm", "Công ty", "Tổng công ty", "Tập đoàn",
    "Ngân hàng", "NHNN", "Quỹ", "Liên minh", "Hợp tác xã", "Phòng", "Điện lực", "Cảng vụ", "Chi nhánh",
    "CN", "Ban Quản lý", "BQL", "Vườn quốc gia", "Hạt kiểm lâm", "Nhà xuất bản", "Thư viện", "Bảo tàng",
    "Trại giam", "Cảnh sát", "Phòng Cảnh sát", "Bộ", "Tổng cục", "Trung đoàn", "Sư đoàn", "Lữ đoàn",
    "Hải đoàn", "Đồn Biên phòng", "Bưu điện", "Viễn thông", "Thuế", "Hải quan", "Cục Thuế", "Cục Hải quan",
    "Kiểm toán", "Thông tấn xã", "Viettel", "VNPT", "Agribank", "Vietcombank", "BIDV", "Vietinbank",
    "Công đoàn", "Hội đồng", "HĐND", "Ủy ban Kiểm tra", "UBKT", "Sở GD&ĐT", "Sở KH&ĐT", "Sở LĐ-TB&XH",
    "Trường Chính trị", "Trường chính trị", "Đoàn Đại biểu", "Đoàn ĐBQH", "ĐH", "CĐ", "THPT", "THCS",
    "Trung cấp", "Cao đẳng", "Thành Đoàn", "Thành đoàn", "Tổng LĐLĐ", "LĐLĐ", "Liên đoàn Lao động",
    "Ban quản lý", "Ban Quản lý", "UB", "UB MTTQ", "Bộ Tư lệnh", "Học viện", "Viện", "Nhà máy", "Xí nghiệp",
    "Vụ", "Cơ quan điều tra", "Cơ quan Thường trực",
]

# Department names that contain a comma: one unit, not two.
COMMA_NAMES = [
    "Lao động, Thương binh và Xã hội", "Lao động - Thương binh và Xã hội", "Lao động – Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch", "Văn hóa - Thể thao và Du lịch", "Văn hóa, Thông tin, Thể thao và Du lịch",
    "Văn hóa, Thông tin", "Văn hóa, Thể thao", "Khoa học, Công nghệ và Môi trường", "Thông tin, Truyền thông",
    "Lao động, Thương binh", "Lao động Thương binh và Xã hội", "LĐ, TB&XH", "LĐ, TB và XH",
    "Văn hoá, Thể thao và Du lịch", "Kế hoạch, Đầu tư", "Dân tộc, Tôn giáo", "Giáo dục, Đào tạo",
    # Joined offices: one unit although a head noun follows "và".
    "Đoàn Đại biểu Quốc hội và Hội đồng nhân dân", "Đoàn ĐBQH và HĐND", "Đoàn ĐBQH và Hội đồng nhân dân",
    "Đoàn Đại biểu Quốc hội và HĐND",
]

# Position words that begin an official's title.
TITLE_HEADS = [
    "Giám đốc", "Phó Giám đốc", "Phó giám đốc", "Tổng Giám đốc", "Phó Tổng Giám đốc", "Chủ tịch", "Phó Chủ tịch",
    "Phó chủ tịch", "Bí thư", "Phó Bí thư", "Phó bí thư", "Trưởng ban", "Trưởng Ban", "Phó Trưởng ban",
    "Phó Trưởng Ban", "Phó trưởng ban", "Chánh Thanh tra", "Chánh thanh tra", "Phó Chánh Thanh tra",
    "Phó Chánh thanh tra", "Chánh Văn phòng", "Chánh văn phòng", "Phó Chánh Văn phòng", "Phó Chánh văn phòng",
    "Viện trưởng", "Phó Viện trưởng", "Chánh án", "Phó Chánh án", "Cục trưởng", "Phó Cục trưởng",
    "Chi cục trưởng", "Phó Chi cục trưởng", "Tổng Biên tập", "Tổng biên tập", "Phó Tổng Biên tập",
    "Phó Tổng biên tập", "Hiệu trưởng", "Phó Hiệu trưởng", "Chỉ huy trưởng", "Phó Chỉ huy trưởng",
    "Chính ủy", "Phó Chính ủy", "Chính trị viên", "Tư lệnh", "Phó Tư lệnh", "Thủ trưởng", "Trưởng phòng",
    "Phó Trưởng phòng", "Phó trưởng phòng", "Ủy viên", "Uỷ viên", "UVTV", "UVBTV", "Thứ trưởng", "Bộ trưởng",
    "Trưởng Đoàn", "Phó Trưởng Đoàn", "Phó Trưởng đoàn", "Trưởng đoàn", "Phó Chủ nhiệm", "Chủ nhiệm",
    "Tổng Thư ký", "Thư ký", "Đại biểu Quốc hội", "Giám đốc Sở", "Phó Giám đốc Sở", "Trưởng Công an",
    "Phó Trưởng Công an", "Trưởng Khối", "Trưởng khối", "Khối trưởng", "Cụm trưởng", "Trưởng Cụm",
    "Trưởng cụm", "Phó Chánh", "Chánh", "Trưởng", "Phó Trưởng", "Giám đốc Công an", "Phó Giám đốc Công an",
    "Phó Tổng cục trưởng", "Tổng cục trưởng", "Phó Thủ tướng", "Thủ tướng", "Chủ tịch Hội đồng",
    "Thường trực", "Tỉnh ủy viên", "Thành ủy viên", "Huyện ủy viên", "Quyền", "Vụ trưởng", "Phó Vụ trưởng",
    "Phó ban", "Phó Ban", "GĐ", "PGĐ", "Bí Thư", "Phó Bí Thư", "Trưởng ban", "Phó Tổng Cục trưởng",
    "Tổng Cục trưởng", "Trung đoàn trưởng", "Chỉ huy phó", "Đoàn trưởng", "Chủ tịch nước", "Phó Chủ tịch nước",
    "Tổng Thanh tra", "Phó Tổng Thanh tra", "Tổng Kiểm toán", "Viện phó", "Chánh Văn phòng Đoàn",
]

HONORIFICS = ["ông", "bà", "đồng chí", "Đồng chí", "Ông", "Bà", "đ/c", "Đ/c", "Đ/C", "anh", "chị", "Anh", "Chị"]

# Military and police ranks and academic titles: not part of the name (codebook).
RANKS = [
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá",
    "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy", "Giáo sư", "Phó Giáo sư", "GS", "PGS", "TS", "ThS", "BS",
    "Tiến sĩ", "Thạc sĩ", "Bác sĩ", "Luật sư", "Kỹ sư", "Nhà báo", "Nghệ sĩ", "NSND", "NSƯT", "CKII", "CKI",
    "BSCKII", "BSCKI", "PGS.TS", "GS.TS", "Đại đức", "Thượng tọa", "Hòa thượng", "Linh mục", "Mục sư",
]

# Vietnamese family names: a capitalised run starting with one of these is a person.
SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Lâm", "Phùng", "Mai", "Tô", "Hà", "Tạ", "Lương",
    "Đinh", "Cao", "Lưu", "Chu", "Thái", "Quách", "Tăng", "Kiều", "La", "Lại", "Châu", "Mạc", "Thân", 
    "Triệu", "Đàm", "Từ", "Tôn", "Thạch", "Khúc", "Nông", "Lò", "Lường", "Cầm", "Hà", "Quan", "Ma", "Sầm",
    "H'", "Ksor", "Rơ", "Siu", "Rah", "Nay", "Kpă", "Danh", "Lục", "Giàng", "Sùng",
    "Vàng", "Thào", "Mùa", "Hầu", "Tòng", "Lộc", "Bế", "Hứa", "Nghiêm", "Doãn", "Khổng", "Mẫn", 
    "Diệp", "Âu", "Tống", "Bạch", "Tiêu", "Viên", "Giáp", "Khương", "Thiều", "Phí",
    "Kha", "Lã", "Đường", "Bàn", "Liêu", "Nhữ", "Tất", "Nhan", "Âu", "Bành", "Cù",
    "Mã", "Mang", "Ngọ", "Sái", "Tiết", "Trình", "Tưởng", "Vi", "Lữ", "Thiệu", "Đậu",
    "Hàn", "Khuất", "Lều", "Nhâm", "Ôn", "Thang", "Vòng", "Ung", "Điểu", "Kring", "Bế", "Lô", "Hoàng Thị",
]


def _case_variants(heads: list[str]) -> list[str]:
    """'Phó Trưởng Ban' also as 'Phó trưởng ban' and 'Phó trưởng Ban': sources vary the case of inner words."""
    out = list(heads)
    for h in heads:
        words = h.split()
        if len(words) >= 2:
            out.append(" ".join([words[0]] + [w.lower() for w in words[1:]]))
            out.append(" ".join([words[0]] + [w.lower() for w in words[1:-1]] + [words[-1]]))
    return list(dict.fromkeys(out))


TITLE_HEADS = _case_variants(TITLE_HEADS)


def index_by_first(phrases: list[str], tokenize: Callable[[str], list[str]]) -> dict[str, list[list[str]]]:
    """Token sequences keyed by their first token, longest first: a lookup per token, not a scan."""
    index: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        words = tokenize(phrase)
        index.setdefault(words[0], []).append(words)
    for seqs in index.values():
        seqs.sort(key=len, reverse=True)
    return index


@lru_cache(maxsize=1)
def provinces() -> list[str]:
    """Short names of the provinces before and after 1 July 2025, plus spellings seen in news."""
    data = resources.files("vietnamadminunits").joinpath("data")
    names: set[str] = set()
    for fname in ("parser_legacy.json", "parser_from_2025.json"):
        table = json.loads(data.joinpath(fname).read_text("utf-8"))["DICT_PROVINCE"]
        names.update(v["provinceShort"] for v in table.values())
    # Spellings the package does not carry but articles use.
    names.update({"Thừa Thiên Huế", "Thừa Thiên - Huế", "TP.HCM", "TPHCM", "TP HCM", "Đắc Lắc", "Đăk Lăk",
                  "Đắk Nông", "Đăk Nông", "Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu", "Hoà Bình", "Khánh Hoà",
                  "Thanh Hoá", "Kon Tum", "Kontum"})
    return sorted(names, key=len, reverse=True)


# The canonical short name of the province spellings above.
PROVINCE_CANONICAL = {
    "TP.HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "TP HCM": "Hồ Chí Minh", "Đắc Lắc": "Đắk Lắk",
    "Đăk Lăk": "Đắk Lắk", "Đăk Nông": "Đắk Nông", "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu", "Thừa Thiên - Huế": "Thừa Thiên Huế", "Kontum": "Kon Tum",
    "Hoà Bình": "Hòa Bình", "Khánh Hoà": "Khánh Hòa", "Thanh Hoá": "Thanh Hóa",
}
