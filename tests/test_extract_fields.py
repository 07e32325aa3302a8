"""Every record field, on sentences written for these tests in the genre's phrasings.

None of these sentences comes from the shared corpus; names of people are
invented.
"""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.corpus import Article
from pipeline.extract import extract_article
from pipeline.record import schema_errors


def rec(text: str, title: str | None = None, published: str | None = None) -> dict:
    record = extract_article(Article(id="t", text=text, title=title, published=published))
    assert schema_errors(record) == []
    return record


REPORT = (
    "Ngày 12/01/2024, tại Hội trường Sở Tư pháp, Khối thi đua số 3 tổ chức Hội nghị tổng kết công tác thi đua, "
    "khen thưởng năm 2023. Khối thi đua số 3 gồm: Sở Tư pháp (Khối trưởng), Sở Tài chính (Khối phó), "
    "Sở Lao động, Thương binh và Xã hội, Thanh tra tỉnh, Văn phòng UBND tỉnh.\n\n"
    "Dự hội nghị có ông Lê Minh Khoa, Phó Trưởng Ban Thi đua - Khen thưởng tỉnh. Hội nghị do bà Trần Thị Hạnh, "
    "Giám đốc Sở Tư pháp chủ trì, với sự tham gia của 5/5 đơn vị thành viên.\n\n"
    "Qua chấm điểm, Văn phòng UBND tỉnh đạt 978,5/1000 điểm, Sở Tài chính đạt 970 điểm. Hội nghị suy tôn "
    "Văn phòng UBND tỉnh là đơn vị dẫn đầu và đề nghị UBND tỉnh tặng Cờ thi đua của UBND tỉnh cho Văn phòng "
    "UBND tỉnh. Hội nghị đã bầu Sở Tài chính làm Khối trưởng, Thanh tra tỉnh làm Khối phó năm 2024."
)


@pytest.fixture(scope="module")
def report() -> dict:
    return rec(REPORT, title="Khối thi đua số 3 tổng kết công tác thi đua, khen thưởng năm 2023")


def test_relevant_and_bloc(report: dict) -> None:
    assert report["relevant"] is True
    assert report["bloc"]["name"] == "Khối thi đua số 3"
    assert report["bloc"]["kind"] == "khoi"
    assert report["bloc"]["number"] == 3


def test_event(report: dict) -> None:
    assert report["event"] == {"type": "tong_ket", "date": "2024-01-12", "year": 2023}


def test_members_keep_comma_names_and_drop_roles(report: dict) -> None:
    assert report["members"] == ["Sở Tư pháp", "Sở Tài chính", "Sở Lao động, Thương binh và Xã hội",
                                 "Thanh tra tỉnh", "Văn phòng UBND tỉnh"]


def test_officers_current_and_elected(report: dict) -> None:
    assert {(o["role"], o["unit"], o["year"]) for o in report["officers"]} == {
        ("truong", "Sở Tư pháp", 2023), ("pho", "Sở Tài chính", 2023),
        ("truong", "Sở Tài chính", 2024), ("pho", "Thanh tra tỉnh", 2024),
    }


def test_people_without_honorifics(report: dict) -> None:
    assert report["people"] == [
        {"name": "Lê Minh Khoa", "title": "Phó Trưởng Ban Thi đua - Khen thưởng tỉnh"},
        {"name": "Trần Thị Hạnh", "title": "Giám đốc Sở Tư pháp"},
    ]


def test_scores_with_decimal_comma_and_scale(report: dict) -> None:
    assert report["scores"] == [
        {"unit": "Văn phòng UBND tỉnh", "score": 978.5, "max": 1000.0},
        {"unit": "Sở Tài chính", "score": 970.0, "max": None},
    ]


def test_ranking_awards_attendance(report: dict) -> None:
    assert report["ranking"] == [{"unit": "Văn phòng UBND tỉnh", "rank": 1}]
    assert report["awards"] == [{"unit": "Văn phòng UBND tỉnh", "award": "Cờ thi đua của UBND tỉnh"}]
    assert report["attendance"] == {"present": 5, "total": 5}


