"""Synthetic records of the codebook's shape, for benchmarks and tests (no corpus text involved).

`synthetic_records(n)` makes n records: blocs of several provinces reviewing
years in turn, each meeting reported by one to three articles (some giving
a different date, as real reprints do), units written with the usual
abbreviations, heads rotating, scores, rankings, awards and evidence spans.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
from typing import Any, Iterator

from pipeline.store.load import ArticleMeta

PROVINCES = ["Kiên Giang", "An Giang", "Bình Định", "Quảng Nam", "Đà Nẵng", "Hà Giang", "Yên Bái", "Đắk Lắk",
             "Bà Rịa - Vũng Tàu", "Thái Bình", "Long An", "Ninh Thuận"]
UNITS = [
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"), ("Sở Nội vụ", "Sở Nội Vụ"), ("Sở Tư pháp", "Sở Tư Pháp"),
    ("Sở Ngoại vụ", "Sở Ngoại vụ"), ("Văn phòng UBND tỉnh", "VP UBND tỉnh"), ("Sở Tài chính", "Sở Tài Chính"),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"), ("Sở Y tế", "Sở Y Tế"), ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("Sở Lao động, Thương binh và Xã hội", "Sở LĐ-TB&XH"), ("Sở Tài nguyên và Môi trường", "Sở TN&MT"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"), ("Sở Giao thông vận tải", "Sở GTVT"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL"), ("Sở Công Thương", "Sở Công thương"),
    ("Sở Xây dựng", "Sở Xây Dựng"), ("Thanh tra tỉnh", "Thanh tra Tỉnh"), ("Ban Dân tộc", "Ban Dân tộc tỉnh"),
]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Huỳnh Minh Đức", "Võ Thị Hạnh"]
AWARDS = ["Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"]


def _span(rng: random.Random) -> list[list[int]]:
    start = rng.randrange(0, 1800)
    return [[start, start + rng.randrange(5, 40)]]


def synthetic_records(n: int, seed: int = 1, blocs_per_province: int = 6) -> Iterator[tuple[dict[str, Any], ArticleMeta]]:
    """n (record, article metadata) pairs."""
    rng = random.Random(seed)
    made = 0
    year = 2012
    base: dict[tuple[str, int], list[int]] = {}
    first_number = 1
    while made < n:
        year += 1
        if year > 2024:
            year = 2013
            first_number += blocs_per_province  # a new round reports other blocs, so meetings stay distinct
        for p_index, province in enumerate(PROVINCES):
            domain = f"site{p_index}.example.gov.vn"
            for number in range(first_number, first_number + blocs_per_province):
                if made >= n:
                    return
                if (province, number) not in base:
                    base[(province, number)] = random.Random(f"{province}|{number}").sample(range(len(UNITS)), 8)
                members = list(base[(province, number)])
                # Membership changes a little from year to year.
                if rng.random() < 0.3:
                    members[-1] = rng.randrange(len(UNITS))
                members = list(dict.fromkeys(members))
                head = members[year % len(members)]
                deputy = members[(year + 1) % len(members)]
                reports = rng.choice([1, 1, 2, 3])
                day = f"{year + 1}-01-{rng.randrange(10, 28):02d}"
                scores = {m: round(rng.uniform(850, 1000), 1) for m in members}
                ranked = sorted(members, key=lambda m: -scores[m])
                for r in range(reports):
                    if made >= n:
                        return
                    spell = lambda m: UNITS[m][rng.random() < 0.4]  # noqa: E731 - abbreviation or full name
                    date = day if r == 0 or rng.random() < 0.8 else f"{year + 1}-02-0{rng.randrange(1, 9)}"
                    record = {
                        "id": f"syn-{made:06d}",
                        "relevant": True,
                        "bloc": {"name": f"Khối thi đua số {number}", "kind": "khoi", "number": number,
                                 "province": province if rng.random() < 0.7 else None},
                        "event": {"type": "tong_ket", "date": date, "year": year},
                        "members": [spell(m) for m in members],
                        "officers": [{"role": "truong", "unit": spell(head), "year": year},
                                     {"role": "pho", "unit": spell(deputy), "year": year},
                                     {"role": "truong", "unit": spell(deputy), "year": year + 1}],
                        "people": [{"name": name, "title": "Giám đốc"} for name in rng.sample(PEOPLE, 2)],
                        "scores": [{"unit": spell(m), "score": scores[m], "max": rng.choice([1000, None])} for m in members[:5]],
                        "ranking": [{"unit": spell(m), "rank": i} for i, m in enumerate(ranked[:3], 1)],
                        "awards": [{"unit": spell(ranked[0]), "award": rng.choice(AWARDS)}],
                        "attendance": {"present": len(members), "total": len(members)},
                    }
                    record["evidence"] = {
                        field: [_span(rng) for _ in record[field]]
                        for field in ("members", "officers", "people", "scores", "ranking", "awards")
                    } | {"bloc": _span(rng), "event": _span(rng)}
                    meta = ArticleMeta(
                        id=record["id"], url=f"https://{domain}/tin-tuc/{record['id']}", title=f"Hội nghị tổng kết Khối thi đua số {number}",
                        published=f"{day[8:10]}/{day[5:7]}/{day[:4]}", fetched_at="2026-01-01T00:00:00+00:00",
                        text_sha256=f"{made:064x}", site=domain, province_hint=province,
                    )
                    made += 1
                    yield record, meta
