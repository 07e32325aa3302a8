"""The comparison rules of CODEBOOK.md section 3."""

from __future__ import annotations

import pytest

from pipeline.evaluate.match import match_one_to_one, names_match, titles_match, units_match
from pipeline.evaluate.score import score_records
from pipeline.record import empty_record


@pytest.mark.parametrize(
    "a, b",
    [
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở LĐ-TB&XH", "Sở Lao động, Thương binh và Xã hội"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở Văn hoá và Thể thao", "Sở Văn hóa và Thể thao"),
        ("xã Hòa Lạc", "Hòa Lạc"),
        ("Sở Nội vụ tỉnh Kiên Giang", "Sở Nội vụ"),
        ("Sở Nôi vụ", "Sở Nội vụ"),
        ("Văn phòng Đoàn ĐBQH tỉnh", "Văn phòng Đoàn Đại biểu Quốc hội"),
    ],
)
def test_units_that_match(a: str, b: str) -> None:
    assert units_match(a, b) and units_match(b, a)


@pytest.mark.parametrize(
    "a, b",
    [("Sở Tư pháp", "Sở Tài chính"), ("Sở Nội vụ tỉnh Kiên Giang", "Sở Nội vụ tỉnh An Giang"), ("Sở Y tế", "")],
)
def test_units_that_do_not_match(a: str, b: str) -> None:
    assert not units_match(a, b)


def test_names_and_titles() -> None:
    assert names_match("Huỳnh Thanh hải", "Huỳnh Thanh Hải")
    assert not names_match("Huỳnh Thanh Hải", "Huỳnh Thanh Hà")
    assert titles_match("Phó Giám đốc Sở Ngoại vụ", "Phó Giám đốc Sở Ngoại vụ.")
    assert titles_match(None, None) and not titles_match(None, "Giám đốc")


def test_one_to_one_matching_is_maximal() -> None:
    # Greedy would pair gold 0 with got 0 and leave gold 1 unmatched.
    pairs = match_one_to_one(["a", "b"], ["ab", "a"], lambda g, e: g in e)
    assert pairs == [(0, 1), (1, 0)]


def _record(**kw):
    r = empty_record("x")
    r.update(relevant=True, bloc={"name": "Khối 1", "kind": "khoi", "number": 1, "province": None},
             event={"type": "tong_ket", "date": "2020-01-05", "year": 2019})
    r.update(kw)
    return r


def test_scores_micro_average_and_macro() -> None:
    gold = {"x": _record(members=["Sở Y tế", "Sở Tư pháp"], ranking=[{"unit": "Sở Y tế", "rank": 1}])}
    got = {"x": _record(members=["Sở Y tế", "Sở Xây dựng"], ranking=[{"unit": "Sở Y tế", "rank": 2}])}
    s = score_records(gold, got)
    m = s.lists["members"]
    assert (m.tp, m.gold, m.got) == (1, 2, 2) and m.f1 == pytest.approx(0.5)
    assert s.lists["ranking"].f1 == 0.0
    figures = s.figures()
    assert "scores" not in figures  # no items on either side: left out of the macro
    assert s.macro == pytest.approx(sum(figures.values()) / len(figures))
    assert any("members: missed Sở Tư pháp" in e for e in s.articles[0].errors)


def test_missing_extraction_counts_as_empty() -> None:
    s = score_records({"x": _record(members=["Sở Y tế"])}, {})
    assert s.missing == ["x"] and s.relevant.value == 0.0 and s.lists["members"].recall == 0.0