def test_evidence_points_at_the_text(report: dict) -> None:
    ev = report["evidence"]
    assert len(ev["members"]) == len(report["members"])
    for (start, end), name in zip((spans[0] for spans in ev["members"]), report["members"]):
        assert REPORT[start:end] == name
    (start, end), = ev["scores"][0][:1]
    assert "978,5/1000 điểm" in REPORT[start:end]


@pytest.mark.parametrize(
    "title, number, kind",
    [
        ("Cụm thi đua số III tổ chức hội nghị tổng kết năm 2022", 3, "cum"),
        ("Khối thi đua XII ký kết giao ước thi đua năm 2021", 12, "khoi"),
        ("Khối 1 tổng kết công tác thi đua năm 2020", 1, "khoi"),
        ("Khối thi đua các cơ quan tham mưu II tổng kết năm 2019", 2, "khoi"),
        ("Khối thi đua các cơ quan Đảng tỉnh Khánh Hòa ký kết giao ước năm 2023", None, "khoi"),
    ],
)
def test_bloc_numbers_in_arabic_and_roman(title: str, number: int | None, kind: str) -> None:
    r = rec(f"{title}.\nSáng 15/3/2023, hội nghị đã diễn ra tại trụ sở đơn vị Khối trưởng.", title=title)
    assert r["relevant"] and r["bloc"]["number"] == number and r["bloc"]["kind"] == kind


def test_province_from_bloc_name() -> None:
    title = "Khối thi đua các cơ quan Đảng tỉnh Khánh Hòa ký kết giao ước năm 2023"
    r = rec(title + "\nNgày 20/2/2023, Khối thi đua các cơ quan Đảng tỉnh Khánh Hòa tổ chức ký kết giao ước.", title=title)
    assert r["bloc"]["province"] == "Khánh Hòa"
    assert r["event"]["type"] == "giao_uoc" and r["event"]["year"] == 2023


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        ("Ngày 08/3/2019, Khối thi đua số 2 tổng kết năm 2018.", None, "2019-03-08"),
        ("Sáng 15/1, Khối thi đua số 2 tổng kết năm 2019.", "20/01/2020", "2020-01-15"),
        ("Chiều ngày 21-3, Khối thi đua số 2 ký kết giao ước thi đua năm 2018.", None, "2018-03-21"),
        ("Ngày 24/12, Khối thi đua số 2 tổng kết năm 2021.", None, "2021-12-24"),
        ("Thực hiện Quyết định số 12/QĐ-UBND ngày 10/01/2019, vừa qua Khối thi đua số 2 tổng kết năm 2018.", None, None),
        ("KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2021 KHỐI THI ĐUA SỐ 2\n\nChiều ngày 12/4/2021 tại trụ sở, các đơn vị ký kết.", None,
         "2021-04-12"),
        ("Sáng nay, 26/5/2016 Khối thi đua số 2 ký giao ước thi đua năm 2016.", None, "2016-05-26"),
        ("Ngày 28/7, Khối thi đua số 2 tổng kết năm học 2020-2021.", None, "2021-07-28"),
    ],
)
def test_meeting_date_not_publication_date(sentence: str, published: str | None, expected: str | None) -> None:
    r = rec(sentence, title="Khối thi đua số 2 tổ chức hội nghị", published=published)
    assert r["event"]["date"] == expected


def test_review_and_next_year_pact_is_tong_ket_of_reviewed_year() -> None:
    title = "Khối thi đua số 5 tổng kết năm 2019 và ký kết giao ước thi đua năm 2020"
    r = rec(title + ".\nNgày 10/1/2020, hội nghị diễn ra.", title=title)
    assert r["event"]["type"] == "tong_ket" and r["event"]["year"] == 2019


def test_school_year_takes_its_first_year() -> None:
    title = "Cụm thi đua số 4 tổng kết năm học 2017-2018"
    r = rec(title + ".\nNgày 20/7/2018, các trường trong Cụm thi đua số 4 họp tổng kết.", title=title)
    assert r["event"]["year"] == 2017


def test_shared_head_noun_is_written_out() -> None:
    text = ("Ngày 5/1/2022, Khối thi đua số 6 tổng kết năm 2021. Khối gồm các sở: Nội vụ, Tài chính, Y tế "
            "và Ban Dân tộc tỉnh.")
    r = rec(text, title="Khối thi đua số 6 tổng kết năm 2021")
    assert r["members"][:3] == ["Sở Nội vụ", "Sở Tài chính", "Sở Y tế"]


def test_elected_with_bau_chon_and_thong_nhat_chon() -> None:
    text = ("Ngày 9/12/2022, Cụm thi đua số 1 tổng kết năm 2022. Các thành viên thống nhất chọn Sở Y tế "
            "làm Cụm trưởng và Sở Xây dựng làm Cụm phó năm 2023.")
    r = rec(text, title="Cụm thi đua số 1 tổng kết năm 2022")
    assert {(o["role"], o["unit"], o["year"]) for o in r["officers"]} == {
        ("truong", "Sở Y tế", 2023), ("pho", "Sở Xây dựng", 2023)}
    assert set(r["members"]) == {"Sở Y tế", "Sở Xây dựng"}


def test_title_before_name_and_rank_dropped() -> None:
    text = ("Ngày 3/3/2021, Cụm thi đua số 2 ký kết giao ước thi đua năm 2021. Dự hội nghị có Phó Chủ tịch UBND "
            "tỉnh Nguyễn Văn Bình và Đại tá Hoàng Văn Tâm - Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh.")
    r = rec(text, title="Cụm thi đua số 2 ký kết giao ước thi đua năm 2021")
    assert {"name": "Nguyễn Văn Bình", "title": "Phó Chủ tịch UBND tỉnh"} in r["people"]
    assert {"name": "Hoàng Văn Tâm", "title": "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh"} in r["people"]


def test_bloc_role_is_not_part_of_a_title() -> None:
    text = ("Ngày 7/2/2018, Khối thi đua Nội chính ký kết giao ước thi đua năm 2018. Đồng chí Ma Văn Thành, "
            "Giám đốc Sở Nội vụ – Trưởng Khối phát biểu tại hội nghị.")
    r = rec(text, title="Khối thi đua Nội chính ký kết giao ước thi đua năm 2018")
    assert r["people"] == [{"name": "Ma Văn Thành", "title": "Giám đốc Sở Nội vụ"}]
    assert r["officers"] == [{"role": "truong", "unit": "Sở Nội vụ", "year": 2018}]


def test_aggregate_scores_are_not_scores() -> None:
    text = ("Ngày 5/1/2022, Khối thi đua số 6 tổng kết năm 2021. Có 3/7 đơn vị đạt từ 95 điểm trở lên; tỉnh Long An có đến 8 điểm du lịch; "
            "các đơn vị đều đạt trên 90 điểm.")
    r = rec(text, title="Khối thi đua số 6 tổng kết năm 2021")
    assert r["scores"] == [] and r["attendance"] is None


def test_ranking_nhat_nhi_ba() -> None:
    text = ("Ngày 5/1/2022, Khối thi đua số 6 tổng kết năm 2021. Kết quả, Sở Y tế xếp hạng nhất, "
            "Sở Xây dựng xếp hạng nhì, Sở Công Thương xếp hạng ba.")
    r = rec(text, title="Khối thi đua số 6 tổng kết năm 2021")
    assert r["ranking"] == [{"unit": "Sở Y tế", "rank": 1}, {"unit": "Sở Xây dựng", "rank": 2},
                            {"unit": "Sở Công Thương", "rank": 3}]


def test_passing_mention_is_not_relevant() -> None:
    text = ("Sáng 3/4/2023, Sở Y tế tổ chức lễ đón nhận Huân chương Lao động hạng Nhì. Năm qua, Sở là đơn vị "
            "tích cực trong các phong trào của tỉnh.")
    r = rec(text, title="Sở Y tế đón nhận Huân chương Lao động")
    assert r["relevant"] is False and r["members"] == [] and r["bloc"]["name"] is None


def test_decomposed_unicode_and_old_tone_marks_give_the_same_record() -> None:
    text = ("Ngày 5/1/2022, Khối thi đua số 6 tổng kết năm 2021. Khối gồm: Sở Văn hoá và Thể thao, "
            "Sở Y tế, Sở Tài chính.")
    title = "Khối thi đua số 6 tổng kết năm 2021"
    composed = rec(text, title=title)
    decomposed = rec(unicodedata.normalize("NFD", text), title=unicodedata.normalize("NFD", title))
    for key in ("relevant", "bloc", "event"):
        assert composed[key] == decomposed[key]
    assert decomposed["members"][0] == "Sở Văn hóa và Thể thao"
    # Evidence still points into the decomposed original.
    start, end = decomposed["evidence"]["members"][1][0]
    assert unicodedata.normalize("NFC", unicodedata.normalize("NFD", text)[start:end]) == "Sở Y tế"


def _officers(r: dict) -> set[tuple]:
    return {(o["role"], o["unit"], o["year"]) for o in r["officers"]}


def test_handover_names_the_new_head_after_cho() -> None:
    text = ("Chiều 3/12/2020, Cụm thi đua số 7 họp tổng kết năm 2020; cuối buổi, hội nghị bàn giao đơn vị Cụm trưởng "
            "năm 2021 từ Sở Tư pháp tỉnh Gia Lai cho Sở Tư pháp tỉnh Kon Tum.")
    r = rec(text, title="Cụm thi đua số 7 tổng kết năm 2020")
    assert ("truong", "Sở Tư pháp tỉnh Kon Tum", 2021) in _officers(r)
    assert not any(o["unit"] == "Sở Tư pháp tỉnh Gia Lai" and o["year"] == 2021 for o in r["officers"])


def test_respectively_and_numbered_deputies() -> None:
    text = ("Ngày 9/1/2023, Khối thi đua Kinh tế tổng kết năm 2022. Trưởng khối, Phó khối năm 2023 "
            "lần lượt là các sở: Tài nguyên và Môi trường; Kế hoạch và Đầu tư.\n"
            "– Khối phó 1 là Sở Y tế và Khối phó 2 là Sở Xây dựng.")
    r = rec(text, title="Khối thi đua Kinh tế tổng kết năm 2022")
    officers = _officers(r)
    assert ("truong", "Sở Tài nguyên và Môi trường", 2023) in officers
    assert ("pho", "Sở Kế hoạch và Đầu tư", 2023) in officers
    assert {("pho", "Sở Y tế"), ("pho", "Sở Xây dựng")} <= {(o[0], o[1]) for o in officers}


def test_role_then_bloc_name_then_unit() -> None:
    text = ("Ngày 28/11/2021, Cụm thi đua số 9, Bộ Tư pháp tổng kết năm 2021. Các thành viên bầu đơn vị Cụm trưởng "
            "Cụm thi đua số 9, Bộ Tư pháp năm 2022 là Sở Tư pháp tỉnh Cà Mau, đơn vị Cụm phó là Sở Tư pháp tỉnh Bạc Liêu.")
    r = rec(text, title="Cụm thi đua số 9 tổng kết năm 2021")
    assert ("truong", "Sở Tư pháp tỉnh Cà Mau", 2022) in _officers(r)
    assert ("pho", "Sở Tư pháp tỉnh Bạc Liêu", 2022) in _officers(r)


def test_awards_to_a_list_and_to_the_unit_before() -> None:
    text = ("Ngày 10/1/2021, Khối thi đua số 7 tổng kết năm 2020. Dịp này, Chủ tịch tỉnh trao Bằng khen UBND tỉnh cho "
            "03 tập thể: Sở Y tế; Sở Xây dựng; Ban Dân tộc. Hội nghị suy tôn Sở Tư pháp là đơn vị dẫn đầu để đề nghị "
            "Chính phủ tặng Cờ thi đua của Chính phủ.")
    r = rec(text, title="Khối thi đua số 7 tổng kết năm 2020")
    awarded = {(a["unit"], a["award"].split()[0]) for a in r["awards"]}
    assert {("Sở Y tế", "Bằng"), ("Sở Xây dựng", "Bằng"), ("Ban Dân tộc", "Bằng"), ("Sở Tư pháp", "Cờ")} <= awarded
    assert {"unit": "Sở Tư pháp", "rank": 1} in r["ranking"]


def test_ranking_thuoc_ve_and_own_ranks_in_a_list() -> None:
    text = ("Ngày 12/1/2019, Cụm thi đua số 4 tổng kết năm 2018: hạng nhất là tỉnh Ninh Thuận, "
            "hạng nhì thuộc về tỉnh Bình Thuận, tỉnh Khánh Hòa xếp hạng ba.")
    r = rec(text, title="Cụm thi đua số 4 tổng kết năm 2018")
    assert {(x["unit"], x["rank"]) for x in r["ranking"]} >= {("tỉnh Bình Thuận", 2), ("tỉnh Khánh Hòa", 3)}
    assert ("tỉnh Khánh Hòa", 2) not in {(x["unit"], x["rank"]) for x in r["ranking"]}


def test_place_list_with_a_shared_head_before_cac_tinh() -> None:
    text = ("Ngày 5/7/2016, Cụm thi đua số 7 gồm kho bạc 4 tỉnh: Sơn La, Lai Châu, Điện Biên và Hòa Bình "
            "họp sơ kết công tác thi đua 6 tháng đầu năm 2016 tại Điện Biên.")
    r = rec(text, title="Cụm thi đua số 7 sơ kết 6 tháng đầu năm 2016")
    assert r["event"]["type"] == "so_ket" and r["bloc"]["province"] is None
    assert [m.lower() for m in r["members"]] == [f"kho bạc tỉnh {p}".lower() for p in
                                                 ("Sơn La", "Lai Châu", "Điện Biên", "Hòa Bình")]


def test_tag_page_of_several_blocs_is_not_relevant() -> None:
    text = ("Ngày 8/4, Khối thi đua số 5 họp bàn kế hoạch năm 2024.\n"
            "Chiều 21/6, Sở Y tế tổ chức tập huấn phòng chống dịch.\n"
            "Sáng 30/11, Cụm thi đua các huyện miền núi tổ chức hội nghị tổng kết năm 2023.")
    assert rec(text)["relevant"] is False


def test_a_guideline_about_blocs_is_not_relevant() -> None:
    title = "Hướng dẫn 12/HD-BTĐKT về tổ chức hoạt động của Khối thi đua các bộ, ngành"
    text = title + ". Khối thi đua các bộ, ngành tổ chức hội nghị tổng kết vào tháng 12 hằng năm."
    assert rec(text, title=title)["relevant"] is False


def test_members_in_brackets_after_the_bloc_name() -> None:
    text = ("Sáng 14/07/2021 ở Huế, Cụm thi đua số IV (06 tỉnh Khánh Hòa, Phú Yên, Đà Nẵng, Bình Định, Quảng Ngãi, "
            "Quảng Nam) đã họp sơ kết công tác thi đua nửa đầu năm 2021.")
    r = rec(text, title="Cụm thi đua số IV sơ kết 6 tháng đầu năm 2021")
    assert r["members"] == ["Khánh Hòa", "Phú Yên", "Đà Nẵng", "Bình Định", "Quảng Ngãi", "Quảng Nam"]
    assert r["event"] == {"type": "so_ket", "date": "2021-07-14", "year": 2021}


def test_a_shared_head_that_continues_into_the_first_item() -> None:
    text = ("Ngày 2/12/2022, Cụm thi đua số 5 gồm 3 trường chính trị tỉnh Kiên Giang, An Giang, Cà Mau "
            "họp tổng kết năm 2022.")
    r = rec(text, title="Cụm thi đua số 5 tổng kết năm 2022")
    assert [m.lower() for m in r["members"]] == ["trường chính trị tỉnh kiên giang", "trường chính trị tỉnh an giang",
                                                 "trường chính trị tỉnh cà mau"]


def test_head_of_a_place_bound_unit_carries_to_bare_places() -> None:
    text = ("Ngày 4/1/2019, Cụm thi đua số 2 gồm 4 đơn vị: Huyện ủy Mường Tè, Sìn Hồ, Phong Thổ và Thành ủy Lai Châu "
            "họp tổng kết thi đua năm 2018.")
    r = rec(text, title="Cụm thi đua số 2 tổng kết năm 2018")
    assert r["members"] == ["Huyện ủy Mường Tè", "Huyện ủy Sìn Hồ", "Huyện ủy Phong Thổ", "Thành ủy Lai Châu"]


def test_a_name_with_va_inside_a_list_is_one_member() -> None:
    text = ("Ngày 5/5/2022, Cụm thi đua số 1 tổng kết năm 2021. Các đơn vị thành viên trong Cụm: "
            "Trung tâm Ứng dụng và Chuyển giao công nghệ tỉnh Phú Yên; Trung tâm Ứng dụng và Chuyển giao công nghệ tỉnh Bình Định.")
    r = rec(text, title="Cụm thi đua số 1 tổng kết năm 2021")
    assert r["members"] == ["Trung tâm Ứng dụng và Chuyển giao công nghệ tỉnh Phú Yên",
                            "Trung tâm Ứng dụng và Chuyển giao công nghệ tỉnh Bình Định"]


def test_awards_to_places_under_a_shared_head_and_a_vote_scoped_to_its_clause() -> None:
    text = ("Ngày 20/12/2019, Cụm thi đua số 6 tổng kết năm 2019. Hội nghị bình xét, suy tôn đề nghị Chính phủ tặng "
            "Cờ thi đua cho Thanh tra tỉnh Gia Lai; Thanh tra Chính phủ tặng Cờ thi đua cho Thanh tra 2 tỉnh: Kon Tum, "
            "Đắk Nông.")
    r = rec(text, title="Cụm thi đua số 6 tổng kết năm 2019")
    assert [a["unit"] for a in r["awards"]] == ["Thanh tra tỉnh Gia Lai", "Thanh tra tỉnh Kon Tum", "Thanh tra tỉnh Đắk Nông"]
    assert r["ranking"] == [{"unit": "Thanh tra tỉnh Gia Lai", "rank": 1}]


def test_a_name_with_a_lower_case_typo_after_an_honorific() -> None:
    text = ("Ngày 6/3/2020, Khối thi đua số 3 tổng kết năm 2019. Chủ trì hội nghị là ông Lâm Quốc tuấn, "
            "Phó Giám đốc Sở Tư pháp.")
    r = rec(text, title="Khối thi đua số 3 tổng kết năm 2019")
    assert r["people"] == [{"name": "Lâm Quốc tuấn", "title": "Phó Giám đốc Sở Tư pháp"}]


@pytest.mark.parametrize(
    "text, province",
    [
        ("Ngày 8/1/2024, Khối thi đua số 3 thành phố Cần Thơ tổ chức hội nghị tổng kết năm 2023.", "Cần Thơ"),
        ("Ngày 8/1/2024, Khối thi đua các cơ quan nội chính và tư pháp III tỉnh Bến Tre tổ chức tổng kết năm 2023.",
         "Bến Tre"),
        ("Ngày 8/1/2024, Khối thi đua số 2 (các sở, ngành thuộc lĩnh vực kinh tế tỉnh Bình Phước) tổng kết năm 2023.",
         "Bình Phước"),
        ("Ngày 8/1/2024, Cụm thi đua 5 tỉnh Tây Nguyên tổ chức hội nghị tổng kết năm 2023.", None),
    ],
)
def test_province_of_the_bloc(text: str, province: str | None) -> None:
    assert rec(text, title="Hội nghị tổng kết năm 2023")["bloc"]["province"] == province
